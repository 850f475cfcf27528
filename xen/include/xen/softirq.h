/* SPDX-License-Identifier: MIT */
/*
 * Softirqs: work a CPU must do soon, outside interrupt context, before it
 * returns to a guest or goes back to sleep (xen/common/softirq.c). Raising
 * one on another CPU kicks it with an event-check IPI.
 */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

#include <xen/types.h>

enum {
	TIMER_SOFTIRQ, /* run expired timers */
	SCHEDULE_SOFTIRQ, /* pick the next vCPU */
	NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

void open_softirq(unsigned int nr, softirq_handler handler);
void raise_softirq(unsigned int nr);
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
bool softirq_pending(unsigned int cpu);
/* Run this CPU's pending softirqs; interrupts enabled by the caller. */
void do_softirq(void);

#endif /* XEN_SOFTIRQ_H */
