/* SPDX-License-Identifier: MIT */
/*
 * crash: the smallest PV guest that goes wrong. It says hello through
 * console_io, loads recognisable values into a few registers and reads an
 * unmapped address without ever installing a trap table, so the
 * hypervisor can only crash it: the guest-crash scenario checks that the
 * domain alone dies, with its registers printed, and that the machine
 * ends with status 1 because it was domain 0.
 */
#include "guest.h"

#define FAULT_ADDRESS 0x00000000dead0000

	GUEST_NOTES "crashguest"

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
