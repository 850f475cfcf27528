/* SPDX-License-Identifier: MIT */
/*
 * The user program's bytes (build/guest/pvkern/user.bin, linked at
 * 0x400000), carried inside the kernel image; user.c copies them into the
 * program's pages before every run.
 */
	.section .rodata.user_image, "a"
	.balign 4096
	.globl user_image, user_image_end
user_image:
	.incbin PVKERN_USER_BIN
user_image_end:

	.section .note.GNU-stack, "", @progbits
