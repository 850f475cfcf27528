/* SPDX-License-Identifier: MIT */
/*
 * The small-object allocator. Requests up to 2048 bytes come from eight
 * power-of-two size classes, each carved from whole pages into equal slots,
 * so a slot is aligned to its size and no per-object header is needed.
 * Bigger requests get their own power-of-two run of pages. All bookkeeping
 * lives in the page_info of the pages themselves (see the type_info layout
 * below): xfree() finds everything from the pointer, and a class page that
 * empties goes straight back to the heap.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define XM_MIN_SHIFT 4 /* 16 bytes */
#define XM_NR_CLASSES 8 /* 16 .. 2048 bytes */
#define XM_MAX_SMALL (1UL << (XM_MIN_SHIFT + XM_NR_CLASSES - 1))

/*
 * u.type_info of an xmalloc page (type PGT_none, below the PGT_* bits):
 *   55..40  XM_MAGIC, so xfree() can refuse pointers it never handed out
 *   39      XM_LARGE: a page run; bits 7..0 hold its order
 *   otherwise a class page: 3..0 the class, 16..8 slots in use,
 *           28..20 the first free slot (XM_NONE: page full)
 * Free slots are chained through their first two bytes (next slot number).
 */
#define XM_MAGIC (0x786dUL << 40)
#define XM_MAGIC_MASK (0xffffUL << 40)
#define XM_LARGE (1UL << 39)
#define XM_CLASS_MASK 0xfUL
#define XM_ORDER_MASK 0xffUL
#define XM_INUSE_SHIFT 8
#define XM_FREE_SHIFT 20
#define XM_FIELD_MASK 0x1ffUL
#define XM_NONE 0x1ffU

/*
 * xmalloc_lock guards partial[], used_bytes, the type_info of every class
 * page, the chain of free slots in it, and its page_info list link (pages on
 * partial[] are hypervisor-owned, so the list field is free for our use).
 */
static DEFINE_SPINLOCK(xmalloc_lock);
/* Class pages with at least one free slot, per class. */
static struct list_head partial[XM_NR_CLASSES] = {
	LIST_HEAD_INIT(partial[0]), LIST_HEAD_INIT(partial[1]),
	LIST_HEAD_INIT(partial[2]), LIST_HEAD_INIT(partial[3]),
	LIST_HEAD_INIT(partial[4]), LIST_HEAD_INIT(partial[5]),
	LIST_HEAD_INIT(partial[6]), LIST_HEAD_INIT(partial[7]),
};
static size_t used_bytes;

static size_t class_size(unsigned int cls)
{
	return 1UL << (XM_MIN_SHIFT + cls);
}

static unsigned int get_field(const struct page_info *pg, unsigned int shift)
{
	return (unsigned int)((pg->u.type_info >> shift) & XM_FIELD_MASK);
}

static void set_field(struct page_info *pg, unsigned int shift,
		      unsigned int val)
{
	pg->u.type_info = (pg->u.type_info & ~(XM_FIELD_MASK << shift)) |
			  ((unsigned long)val << shift);
}

static u16 *slot_link(void *page, unsigned int cls, unsigned int slot)
{
	return (u16 *)((char *)page + slot * class_size(cls));
}

/* A fresh class page with every slot chained free. */
static struct page_info *new_class_page(unsigned int cls)
{
	unsigned int slots = PAGE_SIZE / class_size(cls), i;
	struct page_info *pg;
	void *page = alloc_xenheap_page();

	if (!page)
		return NULL;
	for (i = 0; i < slots; i++)
		*slot_link(page, cls, i) =
			(u16)(i + 1 < slots ? i + 1 : XM_NONE);
	pg = virt_to_page(page);
	pg->u.type_info = XM_MAGIC | cls | (0UL << XM_INUSE_SHIFT) |
			  (0UL << XM_FREE_SHIFT);
	return pg;
}

static void *alloc_small(size_t size)
{
	unsigned int cls = 0, slot;
	struct page_info *pg, *fresh = NULL;
	unsigned long flags;
	void *page;

	while (class_size(cls) < size)
		cls++;

	spin_lock_irqsave(&xmalloc_lock, flags);
	if (list_empty(&partial[cls])) {
		/* The heap has its own lock; do not nest it inside ours. */
		spin_unlock_irqrestore(&xmalloc_lock, flags);
		fresh = new_class_page(cls);
		if (!fresh)
			return NULL;
		spin_lock_irqsave(&xmalloc_lock, flags);
		list_add(&fresh->list, &partial[cls]);
	}
	pg = list_first_entry(&partial[cls], struct page_info, list);
	page = page_to_virt(pg);
	slot = get_field(pg, XM_FREE_SHIFT);
	set_field(pg, XM_FREE_SHIFT, *slot_link(page, cls, slot));
	set_field(pg, XM_INUSE_SHIFT, get_field(pg, XM_INUSE_SHIFT) + 1);
	if (get_field(pg, XM_FREE_SHIFT) == XM_NONE)
		list_del(&pg->list);
	used_bytes += class_size(cls);
	spin_unlock_irqrestore(&xmalloc_lock, flags);

	return slot_link(page, cls, slot);
}

static void *alloc_large(size_t size)
{
	unsigned int order = get_order_from_bytes(size);
	unsigned long flags;
	void *p;

	if (order > MAX_ORDER)
		return NULL;
	p = alloc_xenheap_pages(order, 0);
	if (!p)
		return NULL;
	virt_to_page(p)->u.type_info = XM_MAGIC | XM_LARGE | order;
	spin_lock_irqsave(&xmalloc_lock, flags);
	used_bytes += PAGE_SIZE << order;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	return p;
}

void *xmalloc_bytes(size_t size)
{
	if (size <= XM_MAX_SMALL)
		return alloc_small(size);
	if (size > (PAGE_SIZE << MAX_ORDER))
		return NULL;
	return alloc_large(size);
}

void *xzalloc_bytes(size_t size)
{
	void *p = xmalloc_bytes(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *xmalloc_array_bytes(size_t size, size_t n, bool zero)
{
	if (n && size > (size_t)-1 / n)
		return NULL;
	return zero ? xzalloc_bytes(size * n) : xmalloc_bytes(size * n);
}

static void free_small(void *p, struct page_info *pg)
{
	unsigned int cls = (unsigned int)(pg->u.type_info & XM_CLASS_MASK);
	void *page = page_to_virt(pg);
	size_t off = (size_t)((char *)p - (char *)page);
	unsigned int slot = (unsigned int)(off / class_size(cls)), s, inuse;
	unsigned long flags;
	bool was_full;

	if (cls >= XM_NR_CLASSES || off % class_size(cls))
		panic("xfree: %p is not an xmalloc object", p);

	spin_lock_irqsave(&xmalloc_lock, flags);
	for (s = get_field(pg, XM_FREE_SHIFT); s != XM_NONE;
	     s = *slot_link(page, cls, s)) {
		if (s == slot) {
			spin_unlock_irqrestore(&xmalloc_lock, flags);
			panic("xfree: double free of %p", p);
		}
	}
	was_full = get_field(pg, XM_FREE_SHIFT) == XM_NONE;
	*slot_link(page, cls, slot) = (u16)get_field(pg, XM_FREE_SHIFT);
	set_field(pg, XM_FREE_SHIFT, slot);
	inuse = get_field(pg, XM_INUSE_SHIFT) - 1;
	set_field(pg, XM_INUSE_SHIFT, inuse);
	used_bytes -= class_size(cls);

	if (inuse == 0) {
		/* Empty: back to the heap (a full page was on no list). */
		if (!was_full)
			list_del(&pg->list);
		pg->u.type_info = 0;
		spin_unlock_irqrestore(&xmalloc_lock, flags);
		free_xenheap_page(page);
		return;
	}
	if (was_full)
		list_add(&pg->list, &partial[cls]);
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}

void xfree(void *p)
{
	struct page_info *pg;
	unsigned long flags, ti;
	unsigned int order;

	if (!p)
		return;
	if (virt_to_mfn(p) >= max_page)
		panic("xfree: %p is not hypervisor memory", p);
	pg = virt_to_page(p);
	ti = pg->u.type_info;
	if ((ti & XM_MAGIC_MASK) != XM_MAGIC)
		panic("xfree: %p was not allocated by xmalloc", p);
	if (!(ti & XM_LARGE)) {
		free_small(p, pg);
		return;
	}

	order = (unsigned int)(ti & XM_ORDER_MASK);
	if ((unsigned long)p & (PAGE_SIZE - 1))
		panic("xfree: %p is not an xmalloc object", p);
	spin_lock_irqsave(&xmalloc_lock, flags);
	used_bytes -= PAGE_SIZE << order;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	pg->u.type_info = 0;
	free_xenheap_pages(p, order);
}

size_t xmalloc_used_bytes(void)
{
	return READ_ONCE(used_bytes);
}
