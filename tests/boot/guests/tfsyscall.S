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
	XEN_NOTE XEN_ELFNOTE_GUEST_OS, .asciz "tfsyscall"
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
	mov	$29, %eax		/* sched_op(SCHEDOP_shutdown, &reason) */
	mov	$2, %edi
	lea	reason(%rip), %rsi
	syscall
	ud2

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
