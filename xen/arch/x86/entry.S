/* SPDX-License-Identifier: MIT */
/*
 * Exception and interrupt entry. Every vector has a 16-byte stub that makes
 * the frame uniform (a zero error code where the CPU pushes none) and stores
 * its vector number in the upper half of the error-code slot, the layout of
 * cpu_user_regs; common_entry saves the general registers and calls
 * do_entry(regs) with a 16-byte aligned stack.
 */
#include <asm/config.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/regs.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			   (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.balign 16
	.globl entry_stubs
entry_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if !HAS_ERROR_CODE(vec)
	pushq	$0
	.endif
	movl	$vec, 4(%rsp)
	.if vec == TRAP_debug
	jmp	debug_entry
	.else
	jmp	common_entry
	.endif
	.set vec, vec + 1
	.endr

/*
 * #DB runs on its own IST stack: a debug trap can arrive on the first
 * instruction of the SYSCALL stub, still on the guest's stack, or right
 * after a guest's mov/pop %ss. From guest context, though, the frame must
 * end up in cpu_info->guest_cpu_user_regs like every other guest entry, so
 * it is copied there and the IST stack is left before anything else runs
 * (nothing here touches memory a guest breakpoint could watch).
 */
debug_entry:
	testb	$3, 16(%rsp)		/* CS of the interrupted context */
	jz	common_entry
	push	%rax
	push	%rcx
	mov	%rsp, %rcx
	or	$(STACK_SIZE - 1), %rcx
	add	$(1 - CPUINFO_SIZE + CPUINFO_guest_regs + UREGS_error_code), %rcx
	.set off, 0
	.rept 6				/* error code/vector, rip, cs, rflags, rsp, ss */
	mov	16 + off(%rsp), %rax
	mov	%rax, off(%rcx)
	.set off, off + 8
	.endr
	mov	%rcx, %rax
	pop	%rcx
	xchg	%rax, (%rsp)
	pop	%rsp			/* the copied frame */
	jmp	common_entry

common_entry:
	SAVE_GPRS
	mov	%rsp, %rdi
	mov	%rsp, %rbx
	and	$~15, %rsp
	call	do_entry
	mov	%rbx, %rsp
	RESTORE_GPRS
	add	$8, %rsp	/* error_code and entry_vector */
	iretq
