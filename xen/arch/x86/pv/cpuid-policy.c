/* SPDX-License-Identifier: MIT */
/*
 * The CPUID a 64-bit PV guest sees through the forced-emulation prefix
 * (pv-boot-abi.md §5.7.1, §5.8): the host's leaves filtered by a PV policy,
 * plus Xen's hypervisor leaves at 0x40000000 ("XenVMMXenVMM", five leaves),
 * without which Linux never finds its hypervisor.
 *
 * The policy offers what a guest at CPL 3 can use and this hypervisor
 * supports, and hides the rest (§5.7.4): supervisor-only or unsupported
 * features (SMAP, SMEP, UMIP, PKU, LA57, PCID/INVPCID, CET, VMX/SVM,
 * MONITOR, x2APIC, TSC deadline, 1 GiB pages, PGE/PSE/MTRR/VME, MCE/MCA
 * without a virtual machine-check architecture...), and
 * XSAVE with everything built on it (AVX, AVX2, AVX-512, FMA, F16C...):
 * guests get FXSAVE-managed x87/SSE state only, so their XCR0 never
 * matters. FSGSBASE is hidden too: segment bases go through
 * set_segment_base. A pure function of the raw host CPUID, so it is tested
 * on the host.
 */
#include <asm/pv-emul.h>

#define BIT(n) (1U << (n))

/* Leaf 1 ECX: SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT AES RDRAND */
#define L1_ECX_ALLOWED                                                      \
	(BIT(0) | BIT(1) | BIT(9) | BIT(13) | BIT(19) | BIT(20) | BIT(22) | \
	 BIT(23) | BIT(25) | BIT(30))
#define L1_ECX_HYPERVISOR BIT(31)
/*
 * Leaf 1 EDX: FPU DE TSC MSR PAE CX8 APIC SEP CMOV PAT CLFSH MMX FXSR SSE
 * SSE2. MCE and MCA are hidden: there is no virtual machine-check bank
 * (Xen's vMCE) behind the MCG/MCi MSRs a guest would read.
 */
#define L1_EDX_ALLOWED                                                         \
	(BIT(0) | BIT(2) | BIT(4) | BIT(5) | BIT(6) | BIT(8) | BIT(9) |        \
	 BIT(11) | BIT(15) | BIT(16) | BIT(19) | BIT(23) | BIT(24) | BIT(25) | \
	 BIT(26))
/* Leaf 7.0 EBX: BMI1 BMI2 ERMS RDSEED ADX CLFLUSHOPT CLWB SHA FDP_EXCPTN NO_FPU_CS */
#define L7_EBX_ALLOWED                                                     \
	(BIT(3) | BIT(6) | BIT(8) | BIT(9) | BIT(13) | BIT(18) | BIT(19) | \
	 BIT(23) | BIT(24) | BIT(29))
/* Leaf 7.0 EDX: FSRM */
#define L7_EDX_ALLOWED BIT(4)
/* 0x80000001 ECX: LAHF_LM ABM SSE4A MISALIGNSSE 3DNOWPREFETCH */
#define E1_ECX_ALLOWED (BIT(0) | BIT(5) | BIT(6) | BIT(7) | BIT(8))
/* 0x80000001 EDX: SYSCALL NX RDTSCP LM, and AMD's copies of leaf 1 bits. */
#define E1_EDX_OWN (BIT(11) | BIT(20) | BIT(27) | BIT(29))
#define E1_EDX_COPIES                                                   \
	(BIT(0) | BIT(2) | BIT(4) | BIT(5) | BIT(6) | BIT(8) | BIT(9) | \
	 BIT(15) | BIT(16) | BIT(23) | BIT(24))
/* 0x80000007 EDX: invariant TSC */
#define E7_EDX_ALLOWED BIT(8)

#define BASIC_MAX 0xd
#define EXT_MAX 0x80000008U
#define HV_BASE 0x40000000U
#define HV_LEAVES 5
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD BIT(0)

static unsigned int fls64(unsigned long x)
{
	unsigned int n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

static void hypervisor_leaf(const struct pv_cpuid_env *env, u32 leaf,
			    u32 subleaf, struct cpuid_leaf *r)
{
	switch (leaf - HV_BASE) {
	case 0:
		r->a = HV_BASE + HV_LEAVES;
		r->b = 0x566e6558; /* "XenV" */
		r->c = 0x65584d4d; /* "MMXe" */
		r->d = 0x4d4d566e; /* "nVMM" */
		break;
	case 1:
		r->a = env->xen_version;
		break;
	case 2:
		r->a = 1; /* hypercall pages */
		r->b = HV_BASE; /* the MSR that installs one (HVM) */
		r->c = XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD;
		break;
	case 3:
		/* TSC: native, default mode; frequencies in kHz. */
		if (subleaf == 0)
			r->c = (u32)env->tsc_khz;
		else if (subleaf == 2)
			r->a = (u32)env->tsc_khz;
		break;
	case 4:
		/* HVM-only flags: all clear for PV (no upcall vector). */
		break;
	case 5:
		r->b = (fls64(env->max_mfn) + 12) & 0xff;
		break;
	}
}

void pv_cpuid_policy(const struct pv_cpuid_env *env, u32 leaf, u32 subleaf,
		     struct cpuid_leaf *r)
{
	struct cpuid_leaf host, max;

	*r = (struct cpuid_leaf){ 0 };
	if (leaf >= HV_BASE && leaf <= HV_BASE + HV_LEAVES) {
		hypervisor_leaf(env, leaf, subleaf, r);
		return;
	}
	if (leaf >= HV_BASE && leaf < 0x80000000U)
		return;

	env->raw(leaf & 0x80000000U, 0, &max);
	if (leaf < 0x80000000U) {
		if (max.a > BASIC_MAX)
			max.a = BASIC_MAX;
		if (leaf > max.a)
			return;
	} else {
		if (max.a > EXT_MAX)
			max.a = EXT_MAX;
		if (leaf > max.a || max.a < 0x80000000U)
			return;
	}
	env->raw(leaf, subleaf, &host);

	switch (leaf) {
	case 0:
		*r = host;
		r->a = max.a;
		break;
	case 1:
		r->a = host.a;
		/* Brand index and CLFLUSH size; one logical CPU, APIC ID 0. */
		r->b = host.b & 0x0000ffff;
		r->c = (host.c & L1_ECX_ALLOWED) | L1_ECX_HYPERVISOR;
		r->d = host.d & L1_EDX_ALLOWED;
		break;
	case 2:
		*r = host; /* cache descriptors */
		break;
	case 4:
		/* Cache parameters, without the core/thread counts. */
		*r = host;
		r->a &= 0x3ff;
		break;
	case 7:
		if (subleaf == 0) {
			r->b = host.b & L7_EBX_ALLOWED;
			r->d = host.d & L7_EDX_ALLOWED;
		}
		break;
	case 0x80000000U:
		*r = host;
		r->a = max.a;
		break;
	case 0x80000001U:
		r->a = host.a;
		r->c = host.c & E1_ECX_ALLOWED;
		r->d = host.d & (E1_EDX_OWN | E1_EDX_COPIES);
		break;
	case 0x80000002U:
	case 0x80000003U:
	case 0x80000004U:
	case 0x80000005U:
	case 0x80000006U:
		*r = host; /* brand string, cache and TLB information */
		break;
	case 0x80000007U:
		r->d = host.d & E7_EDX_ALLOWED;
		break;
	case 0x80000008U:
		r->a = host.a & 0xffff; /* physical and linear address sizes */
		break;
	default:
		/* Power, topology, XSAVE, PMU...: nothing offered. */
		break;
	}
}
