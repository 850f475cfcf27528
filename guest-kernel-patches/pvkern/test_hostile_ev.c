/* SPDX-License-Identifier: MIT */
/*
 * Hostile vcpu_op, event-channel and timer arguments (run with
 * tests=hostile_events): vCPUs and domains that do not exist, ports far
 * beyond the 4096 of the 2-level ABI, VIRQs beyond NR_VIRQS, vcpu_info
 * and runstate areas placed in frames or addresses that are not ours,
 * timer periods that would storm the CPU and deadlines that would
 * overflow the hypervisor's arithmetic (Xen fires those in 100 ms).
 */
#include "hostile.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/vcpu.h>

#define E(x) (-XEN_##x)
#define MISSING_DOMAIN 999
#define MISSING_VCPU 0xffffffffU
#define MSEC 1000000ULL

static struct vcpu_guest_context ctxt;

static void attack_vcpu_op(void)
{
	struct vcpu_register_runstate_memory_area area;
	struct vcpu_register_vcpu_info reg = { 0 };
	struct vcpu_set_periodic_timer period = { 0 };
	struct m2p_watch w;
	void *p;
	long rc;

	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, MISSING_VCPU, NULL);
	attack_rc("vcpu_op_missing_vcpu", rc, E(ENOENT), NULL);
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 4096, NULL);
	attack_rc("vcpu_op_vcpu_4096", rc, E(ENOENT), NULL);
	rc = HYPERVISOR_vcpu_op(1000, 0, NULL);
	attack_rc("vcpu_op_bad_cmd", rc, E(ENOSYS), NULL);
	p = m2p_target(&w);
	rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, p);
	attack_rc("vcpu_runstate_into_m2p", rc, E(EFAULT), m2p_changed(&w));
	area.addr.p = HV_DIRECTMAP;
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area);
	attack_rc("vcpu_runstate_area_in_hypervisor", rc, E(EFAULT), NULL);

	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, (void *)HV_TEXT);
	attack_rc("vcpu_info_from_hypervisor", rc, E(EFAULT), NULL);
	reg.mfn = foreign_mfn();
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg);
	attack_rc("vcpu_info_foreign_frame", rc, E(EINVAL), NULL);
	/* vcpu_info inside a page table would let us write entries. */
	reg.mfn = user_l1_mfn;
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg);
	attack_rc("vcpu_info_in_page_table", rc, E(EINVAL), NULL);
	reg.mfn = virt_to_mfn(_text);
	reg.offset = PAGE_SIZE - 16;
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg);
	attack_rc("vcpu_info_across_page", rc, E(ENXIO), NULL);

	/*
	 * VCPUOP_initialise: a context in hypervisor memory, one for the
	 * vCPU running this (contexts are set once), one for no vCPU.
	 * (Contexts flawed field by field are test_smp's vcpu_context_checks.)
	 */
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, (void *)HV_TEXT);
	attack_rc("vcpu_initialise_from_hypervisor", rc, E(EFAULT), NULL);
	memset(&ctxt, 0, sizeof(ctxt));
	ctxt.flags = VGCF_in_kernel;
	ctxt.ctrlreg[3] = xen_pfn_to_cr3(kernel_l4_mfn);
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, &ctxt);
	attack_rc("vcpu_initialise_running_vcpu", rc, E(EEXIST), NULL);
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 4096, &ctxt);
	attack_rc("vcpu_initialise_missing_vcpu", rc, E(ENOENT), NULL);

	/* A period of 0 or 1 ns would keep the CPU in the timer handler. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &period);
	attack_rc("timer_period_zero", rc, E(EINVAL), NULL);
	period.period_ns = 1;
	rc = HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &period);
	attack_rc("timer_period_1ns", rc, E(EINVAL), NULL);
}

static volatile unsigned long ticks;
static volatile uint64_t tick_at;

static void tick(evtchn_port_t port)
{
	if (!ticks++)
		tick_at = pvclock_ns();
}

/*
 * set_timer_op(deadline) and wait for VIRQ_TIMER. A 2 s periodic timer
 * is the watchdog, so a deadline the hypervisor got wrong cannot hang
 * us. Returns the ns until the first tick, or 0 with *rc set.
 */
static uint64_t time_to_tick(int64_t deadline, long *rc)
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER };
	struct vcpu_set_periodic_timer watchdog = { .period_ns = 2000 * MSEC };
	struct evtchn_close close;
	uint64_t start;
	unsigned int i;

	/* Nothing else may raise VIRQ_TIMER: no periodic tick, no old timer. */
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	HYPERVISOR_set_timer_op(0);
	*rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);
	if (*rc)
		return 0;
	evtchn_bind_handler(bind.port, tick);
	*rc = HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &watchdog);
	/* Events are masked until SCHEDOP_block: forget what came before. */
	__atomic_fetch_and(&shared_info->evtchn_pending[bind.port / 64],
			   ~(1UL << (bind.port % 64)), __ATOMIC_SEQ_CST);
	ticks = 0;
	evtchn_unmask(bind.port);
	start = pvclock_ns();
	if (!*rc)
		*rc = HYPERVISOR_set_timer_op(deadline);
	for (i = 0; !*rc && i < 10 && !ticks; i++)
		*rc = HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	local_events_disable();
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	HYPERVISOR_set_timer_op(0);
	evtchn_mask(bind.port);
	evtchn_bind_handler(bind.port, NULL);
	close.port = bind.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
	return *rc || !ticks ? 0 : tick_at - start;
}

static void attack_timer(const char *name, int64_t deadline)
{
	long rc;
	uint64_t ns = time_to_tick(deadline, &rc);

	if (rc)
		attack_unexpected(name, "%s while arming and waiting",
				  errno_name(rc));
	else if (ns < 50 * MSEC || ns > 1000 * MSEC)
		attack_unexpected(name,
				  "the timer fired after %lu ms, not ~100",
				  (unsigned long)(ns / MSEC));
	else
		attack_refused(name, "rc 0, fired after %lu ms",
			       (unsigned long)(ns / MSEC));
}

static void attack_event_channels(void)
{
	struct evtchn_bind_interdomain bi = { .remote_dom = MISSING_DOMAIN };
	struct evtchn_alloc_unbound au = { .dom = MISSING_DOMAIN };
	struct evtchn_bind_virq bv = { .virq = 1000 };
	struct evtchn_bind_ipi bipi = { .vcpu = MISSING_VCPU };
	struct evtchn_bind_vcpu bvc = { .port = 1, .vcpu = MISSING_VCPU };
	struct evtchn_status st = { .dom = DOMID_SELF, .port = 0xffffffffU };
	struct evtchn_reset reset = { .dom = MISSING_DOMAIN };
	evtchn_port_t port = 0xffffffffU;
	struct m2p_watch w;
	void *p;
	long rc;

	rc = HYPERVISOR_event_channel_op(1000, &port);
	attack_rc("evtchn_bad_cmd", rc, E(ENOSYS), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_send, (void *)HV_TEXT);
	attack_rc("evtchn_arg_in_hypervisor", rc, E(EFAULT), NULL);
	p = m2p_target(&w);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, p);
	attack_rc("evtchn_status_into_m2p", rc, E(EFAULT), m2p_changed(&w));
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
	attack_rc("evtchn_send_port_huge", rc, E(EINVAL), NULL);
	port = EVTCHN_2L_NR_CHANNELS;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
	attack_rc("evtchn_send_port_4096", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &port);
	attack_rc("evtchn_unmask_port_4096", rc, E(EINVAL), NULL);
	port = 0xffffffffU;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_close, &port);
	attack_rc("evtchn_close_port_huge", rc, E(EINVAL), NULL);
	port = 0;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_close, &port);
	attack_rc("evtchn_close_port_0", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
	attack_rc("evtchn_bind_virq_huge", rc, E(EINVAL), NULL);
	bv.virq = VIRQ_TIMER;
	bv.vcpu = MISSING_VCPU;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
	attack_rc("evtchn_bind_virq_missing_vcpu", rc, E(ENOENT), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bipi);
	attack_rc("evtchn_bind_ipi_missing_vcpu", rc, E(ENOENT), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bvc);
	attack_rc("evtchn_bind_vcpu_missing_vcpu", rc, E(ENOENT), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
	attack_rc("evtchn_bind_interdomain_missing_domain", rc, E(ESRCH), NULL);
	bi.remote_dom = DOMID_SELF;
	bi.remote_port = 0xffffffffU;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
	attack_rc("evtchn_bind_interdomain_port_huge", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
	attack_rc("evtchn_alloc_unbound_missing_domain", rc, E(ESRCH), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	attack_rc("evtchn_status_port_huge", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_reset, &reset);
	attack_rc("evtchn_reset_missing_domain", rc, E(ESRCH), NULL);
}

static const char *test_hostile_events(void)
{
	if (!vcpu || !mm_ready())
		return fail("needs shared_info and our page tables");
	attack_vcpu_op();
	attack_event_channels();
	/* Negative, or more than 2^50 ns ahead: 100 ms, as Xen does. */
	attack_timer("timer_negative_deadline", -1);
	attack_timer("timer_far_deadline", INT64_MAX);
	return attacks_verdict();
}
DEFINE_REQUEST_TEST(91, "hostile_events", test_hostile_events);
