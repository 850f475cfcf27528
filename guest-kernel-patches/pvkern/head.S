/* SPDX-License-Identifier: MIT */
/*
 * The first instructions and the image's self-description. The Xen ELF
 * notes tell the domain builder (Xen's dom0 builder, libxenguest, or
 * Xenolith's builder) where to map us and how we want to be started; _start
 * then leaves the builder's stack for our own, clears .bss and calls
 * start_kernel(start_info). Also here: the page the builder fills with
 * hypercall stubs, and the two kernel stacks.
 */
#include <public/elfnote.h>

#define VIRT_BASE 0xffffffff80000000
/* XENFEAT_dom0 (11): Xen's dom0 builder refuses kernels without it. */
#define SUPPORTED_FEATURES ((1 << 0) | (1 << 11))

/*
 * One "Xen" note: namesz 4, then the descriptor given as assembler
 * directives, each part padded to 4 bytes.
 */
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
	XEN_NOTE XEN_ELFNOTE_GUEST_OS, .asciz "pvkern"
	XEN_NOTE XEN_ELFNOTE_GUEST_VERSION, .asciz "0.1"
	XEN_NOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	XEN_NOTE XEN_ELFNOTE_LOADER, .asciz "generic"
	XEN_NOTE XEN_ELFNOTE_VIRT_BASE, .quad VIRT_BASE
	/* p_paddr is already relative to VIRT_BASE (see pvkern.lds). */
	XEN_NOTE XEN_ELFNOTE_PADDR_OFFSET, .quad 0
	XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start
	XEN_NOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
	/*
	 * Same string as Linux: we update page tables only through
	 * mmu_update/update_va_mapping; "!writable_page_tables" is what
	 * every 64-bit PV kernel says and has no effect there.
	 */
	XEN_NOTE XEN_ELFNOTE_FEATURES, .asciz "!writable_page_tables|pae_pgdir_above_4gb"
	XEN_NOTE XEN_ELFNOTE_SUPPORTED_FEATURES, .long SUPPORTED_FEATURES

	.section .text.head, "ax"
	.globl _start
_start:
	cld
	/* The builder's stack is a page of its own choosing; use ours. */
	lea	boot_stack_top(%rip), %rsp
	mov	%rsi, %rbx		/* start_info, callee-saved */
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	xor	%eax, %eax
	rep stosb
	mov	%rbx, %rdi
	call	start_kernel
	ud2

/*
 * The builder overwrites this page with 128 stubs of 32 bytes when it sees
 * the HYPERCALL_PAGE note. Filled with int3 so a builder that forgets shows
 * up as a #BP rather than as silent garbage.
 */
	.section .text.hypercall_page, "ax"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	.section .bss.stacks, "aw", @nobits
	.balign 4096
	.skip 16384
	.globl boot_stack_top
boot_stack_top:
	/*
	 * Where the hypervisor puts bounce frames when something enters the
	 * kernel from user mode (registered with stack_switch).
	 */
	.skip 16384
	.globl trap_stack_top
trap_stack_top:

	.section .note.GNU-stack, "", @progbits
