/* SPDX-License-Identifier: MIT */
/*
 * pvkern's MMU library: what a PV kernel does with page tables, written
 * against the ABI only (pv-boot-abi.md §4.3, §6). Every table page lives
 * in our direct map, read-only, and changes only through mmu_update, which
 * the hypervisor validates; we batch updates (up to 512 per call) the way
 * Linux does.
 *
 *   struct mmu_batch   queue of mmu_update requests, flushed when full
 *   struct aspace      an address space: its own L4 (pinned), the kernel's
 *                      upper slots shared, user mappings below; tables are
 *                      created on demand and hooked in with mmu_update
 *   aspace_fork()      copy-on-write style fork: the child gets new tables
 *                      mapping the same frames, read-only in both
 *   balloon_out/_in()  give pages back (decrease_reservation) and get new
 *                      ones for the same PFNs (populate_physmap)
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/memory.h>

uint64_t pte_ma(const uint64_t *pte)
{
	return ((uint64_t)virt_to_mfn(pte) << PAGE_SHIFT) |
	       ((unsigned long)pte & ~PAGE_MASK);
}

/* --- Batches --- */

void mmu_batch_init(struct mmu_batch *b)
{
	b->n = 0;
	b->rc = 0;
	b->done = 0;
	b->calls = 0;
}

long mmu_batch_flush(struct mmu_batch *b)
{
	unsigned int done = 0;
	long rc;

	if (!b->n || b->rc)
		return b->rc;
	rc = HYPERVISOR_mmu_update(b->req, b->n, &done, DOMID_SELF);
	b->calls++;
	b->done += done;
	if (rc || done != b->n)
		b->rc = rc ?: -XEN_EIO;
	b->n = 0;
	return b->rc;
}

long mmu_batch_add(struct mmu_batch *b, uint64_t ptr, uint64_t val)
{
	if (b->rc)
		return b->rc;
	b->req[b->n].ptr = ptr;
	b->req[b->n].val = val;
	if (++b->n == MMU_BATCH_MAX)
		return mmu_batch_flush(b);
	return 0;
}

/* --- Walking --- */

static uint64_t *table_of(uint64_t e)
{
	unsigned long pfn;

	if (!(e & _PAGE_PRESENT))
		return NULL;
	pfn = mfn_to_pfn((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
	return pfn < nr_pages ? pfn_to_virt(pfn) : NULL;
}

uint64_t *pt_walk(const uint64_t *l4, unsigned long va, unsigned int level)
{
	static const unsigned int shift[5] = { 0, 12, 21, 30, 39 };
	uint64_t *t = (uint64_t *)l4;
	unsigned int lvl;

	for (lvl = 4; lvl > level; lvl--) {
		t = table_of(t[(va >> shift[lvl]) & 511]);
		if (!t)
			return NULL;
	}
	return &t[(va >> shift[level]) & 511];
}

/* --- Address spaces --- */

/* A new, empty table page, read-only in the direct map. */
static uint64_t *new_table(struct aspace *as)
{
	uint64_t *t = alloc_page();

	if (set_page_readonly(t, true)) {
		free_page(t);
		return NULL;
	}
	as->tables++;
	return t;
}

static void free_table(struct aspace *as, uint64_t *t)
{
	set_page_readonly(t, false);
	free_page(t);
	as->tables--;
}

long aspace_create(struct aspace *as)
{
	uint64_t *l4 = alloc_page();
	unsigned int i;
	long rc;

	/* The kernel's half (slots 272-511) is shared: same L3s. */
	for (i = 272; i < 512; i++)
		l4[i] = kernel_l4[i];
	rc = set_page_readonly(l4, true);
	if (!rc)
		rc = mmuext_one(MMUEXT_PIN_L4_TABLE, virt_to_mfn(l4));
	if (rc) {
		set_page_readonly(l4, false);
		free_page(l4);
		return rc;
	}
	as->l4 = l4;
	as->l4_mfn = virt_to_mfn(l4);
	as->tables = 1;
	return 0;
}

uint64_t *aspace_pte(const struct aspace *as, unsigned long va)
{
	return pt_walk(as->l4, va, 1);
}

/* The L1 entry for va, creating the tables above it as needed. */
static uint64_t *aspace_make_pte(struct aspace *as, unsigned long va)
{
	uint64_t *t = as->l4;
	unsigned int lvl;
	long rc;

	for (lvl = 4; lvl > 1; lvl--) {
		unsigned int shift = 12 + 9 * (lvl - 1);
		uint64_t *e = &t[(va >> shift) & 511], *next = table_of(*e);

		if (!next) {
			next = new_table(as);
			if (!next)
				return NULL;
			/* Hooking it in makes the hypervisor validate it. */
			rc = mmu_update_one(pte_ma(e),
					    ((uint64_t)virt_to_mfn(next)
					     << PAGE_SHIFT) |
						    PT_UPPER_FLAGS);
			if (rc) {
				free_table(as, next);
				return NULL;
			}
		}
		t = next;
	}
	return &t[(va >> 12) & 511];
}

long aspace_map(struct aspace *as, struct mmu_batch *b, unsigned long va,
		unsigned long mfn, uint64_t flags)
{
	uint64_t *pte = aspace_make_pte(as, va);

	if (!pte)
		return -XEN_ENOMEM;
	return mmu_batch_add(b, pte_ma(pte),
			     ((uint64_t)mfn << PAGE_SHIFT) | flags);
}

long aspace_unmap(struct aspace *as, struct mmu_batch *b, unsigned long va)
{
	uint64_t *pte = aspace_pte(as, va);

	if (!pte || !(*pte & _PAGE_PRESENT))
		return 0;
	return mmu_batch_add(b, pte_ma(pte), 0);
}

long aspace_switch(const struct aspace *as)
{
	return mmuext_one(MMUEXT_NEW_BASEPTR, as ? as->l4_mfn : kernel_l4_mfn);
}

/* Free the user-half tables below t (level lvl), after the unpin. */
static void free_subtree(struct aspace *as, uint64_t *t, unsigned int lvl)
{
	unsigned int i, n = lvl == 4 ? 256 : 512;

	for (i = 0; i < n; i++) {
		uint64_t *next = lvl > 1 ? table_of(t[i]) : NULL;

		if (next) {
			free_subtree(as, next, lvl - 1);
			free_table(as, next);
		}
	}
}

long aspace_destroy(struct aspace *as)
{
	long rc = mmuext_one(MMUEXT_UNPIN_TABLE, as->l4_mfn);

	if (rc)
		return rc;
	/* Unpinned and unused, the whole tree is ordinary memory again. */
	free_subtree(as, as->l4, 4);
	free_table(as, as->l4);
	as->l4 = NULL;
	as->l4_mfn = 0;
	return 0;
}

long aspace_fork(struct aspace *child, struct aspace *parent, unsigned long va,
		 unsigned long len, struct mmu_batch *b)
{
	unsigned long a;
	long rc;

	for (a = va; a < va + len; a += PAGE_SIZE) {
		uint64_t *pte = aspace_pte(parent, a), e;

		if (!pte || !(*pte & _PAGE_PRESENT))
			continue;
		e = *pte & ~(uint64_t)(_PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED);
		/* Both sides read-only: the first write copies. */
		rc = mmu_batch_add(b, pte_ma(pte), e);
		if (!rc)
			rc = aspace_map(child, b, a, (e & PTE_ADDR_MASK) >> 12,
					e & ~PTE_ADDR_MASK);
		if (rc)
			return rc;
	}
	rc = mmu_batch_flush(b);
	/* The parent's old writable translations must go. */
	if (!rc)
		rc = mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0);
	return rc;
}

long aspace_cow_break(struct aspace *as, unsigned long va)
{
	uint64_t *pte = aspace_pte(as, va & PAGE_MASK), *copy;
	struct mmuext_op op = { .cmd = MMUEXT_COPY_PAGE };
	long rc;

	if (!pte || !(*pte & _PAGE_PRESENT) || (*pte & _PAGE_RW))
		return -XEN_EINVAL;
	copy = alloc_page();
	op.arg1.mfn = virt_to_mfn(copy);
	op.arg2.src_mfn = (*pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
	rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	if (!rc)
		rc = mmu_update_one(pte_ma(pte),
				    ((uint64_t)virt_to_mfn(copy)
				     << PAGE_SHIFT) |
					    (*pte & (_PAGE_USER | _PAGE_NX)) |
					    PTE_KERNEL_RW);
	if (!rc)
		rc = mmuext_one(MMUEXT_INVLPG_LOCAL, va & PAGE_MASK);
	if (rc)
		free_page(copy);
	return rc;
}

/* --- Ballooning --- */

/* mfn list for a run of PFNs (the reservation calls take MFNs). */
static xen_pfn_t balloon_list[BALLOON_MAX];

long balloon_out(unsigned long pfn, unsigned long n)
{
	struct xen_memory_reservation r = { .domid = DOMID_SELF };
	static struct mmu_batch b;
	unsigned long i;
	long rc;

	if (n > BALLOON_MAX)
		return -XEN_EINVAL;
	mmu_batch_init(&b);
	/* Nothing may map a frame we give back: drop the direct map. */
	for (i = 0; i < n; i++) {
		uint64_t *pte = lookup_pte(kernel_l4,
					   (unsigned long)pfn_to_virt(pfn + i));

		balloon_list[i] = pfn_to_mfn(pfn + i);
		if (!pte || mmu_batch_add(&b, pte_ma(pte), 0))
			return b.rc ?: -XEN_EINVAL;
	}
	rc = mmu_batch_flush(&b);
	if (!rc)
		rc = mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0);
	if (rc)
		return rc;
	set_xen_guest_handle(r.extent_start, balloon_list);
	r.nr_extents = n;
	rc = HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
	for (i = 0; rc > 0 && i < (unsigned long)rc; i++)
		p2m[pfn + i] = ~0UL;
	return rc;
}

long balloon_in(unsigned long pfn, unsigned long n)
{
	struct xen_memory_reservation r = { .domid = DOMID_SELF };
	static struct mmu_batch b;
	unsigned long i;
	long rc, got;

	if (n > BALLOON_MAX)
		return -XEN_EINVAL;
	for (i = 0; i < n; i++)
		balloon_list[i] = pfn + i;
	set_xen_guest_handle(r.extent_start, balloon_list);
	r.nr_extents = n;
	got = HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
	if (got <= 0)
		return got;
	/* New frames for the same PFNs: the p2m, then the direct map. */
	mmu_batch_init(&b);
	for (i = 0; i < (unsigned long)got; i++) {
		uint64_t *pte = lookup_pte(kernel_l4,
					   (unsigned long)pfn_to_virt(pfn + i));

		p2m[pfn + i] = balloon_list[i];
		if (!pte)
			return -XEN_EINVAL;
		mmu_batch_add(&b, pte_ma(pte),
			      ((uint64_t)balloon_list[i] << PAGE_SHIFT) |
				      PTE_KERNEL_RW);
	}
	rc = mmu_batch_flush(&b);
	return rc ?: got;
}
