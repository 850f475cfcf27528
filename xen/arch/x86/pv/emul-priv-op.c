/* SPDX-License-Identifier: MIT */
/*
 * Privileged-instruction emulation: not yet.
 */
#include <xen/sched.h>
#include <asm/pv.h>

bool pv_emulate_privileged_op(struct cpu_user_regs *regs)
{
	return false;
}

bool pv_emulate_invalid_op(struct cpu_user_regs *regs)
{
	return false;
}
