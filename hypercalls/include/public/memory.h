/* SPDX-License-Identifier: MIT */
/*
 * memory_op (hypercall 12): growing and shrinking a domain's memory,
 * exchanging pages, the e820-style memory maps, where the M2P table lives,
 * and (for translated guests) placing special frames in the physmap.
 * Layouts: pv-boot-abi.md §3.8, semantics §4.3.10, dom0 additions
 * dom0-abi.md §4.3. The low 6 bits of the command are the sub-op.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include <stdint.h>

#include "xen.h"

/* Bits 6+ of the command carry the continuation's start extent. */
#define XENMEMOP_CMD_MASK 0x3f
#define XENMEMOP_EXTENT_SHIFT 6

#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page 2 /* NULL: highest RAM MFN */
#define XENMEM_current_reservation 3 /* domid_t *: pages owned */
#define XENMEM_maximum_reservation 4 /* domid_t *: page limit */
#define XENMEM_machphys_mfn_list 5
#define XENMEM_populate_physmap 6
#define XENMEM_add_to_physmap 7
#define XENMEM_memory_map 9
#define XENMEM_machine_memory_map 10
#define XENMEM_exchange 11
#define XENMEM_machphys_mapping 12
#define XENMEM_set_memory_map 13
#define XENMEM_maximum_gpfn 14 /* domid_t *: highest GFN in use */
#define XENMEM_remove_from_physmap 15
#define XENMEM_set_pod_target 16
#define XENMEM_get_pod_target 17
#define XENMEM_get_sharing_freed_pages 18
#define XENMEM_get_sharing_shared_pages 19
#define XENMEM_add_to_physmap_batch 23
#define XENMEM_claim_pages 24
#define XENMEM_machphys_compat_mfn_list 25
#define XENMEM_acquire_resource 28

/*
 * mem_flags of a reservation: bits 0-7 limit the machine address width,
 * bits 8-15 hold NUMA node + 1, then request modifiers.
 */
#define XENMEMF_address_bits(x) (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffu)
#define XENMEMF_node(x) (((x) + 1) << 8)
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand (1 << 16)
#define XENMEMF_exact_node_request (1 << 17)
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode (1 << 18)

/*
 * increase/decrease_reservation and populate_physmap (32 bytes). For a PV
 * guest extent_start holds MFNs out (increase), MFNs in (decrease), PFNs in
 * and MFNs out (populate). The return value is the number of extents done.
 */
struct xen_memory_reservation {
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	xen_ulong_t nr_extents;
	uint32_t extent_order; /* extents of 2^order pages */
	uint32_t mem_flags; /* XENMEMF_* */
	domid_t domid;
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/* Swap the in extents for new out extents; all or nothing (72 bytes). */
struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	xen_ulong_t nr_exchanged; /* OUT: input extents done; caller zeroes */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* MFNs of the 2 MiB chunks backing the M2P (24 bytes). */
struct xen_machphys_mfn_list {
	uint32_t max_extents; /* IN: capacity of extent_start */
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	uint32_t nr_extents; /* OUT */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/* Where the read-only M2P is mapped and how far it is valid (24 bytes). */
struct xen_machphys_mapping {
	xen_ulong_t v_start, v_end; /* VA range */
	xen_ulong_t max_mfn; /* highest MFN the table covers */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/* What XENMEM_add_to_physmap maps (translated guests). */
#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1 /* idx | XENMAPIDX_grant_table_status */
#define XENMAPSPACE_gmfn 2
#define XENMAPSPACE_gmfn_range 3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio 5
#define XENMAPIDX_grant_table_status 0x80000000U

/* Place a frame at gpfn in a translated guest's physmap (24 bytes). */
struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size; /* pages, for XENMAPSPACE_gmfn_range */
	uint32_t space; /* XENMAPSPACE_* */
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

/* A batch of the above, with per-entry errors (32 bytes). */
struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space; /* XENMAPSPACE_* */
	uint16_t size; /* entries in each array */
	union {
		domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;
	} u;
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
	XEN_GUEST_HANDLE(int) errs; /* OUT */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/*
 * An e820 map (16 bytes): nr_entries is the buffer's capacity in and the
 * number of entries written out; buffer holds struct xen_e820_entry.
 */
struct xen_memory_map {
	uint32_t nr_entries;
	XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/* XENMEM_set_memory_map: the toolstack sets a domain's map. */
struct xen_foreign_memory_map {
	domid_t domid;
	struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/*
 * One e820 entry as the memory_map buffers carry them: 20 bytes, packed,
 * so an array has no gaps (the BIOS layout). Not a Xen public name: Xen
 * uses its private struct e820entry with the same bytes.
 */
#if defined(__GNUC__)
#define XEN_E820_PACKED __attribute__((__packed__))
#else
#error "struct xen_e820_entry needs a packed attribute"
#endif
struct xen_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* XEN_E820_* */
} XEN_E820_PACKED;
#define XEN_E820_RAM 1
#define XEN_E820_RESERVED 2
#define XEN_E820_ACPI 3
#define XEN_E820_NVS 4
#define XEN_E820_UNUSABLE 5

/* IN for current/maximum_reservation and maximum_gpfn (2 bytes). */
struct xen_memory_domain {
	domid_t domid;
};

/* Populate-on-demand target (HVM; listed for completeness). */
struct xen_pod_target {
	uint64_t target_pages; /* IN */
	uint64_t tot_pages; /* OUT */
	uint64_t pod_cache_pages; /* OUT */
	uint64_t pod_entries; /* OUT */
	domid_t domid; /* IN */
};
typedef struct xen_pod_target xen_pod_target_t;

/*
 * Map frames of another domain's resource (its grant table, ...) into the
 * caller: the toolstack seeds a new guest's grant refs 0 and 1 this way,
 * through privcmd's MMAP_RESOURCE (32 bytes; io-abi.md §9.7).
 */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
struct xen_mem_acquire_resource {
	domid_t domid; /* IN: the domain owning the resource */
	uint16_t type; /* IN: XENMEM_resource_* */
	uint32_t id; /* IN: which one, e.g. XENMEM_resource_grant_table_id_* */
	uint32_t nr_frames; /* IN: frames wanted; 0 asks for the maximum (OUT) */
	uint32_t pad; /* must be 0 */
	uint64_t frame; /* IN: first frame within the resource */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT: MFNs (PV caller) */
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

#endif /* __XEN_PUBLIC_MEMORY_H__ */
