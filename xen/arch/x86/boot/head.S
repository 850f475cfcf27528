/* SPDX-License-Identifier: MIT */
/*
 * First instructions. GRUB (multiboot2) enters `start` in 32-bit protected
 * mode with paging off, EAX = the multiboot2 magic and EBX = the physical
 * address of the boot information. We check for long mode, switch to it on
 * static boot page tables, and jump to the image's link address in the
 * Xen-reserved range, where __start_xen() runs on the boot CPU's stack.
 *
 * The boot page tables map with 2 MiB pages: physical 0-4 GiB both at 0
 * (identity, for the switch itself) and at DIRECTMAP_VIRT_START, and physical
 * 0-1 GiB at XEN_VIRT_START (the image). paging_init() replaces them.
 */
#include <asm/config.h>
#include <asm/current.h>
#include <asm/page.h>
#include <asm/processor.h>

#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define MB2_TAG_END 0
#define MB2_TAG_MODULE_ALIGN 6

#define BOOT_CS 0x08
#define BOOT_DS 0x10
#define BOOT_PDE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_PSE)
#define BOOT_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* Ask for page-aligned modules: guests' kernels are mapped by page. */
	.balign 8
	.short MB2_TAG_MODULE_ALIGN, 0
	.long 8
	.balign 8
	.short MB2_TAG_END, 0
	.long 8
mb2_header_end:

	.section .text.boot, "ax"
	.code32
	.globl start
start:
	cli
	cld
	mov	$boot_stack_top, %esp
	mov	%eax, boot_mb_magic
	mov	%ebx, boot_mb_info

	/* Long mode (and, if present, NX) from the extended CPUID leaves. */
	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	no_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode
	mov	%edx, %esi

	mov	%cr4, %eax
	or	$X86_CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$boot_l4, %eax
	mov	%eax, %cr3

	mov	$MSR_EFER, %ecx
	rdmsr
	or	$(EFER_LME | EFER_SCE), %eax
	bt	$20, %esi
	jnc	1f
	or	$EFER_NXE, %eax
1:	wrmsr

	mov	%cr0, %eax
	or	$(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_MP | X86_CR0_PE), %eax
	and	$~(X86_CR0_EM | X86_CR0_TS), %eax
	mov	%eax, %cr0

	lgdt	boot_gdtr
	ljmp	$BOOT_CS, $start64

	/* Say why on COM1 (whatever speed the firmware left it at), then stop. */
no_long_mode:
	mov	$msg_no_long_mode, %esi
	mov	$0x3f8, %dx
2:	lodsb
	test	%al, %al
	jz	3f
	out	%al, %dx
	jmp	2b
3:	hlt
	jmp	3b

	.code64
start64:
	movabs	$__high_start, %rax
	jmp	*%rax

	.section .data.boot, "aw"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* BOOT_CS: 64-bit ring-0 code */
	.quad 0x00cf92000000ffff	/* BOOT_DS: ring-0 data */
boot_gdt_end:
boot_gdtr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.globl boot_mb_magic, boot_mb_info
boot_mb_magic:
	.long 0
boot_mb_info:
	.long 0

msg_no_long_mode:
	.asciz "Xenolith: this CPU has no long mode (x86_64); cannot boot.\r\n"

	.balign 16
boot_stack:
	.fill 1024, 1, 0
boot_stack_top:

	.balign 4096
boot_l4:
	.quad boot_l3_ident + BOOT_TABLE	/* slot 0: identity */
	.fill 260, 8, 0
	.quad boot_l3_xen + BOOT_TABLE		/* slot 261: image */
	.quad boot_l3_ident + BOOT_TABLE	/* slot 262: direct map */
	.fill 249, 8, 0
boot_l3_ident:
	.quad boot_l2 + BOOT_TABLE
	.quad boot_l2 + 0x1000 + BOOT_TABLE
	.quad boot_l2 + 0x2000 + BOOT_TABLE
	.quad boot_l2 + 0x3000 + BOOT_TABLE
	.fill 508, 8, 0
boot_l3_xen:
	.fill 321, 8, 0				/* XEN_VIRT_START is entry 321 */
	.quad boot_l2 + BOOT_TABLE
	.fill 190, 8, 0
boot_l2:
	.set pde, 0
	.rept 2048
	.quad (pde << L2_PAGE_SHIFT) + BOOT_PDE
	.set pde, pde + 1
	.endr

	.text
	.code64
__high_start:
	mov	$BOOT_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs

	/* Zero .bss: loaders usually do, but the multiboot2 spec does not say. */
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	shr	$3, %rcx
	xor	%eax, %eax
	rep stosq

	/* The boot CPU's stack, struct cpu_info at its top. */
	lea	cpu0_stack(%rip), %rsp
	add	$(STACK_SIZE - CPUINFO_SIZE), %rsp
	xor	%ebp, %ebp

	mov	boot_mb_magic, %edi
	mov	boot_mb_info, %esi
	call	__start_xen
	ud2
