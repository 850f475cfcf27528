/* SPDX-License-Identifier: MIT */
/*
 * The iret hypercall (pv-boot-abi.md §4.3.14): the guest's return from an
 * exception, event or system call. The guest pushed an iret_context on its
 * stack and issued syscall; we restore the frame it describes, switch to
 * guest user mode when the saved CS has RPL 3, and set the virtual
 * interrupt flag (evtchn_upcall_mask) from the saved RFLAGS.IF. It never
 * returns to the caller; a frame that cannot be read crashes the domain.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/guest_access.h>
#include <asm/pv.h>
#include <public/xen.h>

long do_iret(void)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();
	struct vcpu *v = current;
	struct iret_context ic;

	if (copy_from_guest(&ic, (void *)regs->rsp, sizeof(ic))) {
		domain_crash(v->domain, "unreadable iret frame at %#lx",
			     (unsigned long)regs->rsp);
		return -EFAULT;
	}

	if ((ic.cs & 3) == 3 && v->arch.in_kernel) {
		if (!v->arch.user_cr3_mfn) {
			domain_crash(
				v->domain,
				"iret to user mode without a user page table");
			return -EFAULT;
		}
		pv_toggle_guest_mode(v);
	}

	regs->rip = ic.rip;
	regs->cs = ic.cs | 3;
	regs->rflags = (ic.rflags & PV_GUEST_EFLAGS_MASK) | X86_EFLAGS_IF | 2;
	regs->rsp = ic.rsp;
	regs->ss = ic.ss | 3;
	if (ic.flags & VGCF_in_syscall) {
		/* What sysret would leave in them. */
		regs->rcx = ic.rip;
		regs->r11 = regs->rflags;
	} else {
		regs->rcx = ic.rcx;
		regs->r11 = ic.r11;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
	v->arch.nmi_masked = false;
	/* The dispatcher stores our result in %rax: hand back the frame's. */
	return ic.rax;
}
