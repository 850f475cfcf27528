/* SPDX-License-Identifier: MIT */
/*
 * Two domains bounce a counter over interdomain event channels; on
 * request only (the evtchn-pingpong scenario, and the event round-trip
 * benchmark).
 *
 *   pingpong  pp=BASE,N,COUNT: values 1..COUNT alternate between the two
 *             domains (lead=1 sends the odd ones, the other the even
 *             ones); value v travels on port BASE + v % N, the N channels
 *             connecting the same port numbers on both sides. An event
 *             carries only "this port", so the port is the value's low
 *             bits: each side checks that every value arrives on the
 *             port it must, exactly once and in order (a lost event shows
 *             as a timeout, a duplicate or reordered one as a wrong or
 *             extra port), and that nothing more arrives at the end.
 *   bench_evtchn_rtt  pp=BASE,N,COUNT as well: the lead times COUNT round
 *             trips on port BASE and prints the median and 99th
 *             percentile (bench: lines); the other side echoes.
 *
 * Both wait with events masked in SCHEDOP_poll on all N ports, so every
 * bounce blocks one domain and wakes the other.
 */
#include "pvkern.h"
#include "hypercall.h"

#define FIRST_WAIT (30000 * MSEC)
#define WAIT (2000 * MSEC)
#define MAX_PORTS 8
#define RTT_SAMPLES 4096

static evtchn_port_t ports[MAX_PORTS];
static unsigned int nr_ports;

static const char *read_args(unsigned long *count)
{
	unsigned long a[3];
	unsigned int i;

	if (cmdline_ulongs("pp", a, 3) != 3 || !a[1] || a[1] > MAX_PORTS ||
	    !a[2])
		return fail("needs pp=BASE,N,COUNT (N 1-%u)", MAX_PORTS);
	nr_ports = a[1];
	for (i = 0; i < nr_ports; i++)
		ports[i] = a[0] + i;
	*count = a[2];
	return NULL;
}

static evtchn_port_t port_of(unsigned long v)
{
	return ports[v % nr_ports];
}

/*
 * Wait for value v: exactly its port pending, nothing else. Returns NULL
 * or why not.
 */
static const char *receive(unsigned long v, uint64_t wait)
{
	uint64_t deadline = pvclock_ns() + wait;
	unsigned int i, n;
	evtchn_port_t got = 0;

	for (;;) {
		for (i = n = 0; i < nr_ports; i++) {
			if (evtchn_pending(ports[i])) {
				got = ports[i];
				n++;
			}
		}
		if (n || pvclock_ns() >= deadline)
			break;
		evtchn_poll(ports, nr_ports, deadline);
	}
	if (!n)
		return fail("value %lu lost: nothing in %lu ms", v,
			    (unsigned long)(wait / MSEC));
	if (n > 1)
		return fail("value %lu: %u ports pending at once", v, n);
	if (got != port_of(v))
		return fail("value %lu: came on port %u, expected %u", v, got,
			    port_of(v));
	evtchn_test_and_clear(got);
	return NULL;
}

static void clear_all(void)
{
	unsigned int i;

	for (i = 0; i < nr_ports; i++)
		evtchn_test_and_clear(ports[i]);
}

static const char *test_pingpong(void)
{
	bool lead = cmdline_ulong("lead", 0);
	unsigned long count, v, seen = 0;
	uint64_t t0, took;
	const char *why;
	long rc;

	if ((why = read_args(&count)))
		return why;
	t0 = pvclock_ns();
	/* The lead sends the odd values, the other side the even ones. */
	for (v = 1; v <= count; v++) {
		bool mine = (v & 1) == lead;

		if (mine) {
			rc = evtchn_send(port_of(v));
			if (rc)
				return fail("sending %lu on port %u: %ld", v,
					    port_of(v), rc);
			continue;
		}
		why = receive(v, v <= 2 ? FIRST_WAIT : WAIT);
		if (why)
			return why;
		seen++;
	}
	took = pvclock_ns() - t0;
	/* Nothing after the last value: no duplicates. */
	if (evtchn_poll(ports, nr_ports, pvclock_ns() + 50 * MSEC) == 0) {
		unsigned int i;

		for (i = 0; i < nr_ports; i++)
			if (evtchn_pending(ports[i]))
				return fail("port %u pending after the last "
					    "value",
					    ports[i]);
	}
	printk("pvkern: pingpong: %lu values, %lu received in order, last %lu, %lu us per bounce\n",
	       count, seen, count, (unsigned long)(took / count / 1000));
	return NULL;
}
DEFINE_REQUEST_TEST(95, "pingpong", test_pingpong);

static uint64_t rtt[RTT_SAMPLES];

static void sort(uint64_t *a, unsigned int n)
{
	unsigned int i, j;

	/* Shell sort: small, and fine for a few thousand samples. */
	for (unsigned int gap = n / 2; gap; gap /= 2)
		for (i = gap; i < n; i++)
			for (j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
				uint64_t t = a[j];

				a[j] = a[j - gap];
				a[j - gap] = t;
			}
}

static const char *test_bench_evtchn_rtt(void)
{
	bool lead = cmdline_ulong("lead", 0);
	unsigned long count, i;
	evtchn_port_t p;
	const char *why;

	if ((why = read_args(&count)))
		return why;
	p = ports[0];
	nr_ports = 1;
	if (count > RTT_SAMPLES)
		count = RTT_SAMPLES;
	if (!lead) {
		for (i = 0; i < count; i++) {
			if ((why = receive(0, i ? WAIT : FIRST_WAIT)))
				return why;
			evtchn_send(p);
		}
		return NULL;
	}
	clear_all();
	for (i = 0; i < count; i++) {
		uint64_t t0 = pvclock_ns();

		evtchn_send(p);
		if ((why = receive(0, i ? WAIT : FIRST_WAIT)))
			return why;
		rtt[i] = pvclock_ns() - t0;
	}
	/* The first few include the other side starting up. */
	sort(rtt + 8, count - 8);
	bench_report("evtchn_rtt_median", rtt[8 + (count - 8) / 2], "ns");
	bench_report("evtchn_rtt_p99", rtt[8 + (count - 8) * 99 / 100], "ns");
	return NULL;
}
DEFINE_REQUEST_TEST(96, "bench_evtchn_rtt", test_bench_evtchn_rtt);
