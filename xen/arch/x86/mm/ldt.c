/* SPDX-License-Identifier: MIT */
/*
 * Guest LDTs (pv-boot-abi.md §4.3.22 MMUEXT_SET_LDT, §5.3). The guest names
 * a page-aligned linear address and up to 8192 entries; the CPU reaches
 * the LDT through a 16-page window of its own in the per-domain slot, and
 * the descriptor at LDT_SELECTOR in its reserved GDT page points there.
 * The window starts empty: the first use of an LDT page (a selector load
 * in guest code) faults on it, and only then do we look the guest page up
 * in the guest's kernel page tables, type it as a descriptor frame (every
 * one of its 512 descriptors checked as for the GDT, so it can never be
 * writable while in use) and map it, as Xen does. A page that cannot be
 * used becomes a #PF for the guest at the LDT address it named.
 *
 * v->arch.ldt_frames[] holds the descriptor-type references (v's
 * domain's mm_lock); each CPU's window shows the running vCPU's frames.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>

#define LDT_VIRT_START (PERDOMAIN_VIRT_START + (1UL << 30))
#define LDT_WINDOW_BYTES (MAX_GUEST_LDT_FRAMES << PAGE_SHIFT)
#define LDT_MAX_ENTS 8192
#define WINDOW_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

static unsigned long ldt_window(unsigned int cpu)
{
	return LDT_VIRT_START + cpu * LDT_WINDOW_BYTES;
}

/* The LDT descriptor slot in cpu's reserved GDT page, via its window. */
static u64 *ldt_desc_slot(unsigned int cpu)
{
	return (u64 *)(GDT_VIRT_START + cpu * GDT_VIRT_PER_CPU +
		       FIRST_RESERVED_GDT_BYTE) +
	       ((LDT_SELECTOR >> 3) & 511);
}

/* Point this CPU's LDT register at its window, sized for v (or none). */
static void load_ldtr(const struct vcpu *v)
{
	unsigned int cpu = smp_processor_id();
	unsigned long base = ldt_window(cpu);
	u64 *slot = ldt_desc_slot(cpu);
	u32 limit;

	if (!v || !v->arch.ldt_ents) {
		__asm__ __volatile__("lldt %w0" ::"r"(0));
		return;
	}
	limit = v->arch.ldt_ents * 8 - 1;
	/* A 16-byte system descriptor: type 2 (LDT), present, DPL 0. */
	slot[0] = (limit & 0xffffUL) | ((base & 0xffffffUL) << 16) |
		  (0x82UL << 40) | ((u64)(limit >> 16) << 48) |
		  ((base >> 24) & 0xffUL) << 56;
	slot[1] = base >> 32;
	__asm__ __volatile__("lldt %w0" ::"r"(LDT_SELECTOR));
}

void pv_load_ldt(struct vcpu *v)
{
	unsigned long base = ldt_window(smp_processor_id());
	unsigned int i;

	for (i = 0; i < MAX_GUEST_LDT_FRAMES; i++) {
		unsigned long mfn = v ? v->arch.ldt_frames[i] : 0;

		map_xen_page(base + i * PAGE_SIZE, mfn, mfn ? WINDOW_FLAGS : 0);
	}
	load_ldtr(v);
}

/* Drop v's LDT frames. Caller holds v's domain's mm_lock. */
static void release_ldt(struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < MAX_GUEST_LDT_FRAMES; i++) {
		if (!v->arch.ldt_frames[i])
			continue;
		put_page_and_type(mfn_to_page(v->arch.ldt_frames[i]));
		v->arch.ldt_frames[i] = 0;
	}
}

void pv_destroy_ldt(struct vcpu *v)
{
	release_ldt(v);
	v->arch.ldt_base = 0;
	v->arch.ldt_ents = 0;
}

int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents)
{
	struct domain *d = v->domain;

	if (!ents)
		base = 0;
	if ((base & ~PAGE_MASK) || !pv_guest_array_ok((void *)base) ||
	    ents > LDT_MAX_ENTS)
		return -EINVAL;
	if (base == v->arch.ldt_base && ents == v->arch.ldt_ents)
		return 0;
	spin_lock(&d->mm_lock);
	release_ldt(v);
	v->arch.ldt_base = base;
	v->arch.ldt_ents = ents;
	spin_unlock(&d->mm_lock);
	if (v == current) {
		pv_load_ldt(v);
		flush_tlb_all_local();
	}
	return 0;
}

/* Type and map LDT page idx of v; 0 or a negative errno. */
static int map_ldt_page(struct vcpu *v, unsigned int idx)
{
	struct domain *d = v->domain;
	unsigned long va =
		v->arch.ldt_base + ((unsigned long)idx << PAGE_SHIFT);
	struct page_info *pg;
	pgentry_t e;
	int rc = -EINVAL;

	spin_lock(&d->mm_lock);
	if (v->arch.ldt_frames[idx]) {
		rc = 0; /* another fault got there first */
		goto out;
	}
	e = pv_kernel_l1e(v, va);
	pg = (e & _PAGE_PRESENT) ?
		     domain_page(d, (e & PTE_ADDR_MASK) >> PAGE_SHIFT) :
		     NULL;
	if (pg)
		rc = get_page_and_type(pg, d, PGT_seg_desc_page);
	if (!rc) {
		v->arch.ldt_frames[idx] = page_to_mfn(pg);
		map_xen_page(ldt_window(smp_processor_id()) +
				     ((unsigned long)idx << PAGE_SHIFT),
			     page_to_mfn(pg), WINDOW_FLAGS);
	}
out:
	spin_unlock(&d->mm_lock);
	return rc;
}

bool pv_ldt_fault(struct cpu_user_regs *regs, unsigned long addr)
{
	struct vcpu *v = current;
	unsigned long base = ldt_window(smp_processor_id());
	unsigned long off = addr - base;

	if (addr < base || off >= LDT_WINDOW_BYTES)
		return false;
	if (off < (unsigned long)v->arch.ldt_ents * 8 &&
	    !map_ldt_page(v, off >> PAGE_SHIFT))
		return true; /* mapped: the instruction runs again */
	/* Not usable: the guest's own #PF, at the address it gave us. */
	pv_inject_page_fault(regs, v->arch.ldt_base + off);
	return true;
}
