/* SPDX-License-Identifier: MIT */
/*
 * struct cpu_info sits at the top of every CPU's stack, so any code can find
 * its CPU from %rsp alone, without relying on a segment base the guest could
 * also use. While a PV vCPU runs, its registers live in guest_cpu_user_regs:
 * TSS.rsp0 points just above the hardware frame (at .es), so an exception or
 * interrupt from ring 3 pushes its frame exactly into that structure, and the
 * SYSCALL stubs build the same frame there (xen/arch/x86/pv/entry.S).
 *
 * The CPU aligns RSP down to 16 bytes before pushing a ring-3 frame, so
 * &guest_cpu_user_regs.es must be 16-byte aligned: with the stack top
 * aligned, that is offsetof(es) + (STACK_SIZE - CPUINFO_SIZE) % 16 == 0,
 * hence the leading pad word.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <asm/config.h>
#include <asm/regs.h>

/* sizeof(struct cpu_info), for the assembly that sets up stacks. */
#define CPUINFO_SIZE 240
/* Where guest_cpu_user_regs starts inside struct cpu_info. */
#define CPUINFO_guest_regs 8

#ifndef __ASSEMBLY__
struct vcpu;

struct cpu_info {
	unsigned long _align_pad;
	struct cpu_user_regs guest_cpu_user_regs;
	unsigned int processor_id;
	unsigned int _pad;
	struct vcpu *current_vcpu;
	unsigned long per_cpu_offset;
	unsigned long _pad2;
};

_Static_assert(sizeof(struct cpu_info) == CPUINFO_SIZE, "CPUINFO_SIZE");
_Static_assert(__builtin_offsetof(struct cpu_info, guest_cpu_user_regs) ==
		       CPUINFO_guest_regs,
	       "CPUINFO_guest_regs");
_Static_assert((__builtin_offsetof(struct cpu_info, guest_cpu_user_regs.es) +
		STACK_SIZE - CPUINFO_SIZE) %
			       16 ==
		       0,
	       "guest frame must end 16-byte aligned");

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;

	__asm__("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1) - 1;
}

#define current (get_cpu_info()->current_vcpu)
#define guest_cpu_user_regs() (&get_cpu_info()->guest_cpu_user_regs)
#endif

#endif /* ASM_CURRENT_H */
