/* SPDX-License-Identifier: MIT */
/*
 * xb_build() into a fake guest memory with a scrambled p2m: every page of
 * the layout written (none left with the fake's stale bytes), the kernel
 * segments at p_paddr - pstart with zeroed bss and gaps, the initrd, the
 * p2m, start_info, the hypercall page, and the page tables walked VA by VA:
 * each mapped VA resolves to the right MFN with libxenguest's flags, the
 * tables themselves read-only, nothing else mapped. Failing maps must
 * leave no mapping behind.
 */
#include <stdlib.h>
#include <string.h>

#include <public/elfnote.h>
#include <public/errno.h>
#include <public/xen.h>

#include "builder_test.h"

static struct xb_image img;
static struct xb_layout lo;
static struct xb_err err;
static struct fakemem fm;

#define RAMDISK_LEN (8 << 20)
static uint8_t ramdisk[RAMDISK_LEN];

static int build(const struct gen_elf *g, uint64_t nr_pages, uint64_t rd_len,
		 bool dom0, const struct xb_build_params *bp)
{
	struct xb_layout_params p = {
		.nr_pages = nr_pages,
		.ramdisk_len = rd_len,
		.is_dom0 = dom0,
		.nr_vcpus = 2,
	};
	size_t n = gen_write(g, gen_buf, sizeof(gen_buf), NULL);
	uint32_t i;

	for (i = 0; i < RAMDISK_LEN; i++)
		ramdisk[i] = (uint8_t)(i * 13 + (i >> 12));
	CU_ASSERT_EQUAL_FATAL(xb_parse(&img, gen_buf, n, XB_FEATURES_PV, &err),
			      0);
	CU_ASSERT_EQUAL_FATAL(xb_layout(&lo, &img, &p, &err), 0);
	fm_init(&fm, nr_pages);
	return xb_build(&lo, &img, &fm.mem, bp, &err);
}

static bool page_is(uint64_t pfn, const void *want)
{
	return !memcmp(fm_read(&fm, pfn), want, XB_PAGE_SIZE);
}

static bool page_zero(uint64_t pfn)
{
	static const uint8_t zero[XB_PAGE_SIZE];

	return page_is(pfn, zero);
}

/* Every page of the layout was mapped and so is fully the builder's. */
static void check_all_written(void)
{
	uint64_t pfn, missing = 0;

	for (pfn = 0; pfn < lo.first_free_pfn; pfn++)
		if (!fm.page[pfn])
			missing++;
	CU_ASSERT_EQUAL(missing, 0);
	CU_ASSERT_EQUAL(fm.outstanding, 0);
}

/* The byte at kernel offset @off (from pstart). */
static uint8_t kbyte(uint64_t off)
{
	return fm_read(&fm, lo.kernel_pfn + (off >> 12))[off & 0xfff];
}

static void check_kernel(void)
{
	unsigned int i;
	uint64_t off, bad = 0;

	for (i = 0; i < img.nr_segments; i++) {
		const struct xb_segment *s = &img.seg[i];
		uint64_t dst = s->paddr - img.pstart;
		uint64_t next = i + 1 < img.nr_segments ?
					img.seg[i + 1].paddr - img.pstart :
					lo.kernel_pages << 12;

		for (off = 0; off < s->filesz; off++)
			if (kbyte(dst + off) != (uint8_t)(0x11 * (i + 1) + off))
				bad++;
		/* bss and the gap up to the next segment read as zeros. */
		for (off = dst + s->filesz; off < next; off++)
			if (kbyte(off))
				bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void check_p2m(void)
{
	uint64_t i, bad = 0;

	for (i = 0; i < lo.p2m_pages * 512; i++) {
		uint64_t want = i < lo.nr_pages ? fm_p2m(i) : XB_INVALID_MFN;

		if (fm_read64(&fm, lo.p2m_pfn + i / 512, i % 512) != want)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Count present leaves under a table; check each table's level. */
static uint64_t count_leaves(uint64_t mfn, int level, uint64_t *bad)
{
	uint64_t pfn = fm_m2p(mfn), n = 0;
	unsigned int i;

	if (pfn == XB_UNSET || xb_pt_level(&lo, pfn) != (unsigned int)level) {
		(*bad)++;
		return 0;
	}
	for (i = 0; i < 512; i++) {
		uint64_t e = fm_read64(&fm, pfn, i);

		if (!(e & XB_PTE_P))
			continue;
		if (level == 1)
			n++;
		else
			n += count_leaves((e & XB_PTE_MFN_MASK) >> 12,
					  level - 1, bad);
	}
	return n;
}

static void check_tables(void)
{
	uint64_t l4 = fm_p2m(lo.pt_pfn), pfn, up[3], bad = 0, leaves;
	unsigned int i;

	for (pfn = 0; pfn < lo.mapped_pages; pfn++) {
		uint64_t va = lo.virt_base + (pfn << 12);
		uint64_t e = fm_walk(&fm, l4, va, up);
		uint64_t prot = xb_pt_level(&lo, pfn) ? 0x21 : 0x23;

		if (e != ((fm_p2m(pfn) << 12) | prot))
			bad++;
		for (i = 0; i < 3; i++)
			if ((up[i] & 0xfff) != 0x67 || (up[i] >> 52))
				bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	if (lo.p2m_relocated) {
		for (i = 0; i < lo.p2m_pages; i++) {
			uint64_t va = lo.p2m_va + ((uint64_t)i << 12);

			if (fm_walk(&fm, l4, va, NULL) !=
			    ((fm_p2m(lo.p2m_pfn + i) << 12) | 0x23))
				bad++;
		}
		CU_ASSERT_EQUAL(bad, 0);
		if (lo.p2m_va + (lo.p2m_pages << 12) != lo.virt_base)
			CU_ASSERT_EQUAL(
				fm_walk(&fm, l4,
					lo.p2m_va + (lo.p2m_pages << 12), NULL),
				0);
		CU_ASSERT_EQUAL(fm_walk(&fm, l4, lo.p2m_va - 4096, NULL), 0);
	}
	CU_ASSERT_EQUAL(fm_walk(&fm, l4, lo.virt_pgtab_end, NULL), 0);
	if (lo.virt_base && !(lo.p2m_relocated &&
			      lo.p2m_va + (lo.p2m_pages << 12) == lo.virt_base))
		CU_ASSERT_EQUAL(fm_walk(&fm, l4, lo.virt_base - 4096, NULL), 0);
	/* The hypervisor's slots are its to fill. */
	for (i = 256; i < 272; i++)
		CU_ASSERT_EQUAL(fm_read64(&fm, lo.pt_pfn, i), 0);
	/* Nothing mapped but the two mappings; every table has its level. */
	leaves = count_leaves(l4, 4, &bad);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(leaves, lo.mapped_pages +
					(lo.p2m_relocated ? lo.p2m_pages : 0));
}

static void test_worked_example(void)
{
	static const char cmdline[] = "console=hvc0 earlyprintk=xen";
	struct xb_build_params bp = {
		.cmdline = cmdline,
		.ramdisk = ramdisk,
		.shared_info_mfn = 0x12345,
		.store_evtchn = 1,
		.console_evtchn = 2,
	};
	const struct start_info *si;
	struct gen_elf g;
	uint64_t pfn;

	gen_linux_like(&g);
	CU_ASSERT_EQUAL_FATAL(build(&g, 0x10000, RAMDISK_LEN, false, &bp), 0);
	check_all_written();
	check_kernel();
	check_p2m();
	check_tables();

	for (pfn = 0; pfn < lo.kernel_pfn; pfn++)
		CU_ASSERT(page_zero(pfn));
	CU_ASSERT(page_zero(lo.xenstore_pfn));
	CU_ASSERT(page_zero(lo.console_pfn));
	CU_ASSERT(page_zero(lo.bootstack_pfn));
	for (pfn = lo.bootstack_pfn + 1; pfn < lo.mapped_pages; pfn++)
		CU_ASSERT(page_zero(pfn));
	for (pfn = 0; pfn < lo.ramdisk_pages; pfn++)
		CU_ASSERT(page_is(lo.ramdisk_pfn + pfn, ramdisk + (pfn << 12)));

	si = (const struct start_info *)fm_read(&fm, lo.start_info_pfn);
	CU_ASSERT_STRING_EQUAL(si->magic, "xen-3.0-x86_64");
	CU_ASSERT_EQUAL(si->nr_pages, 0x10000);
	CU_ASSERT_EQUAL(si->shared_info, 0x12345000ULL);
	CU_ASSERT_EQUAL(si->flags, SIF_VIRT_P2M_4TOOLS | SIF_MOD_START_PFN);
	CU_ASSERT_EQUAL(si->store_mfn, fm_p2m(0x4a01));
	CU_ASSERT_EQUAL(si->store_evtchn, 1);
	CU_ASSERT_EQUAL(si->console.domU.mfn, fm_p2m(0x4a02));
	CU_ASSERT_EQUAL(si->console.domU.evtchn, 2);
	CU_ASSERT_EQUAL(si->pt_base, 0xffffffff84a03000ULL);
	CU_ASSERT_EQUAL(si->nr_pt_frames, 41);
	CU_ASSERT_EQUAL(si->mfn_list, 0x8000000000ULL);
	CU_ASSERT_EQUAL(si->mod_start, 0x4c00);
	CU_ASSERT_EQUAL(si->mod_len, 0x800000);
	CU_ASSERT_STRING_EQUAL((const char *)si->cmd_line, cmdline);
	CU_ASSERT_EQUAL(si->first_p2m_pfn, 0x5400);
	CU_ASSERT_EQUAL(si->nr_p2m_frames, 131);
	/* The rest of the page is zero. */
	for (pfn = sizeof(*si); pfn < XB_PAGE_SIZE; pfn++)
		CU_ASSERT_EQUAL(((const uint8_t *)si)[pfn], 0);
	/* Free RAM untouched without zero_free. */
	CU_ASSERT_PTR_NULL(fm.page[lo.first_free_pfn]);
	fm_free(&fm);
}

static void test_mapped_initrd_dom0(void)
{
	struct xb_build_params bp = { .ramdisk = ramdisk,
				      .shared_info_mfn = 7,
				      .extra_si_flags = 0x300 };
	const struct start_info *si;
	const uint64_t rd_len = 0x12345;
	const uint8_t *last;
	struct gen_elf g;
	char long_cmd[2000];
	uint64_t i;

	/* dom0, initrd in the mapping (no MOD_START_PFN), long command line. */
	gen_linux_like(&g);
	memmove(&g.note[12], &g.note[13],
		(g.nr_notes - 13) * sizeof(g.note[0]));
	g.nr_notes--;
	memset(long_cmd, 'x', sizeof(long_cmd) - 1);
	long_cmd[sizeof(long_cmd) - 1] = '\0';
	bp.cmdline = long_cmd;
	CU_ASSERT_EQUAL_FATAL(build(&g, 0x10000, rd_len, true, &bp), 0);
	CU_ASSERT_FALSE(img.mod_start_pfn);
	check_all_written();
	check_kernel();
	check_p2m();
	check_tables();

	CU_ASSERT_EQUAL(lo.ramdisk_pfn, 0x4a00);
	for (i = 0; i < rd_len >> 12; i++)
		CU_ASSERT(page_is(lo.ramdisk_pfn + i, ramdisk + (i << 12)));
	last = fm_read(&fm, lo.ramdisk_pfn + (rd_len >> 12));
	CU_ASSERT(
		!memcmp(last, ramdisk + (rd_len & ~0xfffULL), rd_len & 0xfff));
	for (i = rd_len & 0xfff; i < XB_PAGE_SIZE; i++)
		CU_ASSERT_EQUAL(last[i], 0);

	si = (const struct start_info *)fm_read(&fm, lo.start_info_pfn);
	CU_ASSERT_EQUAL(si->flags, SIF_PRIVILEGED | SIF_INITDOMAIN | 0x300);
	CU_ASSERT_EQUAL(si->store_mfn, 0);
	CU_ASSERT_EQUAL(si->store_evtchn, 0);
	CU_ASSERT_EQUAL(si->console.dom0.info_off, 0);
	CU_ASSERT_EQUAL(si->console.dom0.info_size, 0);
	CU_ASSERT_EQUAL(si->mod_start, 0xffffffff84a00000ULL);
	CU_ASSERT_EQUAL(si->mod_len, rd_len);
	CU_ASSERT_EQUAL(si->shared_info, 0x7000);
	CU_ASSERT_EQUAL(strlen((const char *)si->cmd_line), 1023);
	CU_ASSERT_EQUAL(si->cmd_line[1023], 0);
	fm_free(&fm);
}

static void test_minios(void)
{
	struct xb_build_params bp = { .zero_free = true };
	static uint8_t hc[XB_PAGE_SIZE];
	const struct start_info *si;
	struct gen_elf g;
	uint64_t pfn;

	/* 0x7f0 pages: the p2m's last page has 16 entries past the end. */
	gen_minios_like(&g, 0x5000);
	CU_ASSERT_EQUAL_FATAL(build(&g, 0x7f0, 0, false, &bp), 0);
	check_all_written();
	check_p2m();
	check_tables();
	CU_ASSERT_EQUAL(fm_read64(&fm, lo.p2m_pfn + 3, 511), XB_INVALID_MFN);
	xb_hypercall_page(hc);
	CU_ASSERT(page_is(2, hc));
	/* The kernel around the hypercall page is the segment's. */
	CU_ASSERT_EQUAL(kbyte(0x1fff), (uint8_t)(0x11 + 0x1fff));
	CU_ASSERT_EQUAL(kbyte(0x3000), 0);
	si = (const struct start_info *)fm_read(&fm, lo.start_info_pfn);
	CU_ASSERT_EQUAL(si->mfn_list, 0x5000);
	CU_ASSERT_EQUAL(si->pt_base, 0xc000);
	CU_ASSERT_EQUAL(si->nr_pt_frames, 5);
	CU_ASSERT_EQUAL(si->mod_start, 0);
	CU_ASSERT_EQUAL(si->mod_len, 0);
	CU_ASSERT_EQUAL(si->cmd_line[0], 0);
	CU_ASSERT_EQUAL(si->first_p2m_pfn, 0);
	/* zero_free: every page of the domain written. */
	for (pfn = lo.first_free_pfn; pfn < lo.nr_pages; pfn++)
		CU_ASSERT(fm.page[pfn] && page_zero(pfn));
	fm_free(&fm);
}

static void test_shared_tables(void)
{
	struct xb_build_params bp = { 0 };
	struct gen_elf g;

	/*
	 * Kernel at 0x500000, a 4 MiB p2m at INIT_P2M 0x100000: the p2m
	 * shares the L4, L3 and L2 with the main mapping, and its last 1 MiB
	 * lands in the main mapping's first L1 table, so only two L1 tables
	 * are its own.
	 */
	gen_init(&g);
	g.entry = 0x500000;
	gen_seg(&g, 0, 0x500000, 0x100, 0x5000);
	gen_notes_basic(&g);
	gen_note_num(&g, XEN_ELFNOTE_VIRT_BASE, 0x500000, 8);
	gen_note_num(&g, XEN_ELFNOTE_INIT_P2M, 0x100000, 8);
	CU_ASSERT_EQUAL_FATAL(build(&g, 0x80000, 0, false, &bp), 0);
	CU_ASSERT_EQUAL(lo.pt_pfn, 8);
	CU_ASSERT_EQUAL(lo.nr_pt_frames, 5);
	CU_ASSERT_EQUAL(lo.map[0].lvl[0].from, 0x400000);
	CU_ASSERT_EQUAL(lo.mapped_pages, 0x300);
	CU_ASSERT_EQUAL(lo.p2m_pfn, 0x300);
	CU_ASSERT_EQUAL(lo.p2m_pages, 0x400);
	CU_ASSERT_EQUAL(lo.map[1].lvl[2].count, 0);
	CU_ASSERT_EQUAL(lo.map[1].lvl[1].count, 0);
	CU_ASSERT_EQUAL(lo.map[1].lvl[0].count, 2);
	CU_ASSERT_EQUAL(lo.map[1].lvl[0].from, 0);
	CU_ASSERT_EQUAL(lo.map[1].lvl[0].to, 0x3fffff);
	CU_ASSERT_EQUAL(lo.map[1].lvl[0].pfn, 0x700);
	CU_ASSERT_EQUAL(lo.nr_p2m_frames, 0x402);
	CU_ASSERT_EQUAL(lo.first_free_pfn, 0x702);
	check_all_written();
	check_p2m();
	check_tables();
	fm_free(&fm);

	/* A p2m running into the main mapping is refused. */
	g.note[4].desc = "\0\0\x20\0\0\0\0\0"; /* 0x200000 */
	gen_write(&g, gen_buf, sizeof(gen_buf), NULL);
	CU_ASSERT_EQUAL(xb_parse(&img, gen_buf, sizeof(gen_buf), XB_FEATURES_PV,
				 &err),
			0);
	{
		struct xb_layout_params p = { .nr_pages = 0x80000,
					      .nr_vcpus = 1 };

		CU_ASSERT_EQUAL(xb_layout(&lo, &img, &p, &err), -XEN_EINVAL);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "overlaps"));
	}
}

static void test_ramdisk_in_place(void)
{
	struct xb_build_params bp = { .ramdisk_in_place = true };
	struct xb_layout_params p = { .nr_pages = 0x10000,
				      .ramdisk_len = 0x2345,
				      .nr_vcpus = 1 };
	const uint8_t *last;
	struct gen_elf g;
	unsigned int i;
	size_t n;

	/* The initrd's frames already hold it: untouched but for the tail. */
	gen_linux_like(&g);
	n = gen_write(&g, gen_buf, sizeof(gen_buf), NULL);
	CU_ASSERT_EQUAL_FATAL(xb_parse(&img, gen_buf, n, XB_FEATURES_PV, &err),
			      0);
	CU_ASSERT_EQUAL_FATAL(xb_layout(&lo, &img, &p, &err), 0);
	fm_init(&fm, 0x10000);
	for (i = 0; i < 3; i++) {
		fm.mem.unmap(fm.mem.ctx, fm.mem.map(fm.mem.ctx, 0x4c00 + i));
		memset(fm.page[0x4c00 + i], 0x60 + i, XB_PAGE_SIZE);
	}
	CU_ASSERT_EQUAL_FATAL(xb_build(&lo, &img, &fm.mem, &bp, &err), 0);
	CU_ASSERT_EQUAL(fm.outstanding, 0);
	CU_ASSERT_EQUAL(fm_read(&fm, 0x4c00)[4095], 0x60);
	CU_ASSERT_EQUAL(fm_read(&fm, 0x4c01)[0], 0x61);
	last = fm_read(&fm, 0x4c02);
	CU_ASSERT_EQUAL(last[0x344], 0x62);
	for (i = 0x345; i < XB_PAGE_SIZE; i++)
		CU_ASSERT_EQUAL(last[i], 0);
	check_tables();
	fm_free(&fm);
}

static void test_failures(void)
{
	struct xb_build_params bp = { .ramdisk = ramdisk };
	struct gen_elf g;
	uint64_t fail[] = { 0x10,   0x1000, 0x4000, 0x4a00, 0x4a01, 0x4a03,
			    0x4a20, 0x4a2c, 0x4b00, 0x4c10, 0x5410, 0x5482 };
	unsigned int i;

	gen_linux_like(&g);
	for (i = 0; i < sizeof(fail) / sizeof(fail[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(
			build(&g, 0x10000, RAMDISK_LEN, false, &bp), 0);
		fm_free(&fm);
		fm_init(&fm, 0x10000);
		fm.fail_pfn = fail[i];
		CU_ASSERT_EQUAL(xb_build(&lo, &img, &fm.mem, &bp, &err),
				-XEN_EFAULT);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot map"));
		CU_ASSERT_EQUAL(fm.outstanding, 0);
		fm_free(&fm);
	}

	/* Guest memory smaller than the layout. */
	CU_ASSERT_EQUAL_FATAL(build(&g, 0x10000, RAMDISK_LEN, false, &bp), 0);
	fm.mem.nr_pages = 0xffff;
	CU_ASSERT_EQUAL(xb_build(&lo, &img, &fm.mem, &bp, &err), -XEN_EINVAL);
	fm.mem.nr_pages = 0x10000;
	/* An initrd in the layout but none given. */
	bp.ramdisk = NULL;
	CU_ASSERT_EQUAL(xb_build(&lo, &img, &fm.mem, &bp, &err), -XEN_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "initrd"));
	fm_free(&fm);
}

static const struct builder_test tests[] = {
	{ "worked example written", test_worked_example },
	{ "dom0 with a mapped initrd", test_mapped_initrd_dom0 },
	{ "Mini-OS with hypercall page", test_minios },
	{ "p2m sharing tables", test_shared_tables },
	{ "initrd in place", test_ramdisk_in_place },
	{ "failing maps", test_failures },
};

CU_ErrorCode register_builder_build_suite(void)
{
	return BUILDER_ADD_SUITE("builder-build", tests);
}
