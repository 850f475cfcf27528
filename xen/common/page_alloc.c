/* SPDX-License-Identifier: MIT */
/*
 * The buddy heap: every free frame belongs to exactly one free block of 2^k
 * frames aligned to its size, kept on the free list for order k. Allocation
 * splits the smallest block that satisfies the request; freeing merges a
 * block with its buddy for as long as the buddy is free and whole. Frames
 * freed dirty are zeroed on their way to the next owner, never on free, so
 * freeing stays cheap and nothing leaks between owners. The frame table and
 * max_page live here; the arch code fills them in before heap_init().
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

struct page_info *frame_table;
unsigned long max_page;

/*
 * heap_lock guards free_lists, free_blocks and free_pages, and, for every
 * frame in the heap, its page_info (count_info PGC_free/PGC_need_scrub,
 * u.order, list). Allocated frames belong to their caller.
 */
static DEFINE_SPINLOCK(heap_lock);
static struct list_head free_lists[MAX_ORDER + 1];
static unsigned long free_blocks[MAX_ORDER + 1];
static unsigned long free_pages;

/* u.order of a free frame that does not head a block. */
#define ORDER_NONE 0xffffffffU

void heap_init(void)
{
	unsigned int i;

	spin_lock_init(&heap_lock);
	for (i = 0; i <= MAX_ORDER; i++) {
		INIT_LIST_HEAD(&free_lists[i]);
		free_blocks[i] = 0;
	}
	free_pages = 0;
}

static void push_block(unsigned long mfn, unsigned int order)
{
	struct page_info *pg = mfn_to_page(mfn);

	pg->u.order = order;
	list_add(&pg->list, &free_lists[order]);
	free_blocks[order]++;
}

static void pop_block(unsigned long mfn, unsigned int order)
{
	struct page_info *pg = mfn_to_page(mfn);

	list_del(&pg->list);
	pg->u.order = ORDER_NONE;
	free_blocks[order]--;
}

/*
 * Put a block whose frames are already marked free into the lists, merging
 * it with free buddies of the same order. Caller holds heap_lock.
 */
static void merge_and_insert(unsigned long mfn, unsigned int order)
{
	while (order < MAX_ORDER) {
		unsigned long buddy = mfn ^ (1UL << order);
		struct page_info *bp;

		if (buddy + (1UL << order) > max_page)
			break;
		bp = mfn_to_page(buddy);
		if (!(bp->count_info & PGC_free) || bp->u.order != order)
			break;
		pop_block(buddy, order);
		mfn &= ~(1UL << order);
		order++;
	}
	push_block(mfn, order);
}

/* Mark a block's frames free and insert it. Caller holds heap_lock. */
static void free_block_locked(unsigned long mfn, unsigned int order,
			      unsigned long scrub_flag)
{
	unsigned long i, n = 1UL << order;

	for (i = 0; i < n; i++) {
		struct page_info *pg = mfn_to_page(mfn + i);

		/* A frame already marked dirty stays dirty until scrubbed. */
		pg->count_info = PGC_free | scrub_flag |
				 (pg->count_info & PGC_need_scrub);
		pg->u.order = ORDER_NONE;
		pg->owner = NULL;
	}
	free_pages += n;
	merge_and_insert(mfn, order);
}

/* The largest aligned block starting at mfn that fits in nr frames. */
static unsigned int max_block_order(unsigned long mfn, unsigned long nr)
{
	unsigned int order = 0;

	while (order < MAX_ORDER && !(mfn & (1UL << order)) &&
	       (2UL << order) <= nr)
		order++;
	return order;
}

void heap_add_pages(unsigned long mfn, unsigned long nr)
{
	unsigned long flags, end;

	if (mfn >= max_page)
		return;
	end = nr > max_page - mfn ? max_page : mfn + nr;

	spin_lock_irqsave(&heap_lock, flags);
	while (mfn < end) {
		struct page_info *pg = mfn_to_page(mfn);
		unsigned int order;
		unsigned long i;

		/* Reserved frames (image, MMIO) never enter the heap. */
		if (pg->count_info & PGC_reserved) {
			mfn++;
			continue;
		}
		order = max_block_order(mfn, end - mfn);
		/* Stop the block short of the next reserved frame. */
		for (i = 1; i < (1UL << order); i++) {
			if (mfn_to_page(mfn + i)->count_info & PGC_reserved) {
				order = max_block_order(mfn, i);
				break;
			}
		}
		for (i = 0; i < (1UL << order); i++) {
			if (mfn_to_page(mfn + i)->count_info & PGC_free) {
				spin_unlock_irqrestore(&heap_lock, flags);
				panic("heap_add_pages: mfn %#lx already free",
				      mfn + i);
			}
		}
		/* Fresh RAM may hold anything, e.g. a previous boot's data. */
		free_block_locked(mfn, order, PGC_need_scrub);
		mfn += 1UL << order;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
}

/* MEMF_bits(n): the first frame number a block must end at or below. */
static unsigned long mfn_limit(unsigned int memflags)
{
	unsigned int bits = memflags >> _MEMF_bits;

	if (!bits || bits >= 64)
		return ~0UL;
	if (bits < PAGE_SHIFT)
		return 0;
	return 1UL << (bits - PAGE_SHIFT);
}

struct page_info *alloc_heap_pages(unsigned int order, unsigned int memflags)
{
	unsigned long limit = mfn_limit(memflags), flags, mfn = 0, i, n;
	struct page_info *pg = NULL, *cand;
	unsigned int j;

	if (order > MAX_ORDER)
		return NULL;
	n = 1UL << order;

	spin_lock_irqsave(&heap_lock, flags);
	for (j = order; j <= MAX_ORDER && !pg; j++) {
		/* The request is carved from the bottom of the block. */
		list_for_each_entry (cand, &free_lists[j], list) {
			if (page_to_mfn(cand) + n <= limit) {
				pg = cand;
				break;
			}
		}
	}
	if (!pg) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	j--;
	mfn = page_to_mfn(pg);
	pop_block(mfn, j);
	/* Split: the upper halves go back, smallest last. */
	while (j > order) {
		j--;
		push_block(mfn + (1UL << j), j);
	}
	for (i = 0; i < n; i++)
		pg[i].count_info &= ~PGC_free;
	free_pages -= n;
	spin_unlock_irqrestore(&heap_lock, flags);

	/*
	 * The block is ours now: scrub it outside the lock. There is no way
	 * around this: whatever a previous owner left is gone before the
	 * frames have a new one.
	 */
	for (i = 0; i < n; i++) {
		if (!(pg[i].count_info & PGC_need_scrub))
			continue;
		memset(mfn_to_virt(mfn + i), 0, PAGE_SIZE);
		pg[i].count_info &= ~PGC_need_scrub;
	}
	for (i = 0; i < n; i++) {
		pg[i].u.type_info = 0;
		pg[i].owner = NULL;
		pg[i].linear_pt_count = 0;
	}
	return pg;
}

void free_heap_pages(struct page_info *pg, unsigned int order, bool need_scrub)
{
	unsigned long mfn, flags, i, n;

	if (order > MAX_ORDER || pg < frame_table)
		panic("free_heap_pages: bad block %p order %u", (void *)pg,
		      order);
	mfn = page_to_mfn(pg);
	n = 1UL << order;
	if (mfn >= max_page || n > max_page - mfn || (mfn & (n - 1)))
		panic("free_heap_pages: bad block mfn %#lx order %u", mfn,
		      order);

	spin_lock_irqsave(&heap_lock, flags);
	/* Validate the whole block before changing any of it. */
	for (i = 0; i < n; i++) {
		unsigned long ci = pg[i].count_info;

		if (ci & (PGC_free | PGC_reserved)) {
			spin_unlock_irqrestore(&heap_lock, flags);
			panic("free_heap_pages: mfn %#lx is %s", mfn + i,
			      ci & PGC_free ? "already free" : "reserved");
		}
	}
	free_block_locked(mfn, order, need_scrub ? PGC_need_scrub : 0);
	spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long heap_free_pages(void)
{
	return READ_ONCE(free_pages);
}

unsigned long heap_free_blocks(unsigned int order)
{
	return order <= MAX_ORDER ? READ_ONCE(free_blocks[order]) : 0;
}

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
	struct page_info *pg = alloc_heap_pages(order, memflags);

	return pg ? page_to_virt(pg) : NULL;
}

void free_xenheap_pages(void *v, unsigned int order)
{
	if (!v)
		return;
	/* Hypervisor memory may have held guest data: scrub before reuse. */
	free_heap_pages(virt_to_page(v), order, true);
}
