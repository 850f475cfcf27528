/* SPDX-License-Identifier: MIT */
/*
 * memory_op (pv-boot-abi.md §4.3.10): the sub-ops a PV guest needs to
 * start — how much memory it has and may have, the highest machine frame,
 * its pseudo-physical memory map, the host's map (control domain only)
 * and where the read-only M2P is mapped.
 * Reservation changes (populate, increase, decrease, exchange) answer
 * -ENOSYS until the memory layer grows them.
 */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/pv-mm.h>
#include <public/memory.h>

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

long do_memory_op(unsigned long cmd, void *arg)
{
	struct xen_machphys_mapping mapping;
	struct domain *t;
	long rc = 0;

	switch (cmd & XENMEMOP_CMD_MASK) {
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
		mapping.v_end = RO_MPT_VIRT_START +
				(m2p_max_mfn() + 1) * sizeof(unsigned long);
		mapping.max_mfn = m2p_max_mfn();
		return copy_to_guest(arg, &mapping, sizeof(mapping));
	default:
		return -ENOSYS;
	}
}
