/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/multiboot2.c over hand-built boot information:
 * a complete valid structure, the ACPI tag preference, over-full tables,
 * unterminated and over-long strings, every malformation the parser must
 * refuse (with boot_info left zeroed), and random corruption of a valid blob.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/bootinfo.h>
#include <xen/errno.h>

#include "harness/harness.h"
#include "unit.h"

/* A boot information blob under construction, 8-byte aligned. */
struct blob {
	uint64_t words[8192];
	size_t len;
};

static struct blob b;
static struct boot_info bi;

static uint8_t *bytes(void)
{
	return (uint8_t *)b.words;
}

static void put32(size_t off, uint32_t v)
{
	memcpy(bytes() + off, &v, 4);
}

static void begin(void)
{
	memset(&b, 0, sizeof(b));
	b.len = 8;
}

/* Append a tag; returns its offset. */
static size_t tag(uint32_t type, const void *payload, uint32_t len)
{
	size_t off = b.len;

	put32(off, type);
	put32(off + 4, 8 + len);
	if (len)
		memcpy(bytes() + off + 8, payload, len);
	b.len = (off + 8 + len + 7) & ~(size_t)7;
	return off;
}

static void finish(void)
{
	tag(0, NULL, 0);
	put32(0, (uint32_t)b.len);
}

static size_t tag_str(uint32_t type, const char *s)
{
	return tag(type, s, (uint32_t)strlen(s) + 1);
}

static void tag_module(uint32_t start, uint32_t end, const char *cmd)
{
	uint8_t p[256];
	size_t n = strlen(cmd) + 1;

	memcpy(p, &start, 4);
	memcpy(p + 4, &end, 4);
	memcpy(p + 8, cmd, n);
	tag(3, p, (uint32_t)(8 + n));
}

static void tag_mmap(uint32_t entry_size, unsigned int nr, uint64_t base)
{
	static uint8_t p[8 + 200 * 40];
	unsigned int i;
	uint32_t ver = 0;

	memset(p, 0xee, sizeof(p));
	memcpy(p, &entry_size, 4);
	memcpy(p + 4, &ver, 4);
	for (i = 0; i < nr; i++) {
		uint64_t addr = base + i * 0x100000ULL, len = 0x1000 * (i + 1);
		uint32_t type = 1 + i % 5;

		memcpy(p + 8 + i * entry_size, &addr, 8);
		memcpy(p + 8 + i * entry_size + 8, &len, 8);
		memcpy(p + 8 + i * entry_size + 16, &type, 4);
	}
	tag(6, p, 8 + nr * entry_size);
}

static bool bi_is_zero(void)
{
	static const struct boot_info zero;

	return !memcmp(&bi, &zero, sizeof(bi));
}

static int parse(void)
{
	memset(&bi, 0xff, sizeof(bi));
	return mb2_parse(b.words, sizeof(b.words), &bi);
}

static void test_valid(void)
{
	uint8_t rsdp_old[20], rsdp_new[36];
	uint32_t meminfo[2] = { 639, 130048 };

	memset(rsdp_old, 0x11, sizeof(rsdp_old));
	memset(rsdp_new, 0x22, sizeof(rsdp_new));
	begin();
	tag_str(1, "console=com1 loglvl=all");
	tag_str(2, "GRUB 2.06");
	tag(4, meminfo, sizeof(meminfo));
	tag_module(0x200000, 0x600000, "vmlinuz root=/dev/xvda");
	tag(21, "junk", 4); /* an unknown tag */
	tag_module(0x600000, 0x600000, "");
	tag(14, rsdp_old, sizeof(rsdp_old));
	tag_mmap(24, 3, 0);
	tag(15, rsdp_new, sizeof(rsdp_new));
	finish();

	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_STRING_EQUAL(bi.cmdline, "console=com1 loglvl=all");
	CU_ASSERT_STRING_EQUAL(bi.loader, "GRUB 2.06");
	CU_ASSERT_TRUE(bi.have_meminfo);
	CU_ASSERT_EQUAL(bi.mem_lower_kb, 639);
	CU_ASSERT_EQUAL(bi.mem_upper_kb, 130048);
	CU_ASSERT_EQUAL(bi.nr_modules, 2);
	CU_ASSERT_EQUAL(bi.mods[0].start, 0x200000);
	CU_ASSERT_EQUAL(bi.mods[0].end, 0x600000);
	CU_ASSERT_STRING_EQUAL(bi.mods[0].cmdline, "vmlinuz root=/dev/xvda");
	CU_ASSERT_EQUAL(bi.mods[1].start, 0x600000);
	CU_ASSERT_STRING_EQUAL(bi.mods[1].cmdline, "");
	CU_ASSERT_EQUAL(bi.nr_mmap, 3);
	CU_ASSERT_EQUAL(bi.mmap[2].addr, 0x200000);
	CU_ASSERT_EQUAL(bi.mmap[2].len, 0x3000);
	CU_ASSERT_EQUAL(bi.mmap[2].type, 3);
	CU_ASSERT_EQUAL(bi.rsdp_len, 36);
	CU_ASSERT_EQUAL(memcmp(bi.rsdp, rsdp_new, 36), 0);
	CU_ASSERT_FALSE(bi.truncated);
}

static void test_acpi_preference(void)
{
	uint8_t rsdp_old[20], rsdp_new[36], big[100];

	memset(rsdp_old, 0x11, sizeof(rsdp_old));
	memset(rsdp_new, 0x22, sizeof(rsdp_new));
	begin();
	tag(15, rsdp_new, sizeof(rsdp_new));
	tag(14, rsdp_old, sizeof(rsdp_old));
	finish();
	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_EQUAL(bi.rsdp_len, 36);
	CU_ASSERT_EQUAL(bi.rsdp[0], 0x22);

	begin();
	tag(14, rsdp_old, sizeof(rsdp_old));
	finish();
	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_EQUAL(bi.rsdp_len, 20);
	CU_ASSERT_EQUAL(memcmp(bi.rsdp, rsdp_old, 20), 0);

	/* A bigger payload than our copy is cut to fit, not refused. */
	memset(big, 0x33, sizeof(big));
	begin();
	tag(15, big, sizeof(big));
	finish();
	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_EQUAL(bi.rsdp_len, sizeof(bi.rsdp));

	begin();
	finish();
	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_EQUAL(bi.rsdp_len, 0);
	CU_ASSERT_FALSE(bi.have_meminfo);
	CU_ASSERT_STRING_EQUAL(bi.loader, "");
}

static void test_mmap_entry_size(void)
{
	begin();
	tag_mmap(40, 5, 0x100000000ULL);
	finish();
	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_EQUAL(bi.nr_mmap, 5);
	CU_ASSERT_EQUAL(bi.mmap[4].addr, 0x100400000ULL);
	CU_ASSERT_EQUAL(bi.mmap[4].len, 0x5000);
	CU_ASSERT_EQUAL(bi.mmap[4].type, 5);
}

static void test_truncation(void)
{
	unsigned int i;

	begin();
	for (i = 0; i < BOOT_MAX_MODULES + 4; i++)
		tag_module(i * 0x1000, i * 0x1000 + 0x800, "m");
	tag_mmap(24, BOOT_MAX_MMAP + 10, 0);
	finish();
	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_TRUE(bi.truncated);
	CU_ASSERT_EQUAL(bi.nr_modules, BOOT_MAX_MODULES);
	CU_ASSERT_EQUAL(bi.mods[BOOT_MAX_MODULES - 1].start,
			(BOOT_MAX_MODULES - 1) * 0x1000);
	CU_ASSERT_EQUAL(bi.nr_mmap, BOOT_MAX_MMAP);
	CU_ASSERT_EQUAL(bi.mmap[BOOT_MAX_MMAP - 1].addr,
			(BOOT_MAX_MMAP - 1) * 0x100000ULL);
}

static void test_strings(void)
{
	static char longline[3000];

	/* No NUL inside the tag: stop at the tag's end. */
	begin();
	tag(1, "abcdef", 6);
	tag(2, "GRUBXXXX", 4);
	finish();
	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_STRING_EQUAL(bi.cmdline, "abcdef");
	CU_ASSERT_STRING_EQUAL(bi.loader, "GRUB");

	memset(longline, 'x', sizeof(longline) - 1);
	begin();
	tag_str(1, longline);
	tag_str(2, longline);
	finish();
	CU_ASSERT_EQUAL(parse(), 0);
	CU_ASSERT_EQUAL(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
	CU_ASSERT_EQUAL(strlen(bi.loader), BOOT_LOADER_MAX - 1);
}

static void expect_bad(const char *what)
{
	int rc = parse();

	CU_ASSERT_EQUAL(rc, -EINVAL);
	CU_ASSERT_TRUE(bi_is_zero());
	if (rc != -EINVAL)
		fprintf(stderr, "  multiboot2: accepted %s\n", what);
}

static void test_malformed(void)
{
	size_t off;

	begin();
	finish();
	put32(0, 15);
	expect_bad("total_size < 16");

	begin();
	tag_str(1, "x");
	finish();
	CU_ASSERT_EQUAL(mb2_parse(b.words, b.len - 1, &bi), -EINVAL);
	CU_ASSERT_TRUE(bi_is_zero());
	CU_ASSERT_EQUAL(mb2_parse(b.words, b.len, &bi), 0);

	begin();
	off = tag_str(1, "hello");
	finish();
	put32(off + 4, 7);
	expect_bad("tag size < 8");

	begin();
	off = tag_str(1, "hello");
	finish();
	put32(off + 4, 0x1000);
	expect_bad("tag past total_size");

	begin();
	tag_str(1, "hello");
	put32(0, (uint32_t)b.len);
	expect_bad("missing end tag");

	begin();
	tag_str(1, "hello");
	tag(0, NULL, 0);
	put32(0, (uint32_t)b.len - 4);
	expect_bad("end tag cut by total_size");

	begin();
	tag_mmap(20, 2, 0);
	finish();
	expect_bad("mmap entry_size < 24");

	begin();
	tag(3, "\0\0\0\0", 4);
	finish();
	expect_bad("module tag too small");

	begin();
	tag_module(0x2000, 0x1000, "backwards");
	finish();
	expect_bad("module ending before it starts");

	begin();
	tag(4, "\0\0\0\0", 4);
	finish();
	expect_bad("meminfo tag too small");

	begin();
	finish();
	memset(&bi, 0xff, sizeof(bi));
	CU_ASSERT_EQUAL(mb2_parse(bytes() + 4, sizeof(b.words) - 4, &bi),
			-EINVAL);
	CU_ASSERT_TRUE(bi_is_zero());
	CU_ASSERT_EQUAL(mb2_parse(b.words, 4, &bi), -EINVAL);
	CU_ASSERT_EQUAL(mb2_parse(NULL, 4096, &bi), -EINVAL);
}

static void test_random_corruption(void)
{
	unsigned int round, accepted = 0;

	srand(12345);
	for (round = 0; round < 3000; round++) {
		unsigned int i, nflips = 1 + rand() % 4;
		int rc;

		begin();
		tag_str(1, "console=com1");
		tag_module(0x1000, 0x2000, "mod");
		tag_mmap(24, 4, 0);
		tag(14, "RSD PTR 0123456789ab", 20);
		finish();
		for (i = 0; i < nflips; i++)
			bytes()[rand() % b.len] = (uint8_t)rand();
		memset(&bi, 0xff, sizeof(bi));
		rc = mb2_parse(b.words, b.len, &bi);
		CU_ASSERT_TRUE(rc == 0 || rc == -EINVAL);
		if (rc) {
			CU_ASSERT_TRUE(bi_is_zero());
			continue;
		}
		accepted++;
		CU_ASSERT_TRUE(strnlen(bi.cmdline, sizeof(bi.cmdline)) <
			       sizeof(bi.cmdline));
		CU_ASSERT_TRUE(bi.nr_modules <= BOOT_MAX_MODULES);
		CU_ASSERT_TRUE(bi.nr_mmap <= BOOT_MAX_MMAP);
		CU_ASSERT_TRUE(bi.rsdp_len <= sizeof(bi.rsdp));
	}
	/* Flipping payload bytes leaves many blobs valid: both paths ran. */
	CU_ASSERT_TRUE(accepted > 0 && accepted < 3000);
}

static const struct unit_test tests[] = {
	{ "valid information", test_valid },
	{ "ACPI tag preference", test_acpi_preference },
	{ "larger mmap entries", test_mmap_entry_size },
	{ "too many modules and mmap entries", test_truncation },
	{ "strings bounded and terminated", test_strings },
	{ "malformed information refused", test_malformed },
	{ "random corruption", test_random_corruption },
};

CU_ErrorCode register_multiboot2_suite(void)
{
	return UNIT_ADD_SUITE("multiboot2", NULL, NULL, tests);
}
