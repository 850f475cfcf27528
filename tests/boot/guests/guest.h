/* SPDX-License-Identifier: MIT */
/*
 * What every tiny boot-test guest (tests/boot/guests/*.S) needs: the Xen ELF
 * notes that make it a 64-bit PV dom0 kernel at VIRT_BASE, and macros for
 * the few hypercalls they all make. Include it, then `GUEST_NOTES "name"`.
 */
/* An assembler header: clang-format does not know its syntax. */
/* clang-format off */
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

.macro GUEST_NOTES name
	.pushsection .note.Xen, "a", @note
	XEN_NOTE XEN_ELFNOTE_GUEST_OS, .asciz "\name"
	XEN_NOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	XEN_NOTE XEN_ELFNOTE_LOADER, .asciz "generic"
	XEN_NOTE XEN_ELFNOTE_VIRT_BASE, .quad VIRT_BASE
	XEN_NOTE XEN_ELFNOTE_PADDR_OFFSET, .quad 0
	XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start
	XEN_NOTE XEN_ELFNOTE_SUPPORTED_FEATURES, .long SUPPORTED_FEATURES
	.popsection
.endm

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

/* sched_op(SCHEDOP_shutdown, &reason): the guest's u32 `reason`. */
.macro SHUTDOWN
	mov	$29, %eax
	mov	$2, %edi
	lea	reason(%rip), %rsi
	syscall
	ud2
.endm
