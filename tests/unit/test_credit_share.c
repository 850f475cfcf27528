/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/sched/share.c, the credit scheduler's split of
 * a period's CPU time: in proportion to weight, limits respected, what a
 * limited entry cannot take shared among the others, nothing lost.
 */
#include <CUnit/CUnit.h>

#include "../../xen/common/sched/share.h"

#include "harness/harness.h"
#include "unit.h"

#define MAX_ENTRIES 8
#define NO_LIMIT (~0ULL)

static struct credit_share e[MAX_ENTRIES];
static LIST_HEAD(entries);

static void setup(const u64 *weight, const u64 *limit, unsigned int n)
{
	unsigned int i;

	INIT_LIST_HEAD(&entries);
	for (i = 0; i < n; i++) {
		e[i].weight = weight[i];
		e[i].limit = limit ? limit[i] : NO_LIMIT;
		list_add_tail(&e[i].link, &entries);
	}
}

static void test_by_weight(void)
{
	static const u64 w[] = { 512, 256 };

	setup(w, NULL, 2);
	credit_split(&entries, 30000000);
	CU_ASSERT_EQUAL(e[0].share, 20000000);
	CU_ASSERT_EQUAL(e[1].share, 10000000);
	CU_ASSERT_FALSE(e[0].limited);
}

static void test_cap_goes_to_others(void)
{
	/* 512 : 256 : 1024 capped at a quarter of the period. */
	static const u64 w[] = { 512, 256, 1024 };
	static const u64 l[] = { NO_LIMIT, NO_LIMIT, 7500000 };

	setup(w, l, 3);
	credit_split(&entries, 30000000);
	CU_ASSERT_EQUAL(e[2].share, 7500000);
	CU_ASSERT_TRUE(e[2].limited);
	CU_ASSERT_EQUAL(e[0].share, 15000000);
	CU_ASSERT_EQUAL(e[1].share, 7500000);
}

static void test_cascading_limits(void)
{
	/* Freeing one limit pushes the next entry over its own. */
	static const u64 w[] = { 100, 100, 100, 100 };
	static const u64 l[] = { 10, 20, NO_LIMIT, 30 };
	u64 sum = 0;
	unsigned int i;

	setup(w, l, 4);
	credit_split(&entries, 120);
	CU_ASSERT_EQUAL(e[0].share, 10);
	CU_ASSERT_EQUAL(e[1].share, 20);
	CU_ASSERT_EQUAL(e[3].share, 30);
	CU_ASSERT_EQUAL(e[2].share, 60);
	for (i = 0; i < 4; i++)
		sum += e[i].share;
	CU_ASSERT_EQUAL(sum, 120);
}

static void test_all_limited_and_zero_weight(void)
{
	static const u64 w[] = { 1, 0, 3 };
	static const u64 l[] = { 5, NO_LIMIT, 5 };

	setup(w, l, 3);
	credit_split(&entries, 1000);
	CU_ASSERT_EQUAL(e[0].share, 5);
	CU_ASSERT_EQUAL(e[1].share, 0);
	CU_ASSERT_EQUAL(e[2].share, 5);

	INIT_LIST_HEAD(&entries);
	credit_split(&entries, 1000); /* nothing to split: no crash */
}

static void test_no_overflow(void)
{
	/* 64 CPUs' worth of period, weights near the top of the range. */
	static const u64 w[] = { 65535ULL * 32, 1 };
	u64 total = 30000000ULL * 64;

	setup(w, NULL, 2);
	credit_split(&entries, total);
	/* Each share rounds down: at most one unit per entry is lost. */
	CU_ASSERT(e[0].share + e[1].share <= total);
	CU_ASSERT(e[0].share + e[1].share >= total - 1);
	CU_ASSERT_EQUAL(e[1].share, total / (65535ULL * 32 + 1));
}

static const struct unit_test tests[] = {
	{ "split by weight", test_by_weight },
	{ "a capped entry's excess goes to the others",
	  test_cap_goes_to_others },
	{ "limits cascade, nothing is lost", test_cascading_limits },
	{ "all limited, zero weight, empty list",
	  test_all_limited_and_zero_weight },
	{ "large totals and weights", test_no_overflow },
};

CU_ErrorCode register_credit_share_suite(void)
{
	return UNIT_ADD_SUITE("credit share", NULL, NULL, tests);
}
