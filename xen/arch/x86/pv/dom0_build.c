/* SPDX-License-Identifier: MIT */
/*
 * Building domain 0 from the first multiboot2 module (its command line is
 * the module's string; the next module, if any, is its initrd) with the
 * shared PV builder (hypercalls/builder). We give the domain its frames
 * from the heap (owner set, M2P filled), let the builder write the
 * start-of-day image through the direct map, then type the bootstrap page
 * tables by pinning the L4 — the same validation a toolstack's
 * MMUEXT_PIN_L4_TABLE runs, so every L3/L2/L1 and every writable mapping
 * gets its type and no table is left writable (pv-boot-abi.md §2.10) — and
 * take the CR3 reference. Memory: dom0_mem=, default all but 64 MiB of
 * what the heap holds, at most 1 GiB.
 */
#include <xen/bootinfo.h>
#include <xen/cmdline.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/sched.h>
#include <public/xen.h>
#include <xbuild.h>

#define DOM0_DEFAULT_MAX (1UL << (30 - PAGE_SHIFT)) /* 1 GiB */
#define DOM0_HEAP_RESERVE (64UL << (20 - PAGE_SHIFT)) /* 64 MiB */
#define DOM0_MIN_PAGES (4UL << (20 - PAGE_SHIFT)) /* 4 MiB */

static u64 opt_dom0_mem;
size_param("dom0_mem", opt_dom0_mem);

struct dom0_mem_ctx {
	unsigned long *p2m;
	unsigned long nr_pages;
};

static uint64_t dom0_pfn_to_mfn(void *ctx, uint64_t pfn)
{
	struct dom0_mem_ctx *c = ctx;

	return pfn < c->nr_pages ? c->p2m[pfn] : XB_INVALID_MFN;
}

static void *dom0_map(void *ctx, uint64_t pfn)
{
	struct dom0_mem_ctx *c = ctx;

	return pfn < c->nr_pages ? mfn_to_virt(c->p2m[pfn]) : NULL;
}

static void dom0_unmap(void *ctx, void *p)
{
}

static unsigned long dom0_nr_pages(void)
{
	unsigned long avail = heap_free_pages(), n;

	if (opt_dom0_mem)
		n = opt_dom0_mem >> PAGE_SHIFT;
	else
		n = min(avail > DOM0_HEAP_RESERVE ? avail - DOM0_HEAP_RESERVE :
						    avail / 2,
			DOM0_DEFAULT_MAX);
	/* Always leave the hypervisor something to work with. */
	if (n + DOM0_HEAP_RESERVE / 4 > avail)
		n = avail > DOM0_HEAP_RESERVE / 4 ?
			    avail - DOM0_HEAP_RESERVE / 4 :
			    0;
	return n;
}

/* Give d nr frames, largest blocks first; p2m[] and the M2P record them. */
static int dom0_alloc_memory(struct domain *d, unsigned long *p2m,
			     unsigned long nr)
{
	unsigned long pfn = 0, i;
	unsigned int order = MAX_ORDER;

	while (pfn < nr) {
		struct page_info *pg;

		while ((1UL << order) > nr - pfn)
			order--;
		pg = alloc_heap_pages(order, 0);
		if (!pg) {
			if (!order)
				return -ENOMEM;
			order--;
			continue;
		}
		for (i = 0; i < (1UL << order); i++, pfn++) {
			if (assign_page_to_domain(d, pg + i))
				return -ENOMEM;
			p2m[pfn] = page_to_mfn(pg + i);
			m2p_set(p2m[pfn], pfn);
		}
	}
	return 0;
}

/* Type the bootstrap tables (§2.10) and load the L4 as the kernel base. */
static int dom0_type_tables(struct vcpu *v, unsigned long l4_mfn)
{
	struct domain *d = v->domain;
	struct page_info *pg = domain_page(d, l4_mfn);
	int rc;

	if (!pg)
		return -EINVAL;
	spin_lock(&d->mm_lock);
	rc = pv_pin_table(d, l4_mfn, PGT_l4_page_table);
	if (!rc)
		rc = pv_new_guest_cr3(v, l4_mfn);
	spin_unlock(&d->mm_lock);
	return rc;
}

static void dom0_load_vcpu(struct vcpu *v, const struct xb_regs *r)
{
	struct cpu_user_regs *regs = &v->user_regs;

	memset(regs, 0, sizeof(*regs));
	regs->rip = r->rip;
	regs->rsp = r->rsp;
	regs->rsi = r->rsi;
	regs->rflags = r->rflags | 2;
	regs->cs = r->cs;
	regs->ss = r->ss;
	regs->ds = r->ds;
	regs->es = r->es;
	regs->fs = r->fs;
	regs->gs = r->gs;
	v->arch.kernel_ss = r->kernel_ss;
	v->arch.kernel_sp = r->kernel_sp;
	v->arch.in_kernel = true;
	v->is_initialised = true;
	v->is_up = true;
}

struct vcpu *dom0_build(void)
{
	const struct boot_info *bi = boot_info_get();
	const struct boot_module *kmod = &bi->mods[0];
	const struct boot_module *rd = bi->nr_modules > 1 ? &bi->mods[1] : NULL;
	struct xb_layout_params lp = { .nr_vcpus = 1, .is_dom0 = true };
	struct xb_build_params bp = { 0 };
	struct dom0_mem_ctx mc = { 0 };
	static struct xb_image img;
	static struct xb_layout lo;
	struct xb_mem mem;
	struct xb_err err = { { 0 } };
	struct domain *d;
	unsigned long p2m_order = 0;
	int rc;

	rc = xb_parse(&img, maddr_to_virt(kmod->start), kmod->end - kmod->start,
		      XB_FEATURES_PV, &err);
	if (rc)
		goto fail_msg;
	mc.nr_pages = dom0_nr_pages();
	if (mc.nr_pages < DOM0_MIN_PAGES) {
		printk(XENLOG_ERR "dom0: only %lu pages of memory for it\n",
		       mc.nr_pages);
		return NULL;
	}
	lp.nr_pages = mc.nr_pages;
	lp.ramdisk_len = rd ? rd->end - rd->start : 0;
	rc = xb_layout(&lo, &img, &lp, &err);
	if (rc)
		goto fail_msg;

	d = domain_create(0, 1, true);
	if (!d)
		panic("dom0: cannot create the domain");
	d->max_pages = mc.nr_pages;
	p2m_order = get_order_from_bytes(mc.nr_pages * sizeof(unsigned long));
	mc.p2m = alloc_xenheap_pages(p2m_order, 0);
	if (!mc.p2m || dom0_alloc_memory(d, mc.p2m, mc.nr_pages))
		panic("dom0: out of memory for %lu pages", mc.nr_pages);

	mem.ctx = &mc;
	mem.pfn_to_mfn = dom0_pfn_to_mfn;
	mem.map = dom0_map;
	mem.unmap = dom0_unmap;
	mem.nr_pages = mc.nr_pages;
	bp.cmdline = kmod->cmdline;
	bp.ramdisk = rd ? maddr_to_virt(rd->start) : NULL;
	bp.shared_info_mfn = virt_to_mfn(d->shared_info);
	rc = xb_build(&lo, &img, &mem, &bp, &err);
	if (rc)
		goto fail_domain;

	rc = dom0_type_tables(d->vcpu[0], mc.p2m[lo.regs.cr3_pfn]);
	if (rc)
		panic("dom0: its bootstrap page tables do not validate (%d)",
		      rc);
	d->nr_e820 = 1;
	d->e820[0].addr = 0;
	d->e820[0].size = (u64)mc.nr_pages << PAGE_SHIFT;
	d->e820[0].type = 1; /* RAM */
	dom0_load_vcpu(d->vcpu[0], &lo.regs);
	free_xenheap_pages(mc.p2m, p2m_order);

	printk("dom0: %s %s, %lu MiB, entry %#lx, start_info %#lx, %lu page-table frames%s\n",
	       img.guest_os[0] ? img.guest_os : "kernel", img.guest_version,
	       mc.nr_pages >> (20 - PAGE_SHIFT), (unsigned long)lo.regs.rip,
	       (unsigned long)lo.regs.rsi, (unsigned long)lo.nr_pt_frames,
	       rd ? ", initrd" : "");
	return d->vcpu[0];

fail_domain:
	free_xenheap_pages(mc.p2m, p2m_order);
	domain_shutdown(d, SHUTDOWN_crash);
	domain_destroy(d);
fail_msg:
	printk(XENLOG_ERR "dom0: cannot build '%s': %s (%d)\n", kmod->cmdline,
	       err.msg, rc);
	return NULL;
}
