/* SPDX-License-Identifier: MIT */
/*
 * Hostile descriptors (run with tests=hostile_descriptors): a GDT with
 * DPL-0 code and data and a call gate, call gates aimed at the
 * hypervisor's code selector, TSS, LDT and interrupt-gate descriptors,
 * descriptor writes into page tables and frames that are not ours, far
 * transfers to the hypervisor's selectors. A PV kernel runs at CPL 3, so
 * Xen raises DPL 0 to 3, forces call gates to DPL 0 (every use traps),
 * and refuses gates into its own selectors and every system descriptor
 * that would hand the guest a TSS, an LDT or an interrupt gate.
 */
#include "hostile.h"
#include "hypercall.h"

#include <public/errno.h>

#define E(x) (-XEN_##x)

#define DESC_CODE64_DPL0 0x00af9a000000ffffUL
#define DESC_DATA_DPL0 0x00cf92000000ffffUL
#define DESC_TSS 0x0000890000000067UL
#define DESC_LDT 0x0000820000000fffUL
#define DESC_DPL(d) (((d) >> 45) & 3)
#define HV_CS 0xe008 /* the hypervisor's ring-0 code */
#define HV_DS 0xe010 /* and data */

/* The low half of a 64-bit gate of type 0xc/0xe/0xf, present, DPL 3. */
static uint64_t gate(unsigned int type, unsigned int sel, unsigned long off)
{
	return (off & 0xffff) | ((uint64_t)sel << 16) |
	       ((uint64_t)(0x80 | (3 << 5) | type) << 40) |
	       (((off >> 16) & 0xffff) << 48);
}

static uint64_t maddr_of(const void *page, unsigned int index)
{
	return ((uint64_t)virt_to_mfn(page) << PAGE_SHIFT) + index * 8;
}

/* Access rights of sel as the CPU sees them at CPL 3 (lar), or ~0. */
static unsigned long lar(unsigned int sel)
{
	unsigned long ar = ~0UL;

	__asm__ __volatile__("lar %1, %0" : "+r"(ar) : "r"((unsigned long)sel));
	return ar;
}

struct far_ptr {
	uint32_t offset;
	uint16_t sel;
} __attribute__((packed));

static void far_call(void *arg)
{
	__asm__ __volatile__("lcall *(%0)" ::"r"(arg) : "memory");
}

static void far_jump(void *arg)
{
	__asm__ __volatile__("ljmp *(%0)" ::"r"(arg) : "memory");
}

static void load_es(void *arg)
{
	__asm__ __volatile__("mov %0, %%es" ::"r"(*(unsigned int *)arg));
}

/*
 * An LDT the guest writes itself: descriptors at linear address 0, which
 * is where a CPU's LDT register points from reset until someone loads it.
 * If the hypervisor never loads a null LDT, a guest that maps page 0 gets
 * its own descriptors used - a DPL-3 call gate into the hypervisor's code
 * selector would run guest code at CPL 0. With a null LDT register every
 * LDT selector is a #GP.
 */
#define LDT_DATA_SEL (1 * 8 | 4 | 3)
#define LDT_GATE_SEL (2 * 8 | 4 | 3)

static void attack_ldt_at_zero(uint64_t *ldt)
{
	uint64_t *l3 = pfn_to_virt(
		mfn_to_pfn((kernel_l4[0] & PTE_ADDR_MASK) >> PAGE_SHIFT));
	uint64_t *l2 =
		pfn_to_virt(mfn_to_pfn((l3[0] & PTE_ADDR_MASK) >> PAGE_SHIFT));
	uint64_t *l1 = alloc_page();
	struct far_ptr fp = { 0, LDT_GATE_SEL };
	unsigned int sel = LDT_DATA_SEL;
	struct caught c;
	long rc;

	ldt[1] = 0x00cff3000000ffffUL; /* flat data, DPL 3 */
	ldt[2] = gate(0xc, HV_CS, (unsigned long)ring0_probe);
	ldt[3] = (unsigned long)ring0_probe >> 32;
	l1[0] = ((uint64_t)virt_to_mfn(ldt) << PAGE_SHIFT) | PTE_KERNEL_RW;
	rc = set_page_readonly(l1, true);
	if (!rc)
		rc = mmu_update_one(maddr_of(l2, 0),
				    ((uint64_t)virt_to_mfn(l1) << PAGE_SHIFT) |
					    PT_UPPER_FLAGS);
	if (rc) {
		attack_unexpected("ldt_at_address_zero",
				  "mapping page 0 returned %s", errno_name(rc));
		return;
	}
	catch_traps(load_es, &sel, &c);
	attack_trap("ldt_at_address_zero", &c, 13, ~0UL, LDT_DATA_SEL & ~3,
		    NULL);
	sel = 0;
	load_es(&sel);
	ring0_cs = 0;
	catch_traps(far_call, &fp, &c);
	attack_trap("ldt_call_gate_to_hypervisor", &c, 13, ~0UL,
		    LDT_GATE_SEL & ~3,
		    ring0_cs ? damage("our code ran with %%cs %#x", ring0_cs) :
			       NULL);
	mmu_update_one(maddr_of(l2, 0), 0);
	if (!set_page_readonly(l1, false))
		free_page(l1);
}

static void attack_far_transfers(void)
{
	struct far_ptr fp = { (uint32_t)(unsigned long)iret_landing, HV_CS };
	unsigned int sel = HV_DS;
	struct caught c;

	catch_traps(far_jump, &fp, &c);
	attack_trap("far_jump_hypervisor_cs", &c, 13, ~0UL, HV_CS, NULL);
	catch_traps(far_call, &fp, &c);
	attack_trap("far_call_hypervisor_cs", &c, 13, ~0UL, HV_CS, NULL);
	catch_traps(load_es, &sel, &c);
	attack_trap("load_hypervisor_data_selector", &c, 13, ~0UL, HV_DS, NULL);
	sel = 0;
	load_es(&sel);
}

/* Our GDT page: installed, then attacked through update_descriptor. */
static void attack_installed_gdt(uint64_t *gdt)
{
	struct far_ptr fp = { 0, 3 * 8 | 3 };
	struct caught c;
	long rc;

	/* Entry 1 DPL-0 code, 2 DPL-0 data, 3-4 a DPL-3 call gate to 1. */
	attack_defused("gdt_dpl0_code",
		       DESC_DPL(gdt[1]) != 3 || ((lar(0x0b) >> 13) & 3) != 3 ?
			       damage("entry 1 reads %#lx, lar %#lx", gdt[1],
				      lar(0x0b)) :
			       NULL,
		       "accepted with DPL raised to 3");
	attack_defused("gdt_dpl0_data",
		       DESC_DPL(gdt[2]) != 3 ?
			       damage("entry 2 reads %#lx", gdt[2]) :
			       NULL,
		       "accepted with DPL raised to 3");
	/* The gate's DPL is forced to 0 (kept in the target's RPL). */
	attack_defused("gdt_call_gate_dpl3",
		       DESC_DPL(gdt[3]) != 0 || ((gdt[3] >> 16) & 3) != 3 ?
			       damage("entry 3 reads %#lx", gdt[3]) :
			       NULL,
		       "accepted with the gate's DPL forced to 0");
	catch_traps(far_call, &fp, &c);
	attack_trap("call_gate_use", &c, 13, ~0UL, 3 * 8, NULL);

	rc = HYPERVISOR_update_descriptor(maddr_of(gdt, 5),
					  gate(0xc, HV_CS, HV_TEXT));
	attack_rc("update_descriptor_gate_to_hypervisor", rc, E(EINVAL),
		  gdt[5] ? damage("entry 5 reads %#lx", gdt[5]) : NULL);
	rc = HYPERVISOR_update_descriptor(maddr_of(gdt, 6), DESC_TSS);
	attack_rc("update_descriptor_tss", rc, E(EINVAL),
		  gdt[6] ? damage("entry 6 reads %#lx", gdt[6]) : NULL);
	rc = HYPERVISOR_update_descriptor(maddr_of(gdt, 6), DESC_LDT);
	attack_rc("update_descriptor_ldt", rc, E(EINVAL),
		  gdt[6] ? damage("entry 6 reads %#lx", gdt[6]) : NULL);
	rc = HYPERVISOR_update_descriptor(maddr_of(gdt, 6),
					  gate(0xe, 0x08, HV_TEXT));
	attack_rc("update_descriptor_interrupt_gate", rc, E(EINVAL),
		  gdt[6] ? damage("entry 6 reads %#lx", gdt[6]) : NULL);
	rc = HYPERVISOR_update_descriptor(maddr_of(gdt, 6),
					  gate(0xf, 0x08, HV_TEXT));
	attack_rc("update_descriptor_trap_gate", rc, E(EINVAL),
		  gdt[6] ? damage("entry 6 reads %#lx", gdt[6]) : NULL);
	rc = HYPERVISOR_update_descriptor(maddr_of(gdt, 7), DESC_CODE64_DPL0);
	if (rc)
		attack_unexpected("update_descriptor_dpl0_code", "%s",
				  errno_name(rc));
	else
		attack_defused("update_descriptor_dpl0_code",
			       DESC_DPL(gdt[7]) != 3 ?
				       damage("entry 7 reads %#lx", gdt[7]) :
				       NULL,
			       "accepted with DPL raised to 3");
	rc = HYPERVISOR_update_descriptor(maddr_of(gdt, 6) + 4, DESC_DATA_DPL0);
	attack_rc("update_descriptor_unaligned", rc, E(EINVAL), NULL);
}

static void attack_update_descriptor(unsigned long foreign)
{
	uint64_t before = user_l1[8];
	long rc;

	rc = HYPERVISOR_update_descriptor((uint64_t)foreign << PAGE_SHIFT,
					  DESC_DATA_DPL0);
	attack_rc("update_descriptor_foreign_frame", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_update_descriptor(maddr_of(user_l1, 8), 0);
	attack_rc("update_descriptor_into_page_table", rc, E(EINVAL),
		  user_l1[8] != before ?
			  damage("user L1 entry 8 is now %#lx", user_l1[8]) :
			  NULL);
	rc = HYPERVISOR_update_descriptor(~7UL, 0);
	attack_rc("update_descriptor_beyond_ram", rc, E(EINVAL), NULL);
}

static void attack_set_gdt(unsigned long foreign, uint64_t *bad)
{
	xen_pfn_t frame;
	uint64_t before = user_l1[0], b1 = bad[1];
	long rc;

	rc = HYPERVISOR_set_gdt((const xen_pfn_t *)HV_TEXT, 16);
	attack_rc("set_gdt_from_hypervisor", rc, E(EFAULT), NULL);
	frame = virt_to_mfn(bad);
	rc = HYPERVISOR_set_gdt(&frame, 7169);
	attack_rc("set_gdt_too_many_entries", rc, E(EINVAL), NULL);
	frame = foreign;
	rc = HYPERVISOR_set_gdt(&frame, 16);
	attack_rc("set_gdt_foreign_frame", rc, E(EINVAL), NULL);
	frame = user_l1_mfn;
	rc = HYPERVISOR_set_gdt(&frame, 16);
	attack_rc("set_gdt_page_table", rc, E(EINVAL),
		  user_l1[0] != before ? damage("the user L1 changed") : NULL);
	/* A whole frame is refused for one gate into the hypervisor. */
	frame = virt_to_mfn(bad);
	rc = HYPERVISOR_set_gdt(&frame, 16);
	attack_rc("set_gdt_gate_to_hypervisor", rc, E(EINVAL),
		  bad[1] != b1 || ((lar(0x0b) >> 13) & 3) != 3 ?
			  damage("entry 1 %#lx, lar %#lx", bad[1], lar(0x0b)) :
			  NULL);
}

static const char *test_hostile_descriptors(void)
{
	unsigned long foreign = foreign_mfn();
	uint64_t *gdt = alloc_page(), *bad = alloc_page(), *ldt = alloc_page();
	xen_pfn_t frame = virt_to_mfn(gdt);
	long rc;

	if (!mm_ready() || !foreign)
		return fail("needs our page tables and a frame not ours");
	gdt[1] = DESC_CODE64_DPL0;
	gdt[2] = DESC_DATA_DPL0;
	gdt[3] = gate(0xc, 0x08, (unsigned long)iret_landing);
	bad[1] = gate(0xc, HV_CS, HV_TEXT);
	rc = set_page_readonly(gdt, true);
	if (!rc)
		rc = set_page_readonly(bad, true);
	if (!rc)
		rc = HYPERVISOR_set_gdt(&frame, 16);
	if (rc)
		return fail("installing our GDT returned %ld", rc);

	attack_installed_gdt(gdt);
	attack_update_descriptor(foreign);
	attack_set_gdt(foreign, bad);
	attack_far_transfers();
	attack_ldt_at_zero(ldt);

	rc = HYPERVISOR_set_gdt(&frame, 0);
	if (!rc)
		rc = set_page_readonly(gdt, false);
	if (!rc)
		rc = set_page_readonly(bad, false);
	if (rc)
		return fail("giving back our GDT frames returned %ld", rc);
	free_page(gdt);
	free_page(bad);
	free_page(ldt);
	return attacks_verdict();
}
DEFINE_REQUEST_TEST(94, "hostile_descriptors", test_hostile_descriptors);
