/* SPDX-License-Identifier: MIT */
/*
 * Console output. dom0 (SIF_INITDOMAIN) has no console ring: its only
 * console is the hypervisor's, reached with console_io(CONSOLEIO_write).
 * A domU writes into the out[] ring of the page named by
 * start_info.console.domU and kicks the backend through its event channel;
 * stock Xen refuses console_io to a domU, so it is not used there.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/io/console.h>

static struct xencons_interface *ring;
static evtchn_port_t ring_port;
long console_io_last_rc;

void console_init(void)
{
	if (is_dom0() || !start_info->console.domU.mfn)
		return;
	/* The ring page lies in the builder's mapping: find it via the M2P. */
	ring = pfn_to_virt(mfn_to_pfn(start_info->console.domU.mfn));
	ring_port = start_info->console.domU.evtchn;
}

static void ring_write(const char *s, size_t len)
{
	struct evtchn_send send = { .port = ring_port };
	unsigned int spins = 0;

	while (len) {
		XENCONS_RING_IDX cons = ring->out_cons, prod = ring->out_prod;

		/* Read the consumer index before reusing the slots it freed. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (prod - cons >= sizeof(ring->out)) {
			/* Full: let the backend run, but never hang forever. */
			HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			if (++spins > 100000)
				return;
			continue;
		}
		ring->out[MASK_XENCONS_IDX(prod, ring->out)] = *s++;
		len--;
		/* The byte must be visible before the index that publishes it. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring->out_prod = prod + 1;
	}
	HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

void console_write(const char *s, size_t len)
{
	if (ring) {
		ring_write(s, len);
		return;
	}
	console_io_last_rc =
		HYPERVISOR_console_io(CONSOLEIO_write, len, (char *)s);
}
