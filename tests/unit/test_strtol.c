/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/strtol.c: simple_strtoull/simple_strtoll against
 * libc's strtoull/strtoll where their contracts agree, the differences
 * (saturation, no white space, "0x" without digits), and strlcpy's bounds.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/lib.h>

#include "harness/harness.h"
#include "unit.h"

static void test_matches_libc(void)
{
	static const char *const inputs[] = {
		"0",
		"1",
		"42",
		"007",
		"0x1f",
		"0X1F",
		"0755",
		"08",
		"123abc",
		"0xg",
		"ff",
		"z",
		"18446744073709551615",
		"9223372036854775807",
		"10 20",
		"0x7fffffffffffffff",
		"1234567890123",
		"0b101",
	};
	static const unsigned int bases[] = { 0, 8, 10, 16, 36 };
	unsigned int i, b;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		for (b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			const char *s = inputs[i], *end;
			char *lend;
			unsigned long long want =
				strtoull(s, &lend, (int)bases[b]);
			unsigned long long got =
				simple_strtoull(s, &end, bases[b]);

			CU_ASSERT_EQUAL(got, want);
			CU_ASSERT_PTR_EQUAL(end, lend);
		}
	}
}

static void test_ull_edges(void)
{
	const char *end;

	/* Saturates instead of wrapping, and consumes every digit. */
	CU_ASSERT_EQUAL(simple_strtoull("99999999999999999999999x", &end, 10),
			~0ULL);
	CU_ASSERT_EQUAL(*end, 'x');
	/* No white space and no sign, unlike strtoull. */
	CU_ASSERT_EQUAL(simple_strtoull(" 5", &end, 10), 0);
	CU_ASSERT_EQUAL(*end, ' ');
	CU_ASSERT_EQUAL(simple_strtoull("-5", &end, 10), 0);
	CU_ASSERT_EQUAL(*end, '-');
	/* "0x" with no hex digit is the number 0 followed by 'x'. */
	CU_ASSERT_EQUAL(simple_strtoull("0xz", &end, 0), 0);
	CU_ASSERT_EQUAL(*end, 'x');
	CU_ASSERT_EQUAL(simple_strtoull("", &end, 0), 0);
	CU_ASSERT_EQUAL(*end, '\0');
	/* Bad bases use nothing. */
	CU_ASSERT_EQUAL(simple_strtoull("11", &end, 1), 0);
	CU_ASSERT_EQUAL(*end, '1');
	CU_ASSERT_EQUAL(simple_strtoull("11", &end, 37), 0);
	CU_ASSERT_EQUAL(simple_strtoull("11", NULL, 2), 3);
	CU_ASSERT_EQUAL(simple_strtoull("zz", NULL, 36), 36 * 36 - 1);
}

static void test_ll(void)
{
	const char *end;

	CU_ASSERT_EQUAL(simple_strtoll("-42", &end, 10), -42);
	CU_ASSERT_EQUAL(*end, '\0');
	CU_ASSERT_EQUAL(simple_strtoll("-0x10", &end, 0), -16);
	CU_ASSERT_EQUAL(simple_strtoll("17", &end, 0), 17);
	CU_ASSERT_EQUAL(simple_strtoll("9223372036854775807", &end, 10),
			INT64_MAX);
	CU_ASSERT_EQUAL(simple_strtoll("9223372036854775808", &end, 10),
			INT64_MAX);
	CU_ASSERT_EQUAL(simple_strtoll("-9223372036854775808", &end, 10),
			INT64_MIN);
	CU_ASSERT_EQUAL(simple_strtoll("-99999999999999999999", &end, 10),
			INT64_MIN);
	CU_ASSERT_EQUAL(simple_strtoll("-", &end, 10), 0);
	CU_ASSERT_EQUAL(*end, '-');
	CU_ASSERT_EQUAL(simple_strtoll("-x", &end, 10), 0);
	CU_ASSERT_EQUAL(*end, '-');
}

static void test_strlcpy(void)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	CU_ASSERT_EQUAL(xen_strlcpy(buf, "hello", sizeof(buf)), 5);
	CU_ASSERT_STRING_EQUAL(buf, "hello");

	memset(buf, 'Z', sizeof(buf));
	CU_ASSERT_EQUAL(xen_strlcpy(buf, "hello world", sizeof(buf)), 11);
	CU_ASSERT_STRING_EQUAL(buf, "hello w");

	memset(buf, 'Z', sizeof(buf));
	CU_ASSERT_EQUAL(xen_strlcpy(buf, "abc", 1), 3);
	CU_ASSERT_EQUAL(buf[0], '\0');
	CU_ASSERT_EQUAL(buf[1], 'Z');

	memset(buf, 'Z', sizeof(buf));
	CU_ASSERT_EQUAL(xen_strlcpy(buf, "abc", 0), 3);
	CU_ASSERT_EQUAL(buf[0], 'Z');

	CU_ASSERT_EQUAL(xen_strlcpy(buf, "", sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "");
}

static const struct unit_test tests[] = {
	{ "strtoull matches libc", test_matches_libc },
	{ "strtoull edges", test_ull_edges },
	{ "strtoll", test_ll },
	{ "strlcpy", test_strlcpy },
};

CU_ErrorCode register_strtol_suite(void)
{
	return UNIT_ADD_SUITE("strtol", NULL, NULL, tests);
}
