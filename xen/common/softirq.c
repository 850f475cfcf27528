/* SPDX-License-Identifier: MIT */
/*
 * Softirqs (xen/softirq.h). Each CPU has a word of pending bits, set
 * atomically by anyone and consumed only by its owner in do_softirq(),
 * lowest number first; a handler may raise further softirqs, which run in
 * the same call.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>

/* Pending bits per CPU: set by any CPU, cleared by the owner (atomics). */
static unsigned long pending[NR_CPUS];
/* Written once at boot, before any softirq is raised. */
static softirq_handler handlers[NR_SOFTIRQS];

void open_softirq(unsigned int nr, softirq_handler handler)
{
	BUG_ON(nr >= NR_SOFTIRQS || handlers[nr]);
	handlers[nr] = handler;
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	unsigned long old;

	old = __atomic_fetch_or(&pending[cpu], 1UL << nr, __ATOMIC_SEQ_CST);
	/* Kick a remote CPU only on the first pending bit: one IPI will do. */
	if (!old && cpu != smp_processor_id())
		smp_send_event_check_cpu(cpu);
}

void raise_softirq(unsigned int nr)
{
	__atomic_fetch_or(&pending[smp_processor_id()], 1UL << nr,
			  __ATOMIC_SEQ_CST);
}

bool softirq_pending(unsigned int cpu)
{
	return __atomic_load_n(&pending[cpu], __ATOMIC_SEQ_CST) != 0;
}

void do_softirq(void)
{
	unsigned int cpu = smp_processor_id(), nr;
	unsigned long bits;

	while ((bits = __atomic_load_n(&pending[cpu], __ATOMIC_SEQ_CST))) {
		nr = (unsigned int)__builtin_ctzl(bits);
		__atomic_fetch_and(&pending[cpu], ~(1UL << nr),
				   __ATOMIC_SEQ_CST);
		if (handlers[nr])
			handlers[nr]();
	}
}
