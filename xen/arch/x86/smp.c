/* SPDX-License-Identifier: MIT */
/*
 * Cross-CPU requests (xen/smp.h). Until secondary CPUs are brought up only
 * the boot CPU is online, so every request is served locally; the mask
 * arguments already name the CPUs that must take part.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/pv-mm.h>
#include <asm/processor.h>

/* Online CPUs: the boot CPU from the start; bring-up adds the others. */
cpumask_t cpu_online_map = { { 1UL } };

void smp_send_event_check_cpu(unsigned int cpu)
{
	/* The local CPU checks its softirqs on its way out; no other yet. */
}

void smp_send_event_check_mask(const cpumask_t *mask)
{
	unsigned int cpu;

	for_each_cpu (cpu, mask)
		smp_send_event_check_cpu(cpu);
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *info,
		      bool wait)
{
	if (cpumask_test_cpu(smp_processor_id(), mask))
		fn(info);
}

void flush_tlb_mask(const cpumask_t *mask)
{
	if (cpumask_test_cpu(smp_processor_id(), mask))
		flush_tlb_all_local();
}

void flush_tlb_one_mask(const cpumask_t *mask, unsigned long va)
{
	if (cpumask_test_cpu(smp_processor_id(), mask))
		invlpg(va);
}
