/* SPDX-License-Identifier: MIT */
/*
 * The arch side of PV memory management for host unit tests: the real
 * type and reference-count code (xen/arch/x86/mm/pv-mm.c) and domain heap
 * (xen/common/domheap.c) run over the fake RAM, and everything that would
 * touch hardware is recorded here instead: TLB flushes, CR3 loads, the M2P,
 * the hypervisor's L4 slots. Tests build small domains with
 * harness_domain_new() and look at what the code asked for.
 */
#include <stdlib.h>
#include <string.h>

#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/guest_access.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>

#include "harness.h"

struct vcpu *harness_current;
struct cpu_user_regs harness_guest_regs;
struct harness_mm_log harness_mm;
cpumask_t cpu_online_map = { { 1UL } };

/* The M2P over the fake RAM: one entry per frame. */
static unsigned long m2p[HARNESS_RAM_BYTES >> PAGE_SHIFT];

void m2p_set(unsigned long mfn, unsigned long pfn)
{
	if (mfn < sizeof(m2p) / sizeof(m2p[0]))
		m2p[mfn] = pfn;
}

unsigned long m2p_get(unsigned long mfn)
{
	return mfn < sizeof(m2p) / sizeof(m2p[0]) ? m2p[mfn] :
						    INVALID_M2P_ENTRY;
}

pgentry_t m2p_ro_l4e(void)
{
	return HARNESS_M2P_L4E;
}

void init_xen_l4_slots(pgentry_t *l4, bool with_m2p)
{
	unsigned int i;

	for (i = 256; i <= 271; i++)
		l4[i] = HARNESS_XEN_L4E(i);
	l4[256] = with_m2p ? HARNESS_M2P_L4E : 0;
}

void flush_tlb_mask(const cpumask_t *mask)
{
	harness_mm.flushes++;
}

void flush_tlb_one_mask(const cpumask_t *mask, unsigned long va)
{
	harness_mm.invlpgs++;
}

void flush_tlb_domain(const struct domain *d)
{
	harness_mm.flushes++;
}

void flush_tlb_one_domain(const struct domain *d, unsigned long va)
{
	harness_mm.invlpgs++;
}

void flush_tlb_frame_retyped(const struct domain *d)
{
	harness_mm.flushes++;
}

void pv_write_ptbase(struct vcpu *v)
{
	harness_mm.cr3_loads++;
	harness_mm.cr3 = v->arch.in_kernel ? v->arch.kernel_cr3_mfn :
					     v->arch.user_cr3_mfn;
}

bool is_iomem_frame(unsigned long mfn)
{
	return mfn >= harness_ram_pages() || mfn == HARNESS_IOMEM_MFN;
}

bool iomem_mappable(unsigned long mfn)
{
	return is_iomem_frame(mfn);
}

void pv_destroy_gdt(struct vcpu *v)
{
	v->arch.gdt_ents = 0;
}

void pv_destroy_ldt(struct vcpu *v)
{
	v->arch.ldt_ents = 0;
}

/*
 * Guest memory for code that copies to and from guests: host memory, with
 * one range that "faults" (nothing copied), as a bad guest pointer would.
 */
struct harness_guest harness_guest;

static bool guest_faults(const void *p, unsigned long n)
{
	unsigned long a = (unsigned long)p;

	return harness_guest.fault_len &&
	       a < harness_guest.fault_at + harness_guest.fault_len &&
	       a + n > harness_guest.fault_at;
}

unsigned long raw_copy_to_guest(void *to, const void *from, unsigned long n)
{
	if (guest_faults(to, n))
		return n;
	memcpy(to, from, n);
	return 0;
}

unsigned long raw_copy_from_guest(void *to, const void *from, unsigned long n)
{
	if (guest_faults(from, n))
		return n;
	memcpy(to, from, n);
	return 0;
}

/* Every host pointer is a guest address here (faults come at the copy). */
bool pv_guest_array_ok(const void *p)
{
	return true;
}

bool hypercall_preempt_check(void)
{
	if (!harness_guest.preempt_after)
		return false;
	return --harness_guest.preempt_after == 0;
}

long hypercall_create_continuation(unsigned int op, unsigned int nr,
				   const unsigned long *args)
{
	unsigned int i;

	harness_guest.continued_op = op;
	for (i = 0; i < nr && i < 6; i++)
		harness_guest.continued_args[i] = args[i];
	harness_guest.continuations++;
	return op;
}

#define MAX_HARNESS_DOMAINS 8
static struct domain *domains[MAX_HARNESS_DOMAINS];

struct domain *domain_lookup(domid_t id)
{
	unsigned int i;

	if (id == DOMID_SELF)
		return current ? current->domain : NULL;
	for (i = 0; i < MAX_HARNESS_DOMAINS; i++)
		if (domains[i] && domains[i]->domain_id == id)
			return domains[i];
	return NULL;
}

struct domain *harness_domain_new(domid_t id, unsigned long max_pages)
{
	struct domain *d = calloc(1, sizeof(*d));
	struct vcpu *v = calloc(1, sizeof(*v));
	unsigned int i;

	if (!d || !v)
		abort();
	d->domain_id = id;
	d->max_pages = max_pages;
	d->max_vcpus = 1;
	spin_lock_init(&d->page_alloc_lock);
	spin_lock_init(&d->mm_lock);
	INIT_LIST_HEAD(&d->page_list);
	v->domain = d;
	v->vcpu_info_mfn = ~0UL;
	v->arch.in_kernel = true;
	d->vcpu[0] = v;
	for (i = 0; i < MAX_HARNESS_DOMAINS; i++) {
		if (!domains[i]) {
			domains[i] = d;
			break;
		}
	}
	return d;
}

void harness_domain_free(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < MAX_HARNESS_DOMAINS; i++)
		if (domains[i] == d)
			domains[i] = NULL;
	free(d->vcpu[0]);
	free(d);
}

void harness_mm_reset(void)
{
	memset(&harness_mm, 0, sizeof(harness_mm));
	memset(&harness_guest, 0, sizeof(harness_guest));
	memset(m2p, 0xff, sizeof(m2p));
	harness_current = NULL;
}
