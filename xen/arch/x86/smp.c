/* SPDX-License-Identifier: MIT */
/*
 * Cross-CPU requests (xen/smp.h), carried by IPIs through the local APIC:
 *
 *  - EVENT_CHECK_VECTOR: the handler only acknowledges it. Its point is
 *    the interrupt itself: a CPU in guest context, halted or idle leaves
 *    what it was doing and meets its pending softirqs on the way out.
 *  - CALL_FUNCTION_VECTOR: run a function on other CPUs (on_selected_cpus),
 *    which is also how TLB shootdowns travel. One request at a time, under
 *    call_lock; the targets clear their bit in call_data.pending once they
 *    have taken the request (or, with wait, finished it), and the caller
 *    keeps the lock until every bit is clear.
 *  - NMI: stop every other CPU for good, on panic.
 *
 * A CPU waiting for call_lock serves requests addressed to itself while it
 * spins, so two CPUs that call each other at once cannot deadlock even
 * with interrupts off. The rule left for callers (xen/docs/locking.md): do
 * not hold a lock that is taken with interrupts off elsewhere (an _irqsave
 * lock) while calling on_selected_cpus or flush_tlb_mask, since a target
 * spinning on it with interrupts off never takes the IPI.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/smpboot.h>
#include <asm/traps.h>

/* Online CPUs: the boot CPU from the start; bring-up adds the others. */
cpumask_t cpu_online_map = { { 1UL } };

/* The request being served; written only by call_lock's holder. */
static DEFINE_SPINLOCK(call_lock);
static struct {
	void (*fn)(void *info);
	void *info;
	bool wait;
	/* Targets yet to take (no wait) or finish (wait) it: atomic bits. */
	cpumask_t pending;
} call_data;

/* Set once panic() has stopped the other CPUs; their NMI handler halts. */
static bool cpus_stopping;

/* Every target has taken (or finished) the request: read afresh each time. */
static bool call_done(void)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		if (__atomic_load_n(&call_data.pending.bits[i],
				    __ATOMIC_ACQUIRE))
			return false;
	return true;
}

static void send_ipi(unsigned int cpu, unsigned int vector)
{
	apic_send_ipi(cpu_to_apic_id(cpu), APIC_DM_FIXED | vector);
}

void smp_send_event_check_cpu(unsigned int cpu)
{
	/* The local CPU checks its softirqs on its way out anyway. */
	if (cpu != smp_processor_id() && cpu_online(cpu))
		send_ipi(cpu, EVENT_CHECK_VECTOR);
}

void smp_send_event_check_mask(const cpumask_t *mask)
{
	unsigned int cpu;

	for_each_cpu (cpu, mask)
		smp_send_event_check_cpu(cpu);
}

void smp_event_check_interrupt(struct cpu_user_regs *regs)
{
	apic_eoi();
}

/* Serve the current request if it names this CPU. */
static void call_function_serve(void)
{
	unsigned int me = smp_processor_id();
	void (*fn)(void *);
	void *info;

	if (!cpumask_test_cpu(me, &call_data.pending))
		return;
	/* Pairs with the caller's release: the request before our bit. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	fn = call_data.fn;
	info = call_data.info;
	if (call_data.wait) {
		fn(info);
		cpumask_clear_cpu(me, &call_data.pending);
	} else {
		/* Once our bit is clear the caller may reuse call_data. */
		cpumask_clear_cpu(me, &call_data.pending);
		fn(info);
	}
}

void smp_call_function_interrupt(struct cpu_user_regs *regs)
{
	apic_eoi();
	call_function_serve();
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *info,
		      bool wait)
{
	unsigned int cpu, me = smp_processor_id();
	unsigned long flags;
	cpumask_t others;

	cpumask_and(&others, mask, &cpu_online_map);
	cpumask_clear_cpu(me, &others);

	if (!cpumask_empty(&others)) {
		while (!spin_trylock(&call_lock)) {
			call_function_serve();
			cpu_relax();
		}
		call_data.fn = fn;
		call_data.info = info;
		call_data.wait = wait;
		/* The request is complete before any target sees its bit. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		cpumask_copy(&call_data.pending, &others);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		for_each_cpu (cpu, &others)
			send_ipi(cpu, CALL_FUNCTION_VECTOR);
		while (!call_done())
			cpu_relax();
		spin_unlock(&call_lock);
	}

	/* Our own share last, lock dropped: fn may make cross-calls too. */
	if (cpumask_test_cpu(me, mask)) {
		local_irq_save(flags);
		fn(info);
		local_irq_restore(flags);
	}
}

/*
 * Shootdowns flush global entries too: validated guest-user mappings are
 * global (pv-core.md), so a CR3 reload alone would keep them.
 */
static void flush_all_fn(void *info)
{
	flush_tlb_all_local();
}

static void flush_one_fn(void *info)
{
	invlpg((unsigned long)info);
}

void flush_tlb_mask(const cpumask_t *mask)
{
	on_selected_cpus(mask, flush_all_fn, NULL, true);
}

void flush_tlb_one_mask(const cpumask_t *mask, unsigned long va)
{
	on_selected_cpus(mask, flush_one_fn, (void *)va, true);
}

void smp_stop_other_cpus(void)
{
	unsigned int cpu, me = smp_processor_id();

	__atomic_store_n(&cpus_stopping, true, __ATOMIC_SEQ_CST);
	for_each_online_cpu (cpu)
		if (cpu != me)
			apic_send_ipi(cpu_to_apic_id(cpu), APIC_DM_NMI);
}

bool smp_nmi_stop(void)
{
	if (!__atomic_load_n(&cpus_stopping, __ATOMIC_SEQ_CST))
		return false;
	cpumask_clear_cpu(smp_processor_id(), &cpu_online_map);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
