/* SPDX-License-Identifier: MIT */
/*
 * The register frame every entry into the hypervisor builds on its stack.
 * It is the public struct cpu_user_regs itself (pv-boot-abi.md §3.5), so a
 * guest's frame can be copied to and from the ABI structure as is: the
 * general registers in push order, then error_code/entry_vector, then the
 * hardware's interrupt frame, then the guest's data segment selectors.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#ifndef __ASSEMBLY__
#include <xen/types.h>
#include <public/xen.h>

_Static_assert(sizeof(struct cpu_user_regs) == 200, "cpu_user_regs size");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, error_code) == 120,
	       "error_code offset");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, rip) == 128,
	       "rip offset");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, es) == 168,
	       "es offset");

static inline bool regs_from_hypervisor(const struct cpu_user_regs *r)
{
	return (r->cs & 3) == 0;
}

static inline bool regs_from_guest(const struct cpu_user_regs *r)
{
	return (r->cs & 3) == 3;
}
#endif

/* Offsets for assembly. */
#define UREGS_r15 0
#define UREGS_rax 80
#define UREGS_rdi 112
#define UREGS_error_code 120
#define UREGS_entry_vector 124
#define UREGS_rip 128
#define UREGS_cs 136
#define UREGS_rflags 144
#define UREGS_rsp 152
#define UREGS_ss 160
#define UREGS_es 168
#define UREGS_kernel_sizeof 168 /* frame up to ss: what a ring-0 entry has */

/*
 * entry_vector values above the 256 hardware vectors: how a guest entered
 * through the SYSCALL instruction (64-bit or compat mode).
 */
#define TRAP_syscall 0x100
#define TRAP_syscall32 0x101

#ifdef __ASSEMBLY__
/* clang-format off */
/*
 * Push and pop the general registers in the order of struct cpu_user_regs,
 * on top of error_code/entry_vector and the hardware frame. With
 * skip_rax=1 the rax slot is reserved but not written (the syscall stubs
 * have already stored the guest's rax there).
 */
.macro SAVE_GPRS skip_rax=0
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	.if \skip_rax
	sub	$8, %rsp
	.else
	push	%rax
	.endif
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	cld
.endm

.macro RESTORE_GPRS
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
.endm
/* clang-format on */
#endif

#endif /* ASM_REGS_H */
