/* SPDX-License-Identifier: MIT */
/*
 * Exception and interrupt entry. Every vector has a 16-byte stub that makes
 * the frame uniform (a zero error code where the CPU pushes none) and stores
 * its vector number in the upper half of the error-code slot, the layout of
 * cpu_user_regs; common_entry saves the general registers and calls
 * do_entry(regs) with a 16-byte aligned stack.
 */
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
	jmp	common_entry
	.set vec, vec + 1
	.endr

common_entry:
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rax
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	cld
	mov	%rsp, %rdi
	mov	%rsp, %rbx
	and	$~15, %rsp
	call	do_entry
	mov	%rbx, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
	add	$8, %rsp	/* error_code and entry_vector */
	iretq
