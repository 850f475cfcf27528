/* SPDX-License-Identifier: MIT */
/*
 * sched_op and its legacy form (pv-boot-abi.md §4.3.7, §4.3.24): the
 * guest's side of the scheduler (xen/common/sched/). yield gives the CPU to
 * another vCPU of the same priority; block enables events and sleeps until
 * one is pending; poll sleeps until one of up to 128 ports is pending or a
 * deadline passes. Each returns 0 at once and the vCPU is switched out on
 * its way back to the guest, so it resumes right after the hypercall when
 * woken. Shutdown stops the calling domain with its reason; shutdown_code
 * records one for a later shutdown.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <public/sched.h>

/* SCHEDOP_block: enable events (§4.3.24), then wait for one. */
static long sched_block(void)
{
	current->vcpu_info->evtchn_upcall_mask = 0;
	vcpu_block();
	return 0;
}

#define POLL_MAX_PORTS 128

/* SCHEDOP_poll: every port is checked before anything changes. */
static long sched_poll(const void *arg)
{
	struct domain *d = current->domain;
	evtchn_port_t ports[POLL_MAX_PORTS];
	struct sched_poll sp;
	unsigned int i;

	if (copy_from_guest(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > POLL_MAX_PORTS)
		return -EINVAL;
	if (copy_from_guest(ports, sp.ports.p, sp.nr_ports * sizeof(ports[0])))
		return -EFAULT;
	for (i = 0; i < sp.nr_ports; i++)
		if (!evtchn_port_valid(d, ports[i]))
			return -EINVAL;
	return vcpu_poll(ports, sp.nr_ports, (s_time_t)sp.timeout);
}

static long sched_shutdown_self(unsigned int reason)
{
	if (reason == SHUTDOWN_suspend)
		return -EOPNOTSUPP; /* no toolstack to resume us */
	domain_shutdown(current->domain, reason);
	return 0;
}

long do_sched_op(int cmd, void *arg)
{
	struct domain *d = current->domain, *target;
	struct sched_shutdown sd;
	struct sched_remote_shutdown rs;

	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield();
		return 0;
	case SCHEDOP_block:
		return sched_block();
	case SCHEDOP_poll:
		return sched_poll(arg);
	case SCHEDOP_shutdown:
		if (copy_from_guest(&sd, arg, sizeof(sd)))
			return -EFAULT;
		return sched_shutdown_self(sd.reason);
	case SCHEDOP_shutdown_code:
		if (copy_from_guest(&sd, arg, sizeof(sd)))
			return -EFAULT;
		spin_lock(&d->shutdown_lock);
		d->shutdown_code = sd.reason;
		d->shutdown_code_set = true;
		spin_unlock(&d->shutdown_lock);
		return 0;
	case SCHEDOP_remote_shutdown:
		if (!d->is_privileged)
			return -EPERM;
		if (copy_from_guest(&rs, arg, sizeof(rs)))
			return -EFAULT;
		target = domain_get(rs.domain_id);
		if (!target)
			return -ESRCH;
		domain_shutdown(target, rs.reason);
		domain_put(target);
		return 0;
	case SCHEDOP_pin_override:
		return d->is_privileged ? -ENOSYS : -EPERM;
	default:
		return -ENOSYS;
	}
}

long do_sched_op_compat(int cmd, unsigned long arg)
{
	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield();
		return 0;
	case SCHEDOP_block:
		return sched_block();
	case SCHEDOP_shutdown:
		return sched_shutdown_self(arg);
	default:
		return -ENOSYS;
	}
}
