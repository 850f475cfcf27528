/* SPDX-License-Identifier: MIT */
/*
 * Guest descriptor tables (pv-boot-abi.md §4.3.3, §4.3.9, §5.3). Each CPU's
 * GDTR points at a 16-page window in the per-domain slot: pages 0-13 show
 * the running vCPU's GDT frames (or a zero page), page 14 is the CPU's
 * reserved page with the hypervisor's descriptors (selectors 0xe000-0xefff).
 * The window maps the guest's frames writable for the CPU (it sets accessed
 * bits), but only the hypervisor can reach it; the guest itself can map
 * them read-only at most, since they hold the descriptor type.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-emul.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>

#define GDT_WINDOW_PAGES 16
#define ENTRIES_PER_PAGE 512

#define WINDOW_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

static void *zero_desc_page;

static unsigned long gdt_window(unsigned int cpu)
{
	return GDT_VIRT_START + cpu * GDT_VIRT_PER_CPU;
}

/* Point this CPU's window at v's GDT frames. */
void pv_load_gdt(struct vcpu *v)
{
	unsigned long base = gdt_window(smp_processor_id());
	unsigned int nr = DIV_ROUND_UP(v->arch.gdt_ents, ENTRIES_PER_PAGE);
	unsigned int i;

	for (i = 0; i < MAX_GUEST_GDT_FRAMES; i++) {
		if (i < nr)
			map_xen_page(base + i * PAGE_SIZE,
				     v->arch.gdt_frames[i], WINDOW_FLAGS);
		else
			map_xen_page(base + i * PAGE_SIZE,
				     virt_to_mfn(zero_desc_page),
				     _PAGE_PRESENT | _PAGE_ACCESSED);
	}
	/* The LDT descriptor lives in the reserved page: load it too. */
	pv_load_ldt(v);
}

/* Show no guest frames in cpu's window (before they are freed). */
void pv_gdt_window_reset(unsigned int cpu)
{
	unsigned long base = gdt_window(cpu);
	unsigned int i;

	for (i = 0; i < MAX_GUEST_GDT_FRAMES; i++)
		map_xen_page(base + i * PAGE_SIZE, virt_to_mfn(zero_desc_page),
			     _PAGE_PRESENT | _PAGE_ACCESSED);
	if (cpu == smp_processor_id())
		pv_load_ldt(NULL);
}

/*
 * Set up cpu's window with its reserved GDT page and load GDTR from it.
 * Runs once per CPU after the final page tables are in place.
 */
void pv_gdt_window_init(unsigned int cpu, void *reserved_page)
{
	unsigned long base = gdt_window(cpu);
	struct {
		u16 limit;
		u64 base;
	} __packed gdtr = { GDT_WINDOW_PAGES * PAGE_SIZE - 1, base };
	unsigned int i;

	if (!zero_desc_page) {
		zero_desc_page = alloc_xenheap_page();
		if (!zero_desc_page)
			panic("no memory for the zero GDT page");
		memset(zero_desc_page, 0, PAGE_SIZE);
	}
	for (i = 0; i < MAX_GUEST_GDT_FRAMES; i++)
		if (map_xen_page(base + i * PAGE_SIZE,
				 virt_to_mfn(zero_desc_page),
				 _PAGE_PRESENT | _PAGE_ACCESSED))
			panic("cannot map the GDT window of CPU %u", cpu);
	if (map_xen_page(base + FIRST_RESERVED_GDT_PAGE * PAGE_SIZE,
			 virt_to_mfn(reserved_page), WINDOW_FLAGS))
		panic("cannot map the GDT window of CPU %u", cpu);
	__asm__ __volatile__("lgdt %0" ::"m"(gdtr));
}

static void release_gdt(struct vcpu *v)
{
	unsigned int nr = DIV_ROUND_UP(v->arch.gdt_ents, ENTRIES_PER_PAGE);
	unsigned int i;

	for (i = 0; i < nr; i++)
		put_page_and_type(mfn_to_page(v->arch.gdt_frames[i]));
	v->arch.gdt_ents = 0;
}

void pv_destroy_gdt(struct vcpu *v)
{
	spin_lock(&v->domain->mm_lock);
	release_gdt(v);
	spin_unlock(&v->domain->mm_lock);
}

long pv_set_gdt(struct vcpu *v, const xen_pfn_t *frames, unsigned int entries)
{
	struct domain *d = v->domain;
	unsigned int nr = DIV_ROUND_UP(entries, ENTRIES_PER_PAGE), i;
	long rc = 0;

	/* entries is bounded below, so nr always fits gdt_frames[]. */
	BUILD_BUG_ON(DIV_ROUND_UP(FIRST_RESERVED_GDT_ENTRY, ENTRIES_PER_PAGE) >
		     MAX_GUEST_GDT_FRAMES);
	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;

	spin_lock(&d->mm_lock);
	for (i = 0; i < nr; i++) {
		struct page_info *pg = domain_page(d, frames[i]);

		if (!pg || get_page_and_type(pg, d, PGT_seg_desc_page)) {
			rc = -EINVAL;
			break;
		}
	}
	if (rc) {
		while (i-- > 0)
			put_page_and_type(mfn_to_page(frames[i]));
		spin_unlock(&d->mm_lock);
		return rc;
	}
	release_gdt(v);
	for (i = 0; i < nr; i++)
		v->arch.gdt_frames[i] = frames[i];
	v->arch.gdt_ents = entries;
	if (v == current)
		pv_load_gdt(v);
	spin_unlock(&d->mm_lock);
	if (v == current)
		flush_tlb_all_local();
	return 0;
}

long do_set_gdt(const xen_pfn_t *frame_list, unsigned int entries)
{
	xen_pfn_t frames[MAX_GUEST_GDT_FRAMES];
	unsigned int nr = DIV_ROUND_UP(entries, ENTRIES_PER_PAGE);

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	if (copy_from_guest(frames, frame_list, nr * sizeof(*frames)))
		return -EFAULT;
	return pv_set_gdt(current, frames, entries);
}

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
	struct domain *d = current->domain;
	struct page_info *pg;
	u64 fixed, *slot;
	unsigned long x;
	long rc = 0;

	if (maddr & 7)
		return -EINVAL;
	if (!pv_check_descriptor(desc, &fixed))
		return -EINVAL;

	spin_lock(&d->mm_lock);
	pg = domain_page(d, maddr >> PAGE_SHIFT);
	if (!pg) {
		rc = -EINVAL;
		goto out;
	}
	slot = (u64 *)page_to_virt(pg) + ((maddr & ~PAGE_MASK) >> 3);
	x = pg->u.type_info;
	if ((x & PGT_type_mask) == PGT_seg_desc_page && (x & PGT_count_mask) &&
	    (x & PGT_validated)) {
		WRITE_ONCE(*slot, fixed);
	} else if (!get_page_type(pg, PGT_writable_page)) {
		WRITE_ONCE(*slot, fixed);
		put_page_type(pg);
	} else {
		rc = -EINVAL;
	}
out:
	spin_unlock(&d->mm_lock);
	return rc;
}
