/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op (pv-boot-abi.md §4.3.20). Any id that does not exist is -ENOENT
 * (Linux probes thousands with is_up). A secondary vCPU is brought to life
 * with initialise (its whole state, once: pv/vcpu_context.c checks and
 * installs it) and up (the scheduler may run it from then on); down takes
 * any vCPU of the caller's domain off the CPUs (it resumes where it was at
 * the next up), and taking down the last one that is up powers the domain
 * off, as in Xen. register_vcpu_info moves a vCPU's vcpu_info into a guest
 * frame; runstate reporting; the timer sub-ops. The rest answer -ENOSYS.
 *
 * is_initialised and is_up change under the domain's shutdown_lock; the
 * scheduler is told afterwards (vcpu_wake, vcpu_sleep_nosync).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/xmalloc.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/sched.h>
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
	/*
	 * As Xen: for itself or a vCPU that is down (Linux registers every
	 * CPU's before it starts them); never under a running vCPU's feet.
	 */
	if (v != current && READ_ONCE(v->is_up))
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

static long vcpu_initialise(struct vcpu *v, const void *arg)
{
	struct domain *d = v->domain;
	struct vcpu_guest_context *c;
	long rc;

	/* No vcpu_info to deliver events to (ids past shared_info's 32). */
	if (!v->vcpu_info)
		return -EINVAL;
	c = xmalloc(struct vcpu_guest_context);
	if (!c)
		return -ENOMEM;
	if (copy_from_guest(c, arg, sizeof(*c))) {
		rc = -EFAULT;
		goto out;
	}
	rc = pv_vcpu_check_context(c);
	if (rc)
		goto out;

	spin_lock(&d->shutdown_lock);
	/* A context is set once (it may be running already). */
	rc = v->is_initialised ? -EEXIST : pv_vcpu_set_context(v, c);
	if (!rc) {
		v->is_initialised = true;
		/* As Xen: VGCF_online marks it up, but only up wakes it. */
		if (c->flags & VGCF_online)
			v->is_up = true;
	}
	spin_unlock(&d->shutdown_lock);
out:
	xfree(c);
	return rc;
}

static long vcpu_up(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool wake = false;
	long rc = 0;

	spin_lock(&d->shutdown_lock);
	if (!v->is_initialised)
		rc = -EINVAL;
	else if (!v->is_up)
		wake = v->is_up = true;
	spin_unlock(&d->shutdown_lock);
	if (wake)
		vcpu_wake(v);
	return rc;
}

static long vcpu_down(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool others = false, sleep = false;
	unsigned int i;

	spin_lock(&d->shutdown_lock);
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && d->vcpu[i] != v && d->vcpu[i]->is_up)
			others = true;
	if (others && v->is_up) {
		v->is_up = false;
		sleep = true;
	}
	spin_unlock(&d->shutdown_lock);

	if (!others) {
		/* The last vCPU going down: the domain is done. */
		domain_shutdown(d, SHUTDOWN_poweroff);
		return 0;
	}
	/* The current vCPU leaves on its way back to the guest. */
	if (sleep)
		vcpu_sleep_nosync(v);
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
	case VCPUOP_initialise:
		return vcpu_initialise(v, arg);
	case VCPUOP_up:
		return vcpu_up(v);
	case VCPUOP_down:
		return vcpu_down(v);
	case VCPUOP_is_up:
		return READ_ONCE(v->is_up);
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
