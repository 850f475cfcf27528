/* SPDX-License-Identifier: MIT */
/*
 * Talking to other physical CPUs (xen/arch/x86/smp.c). Every function works
 * on a mask that may include the calling CPU, which then does the work
 * itself; remote CPUs are reached by IPIs once secondary CPUs are up.
 */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/cpumask.h>
#include <asm/percpu.h>

/*
 * Make cpu leave whatever it does (halt, guest context) soon and look at
 * its pending softirqs: the way to tell it a timer or a reschedule is due.
 */
void smp_send_event_check_cpu(unsigned int cpu);
void smp_send_event_check_mask(const cpumask_t *mask);

/*
 * Run fn(info) on every online CPU in mask, the caller included if it is
 * in it; with wait, return only when all have finished. Interrupts must
 * be enabled when other CPUs are involved (they may be waiting for ours).
 */
void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *info,
		      bool wait);

/*
 * Flush the TLBs of every CPU in mask (global entries too: guest-user
 * mappings are global), or just one address; returns when all have done
 * it. Same rule as on_selected_cpus for the locks the caller holds.
 */
void flush_tlb_mask(const cpumask_t *mask);
void flush_tlb_one_mask(const cpumask_t *mask, unsigned long va);

/* Halt every other CPU for good (NMI), so a panic is the last word. */
void smp_stop_other_cpus(void);

#endif /* XEN_SMP_H */
