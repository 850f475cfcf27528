/* SPDX-License-Identifier: MIT */
/*
 * Tests of a domain among others, for boots with several domains (README:
 * "Several domains at boot"). All run only when named:
 *
 *   domu_start_info  an unprivileged domain's start of day (§2.7, §2.12):
 *                    no privilege flags, its xenstore port unbound for
 *                    domain 0, a console ring and port, global VIRQs
 *                    refused (-EBUSY);
 *   rendezvous       the channel the module strings connected, given as
 *                    rendezvous=PORT,PEER,PEERPORT: its status names the
 *                    peer, and one event goes each way (a domU sends first
 *                    and waits, domain 0 waits and answers);
 *   dom_exc          (domain 0) VIRQ_DOM_EXC arrives when another domain
 *                    shuts down;
 *   evtchn_limit     ports run out exactly at the domain's limit: 1023
 *                    for a domU, 4095 for domain 0, then -ENOSPC;
 *   console_input    (domain 0) VIRQ_CONSOLE announces input on the
 *                    hypervisor's serial line, CONSOLEIO_read returns it:
 *                    it must hold input=WORD (the boot loader may have
 *                    eaten what came before).
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>

#define WAIT_NS (20000 * MSEC)

static evtchn_port_t dom_exc_port;

static long port_status(evtchn_port_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

static long bind_virq(unsigned int virq, evtchn_port_t *port)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = 0 };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

	*port = b.port;
	return rc;
}

static void close_port(evtchn_port_t port)
{
	struct evtchn_close c = { .port = port };

	HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

/* Wait (masked, by SCHEDOP_poll) until port is pending; consume it. */
static bool wait_port(evtchn_port_t port, uint64_t ns)
{
	uint64_t deadline = pvclock_ns() + ns;

	while (!evtchn_pending(port) && pvclock_ns() < deadline)
		evtchn_poll(&port, 1, deadline);
	return evtchn_test_and_clear(port);
}

static const char *test_domu_start_info(void)
{
	const start_info_t *si = start_info;
	struct evtchn_status st;
	evtchn_port_t port;
	long rc;

	if (is_dom0())
		return fail("run it in an unprivileged domain");
	if (si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN))
		return fail("start_info flags %#x", si->flags);
	if (!si->store_mfn || !si->store_evtchn)
		return fail("no xenstore page or port (%#lx, %u)",
			    (unsigned long)si->store_mfn, si->store_evtchn);
	rc = port_status(si->store_evtchn, &st);
	if (rc || st.status != EVTCHNSTAT_unbound || st.u.unbound.dom != 0)
		return fail("xenstore port %u: rc %ld, status %u, for %u",
			    si->store_evtchn, rc, st.status, st.u.unbound.dom);
	if (!si->console.domU.mfn || !si->console.domU.evtchn)
		return fail("no console page or port");
	rc = port_status(si->console.domU.evtchn, &st);
	if (rc || st.status != EVTCHNSTAT_unbound)
		return fail("console port %u: rc %ld, status %u",
			    si->console.domU.evtchn, rc, st.status);
	/* Global VIRQs belong to domain 0. */
	rc = bind_virq(VIRQ_DOM_EXC, &port);
	if (rc != -XEN_EBUSY)
		return fail("binding VIRQ_DOM_EXC returned %ld", rc);
	rc = bind_virq(VIRQ_CONSOLE, &port);
	if (rc != -XEN_EBUSY)
		return fail("binding VIRQ_CONSOLE returned %ld", rc);
	info("pvkern: domU: store port %u, console port %u, global VIRQs refused\n",
	     si->store_evtchn, si->console.domU.evtchn);
	return NULL;
}
DEFINE_REQUEST_TEST(86, "domu_start_info", test_domu_start_info);

static const char *test_rendezvous(void)
{
	unsigned long r[3];
	struct evtchn_status st;
	evtchn_port_t port;
	long rc;

	if (cmdline_ulongs("rendezvous", r, 3) != 3)
		return fail("needs rendezvous=PORT,PEER,PEERPORT");
	port = r[0];
	rc = port_status(port, &st);
	if (rc || st.status != EVTCHNSTAT_interdomain ||
	    st.u.interdomain.dom != r[1] || st.u.interdomain.port != r[2])
		return fail("port %u: rc %ld, status %u, peer %u port %u", port,
			    rc, st.status, st.u.interdomain.dom,
			    st.u.interdomain.port);
	if (!is_dom0()) {
		if ((rc = evtchn_send(port)))
			return fail("send on port %u returned %ld", port, rc);
		if (!wait_port(port, WAIT_NS))
			return fail("no answer on port %u", port);
		return NULL;
	}
	if (!wait_port(port, WAIT_NS))
		return fail("nothing from domain %lu on port %u", r[1], port);
	/* Before answering: the peer may stop right after. */
	if (cmdline_wants_test("dom_exc", true) && !dom_exc_port &&
	    (rc = bind_virq(VIRQ_DOM_EXC, &dom_exc_port)))
		return fail("binding VIRQ_DOM_EXC returned %ld", rc);
	if ((rc = evtchn_send(port)))
		return fail("send on port %u returned %ld", port, rc);
	info("pvkern: rendezvous with domain %lu on port %u: ok\n", r[1], port);
	return NULL;
}
DEFINE_REQUEST_TEST(87, "rendezvous", test_rendezvous);

static const char *test_dom_exc(void)
{
	long rc;

	if (!is_dom0())
		return fail("VIRQ_DOM_EXC is domain 0's");
	if (!dom_exc_port && (rc = bind_virq(VIRQ_DOM_EXC, &dom_exc_port)))
		return fail("binding VIRQ_DOM_EXC returned %ld", rc);
	if (!wait_port(dom_exc_port, WAIT_NS))
		return fail("no VIRQ_DOM_EXC on port %u", dom_exc_port);
	close_port(dom_exc_port);
	info("pvkern: VIRQ_DOM_EXC: another domain shut down\n");
	return NULL;
}
DEFINE_REQUEST_TEST(97, "dom_exc", test_dom_exc);

static unsigned long taken[EVTCHN_2L_NR_CHANNELS / 64];

static const char *test_evtchn_limit(void)
{
	struct evtchn_alloc_unbound a;
	unsigned long expected = is_dom0() ? 4095 : 1023;
	unsigned int n = 0;
	evtchn_port_t last = 0, p;
	long rc;

	memset(taken, 0, sizeof(taken));
	for (;;) {
		a = (struct evtchn_alloc_unbound){ .dom = DOMID_SELF,
						   .remote_dom = DOMID_SELF };
		rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
		if (rc || a.port >= EVTCHN_2L_NR_CHANNELS)
			break;
		taken[a.port / 64] |= 1UL << (a.port % 64);
		if (a.port > last)
			last = a.port;
		n++;
	}
	/* Give back exactly what we took. */
	for (p = 1; p < EVTCHN_2L_NR_CHANNELS; p++)
		if (taken[p / 64] & (1UL << (p % 64)))
			close_port(p);
	if (rc != -XEN_ENOSPC)
		return fail("allocation %u returned %ld (port %u)", n + 1, rc,
			    a.port);
	if (last != expected)
		return fail("highest port %u, expected %lu", last, expected);
	info("pvkern: %u ports allocated, up to %u, then -ENOSPC\n", n, last);
	return NULL;
}
DEFINE_REQUEST_TEST(88, "evtchn_limit", test_evtchn_limit);

static const char *test_console_input(void)
{
	const char *want = cmdline_value("input");
	uint64_t deadline = pvclock_ns() + WAIT_NS;
	static char got[64];
	evtchn_port_t port;
	size_t n = 0;
	long rc;

	if (!want)
		return fail("needs input=WORD");
	memset(got, 0, sizeof(got));
	if ((rc = bind_virq(VIRQ_CONSOLE, &port)))
		return fail("binding VIRQ_CONSOLE returned %ld", rc);
	while (!strstr(got, want) && n < sizeof(got) - 1 &&
	       pvclock_ns() < deadline) {
		if (!wait_port(port, deadline - pvclock_ns()))
			break;
		rc = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(got) - 1 - n,
					   got + n);
		if (rc < 0) {
			close_port(port);
			return fail("CONSOLEIO_read returned %ld", rc);
		}
		n += rc;
		got[n] = '\0';
	}
	close_port(port);
	if (!strstr(got, want))
		return fail("read \"%s\" (%zu bytes), expected \"%s\"", got, n,
			    want);
	info("pvkern: console input \"%s\" after VIRQ_CONSOLE\n", want);
	return NULL;
}
DEFINE_REQUEST_TEST(89, "console_input", test_console_input);
