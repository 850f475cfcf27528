/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op (hypercall 24): bring vCPUs up and down, runstate accounting, the
 * per-vCPU timers, and moving vcpu_info / time areas to guest-chosen memory.
 * Sub-op semantics and error codes: pv-boot-abi.md §4.3.20.
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#include <stdint.h>

#include "xen.h"

#define VCPUOP_initialise 0 /* struct vcpu_guest_context */
#define VCPUOP_up 1 /* NULL */
#define VCPUOP_down 2 /* NULL */
#define VCPUOP_is_up 3 /* NULL; returns 1 or 0 */
#define VCPUOP_get_runstate_info 4 /* struct vcpu_runstate_info */
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer 6 /* struct vcpu_set_periodic_timer */
#define VCPUOP_stop_periodic_timer 7 /* NULL */
#define VCPUOP_set_singleshot_timer 8 /* struct vcpu_set_singleshot_timer */
#define VCPUOP_stop_singleshot_timer 9 /* NULL */
#define VCPUOP_register_vcpu_info 10 /* struct vcpu_register_vcpu_info */
#define VCPUOP_send_nmi 11 /* NULL */
#define VCPUOP_get_physid 12 /* struct vcpu_get_physid */
#define VCPUOP_register_vcpu_time_memory_area 13
#define VCPUOP_register_runstate_phys_area 14 /* Xen >= 4.18 */
#define VCPUOP_register_vcpu_time_phys_area 15 /* Xen >= 4.18 */

/* Runstates. */
#define RUNSTATE_running 0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked 2
#define RUNSTATE_offline 3

/*
 * Set in state_entry_time while the hypervisor rewrites a registered
 * runstate area (only with VMASST_TYPE_runstate_update_flag).
 */
#define XEN_RUNSTATE_UPDATE (((uint64_t)1) << 63)

/* Time spent in each runstate (48 bytes). */
struct vcpu_runstate_info {
	int32_t state; /* RUNSTATE_* */
	uint64_t state_entry_time; /* system time of the last state change */
	uint64_t time[4]; /* ns spent in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/*
 * Where the hypervisor keeps a copy of the runstate up to date: a guest VA
 * (VCPUOP_register_runstate_memory_area) or, for the _phys_area sub-ops, a
 * guest physical address in p.
 */
struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_runstate_memory_area
	vcpu_register_runstate_memory_area_t;

struct vcpu_set_periodic_timer {
	uint64_t period_ns; /* >= 1 ms */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns; /* absolute system time */
	uint32_t flags; /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future (1U << _VCPU_SSHOTTMR_future)

/* Move this vCPU's vcpu_info to (mfn, offset); once only. */
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset; /* 8-aligned, the 64 bytes must not cross the page */
	uint32_t rsvd; /* 0 */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;

/* Physical CPU ids of a pinned dom0 vCPU: APIC id low, ACPI id high. */
struct vcpu_get_physid {
	uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/* A second vcpu_time_info copy (for a vDSO), at a guest VA or address. */
struct vcpu_register_time_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_time_info_t) h;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;

#endif /* __XEN_PUBLIC_VCPU_H__ */
