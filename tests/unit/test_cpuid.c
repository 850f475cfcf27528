/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the PV CPUID policy (xen/arch/x86/pv/cpuid-policy.c),
 * against a fake host that advertises everything: the hypervisor leaves
 * Linux looks for, the features a PV guest must never see (§5.7.4), the
 * ones it keeps, and the clamping of leaf ranges.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <asm/pv-emul.h>

#include "unit.h"

#define BIT(n) (1U << (n))

static void fake_host(u32 leaf, u32 sub, struct cpuid_leaf *out)
{
	switch (leaf) {
	case 0:
		out->a = 0x20;
		out->b = 0x756e6547; /* "Genu" */
		out->d = 0x49656e69; /* "ineI" */
		out->c = 0x6c65746e; /* "ntel" */
		return;
	case 0x80000000U:
		out->a = 0x80000021U;
		out->b = out->c = out->d = 0;
		return;
	case 0x80000008U:
		out->a = 0x3030;
		out->b = out->c = out->d = ~0U;
		return;
	default:
		/* Every feature bit, every count: the policy must filter. */
		out->a = out->b = out->c = out->d = ~0U;
		return;
	}
}

static const struct pv_cpuid_env env = {
	.raw = fake_host,
	.vcpu_id = 0,
	.xen_version = (4 << 16) | 17,
	.max_mfn = 0xffff, /* 16 bits: 28-bit machine addresses */
	.tsc_khz = 2000000,
};

static struct cpuid_leaf q(u32 leaf, u32 sub)
{
	struct cpuid_leaf r;

	pv_cpuid_policy(&env, leaf, sub, &r);
	return r;
}

static void test_hypervisor_leaves(void)
{
	struct cpuid_leaf r = q(0x40000000, 0);
	char sig[13];

	memcpy(sig, &r.b, 4);
	memcpy(sig + 4, &r.c, 4);
	memcpy(sig + 8, &r.d, 4);
	sig[12] = 0;
	CU_ASSERT_STRING_EQUAL(sig, "XenVMMXenVMM");
	CU_ASSERT_EQUAL(r.a, 0x40000005);
	CU_ASSERT_EQUAL(q(0x40000001, 0).a, 0x00040011);
	r = q(0x40000002, 0);
	CU_ASSERT_EQUAL(r.a, 1);
	CU_ASSERT_EQUAL(r.b, 0x40000000);
	CU_ASSERT_EQUAL(r.c & 1, 1); /* MMU_PT_UPDATE_PRESERVE_AD */
	CU_ASSERT_EQUAL(q(0x40000003, 0).c, 2000000);
	/* Bit 6 (per-vCPU upcall vector) must be clear for PV. */
	CU_ASSERT_EQUAL(q(0x40000004, 0).a, 0);
	/* Machine address width <= 44: Linux keeps grant tables v1. */
	CU_ASSERT_EQUAL(q(0x40000005, 0).b, 28);
	/* Nothing at the next bases Linux scans, nor past the last leaf. */
	CU_ASSERT_EQUAL(q(0x40000006, 0).a, 0);
	CU_ASSERT_EQUAL(q(0x40000100, 0).b, 0);
}

static void test_leaf1(void)
{
	struct cpuid_leaf r = q(1, 0);

	CU_ASSERT(r.c & BIT(31)); /* hypervisor present */
	CU_ASSERT(r.c & BIT(0)); /* SSE3 */
	CU_ASSERT(r.c & BIT(20)); /* SSE4.2 */
	CU_ASSERT(r.c & BIT(23)); /* POPCNT */
	/* Hidden: MONITOR VMX SMX EIST PDCM PCID DCA x2APIC TSC-deadline
	 * XSAVE OSXSAVE AVX FMA F16C. */
	CU_ASSERT_EQUAL(r.c & (BIT(3) | BIT(5) | BIT(6) | BIT(7) | BIT(15) |
			       BIT(17) | BIT(18) | BIT(21) | BIT(24) | BIT(26) |
			       BIT(27) | BIT(28) | BIT(12) | BIT(29)),
			0);
	CU_ASSERT(r.d & BIT(0)); /* FPU */
	CU_ASSERT(r.d & BIT(24)); /* FXSR */
	CU_ASSERT(r.d & BIT(26)); /* SSE2 */
	/* Hidden: VME PSE MCE MTRR PGE MCA PSE36 DS ACPI TM PBE HTT. */
	CU_ASSERT_EQUAL(r.d & (BIT(1) | BIT(3) | BIT(7) | BIT(12) | BIT(13) |
			       BIT(14) | BIT(17) | BIT(21) | BIT(22) | BIT(29) |
			       BIT(31) | BIT(28)),
			0);
	CU_ASSERT_EQUAL(r.b >> 24, 0); /* initial APIC ID */
}

static void test_leaf7(void)
{
	struct cpuid_leaf r = q(7, 0);

	CU_ASSERT(r.b & BIT(3)); /* BMI1 */
	CU_ASSERT(r.b & BIT(9)); /* ERMS */
	/* Hidden: FSGSBASE SMEP INVPCID SMAP AVX2 AVX512F PT. */
	CU_ASSERT_EQUAL(r.b & (BIT(0) | BIT(7) | BIT(10) | BIT(20) | BIT(5) |
			       BIT(16) | BIT(25)),
			0);
	/* Hidden: UMIP PKU OSPKE CET_SS LA57. */
	CU_ASSERT_EQUAL(r.c & (BIT(2) | BIT(3) | BIT(4) | BIT(7) | BIT(16)), 0);
	/* Hidden: CET_IBT and the speculation-control bits. */
	CU_ASSERT_EQUAL(r.d & (BIT(20) | BIT(26) | BIT(27) | BIT(29) | BIT(31)),
			0);
	CU_ASSERT_EQUAL(r.a, 0); /* no further subleaves */
	CU_ASSERT_EQUAL(q(7, 1).b, 0);
}

static void test_ranges(void)
{
	CU_ASSERT_EQUAL(q(0, 0).a, 0xd);
	CU_ASSERT_EQUAL(q(0, 0).b, 0x756e6547);
	/* Above the clamped maximum, and XSAVE state: nothing. */
	CU_ASSERT_EQUAL(q(0x14, 0).a, 0);
	CU_ASSERT_EQUAL(q(0xd, 0).a, 0);
	CU_ASSERT_EQUAL(q(0xb, 0).b, 0);
	CU_ASSERT_EQUAL(q(0x80000000U, 0).a, 0x80000008U);
	CU_ASSERT_EQUAL(q(0x80000020U, 0).a, 0);
	CU_ASSERT_EQUAL(q(0x80000008U, 0).a, 0x3030);
	CU_ASSERT_EQUAL(q(0x80000008U, 0).b, 0);
}

static void test_extended(void)
{
	struct cpuid_leaf r = q(0x80000001U, 0);

	CU_ASSERT(r.d & BIT(11)); /* SYSCALL */
	CU_ASSERT(r.d & BIT(20)); /* NX */
	CU_ASSERT(r.d & BIT(29)); /* LM */
	CU_ASSERT_EQUAL(r.d & BIT(26), 0); /* 1 GiB pages */
	CU_ASSERT(r.c & BIT(0)); /* LAHF_LM */
	CU_ASSERT_EQUAL(r.c & (BIT(2) | BIT(3) | BIT(16)), 0); /* SVM etc. */
	CU_ASSERT_EQUAL(q(0x80000007U, 0).d, BIT(8)); /* invariant TSC only */
}

static const struct unit_test tests[] = {
	{ "hypervisor leaves 0x40000000-5", test_hypervisor_leaves },
	{ "leaf 1 features", test_leaf1 },
	{ "leaf 7 features", test_leaf7 },
	{ "leaf ranges and empty leaves", test_ranges },
	{ "extended leaves", test_extended },
};

CU_ErrorCode register_cpuid_suite(void)
{
	return UNIT_ADD_SUITE("pv cpuid policy", NULL, NULL, tests);
}
