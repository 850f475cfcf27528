/* SPDX-License-Identifier: MIT */
/*
 * Hostile page-table hypercalls (run with tests=hostile_memory):
 * mmu_update, mmuext_op and update_va_mapping asked to map frames we do
 * not own, to map our own tables writable, to write the hypervisor's L4
 * slots, to build superpages and writable self-maps, to pin, load, clear
 * or copy frames that are not ours, and batches read from hypervisor
 * memory or far beyond their buffers. After each, the tables are read
 * back through our own read-only mappings: nothing may have changed.
 */
#include "hostile.h"
#include "hypercall.h"

#include <public/errno.h>

#define E(x) (-XEN_##x)
#define MISSING_DOMAIN 999

#define EDGE_SLOT (HOSTILE_SLOT + 16)
#define HOLE_SLOT (EDGE_SLOT + 1) /* left empty by hostile_edge_setup */
#define TARGET_SLOT (HOSTILE_SLOT + 18)
#define _PAGE_PSE (1UL << 7)

static char edge_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static void *edge(size_t n)
{
	return (char *)hostile_va(EDGE_SLOT) + PAGE_SIZE - n;
}

static uint64_t ma_of(const void *table, unsigned int index)
{
	return ((uint64_t)virt_to_mfn(table) << PAGE_SHIFT) + index * 8;
}

/* The next table down from entry e of a table of ours. */
static uint64_t *table_of(uint64_t e)
{
	return pfn_to_virt(mfn_to_pfn((e & PTE_ADDR_MASK) >> PAGE_SHIFT));
}

static const char *target_mapped(void)
{
	uint64_t v;

	if (fixmap_l1[TARGET_SLOT])
		return damage("the fixmap entry reads %#lx",
			      fixmap_l1[TARGET_SLOT]);
	if (probe_read((void *)hostile_va(TARGET_SLOT), &v, NULL, NULL))
		return damage("the target slot reads %#lx", v);
	return NULL;
}

static long mmu1(uint64_t ptr, uint64_t val, unsigned int foreigndom)
{
	struct mmu_update u = { .ptr = ptr, .val = val };

	return HYPERVISOR_mmu_update(&u, 1, NULL, foreigndom);
}

static const char *entry_changed(const uint64_t *table, unsigned int i,
				 uint64_t old)
{
	return table[i] != old ? damage("entry %u is now %#lx", i, table[i]) :
				 NULL;
}

static void attack_mmu_update(unsigned long foreign)
{
	uint64_t slot_ma = ma_of(fixmap_l1, TARGET_SLOT);
	uint64_t *l3 = table_of(kernel_l4[511]);
	uint64_t *l2 = table_of(l3[510]);
	struct mmu_update *last = edge(sizeof(*last));
	unsigned int done = 0;
	struct m2p_watch w;
	uint64_t old;
	void *p;
	long rc;

	rc = HYPERVISOR_mmu_update((void *)HV_TEXT, 1, NULL, DOMID_SELF);
	attack_rc("mmu_update_from_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_mmu_update((void *)NONCANONICAL, 1, NULL, DOMID_SELF);
	attack_rc("mmu_update_noncanonical", rc, E(EFAULT), NULL);
	/* One harmless request, then a hole, and a count of 2^31 - 1. */
	last->ptr = slot_ma;
	last->val = 0;
	rc = HYPERVISOR_mmu_update(last, 0x7fffffff, &done, DOMID_SELF);
	attack_rc("mmu_update_huge_count", rc, E(EFAULT),
		  done != 1 ? damage("done = %u", done) : NULL);
	/* Xen ignores a done pointer it cannot write; nothing is written. */
	p = m2p_target(&w);
	rc = HYPERVISOR_mmu_update(last, 0, p, DOMID_SELF);
	attack_rc("mmu_update_done_into_m2p", rc, 0, m2p_changed(&w));

	rc = mmu1(slot_ma, ((uint64_t)foreign << PAGE_SHIFT) | PTE_KERNEL_RO,
		  DOMID_SELF);
	attack_rc("mmu_update_map_foreign_frame", rc, E(EBUSY),
		  target_mapped());
	rc = mmu1(((uint64_t)foreign << PAGE_SHIFT) | MMU_NORMAL_PT_UPDATE,
		  0x1234, DOMID_SELF);
	attack_rc("mmu_update_write_foreign_frame", rc, E(EINVAL), NULL);
	rc = mmu1(slot_ma,
		  ((uint64_t)kernel_l4_mfn << PAGE_SHIFT) | PTE_KERNEL_RW,
		  DOMID_SELF);
	attack_rc("mmu_update_map_l4_writable", rc, E(EBUSY), target_mapped());

	/* Slot 260: the hypervisor's per-domain area (GDT windows). */
	old = kernel_l4[260];
	rc = mmu1(ma_of(kernel_l4, 260), kernel_l4[511], DOMID_SELF);
	attack_rc("mmu_update_hypervisor_l4_slot", rc, E(EINVAL),
		  entry_changed(kernel_l4, 260, old));
	/* A writable self-map would make the L4 writable through itself. */
	old = kernel_l4[300];
	rc = mmu1(ma_of(kernel_l4, 300),
		  ((uint64_t)kernel_l4_mfn << PAGE_SHIFT) | PT_UPPER_FLAGS,
		  DOMID_SELF);
	attack_rc("mmu_update_l4_self_map_writable", rc, E(EINVAL),
		  entry_changed(kernel_l4, 300, old));
	/* A 2 MiB superpage over memory that is not ours. */
	old = l2[500];
	rc = mmu1(ma_of(l2, 500),
		  (((uint64_t)foreign << PAGE_SHIFT) & ~0x1fffffUL) |
			  PTE_KERNEL_RW | _PAGE_PSE,
		  DOMID_SELF);
	attack_rc("mmu_update_l2_superpage", rc, E(EINVAL),
		  entry_changed(l2, 500, old));
	old = l3[500];
	rc = mmu1(ma_of(l3, 500), PTE_KERNEL_RW | _PAGE_PSE, DOMID_SELF);
	attack_rc("mmu_update_l3_superpage", rc, E(EINVAL),
		  entry_changed(l3, 500, old));

	old = m2p_entry(foreign);
	rc = mmu1(((uint64_t)foreign << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 7,
		  DOMID_SELF);
	attack_rc("mmu_update_m2p_of_foreign_frame", rc, E(EINVAL),
		  m2p_entry(foreign) != old ?
			  damage("M2P[%#lx] = %#lx", foreign,
				 m2p_entry(foreign)) :
			  NULL);
	rc = mmu1(slot_ma, 0, MISSING_DOMAIN);
	attack_rc("mmu_update_missing_domain", rc, E(ESRCH), NULL);
	rc = mmu1(slot_ma, 0, ((MISSING_DOMAIN + 1) << 16) | DOMID_SELF);
	attack_rc("mmu_update_missing_pt_owner", rc, E(ESRCH), NULL);
}

static long ext1(unsigned int cmd, unsigned long arg1, unsigned long arg2)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.mfn = arg1;
	op.arg2.src_mfn = arg2;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static unsigned long read_cr3(void)
{
	unsigned long cr3;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	return cr3;
}

static void attack_mmuext(unsigned long foreign, uint64_t *bad_table)
{
	unsigned long bad_mfn = virt_to_mfn(bad_table), cr3 = read_cr3();
	struct mmuext_op *last = edge(sizeof(*last));
	uint64_t before[4], *data = alloc_page();
	unsigned int done = 0;
	long rc;

	rc = HYPERVISOR_mmuext_op((void *)HV_TEXT, 1, NULL, DOMID_SELF);
	attack_rc("mmuext_from_hypervisor", rc, E(EFAULT), NULL);
	rc = ext1(1000, 0, 0);
	attack_rc("mmuext_bad_cmd", rc, E(ENOSYS), NULL);
	memset(last, 0, sizeof(*last));
	last->cmd = MMUEXT_TLB_FLUSH_LOCAL;
	rc = HYPERVISOR_mmuext_op(last, 0x7fffffff, &done, DOMID_SELF);
	attack_rc("mmuext_huge_count", rc, E(EFAULT),
		  done != 1 ? damage("done = %u", done) : NULL);
	rc = HYPERVISOR_mmuext_op(last, 1, NULL, MISSING_DOMAIN);
	attack_rc("mmuext_missing_domain", rc, E(ESRCH), NULL);

	rc = ext1(MMUEXT_PIN_L4_TABLE, foreign, 0);
	attack_rc("mmuext_pin_foreign_frame", rc, E(EINVAL), NULL);
	/* A table whose first entry maps a frame that is not ours. */
	rc = ext1(MMUEXT_PIN_L1_TABLE, bad_mfn, 0);
	attack_rc("mmuext_pin_l1_mapping_foreign", rc, E(EBUSY), NULL);
	rc = ext1(MMUEXT_NEW_BASEPTR, foreign, 0);
	attack_rc("mmuext_new_baseptr_foreign", rc, E(EINVAL),
		  read_cr3() != cr3 ? damage("CR3 reads %#lx", read_cr3()) :
				      NULL);
	rc = ext1(MMUEXT_NEW_USER_BASEPTR, foreign, 0);
	attack_rc("mmuext_new_user_baseptr_foreign", rc, E(EINVAL), NULL);
	rc = ext1(MMUEXT_UNPIN_TABLE, foreign, 0);
	attack_rc("mmuext_unpin_foreign", rc, E(EINVAL), NULL);
	rc = ext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(data), 0);
	attack_rc("mmuext_unpin_not_pinned", rc, E(EINVAL), NULL);

	/* Clearing or overwriting a live page table, reading a foreign one. */
	memcpy(before, user_l1, sizeof(before));
	rc = ext1(MMUEXT_CLEAR_PAGE, user_l1_mfn, 0);
	attack_rc("mmuext_clear_page_table", rc, E(EINVAL),
		  memcmp(before, user_l1, sizeof(before)) ?
			  damage("the user L1 changed") :
			  NULL);
	rc = ext1(MMUEXT_COPY_PAGE, user_l1_mfn, virt_to_mfn(data));
	attack_rc("mmuext_copy_into_page_table", rc, E(EINVAL),
		  memcmp(before, user_l1, sizeof(before)) ?
			  damage("the user L1 changed") :
			  NULL);
	rc = ext1(MMUEXT_CLEAR_PAGE, foreign, 0);
	attack_rc("mmuext_clear_foreign_frame", rc, E(EINVAL), NULL);
	memset(data, 0x5a, PAGE_SIZE);
	rc = ext1(MMUEXT_COPY_PAGE, virt_to_mfn(data), foreign);
	attack_rc("mmuext_copy_from_foreign_frame", rc, E(EINVAL),
		  data[0] != 0x5a5a5a5a5a5a5a5aUL ?
			  damage("our page now holds %#lx", data[0]) :
			  NULL);

	memset(last, 0, sizeof(*last));
	last->cmd = MMUEXT_TLB_FLUSH_MULTI;
	last->arg2.vcpumask.p = (const void *)HV_TEXT;
	rc = HYPERVISOR_mmuext_op(last, 1, NULL, DOMID_SELF);
	attack_rc("mmuext_flush_mask_in_hypervisor", rc, E(EINVAL), NULL);
	last->cmd = MMUEXT_INVLPG_MULTI;
	last->arg1.linear_addr = (unsigned long)data;
	last->arg2.vcpumask.p = (const void *)NONCANONICAL;
	rc = HYPERVISOR_mmuext_op(last, 1, NULL, DOMID_SELF);
	attack_rc("mmuext_invlpg_mask_noncanonical", rc, E(EINVAL), NULL);
	rc = ext1(MMUEXT_SET_LDT, HV_DIRECTMAP, 1);
	attack_rc("mmuext_ldt_in_hypervisor", rc, E(EINVAL), NULL);
	rc = ext1(MMUEXT_SET_LDT, (unsigned long)data, 8193);
	attack_rc("mmuext_ldt_too_long", rc, E(EINVAL), NULL);
	free_page(data);
}

static void attack_update_va_mapping(unsigned long foreign)
{
	unsigned long target = hostile_va(TARGET_SLOT);
	long rc;

	rc = HYPERVISOR_update_va_mapping(HV_TEXT, PTE_KERNEL_RO, UVMF_INVLPG);
	attack_rc("uvm_hypervisor_va", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_update_va_mapping(NONCANONICAL, 0, UVMF_INVLPG);
	attack_rc("uvm_noncanonical_va", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_update_va_mapping(0x100000000000UL, 0, UVMF_INVLPG);
	attack_rc("uvm_va_without_l1", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_update_va_mapping(
		target, ((uint64_t)foreign << PAGE_SHIFT) | PTE_KERNEL_RW,
		UVMF_INVLPG);
	attack_rc("uvm_map_foreign_frame", rc, E(EBUSY), target_mapped());
	rc = HYPERVISOR_update_va_mapping(
		target, ((uint64_t)user_l1_mfn << PAGE_SHIFT) | PTE_KERNEL_RW,
		UVMF_INVLPG);
	attack_rc("uvm_map_l1_writable", rc, E(EBUSY), target_mapped());
	/* A flush target bitmap in the hypervisor (UVMF_MULTI). */
	rc = HYPERVISOR_update_va_mapping(target, 0, UVMF_TLB_FLUSH | HV_TEXT);
	attack_rc("uvm_flush_bitmap_in_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_update_va_mapping_otherdomain(target, 0, UVMF_INVLPG,
						      MISSING_DOMAIN);
	attack_rc("uvm_otherdomain_missing_domain", rc, E(ESRCH), NULL);
	rc = HYPERVISOR_update_va_mapping_otherdomain(
		target, ((uint64_t)foreign << PAGE_SHIFT) | PTE_KERNEL_RO,
		UVMF_INVLPG, DOMID_SELF);
	attack_rc("uvm_otherdomain_foreign_frame", rc, E(EBUSY),
		  target_mapped());
}

struct store {
	volatile uint64_t *p;
	uint64_t v;
};

static void store_at(void *arg)
{
	const struct store *st = arg;

	*st->p = st->v;
}

/*
 * Writable page tables: a plain store into our read-only L1 is decoded
 * and validated like mmu_update. A bad entry, a store into an upper-level
 * table, or one straddling two entries must stay what it is: a #PF for
 * us (present, write, kernel) at the entry, which is left unchanged.
 */
static void ptwr_attack(const char *name, volatile uint64_t *p, uint64_t v)
{
	struct store st = { p, v };
	uint64_t old[2] = { p[0], p[1] };
	struct caught c;

	catch_traps(store_at, &st, &c);
	attack_trap(name, &c, 14, 7, 3,
		    p[0] != old[0] || p[1] != old[1] ?
			    damage("the table now reads %#lx %#lx", p[0],
				   p[1]) :
		    c.trapped && c.vector == 14 && c.cr2 != (unsigned long)p ?
			    damage("cr2 %#lx", c.cr2) :
			    NULL);
}

static void attack_writable_pagetables(unsigned long foreign)
{
	uint64_t *l3 = table_of(kernel_l4[511]);
	uint64_t *l2 = table_of(l3[510]);
	long rc;

	rc = HYPERVISOR_vm_assist(VMASST_CMD_enable,
				  VMASST_TYPE_writable_pagetables);
	if (rc) {
		attack_unexpected("ptwr_map_foreign_frame",
				  "enabling the assist: %s", errno_name(rc));
		return;
	}
	/* The control: a good entry is emulated, so refusals mean something. */
	{
		struct store st = { &fixmap_l1[TARGET_SLOT],
				    ((uint64_t)virt_to_mfn(edge_page)
				     << PAGE_SHIFT) |
					    PTE_KERNEL_RO };
		struct caught c;

		catch_traps(store_at, &st, &c);
		st.v = 0;
		if (!c.trapped)
			catch_traps(store_at, &st, &c);
		if (c.trapped) {
			attack_unexpected("ptwr_map_foreign_frame",
					  "a valid store was refused too: %s",
					  trap_desc(&c));
			goto out;
		}
	}
	ptwr_attack("ptwr_map_foreign_frame", &fixmap_l1[TARGET_SLOT],
		    ((uint64_t)foreign << PAGE_SHIFT) | PTE_KERNEL_RO);
	ptwr_attack("ptwr_map_l4_writable", &fixmap_l1[TARGET_SLOT],
		    ((uint64_t)kernel_l4_mfn << PAGE_SHIFT) | PTE_KERNEL_RW);
	ptwr_attack("ptwr_write_l2_entry", &l2[500],
		    ((uint64_t)virt_to_mfn(edge_page) << PAGE_SHIFT) |
			    PT_UPPER_FLAGS);
	/* Eight bytes across two entries: never emulated. */
	ptwr_attack("ptwr_straddling_store",
		    (volatile uint64_t *)((char *)&fixmap_l1[TARGET_SLOT] + 4),
		    0x0000000100000001UL);
out:
	HYPERVISOR_vm_assist(VMASST_CMD_disable,
			     VMASST_TYPE_writable_pagetables);
}

static const char *test_hostile_memory(void)
{
	unsigned long foreign = foreign_mfn();
	const char *why = hostile_edge_setup(EDGE_SLOT, edge_page);
	uint64_t *bad_table;
	long rc;

	if (why)
		return why;
	if (!foreign)
		return fail("found no frame we do not own");
	info("pvkern: aiming at frame %#lx, not ours\n", foreign);
	rc = hostile_unmap(TARGET_SLOT);
	if (rc)
		return fail("clearing the target slot returned %ld", rc);
	bad_table = alloc_page();
	bad_table[0] = ((uint64_t)foreign << PAGE_SHIFT) | PTE_KERNEL_RO;
	rc = set_page_readonly(bad_table, true);
	if (rc)
		return fail("making a page read-only returned %ld", rc);

	attack_mmu_update(foreign);
	attack_mmuext(foreign, bad_table);
	attack_update_va_mapping(foreign);
	attack_writable_pagetables(foreign);

	rc = set_page_readonly(bad_table, false);
	if (rc)
		attack_allowed("mmuext_pin_l1_mapping_foreign",
			       "the page kept a table type (%ld)", rc);
	else
		free_page(bad_table);
	hostile_unmap(EDGE_SLOT);
	return attacks_verdict();
}
DEFINE_REQUEST_TEST(92, "hostile_memory", test_hostile_memory);
