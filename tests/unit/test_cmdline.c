/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/cmdline.c. The options below land in the same
 * xen_param linker section the hypervisor uses, so the real table walk is
 * exercised: every option type, quoting, "no-" booleans, truncation, and the
 * warnings (naming the option and value) for unknown options and bad values.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/cmdline.h>
#include <xen/errno.h>

#include "harness/harness.h"
#include "unit.h"

static char t_str[8];
static u32 t_uint;
static unsigned long t_ulong;
static bool t_bool;
static u64 t_size;
static u8 t_byte;
static char t_custom_seen[32];
static int t_custom_calls;

static int t_custom(const char *v)
{
	t_custom_calls++;
	strncpy(t_custom_seen, v, sizeof(t_custom_seen) - 1);
	return strcmp(v, "reject") ? 0 : -EINVAL;
}

string_param("t_str", t_str);
integer_param("t_uint", t_uint);
integer_param("t_ulong", t_ulong);
boolean_param("t_bool", t_bool);
size_param("t_size", t_size);
integer_param("t_byte", t_byte);
custom_param("t_custom", t_custom);

static int reset(void)
{
	memset(t_str, 'Z', sizeof(t_str));
	t_str[sizeof(t_str) - 1] = '\0';
	t_uint = 7;
	t_ulong = 7;
	t_bool = false;
	t_size = 7;
	t_byte = 7;
	memset(t_custom_seen, 0, sizeof(t_custom_seen));
	t_custom_calls = 0;
	harness_printk_reset();
	return 0;
}

static void test_all_types(void)
{
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_str=hi t_uint=42 t_ulong=0x123456789a "
				      "t_bool t_size=512M t_byte=0377 "
				      "t_custom=abc"),
			0);
	CU_ASSERT_STRING_EQUAL(t_str, "hi");
	CU_ASSERT_EQUAL(t_uint, 42);
	CU_ASSERT_EQUAL(t_ulong, 0x123456789aUL);
	CU_ASSERT_TRUE(t_bool);
	CU_ASSERT_EQUAL(t_size, 512ULL << 20);
	CU_ASSERT_EQUAL(t_byte, 255);
	CU_ASSERT_EQUAL(t_custom_calls, 1);
	CU_ASSERT_STRING_EQUAL(t_custom_seen, "abc");
	CU_ASSERT_EQUAL(harness_printk_len, 0);
}

static void test_string_truncation_and_quotes(void)
{
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_str=abcdefghijkl"), 0);
	CU_ASSERT_STRING_EQUAL(t_str, "abcdefg");

	reset();
	CU_ASSERT_EQUAL(cmdline_parse("  t_str=\"a b c\"   t_uint=3  "), 0);
	CU_ASSERT_STRING_EQUAL(t_str, "a b c");
	CU_ASSERT_EQUAL(t_uint, 3);

	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_str"), 0);
	CU_ASSERT_STRING_EQUAL(t_str, "");

	/* '-' and '_' are the same in names, not in values. */
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t-uint=4 t-str=a-b_c"), 0);
	CU_ASSERT_EQUAL(t_uint, 4);
	CU_ASSERT_STRING_EQUAL(t_str, "a-b_c");

	/* The last occurrence wins. */
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_uint=1 t_uint=2"), 0);
	CU_ASSERT_EQUAL(t_uint, 2);
}

static void test_booleans(void)
{
	static const struct {
		const char *line;
		bool want;
	} cases[] = {
		{ "t_bool", true },
		{ "t_bool=1", true },
		{ "t_bool=on", true },
		{ "t_bool=yes", true },
		{ "t_bool=true", true },
		{ "t_bool=enable", true },
		{ "t_bool=0", false },
		{ "t_bool=off", false },
		{ "t_bool=no", false },
		{ "t_bool=false", false },
		{ "t_bool=disable", false },
		{ "no-t_bool", false },
		{ "t_bool no-t_bool", false },
		{ "no-t_bool t_bool", true },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset();
		t_bool = !cases[i].want;
		CU_ASSERT_EQUAL(cmdline_parse(cases[i].line), 0);
		CU_ASSERT_EQUAL(t_bool, cases[i].want);
	}

	reset();
	t_bool = true;
	CU_ASSERT_EQUAL(cmdline_parse("t_bool=maybe"), 1);
	CU_ASSERT_TRUE(t_bool);
	CU_ASSERT_TRUE(harness_printk_contains("t_bool"));
	CU_ASSERT_TRUE(harness_printk_contains("maybe"));

	/* "no-" only applies to booleans. */
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("no-t_uint"), 1);
	CU_ASSERT_EQUAL(t_uint, 7);
}

static void test_unknown(void)
{
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("bogus=1 t_uint=5 other"), 2);
	CU_ASSERT_EQUAL(t_uint, 5);
	CU_ASSERT_TRUE(harness_printk_contains("'bogus'"));
	CU_ASSERT_TRUE(harness_printk_contains("'other'"));
	/* A prefix of a known name is not that name. */
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_ui=5 t_uint5=5"), 2);
	CU_ASSERT_EQUAL(t_uint, 7);
}

static void test_bad_values(void)
{
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_uint=12x t_uint= t_uint "
				      "t_uint=0x100000000 t_uint=-1"),
			5);
	CU_ASSERT_EQUAL(t_uint, 7);
	CU_ASSERT_TRUE(harness_printk_contains("'12x'"));
	CU_ASSERT_TRUE(harness_printk_contains("'0x100000000'"));
	CU_ASSERT_TRUE(harness_printk_contains("'t_uint'"));

	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_byte=256 t_size=12Q t_size=K"), 3);
	CU_ASSERT_EQUAL(t_byte, 7);
	CU_ASSERT_EQUAL(t_size, 7);

	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_custom=reject"), 1);
	CU_ASSERT_EQUAL(t_custom_calls, 1);
	CU_ASSERT_TRUE(harness_printk_contains("'reject'"));

	/* Full-width values fit. */
	reset();
	CU_ASSERT_EQUAL(cmdline_parse("t_uint=4294967295 "
				      "t_ulong=18446744073709551615"),
			0);
	CU_ASSERT_EQUAL(t_uint, 0xffffffffU);
	CU_ASSERT_EQUAL(t_ulong, ~0UL);
}

static void test_empty_and_long(void)
{
	char line[1500];

	reset();
	CU_ASSERT_EQUAL(cmdline_parse(NULL), 0);
	CU_ASSERT_EQUAL(cmdline_parse(""), 0);
	CU_ASSERT_EQUAL(cmdline_parse(" \t \n"), 0);
	CU_ASSERT_EQUAL(harness_printk_len, 0);

	/* A word longer than the parser's buffer is reported, not truncated. */
	memset(line, 'a', sizeof(line));
	memcpy(line, "t_str=", 6);
	strcpy(line + 1400, " t_uint=9");
	CU_ASSERT_EQUAL(cmdline_parse(line), 1);
	CU_ASSERT_STRING_EQUAL(t_str, "ZZZZZZZ");
	CU_ASSERT_EQUAL(t_uint, 9);
}

static void test_parse_bool(void)
{
	CU_ASSERT_EQUAL(parse_bool("yes"), 1);
	CU_ASSERT_EQUAL(parse_bool("enable"), 1);
	CU_ASSERT_EQUAL(parse_bool("1"), 1);
	CU_ASSERT_EQUAL(parse_bool("off"), 0);
	CU_ASSERT_EQUAL(parse_bool("false"), 0);
	CU_ASSERT_EQUAL(parse_bool("0"), 0);
	CU_ASSERT_EQUAL(parse_bool(""), -1);
	CU_ASSERT_EQUAL(parse_bool("yess"), -1);
	CU_ASSERT_EQUAL(parse_bool("10"), -1);
	CU_ASSERT_EQUAL(parse_bool(NULL), -1);
}

static void test_parse_size(void)
{
	static const struct {
		const char *s;
		u64 want;
		size_t used;
	} cases[] = {
		{ "100", 100, 3 },
		{ "1K", 1024, 2 },
		{ "4k", 4096, 2 },
		{ "2M", 2ULL << 20, 2 },
		{ "3G", 3ULL << 30, 2 },
		{ "1T", 1ULL << 40, 2 },
		{ "0x10M", 16ULL << 20, 5 },
		{ "512B", 512, 4 },
		{ "12Q", 12, 2 },
		{ "7M,rest", 7ULL << 20, 2 },
		{ "", 0, 0 },
		{ "M", 0, 0 },
		{ "16777216T", 0, 0 }, /* 2^64: does not fit */
		{ "16777215T", 16777215ULL << 40, 9 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *end = NULL;
		u64 got = parse_size_and_unit(cases[i].s, &end);

		CU_ASSERT_EQUAL(got, cases[i].want);
		CU_ASSERT_EQUAL((size_t)(end - cases[i].s), cases[i].used);
	}
	CU_ASSERT_EQUAL(parse_size_and_unit("8G", NULL), 8ULL << 30);
}

static const struct unit_test tests[] = {
	{ "all option types", test_all_types },
	{ "strings: truncation and quotes", test_string_truncation_and_quotes },
	{ "booleans", test_booleans },
	{ "unknown options", test_unknown },
	{ "bad values", test_bad_values },
	{ "empty and over-long lines", test_empty_and_long },
	{ "parse_bool", test_parse_bool },
	{ "parse_size_and_unit", test_parse_size },
};

CU_ErrorCode register_cmdline_suite(void)
{
	return UNIT_ADD_SUITE("cmdline", NULL, NULL, tests);
}
