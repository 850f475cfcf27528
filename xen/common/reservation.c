/* SPDX-License-Identifier: MIT */
/*
 * Reservation changes (pv-boot-abi.md §4.3.10): increase_reservation,
 * populate_physmap, decrease_reservation and exchange, with Xen's rules.
 * Extents are 2^extent_order frames, at most order 9 for a domU (the
 * control domain: MAX_ORDER); mem_flags' address bits restrict where new
 * frames may lie when they are below the top of RAM; a request stops at
 * the first extent that cannot be done and reports how many were (for
 * exchange, in nr_exchanged). Long requests continue: memory_op is
 * re-entered with the extent to resume at in cmd's upper bits, exchange
 * with nr_exchanged. New frames count against the domain's max_pages;
 * frames given back leave it when their last reference does
 * (xen/common/domheap.c), so a pinned page table given back stays what it
 * is until unpinned, and nothing is freed while referenced.
 */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/pv-mm.h>
#include <public/memory.h>
#include <public/xen.h>

#include "reservation.h"

#define DOMU_MAX_ORDER 9

static unsigned int max_order(const struct domain *d)
{
	return d->is_privileged ? MAX_ORDER : DOMU_MAX_ORDER;
}

int memop_args_from_reservation(const struct xen_memory_reservation *r,
				struct domain *d, struct memop_args *a)
{
	unsigned int bits = XENMEMF_get_address_bits(r->mem_flags);

	a->domain = d;
	a->list = r->extent_start.p;
	a->nr_extents = r->nr_extents;
	a->extent_order = r->extent_order;
	a->memflags = 0;
	a->preempted = false;
	/* Only a limit below the top of RAM means anything. */
	if (bits && bits < get_order_from_pages(max_page) + PAGE_SHIFT) {
		if (bits <= PAGE_SHIFT)
			return -EINVAL;
		a->memflags = MEMF_bits(bits);
	}
	return 0;
}

/* Stop before extent i (not the first of this entry) if we must. */
static bool memop_preempt(struct memop_args *a, unsigned long i)
{
	if (i != a->nr_done && hypercall_preempt_check()) {
		a->preempted = true;
		return true;
	}
	return false;
}

void increase_reservation(struct memop_args *a)
{
	struct page_info *pg;
	unsigned long i;
	xen_pfn_t mfn;

	if ((a->list && !pv_guest_array_ok(a->list + a->nr_done)) ||
	    a->extent_order > max_order(current->domain))
		return;
	for (i = a->nr_done; i < a->nr_extents; i++) {
		if (memop_preempt(a, i))
			break;
		pg = alloc_domheap_pages(a->domain, a->extent_order,
					 a->memflags);
		if (!pg)
			break;
		mfn = page_to_mfn(pg);
		/* A list we cannot write: the extent stays the domain's. */
		if (a->list && copy_to_guest(a->list + i, &mfn, sizeof(mfn)))
			break;
	}
	a->nr_done = i;
}

void populate_physmap(struct memop_args *a)
{
	struct page_info *pg;
	unsigned long i, j;
	xen_pfn_t gpfn, mfn;

	if (!pv_guest_array_ok(a->list + a->nr_done) ||
	    a->extent_order > max_order(current->domain))
		return;
	for (i = a->nr_done; i < a->nr_extents; i++) {
		if (memop_preempt(a, i))
			break;
		if (copy_from_guest(&gpfn, a->list + i, sizeof(gpfn)))
			break;
		pg = alloc_domheap_pages(a->domain, a->extent_order,
					 a->memflags);
		if (!pg)
			break;
		mfn = page_to_mfn(pg);
		/* The M2P learns where each frame lives in the guest. */
		for (j = 0; j < (1UL << a->extent_order); j++)
			m2p_set(mfn + j, gpfn + j);
		if (copy_to_guest(a->list + i, &mfn, sizeof(mfn)))
			break;
	}
	a->nr_done = i;
}

/*
 * Give back one frame (a PV GFN is the MFN): its allocation reference
 * goes, and with the last reference the frame. 0 or Xen's errors.
 */
static int guest_remove_page(struct domain *d, unsigned long gmfn)
{
	struct page_info *pg;
	int rc = 0;

	if (gmfn >= max_page)
		return -EINVAL;
	pg = mfn_to_page(gmfn);
	spin_lock(&d->mm_lock);
	/* The hypervisor's own pages (shared_info) are never given back. */
	if (!get_page(pg, d) || (pg->count_info & PGC_xen_shared)) {
		rc = -ENXIO;
	} else {
		m2p_set(gmfn, INVALID_M2P_ENTRY);
		domain_release_page(d, pg);
	}
	if (!rc)
		put_page(pg);
	spin_unlock(&d->mm_lock);
	return rc;
}

void decrease_reservation(struct memop_args *a)
{
	unsigned long i, j;
	xen_pfn_t gmfn;

	if (!pv_guest_array_ok(a->list + a->nr_done) ||
	    a->extent_order > max_order(current->domain))
		return;
	for (i = a->nr_done; i < a->nr_extents; i++) {
		if (memop_preempt(a, i))
			break;
		if (copy_from_guest(&gmfn, a->list + i, sizeof(gmfn)))
			break;
		for (j = 0; j < (1UL << a->extent_order); j++)
			if (guest_remove_page(a->domain, gmfn + j))
				goto out;
	}
out:
	a->nr_done = i;
}

/* --- XENMEM_exchange --- */

struct chunk {
	struct list_head in, out;
	unsigned long nr_in;
};

/* Put back whatever a failed chunk had taken. */
static void undo_chunk(struct domain *d, struct chunk *c, unsigned int order)
{
	struct page_info *pg, *next;

	spin_lock(&d->mm_lock);
	list_for_each_entry_safe (pg, next, &c->in, list) {
		list_del(&pg->list);
		unsteal_domain_page(d, pg);
	}
	spin_unlock(&d->mm_lock);
	list_for_each_entry_safe (pg, next, &c->out, list) {
		list_del(&pg->list);
		free_heap_pages(pg, order, true);
	}
}

/* Steal in-extent gmfn (2^order frames) into c; 0 or an errno. */
static long steal_extent(struct domain *d, struct chunk *c, xen_pfn_t gmfn,
			 unsigned int order)
{
	unsigned long k;
	long rc = 0;

	spin_lock(&d->mm_lock);
	for (k = 0; k < (1UL << order); k++) {
		struct page_info *pg;

		if (gmfn + k >= max_page) {
			rc = -EINVAL;
			break;
		}
		pg = mfn_to_page(gmfn + k);
		rc = steal_domain_page(d, pg);
		if (rc)
			break;
		list_add_tail(&pg->list, &c->in);
	}
	spin_unlock(&d->mm_lock);
	return rc;
}

static long exchange_checks(const struct xen_memory_exchange *x)
{
	const struct xen_memory_reservation *in = &x->in, *out = &x->out;

	if (in->extent_order > 63 || out->extent_order > 63)
		return -EINVAL;
	if (x->nr_exchanged > in->nr_extents || in->domid != out->domid ||
	    (~0UL >> in->extent_order) < in->nr_extents ||
	    (~0UL >> out->extent_order) < out->nr_extents ||
	    (in->nr_extents << in->extent_order) !=
		    (out->nr_extents << out->extent_order))
		return -EINVAL;
	return 0;
}

long memory_exchange(struct xen_memory_exchange *guest)
{
	struct xen_memory_exchange x;
	struct domain *d, *cur = current->domain;
	unsigned int in_chunk, out_chunk, memflags;
	struct page_info *pg, *next;
	unsigned long i, j, start;
	xen_pfn_t gmfn, gpfn, mfn;
	struct chunk c;
	long rc;

	if (copy_from_guest(&x, guest, sizeof(x)))
		return -EFAULT;
	if (max(x.in.extent_order, x.out.extent_order) > max_order(cur)) {
		rc = -EPERM;
		goto early;
	}
	rc = exchange_checks(&x);
	if (rc)
		goto early;
	if (x.nr_exchanged == x.in.nr_extents)
		return 0;
	if (x.in.extent_order <= x.out.extent_order) {
		in_chunk = x.out.extent_order - x.in.extent_order;
		out_chunk = 0;
	} else {
		in_chunk = 0;
		out_chunk = x.in.extent_order - x.out.extent_order;
	}
	if (!pv_guest_array_ok(x.in.extent_start.p + x.nr_exchanged) ||
	    !pv_guest_array_ok(x.out.extent_start.p)) {
		rc = -EFAULT;
		goto early;
	}
	d = x.in.domid == DOMID_SELF ? cur : domain_lookup(x.in.domid);
	if (!d) {
		rc = -ESRCH;
		goto early;
	}
	if (d != cur && !cur->is_privileged) {
		rc = -EPERM;
		goto early;
	}
	memflags = MEMF_bits(XENMEMF_get_address_bits(x.out.mem_flags) ?: 64);

	start = x.nr_exchanged >> in_chunk;
	for (i = start; i < (x.in.nr_extents >> in_chunk); i++) {
		if (i != start && hypercall_preempt_check()) {
			unsigned long args[2] = { XENMEM_exchange,
						  (unsigned long)guest };

			x.nr_exchanged = i << in_chunk;
			if (copy_to_guest(&guest->nr_exchanged, &x.nr_exchanged,
					  sizeof(x.nr_exchanged)))
				return -EFAULT;
			return hypercall_create_continuation(
				__HYPERVISOR_memory_op, 2, args);
		}
		INIT_LIST_HEAD(&c.in);
		INIT_LIST_HEAD(&c.out);

		/* Take a chunk's worth of input frames from the domain... */
		for (j = 0; j < (1UL << in_chunk); j++) {
			if (copy_from_guest(&gmfn,
					    x.in.extent_start.p +
						    (i << in_chunk) + j,
					    sizeof(gmfn))) {
				rc = -EFAULT;
				goto fail;
			}
			rc = steal_extent(d, &c, gmfn, x.in.extent_order);
			if (rc)
				goto fail;
		}
		/* ...and get the output frames for it. */
		for (j = 0; j < (1UL << out_chunk); j++) {
			pg = alloc_heap_pages(x.out.extent_order, memflags);
			if (!pg) {
				domheap_flush_freed();
				pg = alloc_heap_pages(x.out.extent_order,
						      memflags);
			}
			if (!pg) {
				rc = -ENOMEM;
				goto fail;
			}
			list_add_tail(&pg->list, &c.out);
		}

		/* From here this chunk cannot fail. */
		list_for_each_entry_safe (pg, next, &c.in, list) {
			list_del(&pg->list);
			free_stolen_page(pg);
		}
		j = 0;
		list_for_each_entry_safe (pg, next, &c.out, list) {
			unsigned long k, slot = (i << out_chunk) + j++;

			list_del(&pg->list);
			assign_domheap_pages(d, pg, x.out.extent_order);
			mfn = page_to_mfn(pg);
			if (copy_from_guest(&gpfn, x.out.extent_start.p + slot,
					    sizeof(gpfn))) {
				rc = -EFAULT;
				continue;
			}
			for (k = 0; k < (1UL << x.out.extent_order); k++)
				m2p_set(mfn + k, gpfn + k);
			if (copy_to_guest(x.out.extent_start.p + slot, &mfn,
					  sizeof(mfn)))
				rc = -EFAULT;
		}
		if (rc)
			goto done;
	}
	x.nr_exchanged = x.in.nr_extents;
	if (copy_to_guest(&guest->nr_exchanged, &x.nr_exchanged,
			  sizeof(x.nr_exchanged)))
		rc = -EFAULT;
	return rc;

fail:
	undo_chunk(d, &c, x.out.extent_order);
done:
	x.nr_exchanged = i << in_chunk;
early:
	if (copy_to_guest(&guest->nr_exchanged, &x.nr_exchanged,
			  sizeof(x.nr_exchanged)))
		rc = -EFAULT;
	return rc;
}
