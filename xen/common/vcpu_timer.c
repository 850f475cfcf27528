/* SPDX-License-Identifier: MIT */
/*
 * The timers of a PV vCPU (pv-boot-abi.md §4.3.13, §4.3.20, §5.12): one
 * single-shot timer (set_timer_op, VCPUOP_set_singleshot_timer) and one
 * periodic timer (10 ms from the start, as Xen arms it for every PV vCPU;
 * VCPUOP_set/stop_periodic_timer). Both raise VIRQ_TIMER on the vCPU when
 * they fire; with nothing bound to it, nothing is delivered. Callbacks run
 * from the timer interrupt of the vCPU's CPU: the timers follow the vCPU
 * when the scheduler moves it.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/current.h>
#include <hypercall-defs.h>

#define DEFAULT_PERIOD MILLISECS(10)
#define MIN_PERIOD MILLISECS(1)
#define FAR_FUTURE (1LL << 50)

static void singleshot_fired(void *data)
{
	struct vcpu *v = data;

	send_guest_vcpu_virq(v, VIRQ_TIMER);
}

/*
 * The periodic timer runs only while its vCPU does, as in Xen: stopped
 * when it is switched out, and on the way back in one VIRQ_TIMER makes up
 * for a period that passed meanwhile (missed ticks are not replayed). So a
 * vCPU waiting for events is never woken by its own periodic tick.
 */
static void periodic_work(struct vcpu *v)
{
	s_time_t now = NOW(), next;

	if (!v->periodic_period)
		return;
	next = v->periodic_last + v->periodic_period;
	if (now >= next) {
		send_guest_vcpu_virq(v, VIRQ_TIMER);
		v->periodic_last = now;
		next = now + v->periodic_period;
	}
	set_timer(&v->periodic_timer, next);
}

static void periodic_fired(void *data)
{
	periodic_work(data);
}

void vcpu_timers_init(struct vcpu *v)
{
	init_timer(&v->singleshot_timer, singleshot_fired, v, v->processor);
	init_timer(&v->periodic_timer, periodic_fired, v, v->processor);
	v->periodic_period = DEFAULT_PERIOD;
}

void vcpu_timers_switch_in(struct vcpu *v, unsigned int cpu)
{
	/* Moved here from another CPU: its timers come along. */
	migrate_timer(&v->singleshot_timer, cpu);
	migrate_timer(&v->periodic_timer, cpu);
	periodic_work(v);
}

void vcpu_timers_switch_out(struct vcpu *v)
{
	stop_timer(&v->periodic_timer);
}

void vcpu_timers_kill(struct vcpu *v)
{
	kill_timer(&v->singleshot_timer);
	kill_timer(&v->periodic_timer);
}

long vcpu_set_singleshot_timer(struct vcpu *v, s_time_t deadline)
{
	/* A deadline in the past fires at once (set_timer does that). */
	set_timer(&v->singleshot_timer, deadline);
	return 0;
}

void vcpu_stop_singleshot_timer(struct vcpu *v)
{
	stop_timer(&v->singleshot_timer);
}

long vcpu_set_periodic_timer(struct vcpu *v, s_time_t period)
{
	if (period < MIN_PERIOD)
		return -EINVAL;
	v->periodic_period = period;
	v->periodic_last = NOW();
	/* Another vCPU's runs from its next switch onto a CPU. */
	if (v == current)
		set_timer(&v->periodic_timer, v->periodic_last + period);
	return 0;
}

void vcpu_stop_periodic_timer(struct vcpu *v)
{
	v->periodic_period = 0;
	stop_timer(&v->periodic_timer);
}

long do_set_timer_op(int64_t timeout)
{
	struct vcpu *v = current;
	s_time_t now = NOW();

	if (!timeout) {
		vcpu_stop_singleshot_timer(v);
		return 0;
	}
	/* Nonsense deadlines (negative, absurdly far) fire in 100 ms. */
	if (timeout < 0 || timeout > now + FAR_FUTURE)
		timeout = now + MILLISECS(100);
	return vcpu_set_singleshot_timer(v, timeout);
}
