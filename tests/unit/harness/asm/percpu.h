/* SPDX-License-Identifier: MIT */
/*
 * Host unit-test stand-in for per-CPU variables: each variable is a small
 * array indexed by CPU, and the "current CPU" is a variable the tests may set
 * to check that per-CPU state really stays per CPU.
 */
#ifndef HARNESS_ASM_PERCPU_H
#define HARNESS_ASM_PERCPU_H

#include <asm/config.h> /* NR_CPUS */

extern unsigned int harness_cpu;

#define DEFINE_PER_CPU(type, name) __typeof__(type) per_cpu__##name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) \
	extern __typeof__(type) per_cpu__##name[NR_CPUS]
#define per_cpu(name, cpu) (per_cpu__##name[(cpu)])
#define smp_processor_id() (harness_cpu)
#define this_cpu(name) per_cpu(name, smp_processor_id())

#endif /* HARNESS_ASM_PERCPU_H */
