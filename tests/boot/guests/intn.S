/* SPDX-License-Identifier: MIT */
/*
 * intn: software interrupts from a PV guest kernel. `int $0x30` through a
 * trap-table entry that allows it (DPL 1) must arrive at its handler as
 * vector 0x30 with RIP after the instruction; `int $0x31` through an entry
 * that does not (DPL 0) must arrive as a #GP whose error code names vector
 * 0x31 as hardware defines it, (0x31 << 3) | 2 = 0x18a — decoded from the
 * instruction, because QEMU's TCG reports n * 16 + 2 instead.
 */
#include "guest.h"

	GUEST_NOTES "intn"

	.text
	.globl _start
_start:
	lea	traps(%rip), %rdi	/* set_trap_table */
	xor	%eax, %eax
	syscall
	test	%rax, %rax
	jnz	fail

	int	$0x30
after_int30:
	cmpq	$1, int30_hits(%rip)
	jne	fail
	int	$0x31
	cmpq	$1, gp_hits(%rip)
	jne	fail
	PRINT	msg_ok, (msg_ok_end-msg_ok)
	movl	$0, reason(%rip)	/* SHUTDOWN_poweroff */
	jmp	shutdown
fail:
	PRINT	msg_fail, (msg_fail_end-msg_fail)
	movl	$3, reason(%rip)	/* SHUTDOWN_crash */
shutdown:
	SHUTDOWN

/* Vector 0x30, no error code: rcx r11 rip cs rflags rsp ss. */
int30_handler:
	push	%rax
	lea	after_int30(%rip), %rax
	cmp	%rax, 24(%rsp)		/* rip, past our push */
	pop	%rax
	jne	1f
	incq	int30_hits(%rip)
1:	GUEST_IRET

/* #GP: rcx r11 error rip cs rflags rsp ss. Skip the 2-byte int. */
gp_handler:
	cmpq	$0x18a, 16(%rsp)
	jne	1f
	incq	gp_hits(%rip)
1:	addq	$2, 24(%rsp)
	pop	%rcx
	pop	%r11
	add	$8, %rsp		/* the error code */
	push	%r11
	push	%rcx
	GUEST_IRET

	.section .rodata
msg_ok:		.ascii "intn: int $0x30 delivered, int $0x31 refused with #GP(0x18a): ok\n"
msg_ok_end:
msg_fail:	.ascii "intn: FAILED\n"
msg_fail_end:
	.balign 16
traps:		/* trap_info: vector, flags, cs, pad, address */
	.byte	13, 0
	.word	0xe033
	.long	0
	.quad	gp_handler
	.byte	0x30, 1			/* DPL 1: the guest kernel may int */
	.word	0xe033
	.long	0
	.quad	int30_handler
	.byte	0x31, 0			/* DPL 0: nobody may */
	.word	0xe033
	.long	0
	.quad	int30_handler
	.quad	0, 0

	.data
	.balign 8
int30_hits:	.quad 0
gp_hits:	.quad 0
reason:		.long 0

	.section .note.GNU-stack, "", @progbits
