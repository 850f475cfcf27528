/* SPDX-License-Identifier: MIT */
/*
 * Tests of the per-vCPU services Linux depends on at boot: moving
 * vcpu_info into our own page (VCPUOP_register_vcpu_info, Linux panics if
 * it fails), the runstate area, and time: the pvclock in vcpu_info, the
 * one-shot timer through set_timer_op and through VCPUOP_*_timer, each
 * delivered as VIRQ_TIMER through the event upcall while SCHEDOP_block
 * waits. pv-boot-abi.md §4.3.13, §4.3.20, §5.4.4, §5.12, §7.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/vcpu.h>

static const char *test_register_vcpu_info(void)
{
	struct vcpu_register_vcpu_info reg = { 0 };
	vcpu_info_t *old = vcpu, *new;
	uint64_t cr2 = 0, v;
	char *page;
	long rc;

	if (!vcpu || !mm_ready())
		return fail("needs shared_info and our page tables");
	/* Anywhere in a page of ours; not at offset 0, to catch that bug. */
	page = alloc_page();
	reg.mfn = virt_to_mfn(page);
	reg.offset = 0x140;
	new = (vcpu_info_t *)(page + reg.offset);
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg);
	if (rc)
		return fail("VCPUOP_register_vcpu_info returned %ld", rc);
	vcpu = new;
	/* The current state moves along: we run masked, time keeps going. */
	if (new->evtchn_upcall_mask != 1)
		return fail("upcall mask %u in the new vcpu_info",
			    new->evtchn_upcall_mask);
	if (!new->time.tsc_to_system_mul || !new->time.system_time)
		return fail("no time in the new vcpu_info (mul %u)",
			    new->time.tsc_to_system_mul);
	/* Only once. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg);
	if (rc >= 0)
		return fail("registering twice returned %ld", rc);
	info("pvkern: refused: VCPUOP_register_vcpu_info twice %ld\n", rc);
	/* Faults now report cr2 in the new place only. */
	old->arch.cr2 = 0;
	if (probe_read((void *)(FIXMAP_BASE + 3 * PAGE_SIZE), &v, &cr2, NULL))
		return fail("read of an unmapped address succeeded");
	if (cr2 != FIXMAP_BASE + 3 * PAGE_SIZE || old->arch.cr2)
		return fail("cr2 %#lx in the new vcpu_info, %#lx in the old",
			    cr2, old->arch.cr2);
	return NULL;
}
DEFINE_TEST(74, "register_vcpu_info", test_register_vcpu_info);

static volatile unsigned long timer_events;
static volatile uint64_t timer_seen_at;

static void timer_event(evtchn_port_t port)
{
	if (!timer_events++)
		timer_seen_at = pvclock_ns();
}

/*
 * Bind VIRQ_TIMER, arm a timer for deadline with arm(), and block until
 * the upcall has counted an event. The event must not come early.
 */
static const char *await_timer(long (*arm)(uint64_t), const char *what,
			       uint64_t deadline)
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
	struct evtchn_close close;
	unsigned int i;
	long rc;

	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);
	if (rc)
		return fail("EVTCHNOP_bind_virq(VIRQ_TIMER) returned %ld", rc);
	timer_events = 0;
	evtchn_bind_handler(bind.port, timer_event);
	evtchn_unmask(bind.port);
	rc = arm(deadline);
	/* SCHEDOP_block unmasks events and sleeps until one is pending. */
	for (i = 0; rc == 0 && i < 100 && !timer_events; i++)
		rc = HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	local_events_disable();
	evtchn_mask(bind.port);
	evtchn_bind_handler(bind.port, NULL);
	close.port = bind.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
	if (rc)
		return fail("%s or SCHEDOP_block returned %ld", what, rc);
	if (!timer_events)
		return fail("no VIRQ_TIMER upcall on port %u after %u blocks",
			    bind.port, i);
	if (timer_seen_at < deadline)
		return fail("%s fired %lu ns early", what,
			    (unsigned long)(deadline - timer_seen_at));
	return NULL;
}

static long arm_timer_op(uint64_t deadline)
{
	return HYPERVISOR_set_timer_op(deadline);
}

static long arm_singleshot(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline };

	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

static const char *test_evtchn_timer(void)
{
	long rc;

	if (!vcpu)
		return fail("shared_info not mapped");
	if (!vcpu->time.tsc_to_system_mul)
		return fail("vcpu_info time has tsc_to_system_mul 0");
	/* Xen arms a 10 ms periodic tick; stop it so only ours can fire. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	if (rc)
		return fail("VCPUOP_stop_periodic_timer returned %ld", rc);
	return await_timer(arm_timer_op, "set_timer_op",
			   pvclock_ns() + 2000000);
}
DEFINE_TEST(75, "evtchn_timer", test_evtchn_timer);

static const char *test_singleshot_timer(void)
{
	const char *why;
	long rc;

	if (!vcpu)
		return fail("shared_info not mapped");
	rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	if (rc)
		return fail("VCPUOP_stop_periodic_timer returned %ld", rc);
	why = await_timer(arm_singleshot, "VCPUOP_set_singleshot_timer",
			  pvclock_ns() + 2000000);
	if (why)
		return why;
	/* A deadline in the past fires at once (Linux passes flags 0). */
	why = await_timer(arm_singleshot, "a past single-shot deadline",
			  pvclock_ns() - 1000000);
	if (why)
		return why;
	rc = HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
	if (rc)
		return fail("VCPUOP_stop_singleshot_timer returned %ld", rc);
	return NULL;
}
DEFINE_TEST(76, "singleshot_timer", test_singleshot_timer);

static struct vcpu_runstate_info runstate;

static const char *test_runstate(void)
{
	struct vcpu_register_runstate_memory_area area;
	uint64_t entered, blocked;
	const char *why;
	long rc;

	if (!vcpu)
		return fail("shared_info not mapped");
	area.addr.p = (unsigned long)&runstate;
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area);
	if (rc)
		return fail("VCPUOP_register_runstate_memory_area returned %ld",
			    rc);
	/* Filled in at once, and we are the one running. */
	if (runstate.state != RUNSTATE_running || !runstate.state_entry_time)
		return fail("runstate %d entered at %lu", runstate.state,
			    runstate.state_entry_time);
	entered = runstate.state_entry_time;
	blocked = runstate.time[RUNSTATE_blocked];
	/* Sleep 2 ms: blocked, then running again. */
	why = await_timer(arm_singleshot, "VCPUOP_set_singleshot_timer",
			  pvclock_ns() + 2000000);
	if (why)
		return why;
	if (runstate.state != RUNSTATE_running ||
	    runstate.state_entry_time <= entered)
		return fail("after blocking: state %d entered at %lu (was %lu)",
			    runstate.state, runstate.state_entry_time, entered);
	if (runstate.time[RUNSTATE_blocked] <= blocked)
		return fail("blocked time did not grow (%lu)",
			    runstate.time[RUNSTATE_blocked]);
	return NULL;
}
DEFINE_TEST(77, "runstate", test_runstate);
