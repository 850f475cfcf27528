/* SPDX-License-Identifier: MIT */
/*
 * xb_layout() entry by entry against hand-computed layouts: the worked
 * example of pv-boot-abi.md §2.13 (Debian 6.1, 256 MiB, 8 MiB initrd,
 * MOD_START_PFN and INIT_P2M), the same kernel without those notes, a
 * Mini-OS-like kernel at VA 0, dom0, and the refusals: too little memory,
 * the hypervisor's range, non-canonical mappings, misalignment.
 */
#include <string.h>

#include <public/elfnote.h>
#include <public/errno.h>
#include <public/xen.h>

#include "builder_test.h"

static struct xb_image img;
static struct xb_layout lo;
static struct xb_err err;

static void parse(const struct gen_elf *g)
{
	size_t n = gen_write(g, gen_buf, sizeof(gen_buf), NULL);

	CU_ASSERT_EQUAL_FATAL(xb_parse(&img, gen_buf, n, XB_FEATURES_PV, &err),
			      0);
}

static int layout(uint64_t nr_pages, uint64_t ramdisk, bool dom0)
{
	struct xb_layout_params p = {
		.nr_pages = nr_pages,
		.ramdisk_len = ramdisk,
		.is_dom0 = dom0,
		.nr_vcpus = 1,
	};

	return xb_layout(&lo, &img, &p, &err);
}

static void test_worked_example(void)
{
	struct gen_elf g;
	unsigned int i;

	gen_linux_like(&g);
	parse(&g);
	CU_ASSERT_EQUAL_FATAL(layout(0x10000, 8 << 20, false), 0);

	CU_ASSERT_EQUAL(lo.virt_base, 0xffffffff80000000ULL);
	CU_ASSERT_EQUAL(lo.kernel_pfn, 0x1000);
	CU_ASSERT_EQUAL(lo.kernel_pages, 0x3a00);
	CU_ASSERT_EQUAL(lo.start_info_pfn, 0x4a00);
	CU_ASSERT_EQUAL(lo.xenstore_pfn, 0x4a01);
	CU_ASSERT_EQUAL(lo.console_pfn, 0x4a02);
	CU_ASSERT_EQUAL(lo.pt_pfn, 0x4a03);
	CU_ASSERT_EQUAL(lo.pt_va, 0xffffffff84a03000ULL);
	CU_ASSERT_EQUAL(lo.nr_pt_frames, 41);
	CU_ASSERT_EQUAL(lo.map[0].lvl[3].pfn, 0x4a03); /* L4 */
	CU_ASSERT_EQUAL(lo.map[0].lvl[2].pfn, 0x4a04); /* L3 */
	CU_ASSERT_EQUAL(lo.map[0].lvl[2].count, 1);
	CU_ASSERT_EQUAL(lo.map[0].lvl[1].pfn, 0x4a05); /* L2 */
	CU_ASSERT_EQUAL(lo.map[0].lvl[1].count, 1);
	CU_ASSERT_EQUAL(lo.map[0].lvl[0].pfn, 0x4a06); /* 38 L1s */
	CU_ASSERT_EQUAL(lo.map[0].lvl[0].count, 38);
	CU_ASSERT_EQUAL(lo.map[0].lvl[0].from, 0xffffffff80000000ULL);
	CU_ASSERT_EQUAL(lo.map[0].lvl[0].to, 0xffffffff84bfffffULL);
	CU_ASSERT_EQUAL(lo.bootstack_pfn, 0x4a2c);
	CU_ASSERT_EQUAL(lo.virt_alloc_end, 0xffffffff84a2d000ULL);
	CU_ASSERT_EQUAL(lo.virt_pgtab_end, 0xffffffff84c00000ULL);
	CU_ASSERT_EQUAL(lo.mapped_pages, 0x4c00);

	CU_ASSERT_EQUAL(lo.ramdisk_pfn, 0x4c00);
	CU_ASSERT_EQUAL(lo.ramdisk_pages, 0x800);
	CU_ASSERT_EQUAL(lo.ramdisk_va, XB_UNSET);
	CU_ASSERT_EQUAL(lo.mod_start, 0x4c00);
	CU_ASSERT_EQUAL(lo.mod_len, 0x800000);
	CU_ASSERT_EQUAL(lo.si_flags, SIF_VIRT_P2M_4TOOLS | SIF_MOD_START_PFN);

	CU_ASSERT(lo.p2m_relocated);
	CU_ASSERT_EQUAL(lo.p2m_pfn, 0x5400);
	CU_ASSERT_EQUAL(lo.p2m_pages, 0x80);
	CU_ASSERT_EQUAL(lo.p2m_va, 0x8000000000ULL);
	CU_ASSERT_EQUAL(lo.nr_maps, 2);
	CU_ASSERT_EQUAL(lo.map[1].from, 0x8000000000ULL);
	CU_ASSERT_EQUAL(lo.map[1].to, 0x800007ffffULL);
	CU_ASSERT_EQUAL(lo.map[1].pfn, 0x5400);
	CU_ASSERT_EQUAL(lo.map[1].lvl[3].count, 0); /* shares the L4 */
	CU_ASSERT_EQUAL(lo.map[1].lvl[2].pfn, 0x5480);
	CU_ASSERT_EQUAL(lo.map[1].lvl[1].pfn, 0x5481);
	CU_ASSERT_EQUAL(lo.map[1].lvl[0].pfn, 0x5482);
	for (i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(lo.map[1].lvl[i].count, 1);
	CU_ASSERT_EQUAL(lo.first_p2m_pfn, 0x5400);
	CU_ASSERT_EQUAL(lo.nr_p2m_frames, 131);
	CU_ASSERT_EQUAL(lo.first_free_pfn, 0x5483);
	CU_ASSERT_EQUAL(lo.hypercall_pfn, XB_UNSET);

	CU_ASSERT_EQUAL(lo.regs.rip, 0xffffffff830771c0ULL);
	CU_ASSERT_EQUAL(lo.regs.rsp, 0xffffffff84a2d000ULL);
	CU_ASSERT_EQUAL(lo.regs.rsi, 0xffffffff84a00000ULL);
	CU_ASSERT_EQUAL(lo.regs.rflags, 0x200);
	CU_ASSERT_EQUAL(lo.regs.cs, 0xe033);
	CU_ASSERT_EQUAL(lo.regs.ss, 0xe02b);
	CU_ASSERT_EQUAL(lo.regs.ds, 0);
	CU_ASSERT_EQUAL(lo.regs.kernel_ss, 0xe02b);
	CU_ASSERT_EQUAL(lo.regs.kernel_sp, lo.regs.rsp);
	CU_ASSERT_EQUAL(lo.regs.cr3_pfn, 0x4a03);

	/* Table levels as the hypervisor will type them. */
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x4a03), 4);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x4a04), 3);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x4a05), 2);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x4a06), 1);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x4a2b), 1);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x4a2c), 0);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x5480), 3);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x5482), 1);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x5483), 0);
	CU_ASSERT_EQUAL(xb_pt_level(&lo, 0x547f), 0);
}

struct pt_seen {
	unsigned int n, last_level;
	bool ordered;
	uint64_t count[5];
};

static int see_pt(void *ctx, uint64_t pfn, unsigned int level)
{
	struct pt_seen *s = ctx;

	if (level < s->last_level || xb_pt_level(&lo, pfn) != level)
		s->ordered = false;
	s->last_level = level;
	s->count[level]++;
	s->n++;
	return 0;
}

static int stop_at_3(void *ctx, uint64_t pfn, unsigned int level)
{
	(void)pfn;
	(void)level;
	return ++*(int *)ctx == 3 ? -7 : 0;
}

static void test_for_each_pt(void)
{
	struct pt_seen s = { .ordered = true };
	struct gen_elf g;
	int calls = 0;

	gen_linux_like(&g);
	parse(&g);
	CU_ASSERT_EQUAL_FATAL(layout(0x10000, 8 << 20, false), 0);
	CU_ASSERT_EQUAL(xb_for_each_pt(&lo, see_pt, &s), 0);
	CU_ASSERT(s.ordered);
	CU_ASSERT_EQUAL(s.n, 44);
	CU_ASSERT_EQUAL(s.count[1], 39);
	CU_ASSERT_EQUAL(s.count[2], 2);
	CU_ASSERT_EQUAL(s.count[3], 2);
	CU_ASSERT_EQUAL(s.count[4], 1);
	CU_ASSERT_EQUAL(xb_for_each_pt(&lo, stop_at_3, &calls), -7);
	CU_ASSERT_EQUAL(calls, 3);
}

static void test_no_relocation(void)
{
	struct gen_elf g;

	/* Without MOD_START_PFN and INIT_P2M both live in the mapping. */
	gen_linux_like(&g);
	g.nr_notes = 4; /* GUEST_OS .. VIRT_BASE */
	gen_note_str(&g, XEN_ELFNOTE_LOADER, "generic");
	gen_note_num(&g, XEN_ELFNOTE_ENTRY, 0xffffffff830771c0ULL, 8);
	parse(&g);
	CU_ASSERT_EQUAL_FATAL(layout(0x10000, 0x123456, false), 0);
	CU_ASSERT_EQUAL(lo.ramdisk_pfn, 0x4a00);
	CU_ASSERT_EQUAL(lo.ramdisk_pages, 0x124);
	CU_ASSERT_EQUAL(lo.ramdisk_va, 0xffffffff84a00000ULL);
	CU_ASSERT_EQUAL(lo.mod_start, 0xffffffff84a00000ULL);
	CU_ASSERT_EQUAL(lo.mod_len, 0x123456); /* exact bytes when mapped */
	CU_ASSERT_FALSE(lo.p2m_relocated);
	CU_ASSERT_EQUAL(lo.p2m_pfn, 0x4b24);
	CU_ASSERT_EQUAL(lo.p2m_va, 0xffffffff84b24000ULL);
	CU_ASSERT_EQUAL(lo.start_info_pfn, 0x4ba4);
	CU_ASSERT_EQUAL(lo.pt_pfn, 0x4ba7);
	CU_ASSERT_EQUAL(lo.si_flags, SIF_VIRT_P2M_4TOOLS);
	CU_ASSERT_EQUAL(lo.first_p2m_pfn, 0);
	CU_ASSERT_EQUAL(lo.nr_p2m_frames, 0);
	/*
	 * After the console page at 0x4ba6: 0xffffffff84ba7000 + 129 pages
	 * rounds to 0xffffffff84ffffff: 1 + 1 + 1 + 40 tables.
	 */
	CU_ASSERT_EQUAL(lo.nr_pt_frames, 43);
	CU_ASSERT_EQUAL(lo.bootstack_pfn, 0x4ba7 + 43);
	CU_ASSERT_EQUAL(lo.virt_pgtab_end, 0xffffffff85000000ULL);
	CU_ASSERT_EQUAL(lo.mapped_pages, 0x5000);
	CU_ASSERT_EQUAL(lo.first_free_pfn, 0x5000);
	CU_ASSERT_EQUAL(lo.nr_maps, 1);

	/* INIT_P2M that is not below VIRT_BASE or not aligned is dropped. */
	gen_note_num(&g, XEN_ELFNOTE_INIT_P2M, 0xffffffffc0000000ULL, 8);
	parse(&g);
	CU_ASSERT_EQUAL(layout(0x10000, 0, false), 0);
	CU_ASSERT_FALSE(lo.p2m_relocated);
	g.nr_notes--;
	gen_note_num(&g, XEN_ELFNOTE_INIT_P2M, 0x8000000800ULL, 8);
	parse(&g);
	CU_ASSERT_EQUAL(layout(0x10000, 0, false), 0);
	CU_ASSERT_FALSE(lo.p2m_relocated);
}

static void test_minios(void)
{
	struct gen_elf g;

	gen_minios_like(&g, 0x5000);
	parse(&g);
	CU_ASSERT_EQUAL_FATAL(layout(0x800, 0, false), 0);
	CU_ASSERT_EQUAL(lo.virt_base, 0);
	CU_ASSERT_EQUAL(lo.kernel_pfn, 0);
	CU_ASSERT_EQUAL(lo.kernel_pages, 5);
	CU_ASSERT_EQUAL(lo.p2m_pfn, 5);
	CU_ASSERT_EQUAL(lo.p2m_pages, 4);
	CU_ASSERT_EQUAL(lo.p2m_va, 0x5000);
	CU_ASSERT_EQUAL(lo.start_info_pfn, 9);
	CU_ASSERT_EQUAL(lo.xenstore_pfn, 10);
	CU_ASSERT_EQUAL(lo.console_pfn, 11);
	CU_ASSERT_EQUAL(lo.pt_pfn, 12);
	CU_ASSERT_EQUAL(lo.nr_pt_frames, 5); /* L4, L3, L2, 2 L1s */
	CU_ASSERT_EQUAL(lo.map[0].lvl[0].count, 2);
	CU_ASSERT_EQUAL(lo.bootstack_pfn, 17);
	CU_ASSERT_EQUAL(lo.regs.rsp, 0x12000);
	CU_ASSERT_EQUAL(lo.regs.rsi, 0x9000);
	CU_ASSERT_EQUAL(lo.regs.rip, 0);
	CU_ASSERT_EQUAL(lo.virt_pgtab_end, 0x400000);
	CU_ASSERT_EQUAL(lo.first_free_pfn, 0x400);
	CU_ASSERT_EQUAL(lo.hypercall_pfn, 2);

	/* The mapping needs PFNs 0..0x3ff: 0x400 pages fit, 0x3ff do not. */
	CU_ASSERT_EQUAL(layout(0x400, 0, false), 0);
	CU_ASSERT_EQUAL(layout(0x3ff, 0, false), -XEN_ENOMEM);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "initial mapping"));
}

static void test_aligned_end_grows(void)
{
	struct gen_elf g;

	/*
	 * 0x374 kernel pages + 8 p2m pages + 3 magic pages end at 0x37f000;
	 * with the 129 extra pages that is exactly 4 MiB, and Xen's round-up
	 * (OR the mask in) then takes the mapping to 8 MiB.
	 */
	gen_minios_like(&g, 0x374000);
	parse(&g);
	CU_ASSERT_EQUAL_FATAL(layout(0x1000, 0, false), 0);
	CU_ASSERT_EQUAL(lo.pt_pfn, 0x37f);
	CU_ASSERT_EQUAL(lo.virt_pgtab_end, 0x800000);
	CU_ASSERT_EQUAL(lo.nr_pt_frames, 7);
}

static void test_dom0(void)
{
	struct gen_elf g;

	gen_linux_like(&g);
	parse(&g);
	CU_ASSERT_EQUAL_FATAL(layout(0x10000, 8 << 20, true), 0);
	CU_ASSERT(lo.is_dom0);
	CU_ASSERT_EQUAL(lo.start_info_pfn, 0x4a00);
	CU_ASSERT_EQUAL(lo.xenstore_pfn, XB_UNSET);
	CU_ASSERT_EQUAL(lo.console_pfn, XB_UNSET);
	CU_ASSERT_EQUAL(lo.pt_pfn, 0x4a01);
	CU_ASSERT_EQUAL(lo.nr_pt_frames, 41);
	CU_ASSERT_EQUAL(lo.bootstack_pfn, 0x4a2a);
	CU_ASSERT_EQUAL(lo.virt_pgtab_end, 0xffffffff84c00000ULL);
	CU_ASSERT_EQUAL(lo.mod_start, 0x4c00);
	CU_ASSERT_EQUAL(lo.si_flags, 0x0b);

	/* SUPPORTED_FEATURES without the dom0 bit: not a dom0 kernel. */
	g.note[7].desc = "\x01\x00\x00\x00";
	parse(&g);
	CU_ASSERT_EQUAL(layout(0x10000, 0, true), -XEN_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "dom0"));
	CU_ASSERT_EQUAL(layout(0x10000, 0, false), 0);
}

static void test_refusals(void)
{
	struct gen_elf g;
	struct xb_layout_params p = { .nr_pages = 0x10000, .nr_vcpus = 1 };

	gen_linux_like(&g);
	parse(&g);
	/* The kernel alone needs 0x4a00 pages. */
	CU_ASSERT_EQUAL(layout(0x4000, 0, false), -XEN_ENOMEM);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "kernel"));
	/* The initrd after the mapping does not fit. */
	CU_ASSERT_EQUAL(layout(0x5000, 0x1000000, false), -XEN_ENOMEM);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "initrd"));
	/* Parameters. */
	CU_ASSERT_EQUAL(layout(0, 0, false), -XEN_EINVAL);
	p.nr_vcpus = 0;
	CU_ASSERT_EQUAL(xb_layout(&lo, &img, &p, &err), -XEN_EINVAL);
	/* A caller-given hypervisor range is honoured. */
	p.nr_vcpus = 1;
	p.hv_start = 0xffffffff84000000ULL;
	p.hv_end = 0xffffffff88000000ULL;
	CU_ASSERT_EQUAL(xb_layout(&lo, &img, &p, &err), -XEN_ERANGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "hypervisor"));
	p.hv_start = 0x8000000000ULL;
	p.hv_end = 0x8000001000ULL;
	CU_ASSERT_EQUAL(xb_layout(&lo, &img, &p, &err), -XEN_ERANGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "p2m"));
}

/* A kernel of @memsz bytes at @base, for address-space refusals. */
static void kernel_at(uint64_t base, uint64_t memsz)
{
	struct gen_elf g;

	gen_init(&g);
	g.entry = base;
	gen_seg(&g, 0, base, 0x10, memsz);
	gen_notes_basic(&g);
	gen_note_num(&g, XEN_ELFNOTE_VIRT_BASE, base, 8);
	parse(&g);
}

static void test_address_space(void)
{
	/* Inside Xen's reserved range. */
	kernel_at(0xffff800000000000ULL, 0x3000);
	CU_ASSERT_EQUAL(layout(0x1000, 0, false), -XEN_ERANGE);
	kernel_at(0xffff87ffffc00000ULL, 0x3000);
	CU_ASSERT_EQUAL(layout(0x1000, 0, false), -XEN_ERANGE);
	/* Right after it is fine, and so is the top of the low half. */
	kernel_at(0xffff880000000000ULL, 0x3000);
	CU_ASSERT_EQUAL(layout(0x1000, 0, false), 0);
	kernel_at(0x00007fffffc00000ULL, 0x3000);
	CU_ASSERT_EQUAL(layout(0x1000, 0, false), 0);
	CU_ASSERT_EQUAL(lo.virt_pgtab_end, 0x800000000000ULL);
	/* Crossing into the non-canonical hole. */
	kernel_at(0x00007fffffe00000ULL, 0x300000);
	CU_ASSERT_EQUAL(layout(0x1000, 0, false), -XEN_ERANGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "canonical"));
	/* At the very top: the mapping would wrap. */
	kernel_at(0xfffffffffff00000ULL, 0x3000);
	CU_ASSERT_EQUAL(layout(0x1000, 0, false), -XEN_ERANGE);
}

static void test_misaligned(void)
{
	struct gen_elf g;

	gen_init(&g);
	g.entry = 0x1800;
	gen_seg(&g, 0x1800, 0x1800, 0x10, 0x3000);
	gen_notes_basic(&g);
	parse(&g);
	CU_ASSERT_EQUAL(layout(0x1000, 0, false), -XEN_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "page-aligned"));

	/* A hypercall page outside the kernel. */
	gen_minios_like(&g, 0x2000);
	parse(&g);
	CU_ASSERT_EQUAL(layout(0x1000, 0, false), -XEN_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "HYPERCALL_PAGE"));
}

static const struct builder_test tests[] = {
	{ "worked example (pv-boot-abi 2.13)", test_worked_example },
	{ "page-table frames bottom-up", test_for_each_pt },
	{ "initrd and p2m inside the mapping", test_no_relocation },
	{ "Mini-OS at VA 0", test_minios },
	{ "4 MiB-aligned end grows", test_aligned_end_grows },
	{ "dom0", test_dom0 },
	{ "refusals", test_refusals },
	{ "address-space limits", test_address_space },
	{ "misaligned kernel and hypercall page", test_misaligned },
};

CU_ErrorCode register_builder_layout_suite(void)
{
	return BUILDER_ADD_SUITE("builder-layout", tests);
}
