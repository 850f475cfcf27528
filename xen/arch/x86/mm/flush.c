/* SPDX-License-Identifier: MIT */
/*
 * TLB flushes of the memory code. Everything that must reach other CPUs
 * goes through flush_tlb_mask()/flush_tlb_one_mask() (xen/smp.h,
 * xen/arch/x86/smp.c), which do the cross-CPU part. A domain's
 * translations may sit only in the TLBs of the CPUs in its dirty_cpumask
 * (those running one of its vCPUs, struct domain); a frame that changes
 * type may also be mapped by the control domain, so that flush goes to
 * every CPU. Guest-user mappings are global (§6.4), so a local flush
 * always includes global entries.
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
	unsigned int i;

	/*
	 * Our page-table writes before the read of the mask: a CPU that sets
	 * its bit after we read it walks the tables after our writes.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < CPUMASK_LONGS; i++)
		mask->bits[i] = __atomic_load_n(&d->dirty_cpumask.bits[i],
						__ATOMIC_SEQ_CST);
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
				/* Where they may have run: the domain's. */
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

/*
 * A frame of d stops being writable: a stale writable entry for it may sit
 * not only in d's TLBs but in the control domain's, which may map d's
 * frames. Every CPU, to be safe.
 */
void flush_tlb_frame_retyped(const struct domain *d)
{
	flush_tlb_mask(&cpu_online_map);
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
