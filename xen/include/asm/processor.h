/* SPDX-License-Identifier: MIT */
/*
 * CPU registers, CPUID, MSRs and control-register helpers.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#define X86_CR0_PE 0x00000001
#define X86_CR0_MP 0x00000002
#define X86_CR0_EM 0x00000004
#define X86_CR0_TS 0x00000008
#define X86_CR0_NE 0x00000020
#define X86_CR0_WP 0x00010000
#define X86_CR0_PG 0x80000000
#define X86_CR4_PAE 0x00000020
#define X86_CR4_PGE 0x00000080
#define X86_CR4_OSFXSR 0x00000200
#define X86_CR4_OSXMMEXCPT 0x00000400

#define MSR_EFER 0xc0000080
#define EFER_SCE (1 << 0)
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define MSR_APIC_BASE 0x0000001b
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102

#define X86_EFLAGS_TF 0x00000100
#define X86_EFLAGS_DF 0x00000400
/* X86_EFLAGS_IF is in <asm/irqflags.h>. */
#define X86_EFLAGS_IOPL 0x00003000
#define X86_EFLAGS_NT 0x00004000
#define X86_EFLAGS_RF 0x00010000
#define X86_EFLAGS_VM 0x00020000
#define X86_EFLAGS_AC 0x00040000

/* Exception vectors. */
#define TRAP_divide_error 0
#define TRAP_debug 1
#define TRAP_nmi 2
#define TRAP_int3 3
#define TRAP_overflow 4
#define TRAP_bounds 5
#define TRAP_invalid_op 6
#define TRAP_no_device 7
#define TRAP_double_fault 8
#define TRAP_invalid_tss 10
#define TRAP_no_segment 11
#define TRAP_stack_error 12
#define TRAP_gp_fault 13
#define TRAP_page_fault 14
#define TRAP_copro_error 16
#define TRAP_alignment_check 17
#define TRAP_machine_check 18
#define TRAP_simd_error 19
#define TRAP_virtualisation 20
#define TRAP_control_prot 21

#ifndef __ASSEMBLY__
#include <xen/types.h>

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c,
			       u32 *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "0"(leaf), "2"(sub));
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	cpuid_count(leaf, 0, a, b, c, d);
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(msr), "a"((u32)val), "d"((u32)(val >> 32)));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#define DEFINE_CR_ACCESSORS(n)                                                 \
	static inline unsigned long read_cr##n(void)                           \
	{                                                                      \
		unsigned long v;                                               \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));          \
		return v;                                                      \
	}                                                                      \
	static inline void write_cr##n(unsigned long v)                        \
	{                                                                      \
		__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)

static inline void cpu_relax(void)
{
	__builtin_ia32_pause();
}

static inline void halt(void)
{
	__asm__ __volatile__("hlt" : : : "memory");
}

/* Enable interrupts and halt, atomically (sti's one-instruction shadow). */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

static inline void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

static inline void invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}
#endif

#endif /* ASM_PROCESSOR_H */
