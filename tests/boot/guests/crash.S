/* SPDX-License-Identifier: MIT */
/*
 * crash: the smallest PV guest that goes wrong. It says hello through
 * console_io, loads recognisable values into a few registers and reads an
 * unmapped address without ever installing a trap table, so the
 * hypervisor can only crash it: the guest-crash scenario checks that the
 * domain alone dies, with its registers printed, and that the machine
 * ends with status 1 because it was domain 0.
 */
#include <public/elfnote.h>

#define VIRT_BASE 0xffffffff80000000
#define FAULT_ADDRESS 0x00000000dead0000
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
	XEN_NOTE XEN_ELFNOTE_GUEST_OS, .asciz "crashguest"
	XEN_NOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	XEN_NOTE XEN_ELFNOTE_LOADER, .asciz "generic"
	XEN_NOTE XEN_ELFNOTE_VIRT_BASE, .quad VIRT_BASE
	XEN_NOTE XEN_ELFNOTE_PADDR_OFFSET, .quad 0
	XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start
	XEN_NOTE XEN_ELFNOTE_SUPPORTED_FEATURES, .long SUPPORTED_FEATURES

	.text
	.globl _start
_start:
	mov	$18, %eax		/* console_io */
	xor	%edi, %edi		/* CONSOLEIO_write */
	mov	$(msg_end - msg), %esi
	lea	msg(%rip), %rdx
	syscall
	mov	$0x1111111111111111, %rbx
	mov	$0x2222222222222222, %r12
	mov	$FAULT_ADDRESS, %rax
	mov	(%rax), %rax		/* no trap table: the domain dies here */
	ud2

	.section .rodata
msg:	.ascii "crashguest: about to fault\n"
msg_end:

	.section .note.GNU-stack, "", @progbits
