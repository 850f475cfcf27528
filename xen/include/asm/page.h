/* SPDX-License-Identifier: MIT */
/*
 * Page sizes, page-table entry bits, and the translations between machine
 * addresses, frame numbers and hypervisor virtual addresses (direct map).
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <asm/config.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define L2_PAGE_SHIFT 21
#define L3_PAGE_SHIFT 30
#define L4_PAGE_SHIFT 39
#define L2_PAGE_SIZE (_AC(1, UL) << L2_PAGE_SHIFT)
#define PTES_PER_TABLE 512

#define _PAGE_PRESENT _AC(0x001, UL)
#define _PAGE_RW _AC(0x002, UL)
#define _PAGE_USER _AC(0x004, UL)
#define _PAGE_PWT _AC(0x008, UL)
#define _PAGE_PCD _AC(0x010, UL)
#define _PAGE_ACCESSED _AC(0x020, UL)
#define _PAGE_DIRTY _AC(0x040, UL)
#define _PAGE_PSE _AC(0x080, UL)
#define _PAGE_GLOBAL _AC(0x100, UL)
#define _PAGE_NX (_AC(1, UL) << 63)
#define PTE_ADDR_MASK _AC(0x000ffffffffff000, UL)

#define PAGE_HYPERVISOR \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_HYPERVISOR_UC (PAGE_HYPERVISOR | _PAGE_PCD | _PAGE_PWT)

#define l4_table_offset(va) (((va) >> L4_PAGE_SHIFT) & 511)
#define l3_table_offset(va) (((va) >> L3_PAGE_SHIFT) & 511)
#define l2_table_offset(va) (((va) >> L2_PAGE_SHIFT) & 511)
#define l1_table_offset(va) (((va) >> PAGE_SHIFT) & 511)

#ifndef __ASSEMBLY__
#include <xen/types.h>

typedef u64 pgentry_t;

/* The direct map covers all RAM; the image range maps physical 0-1 GiB. */
static inline void *maddr_to_virt(paddr_t ma)
{
	return (void *)(DIRECTMAP_VIRT_START + ma);
}

static inline paddr_t virt_to_maddr(const void *v)
{
	unsigned long va = (unsigned long)v;

	if (va >= XEN_VIRT_START && va < XEN_VIRT_START + XEN_VIRT_SIZE)
		return va - XEN_VIRT_START;
	return va - DIRECTMAP_VIRT_START;
}

/* Bits 63-47 all equal: an address the CPU can use at all. */
static inline bool is_canonical_address(unsigned long va)
{
	return ((long)va >> 47) == 0 || ((long)va >> 47) == -1;
}

#define mfn_to_virt(mfn) maddr_to_virt((paddr_t)(mfn) << PAGE_SHIFT)
#define virt_to_mfn(v) ((unsigned long)(virt_to_maddr(v) >> PAGE_SHIFT))
#define __va(ma) maddr_to_virt(ma)
#define __pa(v) virt_to_maddr(v)
#endif

#endif /* ASM_PAGE_H */
