/* SPDX-License-Identifier: MIT */
/*
 * The 64-bit PV execution core (xen/arch/x86/pv/): entering and leaving
 * guest context, bouncing exceptions, events and system calls to the
 * guest's handlers, guest-mode switches, and the per-CPU setup behind them.
 */
#ifndef ASM_PV_H
#define ASM_PV_H

#include <xen/types.h>
#include <asm/regs.h>

struct vcpu;
struct domain;

/*
 * Per-CPU: SYSCALL MSRs and entry stubs for the CPU whose cpu_info is ci,
 * the GDT window around its reserved GDT page, FPU/SSE control bits.
 */
struct cpu_info;
void pv_cpu_init(unsigned int cpu, struct cpu_info *ci, void *gdt_page);

/*
 * RFLAGS bits a guest may set in a frame it hands us (iret, a vCPU
 * context): CF PF AF ZF SF TF DF OF RF AC ID. IOPL and VM are the
 * hypervisor's; NT would make iretq fault in long mode.
 */
#define PV_GUEST_EFLAGS_MASK 0x00250dd5UL

/*
 * VCPUOP_initialise (pv/vcpu_context.c). check: validate c, fixing up
 * selector RPLs in place; -EINVAL. set: install c in v, which
 * has never run (its page tables and GDT referenced and validated);
 * -EINVAL with v unchanged if they do not validate.
 */
struct vcpu_guest_context;
int pv_vcpu_check_context(struct vcpu_guest_context *c);
int pv_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c);

/* Default PV state of a new vCPU (§2.9: DR6/DR7, empty trap table). */
void pv_vcpu_init(struct vcpu *v);
/* Drop what a vCPU holds (called on domain destruction). */
void pv_vcpu_destroy(struct vcpu *v);

/* Print a guest frame and the vCPU's PV state, for crashes. */
void pv_show_guest_state(struct vcpu *v, const struct cpu_user_regs *regs);

/* Load the hypervisor's own page tables (no guest running here). */
void pv_load_idle_page_tables(void);

/*
 * The context switch (the scheduler calls these with interrupts off).
 * _from saves what of the current vCPU lives in hardware (its frame in
 * cpu_info, data selectors, segment bases, a used FPU); _to loads the next
 * one's page tables, descriptor tables, selectors, bases and debug
 * registers, refreshes its vcpu_time_info and puts its frame in cpu_info;
 * _to_idle loads the hypervisor's own page tables.
 */
void pv_ctxt_switch_from(struct vcpu *v);
void pv_ctxt_switch_to(struct vcpu *v);
void pv_ctxt_switch_to_idle(void);
/* #NM: give the current vCPU its FPU state back (lazy switching). */
void pv_fpu_restore_lazy(struct vcpu *v);

/*
 * The way back to guest context after any entry: deliver a pending event
 * upcall if the guest allows it, then restore regs and iretq. If the
 * current domain has stopped, leave it for good instead.
 */
void __noreturn pv_return_to_guest(struct cpu_user_regs *regs);
/* entry.S: restore the guest registers at regs and iretq. */
void __noreturn pv_restore_guest(struct cpu_user_regs *regs);

/* C side of the SYSCALL entry stubs (entry_vector says which). */
void __noreturn pv_syscall_entry(struct cpu_user_regs *regs);
/* An iretq to the guest faulted: the frame at regs was bad. */
void __noreturn pv_iret_fault(struct cpu_user_regs *regs);
/* An exception (vector < 32) raised by guest code. */
void pv_handle_guest_trap(struct cpu_user_regs *regs);
/* #DB raised in the hypervisor by a guest's data breakpoint. */
void pv_debug_in_hypervisor(struct cpu_user_regs *regs);

/*
 * Deliver an exception or software interrupt to the guest's trap table
 * entry vector (the frame of §5.4.1). A missing handler or an unwritable
 * guest stack crashes the domain. Returns 0 or -EFAULT (domain crashed).
 */
int pv_inject_trap(struct cpu_user_regs *regs, unsigned int vector,
		   bool has_error_code, u32 error_code);
/*
 * Bounce a #PF at cr2 to the guest, with the hardware's error code in
 * regs and U/S telling the guest's own mode.
 */
void pv_inject_page_fault(struct cpu_user_regs *regs, unsigned long cr2);
/* #GP(0) etc. helpers. */
#define pv_inject_gp(regs, ec) pv_inject_trap(regs, 13, true, ec)
#define pv_inject_ud(regs) pv_inject_trap(regs, 6, false, 0)

/* Switch the current vCPU between guest kernel and user mode (§5.1). */
void pv_toggle_guest_mode(struct vcpu *v);

/* Refresh v's segment-base fields from hardware (v must be current). */
void pv_sync_segment_bases(struct vcpu *v);

/* Hypercall dispatch for a syscall from guest kernel mode. */
void pv_hypercall(struct cpu_user_regs *regs);

/* #GP(0) from guest code: emulate a privileged instruction if we may. */
bool pv_emulate_privileged_op(struct cpu_user_regs *regs);
/*
 * #PF from guest kernel code writing a read-only page-table entry with the
 * writable_pagetables assist on (§6.5): emulate it. False: not ours.
 */
bool pv_ptwr_fault(struct cpu_user_regs *regs, unsigned long addr);
/* General register n (0 = rax ... 15 = r15, the ModRM order) in regs. */
unsigned long *pv_gpr(struct cpu_user_regs *regs, unsigned int n);
/* #UD from guest code: the forced-emulation CPUID prefix. */
bool pv_emulate_invalid_op(struct cpu_user_regs *regs);

/* Load the guest's descriptor tables into this CPU's GDT window. */
void pv_load_gdt(struct vcpu *v);
/* Map cpu's GDT window (reserved page included) and load GDTR from it. */
void pv_gdt_window_init(unsigned int cpu, void *reserved_page);
/* Show no guest frames in cpu's window. */
void pv_gdt_window_reset(unsigned int cpu);
/*
 * Make frames (MFNs, already copied in) v's GDT of entries descriptors:
 * each frame typed as a descriptor page, the old ones released; loaded
 * at once if v is current. 0 or -EINVAL (nothing changed).
 */
long pv_set_gdt(struct vcpu *v, const xen_pfn_t *frames, unsigned int entries);
/* Drop the references v's GDT frames hold. */
void pv_destroy_gdt(struct vcpu *v);

/* Virtual CR0.TS: set or clear it (and the real TS). */
void pv_set_guest_ts(struct vcpu *v, bool ts);

/* Guest-visible CR4 (§2.9) and the value the guest may write. */
unsigned long pv_guest_cr4(const struct vcpu *v);

/* Debug register access shared by the hypercalls and mov %drN. */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long val);
long pv_get_debugreg(struct vcpu *v, unsigned int reg);

/* Update v's vcpu_time_info from the hypervisor clock (§5.12). */
void pv_update_time_info(struct vcpu *v);

/*
 * Build the start-of-day image of a PV kernel (and initrd) into the new
 * domain d, with nr_pages of memory and cmdline: its frames, an
 * unprivileged domain's xenstore and console ports, the typed bootstrap
 * page tables, vCPU 0 ready to run (pv/domain_build.c). 0 or -errno,
 * with the reason printed; d is then the caller's to destroy.
 */
struct boot_module;
int pv_build_domain(struct domain *d, const struct boot_module *kernel,
		    const struct boot_module *initrd, const char *cmdline,
		    unsigned long nr_pages);

/* Boot option: print every hypercall (hypercall_log). */
extern bool opt_hypercall_log;

#endif /* ASM_PV_H */
