/* SPDX-License-Identifier: MIT */
/*
 * Tests of the PV memory model: that pvkern's own tables were built,
 * pinned and loaded (mm_init), that page-table frames cannot be made
 * writable and the hypervisor's L4 slots cannot be touched, that pin/unpin
 * and NEW_BASEPTR behave, and that update_va_mapping can alias any of our
 * frames. pv-boot-abi.md §4.3.2, §4.3.12, §4.3.22, §6.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>

static int counter;

static unsigned long read_cr3(void)
{
	unsigned long cr3;

	/* Privileged; emulated as "the kernel base pointer, mfn << 12". */
	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	return cr3;
}

static const char *test_pagetable(void)
{
	const struct mm_boot_report *r = &mm_report;
	uint64_t *pte;

	if (r->pin_l4 || r->pin_user_l4)
		return fail("pinning the new L4s returned %ld, %ld", r->pin_l4,
			    r->pin_user_l4);
	if (r->new_baseptr || r->new_user_baseptr)
		return fail("NEW_BASEPTR %ld, NEW_USER_BASEPTR %ld",
			    r->new_baseptr, r->new_user_baseptr);
	if (r->unpin_boot)
		return fail("unpinning the builder's L4 returned %ld",
			    r->unpin_boot);
	if (!mm_ready())
		return fail("own page tables not in use");
	if (xen_cr3_to_pfn(read_cr3()) != kernel_l4_mfn)
		return fail("CR3 reads %#lx, our L4 is mfn %#lx", read_cr3(),
			    kernel_l4_mfn);
	/* Our tables map our data where the direct map says. */
	pte = lookup_pte(kernel_l4, (unsigned long)&counter);
	if (!pte ||
	    ((*pte & PTE_ADDR_MASK) >> PAGE_SHIFT) != virt_to_mfn(&counter))
		return fail("walk of our L4 for %p gives pte %#lx",
			    (void *)&counter, pte ? *pte : 0);
	/* The hypervisor marks what it validated: US on kernel pages too. */
	if (!(*pte & _PAGE_USER))
		return fail("kernel pte %#lx lacks the US bit", *pte);
	/* And our L4 is mapped read-only in our own direct map. */
	pte = lookup_pte(kernel_l4, (unsigned long)kernel_l4);
	if (!pte || (*pte & _PAGE_RW))
		return fail("our L4 is mapped %s",
			    pte ? "writable" : "nowhere");
	info("pvkern: %lu pages mapped by %lu new table pages\n",
	     r->mapped_pages, r->table_pages);
	return NULL;
}
DEFINE_TEST(30, "pagetable", test_pagetable);

static const char *test_pt_protection(void)
{
	uint64_t l4_ma = (uint64_t)kernel_l4_mfn << PAGE_SHIFT;
	uint64_t any_l3 = kernel_l4[511] & (PTE_ADDR_MASK | PT_UPPER_FLAGS);
	uint64_t *l3, *l2;
	long rc, rc_l4, rc_l1;

	if (!mm_ready())
		return fail("own page tables not in use");
	/* No writable mapping of a page-table frame, at any level. */
	rc_l4 = set_page_readonly(kernel_l4, false);
	if (rc_l4 >= 0)
		return fail("mapping our L4 writable succeeded");
	rc_l1 = set_page_readonly(user_l1, false);
	if (rc_l1 >= 0)
		return fail("mapping the user L1 writable succeeded");
	/* The hypervisor's slots 256-271 are not ours to write. */
	rc = mmu_update_one(l4_ma + 256 * 8, any_l3);
	if (rc != -XEN_EINVAL)
		return fail("writing L4 slot 256 returned %ld", rc);
	/*
	 * No superpages for PV guests: PSE in an L2 entry is refused. Try
	 * it in the user L2, slot 3 (0x600000), which nothing uses.
	 */
	l3 = pfn_to_virt(mfn_to_pfn((kernel_l4[0] & PTE_ADDR_MASK) >> 12));
	l2 = pfn_to_virt(mfn_to_pfn((l3[0] & PTE_ADDR_MASK) >> 12));
	if (l2[3] & _PAGE_PRESENT)
		return fail("user L2 slot 3 unexpectedly in use");
	rc = mmu_update_one(((uint64_t)virt_to_mfn(l2) << PAGE_SHIFT) + 3 * 8,
			    ((uint64_t)virt_to_mfn(&counter) << PAGE_SHIFT) |
				    PTE_USER_RW | (1UL << 7));
	if (rc >= 0)
		return fail("a 2 MiB superpage entry was accepted");
	if (l2[3] & _PAGE_PRESENT)
		return fail("the refused entry was written anyway");
	/* The exact codes are not ABI, but worth comparing across builds. */
	info("pvkern: refused: RW map of an L4 %ld, of an L1 %ld, PSE in an "
	     "L2 %ld\n",
	     rc_l4, rc_l1, rc);
	return NULL;
}
DEFINE_TEST(31, "pt_protection", test_pt_protection);

static const char *test_pt_pin_switch(void)
{
	uint64_t *l4, *l1;
	unsigned int i;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	/* A second kernel L4 with the same guest slots as ours. */
	l4 = alloc_page();
	for (i = 0; i < 512; i++)
		if (i < 256 || i >= 272)
			l4[i] = kernel_l4[i];
	rc = mmuext_one(MMUEXT_PIN_L4_TABLE, virt_to_mfn(l4));
	if (rc >= 0)
		return fail("pinned an L4 that is mapped writable");
	info("pvkern: refused: pinning a writable-mapped L4 %ld\n", rc);
	rc = set_page_readonly(l4, true);
	if (rc)
		return fail("making the new L4 read-only returned %ld", rc);
	rc = mmuext_one(MMUEXT_PIN_L4_TABLE, virt_to_mfn(l4));
	if (rc)
		return fail("MMUEXT_PIN_L4_TABLE returned %ld", rc);
	rc = mmuext_one(MMUEXT_PIN_L4_TABLE, virt_to_mfn(l4));
	if (rc != -XEN_EINVAL)
		return fail("pinning twice returned %ld, not -EINVAL", rc);
	rc = mmuext_one(MMUEXT_NEW_BASEPTR, virt_to_mfn(l4));
	if (rc)
		return fail("NEW_BASEPTR to the copy returned %ld", rc);
	counter++; /* runs on the copy: same mappings */
	i = xen_cr3_to_pfn(read_cr3()) == virt_to_mfn(l4);
	rc = mmuext_one(MMUEXT_NEW_BASEPTR, kernel_l4_mfn);
	if (rc)
		panic("cannot switch back to our L4 (%ld)", rc);
	if (!i)
		return fail("CR3 did not follow NEW_BASEPTR");
	rc = mmuext_one(MMUEXT_UNPIN_TABLE, virt_to_mfn(l4));
	if (rc)
		return fail("MMUEXT_UNPIN_TABLE returned %ld", rc);
	rc = mmuext_one(MMUEXT_UNPIN_TABLE, virt_to_mfn(l4));
	if (rc != -XEN_EINVAL)
		return fail("unpinning twice returned %ld, not -EINVAL", rc);
	/* Unpinned and unused, the frame is ordinary memory again. */
	rc = set_page_readonly(l4, false);
	if (rc)
		return fail("making the old L4 writable returned %ld", rc);
	free_page(l4);

	/* An L1 on its own: pin, unpin, writable again. */
	l1 = alloc_page();
	l1[0] = ((uint64_t)virt_to_mfn(&counter) << PAGE_SHIFT) | PTE_KERNEL_RW;
	rc = set_page_readonly(l1, true);
	if (!rc)
		rc = mmuext_one(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l1));
	if (rc)
		return fail("pinning an L1 returned %ld", rc);
	rc = mmuext_one(MMUEXT_UNPIN_TABLE, virt_to_mfn(l1));
	if (!rc)
		rc = set_page_readonly(l1, false);
	if (rc)
		return fail("unpinning the L1 returned %ld", rc);
	free_page(l1);
	return NULL;
}
DEFINE_TEST(32, "pt_pin_switch", test_pt_pin_switch);

static const char *test_update_va_mapping(void)
{
	volatile uint64_t *alias = (volatile uint64_t *)FIXMAP_BASE;
	uint64_t *page;
	uint64_t v = 0;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	page = alloc_page();
	rc = HYPERVISOR_update_va_mapping(
		FIXMAP_BASE,
		((uint64_t)virt_to_mfn(page) << PAGE_SHIFT) | PTE_KERNEL_RW,
		UVMF_INVLPG);
	if (rc)
		return fail("mapping a frame at the fixmap returned %ld", rc);
	alias[7] = 0xa11a5ed;
	v = page[7];
	rc = HYPERVISOR_update_va_mapping(FIXMAP_BASE, 0, UVMF_INVLPG);
	if (v != 0xa11a5ed)
		return fail("the alias wrote %#x, the direct map reads %#lx",
			    0xa11a5ed, v);
	if (rc)
		return fail("unmapping the fixmap returned %ld", rc);
	if (probe_read((const void *)FIXMAP_BASE, &v, NULL, NULL))
		return fail("the unmapped alias still reads %#lx", v);
	free_page(page);
	return NULL;
}
DEFINE_TEST(33, "update_va_mapping", test_update_va_mapping);

static uint64_t pte_of(const void *va, uint64_t flags)
{
	return ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) | flags;
}

/*
 * Batches: mmu_update stops at the first bad request and reports how many
 * were done; mmuext_op runs every flush flavour in one call.
 */
static const char *test_mmu_batches(void)
{
	uint64_t fix_ma = (uint64_t)virt_to_mfn(fixmap_l1) << PAGE_SHIFT;
	unsigned long mask = 1; /* vCPU 0 */
	struct mmu_update req[3];
	struct mmuext_op ops[6];
	unsigned int done = 99;
	uint64_t *page, v;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	page = alloc_page();
	page[0] = 0xba7c4;
	req[0].ptr = fix_ma + 6 * 8;
	req[0].val = pte_of(page, PTE_KERNEL_RW);
	/* A writable mapping of a page-table frame: refused. */
	req[1].ptr = fix_ma + 7 * 8;
	req[1].val = pte_of(fixmap_l1, PTE_KERNEL_RW);
	req[2].ptr = fix_ma + 8 * 8;
	req[2].val = pte_of(page, PTE_KERNEL_RW);
	rc = HYPERVISOR_mmu_update(req, 3, &done, DOMID_SELF);
	if (rc >= 0 || done != 1)
		return fail("bad batch: rc %ld, done %u (expected < 0, 1)", rc,
			    done);
	info("pvkern: refused: RW map of an L1 inside a batch %ld\n", rc);
	if (!probe_read((void *)(FIXMAP_BASE + 6 * PAGE_SIZE), &v, NULL,
			NULL) ||
	    v != 0xba7c4)
		return fail("the first request of the batch did not map");
	if (probe_read((void *)(FIXMAP_BASE + 8 * PAGE_SIZE), &v, NULL, NULL))
		return fail("a request after the failure was carried out");

	memset(ops, 0, sizeof(ops));
	ops[0].cmd = MMUEXT_TLB_FLUSH_LOCAL;
	ops[1].cmd = MMUEXT_INVLPG_LOCAL;
	ops[1].arg1.linear_addr = FIXMAP_BASE + 6 * PAGE_SIZE;
	ops[2].cmd = MMUEXT_TLB_FLUSH_MULTI;
	ops[2].arg2.vcpumask.p = &mask;
	ops[3].cmd = MMUEXT_INVLPG_MULTI;
	ops[3].arg1.linear_addr = FIXMAP_BASE + 6 * PAGE_SIZE;
	ops[3].arg2.vcpumask.p = &mask;
	ops[4].cmd = MMUEXT_TLB_FLUSH_ALL;
	ops[5].cmd = MMUEXT_INVLPG_ALL;
	ops[5].arg1.linear_addr = FIXMAP_BASE + 6 * PAGE_SIZE;
	done = 99;
	rc = HYPERVISOR_mmuext_op(ops, 6, &done, DOMID_SELF);
	if (rc || done != 6)
		return fail("flush batch: rc %ld, done %u", rc, done);
	rc = HYPERVISOR_update_va_mapping(FIXMAP_BASE + 6 * PAGE_SIZE, 0,
					  UVMF_TLB_FLUSH | UVMF_ALL);
	if (rc)
		return fail("unmapping with a full flush returned %ld", rc);
	free_page(page);
	return NULL;
}
DEFINE_TEST(34, "mmu_batches", test_mmu_batches);

/*
 * VMASST_TYPE_writable_pagetables: plain stores into our (read-only) L1
 * pages are trapped, validated and carried out by the hypervisor. Linux
 * builds its direct map this way and needs it.
 */
static const char *test_writable_pagetables(void)
{
	volatile uint64_t *alias =
		(volatile uint64_t *)(FIXMAP_BASE + 9 * PAGE_SIZE);
	uint64_t *page, expect = 0, v, err = 0;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	rc = HYPERVISOR_vm_assist(VMASST_CMD_enable,
				  VMASST_TYPE_writable_pagetables);
	if (rc)
		return fail("enabling writable_pagetables returned %ld", rc);
	page = alloc_page();
	page[3] = 0x5707e;
	/* A plain store (one mov), as Linux's set_pte does. */
	if (!probe_write(&fixmap_l1[9], pte_of(page, PTE_KERNEL_RW), NULL,
			 &err))
		return fail("a store into our read-only L1 was not emulated "
			    "(#PF error %#lx)",
			    err);
	if (alias[3] != 0x5707e)
		return fail("the emulated store did not map the page");
	/*
	 * A locked cmpxchg, as Linux's ptep_* helpers do. Compare with what
	 * the entry reads now, not what we stored: the hypervisor adds bits
	 * (US, and bit 52 on kernel pages) when it validates an entry.
	 */
	expect = *(volatile uint64_t *)&fixmap_l1[9];
	if (expect == pte_of(page, PTE_KERNEL_RW))
		info("pvkern: the hypervisor left our L1 entry as written\n");
	if (!__atomic_compare_exchange_n(&fixmap_l1[9], &expect, 0, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return fail("cmpxchg on the L1 saw %#lx", expect);
	/* The hypervisor flushed nothing for us: invlpg the alias. */
	rc = mmuext_one(MMUEXT_INVLPG_LOCAL, (unsigned long)alias);
	if (rc)
		return fail("MMUEXT_INVLPG_LOCAL returned %ld", rc);
	if (probe_read((const void *)alias, &v, NULL, NULL))
		return fail("still mapped after the cmpxchg cleared it");
	/* Validation still applies: no writable alias of a table. */
	if (probe_write(&fixmap_l1[9], pte_of(user_l1, PTE_KERNEL_RW), NULL,
			&err))
		return fail("a store mapping an L1 writable was accepted");
	if ((err & 3) != 3)
		return fail("that store faulted with error %#lx, expected a "
			    "write protection fault",
			    err);
	rc = HYPERVISOR_vm_assist(VMASST_CMD_disable,
				  VMASST_TYPE_writable_pagetables);
	if (rc)
		return fail("disabling writable_pagetables returned %ld", rc);
	/*
	 * Without the assist the same store is an ordinary fault - for a
	 * domU. Xen 4.17 emulates it for the hardware domain anyway: its
	 * read-only-MMIO fault path ends in the same emulator.
	 */
	if (!is_dom0() &&
	    probe_write(&fixmap_l1[9], pte_of(page, PTE_KERNEL_RW), NULL, NULL))
		return fail("a store into an L1 worked without the assist");
	/* Leave nothing mapped behind, assist or not. */
	if (fixmap_l1[9] & _PAGE_PRESENT)
		HYPERVISOR_update_va_mapping((unsigned long)alias, 0,
					     UVMF_INVLPG);
	free_page(page);
	return NULL;
}
DEFINE_TEST(35, "writable_pagetables", test_writable_pagetables);

/* MMU_MACHPHYS_UPDATE: the guest says which PFN a frame of its own is. */
static const char *test_machphys_update(void)
{
	uint64_t *page;
	unsigned long mfn, pfn;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	page = alloc_page();
	mfn = virt_to_mfn(page);
	pfn = virt_to_pfn(page);
	rc = mmu_update_one(((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
			    pfn + 1);
	if (rc)
		return fail("MMU_MACHPHYS_UPDATE returned %ld", rc);
	if (mfn_to_pfn(mfn) != pfn + 1)
		return fail("M2P reads %#lx, expected %#lx", mfn_to_pfn(mfn),
			    pfn + 1);
	rc = mmu_update_one(((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
			    pfn);
	if (rc || mfn_to_pfn(mfn) != pfn)
		return fail("restoring the M2P entry: rc %ld, reads %#lx", rc,
			    mfn_to_pfn(mfn));
	free_page(page);
	return NULL;
}
DEFINE_TEST(36, "machphys_update", test_machphys_update);

/* mmu_update through syscall, returning what %rsi (count) came back as. */
static long mmu_update_count_after(struct mmu_update *reqs, unsigned int count,
				   unsigned int *done,
				   unsigned long *count_after)
{
	register unsigned long r10 __asm__("r10") = DOMID_SELF;
	unsigned long rdi = (unsigned long)reqs, rsi = count;
	unsigned long rdx = (unsigned long)done;
	long ret;

	__asm__ __volatile__(
		XEN_HYPERCALL_INSN
		: "=a"(ret), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10)
		: "0"((unsigned long)__HYPERVISOR_mmu_update)
			XEN_HYPERCALL_ENTRY(__HYPERVISOR_mmu_update)
		: "rcx", "r8", "r9", "r11", "memory");
	*count_after = rsi;
	return ret;
}

#define LONG_BATCH 3000

/*
 * Long batches: a hypervisor may preempt them and have us re-issue the
 * rest (pv-boot-abi.md §4.1); either way every request is done once,
 * *done counts them all, and a multicall carrying such a batch completes.
 * Xen 4.17 preempts only when work is pending; Xenolith also after a fixed
 * amount of work, and then the count register comes back rewritten
 * (MMU_UPDATE_PREEMPTED and the requests left) - reported, not required.
 */
static const char *test_mmu_continuation(void)
{
	static struct mmu_update reqs[LONG_BATCH];
	static struct mmuext_op ops[LONG_BATCH];
	uint64_t slot =
		((uint64_t)virt_to_mfn(fixmap_l1) << PAGE_SHIFT) + 10 * 8;
	volatile uint64_t *alias =
		(volatile uint64_t *)(FIXMAP_BASE + 10 * PAGE_SIZE);
	struct multicall_entry mc[2];
	unsigned long count_after = 0;
	unsigned int done = 0, i;
	uint64_t *pages[2], v;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	pages[0] = alloc_page();
	pages[1] = alloc_page();
	pages[0][0] = 0x1111;
	pages[1][0] = 0x2222;
	/* Map the fixmap slot to one page, then the other, 3000 times. */
	for (i = 0; i < LONG_BATCH; i++) {
		reqs[i].ptr = slot | MMU_NORMAL_PT_UPDATE;
		reqs[i].val = pte_of(pages[i & 1], PTE_KERNEL_RW);
	}
	rc = mmu_update_count_after(reqs, LONG_BATCH, &done, &count_after);
	if (rc || done != LONG_BATCH)
		return fail("a batch of %u: rc %ld, done %u", LONG_BATCH, rc,
			    done);
	mmuext_one(MMUEXT_INVLPG_LOCAL, (unsigned long)alias);
	if (!probe_read((const void *)alias, &v, NULL, NULL) || v != 0x2222)
		return fail("after the batch the slot maps %#lx", v);
	info("pvkern: mmu_update batch of %u: count register came back %#lx "
	     "(%s)\n",
	     LONG_BATCH, count_after,
	     count_after & MMU_UPDATE_PREEMPTED ? "continued" :
						  "not preempted");

	/* The same inside a multicall, followed by another entry. */
	for (i = 0; i < LONG_BATCH; i++)
		reqs[i].val = pte_of(pages[(i & 1) ^ 1], PTE_KERNEL_RW);
	done = 0;
	memset(mc, 0, sizeof(mc));
	mc[0].op = __HYPERVISOR_mmu_update;
	mc[0].args[0] = (unsigned long)reqs;
	mc[0].args[1] = LONG_BATCH;
	mc[0].args[2] = (unsigned long)&done;
	mc[0].args[3] = DOMID_SELF;
	mc[1].op = __HYPERVISOR_update_va_mapping;
	mc[1].args[0] = (unsigned long)alias;
	mc[1].args[1] = 0;
	mc[1].args[2] = UVMF_INVLPG;
	mc[0].result = mc[1].result = 99;
	rc = HYPERVISOR_multicall(mc, 2);
	if (rc || mc[0].result || mc[1].result || done != LONG_BATCH)
		return fail("multicall: rc %ld, results %ld %ld, done %u", rc,
			    (long)mc[0].result, (long)mc[1].result, done);
	if (probe_read((const void *)alias, &v, NULL, NULL))
		return fail("the multicall's last entry did not unmap");
	info("pvkern: multicall with a batch of %u: its count reads %#lx\n",
	     LONG_BATCH, (unsigned long)mc[0].args[1]);

	/* mmuext_op batches continue the same way. */
	memset(ops, 0, sizeof(ops));
	for (i = 0; i < LONG_BATCH; i++) {
		ops[i].cmd = MMUEXT_INVLPG_LOCAL;
		ops[i].arg1.linear_addr = (unsigned long)alias;
	}
	done = 0;
	rc = HYPERVISOR_mmuext_op(ops, LONG_BATCH, &done, DOMID_SELF);
	if (rc || done != LONG_BATCH)
		return fail("mmuext_op batch: rc %ld, done %u", rc, done);
	free_page(pages[0]);
	free_page(pages[1]);
	return NULL;
}
DEFINE_TEST(37, "mmu_continuation", test_mmu_continuation);

/* Load a selector into %fs; a fault there is recorded and skipped. */
extern char ldt_load_insn[], ldt_load_ret[];
void ldt_load_fs(unsigned long sel);
__asm__(".pushsection .text\n"
	".globl ldt_load_fs, ldt_load_insn, ldt_load_ret\n"
	"ldt_load_fs:\n"
	"ldt_load_insn:\n\tmov %di, %fs\n"
	"ldt_load_ret:\n\tret\n"
	".popsection");

static volatile int ldt_fault_vector;
static volatile uint64_t ldt_fault_cr2;

static bool ldt_hook(struct trap_frame *f)
{
	if (f->rip != (unsigned long)ldt_load_insn)
		return false;
	ldt_fault_vector = (int)f->vector;
	ldt_fault_cr2 = f->vector == 14 ? read_cr2() : 0;
	f->rip = (unsigned long)ldt_load_ret;
	return true;
}

/* Load sel into %fs; the vector it faulted with, or -1. */
static int load_fs(unsigned long sel)
{
	ldt_fault_vector = -1;
	trap_set_hook(ldt_hook);
	ldt_load_fs(sel);
	trap_set_hook(NULL);
	return ldt_fault_vector;
}

/* The access rights of a selector as the CPU sees them (lar), or 0. */
static uint64_t access_rights(uint64_t sel)
{
	uint64_t ar = 0;

	__asm__ __volatile__("lar %1, %0\n\tjz 1f\n\txor %0, %0\n1:"
			     : "+r"(ar)
			     : "r"(sel)
			     : "cc");
	return ar;
}

/*
 * MMUEXT_SET_LDT: an LDT page is typed as a descriptor frame on first use
 * (every descriptor checked as for the GDT, DPL raised to 3), so it must
 * be mapped read-only; its descriptors then load into %fs, and a writable
 * LDT page is a #PF at its address.
 */
static const char *test_ldt(void)
{
	uint64_t *ldt, *bad;
	const uint64_t sel = (1 << 3) | 4 | 3; /* entry 1, LDT, RPL 3 */
	uint64_t ar = 0, got = 0;
	int vec;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	ldt = alloc_page();
	bad = alloc_page();
	/* 32-bit flat data, DPL 0 (raised to 3 for us). */
	ldt[1] = 0x00cf93000000ffffULL;
	rc = set_page_readonly(ldt, true);
	if (!rc)
		rc = HYPERVISOR_mmuext_op(
			&(struct mmuext_op){ .cmd = MMUEXT_SET_LDT,
					     .arg1.linear_addr =
						     (unsigned long)ldt,
					     .arg2.nr_ents = 2 },
			1, NULL, DOMID_SELF);
	if (rc)
		return fail("SET_LDT of a read-only page returned %ld", rc);
	vec = load_fs(sel);
	if (vec < 0) {
		__asm__ __volatile__("mov %%fs, %0" : "=r"(got));
		ar = access_rights(sel);
	}
	load_fs(0);
	HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
	if (vec >= 0)
		return fail("loading LDT selector %#lx: vector %d", sel, vec);
	if ((got & 0xffff) != sel || ((ar >> 8) & 0xff) != 0xf3)
		return fail("%%fs reads %#lx with access rights %#lx "
			    "(expected %#lx, DPL 3 data 0xf3)",
			    got, ar, sel);
	/* In use, the LDT page cannot become writable. */
	if (set_page_readonly(ldt, false) >= 0)
		return fail("an LDT page in use was made writable");

	/* A writable LDT page: not usable, #PF at the LDT address. */
	bad[1] = ldt[1];
	rc = HYPERVISOR_mmuext_op(
		&(struct mmuext_op){ .cmd = MMUEXT_SET_LDT,
				     .arg1.linear_addr = (unsigned long)bad,
				     .arg2.nr_ents = 2 },
		1, NULL, DOMID_SELF);
	if (rc)
		return fail("SET_LDT of a writable page returned %ld", rc);
	vec = load_fs(sel);
	load_fs(0);
	if (vec != 14 || ldt_fault_cr2 != (unsigned long)bad + 8)
		return fail("a writable LDT page gave vector %d at %#lx", vec,
			    (unsigned long)ldt_fault_cr2);
	/* Unaligned, or too many entries: refused. */
	rc = HYPERVISOR_mmuext_op(
		&(struct mmuext_op){ .cmd = MMUEXT_SET_LDT,
				     .arg1.linear_addr = (unsigned long)ldt + 8,
				     .arg2.nr_ents = 2 },
		1, NULL, DOMID_SELF);
	if (rc != -XEN_EINVAL)
		return fail("SET_LDT at an unaligned address returned %ld", rc);
	rc = HYPERVISOR_mmuext_op(
		&(struct mmuext_op){ .cmd = MMUEXT_SET_LDT,
				     .arg1.linear_addr = (unsigned long)ldt,
				     .arg2.nr_ents = 8193 },
		1, NULL, DOMID_SELF);
	if (rc != -XEN_EINVAL)
		return fail("SET_LDT of 8193 entries returned %ld", rc);
	/* No LDT: the page is released and may be writable again. */
	rc = HYPERVISOR_mmuext_op(&(struct mmuext_op){ .cmd = MMUEXT_SET_LDT },
				  1, NULL, DOMID_SELF);
	if (!rc)
		rc = set_page_readonly(ldt, false);
	if (rc)
		return fail("dropping the LDT and unprotecting it: %ld", rc);
	free_page(ldt);
	free_page(bad);
	return NULL;
}
DEFINE_TEST(38, "ldt", test_ldt);
