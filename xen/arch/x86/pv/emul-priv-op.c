/* SPDX-License-Identifier: MIT */
/*
 * Privileged instructions a PV guest still executes (pv-boot-abi.md §5.7):
 * a #GP with error code 0 from guest code lands here. We fetch and decode
 * the instruction (emul-decode.c) and emulate the few the ABI allows —
 * rdmsr/wrmsr from the MSR table of §5.7.2, moves to and from control and
 * debug registers, clts, wbinvd (ignored), port I/O under the virtual IOPL
 * (§5.7.3: reads give all ones, writes are dropped), cli/sti under the
 * virtual IOPL. Anything else, and any of these from guest user mode
 * except I/O, returns false: the #GP is reflected to the guest and the
 * instruction never runs. The guest's own #GP handler turns a refused MSR
 * access into an error (Linux's *_safe MSR accessors).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-emul.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>

#define MSR_TSC 0x00000010
#define MSR_IA32_PLATFORM_ID 0x00000017
#define MSR_PLATFORM_INFO 0x000000ce
#define MSR_MISC_FEATURES_ENABLES 0x00000140
#define MSR_MISC_ENABLE 0x000001a0
#define MSR_PAT 0x00000277
#define MSR_PERF_CAPABILITIES 0x00000345
#define MSR_AMD_NB_CFG 0xc001001f
#define MSR_AMD_PSTATE_FIRST 0xc0010061
#define MSR_AMD_PSTATE_LAST 0xc0010071

#define PV_PAT 0x0000050100070406ULL
#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_BASE_BSP (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define MISC_ENABLE_PERF (1ULL << 7)
#define MISC_ENABLE_BTS_UNAVAIL (1ULL << 11)
#define MISC_ENABLE_PEBS_UNAVAIL (1ULL << 12)
#define MISC_ENABLE_MONITOR (1ULL << 18)
#define MISC_ENABLE_XTPR_DISABLE (1ULL << 23)

#define X86_CR0_ET 0x00000010UL
#define X86_CR0_AM 0x00040000UL
#define X86_CR4_TSD 0x00000004UL
#define X86_CR4_DE 0x00000008UL

static bool rdmsr_safe(u32 msr, u64 *val)
{
	u32 lo = 0, hi = 0;
	int fault = 0;

	__asm__ __volatile__("1: rdmsr\n"
			     "2:\n"
			     ".section .text.fixup, \"ax\"\n"
			     "3: movl $1, %2\n"
			     "   jmp 2b\n"
			     ".previous\n"
			     ".section .ex_table, \"a\"\n"
			     "   .balign 8\n"
			     "   .quad 1b, 3b\n"
			     ".previous"
			     : "+a"(lo), "+d"(hi), "+r"(fault)
			     : "c"(msr));
	*val = ((u64)hi << 32) | lo;
	return !fault;
}

static u64 guest_efer(void)
{
	return rdmsr(MSR_EFER) & (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE);
}

static u64 guest_misc_enable(void)
{
	u64 v = 0;

	if (!rdmsr_safe(MSR_MISC_ENABLE, &v))
		v = 0;
	v &= ~(MISC_ENABLE_PERF | MISC_ENABLE_MONITOR);
	return v | MISC_ENABLE_BTS_UNAVAIL | MISC_ENABLE_PEBS_UNAVAIL |
	       MISC_ENABLE_XTPR_DISABLE;
}

/* Read an MSR for the guest; false means #GP. */
static bool guest_rdmsr(struct vcpu *v, u32 msr, u64 *val)
{
	u64 host;

	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_SHADOW_GS_BASE:
		/* In hardware while the vCPU runs (guest kernel mode here). */
		*val = rdmsr(msr);
		return true;
	case MSR_EFER:
		*val = guest_efer();
		return true;
	case MSR_APIC_BASE:
		*val = 0xfee00000ULL | APIC_BASE_ENABLE |
		       (v->vcpu_id ? 0 : APIC_BASE_BSP);
		return true;
	case MSR_PAT:
		*val = PV_PAT;
		return true;
	case MSR_MISC_ENABLE:
		*val = guest_misc_enable();
		return true;
	case MSR_TSC:
		*val = rdtsc();
		return true;
	case MSR_PERF_CAPABILITIES:
	case MSR_PLATFORM_INFO:
	case MSR_MISC_FEATURES_ENABLES:
	case MSR_IA32_PLATFORM_ID:
	case MSR_AMD_NB_CFG:
		*val = 0;
		return true;
	}
	if (msr >= MSR_AMD_PSTATE_FIRST && msr <= MSR_AMD_PSTATE_LAST) {
		*val = 0;
		return true;
	}
	/*
	 * Xen's courtesy to very early code: with no #GP handler yet, an MSR
	 * the host can read reads as 0 instead of killing the guest.
	 */
	if (!v->arch.trap_ctxt[TRAP_gp_fault].address &&
	    rdmsr_safe(msr, &host)) {
		*val = 0;
		return true;
	}
	return false;
}

/* Write an MSR for the guest; false means #GP. */
static bool guest_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
	switch (msr) {
	case MSR_FS_BASE:
		if (!is_canonical_address(val))
			return false;
		wrmsr(msr, val);
		v->arch.fs_base = val;
		return true;
	case MSR_GS_BASE:
		if (!is_canonical_address(val))
			return false;
		wrmsr(msr, val);
		v->arch.gs_base_kernel = val;
		return true;
	case MSR_SHADOW_GS_BASE:
		if (!is_canonical_address(val))
			return false;
		wrmsr(msr, val);
		v->arch.gs_base_user = val;
		return true;
	case MSR_EFER:
		return val == guest_efer();
	case MSR_MISC_ENABLE:
		return val == guest_misc_enable();
	case MSR_AMD_NB_CFG:
		return true; /* ignored */
	}
	if (msr >= MSR_AMD_PSTATE_FIRST && msr <= MSR_AMD_PSTATE_LAST)
		return true;
	return false;
}

unsigned long *pv_gpr(struct cpu_user_regs *regs, unsigned int n)
{
	switch (n) {
	case 0:
		return (unsigned long *)&regs->rax;
	case 1:
		return (unsigned long *)&regs->rcx;
	case 2:
		return (unsigned long *)&regs->rdx;
	case 3:
		return (unsigned long *)&regs->rbx;
	case 4:
		return (unsigned long *)&regs->rsp;
	case 5:
		return (unsigned long *)&regs->rbp;
	case 6:
		return (unsigned long *)&regs->rsi;
	case 7:
		return (unsigned long *)&regs->rdi;
	case 8:
		return (unsigned long *)&regs->r8;
	case 9:
		return (unsigned long *)&regs->r9;
	case 10:
		return (unsigned long *)&regs->r10;
	case 11:
		return (unsigned long *)&regs->r11;
	case 12:
		return (unsigned long *)&regs->r12;
	case 13:
		return (unsigned long *)&regs->r13;
	case 14:
		return (unsigned long *)&regs->r14;
	default:
		return (unsigned long *)&regs->r15;
	}
}

static bool read_cr(struct vcpu *v, unsigned int cr, unsigned long *val)
{
	switch (cr) {
	case 0:
		*val = (read_cr0() & ~X86_CR0_TS) |
		       (v->arch.ctrlreg_ts ? X86_CR0_TS : 0);
		return true;
	case 2:
		*val = v->arch.guest_cr2;
		return true;
	case 3:
		*val = v->arch.kernel_cr3_mfn << PAGE_SHIFT;
		return true;
	case 4:
		*val = pv_guest_cr4(v);
		return true;
	}
	return false;
}

static bool write_cr(struct vcpu *v, unsigned int cr, unsigned long val)
{
	unsigned long cur;
	int rc;

	switch (cr) {
	case 0:
		read_cr(v, 0, &cur);
		if ((val ^ cur) & ~X86_CR0_TS)
			return false;
		pv_set_guest_ts(v, val & X86_CR0_TS);
		return true;
	case 2:
		v->arch.guest_cr2 = val;
		v->vcpu_info->arch.cr2 = val;
		return true;
	case 3:
		spin_lock(&v->domain->mm_lock);
		rc = pv_new_guest_cr3(v, (val & PTE_ADDR_MASK) >> PAGE_SHIFT);
		spin_unlock(&v->domain->mm_lock);
		return rc == 0;
	case 4:
		/* Only TSD and DE are the guest's; other bits are ignored. */
		v->arch.guest_cr4 = val & (X86_CR4_TSD | X86_CR4_DE);
		return true;
	}
	return false;
}

/* Port I/O allowed by the virtual IOPL: kernel counts as CPL 1 (§5.7.3). */
static bool io_permitted(const struct vcpu *v)
{
	unsigned int cpl = v->arch.in_kernel ? 1 : 3;

	return cpl <= v->arch.iopl;
}

static void emulate_in(struct cpu_user_regs *regs, unsigned int size)
{
	unsigned long *rax = pv_gpr(regs, 0);

	/* No device behind any port for a guest yet: all ones. */
	if (size == 4)
		*rax = 0xffffffffUL; /* 32-bit results zero-extend */
	else if (size == 2)
		*rax |= 0xffffUL;
	else
		*rax |= 0xffUL;
}

/* ins/outs: the memory side, with rep; false on a bad guest buffer. */
static bool emulate_string_io(struct cpu_user_regs *regs,
			      const struct emul_insn *insn)
{
	unsigned long count = insn->rep ? regs->rcx : 1;
	unsigned long *ptr = insn->op == EMUL_INS ? pv_gpr(regs, 7) :
						    pv_gpr(regs, 6);
	long step = (regs->rflags & X86_EFLAGS_DF) ? -(long)insn->size :
						     (long)insn->size;
	u32 ones = 0xffffffffU, dummy;

	if (insn->addr32)
		count &= 0xffffffffUL;
	while (count) {
		if (insn->op == EMUL_INS) {
			if (copy_to_guest((void *)*ptr, &ones, insn->size))
				return false;
		} else if (copy_from_guest(&dummy, (void *)*ptr, insn->size)) {
			return false;
		}
		*ptr += step;
		count--;
		if (insn->rep)
			regs->rcx = count;
	}
	return true;
}

/* Fetch up to EMUL_MAX_INSN_LEN bytes at rip (fewer near a fault). */
static unsigned int fetch_insn(unsigned long rip, u8 *buf)
{
	unsigned int n;

	if (!copy_from_guest(buf, (void *)rip, EMUL_MAX_INSN_LEN))
		return EMUL_MAX_INSN_LEN;
	for (n = 0; n < EMUL_MAX_INSN_LEN; n++)
		if (copy_from_guest(buf + n, (void *)(rip + n), 1))
			break;
	return n;
}

bool pv_emulate_privileged_op(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	u8 buf[EMUL_MAX_INSN_LEN];
	struct emul_insn insn;
	unsigned long val;
	u64 msr;
	long rc;

	if (emul_decode(buf, fetch_insn(regs->rip, buf), &insn))
		return false;

	/* From guest user mode only port I/O may be emulated. */
	if (!v->arch.in_kernel && insn.op != EMUL_IN && insn.op != EMUL_OUT &&
	    insn.op != EMUL_INS && insn.op != EMUL_OUTS)
		return false;

	switch (insn.op) {
	case EMUL_RDMSR:
		if (!guest_rdmsr(v, (u32)regs->rcx, &msr))
			return false;
		regs->rax = (u32)msr;
		regs->rdx = msr >> 32;
		break;
	case EMUL_WRMSR:
		if (!guest_wrmsr(v, (u32)regs->rcx,
				 ((u64)(u32)regs->rdx << 32) | (u32)regs->rax))
			return false;
		break;
	case EMUL_MOV_FROM_CR:
		if (!read_cr(v, insn.reg, &val))
			return false;
		*pv_gpr(regs, insn.gpr) = val;
		break;
	case EMUL_MOV_TO_CR:
		if (!write_cr(v, insn.reg, *pv_gpr(regs, insn.gpr)))
			return false;
		break;
	case EMUL_MOV_FROM_DR:
		rc = pv_get_debugreg(v, insn.reg);
		if (insn.reg > 7 || (rc < 0 && rc >= -4095))
			return false;
		*pv_gpr(regs, insn.gpr) = rc;
		break;
	case EMUL_MOV_TO_DR:
		if (pv_set_debugreg(v, insn.reg, *pv_gpr(regs, insn.gpr)))
			return false;
		break;
	case EMUL_CLTS:
		pv_set_guest_ts(v, false);
		break;
	case EMUL_WBINVD:
		break; /* no I/O privileges: nothing to write back for it */
	case EMUL_IN:
	case EMUL_OUT:
		if (!io_permitted(v))
			return false;
		if (insn.op == EMUL_IN)
			emulate_in(regs, insn.size);
		break;
	case EMUL_INS:
	case EMUL_OUTS:
		if (!io_permitted(v))
			return false;
		if (!emulate_string_io(regs, &insn)) {
			/* A bad buffer: let the guest see the #GP. */
			return false;
		}
		break;
	case EMUL_CLI:
	case EMUL_STI:
		if (!io_permitted(v))
			return false;
		break; /* events are masked through vcpu_info, not IF */
	default:
		/* hlt, xsetbv (no XSAVE offered), rdtsc (never trapped)... */
		return false;
	}
	regs->rip += insn.len;
	return true;
}
