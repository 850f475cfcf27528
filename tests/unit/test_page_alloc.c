/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the buddy heap (xen/common/page_alloc.c) over the harness's
 * 64 MiB fake RAM. All memory is allocated and freed back in several orders
 * and patterns; a bitmap proves no frame is handed out twice, every block is
 * aligned to its size, and the heap must coalesce back into one block. Also
 * MEMF_bits, scrubbing, reserved frames, and the panics on bad frees.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/lib.h>
#include <xen/mm.h>

#include "harness/harness.h"
#include "unit.h"

#define RAM_PAGES (HARNESS_RAM_BYTES >> PAGE_SHIFT) /* 2^14 */
#define RAM_ORDER 14

struct blk {
	unsigned long mfn;
	unsigned int order;
};

static struct blk blks[RAM_PAGES];
static unsigned int nr_blks;
static bool owned[RAM_PAGES];

static int reset_all(void)
{
	harness_heap_reset(0, RAM_PAGES);
	memset(owned, 0, sizeof(owned));
	nr_blks = 0;
	return 0;
}

static unsigned long free_pages_by_blocks(void)
{
	unsigned long total = 0;
	unsigned int k;

	for (k = 0; k <= MAX_ORDER; k++)
		total += heap_free_blocks(k) << k;
	return total;
}

/* Record a block as ours; false if any frame was already ours. */
static bool take(struct page_info *pg, unsigned int order)
{
	unsigned long mfn = page_to_mfn(pg), i;
	bool ok = (mfn & ((1UL << order) - 1)) == 0 &&
		  mfn + (1UL << order) <= RAM_PAGES;

	for (i = 0; ok && i < (1UL << order); i++) {
		if (owned[mfn + i])
			ok = false;
		owned[mfn + i] = true;
	}
	blks[nr_blks].mfn = mfn;
	blks[nr_blks].order = order;
	nr_blks++;
	return ok;
}

static void give_back(unsigned int i)
{
	unsigned long j;

	for (j = 0; j < (1UL << blks[i].order); j++)
		owned[blks[i].mfn + j] = false;
	free_heap_pages(mfn_to_page(blks[i].mfn), blks[i].order, false);
}

static void shuffle(void)
{
	unsigned int i;

	for (i = nr_blks; i > 1; i--) {
		unsigned int j = (unsigned int)rand() % i;
		struct blk t = blks[i - 1];

		blks[i - 1] = blks[j];
		blks[j] = t;
	}
}

static void assert_whole_heap(void)
{
	unsigned int k;

	CU_ASSERT_EQUAL(heap_free_pages(), RAM_PAGES);
	CU_ASSERT_EQUAL(heap_free_blocks(RAM_ORDER), 1);
	for (k = 0; k <= MAX_ORDER; k++)
		if (k != RAM_ORDER)
			CU_ASSERT_EQUAL(heap_free_blocks(k), 0);
}

static void test_initial_state(void)
{
	reset_all();
	assert_whole_heap();
	CU_ASSERT_PTR_NULL(alloc_heap_pages(RAM_ORDER + 1, 0));
	CU_ASSERT_PTR_NULL(alloc_heap_pages(MAX_ORDER + 1, 0));
	CU_ASSERT_EQUAL(heap_free_blocks(MAX_ORDER + 1), 0);
}

static void test_unaligned_add(void)
{
	unsigned long first = 3, nr = 1000, mfn = first;
	unsigned long want[MAX_ORDER + 1] = { 0 };
	unsigned int k;

	harness_heap_reset(first, nr);
	CU_ASSERT_EQUAL(heap_free_pages(), nr);
	CU_ASSERT_EQUAL(free_pages_by_blocks(), nr);
	/* Expected: the maximal aligned blocks, greedily from the start. */
	while (mfn < first + nr) {
		k = 0;
		while (!(mfn & (1UL << k)) && mfn + (2UL << k) <= first + nr)
			k++;
		want[k]++;
		mfn += 1UL << k;
	}
	for (k = 0; k <= MAX_ORDER; k++)
		CU_ASSERT_EQUAL(heap_free_blocks(k), want[k]);

	/* Adding the rest coalesces everything into one block. */
	heap_add_pages(0, first);
	heap_add_pages(first + nr, RAM_PAGES);
	assert_whole_heap();
}

enum pattern { ASCENDING, DESCENDING, RANDOM, INTERLEAVED };

static void alloc_all_free(unsigned int order, enum pattern pat)
{
	struct page_info *pg;
	unsigned int i, dup = 0;

	reset_all();
	while ((pg = alloc_heap_pages(order, 0)))
		if (!take(pg, order))
			dup++;
	CU_ASSERT_EQUAL(dup, 0);
	CU_ASSERT_EQUAL(nr_blks, RAM_PAGES >> order);
	CU_ASSERT_EQUAL(heap_free_pages(), 0);

	switch (pat) {
	case ASCENDING:
		for (i = 0; i < nr_blks; i++)
			give_back(i);
		break;
	case DESCENDING:
		for (i = nr_blks; i-- > 0;)
			give_back(i);
		break;
	case RANDOM:
		shuffle();
		for (i = 0; i < nr_blks; i++)
			give_back(i);
		break;
	case INTERLEAVED:
		for (i = 0; i < nr_blks; i += 2)
			give_back(i);
		CU_ASSERT_EQUAL(heap_free_pages(), RAM_PAGES / 2);
		for (i = 1; i < nr_blks; i += 2)
			give_back(i);
		break;
	}
	assert_whole_heap();
}

static void test_patterns(void)
{
	static const unsigned int orders[] = { 0, 1, 3, 7 };
	unsigned int o, p;

	srand(42);
	for (o = 0; o < sizeof(orders) / sizeof(orders[0]); o++)
		for (p = ASCENDING; p <= INTERLEAVED; p++)
			alloc_all_free(orders[o], (enum pattern)p);
}

static void test_mixed_orders(void)
{
	unsigned int round, i, dup = 0;

	srand(4242);
	for (round = 0; round < 4; round++) {
		struct page_info *pg;
		unsigned long used = 0;

		reset_all();
		/* Random sizes until even a single frame is refused. */
		for (;;) {
			unsigned int order = (unsigned int)rand() % 6;

			pg = alloc_heap_pages(order, 0);
			if (!pg) {
				pg = alloc_heap_pages(0, 0);
				order = 0;
				if (!pg)
					break;
			}
			if (!take(pg, order))
				dup++;
			used += 1UL << order;
			CU_ASSERT_EQUAL(heap_free_pages(), RAM_PAGES - used);
		}
		CU_ASSERT_EQUAL(used, RAM_PAGES);
		shuffle();
		for (i = 0; i < nr_blks; i++)
			give_back(i);
		assert_whole_heap();
	}
	CU_ASSERT_EQUAL(dup, 0);
}

static void test_churn(void)
{
	unsigned int step, i, dup = 0;
	unsigned long used = 0;

	srand(99);
	reset_all();
	for (step = 0; step < 20000; step++) {
		if (nr_blks && (rand() % 100 < 45 || nr_blks == RAM_PAGES)) {
			i = (unsigned int)rand() % nr_blks;
			give_back(i);
			used -= 1UL << blks[i].order;
			blks[i] = blks[--nr_blks];
		} else {
			unsigned int order = (unsigned int)rand() % 5;
			struct page_info *pg = alloc_heap_pages(order, 0);

			if (pg) {
				if (!take(pg, order))
					dup++;
				used += 1UL << order;
			}
		}
		if (heap_free_pages() != RAM_PAGES - used ||
		    free_pages_by_blocks() != RAM_PAGES - used) {
			CU_FAIL("free page counters disagree");
			break;
		}
	}
	CU_ASSERT_EQUAL(dup, 0);
	for (i = 0; i < nr_blks; i++)
		give_back(i);
	assert_whole_heap();
}

static void test_memf_bits(void)
{
	struct page_info *pg;
	unsigned long count = 0;

	reset_all();
	/* 2^20 bytes: the first 256 frames, and no other. */
	while ((pg = alloc_heap_pages(0, MEMF_bits(20)))) {
		CU_ASSERT_TRUE(page_to_mfn(pg) < 256);
		CU_ASSERT_TRUE(take(pg, 0));
		count++;
	}
	CU_ASSERT_EQUAL(count, 256);
	CU_ASSERT_EQUAL(heap_free_pages(), RAM_PAGES - 256);
	/* Memory is left, just not low enough. */
	CU_ASSERT_PTR_NOT_NULL(alloc_heap_pages(0, 0) ? (void *)1 : NULL);

	reset_all();
	pg = alloc_heap_pages(0, MEMF_bits(PAGE_SHIFT));
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	CU_ASSERT_EQUAL(page_to_mfn(pg), 0);
	CU_ASSERT_PTR_NULL(alloc_heap_pages(0, MEMF_bits(PAGE_SHIFT)));
	CU_ASSERT_PTR_NULL(alloc_heap_pages(0, MEMF_bits(11)));
	pg = alloc_heap_pages(3, MEMF_bits(16));
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	CU_ASSERT_TRUE(page_to_mfn(pg) + 8 <= 16);
	CU_ASSERT_PTR_NULL(alloc_heap_pages(4, MEMF_bits(16)));
	CU_ASSERT_PTR_NOT_NULL(alloc_heap_pages(2, MEMF_bits(16)) ? (void *)1 :
								    NULL);
	/* A limit above all RAM is no limit. */
	CU_ASSERT_PTR_NOT_NULL(alloc_heap_pages(RAM_ORDER - 1, MEMF_bits(40)));
}

static bool page_is(unsigned long mfn, unsigned char c)
{
	const unsigned char *p = mfn_to_virt(mfn);
	unsigned long i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i] != c)
			return false;
	return true;
}

/* Allocate frames until mfn comes back; everything else is returned. */
static struct page_info *alloc_until(unsigned long mfn, unsigned int memflags)
{
	struct page_info *pg, *hit = NULL;
	unsigned int i;

	nr_blks = 0;
	while (!hit && (pg = alloc_heap_pages(0, memflags))) {
		if (page_to_mfn(pg) == mfn)
			hit = pg;
		else
			take(pg, 0);
	}
	for (i = 0; i < nr_blks; i++)
		give_back(i);
	nr_blks = 0;
	return hit;
}

static void test_scrub(void)
{
	struct page_info *pg;
	unsigned long mfn;

	/* The harness fills RAM with 0xa5: fresh heap pages come zeroed. */
	harness_heap_reset(0, 0);
	memset(mfn_to_virt(0), 0xa5, 64 * PAGE_SIZE);
	heap_add_pages(0, 64);
	pg = alloc_heap_pages(6, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	for (mfn = 0; mfn < 64; mfn++)
		CU_ASSERT_TRUE(page_is(mfn, 0));
	free_heap_pages(pg, 6, false);

	/* Freed clean: contents survive. */
	pg = alloc_heap_pages(0, 0);
	mfn = page_to_mfn(pg);
	memset(page_to_virt(pg), 0x5a, PAGE_SIZE);
	free_heap_pages(pg, 0, false);
	pg = alloc_until(mfn, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	CU_ASSERT_TRUE(page_is(mfn, 0x5a));

	/* Freed dirty: zero on the next allocation... */
	free_heap_pages(pg, 0, true);
	CU_ASSERT_TRUE(!!(mfn_to_page(mfn)->count_info & PGC_need_scrub));
	pg = alloc_until(mfn, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	CU_ASSERT_TRUE(page_is(mfn, 0));
	CU_ASSERT_FALSE(!!(pg->count_info & PGC_need_scrub));

	/* ...whatever the memflags: no caller can skip the scrub. */
	memset(page_to_virt(pg), 0x77, PAGE_SIZE);
	free_heap_pages(pg, 0, true);
	pg = alloc_until(mfn, MEMF_bits(PAGE_SHIFT + RAM_ORDER));
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	CU_ASSERT_TRUE(page_is(mfn, 0));
	CU_ASSERT_FALSE(!!(pg->count_info & PGC_need_scrub));

	/* A dirty frame merged into a bigger block is still scrubbed. */
	memset(page_to_virt(pg), 0x66, PAGE_SIZE);
	free_heap_pages(pg, 0, true);
	pg = alloc_heap_pages(6, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	CU_ASSERT_TRUE(page_is(mfn, 0));
}

static void test_reserved(void)
{
	struct page_info *pg;
	unsigned long i, count = 0;

	harness_heap_reset(0, 0);
	for (i = 100; i < 110; i++)
		mfn_to_page(i)->count_info = PGC_reserved;
	mfn_to_page(5000)->count_info = PGC_reserved;
	heap_add_pages(0, RAM_PAGES);
	CU_ASSERT_EQUAL(heap_free_pages(), RAM_PAGES - 11);
	CU_ASSERT_EQUAL(free_pages_by_blocks(), RAM_PAGES - 11);
	while ((pg = alloc_heap_pages(0, 0))) {
		unsigned long mfn = page_to_mfn(pg);

		CU_ASSERT_FALSE((mfn >= 100 && mfn < 110) || mfn == 5000);
		count++;
	}
	CU_ASSERT_EQUAL(count, RAM_PAGES - 11);
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(
		free_heap_pages(mfn_to_page(5000), 0, false)));
}

static void test_bad_frees_panic(void)
{
	struct page_info *pg, *pg2;
	unsigned long before;

	reset_all();
	pg = alloc_heap_pages(0, 0);
	pg2 = alloc_heap_pages(1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pg2);
	free_heap_pages(pg, 0, false);
	before = heap_free_pages();

	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(free_heap_pages(pg, 0, false)));
	CU_ASSERT_TRUE(strstr(harness_panic_msg, "already free") != NULL);
	/* Part of an order-1 block already free. */
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(free_heap_pages(pg, 1, false)));
	/* Misaligned block. */
	CU_ASSERT_TRUE(
		HARNESS_EXPECT_PANIC(free_heap_pages(pg2 + 1, 1, false)));
	/* Past the end of the frame table, and a silly order. */
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(
		free_heap_pages(mfn_to_page(RAM_PAGES), 0, false)));
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(
		free_heap_pages(pg2, MAX_ORDER + 1, false)));
	/* Adding frames the heap already has. */
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(heap_add_pages(0, RAM_PAGES)));

	/* The refused frees changed nothing, and the lock was released. */
	CU_ASSERT_EQUAL(heap_free_pages(), before);
	free_heap_pages(pg2, 1, false);
	assert_whole_heap();
}

static void test_xenheap(void)
{
	void *v;

	reset_all();
	v = alloc_xenheap_pages(2, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(((char *)v - harness_ram) % (4 * PAGE_SIZE), 0);
	CU_ASSERT_EQUAL(heap_free_pages(), RAM_PAGES - 4);
	CU_ASSERT_TRUE(page_is(virt_to_mfn(v), 0));
	memset(v, 0x12, 4 * PAGE_SIZE);
	free_xenheap_pages(v, 2);
	free_xenheap_pages(NULL, 2);
	assert_whole_heap();
	/* Hypervisor pages are scrubbed before anyone else gets them. */
	CU_ASSERT_TRUE(
		!!(mfn_to_page(virt_to_mfn(v))->count_info & PGC_need_scrub));

	v = alloc_xenheap_page();
	CU_ASSERT_PTR_NOT_NULL(v);
	free_xenheap_page(v);
	assert_whole_heap();
}

static const struct unit_test tests[] = {
	{ "initial state", test_initial_state },
	{ "unaligned add_pages", test_unaligned_add },
	{ "alloc all, free in patterns", test_patterns },
	{ "mixed orders", test_mixed_orders },
	{ "random churn", test_churn },
	{ "MEMF_bits", test_memf_bits },
	{ "scrubbing", test_scrub },
	{ "reserved frames", test_reserved },
	{ "bad frees panic", test_bad_frees_panic },
	{ "xenheap", test_xenheap },
};

CU_ErrorCode register_page_alloc_suite(void)
{
	return UNIT_ADD_SUITE("page_alloc", NULL, NULL, tests);
}
