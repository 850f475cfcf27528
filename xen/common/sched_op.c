/* SPDX-License-Identifier: MIT */
/*
 * sched_op and its legacy form (pv-boot-abi.md §4.3.7, §4.3.24). There is
 * one vCPU per physical CPU and no scheduler yet, so yield returns at once
 * and block enables events and halts the CPU until one is pending (the
 * upcall is delivered on the way out). Shutdown stops the calling domain with its
 * reason; shutdown_code records one for a later shutdown.
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

/*
 * Enable events and wait until one is pending (or the domain stopped).
 * With one vCPU per CPU, waiting is halting until an interrupt (a timer
 * of this vCPU, say) has raised something; the upcall goes out on return.
 */
static long sched_block(void)
{
	struct vcpu *v = current;
	vcpu_info_t *vi = v->vcpu_info;

	vi->evtchn_upcall_mask = 0;
	if (READ_ONCE(vi->evtchn_upcall_pending))
		return 0;
	vcpu_runstate_change(v, RUNSTATE_blocked);
	for (;;) {
		local_irq_disable();
		if (READ_ONCE(vi->evtchn_upcall_pending) ||
		    domain_is_stopped(v->domain))
			break;
		safe_halt();
	}
	local_irq_enable();
	vcpu_runstate_change(v, RUNSTATE_running);
	return 0;
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
		return 0;
	case SCHEDOP_block:
		return sched_block();
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
		target = domain_lookup(rs.domain_id);
		if (!target)
			return -ESRCH;
		domain_shutdown(target, rs.reason);
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
		return 0;
	case SCHEDOP_block:
		return sched_block();
	case SCHEDOP_shutdown:
		return sched_shutdown_self(arg);
	default:
		return -ENOSYS;
	}
}
