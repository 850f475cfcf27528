/* SPDX-License-Identifier: MIT */
/*
 * The secondary CPUs' way from reset to the hypervisor. A STARTUP IPI
 * starts an AP in real mode at CS:IP = (page >> 4):0, so this blob is
 * copied to a page below 1 MiB (smpboot.c) and must run wherever it lands:
 * the 16-bit part addresses its data relative to CS, the 32-bit part
 * relative to %ebx (the blob's physical address), the 64-bit part
 * RIP-relative. The boot CPU fills the data block at the end before each
 * STARTUP IPI: the blob's GDT base and far-jump targets (absolute), CR3 of
 * a page table that maps this page 1:1 besides the hypervisor's slots,
 * CR4 and EFER, and the AP's stack and C entry point.
 *
 * real mode -> protected mode (flat 32-bit) -> PAE + EFER.LME + paging
 * (compatibility mode) -> far jump to a 64-bit code segment -> jump to
 * the high entry with the AP's stack (struct cpu_info at its top).
 */
#include <asm/processor.h>

#define TR_CS32 0x08
#define TR_DS32 0x10
#define TR_CS64 0x18

#define OFF(sym) ((sym) - trampoline_start)

	.section .rodata, "a"
	.balign 16
	.globl trampoline_start, trampoline_end
	.globl tr_gdt_desc, tr_jump32, tr_jump64
	.globl tr_cr3, tr_cr4, tr_efer, tr_rsp, tr_entry, tr_alive

	.code16
trampoline_start:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	xor	%ebx, %ebx
	mov	%cs, %bx
	shl	$4, %ebx			/* physical address of the blob */
	lgdtl	OFF(tr_gdt_desc)
	mov	%cr0, %eax
	or	$X86_CR0_PE, %eax
	mov	%eax, %cr0
	ljmpl	*OFF(tr_jump32)

	.code32
tr_start32:
	mov	$TR_DS32, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	OFF(tr_cr4)(%ebx), %eax
	mov	%eax, %cr4
	mov	OFF(tr_cr3)(%ebx), %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	mov	OFF(tr_efer)(%ebx), %eax
	xor	%edx, %edx
	wrmsr
	mov	$(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_MP | X86_CR0_PE), %eax
	mov	%eax, %cr0
	ljmpl	*OFF(tr_jump64)(%ebx)

	.code64
tr_start64:
	xor	%eax, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	movl	$1, tr_alive(%rip)		/* the boot CPU may stop waiting */
	mov	tr_rsp(%rip), %rsp
	mov	tr_entry(%rip), %rax
	xor	%ebp, %ebp
	jmp	*%rax

	.balign 8
tr_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff		/* TR_CS32: flat 32-bit code */
	.quad	0x00cf92000000ffff		/* TR_DS32: flat data */
	.quad	0x00af9a000000ffff		/* TR_CS64: 64-bit code */
tr_gdt_end:

/* Filled in by smpboot.c. */
	.balign 8
tr_gdt_desc:
	.word	tr_gdt_end - tr_gdt - 1
	.long	0				/* physical address of tr_gdt */
	.word	0
tr_jump32:
	.long	0				/* physical address of tr_start32 */
	.word	TR_CS32
	.word	0
tr_jump64:
	.long	0				/* physical address of tr_start64 */
	.word	TR_CS64
	.word	0
tr_cr3:
	.long	0
tr_cr4:
	.long	0
tr_efer:
	.long	0
tr_alive:
	.long	0
tr_rsp:
	.quad	0
tr_entry:
	.quad	0
trampoline_end:

	.globl tr_gdt, tr_start32, tr_start64

/* The high entry: start_secondary() with a proper call frame. */
	.text
	.globl secondary_entry
secondary_entry:
	call	start_secondary
	ud2
