/* SPDX-License-Identifier: MIT */
/*
 * tfsyscall: a guest that single-steps into the hypervisor. With TF set it
 * issues a hypercall (syscall) and loads %ss from memory just before
 * another one, both times with %rsp pointing at unmapped memory; on
 * hardware the debug trap of those instructions arrives in ring 0 on the
 * first instruction of the SYSCALL entry, still on the guest's stack. The
 * hypervisor must take it on its own stack and carry on (QEMU's TCG
 * delivers it after the return instead, which must work too); the guest's #DB handler stops the stepping, and the guest powers off
 * with its verdict on the console.
 */
#include "guest.h"

	GUEST_NOTES "tfsyscall"

	.text
	.globl _start
_start:
	lea	traps(%rip), %rdi	/* set_trap_table */
	xor	%eax, %eax
	syscall
	test	%rax, %rax
	jnz	fail

	/*
	 * A hypercall with TF set, on an unmapped stack: a debug trap taken
	 * on the guest's stack in ring 0 would be a double fault.
	 */
	mov	%rsp, saved_rsp(%rip)
	pushf
	orq	$0x100, (%rsp)
	popf
	mov	$18, %eax		/* console_io(CONSOLEIO_write, len, buf) */
	xor	%edi, %edi
	mov	$(msg_step_end-msg_step), %esi
	lea	msg_step(%rip), %rdx
	mov	$0x1000, %rsp
	syscall
	mov	saved_rsp(%rip), %rsp
	nop
	cmpq	$0, db_hits(%rip)
	je	fail

	/* mov %ss right before a hypercall, TF set again. */
	movq	$0, db_hits(%rip)
	pushf
	orq	$0x100, (%rsp)
	popf
	mov	%ss, %ax
	mov	%ax, ss_sel(%rip)
	mov	$17, %eax		/* xen_version(XENVER_version) */
	xor	%edi, %edi
	xor	%esi, %esi
	mov	$0x1000, %rsp
	mov	ss_sel(%rip), %ss
	syscall
	mov	saved_rsp(%rip), %rsp
	nop
	cmpq	$0, db_hits(%rip)
	je	fail

	PRINT	msg_ok, (msg_ok_end-msg_ok)
	movl	$0, reason(%rip)	/* SHUTDOWN_poweroff */
	jmp	shutdown
fail:
	PRINT	msg_fail, (msg_fail_end-msg_fail)
	movl	$3, reason(%rip)	/* SHUTDOWN_crash */
shutdown:
	SHUTDOWN

/* #DB: frame rcx, r11, rip, cs, rflags, rsp, ss. Stop stepping, iret. */
db_handler:
	incq	db_hits(%rip)
	andq	$~0x100, 32(%rsp)
	pop	%rcx
	pop	%r11
	pushq	$0			/* iret_context.flags */
	push	%rcx
	push	%r11
	push	%rax
	mov	$23, %eax		/* iret */
	syscall

	.section .rodata
msg_step:	.ascii "tfsyscall: stepping into a hypercall\n"
msg_step_end:
msg_ok:		.ascii "tfsyscall: ok\n"
msg_ok_end:
msg_fail:	.ascii "tfsyscall: FAILED\n"
msg_fail_end:
	.balign 16
traps:		/* trap_info: vector, flags (DPL 0, events masked), cs, address */
	.byte	1, 4
	.word	0xe033
	.long	0
	.quad	db_handler
	.quad	0, 0

	.data
	.balign 8
db_hits:	.quad 0
reason:		.long 0
ss_sel:		.word 0
	.balign 8
saved_rsp:	.quad 0

	.section .note.GNU-stack, "", @progbits
