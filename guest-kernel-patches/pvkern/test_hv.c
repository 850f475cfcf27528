/* SPDX-License-Identifier: MIT */
/*
 * Tests of what the hypervisor tells a PV guest about itself and about the
 * guest: console, xen_version, platform parameters, the start_info page,
 * the p2m/M2P pair, the hypercall page, and the small hypercalls
 * (multicall, sched_op, vcpu_op, memory_op). Expected values are the ABI's
 * (pv-boot-abi.md §1.4, §2.7, §4.3); none needs a Xenolith extension.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/features.h>
#include <public/io/console.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>

static const char *test_console(void)
{
	static char msg[] = "pvkern: console write check\n";
	long rc = HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg);

	/* dom0 owns the hypervisor console; stock Xen refuses a domU. */
	if (is_dom0() && rc != 0)
		return fail("console_io(CONSOLEIO_write) returned %ld", rc);
	if (!is_dom0() && rc != 0 && rc != -XEN_EPERM)
		return fail("console_io from a domU returned %ld", rc);
	if (is_dom0())
		return NULL;
	if (!start_info->console.domU.mfn)
		return fail("a domU without a console ring");
	if (console_ring) {
		XENCONS_RING_IDX prod = console_ring->out_prod;

		printk("%s", msg);
		if (console_ring->out_prod - prod != sizeof(msg) - 1)
			return fail("the console ring moved by %u bytes",
				    console_ring->out_prod - prod);
	}
	return NULL;
}
DEFINE_TEST(10, "console", test_console);

static const char *test_xen_version(void)
{
	static xen_capabilities_info_t caps;
	xen_extraversion_t extra = "";
	struct xen_feature_info fi = { .submap_idx = 0 };
	long ver, rc;
	bool dom0_bit;

	ver = HYPERVISOR_xen_version(XENVER_version, NULL);
	if (ver <= 0 || (ver >> 16) < 3)
		return fail("XENVER_version returned %#lx", ver);
	rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
	if (rc)
		return fail("XENVER_extraversion returned %ld", rc);
	extra[sizeof(extra) - 1] = '\0';
	rc = HYPERVISOR_xen_version(XENVER_capabilities, caps);
	if (rc)
		return fail("XENVER_capabilities returned %ld", rc);
	caps[sizeof(caps) - 1] = '\0';
	if (!strstr(caps, "xen-3.0-x86_64"))
		return fail("capabilities \"%s\" lack xen-3.0-x86_64", caps);
	info("pvkern: hypervisor %ld.%ld%s, capabilities \"%s\"\n", ver >> 16,
	     ver & 0xffff, extra, caps);

	rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
	if (rc)
		return fail("XENVER_get_features returned %ld", rc);
	info("pvkern: features submap 0 = %#x\n", fi.submap);
	/* Linux 6.1 panics without these two. */
	if (!(fi.submap & (1U << XENFEAT_mmu_pt_update_preserve_ad)))
		return fail("no mmu_pt_update_preserve_ad (%#x)", fi.submap);
	if (!(fi.submap & (1U << XENFEAT_gnttab_map_avail_bits)))
		return fail("no gnttab_map_avail_bits (%#x)", fi.submap);
	if (fi.submap & (1U << XENFEAT_auto_translated_physmap))
		return fail("auto_translated_physmap for a PV guest");
	if (fi.submap & (1U << XENFEAT_hvm_callback_vector))
		return fail("hvm_callback_vector for a PV guest");
	dom0_bit = fi.submap & (1U << XENFEAT_dom0);
	if (dom0_bit != is_dom0())
		return fail("XENFEAT_dom0 is %d but SIF_INITDOMAIN is %d",
			    dom0_bit, is_dom0());
	fi.submap_idx = 1;
	rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
	if (rc != -XEN_EINVAL)
		return fail("features submap 1 returned %ld, not -EINVAL", rc);
	return NULL;
}
DEFINE_TEST(11, "xen_version", test_xen_version);

static const char *test_platform(void)
{
	struct xen_platform_parameters pp = { 0 };
	struct xen_machphys_mapping mp = { 0 };
	long rc;

	rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
	if (rc)
		return fail("XENVER_platform_parameters returned %ld", rc);
	if (pp.virt_start != HYPERVISOR_VIRT_START)
		return fail("virt_start %#lx, expected %#lx", pp.virt_start,
			    HYPERVISOR_VIRT_START);
	rc = HYPERVISOR_xen_version(XENVER_pagesize, NULL);
	if (rc != PAGE_SIZE)
		return fail("XENVER_pagesize returned %ld", rc);
	rc = HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mp);
	if (rc)
		return fail("XENMEM_machphys_mapping returned %ld", rc);
	if (mp.v_start != MACH2PHYS_VIRT_START || mp.v_end <= mp.v_start ||
	    mp.v_end > MACH2PHYS_VIRT_END)
		return fail("M2P window %#lx-%#lx", mp.v_start, mp.v_end);
	info("pvkern: M2P at %#lx-%#lx, max mfn %#lx\n", mp.v_start, mp.v_end,
	     mp.max_mfn);
	return NULL;
}
DEFINE_TEST(12, "platform_parameters", test_platform);

static const char *test_start_info(void)
{
	const start_info_t *si = start_info;
	unsigned long image_end = (unsigned long)_end;

	char magic[sizeof(si->magic) + 1] = { 0 };

	memcpy(magic, si->magic, sizeof(si->magic));
	if (strncmp(magic, XEN_START_INFO_MAGIC, strlen(XEN_START_INFO_MAGIC)))
		return fail("magic \"%s\"", magic);
	if (!si->nr_pages || si->nr_pages > (1UL << 28))
		return fail("nr_pages %lu", si->nr_pages);
	if (is_dom0() && !(si->flags & SIF_PRIVILEGED))
		return fail("initial domain without SIF_PRIVILEGED (%#x)",
			    si->flags);
	if (!si->shared_info || (si->shared_info & ~PAGE_MASK))
		return fail("shared_info machine address %#lx",
			    si->shared_info);
	/* The builder's layout: image, p2m, start_info, tables, stack. */
	if ((unsigned long)si < image_end || ((unsigned long)si & ~PAGE_MASK))
		return fail("start_info at %p overlaps the image", (void *)si);
	if (si->pt_base < (unsigned long)si || (si->pt_base & ~PAGE_MASK))
		return fail("pt_base %#lx before start_info", si->pt_base);
	if (si->nr_pt_frames < 4)
		return fail("only %lu page-table frames", si->nr_pt_frames);
	if (si->mfn_list < image_end && si->mfn_list >= VIRT_BASE)
		return fail("p2m at %#lx inside the image", si->mfn_list);
	if (si->cmd_line[MAX_GUEST_CMDLINE - 1] != '\0')
		return fail("command line not terminated");
	return NULL;
}
DEFINE_TEST(13, "start_info", test_start_info);

static const char *test_m2p(void)
{
	unsigned long pfn, mfn, shared_mfn;

	for (pfn = 0; pfn < nr_pages; pfn++) {
		mfn = pfn_to_mfn(pfn);
		if (mfn_to_pfn(mfn) != pfn)
			return fail("p2m[%#lx] = %#lx but m2p[%#lx] = %#lx",
				    pfn, mfn, mfn, mfn_to_pfn(mfn));
	}
	/* Frames the guest may map but does not own have no PFN. */
	shared_mfn = start_info->shared_info >> PAGE_SHIFT;
	if (mfn_to_pfn(shared_mfn) < nr_pages)
		return fail("shared_info frame %#lx claims PFN %#lx",
			    shared_mfn, mfn_to_pfn(shared_mfn));
	info("pvkern: p2m and M2P agree on %lu pages\n", nr_pages);
	return NULL;
}
DEFINE_TEST(14, "m2p_p2m", test_m2p);

static const char *test_hypercall_page(void)
{
	static const unsigned char head[] = { 0x51, 0x41, 0x53, 0xb8 };
	unsigned int nr;

	/* With the HYPERCALL_PAGE note every 32-byte slot is a stub. */
	for (nr = 0; nr < 64; nr++) {
		const unsigned char *s =
			(unsigned char *)hypercall_page + nr * 32;
		unsigned int i = nr == __HYPERVISOR_iret ? 1 : 0;

		/* push %rcx; push %r11; [push %rax;] mov $nr, %eax; syscall */
		if (memcmp(s, head, 3))
			return fail("stub %u starts %02x %02x %02x", nr, s[0],
				    s[1], s[2]);
		if (i && s[3] != 0x50)
			return fail("iret stub does not push %%rax");
		if (s[3 + i] != 0xb8 || s[4 + i] != nr || s[8 + i] != 0x0f ||
		    s[9 + i] != 0x05)
			return fail("stub %u is not mov $%u, %%eax; syscall",
				    nr, nr);
	}
	return NULL;
}
DEFINE_TEST(15, "hypercall_page", test_hypercall_page);

static const char *test_multicall(void)
{
	struct xen_feature_info fi0 = { .submap_idx = 0 },
				fi1 = { .submap_idx = 1 };
	struct xen_feature_info direct = { .submap_idx = 0 };
	struct multicall_entry mc[5];
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL), rc;
	unsigned int i;

	HYPERVISOR_xen_version(XENVER_get_features, &direct);
	memset(mc, 0, sizeof(mc));
	for (i = 0; i < ARRAY_SIZE(mc); i++) {
		mc[i].op = __HYPERVISOR_xen_version;
		mc[i].result = 0xdeadbeef;
	}
	mc[0].args[0] = XENVER_version;
	mc[1].args[0] = XENVER_pagesize;
	mc[2].args[0] = XENVER_get_features;
	mc[2].args[1] = (unsigned long)&fi0;
	mc[3].args[0] = XENVER_get_features;
	mc[3].args[1] = (unsigned long)&fi1;
	mc[4].op = __HYPERVISOR_sched_op;
	mc[4].args[0] = SCHEDOP_yield;

	rc = HYPERVISOR_multicall(mc, ARRAY_SIZE(mc));
	if (rc)
		return fail("multicall returned %ld", rc);
	if ((long)mc[0].result != ver)
		return fail("entry 0: %ld, expected %ld", (long)mc[0].result,
			    ver);
	if (mc[1].result != PAGE_SIZE)
		return fail("entry 1: %ld, expected 4096", (long)mc[1].result);
	if (mc[2].result != 0 || fi0.submap != direct.submap)
		return fail("entry 2: %ld, features %#x (direct %#x)",
			    (long)mc[2].result, fi0.submap, direct.submap);
	/* A failing entry fails alone; the batch goes on. */
	if ((long)mc[3].result != -XEN_EINVAL)
		return fail("entry 3: %ld, expected -EINVAL",
			    (long)mc[3].result);
	if (mc[4].result != 0)
		return fail("entry 4 (yield): %ld", (long)mc[4].result);
	return NULL;
}
DEFINE_TEST(60, "multicall", test_multicall);

static const char *test_sched_yield(void)
{
	long rc;
	int i;

	for (i = 0; i < 10; i++) {
		rc = HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		if (rc)
			return fail("SCHEDOP_yield returned %ld", rc);
	}
	return NULL;
}
DEFINE_TEST(61, "sched_yield", test_sched_yield);

static const char *test_vcpu_is_up(void)
{
	long rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL);
	unsigned int id;

	if (rc != 1)
		return fail("VCPUOP_is_up(0) returned %ld", rc);
	/* The others exist but stay down until VCPUOP_initialise/up. */
	for (id = 1; id < 4096; id++) {
		rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL);
		if (rc == -XEN_ENOENT)
			break;
		if (rc != 0)
			return fail("VCPUOP_is_up(%u) returned %ld", id, rc);
	}
	info("pvkern: %u vCPU(s), vCPU 0 up\n", id);
	/* Linux probes every possible id and needs -ENOENT past the last. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 4095, NULL);
	if (rc != -XEN_ENOENT)
		return fail("VCPUOP_is_up(4095) returned %ld", rc);
	return NULL;
}
DEFINE_TEST(62, "vcpu_is_up", test_vcpu_is_up);

static const char *test_memory_reservation(void)
{
	domid_t self = DOMID_SELF;
	long cur, max;

	cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
	max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self);
	info("pvkern: reservation %ld pages, maximum %ld\n", cur, max);
	if (cur < 0 || (unsigned long)cur < nr_pages)
		return fail("current_reservation %ld, nr_pages %lu", cur,
			    nr_pages);
	if (max < cur)
		return fail("maximum_reservation %ld < current %ld", max, cur);
	return NULL;
}
DEFINE_TEST(63, "memory_reservation", test_memory_reservation);
