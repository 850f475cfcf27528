/* SPDX-License-Identifier: MIT */
/*
 * domctl (hypercall 36): the control domain's per-domain operations - the
 * subset a minimal PV toolstack needs to create, build, run, inspect and
 * destroy a domain (io-abi.md §9.6, dom0-abi.md §8.3). Every request
 * carries XEN_DOMCTL_INTERFACE_VERSION; a mismatch is refused with
 * -EACCES. We use Xen 4.17's version and layouts so Debian's 4.17 tools
 * and ours are interchangeable (dom0-abi.md §8.4).
 */
#ifndef __XEN_PUBLIC_DOMCTL_H__
#define __XEN_PUBLIC_DOMCTL_H__

#include <stdint.h>

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/* A bitmap (of CPUs or nodes) passed by reference (16 bytes). */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8) bitmap;
	uint32_t nr_bits;
};

#define XEN_DOMCTL_createdomain 1
#define XEN_DOMCTL_destroydomain 2
#define XEN_DOMCTL_pausedomain 3
#define XEN_DOMCTL_unpausedomain 4
#define XEN_DOMCTL_getdomaininfo 5
#define XEN_DOMCTL_setvcpuaffinity 9
#define XEN_DOMCTL_shadow_op 10
#define XEN_DOMCTL_max_mem 11
#define XEN_DOMCTL_setvcpucontext 12
#define XEN_DOMCTL_getvcpucontext 13
#define XEN_DOMCTL_getvcpuinfo 14
#define XEN_DOMCTL_max_vcpus 15
#define XEN_DOMCTL_scheduler_op 16
#define XEN_DOMCTL_setdomainhandle 17
#define XEN_DOMCTL_irq_permission 19
#define XEN_DOMCTL_iomem_permission 20
#define XEN_DOMCTL_ioport_permission 21
#define XEN_DOMCTL_hypercall_init 22
#define XEN_DOMCTL_settimeoffset 24
#define XEN_DOMCTL_subscribe 29
#define XEN_DOMCTL_set_address_size 35
#define XEN_DOMCTL_get_address_size 36
#define XEN_DOMCTL_set_target 46
#define XEN_DOMCTL_getpageframeinfo3 61
#define XEN_DOMCTL_set_virq_handler 66
#define XEN_DOMCTL_get_cpu_policy 82
#define XEN_DOMCTL_set_cpu_policy 83

/*
 * createdomain (64 bytes). xen_domctl.domain in: the wanted id, or 0 / a
 * reserved id to have one allocated; out: the new id. The domain starts
 * paused. A PV domain has flags 0.
 */
struct xen_domctl_createdomain {
	uint32_t ssidref;
	xen_domain_handle_t handle; /* UUID */
#define _XEN_DOMCTL_CDF_hvm 0
#define XEN_DOMCTL_CDF_hvm (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap 1
#define XEN_DOMCTL_CDF_hap (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off 3
#define XEN_DOMCTL_CDF_oos_off (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain 4
#define XEN_DOMCTL_CDF_xs_domain (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu 5
#define XEN_DOMCTL_CDF_iommu (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt 6
#define XEN_DOMCTL_CDF_nested_virt (1U << _XEN_DOMCTL_CDF_nested_virt)
#define _XEN_DOMCTL_CDF_vpmu 7
#define XEN_DOMCTL_CDF_vpmu (1U << _XEN_DOMCTL_CDF_vpmu)
	uint32_t flags; /* XEN_DOMCTL_CDF_* */
	uint32_t iommu_opts;
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames; /* -1: the hypervisor's default */
	int32_t max_maptrack_frames; /* -1: the hypervisor's default */
/* grant_opts bits 0-3: highest grant table version allowed. */
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v) ((v)&XEN_DOMCTL_GRANT_version_mask)
	uint32_t grant_opts;
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};

/* getdomaininfo (112 bytes); also the element of sysctl getdomaininfolist. */
struct xen_domctl_getdomaininfo {
	domid_t domain; /* the domain described (4.17: first id >= asked) */
	uint16_t pad1;
#define _XEN_DOMINF_dying 0
#define XEN_DOMINF_dying (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown 2
#define XEN_DOMINF_shutdown (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused 3
#define XEN_DOMINF_paused (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked 4
#define XEN_DOMINF_blocked (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running 5
#define XEN_DOMINF_running (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged 6
#define XEN_DOMINF_debugged (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7
#define XEN_DOMINF_xs_domain (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap 8
#define XEN_DOMINF_hap (1U << _XEN_DOMINF_hap)
/* Bits 16-23: the SHUTDOWN_* reason once XEN_DOMINF_shutdown is set. */
#define XEN_DOMINF_shutdownmask 255
#define XEN_DOMINF_shutdownshift 16
	uint32_t flags; /* XEN_DOMINF_* */
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t outstanding_pages;
	uint64_t shr_pages;
	uint64_t paged_pages;
	uint64_t shared_info_frame; /* MFN of the domain's shared_info */
	uint64_t cpu_time; /* ns */
	uint32_t nr_online_vcpus;
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits;
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

/* max_mem: the page limit, in KiB. */
struct xen_domctl_max_mem {
	uint64_t max_memkb;
};

/* set/getvcpucontext (16 bytes). */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;
	XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;
};

/* getvcpuinfo (24 bytes). */
struct xen_domctl_getvcpuinfo {
	uint32_t vcpu; /* IN */
	uint8_t online; /* OUT */
	uint8_t blocked;
	uint8_t running;
	uint64_t cpu_time; /* ns */
	uint32_t cpu; /* physical CPU it is on */
};

/* setvcpuaffinity (40 bytes). */
struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;
#define _XEN_VCPUAFFINITY_HARD 0
#define XEN_VCPUAFFINITY_HARD (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT 1
#define XEN_VCPUAFFINITY_SOFT (1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE 2
#define XEN_VCPUAFFINITY_FORCE (1U << _XEN_VCPUAFFINITY_FORCE)
	uint32_t flags;
	struct xenctl_bitmap cpumap_hard;
	struct xenctl_bitmap cpumap_soft;
};

/* max_vcpus: must equal createdomain.max_vcpus. */
struct xen_domctl_max_vcpus {
	uint32_t max;
};

struct xen_domctl_setdomainhandle {
	xen_domain_handle_t handle;
};

/* hypercall_init: write the hypercall page into guest frame gmfn. */
struct xen_domctl_hypercall_init {
	uint64_t gmfn;
};

struct xen_domctl_settimeoffset {
	int64_t time_offset_seconds;
};

/* subscribe: the port to notify when the domain suspends. */
struct xen_domctl_subscribe {
	uint32_t port;
};

/* set/get_address_size: 64 for a 64-bit PV guest. */
struct xen_domctl_address_size {
	uint32_t size;
};

struct xen_domctl_set_target {
	domid_t target;
};

struct xen_domctl_set_virq_handler {
	uint32_t virq;
};

/*
 * getpageframeinfo3: PFNs in, the same PFNs OR-ed with their page type out
 * (bits 28-31; save/restore and debugging only).
 */
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT 28
#define XEN_DOMCTL_PFINFO_NOTAB (0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB (0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB (0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB (0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB (0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB (0x8U << 28)
#define XEN_DOMCTL_PFINFO_XTAB (0xfU << 28) /* invalid page */
#define XEN_DOMCTL_PFINFO_XALLOC (0xeU << 28) /* allocate-only page */
#define XEN_DOMCTL_PFINFO_BROKEN (0xdU << 28) /* broken page */
#define XEN_DOMCTL_PFINFO_LTAB_MASK (0xfU << 28)
struct xen_domctl_getpageframeinfo3 {
	uint64_t num;
	XEN_GUEST_HANDLE_64(xen_pfn_t) array;
};

/* The request (144 bytes): the argument of the domctl hypercall. */
struct xen_domctl {
	uint32_t cmd; /* XEN_DOMCTL_* */
	uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_setdomainhandle setdomainhandle;
		struct xen_domctl_hypercall_init hypercall_init;
		struct xen_domctl_settimeoffset settimeoffset;
		struct xen_domctl_subscribe subscribe;
		struct xen_domctl_address_size address_size;
		struct xen_domctl_set_target set_target;
		struct xen_domctl_set_virq_handler set_virq_handler;
		struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
		uint8_t pad[128]; /* the union's size is ABI */
	} u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

#endif /* __XEN_PUBLIC_DOMCTL_H__ */
