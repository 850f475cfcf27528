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

/* Write the wallclock (Unix time at system time 0) into d's shared_info. */
struct domain;
void domain_set_wallclock(struct domain *d);

#endif /* XEN_TIME_H */
