/* SPDX-License-Identifier: MIT */
/*
 * The start-of-day layout (§2.2-§2.6): which PFN and which VA every piece
 * of the initial image gets, in libxenguest's order, so that a guest sees
 * exactly what it would see on Xen. Pure arithmetic over the parsed image
 * and the domain's size; nothing here touches guest memory, so the
 * hypervisor and the toolstack can lay a domain out, check it and only
 * then allocate anything.
 *
 * One allocator hands out PFNs from 0 upwards and, inside the initial
 * mapping, the VA virt_base + PFN * 4096 with them (§2.1). The number of
 * page tables depends on the size of the mapping, which includes the page
 * tables, so it is found by iterating to a fixed point as Xen does.
 */
#include <public/errno.h>
#include <public/features.h>
#include <public/xen.h>

#include "xb_private.h"

/* Boot stack plus the 512 KiB of padding the guest may rely on (§2.1). */
#define EXTRA_PAGES (1 + (512 * 1024) / XB_PAGE_SIZE)
/* The initial mapping ends on a 4 MiB boundary. */
#define MAPPING_ALIGN_MASK ((1ULL << 22) - 1)
#define MAX_NR_PAGES (1ULL << 36)
#define LOW_HALF_END 0x0000800000000000ULL
#define HIGH_HALF_START 0xffff800000000000ULL

struct alloc {
	struct xb_layout *lo;
	uint64_t pfn; /* next free PFN */
	uint64_t va; /* next free VA in the mapping */
	struct xb_err *err;
};

static uint64_t pages_for(uint64_t bytes)
{
	return (bytes + XB_PAGE_SIZE - 1) >> XB_PAGE_SHIFT;
}

/* Take @pages PFNs; with @mapped also the VAs that go with them. */
static int take(struct alloc *a, const char *what, uint64_t pages, bool mapped,
		uint64_t *pfn, uint64_t *va)
{
	uint64_t bytes = pages << XB_PAGE_SHIFT;

	if (pages > a->lo->nr_pages || a->pfn > a->lo->nr_pages - pages)
		return xb_fail(
			a->err, -XEN_ENOMEM,
			"not enough memory: the %s needs %#lx pages from PFN %#lx, the domain has %#lx",
			what, pages, a->pfn, a->lo->nr_pages);
	if (mapped && a->va + bytes < a->va)
		return xb_fail(
			a->err, -XEN_ERANGE,
			"the %s at %#lx would wrap past the top of the address space",
			what, a->va);
	if (pfn)
		*pfn = a->pfn;
	if (va)
		*va = mapped ? a->va : XB_UNSET;
	a->pfn += pages;
	if (mapped)
		a->va += bytes;
	return 0;
}

/* Pad the mapping with zeroed RAM up to @va. */
static int pad_to(struct alloc *a, const char *what, uint64_t va)
{
	if (va & (XB_PAGE_SIZE - 1))
		return xb_fail(a->err, -XEN_EINVAL,
			       "%s %#lx is not page-aligned", what, va);
	if (va < a->va)
		return xb_fail(a->err, -XEN_EINVAL,
			       "%s %#lx lies below the allocation point %#lx",
			       what, va, a->va);
	return take(a, what, (va - a->va) >> XB_PAGE_SHIFT, true, NULL, NULL);
}

/* A mapping must be canonical, in one half, and clear of the hypervisor. */
static int check_range(struct alloc *a, const char *what, uint64_t from,
		       uint64_t to, uint64_t hv_start, uint64_t hv_end)
{
	bool low = to < LOW_HALF_END, high = from >= HIGH_HALF_START;

	if (from > to || !(low || high))
		return xb_fail(
			a->err, -XEN_ERANGE,
			"the %s [%#lx, %#lx] is not in canonical address space",
			what, from, to);
	if (from < hv_end && to >= hv_start)
		return xb_fail(
			a->err, -XEN_ERANGE,
			"the %s [%#lx, %#lx] overlaps the hypervisor's range [%#lx, %#lx)",
			what, from, to, hv_start, hv_end);
	return 0;
}

/*
 * §2.3: grow the page-table count until the mapping through the tables,
 * the boot stack and 512 KiB of padding, rounded to 4 MiB, needs no more
 * tables than were counted. The result is the first mapping.
 */
static int size_page_tables(struct alloc *a, uint64_t virt_base)
{
	struct xb_layout *lo = a->lo;
	uint64_t pages = EXTRA_PAGES, end = 0;
	unsigned int tries;

	for (tries = 0;; tries++) {
		uint64_t need;

		if (tries == 64 || a->va + (pages << XB_PAGE_SHIFT) < a->va ||
		    (a->va + (pages << XB_PAGE_SHIFT)) >= ~MAPPING_ALIGN_MASK)
			return xb_fail(
				a->err, -XEN_ERANGE,
				"the initial mapping from %#lx cannot be sized within the address space",
				virt_base);
		/* Xen's round-up ORs the mask in, so an aligned end grows. */
		end = (a->va + (pages << XB_PAGE_SHIFT)) | MAPPING_ALIGN_MASK;
		if ((end - virt_base) >> XB_PAGE_SHIFT >= lo->nr_pages)
			return xb_fail(
				a->err, -XEN_ENOMEM,
				"not enough memory for the initial mapping: [%#lx, %#lx] needs %#lx pages, the domain has %#lx",
				virt_base, end,
				((end - virt_base) >> XB_PAGE_SHIFT) + 1,
				lo->nr_pages);
		xb_map_count(&lo->map[0], NULL, 0, virt_base, end, 0, a->pfn);
		need = lo->map[0].nr_tables;
		pages = need + EXTRA_PAGES;
		if (a->va + (pages << XB_PAGE_SHIFT) <= end + 1)
			break;
	}
	lo->nr_maps = 1;
	lo->virt_pgtab_end = end + 1;
	return 0;
}

/* §2.2 steps 10-11 with §2.5: the p2m after the mapping, at INIT_P2M. */
static int place_relocated_p2m(struct alloc *a, uint64_t base,
			       uint64_t hv_start, uint64_t hv_end)
{
	struct xb_layout *lo = a->lo;
	struct xb_map *m = &lo->map[1];
	uint64_t data = lo->p2m_pages, to = base + (data << XB_PAGE_SHIFT) - 1;
	int rc;

	if (to < base)
		return xb_fail(
			a->err, -XEN_ERANGE,
			"the p2m at INIT_P2M %#lx would wrap past the top of the address space",
			base);
	rc = check_range(a, "p2m mapping", base, to, hv_start, hv_end);
	if (rc)
		return rc;
	if (base <= lo->map[0].to && to >= lo->map[0].from)
		return xb_fail(
			a->err, -XEN_EINVAL,
			"the p2m mapping [%#lx, %#lx] overlaps the initial mapping [%#lx, %#lx]",
			base, to, lo->map[0].from, lo->map[0].to);
	/* Its tables come right after its data (§2.2 step 11). */
	xb_map_count(m, lo->map, 1, base, to, a->pfn, a->pfn + data);
	rc = take(a, "relocated p2m", data + m->nr_tables, false, &lo->p2m_pfn,
		  NULL);
	if (rc)
		return rc;
	lo->nr_maps = 2;
	lo->p2m_va = base;
	lo->first_p2m_pfn = lo->p2m_pfn;
	lo->nr_p2m_frames = data + m->nr_tables;
	return 0;
}

static void set_registers(struct xb_layout *lo, const struct xb_image *img)
{
	struct xb_regs *r = &lo->regs;

	memset(r, 0, sizeof(*r));
	r->rip = img->entry;
	r->rsp = lo->virt_base + ((lo->bootstack_pfn + 1) << XB_PAGE_SHIFT);
	r->rsi = lo->virt_base + (lo->start_info_pfn << XB_PAGE_SHIFT);
	r->rflags = 1U << 9; /* IF; the hypervisor adds the always-one bit */
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	r->ds = r->es = r->fs = r->gs = FLAT_KERNEL_DS;
	r->kernel_ss = FLAT_KERNEL_SS;
	r->kernel_sp = r->rsp;
	r->cr3_pfn = lo->pt_pfn;
}

static int check_params(const struct xb_image *img,
			const struct xb_layout_params *p, struct xb_err *err)
{
	if (!p->nr_pages || p->nr_pages > MAX_NR_PAGES)
		return xb_fail(err, -XEN_EINVAL,
			       "a domain of %#lx pages is outside [1, %#llx]",
			       p->nr_pages, MAX_NR_PAGES);
	if (!p->nr_vcpus)
		return xb_fail(err, -XEN_EINVAL,
			       "a domain needs at least one vCPU");
	if (p->ramdisk_len > (p->nr_pages << XB_PAGE_SHIFT))
		return xb_fail(
			err, -XEN_ENOMEM,
			"initrd of %#lx bytes is larger than the domain's memory",
			p->ramdisk_len);
	if (p->is_dom0 && img->has_supported_features &&
	    !(img->f_supported & (1U << XENFEAT_dom0)))
		return xb_fail(
			err, -XEN_EINVAL,
			"kernel does not support running as dom0 (no 'dom0' in SUPPORTED_FEATURES)");
	if (img->virt_kstart & (XB_PAGE_SIZE - 1))
		return xb_fail(err, -XEN_EINVAL,
			       "kernel start %#lx is not page-aligned",
			       img->virt_kstart);
	return 0;
}

int xb_layout(struct xb_layout *lo, const struct xb_image *img,
	      const struct xb_layout_params *p, struct xb_err *err)
{
	uint64_t hv_start = p->hv_start, hv_end = p->hv_end;
	struct alloc a = { .lo = lo, .err = err };
	uint64_t ramdisk_pages, dummy;
	bool relocate, unmapped_rd;
	int rc;

	memset(lo, 0, sizeof(*lo));
	if (err)
		err->msg[0] = '\0';
	if (!hv_start && !hv_end) {
		hv_start = HYPERVISOR_VIRT_START;
		hv_end = HYPERVISOR_VIRT_END;
	}
	rc = check_params(img, p, err);
	if (rc)
		return rc;

	lo->nr_pages = p->nr_pages;
	lo->nr_vcpus = p->nr_vcpus;
	lo->is_dom0 = p->is_dom0;
	lo->virt_base = img->virt_base;
	lo->virt_kstart = img->virt_kstart;
	lo->virt_kend = img->virt_kend;
	lo->xenstore_pfn = lo->console_pfn = XB_UNSET;
	lo->ramdisk_pfn = lo->ramdisk_va = XB_UNSET;
	lo->hypercall_pfn = XB_UNSET;
	lo->ramdisk_len = p->ramdisk_len;
	lo->p2m_pages = pages_for(p->nr_pages * sizeof(uint64_t));
	lo->si_flags = p->is_dom0 ? SIF_PRIVILEGED | SIF_INITDOMAIN :
				    SIF_VIRT_P2M_4TOOLS;
	a.va = img->virt_base;

	/* libxenguest drops an INIT_P2M it cannot honour (§2.5). */
	relocate = img->init_p2m != XB_UNSET &&
		   img->init_p2m < img->virt_base &&
		   !(img->init_p2m & (XB_PAGE_SIZE - 1));
	unmapped_rd = img->mod_start_pfn;
	ramdisk_pages = pages_for(p->ramdisk_len);

	/* §2.2 steps 1-3: padding, kernel, initrd inside the mapping. */
	rc = pad_to(&a, "kernel start", img->virt_kstart);
	if (!rc)
		rc = take(&a, "kernel",
			  pages_for(img->virt_kend - img->virt_kstart), true,
			  &lo->kernel_pfn, &dummy);
	if (rc)
		return rc;
	lo->kernel_pages = a.pfn - lo->kernel_pfn;
	if (p->ramdisk_len && !unmapped_rd) {
		rc = take(&a, "initrd", ramdisk_pages, true, &lo->ramdisk_pfn,
			  &lo->ramdisk_va);
		if (rc)
			return rc;
		lo->ramdisk_pages = ramdisk_pages;
		lo->mod_start = lo->ramdisk_va;
		lo->mod_len = p->ramdisk_len;
	}

	/* Steps 5-8: p2m, magic pages, page tables, boot stack. */
	if (!relocate) {
		rc = take(&a, "p2m", lo->p2m_pages, true, &lo->p2m_pfn,
			  &lo->p2m_va);
		if (rc)
			return rc;
	}
	rc = take(&a, "start_info page", 1, true, &lo->start_info_pfn, &dummy);
	if (!rc && !p->is_dom0)
		rc = take(&a, "xenstore page", 1, true, &lo->xenstore_pfn,
			  &dummy);
	if (!rc && !p->is_dom0)
		rc = take(&a, "console page", 1, true, &lo->console_pfn,
			  &dummy);
	if (!rc)
		rc = size_page_tables(&a, img->virt_base);
	if (!rc)
		rc = check_range(&a, "initial mapping", img->virt_base,
				 lo->virt_pgtab_end - 1, hv_start, hv_end);
	if (!rc)
		rc = take(&a, "page tables", lo->map[0].nr_tables, true,
			  &lo->pt_pfn, &lo->pt_va);
	if (!rc)
		rc = take(&a, "boot stack", 1, true, &lo->bootstack_pfn,
			  &dummy);
	if (rc)
		return rc;
	lo->nr_pt_frames = lo->map[0].nr_tables;
	lo->virt_alloc_end = a.va;

	/* Step 9: padding to the end of the mapping. */
	rc = pad_to(&a, "end of the initial mapping", lo->virt_pgtab_end);
	if (rc)
		return rc;
	lo->mapped_pages = a.pfn;

	/* Step 10: the initrd after the mapping, passed by PFN. */
	if (p->ramdisk_len && unmapped_rd) {
		rc = take(&a, "initrd", ramdisk_pages, false, &lo->ramdisk_pfn,
			  &lo->ramdisk_va);
		if (rc)
			return rc;
		lo->ramdisk_pages = ramdisk_pages;
		lo->si_flags |= SIF_MOD_START_PFN;
		lo->mod_start = lo->ramdisk_pfn;
		lo->mod_len = ramdisk_pages << XB_PAGE_SHIFT;
	}

	/* Step 11: the relocated p2m and its own tables. */
	if (relocate) {
		lo->p2m_relocated = true;
		rc = place_relocated_p2m(&a, img->init_p2m, hv_start, hv_end);
		if (rc)
			return rc;
	}
	lo->first_free_pfn = a.pfn;

	if (img->hypercall_page != XB_UNSET) {
		uint64_t hc = img->hypercall_page & ~(XB_PAGE_SIZE - 1);

		if (hc < img->virt_kstart || hc >= img->virt_kend)
			return xb_fail(
				err, -XEN_EINVAL,
				"HYPERCALL_PAGE %#lx lies outside the kernel [%#lx, %#lx)",
				img->hypercall_page, img->virt_kstart,
				img->virt_kend);
		lo->hypercall_pfn = (hc - img->virt_base) >> XB_PAGE_SHIFT;
	}
	set_registers(lo, img);
	return 0;
}
