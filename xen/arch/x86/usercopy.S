/* SPDX-License-Identifier: MIT */
/*
 * Guest memory copies that survive a bad guest pointer. Each copy is one
 * rep movsb; if it faults, the exception table sends the CPU to the fixup
 * label with %rcx still holding the bytes left, which is what we return.
 * Callers check the range against the hypervisor's slots first
 * (asm/guest_access.h).
 */

	.text
	.globl raw_copy_to_guest
	.globl raw_copy_from_guest
/* unsigned long raw_copy_{to,from}_guest(void *to, const void *from, n) */
raw_copy_to_guest:
raw_copy_from_guest:
	mov	%rdx, %rcx
1:	rep movsb
2:	mov	%rcx, %rax
	ret

	.section .ex_table, "a"
	.balign 8
	.quad	1b, 2b
	.previous
