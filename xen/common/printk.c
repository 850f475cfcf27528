/* SPDX-License-Identifier: MIT */
/*
 * printk and panic. A message may begin with a XENLOG_* level; messages
 * above the threshold set by loglvl= are dropped. Output goes to the serial
 * line and to a ring buffer; console_lock keeps each message whole when
 * several CPUs print. panic() never returns and never hangs: the first CPU
 * to panic stops the others (NMI), breaks the console lock if it must,
 * prints, and ends the machine with the panic status.
 */
#include <xen/cmdline.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/serial.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>

#define LOG_ERR 0
#define LOG_WARNING 1
#define LOG_INFO 2
#define LOG_DEBUG 3

static int console_loglvl = LOG_INFO;

static int __init parse_loglvl(const char *s)
{
	static const char *const names[] = { "error", "warning", "info",
					     "debug" };
	unsigned int i;

	if (!strncmp(s, "all", 3)) {
		console_loglvl = LOG_DEBUG;
		return 0;
	}
	if (!strncmp(s, "none", 4)) {
		console_loglvl = -1;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		size_t n = strlen(names[i]);

		if (!strncmp(s, names[i], n) && (s[n] == '\0' || s[n] == '/')) {
			console_loglvl = i;
			return 0;
		}
	}
	if (s[0] >= '0' && s[0] <= '3' && (s[1] == '\0' || s[1] == '/')) {
		console_loglvl = s[0] - '0';
		return 0;
	}
	return -EINVAL;
}
custom_param("loglvl", parse_loglvl);

/* console_lock guards the format buffer, the ring and the serial line. */
static DEFINE_SPINLOCK(console_lock);
static bool console_unlocked_forever;

#define CONRING_SIZE 16384
static char conring[CONRING_SIZE];
static u64 conring_prod; /* bytes ever written (console_lock) */

void console_init(void)
{
	serial_init();
}

static unsigned long console_lock_take(void)
{
	unsigned long flags;

	local_irq_save(flags);
	if (!console_unlocked_forever)
		spin_lock(&console_lock);
	return flags;
}

static void console_lock_drop(unsigned long flags)
{
	if (!console_unlocked_forever)
		spin_unlock(&console_lock);
	local_irq_restore(flags);
}

static void __console_write(const char *s, size_t n)
{
	size_t i;

	serial_puts(s, n);
	for (i = 0; i < n; i++)
		conring[conring_prod++ % CONRING_SIZE] = s[i];
}

void console_write(const char *s, size_t n)
{
	unsigned long flags = console_lock_take();

	__console_write(s, n);
	console_lock_drop(flags);
}

void console_force_unlock(void)
{
	console_unlocked_forever = true;
}

size_t console_ring_read(char *buf, size_t n, u64 *pos)
{
	unsigned long flags = console_lock_take();
	size_t copied = 0;

	/* Older bytes than one ring's worth are gone; start at the oldest. */
	if (conring_prod - *pos > CONRING_SIZE)
		*pos = conring_prod - CONRING_SIZE;
	while (copied < n && *pos < conring_prod)
		buf[copied++] = conring[(*pos)++ % CONRING_SIZE];
	console_lock_drop(flags);
	return copied;
}

static int message_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] == '<' && f[1] >= '0' && f[1] <= '3' && f[2] == '>') {
		*fmt = f + 3;
		return f[1] - '0';
	}
	return LOG_INFO;
}

void vprintk(const char *fmt, va_list args)
{
	static char buf[1024]; /* console_lock */
	int level = message_level(&fmt);
	unsigned long flags;
	int n;

	if (level > console_loglvl)
		return;
	flags = console_lock_take();
	n = vscnprintf(buf, sizeof(buf), fmt, args);
	__console_write(buf, n);
	console_lock_drop(flags);
}

void printk(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}

void panic(const char *fmt, ...)
{
	static int panic_cpu = -1; /* the first CPU to panic owns the end */
	static char buf[512];
	int me = smp_processor_id(), first = -1;
	va_list args;

	__asm__ __volatile__("cli");
	if (!__atomic_compare_exchange_n(&panic_cpu, &first, me, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		if (first == me) {
			/* Panicking while panicking: say it raw and stop. */
			serial_puts("\nXenolith: recursive panic\n", 27);
			machine_exit(EXIT_PANIC);
		}
		/* Another CPU is panicking and will stop us: wait for it. */
		for (;;)
			__asm__ __volatile__("hlt");
	}
	/* Nothing else runs or prints from here on. */
	smp_stop_other_cpus();
	console_force_unlock();
	console_loglvl = LOG_DEBUG;

	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(XENLOG_ERR "\n****************************************\n");
	printk(XENLOG_ERR "Xenolith PANIC: %s\n", buf);
	printk(XENLOG_ERR "****************************************\n");
	machine_exit(EXIT_PANIC);
}
