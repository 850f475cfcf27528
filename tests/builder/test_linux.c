/* SPDX-License-Identifier: MIT */
/*
 * A real kernel, when the build has one: build/cache/linux/vmlinux (or the
 * file named by $XB_VMLINUX) is parsed, laid out for a 256 MiB domU with an
 * 8 MiB initrd, and built into fake memory. Without the file the test
 * passes without doing anything, so the suite runs on any machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/errno.h>
#include <public/features.h>
#include <public/xen.h>

#include "builder_test.h"

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}

static void test_real_vmlinux(void)
{
	const char *path = getenv("XB_VMLINUX");
	struct xb_layout_params p = { .nr_pages = 0x10000,
				      .ramdisk_len = 8 << 20,
				      .nr_vcpus = 1 };
	struct xb_build_params bp = { .cmdline = "console=hvc0" };
	static struct xb_image img;
	static struct xb_layout lo;
	static struct fakemem fm;
	struct xb_err err;
	uint8_t *elf, *rd;
	size_t size = 0;

	elf = read_file(path ? path : "build/cache/linux/vmlinux", &size);
	if (!elf)
		return;
	CU_ASSERT_EQUAL_FATAL(xb_parse(&img, elf, size, XB_FEATURES_PV, &err),
			      0);
	CU_ASSERT_STRING_EQUAL(img.guest_os, "linux");
	CU_ASSERT_EQUAL(img.virt_base, 0xffffffff80000000ULL);
	CU_ASSERT(img.f_required & (1U << XENFEAT_writable_page_tables));
	CU_ASSERT(img.entry >= img.virt_kstart && img.entry < img.virt_kend);
	printf("\n    vmlinux: [%#lx, %#lx) entry %#lx, INIT_P2M %#lx\n",
	       (unsigned long)img.virt_kstart, (unsigned long)img.virt_kend,
	       (unsigned long)img.entry, (unsigned long)img.init_p2m);

	CU_ASSERT_EQUAL_FATAL(xb_layout(&lo, &img, &p, &err), 0);
	/* Linux copies one L2: the whole mapping sits in one 1 GiB window. */
	CU_ASSERT_EQUAL(lo.virt_base >> 30, (lo.virt_pgtab_end - 1) >> 30);

	rd = calloc(1, p.ramdisk_len);
	CU_ASSERT_FATAL(rd != NULL);
	bp.ramdisk = rd;
	fm_init(&fm, p.nr_pages);
	CU_ASSERT_EQUAL(xb_build(&lo, &img, &fm.mem, &bp, &err), 0);
	CU_ASSERT_EQUAL(fm.outstanding, 0);
	/* The entry point's page holds the file's bytes. */
	CU_ASSERT_EQUAL(fm_walk(&fm, fm_p2m(lo.pt_pfn), img.entry, NULL) >> 12 &
				0xffffffffffULL,
			fm_p2m((img.entry - lo.virt_base) >> 12));
	fm_free(&fm);
	free(rd);
	free(elf);
}

static const struct builder_test tests[] = {
	{ "real vmlinux if present", test_real_vmlinux },
};

CU_ErrorCode register_builder_linux_suite(void)
{
	return BUILDER_ADD_SUITE("builder-linux", tests);
}
