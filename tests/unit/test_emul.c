/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the PV instruction decoder (xen/arch/x86/pv/emul-decode.c)
 * and the guest descriptor check (descriptor-check.c). The decoder:
 * every instruction the emulator handles, with the prefixes that change it
 * (operand size, REX, rep, address size), truncated encodings, and
 * privileged instructions that must stay unknown so their #GP reaches the
 * guest (hlt is decoded but never emulated; lgdt, swapgs, invlpg are not).
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <asm/pv-emul.h>

#include "unit.h"

static struct emul_insn insn;

#define DECODE(...)                                 \
	({                                          \
		const u8 b_[] = { __VA_ARGS__ };    \
		emul_decode(b_, sizeof(b_), &insn); \
	})

static void test_msr(void)
{
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x32), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_RDMSR);
	CU_ASSERT_EQUAL(insn.len, 2);
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x30, 0x90), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_WRMSR);
	CU_ASSERT_EQUAL(insn.len, 2);
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x31), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_RDTSC);
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x01, 0xf9), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_RDTSCP);
	CU_ASSERT_EQUAL(insn.len, 3);
}

static void test_mov_cr_dr(void)
{
	/* mov %cr3, %rax */
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x20, 0xd8), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_MOV_FROM_CR);
	CU_ASSERT_EQUAL(insn.reg, 3);
	CU_ASSERT_EQUAL(insn.gpr, 0);
	CU_ASSERT_EQUAL(insn.len, 3);
	/* mov %rsi, %cr0 */
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x22, 0xc6), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_MOV_TO_CR);
	CU_ASSERT_EQUAL(insn.reg, 0);
	CU_ASSERT_EQUAL(insn.gpr, 6);
	/* mov %r9, %cr4 (REX.B) */
	CU_ASSERT_EQUAL(DECODE(0x41, 0x0f, 0x22, 0xe1), 0);
	CU_ASSERT_EQUAL(insn.reg, 4);
	CU_ASSERT_EQUAL(insn.gpr, 9);
	CU_ASSERT_EQUAL(insn.len, 4);
	/* mov %cr8, %rax (REX.R) */
	CU_ASSERT_EQUAL(DECODE(0x44, 0x0f, 0x20, 0xc0), 0);
	CU_ASSERT_EQUAL(insn.reg, 8);
	/* mov %db7, %r15 / mov %rdx, %db0 */
	CU_ASSERT_EQUAL(DECODE(0x49, 0x0f, 0x21, 0xff), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_MOV_FROM_DR);
	CU_ASSERT_EQUAL(insn.reg, 7);
	CU_ASSERT_EQUAL(insn.gpr, 15);
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x23, 0xc2), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_MOV_TO_DR);
	CU_ASSERT_EQUAL(insn.reg, 0);
	CU_ASSERT_EQUAL(insn.gpr, 2);
	/* Cut short before the ModRM byte. */
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x20), -1);
}

static void test_port_io(void)
{
	CU_ASSERT_EQUAL(DECODE(0xe4, 0x71), 0); /* in $0x71, %al */
	CU_ASSERT_EQUAL(insn.op, EMUL_IN);
	CU_ASSERT(insn.port_imm);
	CU_ASSERT_EQUAL(insn.port, 0x71);
	CU_ASSERT_EQUAL(insn.size, 1);
	CU_ASSERT_EQUAL(insn.len, 2);
	CU_ASSERT_EQUAL(DECODE(0xed), 0); /* in %dx, %eax */
	CU_ASSERT_EQUAL(insn.op, EMUL_IN);
	CU_ASSERT(!insn.port_imm);
	CU_ASSERT_EQUAL(insn.size, 4);
	CU_ASSERT_EQUAL(DECODE(0x66, 0xef), 0); /* out %ax, %dx */
	CU_ASSERT_EQUAL(insn.op, EMUL_OUT);
	CU_ASSERT_EQUAL(insn.size, 2);
	CU_ASSERT_EQUAL(insn.len, 2);
	CU_ASSERT_EQUAL(DECODE(0xe6, 0x80), 0); /* out %al, $0x80 */
	CU_ASSERT_EQUAL(insn.op, EMUL_OUT);
	CU_ASSERT_EQUAL(insn.size, 1);
	CU_ASSERT_EQUAL(DECODE(0xe5), -1); /* missing imm8 */
	/* rep insw, 32-bit addressing; outsb with a segment override */
	CU_ASSERT_EQUAL(DECODE(0x67, 0xf3, 0x66, 0x6d), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_INS);
	CU_ASSERT(insn.rep);
	CU_ASSERT(insn.addr32);
	CU_ASSERT_EQUAL(insn.size, 2);
	CU_ASSERT_EQUAL(insn.len, 4);
	CU_ASSERT_EQUAL(DECODE(0x2e, 0x6e), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_OUTS);
	CU_ASSERT(!insn.rep);
	CU_ASSERT_EQUAL(insn.size, 1);
}

static void test_misc(void)
{
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x06), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_CLTS);
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x09), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_WBINVD);
	CU_ASSERT_EQUAL(DECODE(0xf3, 0x0f, 0x09), 0); /* wbnoinvd */
	CU_ASSERT_EQUAL(insn.op, EMUL_WBINVD);
	CU_ASSERT_EQUAL(insn.len, 3);
	CU_ASSERT_EQUAL(DECODE(0xfa), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_CLI);
	CU_ASSERT_EQUAL(DECODE(0xfb), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_STI);
	CU_ASSERT_EQUAL(DECODE(0xf4), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_HLT);
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x01, 0xd1), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_XSETBV);
	/* int $0x80: the vector comes from the instruction (TARGETS.md). */
	CU_ASSERT_EQUAL(DECODE(0xcd, 0x80), 0);
	CU_ASSERT_EQUAL(insn.op, EMUL_INT);
	CU_ASSERT_EQUAL(insn.vector, 0x80);
	CU_ASSERT_EQUAL(insn.len, 2);
}

static void test_unknown(void)
{
	/* Privileged instructions that are never emulated. */
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x01, 0x15, 0, 0, 0, 0), -1); /* lgdt */
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x01, 0xf8), -1); /* swapgs */
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x01, 0x38), -1); /* invlpg (%rax) */
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x00, 0xd8), -1); /* ltr */
	CU_ASSERT_EQUAL(DECODE(0x0f, 0x07), -1); /* sysret */
	CU_ASSERT_EQUAL(DECODE(0x48, 0xcf), -1); /* iretq */
	CU_ASSERT_EQUAL(DECODE(0x90), -1);
	/* Nothing but prefixes, and an empty buffer. */
	CU_ASSERT_EQUAL(DECODE(0x66, 0xf3, 0x48), -1);
	CU_ASSERT_EQUAL(emul_decode(NULL, 0, &insn), -1);
	/* Past 15 bytes of prefixes the instruction is cut short. */
	CU_ASSERT_EQUAL(DECODE(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
			       0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xfa),
			-1);
}

static void test_forced_cpuid(void)
{
	const u8 ok[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2, 0x90 };
	const u8 bad[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa3 };
	const u8 plain_ud2[] = { 0x0f, 0x0b };

	CU_ASSERT(emul_is_forced_cpuid(ok, sizeof(ok)));
	CU_ASSERT(!emul_is_forced_cpuid(ok, 6));
	CU_ASSERT(!emul_is_forced_cpuid(bad, sizeof(bad)));
	CU_ASSERT(!emul_is_forced_cpuid(plain_ud2, sizeof(plain_ud2)));
	CU_ASSERT_EQUAL(EMUL_FORCED_CPUID_LEN, 7);
}

static struct emul_write w;

#define DECODE_W(...)                                  \
	({                                             \
		const u8 b_[] = { __VA_ARGS__ };       \
		emul_decode_write(b_, sizeof(b_), &w); \
	})

static void test_writes(void)
{
	/* mov %rax, (%rdi) */
	CU_ASSERT_EQUAL(DECODE_W(0x48, 0x89, 0x07), 0);
	CU_ASSERT_EQUAL(w.op, EMUL_W_MOV);
	CU_ASSERT_EQUAL(w.size, 8);
	CU_ASSERT(!w.src_imm);
	CU_ASSERT_EQUAL(w.src_gpr, 0);
	CU_ASSERT_EQUAL(w.len, 3);
	/* mov %r11, 0x48(%rcx,%rdx,8) (REX.WR, SIB, disp8) */
	CU_ASSERT_EQUAL(DECODE_W(0x4c, 0x89, 0x5c, 0xd1, 0x48), 0);
	CU_ASSERT_EQUAL(w.src_gpr, 11);
	CU_ASSERT_EQUAL(w.len, 5);
	/* mov %eax, 0x12345678(%rip) */
	CU_ASSERT_EQUAL(DECODE_W(0x89, 0x05, 0x78, 0x56, 0x34, 0x12), 0);
	CU_ASSERT_EQUAL(w.size, 4);
	CU_ASSERT_EQUAL(w.len, 6);
	/* movq $-1, 8(%rax): imm32 sign-extended */
	CU_ASSERT_EQUAL(
		DECODE_W(0x48, 0xc7, 0x40, 0x08, 0xff, 0xff, 0xff, 0xff), 0);
	CU_ASSERT(w.src_imm);
	CU_ASSERT_EQUAL(w.imm, ~0ULL);
	CU_ASSERT_EQUAL(w.len, 8);
	/* movw $0x1234, (%rbx) */
	CU_ASSERT_EQUAL(DECODE_W(0x66, 0xc7, 0x03, 0x34, 0x12), 0);
	CU_ASSERT_EQUAL(w.size, 2);
	CU_ASSERT_EQUAL(w.imm, 0x1234);
	/* mov %ah, (%rsi): a high-byte register without REX */
	CU_ASSERT_EQUAL(DECODE_W(0x88, 0x26), 0);
	CU_ASSERT_EQUAL(w.size, 1);
	CU_ASSERT(w.src_high8);
	CU_ASSERT_EQUAL(w.src_gpr, 0);
	/* lock cmpxchg %rdx, (%rdi); xchg %rcx, (%rax) */
	CU_ASSERT_EQUAL(DECODE_W(0xf0, 0x48, 0x0f, 0xb1, 0x17), 0);
	CU_ASSERT_EQUAL(w.op, EMUL_W_CMPXCHG);
	CU_ASSERT_EQUAL(w.src_gpr, 2);
	CU_ASSERT_EQUAL(w.len, 5);
	CU_ASSERT_EQUAL(DECODE_W(0x48, 0x87, 0x08), 0);
	CU_ASSERT_EQUAL(w.op, EMUL_W_XCHG);
	CU_ASSERT_EQUAL(w.src_gpr, 1);
	/* disp32 with a SIB and no base */
	CU_ASSERT_EQUAL(DECODE_W(0x48, 0x89, 0x04, 0x25, 0, 0x10, 0, 0), 0);
	CU_ASSERT_EQUAL(w.len, 8);
	/* lock andb $0xfd, (%r12) with a ds prefix: Linux's clear_bit. */
	CU_ASSERT_EQUAL(DECODE_W(0x3e, 0x41, 0x80, 0x24, 0x24, 0xfd), 0);
	CU_ASSERT_EQUAL(w.op, EMUL_W_AND);
	CU_ASSERT_EQUAL(w.size, 1);
	CU_ASSERT(w.src_imm);
	CU_ASSERT_EQUAL(w.imm, 0xfd);
	CU_ASSERT_EQUAL(w.len, 6);
	/* lock orq $-2, (%rdi): imm8 sign-extended to 64 bits */
	CU_ASSERT_EQUAL(DECODE_W(0xf0, 0x48, 0x83, 0x0f, 0xfe), 0);
	CU_ASSERT_EQUAL(w.op, EMUL_W_OR);
	CU_ASSERT_EQUAL(w.size, 8);
	CU_ASSERT_EQUAL(w.imm, ~1ULL);
	/* andl $0xfffff000, 4(%rax); or %rdx, (%rbx) */
	CU_ASSERT_EQUAL(DECODE_W(0x81, 0x60, 0x04, 0x00, 0xf0, 0xff, 0xff), 0);
	CU_ASSERT_EQUAL(w.op, EMUL_W_AND);
	CU_ASSERT_EQUAL(w.size, 4);
	CU_ASSERT_EQUAL(w.imm, 0xfffff000ULL);
	CU_ASSERT_EQUAL(w.len, 7);
	CU_ASSERT_EQUAL(DECODE_W(0x48, 0x09, 0x13), 0);
	CU_ASSERT_EQUAL(w.op, EMUL_W_OR);
	CU_ASSERT_EQUAL(w.src_gpr, 2);
	/* Group 1 other than and/or (add, sub, cmp...) is not a PTE store. */
	CU_ASSERT_EQUAL(DECODE_W(0x80, 0x00, 0x01), -1);
	CU_ASSERT_EQUAL(DECODE_W(0x83, 0x38, 0x01), -1);
	/* Refused: register destinations, other opcodes, truncation. */
	CU_ASSERT_EQUAL(DECODE_W(0x48, 0x89, 0xc7), -1);
	CU_ASSERT_EQUAL(DECODE_W(0x48, 0x01, 0x07), -1);
	CU_ASSERT_EQUAL(DECODE_W(0x48, 0xc7, 0x48, 0x08, 0xff), -1);
	CU_ASSERT_EQUAL(DECODE_W(0x48, 0x89, 0x80, 0, 0), -1);
}

/* Descriptors: base 0, limit 0xfffff, G, and the access byte given. */
#define DESC(access, flags)                              \
	(0x000000000000ffffULL | ((u64)(access) << 40) | \
	 ((u64)(flags) << 52) | (0xfULL << 48))
#define GATE(sel, access)                                         \
	(0x1234ULL | ((u64)(sel) << 16) | ((u64)(access) << 40) | \
	 (0x5678ULL << 48))

static void test_descriptors(void)
{
	u64 out;

	/* Code/data: DPL raised to 3, DPL 3 left alone. */
	CU_ASSERT(pv_check_descriptor(DESC(0x9b, 0xa), &out)); /* DPL 0 code */
	CU_ASSERT_EQUAL(out, DESC(0xfb, 0xa));
	CU_ASSERT(pv_check_descriptor(DESC(0xb3, 0xc), &out)); /* DPL 1 data */
	CU_ASSERT_EQUAL(out, DESC(0xf3, 0xc));
	CU_ASSERT(pv_check_descriptor(DESC(0xfb, 0xa), &out));
	CU_ASSERT_EQUAL(out, DESC(0xfb, 0xa));
	/* Not present, and system type 0: as they are. */
	CU_ASSERT(pv_check_descriptor(0x0000123400005678ULL, &out));
	CU_ASSERT_EQUAL(out, 0x0000123400005678ULL);
	CU_ASSERT(pv_check_descriptor(0, &out));
	CU_ASSERT(pv_check_descriptor(DESC(0x80, 0), &out));
	/* TSS, LDT, interrupt and trap gates: refused. */
	CU_ASSERT(!pv_check_descriptor(DESC(0x89, 0), &out));
	CU_ASSERT(!pv_check_descriptor(DESC(0x82, 0), &out));
	CU_ASSERT(!pv_check_descriptor(GATE(0x10, 0xee), &out));
	CU_ASSERT(!pv_check_descriptor(GATE(0x10, 0xef), &out));
	/* Call gate to a guest selector: DPL 0, old DPL (3) in the RPL. */
	CU_ASSERT(pv_check_descriptor(GATE(0x10, 0xec), &out));
	CU_ASSERT_EQUAL(out, GATE(0x13, 0x8c));
	/* ... to the flat kernel CS: fine; to the hypervisor's CS: no. */
	CU_ASSERT(pv_check_descriptor(GATE(0xe033, 0xcc), &out));
	CU_ASSERT_EQUAL(out, GATE(0xe032, 0x8c));
	CU_ASSERT(!pv_check_descriptor(GATE(0xe008, 0xec), &out));
	CU_ASSERT(!pv_check_descriptor(GATE(0xe010, 0x8c), &out));
	/* Reserved bits 32-39 of a gate must be clear. */
	CU_ASSERT(!pv_check_descriptor(GATE(0x10, 0xec) | (1ULL << 32), &out));
}

static const struct unit_test tests[] = {
	{ "guest GDT/LDT descriptors", test_descriptors },
	{ "stores the writable-page-table path emulates", test_writes },
	{ "rdmsr, wrmsr, rdtsc(p)", test_msr },
	{ "mov to/from control and debug registers", test_mov_cr_dr },
	{ "port I/O, string I/O and their prefixes", test_port_io },
	{ "clts, wbinvd, cli, sti, hlt, xsetbv, int n", test_misc },
	{ "never-emulated instructions stay unknown", test_unknown },
	{ "the forced-CPUID signature", test_forced_cpuid },
};

CU_ErrorCode register_emul_suite(void)
{
	return UNIT_ADD_SUITE("pv emul decode", NULL, NULL, tests);
}
