/* SPDX-License-Identifier: MIT */
/*
 * The PV domain builder: turns a Xen-ELF guest kernel into the start-of-day
 * memory image a 64-bit PV guest expects (pv-boot-abi.md §1-§2). The same
 * code is compiled freestanding into the hypervisor, which builds domain 0
 * from a multiboot module, and hosted into the toolstack and the host tests.
 *
 * Three steps, each usable alone:
 *   xb_parse()   validate the ELF image and read its Xen notes (no memory
 *                is touched; the image must stay readable until xb_build());
 *   xb_layout()  compute every PFN and virtual address of the layout, the
 *                page-table geometry and vCPU 0's registers (pure arithmetic);
 *   xb_build()   write the image into guest memory through struct xb_mem.
 * Errors are negative Xen errnos plus a sentence in struct xb_err. Nothing
 * allocates: the caller owns every structure.
 *
 * A caller's sequence (the hypervisor building dom0, say): parse the module;
 * lay it out for nr_pages and the initrd's length; give the domain
 * nr_pages frames and record PFN -> MFN (and the M2P) for all of them;
 * build through a struct xb_mem over its direct map; then type the
 * frames xb_for_each_pt() names, L1s first, and pin the L4 (regs.cr3_pfn)
 * as the toolstack's MMUEXT_PIN_L4_TABLE would (§2.10); fill shared_info;
 * load vCPU 0 from layout.regs.
 */
#ifndef XBUILD_H
#define XBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XB_PAGE_SHIFT 12
#define XB_PAGE_SIZE (1UL << XB_PAGE_SHIFT)

/* "No such address / frame": an absent note, a page the layout lacks. */
#define XB_UNSET (~(uint64_t)0)
/* What pfn_to_mfn returns for a PFN without memory; written into the p2m. */
#define XB_INVALID_MFN (~(uint64_t)0)

/* Loadable PT_LOAD segments an image may have (Linux has 4 or 5). */
#define XB_MAX_SEGMENTS 16
/* The kernel image (lowest to highest p_paddr) must fit in 1 GiB. */
#define XB_MAX_KERNEL_SPAN (1ULL << 30)

/* Initial page-table entry flags, as libxenguest writes them (§2.3). */
#define XB_PTE_P 0x001ULL
#define XB_PTE_RW 0x002ULL
#define XB_PTE_US 0x004ULL
#define XB_PTE_A 0x020ULL
#define XB_PTE_D 0x040ULL
#define XB_L1_PROT (XB_PTE_P | XB_PTE_RW | XB_PTE_A)
#define XB_UPPER_PROT (XB_PTE_P | XB_PTE_RW | XB_PTE_US | XB_PTE_A | XB_PTE_D)
#define XB_PTE_MFN_MASK 0x000ffffffffff000ULL

/*
 * Features a hypervisor that implements the PV ABI of pv-boot-abi.md can
 * honour when a kernel marks them required ("!name" in its FEATURES note).
 * This is not what XENVER_get_features reports: Linux says
 * "!writable_page_tables", which a 64-bit PV guest gets as the
 * writable_pagetables VM assist (§1.3, §6.5), so it belongs here.
 */
#define XB_FEATURES_PV                                \
	((1U << 0) /* writable_page_tables */ |       \
	 (1U << 4) /* pae_pgdir_above_4gb */ |        \
	 (1U << 5) /* mmu_pt_update_preserve_ad */ |  \
	 (1U << 6) /* highmem_assist */ |             \
	 (1U << 7) /* gnttab_map_avail_bits */ |      \
	 (1U << 13) /* memory_op_vnode_supported */ | \
	 (1U << 17) /* direct_mapped */)

/* A failed call's explanation, always NUL-terminated. */
#define XB_ERR_MAX 200
struct xb_err {
	char msg[XB_ERR_MAX];
};

/* One loadable ELF segment, as xb_build() copies it. */
struct xb_segment {
	uint64_t offset; /* p_offset: file bytes start here */
	uint64_t filesz; /* bytes copied from the file */
	uint64_t memsz; /* bytes occupied; the rest is zeroed */
	uint64_t paddr; /* p_paddr: destination is paddr - pstart in the kernel */
	uint64_t vaddr; /* p_vaddr: recorded, never used (§1.3) */
};

/* A parsed guest kernel: what its ELF headers and Xen notes say. */
struct xb_image {
	const uint8_t *elf; /* the ELF file (inside a bzImage if it was one) */
	size_t size;

	unsigned int nr_segments;
	struct xb_segment seg[XB_MAX_SEGMENTS];
	uint64_t pstart, pend; /* lowest p_paddr, highest p_paddr + p_memsz */

	/* Addresses after the §1.3 rules; XB_UNSET where a note is absent. */
	uint64_t virt_base;
	uint64_t paddr_offset;
	uint64_t virt_kstart, virt_kend; /* [start, end) of the kernel */
	uint64_t entry; /* ENTRY note, else e_entry */
	uint64_t hypercall_page; /* VA of the page to fill, or XB_UNSET */
	uint64_t init_p2m; /* INIT_P2M VA as noted, or XB_UNSET */
	uint64_t hv_start_low; /* recorded; 32-bit guests only */
	uint64_t phys32_entry; /* recorded; PVH only */
	uint64_t suspend_cancel;
	uint64_t l1_mfn_valid_mask, l1_mfn_valid_value;
	bool has_l1_mfn_valid;
	bool mod_start_pfn; /* the initrd may stay unmapped (§2.6) */
	bool bsd_symtab; /* recorded; the symbol table is not appended */
	bool legacy_guest_info; /* described by __xen_guest, not by notes */
	bool has_supported_features; /* a SUPPORTED_FEATURES note exists */
	unsigned int nr_xen_notes;

	uint32_t f_supported; /* XENFEAT bits, submap 0 */
	uint32_t f_required;

	char guest_os[32];
	char guest_version[32];
	char xen_version[32];
	char loader[32];
	char pae_mode[32];
};

/*
 * Parse and validate a guest kernel of @size bytes at @data: an ELF64
 * x86-64 executable, or a bzImage whose payload is one (a compressed
 * payload is refused with its format named). Every header, segment, note
 * and string is bounds-checked. A required feature outside @offered (a
 * XENFEAT bitmap, e.g. XB_FEATURES_PV) is refused. Returns 0 or -XEN_E*.
 */
int xb_parse(struct xb_image *img, const void *data, size_t size,
	     uint32_t offered, struct xb_err *err);

/* What the domain gets besides the kernel. */
struct xb_layout_params {
	uint64_t nr_pages; /* guest memory, PFNs 0 .. nr_pages - 1 */
	uint64_t ramdisk_len; /* bytes; 0: no initrd */
	bool is_dom0; /* no xenstore/console pages, SIF_INITDOMAIN */
	unsigned int nr_vcpus; /* at least 1; recorded for the caller */
	/* The hypervisor's reserved VA range; 0 and 0 mean Xen's. */
	uint64_t hv_start, hv_end;
};

/*
 * One virtual-to-PFN mapping of the bootstrap page tables and the tables
 * it needs. lvl[0] describes L1 tables, lvl[3] the L4 (first mapping only).
 * Ranges are inclusive VAs; a level with count 0 shares its tables with
 * the first mapping.
 */
struct xb_map {
	uint64_t from, to; /* mapped VAs, inclusive */
	uint64_t pfn; /* PFN mapped at @from; the rest follow 1:1 */
	struct {
		uint64_t from, to; /* VA range the level's tables cover */
		uint64_t pfn; /* first table; the rest follow in VA order */
		uint64_t count;
	} lvl[4];
	uint64_t nr_tables;
};

/* vCPU 0 at its first instruction (§2.9). */
struct xb_regs {
	uint64_t rip, rsp, rsi, rflags;
	uint16_t cs, ss, ds, es, fs, gs;
	uint64_t kernel_ss, kernel_sp;
	uint64_t cr3_pfn; /* PFN of the L4; CR3 = p2m[cr3_pfn] << 12 */
};

/* The start-of-day layout, in allocation order (§2.2). */
struct xb_layout {
	uint64_t nr_pages;
	unsigned int nr_vcpus;
	bool is_dom0;

	uint64_t virt_base; /* VA of PFN 0 */
	uint64_t virt_kstart, virt_kend;
	uint64_t kernel_pfn, kernel_pages; /* first page holds virt_kstart */

	/* Initrd: inside the mapping (va set) or after it (va XB_UNSET). */
	uint64_t ramdisk_pfn, ramdisk_pages, ramdisk_va, ramdisk_len;

	/* p2m array: in the mapping, or relocated to INIT_P2M. */
	bool p2m_relocated;
	uint64_t p2m_pfn, p2m_pages, p2m_va;

	uint64_t start_info_pfn;
	uint64_t xenstore_pfn, console_pfn; /* XB_UNSET for dom0 */
	uint64_t pt_pfn, nr_pt_frames, pt_va; /* main mapping's tables */
	uint64_t bootstack_pfn;
	uint64_t virt_alloc_end; /* VA after the boot stack */
	uint64_t virt_pgtab_end; /* end of the mapping (4 MiB aligned) */
	uint64_t mapped_pages; /* PFNs 0 .. mapped_pages - 1 are mapped */
	uint64_t first_free_pfn; /* nothing of the layout at or above it */

	uint64_t hypercall_pfn; /* page to fill with stubs, or XB_UNSET */

	/* start_info values that follow from the layout. */
	uint32_t si_flags;
	uint64_t mod_start, mod_len;
	uint64_t first_p2m_pfn, nr_p2m_frames;

	unsigned int nr_maps; /* 1, or 2 with a relocated p2m */
	struct xb_map map[2];

	struct xb_regs regs;
};

/*
 * Lay out @img for a domain described by @p (§2.2-§2.6, §2.9). Refuses a
 * kernel that does not fit in memory or whose mappings would leave the
 * canonical address space or touch the hypervisor's range, and a dom0 whose
 * SUPPORTED_FEATURES lacks the dom0 bit. Returns 0 or -XEN_E*.
 */
int xb_layout(struct xb_layout *lo, const struct xb_image *img,
	      const struct xb_layout_params *p, struct xb_err *err);

/*
 * The page-table level (1..4) of @pfn in the bootstrap tables, or 0 if it
 * is not one of them.
 */
unsigned int xb_pt_level(const struct xb_layout *lo, uint64_t pfn);

/*
 * Call @fn for every bootstrap page-table frame, all L1s first, then L2s,
 * L3s and finally the L4, so a caller that types frames bottom-up can
 * validate each table after its children. Stops at and returns the first
 * non-zero return of @fn; returns 0 otherwise.
 */
int xb_for_each_pt(const struct xb_layout *lo,
		   int (*fn)(void *ctx, uint64_t pfn, unsigned int level),
		   void *ctx);

/* The caller's view of guest memory. */
struct xb_mem {
	void *ctx;
	/* MFN backing @pfn, or XB_INVALID_MFN for a hole. */
	uint64_t (*pfn_to_mfn)(void *ctx, uint64_t pfn);
	/* A writable pointer to the whole page at @pfn, or NULL on failure. */
	void *(*map)(void *ctx, uint64_t pfn);
	void (*unmap)(void *ctx, void *p);
	uint64_t nr_pages; /* PFNs the caller can map */
};

/* What xb_build() writes that the layout does not decide. */
struct xb_build_params {
	const char *cmdline; /* NULL: empty; truncated to 1023 bytes */
	const void *ramdisk; /* layout.ramdisk_len bytes, or NULL if none */
	/*
	 * The initrd's PFNs are already backed by frames holding its bytes
	 * (a boot module handed to dom0 as is, dom0-abi §2.3): @ramdisk is
	 * not used and only the tail of the last page is zeroed.
	 */
	bool ramdisk_in_place;
	uint64_t shared_info_mfn;
	uint32_t store_evtchn, console_evtchn; /* domU only */
	uint32_t extra_si_flags; /* e.g. SIF_PM_MASK bits for dom0 */
	bool zero_free; /* also zero PFNs first_free_pfn .. nr_pages - 1 */
};

/*
 * Write the layout into guest memory: every page of the layout is fully
 * written (content or zeros), the kernel segments, initrd, p2m, start_info,
 * xenstore and console pages, bootstrap page tables, boot stack and, if the
 * image asked, the hypercall page. The M2P, shared_info and the typing and
 * pinning of the tables are the caller's (§2.10). Returns 0 or -XEN_E*.
 */
int xb_build(const struct xb_layout *lo, const struct xb_image *img,
	     const struct xb_mem *mem, const struct xb_build_params *p,
	     struct xb_err *err);

/* Fill a 4 KiB buffer with the 64-bit PV hypercall stubs (§2.11). */
void xb_hypercall_page(void *page);

#endif /* XBUILD_H */
