/* SPDX-License-Identifier: MIT */
/*
 * No data crosses domains through freed memory (scenario scrub). Two
 * domains, one event channel between them (scrub=PORT, the local port the
 * module strings connected):
 *
 *   scrub_take (domain 0)   gives back 8192 of its own pages to make room,
 *                           says "ready";
 *   scrub_give (a domU)     fills all its free memory with a pattern, gives
 *                           4096 of those pages back, lists the frames
 *                           ("scrub: gave MFN+N"), says "done", waits;
 *   scrub_take              takes 4096 pages back (populate_physmap): the
 *                           freshest frames in the heap, the ones just
 *                           given; lists them ("scrub: took MFN+N") and
 *                           counts any data found; says "finished";
 *   scrub_give              powers off: the rest of its pattern-filled
 *                           memory goes back as the domain is destroyed;
 *   scrub_take              on VIRQ_DOM_EXC takes 4096 more and checks
 *                           them the same way.
 *
 * The scenario checks that the frames taken overlap the frames given, and
 * that not one qword of the pattern (nor any other data) was seen.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/memory.h>

#define PATTERN 0x5c5c5c5c5c5c5c5cULL
#define ROUND 4096
#define WAIT_NS (30000 * MSEC)
#define MAX_RUN_LINES 32

static bool wait_port(evtchn_port_t port, uint64_t ns)
{
	uint64_t deadline = pvclock_ns() + ns;

	while (!evtchn_pending(port) && pvclock_ns() < deadline)
		evtchn_poll(&port, 1, deadline);
	return evtchn_test_and_clear(port);
}

/* "scrub: <what> MFN+N" for each run of consecutive frames. */
static void print_runs(const char *what, unsigned long pfn, unsigned long n)
{
	unsigned long i = 0, lines = 0;

	while (i < n && lines < MAX_RUN_LINES) {
		unsigned long start = pfn_to_mfn(pfn + i), len = 1;

		while (i + len < n && pfn_to_mfn(pfn + i + len) == start + len)
			len++;
		printk("pvkern: scrub: %s %#lx+%lu\n", what, start, len);
		i += len;
		lines++;
	}
	if (i < n)
		printk("pvkern: scrub: %s ... (%lu more frames)\n", what,
		       n - i);
}

static evtchn_port_t scrub_port(void)
{
	unsigned long port;

	return cmdline_ulongs("scrub", &port, 1) == 1 ? port : 0;
}

static const char *test_scrub_give(void)
{
	evtchn_port_t port = scrub_port();
	unsigned long avail, pfn, i;
	long rc;

	if (!port)
		return fail("needs scrub=PORT");
	if (!wait_port(port, WAIT_NS))
		return fail("the taker never said ready");
	/* Everything we do not use, full of the pattern. */
	avail = free_pfn_count();
	if (avail < ROUND + 64)
		return fail("only %lu free pages", avail);
	avail -= 64;
	pfn = alloc_pfn_range(avail);
	for (i = 0; i < avail; i++) {
		uint64_t *p = pfn_to_virt(pfn + i);
		unsigned int j;

		for (j = 0; j < PAGE_SIZE / 8; j++)
			p[j] = PATTERN;
	}
	print_runs("filled", pfn, avail);
	print_runs("gave", pfn, ROUND);
	rc = balloon_out(pfn, ROUND);
	if (rc != ROUND)
		return fail("giving back %u pages did %ld", ROUND, rc);
	info("pvkern: scrub: %lu pages of the pattern, %u given back\n", avail,
	     ROUND);
	evtchn_send(port);
	/* Keep the rest until the taker has looked. */
	if (!wait_port(port, WAIT_NS))
		return fail("the taker never finished");
	return NULL;
}
DEFINE_REQUEST_TEST(96, "scrub_give", test_scrub_give);

/* Populate [pfn, pfn + ROUND) again and look at every qword. */
static const char *take_round(const char *what, unsigned long pfn)
{
	unsigned long i, dirty = 0, pattern = 0;
	long rc = balloon_in(pfn, ROUND);

	if (rc != ROUND)
		return fail("taking %u pages back did %ld", ROUND, rc);
	print_runs(what, pfn, ROUND);
	for (i = 0; i < ROUND; i++) {
		const uint64_t *p = pfn_to_virt(pfn + i);
		unsigned int j;
		bool seen = false;

		for (j = 0; j < PAGE_SIZE / 8; j++) {
			pattern += p[j] == PATTERN;
			seen |= p[j] != 0;
		}
		dirty += seen;
	}
	printk("pvkern: scrub: %s %u frames: %lu with data, %lu qwords of "
	       "the pattern\n",
	       what, ROUND, dirty, pattern);
	return dirty ? fail("%lu frames came with data", dirty) : NULL;
}

static const char *test_scrub_take(void)
{
	struct evtchn_bind_virq bv = { .virq = VIRQ_DOM_EXC };
	evtchn_port_t port = scrub_port();
	unsigned long pfn = alloc_pfn_range(2 * ROUND);
	domid_t giver = 1;
	uint64_t deadline;
	const char *why;
	long rc;

	if (!port)
		return fail("needs scrub=PORT");
	if (!is_dom0())
		return fail("run it in domain 0");
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
	if (rc)
		return fail("binding VIRQ_DOM_EXC: %ld", rc);
	/* Room for two rounds. */
	rc = balloon_out(pfn, ROUND);
	if (rc == ROUND)
		rc = balloon_out(pfn + ROUND, ROUND);
	if (rc != ROUND)
		return fail("making room: %ld", rc);
	evtchn_send(port);
	if (!wait_port(port, WAIT_NS))
		return fail("the giver never said done");
	why = take_round("took", pfn);
	evtchn_send(port);
	if (why)
		return why;
	/* The giver's destruction frees the rest of its memory. */
	if (!wait_port(bv.port, WAIT_NS))
		return fail("no VIRQ_DOM_EXC from the giver");
	deadline = pvclock_ns() + WAIT_NS;
	while (HYPERVISOR_memory_op(XENMEM_current_reservation, &giver) >= 0 &&
	       pvclock_ns() < deadline)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	if (HYPERVISOR_memory_op(XENMEM_current_reservation, &giver) >= 0)
		return fail("domain %u was never destroyed", giver);
	return take_round("took after destruction", pfn + ROUND);
}
DEFINE_REQUEST_TEST(96, "scrub_take", test_scrub_take);
