/* SPDX-License-Identifier: MIT */
/*
 * The scheduler as a guest sees it (pv-boot-abi.md §4.3.24), for boots
 * with several domains; on request only:
 *
 *   block_wake   SCHEDOP_block wakes on an event from another domain and
 *                on a timer, SCHEDOP_poll times out at its deadline and
 *                returns early on its port, bad polls are refused, and the
 *                runstate counts the time away. wake=PORT is our end of
 *                a channel to a domain running wake_helper.
 *   wake_helper  answers each request on wake=PORT after delay_ms (20)
 *                of work, requests=N (2) times.
 *   sched_spin   CPU-bound: after sync=PORT[,PORT...] (lead=1: wait for
 *                every port, then answer all; else send, then wait), spin
 *                for spin_ms (2000) and report the share of the CPU our
 *                registered runstate area says we had, over the window and
 *                each quarter.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/vcpu.h>

#define LONG_WAIT (30000 * MSEC)

static volatile uint64_t event_at, timer_at;
static evtchn_port_t wake_port, timer_port;

static void on_event(evtchn_port_t port)
{
	if (!event_at)
		event_at = pvclock_ns();
}

static void on_timer(evtchn_port_t port)
{
	if (!timer_at)
		timer_at = pvclock_ns();
}

/* Time spent blocked, and off the CPU altogether (blocked or waiting). */
static void time_off_cpu(uint64_t *blocked, uint64_t *off)
{
	struct vcpu_runstate_info r;

	HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r);
	*blocked = r.time[RUNSTATE_blocked];
	*off = r.time[RUNSTATE_blocked] + r.time[RUNSTATE_runnable];
}

/* Our runstate, kept up to date by the hypervisor while we run. */
static struct vcpu_runstate_info area;

/*
 * Time we have run, read with the clock from the registered area: no
 * hypercall between the two, so a stall of the whole machine counts in
 * both or in neither.
 */
static void time_running(uint64_t *run, uint64_t *at)
{
	struct vcpu_runstate_info r;

	do {
		r = *(volatile struct vcpu_runstate_info *)&area;
		*at = pvclock_ns();
		barrier();
	} while (r.state_entry_time != area.state_entry_time);
	*run = r.time[RUNSTATE_running];
	if (r.state == RUNSTATE_running && *at > r.state_entry_time)
		*run += *at - r.state_entry_time;
}

static long arm_timer(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline };

	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

/* SCHEDOP_block until *flag is set, a timer at watchdog as a backstop. */
static void block_until(volatile uint64_t *flag, uint64_t watchdog)
{
	arm_timer(watchdog);
	while (!*flag && !timer_at)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	local_events_disable();
}

/* Wait (masked, by SCHEDOP_poll) until port is pending; consume it. */
static bool wait_port(evtchn_port_t port, uint64_t ns)
{
	uint64_t deadline = pvclock_ns() + ns;

	while (!evtchn_pending(port) && pvclock_ns() < deadline)
		evtchn_poll(&port, 1, deadline);
	return evtchn_test_and_clear(port);
}

static const char *setup_ports(void)
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
	long rc;

	wake_port = cmdline_ulong("wake", 0);
	if (!wake_port)
		return fail("needs wake=PORT");
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);
	if (rc)
		return fail("EVTCHNOP_bind_virq(VIRQ_TIMER) returned %ld", rc);
	timer_port = bind.port;
	evtchn_bind_handler(timer_port, on_timer);
	evtchn_bind_handler(wake_port, on_event);
	evtchn_test_and_clear(wake_port);
	evtchn_unmask(timer_port);
	evtchn_unmask(wake_port);
	return NULL;
}

static void teardown_ports(void)
{
	struct evtchn_close close = { .port = timer_port };

	local_events_disable();
	HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
	evtchn_mask(timer_port);
	evtchn_mask(wake_port);
	evtchn_bind_handler(timer_port, NULL);
	evtchn_bind_handler(wake_port, NULL);
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
}

/* (a) and (b): SCHEDOP_block woken by an event, then by a timer. */
static const char *block_cases(uint64_t delay)
{
	uint64_t t0, blocked0, off0, blocked1, off1;
	long rc;

	event_at = timer_at = 0;
	time_off_cpu(&blocked0, &off0);
	t0 = pvclock_ns();
	if ((rc = evtchn_send(wake_port)))
		return fail("request on port %u: %ld", wake_port, rc);
	block_until(&event_at, t0 + 5000 * MSEC);
	if (!event_at)
		return fail("SCHEDOP_block: no event from the helper in 5 s");
	if (event_at - t0 < delay)
		return fail("woken %lu us after the request, before the helper "
			    "could answer (%lu us)",
			    (unsigned long)(event_at - t0) / 1000,
			    (unsigned long)delay / 1000);
	/*
	 * The helper, woken, may run before we block, and even answer
	 * before we get the CPU back (then we never block at all): the
	 * runstate shows us off the CPU, blocked or waiting, for nearly all
	 * of the wait. The timer case below is the one sure to block.
	 */
	time_off_cpu(&blocked1, &off1);
	if (off1 - off0 < delay - 2 * MSEC)
		return fail("waited %lu us: blocked %lu us, off the CPU %lu us",
			    (unsigned long)(event_at - t0) / 1000,
			    (unsigned long)(blocked1 - blocked0) / 1000,
			    (unsigned long)(off1 - off0) / 1000);
	info("pvkern: block: woken by the helper's event after %lu us\n",
	     (unsigned long)(event_at - t0) / 1000);

	/* Nothing else has work now: we block, and the runstate says so. */
	event_at = timer_at = 0;
	time_off_cpu(&blocked0, &off0);
	t0 = pvclock_ns();
	block_until(&timer_at, t0 + 15 * MSEC);
	if (!timer_at || event_at)
		return fail("SCHEDOP_block: timer %lu, event %lu", timer_at,
			    event_at);
	if (timer_at - t0 < 15 * MSEC || timer_at - t0 > 500 * MSEC)
		return fail("15 ms timer woke SCHEDOP_block after %lu us",
			    (unsigned long)(timer_at - t0) / 1000);
	time_off_cpu(&blocked1, &off1);
	if (blocked1 - blocked0 < 13 * MSEC)
		return fail("blocked on a 15 ms timer, runstate blocked %lu us",
			    (unsigned long)(blocked1 - blocked0) / 1000);
	info("pvkern: block: woken by a 15 ms timer after %lu us\n",
	     (unsigned long)(timer_at - t0) / 1000);
	return NULL;
}

/* (c), (d), (e): SCHEDOP_poll. */
static const char *poll_cases(uint64_t delay)
{
	evtchn_port_t many[129];
	uint64_t t0, took;
	unsigned int i;
	long rc;

	/* Nothing comes: back at the deadline, the port not pending. */
	t0 = pvclock_ns();
	rc = evtchn_poll(&wake_port, 1, t0 + 25 * MSEC);
	took = pvclock_ns() - t0;
	if (rc || took < 25 * MSEC || took > 500 * MSEC ||
	    evtchn_pending(wake_port))
		return fail("poll with a 25 ms timeout: rc %ld after %lu us, "
			    "pending %d",
			    rc, (unsigned long)took / 1000,
			    evtchn_pending(wake_port));
	info("pvkern: poll: timed out after %lu us\n",
	     (unsigned long)took / 1000);

	/* The helper answers: back early, the port pending. */
	t0 = pvclock_ns();
	evtchn_send(wake_port);
	rc = evtchn_poll(&wake_port, 1, t0 + 5000 * MSEC);
	took = pvclock_ns() - t0;
	if (rc || !evtchn_test_and_clear(wake_port) || took < delay ||
	    took > 2000 * MSEC)
		return fail("poll for the helper's answer: rc %ld after %lu us",
			    rc, (unsigned long)took / 1000);
	info("pvkern: poll: the helper's event after %lu us\n",
	     (unsigned long)took / 1000);

	/* Refused: too many ports, a port past the limit; a past deadline. */
	for (i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = wake_port;
	rc = evtchn_poll(many, 129, 0);
	if (rc != -XEN_EINVAL)
		return fail("poll of 129 ports returned %ld", rc);
	many[0] = 5000;
	rc = evtchn_poll(many, 1, 0);
	if (rc != -XEN_EINVAL)
		return fail("poll of port 5000 returned %ld", rc);
	t0 = pvclock_ns();
	rc = evtchn_poll(&wake_port, 1, 1);
	if (rc || pvclock_ns() - t0 > 100 * MSEC)
		return fail("poll with a past deadline: rc %ld", rc);
	return NULL;
}

static const char *test_block_wake(void)
{
	uint64_t delay = cmdline_ulong("delay_ms", 20) * MSEC;
	const char *why;

	if ((why = setup_ports()))
		return why;
	why = block_cases(delay);
	if (!why)
		why = poll_cases(delay);
	teardown_ports();
	return why;
}
DEFINE_REQUEST_TEST(82, "block_wake", test_block_wake);

static const char *test_wake_helper(void)
{
	unsigned long n = cmdline_ulong("requests", 2), i;
	uint64_t delay = cmdline_ulong("delay_ms", 20) * MSEC, end;
	evtchn_port_t port = cmdline_ulong("wake", 0);

	if (!port)
		return fail("needs wake=PORT");
	for (i = 0; i < n; i++) {
		if (!wait_port(port, LONG_WAIT))
			return fail("request %lu never came", i + 1);
		/*
		 * Let the waiter go to sleep first (woken, we may have
		 * preempted it), then some work: it must really sleep.
		 */
		end = pvclock_ns() + 2 * MSEC;
		evtchn_poll(&port, 1, end);
		end = pvclock_ns() + delay;
		while (pvclock_ns() < end)
			;
		evtchn_send(port);
	}
	return NULL;
}
DEFINE_REQUEST_TEST(83, "wake_helper", test_wake_helper);

static const char *sync_up(void)
{
	unsigned long ports[8];
	unsigned int n = cmdline_ulongs("sync", ports, ARRAY_SIZE(ports)), i;

	if (!n)
		return NULL;
	if (cmdline_ulong("lead", 0)) {
		for (i = 0; i < n; i++)
			if (!wait_port(ports[i], LONG_WAIT))
				return fail("nobody on sync port %lu",
					    ports[i]);
		for (i = 0; i < n; i++)
			evtchn_send(ports[i]);
		return NULL;
	}
	evtchn_send(ports[0]);
	if (!wait_port(ports[0], LONG_WAIT))
		return fail("no go on sync port %lu", ports[0]);
	return NULL;
}

static const char *test_sched_spin(void)
{
	uint64_t window = cmdline_ulong("spin_ms", 2000) * MSEC;
	uint64_t t0, now, next, end, run[5], at[5];
	unsigned long quarter[4], share;
	struct vcpu_register_runstate_memory_area reg;
	unsigned int k = 0;
	const char *why;
	long rc;

	reg.addr.p = (unsigned long)&area;
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg);
	if (rc)
		return fail("VCPUOP_register_runstate_memory_area: %ld", rc);
	if ((why = sync_up()))
		return why;
	/* A settling time first, then the window, then some more spinning. */
	t0 = pvclock_ns() + 200 * MSEC;
	end = t0 + window + 300 * MSEC;
	next = t0;
	for (;;) {
		now = pvclock_ns();
		if (k < 5 && now >= next) {
			time_running(&run[k], &at[k]);
			next = t0 + ++k * window / 4;
		}
		if (now >= end)
			break;
	}
	share = (unsigned long)((run[4] - run[0]) * 1000 / (at[4] - at[0]));
	for (k = 0; k < 4; k++)
		quarter[k] = (unsigned long)((run[k + 1] - run[k]) * 1000 /
					     (at[k + 1] - at[k]));
	printk("pvkern: sched: share %lu permille of %lu ms, quarters %lu %lu %lu %lu permille\n",
	       share, (unsigned long)((at[4] - at[0]) / MSEC), quarter[0],
	       quarter[1], quarter[2], quarter[3]);
	return NULL;
}
DEFINE_REQUEST_TEST(84, "sched_spin", test_sched_spin);
