/* SPDX-License-Identifier: MIT */
/*
 * callback_op (hypercall 30): registering the guest entry points the
 * hypervisor bounces to - event upcall, failsafe, syscall, NMI. The older
 * set_callbacks (4) registers the first three at once. Registrations are
 * per vCPU. Semantics: pv-boot-abi.md §4.3.5.
 */
#ifndef __XEN_PUBLIC_CALLBACK_H__
#define __XEN_PUBLIC_CALLBACK_H__

#include <stdint.h>

#include "xen.h"

#define CALLBACKTYPE_event 0
#define CALLBACKTYPE_failsafe 1
#define CALLBACKTYPE_syscall 2 /* 64-bit user syscall */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi 4
#define CALLBACKTYPE_sysenter 5 /* 32-bit user sysenter (Intel) */
#define CALLBACKTYPE_syscall32 7 /* 32-bit user syscall (AMD) */

/* Mask events on entry (event and NMI callbacks always do). */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register 0
#define CALLBACKOP_unregister 1

struct callback_register {
	uint16_t type; /* CALLBACKTYPE_* */
	uint16_t flags; /* CALLBACKF_* */
	xen_callback_t address; /* canonical guest VA */
};
typedef struct callback_register callback_register_t;

/* Only CALLBACKTYPE_nmi can be unregistered. */
struct callback_unregister {
	uint16_t type;
	uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;

#endif /* __XEN_PUBLIC_CALLBACK_H__ */
