/* SPDX-License-Identifier: MIT */
/*
 * Writable page tables (pv-boot-abi.md §6.5): not yet.
 */
#include <xen/sched.h>
#include <asm/pv.h>

bool pv_ptwr_fault(struct cpu_user_regs *regs, unsigned long addr)
{
	return false;
}
