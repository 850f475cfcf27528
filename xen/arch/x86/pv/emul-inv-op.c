/* SPDX-License-Identifier: MIT */
/*
 * #UD from guest code: the forced-emulation CPUID (pv-boot-abi.md §5.7.1).
 * "ud2; .ascii "xen"; cpuid" makes us answer CPUID leaf %eax, subleaf %ecx
 * from the PV policy (cpuid-policy.c) and skip the seven bytes. It works
 * before the guest has any trap handler (Linux's first CPUIDs run that
 * early) and from guest user mode too. Anything else stays a #UD.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/pv-emul.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>

#define ABI_VERSION ((4 << 16) | 17)

static void host_cpuid(u32 leaf, u32 subleaf, struct cpuid_leaf *out)
{
	cpuid_count(leaf, subleaf, &out->a, &out->b, &out->c, &out->d);
}

bool pv_emulate_invalid_op(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	u8 buf[EMUL_FORCED_CPUID_LEN];
	struct pv_cpuid_env env = {
		.raw = host_cpuid,
		.vcpu_id = v->vcpu_id,
		.xen_version = ABI_VERSION,
		.max_mfn = m2p_max_mfn(),
		.tsc_khz = cpu_khz,
	};
	struct cpuid_leaf r;

	if (copy_from_guest(buf, (void *)regs->rip, sizeof(buf)) ||
	    !emul_is_forced_cpuid(buf, sizeof(buf)))
		return false;
	pv_cpuid_policy(&env, (u32)regs->rax, (u32)regs->rcx, &r);
	regs->rax = r.a;
	regs->rbx = r.b;
	regs->rcx = r.c;
	regs->rdx = r.d;
	regs->rip += EMUL_FORCED_CPUID_LEN;
	return true;
}
