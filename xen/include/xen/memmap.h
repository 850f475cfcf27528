/* SPDX-License-Identifier: MIT */
/*
 * Sets of physical address ranges: the RAM map, and what is carved out of it
 * (the hypervisor image, modules, early allocations) before the heap takes the
 * rest. Ranges are half-open [start, end), kept sorted and merged.
 */
#ifndef XEN_MEMMAP_H
#define XEN_MEMMAP_H

#include <xen/types.h>

#define MEMMAP_MAX 256

struct memrange {
	paddr_t start, end;
};

struct memmap {
	unsigned int nr;
	struct memrange r[MEMMAP_MAX];
};

/* Add [start, end), merging with neighbours. -ENOSPC if the table is full. */
int memmap_add(struct memmap *m, paddr_t start, paddr_t end);
/* Remove [start, end) from whatever ranges it overlaps (may split one). */
int memmap_remove(struct memmap *m, paddr_t start, paddr_t end);
/* Drop everything at or above limit. */
void memmap_clip(struct memmap *m, paddr_t limit);
/*
 * Shrink every range inward to a multiple of align, a power of two (partial
 * pages go).
 */
void memmap_align(struct memmap *m, paddr_t align);
paddr_t memmap_total(const struct memmap *m);
/*
 * The boot allocator: take size bytes aligned to align (a power of two) from
 * the highest free space, so that the block ends at or below limit (0: no
 * limit; a range straddling limit is used below it), and remove them from
 * the map. Returns the start, or 0 when nothing fits (address 0 is never
 * handed out).
 */
paddr_t memmap_alloc(struct memmap *m, paddr_t size, paddr_t align,
		     paddr_t limit);

#endif /* XEN_MEMMAP_H */
