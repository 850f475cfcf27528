/* SPDX-License-Identifier: MIT */
/*
 * multicall (pv-boot-abi.md §4.3.11): run a batch of hypercalls in order,
 * storing each one's return value in its entry. A failing entry does not
 * stop the batch; an unreadable entry ends it with -EFAULT. Multicalls do
 * not nest, and iret (which replaces the whole guest frame) is refused.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <public/xen.h>
#include <hypercall-defs.h>

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
		if (copy_from_guest(&e, &calls[i], sizeof(e))) {
			rc = -EFAULT;
			break;
		}
		if (e.op >= NR_hypercalls)
			e.result = -ENOSYS;
		else if (e.op == __HYPERVISOR_iret ||
			 e.op == __HYPERVISOR_multicall)
			e.result = -EINVAL;
		else
			e.result = hypercall_table[e.op].fn(e.args);
		if (copy_to_guest(&calls[i].result, &e.result,
				  sizeof(e.result))) {
			rc = -EFAULT;
			break;
		}
		if (domain_is_stopped(v->domain))
			break;
	}
	v->arch.in_multicall = false;
	return rc;
}
