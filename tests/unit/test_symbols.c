/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/symbols.c: the address-to-name lookup behind the
 * hypervisor's stack traces, over hand-made tables (aliases, the end
 * marker, addresses outside every function, no table at all).
 */
#include <CUnit/CUnit.h>

#include <xen/symbols.h>

#include "harness/harness.h"
#include "unit.h"

/* alpha 0x1000-0x1010, beta/beta_alias 0x1010-0x1100, gamma to 0x1200. */
static const unsigned long addrs[] = { 0x1000, 0x1010, 0x1010, 0x1100, 0x1200 };
static const char names[] = "alpha\0beta\0beta_alias\0gamma\0_etext";
static const unsigned int offs[] = { 0, 6, 11, 22, 28 };
static const struct xen_symtab tab = { 5, addrs, offs, names };

static void expect(unsigned long addr, const char *name, unsigned long off,
		   unsigned long size)
{
	unsigned long o = ~0UL, s = ~0UL;
	const char *got = symbol_lookup(&tab, addr, &o, &s);

	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got, name);
	CU_ASSERT_EQUAL(o, off);
	CU_ASSERT_EQUAL(s, size);
}

static void test_inside_functions(void)
{
	expect(0x1000, "alpha", 0, 0x10);
	expect(0x100f, "alpha", 0xf, 0x10);
	expect(0x1010, "beta", 0, 0xf0);
	expect(0x10ff, "beta", 0xef, 0xf0);
	expect(0x1100, "gamma", 0, 0x100);
	expect(0x11ff, "gamma", 0xff, 0x100);
}

static void test_outside_text(void)
{
	CU_ASSERT_PTR_NULL(symbol_lookup(&tab, 0xfff, NULL, NULL));
	CU_ASSERT_PTR_NULL(symbol_lookup(&tab, 0x1200, NULL, NULL));
	CU_ASSERT_PTR_NULL(symbol_lookup(&tab, ~0UL, NULL, NULL));
	CU_ASSERT_PTR_NULL(symbol_lookup(&tab, 0, NULL, NULL));
}

static void test_no_table(void)
{
	static const struct xen_symtab empty = { 0, 0, 0, 0 };
	static const struct xen_symtab only_end = { 1, addrs, offs, names };

	CU_ASSERT_PTR_NULL(symbol_lookup(&empty, 0x1000, NULL, NULL));
	CU_ASSERT_PTR_NULL(symbol_lookup(&only_end, 0x1000, NULL, NULL));
}

/* Every address of a long table finds its own function. */
static void test_long_table(void)
{
	static unsigned long many[1001];
	static unsigned int many_offs[1001];
	static char many_names[1001 * 2];
	struct xen_symtab t = { 1001, many, many_offs, many_names };
	unsigned long off, size;
	unsigned int i;

	for (i = 0; i < 1001; i++) {
		many[i] = 0x100000 + 16UL * i;
		many_offs[i] = 2 * (i % 26);
		many_names[2 * (i % 26)] = (char)('a' + i % 26);
	}
	for (i = 0; i < 1000; i++) {
		const char *n = symbol_lookup(&t, many[i] + 5, &off, &size);

		CU_ASSERT_PTR_NOT_NULL_FATAL(n);
		CU_ASSERT_EQUAL(n[0], 'a' + i % 26);
		CU_ASSERT_EQUAL(off, 5);
		CU_ASSERT_EQUAL(size, 16);
	}
}

CU_ErrorCode register_symbols_suite(void)
{
	static const struct unit_test tests[] = {
		{ "inside functions", test_inside_functions },
		{ "outside text", test_outside_text },
		{ "no table", test_no_table },
		{ "long table", test_long_table },
	};

	return UNIT_ADD_SUITE("symbols", NULL, NULL, tests);
}
