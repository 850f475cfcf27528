/* SPDX-License-Identifier: MIT */
/*
 * Reservation changes (xen/common/reservation.c) driven through the real
 * code over the fake RAM, with the real frame accounting (domheap.c) and
 * types (pv-mm.c) beneath: limits and partial progress, extent orders,
 * address bits, the M2P, frames given back while still referenced,
 * exchange's all-or-nothing chunks, and continuations (the harness says
 * "stop" after a chosen number of items). Guest arrays are host arrays;
 * the harness can make a range of them fault.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/pv-mm.h>
#include <public/memory.h>

#include "../../xen/common/reservation.h"
#include "harness/harness.h"
#include "unit.h"

#define FIRST_MFN 64UL
#define NR_MFNS 2048UL

static struct domain *d;
static xen_pfn_t list[64];

static void reset(unsigned long max_pages)
{
	domheap_flush_freed();
	if (d)
		harness_domain_free(d);
	harness_heap_reset(FIRST_MFN, NR_MFNS);
	harness_mm_reset();
	d = harness_domain_new(1, max_pages);
	harness_current = d->vcpu[0];
	memset(list, 0, sizeof(list));
}

static int teardown(void)
{
	domheap_flush_freed();
	if (d)
		harness_domain_free(d);
	d = NULL;
	harness_current = NULL;
	return 0;
}

static struct memop_args args(unsigned int n, unsigned int order,
			      unsigned int bits)
{
	struct xen_memory_reservation r = { .nr_extents = n,
					    .extent_order = order,
					    .mem_flags = bits,
					    .domid = DOMID_SELF };
	struct memop_args a;

	set_xen_guest_handle(r.extent_start, list);
	CU_ASSERT_EQUAL(memop_args_from_reservation(&r, d, &a), 0);
	a.nr_done = 0;
	return a;
}

static unsigned long refs(unsigned long mfn)
{
	return mfn_to_page(mfn)->count_info & PGC_count_mask;
}

static void test_increase_limits(void)
{
	struct memop_args a;
	unsigned int i;

	reset(10);
	a = args(8, 0, 0);
	increase_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 8);
	CU_ASSERT_EQUAL(d->tot_pages, 8);
	for (i = 0; i < 8; i++) {
		CU_ASSERT_PTR_EQUAL(mfn_to_page(list[i])->owner, d);
		CU_ASSERT_EQUAL(refs(list[i]), 1);
	}
	/* Room for two more: two done, the domain at its limit. */
	a = args(8, 0, 0);
	increase_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 2);
	CU_ASSERT_EQUAL(d->tot_pages, 10);
	/* Orders beyond 9 are the control domain's only. */
	reset(4096);
	a = args(1, 10, 0);
	increase_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 0);
	CU_ASSERT_EQUAL(d->tot_pages, 0);
	d->is_privileged = true;
	a = args(1, 10, 0);
	increase_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 1);
	CU_ASSERT_EQUAL(list[0] & 1023, 0); /* aligned to its size */
	d->is_privileged = false;
	/* More than the heap has (one aligned 512 left): that, cleanly. */
	a = args(4, 9, 0);
	increase_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 1);
	CU_ASSERT_EQUAL(d->tot_pages, 1024 + 512);
}

static void test_address_bits(void)
{
	struct xen_memory_reservation r = { .nr_extents = 1,
					    .domid = DOMID_SELF };
	struct memop_args a;
	unsigned int i;

	reset(4096);
	/* 12 bits or fewer fit nothing at all. */
	r.mem_flags = XENMEMF_address_bits(12);
	CU_ASSERT_EQUAL(memop_args_from_reservation(&r, d, &a), -EINVAL);
	/* Below 2^19 bytes: frames 64-127, 64 of them. */
	a = args(64, 0, XENMEMF_address_bits(19));
	increase_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 64);
	for (i = 0; i < 64; i++)
		CU_ASSERT_TRUE(list[i] < 128);
	a = args(1, 0, XENMEMF_address_bits(19));
	increase_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 0);
	/* At or above the top of RAM, the bits mean nothing. */
	a = args(1, 0, XENMEMF_address_bits(40));
	CU_ASSERT_EQUAL(a.memflags, 0);
	increase_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 1);
}

static void test_populate_and_decrease(void)
{
	struct memop_args a;
	unsigned long mfn[8], before;
	unsigned int i;

	reset(64);
	before = heap_free_pages();
	for (i = 0; i < 8; i++)
		list[i] = 0x100 + i * 2;
	a = args(8, 1, 0);
	populate_physmap(&a);
	CU_ASSERT_EQUAL(a.nr_done, 8);
	CU_ASSERT_EQUAL(d->tot_pages, 16);
	for (i = 0; i < 8; i++) {
		mfn[i] = list[i];
		/* The M2P knows both frames of each extent. */
		CU_ASSERT_EQUAL(m2p_get(mfn[i]), 0x100 + i * 2);
		CU_ASSERT_EQUAL(m2p_get(mfn[i] + 1), 0x100 + i * 2 + 1);
	}
	/* Give back four extents; the third names a frame not ours. */
	list[0] = mfn[0];
	list[1] = mfn[1];
	list[2] = FIRST_MFN + NR_MFNS - 1;
	list[3] = mfn[3];
	a = args(4, 1, 0);
	decrease_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 2);
	CU_ASSERT_EQUAL(d->tot_pages, 12);
	CU_ASSERT_EQUAL(m2p_get(mfn[0]), INVALID_M2P_ENTRY);
	CU_ASSERT_EQUAL(domheap_nr_queued(), 4);
	domheap_flush_freed();
	CU_ASSERT_EQUAL(heap_free_pages(), before - 12);
	/* Beyond the end of RAM: nothing, and nothing breaks. */
	list[0] = ~0UL >> 12;
	a = args(1, 0, 0);
	decrease_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 0);
	/* A list that faults: stops there. */
	list[0] = mfn[3];
	list[1] = mfn[4];
	harness_guest.fault_at = (unsigned long)&list[1];
	harness_guest.fault_len = sizeof(list[1]);
	a = args(2, 1, 0);
	decrease_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 1);
	CU_ASSERT_EQUAL(d->tot_pages, 10);
}

static void test_decrease_referenced(void)
{
	struct memop_args a;
	unsigned long mfn;

	reset(64);
	a = args(1, 0, 0);
	increase_reservation(&a);
	mfn = list[0];
	CU_ASSERT_EQUAL(pv_pin_table(d, mfn, PGT_l1_page_table), 0);
	/* Done, as in Xen, but the frame stays while pinned. */
	a = args(1, 0, 0);
	decrease_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 1);
	CU_ASSERT_EQUAL(d->tot_pages, 1);
	CU_ASSERT_PTR_EQUAL(mfn_to_page(mfn)->owner, d);
	CU_ASSERT_EQUAL(domheap_nr_queued(), 0);
	/* Given back twice: the allocation reference went the first time. */
	a = args(1, 0, 0);
	decrease_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 1);
	CU_ASSERT_EQUAL(refs(mfn), 1);
	CU_ASSERT_EQUAL(pv_unpin_table(d, mfn), 0);
	CU_ASSERT_EQUAL(d->tot_pages, 0);
	CU_ASSERT_EQUAL(domheap_nr_queued(), 1);
	/* Gone: a third time is refused. */
	a = args(1, 0, 0);
	decrease_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 0);
}

static void test_continuation(void)
{
	struct memop_args a;

	reset(64);
	harness_guest.preempt_after = 3;
	a = args(8, 0, 0);
	increase_reservation(&a);
	/* The check comes before items 1, 2, 3: three done, then stop. */
	CU_ASSERT_TRUE(a.preempted);
	CU_ASSERT_EQUAL(a.nr_done, 3);
	CU_ASSERT_EQUAL(d->tot_pages, 3);
	/* Re-entered at extent 3, it finishes. */
	a.preempted = false;
	increase_reservation(&a);
	CU_ASSERT_FALSE(a.preempted);
	CU_ASSERT_EQUAL(a.nr_done, 8);
	CU_ASSERT_EQUAL(d->tot_pages, 8);
	/* Every entry does at least one item, whatever the check says. */
	harness_guest.preempt_after = 1;
	a = args(8, 0, 0);
	a.nr_done = 7;
	decrease_reservation(&a);
	CU_ASSERT_EQUAL(a.nr_done, 8);
}

static struct xen_memory_exchange
exch(xen_pfn_t *in, unsigned int nr_in, unsigned int in_order, xen_pfn_t *out,
     unsigned int nr_out, unsigned int out_order, unsigned int bits)
{
	struct xen_memory_exchange x = { 0 };

	x.in.nr_extents = nr_in;
	x.in.extent_order = in_order;
	x.in.domid = DOMID_SELF;
	set_xen_guest_handle(x.in.extent_start, in);
	x.out.nr_extents = nr_out;
	x.out.extent_order = out_order;
	x.out.mem_flags = bits;
	x.out.domid = DOMID_SELF;
	set_xen_guest_handle(x.out.extent_start, out);
	return x;
}

static void test_exchange(void)
{
	static xen_pfn_t in[8], out[2];
	struct xen_memory_exchange x;
	struct memop_args a;
	unsigned long before;
	unsigned int i;

	reset(64);
	a = args(8, 0, 0);
	increase_reservation(&a);
	memcpy(in, list, sizeof(in));
	before = d->tot_pages;

	/* One of them still mapped (an extra reference): all refused. */
	CU_ASSERT_TRUE(get_page(mfn_to_page(in[5]), d));
	out[0] = 0x400;
	x = exch(in, 8, 0, out, 1, 3, XENMEMF_address_bits(30));
	CU_ASSERT_EQUAL(memory_exchange(&x), -EINVAL);
	CU_ASSERT_EQUAL(x.nr_exchanged, 0);
	for (i = 0; i < 8; i++) {
		CU_ASSERT_PTR_EQUAL(mfn_to_page(in[i])->owner, d);
		CU_ASSERT_TRUE(
			!!(mfn_to_page(in[i])->count_info & PGC_allocated));
	}
	CU_ASSERT_EQUAL(d->tot_pages, before);
	put_page(mfn_to_page(in[5]));

	/* Unmapped: eight frames become one aligned order-3 extent. */
	x = exch(in, 8, 0, out, 1, 3, XENMEMF_address_bits(30));
	CU_ASSERT_EQUAL(memory_exchange(&x), 0);
	CU_ASSERT_EQUAL(x.nr_exchanged, 8);
	CU_ASSERT_EQUAL(out[0] & 7, 0);
	CU_ASSERT_EQUAL(d->tot_pages, before);
	for (i = 0; i < 8; i++) {
		CU_ASSERT_PTR_EQUAL(mfn_to_page(out[0] + i)->owner, d);
		CU_ASSERT_EQUAL(m2p_get(out[0] + i), 0x400 + i);
		CU_ASSERT_PTR_NULL(mfn_to_page(in[i])->owner);
	}
	CU_ASSERT_EQUAL(domheap_nr_queued(), 8);
	/* And back: one order-3 extent in, two order-2 extents out. */
	in[0] = out[0];
	out[0] = 0x500;
	out[1] = 0x504;
	x = exch(in, 1, 3, out, 2, 2, 0);
	CU_ASSERT_EQUAL(memory_exchange(&x), 0);
	CU_ASSERT_EQUAL(x.nr_exchanged, 1);
	CU_ASSERT_EQUAL(m2p_get(out[1] + 3), 0x507);
	CU_ASSERT_EQUAL(d->tot_pages, before);
	/* Sizes that do not match, or orders too big: refused up front. */
	x = exch(in, 1, 3, out, 1, 2, 0);
	CU_ASSERT_EQUAL(memory_exchange(&x), -EINVAL);
	x = exch(in, 1, 10, out, 1, 10, 0);
	CU_ASSERT_EQUAL(memory_exchange(&x), -EPERM);
}

static void test_exchange_continues(void)
{
	static xen_pfn_t in[8], out[8];
	struct xen_memory_exchange x;
	struct memop_args a;
	long rc;

	reset(64);
	a = args(8, 0, 0);
	increase_reservation(&a);
	memcpy(in, list, sizeof(in));
	harness_guest.preempt_after = 3;
	x = exch(in, 8, 0, out, 8, 0, 0);
	rc = memory_exchange(&x);
	/* Stopped before chunk 3: progress recorded, memory_op re-entered. */
	CU_ASSERT_EQUAL(rc, __HYPERVISOR_memory_op);
	CU_ASSERT_EQUAL(x.nr_exchanged, 3);
	CU_ASSERT_EQUAL(harness_guest.continued_args[0], XENMEM_exchange);
	CU_ASSERT_EQUAL(harness_guest.continued_args[1], (unsigned long)&x);
	rc = memory_exchange(&x);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(x.nr_exchanged, 8);
	CU_ASSERT_EQUAL(d->tot_pages, 8);
}

static const struct unit_test tests[] = {
	{ "increase: limits, orders, the heap", test_increase_limits },
	{ "address bits", test_address_bits },
	{ "populate and decrease, partial progress",
	  test_populate_and_decrease },
	{ "decrease of a referenced frame", test_decrease_referenced },
	{ "continuations", test_continuation },
	{ "exchange", test_exchange },
	{ "exchange continues", test_exchange_continues },
};

CU_ErrorCode register_reservation_suite(void)
{
	return UNIT_ADD_SUITE("reservation", NULL, teardown, tests);
}
