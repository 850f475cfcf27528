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
 *
 * Everything here runs under the owning domain's mm_lock. Validation
 * recurses at most four levels deep (L4 -> L3 -> L2 -> L1 -> frame).
 */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/processor.h>
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
	if (pg->owner != d ||
	    !(pg->count_info & (PGC_allocated | PGC_xen_shared)))
		return NULL;
	return pg;
}

bool get_page(struct page_info *pg, struct domain *d)
{
	unsigned long x = pg->count_info;

	if (pg->owner != d || !(x & (PGC_allocated | PGC_xen_shared)))
		return false;
	if ((x & PGC_count_mask) == PGC_count_mask)
		return false;
	pg->count_info = x + 1;
	return true;
}

void put_page(struct page_info *pg)
{
	if (!(pg->count_info & PGC_count_mask))
		panic("put_page: mfn %#lx has no reference", page_to_mfn(pg));
	pg->count_info--;
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

/* --- I/O memory --- */

/*
 * Frames no domain can own: MMIO and firmware areas outside the host's
 * RAM, and the first MiB (BIOS data, option ROMs, VGA), which the heap
 * never hands out. The control domain may map them (its drivers and
 * firmware tables live there), except the interrupt controllers the
 * hypervisor drives; they carry no reference counts. RAM the
 * hypervisor keeps for itself (its image, the frame table, boot modules)
 * is RAM in the host map, so it is never I/O memory.
 */
#define LOW_MEMORY_FRAMES 256
#define IOAPIC_DEFAULT_MFN (0xfec00000UL >> PAGE_SHIFT)

/* Devices the hypervisor drives itself: never any guest's. */
static bool is_hypervisor_mmio(unsigned long mfn)
{
	unsigned long lapic = (rdmsr(MSR_APIC_BASE) & 0xffffff000ULL) >>
			      PAGE_SHIFT;

	return mfn == lapic || mfn == IOAPIC_DEFAULT_MFN;
}

static bool is_iomem_frame(unsigned long mfn)
{
	const struct boot_info *bi = boot_info_get();
	paddr_t pa = (paddr_t)mfn << PAGE_SHIFT;
	unsigned int i;

	if (mfn < LOW_MEMORY_FRAMES || mfn >= max_page)
		return true;
	for (i = 0; i < bi->nr_mmap; i++)
		if (bi->mmap[i].type == BOOT_MEM_RAM &&
		    pa >= bi->mmap[i].addr &&
		    pa - bi->mmap[i].addr < bi->mmap[i].len)
			return false;
	return true;
}

/* Cache attributes (PWT, PCD, PAT) only for domains with I/O access. */
#define L1_CACHE_BITS (_PAGE_PWT | _PAGE_PCD | _PAGE_PSE)

/* --- Entries: take and drop what one entry references --- */

/*
 * Check an L1 entry for d and take its references: a general one on the
 * frame, plus a writable type if RW. *e gets the §6.4 adjustments.
 */
static int get_page_from_l1e(pgentry_t *e, struct domain *d)
{
	pgentry_t v = *e;
	struct page_info *pg;
	int rc;

	if (!(v & _PAGE_PRESENT))
		return 0;
	if (v & ~(L1_ALLOWED | PTE_ADDR_MASK |
		  (d->is_privileged ? L1_CACHE_BITS : 0)))
		return -EINVAL;
	pg = domain_page(d, pte_mfn(v));
	if (!pg) {
		if (!d->is_privileged || !is_iomem_frame(pte_mfn(v)) ||
		    is_hypervisor_mmio(pte_mfn(v)))
			return -EINVAL;
		goto adjust; /* I/O memory: no references */
	}
	if (!get_page(pg, d))
		return -EINVAL;
	if (v & _PAGE_RW) {
		rc = get_page_type(pg, PGT_writable_page);
		if (rc) {
			put_page(pg);
			return rc;
		}
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
	/* Only a privileged domain's entries can map these; nothing held. */
	if (is_iomem_frame(pte_mfn(e)))
		return;
	pg = mfn_to_page(pte_mfn(e));
	if (e & _PAGE_RW)
		put_page_type(pg);
	put_page(pg);
}

/* An L2-L4 entry: the target must validate as a table one level down. */
static int get_page_from_upper(pgentry_t *e, unsigned int level,
			       struct domain *d)
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
	rc = get_page_and_type(pg, d, level_type[level - 1]);
	if (rc)
		return rc;
	v |= _PAGE_USER;
	if (level == 4)
		v |= _PAGE_ACCESSED;
	*e = v;
	return 0;
}

static void put_page_from_upper(pgentry_t e)
{
	if (e & _PAGE_PRESENT)
		put_page_and_type(mfn_to_page(pte_mfn(e)));
}

static int get_entry(pgentry_t *e, unsigned int level, struct domain *d)
{
	return level == 1 ? get_page_from_l1e(e, d) :
			    get_page_from_upper(e, level, d);
}

static void put_entry(pgentry_t e, unsigned int level)
{
	if (level == 1)
		put_page_from_l1e(e);
	else
		put_page_from_upper(e);
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
		rc = get_entry(&e, level, d);
		if (rc)
			break;
		if (e != t[i])
			WRITE_ONCE(t[i], e);
	}
	if (rc) {
		while (i-- > 0)
			if (guest_slot(level, i))
				put_entry(t[i], level);
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
			put_entry(t[i], level);
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

int get_page_type(struct page_info *pg, unsigned long type)
{
	unsigned long x = pg->u.type_info;
	unsigned long count = x & PGT_count_mask;
	int rc = 0;

	if (count) {
		if ((x & PGT_type_mask) != type)
			return -EBUSY;
		/* A table reaching itself while being validated: a loop. */
		if (!(x & PGT_validated))
			return -EINVAL;
		if (count == PGT_count_mask)
			return -EBUSY;
		pg->u.type_info = x + 1;
		return 0;
	}

	/*
	 * Hypervisor pages shared with the guest (shared_info) are written by
	 * the hypervisor at any time: they may only ever be plain data.
	 */
	if ((pg->count_info & PGC_xen_shared) && type != PGT_writable_page)
		return -EINVAL;

	/*
	 * A fresh type. Once a frame stops being writable, a stale writable
	 * TLB entry for it could survive on this CPU: flush before it may
	 * become a table. (One vCPU per domain for now: see issue 4.)
	 */
	if ((x & PGT_type_mask) == PGT_writable_page &&
	    type != PGT_writable_page)
		flush_tlb_all_local();
	pg->u.type_info = type | 1;
	if (type_level(type))
		rc = validate_table(pg, type_level(type));
	else if (type == PGT_seg_desc_page)
		rc = validate_desc_frame(pg);
	if (rc) {
		pg->u.type_info = PGT_none;
		return rc;
	}
	pg->u.type_info |= PGT_validated;
	return 0;
}

void put_page_type(struct page_info *pg)
{
	unsigned long x = pg->u.type_info;
	unsigned long type = x & PGT_type_mask;

	if (!(x & PGT_count_mask))
		panic("put_page_type: mfn %#lx has no type reference",
		      page_to_mfn(pg));
	if ((x & PGT_count_mask) > 1) {
		pg->u.type_info = x - 1;
		return;
	}
	/* Last user gone: a table drops what its entries held. */
	pg->u.type_info = type; /* count 0, not validated, type remembered */
	if (type_level(type) && (x & PGT_validated))
		devalidate_table(pg, type_level(type));
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

int pv_mmu_normal_update(struct domain *d, u64 ptr, u64 val, bool preserve_ad)
{
	unsigned long mfn = ptr >> PAGE_SHIFT;
	unsigned int idx = (ptr & ~PAGE_MASK) / sizeof(pgentry_t);
	struct page_info *pg;
	pgentry_t *slot, old, nv = val;
	unsigned int level;
	int rc;

	if (ptr & 7)
		return -EINVAL;
	pg = domain_page(d, mfn);
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
	rc = get_entry(&nv, level, d);
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
	put_entry(old, level);
	/* Upper-level changes: flush everything this domain may cache. */
	if (level > 1)
		flush_tlb_all_local();
	return 0;
}

/* --- Page-table bases --- */

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
	l4[l4_table_offset(RO_MPT_VIRT_START)] = m2p_ro_l4e();
	v->arch.kernel_cr3_mfn = mfn;
	if (v->arch.in_kernel && v == current) {
		write_cr3((paddr_t)mfn << PAGE_SHIFT);
		flush_tlb_all_local();
	}
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
	if (!v->arch.in_kernel && v == current && mfn) {
		write_cr3((paddr_t)mfn << PAGE_SHIFT);
		flush_tlb_all_local();
	}
	if (old)
		put_page_and_type(mfn_to_page(old));
	return 0;
}
