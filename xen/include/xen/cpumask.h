/* SPDX-License-Identifier: MIT */
/*
 * Sets of physical CPUs: a fixed bitmap of NR_CPUS bits. The single-word
 * operations are atomic (lock-prefixed) so several CPUs may set and clear
 * bits of the same mask; the whole-mask ones are not, and their callers
 * say which lock protects the mask.
 */
#ifndef XEN_CPUMASK_H
#define XEN_CPUMASK_H

#include <xen/types.h>
#include <asm/config.h>

#define BITS_PER_LONG 64
#define CPUMASK_LONGS ((NR_CPUS + BITS_PER_LONG - 1) / BITS_PER_LONG)

typedef struct cpumask {
	unsigned long bits[CPUMASK_LONGS];
} cpumask_t;

static inline unsigned long *cpumask_word(cpumask_t *m, unsigned int cpu)
{
	return &m->bits[cpu / BITS_PER_LONG];
}

static inline unsigned long cpumask_bit(unsigned int cpu)
{
	return 1UL << (cpu % BITS_PER_LONG);
}

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
	__atomic_fetch_or(cpumask_word(m, cpu), cpumask_bit(cpu),
			  __ATOMIC_SEQ_CST);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
	__atomic_fetch_and(cpumask_word(m, cpu), ~cpumask_bit(cpu),
			   __ATOMIC_SEQ_CST);
}

/* Clear cpu and say whether it was set (one atomic step). */
static inline bool cpumask_test_and_clear_cpu(unsigned int cpu, cpumask_t *m)
{
	return __atomic_fetch_and(cpumask_word(m, cpu), ~cpumask_bit(cpu),
				  __ATOMIC_SEQ_CST) &
	       cpumask_bit(cpu);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
	return __atomic_load_n(&m->bits[cpu / BITS_PER_LONG],
			       __ATOMIC_RELAXED) &
	       cpumask_bit(cpu);
}

static inline void cpumask_clear(cpumask_t *m)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		m->bits[i] = 0;
}

static inline void cpumask_copy(cpumask_t *dst, const cpumask_t *src)
{
	*dst = *src;
}

static inline void cpumask_and(cpumask_t *dst, const cpumask_t *a,
			       const cpumask_t *b)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		dst->bits[i] = a->bits[i] & b->bits[i];
}

static inline void cpumask_or(cpumask_t *dst, const cpumask_t *a,
			      const cpumask_t *b)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		dst->bits[i] = a->bits[i] | b->bits[i];
}

static inline bool cpumask_empty(const cpumask_t *m)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		if (m->bits[i])
			return false;
	return true;
}

/* Bits set in w; by hand, since the freestanding build has no libgcc. */
static inline unsigned int cpumask_hweight(unsigned long w)
{
	unsigned int n = 0;

	for (; w; w &= w - 1)
		n++;
	return n;
}

static inline unsigned int cpumask_weight(const cpumask_t *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < CPUMASK_LONGS; i++)
		n += cpumask_hweight(m->bits[i]);
	return n;
}

/* The first CPU in m at or after cpu; NR_CPUS if none. */
static inline unsigned int cpumask_next_from(unsigned int cpu,
					     const cpumask_t *m)
{
	for (; cpu < NR_CPUS; cpu++)
		if (cpumask_test_cpu(cpu, m))
			return cpu;
	return NR_CPUS;
}

#define for_each_cpu(cpu, m)                                     \
	for ((cpu) = cpumask_next_from(0, (m)); (cpu) < NR_CPUS; \
	     (cpu) = cpumask_next_from((cpu) + 1, (m)))

/* CPUs that finished bring-up and take interrupts (xen/arch/x86/smp.c). */
extern cpumask_t cpu_online_map;

#define for_each_online_cpu(cpu) for_each_cpu (cpu, &cpu_online_map)

static inline unsigned int num_online_cpus(void)
{
	return cpumask_weight(&cpu_online_map);
}

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && cpumask_test_cpu(cpu, &cpu_online_map);
}

#endif /* XEN_CPUMASK_H */
