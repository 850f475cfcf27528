/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/vsprintf.c. Every conversion the hypervisor
 * supports is compared, output and return value, against the host libc's
 * snprintf at several buffer sizes (so truncation is covered too); %p and
 * NULL strings, where we differ from glibc on purpose, are checked directly.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "harness/harness.h"
#include "unit.h"

static unsigned int mismatches;

/* Format with both implementations into buffers of several sizes. */
static void __attribute__((__format__(__printf__, 1, 2)))
cmp(const char *fmt, ...)
{
	static const size_t sizes[] = { 0, 1, 2, 5, 17, 300 };
	char want[300], got[300];
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		va_list a, b;
		int wn, gn;

		memset(want, 'W', sizeof(want));
		memset(got, 'W', sizeof(got));
		va_start(a, fmt);
		wn = vsnprintf(want, sizes[i], fmt, a);
		va_end(a);
		va_start(b, fmt);
		gn = xen_vsnprintf(got, sizes[i], fmt, b);
		va_end(b);
		if (wn != gn || memcmp(want, got, sizeof(want))) {
			if (mismatches++ < 20)
				fprintf(stderr,
					"  vsprintf mismatch: fmt \"%s\" size %zu: "
					"libc %d \"%.*s\", ours %d \"%.*s\"\n",
					fmt, sizes[i], wn,
					sizes[i] ?
						(int)strnlen(want, sizes[i]) :
						0,
					want, gn,
					sizes[i] ? (int)strnlen(got, sizes[i]) :
						   0,
					got);
			CU_FAIL("output differs from libc");
		}
	}
}

/*
 * Flags C says are ignored in these combinations; GCC rightly warns about
 * them in real code, but the formatter must still get them right.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void ignored_flags(int v)
{
	cmp("[%08.3d][%-020d][%-05x][%+u][% x]", v, v, (unsigned int)v,
	    (unsigned int)v, (unsigned int)v);
}
#pragma GCC diagnostic pop

static void test_integers(void)
{
	static const int ints[] = { 0, 1, -1, 7, -42, 1000, INT_MAX, INT_MIN };
	unsigned int i;

	mismatches = 0;
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		int v = ints[i];
		unsigned int u = (unsigned int)v;

		cmp("%d|%i|%u|%x|%X|%o", v, v, u, u, u, u);
		cmp("[%5d][%-5d][%05d][%+d][% d][%+5d][%-+5d]", v, v, v, v, v,
		    v, v);
		cmp("[%.0d][%.3d][%8.3d][%-8.3d][%.10d]", v, v, v, v, v);
		cmp("[%#x][%#X][%#o][%#10x][%#010x][%#-10x][%#.0o][%#.0x]", u,
		    u, u, u, u, u, u, u);
		cmp("[%.0u][%5.0u][%.0x][%-3.0o]", u, u, u, u);
		cmp("[%*d][%-*d][%.*d][%*.*d]", 6, v, 6, v, 4, v, 7, 3, v);
		cmp("[%*d][%.*d]", -6, v, -4, v);
		cmp("[%020d][%0+12d][%0 12d]", v, v, v);
		ignored_flags(v);
	}
}

static void test_lengths(void)
{
	static const long long lls[] = {
		0,	   1,	     -1, 255, 65535, -129, 0x123456789abcdefLL,
		LLONG_MIN, LLONG_MAX
	};
	unsigned int i;

	mismatches = 0;
	for (i = 0; i < sizeof(lls) / sizeof(lls[0]); i++) {
		long long v = lls[i];
		unsigned long long u = (unsigned long long)v;

		cmp("%hhd %hhu %hhx %hd %hu %hx", (signed char)v,
		    (unsigned char)u, (unsigned char)u, (short)v,
		    (unsigned short)u, (unsigned short)u);
		cmp("%ld %lu %lx %lX %lo", (long)v, (unsigned long)u,
		    (unsigned long)u, (unsigned long)u, (unsigned long)u);
		cmp("%lld %llu %llx %#llX %llo %+lld", v, u, u, u, u, v);
		cmp("%zu %zx %zd %td %jd %ju %jx", (size_t)u, (size_t)u,
		    (ssize_t)v, (ptrdiff_t)v, (intmax_t)v, (uintmax_t)u,
		    (uintmax_t)u);
		cmp("[%25lld][%-25llu][%025llx][%.20lld]", v, u, u, v);
	}
	/* Values wider than the modifier are truncated like libc does. */
	cmp("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
}

static void test_chars_strings(void)
{
	mismatches = 0;
	cmp("%c%c%c", 'a', 'B', '0');
	cmp("[%3c][%-3c][%c]", 'x', 'y', 200);
	cmp("%s|%s|%s", "", "hello", "a longer string with spaces");
	cmp("[%10s][%-10s][%.3s][%10.3s][%-10.3s][%.0s][%.10s]", "abcdef",
	    "abcdef", "abcdef", "abcdef", "abcdef", "abcdef", "abc");
	cmp("[%*s][%-*s][%.*s][%*.*s]", 8, "ab", 8, "ab", 2, "abc", 6, 1,
	    "xyz");
	cmp("100%% sure, %d%%", 5);
	cmp("no conversions at all");
	cmp("%s", "");
	cmp("%s%s%d%s", "a", "b", 3, "c");
}

static void test_pointer(void)
{
	char buf[64];
	int n;

	n = xen_snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	CU_ASSERT_EQUAL(n, 18);
	CU_ASSERT_STRING_EQUAL(buf, "0x0000000000001234");
	xen_snprintf(buf, sizeof(buf), "%p", NULL);
	CU_ASSERT_STRING_EQUAL(buf, "0x0000000000000000");
	xen_snprintf(buf, sizeof(buf), "%p", (void *)0xffff800000000000UL);
	CU_ASSERT_STRING_EQUAL(buf, "0xffff800000000000");
	xen_snprintf(buf, sizeof(buf), "[%20p][%-20p]", (void *)1, (void *)2);
	CU_ASSERT_STRING_EQUAL(buf,
			       "[  0x0000000000000001][0x0000000000000002  ]");
}

static void test_null_string(void)
{
	char buf[32];
	/* volatile: keep GCC from proving the argument NULL and warning. */
	const char *volatile null = NULL;

	CU_ASSERT_EQUAL(xen_snprintf(buf, sizeof(buf), "<%s>", null), 8);
	CU_ASSERT_STRING_EQUAL(buf, "<(null)>");
	xen_snprintf(buf, sizeof(buf), "<%8s>", null);
	CU_ASSERT_STRING_EQUAL(buf, "<  (null)>");
}

static void test_truncation(void)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	CU_ASSERT_EQUAL(xen_snprintf(buf, 4, "%d", 123456), 6);
	CU_ASSERT_STRING_EQUAL(buf, "123");
	CU_ASSERT_EQUAL(buf[4], 'X');

	/* size 0: nothing written at all, not even a terminator. */
	memset(buf, 'X', sizeof(buf));
	CU_ASSERT_EQUAL(xen_snprintf(buf, 0, "abc"), 3);
	CU_ASSERT_EQUAL(buf[0], 'X');
	CU_ASSERT_EQUAL(xen_snprintf(NULL, 0, "%s", "abcdef"), 6);

	/* scnprintf returns what was written. */
	CU_ASSERT_EQUAL(xen_scnprintf(buf, sizeof(buf), "%s", "abcdefghijk"),
			7);
	CU_ASSERT_STRING_EQUAL(buf, "abcdefg");
	CU_ASSERT_EQUAL(xen_scnprintf(buf, sizeof(buf), "%d", 12), 2);
	CU_ASSERT_EQUAL(xen_scnprintf(buf, 0, "%d", 12), 0);
}

static void test_unknown_conversion(void)
{
	char buf[32];
	const char *fmt = "a%qb%";

	/* Not a format we support: echoed rather than consuming arguments. */
	CU_ASSERT_EQUAL(xen_snprintf(buf, sizeof(buf), fmt), 5);
	CU_ASSERT_STRING_EQUAL(buf, "a%qb%");
}

static const struct unit_test tests[] = {
	{ "integers vs libc", test_integers },
	{ "length modifiers vs libc", test_lengths },
	{ "chars and strings vs libc", test_chars_strings },
	{ "pointer", test_pointer },
	{ "NULL string", test_null_string },
	{ "truncation and scnprintf", test_truncation },
	{ "unknown conversion", test_unknown_conversion },
};

CU_ErrorCode register_vsprintf_suite(void)
{
	return UNIT_ADD_SUITE("vsprintf", NULL, NULL, tests);
}
