/* SPDX-License-Identifier: MIT */
/*
 * console_io (pv-boot-abi.md §4.3.16). Every domain may write: its text is
 * cut into lines, each printed on the hypervisor console as "(dN) line",
 * with control characters other than tab dropped, and a per-domain rate
 * limit so a chatty guest cannot drown the console or stall the CPU.
 * Reading returns what arrived on the serial line (the hypervisor
 * console's input) and is for the privileged domain only, as in Xen.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/serial.h>
#include <xen/time.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <public/xen.h>

#define CONIO_CHUNK 128
#define CONIO_WINDOW SECONDS(1)
/* Bytes per window before output is dropped (control domain: generous). */
#define CONIO_LIMIT_PRIV (1UL << 20)
#define CONIO_LIMIT_USER (32UL << 10)

/* Called with d->conio_lock held. */
static void conio_flush_line(struct domain *d)
{
	d->conio_buf[d->conio_len] = '\0';
	printk("(d%u) %s\n", d->domain_id, d->conio_buf);
	d->conio_len = 0;
}

/* Called with d->conio_lock held: may this many bytes go out now? */
static bool conio_allowed(struct domain *d, unsigned long n)
{
	unsigned long limit = d->is_privileged ? CONIO_LIMIT_PRIV :
						 CONIO_LIMIT_USER;
	s_time_t now = NOW();

	if (now - d->conio_window_start >= CONIO_WINDOW) {
		if (d->conio_suppressed)
			printk("(d%u) [%lu bytes of console output dropped]\n",
			       d->domain_id, d->conio_window_bytes - limit);
		d->conio_window_start = now;
		d->conio_window_bytes = 0;
		d->conio_suppressed = false;
	}
	d->conio_window_bytes += n;
	if (d->conio_window_bytes <= limit)
		return true;
	d->conio_suppressed = true;
	return false;
}

void console_guest_put(struct domain *d, const char *s, unsigned int n)
{
	unsigned int i;

	spin_lock(&d->conio_lock);
	if (!conio_allowed(d, n)) {
		spin_unlock(&d->conio_lock);
		return;
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			conio_flush_line(d);
			continue;
		}
		if (c == '\r' || ((c < 32 || c == 127) && c != '\t'))
			continue;
		d->conio_buf[d->conio_len++] = c;
		if (d->conio_len == sizeof(d->conio_buf) - 1)
			conio_flush_line(d);
	}
	spin_unlock(&d->conio_lock);
}

static long conio_write(const char *buf, unsigned int count)
{
	struct domain *d = current->domain;
	char chunk[CONIO_CHUNK];

	while (count) {
		unsigned int n = min(count, (unsigned int)CONIO_CHUNK);

		if (copy_from_guest(chunk, buf, n))
			return -EFAULT;
		console_guest_put(d, chunk, n);
		buf += n;
		count -= n;
	}
	return 0;
}

static long conio_read(char *buf, unsigned int count)
{
	char chunk[CONIO_CHUNK];
	unsigned int done = 0, n = 0;
	int c;

	if (count > 0x7fffffffU)
		return -E2BIG;
	while (done + n < count && (c = serial_getc()) >= 0) {
		chunk[n++] = c;
		if (n == sizeof(chunk)) {
			if (copy_to_guest(buf + done, chunk, n))
				return -EFAULT;
			done += n;
			n = 0;
		}
	}
	if (n && copy_to_guest(buf + done, chunk, n))
		return -EFAULT;
	return done + n;
}

long do_console_io(unsigned int cmd, unsigned int count, char *buffer)
{
	switch (cmd) {
	case CONSOLEIO_write:
		return conio_write(buffer, count);
	case CONSOLEIO_read:
		if (!current->domain->is_privileged)
			return -EPERM;
		return conio_read(buffer, count);
	default:
		return -ENOSYS;
	}
}
