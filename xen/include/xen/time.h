/* SPDX-License-Identifier: MIT */
/*
 * System time: nanoseconds since the hypervisor started, from the TSC
 * (xen/arch/x86/time.c).
 */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

#define NANOSECONDS(ns) ((s_time_t)(ns))
#define MICROSECS(us) ((s_time_t)(us)*1000LL)
#define MILLISECS(ms) ((s_time_t)(ms)*1000000LL)
#define SECONDS(s) ((s_time_t)(s)*1000000000LL)

/* Now, in ns since boot. */
s_time_t NOW(void);

extern u64 cpu_khz; /* TSC frequency */

#endif /* XEN_TIME_H */
