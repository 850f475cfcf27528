/* SPDX-License-Identifier: MIT */
/*
 * iretfault: the iret hypercall with a frame the CPU refuses (CS names an
 * empty GDT slot), so the hypervisor's own iretq to the guest faults. As
 * on Xen, that fault is the guest's: it must arrive as a #GP through the
 * guest's trap table, with the selector as error code and the frame the
 * guest asked for (RIP, CS) as where it happened - never a hypervisor
 * crash. The handler checks all three and powers the domain off.
 */
#include "guest.h"

#define BAD_CS 0x0010 /* GDT slot 2 (kernel mode: RPL 0): no GDT loaded */

	GUEST_NOTES "iretfault"

	.text
	.globl _start
_start:
	xor	%eax, %eax		/* set_trap_table(traps) */
	lea	traps(%rip), %rdi
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

/* #GP frame: rcx r11 error-code rip cs rflags rsp ss. */
gp:
	cmpq	$BAD_CS, 16(%rsp)
	jne	bad_frame
	lea	never(%rip), %rax
	cmp	%rax, 24(%rsp)
	jne	bad_frame
	cmpw	$BAD_CS, 32(%rsp)
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
	.balign 8
/* trap_info: vector, flags, cs, address; a zero address ends it. */
traps:
	.byte	13, 0
	.word	0xe033
	.long	0
	.quad	gp
	.quad	0, 0
msg_ok:		.ascii "iretfault: #GP(selector) at the bad frame: ok\n"
msg_ok_end:
msg_fail:	.ascii "iretfault: FAILED: returned to the bad frame\n"
msg_fail_end:
msg_frame:	.ascii "iretfault: FAILED: unexpected #GP frame\n"
msg_frame_end:

	.data
	.balign 8
reason:		.long 0

	.section .note.GNU-stack, "", @progbits
