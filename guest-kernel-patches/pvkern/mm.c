/* SPDX-License-Identifier: MIT */
/*
 * Memory: the p2m/M2P translations, a page allocator, and pvkern's own page
 * tables. A PV guest never writes a page-table page directly: every table
 * page is mapped read-only everywhere, and entries change only through
 * mmu_update / update_va_mapping, which the hypervisor validates.
 *
 * At boot we run on the builder's tables, which map the image region
 * [VIRT_BASE, VIRT_BASE + region_pages) and nothing else. mm_init builds:
 *
 *   kernel L4 [511] -> L3 [510] -> L2 [0..n-1] -> L1s: the direct map,
 *                                                   PFN p at VIRT_BASE + p
 *                                     L2 [511] -> the fixmap L1
 *             [0]   -> user L3 (shared with the user L4, so the kernel
 *                      sees user memory the way Linux does)
 *   user L4   [0]   -> user L3 [0] -> user L2 [2] -> user L1 (0x400000)
 *
 * New table pages come from beyond the builder's region, where nothing maps
 * them yet; we fill them through one "window" page of .bss that
 * update_va_mapping points at each frame in turn, then unmap the window,
 * pin both L4s (the hypervisor validates the whole tree), load them with
 * NEW_BASEPTR / NEW_USER_BASEPTR and unpin the builder's L4.
 */
#include "pvkern.h"
#include "hypercall.h"

uint64_t *p2m;
unsigned long nr_pages;
unsigned long kernel_l4_mfn, user_l4_mfn, boot_l4_mfn, user_l1_mfn;
uint64_t *kernel_l4, *user_l1, *fixmap_l1;
struct mm_boot_report mm_report;

/* Two pages of .bss whose mappings we repoint. */
static char shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static char window[PAGE_SIZE] __aligned(PAGE_SIZE);

static bool ready; /* running on our own tables */
static unsigned long mapped_pages; /* PFNs below this have a VA */
static unsigned long next_pfn; /* bump allocator, above everything used */
static unsigned long free_pfns[128];
static unsigned int nr_free;

bool mm_ready(void)
{
	return ready;
}

long mmu_update_one(uint64_t ptr, uint64_t val)
{
	struct mmu_update u = { .ptr = ptr, .val = val };

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

long mmuext_one(unsigned int cmd, unsigned long arg1)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.mfn = arg1;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long map_shared_info(void)
{
	/* start_info gives a machine address: map that frame over our page. */
	long rc = HYPERVISOR_update_va_mapping(
		(unsigned long)shared_info_page,
		start_info->shared_info | PTE_KERNEL_RW, UVMF_INVLPG);

	if (rc == 0) {
		shared_info = (shared_info_t *)shared_info_page;
		vcpu = &shared_info->vcpu_info[0];
	}
	return rc;
}

/*
 * Walk l4 for va; returns the L1 entry or NULL. Table pages are read
 * through the direct map, so every table on the path must be there.
 */
uint64_t *lookup_pte(const uint64_t *l4, unsigned long va)
{
	static const unsigned int shift[] = { 39, 30, 21 };
	const uint64_t *t = l4;
	unsigned int level;

	for (level = 0; level < 3; level++) {
		uint64_t e = t[(va >> shift[level]) & 511];
		unsigned long pfn;

		if (!(e & _PAGE_PRESENT))
			return NULL;
		pfn = mfn_to_pfn((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
		if (pfn >= mapped_pages)
			return NULL;
		t = pfn_to_virt(pfn);
	}
	return (uint64_t *)&t[L1_INDEX(va)];
}

unsigned long alloc_pfn(void)
{
	if (nr_free)
		return free_pfns[--nr_free];
	if (next_pfn >= (ready ? mapped_pages : nr_pages))
		panic("out of memory (%lu pages)", next_pfn);
	return next_pfn++;
}

unsigned long alloc_pfn_range(unsigned long n)
{
	unsigned long first = next_pfn;

	if (!ready || n > mapped_pages - next_pfn)
		panic("out of memory (%lu pages wanted at %lu)", n, next_pfn);
	next_pfn += n;
	return first;
}

unsigned long free_pfn_count(void)
{
	return ready ? mapped_pages - next_pfn : 0;
}

void free_pfn(unsigned long pfn)
{
	if (nr_free < ARRAY_SIZE(free_pfns))
		free_pfns[nr_free++] = pfn;
}

void *alloc_page(void)
{
	void *va;

	if (!ready)
		panic("alloc_page before the direct map exists");
	va = pfn_to_virt(alloc_pfn());
	memset(va, 0, PAGE_SIZE);
	return va;
}

void free_page(void *va)
{
	free_pfn(virt_to_pfn(va));
}

long set_page_readonly(void *va, bool ro)
{
	uint64_t pte = (uint64_t)virt_to_mfn(va) << PAGE_SHIFT;

	pte |= ro ? PTE_KERNEL_RO : PTE_KERNEL_RW;
	return HYPERVISOR_update_va_mapping((unsigned long)va, pte,
					    UVMF_INVLPG);
}

/* Point the window at a frame (or back at its own page) and zero it. */
static uint64_t *window_map(unsigned long mfn)
{
	if (HYPERVISOR_update_va_mapping(
		    (unsigned long)window,
		    ((uint64_t)mfn << PAGE_SHIFT) | PTE_KERNEL_RW, UVMF_INVLPG))
		panic("cannot map frame %#lx at the window", mfn);
	memset(window, 0, PAGE_SIZE);
	return (uint64_t *)window;
}

static void window_unmap(void)
{
	if (HYPERVISOR_update_va_mapping((unsigned long)window,
					 ((uint64_t)virt_to_mfn(window)
					  << PAGE_SHIFT) |
						 PTE_KERNEL_RW,
					 UVMF_INVLPG))
		panic("cannot restore the window mapping");
}

/* How many PFNs from 0 up the builder mapped at VIRT_BASE + PFN. */
static unsigned long scan_boot_region(const uint64_t *boot_l4)
{
	unsigned long pfn;

	for (pfn = 0; pfn < nr_pages; pfn++) {
		uint64_t *pte =
			lookup_pte(boot_l4, VIRT_BASE + pfn * PAGE_SIZE);

		if (!pte || !(*pte & _PAGE_PRESENT))
			break;
	}
	return pfn;
}

/* The new tables, in allocation order; all of them are [pt_lo, pt_hi). */
struct new_tables {
	unsigned long l4, l3, l2, l1, nr_l1, fix_l1;
	unsigned long ul4, ul3, ul2, ul1;
	unsigned long lo, hi;
};

static uint64_t table_entry(unsigned long pfn)
{
	return ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) | PT_UPPER_FLAGS;
}

/* The direct-map PTE of pfn in the new tables. */
static uint64_t direct_pte(const uint64_t *boot_l4, unsigned long region,
			   const struct new_tables *t, unsigned long pfn)
{
	uint64_t mfn_bits = (uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT;

	/*
	 * Inside the builder's region keep what the builder (and we) put
	 * there: read-only for its table pages, shared_info over our page.
	 * The window is the exception: right now it maps a new table.
	 */
	if (pfn < region && pfn != virt_to_pfn(window)) {
		uint64_t e = *lookup_pte(boot_l4, VIRT_BASE + pfn * PAGE_SIZE);

		return e & (PTE_ADDR_MASK | PTE_KERNEL_RW);
	}
	if (pfn >= t->lo && pfn < t->hi)
		return mfn_bits | PTE_KERNEL_RO;
	return mfn_bits | PTE_KERNEL_RW;
}

static void build_tables(const uint64_t *boot_l4, unsigned long region,
			 struct new_tables *t)
{
	unsigned long i, j;
	uint64_t *p;

	p = window_map(pfn_to_mfn(t->l4));
	p[0] = table_entry(t->ul3);
	p[511] = table_entry(t->l3);

	p = window_map(pfn_to_mfn(t->l3));
	p[510] = table_entry(t->l2);

	p = window_map(pfn_to_mfn(t->l2));
	for (i = 0; i < t->nr_l1; i++)
		p[i] = table_entry(t->l1 + i);
	p[511] = table_entry(t->fix_l1);

	for (i = 0; i < t->nr_l1; i++) {
		p = window_map(pfn_to_mfn(t->l1 + i));
		for (j = 0; j < 512 && i * 512 + j < mapped_pages; j++)
			p[j] = direct_pte(boot_l4, region, t, i * 512 + j);
	}
	window_map(pfn_to_mfn(t->fix_l1));

	p = window_map(pfn_to_mfn(t->ul4));
	p[0] = table_entry(t->ul3);
	p = window_map(pfn_to_mfn(t->ul3));
	p[0] = table_entry(t->ul2);
	p = window_map(pfn_to_mfn(t->ul2));
	p[L2_INDEX(USER_BASE)] = table_entry(t->ul1);
	window_map(pfn_to_mfn(t->ul1));
	window_unmap();
}

void mm_init(void)
{
	const uint64_t *boot_l4 = (const uint64_t *)start_info->pt_base;
	struct new_tables t;
	unsigned long region;

	/* Until we switch, only the builder's tables exist; trust them. */
	mapped_pages = nr_pages;
	boot_l4_mfn = virt_to_mfn(boot_l4);
	region = scan_boot_region(boot_l4);
	mm_report.region_pages = region;
	info("pvkern: builder mapped %lu pages at %#lx\n", region, VIRT_BASE);

	/* The direct map spans L2 slots 0-510 of the kernel's 1 GiB window. */
	mapped_pages = nr_pages < 511 * 512 ? nr_pages : 511 * 512;
	next_pfn = region;
	t.lo = next_pfn;
	t.l4 = alloc_pfn();
	t.l3 = alloc_pfn();
	t.l2 = alloc_pfn();
	t.nr_l1 = (mapped_pages + 511) / 512;
	t.l1 = next_pfn;
	next_pfn += t.nr_l1;
	t.fix_l1 = alloc_pfn();
	t.ul4 = alloc_pfn();
	t.ul3 = alloc_pfn();
	t.ul2 = alloc_pfn();
	t.ul1 = alloc_pfn();
	t.hi = next_pfn;
	if (t.hi > mapped_pages)
		panic("no room for %lu page-table pages", t.hi - t.lo);
	mm_report.table_pages = t.hi - t.lo;
	mm_report.mapped_pages = mapped_pages;

	build_tables(boot_l4, region, &t);

	kernel_l4_mfn = pfn_to_mfn(t.l4);
	user_l4_mfn = pfn_to_mfn(t.ul4);
	user_l1_mfn = pfn_to_mfn(t.ul1);
	mm_report.pin_l4 = mmuext_one(MMUEXT_PIN_L4_TABLE, kernel_l4_mfn);
	mm_report.pin_user_l4 = mmuext_one(MMUEXT_PIN_L4_TABLE, user_l4_mfn);
	if (mm_report.pin_l4 || mm_report.pin_user_l4) {
		printk("pvkern: pinning the new L4s failed (%ld, %ld)\n",
		       mm_report.pin_l4, mm_report.pin_user_l4);
		mapped_pages = region;
		return;
	}
	mm_report.new_baseptr = mmuext_one(MMUEXT_NEW_BASEPTR, kernel_l4_mfn);
	if (mm_report.new_baseptr) {
		printk("pvkern: NEW_BASEPTR failed (%ld)\n",
		       mm_report.new_baseptr);
		mapped_pages = region;
		return;
	}
	mm_report.new_user_baseptr =
		mmuext_one(MMUEXT_NEW_USER_BASEPTR, user_l4_mfn);
	/* The builder pinned its L4; nothing uses it any more. */
	mm_report.unpin_boot = mmuext_one(MMUEXT_UNPIN_TABLE, boot_l4_mfn);

	kernel_l4 = pfn_to_virt(t.l4);
	user_l1 = pfn_to_virt(t.ul1);
	fixmap_l1 = pfn_to_virt(t.fix_l1);
	ready = true;
	info("pvkern: own page tables loaded: %lu table pages, %lu pages "
	     "mapped, kernel L4 mfn %#lx, user L4 mfn %#lx\n",
	     t.hi - t.lo, mapped_pages, kernel_l4_mfn, user_l4_mfn);
}
