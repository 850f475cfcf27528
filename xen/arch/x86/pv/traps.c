/* SPDX-License-Identifier: MIT */
/*
 * Delivering things to a 64-bit PV guest (pv-boot-abi.md §5.4): the bounce
 * frame, exceptions reflected through the guest's trap table, event
 * upcalls before every return to guest context, system calls from guest
 * user mode, the failsafe callback, and the switch between guest kernel and
 * user mode that each delivery from user mode implies.
 *
 * Frame (from the new %rsp up): RCX, R11, [error code | DS ES FS GS], RIP,
 * CS (saved upcall mask in bits 32-39; RPL cleared when the guest was in
 * kernel mode), RFLAGS (IF = the virtual interrupt flag), RSP, SS.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/current.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <asm/traps.h>

#define PFEC_user 4U

/* Vectors whose hardware exception carries an error code. */
static bool vector_has_error_code(unsigned int v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 ||
	       v == 29 || v == 30;
}

void pv_toggle_guest_mode(struct vcpu *v)
{
	unsigned long mfn;

	v->arch.in_kernel = !v->arch.in_kernel;
	__asm__ __volatile__("swapgs" ::: "memory");
	mfn = v->arch.in_kernel ? v->arch.kernel_cr3_mfn : v->arch.user_cr3_mfn;
	write_cr3((paddr_t)mfn << PAGE_SHIFT);
	/* A runstate change while in user mode is published now. */
	if (v->arch.in_kernel && v->runstate_pending)
		vcpu_runstate_publish(v);
}

/*
 * Build a bounce frame on the guest's kernel stack and point regs at
 * handler. extra[] (n_extra words) goes between R11 and RIP: the error code
 * or the failsafe selectors. Returns 0, or -EFAULT with the domain crashed.
 */
static int create_bounce_frame(struct cpu_user_regs *regs,
			       unsigned long handler, bool mask_events,
			       const u64 *extra, unsigned int n_extra)
{
	struct vcpu *v = current;
	vcpu_info_t *vi = v->vcpu_info;
	u64 frame[11];
	unsigned int n = 0, i;
	unsigned long sp, cs = regs->cs;
	u8 saved_mask = vi->evtchn_upcall_mask;

	if (!handler) {
		domain_crash(v->domain, "no handler for a delivery (vector %u)",
			     regs->entry_vector);
		return -EFAULT;
	}

	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	for (i = 0; i < n_extra; i++)
		frame[n++] = extra[i];
	frame[n++] = regs->rip;
	if (v->arch.in_kernel)
		cs &= ~3UL;
	frame[n++] = cs | ((u64)saved_mask << 32);
	frame[n++] = (regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
		     (saved_mask ? 0 : X86_EFLAGS_IF);
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;

	if (!v->arch.in_kernel) {
		pv_toggle_guest_mode(v);
		sp = v->arch.kernel_sp;
	} else {
		sp = regs->rsp;
	}
	sp = (sp & ~15UL) - n * 8;
	if (copy_to_guest((void *)sp, frame, n * 8)) {
		domain_crash(v->domain,
			     "cannot write a bounce frame at %#lx (vector %u)",
			     sp, regs->entry_vector);
		return -EFAULT;
	}

	regs->rip = handler;
	regs->cs = FLAT_KERNEL_CS;
	regs->ss = FLAT_KERNEL_SS;
	regs->rsp = sp;
	regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
			  X86_EFLAGS_VM | X86_EFLAGS_AC | X86_EFLAGS_IOPL);
	regs->rflags |= X86_EFLAGS_IF | 2;
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	return 0;
}

int pv_inject_trap(struct cpu_user_regs *regs, unsigned int vector,
		   bool has_error_code, u32 error_code)
{
	struct vcpu *v = current;
	const struct trap_info *ti = &v->arch.trap_ctxt[vector & 0xff];
	u64 ec = error_code;

	if (!ti->address) {
		domain_crash(v->domain, "unhandled %s (vector %u%s%x) at %#lx",
			     vector < 32 ? trap_name(vector) :
					   "software interrupt",
			     vector, has_error_code ? ", error code " : "",
			     has_error_code ? error_code : 0,
			     (unsigned long)regs->rip);
		return -EFAULT;
	}
	return create_bounce_frame(regs, ti->address, ti->flags & 4, &ec,
				   has_error_code ? 1 : 0);
}

/* Deliver a pending event upcall if the guest lets us (§5.4.4). */
static void deliver_events(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	vcpu_info_t *vi = v->vcpu_info;

	if (!vi || !READ_ONCE(vi->evtchn_upcall_pending) ||
	    READ_ONCE(vi->evtchn_upcall_mask))
		return;
	regs->entry_vector = 0x102; /* for messages only */
	create_bounce_frame(regs, v->arch.event_callback_eip, true, NULL, 0);
}

void pv_return_to_guest(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;

	/* Softirqs first, with interrupts on; then nothing may intervene. */
	for (;;) {
		__asm__ __volatile__("cli" ::: "memory");
		if (!softirq_pending(smp_processor_id()))
			break;
		__asm__ __volatile__("sti" ::: "memory");
		do_softirq();
		v = current;
	}
	if (domain_is_stopped(v->domain))
		vcpu_exit_stopped();
	deliver_events(regs);
	if (domain_is_stopped(v->domain))
		vcpu_exit_stopped();
	pv_restore_guest(regs);
}

void pv_syscall_entry(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	unsigned long cb;
	bool mask;

	if (regs->entry_vector == TRAP_syscall && v->arch.in_kernel) {
		pv_hypercall(regs);
		pv_return_to_guest(regs);
	}

	/* From guest user mode (or compat mode): the guest's own syscall. */
	if (regs->entry_vector == TRAP_syscall) {
		cb = v->arch.syscall_callback_eip;
		mask = v->arch.syscall_mask_events;
	} else {
		cb = v->arch.syscall32_callback_eip;
		mask = v->arch.syscall32_mask_events;
	}
	if (!cb) {
		/* No callback: #UD at the syscall instruction itself. */
		regs->rip -= 2;
		pv_inject_ud(regs);
	} else if (!create_bounce_frame(regs, cb, mask, NULL, 0)) {
		regs->rflags &= ~X86_EFLAGS_DF;
	}
	pv_return_to_guest(regs);
}

/*
 * The iretq to the guest faulted on the frame (a selector or RIP the guest
 * gave us through the iret hypercall). As in Xen, whose iretq fixup makes
 * the fault the guest's: the guest gets that exception (#GP, #NP or #SS
 * with the hardware's error code, usually the selector) as if raised at
 * the frame it asked for, in the mode it asked for. Without a handler the
 * domain is crashed. A #PF is the CPU reading a guest LDT page not yet in
 * our LDT window (an LDT code or stack selector): that is mapped, or
 * bounced at the guest's LDT address, exactly as for guest code.
 */
void pv_iret_fault(struct cpu_user_regs *regs)
{
	unsigned int vec;
	u32 ec;

	last_fixed_fault(&vec, &ec);
	if (vec == TRAP_page_fault) {
		/* Interrupts stayed off since the fault: CR2 is its address. */
		unsigned long cr2 = read_cr2();

		/* As for a guest #PF: mapping takes locks and may flush. */
		__asm__ __volatile__("sti" ::: "memory");
		if (pv_ldt_fault(regs, cr2))
			pv_return_to_guest(regs); /* the iretq runs again */
	}
	regs->entry_vector = vec;
	regs->error_code = ec;
	pv_inject_trap(regs, vec, vector_has_error_code(vec), ec);
	pv_return_to_guest(regs);
}

/* "int $n" from the guest (decoded from the instruction, not the #GP). */
static bool guest_int_n(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	u8 insn[2];
	unsigned int n, dpl;

	if (copy_from_guest(insn, (void *)regs->rip, 2) || insn[0] != 0xcd)
		return false;
	n = insn[1];
	dpl = v->arch.trap_ctxt[n].flags & 3;
	if (!v->arch.trap_ctxt[n].address || !dpl ||
	    (!v->arch.in_kernel && dpl != 3)) {
		/* Not permitted: a #GP naming the vector, as hardware would. */
		pv_inject_gp(regs, (n << 3) | 2);
		return true;
	}
	regs->rip += 2;
	regs->entry_vector = n;
	pv_inject_trap(regs, n, false, 0);
	return true;
}

void pv_inject_page_fault(struct cpu_user_regs *regs, unsigned long cr2)
{
	struct vcpu *v = current;
	u32 ec = regs->error_code;

	/* The hardware always says "user": report the guest's own mode. */
	ec &= ~PFEC_user;
	if (!v->arch.in_kernel)
		ec |= PFEC_user;
	v->arch.guest_cr2 = cr2;
	v->vcpu_info->arch.cr2 = cr2;
	pv_inject_trap(regs, TRAP_page_fault, true, ec);
}

void pv_handle_guest_trap(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	unsigned int vec = regs->entry_vector;
	unsigned long cr2;

	switch (vec) {
	case TRAP_page_fault:
		cr2 = read_cr2();
		__asm__ __volatile__("sti" ::: "memory");
		if (pv_ldt_fault(regs, cr2) || pv_ptwr_fault(regs, cr2))
			return;
		pv_inject_page_fault(regs, cr2);
		return;
	case TRAP_gp_fault:
		__asm__ __volatile__("sti" ::: "memory");
		if (regs->error_code == 0 && pv_emulate_privileged_op(regs))
			return;
		if ((regs->error_code & 3) == 2 && guest_int_n(regs))
			return;
		pv_inject_gp(regs, regs->error_code);
		return;
	case TRAP_invalid_op:
		__asm__ __volatile__("sti" ::: "memory");
		if (pv_emulate_invalid_op(regs))
			return;
		pv_inject_ud(regs);
		return;
	case TRAP_no_device:
		/*
		 * The FPU is switched lazily: load this vCPU's state. Under
		 * the guest's own (virtual) TS, also reflect the #NM to it,
		 * clearing that TS as hardware would leave it for the handler.
		 */
		pv_fpu_restore_lazy(v);
		if (v->arch.ctrlreg_ts) {
			v->arch.ctrlreg_ts = false;
			pv_inject_trap(regs, vec, false, 0);
		}
		return;
	case TRAP_debug: {
		unsigned long dr6;

		__asm__ __volatile__("mov %%db6, %0" : "=r"(dr6));
		__asm__ __volatile__("mov %0, %%db6" ::"r"(0xffff0ff0UL));
		v->arch.debugreg[6] |= dr6 & 0x0000e00fUL;
		v->arch.debugreg[6] |= 0xffff0ff0UL;
		pv_inject_trap(regs, vec, false, 0);
		return;
	}
	case TRAP_nmi:
	case TRAP_machine_check:
	case TRAP_double_fault:
		/* Handled by the hypervisor itself (traps.c). */
		return;
	default:
		pv_inject_trap(regs, vec, vector_has_error_code(vec),
			       regs->error_code);
		return;
	}
}

/*
 * A #DB in hypervisor context the guest caused: a data breakpoint of its
 * own hit while we touched its memory for it, or its TF or mov-%ss shadow
 * carried into our syscall entry. As in Xen it is absorbed: the guest sees
 * nothing of it (its DR6 stays as it was), and stepping stops here.
 */
void pv_debug_in_hypervisor(struct cpu_user_regs *regs)
{
	__asm__ __volatile__("mov %0, %%db6" ::"r"(0xffff0ff0UL));
	regs->rflags &= ~X86_EFLAGS_TF;
}

void pv_show_guest_state(struct vcpu *v, const struct cpu_user_regs *r)
{
	printk(XENLOG_ERR "d%uv%u %s mode, RIP %04x:[<%016lx>] RFLAGS %016lx\n",
	       v->domain->domain_id, v->vcpu_id,
	       v->arch.in_kernel ? "kernel" : "user", r->cs,
	       (unsigned long)r->rip, (unsigned long)r->rflags);
	show_gprs(r);
	printk(XENLOG_ERR "r15: %016lx   ss: %04x   cr2: %016lx\n",
	       (unsigned long)r->r15, r->ss, v->arch.guest_cr2);
	printk(XENLOG_ERR "cr3: %016lx   user cr3: %016lx   error code: %04x\n",
	       v->arch.kernel_cr3_mfn << PAGE_SHIFT,
	       v->arch.user_cr3_mfn << PAGE_SHIFT, r->error_code);
}
