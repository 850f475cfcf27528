/* SPDX-License-Identifier: MIT */
/*
 * Writing a laid-out domain into guest memory (§2.2-§2.11). Guest memory
 * is reached only through the caller's struct xb_mem, one page at a time:
 * in the hypervisor that is a direct-map pointer, in the toolstack a
 * foreign mapping. Every page of the layout is written in full, content
 * or zeros, so nothing the previous owner of a frame left behind reaches
 * the guest (a dom0 Linux parses low pages as firmware tables, dom0-abi
 * §2.11). The M2P, shared_info, vCPU state and the typing and pinning of
 * the page tables stay with the caller, which owns those structures.
 */
#include <public/errno.h>
#include <public/xen.h>

#include "xb_private.h"

/* Bytes of one hypercall stub; 128 of them fill the page (§2.11). */
#define STUB_SIZE 32
#define NR_STUBS (XB_PAGE_SIZE / STUB_SIZE)
#define INT3 0xcc

void *xb_map_page(const struct xb_mem *mem, uint64_t pfn, struct xb_err *err)
{
	void *p;

	if (pfn >= mem->nr_pages) {
		xb_fail(err, -XEN_EFAULT,
			"PFN %#lx is beyond the %#lx pages of guest memory",
			pfn, mem->nr_pages);
		return NULL;
	}
	p = mem->map(mem->ctx, pfn);
	if (!p)
		xb_fail(err, -XEN_EFAULT, "cannot map guest PFN %#lx", pfn);
	return p;
}

static int zero_pages(const struct xb_mem *mem, uint64_t pfn, uint64_t n,
		      struct xb_err *err)
{
	for (; n; n--, pfn++) {
		void *p = xb_map_page(mem, pfn, err);

		if (!p)
			return -XEN_EFAULT;
		memset(p, 0, XB_PAGE_SIZE);
		mem->unmap(mem->ctx, p);
	}
	return 0;
}

/*
 * The kernel pages: zeros, then every segment's file bytes at
 * p_paddr - pstart (§1.3). Each page is mapped once however many segments
 * touch it; the zeros are what makes bss and the gaps between segments.
 */
static int load_kernel(const struct xb_layout *lo, const struct xb_image *img,
		       const struct xb_mem *mem, struct xb_err *err)
{
	uint64_t k;
	unsigned int i;

	for (k = 0; k < lo->kernel_pages; k++) {
		uint64_t lo_off = k << XB_PAGE_SHIFT;
		uint64_t hi_off = lo_off + XB_PAGE_SIZE;
		uint8_t *page = xb_map_page(mem, lo->kernel_pfn + k, err);

		if (!page)
			return -XEN_EFAULT;
		memset(page, 0, XB_PAGE_SIZE);
		for (i = 0; i < img->nr_segments; i++) {
			const struct xb_segment *s = &img->seg[i];
			uint64_t dst = s->paddr - img->pstart;
			uint64_t from = dst > lo_off ? dst : lo_off;
			uint64_t to = dst + s->filesz < hi_off ?
					      dst + s->filesz :
					      hi_off;

			if (from < to)
				memcpy(page + (from - lo_off),
				       img->elf + s->offset + (from - dst),
				       to - from);
		}
		mem->unmap(mem->ctx, page);
	}
	return 0;
}

/* Copy @len bytes to consecutive pages from @pfn; zero the last page's tail. */
static int copy_pages(const struct xb_mem *mem, uint64_t pfn,
		      const uint8_t *src, uint64_t len, struct xb_err *err)
{
	while (len) {
		uint64_t n = len < XB_PAGE_SIZE ? len : XB_PAGE_SIZE;
		uint8_t *p = xb_map_page(mem, pfn++, err);

		if (!p)
			return -XEN_EFAULT;
		memcpy(p, src, n);
		memset(p + n, 0, XB_PAGE_SIZE - n);
		mem->unmap(mem->ctx, p);
		src += n;
		len -= n;
	}
	return 0;
}

/* Zero the bytes of page @pfn from @from on (nothing if @from is 0). */
static int zero_tail(const struct xb_mem *mem, uint64_t pfn, uint64_t from,
		     struct xb_err *err)
{
	uint8_t *p;

	if (!from)
		return 0;
	p = xb_map_page(mem, pfn, err);
	if (!p)
		return -XEN_EFAULT;
	memset(p + from, 0, XB_PAGE_SIZE - from);
	mem->unmap(mem->ctx, p);
	return 0;
}

/* p2m[pfn] = mfn for every PFN of the domain, ~0 past its end (§2.2). */
static int write_p2m(const struct xb_layout *lo, const struct xb_mem *mem,
		     struct xb_err *err)
{
	const uint64_t per_page = XB_PAGE_SIZE / sizeof(uint64_t);
	uint64_t i, j;

	for (i = 0; i < lo->p2m_pages; i++) {
		uint64_t *p = xb_map_page(mem, lo->p2m_pfn + i, err);

		if (!p)
			return -XEN_EFAULT;
		for (j = 0; j < per_page; j++) {
			uint64_t pfn = i * per_page + j;

			p[j] = pfn < lo->nr_pages ?
				       mem->pfn_to_mfn(mem->ctx, pfn) :
				       XB_INVALID_MFN;
		}
		mem->unmap(mem->ctx, p);
	}
	return 0;
}

static int write_start_info(const struct xb_layout *lo,
			    const struct xb_mem *mem,
			    const struct xb_build_params *p, struct xb_err *err)
{
	struct start_info *si = xb_map_page(mem, lo->start_info_pfn, err);
	size_t n = 0;

	if (!si)
		return -XEN_EFAULT;
	/* The whole page: dom0's VGA info would sit right after it (§2.7). */
	memset(si, 0, XB_PAGE_SIZE);
	memcpy(si->magic, XEN_START_INFO_MAGIC, sizeof(XEN_START_INFO_MAGIC));
	si->nr_pages = lo->nr_pages;
	si->shared_info = p->shared_info_mfn << XB_PAGE_SHIFT;
	si->flags = lo->si_flags | p->extra_si_flags;
	if (!lo->is_dom0) {
		si->store_mfn = mem->pfn_to_mfn(mem->ctx, lo->xenstore_pfn);
		si->store_evtchn = p->store_evtchn;
		si->console.domU.mfn =
			mem->pfn_to_mfn(mem->ctx, lo->console_pfn);
		si->console.domU.evtchn = p->console_evtchn;
	}
	si->pt_base = lo->pt_va;
	si->nr_pt_frames = lo->nr_pt_frames;
	si->mfn_list = lo->p2m_va;
	si->mod_start = lo->mod_start;
	si->mod_len = lo->mod_len;
	if (p->cmdline)
		for (; n < MAX_GUEST_CMDLINE - 1 && p->cmdline[n]; n++)
			si->cmd_line[n] = (int8_t)p->cmdline[n];
	si->cmd_line[n] = 0;
	si->first_p2m_pfn = lo->first_p2m_pfn;
	si->nr_p2m_frames = lo->nr_p2m_frames;
	mem->unmap(mem->ctx, si);
	return 0;
}

void xb_hypercall_page(void *page)
{
	uint8_t *p = page;
	unsigned int i;

	memset(p, INT3, XB_PAGE_SIZE);
	for (i = 0; i < NR_STUBS; i++, p += STUB_SIZE) {
		unsigned int n = 0;

		/* syscall clobbers %rcx and %r11: the stub preserves them. */
		p[n++] = 0x51; /* push %rcx */
		p[n++] = 0x41; /* push %r11 */
		p[n++] = 0x53;
		if (i == __HYPERVISOR_iret)
			p[n++] = 0x50; /* push %rax: completes the frame */
		p[n++] = 0xb8; /* mov $i, %eax */
		p[n++] = (uint8_t)i;
		p[n++] = 0;
		p[n++] = 0;
		p[n++] = 0;
		p[n++] = 0x0f; /* syscall */
		p[n++] = 0x05;
		if (i == __HYPERVISOR_iret)
			continue; /* iret never returns here */
		p[n++] = 0x41; /* pop %r11 */
		p[n++] = 0x5b;
		p[n++] = 0x59; /* pop %rcx */
		p[n++] = 0xc3; /* ret */
	}
}

static int check_build(const struct xb_layout *lo, const struct xb_mem *mem,
		       const struct xb_build_params *p, struct xb_err *err)
{
	if (mem->nr_pages < lo->nr_pages)
		return xb_fail(
			err, -XEN_EINVAL,
			"guest memory has %#lx pages, the layout needs %#lx",
			mem->nr_pages, lo->nr_pages);
	if (lo->ramdisk_len && !p->ramdisk && !p->ramdisk_in_place)
		return xb_fail(
			err, -XEN_EINVAL,
			"the layout has a %#lx-byte initrd but no initrd was given",
			lo->ramdisk_len);
	return 0;
}

int xb_build(const struct xb_layout *lo, const struct xb_image *img,
	     const struct xb_mem *mem, const struct xb_build_params *p,
	     struct xb_err *err)
{
	uint64_t after_stack = lo->bootstack_pfn + 1;
	int rc;

	if (err)
		err->msg[0] = '\0';
	rc = check_build(lo, mem, p, err);
	if (!rc)
		rc = zero_pages(mem, 0, lo->kernel_pfn, err);
	if (!rc)
		rc = load_kernel(lo, img, mem, err);
	/* The last initrd page's tail reads as zeros (mod_len may round up). */
	if (!rc && lo->ramdisk_len && !p->ramdisk_in_place)
		rc = copy_pages(mem, lo->ramdisk_pfn, p->ramdisk,
				lo->ramdisk_len, err);
	if (!rc && lo->ramdisk_len && p->ramdisk_in_place)
		rc = zero_tail(mem, lo->ramdisk_pfn + lo->ramdisk_pages - 1,
			       lo->ramdisk_len & (XB_PAGE_SIZE - 1), err);
	if (!rc)
		rc = write_p2m(lo, mem, err);
	if (!rc)
		rc = write_start_info(lo, mem, p, err);
	if (!rc && !lo->is_dom0)
		rc = zero_pages(mem, lo->xenstore_pfn, 1, err);
	if (!rc && !lo->is_dom0)
		rc = zero_pages(mem, lo->console_pfn, 1, err);
	if (!rc)
		rc = xb_write_tables(lo, mem, err);
	if (!rc)
		rc = zero_pages(mem, lo->bootstack_pfn, 1, err);
	if (!rc)
		rc = zero_pages(mem, after_stack,
				lo->mapped_pages - after_stack, err);
	if (!rc && lo->hypercall_pfn != XB_UNSET) {
		void *hc = xb_map_page(mem, lo->hypercall_pfn, err);

		if (!hc)
			return -XEN_EFAULT;
		xb_hypercall_page(hc);
		mem->unmap(mem->ctx, hc);
	}
	if (!rc && p->zero_free)
		rc = zero_pages(mem, lo->first_free_pfn,
				lo->nr_pages - lo->first_free_pfn, err);
	return rc;
}
