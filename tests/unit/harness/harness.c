/* SPDX-License-Identifier: MIT */
/*
 * The host side of the hypervisor's arch and console hooks for unit tests:
 * printk into a buffer tests can search, panic that jumps back into a test
 * that expected it, a fake clock and one-shot timer, and a fake RAM with its
 * frame table so the real allocators run unmodified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/lib.h>
#include <xen/mm.h> /* struct page_info for the fake RAM's frame table */
#include <xen/time.h>
#include <xen/percpu.h>
#include <xen/softirq.h>
#include <xen/timer.h>

#include "harness.h"

#define PRINTK_BUF_BYTES (256 * 1024)

char harness_printk_buf[PRINTK_BUF_BYTES];
size_t harness_printk_len;
static bool printk_echo;

jmp_buf *harness_panic_jmp;
char harness_panic_msg[512];

int64_t harness_now;
int64_t harness_last_deadline;
unsigned long harness_reprogram_calls;

unsigned int harness_cpu;
u64 cpu_khz = 1000000;

char *harness_ram;
unsigned long harness_ram_bytes;
struct page_info *harness_frames;

void harness_printk_reset(void)
{
	harness_printk_len = 0;
	harness_printk_buf[0] = '\0';
}

bool harness_printk_contains(const char *needle)
{
	return strstr(harness_printk_buf, needle) != NULL;
}

void vprintk(const char *fmt, va_list args)
{
	size_t room = PRINTK_BUF_BYTES - harness_printk_len;
	va_list copy;
	int n;

	va_copy(copy, args);
	n = vsnprintf(harness_printk_buf + harness_printk_len, room, fmt, copy);
	va_end(copy);
	if (n > 0)
		harness_printk_len += (size_t)n < room ? (size_t)n : room - 1;
	if (printk_echo)
		vfprintf(stderr, fmt, args);
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
	va_list args;

	va_start(args, fmt);
	vsnprintf(harness_panic_msg, sizeof(harness_panic_msg), fmt, args);
	va_end(args);
	if (harness_panic_jmp) {
		jmp_buf *jb = harness_panic_jmp;

		harness_panic_jmp = NULL;
		longjmp(*jb, 1);
	}
	fprintf(stderr, "unexpected panic: %s\n", harness_panic_msg);
	abort();
}

s_time_t NOW(void)
{
	return harness_now;
}

int reprogram_timer(s_time_t deadline)
{
	harness_last_deadline = deadline;
	harness_reprogram_calls++;
	return 1;
}

/* Softirqs: handlers recorded, raises counted per CPU, run on request. */
static softirq_handler softirq_handlers[NR_SOFTIRQS];
static unsigned long softirq_raised[NR_CPUS][NR_SOFTIRQS];

void open_softirq(unsigned int nr, softirq_handler handler)
{
	softirq_handlers[nr] = handler;
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	softirq_raised[cpu][nr]++;
}

void raise_softirq(unsigned int nr)
{
	softirq_raised[harness_cpu][nr]++;
}

unsigned long harness_softirq_count(unsigned int cpu, unsigned int nr)
{
	return softirq_raised[cpu][nr];
}

void harness_run_softirq(unsigned int cpu, unsigned int nr)
{
	unsigned int saved = harness_cpu;

	harness_cpu = cpu;
	if (softirq_handlers[nr])
		softirq_handlers[nr]();
	harness_cpu = saved;
}

void harness_init(void)
{
	printk_echo = getenv("UNIT_ECHO_PRINTK") != NULL;
	harness_ram_bytes = HARNESS_RAM_BYTES;
	/* Aligned like real RAM so "physical" alignment tests mean something. */
	harness_ram = aligned_alloc(2UL << 20, harness_ram_bytes);
	harness_frames = calloc(harness_ram_bytes >> PAGE_SHIFT,
				sizeof(*harness_frames));
	if (!harness_ram || !harness_frames) {
		fprintf(stderr, "harness: out of memory\n");
		exit(2);
	}
	memset(harness_ram, 0xa5, harness_ram_bytes);
	harness_printk_reset();
}
