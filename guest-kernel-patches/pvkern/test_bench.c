/* SPDX-License-Identifier: MIT */
/*
 * Benchmarks of the scheduler's and the PV core's fast paths (make bench),
 * figures only, on request:
 *
 *   bench_core           the null hypercall (xen_version), and a system
 *                        call from guest user mode bounced to the guest
 *                        kernel and back (syscall, the hypervisor, our
 *                        callback, iret), per round trip. Runs on Xen too.
 *   bench_domain_switch  two domains on one CPU yield to each other
 *                        (sync=PORT, lead=1 on one side): the time per
 *                        switch from one domain to the other, a yield
 *                        hypercall included.
 *
 * (bench_tag=SUFFIX on the command line names another machine shape.)
 */
#include "pvkern.h"
#include "hypercall.h"
#include "user/usys.h"

#include <public/version.h>

#define HYPERCALL_ROUNDS 100000
#define SWITCH_ROUNDS 20000

static const char *bench_core(void)
{
	uint64_t t0, ns;
	unsigned long i;
	long rc;

	t0 = pvclock_ns();
	for (i = 0; i < HYPERCALL_ROUNDS; i++)
		HYPERVISOR_xen_version(XENVER_version, NULL);
	ns = pvclock_ns() - t0;
	bench_report("null_hypercall", ns / HYPERCALL_ROUNDS, "ns");

	if (!mm_ready())
		return fail("needs our page tables for user mode");
	t0 = pvclock_ns();
	rc = run_user(UTEST_SYSCALL_LOOP);
	ns = pvclock_ns() - t0;
	if (rc)
		return fail("the user program's syscall loop said %ld", rc);
	bench_report("user_syscall_bounce", ns / UTEST_SYSCALL_ROUNDS, "ns");
	return NULL;
}
DEFINE_REQUEST_TEST(93, "bench_core", bench_core);

/* Meet the other domain on port: the lead waits first, then answers. */
static bool meet(evtchn_port_t port, bool lead)
{
	uint64_t deadline = pvclock_ns() + 30000 * MSEC;

	if (!lead)
		evtchn_send(port);
	while (!evtchn_pending(port) && pvclock_ns() < deadline)
		evtchn_poll(&port, 1, deadline);
	if (!evtchn_test_and_clear(port))
		return false;
	if (lead)
		evtchn_send(port);
	return true;
}

static const char *bench_domain_switch(void)
{
	evtchn_port_t port = cmdline_ulong("sync", 0);
	bool lead = cmdline_ulong("lead", 0);
	uint64_t t0, ns;
	unsigned long i;

	if (!port)
		return fail("needs sync=PORT");
	if (!meet(port, lead))
		return fail("the other domain never came (port %u)", port);
	t0 = pvclock_ns();
	for (i = 0; i < SWITCH_ROUNDS; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	ns = pvclock_ns() - t0;
	/* Each of our yields lets the other domain run and yield back. */
	if (lead)
		bench_report("domain_switch", ns / (2 * SWITCH_ROUNDS), "ns");
	/* Stay out of the other's way until it is done too. */
	meet(port, lead);
	return NULL;
}
DEFINE_REQUEST_TEST(94, "bench_domain_switch", bench_domain_switch);
