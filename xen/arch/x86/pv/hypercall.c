/* SPDX-License-Identifier: MIT */
/*
 * Hypercall dispatch for 64-bit PV guests (pv-boot-abi.md §4.1): the guest
 * kernel executes syscall with the number in %rax and up to five arguments
 * in %rdi, %rsi, %rdx, %r10, %r8; the result goes back in %rax and every
 * other register is preserved. The table is generated from
 * hypercalls/hypercalls.tbl. Interrupts are on while a hypercall runs.
 * With the boot option hypercall_log every call is printed.
 */
#include <xen/cmdline.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
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

void pv_hypercall(struct cpu_user_regs *regs)
{
	unsigned long nr = regs->rax;
	uint64_t args[6] = { regs->rdi, regs->rsi, regs->rdx,
			     regs->r10, regs->r8,  regs->r9 };
	struct vcpu *v = current;
	long rc;

	__asm__ __volatile__("sti" ::: "memory");
	if (nr >= NR_hypercalls)
		rc = -ENOSYS;
	else
		rc = hypercall_table[nr].fn(args);
	__asm__ __volatile__("cli" ::: "memory");

	if (opt_hypercall_log)
		printk("d%uv%u hypercall %s(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
		       v->domain->domain_id, v->vcpu_id,
		       hypercall_name(nr) ? hypercall_name(nr) : "unknown",
		       (unsigned long)args[0], (unsigned long)args[1],
		       (unsigned long)args[2], (unsigned long)args[3],
		       (unsigned long)args[4], rc);
	regs->rax = rc;
}
