/* SPDX-License-Identifier: MIT */
/*
 * Tests of event channels (2-level ABI) without a second domain: an IPI
 * port to ourselves, and a loopback pair made of alloc_unbound(SELF, SELF)
 * and bind_interdomain(SELF, port) - what Linux does when it runs
 * xenstored locally. They check the hypervisor's half of the protocol:
 * pending and selector bits, the per-vCPU upcall flag, masking, the
 * unmask edge, port states, and close. pv-boot-abi.md §7.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>

static volatile unsigned int hits[8];
static evtchn_port_t watched_port[8];

static void count_event(evtchn_port_t port)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(watched_port); i++)
		if (watched_port[i] == port)
			hits[i]++;
}

static void watch(unsigned int slot, evtchn_port_t port)
{
	watched_port[slot] = port;
	hits[slot] = 0;
	evtchn_bind_handler(port, count_event);
}

static bool port_pending(evtchn_port_t port)
{
	return shared_info->evtchn_pending[port / 64] & (1UL << (port % 64));
}

static void clear_pending(evtchn_port_t port)
{
	__atomic_fetch_and(&shared_info->evtchn_pending[port / 64],
			   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

static long send(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

static long close_port(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };

	evtchn_mask(port);
	evtchn_bind_handler(port, NULL);
	return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

static long port_status(evtchn_port_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

/* Let a pending upcall in, then mask again, as Linux's irq enable does. */
static void deliver(void)
{
	local_events_enable();
	local_events_disable();
}

static const char *test_evtchn_ipi(void)
{
	struct evtchn_bind_ipi bind = { .vcpu = 0 };
	struct evtchn_status st;
	const char *why = NULL;
	evtchn_port_t p;
	long rc;

	if (!vcpu)
		return fail("shared_info not mapped");
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);
	if (rc)
		return fail("EVTCHNOP_bind_ipi returned %ld", rc);
	p = bind.port;
	watch(0, p);
	evtchn_unmask(p);

	/* Masked vCPU: the event waits, flagged in vcpu_info. */
	rc = send(p);
	if (rc)
		why = fail("EVTCHNOP_send returned %ld", rc);
	else if (!port_pending(p) || !vcpu->evtchn_upcall_pending ||
		 !(vcpu->evtchn_pending_sel & (1UL << (p / 64))))
		why = fail("after send: pending %d, upcall %u, sel %#lx",
			   port_pending(p), vcpu->evtchn_upcall_pending,
			   vcpu->evtchn_pending_sel);
	else if (hits[0])
		why = fail("upcall delivered while the vCPU was masked");
	if (why)
		goto out;
	deliver();
	if (hits[0] != 1) {
		why = fail("%u upcalls for one send", hits[0]);
		goto out;
	}

	/* Masked port: pending, but no upcall until unmask raises it. */
	evtchn_mask(p);
	send(p);
	if (!port_pending(p) || vcpu->evtchn_upcall_pending) {
		why = fail("masked port: pending %d, upcall %u",
			   port_pending(p), vcpu->evtchn_upcall_pending);
		goto out;
	}
	deliver();
	if (hits[0] != 1) {
		why = fail("a masked port was delivered");
		goto out;
	}
	local_events_enable();
	evtchn_unmask(p); /* the hypercall returns through the upcall */
	local_events_disable();
	if (hits[0] != 2) {
		why = fail("unmasking a pending port delivered %u upcalls",
			   hits[0] - 1);
		goto out;
	}

	rc = port_status(p, &st);
	if (rc || st.status != EVTCHNSTAT_ipi || st.vcpu != 0)
		why = fail("EVTCHNOP_status: rc %ld, status %u, vcpu %u", rc,
			   st.status, st.vcpu);
out:
	rc = close_port(p);
	if (!why && rc)
		why = fail("EVTCHNOP_close returned %ld", rc);
	if (!why && (rc = send(p)) != -XEN_EINVAL)
		why = fail("send on a closed port returned %ld", rc);
	if (!why && (port_status(p, &st) || st.status != EVTCHNSTAT_closed))
		why = fail("a closed port has status %u", st.status);
	return why;
}
DEFINE_TEST(80, "evtchn_ipi", test_evtchn_ipi);

static const char *test_evtchn_loopback(void)
{
	struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF,
					      .remote_dom = DOMID_SELF };
	struct evtchn_bind_interdomain bind = { .remote_dom = DOMID_SELF };
	struct evtchn_status st;
	const char *why = NULL;
	evtchn_port_t a, b;
	long rc;

	if (!vcpu)
		return fail("shared_info not mapped");
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc);
	if (rc)
		return fail("EVTCHNOP_alloc_unbound(SELF, SELF) returned %ld",
			    rc);
	a = alloc.port;
	rc = port_status(a, &st);
	if (rc || st.status != EVTCHNSTAT_unbound) {
		close_port(a);
		return fail("a fresh port: rc %ld, status %u", rc, st.status);
	}
	bind.remote_port = a;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind);
	if (rc) {
		close_port(a);
		return fail("EVTCHNOP_bind_interdomain returned %ld", rc);
	}
	b = bind.local_port;
	/* Binding raises the new port once, in case the peer sent early. */
	if (!port_pending(b))
		info("pvkern: bind_interdomain left port %u not pending\n", b);
	clear_pending(a);
	clear_pending(b);
	watch(1, a);
	watch(2, b);
	evtchn_unmask(a);
	evtchn_unmask(b);

	rc = port_status(a, &st);
	if (rc || st.status != EVTCHNSTAT_interdomain ||
	    st.u.interdomain.port != b) {
		why = fail("status of %u: rc %ld, status %u, peer %u", a, rc,
			   st.status, st.u.interdomain.port);
		goto out;
	}
	/* A send on one end raises the other. */
	send(a);
	deliver();
	send(b);
	send(b); /* still pending: the second one merges */
	deliver();
	if (hits[1] != 1 || hits[2] != 1) {
		why = fail("upcalls: %u on %u, %u on %u (expected 1 each)",
			   hits[1], a, hits[2], b);
		goto out;
	}
	/* Closing one end leaves the other unbound, waiting for us. */
	close_port(a);
	a = 0;
	rc = port_status(b, &st);
	if (rc || st.status != EVTCHNSTAT_unbound)
		why = fail("after closing the peer: rc %ld, status %u", rc,
			   st.status);
out:
	if (a)
		close_port(a);
	rc = close_port(b);
	if (!why && rc)
		why = fail("EVTCHNOP_close returned %ld", rc);
	return why;
}
DEFINE_TEST(81, "evtchn_loopback", test_evtchn_loopback);
