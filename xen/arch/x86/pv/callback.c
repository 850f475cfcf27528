/* SPDX-License-Identifier: MIT */
/*
 * Where the guest wants things delivered (pv-boot-abi.md §4.3.1, §4.3.4,
 * §4.3.5, §4.3.23): its virtual IDT (set_trap_table), its callbacks
 * (set_callbacks, callback_op, nmi_op) and the kernel stack used when a
 * delivery enters guest kernel mode from user mode (stack_switch). All of
 * it is per vCPU; addresses must be canonical (a handler in the
 * hypervisor's range simply faults in the guest when used).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <public/callback.h>
#include <public/nmi.h>
#include <public/xen.h>

/* Longest trap table walked in one call (Linux passes 257 entries). */
#define MAX_TRAP_TABLE_ENTRIES 1024

long do_set_trap_table(const struct trap_info *traps)
{
	struct vcpu *v = current;
	struct trap_info ti;
	unsigned int i;

	if (!traps) {
		memset(v->arch.trap_ctxt, 0, sizeof(v->arch.trap_ctxt));
		return 0;
	}
	for (i = 0; i < MAX_TRAP_TABLE_ENTRIES; i++) {
		if (copy_from_guest(&ti, &traps[i], sizeof(ti)))
			return -EFAULT;
		if (!ti.address)
			return 0;
		if (!is_canonical_address(ti.address))
			return -EINVAL;
		ti.cs |= 3;
		v->arch.trap_ctxt[ti.vector] = ti;
	}
	return -EINVAL;
}

long do_stack_switch(unsigned long ss, unsigned long sp)
{
	struct vcpu *v = current;

	v->arch.kernel_ss = ss | 3;
	v->arch.kernel_sp = sp;
	return 0;
}

static long register_callback(const struct callback_register *reg)
{
	struct vcpu *v = current;
	bool mask = reg->flags & CALLBACKF_mask_events;

	if (!is_canonical_address(reg->address))
		return -EINVAL;
	switch (reg->type) {
	case CALLBACKTYPE_event:
		v->arch.event_callback_eip = reg->address;
		return 0;
	case CALLBACKTYPE_failsafe:
		v->arch.failsafe_callback_eip = reg->address;
		v->arch.failsafe_mask_events = mask;
		return 0;
	case CALLBACKTYPE_syscall:
		v->arch.syscall_callback_eip = reg->address;
		v->arch.syscall_mask_events = mask;
		return 0;
	case CALLBACKTYPE_syscall32:
		v->arch.syscall32_callback_eip = reg->address;
		v->arch.syscall32_mask_events = mask;
		return 0;
	case CALLBACKTYPE_sysenter:
		v->arch.sysenter_callback_eip = reg->address;
		v->arch.sysenter_mask_events = mask;
		return 0;
	case CALLBACKTYPE_nmi:
		v->arch.nmi_callback_eip = reg->address;
		return 0;
	default:
		return -ENOSYS;
	}
}

long do_callback_op(int cmd, const void *arg)
{
	struct callback_register reg;
	struct callback_unregister unreg;

	switch (cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest(&reg, arg, sizeof(reg)))
			return -EFAULT;
		return register_callback(&reg);
	case CALLBACKOP_unregister:
		if (copy_from_guest(&unreg, arg, sizeof(unreg)))
			return -EFAULT;
		if (unreg.type != CALLBACKTYPE_nmi)
			return -EINVAL;
		current->arch.nmi_callback_eip = 0;
		return 0;
	default:
		return -ENOSYS;
	}
}

long do_set_callbacks(unsigned long event_address,
		      unsigned long failsafe_address,
		      unsigned long syscall_address)
{
	struct callback_register ev = { .type = CALLBACKTYPE_event,
					.address = event_address };
	struct callback_register fs = { .type = CALLBACKTYPE_failsafe,
					.address = failsafe_address };
	struct callback_register sc = { .type = CALLBACKTYPE_syscall,
					.address = syscall_address };

	/* As in Xen, each registration stands alone; the result is 0. */
	register_callback(&ev);
	register_callback(&fs);
	register_callback(&sc);
	return 0;
}

long do_nmi_op(unsigned int cmd, void *arg)
{
	struct xennmi_callback cb;

	switch (cmd) {
	case XENNMI_register_callback:
		if (copy_from_guest(&cb, arg, sizeof(cb)))
			return -EFAULT;
		if (!is_canonical_address(cb.handler_address) || cb.pad)
			return -EINVAL;
		current->arch.nmi_callback_eip = cb.handler_address;
		return 0;
	case XENNMI_unregister_callback:
		current->arch.nmi_callback_eip = 0;
		return 0;
	default:
		return -ENOSYS;
	}
}
