/* SPDX-License-Identifier: MIT */
/*
 * Sets of physical address ranges for early boot: the RAM the firmware
 * reported, minus what is already in use, and a simple top-down allocator
 * over what is left before the buddy heap exists. Ranges are half-open,
 * sorted and never overlapping or touching, so every query is a linear scan.
 * An operation that would overflow the table fails before changing it.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/memmap.h>

static void delete_ranges(struct memmap *m, unsigned int i, unsigned int n)
{
	unsigned int j;

	for (j = i; j + n < m->nr; j++)
		m->r[j] = m->r[j + n];
	m->nr -= n;
}

static void insert_range(struct memmap *m, unsigned int i, paddr_t start,
			 paddr_t end)
{
	unsigned int j;

	for (j = m->nr; j > i; j--)
		m->r[j] = m->r[j - 1];
	m->r[i].start = start;
	m->r[i].end = end;
	m->nr++;
}

int memmap_add(struct memmap *m, paddr_t start, paddr_t end)
{
	unsigned int i, j;

	if (start >= end)
		return 0;
	/* First range that overlaps or touches [start, end), or lies above. */
	for (i = 0; i < m->nr && m->r[i].end < start; i++)
		;
	/* Ranges i..j-1 overlap or touch: they merge into one. */
	for (j = i; j < m->nr && m->r[j].start <= end; j++) {
		start = min(start, m->r[j].start);
		end = max(end, m->r[j].end);
	}
	if (j == i) {
		if (m->nr == MEMMAP_MAX)
			return -ENOSPC;
		insert_range(m, i, start, end);
		return 0;
	}
	m->r[i].start = start;
	m->r[i].end = end;
	delete_ranges(m, i + 1, j - i - 1);
	return 0;
}

int memmap_remove(struct memmap *m, paddr_t start, paddr_t end)
{
	unsigned int i;

	if (start >= end)
		return 0;
	for (i = 0; i < m->nr; i++) {
		struct memrange *r = &m->r[i];

		if (r->end <= start)
			continue;
		if (r->start >= end)
			break;
		if (r->start < start && r->end > end) {
			/* Strictly inside: the one case that needs a new slot. */
			if (m->nr == MEMMAP_MAX)
				return -ENOSPC;
			insert_range(m, i + 1, end, r->end);
			r->end = start;
			return 0;
		}
		if (r->start < start) {
			r->end = start;
		} else if (r->end > end) {
			r->start = end;
		} else {
			delete_ranges(m, i, 1);
			i--;
		}
	}
	return 0;
}

void memmap_clip(struct memmap *m, paddr_t limit)
{
	unsigned int i;

	for (i = 0; i < m->nr; i++) {
		if (m->r[i].start >= limit) {
			m->nr = i;
			break;
		}
		if (m->r[i].end > limit)
			m->r[i].end = limit;
	}
}

void memmap_align(struct memmap *m, paddr_t align)
{
	unsigned int i, n = 0;

	if (align <= 1)
		return;
	for (i = 0; i < m->nr; i++) {
		paddr_t start = m->r[i].start,
			end = ROUNDDOWN(m->r[i].end, align);

		/* Rounding the start up must not wrap past the top. */
		if (start > ~(paddr_t)0 - (align - 1))
			continue;
		start = ROUNDUP(start, align);
		if (start >= end)
			continue;
		m->r[n].start = start;
		m->r[n].end = end;
		n++;
	}
	m->nr = n;
}

paddr_t memmap_total(const struct memmap *m)
{
	paddr_t total = 0;
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		total += m->r[i].end - m->r[i].start;
	return total;
}

paddr_t memmap_alloc(struct memmap *m, paddr_t size, paddr_t align,
		     paddr_t limit)
{
	unsigned int i;

	if (!size)
		return 0;
	if (!align)
		align = 1;
	/* Top-down, so low memory stays free for whoever needs it. */
	for (i = m->nr; i-- > 0;) {
		paddr_t top = m->r[i].end, addr;
		bool splits;

		if (limit && top > limit)
			top = limit;
		if (top <= m->r[i].start || top - m->r[i].start < size)
			continue;
		addr = ROUNDDOWN(top - size, align);
		if (addr < m->r[i].start || addr == 0)
			continue;
		/* Taking the middle of a range needs a free slot. */
		splits = addr > m->r[i].start && addr + size < m->r[i].end;
		if (splits && m->nr == MEMMAP_MAX)
			continue;
		memmap_remove(m, addr, addr + size);
		return addr;
	}
	return 0;
}
