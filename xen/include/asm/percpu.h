/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU variables: the linker gathers DEFINE_PER_CPU variables into the
 * .data.percpu template; the boot CPU uses the template itself (offset 0),
 * every other CPU a copy made when it is brought up.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <asm/config.h>
#include <asm/current.h>

extern unsigned long __per_cpu_offset[NR_CPUS];

/* Give CPU cpu (not 0) its copy of the per-CPU area: 0 or -ENOMEM. */
int percpu_setup(unsigned int cpu);

#define DEFINE_PER_CPU(type, name) \
	__attribute__((            \
		__section__(".data.percpu"))) __typeof__(type) per_cpu__##name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name

/* Hide the pointer arithmetic from the optimiser, like RELOC_HIDE. */
#define __percpu_reloc(ptr, off)                    \
	({                                          \
		unsigned long __p;                  \
		__asm__("" : "=r"(__p) : "0"(ptr)); \
		(__typeof__(ptr))(__p + (off));     \
	})

#define per_cpu(name, cpu) \
	(*__percpu_reloc(&per_cpu__##name, __per_cpu_offset[cpu]))
#define this_cpu(name) \
	(*__percpu_reloc(&per_cpu__##name, get_cpu_info()->per_cpu_offset))
#define smp_processor_id() (get_cpu_info()->processor_id)

#endif /* ASM_PERCPU_H */
