/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/xmalloc.c on top of the real heap over the fake
 * RAM: thousands of allocations of many sizes are checked for alignment and
 * overlap (each is filled with its own pattern and re-checked), freed in
 * random order until used bytes and the heap are back where they started;
 * plus zeroing, array overflow, exhaustion and the panics on bad xfree().
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/xmalloc.h>

#include "harness/harness.h"
#include "unit.h"

#define RAM_PAGES (HARNESS_RAM_BYTES >> PAGE_SHIFT)
#define NR_OBJS 6000

struct obj {
	unsigned char *p;
	size_t size;
	unsigned char tag;
};

static struct obj objs[NR_OBJS];

static int suite_init(void)
{
	harness_heap_reset(0, RAM_PAGES);
	return 0;
}

static size_t expected_align(size_t size)
{
	size_t a = 16;

	if (size > 2048)
		return PAGE_SIZE;
	while (a < size)
		a <<= 1;
	return a;
}

static int by_addr(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

static bool intact(const struct obj *o)
{
	size_t i;

	for (i = 0; i < o->size; i++)
		if (o->p[i] != o->tag)
			return false;
	return true;
}

static void test_many_sizes(void)
{
	unsigned long heap_before = heap_free_pages();
	unsigned int i, n = 0, misaligned = 0, damaged = 0;
	size_t expect_used = 0;

	srand(2024);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 0);
	for (i = 0; i < NR_OBJS; i++) {
		unsigned int r = (unsigned int)rand() % 100;
		size_t size;

		if (r < 70)
			size = (size_t)rand() % 129;
		else if (r < 95)
			size = (size_t)rand() % 2049;
		else
			size = 2049 + (size_t)rand() % (3 * PAGE_SIZE);
		objs[n].p = xmalloc_bytes(size);
		CU_ASSERT_PTR_NOT_NULL_FATAL(objs[n].p);
		objs[n].size = size;
		objs[n].tag = (unsigned char)(i * 7 + 1);
		memset(objs[n].p, objs[n].tag, size);
		if ((objs[n].p - (unsigned char *)harness_ram) %
		    expected_align(size))
			misaligned++;
		expect_used += size > 2048 ?
				       PAGE_SIZE << get_order_from_bytes(size) :
				       expected_align(size);
		n++;
	}
	CU_ASSERT_EQUAL(misaligned, 0);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), expect_used);

	/* Every object still holds its own pattern: nothing overlapped. */
	for (i = 0; i < n; i++)
		if (!intact(&objs[i]))
			damaged++;
	CU_ASSERT_EQUAL(damaged, 0);
	qsort(objs, n, sizeof(objs[0]), by_addr);
	for (i = 1; i < n; i++)
		CU_ASSERT_TRUE(objs[i - 1].p + objs[i - 1].size <= objs[i].p);

	/* Free half at random, allocate more, then free everything. */
	for (i = n; i > 1; i--) {
		unsigned int j = (unsigned int)rand() % i;
		struct obj t = objs[i - 1];

		objs[i - 1] = objs[j];
		objs[j] = t;
	}
	for (i = 0; i < n / 2; i++) {
		CU_ASSERT_TRUE(intact(&objs[i]));
		xfree(objs[i].p);
	}
	for (i = 0; i < n / 2; i++) {
		objs[i].size = (size_t)rand() % 600;
		objs[i].p = xmalloc_bytes(objs[i].size);
		CU_ASSERT_PTR_NOT_NULL_FATAL(objs[i].p);
		objs[i].tag = (unsigned char)(i + 3);
		memset(objs[i].p, objs[i].tag, objs[i].size);
	}
	damaged = 0;
	for (i = 0; i < n; i++) {
		if (!intact(&objs[i]))
			damaged++;
		xfree(objs[i].p);
	}
	CU_ASSERT_EQUAL(damaged, 0);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 0);
	/* Empty class pages went back to the heap. */
	CU_ASSERT_EQUAL(heap_free_pages(), heap_before);
}

static void test_accounting(void)
{
	void *a = xmalloc_bytes(100), *b = xmalloc_bytes(0), *c;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 128 + 16);
	c = xmalloc_bytes(PAGE_SIZE + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 128 + 16 + 2 * PAGE_SIZE);
	xfree(b);
	xfree(a);
	xfree(c);
	xfree(NULL);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 0);
}

static void test_zeroing_and_arrays(void)
{
	unsigned char *p, *q;
	u64 *arr;
	size_t i;
	bool zero = true;

	p = xmalloc_bytes(200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memset(p, 0xff, 200);
	xfree(p);
	q = xzalloc_bytes(200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	for (i = 0; i < 200; i++)
		zero = zero && q[i] == 0;
	CU_ASSERT_TRUE(zero);
	xfree(q);

	arr = xzalloc_array(u64, 1000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(arr);
	CU_ASSERT_EQUAL(arr[999], 0);
	xfree(arr);
	CU_ASSERT_PTR_NULL(xmalloc_array(u64, ((size_t)-1 / 8) + 2));
	CU_ASSERT_PTR_NULL(
		xmalloc_array_bytes((size_t)1 << 40, (size_t)1 << 40, false));
	CU_ASSERT_PTR_NULL(xmalloc_bytes((size_t)-1));
	CU_ASSERT_PTR_NULL(xmalloc_bytes(PAGE_SIZE << (MAX_ORDER + 1)));
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 0);

	struct small {
		int a, b;
	} *s = xzalloc(struct small);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->a + s->b, 0);
	xfree(s);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 0);
}

static void test_exhaustion(void)
{
	static struct page_info *held[RAM_PAGES];
	unsigned long before = heap_free_pages(), nr;
	void *big, *p;

	/* Take most of RAM, then ask for more than what is left. */
	big = xmalloc_bytes((RAM_PAGES / 2) * PAGE_SIZE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	/* Rounded up to all of RAM, which is no longer free. */
	CU_ASSERT_PTR_NULL(xmalloc_bytes((RAM_PAGES / 2) * PAGE_SIZE + 1));
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), (RAM_PAGES / 2) * PAGE_SIZE);
	p = xmalloc_bytes(64);
	CU_ASSERT_PTR_NOT_NULL(p);
	xfree(p);

	/* With the heap empty, a class without a partial page fails cleanly. */
	nr = 0;
	while ((held[nr] = alloc_heap_pages(0, 0)))
		nr++;
	CU_ASSERT_PTR_NULL(xmalloc_bytes(1000));
	CU_ASSERT_PTR_NULL(xmalloc_bytes(5000));
	while (nr)
		free_heap_pages(held[--nr], 0, false);
	xfree(big);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 0);
	CU_ASSERT_EQUAL(heap_free_pages(), before);
}

static void test_bad_xfree_panics(void)
{
	unsigned char *small = xmalloc_bytes(64), *keep = xmalloc_bytes(64);
	unsigned char *large = xmalloc_bytes(3 * PAGE_SIZE);
	void *page = alloc_xenheap_page();
	size_t used;

	CU_ASSERT_PTR_NOT_NULL_FATAL(small);
	CU_ASSERT_PTR_NOT_NULL_FATAL(keep);
	CU_ASSERT_PTR_NOT_NULL_FATAL(large);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);

	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(xfree(small + 8)));
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(xfree(large + 16)));
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(xfree(page)));
	xfree(small);
	used = xmalloc_used_bytes();
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(xfree(small)));
	CU_ASSERT_TRUE(strstr(harness_panic_msg, "double free") != NULL);
	xfree(large);
	CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(xfree(large)));
	/* Refused frees changed nothing; the lock was released. */
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), used - PAGE_SIZE * 4);
	xfree(keep);
	free_xenheap_page(page);
	CU_ASSERT_EQUAL(xmalloc_used_bytes(), 0);
}

static const struct unit_test tests[] = {
	{ "many sizes: alignment, no overlap", test_many_sizes },
	{ "used bytes", test_accounting },
	{ "zeroing and arrays", test_zeroing_and_arrays },
	{ "exhaustion", test_exhaustion },
	{ "bad xfree panics", test_bad_xfree_panics },
};

CU_ErrorCode register_xmalloc_suite(void)
{
	return UNIT_ADD_SUITE("xmalloc", suite_init, NULL, tests);
}
