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

#include <xen/cpumask.h>
#include <xen/list.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/types.h>
#include <asm/current.h>
#include <public/event_channel.h>
#include <public/xen.h>
#include <public/memory.h>
#include <public/vcpu.h>

#define MAX_VIRT_CPUS XEN_LEGACY_MAX_VCPUS
#define NR_TRAP_VECTORS 256
#define MAX_GUEST_GDT_FRAMES 14 /* FIRST_RESERVED_GDT_PAGE */
#define MAX_GUEST_LDT_FRAMES 16 /* 8192 entries */
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
	 * Hypercall continuations (xen/hypercall.h): set when the running
	 * hypercall asked to be re-entered; the work it may still do in this
	 * entry; inside a multicall, the arguments of the current entry.
	 */
	bool hcall_preempted;
	unsigned int hcall_budget;
	uint64_t *mc_args;

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
	/* LDT pages in use, typed seg_desc (domain's mm_lock); 0 = none. */
	unsigned long ldt_frames[MAX_GUEST_LDT_FRAMES];

	/* Debug registers DR0-DR7 as the guest set them (§5.10). */
	unsigned long debugreg[8];

	/*
	 * Virtual CR0.TS (fpu_taskswitch, clts, CR0 writes) and the FPU,
	 * switched lazily: fpu holds the state while fpu_dirtied is clear;
	 * once set, the CPU's FPU does, until the vCPU is switched out.
	 */
	bool ctrlreg_ts;
	bool fpu_initialised; /* fpu holds a state (else: a fresh FPU) */
	bool fpu_dirtied;
	struct vcpu_fpu fpu;

	/* Shadow of the guest's CR2 (mov %cr2 emulation). */
	unsigned long guest_cr2;
	/* Virtual CR4 bits the guest may own (TSD, DE, OSXSAVE). */
	unsigned long guest_cr4;

	/* Virtual I/O privilege level (PHYSDEVOP_set_iopl), 0-3. */
	unsigned int iopl;
};

/* Bits of vcpu.pause_flags: why a vCPU that is up may still not run. */
#define _VPF_blocked 0 /* SCHEDOP_block or SCHEDOP_poll: waiting for events */
#define VPF_blocked (1UL << _VPF_blocked)

struct vcpu {
	/* Fixed at creation. */
	unsigned int vcpu_id;
	struct domain *domain;

	/*
	 * Where this vCPU's vcpu_info lives: shared_info's slot until
	 * VCPUOP_register_vcpu_info moves it (then vcpu_info_mfn holds a
	 * writable type reference). Changed only by the vCPU itself.
	 */
	vcpu_info_t *vcpu_info;
	unsigned long vcpu_info_mfn; /* ~0UL: in shared_info */

	/*
	 * Life cycle, under the domain's shutdown_lock. A vCPU runs only if
	 * it is up, has no pause_flags, and neither it nor its domain is
	 * paused or stopped (vcpu_runnable()); whoever changes one of these
	 * calls vcpu_wake() or vcpu_sleep_*() afterwards.
	 */
	bool is_initialised; /* has a context (VCPUOP_initialise or builder) */
	bool is_up; /* online: VCPUOP_up or vCPU 0 at start */

	/*
	 * Scheduling (xen/common/sched/): the run queue lock of the CPU in
	 * processor guards processor, is_running, runstate and sched_priv;
	 * processor changes only with both CPUs' locks held. pause_flags and
	 * pause_count are atomics (set and cleared by anyone, then a wake or
	 * sleep under the lock acts on them).
	 */
	unsigned int processor; /* the physical CPU it runs or queues on */
	bool is_running; /* its state is loaded on processor */
	unsigned long pause_flags; /* VPF_* */
	int pause_count; /* vcpu_pause() nesting */
	void *sched_priv; /* the policy's per-vCPU data */

	/* SCHEDOP_poll: the one port polled, or -1 for several (atomic). */
	int poll_evtchn;
	struct timer poll_timer; /* its timeout */

	/*
	 * Runstate (the run queue lock, as above): kept in runstate, copied
	 * to the guest VA runstate_guest (0: none) whenever the vCPU's own
	 * page tables are loaded in kernel mode; runstate_pending says the
	 * copy is owed since it last left kernel mode.
	 */
	struct vcpu_runstate_info runstate;
	unsigned long runstate_guest;
	bool runstate_pending;

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
	s_time_t periodic_last; /* when it last raised VIRQ_TIMER */

	/* Registers while descheduled (see the file comment). */
	struct cpu_user_regs user_regs;

	struct pv_vcpu arch;
};

enum domain_state {
	DOMSTATE_running,
	DOMSTATE_shutdown, /* stopped with a reason; resources still held */
	DOMSTATE_dying, /* being destroyed */
};

#define DOMAIN_NAME_MAX 32

struct domain {
	/* Fixed at creation. */
	domid_t domain_id;
	bool is_privileged; /* the control domain: SIF_PRIVILEGED */
	u8 handle[16]; /* UUID (XENVER_guest_handle) */
	char name[DOMAIN_NAME_MAX]; /* for messages; the builder names it */

	/*
	 * References (atomic): one for the domain list until destruction,
	 * one per domain_get(). The structure is freed at the last put.
	 */
	int refcnt;

	/*
	 * Scheduling (xen/common/sched/): pause_count (atomic) keeps every
	 * vCPU off the CPUs while non-zero; sched_priv is the policy's;
	 * poll_mask (atomic) has a bit per vCPU blocked in SCHEDOP_poll.
	 */
	int pause_count;
	void *sched_priv;
	unsigned long poll_mask;

	/*
	 * The CPUs whose TLBs may hold translations of this domain's page
	 * tables (atomic bits): a CPU sets its bit before it loads one of
	 * the domain's vCPUs (pv_ctxt_switch_to) and clears it when that vCPU
	 * leaves it, before it loads any other page tables with a full flush
	 * (pv_ctxt_switch_from). TLB shootdowns of the domain's own mappings
	 * go to these CPUs only (xen/arch/x86/mm/flush.c).
	 */
	cpumask_t dirty_cpumask;

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
	struct evtchn *evtchn; /* max_evtchn_port + 1 of them; NULL: gone */
	unsigned int max_evtchn_port;

	/*
	 * The console ring of an unprivileged domain, served by the
	 * hypervisor (console_backend.c), its frame held writable-typed:
	 * conring_lock serialises the copying out.
	 */
	spinlock_t conring_lock;
	unsigned long console_ring_mfn; /* 0: none */
	evtchn_port_t console_port;

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
 * Create a domain with max_vcpus vCPUs (all allocated, down, offline) and
 * a zeroed shared_info page with every vCPU's events masked. The domain
 * holds one reference for the domain list. Returns NULL on failure
 * (nothing left allocated).
 */
struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
			     bool privileged);
/*
 * Find a domain by id; DOMID_SELF is the caller's. NULL if none. The
 * pointer is not referenced: only for a domain that cannot be destroyed
 * meanwhile (the caller's own); otherwise use domain_get().
 */
struct domain *domain_lookup(domid_t domid);
/* Find a domain by id and take a reference (domain_put() it). NULL if none. */
struct domain *domain_get(domid_t domid);
void domain_put(struct domain *d);
/* One more reference on a domain the caller knows is alive. */
static inline void get_knownalive_domain(struct domain *d)
{
	__atomic_fetch_add(&d->refcnt, 1, __ATOMIC_SEQ_CST);
}

/*
 * Stop a domain with a SHUTDOWN_* reason: its vCPUs are descheduled, the
 * control domain hears of it (VIRQ_DOM_EXC) and it is destroyed once none
 * of them is on a CPU. If it is the current one the caller must not return
 * to it (the exit path checks domain_is_stopped()).
 */
void domain_shutdown(struct domain *d, unsigned int reason);
/*
 * The guest did something that cannot be reflected to it: print why and
 * its registers, and stop it as crashed. Never affects other domains.
 */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);
/*
 * Free everything a stopped domain holds, its frames scrubbed, and drop
 * the domain list's reference. None of its vCPUs may be on a CPU.
 */
void domain_destroy(struct domain *d);
/*
 * Destroy every stopped domain none of whose vCPUs is on a CPU; end the
 * machine with domain 0's status when no domain is left. Called by the
 * scheduler after each context switch (interrupts on, no lock held).
 */
void domain_reap(void);

static inline bool domain_is_stopped(const struct domain *d)
{
	return d->state != DOMSTATE_running;
}

/* The registers of v: live in cpu_info while it runs, else saved. */
struct cpu_user_regs *vcpu_regs(struct vcpu *v);

/*
 * Leave the current vCPU for good (its domain stopped): the scheduler
 * switches to something else and never comes back to it.
 */
void __noreturn vcpu_exit_stopped(void);

/*
 * The scheduler (xen/common/sched/core.c). Every CPU has a run queue and
 * an idle vCPU; a CPU schedules on its way back to guest context or from
 * its idle loop (SCHEDULE_SOFTIRQ), never in the middle of a hypercall.
 */

/* The idle domain (DOMID_IDLE): one idle vCPU per CPU, never on a list. */
extern struct domain idle_domain;
static inline bool is_idle_vcpu(const struct vcpu *v)
{
	return v->domain == &idle_domain;
}

/*
 * Set up cpu's run queue and idle vCPU. Called on each CPU itself, before
 * it enters cpu_idle_loop(): by setup for the boot CPU, by bring-up for
 * every secondary one. The first call also starts the scheduler.
 */
void sched_init_cpu(unsigned int cpu);
/* What a CPU does with nothing else to do: softirqs, then halt. */
void __noreturn cpu_idle_loop(void);

/* Scheduler data of a new domain / vCPU, and their release. */
int sched_init_domain(struct domain *d);
void sched_destroy_domain(struct domain *d);
int sched_init_vcpu(struct vcpu *v, unsigned int processor);
void sched_destroy_vcpu(struct vcpu *v);
/*
 * A domain's share: weight (1-65535, default 256) relative to other
 * domains, cap in percent of one CPU (0: none). -EINVAL if out of range.
 */
int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap);
void sched_get_params(const struct domain *d, unsigned int *weight,
		      unsigned int *cap);

/* Whether v may run now (see the life-cycle fields of struct vcpu). */
bool vcpu_runnable(const struct vcpu *v);
/* Queue v if it became runnable; a CPU it should preempt is kicked. */
void vcpu_wake(struct vcpu *v);
/*
 * Take v off the CPUs if it is no longer runnable. _nosync only asks its
 * CPU to reschedule; _sync also waits until its state is saved (not for
 * the current vCPU, which leaves on its way out).
 */
void vcpu_sleep_nosync(struct vcpu *v);
void vcpu_sleep_sync(struct vcpu *v);
/* Nested pause of one vCPU / of all of a domain's; waits until off CPU. */
void vcpu_pause(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/* Clear VPF_blocked (and a poll) and wake v if it was blocked. */
void vcpu_unblock(struct vcpu *v);
/* An event became pending for v: unblock it, or make it notice. */
void vcpu_kick(struct vcpu *v);
/* SCHEDOP_block, _yield and _poll for the current vCPU. */
void vcpu_block(void);
void vcpu_yield(void);
/*
 * Block until one of ports is pending, an upcall is deliverable or the
 * absolute time timeout (0: none) passes. The ports are already checked.
 */
long vcpu_poll(const evtchn_port_t *ports, unsigned int nr, s_time_t timeout);
/* port of d became pending: wake the vCPUs polling it. */
void sched_wake_pollers(struct domain *d, evtchn_port_t port);

/*
 * Move v to a RUNSTATE_* state, accounting the time spent in the old one
 * (v's run queue lock held).
 */
void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now);
/* A consistent copy of v's runstate, time in the current state included. */
void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *info);
/*
 * Write v's runstate to its registered guest area, now if v's kernel page
 * tables are loaded, else when it next enters kernel mode.
 */
void vcpu_runstate_publish(struct vcpu *v);

/* Event channels (xen/common/event_channel.c). */
int evtchn_init(struct domain *d);
void evtchn_destroy(struct domain *d);
/* Raise v's port for a per-vCPU VIRQ, if one is bound. IRQ-safe. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/*
 * Boot-time ports (the builder, hyperlaunch): an unbound port of d that
 * remote may bind; d's console port, served by the hypervisor; and an
 * interdomain channel between two given free ports. A port or -errno.
 */
int evtchn_alloc_unbound_port(struct domain *d, domid_t remote);
int evtchn_alloc_console_port(struct domain *d);
/* The hypervisor's end of such a port raises it towards d. */
void evtchn_notify_xen_port(struct domain *d, evtchn_port_t port);
int evtchn_bind_boot(struct domain *a, evtchn_port_t pa, struct domain *b,
		     evtchn_port_t pb);
/* Raise a global VIRQ in the domain handling it (domain 0), if bound. */
void send_global_virq(unsigned int virq);
/* Whether port is within d's port range (it may be free). */
bool evtchn_port_valid(const struct domain *d, evtchn_port_t port);
/* Whether port of d has its pending bit set (false for a bad port). */
bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port);

/*
 * The hypervisor's console backend for unprivileged domains
 * (xen/common/console_backend.c): d's console ring is its frame at mfn;
 * returns the ring's port (or -errno). A send on the port copies the ring
 * out to the console. _destroy drops the frame before d's memory goes.
 */
int console_backend_init(struct domain *d, unsigned long mfn);
void console_backend_notify(struct domain *d, evtchn_port_t port);
void console_backend_destroy(struct domain *d);
/* Domain 0 bound VIRQ_CONSOLE: raise it whenever serial input waits. */
void console_input_watch(void);

/* vCPU timers (xen/common/vcpu_timer.c). */
void vcpu_timers_init(struct vcpu *v);

void vcpu_timers_kill(struct vcpu *v);
/*
 * v is switched onto cpu: its timers fire there from now on, and its
 * periodic timer runs (catching up once); switched out, it stops.
 */
void vcpu_timers_switch_in(struct vcpu *v, unsigned int cpu);
void vcpu_timers_switch_out(struct vcpu *v);
long vcpu_set_singleshot_timer(struct vcpu *v, s_time_t deadline);
void vcpu_stop_singleshot_timer(struct vcpu *v);
long vcpu_set_periodic_timer(struct vcpu *v, s_time_t period);
void vcpu_stop_periodic_timer(struct vcpu *v);

/* Give the frame at pg to d (allocation reference, page list). */
int assign_page_to_domain(struct domain *d, struct page_info *pg);

/* Guest access helpers live in asm/guest_access.h. */

#endif /* XEN_SCHED_H */
