/* SPDX-License-Identifier: MIT */
/*
 * Software timers (xen/common/timer.c): each CPU keeps its pending timers in
 * expiry order and programs the hardware one-shot for the earliest one via
 * the arch hook reprogram_timer(). Callbacks run with interrupts disabled,
 * from timer_do_expired() on the timer's CPU, and may re-arm their own timer.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/list.h>
#include <xen/types.h>

struct timer {
	/*
	 * All fields: the owning CPU's timer lock (cpu itself changes only
	 * under both the old and the new CPU's locks: migrate_timer).
	 */
	s_time_t expires;
	void (*function)(void *data);
	void *data;
	unsigned int cpu;
	struct list_head inactive_or_queue;
	u8 status; /* TIMER_STATUS_* (timer.c) */
};

void init_timer(struct timer *t, void (*function)(void *), void *data,
		unsigned int cpu);
/* (Re)arm for absolute system time expires; in the past: fires at once. */
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
/* Stop for good; the timer may not be set again until init_timer. */
void kill_timer(struct timer *t);
bool timer_is_active(const struct timer *t);
/* Move t (armed or not) to new_cpu's queue; its callbacks run there. */
void migrate_timer(struct timer *t, unsigned int new_cpu);

void timer_init(void);
/* Run this CPU's expired timers, then reprogram the hardware. */
void timer_do_expired(void);

/* Arch hooks. */
/* Program this CPU's one-shot for absolute time deadline; 0: none needed. */
int reprogram_timer(s_time_t deadline);

#endif /* XEN_TIMER_H */
