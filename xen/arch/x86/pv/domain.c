/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU and per-vCPU PV state: the SYSCALL entry stubs and MSRs, a new
 * vCPU's defaults (pv-boot-abi.md §2.9), the context switch between vCPUs
 * (page tables, descriptor tables, data selectors, segment bases, debug
 * registers, a lazily switched FPU, the guest frame in cpu_info), the
 * virtual CR0.TS and the vcpu_time_info the guest reads its clock from
 * (§5.12).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SYSCALL_MASK 0xc0000084
#define MSR_SYSENTER_CS 0x00000174
#define X86_CR4_TSD 0x00000004UL
#define X86_CR4_DE 0x00000008UL
#define X86_CR4_MCE 0x00000040UL

/* Cleared on SYSCALL: IF TF DF NT AC IOPL (and RF, which SYSCALL clears). */
#define SYSCALL_MASK 0x00047700UL

extern const char lstar_enter[], cstar_enter[];

#define STUB_SIZE 32
static u8 syscall_stubs[NR_CPUS][2][STUB_SIZE] __aligned(STUB_SIZE);

static void write_stub(u8 *p, struct cpu_info *ci, const char *target)
{
	u64 rax_slot = (u64)&ci->guest_cpu_user_regs.rax;
	u64 frame_top = (u64)&ci->guest_cpu_user_regs.es;
	unsigned int n = 0;
	s32 rel;

	memset(p, 0xcc, STUB_SIZE);
	p[n++] = 0x48; /* mov %rax, moffs64 */
	p[n++] = 0xa3;
	memcpy(p + n, &rax_slot, 8);
	n += 8;
	p[n++] = 0x48; /* mov %rsp, %rax */
	p[n++] = 0x89;
	p[n++] = 0xe0;
	p[n++] = 0x48; /* mov $imm64, %rsp */
	p[n++] = 0xbc;
	memcpy(p + n, &frame_top, 8);
	n += 8;
	p[n++] = 0xe9; /* jmp rel32 */
	rel = (s32)((u64)target - ((u64)p + n + 4));
	memcpy(p + n, &rel, 4);
}

void pv_cpu_init(unsigned int cpu, struct cpu_info *ci, void *gdt_page)
{
	write_stub(syscall_stubs[cpu][0], ci, lstar_enter);
	write_stub(syscall_stubs[cpu][1], ci, cstar_enter);
	wrmsr(MSR_STAR,
	      ((u64)FLAT_RING3_CS32 << 48) | ((u64)__HYPERVISOR_CS << 32));
	wrmsr(MSR_LSTAR, (u64)syscall_stubs[cpu][0]);
	wrmsr(MSR_CSTAR, (u64)syscall_stubs[cpu][1]);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
	/* sysenter from the guest raises #GP instead of entering us. */
	wrmsr(MSR_SYSENTER_CS, 0);
	/* Guests use SSE: FXSAVE and SIMD exceptions must be enabled. */
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	pv_gdt_window_init(cpu, gdt_page);
}

void pv_vcpu_init(struct vcpu *v)
{
	v->arch.in_kernel = true;
	v->arch.kernel_ss = FLAT_KERNEL_SS;
	v->arch.debugreg[6] = 0xffff0ff0UL;
	v->arch.debugreg[7] = 0x00000400UL;
	v->user_regs.cs = FLAT_KERNEL_CS;
	v->user_regs.ss = FLAT_KERNEL_SS;
	v->user_regs.rflags = 0x202;
}

void pv_vcpu_destroy(struct vcpu *v)
{
	/* The domain's frames are freed wholesale; nothing else is held. */
	v->arch.gdt_ents = 0;
	v->arch.kernel_cr3_mfn = 0;
	v->arch.user_cr3_mfn = 0;
}

void pv_load_idle_page_tables(void)
{
	write_cr3(virt_to_maddr(idle_pg_table));
	flush_tlb_all_local();
	/* No guest breakpoint may outlive its guest. */
	__asm__ __volatile__("mov %0, %%db7" ::"r"(0x400UL));
	/* Back to the hypervisor's empty guest GDT frames. */
	pv_gdt_window_reset(smp_processor_id());
}

unsigned long pv_guest_cr4(const struct vcpu *v)
{
	return X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
	       (v->arch.guest_cr4 & (X86_CR4_TSD | X86_CR4_DE));
}

void pv_sync_segment_bases(struct vcpu *v)
{
	unsigned long gs = rdmsr(MSR_GS_BASE);
	unsigned long shadow = rdmsr(MSR_SHADOW_GS_BASE);

	v->arch.fs_base = rdmsr(MSR_FS_BASE);
	v->arch.gs_base_kernel = v->arch.in_kernel ? gs : shadow;
	v->arch.gs_base_user = v->arch.in_kernel ? shadow : gs;
}

void pv_update_time_info(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time;
	u64 mul = cpu_khz ? (1000000ULL << 32) / cpu_khz : 1ULL << 32;
	s8 shift = 0;

	/* ns = ((tsc << shift) * mul) >> 32, with mul below 2^32. */
	while (mul >> 32) {
		mul >>= 1;
		shift++;
	}
	t->version = (t->version + 1) | 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = rdtsc();
	t->system_time = NOW();
	t->tsc_to_system_mul = (u32)mul;
	t->tsc_shift = shift;
	t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->version++;
}

static void load_debugregs(const struct vcpu *v)
{
	__asm__ __volatile__("mov %0, %%db0" ::"r"(v->arch.debugreg[0]));
	__asm__ __volatile__("mov %0, %%db1" ::"r"(v->arch.debugreg[1]));
	__asm__ __volatile__("mov %0, %%db2" ::"r"(v->arch.debugreg[2]));
	__asm__ __volatile__("mov %0, %%db3" ::"r"(v->arch.debugreg[3]));
	__asm__ __volatile__("mov %0, %%db6" ::"r"(v->arch.debugreg[6]));
	__asm__ __volatile__("mov %0, %%db7" ::"r"(v->arch.debugreg[7]));
}

/* --- The lazy FPU ------------------------------------------------------- */

static void stts(void)
{
	write_cr0(read_cr0() | X86_CR0_TS);
}

/*
 * The first FPU instruction after a switch-in traps (#NM, CR0.TS set by
 * the switch): load the vCPU's state, or a fresh FPU the first time
 * (§2.9: FCW 0x37f, MXCSR 0x1f80).
 */
void pv_fpu_restore_lazy(struct vcpu *v)
{
	static const u32 mxcsr_default = 0x1f80;

	__asm__ __volatile__("clts" ::: "memory");
	if (v->arch.fpu_dirtied)
		return;
	if (v->arch.fpu_initialised)
		__asm__ __volatile__("fxrstorq %0" ::"m"(v->arch.fpu.fxsave));
	else
		__asm__ __volatile__("fninit; ldmxcsr %0" ::"m"(mxcsr_default));
	v->arch.fpu_initialised = true;
	v->arch.fpu_dirtied = true;
}

/* Save the FPU if the vCPU used it since it was switched in. */
static void fpu_save(struct vcpu *v)
{
	if (!v->arch.fpu_dirtied)
		return;
	__asm__ __volatile__("clts" ::: "memory");
	__asm__ __volatile__("fxsaveq %0" : "=m"(v->arch.fpu.fxsave));
	v->arch.fpu_dirtied = false;
}

void pv_set_guest_ts(struct vcpu *v, bool ts)
{
	v->arch.ctrlreg_ts = ts;
	if (v != current)
		return;
	if (ts)
		stts();
	else if (v->arch.fpu_dirtied)
		__asm__ __volatile__("clts" ::: "memory");
	/* Otherwise TS stays set until the lazy restore. */
}

/* --- Context switch ----------------------------------------------------- */

static u16 read_sel(unsigned int which)
{
	u16 sel = 0;

	switch (which) {
	case 0:
		__asm__ __volatile__("mov %%ds, %0" : "=r"(sel));
		break;
	case 1:
		__asm__ __volatile__("mov %%es, %0" : "=r"(sel));
		break;
	case 2:
		__asm__ __volatile__("mov %%fs, %0" : "=r"(sel));
		break;
	default:
		__asm__ __volatile__("mov %%gs, %0" : "=r"(sel));
		break;
	}
	return sel;
}

/*
 * Load a data selector the guest once had loaded; one its descriptor
 * tables no longer accept becomes null (the exception table catches the
 * fault), so a guest can never make the switch fail.
 */
#define LOAD_SEL(seg, sel)                                    \
	__asm__ __volatile__("1: movl %k0, %%" seg "\n"       \
			     "2:\n"                           \
			     ".section .text.fixup, \"ax\"\n" \
			     "3: xorl %k0, %k0\n"             \
			     "   jmp 1b\n"                    \
			     ".previous\n"                    \
			     ".section .ex_table, \"a\"\n"    \
			     "   .balign 8\n"                 \
			     "   .quad 1b, 3b\n"              \
			     ".previous"                      \
			     : "+r"(sel)                      \
			     :                                \
			     : "memory")

void pv_ctxt_switch_from(struct vcpu *v)
{
	struct cpu_user_regs *regs = &v->user_regs;

	*regs = get_cpu_info()->guest_cpu_user_regs;
	regs->ds = read_sel(0);
	regs->es = read_sel(1);
	regs->fs = read_sel(2);
	regs->gs = read_sel(3);
	pv_sync_segment_bases(v);
	fpu_save(v);
	/* Until the next vCPU's first FPU instruction. */
	stts();
	/*
	 * Its translations stay in this TLB only until the next load (always
	 * with a full flush), and nothing between uses them: shootdowns of
	 * its domain may skip this CPU from here on.
	 */
	cpumask_clear_cpu(smp_processor_id(), &v->domain->dirty_cpumask);
}

void pv_ctxt_switch_to(struct vcpu *v)
{
	struct cpu_info *ci = get_cpu_info();
	unsigned long mfn = v->arch.in_kernel ? v->arch.kernel_cr3_mfn :
						v->arch.user_cr3_mfn;
	unsigned int ds = v->user_regs.ds, es = v->user_regs.es;
	unsigned int fs = v->user_regs.fs, gs = v->user_regs.gs;

	/* Seen by shootdowns before the first walk of its page tables. */
	cpumask_set_cpu(smp_processor_id(), &v->domain->dirty_cpumask);
	/* Guest user mappings are global: flush them too. */
	write_cr3((paddr_t)mfn << PAGE_SHIFT);
	flush_tlb_all_local();
	pv_load_gdt(v);

	LOAD_SEL("ds", ds);
	LOAD_SEL("es", es);
	LOAD_SEL("fs", fs);
	LOAD_SEL("gs", gs);
	/* The selectors loaded their descriptors' bases: ours win. */
	wrmsr(MSR_FS_BASE, v->arch.fs_base);
	wrmsr(MSR_GS_BASE, v->arch.in_kernel ? v->arch.gs_base_kernel :
					       v->arch.gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE, v->arch.in_kernel ? v->arch.gs_base_user :
						      v->arch.gs_base_kernel);
	load_debugregs(v);

	/* CR0.TS is set (switch out, or idle): the FPU comes back lazily. */
	stts();
	v->arch.fpu_dirtied = false;

	pv_update_time_info(v);
	ci->guest_cpu_user_regs = v->user_regs;
}

void pv_ctxt_switch_to_idle(void)
{
	pv_load_idle_page_tables();
}
