/* SPDX-License-Identifier: MIT */
/*
 * intn: software interrupts from a PV guest kernel. `int $0x30` through a
 * trap-table entry that allows it (DPL 1) must arrive at its handler as
 * vector 0x30 with RIP after the instruction; `int $0x31` through an entry
 * that does not (DPL 0) must arrive as a #GP whose error code names vector
 * 0x31 as hardware defines it, (0x31 << 3) | 2 = 0x18a — decoded from the
 * instruction, because QEMU's TCG reports n * 16 + 2 instead.
 */
#include <public/elfnote.h>

#define VIRT_BASE 0xffffffff80000000
#define SUPPORTED_FEATURES ((1 << 0) | (1 << 11)) /* + XENFEAT_dom0 */

.macro XEN_NOTE type, desc:vararg
	.balign 4
	.long 2f - 1f
	.long 4f - 3f
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:	\desc
4:	.balign 4
.endm

	.section .note.Xen, "a", @note
	XEN_NOTE XEN_ELFNOTE_GUEST_OS, .asciz "intn"
	XEN_NOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	XEN_NOTE XEN_ELFNOTE_LOADER, .asciz "generic"
	XEN_NOTE XEN_ELFNOTE_VIRT_BASE, .quad VIRT_BASE
	XEN_NOTE XEN_ELFNOTE_PADDR_OFFSET, .quad 0
	XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start
	XEN_NOTE XEN_ELFNOTE_SUPPORTED_FEATURES, .long SUPPORTED_FEATURES

.macro PRINT label, len
	mov	$18, %eax		/* console_io(CONSOLEIO_write, len, buf) */
	xor	%edi, %edi
	mov	$\len, %esi
	lea	\label(%rip), %rdx
	syscall
.endm

/* Return from a handler whose frame starts rcx, r11 (iret hypercall). */
.macro GUEST_IRET
	pop	%rcx
	pop	%r11
	pushq	$0
	push	%rcx
	push	%r11
	push	%rax
	mov	$23, %eax
	syscall
.endm

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
	mov	$29, %eax		/* sched_op(SCHEDOP_shutdown, &reason) */
	mov	$2, %edi
	lea	reason(%rip), %rsi
	syscall
	ud2

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
