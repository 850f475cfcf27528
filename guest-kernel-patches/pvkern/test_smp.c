/* SPDX-License-Identifier: MIT */
/*
 * SMP the way Linux does it on a PV hypervisor (pv-boot-abi.md §3.6,
 * §4.3.20, §7):
 *  - vcpu_context_checks: VCPUOP_initialise refuses each flaw Xen's
 *    arch_set_info_guest refuses, and keeps no reference it took;
 *  - secondary_vcpu: describe vCPU 1's whole state in a vcpu_guest_context
 *    (VCPUOP_initialise), start it (VCPUOP_up), let it run our kernel code
 *    on our page tables, and have it take itself down (VCPUOP_down);
 *  - smp_ipi: IPIs both ways through ports bound with EVTCHNOP_bind_ipi,
 *    each delivered by an upcall on the vCPU it names, a hundred round
 *    trips; vCPU 0 may not move running vCPU 1's vcpu_info; vCPU 1 taken
 *    down by vCPU 0 stops, and resumes when brought up again, answering
 *    the IPI that waited for it;
 *  - smp_tlb: vCPU 1 keeps reading an address while vCPU 0 remaps it and
 *    shoots down vCPU 1's TLB in every way a PV guest can;
 *  - smp_concurrent: both vCPUs run work at the same time: a lock-step
 *    exchange that only moves when both run at once, and their runstates
 *    show neither waited for a CPU meanwhile (needs two CPUs).
 * After its first start vCPU 1 serves commands in ap_loop(), blocked with
 * events on between them; vCPU 0 posts a command and sends it an IPI.
 * With one vCPU the tests only check that the calls are refused.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/vcpu.h>
#include <public/version.h>

#define NS_PER_SEC 1000000000ULL
#define WAIT_NS (5 * NS_PER_SEC) /* generous: TCG on a loaded host */
#define PING_ROUNDS 100
#define LOCKSTEP_ROUNDS 1000

static struct vcpu_guest_context ctxt;
static volatile unsigned long ap_runs, ap_rsp;
static volatile long ap_version;
static bool ap_initialised;
static volatile bool ap_down_first; /* secondary_vcpu: down at once */

/* Commands for vCPU 1's loop, posted by vCPU 0 before an IPI. */
enum { AP_NONE, AP_LOCKSTEP, AP_DOWN, AP_TLB, AP_SPIN_ECHO };
static volatile unsigned int ap_cmd;
static volatile unsigned long ap_loops, ap_lockstep_done;

/* ipi_to[n] notifies vCPU n; what each vCPU's handler saw. */
static evtchn_port_t ipi_to[2];
static volatile unsigned long ipis_seen[2], ipis_misrouted;
static volatile bool ap_pong; /* vCPU 1 answers every IPI */

/*
 * smp_tlb: vCPU 1 spins (never leaving its CPU, so its TLB keeps what it
 * cached) and reads tlb_va each time tlb_req moves, into tlb_val.
 */
static volatile unsigned long tlb_req, tlb_ack, tlb_val;
static volatile uint64_t *volatile tlb_va;
static volatile bool tlb_stop;

/*
 * The lock-step exchange: vCPU 1 says it is ready and waits for go, so the
 * measured stretch starts with both running; the round each vCPU reached,
 * and its work.
 */
static volatile bool lockstep_ready, lockstep_go;
static volatile unsigned long step[2], work[2];
static volatile bool stalled[2];

static void ipi_handler(evtchn_port_t port)
{
	unsigned int me = smp_vcpu_id();

	if (port != ipi_to[me]) {
		ipis_misrouted++;
		return;
	}
	ipis_seen[me]++;
	if (me == 1 && ap_pong)
		evtchn_send(ipi_to[0]);
}

/*
 * Both vCPUs step through the rounds together: neither starts round r+1
 * before the other finished r, so on one CPU every round would wait for
 * a time slice. Each round does a little arithmetic (the "work").
 */
static void lockstep(unsigned int me)
{
	/* Running side by side it takes milliseconds; one CPU, seconds. */
	uint64_t give_up = pvclock_ns() + WAIT_NS;
	unsigned long r, sum = 0;

	for (r = 1; r <= LOCKSTEP_ROUNDS; r++) {
		sum += r * r + me;
		__atomic_store_n(&step[me], r, __ATOMIC_SEQ_CST);
		while (__atomic_load_n(&step[!me], __ATOMIC_SEQ_CST) < r) {
			if (pvclock_ns() > give_up) {
				stalled[me] = true;
				return;
			}
			__builtin_ia32_pause();
		}
	}
	work[me] = sum;
}

static unsigned long lockstep_expected(unsigned int me)
{
	unsigned long r, sum = 0;

	for (r = 1; r <= LOCKSTEP_ROUNDS; r++)
		sum += r * r + me;
	return sum;
}

/*
 * bench_smp_ipi, spinning: vCPU 1 with events masked watches its port's
 * pending bit and answers each IPI at once, echo_count times.
 */
static volatile unsigned long echo_count;

static void spin_echo(void)
{
	unsigned long i;

	local_events_disable();
	for (i = 0; i < echo_count; i++) {
		uint64_t give_up = pvclock_ns() + WAIT_NS;

		while (!evtchn_test_and_clear(ipi_to[1]))
			if (pvclock_ns() > give_up)
				return;
		evtchn_send(ipi_to[0]);
	}
}

/* vCPU 1 between commands: blocked with events on, woken by IPIs. */
static __noreturn void ap_loop(void)
{
	for (;;) {
		unsigned int cmd =
			__atomic_exchange_n(&ap_cmd, AP_NONE, __ATOMIC_SEQ_CST);

		ap_loops++;
		if (cmd == AP_LOCKSTEP) {
			uint64_t give_up = pvclock_ns() + WAIT_NS;

			lockstep_ready = true;
			while (!lockstep_go && pvclock_ns() < give_up)
				__builtin_ia32_pause();
			lockstep(1);
			__atomic_store_n(&ap_lockstep_done, 1,
					 __ATOMIC_SEQ_CST);
		} else if (cmd == AP_TLB) {
			while (!tlb_stop) {
				unsigned long req = tlb_req;

				if (req != tlb_ack) {
					tlb_val = *tlb_va;
					__atomic_store_n(&tlb_ack, req,
							 __ATOMIC_SEQ_CST);
				}
				__builtin_ia32_pause();
			}
		} else if (cmd == AP_SPIN_ECHO) {
			spin_echo();
		} else if (cmd == AP_DOWN) {
			HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
		} else {
			/* Returns at once if an upcall is already pending. */
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		}
	}
}

void secondary_main(void);
void secondary_main(void)
{
	unsigned long rsp;

	__asm__ __volatile__("mov %%rsp, %0" : "=r"(rsp));
	ap_rsp = rsp;
	/* A hypercall from the new vCPU, and proof it ran our code. */
	ap_version = HYPERVISOR_xen_version(XENVER_version, NULL);
	__atomic_fetch_add(&ap_runs, 1, __ATOMIC_SEQ_CST);
	if (ap_down_first)
		HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
	/* Up again: serve commands from now on. */
	ap_loop();
}

/* The new vCPU starts here, on smp_stack; no return address above it. */
__asm__(".pushsection .text\n"
	"secondary_entry:\n"
	"	call secondary_main\n"
	"	ud2\n"
	".popsection");
extern char secondary_entry[];

static void fill_context(struct vcpu_guest_context *c)
{
	unsigned long top = (unsigned long)smp_stack + sizeof(smp_stack);
	const trap_info_t *t;

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = (unsigned long)secondary_entry;
	c->user_regs.rsp = top;
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.rflags = 0x200;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = top;
	c->ctrlreg[3] = xen_pfn_to_cr3(kernel_l4_mfn);
	c->event_callback_eip = (unsigned long)entry_event;
	c->failsafe_callback_eip = (unsigned long)entry_failsafe;
	c->syscall_callback_eip = (unsigned long)entry_syscall;
	for (t = trap_table; t->address; t++)
		c->trap_ctxt[t->vector] = *t;
}

static long initialise_ap(void)
{
	long rc;

	shared_info->vcpu_info[1].evtchn_upcall_mask = 1;
	fill_context(&ctxt);
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctxt);
	if (!rc)
		ap_initialised = true;
	return rc;
}

static bool two_vcpus(void)
{
	return HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL) >= 0;
}

/*
 * VCPUOP_initialise refuses a bad context with -EINVAL and changes
 * nothing, as Xen's arch_set_info_guest: each case below is a good
 * context with one thing wrong. The last has a good GDT frame but a page
 * table that is not ours: the GDT reference it took must be dropped, so
 * the frame can be made writable again afterwards.
 */
#define NONCANONICAL 0x0000800000000000UL

static const char *test_vcpu_context_checks(void)
{
	static const char *const what[] = {
		"non-canonical RIP",
		"non-canonical kernel_sp",
		"non-canonical trap handler",
		"non-canonical event callback",
		"an unaligned LDT",
		"an LDT of 8193 entries",
		"an LDT in the hypervisor's range",
		"a GDT of 7169 entries",
		"a GDT frame that is not ours",
		"a kernel page table that is not ours",
		"user mode without a user page table",
		"a good GDT frame, a page table that is not ours",
	};
	void *gdt_page = NULL;
	unsigned int i;
	long rc;

	if (!mm_ready() || !shared_info)
		return fail("needs our page tables and shared_info");
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL);
	if (rc == -XEN_ENOENT) {
		info("pvkern: one vCPU, context checks not exercised\n");
		return NULL;
	}
	if (ap_initialised)
		return fail("vCPU 1 was started before this test");
	for (i = 0; i < ARRAY_SIZE(what); i++) {
		fill_context(&ctxt);
		switch (i) {
		case 0:
			ctxt.user_regs.rip = NONCANONICAL;
			break;
		case 1:
			ctxt.kernel_sp = NONCANONICAL;
			break;
		case 2:
			ctxt.trap_ctxt[14].address = NONCANONICAL;
			break;
		case 3:
			ctxt.event_callback_eip = NONCANONICAL;
			break;
		case 4:
			ctxt.ldt_base = (unsigned long)smp_stack + 8;
			ctxt.ldt_ents = 1;
			break;
		case 5:
			ctxt.ldt_base = (unsigned long)smp_stack & PAGE_MASK;
			ctxt.ldt_ents = 8193;
			break;
		case 6:
			ctxt.ldt_base = HYPERVISOR_VIRT_START;
			ctxt.ldt_ents = 1;
			break;
		case 7:
			ctxt.gdt_ents = 14 * 512 + 1;
			break;
		case 8:
			ctxt.gdt_frames[0] = 0;
			ctxt.gdt_ents = 512;
			break;
		case 9:
			ctxt.ctrlreg[3] = 0;
			break;
		case 10:
			ctxt.flags = 0;
			break;
		default:
			gdt_page = alloc_page();
			rc = set_page_readonly(gdt_page, true);
			if (rc)
				return fail(
					"cannot map a GDT page read-only: %ld",
					rc);
			ctxt.gdt_frames[0] = virt_to_mfn(gdt_page);
			ctxt.gdt_ents = 512;
			ctxt.ctrlreg[3] = 0;
			break;
		}
		rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctxt);
		if (rc != -XEN_EINVAL)
			return fail("a context with %s: %ld, not -EINVAL",
				    what[i], rc);
		rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
		if (rc != -XEN_EINVAL)
			return fail("after a context with %s, VCPUOP_up: %ld",
				    what[i], rc);
	}
	rc = set_page_readonly(gdt_page, false);
	if (rc)
		return fail("the refused context kept a GDT reference: making "
			    "its frame writable returned %ld",
			    rc);
	free_page(gdt_page);
	return NULL;
}
DEFINE_TEST(81, "vcpu_context_checks", test_vcpu_context_checks);

static const char *test_secondary_vcpu(void)
{
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL), rc;
	unsigned int i;

	if (!mm_ready() || !shared_info)
		return fail("needs our page tables and shared_info");
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL);
	if (rc == -XEN_ENOENT) {
		/* One vCPU: bringing up a missing one must fail cleanly. */
		rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
		if (rc != -XEN_ENOENT)
			return fail("VCPUOP_up of a missing vCPU: %ld", rc);
		info("pvkern: one vCPU, secondary bring-up not exercised\n");
		return NULL;
	}
	if (rc != 0)
		return fail("vCPU 1 is_up %ld before we started it", rc);
	if (ap_initialised)
		return fail("vCPU 1 was started before this test");
	/* Not initialised yet: up must be refused. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
	if (rc != -XEN_EINVAL)
		return fail("VCPUOP_up before VCPUOP_initialise: %ld", rc);

	ap_down_first = true;
	rc = initialise_ap();
	if (rc)
		return fail("VCPUOP_initialise returned %ld", rc);
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
	if (rc)
		return fail("VCPUOP_up returned %ld", rc);
	for (i = 0;
	     i < 100000 &&
	     !(ap_runs && HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL) == 0);
	     i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	ap_down_first = false;
	if (ap_runs != 1)
		return fail("vCPU 1 ran our code %lu times", ap_runs);
	if (ap_version != ver)
		return fail("xen_version on vCPU 1: %#lx", ap_version);
	if (ap_rsp < (unsigned long)smp_stack ||
	    ap_rsp >= (unsigned long)smp_stack + sizeof(smp_stack))
		return fail("vCPU 1 ran on stack %#lx", ap_rsp);
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL);
	if (rc != 0)
		return fail("vCPU 1 is_up %ld after VCPUOP_down", rc);
	/* A context is set once; a second one is refused. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctxt);
	if (rc != -XEN_EEXIST)
		return fail("a second VCPUOP_initialise returned %ld", rc);
	return NULL;
}
DEFINE_TEST(82, "secondary_vcpu", test_secondary_vcpu);

/* Deliver what is pending to vCPU 0, then wait (events masked) a bit. */
static void wait_a_little(evtchn_port_t port, uint64_t ns)
{
	local_events_enable();
	local_events_disable();
	evtchn_poll(&port, 1, pvclock_ns() + ns);
	local_events_enable();
	local_events_disable();
}

/* Wait until vCPU 0 has seen n IPIs; false after WAIT_NS. */
static bool wait_ipis(unsigned long n)
{
	uint64_t give_up = pvclock_ns() + WAIT_NS;

	while (ipis_seen[0] < n && pvclock_ns() < give_up)
		wait_a_little(ipi_to[0], 10000000);
	return ipis_seen[0] >= n;
}

static long bind_ipi(unsigned int vcpu_id, evtchn_port_t *port)
{
	struct evtchn_bind_ipi bind = { .vcpu = vcpu_id };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);

	if (rc)
		return rc;
	*port = bind.port;
	evtchn_set_vcpu(bind.port, vcpu_id);
	evtchn_bind_handler(bind.port, ipi_handler);
	evtchn_unmask(bind.port);
	return 0;
}

/*
 * vCPU 1 running ap_loop, with an IPI port each way: whatever the earlier
 * tests left (or nothing, when run alone).
 */
static const char *smp_setup(void)
{
	long rc;

	if (!mm_ready() || !shared_info)
		return fail("needs our page tables and shared_info");
	if (!ipi_to[0] &&
	    ((rc = bind_ipi(0, &ipi_to[0])) || (rc = bind_ipi(1, &ipi_to[1]))))
		return fail("EVTCHNOP_bind_ipi returned %ld", rc);
	if (!ap_initialised && (rc = initialise_ap()))
		return fail("VCPUOP_initialise returned %ld", rc);
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
	if (rc)
		return fail("VCPUOP_up returned %ld", rc);
	return NULL;
}

static const char *ping_pong(unsigned int rounds)
{
	unsigned long base = ipis_seen[0], i;

	ap_pong = true;
	for (i = 1; i <= rounds; i++) {
		long rc = evtchn_send(ipi_to[1]);

		if (rc)
			return fail("EVTCHNOP_send to vCPU 1 returned %ld", rc);
		if (!wait_ipis(base + i))
			return fail(
				"round %lu: no answer from vCPU 1 (it saw %lu)",
				i, ipis_seen[1]);
	}
	return NULL;
}

static const char *test_smp_ipi(void)
{
	struct vcpu_register_vcpu_info reg = { .offset = 0 };
	struct vcpu_runstate_info rs;
	void *reg_page;
	unsigned long seen1;
	const char *why;
	uint64_t give_up;
	long rc;

	if (!two_vcpus()) {
		info("pvkern: one vCPU, IPIs between vCPUs not exercised\n");
		return NULL;
	}
	why = smp_setup();
	if (!why)
		why = ping_pong(PING_ROUNDS);
	if (why)
		return why;
	if (ipis_seen[1] < PING_ROUNDS || ipis_misrouted)
		return fail("vCPU 1 saw %lu IPIs, %lu went to the wrong vCPU",
			    ipis_seen[1], ipis_misrouted);

	/* A running vCPU's vcpu_info cannot be moved by another (Xen). */
	reg.mfn = virt_to_mfn(reg_page = alloc_page());
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 1, &reg);
	free_page(reg_page);
	if (rc != -XEN_EINVAL)
		return fail("registering running vCPU 1's vcpu_info: %ld", rc);

	/*
	 * Taken down from here: it stops where it was. Blocked, it stays
	 * "blocked" in its runstate, as on Xen; it just never runs.
	 */
	rc = HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
	if (rc)
		return fail("VCPUOP_down of vCPU 1 from vCPU 0 returned %ld",
			    rc);
	if ((rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL)) != 0)
		return fail("vCPU 1 is_up %ld after VCPUOP_down", rc);
	give_up = pvclock_ns() + WAIT_NS;
	do {
		rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &rs);
	} while (!rc && rs.state <= RUNSTATE_runnable &&
		 pvclock_ns() < give_up);
	if (rc || rs.state <= RUNSTATE_runnable)
		return fail("vCPU 1 down: rc %ld, runstate %d", rc, rs.state);

	/* An IPI to a vCPU that is down waits for it... */
	seen1 = ipis_seen[1];
	evtchn_send(ipi_to[1]);
	wait_a_little(ipi_to[0], 50000000);
	if (ipis_seen[1] != seen1)
		return fail("vCPU 1 took an IPI while it was down");
	/* ...and is answered once it is up again. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
	if (rc)
		return fail("VCPUOP_up after VCPUOP_down returned %ld", rc);
	if (!wait_ipis(ipis_seen[0] + 1))
		return fail("vCPU 1 did not answer the IPI sent while it was "
			    "down");
	return NULL;
}
DEFINE_TEST(83, "smp_ipi", test_smp_ipi);

/* What vCPU 1 reads at tlb_va now; ~0 if it does not answer. */
static unsigned long ap_read(void)
{
	unsigned long req = tlb_req + 1;
	uint64_t give_up = pvclock_ns() + WAIT_NS;

	__atomic_store_n(&tlb_req, req, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&tlb_ack, __ATOMIC_SEQ_CST) != req)
		if (pvclock_ns() > give_up)
			return ~0UL;
	return tlb_val;
}

static uint64_t pte_for(const void *page)
{
	return ((uint64_t)virt_to_mfn(page) << PAGE_SHIFT) | PTE_KERNEL_RW;
}

/* The machine address of the L1 entry that maps va, for mmu_update. */
static uint64_t pte_maddr(unsigned long va)
{
	uint64_t *pte = lookup_pte(kernel_l4, va);

	return ((uint64_t)virt_to_mfn(pte) << PAGE_SHIFT) |
	       ((unsigned long)pte & ~PAGE_MASK);
}

static long flush_vcpu1(unsigned int cmd, unsigned long va)
{
	unsigned long vcpus = 1UL << 1;
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.linear_addr = va;
	op.arg2.vcpumask.p = &vcpus;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/*
 * vCPU 1 running (not waiting for a CPU), and since when: while that time
 * stays the same it never left its CPU, so nothing but a shootdown could
 * have flushed its TLB.
 */
static bool ap_running(uint64_t *since)
{
	struct vcpu_runstate_info rs;

	if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &rs) ||
	    rs.state != RUNSTATE_running)
		return false;
	*since = rs.state_entry_time;
	return true;
}

/*
 * vCPU 1 keeps reading one address while vCPU 0 points it at another
 * frame and shoots down vCPU 1's TLB in each way a PV guest can: the
 * update_va_mapping flags (INVLPG and TLB_FLUSH, to all vCPUs or a
 * bitmap) and mmu_update followed by MMUEXT_TLB_FLUSH_MULTI or
 * INVLPG_MULTI. Each time vCPU 1 must read the new frame. The two run
 * side by side all along, or the test proves nothing: a context switch
 * flushes the TLB too (and a missing shootdown does make it fail, under
 * QEMU's TCG at least, which keeps stale entries as long as hardware may).
 */
static const char *test_smp_tlb(void)
{
	unsigned long va = FIXMAP_BASE + 20 * PAGE_SIZE, vcpus = 1UL << 1;
	static const char *const how[] = {
		"update_va_mapping UVMF_INVLPG|UVMF_ALL",
		"update_va_mapping UVMF_TLB_FLUSH|UVMF_ALL",
		"update_va_mapping UVMF_INVLPG, vCPU bitmap",
		"mmu_update + MMUEXT_TLB_FLUSH_MULTI",
		"mmu_update + MMUEXT_INVLPG_MULTI",
	};
	uint64_t *page[2], since = 0, now, give_up;
	const char *why = NULL;
	unsigned int i;
	unsigned long got;
	long rc = 0;

	if (!two_vcpus()) {
		info("pvkern: one vCPU, cross-vCPU TLB flushes not exercised\n");
		return NULL;
	}
	why = smp_setup();
	if (!why)
		why = ping_pong(1);
	if (why)
		return why;
	page[0] = alloc_page();
	page[1] = alloc_page();
	page[0][0] = 0xaaaa;
	page[1][0] = 0xbbbb;
	rc = HYPERVISOR_update_va_mapping(va, pte_for(page[0]), UVMF_INVLPG);
	if (rc)
		return fail("mapping the test page returned %ld", rc);

	tlb_va = (volatile uint64_t *)va;
	tlb_stop = false;
	tlb_ack = tlb_req = 0;
	ap_cmd = AP_TLB;
	evtchn_send(ipi_to[1]);
	give_up = pvclock_ns() + WAIT_NS;
	while (!ap_running(&since) && pvclock_ns() < give_up)
		__builtin_ia32_pause();
	if (!since) {
		why = fail("vCPU 1 never ran alongside vCPU 0");
		goto out;
	}
	/* vCPU 1 caches the translation to page 0. */
	got = ap_read();
	if (got != 0xaaaa) {
		why = fail("vCPU 1 read %#lx through the fresh mapping", got);
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(how); i++) {
		const uint64_t *to = page[(i + 1) % 2];

		switch (i) {
		case 0:
			rc = HYPERVISOR_update_va_mapping(
				va, pte_for(to), UVMF_INVLPG | UVMF_ALL);
			break;
		case 1:
			rc = HYPERVISOR_update_va_mapping(
				va, pte_for(to), UVMF_TLB_FLUSH | UVMF_ALL);
			break;
		case 2:
			rc = HYPERVISOR_update_va_mapping(
				va, pte_for(to),
				UVMF_INVLPG | (unsigned long)&vcpus);
			break;
		case 3:
			rc = mmu_update_one(pte_maddr(va), pte_for(to));
			if (!rc)
				rc = flush_vcpu1(MMUEXT_TLB_FLUSH_MULTI, 0);
			break;
		default:
			rc = mmu_update_one(pte_maddr(va), pte_for(to));
			if (!rc)
				rc = flush_vcpu1(MMUEXT_INVLPG_MULTI, va);
			break;
		}
		if (rc) {
			why = fail("%s returned %ld", how[i], rc);
			break;
		}
		got = ap_read();
		if (got != to[0]) {
			why = fail("after %s vCPU 1 read %#lx, not %#lx",
				   how[i], got, (unsigned long)to[0]);
			break;
		}
	}
	if (!why && (!ap_running(&now) || now != since))
		why = fail("vCPU 1 left its CPU during the test: inconclusive");
out:
	tlb_stop = true;
	HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG | UVMF_ALL);
	free_page(page[0]);
	free_page(page[1]);
	return why;
}
DEFINE_TEST(84, "smp_tlb", test_smp_tlb);

static long runstate(unsigned int id, struct vcpu_runstate_info *rs)
{
	return HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, rs);
}

static const char *test_smp_concurrent(void)
{
	struct vcpu_runstate_info before[2], after[2];
	uint64_t give_up, running, waiting;
	const char *why;
	unsigned int i;
	long rc;

	if (!two_vcpus()) {
		info("pvkern: one vCPU, concurrency not exercised\n");
		return NULL;
	}
	why = smp_setup();
	if (why)
		return why;
	/* vCPU 1 is in its loop once it answers. */
	why = ping_pong(1);
	if (why)
		return why;

	step[0] = step[1] = 0;
	stalled[0] = stalled[1] = false;
	ap_lockstep_done = 0;
	lockstep_ready = lockstep_go = false;
	ap_cmd = AP_LOCKSTEP;
	evtchn_send(ipi_to[1]);
	give_up = pvclock_ns() + WAIT_NS;
	while (!lockstep_ready && pvclock_ns() < give_up)
		__builtin_ia32_pause();
	if (!lockstep_ready)
		return fail("vCPU 1 did not take the lock-step command");
	/* From here both should run, neither wait for a CPU. */
	if (runstate(0, &before[0]) || runstate(1, &before[1]))
		return fail("VCPUOP_get_runstate_info failed");
	lockstep_go = true;
	lockstep(0);
	give_up = pvclock_ns() + WAIT_NS;
	while (!ap_lockstep_done && pvclock_ns() < give_up)
		__builtin_ia32_pause();
	if (runstate(0, &after[0]) || runstate(1, &after[1]))
		return fail("VCPUOP_get_runstate_info failed");

	if (!ap_lockstep_done || stalled[0] || stalled[1])
		return fail("lock-step stalled at rounds %lu/%lu: the vCPUs "
			    "did not run at the same time",
			    step[0], step[1]);
	for (i = 0; i < 2; i++)
		if (work[i] != lockstep_expected(i))
			return fail("vCPU %u's work came out %lu", i, work[i]);
	/* Neither may have spent much of it waiting for a CPU. */
	for (i = 0; i < 2; i++) {
		running = after[i].time[RUNSTATE_running] -
			  before[i].time[RUNSTATE_running];
		waiting = after[i].time[RUNSTATE_runnable] -
			  before[i].time[RUNSTATE_runnable];
		if (waiting * 4 > running)
			return fail(
				"vCPU %u waited %lu ns for a CPU, ran %lu ns",
				i, (unsigned long)waiting,
				(unsigned long)running);
	}

	/* Done: vCPU 1 takes itself down. */
	ap_cmd = AP_DOWN;
	evtchn_send(ipi_to[1]);
	give_up = pvclock_ns() + WAIT_NS;
	while ((rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL)) != 0 &&
	       pvclock_ns() < give_up)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	if (rc)
		return fail("vCPU 1 is_up %ld after it took itself down", rc);
	return NULL;
}
DEFINE_TEST(85, "smp_concurrent", test_smp_concurrent);

/* --- Benchmark (tests=bench_smp_ipi), figures only ----------------------- */

#define BENCH_ROUNDS 2000
#define BENCH_SKIP 16 /* the first rounds warm up both sides */

static uint64_t rtt[BENCH_ROUNDS];

static void sort_u64(uint64_t *a, unsigned long n)
{
	unsigned long i, j;

	for (i = 1; i < n; i++) {
		uint64_t t = a[i];

		for (j = i; j > 0 && a[j - 1] > t; j--)
			a[j] = a[j - 1];
		a[j] = t;
	}
}

static void report(const char *name, unsigned long n)
{
	char measure[48];

	sort_u64(rtt + BENCH_SKIP, n - BENCH_SKIP);
	snprintf(measure, sizeof(measure), "%s_median", name);
	bench_report(measure, rtt[BENCH_SKIP + (n - BENCH_SKIP) / 2], "ns");
	snprintf(measure, sizeof(measure), "%s_p99", name);
	bench_report(measure, rtt[BENCH_SKIP + (n - BENCH_SKIP) * 99 / 100],
		     "ns");
}

/*
 * IPI round trips between the two vCPUs of a domain on two CPUs:
 *  - ipi_rtt_blocked: vCPU 1 sleeps in SCHEDOP_block, the IPI wakes it and
 *    its upcall answers; vCPU 0 waits in SCHEDOP_poll and takes the answer
 *    by its own upcall - what Linux's IPIs cost an idle peer;
 *  - ipi_rtt_spinning: both watch their port's pending bit with events
 *    masked: EVTCHNOP_send and the cache line between two CPUs.
 */
static const char *bench_smp_ipi(void)
{
	const char *why;
	unsigned long i;

	if (!two_vcpus())
		return fail("needs two vCPUs (--smp 2)");
	why = smp_setup();
	if (!why)
		why = ping_pong(1);
	if (why)
		return why;

	for (i = 0; i < BENCH_ROUNDS; i++) {
		uint64_t t0 = pvclock_ns();

		evtchn_send(ipi_to[1]);
		if (!wait_ipis(ipis_seen[0] + 1))
			return fail("round %lu: no answer from vCPU 1", i);
		rtt[i] = pvclock_ns() - t0;
	}
	report("ipi_rtt_blocked", BENCH_ROUNDS);

	ap_pong = false;
	echo_count = BENCH_ROUNDS;
	ap_cmd = AP_SPIN_ECHO;
	evtchn_send(ipi_to[1]);
	/* That IPI only woke it: it is not an echo request. */
	wait_a_little(ipi_to[0], 10 * MSEC);
	evtchn_test_and_clear(ipi_to[1]);
	local_events_disable();
	for (i = 0; i < BENCH_ROUNDS; i++) {
		uint64_t t0 = pvclock_ns(), give_up = t0 + WAIT_NS;

		evtchn_send(ipi_to[1]);
		while (!evtchn_test_and_clear(ipi_to[0]))
			if (pvclock_ns() > give_up)
				return fail("spinning round %lu: no answer", i);
		rtt[i] = pvclock_ns() - t0;
	}
	report("ipi_rtt_spinning", BENCH_ROUNDS);
	ap_pong = true;
	return NULL;
}
DEFINE_REQUEST_TEST(86, "bench_smp_ipi", bench_smp_ipi);

/*
 * On request (it ends the domain): taking down the last vCPU that is up
 * powers the domain off, as Xen does; we never run again.
 */
static const char *test_vcpu_down_last(void)
{
	long rc;

	if (two_vcpus() && HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL) != 0)
		return fail("vCPU 1 is up: vCPU 0 would not be the last");
	info("pvkern: taking down the last vCPU\n");
	rc = HYPERVISOR_vcpu_op(VCPUOP_down, 0, NULL);
	/* Reached only if the domain kept running. */
	return fail("VCPUOP_down of the last vCPU returned %ld and we run on",
		    rc);
}
DEFINE_REQUEST_TEST(86, "vcpu_down_last", test_vcpu_down_last);
