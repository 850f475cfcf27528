/* SPDX-License-Identifier: MIT */
/*
 * What pvkern needs to run on more than one vCPU: a stack for vCPU 1, and
 * which vCPU the code is running on. Like Linux we never rely on a
 * segment base the tests may change: the stack says who we are (vCPU 1
 * only ever runs on smp_stack, bounces into its kernel included, since it
 * never enters user mode). Each vCPU has its own vcpu_info (upcall flags,
 * pending selector, pvclock): vCPU 0's wherever VCPUOP_register_vcpu_info
 * put it, the others' in shared_info.
 */
#include "pvkern.h"

char smp_stack[SMP_STACK_SIZE] __aligned(16);

unsigned int smp_vcpu_id(void)
{
	unsigned long sp;

	__asm__ __volatile__("mov %%rsp, %0" : "=r"(sp));
	return sp >= (unsigned long)smp_stack &&
	       sp < (unsigned long)smp_stack + sizeof(smp_stack);
}

vcpu_info_t *smp_vcpu_info(void)
{
	unsigned int id = smp_vcpu_id();

	return id ? &shared_info->vcpu_info[id] : vcpu;
}
