/* SPDX-License-Identifier: MIT */
/*
 * multicall (pv-boot-abi.md §4.3.11): run a batch of hypercalls in order,
 * storing each one's return value in its entry. A failing entry does not
 * stop the batch; an unreadable entry ends it with -EFAULT. Multicalls do
 * not nest. An iret entry returns to the frame on top of the guest's
 * stack and ends the batch (the multicall itself then returns 0), as Xen.
 * Long batches continue (xen/hypercall.h) between entries; an entry that
 * itself asked to continue is written back to the guest with its new
 * arguments and the multicall resumes at it, as in Xen.
 */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <public/xen.h>
#include <hypercall-defs.h>

static long multicall_continue(struct multicall_entry *calls,
			       unsigned long left)
{
	unsigned long args[2] = { (unsigned long)calls, left };

	return hypercall_create_continuation(__HYPERVISOR_multicall, 2, args);
}

long do_multicall(struct multicall_entry *calls, unsigned long nr_calls)
{
	struct vcpu *v = current;
	struct multicall_entry e;
	unsigned long i;
	long rc = 0;

	if (v->arch.in_multicall)
		return -EINVAL;
	v->arch.in_multicall = true;
	for (i = 0; i < nr_calls; i++) {
		if (i && hypercall_preempt_check())
			break;
		if (copy_from_guest(&e, &calls[i], sizeof(e))) {
			rc = -EFAULT;
			break;
		}
		/* A continuation of this entry rewrites e.args. */
		v->arch.mc_args = e.args;
		if (e.op >= NR_hypercalls)
			e.result = -ENOSYS;
		else if (e.op == __HYPERVISOR_multicall)
			e.result = -EINVAL;
		else
			e.result = hypercall_table[e.op].fn(e.args);
		v->arch.mc_args = NULL;
		if (v->arch.hcall_preempted) {
			/* The guest's entry now describes what is left. */
			v->arch.hcall_preempted = false;
			if (!copy_to_guest(&calls[i], &e, sizeof(e)))
				break;
			rc = -EFAULT;
			break;
		}
		if (copy_to_guest(&calls[i].result, &e.result,
				  sizeof(e.result))) {
			rc = -EFAULT;
			break;
		}
		/* After an iret the guest's frame is not ours to continue. */
		if (e.op == __HYPERVISOR_iret || domain_is_stopped(v->domain)) {
			i = nr_calls;
			break;
		}
	}
	v->arch.in_multicall = false;
	if (!rc && i < nr_calls)
		return multicall_continue(calls + i, nr_calls - i);
	return rc;
}
