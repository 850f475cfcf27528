/* SPDX-License-Identifier: MIT */
/*
 * Inside the scheduler. core.c is the mechanism: per-CPU run queue locks,
 * idle vCPUs, runstates, blocking and waking, the context switch. A policy
 * (credit.c) decides which runnable vCPU runs next, where and for how long,
 * through struct scheduler. Every policy hook that touches a CPU's run
 * queue is called with that CPU's run queue lock held and interrupts off.
 */
#ifndef SCHED_PRIVATE_H
#define SCHED_PRIVATE_H

#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

struct sched_pcpu {
	/*
	 * The run queue lock, taken with interrupts off. It guards curr, the
	 * policy's queue for this CPU and the scheduling fields of every vCPU
	 * whose processor is this CPU (struct vcpu names them).
	 */
	spinlock_t lock;
	struct vcpu *curr; /* running here (this CPU's idle vCPU if none) */
	struct vcpu *idle;
	struct timer slice_timer; /* ends curr's slice (this CPU's timers) */
	bool online; /* sched_init_cpu() done */
};

struct scheduler {
	const char *name;
	/* Once, on the first CPU (its timers may be used). */
	int (*init)(void);
	/* A CPU's queue, before it schedules for the first time. */
	void (*init_pcpu)(unsigned int cpu);
	int (*alloc_domain)(struct domain *d);
	void (*free_domain)(struct domain *d);
	int (*alloc_vcpu)(struct vcpu *v);
	/* v is off every CPU and queue for good. */
	void (*free_vcpu)(struct vcpu *v);
	/*
	 * v is runnable and not running: queue it on v->processor (unless it
	 * is queued already) and kick a CPU that should run it now.
	 * was_blocked: it has been waiting for an event (latency matters).
	 */
	void (*wake)(struct vcpu *v, bool was_blocked);
	/* v is no longer runnable: dequeue it, or make its CPU reschedule. */
	void (*sleep)(struct vcpu *v);
	/*
	 * prev was switched out and its state saved (no lock held): another
	 * CPU may run it from now on.
	 */
	void (*context_saved)(struct vcpu *prev);
	/* The current vCPU gives way to others of its priority, once. */
	void (*yield)(struct vcpu *v);
	/*
	 * Pick what cpu runs next: charge prev for its time, queue it again
	 * if it is still runnable, dequeue the choice (possibly taken from
	 * another CPU's queue, with its processor changed to cpu) and return
	 * it with its slice (0: no limit), or return the idle vCPU.
	 */
	struct vcpu *(*do_schedule)(unsigned int cpu, struct vcpu *prev,
				    s_time_t now, s_time_t *slice);
	int (*adjust)(struct domain *d, unsigned int weight, unsigned int cap);
	void (*get_params)(const struct domain *d, unsigned int *weight,
			   unsigned int *cap);
};

extern const struct scheduler sched_credit_ops;

/* The per-CPU scheduler state (NULL-free for every CPU < NR_CPUS). */
struct sched_pcpu *sched_pcpu(unsigned int cpu);
/* CPUs that schedule (sched_init_cpu() done), at least the boot CPU. */
unsigned int sched_online_cpus(void);
/* Make cpu run its scheduler soon (kicks it if it is another CPU). */
void sched_tickle(unsigned int cpu);

#endif /* SCHED_PRIVATE_H */
