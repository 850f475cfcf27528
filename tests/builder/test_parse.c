/* SPDX-License-Identifier: MIT */
/*
 * xb_parse() on well-formed kernels: every note type lands in its field,
 * the FEATURES string and SUPPORTED_FEATURES combine, the virtual kernel
 * range follows the VIRT_BASE / PADDR_OFFSET rules, and the fallbacks
 * (SHT_NOTE sections, the legacy __xen_guest string, a bzImage with an ELF
 * payload) are found.
 */
#include <string.h>

#include <public/elfnote.h>
#include <public/errno.h>
#include <public/features.h>

#include "builder_test.h"

static struct xb_image img;
static struct xb_err err;

static int parse(const struct gen_elf *g, uint32_t offered)
{
	size_t n = gen_write(g, gen_buf, sizeof(gen_buf), NULL);

	return xb_parse(&img, gen_buf, n, offered, &err);
}

static void test_linux_notes(void)
{
	struct gen_elf g;

	gen_linux_like(&g);
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	CU_ASSERT_STRING_EQUAL(img.guest_os, "linux");
	CU_ASSERT_STRING_EQUAL(img.guest_version, "2.6");
	CU_ASSERT_STRING_EQUAL(img.xen_version, "xen-3.0");
	CU_ASSERT_STRING_EQUAL(img.loader, "generic");
	CU_ASSERT_STRING_EQUAL(img.pae_mode, "yes");
	CU_ASSERT_EQUAL(img.virt_base, 0xffffffff80000000ULL);
	CU_ASSERT_EQUAL(img.paddr_offset, 0);
	CU_ASSERT_EQUAL(img.init_p2m, 0x8000000000ULL);
	CU_ASSERT_EQUAL(img.entry, 0xffffffff830771c0ULL);
	CU_ASSERT_EQUAL(img.hypercall_page, XB_UNSET);
	CU_ASSERT_EQUAL(img.hv_start_low, 0xffff800000000000ULL);
	CU_ASSERT_EQUAL(img.phys32_entry, 0x01000850);
	CU_ASSERT_EQUAL(img.suspend_cancel, 1);
	CU_ASSERT(img.mod_start_pfn);
	CU_ASSERT(img.has_l1_mfn_valid);
	CU_ASSERT_EQUAL(img.l1_mfn_valid_mask, 1);
	CU_ASSERT_EQUAL(img.l1_mfn_valid_value, 1);
	CU_ASSERT(img.has_supported_features);
	CU_ASSERT_FALSE(img.legacy_guest_info);
	CU_ASSERT_EQUAL(img.nr_xen_notes, 16);
	/* §1.6: pstart 0x1000000, pend 0x4a00000. */
	CU_ASSERT_EQUAL(img.pstart, 0x1000000);
	CU_ASSERT_EQUAL(img.pend, 0x4a00000);
	CU_ASSERT_EQUAL(img.virt_kstart, 0xffffffff81000000ULL);
	CU_ASSERT_EQUAL(img.virt_kend, 0xffffffff84a00000ULL);
	CU_ASSERT_EQUAL(img.nr_segments, 4);
	CU_ASSERT_EQUAL(img.seg[2].vaddr, 0);
	CU_ASSERT_EQUAL(img.seg[2].paddr, 0x3042000);
}

static void test_features(void)
{
	struct gen_elf g;

	gen_linux_like(&g);
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	/* FEATURES bits 0 and 4, SUPPORTED_FEATURES 0x8801. */
	CU_ASSERT_EQUAL(img.f_required, 1U << XENFEAT_writable_page_tables);
	CU_ASSERT_EQUAL(img.f_supported, 0x8801U | 0x11U);

	/* Unknown optional words are ignored; empty words too. */
	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x1000);
	gen_notes_basic(&g);
	gen_note_str(&g, XEN_ELFNOTE_FEATURES,
		     "frobnicate||dom0|!gnttab_map_avail_bits|");
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	CU_ASSERT_EQUAL(img.f_supported,
			(1U << XENFEAT_dom0) |
				(1U << XENFEAT_gnttab_map_avail_bits));
	CU_ASSERT_EQUAL(img.f_required, 1U << XENFEAT_gnttab_map_avail_bits);
}

static void test_defaults(void)
{
	struct gen_elf g;

	/* No VIRT_BASE, no ENTRY: base 0, entry = e_entry (Mini-OS). */
	gen_minios_like(&g, 0x5000);
	g.entry = 0x10;
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	CU_ASSERT_EQUAL(img.virt_base, 0);
	CU_ASSERT_EQUAL(img.paddr_offset, 0);
	CU_ASSERT_EQUAL(img.entry, 0x10);
	CU_ASSERT_EQUAL(img.virt_kstart, 0);
	CU_ASSERT_EQUAL(img.virt_kend, 0x5000);
	CU_ASSERT_EQUAL(img.hypercall_page, 0x2000);
	CU_ASSERT_EQUAL(img.init_p2m, XB_UNSET);
	CU_ASSERT_FALSE(img.mod_start_pfn);
	CU_ASSERT_STRING_EQUAL(img.guest_os, "Mini-OS");
}

static void test_paddr_offset(void)
{
	struct gen_elf g;

	/* Old style: p_paddr holds the virtual address, PADDR_OFFSET undoes it. */
	gen_init(&g);
	g.entry = 0xffffffff80100000ULL;
	gen_seg(&g, 0xffffffff80100000ULL, 0xffffffff80100000ULL, 0x100,
		0x3000);
	gen_notes_basic(&g);
	gen_note_num(&g, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ULL, 8);
	gen_note_num(&g, XEN_ELFNOTE_PADDR_OFFSET, 0xffffffff80000000ULL, 8);
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	CU_ASSERT_EQUAL(img.virt_kstart, 0xffffffff80100000ULL);
	CU_ASSERT_EQUAL(img.virt_kend, 0xffffffff80103000ULL);
}

static void test_numeric_sizes(void)
{
	struct gen_elf g;

	/* 1, 2, 4, 8 bytes are read little-endian; other sizes read 0. */
	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x2000);
	gen_notes_basic(&g);
	gen_note_num(&g, XEN_ELFNOTE_SUSPEND_CANCEL, 0x7, 1);
	gen_note_num(&g, XEN_ELFNOTE_HV_START_LOW, 0x1234, 2);
	gen_note_num(&g, XEN_ELFNOTE_PHYS32_ENTRY, 0x123456, 3);
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	CU_ASSERT_EQUAL(img.suspend_cancel, 7);
	CU_ASSERT_EQUAL(img.hv_start_low, 0x1234);
	CU_ASSERT_EQUAL(img.phys32_entry, 0);
}

static void test_other_notes_ignored(void)
{
	struct gen_elf g;

	/* Notes of other owners and unknown Xen types change nothing. */
	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x2000);
	gen_note_raw(&g, "GNU", XEN_ELFNOTE_GUEST_OS, "evil", 5);
	gen_notes_basic(&g);
	gen_note_raw(&g, "GNU", XEN_ELFNOTE_VIRT_BASE, "\0\0\0\x80", 4);
	gen_note_num(&g, 0x1000001, 5, 8);
	gen_note_num(&g, 99, 5, 8);
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	CU_ASSERT_STRING_EQUAL(img.guest_os, "linux");
	CU_ASSERT_EQUAL(img.virt_base, 0);
	CU_ASSERT_EQUAL(img.nr_xen_notes, 5);
}

static void test_section_notes(void)
{
	struct gen_elf g;

	gen_linux_like(&g);
	g.notes_in_section_only = true;
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	CU_ASSERT_EQUAL(img.virt_base, 0xffffffff80000000ULL);
	CU_ASSERT_EQUAL(img.entry, 0xffffffff830771c0ULL);
}

static void test_pt_note_offset_zero_skipped(void)
{
	struct gen_elf g;
	struct gen_out o;
	size_t n;

	/* A PT_NOTE with p_offset 0 is ignored; the section still counts. */
	gen_linux_like(&g);
	n = gen_write(&g, gen_buf, sizeof(gen_buf), &o);
	memset(gen_buf + o.phoff + 56 * g.nr_segs + 8, 0, 8);
	CU_ASSERT_EQUAL(xb_parse(&img, gen_buf, n, XB_FEATURES_PV, &err), 0);
	CU_ASSERT_EQUAL(img.virt_base, 0xffffffff80000000ULL);
}

static void test_legacy_guest_info(void)
{
	struct gen_elf g;

	gen_init(&g);
	g.entry = 0xffffffff80100000ULL;
	gen_seg(&g, 0xffffffff80100000ULL, 0xffffffff80100000ULL, 0x100,
		0x4000);
	g.xen_guest = "GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,"
		      "VIRT_BASE=0xffffffff80000000,HYPERCALL_PAGE=0x101,"
		      "LOADER=generic,FEATURES=!writable_page_tables,PAE=yes";
	CU_ASSERT_EQUAL_FATAL(parse(&g, XB_FEATURES_PV), 0);
	CU_ASSERT(img.legacy_guest_info);
	CU_ASSERT_STRING_EQUAL(img.guest_version, "2.6");
	CU_ASSERT_EQUAL(img.virt_base, 0xffffffff80000000ULL);
	/* Without ELF_PADDR_OFFSET the offset defaults to VIRT_BASE. */
	CU_ASSERT_EQUAL(img.paddr_offset, 0xffffffff80000000ULL);
	CU_ASSERT_EQUAL(img.virt_kstart, 0xffffffff80100000ULL);
	/* A page number relative to VIRT_BASE. */
	CU_ASSERT_EQUAL(img.hypercall_page, 0xffffffff80101000ULL);
	CU_ASSERT_EQUAL(img.f_required, 1);
	CU_ASSERT_STRING_EQUAL(img.pae_mode, "yes");
}

/* A bzImage wrapper around @elf, @n bytes, with @setup_sects. */
static size_t wrap_bzimage(uint8_t *out, const uint8_t *elf, size_t n,
			   unsigned int setup_sects, uint16_t version)
{
	size_t off = (setup_sects + 1) * 512 + 0x40;

	memset(out, 0, off);
	out[0x1f1] = (uint8_t)setup_sects;
	memcpy(out + 0x202, "HdrS", 4);
	out[0x206] = (uint8_t)version;
	out[0x207] = (uint8_t)(version >> 8);
	out[0x248] = 0x40; /* payload offset from the protected-mode part */
	out[0x24c] = (uint8_t)n;
	out[0x24d] = (uint8_t)(n >> 8);
	out[0x24e] = (uint8_t)(n >> 16);
	memcpy(out + off, elf, n);
	return off + n;
}

static uint8_t bz_buf[GEN_BUF_SIZE + 16384];

static void test_bzimage(void)
{
	static const uint8_t xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	struct gen_elf g;
	size_t n, bz;

	gen_linux_like(&g);
	n = gen_write(&g, gen_buf, sizeof(gen_buf), NULL);
	bz = wrap_bzimage(bz_buf, gen_buf, n, 4, 0x20f);
	CU_ASSERT_EQUAL_FATAL(xb_parse(&img, bz_buf, bz, XB_FEATURES_PV, &err),
			      0);
	CU_ASSERT_EQUAL(img.virt_kstart, 0xffffffff81000000ULL);
	CU_ASSERT_PTR_EQUAL(img.elf, bz_buf + 5 * 512 + 0x40);

	/* A compressed payload is named, not decompressed. */
	memcpy(bz_buf + 5 * 512 + 0x40, xz, sizeof(xz));
	CU_ASSERT_EQUAL(xb_parse(&img, bz_buf, bz, XB_FEATURES_PV, &err),
			-XEN_EOPNOTSUPP);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "xz"));

	/* Payload past the end of the file. */
	bz = wrap_bzimage(bz_buf, gen_buf, n, 4, 0x20f);
	CU_ASSERT_EQUAL(xb_parse(&img, bz_buf, bz - 1, XB_FEATURES_PV, &err),
			-XEN_EINVAL);
	/* Too old a boot protocol. */
	bz = wrap_bzimage(bz_buf, gen_buf, n, 4, 0x207);
	CU_ASSERT_EQUAL(xb_parse(&img, bz_buf, bz, XB_FEATURES_PV, &err),
			-XEN_EINVAL);
}

static void test_hypercall_page_bytes(void)
{
	static const uint8_t normal[] = { 0x51, 0x41, 0x53, 0xb8, 0x05,
					  0,	0,    0,    0x0f, 0x05,
					  0x41, 0x5b, 0x59, 0xc3 };
	static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 0x17,
					0,    0,    0,	  0x0f, 0x05 };
	static uint8_t page[4096];
	unsigned int i, j;

	xb_hypercall_page(page);
	for (i = 0; i < 128; i++) {
		const uint8_t *s = page + 32 * i;
		unsigned int used = i == 23 ? sizeof(iret) : sizeof(normal);

		if (i == 23) {
			CU_ASSERT(!memcmp(s, iret, sizeof(iret)));
		} else {
			CU_ASSERT(!memcmp(s, normal, 4));
			CU_ASSERT_EQUAL(s[4], i);
			CU_ASSERT(
				!memcmp(s + 5, normal + 5, sizeof(normal) - 5));
		}
		for (j = used; j < 32; j++)
			CU_ASSERT_EQUAL(s[j], 0xcc);
	}
}

static const struct builder_test tests[] = {
	{ "Debian-like notes", test_linux_notes },
	{ "FEATURES and SUPPORTED_FEATURES", test_features },
	{ "defaults without VIRT_BASE and ENTRY", test_defaults },
	{ "PADDR_OFFSET", test_paddr_offset },
	{ "numeric descriptor sizes", test_numeric_sizes },
	{ "foreign and unknown notes ignored", test_other_notes_ignored },
	{ "notes from SHT_NOTE sections", test_section_notes },
	{ "PT_NOTE with p_offset 0 skipped", test_pt_note_offset_zero_skipped },
	{ "legacy __xen_guest", test_legacy_guest_info },
	{ "bzImage payload", test_bzimage },
	{ "hypercall page bytes", test_hypercall_page_bytes },
};

CU_ErrorCode register_builder_parse_suite(void)
{
	return BUILDER_ADD_SUITE("builder-parse", tests);
}
