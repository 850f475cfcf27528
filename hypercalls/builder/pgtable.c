/* SPDX-License-Identifier: MIT */
/*
 * The bootstrap page tables (§2.3): how many tables a mapping needs, where
 * each one sits, and their contents. A mapping is a VA range mapped 1:1
 * onto consecutive PFNs; the main mapping owns the L4 and its tables come
 * top level first (L4, L3s, L2s, L1s, each level in VA order) because Linux
 * recognises and frees its first tables by that order. A second mapping
 * (the relocated p2m, §2.5) shares the L4 and any lower table whose VA
 * range the first mapping's tables already cover. Every L1 entry maps its
 * page read/write, except pages that are themselves tables, which must
 * never be writable by the guest (§6.1).
 */
#include <public/errno.h>

#include "xb_private.h"

#define ENTRIES 512
#define CANONICAL_HIGH 0xffff000000000000ULL

/* Bits of VA one table of level index @l (0 = L1) covers. */
static unsigned int table_bits(unsigned int l)
{
	return XB_PAGE_SHIFT + 9 * (l + 1);
}

void xb_map_count(struct xb_map *m, const struct xb_map *prev,
		  unsigned int nr_prev, uint64_t from, uint64_t to,
		  uint64_t pfn, uint64_t table_pfn)
{
	uint64_t used = 0;
	int l;

	memset(m, 0, sizeof(*m));
	m->from = from;
	m->to = to;
	m->pfn = pfn;
	for (l = 3; l >= 0; l--) {
		uint64_t mask, lo, hi, count = 0;
		unsigned int i, bits;
		bool covered = false;

		m->lvl[l].pfn = table_pfn + used;
		if (l == 3) {
			/* One L4, owned by the first mapping. */
			if (!nr_prev) {
				m->lvl[l].from = 0;
				m->lvl[l].to = ~(uint64_t)0;
				m->lvl[l].count = 1;
				used++;
			}
			continue;
		}
		bits = table_bits((unsigned int)l);
		mask = (1ULL << bits) - 1;
		lo = from & ~mask;
		hi = to | mask;
		/* Trim what earlier mappings' tables of this level cover. */
		for (i = 0; i < nr_prev && !covered; i++) {
			const uint64_t pf = prev[i].lvl[l].from;
			const uint64_t pt = prev[i].lvl[l].to;

			if (!prev[i].lvl[l].count)
				continue;
			if (lo >= pf && hi <= pt) {
				covered = true;
				break;
			}
			if (lo >= pf && lo <= pt)
				lo = pt + 1;
			if (hi >= pf && hi <= pt)
				hi = pf - 1;
		}
		if (!covered && lo < hi)
			count = ((hi - lo) >> bits) + 1;
		if (count) {
			m->lvl[l].from = lo;
			m->lvl[l].to = hi;
			m->lvl[l].count = count;
		}
		used += count;
	}
	m->nr_tables = used;
}

unsigned int xb_pt_level(const struct xb_layout *lo, uint64_t pfn)
{
	unsigned int m, l;

	for (m = 0; m < lo->nr_maps; m++)
		for (l = 0; l < 4; l++)
			if (lo->map[m].lvl[l].count &&
			    pfn >= lo->map[m].lvl[l].pfn &&
			    pfn - lo->map[m].lvl[l].pfn <
				    lo->map[m].lvl[l].count)
				return l + 1;
	return 0;
}

int xb_for_each_pt(const struct xb_layout *lo,
		   int (*fn)(void *ctx, uint64_t pfn, unsigned int level),
		   void *ctx)
{
	unsigned int m, l;
	uint64_t t;
	int rc;

	for (l = 0; l < 4; l++)
		for (m = 0; m < lo->nr_maps; m++)
			for (t = 0; t < lo->map[m].lvl[l].count; t++) {
				rc = fn(ctx, lo->map[m].lvl[l].pfn + t, l + 1);
				if (rc)
					return rc;
			}
	return 0;
}

/* The PFN of the level-@l table (0 = L1) whose range holds @va. */
static uint64_t table_for(const struct xb_layout *lo, unsigned int l,
			  uint64_t va)
{
	unsigned int m;

	for (m = 0; m < lo->nr_maps; m++) {
		const struct xb_map *map = &lo->map[m];

		if (map->lvl[l].count && va >= map->lvl[l].from &&
		    va <= map->lvl[l].to)
			return map->lvl[l].pfn +
			       ((va - map->lvl[l].from) >> table_bits(l));
	}
	return XB_UNSET;
}

/* The PFN mapped at @va, or XB_UNSET outside every mapping. */
static uint64_t page_for(const struct xb_layout *lo, uint64_t va)
{
	unsigned int m;

	for (m = 0; m < lo->nr_maps; m++)
		if (va >= lo->map[m].from && va <= lo->map[m].to)
			return lo->map[m].pfn +
			       ((va - lo->map[m].from) >> XB_PAGE_SHIFT);
	return XB_UNSET;
}

/* Fill one table page: level index @l, covering VAs from @base. */
static int fill_table(const struct xb_layout *lo, const struct xb_mem *mem,
		      uint64_t *tab, unsigned int l, uint64_t base,
		      struct xb_err *err)
{
	unsigned int i, entry_bits = table_bits(l) - 9;

	for (i = 0; i < ENTRIES; i++) {
		uint64_t va, pfn, mfn, prot;

		if (l == 3) {
			va = (uint64_t)i << entry_bits;
			if (i >= ENTRIES / 2)
				va |= CANONICAL_HIGH;
		} else {
			va = base + ((uint64_t)i << entry_bits);
		}
		if (l == 0) {
			pfn = page_for(lo, va);
			prot = XB_L1_PROT;
			if (pfn != XB_UNSET && xb_pt_level(lo, pfn))
				prot &= ~XB_PTE_RW;
		} else {
			pfn = table_for(lo, l - 1, va);
			prot = XB_UPPER_PROT;
		}
		if (pfn == XB_UNSET)
			continue;
		mfn = mem->pfn_to_mfn(mem->ctx, pfn);
		if (mfn == XB_INVALID_MFN ||
		    mfn > (XB_PTE_MFN_MASK >> XB_PAGE_SHIFT))
			return xb_fail(
				err, -XEN_EFAULT,
				"PFN %#lx mapped at %#lx has no usable MFN (%#lx)",
				pfn, va, mfn);
		tab[i] = (mfn << XB_PAGE_SHIFT) | prot;
	}
	return 0;
}

int xb_write_tables(const struct xb_layout *lo, const struct xb_mem *mem,
		    struct xb_err *err)
{
	unsigned int m, l;
	uint64_t t;
	int rc;

	for (m = 0; m < lo->nr_maps; m++)
		for (l = 0; l < 4; l++)
			for (t = 0; t < lo->map[m].lvl[l].count; t++) {
				uint64_t pfn = lo->map[m].lvl[l].pfn + t;
				uint64_t base = lo->map[m].lvl[l].from +
						(t << table_bits(l));
				uint64_t *tab = xb_map_page(mem, pfn, err);

				if (!tab)
					return -XEN_EFAULT;
				memset(tab, 0, XB_PAGE_SIZE);
				rc = fill_table(lo, mem, tab, l, base, err);
				mem->unmap(mem->ctx, tab);
				if (rc)
					return rc;
			}
	return 0;
}
