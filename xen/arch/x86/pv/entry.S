/* SPDX-License-Identifier: MIT */
/*
 * Guest entry by SYSCALL and the way back to guest context.
 *
 * SYSCALL does not switch stacks, and the hypervisor keeps no per-CPU GS
 * base (GS belongs to the guest). So every CPU gets its own small entry
 * stub, written by pv_cpu_init() with that CPU's addresses baked in:
 *
 *	movabs %rax, <&cpu_info->guest_cpu_user_regs.rax>  save guest %rax
 *	mov    %rsp, %rax                                  guest %rsp
 *	movabs $<&cpu_info->guest_cpu_user_regs.es>, %rsp  this CPU's frame
 *	jmp    lstar_enter (or cstar_enter)
 *
 * lstar_enter then pushes the rest of a struct cpu_user_regs exactly where
 * an exception from ring 3 would have put it (TSS.rsp0, asm/current.h), so
 * every entry leaves the guest's registers in cpu_info->guest_cpu_user_regs
 * and every exit restores them from there with iretq. SFMASK clears IF, TF,
 * DF, NT and AC, so nothing can interrupt the stub before it has a stack
 * (NMI and #MC use IST stacks).
 *
 * The iretq back to the guest can fault on a bad guest frame (selectors
 * the guest supplied through the iret hypercall). The exception table
 * sends that fault to pv_iret_fault() with the frame rebuilt in place,
 * which hands it to the guest as its own exception.
 */
#include <asm/desc.h>
#include <asm/regs.h>

	.text

/* Common tail: %rax = guest %rsp, %rcx = guest RIP, %r11 = RFLAGS. */
.macro syscall_frame cs, vector
	pushq	$FLAT_RING3_DS32	/* ss */
	pushq	%rax			/* rsp */
	pushq	%r11			/* rflags */
	pushq	$\cs			/* cs */
	pushq	%rcx			/* rip */
	pushq	$0
	movl	$\vector, 4(%rsp)	/* entry_vector; error_code 0 */
	SAVE_GPRS skip_rax=1	/* rax: the stub stored it already */
	mov	%rsp, %rdi
	call	pv_syscall_entry	/* never returns */
	ud2
.endm

	.globl lstar_enter
lstar_enter:
	syscall_frame FLAT_RING3_CS64, TRAP_syscall

	.globl cstar_enter
cstar_enter:
	syscall_frame FLAT_RING3_CS32, TRAP_syscall32

/* void pv_restore_guest(struct cpu_user_regs *regs): never returns. */
	.globl pv_restore_guest
pv_restore_guest:
	mov	%rdi, %rsp
	RESTORE_GPRS
	add	$8, %rsp		/* error_code and entry_vector */
.Liret_to_guest:
	iretq

/*
 * The iretq faulted. The fault's handler resumed us here on the stack as it
 * was at the iretq (pointing at the guest's rip..ss) and with the guest's
 * registers back in place; rebuild the rest of the frame and report it.
 */
.Liret_fault:
	pushq	$0
	SAVE_GPRS
	mov	%rsp, %rdi
	call	pv_iret_fault		/* never returns */
	ud2

	.section .ex_table, "a"
	.balign 8
	.quad	.Liret_to_guest, .Liret_fault
	.previous
