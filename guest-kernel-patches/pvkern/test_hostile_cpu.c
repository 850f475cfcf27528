/* SPDX-License-Identifier: MIT */
/*
 * Hostile instructions (run with tests=hostile_cpu): what a kernel at
 * ring 0 would do - hlt, cli/sti, loading CR3, clearing CR0.WP, lgdt,
 * lidt, ltr, swapgs, sysret, invlpg, writing the system-call MSRs
 * (LSTAR, STAR, CSTAR, SFMASK, SYSENTER_CS/ESP/EIP), port I/O, software
 * interrupts aimed at the hypervisor's vectors - and reading, writing
 * and jumping into the hypervisor's memory. Each must end in the trap
 * Xen 4.17 gives (#GP(0) for the privileged ones), and a check shows the
 * machine state is still ours: CR3, CR0, the GDT, the IDT (our trap
 * table still gets #BP), syscalls still reaching our callback.
 */
#include "hostile.h"
#include "hypercall.h"

#include "user/usys.h"

#include <public/version.h>

#define X86_CR0_WP (1UL << 16)
#define PF_WRITE 2UL
#define PF_USER 4UL
#define PF_INSN 16UL

static unsigned long read_cr(int n)
{
	unsigned long v = 0;

	/* Emulated by the hypervisor: the guest's view. */
	if (n == 0)
		__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	else
		__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

static void insn_hlt(void *arg)
{
	__asm__ __volatile__("hlt");
}

static void insn_cli(void *arg)
{
	__asm__ __volatile__("cli");
}

static void insn_sti(void *arg)
{
	__asm__ __volatile__("sti");
}

static void insn_write_cr3(void *arg)
{
	__asm__ __volatile__("mov %0, %%cr3" ::"r"(*(unsigned long *)arg)
			     : "memory");
}

static void insn_write_cr0(void *arg)
{
	__asm__ __volatile__("mov %0, %%cr0" ::"r"(*(unsigned long *)arg)
			     : "memory");
}

static struct {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed)) fake_table = { 0xfff, 0 };

static void insn_lgdt(void *arg)
{
	__asm__ __volatile__("lgdt %0" ::"m"(fake_table));
}

static void insn_lidt(void *arg)
{
	__asm__ __volatile__("lidt %0" ::"m"(fake_table));
}

static void insn_ltr(void *arg)
{
	__asm__ __volatile__("ltr %w0" ::"r"(0xe040));
}

static void insn_lldt(void *arg)
{
	__asm__ __volatile__("lldt %w0" ::"r"(0));
}

static void insn_swapgs(void *arg)
{
	__asm__ __volatile__("swapgs");
}

static void insn_sysret(void *arg)
{
	__asm__ __volatile__("sysretq");
}

static void insn_invlpg(void *arg)
{
	__asm__ __volatile__("invlpg (%0)" ::"r"(_text) : "memory");
}

static void insn_int3(void *arg)
{
	__asm__ __volatile__("int3");
}

struct msr_write {
	uint32_t msr;
	uint64_t val;
};

static void insn_wrmsr(void *arg)
{
	const struct msr_write *w = arg;

	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(w->msr), "a"((uint32_t)w->val),
			       "d"((uint32_t)(w->val >> 32))
			     : "memory");
}

static void insn_rdmsr(void *arg)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr"
			     : "=a"(lo), "=d"(hi)
			     : "c"(*(uint32_t *)arg));
}

static void insn_sysenter(void *arg)
{
	__asm__ __volatile__("sysenter");
}

static void insn_in_al(void *arg)
{
	uint8_t v;

	__asm__ __volatile__("inb %%dx, %0" : "=a"(v) : "d"(*(uint16_t *)arg));
}

static void insn_out_al(void *arg)
{
	__asm__ __volatile__("outb %b0, %%dx" ::"a"(0x42),
			     "d"(*(uint16_t *)arg));
}

static void insn_in_dword(void *arg)
{
	uint32_t v;

	__asm__ __volatile__("inl %%dx, %0" : "=a"(v) : "d"(*(uint16_t *)arg));
}

static void insn_rep_outsb(void *arg)
{
	const char *p = "pwned\n";
	unsigned long n = 6;

	__asm__ __volatile__("rep outsb"
			     : "+S"(p), "+c"(n)
			     : "d"(*(uint16_t *)arg)
			     : "memory");
}

static void insn_int_0x20(void *arg)
{
	__asm__ __volatile__("int $0x20");
}

static void insn_int_0x80(void *arg)
{
	__asm__ __volatile__("int $0x80");
}

static void insn_int_df(void *arg)
{
	__asm__ __volatile__("int $8");
}

static void insn_int_mc(void *arg)
{
	__asm__ __volatile__("int $18");
}

static void insn_mov_dr7(void *arg)
{
	__asm__ __volatile__("mov %0, %%db7" ::"r"(1UL << 13));
}

static void read_at(void *arg)
{
	*(volatile uint64_t *)arg;
}

static void write_at(void *arg)
{
	*(volatile uint64_t *)arg = 0x5a5a5a5a5a5a5a5aUL;
}

static void exec_at(void *arg)
{
	call_address((unsigned long)arg);
}

/* A #GP(0) at the instruction itself; check describes any damage. */
static void privileged(const char *name, void (*fn)(void *), void *arg,
		       const char *(*check)(void))
{
	struct caught c;

	catch_traps(fn, arg, &c);
	attack_trap(name, &c, 13, ~0UL, 0, check ? check() : NULL);
}

static unsigned long cr3_before, cr0_before;

static const char *cr3_same(void)
{
	return read_cr(3) != cr3_before ? damage("CR3 reads %#lx", read_cr(3)) :
					  NULL;
}

static const char *cr0_same(void)
{
	return read_cr(0) != cr0_before ? damage("CR0 reads %#lx", read_cr(0)) :
					  NULL;
}

/* The hypervisor's GDT still in place: its flat data selector loads. */
static const char *gdt_same(void)
{
	unsigned int sel = FLAT_KERNEL_SS, got;

	__asm__ __volatile__("mov %1, %%es\n\tmov %%es, %0\n\tmov %2, %%es"
			     : "=r"(got)
			     : "r"(sel), "r"(0));
	return (got & 0xffff) != sel ? damage("%%es reads %#x", got) : NULL;
}

/* Our trap table, not someone's IDT, still gets #BP. */
static const char *idt_same(void)
{
	struct caught c;

	catch_traps(insn_int3, NULL, &c);
	return !c.trapped || c.vector != 3 ?
		       damage("int3 gave %s", trap_desc(&c)) :
		       NULL;
}

/* A user-mode syscall still reaches our callback, and hypercalls work. */
static const char *syscalls_same(void)
{
	long rc = run_user(UTEST_SYSCALLS);

	if (rc || user_report.syscalls != UTEST_ROUNDS)
		return damage("the user program got %lu of %u syscalls (%ld)",
			      user_report.syscalls, UTEST_ROUNDS, rc);
	return NULL;
}

static void insn_fnop(void *arg)
{
	__asm__ __volatile__("fnop");
}

/*
 * fpu_taskswitch takes any int (non-zero sets the virtual TS): garbage is
 * just "set". The next FPU instruction is our #NM, after which the
 * hypervisor has cleared TS again, so the one after that runs.
 */
static void attack_fpu_taskswitch(void)
{
	struct caught c, again;
	long rc = HYPERVISOR_fpu_taskswitch(0x7fffffff);

	if (rc) {
		attack_unexpected("fpu_taskswitch_garbage", "%s",
				  errno_name(rc));
		return;
	}
	catch_traps(insn_fnop, NULL, &c);
	catch_traps(insn_fnop, NULL, &again);
	attack_trap("fpu_taskswitch_garbage", &c, 7, 0, 0,
		    again.trapped ?
			    damage("a second #NM: %s", trap_desc(&again)) :
		    (read_cr(0) & 8) ? damage("CR0.TS still set") :
				       NULL);
}

#define DR7_L0 (1UL << 0)
#define DR7_RW0_ACCESS (3UL << 16) /* break on reads and writes */
#define DR7_RW0_WRITE (1UL << 16)
#define DR7_LEN0_2 (1UL << 18)
#define DR7_LEN0_8 (2UL << 18)
#define DR6_B0 (1UL << 0)

static volatile uint16_t ss_value = FLAT_KERNEL_SS;
static char watched_buf[16] __aligned(16);
extern char mov_ss_syscall_insn[];

/*
 * mov %ss, then syscall, with a data breakpoint on what the mov reads:
 * hardware delays that #DB past the syscall, onto the hypervisor's entry
 * at CPL 0 with the guest's stack (CVE-2018-8897's shape), where it must
 * be absorbed on its own stack. QEMU's TCG does not delay it: the #DB is
 * ours, at the syscall. Either way no crash, and the hypercall or our #DB.
 */
static void insn_mov_ss_syscall(void *arg)
{
	__asm__ __volatile__("mov %[ss], %%ss\n\t"
			     ".globl mov_ss_syscall_insn\n"
			     "mov_ss_syscall_insn:\n\t"
			     "syscall"
			     :
			     : "a"((long)__HYPERVISOR_xen_version), "D"(0),
			       "S"(0), [ss] "m"(ss_value)
			     : "rcx", "r11", "memory");
}

static void attack_debug_traps(void)
{
	struct caught c;
	long rc;

	/*
	 * A watchpoint on a buffer the hypervisor writes for us: the write
	 * happens, and (as on Xen) the hypervisor's own access is not
	 * reported to us in DR6.
	 */
	HYPERVISOR_set_debugreg(6, 0);
	rc = HYPERVISOR_set_debugreg(0, (unsigned long)watched_buf);
	if (!rc)
		rc = HYPERVISOR_set_debugreg(7, DR7_L0 | DR7_RW0_WRITE |
							DR7_LEN0_8);
	if (!rc)
		rc = HYPERVISOR_xen_version(XENVER_extraversion, watched_buf);
	HYPERVISOR_set_debugreg(7, 0);
	if (rc)
		attack_unexpected("watchpoint_on_hypercall_buffer", "%s",
				  errno_name(rc));
	else if (HYPERVISOR_get_debugreg(6) & DR6_B0)
		attack_unexpected("watchpoint_on_hypercall_buffer",
				  "DR6 %#lx reports the hypervisor's access",
				  HYPERVISOR_get_debugreg(6));
	else
		attack_refused("watchpoint_on_hypercall_buffer",
			       "rc 0, the hypervisor's access absorbed");

	HYPERVISOR_set_debugreg(6, 0);
	rc = HYPERVISOR_set_debugreg(0, (unsigned long)&ss_value);
	if (!rc)
		rc = HYPERVISOR_set_debugreg(7, DR7_L0 | DR7_RW0_ACCESS |
							DR7_LEN0_2);
	catch_traps(insn_mov_ss_syscall, NULL, &c);
	HYPERVISOR_set_debugreg(7, 0);
	HYPERVISOR_set_debugreg(0, 0);
	if (rc)
		attack_unexpected("mov_ss_syscall", "arming: %s",
				  errno_name(rc));
	else if (c.trapped && c.vector == 1 &&
		 c.rip == (unsigned long)mov_ss_syscall_insn)
		attack_refused("mov_ss_syscall", "our #DB, at the syscall");
	else if (!c.trapped)
		attack_refused("mov_ss_syscall",
			       "#DB absorbed on the syscall entry");
	else
		attack_unexpected("mov_ss_syscall", "%s at %#lx", trap_desc(&c),
				  c.rip);
}

static void attack_privileged(unsigned long foreign)
{
	unsigned long v;

	cr3_before = read_cr(3);
	cr0_before = read_cr(0);
	privileged("hlt", insn_hlt, NULL, NULL);
	privileged("cli", insn_cli, NULL, NULL);
	privileged("sti", insn_sti, NULL, NULL);
	v = foreign << PAGE_SHIFT;
	privileged("mov_cr3_foreign_frame", insn_write_cr3, &v, cr3_same);
	v = (unsigned long)virt_to_mfn(_text) << PAGE_SHIFT;
	privileged("mov_cr3_data_page", insn_write_cr3, &v, cr3_same);
	v = cr0_before & ~X86_CR0_WP;
	privileged("mov_cr0_clear_wp", insn_write_cr0, &v, cr0_same);
	fake_table.base = (unsigned long)_text;
	privileged("lgdt", insn_lgdt, NULL, gdt_same);
	privileged("lidt", insn_lidt, NULL, idt_same);
	privileged("ltr", insn_ltr, NULL, NULL);
	privileged("lldt", insn_lldt, NULL, NULL);
	privileged("swapgs", insn_swapgs, NULL, NULL);
	privileged("sysret", insn_sysret, NULL, NULL);
	privileged("invlpg", insn_invlpg, NULL, NULL);
	privileged("mov_dr7_general_detect", insn_mov_dr7, NULL, NULL);
	attack_fpu_taskswitch();
}

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176

static void attack_msrs(void)
{
	/* A ring-0 entry into our code: a #BP there would be the proof. */
	unsigned long canary = (unsigned long)iret_landing;
	struct msr_write w;
	struct caught c;
	uint32_t msr;

	w = (struct msr_write){ MSR_LSTAR, canary };
	privileged("wrmsr_lstar", insn_wrmsr, &w, syscalls_same);
	w = (struct msr_write){ MSR_STAR, 0x0023001000000000UL };
	privileged("wrmsr_star", insn_wrmsr, &w, syscalls_same);
	w = (struct msr_write){ MSR_CSTAR, canary };
	privileged("wrmsr_cstar", insn_wrmsr, &w, NULL);
	w = (struct msr_write){ MSR_SFMASK, 0 };
	privileged("wrmsr_sfmask", insn_wrmsr, &w, syscalls_same);
	w = (struct msr_write){ MSR_SYSENTER_CS, 0xe008 };
	privileged("wrmsr_sysenter_cs", insn_wrmsr, &w, NULL);
	w = (struct msr_write){ MSR_SYSENTER_ESP, (unsigned long)&w };
	privileged("wrmsr_sysenter_esp", insn_wrmsr, &w, NULL);
	w = (struct msr_write){ MSR_SYSENTER_EIP, canary };
	privileged("wrmsr_sysenter_eip", insn_wrmsr, &w, NULL);
	/* sysenter must still trap (#GP or #UD), never reach the canary. */
	catch_traps(insn_sysenter, NULL, &c);
	if (c.trapped && (c.vector == 6 || c.vector == 13) &&
	    c.rip != canary + 1)
		attack_refused("sysenter_after_msr_writes", "%s",
			       trap_desc(&c));
	else
		attack_allowed("sysenter_after_msr_writes", "%s at %#lx",
			       trap_desc(&c), c.rip);
	/* Nor may the guest learn where the hypervisor's entry points are. */
	msr = MSR_LSTAR;
	privileged("rdmsr_lstar", insn_rdmsr, &msr, NULL);
	msr = MSR_SYSENTER_EIP;
	privileged("rdmsr_sysenter_eip", insn_rdmsr, &msr, NULL);
}

static void attack_io(void)
{
	uint16_t port;

	/* The virtual IOPL is 0: every port is refused, even harmless. */
	port = 0x80;
	privileged("in_port_0x80", insn_in_al, &port, NULL);
	port = 0x21; /* the PIC's mask */
	privileged("out_pic_mask", insn_out_al, &port, NULL);
	port = 0xf4; /* QEMU's isa-debug-exit: would end the machine */
	privileged("out_debug_exit", insn_out_al, &port, NULL);
	port = 0xcf8; /* PCI configuration address */
	privileged("in_pci_config", insn_in_dword, &port, NULL);
	port = 0x3f8; /* the hypervisor's serial line */
	privileged("rep_outsb_serial", insn_rep_outsb, &port, NULL);
}

/*
 * Refused by the IDT's DPL: #GP naming the vector, IDT bit set. QEMU's
 * TCG reports vector * 16 + 2 instead of vector * 8 + 2; Xenolith decodes
 * the instruction, Xen passes TCG's code on, so both are accepted.
 */
static void soft_int(const char *name, void (*fn)(void *), unsigned int vec)
{
	struct caught c;
	unsigned long err = vec * 8 + 2;

	catch_traps(fn, NULL, &c);
	if (c.trapped && c.vector == 13 && c.error == vec * 16 + 2)
		err = c.error;
	attack_trap(name, &c, 13, ~0UL, err, NULL);
}

/* The hypervisor's own vectors: its timer, #DF and #MC handlers. */
static void attack_vectors(void)
{
	soft_int("int_timer_vector", insn_int_0x20, 0x20);
	soft_int("int_double_fault", insn_int_df, 8);
	soft_int("int_machine_check", insn_int_mc, 18);
	soft_int("int_0x80_unregistered", insn_int_0x80, 0x80);
}

/*
 * Kernel-mode faults on hypervisor pages: present (they are mapped, for
 * the hypervisor only) but the U/S bit says kernel, as the guest kernel
 * sees it; cr2 is the address we aimed at.
 */
static void hv_fault(const char *name, void (*fn)(void *), unsigned long addr,
		     unsigned long err, const char *(*check)(void))
{
	const char *harm = NULL;
	struct caught c;

	catch_traps(fn, (void *)addr, &c);
	if (check)
		harm = check();
	if (!harm && c.trapped && c.vector == 14 && c.cr2 != addr)
		harm = damage("cr2 %#lx, not %#lx", c.cr2, addr);
	attack_trap(name, &c, 14, PF_WRITE | PF_USER, err, harm);
}

static struct m2p_watch m2p_w;

static const char *m2p_same(void)
{
	return m2p_changed(&m2p_w);
}

static void attack_hypervisor_memory(void)
{
	struct caught c;
	void *m2p_slot = m2p_target(&m2p_w);

	hv_fault("read_hypervisor_text", read_at, HV_TEXT, 0, NULL);
	hv_fault("write_hypervisor_text", write_at, HV_TEXT, PF_WRITE, NULL);
	hv_fault("exec_hypervisor_text", exec_at, HV_TEXT, 0, NULL);
	hv_fault("read_hypervisor_directmap", read_at, HV_DIRECTMAP, 0, NULL);
	hv_fault("write_hypervisor_directmap", write_at, HV_DIRECTMAP, PF_WRITE,
		 NULL);
	hv_fault("read_gdt_window", read_at, 0xffff820000000000UL, 0, NULL);
	hv_fault("write_m2p", write_at, (unsigned long)m2p_slot, PF_WRITE,
		 m2p_same);
	/* The M2P is readable, never executable. */
	catch_traps(exec_at, m2p_slot, &c);
	attack_trap("exec_m2p", &c, 14, PF_WRITE | PF_USER | PF_INSN, PF_INSN,
		    c.trapped && c.vector == 14 &&
				    c.cr2 != (unsigned long)m2p_slot ?
			    damage("cr2 %#lx", c.cr2) :
			    NULL);
	catch_traps(read_at, (void *)NONCANONICAL, &c);
	attack_trap("read_noncanonical", &c, 13, ~0UL, 0, NULL);
}

static const char *test_hostile_cpu(void)
{
	unsigned long foreign = foreign_mfn();

	if (!mm_ready())
		return fail("own page tables not in use");
	if (!foreign)
		return fail("found no frame we do not own");
	attack_privileged(foreign);
	attack_msrs();
	attack_io();
	attack_debug_traps();
	attack_vectors();
	attack_hypervisor_memory();
	return attacks_verdict();
}
DEFINE_REQUEST_TEST(93, "hostile_cpu", test_hostile_cpu);
