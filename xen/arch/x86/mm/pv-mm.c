/* SPDX-License-Identifier: MIT */
/*
 * Frame types and reference counts for PV guests (pv-boot-abi.md §6.1-6.4).
 * This is where isolation lives: a frame used as a page table (or a
 * descriptor table) holds that type for as long as anything references it
 * that way, and a frame with such a type can never gain a writable mapping;
 * conversely a frame mapped writable anywhere can never become a table.
 * The first type reference of a table validates every entry in it, taking
 * references on what the entries point to (recursively), and writes back
 * the bits the hypervisor adds (§6.4); the last one drops them again.
 * Linear (same-level) entries are allowed in the one form Xen allows:
 * read-only, to a validated table that has none itself.
 *
 * Tables are validated, devalidated and written under their owning
 * domain's mm_lock; reference and type counts change atomically, since a
 * privileged domain's mappings of another domain's frames take and drop
 * them under its own lock. Validation recurses at most four levels deep
 * (L4 -> L3 -> L2 -> L1 -> frame). The
 * code touches no hardware directly (flushes and CR3 loads go through
 * flush.c, I/O memory through iomem.c), so tests/unit drives it on the host.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/pv-emul.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/xen.h>

/* Bits a present entry may carry (§6.2): P RW US A D, 9-11, 52-62, NX. */
#define BASE_ALLOWED                                              \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
	 _PAGE_DIRTY | (7UL << 9) | (0x7ffUL << 52) | _PAGE_NX)
#define L1_ALLOWED (BASE_ALLOWED | _PAGE_GLOBAL)
#define UPPER_ALLOWED BASE_ALLOWED
/* Cache attributes (PWT, PCD, PAT) only for domains with I/O access. */
#define L1_CACHE_BITS (_PAGE_PWT | _PAGE_PCD | _PAGE_PSE)

#define ROOT_FIRST_XEN_SLOT 256
#define ROOT_LAST_XEN_SLOT 271

static bool is_xen_l4_slot(unsigned int i)
{
	return i >= ROOT_FIRST_XEN_SLOT && i <= ROOT_LAST_XEN_SLOT;
}

static unsigned long pte_mfn(pgentry_t e)
{
	return (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

void share_xen_page_with_guest(struct page_info *pg, struct domain *d)
{
	pg->owner = d;
	pg->u.type_info = 0;
	pg->count_info = PGC_xen_shared | 1;
	pg->linear_pt_count = 0;
	m2p_set(page_to_mfn(pg), INVALID_M2P_ENTRY);
}

void unshare_xen_page(struct page_info *pg)
{
	pg->owner = NULL;
	pg->count_info = 0;
	pg->u.type_info = 0;
}

struct page_info *domain_page(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (mfn >= max_page)
		return NULL;
	pg = mfn_to_page(mfn);
	if (pg->owner != d || !(pg->count_info & PGC_count_mask))
		return NULL;
	return pg;
}

static bool cmpxchg_ul(unsigned long *p, unsigned long old, unsigned long new)
{
	return __atomic_compare_exchange_n(p, &old, new, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

bool get_page(struct page_info *pg, struct domain *d)
{
	unsigned long x;

	do {
		x = READ_ONCE(pg->count_info);
		/* Count 0: free, or on its way back to the heap. */
		if (READ_ONCE(pg->owner) != d || !(x & PGC_count_mask) ||
		    (x & PGC_count_mask) == PGC_count_mask)
			return false;
	} while (!cmpxchg_ul(&pg->count_info, x, x + 1));
	/* The owner cannot change while we hold a reference. */
	if (READ_ONCE(pg->owner) != d) {
		put_page(pg);
		return false;
	}
	return true;
}

void put_page(struct page_info *pg)
{
	unsigned long x;

	do {
		x = READ_ONCE(pg->count_info);
		if (!(x & PGC_count_mask))
			panic("put_page: mfn %#lx has no reference",
			      page_to_mfn(pg));
	} while (!cmpxchg_ul(&pg->count_info, x, x - 1));
	x--;
	/* Given back by its domain and now unreferenced: it goes. */
	if (!(x & PGC_count_mask) && !(x & (PGC_allocated | PGC_xen_shared)))
		free_domain_page(pg);
}

static unsigned int type_level(unsigned long type)
{
	switch (type) {
	case PGT_l1_page_table:
		return 1;
	case PGT_l2_page_table:
		return 2;
	case PGT_l3_page_table:
		return 3;
	case PGT_l4_page_table:
		return 4;
	}
	return 0;
}

static const unsigned long level_type[5] = {
	PGT_none,	   PGT_l1_page_table, PGT_l2_page_table,
	PGT_l3_page_table, PGT_l4_page_table,
};

/* --- Entries: take and drop what one entry references --- */

/*
 * Check an L1 entry of a table owned by pt_dom that maps a frame of
 * pg_dom, and take its references: a general one on the frame, plus a
 * writable type if RW. *e gets the §6.4 adjustments.
 */
static int get_page_from_l1e(pgentry_t *e, struct domain *pt_dom,
			     struct domain *pg_dom)
{
	pgentry_t v = *e;
	struct page_info *pg;

	if (!(v & _PAGE_PRESENT))
		return 0;
	if (v & ~(L1_ALLOWED | PTE_ADDR_MASK |
		  (pt_dom->is_privileged ? L1_CACHE_BITS : 0)))
		return -EINVAL;
	/*
	 * Xen's errors: RAM that is not pg_dom's is -EBUSY (like a table
	 * mapped writable), I/O memory the domain may not map -EPERM.
	 */
	pg = domain_page(pg_dom, pte_mfn(v));
	if (!pg) {
		if (!is_iomem_frame(pte_mfn(v)))
			return -EBUSY;
		/* I/O memory: the control domain's, without references. */
		if (!pt_dom->is_privileged || !iomem_mappable(pte_mfn(v)))
			return -EPERM;
		goto adjust;
	}
	if (!get_page(pg, pg_dom))
		return -EBUSY;
	if ((v & _PAGE_RW) && get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EBUSY; /* Xen's answer to a writable table mapping */
	}
adjust:
	if (v & _PAGE_USER)
		v |= _PAGE_GLOBAL;
	else
		v = (v & ~_PAGE_GLOBAL) | _PAGE_USER | _PAGE_GUEST_KERNEL;
	*e = v;
	return 0;
}

static void put_page_from_l1e(pgentry_t e)
{
	struct page_info *pg;

	if (!(e & _PAGE_PRESENT))
		return;
	pg = mfn_to_page(pte_mfn(e));
	/* Frames with no owner are I/O memory: nothing was taken. */
	if (pte_mfn(e) >= max_page || !pg->owner)
		return;
	if (e & _PAGE_RW)
		put_page_type(pg);
	put_page(pg);
}

/*
 * A linear entry (§6.2): in table ptpg at level, pointing at pg, a table of
 * the same level. Read-only; to itself (nothing taken), or to another
 * validated table of the domain that has no linear entries itself, while
 * ptpg is no linear target. Takes a general and a type reference on pg.
 */
static int get_linear_entry(pgentry_t e, struct page_info *ptpg,
			    unsigned int level, struct domain *d)
{
	struct page_info *pg;
	unsigned long x;

	if (e & _PAGE_RW)
		return -EINVAL;
	pg = domain_page(d, pte_mfn(e));
	if (!pg)
		return -EINVAL;
	if (pg == ptpg)
		return 0;
	x = pg->u.type_info;
	if ((x & (PGT_type_mask | PGT_validated)) !=
		    (level_type[level] | PGT_validated) ||
	    !(x & PGT_count_mask) || (x & PGT_count_mask) == PGT_count_mask)
		return -EINVAL;
	if (ptpg->linear_pt_count < 0 || ptpg->linear_pt_count == INT16_MAX ||
	    pg->linear_pt_count > 0 || pg->linear_pt_count == INT16_MIN)
		return -EINVAL;
	if (!get_page(pg, d))
		return -EINVAL;
	/* The type was read above: take it only if nothing changed since. */
	if (!cmpxchg_ul(&pg->u.type_info, x, x + 1)) {
		put_page(pg);
		return -EINVAL;
	}
	ptpg->linear_pt_count++;
	pg->linear_pt_count--;
	return 0;
}

/* An L2-L4 entry of table ptpg: the target must be a table one level down. */
static int get_page_from_upper(pgentry_t *e, struct page_info *ptpg,
			       unsigned int level, struct domain *d)
{
	pgentry_t v = *e;
	struct page_info *pg;
	int rc;

	if (!(v & _PAGE_PRESENT))
		return 0;
	if (v & ~(UPPER_ALLOWED | PTE_ADDR_MASK))
		return -EINVAL;
	pg = domain_page(d, pte_mfn(v));
	if (!pg)
		return -EINVAL;
	rc = pg == ptpg ? -EINVAL :
			  get_page_and_type(pg, d, level_type[level - 1]);
	if (rc == -EINVAL)
		rc = get_linear_entry(v, ptpg, level, d);
	if (rc)
		return rc;
	v |= _PAGE_USER;
	if (level == 4)
		v |= _PAGE_ACCESSED;
	*e = v;
	return 0;
}

static void put_page_from_upper(pgentry_t e, struct page_info *ptpg)
{
	struct page_info *pg;

	if (!(e & _PAGE_PRESENT))
		return;
	pg = mfn_to_page(pte_mfn(e));
	if (pg == ptpg)
		return; /* a self-reference took nothing */
	if ((pg->u.type_info & PGT_type_mask) ==
	    (ptpg->u.type_info & PGT_type_mask)) {
		ptpg->linear_pt_count--;
		pg->linear_pt_count++;
	}
	put_page_and_type(pg);
}

static int get_entry(pgentry_t *e, struct page_info *ptpg, unsigned int level,
		     struct domain *pg_dom)
{
	struct domain *d = ptpg->owner;

	return level == 1 ? get_page_from_l1e(e, d, pg_dom) :
			    get_page_from_upper(e, ptpg, level, d);
}

static void put_entry(pgentry_t e, struct page_info *ptpg, unsigned int level)
{
	if (level == 1)
		put_page_from_l1e(e);
	else
		put_page_from_upper(e, ptpg);
}

static bool guest_slot(unsigned int level, unsigned int i)
{
	return level != 4 || !is_xen_l4_slot(i);
}

/* --- Whole tables --- */

static int validate_table(struct page_info *pg, unsigned int level)
{
	pgentry_t *t = page_to_virt(pg);
	struct domain *d = pg->owner;
	unsigned int i;
	int rc = 0;

	for (i = 0; i < PTES_PER_TABLE; i++) {
		pgentry_t e = t[i];

		if (!guest_slot(level, i))
			continue;
		rc = get_entry(&e, pg, level, d);
		if (rc)
			break;
		if (e != t[i])
			WRITE_ONCE(t[i], e);
	}
	if (rc) {
		while (i-- > 0)
			if (guest_slot(level, i))
				put_entry(t[i], pg, level);
		return rc;
	}
	if (level == 4)
		init_xen_l4_slots(t, d->vm_assist &
					     (1UL << VMASST_TYPE_m2p_strict));
	return 0;
}

static void devalidate_table(struct page_info *pg, unsigned int level)
{
	pgentry_t *t = page_to_virt(pg);
	unsigned int i;

	for (i = 0; i < PTES_PER_TABLE; i++)
		if (guest_slot(level, i))
			put_entry(t[i], pg, level);
}

static int validate_desc_frame(struct page_info *pg)
{
	u64 *t = page_to_virt(pg), fixed;
	unsigned int i;

	/* Check every slot first, so a refused frame is left untouched. */
	for (i = 0; i < PTES_PER_TABLE; i++)
		if (!pv_check_descriptor(t[i], &fixed))
			return -EINVAL;
	for (i = 0; i < PTES_PER_TABLE; i++) {
		pv_check_descriptor(t[i], &fixed);
		if (fixed != t[i])
			WRITE_ONCE(t[i], fixed);
	}
	return 0;
}

/* Frames whose first type reference must check their contents. */
static bool needs_validation(unsigned long type)
{
	return type_level(type) || type == PGT_seg_desc_page;
}

/*
 * Type counts change atomically: a privileged domain's L1 entries take and
 * drop writable references on another domain's frames under its own
 * mm_lock. Tables and descriptor frames only ever gain or lose their type
 * under their owner's mm_lock, and while one is being validated (or
 * devalidated) its count is non-zero without PGT_validated, which makes
 * every other taker fail instead of seeing it half-checked.
 */
int get_page_type(struct page_info *pg, unsigned long type)
{
	unsigned long x, nx;
	int rc = 0;

	for (;;) {
		x = READ_ONCE(pg->u.type_info);
		if (x & PGT_count_mask) {
			if ((x & PGT_type_mask) != type)
				return -EINVAL;
			/* Being (de)validated, e.g. a table reaching itself. */
			if (!(x & PGT_validated))
				return -EINVAL;
			if ((x & PGT_count_mask) == PGT_count_mask)
				return -EINVAL;
			if (cmpxchg_ul(&pg->u.type_info, x, x + 1))
				return 0;
			continue;
		}
		/*
		 * Hypervisor pages shared with the guest (shared_info) are
		 * written by the hypervisor at any time: only ever plain data.
		 */
		if ((pg->count_info & PGC_xen_shared) &&
		    type != PGT_writable_page)
			return -EINVAL;
		nx = type | 1 | (needs_validation(type) ? 0 : PGT_validated);
		if (cmpxchg_ul(&pg->u.type_info, x, nx))
			break;
	}

	/*
	 * A fresh type. Once a frame stops being writable, a stale writable
	 * TLB entry for it could survive on any CPU the domain ran on: flush
	 * them before it may become a table.
	 */
	if ((x & PGT_type_mask) == PGT_writable_page &&
	    type != PGT_writable_page)
		flush_tlb_frame_retyped(pg->owner);
	if (!needs_validation(type))
		return 0;
	if (type_level(type))
		rc = validate_table(pg, type_level(type));
	else
		rc = validate_desc_frame(pg);
	if (rc) {
		WRITE_ONCE(pg->u.type_info, PGT_none);
		return rc;
	}
	__atomic_or_fetch(&pg->u.type_info, PGT_validated, __ATOMIC_SEQ_CST);
	return 0;
}

void put_page_type(struct page_info *pg)
{
	unsigned long x, type;

	for (;;) {
		x = READ_ONCE(pg->u.type_info);
		type = x & PGT_type_mask;
		if (!(x & PGT_count_mask))
			panic("put_page_type: mfn %#lx has no type reference",
			      page_to_mfn(pg));
		if ((x & PGT_count_mask) > 1) {
			if (cmpxchg_ul(&pg->u.type_info, x, x - 1))
				return;
			continue;
		}
		if (!type_level(type) || !(x & PGT_validated)) {
			/* count 0, type remembered, pin gone */
			if (cmpxchg_ul(&pg->u.type_info, x, type))
				return;
			continue;
		}
		/* The last user of a table: no longer validated from here. */
		if (cmpxchg_ul(&pg->u.type_info, x, type | 1))
			break;
	}
	devalidate_table(pg, type_level(type));
	WRITE_ONCE(pg->u.type_info, type);
}

int get_page_and_type(struct page_info *pg, struct domain *d,
		      unsigned long type)
{
	int rc;

	if (!get_page(pg, d))
		return -EINVAL;
	rc = get_page_type(pg, type);
	if (rc)
		put_page(pg);
	return rc;
}

void put_page_and_type(struct page_info *pg)
{
	put_page_type(pg);
	put_page(pg);
}

/* --- Single-entry updates --- */

static bool is_table_type(unsigned long x)
{
	return (x & PGT_count_mask) && (x & PGT_validated) &&
	       type_level(x & PGT_type_mask);
}

int pv_mmu_normal_update(struct domain *pt_dom, struct domain *pg_dom, u64 ptr,
			 u64 val, bool preserve_ad)
{
	unsigned long mfn = ptr >> PAGE_SHIFT;
	unsigned int idx = (ptr & ~PAGE_MASK) / sizeof(pgentry_t);
	struct page_info *pg;
	pgentry_t *slot, old, nv = val;
	unsigned int level;
	int rc;

	if (ptr & 7)
		return -EINVAL;
	pg = domain_page(pt_dom, mfn);
	if (!pg)
		return -EINVAL;
	slot = (pgentry_t *)page_to_virt(pg) + idx;

	if (!is_table_type(pg->u.type_info)) {
		/* An ordinary frame: a plain write, if it may be writable. */
		rc = get_page_type(pg, PGT_writable_page);
		if (rc)
			return rc;
		WRITE_ONCE(*slot, nv);
		put_page_type(pg);
		return 0;
	}

	level = type_level(pg->u.type_info & PGT_type_mask);
	if (!guest_slot(level, idx))
		return -EINVAL;
	/* Only L1 entries may map another domain's frames. */
	if (level > 1 && pg_dom != pt_dom)
		return -EINVAL;
	rc = get_entry(&nv, pg, level, pg_dom);
	if (rc)
		return rc;
	/* Hardware may set A/D in the old entry meanwhile: swap atomically. */
	old = READ_ONCE(*slot);
	for (;;) {
		pgentry_t final = nv;

		if (preserve_ad)
			final |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
		if (__atomic_compare_exchange_n(slot, &old, final, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
	}
	/* Upper-level changes: flush everything this domain may cache. */
	if (level > 1)
		flush_tlb_domain(pt_dom);
	put_entry(old, pg, level);
	return 0;
}

/* --- Pins and page-table bases --- */

int pv_pin_table(struct domain *d, unsigned long mfn, unsigned long type)
{
	struct page_info *pg = domain_page(d, mfn);
	int rc;

	if (!pg)
		return -EINVAL;
	rc = get_page_and_type(pg, d, type);
	if (rc)
		return rc;
	if (__atomic_fetch_or(&pg->u.type_info, PGT_pinned, __ATOMIC_SEQ_CST) &
	    PGT_pinned) {
		put_page_and_type(pg);
		return -EINVAL;
	}
	return 0;
}

int pv_unpin_table(struct domain *d, unsigned long mfn)
{
	struct page_info *pg = domain_page(d, mfn);

	if (!pg || !(__atomic_fetch_and(&pg->u.type_info, ~PGT_pinned,
					__ATOMIC_SEQ_CST) &
		     PGT_pinned))
		return -EINVAL;
	put_page_and_type(pg);
	return 0;
}

int pv_new_guest_cr3(struct vcpu *v, unsigned long mfn)
{
	struct domain *d = v->domain;
	struct page_info *pg = domain_page(d, mfn);
	unsigned long old = v->arch.kernel_cr3_mfn;
	pgentry_t *l4;
	int rc;

	if (!pg)
		return -EINVAL;
	rc = get_page_and_type(pg, d, PGT_l4_page_table);
	if (rc)
		return rc;
	/* A kernel base gets the read-only M2P (§5.2). */
	l4 = page_to_virt(pg);
	if (!(d->vm_assist & (1UL << VMASST_TYPE_m2p_strict)))
		l4[l4_table_offset(RO_MPT_VIRT_START)] = m2p_ro_l4e();
	v->arch.kernel_cr3_mfn = mfn;
	if (v->arch.in_kernel && v == current)
		pv_write_ptbase(v);
	if (old)
		put_page_and_type(mfn_to_page(old));
	return 0;
}

int pv_new_user_cr3(struct vcpu *v, unsigned long mfn)
{
	struct domain *d = v->domain;
	unsigned long old = v->arch.user_cr3_mfn;
	struct page_info *pg = NULL;
	int rc;

	if (mfn) {
		pg = domain_page(d, mfn);
		if (!pg)
			return -EINVAL;
		rc = get_page_and_type(pg, d, PGT_l4_page_table);
		if (rc)
			return rc;
		if (d->vm_assist & (1UL << VMASST_TYPE_m2p_strict))
			((pgentry_t *)page_to_virt(
				pg))[l4_table_offset(RO_MPT_VIRT_START)] = 0;
	}
	v->arch.user_cr3_mfn = mfn;
	if (!v->arch.in_kernel && v == current && mfn)
		pv_write_ptbase(v);
	if (old)
		put_page_and_type(mfn_to_page(old));
	return 0;
}

/* --- Domain destruction --- */

void pv_mm_relinquish(struct domain *d)
{
	struct page_info *pg, *next;
	unsigned int i;

	for (i = 0; i < MAX_VIRT_CPUS; i++)
		if (d->vcpu[i])
			pv_destroy_gdt(d->vcpu[i]);

	spin_lock(&d->mm_lock);
	for (i = 0; i < MAX_VIRT_CPUS; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		if (v->arch.kernel_cr3_mfn)
			put_page_and_type(mfn_to_page(v->arch.kernel_cr3_mfn));
		if (v->arch.user_cr3_mfn)
			put_page_and_type(mfn_to_page(v->arch.user_cr3_mfn));
		v->arch.kernel_cr3_mfn = 0;
		v->arch.user_cr3_mfn = 0;
		pv_destroy_ldt(v);
		if (v->vcpu_info_mfn != ~0UL)
			put_page_and_type(mfn_to_page(v->vcpu_info_mfn));
		v->vcpu_info_mfn = ~0UL;
		if (v->vcpu_id < XEN_LEGACY_MAX_VCPUS)
			v->vcpu_info = &d->shared_info->vcpu_info[v->vcpu_id];
	}
	/*
	 * Unpinning cannot free anything (every frame still holds its
	 * allocation reference), so the page list is stable meanwhile.
	 */
	list_for_each_entry_safe (pg, next, &d->page_list, list) {
		if (__atomic_fetch_and(&pg->u.type_info, ~PGT_pinned,
				       __ATOMIC_SEQ_CST) &
		    PGT_pinned)
			put_page_and_type(pg);
	}
	spin_unlock(&d->mm_lock);
}
