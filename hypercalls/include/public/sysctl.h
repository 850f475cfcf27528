/* SPDX-License-Identifier: MIT */
/*
 * sysctl (hypercall 35): the control domain's whole-system queries - the
 * hypervisor console ring, physical machine facts, and the domain list -
 * as far as a minimal toolstack needs them (dom0-abi.md §8.3, io-abi.md
 * §9.6). Requests carry XEN_SYSCTL_INTERFACE_VERSION (Xen 4.17's).
 */
#ifndef __XEN_PUBLIC_SYSCTL_H__
#define __XEN_PUBLIC_SYSCTL_H__

#include <stdint.h>

#include "domctl.h"
#include "xen.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

#define XEN_SYSCTL_readconsole 1
#define XEN_SYSCTL_physinfo 3
#define XEN_SYSCTL_getdomaininfolist 6

/* Copy out of the hypervisor's console ring (24 bytes). */
struct xen_sysctl_readconsole {
	uint8_t clear; /* IN: clear the ring after reading */
	uint8_t incremental; /* IN: start at index */
	uint8_t pad0, pad1;
	uint32_t index; /* IN: start (if incremental); OUT: end */
	XEN_GUEST_HANDLE_64(char) buffer;
	uint32_t count; /* IN: buffer size; OUT: bytes written */
};

/* The machine (112 bytes). */
struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus; /* online */
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;
#define XEN_SYSCTL_PHYSCAP_hvm (1U << 0)
#define XEN_SYSCTL_PHYSCAP_pv (1U << 1)
#define XEN_SYSCTL_PHYSCAP_directio (1U << 2)
#define XEN_SYSCTL_PHYSCAP_hap (1U << 3)
#define XEN_SYSCTL_PHYSCAP_shadow (1U << 4)
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1U << 5)
#define XEN_SYSCTL_PHYSCAP_vmtrace (1U << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu (1U << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1U << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1U << 9)
	uint32_t capabilities; /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities;
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t scrub_pages;
	uint64_t outstanding_pages;
	uint64_t max_mfn;
	uint32_t hw_cap[8];
};

/* getdomaininfo records for ids >= first_domain (24 bytes). */
struct xen_sysctl_getdomaininfolist {
	domid_t first_domain; /* IN */
	uint32_t max_domains; /* IN: buffer capacity */
	XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer;
	uint32_t num_domains; /* OUT */
};

/* The request (136 bytes): the argument of the sysctl hypercall. */
struct xen_sysctl {
	uint32_t cmd; /* XEN_SYSCTL_* */
	uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		uint8_t pad[128]; /* the union's size is ABI */
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* __XEN_PUBLIC_SYSCTL_H__ */
