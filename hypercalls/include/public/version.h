/* SPDX-License-Identifier: MIT */
/*
 * xen_version (hypercall 17): version numbers, build strings, the ABI list
 * ("xen-3.0-x86_64"), platform parameters and feature bitmaps. Linux asks
 * for XENVER_get_features before anything else. Semantics:
 * pv-boot-abi.md §4.3.15.
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include <stdint.h>

#include "xen.h"

#define XENVER_version 0 /* NULL; returns (major << 16) | minor */

#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

#define XENVER_compile_info 2
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

#define XENVER_platform_parameters 5
struct xen_platform_parameters {
	xen_ulong_t virt_start; /* lowest hypervisor VA */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

#define XENVER_get_features 6
struct xen_feature_info {
	uint32_t submap_idx; /* IN: which 32-bit submap (0 only) */
	uint32_t submap; /* OUT: XENFEAT_* bits of that submap */
};
typedef struct xen_feature_info xen_feature_info_t;

#define XENVER_pagesize 7 /* NULL; returns 4096 */

#define XENVER_guest_handle 8 /* xen_domain_handle_t: the caller's UUID */

#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/* Length-prefixed variants of the strings above. */
#define XENVER_build_id 10
#define XENVER_extraversion2 11
#define XENVER_capabilities2 12
#define XENVER_changeset2 13
#define XENVER_commandline2 14

/* IN len = buffer size (0: just return the needed size); OUT: bytes. */
struct xen_varbuf {
	uint32_t len;
	char buf[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_varbuf xen_varbuf_t;

struct xen_build_id {
	uint32_t len;
	unsigned char buf[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_build_id xen_build_id_t;

#endif /* __XEN_PUBLIC_VERSION_H__ */
