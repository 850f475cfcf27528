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
 *    every page-table entry one level up, every pin and page-table base use.
 *    A frame the domain gave back (decrease_reservation) lives on until
 *    the last of them goes; only then does it return to the heap.
 *  - type_info holds one type (PGT_*) and a count of its users: page-table
 *    entries one level up, pins, CR3 uses, writable L1 mappings, GDT and
 *    LDT slots. A frame changes type only when that count is 0; the first
 *    reference of a page-table or descriptor type validates the whole frame.
 */
#ifndef ASM_PV_MM_H
#define ASM_PV_MM_H

#include <xen/cpumask.h>
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
/* The MFN of the first frame of 2 MiB M2P chunk i, or 0 past the end. */
unsigned long m2p_chunk_mfn(unsigned long i);

/* --- Hypervisor mappings (xen/arch/x86/mm/xen-map.c) --- */

/*
 * Map one 4 KiB frame at va inside the hypervisor's slots of
 * idle_pg_table (tables allocated on demand; slots shared by all guest
 * L4s); flags are PTE flags; 0 unmaps. Returns 0 or -ENOMEM.
 */
int map_xen_page(unsigned long va, unsigned long mfn, unsigned long flags);
/* Fill guest L4 slots 256-271 from the hypervisor's (slot 256 per m2p). */
void init_xen_l4_slots(pgentry_t *l4, bool with_m2p);

/* --- TLB flushes (xen/arch/x86/mm/flush.c) --- */

/* Full TLB flush of this CPU, global entries included. */
void flush_tlb_all_local(void);
/* Flush every CPU that may hold translations of d's page tables. */
void flush_tlb_domain(const struct domain *d);
/* A frame of d left the writable type: flush every CPU that may map it. */
void flush_tlb_frame_retyped(const struct domain *d);
/* Invalidate one guest address on those CPUs. */
void flush_tlb_one_domain(const struct domain *d, unsigned long va);
/* Load v's current page-table base (kernel or user) on this CPU. */
void pv_write_ptbase(struct vcpu *v);
/* The CPUs that may hold translations of d (its dirty_cpumask). */
void pv_domain_dirty_cpumask(const struct domain *d, cpumask_t *mask);
/*
 * The CPUs behind a guest bitmap of d's vCPUs (UVMF_MULTI, the _MULTI
 * mmuext ops): 0, or -EFAULT with an empty mask.
 */
long pv_vcpumask_to_pcpumask(const struct domain *d, const void *bmap,
			     cpumask_t *mask);

/* --- I/O memory (xen/arch/x86/mm/iomem.c) --- */

/*
 * Frames no domain owns that the control domain may map (MMIO and the
 * first MiB), without reference counts; never the interrupt controllers
 * the hypervisor drives itself.
 */
bool iomem_mappable(unsigned long mfn);
/* A frame that is not the host's RAM (or is the first MiB). */
bool is_iomem_frame(unsigned long mfn);

/* --- Page-table hypercalls (xen/arch/x86/mm/mmu-update.c) --- */

/*
 * The owner of frames a request names (foreigndom, update_va_mapping_
 * otherdomain): DOMID_SELF is the caller; another domain needs the
 * control domain (-EPERM), and must exist (-ESRCH).
 */
long pv_get_pg_owner(domid_t domid, struct domain **owner);
/* The start of a guest array is a guest address (Xen's guest_handle_okay). */
bool pv_guest_array_ok(const void *p);
/*
 * Walk the guest page tables under the L4 at l4_mfn: the machine address
 * of the L1 entry that maps va, or 0 if no 4 KiB path exists (an entry
 * not present, a superpage, a frame beyond RAM).
 */
u64 pv_l1e_maddr(unsigned long l4_mfn, unsigned long va);
/* The L1 entry mapping va in v's kernel page tables, or 0. */
pgentry_t pv_kernel_l1e(const struct vcpu *v, unsigned long va);

/* --- Frame ownership and types (xen/arch/x86/mm/pv-mm.c) --- */

void share_xen_page_with_guest(struct page_info *pg, struct domain *d);
void unshare_xen_page(struct page_info *pg);

/*
 * A general reference on a frame d owns (allocated, or given back but
 * still referenced, or shared with d by the hypervisor); false if d does
 * not own it or the count would overflow.
 */
bool get_page(struct page_info *pg, struct domain *d);
/* Drop one; the last reference of a given-back frame frees it. */
void put_page(struct page_info *pg);
/*
 * A type reference of type (PGT_*); validates page-table and descriptor
 * frames on first use. Returns 0 or a negative errno (-EINVAL: the frame
 * has another type in use, or validation refused an entry; -EBUSY: a
 * writable mapping of a frame in use as a table, as Xen answers it).
 */
int get_page_type(struct page_info *pg, unsigned long type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, struct domain *d,
		      unsigned long type);
void put_page_and_type(struct page_info *pg);

/* The frame d owns at mfn (referenced: count > 0), or NULL. */
struct page_info *domain_page(struct domain *d, unsigned long mfn);

/*
 * Write one validated entry into a page-table frame of pt_dom (ptr =
 * machine address of the 8-byte slot), as MMU_NORMAL_PT_UPDATE (§4.3.2);
 * L1 entries may map frames of pg_dom (pt_dom itself, or another domain
 * for a privileged caller). The old entry's references are dropped after
 * the write. preserve_ad keeps the A/D bits already there. A frame that is
 * not a table gets the 8 bytes written as plain data if it may be
 * writable. Returns 0 or a negative errno.
 */
int pv_mmu_normal_update(struct domain *pt_dom, struct domain *pg_dom, u64 ptr,
			 u64 val, bool preserve_ad);

/* Pin and unpin (MMUEXT_PIN_Ln_TABLE, MMUEXT_UNPIN_TABLE). */
int pv_pin_table(struct domain *d, unsigned long mfn, unsigned long type);
int pv_unpin_table(struct domain *d, unsigned long mfn);

/* Make mfn the vCPU's kernel (or user) page-table base, as NEW_BASEPTR. */
int pv_new_guest_cr3(struct vcpu *v, unsigned long mfn);
int pv_new_user_cr3(struct vcpu *v, unsigned long mfn);

/*
 * Destroying d: drop what its vCPUs hold (bases, GDT, LDT, vcpu_info) and
 * every pin, so that the only references left on its frames are the
 * allocation ones and those of other domains.
 */
void pv_mm_relinquish(struct domain *d);

/* --- Guest LDTs (xen/arch/x86/mm/ldt.c) --- */

struct cpu_user_regs;
/* MMUEXT_SET_LDT for v: 0 or -EINVAL (unaligned, not a guest address). */
int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents);
/* Show v's LDT (or none, v NULL) on this CPU: window and LDTR. */
void pv_load_ldt(struct vcpu *v);
/*
 * A guest #PF at addr: if it is in this CPU's LDT window, map the LDT page
 * (validated as a descriptor frame) or bounce a #PF at the guest's LDT
 * address, and say true. False: not an LDT fault.
 */
bool pv_ldt_fault(struct cpu_user_regs *regs, unsigned long addr);
/* Drop v's LDT frames. Caller holds v's domain's mm_lock. */
void pv_destroy_ldt(struct vcpu *v);

#endif /* ASM_PV_MM_H */
