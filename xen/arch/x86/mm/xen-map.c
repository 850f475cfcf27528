/* SPDX-License-Identifier: MIT */
/*
 * Small 4 KiB mappings inside the hypervisor's L4 slots (the per-CPU GDT
 * windows, for now), and the hypervisor half of every guest L4. Guest L4s
 * copy slots 257-271 from idle_pg_table, so these slots must exist before
 * the first guest L4 is validated; anything mapped below them later is seen
 * in every address space at once.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>

#define XEN_TABLE_FLAGS \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define ROOT_SLOT_FIRST 256
#define ROOT_SLOT_LAST 271

/*
 * The table e points to, made if missing. CPUs map their own windows
 * concurrently (GDT, LDT) and may need the same missing table at once:
 * the first to install one wins, the others free theirs.
 */
static pgentry_t *table_of(pgentry_t *e)
{
	pgentry_t cur = __atomic_load_n(e, __ATOMIC_ACQUIRE);

	if (!(cur & _PAGE_PRESENT)) {
		pgentry_t *t = alloc_xenheap_page();
		pgentry_t nv;

		if (!t)
			return NULL;
		memset(t, 0, PAGE_SIZE);
		nv = virt_to_maddr(t) | XEN_TABLE_FLAGS;
		if (__atomic_compare_exchange_n(e, &cur, nv, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_ACQUIRE))
			cur = nv;
		else
			free_xenheap_page(t);
	}
	if (cur & _PAGE_PSE)
		return NULL;
	return maddr_to_virt(cur & PTE_ADDR_MASK);
}

int map_xen_page(unsigned long va, unsigned long mfn, unsigned long flags)
{
	pgentry_t *l3, *l2, *l1, nv;

	if (va < HYPERVISOR_VIRT_START || va >= HYPERVISOR_VIRT_END)
		return -EINVAL;
	l3 = table_of(&idle_pg_table[l4_table_offset(va)]);
	if (!l3)
		return -ENOMEM;
	l2 = table_of(&l3[l3_table_offset(va)]);
	if (!l2)
		return -ENOMEM;
	l1 = table_of(&l2[l2_table_offset(va)]);
	if (!l1)
		return -ENOMEM;
	nv = flags ? ((pgentry_t)mfn << PAGE_SHIFT) | flags : 0;
	/*
	 * Context switches remap whole GDT/LDT windows, mostly with what is
	 * already there: no write and no TLB invalidation for those.
	 */
	if (l1[l1_table_offset(va)] == nv)
		return 0;
	l1[l1_table_offset(va)] = nv;
	invlpg(va);
	return 0;
}

void init_xen_l4_slots(pgentry_t *l4, bool with_m2p)
{
	unsigned int i;

	for (i = ROOT_SLOT_FIRST; i <= ROOT_SLOT_LAST; i++)
		l4[i] = idle_pg_table[i];
	l4[l4_table_offset(RO_MPT_VIRT_START)] = with_m2p ? m2p_ro_l4e() : 0;
}
