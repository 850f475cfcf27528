/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's page tables. Only the L4 slots Xen reserves are used
 * (asm/config.h): the image and its fixmap in slot 261, the direct map of
 * RAM from slot 262 on. PV guests' L4s will share these slots' L3 tables, so
 * a mapping added here is seen in every address space.
 */
#include <xen/lib.h>
#include <xen/memmap.h>
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>

#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

pgentry_t idle_pg_table[PTES_PER_TABLE] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");
static pgentry_t l3_xen[PTES_PER_TABLE] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");
static pgentry_t l2_xen[PTES_PER_TABLE] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");
static pgentry_t l2_fixmap[PTES_PER_TABLE] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");
static pgentry_t l1_fixmap[PTES_PER_TABLE] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");

/* Table pages for the direct map, taken from the boot allocator. */
static pgentry_t *alloc_table(struct memmap *boot)
{
	/* Below 4 GiB: reachable through the boot tables' direct map. */
	paddr_t pa = memmap_alloc(boot, PAGE_SIZE, PAGE_SIZE, 1ULL << 32);

	if (!pa)
		panic("out of memory for the direct map's page tables");
	memset(maddr_to_virt(pa), 0, PAGE_SIZE);
	return maddr_to_virt(pa);
}

static pgentry_t *next_table(pgentry_t *e, struct memmap *boot)
{
	if (!(*e & _PAGE_PRESENT))
		*e = virt_to_maddr(alloc_table(boot)) | TABLE_FLAGS;
	return maddr_to_virt(*e & PTE_ADDR_MASK);
}

/* Map [start, end) of RAM with 2 MiB pages, rounding outwards. */
static void map_direct(paddr_t start, paddr_t end, struct memmap *boot)
{
	paddr_t pa;

	start = ROUNDDOWN(start, L2_PAGE_SIZE);
	end = ROUNDUP(end, L2_PAGE_SIZE);
	for (pa = start; pa < end; pa += L2_PAGE_SIZE) {
		unsigned long va = DIRECTMAP_VIRT_START + pa;
		pgentry_t *l3 =
			next_table(&idle_pg_table[l4_table_offset(va)], boot);
		pgentry_t *l2 = next_table(&l3[l3_table_offset(va)], boot);

		l2[l2_table_offset(va)] = pa | PAGE_HYPERVISOR | _PAGE_PSE |
					  _PAGE_GLOBAL;
	}
}

void paging_init(const struct memmap *ram, struct memmap *boot)
{
	unsigned int i;

	if (ram->nr &&
	    ram->r[ram->nr - 1].end > DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)
		panic("RAM beyond the direct map's 5 TiB");

	/* The image: physical 0-1 GiB at XEN_VIRT_START, as the boot tables. */
	for (i = 0; i < PTES_PER_TABLE; i++)
		l2_xen[i] = ((paddr_t)i << L2_PAGE_SHIFT) | PAGE_HYPERVISOR |
			    _PAGE_PSE | _PAGE_GLOBAL;
	l3_xen[l3_table_offset(XEN_VIRT_START)] = virt_to_maddr(l2_xen) |
						  TABLE_FLAGS;
	l3_xen[l3_table_offset(FIXADDR_START)] = virt_to_maddr(l2_fixmap) |
						 TABLE_FLAGS;
	l2_fixmap[l2_table_offset(FIXADDR_START)] = virt_to_maddr(l1_fixmap) |
						    TABLE_FLAGS;
	idle_pg_table[l4_table_offset(XEN_VIRT_START)] = virt_to_maddr(l3_xen) |
							 TABLE_FLAGS;

	for (i = 0; i < ram->nr; i++)
		map_direct(ram->r[i].start, ram->r[i].end, boot);

	write_cr3(virt_to_maddr(idle_pg_table));
	write_cr4(read_cr4() | X86_CR4_PGE);
}

void *set_fixmap(enum fixmap_index idx, paddr_t pa, unsigned long flags)
{
	unsigned long va = FIXADDR_START + ((unsigned long)idx << PAGE_SHIFT);

	BUG_ON(idx >= FIX_END);
	l1_fixmap[l1_table_offset(va)] = (pa & PAGE_MASK) | flags;
	invlpg(va);
	return (void *)(va + (pa & ~PAGE_MASK));
}
