/* SPDX-License-Identifier: MIT */
/*
 * Small per-vCPU hypercalls (pv-boot-abi.md §4.3.6, §4.3.8, §4.3.17,
 * §4.3.21): segment bases, the virtual CR0.TS, the debug registers and the
 * virtual I/O privilege level.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <public/physdev.h>
#include <public/xen.h>

#define X86_CR4_DE 0x00000008UL
#define DR6_RESERVED_ONE 0xffff0ff0UL
#define DR6_GUEST_BITS 0x0000e00fUL
#define DR7_RESERVED_ONE 0x00000400UL
#define DR7_RESERVED_ZERO 0x0000d800UL /* bits 11, 12, 14, 15 */
#define DR7_GD 0x00002000UL

/* Load a selector into the inactive (user) GS; a bad one becomes null. */
static void load_user_gs_selector(unsigned int sel)
{
	__asm__ __volatile__("swapgs\n"
			     "1: movl %k0, %%gs\n"
			     "2: swapgs\n"
			     ".section .text.fixup, \"ax\"\n"
			     "3: xorl %k0, %k0\n"
			     "   jmp 1b\n"
			     ".previous\n"
			     ".section .ex_table, \"a\"\n"
			     "   .balign 8\n"
			     "   .quad 1b, 3b\n"
			     ".previous"
			     : "+r"(sel)
			     :
			     : "memory");
}

long do_set_segment_base(unsigned int which, unsigned long base)
{
	struct vcpu *v = current;

	switch (which) {
	case SEGBASE_FS:
		if (!is_canonical_address(base))
			return -EINVAL;
		wrmsr(MSR_FS_BASE, base);
		v->arch.fs_base = base;
		return 0;
	case SEGBASE_GS_USER:
		if (!is_canonical_address(base))
			return -EINVAL;
		wrmsr(MSR_SHADOW_GS_BASE, base);
		v->arch.gs_base_user = base;
		return 0;
	case SEGBASE_GS_KERNEL:
		if (!is_canonical_address(base))
			return -EINVAL;
		wrmsr(MSR_GS_BASE, base);
		v->arch.gs_base_kernel = base;
		return 0;
	case SEGBASE_GS_USER_SEL:
		/* Guest selectors only, at RPL 3; a fault loads null. */
		base &= 0xffff;
		if (base & ~3UL)
			base |= 3;
		else
			base = 0;
		load_user_gs_selector(base);
		v->arch.gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
		return 0;
	default:
		return -EINVAL;
	}
}

long do_fpu_taskswitch(int set)
{
	pv_set_guest_ts(current, set != 0);
	return 0;
}

static void write_hw_debugreg(unsigned int reg, unsigned long val)
{
	switch (reg) {
	case 0:
		__asm__ __volatile__("mov %0, %%db0" ::"r"(val));
		break;
	case 1:
		__asm__ __volatile__("mov %0, %%db1" ::"r"(val));
		break;
	case 2:
		__asm__ __volatile__("mov %0, %%db2" ::"r"(val));
		break;
	case 3:
		__asm__ __volatile__("mov %0, %%db3" ::"r"(val));
		break;
	case 6:
		__asm__ __volatile__("mov %0, %%db6" ::"r"(val));
		break;
	case 7:
		__asm__ __volatile__("mov %0, %%db7" ::"r"(val));
		break;
	}
}

long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long val)
{
	bool de = v->arch.guest_cr4 & X86_CR4_DE;
	unsigned int i;

	if ((reg == 4 || reg == 5) && de)
		return -ENODEV;
	if (reg == 4)
		reg = 6;
	else if (reg == 5)
		reg = 7;

	switch (reg) {
	case 0 ... 3:
		if (!is_canonical_address(val) || !guest_range_ok(val, 8))
			return -EPERM;
		break;
	case 6:
		if (val >> 32)
			return -EINVAL;
		val = (val & DR6_GUEST_BITS) | DR6_RESERVED_ONE;
		break;
	case 7:
		if (val >> 32)
			return -EINVAL;
		if (val & DR7_GD)
			return -EPERM;
		val = (val & ~DR7_RESERVED_ZERO) | DR7_RESERVED_ONE;
		/*
		 * R/W = 10b (I/O) in an enabled slot: the guest would need
		 * CR4.DE, and the hardware's stays clear, so refuse it.
		 */
		for (i = 0; i < 4; i++)
			if ((val & (3UL << (i * 2))) &&
			    ((val >> (16 + i * 4)) & 3) == 2)
				return -EPERM;
		break;
	default:
		/* No such register (as Xen: what the emulator turns into #UD). */
		return -ENODEV;
	}
	v->arch.debugreg[reg] = val;
	if (v == current)
		write_hw_debugreg(reg, val);
	return 0;
}

long pv_get_debugreg(struct vcpu *v, unsigned int reg)
{
	bool de = v->arch.guest_cr4 & X86_CR4_DE;

	if ((reg == 4 || reg == 5) && de)
		return -ENODEV;
	if (reg == 4)
		reg = 6;
	else if (reg == 5)
		reg = 7;
	if (reg > 7)
		return -ENODEV;
	return v->arch.debugreg[reg];
}

long do_set_debugreg(int reg, unsigned long value)
{
	if (reg < 0)
		return -ENODEV;
	return pv_set_debugreg(current, reg, value);
}

long do_get_debugreg(int reg)
{
	if (reg < 0)
		return -ENODEV;
	return pv_get_debugreg(current, reg);
}

long do_physdev_op(int cmd, void *arg)
{
	struct physdev_set_iopl iopl;

	switch (cmd) {
	case PHYSDEVOP_set_iopl:
		if (copy_from_guest(&iopl, arg, sizeof(iopl)))
			return -EFAULT;
		if (iopl.iopl > 3)
			return -EINVAL;
		current->arch.iopl = iopl.iopl;
		return 0;
	default:
		return -ENOSYS;
	}
}
