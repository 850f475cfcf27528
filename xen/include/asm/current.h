/* SPDX-License-Identifier: MIT */
/*
 * struct cpu_info sits at the top of every CPU's stack, so any code can find
 * its CPU from %rsp alone, without relying on a segment base the guest could
 * also use. The guest's register frame will be saved at its start when PV
 * guests arrive.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <asm/config.h>
#include <asm/regs.h>

/* sizeof(struct cpu_info), for the assembly that sets up stacks. */
#define CPUINFO_SIZE 224

#ifndef __ASSEMBLY__
struct vcpu;

struct cpu_info {
	struct cpu_user_regs guest_cpu_user_regs;
	unsigned int processor_id;
	unsigned int _pad;
	struct vcpu *current_vcpu;
	unsigned long per_cpu_offset;
};

_Static_assert(sizeof(struct cpu_info) == CPUINFO_SIZE, "CPUINFO_SIZE");

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;

	__asm__("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1) - 1;
}

#define current (get_cpu_info()->current_vcpu)
#endif

#endif /* ASM_CURRENT_H */
