/* SPDX-License-Identifier: MIT */
/*
 * sched_op (hypercall 29) and the legacy sched_op_compat (6): yield, block,
 * shut the domain down, poll ports, and the shutdown reasons tools see.
 * Semantics: pv-boot-abi.md §4.3.24.
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include <stdint.h>

#include "event_channel.h"

#define SCHEDOP_yield 0 /* NULL */
#define SCHEDOP_block 1 /* NULL; enables events, sleeps until one */
#define SCHEDOP_shutdown 2 /* struct sched_shutdown */
#define SCHEDOP_poll 3 /* struct sched_poll */
#define SCHEDOP_remote_shutdown 4 /* struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code 5 /* struct sched_shutdown */
#define SCHEDOP_watchdog 6 /* struct sched_watchdog */
#define SCHEDOP_pin_override 7 /* struct sched_pin_override */

struct sched_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;

/* Block until a listed port is pending or the absolute timeout passes. */
struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports;
	uint32_t nr_ports; /* <= 128 */
	uint64_t timeout; /* system time in ns; 0 = none */
};
typedef struct sched_poll sched_poll_t;

struct sched_remote_shutdown {
	domid_t domain_id;
	uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;

/* id 0 creates a watchdog (its id is returned); timeout 0 destroys one. */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout; /* seconds */
};
typedef struct sched_watchdog sched_watchdog_t;

struct sched_pin_override {
	int32_t pcpu; /* < 0 ends the override */
};
typedef struct sched_pin_override sched_pin_override_t;

/* Why a domain stopped. */
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_suspend 2 /* x86 PV: start_info MFN in the 3rd argument */
#define SHUTDOWN_crash 3
#define SHUTDOWN_watchdog 4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX 5

#endif /* __XEN_PUBLIC_SCHED_H__ */
