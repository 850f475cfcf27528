/* SPDX-License-Identifier: MIT */
/*
 * A PV vCPU's whole state from a vcpu_guest_context (VCPUOP_initialise,
 * pv-boot-abi.md §3.6), checked as Xen's arch_set_info_guest checks it.
 *
 * pv_vcpu_check_context() changes nothing but the caller's copy: every
 * address the hypervisor will jump to or load (RIP, stacks, callbacks,
 * trap handlers, segment bases) must be canonical, the LDT page-aligned,
 * in the guest's range and at most 8192 entries, the GDT at most 14
 * frames' worth; a vCPU starting in user mode needs a user page table.
 * Selector RPLs are raised to 3, where a 64-bit PV kernel runs.
 *
 * pv_vcpu_set_context() then takes the references the state needs (the
 * GDT frames as descriptor pages, the kernel and user L4 tables, which
 * are validated if they are not yet) and only once all are held writes
 * the rest, so a failure leaves the vCPU as it was. RFLAGS gets IF set
 * and the IOPL moved into the virtual IOPL, the FPU image its MXCSR made
 * acceptable to FXRSTOR, debug registers go through the same checks as
 * set_debugreg (a refused value leaves the default, as in Xen).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/xen.h>

#define GDT_ENTRIES_PER_FRAME 512
#define LDT_MAX_ENTRIES 8192
#define FXSAVE_MXCSR 24
#define FXSAVE_MXCSR_MASK 28
#define MXCSR_MASK_DEFAULT 0x0000ffbfU /* when FXSAVE reports 0 */
#define X86_CR4_TSD 0x00000004UL
#define X86_CR4_DE 0x00000008UL

static void fixup_rpl(u16 *sel)
{
	*sel |= 3;
}

int pv_vcpu_check_context(struct vcpu_guest_context *c)
{
	unsigned int i;

	if (!is_canonical_address(c->user_regs.rip) ||
	    !is_canonical_address(c->user_regs.rsp) ||
	    !is_canonical_address(c->kernel_sp) ||
	    (c->ldt_ents && !is_canonical_address(c->ldt_base)) ||
	    !is_canonical_address(c->fs_base) ||
	    !is_canonical_address(c->gs_base_kernel) ||
	    !is_canonical_address(c->gs_base_user) ||
	    !is_canonical_address(c->event_callback_eip) ||
	    !is_canonical_address(c->syscall_callback_eip) ||
	    !is_canonical_address(c->failsafe_callback_eip))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++)
		if (!is_canonical_address(c->trap_ctxt[i].address))
			return -EINVAL;
	/* The LDT: a guest address, page-aligned, a bounded size. */
	if (!pv_guest_array_ok((void *)c->ldt_base) ||
	    (c->ldt_base & ~PAGE_MASK) || c->ldt_ents > LDT_MAX_ENTRIES)
		return -EINVAL;
	if (c->gdt_ents > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	/* Starting in user mode needs the user page tables to run on. */
	if (!(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
		return -EINVAL;

	fixup_rpl(&c->user_regs.ss);
	fixup_rpl(&c->user_regs.cs);
	c->kernel_ss |= 3;
	for (i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++)
		fixup_rpl(&c->trap_ctxt[i].cs);
	return 0;
}

/* Which MXCSR bits FXRSTOR accepts on this CPU. */
static u32 mxcsr_mask(void)
{
	static u32 mask;
	u8 area[512] __aligned(16);
	unsigned long cr0;

	if (mask)
		return mask;
	/* TS may be set (lazy FPU): FXSAVE must not trap, nor be seen to. */
	cr0 = read_cr0();
	__asm__ __volatile__("clts; fxsaveq %0" : "=m"(area));
	if (cr0 & X86_CR0_TS)
		write_cr0(cr0);
	memcpy(&mask, area + FXSAVE_MXCSR_MASK, 4);
	if (!mask)
		mask = MXCSR_MASK_DEFAULT;
	return mask;
}

/* Take the references the context needs; on failure, hold none. */
static int take_references(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct domain *d = v->domain;
	xen_pfn_t frames[MAX_GUEST_GDT_FRAMES];
	unsigned int i, nr = DIV_ROUND_UP(c->gdt_ents, GDT_ENTRIES_PER_FRAME);
	int rc;

	for (i = 0; i < nr; i++)
		frames[i] = c->gdt_frames[i];
	rc = (int)pv_set_gdt(v, frames, c->gdt_ents);
	if (rc)
		return rc;

	spin_lock(&d->mm_lock);
	rc = pv_new_guest_cr3(v, xen_cr3_to_pfn(c->ctrlreg[3]));
	if (!rc && c->ctrlreg[1]) {
		rc = pv_new_user_cr3(v, xen_cr3_to_pfn(c->ctrlreg[1]));
		if (rc) {
			put_page_and_type(mfn_to_page(v->arch.kernel_cr3_mfn));
			v->arch.kernel_cr3_mfn = 0;
		}
	}
	spin_unlock(&d->mm_lock);
	if (rc)
		pv_destroy_gdt(v);
	/* Not a page table we may use: -EINVAL, as Xen. */
	return rc ? -EINVAL : 0;
}

int pv_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct pv_vcpu *pv = &v->arch;
	struct cpu_user_regs *regs = &v->user_regs;
	unsigned int i;
	int rc;

	ASSERT(!v->is_initialised && v != current);
	rc = take_references(v, c);
	if (rc)
		return rc;

	/* From here on nothing can fail. */
	*regs = c->user_regs;
	regs->error_code = 0;
	regs->entry_vector = 0;
	regs->saved_upcall_mask = 0;
	pv->iopl = (regs->rflags & X86_EFLAGS_IOPL) >> 12;
	regs->rflags = (regs->rflags & PV_GUEST_EFLAGS_MASK) | X86_EFLAGS_IF |
		       2;

	pv->in_kernel = c->flags & VGCF_in_kernel;
	memcpy(pv->trap_ctxt, c->trap_ctxt, sizeof(pv->trap_ctxt));
	pv->kernel_ss = c->kernel_ss;
	pv->kernel_sp = c->kernel_sp;
	pv->event_callback_eip = c->event_callback_eip;
	pv->failsafe_callback_eip = c->failsafe_callback_eip;
	pv->failsafe_mask_events = c->flags & VGCF_failsafe_disables_events;
	pv->syscall_callback_eip = c->syscall_callback_eip;
	pv->syscall_mask_events = c->flags & VGCF_syscall_disables_events;
	/* A non-null selector would have loaded its own base. */
	pv->fs_base = regs->fs & ~3 ? 0 : c->fs_base;
	pv->gs_base_kernel = c->gs_base_kernel;
	pv->gs_base_user = regs->gs & ~3 ? 0 : c->gs_base_user;
	/* Checked above; its pages are typed when first used (mm/ldt.c). */
	pv_set_ldt(v, c->ldt_base, c->ldt_ents);

	/* Only CR0.TS and CR4's TSD/DE are the guest's to choose. */
	pv->ctrlreg_ts = c->ctrlreg[0] & X86_CR0_TS;
	pv->guest_cr4 = c->ctrlreg[4] & (X86_CR4_TSD | X86_CR4_DE);

	if (c->flags & VGCF_i387_valid) {
		u32 mxcsr;

		memcpy(pv->fpu.fxsave, c->fpu_ctxt.x, sizeof(pv->fpu.fxsave));
		memcpy(&mxcsr, pv->fpu.fxsave + FXSAVE_MXCSR, 4);
		mxcsr &= mxcsr_mask();
		memcpy(pv->fpu.fxsave + FXSAVE_MXCSR, &mxcsr, 4);
		pv->fpu_initialised = true;
	}

	for (i = 0; i < 4; i++)
		pv_set_debugreg(v, i, c->debugreg[i]);
	pv_set_debugreg(v, 6, c->debugreg[6]);
	pv_set_debugreg(v, 7, c->debugreg[7]);
	return 0;
}
