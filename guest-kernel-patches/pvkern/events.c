/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI. The hypervisor sets a port's bit in
 * shared_info.evtchn_pending, the word's bit in the notified vCPU's
 * evtchn_pending_sel and evtchn_upcall_pending, and - unless that vCPU's
 * evtchn_upcall_mask is set - bounces to our event callback on that vCPU.
 * The pending and mask bitmaps are shared by all vCPUs (atomics); the
 * upcall flags are the running vCPU's own (smp_vcpu_info). Masking is
 * pure shared memory: per port in evtchn_mask, per vCPU in the upcall mask
 * (the guest's interrupt flag, inverted).
 */
#include "pvkern.h"
#include "hypercall.h"

static evtchn_handler_t handlers[EVTCHN_2L_NR_CHANNELS];
/* The vCPU each port notifies (bind_ipi, bind_vcpu); 0 by default. */
static uint8_t port_vcpu[EVTCHN_2L_NR_CHANNELS];

void events_init(void)
{
	unsigned int i;

	if (!vcpu)
		return;
	/* Nothing is bound yet: mask every port until someone binds it. */
	for (i = 0; i < ARRAY_SIZE(shared_info->evtchn_mask); i++)
		shared_info->evtchn_mask[i] = ~0UL;
	vcpu->evtchn_upcall_mask = 1;
}

void evtchn_bind_handler(evtchn_port_t port, evtchn_handler_t fn)
{
	handlers[port] = fn;
}

void evtchn_set_vcpu(evtchn_port_t port, unsigned int vcpu_id)
{
	port_vcpu[port] = vcpu_id;
}

void evtchn_mask(evtchn_port_t port)
{
	__atomic_fetch_or(&shared_info->evtchn_mask[port / 64],
			  1UL << (port % 64), __ATOMIC_SEQ_CST);
}

void evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };

	/*
	 * The hypercall clears the mask and re-raises the upcall if the port
	 * went pending while masked; a plain store would lose that edge.
	 */
	HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

void local_events_disable(void)
{
	smp_vcpu_info()->evtchn_upcall_mask = 1;
	barrier();
}

void local_events_enable(void)
{
	vcpu_info_t *v = smp_vcpu_info();

	v->evtchn_upcall_mask = 0;
	barrier();
	/* Anything that arrived while masked: any hypercall delivers it. */
	if (v->evtchn_upcall_pending)
		HYPERVISOR_xen_version(0, NULL);
}

/*
 * Handle this vCPU's pending, unmasked ports. A selector word covers 64
 * ports that may notify different vCPUs: only ours are taken (and their
 * pending bit cleared), as Linux's per-CPU event mask does.
 */
void evtchn_do_upcall(void)
{
	vcpu_info_t *v = smp_vcpu_info();
	unsigned int me = smp_vcpu_id();

	do {
		unsigned long sel;

		/* Clear first, so an event arriving during the scan re-raises. */
		v->evtchn_upcall_pending = 0;
		sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0,
					  __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int w = __builtin_ctzl(sel);
			unsigned long bits;

			sel &= sel - 1;
			bits = shared_info->evtchn_pending[w] &
			       ~shared_info->evtchn_mask[w];
			while (bits) {
				evtchn_port_t port =
					w * 64 + __builtin_ctzl(bits);

				bits &= bits - 1;
				if (port_vcpu[port] != me)
					continue;
				__atomic_fetch_and(
					&shared_info->evtchn_pending[w],
					~(1UL << (port % 64)),
					__ATOMIC_SEQ_CST);
				if (handlers[port])
					handlers[port](port);
			}
		}
	} while (v->evtchn_upcall_pending);
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_poll(const evtchn_port_t *ports, unsigned int nr, uint64_t deadline)
{
	struct sched_poll poll = { .nr_ports = nr, .timeout = deadline };

	poll.ports.p = (evtchn_port_t *)ports;
	return HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

bool evtchn_pending(evtchn_port_t port)
{
	return __atomic_load_n(&shared_info->evtchn_pending[port / 64],
			       __ATOMIC_SEQ_CST) &
	       (1UL << (port % 64));
}

bool evtchn_test_and_clear(evtchn_port_t port)
{
	unsigned long m = 1UL << (port % 64);

	return __atomic_fetch_and(&shared_info->evtchn_pending[port / 64], ~m,
				  __ATOMIC_SEQ_CST) &
	       m;
}
