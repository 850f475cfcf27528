/* SPDX-License-Identifier: MIT */
/*
 * Frames owned by domains: allocation counted against a domain's limit,
 * giving frames back, and the way every guest frame returns to the heap.
 *
 * A domain frame carries PGC_allocated and one reference for as long as it
 * is in its domain's reservation. Giving it back (decrease_reservation,
 * exchange, destruction) drops that reference; the frame stays owned, and
 * counted in tot_pages, until its last reference goes (a pinned table, a
 * mapping elsewhere), as in Xen. Only then does free_domain_page() take it
 * off the domain and queue it; domheap_flush_freed() flushes every CPU's
 * TLB once for the whole queue and hands the frames to the heap marked
 * dirty, so they are zeroed before any next owner sees them. A frame on
 * the queue belongs to nobody: no stale translation and no data of the
 * old owner can reach whoever gets it next.
 *
 * Locks: a domain's page_alloc_lock guards its page list, tot_pages and
 * max_pages and is taken after its mm_lock (frames are freed from inside
 * put_page); freed_lock guards the queue and is a leaf. Frames that outlive
 * their domain (another domain still maps them) move to dom_orphan, whose
 * page_alloc_lock nests inside any domain's.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/list.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <asm/pv-mm.h>

static DEFINE_SPINLOCK(freed_lock);
static LIST_HEAD(freed_list); /* freed_lock */
static unsigned long nr_freed; /* freed_lock */

/* Owner of frames whose domain is gone but that are still referenced. */
static struct domain dom_orphan = {
	.domain_id = DOMID_XEN,
	.page_list = LIST_HEAD_INIT(dom_orphan.page_list),
	.max_pages = 0,
};

/*
 * Make n fresh frames d's: owned, untyped, holding their allocation
 * reference, on its page list. Called with d's page_alloc_lock held.
 */
static void own_pages(struct domain *d, struct page_info *pg, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		pg[i].owner = d;
		pg[i].u.type_info = 0;
		pg[i].linear_pt_count = 0;
		WRITE_ONCE(pg[i].count_info, PGC_allocated | 1);
		list_add_tail(&pg[i].list, &d->page_list);
	}
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags)
{
	unsigned long n = 1UL << order;
	struct page_info *pg;

	if (order > MAX_ORDER)
		return NULL;
	/* Count the frames first, so concurrent callers cannot overshoot. */
	spin_lock(&d->page_alloc_lock);
	if (d->tot_pages + n > d->max_pages || d->tot_pages + n < n) {
		spin_unlock(&d->page_alloc_lock);
		return NULL;
	}
	d->tot_pages += n;
	spin_unlock(&d->page_alloc_lock);

	pg = alloc_heap_pages(order, memflags);
	if (!pg && domheap_nr_queued()) {
		/* Frames waiting for their flush may be just what we need. */
		domheap_flush_freed();
		pg = alloc_heap_pages(order, memflags);
	}

	spin_lock(&d->page_alloc_lock);
	if (!pg) {
		d->tot_pages -= n;
		spin_unlock(&d->page_alloc_lock);
		return NULL;
	}
	own_pages(d, pg, n);
	spin_unlock(&d->page_alloc_lock);
	return pg;
}

bool domain_release_page(struct domain *d, struct page_info *pg)
{
	if (pg->owner != d ||
	    !(__atomic_fetch_and(&pg->count_info, ~PGC_allocated,
				 __ATOMIC_SEQ_CST) &
	      PGC_allocated))
		return false;
	put_page(pg);
	return true;
}

void assign_domheap_pages(struct domain *d, struct page_info *pg,
			  unsigned int order)
{
	spin_lock(&d->page_alloc_lock);
	own_pages(d, pg, 1UL << order);
	spin_unlock(&d->page_alloc_lock);
}

int steal_domain_page(struct domain *d, struct page_info *pg)
{
	unsigned long x = PGC_allocated | 1;

	/* Only the allocation reference, no type: nobody else can see it. */
	if (pg->owner != d || (pg->u.type_info & PGT_count_mask) ||
	    !__atomic_compare_exchange_n(&pg->count_info, &x, 0, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return -EINVAL;
	spin_lock(&d->page_alloc_lock);
	list_del(&pg->list);
	pg->owner = NULL;
	spin_unlock(&d->page_alloc_lock);
	return 0;
}

void unsteal_domain_page(struct domain *d, struct page_info *pg)
{
	assign_domheap_pages(d, pg, 0);
}

static void queue_freed(struct page_info *pg)
{
	m2p_set(page_to_mfn(pg), INVALID_M2P_ENTRY);
	pg->u.type_info = 0;
	pg->linear_pt_count = 0;
	spin_lock(&freed_lock);
	list_add_tail(&pg->list, &freed_list);
	nr_freed++;
	spin_unlock(&freed_lock);
}

void free_stolen_page(struct page_info *pg)
{
	queue_freed(pg);
}

void free_domain_page(struct page_info *pg)
{
	struct domain *d;

	/* The owner may be changing to dom_orphan: lock the current one. */
	for (;;) {
		d = READ_ONCE(pg->owner);
		spin_lock(&d->page_alloc_lock);
		if (pg->owner == d)
			break;
		spin_unlock(&d->page_alloc_lock);
	}
	list_del(&pg->list);
	d->tot_pages--;
	pg->owner = NULL;
	spin_unlock(&d->page_alloc_lock);

	queue_freed(pg);
}

unsigned long domheap_nr_queued(void)
{
	return READ_ONCE(nr_freed);
}

void domheap_flush_freed(void)
{
	struct list_head batch;
	struct page_info *pg, *next;

	if (!READ_ONCE(nr_freed))
		return;
	spin_lock(&freed_lock);
	if (list_empty(&freed_list)) {
		spin_unlock(&freed_lock);
		return;
	}
	/* Take the whole queue: batch's head replaces freed_list's. */
	batch = freed_list;
	batch.next->prev = &batch;
	batch.prev->next = &batch;
	INIT_LIST_HEAD(&freed_list);
	nr_freed = 0;
	spin_unlock(&freed_lock);

	/* Whatever still translates to these frames goes first... */
	flush_tlb_mask(&cpu_online_map);
	/* ...then they are nobody's, dirty until the heap zeroes them. */
	list_for_each_entry_safe (pg, next, &batch, list) {
		list_del(&pg->list);
		pg->count_info = 0;
		free_heap_pages(pg, 0, true);
	}
}

/* Hand d's remaining frames to dom_orphan. Caller holds d's mm_lock. */
static unsigned long orphan_frames(struct domain *d)
{
	struct page_info *pg, *next;
	unsigned long n = 0;

	spin_lock(&d->page_alloc_lock);
	spin_lock(&dom_orphan.page_alloc_lock);
	list_for_each_entry_safe (pg, next, &d->page_list, list) {
		list_del(&pg->list);
		WRITE_ONCE(pg->owner, &dom_orphan);
		list_add_tail(&pg->list, &dom_orphan.page_list);
		n++;
	}
	d->tot_pages -= n;
	dom_orphan.tot_pages += n;
	spin_unlock(&dom_orphan.page_alloc_lock);
	spin_unlock(&d->page_alloc_lock);
	return n;
}

void domain_relinquish_memory(struct domain *d)
{
	struct page_info *pg, *next;
	unsigned long left;

	/* No frame can be added from here on. */
	spin_lock(&d->page_alloc_lock);
	d->max_pages = 0;
	spin_unlock(&d->page_alloc_lock);

	/* Bases, descriptor tables, vcpu_info, pins: every type goes. */
	pv_mm_relinquish(d);

	/*
	 * Now only allocation references and other domains' mappings are
	 * left, so dropping a frame's allocation reference frees at most
	 * that frame: the list walk stays safe.
	 */
	spin_lock(&d->mm_lock);
	list_for_each_entry_safe (pg, next, &d->page_list, list)
		domain_release_page(d, pg);
	left = orphan_frames(d);
	spin_unlock(&d->mm_lock);
	if (left)
		printk(XENLOG_WARNING
		       "domain %u: %lu frames still referenced elsewhere outlive it\n",
		       d->domain_id, left);
	domheap_flush_freed();
}
