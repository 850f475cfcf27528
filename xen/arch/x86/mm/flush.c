/* SPDX-License-Identifier: MIT */
/*
 * TLB flushes of the memory code. Everything that must reach other CPUs
 * goes through flush_tlb_mask()/flush_tlb_one_mask() (xen/smp.h,
 * xen/arch/x86/smp.c), which do the cross-CPU part. A domain's
 * translations may sit in the TLB of any CPU one of its vCPUs ran on;
 * until vCPUs carry a dirty-CPU mask, every online CPU counts as one
 * (correct, only slower once there are several). Guest-user mappings are
 * global (§6.4), so a local flush always includes global entries.
 */
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>

void flush_tlb_all_local(void)
{
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

void pv_domain_dirty_cpumask(const struct domain *d, cpumask_t *mask)
{
	cpumask_copy(mask, &cpu_online_map);
}

long pv_vcpumask_to_pcpumask(const struct domain *d, const void *bmap,
			     cpumask_t *mask)
{
	unsigned long word, bits;
	unsigned int id;

	cpumask_clear(mask);
	for (word = 0; word * 64 < d->max_vcpus; word++) {
		if (copy_from_guest(&bits, (const unsigned long *)bmap + word,
				    sizeof(bits))) {
			cpumask_clear(mask);
			return -EFAULT;
		}
		for (id = word * 64; bits && id < d->max_vcpus;
		     id++, bits >>= 1)
			if ((bits & 1) && d->vcpu[id]) {
				/* Where it ran: every CPU, for now. */
				pv_domain_dirty_cpumask(d, mask);
				return 0;
			}
	}
	return 0;
}

void flush_tlb_domain(const struct domain *d)
{
	cpumask_t mask;

	pv_domain_dirty_cpumask(d, &mask);
	flush_tlb_mask(&mask);
}

void flush_tlb_one_domain(const struct domain *d, unsigned long va)
{
	cpumask_t mask;

	pv_domain_dirty_cpumask(d, &mask);
	flush_tlb_one_mask(&mask, va);
}

void pv_write_ptbase(struct vcpu *v)
{
	unsigned long mfn = v->arch.in_kernel ? v->arch.kernel_cr3_mfn :
						v->arch.user_cr3_mfn;

	write_cr3((paddr_t)mfn << PAGE_SHIFT);
	/* The other address space's global (user) entries go too. */
	flush_tlb_all_local();
}
