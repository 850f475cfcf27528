/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: the frame table (one struct page_info per frame up to
 * max_page) and the buddy heap (xen/common/page_alloc.c) that hands out
 * frames in power-of-two blocks. The page_info fields are laid out for PV:
 * an owner, a type with a type count, and a general reference count, as in
 * Xen; page-table validation (issue 4) builds on them.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/list.h>
#include <xen/types.h>
#include <asm/page.h> /* PAGE_SHIFT, PAGE_SIZE, mfn_to_virt, virt_to_mfn */

struct domain;

struct page_info {
	/*
	 * Free: link in the heap's free list for the block's order (heap_lock).
	 * Owned by a domain: link in the domain's page list (its page_alloc_lock).
	 */
	struct list_head list;

	/* PGC_* flags in the top bits, general reference count below. */
	unsigned long count_info;

	union {
		/* In use: PGT_* type in the top bits, type count below. */
		unsigned long type_info;
		/* Free, on a block's first page: the block's order. */
		unsigned int order;
	} u;

	/* The owning domain; NULL for the hypervisor's own and free frames. */
	struct domain *owner;

	/*
	 * Linear (same-level) page-table references, as Xen counts them
	 * (owner's mm_lock): > 0, this table holds that many entries
	 * pointing at other tables of its own level; < 0, that many such
	 * entries point at this table. Never both, so recursion stops at
	 * one level.
	 */
	s16 linear_pt_count;
};

/* count_info flags. */
#define PGC_allocated (1UL << 63) /* a domain holds its allocation ref */
#define PGC_free (1UL << 62) /* in the heap */
#define PGC_need_scrub (1UL << 61) /* freed dirty: zero before reuse */
#define PGC_reserved (1UL << 60) /* never RAM for the heap (image, MMIO) */
#define PGC_count_mask ((1UL << 56) - 1)

/* type_info: the type in the top bits, a validated flag, the type count. */
#define PGT_none (0UL << 60)
#define PGT_l1_page_table (1UL << 60)
#define PGT_l2_page_table (2UL << 60)
#define PGT_l3_page_table (3UL << 60)
#define PGT_l4_page_table (4UL << 60)
#define PGT_seg_desc_page (5UL << 60)
#define PGT_writable_page (7UL << 60)
#define PGT_type_mask (15UL << 60)
#define PGT_pinned (1UL << 59)
#define PGT_validated (1UL << 58)
#define PGT_count_mask ((1UL << 56) - 1)

extern struct page_info *frame_table;
extern unsigned long max_page; /* frames in the frame table */

#define mfn_to_page(mfn) (frame_table + (mfn))
#define page_to_mfn(pg) ((unsigned long)((pg)-frame_table))
#define page_to_virt(pg) mfn_to_virt(page_to_mfn(pg))
#define virt_to_page(v) mfn_to_page(virt_to_mfn(v))

/* Buddy heap. MAX_ORDER is the largest block: 2^MAX_ORDER frames. */
#define MAX_ORDER 20

/* memflags for alloc_heap_pages. */
#define _MEMF_bits 24
#define MEMF_bits(n) ((unsigned int)(n) << _MEMF_bits) /* below 2^n bytes */

/* Set up empty free lists for frames [0, max_page). */
void heap_init(void);
/* Give frames [mfn, mfn + nr) to the heap; they coalesce with free buddies. */
void heap_add_pages(unsigned long mfn, unsigned long nr);
/*
 * 2^order contiguous frames, aligned to their size, or NULL. Frames freed
 * dirty are always zeroed first: nothing a previous owner wrote survives.
 */
struct page_info *alloc_heap_pages(unsigned int order, unsigned int memflags);
/* Return a block; need_scrub: its contents must not reach the next owner. */
void free_heap_pages(struct page_info *pg, unsigned int order, bool need_scrub);
unsigned long heap_free_pages(void);
/* Free blocks of 2^order frames in the heap, for selftests and debugging. */
unsigned long heap_free_blocks(unsigned int order);

/*
 * Frames owned by a domain (xen/common/domheap.c), all under the owner's
 * page_alloc_lock for the page list and counters. A domain frame holds
 * PGC_allocated and one general reference for as long as the domain has
 * it in its reservation; it returns to the heap (scrubbed, after a TLB
 * flush of every CPU) only when its last reference is gone.
 */
/*
 * 2^order frames for d, counted against d->max_pages: NULL if d would
 * exceed it or the heap has no such block. Each frame is owned by d,
 * allocated, typeless, with one reference; its M2P entry is not set.
 */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags);
/*
 * Exchange (XENMEM_exchange) moves frames without counting them twice:
 * assign_domheap_pages() gives d heap frames it already paid for,
 * steal_domain_page() takes back a frame that holds nothing but its
 * allocation reference (-EINVAL otherwise), unsteal_domain_page() returns
 * it, free_stolen_page() queues it for the heap. tot_pages is left alone
 * by all four. Callers hold d's mm_lock.
 */
void assign_domheap_pages(struct domain *d, struct page_info *pg,
			  unsigned int order);
int steal_domain_page(struct domain *d, struct page_info *pg);
void unsteal_domain_page(struct domain *d, struct page_info *pg);
void free_stolen_page(struct page_info *pg);
/* Drop d's allocation reference (decrease_reservation); false if none. */
bool domain_release_page(struct domain *d, struct page_info *pg);
/*
 * The last reference of a released frame went (put_page): take it off its
 * owner's list and queue it for the heap. Caller holds the owner's mm_lock.
 */
void free_domain_page(struct page_info *pg);
/*
 * Return queued frames to the heap: one TLB flush of every CPU first, so
 * no stale translation can reach them, then free them to be scrubbed.
 * Cheap when nothing is queued; called at the end of every hypercall.
 */
void domheap_flush_freed(void);
/* Frames waiting in that queue (selftests, unit tests). */
unsigned long domheap_nr_queued(void);
/*
 * Destroying d: release every frame it holds. Frames still referenced
 * from elsewhere (another domain's mappings) are handed to an orphan
 * owner and freed when their last reference goes.
 */
void domain_relinquish_memory(struct domain *d);

/* The hypervisor's own pages, reached through the direct map. */
void *alloc_xenheap_pages(unsigned int order, unsigned int memflags);
void free_xenheap_pages(void *v, unsigned int order);
static inline void *alloc_xenheap_page(void)
{
	return alloc_xenheap_pages(0, 0);
}
static inline void free_xenheap_page(void *v)
{
	free_xenheap_pages(v, 0);
}

/* Smallest order with 2^order >= pages. */
static inline unsigned int get_order_from_pages(unsigned long pages)
{
	unsigned int order = 0;

	while ((1UL << order) < pages)
		order++;
	return order;
}

static inline unsigned int get_order_from_bytes(paddr_t bytes)
{
	return get_order_from_pages((bytes + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

#endif /* XEN_MM_H */
