/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's mechanism. Each physical CPU has a run queue (owned by
 * the policy, guarded by the CPU's run queue lock) and an idle vCPU that
 * runs cpu_idle_loop() when nothing else may. A CPU reschedules only at two
 * points, both with nothing of its own on the stack: on the way back to
 * guest context and in its idle loop, when SCHEDULE_SOFTIRQ is pending
 * (raised by the slice timer, a wake-up that should preempt, a block or a
 * yield). So a blocking hypercall finishes first (SCHEDOP_block returns 0
 * and the vCPU is switched out on its way back); the next time it runs it
 * simply returns to its guest.
 *
 * The context switch saves the previous vCPU's hardware state into its
 * struct vcpu (pv/domain.c), loads the next one's, and restarts the CPU's
 * stack at the return to guest (or the idle loop): there is one hypervisor
 * stack per CPU, never one per vCPU.
 *
 * Runstates (running, runnable, blocked, offline) change under the run
 * queue lock and are published to the guest's registered area while its
 * own page tables are loaded in kernel mode.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <public/vcpu.h>

#include "private.h"

static const struct scheduler *ops = &sched_credit_ops;

static struct sched_pcpu pcpus[NR_CPUS];

struct domain idle_domain = {
	.domain_id = DOMID_IDLE,
	.name = "idle",
	.refcnt = 1,
};

/* Serialises the first CPU's start of the scheduler. */
static DEFINE_SPINLOCK(sched_start_lock);
static bool sched_started;

static void schedule(void);
static void poll_timer_fired(void *data);

struct sched_pcpu *sched_pcpu(unsigned int cpu)
{
	return &pcpus[cpu];
}

unsigned int sched_online_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu (cpu)
		n += READ_ONCE(pcpus[cpu].online);
	return n;
}

void sched_tickle(unsigned int cpu)
{
	cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

static void slice_expired(void *data)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void sched_init_cpu(unsigned int cpu)
{
	struct sched_pcpu *pc = &pcpus[cpu];
	struct vcpu *idle;

	spin_lock(&sched_start_lock);
	if (!sched_started) {
		open_softirq(SCHEDULE_SOFTIRQ, schedule);
		if (ops->init())
			panic("scheduler %s: cannot start", ops->name);
		sched_started = true;
		printk("scheduler: %s\n", ops->name);
	}
	spin_unlock(&sched_start_lock);
	if (pc->online)
		return;

	idle = xzalloc(struct vcpu);
	if (!idle)
		panic("no memory for CPU %u's idle vCPU", cpu);
	idle->vcpu_id = cpu;
	idle->domain = &idle_domain;
	idle->processor = cpu;
	idle->is_up = true;
	idle->is_initialised = true;
	idle->is_running = true;
	idle->runstate.state = RUNSTATE_running;

	spin_lock_init(&pc->lock);
	pc->idle = idle;
	pc->curr = idle;
	init_timer(&pc->slice_timer, slice_expired, NULL, cpu);
	ops->init_pcpu(cpu);
	/* Other CPUs look at it (tickles, steals) once this is seen. */
	__atomic_store_n(&pc->online, true, __ATOMIC_RELEASE);
	if (cpu == smp_processor_id())
		get_cpu_info()->current_vcpu = idle;
}

int sched_init_domain(struct domain *d)
{
	return ops->alloc_domain(d);
}

void sched_destroy_domain(struct domain *d)
{
	if (d->sched_priv)
		ops->free_domain(d);
}

int sched_init_vcpu(struct vcpu *v, unsigned int processor)
{
	v->processor = processor;
	v->runstate.state = RUNSTATE_offline;
	v->runstate.state_entry_time = NOW();
	init_timer(&v->poll_timer, poll_timer_fired, v, processor);
	return ops->alloc_vcpu(v);
}

void sched_destroy_vcpu(struct vcpu *v)
{
	kill_timer(&v->poll_timer);
	if (v->sched_priv)
		ops->free_vcpu(v);
}

int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap)
{
	if (weight < 1 || weight > 65535 || cap > 100 * NR_CPUS)
		return -EINVAL;
	return ops->adjust(d, weight, cap);
}

void sched_get_params(const struct domain *d, unsigned int *weight,
		      unsigned int *cap)
{
	ops->get_params(d, weight, cap);
}

/* --- Locking a vCPU's run queue ------------------------------------------ */

/*
 * The lock of the CPU v is on. v->processor changes only with that CPU's
 * lock held, so check it again once the lock is ours.
 */
static spinlock_t *vcpu_schedule_lock_irqsave(struct vcpu *v,
					      unsigned long *flags)
{
	for (;;) {
		unsigned int cpu = READ_ONCE(v->processor);
		spinlock_t *lock = &pcpus[cpu].lock;

		spin_lock_irqsave(lock, *flags);
		if (cpu == READ_ONCE(v->processor))
			return lock;
		spin_unlock_irqrestore(lock, *flags);
	}
}

/* --- Runstates ------------------------------------------------------------ */

void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now)
{
	s_time_t delta = now - v->runstate.state_entry_time;

	if (delta > 0 && v->runstate.state >= RUNSTATE_running &&
	    v->runstate.state <= RUNSTATE_offline)
		v->runstate.time[v->runstate.state] += delta;
	v->runstate.state = state;
	v->runstate.state_entry_time = now;
}

void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *info)
{
	unsigned long flags;
	spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);
	s_time_t delta;

	*info = v->runstate;
	delta = NOW() - info->state_entry_time;
	if (delta > 0 && info->state >= RUNSTATE_running &&
	    info->state <= RUNSTATE_offline)
		info->time[info->state] += delta;
	spin_unlock_irqrestore(lock, flags);
}

void vcpu_runstate_publish(struct vcpu *v)
{
	struct vcpu_runstate_info snap;
	struct vcpu_runstate_info *area = (void *)v->runstate_guest;
	bool flag = v->domain->vm_assist &
		    (1UL << VMASST_TYPE_runstate_update_flag);
	unsigned long flags;
	spinlock_t *lock;
	u64 entry;

	if (!area)
		return;
	/* The area is a kernel address: only reachable in kernel mode. */
	if (v != current || !v->arch.in_kernel) {
		v->runstate_pending = true;
		return;
	}
	v->runstate_pending = false;
	lock = vcpu_schedule_lock_irqsave(v, &flags);
	snap = v->runstate;
	spin_unlock_irqrestore(lock, flags);

	if (flag) {
		/* Mark the copy as being rewritten (XEN_RUNSTATE_UPDATE). */
		entry = snap.state_entry_time | XEN_RUNSTATE_UPDATE;
		if (put_guest(entry, &area->state_entry_time))
			return;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		snap.state_entry_time |= XEN_RUNSTATE_UPDATE;
	}
	if (copy_to_guest(area, &snap, sizeof(snap)))
		return;
	if (flag) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		entry = snap.state_entry_time & ~XEN_RUNSTATE_UPDATE;
		put_guest(entry, &area->state_entry_time);
	}
}

/* --- Waking and sleeping -------------------------------------------------- */

bool vcpu_runnable(const struct vcpu *v)
{
	const struct domain *d = v->domain;

	if (is_idle_vcpu(v))
		return true;
	return READ_ONCE(v->is_up) && !READ_ONCE(v->pause_flags) &&
	       !READ_ONCE(v->pause_count) && !READ_ONCE(d->pause_count) &&
	       !domain_is_stopped(d);
}

/* What a vCPU that may not run is doing: waiting for events, or nothing. */
static int idle_runstate(const struct vcpu *v)
{
	return READ_ONCE(v->pause_flags) & VPF_blocked ? RUNSTATE_blocked :
							 RUNSTATE_offline;
}

/* from if it is idle, else an idle CPU that schedules, else from. */
static unsigned int pick_cpu(unsigned int from)
{
	unsigned int cpu;

	if (is_idle_vcpu(READ_ONCE(pcpus[from].curr)))
		return from;
	for_each_online_cpu (cpu)
		if (READ_ONCE(pcpus[cpu].online) &&
		    is_idle_vcpu(READ_ONCE(pcpus[cpu].curr)))
			return cpu;
	return from;
}

/*
 * A vCPU that was waiting (blocked or offline: on no queue) and is off
 * every CPU wakes where it can run at once, rather than behind another
 * vCPU. Both CPUs' locks, lower CPU first (stealing only ever trylocks);
 * everything is checked again under them.
 */
static void place_waking(struct vcpu *v)
{
	unsigned int from = READ_ONCE(v->processor), to = pick_cpu(from);
	unsigned long flags;

	if (to == from)
		return;
	local_irq_save(flags);
	spin_lock(&pcpus[min(from, to)].lock);
	spin_lock(&pcpus[max(from, to)].lock);
	if (v->processor == from && !v->is_running &&
	    v->runstate.state >= RUNSTATE_blocked && pcpus[from].curr != v)
		WRITE_ONCE(v->processor, to);
	spin_unlock(&pcpus[max(from, to)].lock);
	spin_unlock(&pcpus[min(from, to)].lock);
	local_irq_restore(flags);
}

void vcpu_wake(struct vcpu *v)
{
	unsigned long flags;
	spinlock_t *lock;
	s_time_t now;

	if (READ_ONCE(v->runstate.state) >= RUNSTATE_blocked &&
	    !READ_ONCE(v->is_running) && vcpu_runnable(v))
		place_waking(v);
	lock = vcpu_schedule_lock_irqsave(v, &flags);
	now = NOW();

	if (vcpu_runnable(v)) {
		bool was_blocked = v->runstate.state == RUNSTATE_blocked;

		if (v->runstate.state >= RUNSTATE_blocked)
			vcpu_runstate_change(v, RUNSTATE_runnable, now);
		if (pcpus[v->processor].curr != v)
			ops->wake(v, was_blocked);
	} else if (v->runstate.state == RUNSTATE_blocked &&
		   !(READ_ONCE(v->pause_flags) & VPF_blocked)) {
		vcpu_runstate_change(v, RUNSTATE_offline, now);
	}
	spin_unlock_irqrestore(lock, flags);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
	unsigned long flags;
	spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

	if (!vcpu_runnable(v)) {
		if (v->runstate.state == RUNSTATE_runnable)
			vcpu_runstate_change(v, idle_runstate(v), NOW());
		ops->sleep(v);
	}
	spin_unlock_irqrestore(lock, flags);
}

void vcpu_sleep_sync(struct vcpu *v)
{
	vcpu_sleep_nosync(v);
	if (v == current)
		return;
	/* Its CPU clears is_running once the state is saved. */
	while (__atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) &&
	       !vcpu_runnable(v))
		cpu_relax();
}

void vcpu_pause(struct vcpu *v)
{
	__atomic_fetch_add(&v->pause_count, 1, __ATOMIC_SEQ_CST);
	vcpu_sleep_sync(v);
}

void vcpu_unpause(struct vcpu *v)
{
	if (__atomic_sub_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST) == 0)
		vcpu_wake(v);
}

void domain_pause(struct domain *d)
{
	unsigned int i;

	__atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep_sync(d->vcpu[i]);
}

void domain_unpause(struct domain *d)
{
	unsigned int i;

	if (__atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST))
		return;
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_wake(d->vcpu[i]);
}

/* --- Blocking, polling, yielding ----------------------------------------- */

static bool events_need_delivery(const struct vcpu *v)
{
	const vcpu_info_t *vi = v->vcpu_info;

	return READ_ONCE(vi->evtchn_upcall_pending) &&
	       !READ_ONCE(vi->evtchn_upcall_mask);
}

static void poll_done(struct vcpu *v)
{
	unsigned long bit = 1UL << v->vcpu_id;

	if (__atomic_fetch_and(&v->domain->poll_mask, ~bit, __ATOMIC_SEQ_CST) &
	    bit) {
		WRITE_ONCE(v->poll_evtchn, 0);
		stop_timer(&v->poll_timer);
	}
}

void vcpu_unblock(struct vcpu *v)
{
	if (!(__atomic_fetch_and(&v->pause_flags, ~VPF_blocked,
				 __ATOMIC_SEQ_CST) &
	      VPF_blocked))
		return;
	poll_done(v);
	vcpu_wake(v);
}

void vcpu_kick(struct vcpu *v)
{
	bool running = __atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE);

	vcpu_unblock(v);
	/* Running elsewhere: make that CPU pass by the upcall check. */
	if (running && v->processor != smp_processor_id())
		smp_send_event_check_cpu(v->processor);
}

void vcpu_block(void)
{
	struct vcpu *v = current;

	__atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
	/* An event raised before the flag was visible: do not sleep. */
	if (events_need_delivery(v)) {
		__atomic_fetch_and(&v->pause_flags, ~VPF_blocked,
				   __ATOMIC_SEQ_CST);
		return;
	}
	raise_softirq(SCHEDULE_SOFTIRQ);
}

static void poll_timer_fired(void *data)
{
	struct vcpu *v = data;

	if (READ_ONCE(v->domain->poll_mask) & (1UL << v->vcpu_id))
		vcpu_unblock(v);
}

long vcpu_poll(const evtchn_port_t *ports, unsigned int nr, s_time_t timeout)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	unsigned int i;

	__atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
	WRITE_ONCE(v->poll_evtchn, nr == 1 ? (int)ports[0] : -1);
	__atomic_fetch_or(&d->poll_mask, 1UL << v->vcpu_id, __ATOMIC_SEQ_CST);

	/* Anything already there returns at once (no lost wake-up). */
	if (events_need_delivery(v))
		goto out;
	for (i = 0; i < nr; i++)
		if (evtchn_port_is_pending(d, ports[i]))
			goto out;
	if (timeout) {
		if (timeout <= NOW())
			goto out;
		set_timer(&v->poll_timer, timeout);
	}
	raise_softirq(SCHEDULE_SOFTIRQ);
	return 0;

out:
	poll_done(v);
	__atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
	return 0;
}

void sched_wake_pollers(struct domain *d, evtchn_port_t port)
{
	unsigned long mask = READ_ONCE(d->poll_mask);

	while (mask) {
		unsigned int id = __builtin_ctzl(mask);
		struct vcpu *v = d->vcpu[id];
		int polled;

		mask &= mask - 1;
		if (!v)
			continue;
		polled = READ_ONCE(v->poll_evtchn);
		if (polled <= 0 || (evtchn_port_t)polled == port)
			vcpu_unblock(v);
	}
}

void vcpu_yield(void)
{
	struct vcpu *v = current;
	unsigned long flags;
	spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

	ops->yield(v);
	spin_unlock_irqrestore(lock, flags);
	raise_softirq(SCHEDULE_SOFTIRQ);
}

/* --- Switching ------------------------------------------------------------ */

/* Restart this CPU's stack just below cpu_info and run fn there. */
static void __noreturn reset_stack_and_jump(void (*fn)(void))
{
	__asm__ __volatile__("mov %0, %%rsp\n\t"
			     "call *%1"
			     :
			     : "r"(get_cpu_info()), "r"(fn)
			     : "memory");
	__builtin_unreachable();
}

/* A guest vCPU was switched in: back to its guest context. */
static void __noreturn guest_tail(void)
{
	local_irq_enable();
	domain_reap();
	pv_return_to_guest(guest_cpu_user_regs());
}

static void __noreturn idle_tail(void)
{
	local_irq_enable();
	cpu_idle_loop();
}

/* Interrupts off, prev == current, next marked running here. */
static void __noreturn context_switch(struct vcpu *prev, struct vcpu *next)
{
	if (!is_idle_vcpu(prev)) {
		/* Its own tables are still loaded: publish its new state. */
		vcpu_runstate_publish(prev);
		pv_ctxt_switch_from(prev);
		vcpu_timers_switch_out(prev);
	}
	/* Saved: another CPU may load it from now on. */
	__atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
	if (!is_idle_vcpu(prev))
		ops->context_saved(prev);

	get_cpu_info()->current_vcpu = next;
	if (is_idle_vcpu(next)) {
		pv_ctxt_switch_to_idle();
		reset_stack_and_jump(idle_tail);
	}

	pv_ctxt_switch_to(next);
	vcpu_timers_switch_in(next, next->processor);
	migrate_timer(&next->poll_timer, next->processor);
	vcpu_runstate_publish(next);
	reset_stack_and_jump(guest_tail);
}

static void schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct sched_pcpu *pc = &pcpus[cpu];
	struct vcpu *prev = current, *next;
	s_time_t now, slice = 0;

	ASSERT(prev == pc->curr);
	local_irq_disable();
	spin_lock(&pc->lock);
	now = NOW();
	next = ops->do_schedule(cpu, prev, now, &slice);
	if (slice)
		set_timer(&pc->slice_timer, now + slice);
	else
		stop_timer(&pc->slice_timer);

	if (next == prev) {
		spin_unlock(&pc->lock);
		local_irq_enable();
		domain_reap();
		return;
	}
	ASSERT(next->processor == cpu);
	if (!is_idle_vcpu(prev))
		vcpu_runstate_change(prev,
				     vcpu_runnable(prev) ? RUNSTATE_runnable :
							   idle_runstate(prev),
				     now);
	if (!is_idle_vcpu(next))
		vcpu_runstate_change(next, RUNSTATE_running, now);
	next->is_running = true;
	pc->curr = next;
	spin_unlock(&pc->lock);
	context_switch(prev, next);
}

void cpu_idle_loop(void)
{
	unsigned int cpu = smp_processor_id();

	ASSERT(is_idle_vcpu(current));
	for (;;) {
		domain_reap();
		local_irq_disable();
		if (softirq_pending(cpu)) {
			local_irq_enable();
			do_softirq();
			continue;
		}
		/* sti; hlt: the interrupt that wakes us is taken first. */
		safe_halt();
	}
}

void vcpu_exit_stopped(void)
{
	/* Not runnable any more: schedule() switches away for good. */
	for (;;) {
		raise_softirq(SCHEDULE_SOFTIRQ);
		local_irq_enable();
		do_softirq();
	}
}
