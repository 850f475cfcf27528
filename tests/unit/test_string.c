/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/string.c, built for the host as xen_memcpy and
 * so on: every function is compared with libc over many lengths, offsets
 * (alignments), overlaps and byte values, including bytes above 0x7f, which
 * must compare as unsigned.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "harness/harness.h"
#include "unit.h"

#define BUF 256

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 131 + i * 29 + (i >> 3));
}

static void test_mem_copy_set(void)
{
	unsigned char src[BUF], a[BUF], b[BUF];
	size_t off, len;
	unsigned int bad = 0;

	fill(src, BUF, 1);
	for (off = 0; off < 9; off++) {
		for (len = 0; len + off + 8 <= BUF; len += 1 + len / 4) {
			memset(a, 0xcc, BUF);
			memset(b, 0xcc, BUF);
			memcpy(a + off, src + 3, len);
			if (xen_memcpy(b + off, src + 3, len) != b + off)
				bad++;
			bad += memcmp(a, b, BUF) != 0;

			memset(a + off, 0x5a, len);
			if (xen_memset(b + off, 0x15a, len) != b + off)
				bad++;
			bad += memcmp(a, b, BUF) != 0;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_memmove_overlap(void)
{
	unsigned char a[BUF], b[BUF];
	size_t dst, src, len;
	unsigned int bad = 0;

	for (dst = 0; dst < 40; dst += 3) {
		for (src = 0; src < 40; src += 5) {
			for (len = 0; len + 40 < BUF; len += 17) {
				fill(a, BUF, 7);
				fill(b, BUF, 7);
				memmove(a + dst, a + src, len);
				if (xen_memmove(b + dst, b + src, len) !=
				    b + dst)
					bad++;
				bad += memcmp(a, b, BUF) != 0;
			}
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_compare(void)
{
	static const char *const strs[] = {
		"",    "a",	      "ab",    "abc",	   "abd",
		"b",   "\x80",	      "\x7f",  "\xff\x01", "abc\xe9",
		"ABC", "hello world", "hello",
	};
	unsigned int i, j;
	size_t n;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		for (j = 0; j < sizeof(strs) / sizeof(strs[0]); j++) {
			const char *x = strs[i], *y = strs[j];
			size_t lx = strlen(x) + 1, ly = strlen(y) + 1;

			CU_ASSERT_EQUAL(sign(xen_strcmp(x, y)),
					sign(strcmp(x, y)));
			for (n = 0; n < 14; n++) {
				CU_ASSERT_EQUAL(sign(xen_strncmp(x, y, n)),
						sign(strncmp(x, y, n)));
				if (n <= lx && n <= ly)
					CU_ASSERT_EQUAL(
						sign(xen_memcmp(x, y, n)),
						sign(memcmp(x, y, n)));
			}
		}
	}
}

static void test_search(void)
{
	const char *s = "the cat sat on the mat";
	const char *const needles[] = { "",    "t",   "the",  "mat",
					"at ", "cow", "mat!", s };
	unsigned int i;
	int c;

	CU_ASSERT_EQUAL(xen_strlen(s), strlen(s));
	CU_ASSERT_EQUAL(xen_strlen(""), 0);
	CU_ASSERT_EQUAL(xen_strnlen(s, 5), 5);
	CU_ASSERT_EQUAL(xen_strnlen(s, 100), strlen(s));
	CU_ASSERT_EQUAL(xen_strnlen("abc", 0), 0);
	for (c = 0; c < 256; c++) {
		CU_ASSERT_PTR_EQUAL(xen_strchr(s, c), strchr(s, c));
		CU_ASSERT_PTR_EQUAL(xen_strrchr(s, c), strrchr(s, c));
	}
	/* c is converted to char: 't' + 256 still finds 't'. */
	CU_ASSERT_PTR_EQUAL(xen_strchr(s, 't' + 256), strchr(s, 't'));
	for (i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
		CU_ASSERT_PTR_EQUAL(xen_strstr(s, needles[i]),
				    strstr(s, needles[i]));
	CU_ASSERT_PTR_EQUAL(xen_strstr("", ""), strstr("", ""));
	CU_ASSERT_PTR_NULL(xen_strstr("", "a"));
}

static const struct unit_test tests[] = {
	{ "memcpy and memset vs libc", test_mem_copy_set },
	{ "memmove with overlaps", test_memmove_overlap },
	{ "strcmp, strncmp, memcmp", test_compare },
	{ "strlen, strchr, strrchr, strstr", test_search },
};

CU_ErrorCode register_string_suite(void)
{
	return UNIT_ADD_SUITE("string", NULL, NULL, tests);
}
