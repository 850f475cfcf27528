/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op (pv-boot-abi.md §4.3.20): the sub-ops a guest needs to start on
 * one vCPU. is_up answers for any id (Linux probes thousands: -ENOENT for
 * ids that do not exist); register_vcpu_info moves a vCPU's vcpu_info into
 * a guest frame; runstate reporting (the guest's copy refreshed on every
 * state change while it is in kernel mode); the timer sub-ops.
 * Secondary vCPUs and the rest answer -ENOSYS until they exist.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/vcpu.h>

static long register_vcpu_info(struct vcpu *v, const void *arg)
{
	struct domain *d = v->domain;
	struct vcpu_register_vcpu_info info;
	struct page_info *pg;
	vcpu_info_t *new_vi;
	long rc;

	if (copy_from_guest(&info, arg, sizeof(info)))
		return -EFAULT;
	if ((info.offset & 7) ||
	    info.offset > PAGE_SIZE - sizeof(struct vcpu_info))
		return -ENXIO;
	if (info.rsvd || v->vcpu_info_mfn != ~0UL)
		return -EINVAL;

	spin_lock(&d->mm_lock);
	pg = domain_page(d, info.mfn);
	rc = pg ? get_page_and_type(pg, d, PGT_writable_page) : -EINVAL;
	spin_unlock(&d->mm_lock);
	/* Not ours, or typed otherwise (a page table): -EINVAL, as Xen. */
	if (rc)
		return -EINVAL;

	new_vi = (vcpu_info_t *)((char *)page_to_virt(pg) + info.offset);
	memcpy(new_vi, v->vcpu_info, sizeof(*new_vi));
	v->vcpu_info = new_vi;
	v->vcpu_info_mfn = info.mfn;
	/* Make the guest look at its bitmaps once: a harmless upcall. */
	new_vi->evtchn_pending_sel = ~0UL;
	new_vi->evtchn_upcall_pending = 1;
	pv_update_time_info(v);
	return 0;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, void *arg)
{
	struct domain *d = current->domain;
	struct vcpu *v;
	struct vcpu_register_runstate_memory_area area;
	struct vcpu_set_periodic_timer period;
	struct vcpu_set_singleshot_timer single;
	struct vcpu_runstate_info runstate;

	if (vcpuid >= d->max_vcpus || !d->vcpu[vcpuid])
		return -ENOENT;
	v = d->vcpu[vcpuid];

	switch (cmd) {
	case VCPUOP_is_up:
		return v->is_up;
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_get_runstate_info:
		vcpu_runstate_get(v, &runstate);
		return copy_to_guest(arg, &runstate, sizeof(runstate));
	case VCPUOP_register_runstate_memory_area:
		if (copy_from_guest(&area, arg, sizeof(area)))
			return -EFAULT;
		/* As Xen: the start must be a guest address (NULL stops). */
		if (area.addr.p &&
		    (!is_canonical_address(area.addr.p) ||
		     !guest_range_ok(area.addr.p, sizeof(v->runstate))))
			return -EFAULT;
		v->runstate_guest = area.addr.p;
		/* Written at once if it is ours and we are in kernel mode. */
		vcpu_runstate_publish(v);
		return 0;
	case VCPUOP_set_periodic_timer:
		if (copy_from_guest(&period, arg, sizeof(period)))
			return -EFAULT;
		return vcpu_set_periodic_timer(v, period.period_ns);
	case VCPUOP_stop_periodic_timer:
		vcpu_stop_periodic_timer(v);
		return 0;
	case VCPUOP_set_singleshot_timer:
		if (v != current)
			return -EINVAL;
		if (copy_from_guest(&single, arg, sizeof(single)))
			return -EFAULT;
		/* As current Xen: VCPU_SSHOTTMR_future is not enforced. */
		return vcpu_set_singleshot_timer(v, single.timeout_abs_ns);
	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		vcpu_stop_singleshot_timer(v);
		return 0;
	case VCPUOP_get_physid:
		return -EINVAL;
	default:
		return -ENOSYS;
	}
}
