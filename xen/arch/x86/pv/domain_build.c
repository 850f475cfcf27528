/* SPDX-License-Identifier: MIT */
/*
 * Building a PV domain from a kernel (and initrd) in memory with the
 * shared PV builder (hypercalls/builder), the way a toolstack would: every
 * boot domain goes through here (xen/common/hyperlaunch.c decides which
 * and with what). We give the domain its frames from the heap (owner set,
 * M2P filled), let the builder write the start-of-day image through the
 * direct map, then type the bootstrap page tables by pinning the L4 — the
 * same validation a toolstack's MMUEXT_PIN_L4_TABLE runs, so every
 * L3/L2/L1 and every writable mapping gets its type and no table is left
 * writable (pv-boot-abi.md §2.10) — and take the CR3 reference. An
 * unprivileged domain also gets its xenstore and console pages and ports
 * (§2.12): the store port waits unbound for domain 0, the console port is
 * served by the hypervisor's own console backend (console_ring.c).
 */
#include <xen/bootinfo.h>
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

struct build_mem_ctx {
	unsigned long *p2m;
	unsigned long nr_pages;
};

static uint64_t build_pfn_to_mfn(void *ctx, uint64_t pfn)
{
	struct build_mem_ctx *c = ctx;

	return pfn < c->nr_pages ? c->p2m[pfn] : XB_INVALID_MFN;
}

static void *build_map(void *ctx, uint64_t pfn)
{
	struct build_mem_ctx *c = ctx;

	return pfn < c->nr_pages ? mfn_to_virt(c->p2m[pfn]) : NULL;
}

static void build_unmap(void *ctx, void *p)
{
}

/* Give d nr frames, largest blocks first; p2m[] and the M2P record them. */
static int alloc_memory(struct domain *d, unsigned long *p2m, unsigned long nr)
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
static int type_tables(struct vcpu *v, unsigned long l4_mfn)
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

static void load_vcpu(struct vcpu *v, const struct xb_regs *r)
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

int pv_build_domain(struct domain *d, const struct boot_module *kernel,
		    const struct boot_module *initrd, const char *cmdline,
		    unsigned long nr_pages)
{
	struct xb_layout_params lp = { .nr_vcpus = d->max_vcpus,
				       .is_dom0 = d->is_privileged,
				       .nr_pages = nr_pages };
	struct xb_build_params bp = { 0 };
	struct build_mem_ctx mc = { .nr_pages = nr_pages };
	static struct xb_image img;
	static struct xb_layout lo;
	struct xb_mem mem;
	struct xb_err err = { { 0 } };
	unsigned long p2m_order;
	int rc, store = 0, console = 0;

	rc = xb_parse(&img, maddr_to_virt(kernel->start),
		      kernel->end - kernel->start, XB_FEATURES_PV, &err);
	if (rc)
		goto fail;
	lp.ramdisk_len = initrd ? initrd->end - initrd->start : 0;
	rc = xb_layout(&lo, &img, &lp, &err);
	if (rc)
		goto fail;

	p2m_order = get_order_from_bytes(nr_pages * sizeof(unsigned long));
	mc.p2m = alloc_xenheap_pages(p2m_order, 0);
	if (!mc.p2m) {
		snprintf(err.msg, sizeof(err.msg), "no memory for its p2m");
		rc = -ENOMEM;
		goto fail;
	}
	d->max_pages = nr_pages;
	rc = alloc_memory(d, mc.p2m, nr_pages);
	if (rc) {
		snprintf(err.msg, sizeof(err.msg),
			 "out of memory for %lu pages", nr_pages);
		goto fail_p2m;
	}
	if (!d->is_privileged) {
		/* As a toolstack would: xenstore waits for domain 0. */
		store = evtchn_alloc_unbound_port(d, 0);
		console = console_backend_init(d, mc.p2m[lo.console_pfn]);
		if (store < 0 || console < 0) {
			snprintf(err.msg, sizeof(err.msg),
				 "no free ports for xenstore and the console");
			rc = -ENOSPC;
			goto fail_p2m;
		}
	}

	mem.ctx = &mc;
	mem.pfn_to_mfn = build_pfn_to_mfn;
	mem.map = build_map;
	mem.unmap = build_unmap;
	mem.nr_pages = nr_pages;
	bp.cmdline = cmdline;
	bp.ramdisk = initrd ? maddr_to_virt(initrd->start) : NULL;
	bp.shared_info_mfn = virt_to_mfn(d->shared_info);
	bp.store_evtchn = store;
	bp.console_evtchn = console;
	rc = xb_build(&lo, &img, &mem, &bp, &err);
	if (rc)
		goto fail_p2m;

	rc = type_tables(d->vcpu[0], mc.p2m[lo.regs.cr3_pfn]);
	if (rc) {
		snprintf(err.msg, sizeof(err.msg),
			 "its bootstrap page tables do not validate");
		goto fail_p2m;
	}
	d->nr_e820 = 1;
	d->e820[0].addr = 0;
	d->e820[0].size = (u64)nr_pages << PAGE_SHIFT;
	d->e820[0].type = 1; /* RAM */
	load_vcpu(d->vcpu[0], &lo.regs);
	free_xenheap_pages(mc.p2m, p2m_order);

	printk("domain %u (%s): %s %s, %lu MiB, %u vCPU%s, entry %#lx, start_info %#lx, %lu page-table frames%s\n",
	       d->domain_id, d->name, img.guest_os[0] ? img.guest_os : "kernel",
	       img.guest_version, nr_pages >> (20 - PAGE_SHIFT), d->max_vcpus,
	       d->max_vcpus == 1 ? "" : "s", (unsigned long)lo.regs.rip,
	       (unsigned long)lo.regs.rsi, (unsigned long)lo.nr_pt_frames,
	       initrd ? ", initrd" : "");
	return 0;

fail_p2m:
	free_xenheap_pages(mc.p2m, p2m_order);
fail:
	printk(XENLOG_ERR "domain %u (%s): cannot build '%s': %s (%d)\n",
	       d->domain_id, d->name, cmdline, err.msg, rc);
	return rc;
}
