/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own console backend (pv-boot-abi.md §2.12, io-abi.md
 * §4): until a dom0 console daemon exists, the console ring of every
 * unprivileged boot domain is read by the hypervisor. The domain writes
 * out[] and sends on its console port; the send lands here (the port's
 * hypervisor end, event_channel.c), we copy what is between out_cons and
 * out_prod to the console as "(dN) " lines, exactly as console_io output,
 * advance out_cons and notify the port back, as a backend would.
 *
 * The ring page stays the guest's: we hold a writable type reference on it
 * so it can never become a page table while we write out_cons, and drop it
 * before the domain's memory goes. The indexes are the guest's to write, so
 * nothing is trusted: at most one ring's worth is copied per send.
 *
 * Input goes the other way only for domain 0, as in Xen: once it binds
 * VIRQ_CONSOLE, the serial line is watched (polled: the UART's interrupt
 * is not used) and the VIRQ raised while a byte waits; domain 0 takes it
 * with CONSOLEIO_read.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/serial.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/page.h>
#include <asm/pv-mm.h>
#include <public/io/console.h>

int console_backend_init(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;
	int rc, port;

	spin_lock(&d->mm_lock);
	pg = domain_page(d, mfn);
	rc = pg ? get_page_and_type(pg, d, PGT_writable_page) : -EINVAL;
	spin_unlock(&d->mm_lock);
	if (rc)
		return rc;
	port = evtchn_alloc_console_port(d);
	if (port < 0) {
		spin_lock(&d->mm_lock);
		put_page_and_type(pg);
		spin_unlock(&d->mm_lock);
		return port;
	}
	d->console_ring_mfn = mfn;
	d->console_port = port;
	return port;
}

void console_backend_destroy(struct domain *d)
{
	if (!d->console_ring_mfn)
		return;
	spin_lock(&d->mm_lock);
	put_page_and_type(mfn_to_page(d->console_ring_mfn));
	spin_unlock(&d->mm_lock);
	d->console_ring_mfn = 0;
}

void console_backend_notify(struct domain *d, evtchn_port_t port)
{
	struct xencons_interface *intf;
	XENCONS_RING_IDX cons, prod;
	unsigned int left = sizeof(intf->out);
	char buf[128];

	if (!d->console_ring_mfn || port != d->console_port)
		return;
	intf = mfn_to_virt(d->console_ring_mfn);
	spin_lock(&d->conring_lock);
	cons = READ_ONCE(intf->out_cons);
	prod = READ_ONCE(intf->out_prod);
	/* The bytes are read after the index that published them. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (prod - cons > sizeof(intf->out))
		cons = prod - sizeof(intf->out); /* nonsense: the last ring */
	while (cons != prod && left) {
		unsigned int n = 0;

		while (cons != prod && n < sizeof(buf) && left) {
			buf[n++] = intf->out[MASK_XENCONS_IDX(cons, intf->out)];
			cons++;
			left--;
		}
		console_guest_put(d, buf, n);
	}
	/* The slots are free again once the new index is visible. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	WRITE_ONCE(intf->out_cons, cons);
	spin_unlock(&d->conring_lock);
	evtchn_notify_xen_port(d, port);
}

#define INPUT_POLL MILLISECS(20)

static struct timer input_timer;
static bool input_watched; /* atomic: the timer was set up */

static void input_poll(void *unused)
{
	if (serial_rx_ready())
		send_global_virq(VIRQ_CONSOLE);
	set_timer(&input_timer, NOW() + INPUT_POLL);
}

void console_input_watch(void)
{
	if (__atomic_exchange_n(&input_watched, true, __ATOMIC_SEQ_CST))
		return;
	init_timer(&input_timer, input_poll, NULL, smp_processor_id());
	set_timer(&input_timer, NOW() + INPUT_POLL);
}
