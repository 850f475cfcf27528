/* SPDX-License-Identifier: MIT */
/*
 * The MMU suite (scenario pvkern-mmu; run only on request, tests=mmu_*):
 * pvkern's MMU library (mmu.c) against the hypervisor. Address spaces are
 * built, switched and torn down; a 64 MiB address space is forked
 * copy-on-write and both sides checked; stores into live L1 tables go
 * through the writable_pagetables assist; memory is ballooned out and in,
 * exchanged and its limits probed; every flush flavour is exercised.
 * Needs about 100 MiB of free guest memory (--mem 512). Everything here is
 * ABI: the same image passes on Xen 4.17.
 */
#include "pvkern.h"
#include "hypercall.h"
#include "user/usys.h"

#include <public/errno.h>
#include <public/memory.h>

#define SPACE_VA 0x40000000UL /* 1 GiB: L4 slot 0, L3 slot 1 */
#define FORK_PAGES 16384 /* 64 MiB */

static struct mmu_batch batch;

/* A fresh run of data pages, for the suite's mappings. */
static unsigned long data_pfns(unsigned long n)
{
	static unsigned long first, have;

	/* Taken once and reused: the bump allocator never gets them back. */
	if (n > have) {
		first = alloc_pfn_range(n);
		have = n;
	}
	return first;
}

static uint64_t user_pte(unsigned long pfn, bool rw)
{
	return ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) | _PAGE_PRESENT |
	       _PAGE_USER | _PAGE_ACCESSED | (rw ? _PAGE_RW | _PAGE_DIRTY : 0);
}

static long map_range(struct aspace *as, unsigned long va, unsigned long pfn,
		      unsigned long n, bool rw)
{
	unsigned long i;
	long rc = 0;

	mmu_batch_init(&batch);
	for (i = 0; i < n && !rc; i++)
		rc = aspace_map(as, &batch, va + i * PAGE_SIZE,
				pfn_to_mfn(pfn + i),
				user_pte(pfn + i, rw) & ~PTE_ADDR_MASK);
	return rc ?: mmu_batch_flush(&batch);
}

static const char *test_address_spaces(void)
{
	struct aspace a, b;
	unsigned long pa = data_pfns(32), pb = pa + 16, i;
	volatile uint64_t *p = (volatile uint64_t *)SPACE_VA;
	uint64_t seen_a, seen_b;
	long rc;

	for (i = 0; i < 16; i++) {
		*(uint64_t *)pfn_to_virt(pa + i) = 0xa0000 + i;
		*(uint64_t *)pfn_to_virt(pb + i) = 0xb0000 + i;
	}
	rc = aspace_create(&a);
	if (!rc)
		rc = aspace_create(&b);
	if (rc)
		return fail("creating two address spaces: %ld", rc);
	rc = map_range(&a, SPACE_VA, pa, 16, true);
	if (!rc)
		rc = map_range(&b, SPACE_VA, pb, 16, false);
	if (rc)
		return fail("mapping 16 pages into each: %ld", rc);
	/* L4 + L3 + L2 + L1 each. */
	if (a.tables != 4 || b.tables != 4)
		return fail("table pages: %lu and %lu, expected 4 each",
			    a.tables, b.tables);

	/* The same virtual address, two different frames. */
	rc = aspace_switch(&a);
	seen_a = rc ? 0 : p[15 * 512];
	if (!rc)
		p[0] = 0xa11; /* writable in a */
	if (!rc)
		rc = aspace_switch(&b);
	seen_b = rc ? 0 : p[15 * 512];
	if (aspace_switch(NULL))
		panic("cannot switch back to our own L4");
	if (rc)
		return fail("switching address spaces: %ld", rc);
	if (seen_a != 0xa000f || seen_b != 0xb000f)
		return fail("page 15 reads %#lx in a, %#lx in b", seen_a,
			    seen_b);
	if (*(uint64_t *)pfn_to_virt(pa) != 0xa11)
		return fail("the store through a did not reach its frame");
	/* Not mapped in our own address space. */
	if (probe_read((const void *)SPACE_VA, &seen_a, NULL, NULL))
		return fail("SPACE_VA is mapped in the kernel's own L4");
	/* A table of b cannot be made writable while b exists. */
	if (set_page_readonly(b.l4, false) >= 0)
		return fail("b's L4 was made writable");

	rc = aspace_destroy(&a);
	if (!rc)
		rc = aspace_destroy(&b);
	if (rc || a.tables || b.tables)
		return fail("destroying: rc %ld, %lu and %lu tables left", rc,
			    a.tables, b.tables);
	return NULL;
}
DEFINE_REQUEST_TEST(80, "mmu_address_spaces", test_address_spaces);

/* Copy-on-write fork of a 64 MiB address space. */
static struct aspace *cow_space;
static unsigned long cow_faults;

static bool cow_hook(struct trap_frame *f)
{
	unsigned long cr2 = read_cr2();

	if (f->vector != 14 || !cow_space || (f->error_code & 3) != 3 ||
	    cr2 < SPACE_VA || cr2 >= SPACE_VA + FORK_PAGES * PAGE_SIZE)
		return false;
	if (aspace_cow_break(cow_space, cr2))
		return false;
	cow_faults++;
	return true;
}

static long fork_64m(struct aspace *parent, struct aspace *child, uint64_t *ns)
{
	uint64_t t0;
	long rc;

	rc = aspace_create(child);
	if (rc)
		return rc;
	mmu_batch_init(&batch);
	t0 = pvclock_ns();
	rc = aspace_fork(child, parent, SPACE_VA, FORK_PAGES * PAGE_SIZE,
			 &batch);
	*ns = pvclock_ns() - t0;
	return rc;
}

static const char *fork_test(bool bench)
{
	static struct aspace parent, child;
	unsigned long pfn = data_pfns(FORK_PAGES), i, bad = 0;
	volatile uint64_t *p = (volatile uint64_t *)SPACE_VA;
	uint64_t ns = 0, sum = 0;
	long rc;

	for (i = 0; i < FORK_PAGES; i++)
		*(uint64_t *)pfn_to_virt(pfn + i) = i * 0x9e3779b9UL;
	rc = aspace_create(&parent);
	if (!rc)
		rc = map_range(&parent, SPACE_VA, pfn, FORK_PAGES, true);
	if (rc)
		return fail("building the 64 MiB parent: %ld", rc);
	rc = fork_64m(&parent, &child, &ns);
	if (rc)
		return fail("forking 64 MiB: %ld", rc);
	if (bench) {
		bench_report("fork_cow_64MiB", ns / 1000, "us");
		aspace_destroy(&child);
		aspace_destroy(&parent);
		return NULL;
	}
	info("pvkern: forked 64 MiB (%lu tables) in %lu us, %u mmu_update "
	     "calls\n",
	     child.tables, (unsigned long)(ns / 1000), batch.calls);

	/* The child sees every page; its first write gets its own copy. */
	rc = aspace_switch(&child);
	if (!rc) {
		for (i = 0; i < FORK_PAGES; i++)
			if (p[i * 512] != i * 0x9e3779b9UL)
				bad++;
		cow_space = &child;
		cow_faults = 0;
		trap_set_hook(cow_hook);
		p[7 * 512] = 0xc0c0;
		p[8000 * 512 + 3] = 0xc0c1;
		trap_set_hook(NULL);
		cow_space = NULL;
		sum = p[7 * 512] + p[8000 * 512 + 3];
	}
	if (aspace_switch(NULL))
		panic("cannot switch back to our own L4");
	if (rc)
		return fail("switching to the child: %ld", rc);
	if (bad)
		return fail("%lu of %u pages read differently in the child",
			    bad, FORK_PAGES);
	if (cow_faults != 2 || sum != 0xc0c0 + 0xc0c1)
		return fail("copy-on-write: %lu faults, child reads back %#lx",
			    cow_faults, sum);
	/* The parent's pages are untouched, and still read-only for it. */
	if (*(uint64_t *)pfn_to_virt(pfn + 7) != 7 * 0x9e3779b9UL ||
	    *((uint64_t *)pfn_to_virt(pfn + 8000) + 3) != 0)
		return fail("the child's writes reached the parent's frames");
	if (*aspace_pte(&parent, SPACE_VA + 7 * PAGE_SIZE) & _PAGE_RW)
		return fail("the parent's mapping stayed writable");
	if (!(*aspace_pte(&child, SPACE_VA + 7 * PAGE_SIZE) & _PAGE_RW))
		return fail("the child's copy is not writable");
	rc = aspace_destroy(&child);
	if (!rc)
		rc = aspace_destroy(&parent);
	if (rc)
		return fail("destroying the two address spaces: %ld", rc);
	return NULL;
}

static const char *test_fork_64m(void)
{
	return fork_test(false);
}
DEFINE_REQUEST_TEST(81, "mmu_fork_64m", test_fork_64m);

/*
 * Stores into a live L1 of another address space with the
 * writable_pagetables assist: emulated and validated, the way Linux
 * builds its tables.
 */
static const char *test_pt_stores(void)
{
	struct aspace a;
	unsigned long pfn = data_pfns(2);
	uint64_t *pte, err = 0, v = 0;
	long rc;

	rc = aspace_create(&a);
	if (!rc)
		rc = map_range(&a, SPACE_VA, pfn, 1, true);
	if (rc)
		return fail("building the address space: %ld", rc);
	*(uint64_t *)pfn_to_virt(pfn + 1) = 0x5707e2;
	pte = aspace_pte(&a, SPACE_VA);
	rc = HYPERVISOR_vm_assist(VMASST_CMD_enable,
				  VMASST_TYPE_writable_pagetables);
	if (rc)
		return fail("enabling writable_pagetables: %ld", rc);
	/* pte[1]: a plain store of a new entry (SPACE_VA + 4 KiB). */
	if (!probe_write(&pte[1], user_pte(pfn + 1, false), NULL, &err))
		rc = -1;
	/* A store making one of a's own tables writable: refused. */
	if (!rc &&
	    probe_write(&pte[2],
			((uint64_t)a.l4_mfn << PAGE_SHIFT) | PTE_KERNEL_RW,
			NULL, NULL))
		rc = -2;
	HYPERVISOR_vm_assist(VMASST_CMD_disable,
			     VMASST_TYPE_writable_pagetables);
	if (rc == -1)
		return fail("a store into a's L1 was not emulated (#PF %#lx)",
			    err);
	if (rc == -2)
		return fail("a store mapping a's L4 writable was accepted");
	if (!(pte[1] & _PAGE_PRESENT) || (pte[2] & _PAGE_PRESENT))
		return fail("entries read %#lx and %#lx", pte[1], pte[2]);
	rc = aspace_switch(&a);
	if (!rc &&
	    !probe_read((const void *)(SPACE_VA + PAGE_SIZE), &v, NULL, NULL))
		rc = -3;
	aspace_switch(NULL);
	if (rc || v != 0x5707e2)
		return fail("reading through the stored entry: rc %ld, %#lx",
			    rc, v);
	rc = aspace_destroy(&a);
	return rc ? fail("destroying: %ld", rc) : NULL;
}
DEFINE_REQUEST_TEST(82, "mmu_pt_stores", test_pt_stores);

static long reservation(void)
{
	domid_t self = DOMID_SELF;

	return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

/* Balloon 1024 pages out and back in. */
static const char *test_balloon(void)
{
	unsigned long pfn = data_pfns(1024), i, old_mfn[4], dirty = 0;
	long before = reservation(), mid, after, rc;
	uint64_t v;

	for (i = 0; i < 1024; i++)
		*(uint64_t *)pfn_to_virt(pfn + i) = 0xba11002UL;
	for (i = 0; i < 4; i++)
		old_mfn[i] = pfn_to_mfn(pfn + i);
	rc = balloon_out(pfn, 1024);
	mid = reservation();
	if (rc != 1024)
		return fail("decrease_reservation of 1024 did %ld", rc);
	if (mid != before - 1024)
		return fail("reservation %ld after giving back 1024 of %ld",
			    mid, before);
	if (mfn_to_pfn(old_mfn[0]) == pfn || mfn_to_pfn(old_mfn[3]) == pfn + 3)
		return fail("the M2P still maps a frame we gave back");
	/* Gone from the direct map too. */
	if (probe_read(pfn_to_virt(pfn), &v, NULL, NULL))
		return fail("a ballooned-out page still reads %#lx", v);

	rc = balloon_in(pfn, 1024);
	after = reservation();
	if (rc != 1024 || after != before)
		return fail("populate_physmap of 1024 did %ld (reservation "
			    "%ld, was %ld)",
			    rc, after, before);
	for (i = 0; i < 1024; i++) {
		if (mfn_to_pfn(pfn_to_mfn(pfn + i)) != pfn + i)
			return fail("page %lu: M2P %#lx", i,
				    mfn_to_pfn(pfn_to_mfn(pfn + i)));
		if (*(uint64_t *)pfn_to_virt(pfn + i))
			dirty++;
	}
	/*
	 * Xen scrubs only a dying domain's frames (it expects a guest to
	 * clear what it gives back); Xenolith scrubs every freed frame. Not
	 * ABI, so reported, and checked by the Xenolith scenario.
	 */
	info("pvkern: ballooned 1024 pages out and in (reservation %ld), "
	     "%lu came back with old data\n",
	     after, dirty);
	return NULL;
}
DEFINE_REQUEST_TEST(83, "mmu_balloon", test_balloon);

static long reserve(unsigned int op, xen_pfn_t *list, unsigned long n,
		    unsigned int order, unsigned int flags)
{
	struct xen_memory_reservation r = { .domid = DOMID_SELF };

	set_xen_guest_handle(r.extent_start, list);
	r.nr_extents = n;
	r.extent_order = order;
	r.mem_flags = flags;
	return HYPERVISOR_memory_op(op, &r);
}

/* Limits, address bits, orders and partial progress, as Xen counts them. */
static const char *test_reservation_rules(void)
{
	static xen_pfn_t list[16];
	domid_t self = DOMID_SELF;
	unsigned long pfn = data_pfns(8), i, room, want;
	long max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self);
	long cur, rc;

	/* Make room, then ask for more than the room there is. */
	rc = balloon_out(pfn, 8);
	if (rc != 8)
		return fail("giving back 8 pages did %ld", rc);
	cur = reservation();
	room = (unsigned long)(max - cur);
	want = room < 16 ? room : 16;
	rc = reserve(XENMEM_increase_reservation, list, 16, 0, 0);
	if (rc != (long)want)
		return fail("increase_reservation of 16 with room for %lu "
			    "did %ld",
			    room, rc);
	if (reservation() != cur + rc)
		return fail("reservation %ld after %ld more from %ld",
			    reservation(), rc, cur);
	/* Give them back, with one frame that is not ours in the middle. */
	if (rc > 2) {
		xen_pfn_t keep = list[2];

		list[2] = ~0UL >> 20; /* no such frame */
		rc = reserve(XENMEM_decrease_reservation, list, want, 0, 0);
		if (rc != 2)
			return fail("decrease with a bad third frame did %ld",
				    rc);
		list[2] = keep;
		rc = reserve(XENMEM_decrease_reservation, list + 2, want - 2, 0,
			     0);
		if (rc != (long)want - 2)
			return fail("decreasing the rest did %ld", rc);
	}
	if (reservation() != cur)
		return fail("reservation %ld, expected %ld back", reservation(),
			    cur);

	/* Address bits: 12 fits nothing; 31 keeps frames below 2 GiB. */
	for (i = 0; i < 4; i++)
		list[i] = pfn + i;
	if (reserve(XENMEM_populate_physmap, list, 4, 0, 12) != 0)
		return fail("populate with 12 address bits did something");
	rc = reserve(XENMEM_populate_physmap, list, 4, 0, 31);
	for (i = 0; rc == 4 && i < 4; i++)
		if (list[i] >= (1UL << (31 - PAGE_SHIFT)))
			return fail("frame %#lx above 2 GiB", list[i]);
	if (rc != 4)
		return fail("populate with 31 address bits did %ld", rc);
	rc = reserve(XENMEM_decrease_reservation, list, 4, 0, 0);
	/* Orders beyond the maximum: nothing. */
	if (rc == 4 && reserve(XENMEM_increase_reservation, NULL, 1, 21, 0))
		return fail("an order-21 extent was allocated");
	/* Too many extents to resume: nothing either. */
	if (rc == 4 &&
	    reserve(XENMEM_increase_reservation, NULL, 1UL << 27, 0, 0))
		return fail("2^27 extents were accepted");
	if (rc != 4)
		return fail("giving the 4 back did %ld", rc);
	/* And the 8 we started with come home. */
	rc = balloon_in(pfn, 8);
	if (rc != 8 || reservation() != cur + 8)
		return fail("taking the 8 back did %ld", rc);
	return NULL;
}
DEFINE_REQUEST_TEST(84, "mmu_reservation_rules", test_reservation_rules);

/*
 * XENMEM_exchange, as swiotlb-xen uses it: eight scattered pages for one
 * contiguous, aligned order-3 extent below 4 GiB.
 */
static const char *test_exchange(void)
{
	static xen_pfn_t in[8], out[1];
	struct xen_memory_exchange x = { 0 };
	unsigned long pfn = data_pfns(8), i, dirty = 0;
	long before = reservation(), rc;
	struct mmu_batch *b = &batch;

	/* A page still mapped cannot be exchanged: nothing happens. */
	for (i = 0; i < 8; i++)
		in[i] = pfn_to_mfn(pfn + i);
	x.in.nr_extents = 8;
	x.in.domid = DOMID_SELF;
	set_xen_guest_handle(x.in.extent_start, in);
	x.out.nr_extents = 1;
	x.out.extent_order = 3;
	x.out.mem_flags = XENMEMF_address_bits(32);
	x.out.domid = DOMID_SELF;
	out[0] = pfn;
	set_xen_guest_handle(x.out.extent_start, out);
	rc = HYPERVISOR_memory_op(XENMEM_exchange, &x);
	if (rc >= 0 || x.nr_exchanged || pfn_to_mfn(pfn) != in[0])
		return fail("exchange of mapped pages: rc %ld, %lu done", rc,
			    (unsigned long)x.nr_exchanged);

	/* Unmapped (as Linux's xen_zap_pfn_range does), it works. */
	mmu_batch_init(b);
	for (i = 0; i < 8; i++)
		mmu_batch_add(
			b,
			pte_ma(lookup_pte(kernel_l4,
					  (unsigned long)pfn_to_virt(pfn + i))),
			0);
	rc = mmu_batch_flush(b);
	if (!rc)
		rc = mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0);
	if (!rc)
		rc = HYPERVISOR_memory_op(XENMEM_exchange, &x);
	if (rc || x.nr_exchanged != 8)
		return fail("exchange: rc %ld, %lu exchanged", rc,
			    (unsigned long)x.nr_exchanged);
	if ((out[0] & 7) || out[0] >= (1UL << (32 - PAGE_SHIFT)))
		return fail("the new extent at mfn %#lx is not aligned below "
			    "4 GiB",
			    (unsigned long)out[0]);
	if (reservation() != before)
		return fail("reservation %ld after the exchange, was %ld",
			    reservation(), before);
	mmu_batch_init(b);
	for (i = 0; i < 8; i++) {
		if (mfn_to_pfn(out[0] + i) != pfn + i)
			return fail("M2P[%#lx] = %#lx, expected %#lx",
				    (unsigned long)out[0] + i,
				    mfn_to_pfn(out[0] + i), pfn + i);
		p2m[pfn + i] = out[0] + i;
		mmu_batch_add(
			b,
			pte_ma(lookup_pte(kernel_l4,
					  (unsigned long)pfn_to_virt(pfn + i))),
			((uint64_t)(out[0] + i) << PAGE_SHIFT) | PTE_KERNEL_RW);
	}
	rc = mmu_batch_flush(b);
	if (rc)
		return fail("mapping the new extent: %ld", rc);
	for (i = 0; i < 8; i++)
		if (*(uint64_t *)pfn_to_virt(pfn + i))
			dirty++;
	info("pvkern: exchanged 8 pages for mfn %#lx, %lu with old data\n",
	     (unsigned long)out[0], dirty);
	return NULL;
}
DEFINE_REQUEST_TEST(85, "mmu_exchange", test_exchange);

/*
 * Flushes: change a mapping behind the TLB's back (mmu_update, no flush),
 * then each flush flavour must make the new mapping visible.
 */
static unsigned long flush_va(void)
{
	return FIXMAP_BASE + 12 * PAGE_SIZE;
}

/* Point the flush slot at page (no flush); true if it then read back v. */
static void remap_quietly(const uint64_t *page)
{
	uint64_t *pte = lookup_pte(kernel_l4, flush_va());

	if (mmu_update_one(pte_ma(pte),
			   ((uint64_t)virt_to_mfn(page) << PAGE_SHIFT) |
				   PTE_KERNEL_RW))
		panic("cannot remap the flush slot");
}

static const char *test_flushes(void)
{
	static const struct {
		const char *name;
		unsigned int cmd;
	} ops[] = {
		{ "TLB_FLUSH_LOCAL", MMUEXT_TLB_FLUSH_LOCAL },
		{ "INVLPG_LOCAL", MMUEXT_INVLPG_LOCAL },
		{ "TLB_FLUSH_MULTI", MMUEXT_TLB_FLUSH_MULTI },
		{ "INVLPG_MULTI", MMUEXT_INVLPG_MULTI },
		{ "TLB_FLUSH_ALL", MMUEXT_TLB_FLUSH_ALL },
		{ "INVLPG_ALL", MMUEXT_INVLPG_ALL },
	};
	static const unsigned long uvmf[] = {
		UVMF_TLB_FLUSH | UVMF_LOCAL,
		UVMF_INVLPG | UVMF_LOCAL,
		UVMF_TLB_FLUSH | UVMF_ALL,
		UVMF_INVLPG | UVMF_ALL,
		UVMF_TLB_FLUSH, /* | vCPU bitmap, below */
		UVMF_INVLPG,
	};
	volatile uint64_t *va = (volatile uint64_t *)flush_va();
	unsigned long mask = 1, i;
	uint64_t *pg[2];
	struct mmuext_op op;
	long rc;

	pg[0] = alloc_page();
	pg[1] = alloc_page();
	pg[0][0] = 0xf0;
	pg[1][0] = 0xf1;
	remap_quietly(pg[0]);
	mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0);
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		(void)va[0]; /* cached: pg[i & 1] */
		remap_quietly(pg[(i + 1) & 1]);
		memset(&op, 0, sizeof(op));
		op.cmd = ops[i].cmd;
		op.arg1.linear_addr = flush_va();
		op.arg2.vcpumask.p = &mask;
		rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
		if (rc || va[0] != pg[(i + 1) & 1][0])
			return fail("%s: rc %ld, reads %#lx", ops[i].name, rc,
				    va[0]);
	}
	for (i = 0; i < ARRAY_SIZE(uvmf); i++) {
		unsigned long flags = uvmf[i];

		if (i >= 4)
			flags |= (unsigned long)&mask;
		(void)va[0];
		rc = HYPERVISOR_update_va_mapping(
			flush_va(),
			((uint64_t)virt_to_mfn(pg[i & 1]) << PAGE_SHIFT) |
				PTE_KERNEL_RW,
			flags);
		if (rc || va[0] != pg[i & 1][0])
			return fail("update_va_mapping flags %#lx: rc %ld, "
				    "reads %#lx",
				    flags, rc, va[0]);
	}
	/* The _otherdomain form, naming ourselves as DOMID_SELF. */
	rc = HYPERVISOR_update_va_mapping_otherdomain(
		flush_va(),
		((uint64_t)virt_to_mfn(pg[1]) << PAGE_SHIFT) | PTE_KERNEL_RW,
		UVMF_INVLPG, DOMID_SELF);
	if (rc || va[0] != 0xf1)
		return fail("update_va_mapping_otherdomain: rc %ld", rc);
	/* A cache flush (the control domain has I/O access). */
	if (is_dom0() && mmuext_one(MMUEXT_FLUSH_CACHE, 0))
		return fail("MMUEXT_FLUSH_CACHE refused for dom0");
	/* CLEAR_PAGE and COPY_PAGE on frames we may write. */
	memset(&op, 0, sizeof(op));
	op.cmd = MMUEXT_COPY_PAGE;
	op.arg1.mfn = virt_to_mfn(pg[0]);
	op.arg2.src_mfn = virt_to_mfn(pg[1]);
	rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	if (rc || pg[0][0] != 0xf1)
		return fail("COPY_PAGE: rc %ld, reads %#lx", rc, pg[0][0]);
	rc = mmuext_one(MMUEXT_CLEAR_PAGE, virt_to_mfn(pg[1]));
	if (rc || pg[1][0])
		return fail("CLEAR_PAGE: rc %ld, reads %#lx", rc, pg[1][0]);
	HYPERVISOR_update_va_mapping(flush_va(), 0, UVMF_INVLPG);
	free_page(pg[0]);
	free_page(pg[1]);
	return NULL;
}
DEFINE_REQUEST_TEST(86, "mmu_flushes", test_flushes);

/* #PFs from user mode, bounced to our kernel and back, many in a row. */
static const char *test_user_faults(void)
{
	long rc = run_user(UTEST_FAULT_LOOP);

	if (rc || user_report.loop_faults != UTEST_FAULT_ROUNDS)
		return fail("fault loop: status %ld, %lu faults of %u", rc,
			    user_report.loop_faults, UTEST_FAULT_ROUNDS);
	return NULL;
}
DEFINE_REQUEST_TEST(87, "mmu_user_faults", test_user_faults);

/* --- Benchmarks (tests=bench_mmu), figures only --- */

static const char *bench_mmu(void)
{
	static struct aspace a;
	unsigned long pfn = data_pfns(FORK_PAGES), sizes[3] = { 1, 16, 512 };
	uint64_t *pte, t0, ns;
	unsigned int s, i, n;
	long rc;

	/* mmu_update entries per second, in batches of 1, 16 and 512. */
	rc = aspace_create(&a);
	if (!rc)
		rc = map_range(&a, SPACE_VA, pfn, 512, true);
	if (rc)
		return fail("building the benchmark space: %ld", rc);
	pte = aspace_pte(&a, SPACE_VA);
	for (s = 0; s < 3; s++) {
		unsigned long total = 0;

		t0 = pvclock_ns();
		do {
			mmu_batch_init(&batch);
			for (n = 0; n < 8192 / sizes[s] * sizes[s] && !rc;) {
				for (i = 0; i < sizes[s]; i++, n++)
					rc = mmu_batch_add(
						&batch, pte_ma(&pte[i]),
						user_pte(pfn + ((n + total) &
								1023),
							 n & 1));
				rc = rc ?: mmu_batch_flush(&batch);
			}
			total += n;
			ns = pvclock_ns() - t0;
		} while (!rc && ns < 200000000ULL);
		if (rc)
			return fail("mmu_update batch of %lu: %ld", sizes[s],
				    rc);
		bench_report(s == 0 ? "mmu_update_batch1" :
			     s == 1 ? "mmu_update_batch16" :
				      "mmu_update_batch512",
			     total * 1000000000ULL / ns, "entries/s");
	}
	/* Pin and unpin of an L4 address space (its 4 tables). */
	rc = mmuext_one(MMUEXT_UNPIN_TABLE, a.l4_mfn);
	t0 = pvclock_ns();
	for (n = 0; n < 500 && !rc; n++) {
		rc = mmuext_one(MMUEXT_PIN_L4_TABLE, a.l4_mfn);
		rc = rc ?: mmuext_one(MMUEXT_UNPIN_TABLE, a.l4_mfn);
	}
	ns = pvclock_ns() - t0;
	rc = rc ?: mmuext_one(MMUEXT_PIN_L4_TABLE, a.l4_mfn);
	if (rc)
		return fail("pin/unpin: %ld", rc);
	bench_report("pin_unpin_l4_space", ns / n, "ns");
	aspace_destroy(&a);
	/* A user-mode #PF bounced to the kernel and back. */
	t0 = pvclock_ns();
	rc = run_user(UTEST_FAULT_LOOP);
	ns = pvclock_ns() - t0;
	if (rc || user_report.loop_faults != UTEST_FAULT_ROUNDS)
		return fail("fault loop: status %ld, %lu faults", rc,
			    user_report.loop_faults);
	bench_report("user_pf_roundtrip", ns / UTEST_FAULT_ROUNDS, "ns");
	return fork_test(true);
}
DEFINE_REQUEST_TEST(95, "bench_mmu", bench_mmu);

/*
 * foreigndom (run with another domain, tests=mmu_foreign): the control
 * domain maps another domain's frame (its PFN 0, the start of the same
 * pvkern image ours begins with) through mmu_update and
 * update_va_mapping_otherdomain; naming a domain that does not exist is
 * -ESRCH, and the frame is not ours (-EBUSY). An unprivileged domain may
 * name no other domain at all (-EPERM).
 */
static const char *test_foreign(void)
{
	uint64_t *pte = lookup_pte(kernel_l4, flush_va());
	const void *va = (const void *)flush_va();
	unsigned long mfn,
		max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
	struct mmu_update u;
	long rc;

	if (!is_dom0()) {
		u.ptr = pte_ma(pte);
		u.val = ((uint64_t)virt_to_mfn(_text) << PAGE_SHIFT) |
			PTE_KERNEL_RO;
		rc = HYPERVISOR_mmu_update(&u, 1, NULL, 0);
		return rc == -XEN_EPERM ? NULL :
					  fail("naming domain 0: %ld", rc);
	}
	/* Domain 1's PFN 0: a frame whose M2P entry is 0 and not ours. */
	for (mfn = 0x100; mfn < max; mfn++)
		if (m2p()[mfn] == 0 && mfn != pfn_to_mfn(0))
			break;
	if (mfn >= max)
		return fail("no frame of another domain's PFN 0");
	u.ptr = pte_ma(pte);
	u.val = ((uint64_t)mfn << PAGE_SHIFT) | PTE_KERNEL_RO;
	rc = HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
	if (rc != -XEN_EBUSY)
		return fail("mapping it as ours: %ld", rc);
	rc = HYPERVISOR_mmu_update(&u, 1, NULL, 999);
	if (rc != -XEN_ESRCH)
		return fail("naming a missing domain: %ld", rc);
	rc = HYPERVISOR_mmu_update(&u, 1, NULL, 1);
	mmuext_one(MMUEXT_INVLPG_LOCAL, flush_va());
	if (rc || memcmp(va, pfn_to_virt(0), 256))
		return fail("mapping domain 1's frame %#lx: %ld%s", mfn, rc,
			    rc ? "" : ", different contents");
	rc = HYPERVISOR_update_va_mapping(flush_va(), 0, UVMF_INVLPG);
	if (!rc)
		rc = HYPERVISOR_update_va_mapping_otherdomain(
			flush_va(),
			((uint64_t)mfn << PAGE_SHIFT) | PTE_KERNEL_RO,
			UVMF_INVLPG, 1);
	if (rc || memcmp(va, pfn_to_virt(0), 256))
		return fail("update_va_mapping_otherdomain: %ld", rc);
	info("pvkern: mapped domain 1's frame %#lx\n", mfn);
	HYPERVISOR_update_va_mapping(flush_va(), 0, UVMF_INVLPG);
	return NULL;
}
DEFINE_REQUEST_TEST(89, "mmu_foreign", test_foreign);
