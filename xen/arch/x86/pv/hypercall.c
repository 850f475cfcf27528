/* SPDX-License-Identifier: MIT */
/*
 * Hypercall dispatch for 64-bit PV guests (pv-boot-abi.md §4.1): the guest
 * kernel executes syscall with the number in %rax and up to five arguments
 * in %rdi, %rsi, %rdx, %r10, %r8; the result goes back in %rax and every
 * other register is preserved. The table is generated from
 * hypercalls/hypercalls.tbl. Interrupts are on while a hypercall runs.
 * A hypercall that asked to be continued (xen/hypercall.h) is re-entered
 * by the guest itself: its RIP goes back onto the syscall, with the
 * arguments rewritten. With the boot option hypercall_log every call (and
 * every re-entry) is printed.
 */
#include <xen/cmdline.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/current.h>
#include <asm/pv.h>

#define XEN_HYPERCALL_DEFINE_TABLE
#include <hypercall-defs.h>
#include <hypercall-names.h>

bool opt_hypercall_log;
boolean_param("hypercall_log", opt_hypercall_log);

long do_ni_hypercall(void)
{
	return -ENOSYS;
}

bool hypercall_preempt_check(void)
{
	struct vcpu *v = current;
	const vcpu_info_t *vi = v->vcpu_info;

	if (!v->arch.hcall_budget || !--v->arch.hcall_budget)
		return true;
	if (softirq_pending(smp_processor_id()))
		return true;
	/* An event the guest could take right now. */
	return vi && READ_ONCE(vi->evtchn_upcall_pending) &&
	       !READ_ONCE(vi->evtchn_upcall_mask);
}

long hypercall_create_continuation(unsigned int op, unsigned int nr,
				   const unsigned long *args)
{
	struct vcpu *v = current;
	struct cpu_user_regs *regs = guest_cpu_user_regs();
	unsigned long *reg[6] = { &regs->rdi, &regs->rsi, &regs->rdx,
				  &regs->r10, &regs->r8,  &regs->r9 };
	unsigned int i;

	v->arch.hcall_preempted = true;
	for (i = 0; i < nr && i < 6; i++) {
		if (v->arch.mc_args)
			v->arch.mc_args[i] = args[i];
		else
			*reg[i] = args[i];
	}
	return op;
}

void pv_hypercall(struct cpu_user_regs *regs)
{
	unsigned long nr = regs->rax;
	uint64_t args[6] = { regs->rdi, regs->rsi, regs->rdx,
			     regs->r10, regs->r8,  regs->r9 };
	struct vcpu *v = current;
	long rc;

	v->arch.hcall_preempted = false;
	v->arch.hcall_budget = HYPERCALL_WORK_BUDGET;
	v->arch.mc_args = NULL;
	__asm__ __volatile__("sti" ::: "memory");
	if (nr >= NR_hypercalls)
		rc = -ENOSYS;
	else
		rc = hypercall_table[nr].fn(args);
	/* Frames freed by this call: one TLB flush, then to the heap. */
	domheap_flush_freed();
	__asm__ __volatile__("cli" ::: "memory");
	/* Re-enter: back onto the 2-byte syscall, %rax = the number. */
	if (v->arch.hcall_preempted)
		regs->rip -= 2;

	if (opt_hypercall_log)
		printk("d%uv%u hypercall %s(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
		       v->domain->domain_id, v->vcpu_id,
		       hypercall_name(nr) ? hypercall_name(nr) : "unknown",
		       (unsigned long)args[0], (unsigned long)args[1],
		       (unsigned long)args[2], (unsigned long)args[3],
		       (unsigned long)args[4], rc);
	regs->rax = rc;
}
