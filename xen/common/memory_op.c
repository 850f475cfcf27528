/* SPDX-License-Identifier: MIT */
/*
 * memory_op (pv-boot-abi.md §4.3.10): how much memory a domain has and may
 * have, the highest machine frame, its pseudo-physical memory map, the
 * host's map (control domain only), where the read-only M2P is mapped and
 * which frames back it; and the dispatch of the reservation changes
 * (reservation.c), with Xen's continuation encoding: the extent to resume
 * at rides in cmd above XENMEMOP_EXTENT_SHIFT. Any domain other than the
 * caller needs the control domain.
 */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/pv-mm.h>
#include <public/memory.h>

#include "reservation.h"

/* The domain a domid_t argument names; privileged callers may name others. */
static struct domain *target_domain(const void *arg, long *rc)
{
	struct domain *d = current->domain, *t;
	domid_t domid;

	if (copy_from_guest(&domid, arg, sizeof(domid))) {
		*rc = -EFAULT;
		return NULL;
	}
	if (domid == DOMID_SELF || domid == d->domain_id)
		return d;
	if (!d->is_privileged) {
		*rc = -EPERM;
		return NULL;
	}
	t = domain_lookup(domid);
	if (!t)
		*rc = -ESRCH;
	return t;
}

static long memory_map(void *arg)
{
	struct domain *d = current->domain;
	struct xen_memory_map map;
	struct xen_e820_entry e;
	unsigned int i, n;

	if (copy_from_guest(&map, arg, sizeof(map)))
		return -EFAULT;
	if (!d->nr_e820)
		return -ENOSYS;
	n = min(map.nr_entries, d->nr_e820);
	for (i = 0; i < n; i++) {
		e.addr = d->e820[i].addr;
		e.size = d->e820[i].size;
		e.type = d->e820[i].type;
		if (copy_to_guest((struct xen_e820_entry *)map.buffer.p + i, &e,
				  sizeof(e)))
			return -EFAULT;
	}
	map.nr_entries = n;
	return copy_to_guest(arg, &map, sizeof(map));
}

/* The host's memory map, for the control domain (dom0-abi.md). */
static long machine_memory_map(void *arg)
{
	const struct boot_info *bi = boot_info_get();
	struct xen_memory_map map;
	struct xen_e820_entry e;
	unsigned int i, n;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&map, arg, sizeof(map)))
		return -EFAULT;
	n = min(map.nr_entries, bi->nr_mmap);
	for (i = 0; i < n; i++) {
		e.addr = bi->mmap[i].addr;
		e.size = bi->mmap[i].len;
		e.type = bi->mmap[i].type;
		if (copy_to_guest((struct xen_e820_entry *)map.buffer.p + i, &e,
				  sizeof(e)))
			return -EFAULT;
	}
	map.nr_entries = n;
	return copy_to_guest(arg, &map, sizeof(map));
}

/* XENMEM_machphys_mfn_list: the frame backing each 2 MiB of the M2P. */
static long machphys_mfn_list(struct xen_machphys_mfn_list *guest)
{
	struct xen_machphys_mfn_list l;
	unsigned long mfn;
	unsigned int i;

	if (copy_from_guest(&l, guest, sizeof(l)))
		return -EFAULT;
	for (i = 0; i != l.max_extents && (mfn = m2p_chunk_mfn(i)); i++)
		if (copy_to_guest(l.extent_start.p + i, &mfn, sizeof(mfn)))
			return -EFAULT;
	l.nr_extents = i;
	return copy_to_guest(guest, &l, sizeof(l));
}

/* The domain a reservation names: the caller, or any for the control one. */
static struct domain *reservation_domain(domid_t domid)
{
	struct domain *cur = current->domain, *d;

	if (domid == DOMID_SELF)
		return cur;
	d = domain_lookup(domid);
	if (d && d != cur && !cur->is_privileged)
		return NULL;
	return d;
}

/*
 * increase/decrease_reservation, populate_physmap: the number of extents
 * done, counting those of earlier entries; errors are "none more done".
 */
static long reservation_op(unsigned int op, unsigned long start, void *arg)
{
	struct xen_memory_reservation r;
	struct memop_args a;
	struct domain *d;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return start;
	/* Too many to resume in cmd's upper bits, or nothing left. */
	if (r.nr_extents > (~0U >> XENMEMOP_EXTENT_SHIFT) ||
	    start >= r.nr_extents)
		return start;
	d = reservation_domain(r.domid);
	if (!d || memop_args_from_reservation(&r, d, &a))
		return start;
	a.nr_done = start;
	if (op == XENMEM_increase_reservation)
		increase_reservation(&a);
	else if (op == XENMEM_decrease_reservation)
		decrease_reservation(&a);
	else
		populate_physmap(&a);
	if (a.preempted) {
		unsigned long args[2] = { op | ((unsigned long)a.nr_done
						<< XENMEMOP_EXTENT_SHIFT),
					  (unsigned long)arg };

		return hypercall_create_continuation(__HYPERVISOR_memory_op, 2,
						     args);
	}
	return a.nr_done;
}

long do_memory_op(unsigned long cmd, void *arg)
{
	unsigned int op = cmd & XENMEMOP_CMD_MASK;
	unsigned long start = cmd >> XENMEMOP_EXTENT_SHIFT;
	struct xen_machphys_mapping mapping;
	struct domain *t;
	long rc = 0;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation_op(op, start, arg);
	}
	/* The others have nothing to resume. */
	if (start)
		return -EINVAL;
	switch (op) {
	case XENMEM_exchange:
		return memory_exchange(arg);
	case XENMEM_maximum_ram_page:
		return max_page;
	case XENMEM_current_reservation:
		t = target_domain(arg, &rc);
		return t ? (long)t->tot_pages : rc;
	case XENMEM_maximum_reservation:
		t = target_domain(arg, &rc);
		return t ? (long)t->max_pages : rc;
	case XENMEM_memory_map:
		return memory_map(arg);
	case XENMEM_machine_memory_map:
		return machine_memory_map(arg);
	case XENMEM_machphys_mapping:
		mapping.v_start = RO_MPT_VIRT_START;
		mapping.v_end = RO_MPT_VIRT_END;
		mapping.max_mfn = m2p_max_mfn();
		return copy_to_guest(arg, &mapping, sizeof(mapping));
	case XENMEM_machphys_mfn_list:
		return machphys_mfn_list(arg);
	default:
		return -ENOSYS;
	}
}
