/* SPDX-License-Identifier: MIT */
/*
 * Console output. dom0 (SIF_INITDOMAIN) has no console ring: its only
 * console is the hypervisor's, reached with console_io(CONSOLEIO_write).
 * A domU writes into the out[] ring of the page named by
 * start_info.console.domU and kicks the backend through its event channel.
 * Stock Xen refuses console_io to a domU, and where a hypervisor allows it
 * while also copying the ring out, every line would show twice; so a domU
 * uses the ring alone unless the command line says console=both (or
 * console=hyp for console_io alone, e.g. while debugging a backend).
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/io/console.h>

struct xencons_interface *console_ring;
static evtchn_port_t ring_port;
static bool use_console_io = true;

void console_init(void)
{
	const char *mode = cmdline_value("console");

	if (is_dom0() || !start_info->console.domU.mfn)
		return;
	if (mode && !strcmp(mode, "hyp"))
		return;
	/* The ring page lies in the builder's mapping: find it via the M2P. */
	console_ring = pfn_to_virt(mfn_to_pfn(start_info->console.domU.mfn));
	ring_port = start_info->console.domU.evtchn;
	use_console_io = mode && !strcmp(mode, "both");
}

static void ring_write(const char *s, size_t len)
{
	struct evtchn_send send = { .port = ring_port };
	unsigned int spins = 0;

	while (len) {
		XENCONS_RING_IDX cons = console_ring->out_cons,
				 prod = console_ring->out_prod;

		/* Read the consumer index before reusing the slots it freed. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (prod - cons >= sizeof(console_ring->out)) {
			/* Full: let the backend run, but never hang forever. */
			HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			if (++spins > 100000)
				return;
			continue;
		}
		console_ring->out[MASK_XENCONS_IDX(prod, console_ring->out)] =
			*s++;
		len--;
		/* The byte must be visible before the index that publishes it. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		console_ring->out_prod = prod + 1;
	}
	HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

void console_write(const char *s, size_t len)
{
	if (console_ring)
		ring_write(s, len);
	if (use_console_io)
		HYPERVISOR_console_io(CONSOLEIO_write, len, (char *)s);
}
