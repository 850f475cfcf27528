/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own page tables (xen/arch/x86/mm.c).
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xen/memmap.h>
#include <xen/types.h>
#include <asm/page.h>

/* Fixed 4 KiB device mappings in FIXADDR_START. */
enum fixmap_index {
	FIX_APIC_BASE,
	FIX_SMP_SELFTEST, /* remapped by the TLB shootdown selftest */
	FIX_END,
};

void *set_fixmap(enum fixmap_index idx, paddr_t pa, unsigned long flags);

/*
 * Build the final page tables: the image, the fixmap and a direct map of
 * every range in ram (below ram_end), taking table pages from boot; then
 * switch to them. Afterwards only RAM is mapped at DIRECTMAP_VIRT_START.
 */
void paging_init(const struct memmap *ram, struct memmap *boot);

extern pgentry_t idle_pg_table[PTES_PER_TABLE];

#endif /* ASM_MM_H */
