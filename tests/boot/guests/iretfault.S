/* SPDX-License-Identifier: MIT */
/*
 * iretfault: the iret hypercall with a frame the CPU refuses (CS names an
 * empty GDT slot), so the hypervisor's own iretq to the guest faults. The
 * hypervisor must catch that fault and deliver the failsafe callback with
 * the 11-slot frame (RCX, R11, DS, ES, FS, GS, RIP, CS, RFLAGS, RSP, SS)
 * describing the bad frame; the handler checks the RIP and CS it was given
 * and powers the domain off.
 */
#include "guest.h"

#define BAD_CS 0x0010 /* GDT slot 2 (kernel mode: RPL 0): no GDT loaded */

	GUEST_NOTES "iretfault"

	.text
	.globl _start
_start:
	mov	$4, %eax		/* set_callbacks(0, failsafe, 0) */
	xor	%edi, %edi
	lea	failsafe(%rip), %rsi
	xor	%edx, %edx
	syscall

	/* iret_context: rax r11 rcx flags | rip cs rflags rsp ss */
	mov	%rsp, %rbx
	pushq	$0xe02b		/* ss */
	push	%rbx		/* rsp */
	pushq	$0x202		/* rflags */
	pushq	$BAD_CS		/* cs */
	lea	never(%rip), %rax
	push	%rax		/* rip */
	pushq	$0		/* flags */
	push	%rcx
	push	%r11
	push	%rax
	mov	$23, %eax
	syscall			/* iret: the frame's CS faults */
never:
	PRINT	msg_fail, (msg_fail_end-msg_fail)
	jmp	die

/* Failsafe frame: rcx r11 ds es fs gs rip cs rflags rsp ss. */
failsafe:
	lea	never(%rip), %rax
	cmp	%rax, 48(%rsp)
	jne	bad_frame
	cmpw	$BAD_CS, 56(%rsp)
	jne	bad_frame
	PRINT	msg_ok, (msg_ok_end-msg_ok)
	movl	$0, reason(%rip)	/* SHUTDOWN_poweroff */
	jmp	shutdown
bad_frame:
	PRINT	msg_frame, (msg_frame_end-msg_frame)
die:
	movl	$3, reason(%rip)	/* SHUTDOWN_crash */
shutdown:
	SHUTDOWN

	.section .rodata
msg_ok:		.ascii "iretfault: failsafe callback with the bad frame: ok\n"
msg_ok_end:
msg_fail:	.ascii "iretfault: FAILED: returned to the bad frame\n"
msg_fail_end:
msg_frame:	.ascii "iretfault: FAILED: unexpected failsafe frame\n"
msg_frame_end:

	.data
	.balign 8
reason:		.long 0

	.section .note.GNU-stack, "", @progbits
