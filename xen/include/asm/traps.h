/* SPDX-License-Identifier: MIT */
/*
 * Trap handling entry points and the expected-trap hook selftests use to
 * take a deliberate exception and carry on.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/regs.h>

void do_entry(struct cpu_user_regs *regs);

/*
 * Arm this CPU to absorb hypervisor-mode exceptions of one vector: each is
 * counted and its RIP recorded, and execution resumes (after the faulting
 * instruction for traps such as #BP; faults must set resume_rip).
 */
struct trap_expect {
	int vector; /* -1: none expected */
	unsigned long hits;
	unsigned long last_rip;
	unsigned long resume_rip; /* for faults: where to continue, or 0 */
};
void trap_expect(struct trap_expect *e, int vector, unsigned long resume_rip);
void trap_expect_clear(void);

/*
 * The vector and error code of the last fault an exception-table fixup
 * recovered from on this CPU, for fixup code that needs to know which.
 */
void last_fixed_fault(unsigned int *vector, u32 *error_code);

/* "page fault" etc.; "reserved" for vectors without a name. */
const char *trap_name(unsigned int vector);

/* Print the general registers rax..r14 of a frame. */
void show_gprs(const struct cpu_user_regs *regs);

/* Print a frame, control registers and a stack trace. */
void show_registers(const struct cpu_user_regs *regs);
void show_stack_trace(unsigned long rbp);

/* Interrupt handlers dispatched by do_entry. */
void apic_timer_interrupt(struct cpu_user_regs *regs);
void apic_eoi(void);
void smp_event_check_interrupt(struct cpu_user_regs *regs);
void smp_call_function_interrupt(struct cpu_user_regs *regs);
/* An NMI: if panic() is stopping the other CPUs, halt here for good. */
bool smp_nmi_stop(void);

#endif /* ASM_TRAPS_H */
