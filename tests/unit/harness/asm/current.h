/* SPDX-License-Identifier: MIT */
/*
 * Host unit-test stand-in for the arch "current vCPU" header: the
 * hypervisor finds its vCPU from the stack; a test simply names it.
 */
#ifndef HARNESS_ASM_CURRENT_H
#define HARNESS_ASM_CURRENT_H

#include <asm/regs.h>

struct vcpu;

extern struct vcpu *harness_current;
extern struct cpu_user_regs harness_guest_regs;

#define current harness_current
#define guest_cpu_user_regs() (&harness_guest_regs)

#endif /* HARNESS_ASM_CURRENT_H */
