/* SPDX-License-Identifier: MIT */
/*
 * The register frame every entry into the hypervisor builds on its stack.
 * Its layout is that of the public cpu_user_regs (pv-boot-abi.md §3.5), so a
 * guest's frame can be copied to and from the ABI structure as is: the
 * general registers in push order, then error_code/entry_vector, then the
 * hardware's interrupt frame, then the guest's data segment selectors.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#ifndef __ASSEMBLY__
#include <xen/types.h>

struct cpu_user_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	u32 error_code;
	u32 entry_vector;
	u64 rip;
	u16 cs, _pad0[1];
	u8 saved_upcall_mask;
	u8 _pad1[3];
	u64 rflags;
	u64 rsp;
	u16 ss, _pad2[3];
	u16 es, _pad3[3];
	u16 ds, _pad4[3];
	u16 fs, _pad5[3];
	u16 gs, _pad6[3];
};

_Static_assert(sizeof(struct cpu_user_regs) == 200, "cpu_user_regs size");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, error_code) == 120,
	       "error_code offset");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, rip) == 128,
	       "rip offset");

static inline bool regs_from_hypervisor(const struct cpu_user_regs *r)
{
	return (r->cs & 3) == 0;
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
#define UREGS_kernel_sizeof 168 /* frame up to ss: what a ring-0 entry has */

#endif /* ASM_REGS_H */
