/* SPDX-License-Identifier: MIT */
/*
 * PV memory management (xen/arch/x86/mm/): the machine-to-phys table, the
 * per-frame type and reference-count rules that keep guest page tables and
 * descriptor tables read-only to their guest (pv-boot-abi.md §6), and the
 * hypervisor slots every guest L4 carries.
 *
 * Reference rules (all under the owning domain's mm_lock):
 *  - count_info's low bits count general references: the allocation
 *    reference (PGC_allocated), every present L1 entry mapping the frame,
 *    every pin and page-table base use.
 *  - type_info holds one type (PGT_*) and a count of its users: page-table
 *    entries one level up, pins, CR3 uses, writable L1 mappings, GDT slots.
 *    A frame changes type only when that count is 0; the first reference
 *    of a page-table or descriptor type validates the whole frame.
 */
#ifndef ASM_PV_MM_H
#define ASM_PV_MM_H

#include <xen/mm.h>
#include <xen/types.h>
#include <asm/page.h>

struct domain;
struct vcpu;

/* A hypervisor frame a guest may map (shared_info): owner set, not listed. */
#define PGC_xen_shared (1UL << 59)

#define INVALID_M2P_ENTRY (~0UL)
#define INVALID_MFN (~0UL)

/* Software PTE bit 52: a guest-kernel page (§6.4). */
#define _PAGE_GUEST_KERNEL (1UL << 52)

/* --- M2P (xen/arch/x86/mm/m2p.c) --- */

/* Allocate and map the M2P for frames [0, max_page), all invalid. */
void m2p_init(void);
void m2p_set(unsigned long mfn, unsigned long pfn);
unsigned long m2p_get(unsigned long mfn);
/* The L4 entry that maps the read-only M2P into a guest (slot 256). */
pgentry_t m2p_ro_l4e(void);
/* The highest MFN the M2P covers (XENMEM_machphys_mapping). */
unsigned long m2p_max_mfn(void);

/* --- Hypervisor mappings (xen/arch/x86/mm/xen-map.c) --- */

/*
 * Map one 4 KiB frame at va inside the hypervisor's slots of
 * idle_pg_table (tables allocated on demand; slots shared by all guest
 * L4s); flags are PTE flags; 0 unmaps. Returns 0 or -ENOMEM.
 */
int map_xen_page(unsigned long va, unsigned long mfn, unsigned long flags);
/* Fill guest L4 slots 256-271 from the hypervisor's (slot 256 per m2p). */
void init_xen_l4_slots(pgentry_t *l4, bool with_m2p);

/* --- Frame ownership and types (xen/arch/x86/mm/pv-mm.c) --- */

void share_xen_page_with_guest(struct page_info *pg, struct domain *d);
void unshare_xen_page(struct page_info *pg);

/* A general reference on a frame d may map; false if it may not. */
bool get_page(struct page_info *pg, struct domain *d);
void put_page(struct page_info *pg);
/*
 * A type reference of type (PGT_*); validates page-table and descriptor
 * frames on first use. Returns 0 or a negative errno (-EBUSY: the frame
 * has another type in use; -EINVAL: validation refused an entry).
 */
int get_page_type(struct page_info *pg, unsigned long type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, struct domain *d,
		      unsigned long type);
void put_page_and_type(struct page_info *pg);

/* The frame d owns at mfn, or NULL. */
struct page_info *domain_page(struct domain *d, unsigned long mfn);

/*
 * Write one validated entry into a page-table frame of d (ptr = machine
 * address of the 8-byte slot), as MMU_NORMAL_PT_UPDATE (§4.3.2); the old
 * entry's references are dropped after the write. preserve_ad keeps the
 * A/D bits already there. Returns 0 or a negative errno.
 */
int pv_mmu_normal_update(struct domain *d, u64 ptr, u64 val, bool preserve_ad);

/* Make mfn the vCPU's kernel (or user) page-table base, as NEW_BASEPTR. */
int pv_new_guest_cr3(struct vcpu *v, unsigned long mfn);
int pv_new_user_cr3(struct vcpu *v, unsigned long mfn);

/* Full TLB flush of this CPU, global entries included. */
void flush_tlb_all_local(void);

#endif /* ASM_PV_MM_H */
