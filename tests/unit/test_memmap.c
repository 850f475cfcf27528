/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/memmap.c. Besides hand-picked cases (merging,
 * splitting, a full table, the boot allocator's top-down, aligned, limited
 * choice), thousands of random operations are mirrored on a bitmap model and
 * the range table must always equal the model's runs, sorted and merged.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/errno.h>
#include <xen/memmap.h>

#include "harness/harness.h"
#include "unit.h"

static struct memmap m;

#define MODEL_UNITS 2048
static bool model[MODEL_UNITS];

static bool is_canonical(const struct memmap *mm)
{
	unsigned int i;

	for (i = 0; i < mm->nr; i++) {
		if (mm->r[i].start >= mm->r[i].end)
			return false;
		/* Sorted, and not even touching the previous range. */
		if (i && mm->r[i].start <= mm->r[i - 1].end)
			return false;
	}
	return true;
}

static bool matches_model(void)
{
	struct memmap want = { 0 };
	unsigned int u = 0;

	while (u < MODEL_UNITS) {
		unsigned int s;

		if (!model[u]) {
			u++;
			continue;
		}
		for (s = u; u < MODEL_UNITS && model[u]; u++)
			;
		want.r[want.nr].start = s;
		want.r[want.nr].end = u;
		want.nr++;
	}
	if (want.nr != m.nr)
		return false;
	return !memcmp(want.r, m.r, want.nr * sizeof(want.r[0]));
}

static void model_set(unsigned int s, unsigned int e, bool v)
{
	for (; s < e && s < MODEL_UNITS; s++)
		model[s] = v;
}

static void test_add_merge(void)
{
	memset(&m, 0, sizeof(m));
	CU_ASSERT_EQUAL(memmap_add(&m, 0x3000, 0x4000), 0);
	CU_ASSERT_EQUAL(memmap_add(&m, 0x1000, 0x2000), 0);
	CU_ASSERT_EQUAL(memmap_add(&m, 0x5000, 0x6000), 0);
	CU_ASSERT_EQUAL(m.nr, 3);
	CU_ASSERT_EQUAL(m.r[0].start, 0x1000);
	CU_ASSERT_EQUAL(m.r[2].end, 0x6000);
	/* Touching merges. */
	CU_ASSERT_EQUAL(memmap_add(&m, 0x2000, 0x3000), 0);
	CU_ASSERT_EQUAL(m.nr, 2);
	CU_ASSERT_EQUAL(m.r[0].start, 0x1000);
	CU_ASSERT_EQUAL(m.r[0].end, 0x4000);
	/* Spanning everything merges everything. */
	CU_ASSERT_EQUAL(memmap_add(&m, 0x800, 0x7000), 0);
	CU_ASSERT_EQUAL(m.nr, 1);
	CU_ASSERT_EQUAL(m.r[0].start, 0x800);
	CU_ASSERT_EQUAL(m.r[0].end, 0x7000);
	/* Empty and inverted ranges change nothing. */
	CU_ASSERT_EQUAL(memmap_add(&m, 0x9000, 0x9000), 0);
	CU_ASSERT_EQUAL(memmap_add(&m, 0x9000, 0x8000), 0);
	CU_ASSERT_EQUAL(m.nr, 1);
	CU_ASSERT_EQUAL(memmap_total(&m), 0x6800);
}

static void test_remove_split(void)
{
	memset(&m, 0, sizeof(m));
	memmap_add(&m, 0, 0x10000);
	CU_ASSERT_EQUAL(memmap_remove(&m, 0x4000, 0x5000), 0);
	CU_ASSERT_EQUAL(m.nr, 2);
	CU_ASSERT_EQUAL(m.r[0].end, 0x4000);
	CU_ASSERT_EQUAL(m.r[1].start, 0x5000);
	/* Across a hole: trims both sides. */
	CU_ASSERT_EQUAL(memmap_remove(&m, 0x3000, 0x6000), 0);
	CU_ASSERT_EQUAL(m.r[0].end, 0x3000);
	CU_ASSERT_EQUAL(m.r[1].start, 0x6000);
	/* Covering a whole range deletes it. */
	CU_ASSERT_EQUAL(memmap_remove(&m, 0, 0x3000), 0);
	CU_ASSERT_EQUAL(m.nr, 1);
	CU_ASSERT_EQUAL(memmap_remove(&m, 0x20000, 0x30000), 0);
	CU_ASSERT_EQUAL(m.nr, 1);
	CU_ASSERT_EQUAL(memmap_total(&m), 0xa000);
}

static void test_full_table(void)
{
	unsigned int i;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < MEMMAP_MAX; i++)
		CU_ASSERT_EQUAL(
			memmap_add(&m, i * 0x10000, i * 0x10000 + 0x1000), 0);
	CU_ASSERT_EQUAL(memmap_add(&m, 0x8000, 0x9000), -ENOSPC);
	CU_ASSERT_EQUAL(memmap_remove(&m, 0x100, 0x200), -ENOSPC);
	CU_ASSERT_EQUAL(m.nr, MEMMAP_MAX);
	CU_ASSERT_EQUAL(m.r[0].end, 0x1000);
	/* Merging or trimming needs no slot and still works. */
	CU_ASSERT_EQUAL(memmap_add(&m, 0x1000, 0x10000), 0);
	CU_ASSERT_EQUAL(m.nr, MEMMAP_MAX - 1);
	CU_ASSERT_EQUAL(memmap_add(&m, 0x8000, 0x9000), 0);
	CU_ASSERT_EQUAL(memmap_remove(&m, 0, 0x800), 0);
	CU_ASSERT_TRUE(is_canonical(&m));
}

static void test_clip_align(void)
{
	memset(&m, 0, sizeof(m));
	memmap_add(&m, 0x100, 0x2800);
	memmap_add(&m, 0x3001, 0x3fff);
	memmap_add(&m, 0x5000, 0x9000);
	memmap_align(&m, 0x1000);
	CU_ASSERT_EQUAL(m.nr, 2);
	CU_ASSERT_EQUAL(m.r[0].start, 0x1000);
	CU_ASSERT_EQUAL(m.r[0].end, 0x2000);
	CU_ASSERT_EQUAL(m.r[1].start, 0x5000);
	memmap_clip(&m, 0x6000);
	CU_ASSERT_EQUAL(m.nr, 2);
	CU_ASSERT_EQUAL(m.r[1].end, 0x6000);
	memmap_clip(&m, 0x5000);
	CU_ASSERT_EQUAL(m.nr, 1);
	memmap_clip(&m, 0);
	CU_ASSERT_EQUAL(m.nr, 0);
	CU_ASSERT_EQUAL(memmap_total(&m), 0);

	/* A range near the top of the address space does not wrap. */
	memset(&m, 0, sizeof(m));
	memmap_add(&m, ~(paddr_t)0 - 10, ~(paddr_t)0);
	memmap_align(&m, 0x1000);
	CU_ASSERT_EQUAL(m.nr, 0);
}

static void test_alloc(void)
{
	paddr_t a;

	memset(&m, 0, sizeof(m));
	memmap_add(&m, 0, 0x100000);
	memmap_add(&m, 0x200000, 0x300000);

	/* Highest first, aligned, removed from the map. */
	a = memmap_alloc(&m, 0x1000, 0x1000, 0);
	CU_ASSERT_EQUAL(a, 0x2ff000);
	a = memmap_alloc(&m, 0x1800, 0x10000, 0);
	CU_ASSERT_EQUAL(a, 0x2f0000);
	CU_ASSERT_EQUAL(m.nr, 3);
	CU_ASSERT_EQUAL(memmap_total(&m), 0x200000 - 0x2800);
	/* The limit bounds the end of the block. */
	a = memmap_alloc(&m, 0x2000, 0x1000, 0x280000);
	CU_ASSERT_EQUAL(a, 0x27e000);
	a = memmap_alloc(&m, 0x2000, 0x1000, 0x150000);
	CU_ASSERT_EQUAL(a, 0xfe000);
	/* Too big for any range. */
	CU_ASSERT_EQUAL(memmap_alloc(&m, 0x200000, 1, 0), 0);
	CU_ASSERT_EQUAL(memmap_alloc(&m, 0, 1, 0), 0);
	CU_ASSERT_TRUE(is_canonical(&m));

	/* Address 0 is never handed out. */
	memset(&m, 0, sizeof(m));
	memmap_add(&m, 0, 0x2000);
	CU_ASSERT_EQUAL(memmap_alloc(&m, 0x1000, 0x1000, 0), 0x1000);
	CU_ASSERT_EQUAL(memmap_alloc(&m, 0x1000, 0x1000, 0), 0);
	CU_ASSERT_EQUAL(m.nr, 1);
	CU_ASSERT_EQUAL(m.r[0].end, 0x1000);
}

static void test_random_vs_model(void)
{
	unsigned int round;

	srand(777);
	memset(&m, 0, sizeof(m));
	memset(model, 0, sizeof(model));
	for (round = 0; round < 20000; round++) {
		unsigned int op = rand() % 100;
		unsigned int s = rand() % MODEL_UNITS;
		unsigned int e = s + rand() % 64;
		int rc;

		if (e > MODEL_UNITS)
			e = MODEL_UNITS;
		if (op < 45) {
			rc = memmap_add(&m, s, e);
			if (!rc)
				model_set(s, e, true);
		} else if (op < 90) {
			rc = memmap_remove(&m, s, e);
			if (!rc)
				model_set(s, e, false);
		} else if (op < 92) {
			memmap_align(&m, 4);
			memset(model, 0, sizeof(model));
			for (s = 0; s < m.nr; s++)
				model_set(m.r[s].start, m.r[s].end, true);
			rc = 0;
		} else {
			unsigned int size = 1 + rand() % 8;
			unsigned int align = 1U << (rand() % 3), u;
			paddr_t a = memmap_alloc(&m, size, align, 0);

			rc = 0;
			if (a) {
				/* The block was free in the model, and aligned. */
				CU_ASSERT_EQUAL(a % align, 0);
				for (u = a; u < a + size; u++)
					CU_ASSERT_TRUE(model[u]);
			}
			memset(model, 0, sizeof(model));
			for (s = 0; s < m.nr; s++)
				model_set(m.r[s].start, m.r[s].end, true);
		}
		CU_ASSERT_TRUE(rc == 0 || rc == -ENOSPC);
		if (!is_canonical(&m) || !matches_model()) {
			CU_FAIL("memmap diverged from the model");
			return;
		}
	}
}

static const struct unit_test tests[] = {
	{ "add and merge", test_add_merge },
	{ "remove and split", test_remove_split },
	{ "full table", test_full_table },
	{ "clip and align", test_clip_align },
	{ "boot allocator", test_alloc },
	{ "random operations vs model", test_random_vs_model },
};

CU_ErrorCode register_memmap_suite(void)
{
	return UNIT_ADD_SUITE("memmap", NULL, NULL, tests);
}
