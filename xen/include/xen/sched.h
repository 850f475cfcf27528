/* SPDX-License-Identifier: MIT */
/*
 * Domains and virtual CPUs. A domain owns frames (its page list), a
 * shared_info page and an array of vCPUs; a vCPU carries everything the
 * 64-bit PV execution model (pv-boot-abi.md §5) keeps per virtual CPU: its
 * guest mode (kernel or user, both at CPL 3), the two page-table bases, the
 * virtual IDT (trap table), the callbacks, segment bases, descriptor tables,
 * debug registers and the virtual CR0.TS with the FPU state.
 *
 * While a vCPU runs, its general registers live in its CPU's
 * cpu_info->guest_cpu_user_regs (asm/current.h); the copy in struct vcpu is
 * only meaningful while it is descheduled. Locks are named above each field
 * group; the global order is in xen/docs/locking.md.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/list.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/types.h>
#include <asm/current.h>
#include <public/xen.h>
#include <public/memory.h>
#include <public/vcpu.h>

#define MAX_VIRT_CPUS XEN_LEGACY_MAX_VCPUS
#define NR_TRAP_VECTORS 256
#define MAX_GUEST_GDT_FRAMES 14 /* FIRST_RESERVED_GDT_PAGE */
#define DOMAIN_E820_MAX 8

struct domain;
struct evtchn;
struct page_info;

/* The virtual FPU/SSE state (FXSAVE image), 16-byte aligned. */
struct vcpu_fpu {
	u8 fxsave[512] __attribute__((__aligned__(16)));
};

/*
 * The PV state of one vCPU. Guarded by: the vCPU itself (only code running
 * on behalf of this vCPU, on its CPU, changes these fields), except where a
 * group names a lock.
 */
struct pv_vcpu {
	/* Guest mode: true while the guest kernel runs (§5.1). */
	bool in_kernel;
	/* Set while the guest's NMI handler runs, until its next iret. */
	bool nmi_masked;
	/* Running inside a multicall: nested multicalls are refused. */
	bool in_multicall;

	/*
	 * Page-table bases: MFNs of validated L4 tables, each holding a type
	 * reference (taken and dropped under the domain's mm_lock). 0 = none
	 * (only for the user base).
	 */
	unsigned long kernel_cr3_mfn;
	unsigned long user_cr3_mfn;

	/* Stack used when something enters guest kernel mode from user mode. */
	unsigned long kernel_ss, kernel_sp;

	/* The virtual IDT, indexed by vector (set_trap_table). */
	struct trap_info trap_ctxt[NR_TRAP_VECTORS];

	/* Callbacks (set_callbacks, callback_op): 0 = none registered. */
	unsigned long event_callback_eip;
	unsigned long failsafe_callback_eip;
	unsigned long syscall_callback_eip;
	unsigned long syscall32_callback_eip;
	unsigned long sysenter_callback_eip;
	unsigned long nmi_callback_eip;
	bool failsafe_mask_events, syscall_mask_events;
	bool syscall32_mask_events, sysenter_mask_events;

	/*
	 * Segment bases. While the vCPU runs these are in hardware (FS_BASE,
	 * GS_BASE = the active GS, SHADOW_GS_BASE = the inactive one) and the
	 * fields below are refreshed by pv_sync_segment_bases().
	 */
	unsigned long fs_base;
	unsigned long gs_base_kernel;
	unsigned long gs_base_user;

	/* Descriptor tables (set_gdt, MMUEXT_SET_LDT); frames typed seg_desc. */
	unsigned long gdt_frames[MAX_GUEST_GDT_FRAMES];
	unsigned int gdt_ents;
	unsigned long ldt_base;
	unsigned int ldt_ents;

	/* Debug registers DR0-DR7 as the guest set them (§5.10). */
	unsigned long debugreg[8];

	/* Virtual CR0.TS (fpu_taskswitch, clts, CR0 writes) and the FPU. */
	bool ctrlreg_ts;
	bool fpu_initialised;
	struct vcpu_fpu fpu;

	/* Shadow of the guest's CR2 (mov %cr2 emulation). */
	unsigned long guest_cr2;
	/* Virtual CR4 bits the guest may own (TSD, DE, OSXSAVE). */
	unsigned long guest_cr4;

	/* Virtual I/O privilege level (PHYSDEVOP_set_iopl), 0-3. */
	unsigned int iopl;
};

struct vcpu {
	/* Fixed at creation. */
	unsigned int vcpu_id;
	struct domain *domain;
	unsigned int processor; /* the physical CPU it runs on */

	/*
	 * Where this vCPU's vcpu_info lives: shared_info's slot until
	 * VCPUOP_register_vcpu_info moves it (then vcpu_info_mfn holds a
	 * writable type reference). Changed only by the vCPU itself.
	 */
	vcpu_info_t *vcpu_info;
	unsigned long vcpu_info_mfn; /* ~0UL: in shared_info */

	/* Scheduling state, under the domain's shutdown_lock for now. */
	bool is_initialised; /* has a context (VCPUOP_initialise or builder) */
	bool is_up; /* online: VCPUOP_up or vCPU 0 at start */
	bool is_running; /* its registers are in a CPU's cpu_info */

	/*
	 * Runstate (the vCPU itself): kept in runstate, copied to the guest
	 * VA runstate_guest (0: none) whenever it is refreshed.
	 */
	struct vcpu_runstate_info runstate;
	unsigned long runstate_guest;

	/* The port each per-vCPU VIRQ is bound to, 0 = none (event_lock). */
	u32 virq_to_evtchn[NR_VIRQS];

	/*
	 * Timers raising VIRQ_TIMER (vcpu_timer.c): the single-shot one of
	 * set_timer_op/VCPUOP_set_singleshot_timer, and the periodic one (10 ms
	 * by default, as Xen arms it). Changed by the vCPU itself; the
	 * callbacks run from the timer interrupt on its CPU.
	 */
	struct timer singleshot_timer;
	struct timer periodic_timer;
	s_time_t periodic_period; /* 0: stopped */
	s_time_t periodic_next;

	/* Registers while descheduled (see the file comment). */
	struct cpu_user_regs user_regs;

	struct pv_vcpu arch;
};

enum domain_state {
	DOMSTATE_running,
	DOMSTATE_shutdown, /* stopped with a reason; resources still held */
	DOMSTATE_dying, /* being destroyed */
};

struct domain {
	/* Fixed at creation. */
	domid_t domain_id;
	bool is_privileged; /* the control domain: SIF_PRIVILEGED */
	u8 handle[16]; /* UUID (XENVER_guest_handle) */

	/* Link in the domain list (domlist_lock). */
	struct list_head domain_list;

	/*
	 * Frames the domain owns (page_alloc_lock): the page list holds every
	 * frame with owner == this domain and PGC_allocated, except the
	 * hypervisor pages shared with it (shared_info).
	 */
	spinlock_t page_alloc_lock;
	struct list_head page_list;
	unsigned long tot_pages;
	unsigned long max_pages;

	/*
	 * Frame types and reference counts of this domain's frames, and
	 * every page-table write (pv-mm.c). Taken after page_alloc_lock.
	 */
	spinlock_t mm_lock;

	/* The shared_info page (hypervisor memory mapped by the guest). */
	shared_info_t *shared_info;

	/* vCPUs, fixed after creation. */
	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_VIRT_CPUS];

	/* Lifecycle (shutdown_lock). */
	spinlock_t shutdown_lock;
	enum domain_state state;
	unsigned int shutdown_code; /* SHUTDOWN_*; ~0U: none recorded */
	bool shutdown_code_set; /* SCHEDOP_shutdown_code was used */

	/*
	 * Event channels (event_lock, taken with interrupts off): the port
	 * array of the 2-level ABI (event_channel.c).
	 */
	spinlock_t event_lock;
	struct evtchn *evtchn;

	/* VM assists enabled (vm_assist), a bitmap of VMASST_TYPE_*. */
	unsigned long vm_assist;

	/* The pseudo-physical map XENMEM_memory_map reports (builder). */
	unsigned int nr_e820;
	struct {
		u64 addr, size;
		u32 type;
	} e820[DOMAIN_E820_MAX];

	/*
	 * console_io output (console_lock of the domain: a leaf lock,
	 * conio_lock): a partial line being assembled, and the rate limit.
	 */
	spinlock_t conio_lock;
	char conio_buf[128];
	unsigned int conio_len;
	s_time_t conio_window_start;
	unsigned long conio_window_bytes;
	bool conio_suppressed;
};

/* The domain list and its lock (xen/common/domain.c). */
extern struct list_head domain_list_head;
extern spinlock_t domlist_lock;

/*
 * Create a domain with max_vcpus vCPUs (vCPU 0 allocated, down) and a
 * zeroed shared_info page with every vCPU's events masked. Returns NULL
 * on failure (nothing left allocated).
 */
struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
			     bool privileged);
/* Find a domain by id; DOMID_SELF is the caller's. NULL if none. */
struct domain *domain_lookup(domid_t domid);

/*
 * Stop a domain with a SHUTDOWN_* reason. If it is the current one the
 * caller must not return to it (the exit path checks domain_is_stopped()).
 */
void domain_shutdown(struct domain *d, unsigned int reason);
/*
 * The guest did something that cannot be reflected to it: print why and
 * its registers, and stop it as crashed. Never affects other domains.
 */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);
/* Free everything a stopped domain holds, its frames scrubbed. */
void domain_destroy(struct domain *d);

static inline bool domain_is_stopped(const struct domain *d)
{
	return d->state != DOMSTATE_running;
}

/* The registers of v: live in cpu_info while it runs, else saved. */
struct cpu_user_regs *vcpu_regs(struct vcpu *v);

/*
 * Leave the current vCPU for good (its domain stopped): destroy stopped
 * domains and end the machine when none is left. Runs on a fresh stack.
 */
void __noreturn vcpu_exit_stopped(void);

/* Event channels (xen/common/event_channel.c). */
int evtchn_init(struct domain *d);
void evtchn_destroy(struct domain *d);
/* Raise v's port for a per-vCPU VIRQ, if one is bound. IRQ-safe. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);

/* vCPU timers (xen/common/vcpu_timer.c). */
void vcpu_timers_init(struct vcpu *v);
void vcpu_timers_start(struct vcpu *v);
void vcpu_timers_kill(struct vcpu *v);
long vcpu_set_singleshot_timer(struct vcpu *v, s_time_t deadline);
void vcpu_stop_singleshot_timer(struct vcpu *v);
long vcpu_set_periodic_timer(struct vcpu *v, s_time_t period);
void vcpu_stop_periodic_timer(struct vcpu *v);

/* Move v to a RUNSTATE_* state, accounting time (vcpu_op.c). */
void vcpu_runstate_change(struct vcpu *v, int state);

/* Give the frame at pg to d (allocation reference, page list). */
int assign_page_to_domain(struct domain *d, struct page_info *pg);

/* Guest access helpers live in asm/guest_access.h. */

#endif /* XEN_SCHED_H */
