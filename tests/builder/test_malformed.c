/* SPDX-License-Identifier: MIT */
/*
 * xb_parse() against hostile images: every truncation, broken headers,
 * segments that lie about their sizes or overlap, notes whose sizes run
 * past their container, too many notes, missing or wrong identification,
 * required features nobody offers, and addresses that do not add up. Each
 * must fail with the right errno and a message, without reading outside
 * the buffer (run under valgrind or ASan to see the latter).
 */
#include <stdlib.h>
#include <string.h>

#include <public/elfnote.h>
#include <public/errno.h>
#include <public/features.h>

#include "builder_test.h"

static struct xb_image img;
static struct xb_err err;
static struct gen_out out;

static size_t write(const struct gen_elf *g)
{
	return gen_write(g, gen_buf, sizeof(gen_buf), &out);
}

static int parse_n(size_t n)
{
	return xb_parse(&img, gen_buf, n, XB_FEATURES_PV, &err);
}

static int parse(const struct gen_elf *g)
{
	return parse_n(write(g));
}

/* Parse a truncated private copy so reads past the end hit the allocator. */
static int parse_copy(size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	int rc;

	memcpy(copy, gen_buf, n);
	rc = xb_parse(&img, copy, n, XB_FEATURES_PV, &err);
	free(copy);
	return rc;
}

static void put64(size_t off, uint64_t v)
{
	memcpy(gen_buf + off, &v, 8);
}

static void put32(size_t off, uint32_t v)
{
	memcpy(gen_buf + off, &v, 4);
}

static void put16(size_t off, uint16_t v)
{
	memcpy(gen_buf + off, &v, 2);
}

static bool msg_has(const char *s)
{
	return strstr(err.msg, s) != NULL;
}

static void test_every_truncation(void)
{
	struct gen_elf g;
	size_t n, cut;
	unsigned int bad = 0;

	gen_linux_like(&g);
	n = write(&g);
	CU_ASSERT_EQUAL_FATAL(parse_copy(n), 0);
	for (cut = 0; cut < n; cut++)
		if (parse_copy(cut) == 0 || !err.msg[0])
			bad++;
	CU_ASSERT_EQUAL(bad, 0);

	/* Without section headers the segment bytes come last. */
	g.no_sections = true;
	n = write(&g);
	CU_ASSERT_EQUAL_FATAL(parse_copy(n), 0);
	for (cut = 0; cut < n; cut++)
		if (parse_copy(cut) == 0 || !err.msg[0])
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_identification(void)
{
	struct gen_elf g;
	size_t n;

	gen_linux_like(&g);
	n = write(&g);
	gen_buf[0] = 0x7e;
	CU_ASSERT_EQUAL(parse_n(n), -XEN_ENOEXEC);
	n = write(&g);
	gen_buf[4] = 1;
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EOPNOTSUPP);
	CU_ASSERT(msg_has("32-bit"));
	n = write(&g);
	gen_buf[5] = 2; /* big-endian */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_ENOEXEC);
	n = write(&g);
	put16(18, 3); /* EM_386 */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_ENOEXEC);
	CU_ASSERT(msg_has("x86-64"));
	n = write(&g);
	put16(16, 1); /* ET_REL */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_ENOEXEC);
	/* A gzip file is named as such. */
	memcpy(gen_buf, "\x1f\x8b\x08\x00", 4);
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EOPNOTSUPP);
	CU_ASSERT(msg_has("gzip"));
	CU_ASSERT_EQUAL(xb_parse(&img, NULL, 0, 0, &err), -XEN_EINVAL);
}

static void test_header_tables(void)
{
	struct gen_elf g;
	size_t n;

	gen_linux_like(&g);
	n = write(&g);
	put16(54, 32); /* e_phentsize */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	n = write(&g);
	put16(56, 0); /* e_phnum */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_ENOEXEC);
	n = write(&g);
	put16(56, 0xffff);
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	n = write(&g);
	put64(32, n - 56); /* phdrs run past the end */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	n = write(&g);
	put64(32, ~0ULL - 8); /* offset + size wraps */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	n = write(&g);
	put64(40, ~0ULL - 8); /* section headers wrap */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	n = write(&g);
	put16(58, 40); /* e_shentsize */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
}

static void test_segments(void)
{
	struct gen_elf g;
	size_t n, ph1;

	gen_linux_like(&g);
	n = write(&g);
	ph1 = out.phoff + 56;
	put64(ph1 + 32, n); /* filesz past the end of the file */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	CU_ASSERT(msg_has("PT_LOAD segment 1"));

	n = write(&g);
	put64(ph1 + 8, ~0ULL - 0x10); /* p_offset + p_filesz wraps */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);

	n = write(&g);
	put64(ph1 + 40, 0x3ff); /* memsz < filesz (0x400) */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	CU_ASSERT(msg_has("more file bytes"));

	n = write(&g);
	put64(ph1 + 40, 0x80000000ULL); /* 2 GiB */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_E2BIG);

	n = write(&g);
	put64(ph1 + 24, ~0ULL - 0x100); /* p_paddr + p_memsz wraps */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_E2BIG);

	/* Two segments 1 GiB apart: each small, the span too big. */
	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x1000);
	gen_seg(&g, 0x40001000ULL, 0x40001000ULL, 0x10, 0x1000);
	gen_notes_basic(&g);
	CU_ASSERT_EQUAL(parse(&g), -XEN_E2BIG);
	CU_ASSERT(msg_has("beyond"));
}

static void test_overlap(void)
{
	struct gen_elf g;

	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x2000);
	gen_seg(&g, 0x2fff, 0x2fff, 0x10, 0x10);
	gen_notes_basic(&g);
	CU_ASSERT_EQUAL(parse(&g), -XEN_EINVAL);
	CU_ASSERT_STRING_EQUAL(err.msg, "PT_LOAD segments 0 and 1 overlap");

	/* Touching is fine. */
	g.seg[1].paddr = 0x3000;
	CU_ASSERT_EQUAL(parse(&g), 0);

	/* A segment with no access rights is not loaded, so cannot clash. */
	g.seg[1].paddr = 0x2000;
	g.seg[1].flags = 0x100;
	CU_ASSERT_EQUAL(parse(&g), 0);
	CU_ASSERT_EQUAL(img.nr_segments, 1);
}

static void test_no_load(void)
{
	struct gen_elf g;

	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x2000);
	g.seg[0].flags = 0x100;
	gen_notes_basic(&g);
	CU_ASSERT_EQUAL(parse(&g), -XEN_ENOEXEC);
	CU_ASSERT(msg_has("no loadable"));

	gen_init(&g);
	g.entry = 0x1000;
	for (unsigned int i = 0; i < GEN_MAX_SEGS; i++)
		gen_seg(&g, 0x1000 * (i + 1), 0, 0, 0x1000);
	gen_notes_basic(&g);
	CU_ASSERT_EQUAL(parse(&g), 0);
}

static void test_note_sizes(void)
{
	struct gen_elf g;
	size_t n;

	gen_linux_like(&g);
	n = write(&g);
	put32(out.notes_off + 4, 0xffffffffU); /* descsz: overflow */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	CU_ASSERT(msg_has("runs past"));

	n = write(&g);
	put32(out.notes_off, 0xfffffffdU); /* namesz */
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);

	/* One byte past the segment: the last note's descriptor. */
	n = write(&g);
	put64(out.phoff + 56 * g.nr_segs + 32, out.notes_len - 1);
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);

	/* The note segment itself past the end of the file. */
	n = write(&g);
	put64(out.phoff + 56 * g.nr_segs + 32, n);
	CU_ASSERT_EQUAL(parse_n(n), -XEN_EINVAL);
	CU_ASSERT(msg_has("PT_NOTE segment"));

	/* Trailing bytes too few for a header are padding. */
	n = write(&g);
	put64(out.phoff + 56 * g.nr_segs + 32, out.notes_len + 8);
	CU_ASSERT_EQUAL(parse_n(n), 0);
}

static void test_too_many_notes(void)
{
	struct gen_elf g;
	unsigned int i;

	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x2000);
	gen_notes_basic(&g);
	for (i = 0; i < 253; i++)
		gen_note_raw(&g, "GNU", 1, NULL, 0);
	CU_ASSERT_EQUAL(parse(&g), 0);
	gen_note_raw(&g, "GNU", 1, NULL, 0);
	CU_ASSERT_EQUAL(parse(&g), -XEN_E2BIG);
}

static void test_identity_notes(void)
{
	struct gen_elf g;

	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x2000);
	CU_ASSERT_EQUAL(parse(&g), -XEN_ENOEXEC);
	CU_ASSERT(msg_has("not a Xen-ELF"));

	gen_note_str(&g, XEN_ELFNOTE_GUEST_OS, "Plan9");
	gen_note_str(&g, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	CU_ASSERT_EQUAL(parse(&g), -XEN_ENOEXEC);
	CU_ASSERT(msg_has("Plan9"));

	gen_note_str(&g, XEN_ELFNOTE_LOADER, "generic");
	CU_ASSERT_EQUAL(parse(&g), 0);

	g.nr_notes = 0;
	gen_note_str(&g, XEN_ELFNOTE_GUEST_OS, "linux");
	gen_note_str(&g, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
	CU_ASSERT_EQUAL(parse(&g), -XEN_ENOEXEC);
	CU_ASSERT(msg_has("xen-2.0"));
}

static void test_required_features(void)
{
	struct gen_elf g;
	size_t n;

	gen_init(&g);
	g.entry = 0x1000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x2000);
	gen_notes_basic(&g);
	gen_note_str(&g, XEN_ELFNOTE_FEATURES, "pae_pgdir_above_4gb|!xyz");
	CU_ASSERT_EQUAL(parse(&g), -XEN_EOPNOTSUPP);
	CU_ASSERT_STRING_EQUAL(
		err.msg,
		"kernel requires feature 'xyz' that this hypervisor does not know");

	g.note[3].desc = "!supervisor_mode_kernel";
	g.note[3].descsz = sizeof("!supervisor_mode_kernel");
	CU_ASSERT_EQUAL(parse(&g), -XEN_EOPNOTSUPP);
	CU_ASSERT_STRING_EQUAL(
		err.msg,
		"kernel requires feature 'supervisor_mode_kernel' that this hypervisor does not offer");

	/* Offered: accepted. Translated PV: never. */
	n = write(&g);
	CU_ASSERT_EQUAL(xb_parse(&img, gen_buf, n, ~0U, &err), 0);
	g.note[3].desc = "!auto_translated_physmap";
	g.note[3].descsz = sizeof("!auto_translated_physmap");
	n = write(&g);
	CU_ASSERT_EQUAL(xb_parse(&img, gen_buf, n, ~0U, &err), -XEN_EOPNOTSUPP);
	CU_ASSERT(msg_has("auto_translated_physmap"));
}

static void test_addresses(void)
{
	struct gen_elf g;

	/* Entry just past the end is allowed (Xen's bound is inclusive). */
	gen_init(&g);
	g.entry = 0x3000;
	gen_seg(&g, 0x1000, 0x1000, 0x10, 0x2000);
	gen_notes_basic(&g);
	CU_ASSERT_EQUAL(parse(&g), 0);
	g.entry = 0x3001;
	CU_ASSERT_EQUAL(parse(&g), -XEN_EINVAL);
	CU_ASSERT(msg_has("entry point 0x3001 lies outside"));
	g.entry = 0xfff;
	CU_ASSERT_EQUAL(parse(&g), -XEN_EINVAL);

	/* The ENTRY note is checked too. */
	g.entry = 0x1000;
	gen_note_num(&g, XEN_ELFNOTE_ENTRY, 0xffffffff80000000ULL, 8);
	CU_ASSERT_EQUAL(parse(&g), -XEN_EINVAL);

	/* PADDR_OFFSET without VIRT_BASE. */
	g.nr_notes = 3;
	gen_note_num(&g, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
	CU_ASSERT_EQUAL(parse(&g), -XEN_EINVAL);
	CU_ASSERT(msg_has("PADDR_OFFSET"));

	/* Kernel below VIRT_BASE. */
	g.nr_notes = 3;
	gen_note_num(&g, XEN_ELFNOTE_VIRT_BASE, 0x2000, 8);
	CU_ASSERT_EQUAL(parse(&g), -XEN_EINVAL);

	/* INIT_P2M inside the kernel. */
	g.nr_notes = 3;
	gen_note_num(&g, XEN_ELFNOTE_INIT_P2M, 0x2000, 8);
	CU_ASSERT_EQUAL(parse(&g), -XEN_EINVAL);
	CU_ASSERT(msg_has("INIT_P2M"));
}

static const struct builder_test tests[] = {
	{ "every truncation fails", test_every_truncation },
	{ "identification", test_identification },
	{ "header tables", test_header_tables },
	{ "segment sizes", test_segments },
	{ "overlapping segments", test_overlap },
	{ "no loadable segment", test_no_load },
	{ "note sizes", test_note_sizes },
	{ "too many notes", test_too_many_notes },
	{ "identity notes", test_identity_notes },
	{ "required features", test_required_features },
	{ "entry and base addresses", test_addresses },
};

CU_ErrorCode register_builder_malformed_suite(void)
{
	return BUILDER_ADD_SUITE("builder-malformed", tests);
}
