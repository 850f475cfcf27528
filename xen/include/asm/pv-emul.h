/* SPDX-License-Identifier: MIT */
/*
 * Pure helpers of the PV trap-and-emulate path (pv-boot-abi.md §5.3, §5.7,
 * §5.8): the decoder for the few instructions a PV guest may execute and
 * have emulated, the guest descriptor check, and the CPUID policy a PV
 * guest sees. Neither touches hardware
 * or guest memory, so both are unit-tested on the host
 * (tests/unit/test_emul.c, test_cpuid.c).
 */
#ifndef ASM_PV_EMUL_H
#define ASM_PV_EMUL_H

#include <xen/types.h>

/* --- Instruction decoding (xen/arch/x86/pv/emul-decode.c) --- */

#define EMUL_MAX_INSN_LEN 15

enum emul_op {
	EMUL_UNKNOWN = 0,
	EMUL_RDMSR,
	EMUL_WRMSR,
	EMUL_MOV_FROM_CR, /* mov %crN, reg */
	EMUL_MOV_TO_CR, /* mov reg, %crN */
	EMUL_MOV_FROM_DR,
	EMUL_MOV_TO_DR,
	EMUL_CLTS,
	EMUL_WBINVD, /* also wbnoinvd */
	EMUL_IN, /* in imm8/dx -> al/ax/eax */
	EMUL_OUT,
	EMUL_INS, /* ins[bwd] (rep optional) */
	EMUL_OUTS,
	EMUL_CLI,
	EMUL_STI,
	EMUL_HLT,
	EMUL_RDTSC,
	EMUL_RDTSCP,
	EMUL_XSETBV,
	EMUL_INT, /* int imm8 */
};

struct emul_insn {
	enum emul_op op;
	unsigned int len; /* bytes, prefixes included */
	unsigned int size; /* I/O operand size: 1, 2 or 4 */
	bool port_imm; /* in/out: port in imm8 (else in %dx) */
	u8 port;
	unsigned int reg; /* control/debug register number */
	unsigned int gpr; /* general register (0 = rax ... 15 = r15) */
	bool rep; /* ins/outs with a rep prefix */
	bool addr32; /* ins/outs: 0x67, 32-bit addresses */
	u8 vector; /* int imm8 */
};

/*
 * Decode the instruction at the start of buf (n bytes available, at most
 * EMUL_MAX_INSN_LEN used). Returns 0 with *insn filled, or -1 if it is not
 * one we emulate or is cut short.
 */
int emul_decode(const u8 *buf, unsigned int n, struct emul_insn *insn);

/* The forced-emulation CPUID: ud2; .ascii "xen"; cpuid (7 bytes). */
#define EMUL_FORCED_CPUID_LEN 7
bool emul_is_forced_cpuid(const u8 *buf, unsigned int n);

/*
 * A store into memory, as the writable-page-table path sees it (§6.5): the
 * address comes from the fault, so only the kind, width, source and length
 * matter.
 */
enum emul_write_op {
	EMUL_W_MOV, /* mov reg/imm -> mem */
	EMUL_W_XCHG, /* xchg reg, mem (reg gets the old value) */
	EMUL_W_CMPXCHG, /* cmpxchg reg, mem (compares with rax) */
	EMUL_W_AND, /* and reg/imm, mem (clear_bit on a PTE) */
	EMUL_W_OR, /* or reg/imm, mem (set_bit) */
};

struct emul_write {
	enum emul_write_op op;
	unsigned int len; /* instruction bytes */
	unsigned int size; /* 1, 2, 4 or 8 */
	bool src_imm; /* source is imm (else register src_gpr) */
	u64 imm; /* sign-extended to size */
	unsigned int src_gpr; /* 0-15 */
	bool src_high8; /* ah/ch/dh/bh: bits 8-15 of gpr src_gpr */
};

/* Decode a memory-writing instruction we can emulate; 0 or -1. */
int emul_decode_write(const u8 *buf, unsigned int n, struct emul_write *w);

/* --- Descriptors (xen/arch/x86/pv/descriptor-check.c) --- */

/*
 * Check one GDT/LDT descriptor a guest supplies (§5.3). False: refused
 * (TSS, LDT, interrupt/trap gates, a call gate into the hypervisor). True:
 * *out holds what to store (code/data DPL raised to 3, call gates with DPL
 * 0 and the old DPL in the target selector's RPL).
 */
bool pv_check_descriptor(u64 desc, u64 *out);

/* --- CPUID policy (xen/arch/x86/pv/cpuid-policy.c) --- */

struct cpuid_leaf {
	u32 a, b, c, d;
};

/* What the policy needs from its caller. */
struct pv_cpuid_env {
	/* The host's raw CPUID. */
	void (*raw)(u32 leaf, u32 subleaf, struct cpuid_leaf *out);
	unsigned int vcpu_id;
	u32 xen_version; /* (major << 16) | minor */
	unsigned long max_mfn;
	u64 tsc_khz;
};

/* The guest's view of CPUID leaf/subleaf (the enlightened, forced view). */
void pv_cpuid_policy(const struct pv_cpuid_env *env, u32 leaf, u32 subleaf,
		     struct cpuid_leaf *res);

#endif /* ASM_PV_EMUL_H */
