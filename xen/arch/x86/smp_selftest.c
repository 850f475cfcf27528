/* SPDX-License-Identifier: MIT */
/*
 * Cross-CPU selftests (selftest=1 with two or more CPUs online):
 *  - every online CPU runs a cross-call exactly once, with and without wait;
 *  - all CPUs cross-call all CPUs at the same time, from interrupt context
 *    too, and nothing is lost or deadlocks;
 *  - a timer armed from the boot CPU for another CPU's empty queue fires
 *    there, on time (the remote kick: that CPU's hardware was idle);
 *  - TLB shootdowns: another CPU caches a mapping, we change it, and after
 *    flush_tlb_one_mask / flush_tlb_mask it sees the new frame.
 * And test-fault=ap-pf: a fatal fault on a secondary CPU.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/selftest.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/irqflags.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>

#define STORM_ROUNDS 50

static unsigned long hits[NR_CPUS];
static unsigned int storm_done;

static void count_hit(void *info)
{
	__atomic_fetch_add(&hits[smp_processor_id()], 1, __ATOMIC_SEQ_CST);
}

static bool every_cpu_hit(unsigned long n)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (__atomic_load_n(&hits[cpu], __ATOMIC_SEQ_CST) !=
		    (cpu_online(cpu) ? n : 0))
			return false;
	return true;
}

static bool wait_until(bool (*cond)(unsigned long), unsigned long n)
{
	s_time_t end = NOW() + SECONDS(30); /* TCG on a loaded host */

	while (!cond(n))
		if (NOW() > end)
			return false;
	return true;
}

static void selftest_cross_call(void)
{
	memset(hits, 0, sizeof(hits));
	on_selected_cpus(&cpu_online_map, count_hit, NULL, true);
	selftest_report("smp: a cross-call with wait runs once on every CPU",
			every_cpu_hit(1), "some CPU ran it twice or never");

	on_selected_cpus(&cpu_online_map, count_hit, NULL, false);
	selftest_report("smp: a cross-call without wait runs once on every CPU",
			wait_until(every_cpu_hit, 2),
			"some CPU ran it twice or never");
}

/* Runs on every CPU at once: cross-call everybody, many times. */
static void storm(void *info)
{
	unsigned int i;

	for (i = 0; i < STORM_ROUNDS; i++)
		on_selected_cpus(&cpu_online_map, count_hit, NULL, true);
	__atomic_fetch_add(&storm_done, 1, __ATOMIC_SEQ_CST);
}

static bool storm_finished(unsigned long n)
{
	return __atomic_load_n(&storm_done, __ATOMIC_SEQ_CST) == n;
}

static void selftest_storm(void)
{
	unsigned int n = num_online_cpus();
	bool ok;

	memset(hits, 0, sizeof(hits));
	storm_done = 0;
	/* The others run storm() in their IPI handler, interrupts off. */
	on_selected_cpus(&cpu_online_map, storm, NULL, false);
	ok = wait_until(storm_finished, n);
	selftest_report("smp: all CPUs cross-call all CPUs at once",
			ok && every_cpu_hit((unsigned long)n * STORM_ROUNDS),
			ok ? "calls lost or repeated" : "deadlock");
}

struct remote_tick {
	s_time_t fired;
	unsigned int cpu;
};

static void remote_tick_fn(void *data)
{
	struct remote_tick *t = data;

	t->cpu = smp_processor_id();
	__atomic_store_n(&t->fired, NOW(), __ATOMIC_SEQ_CST);
}

static void selftest_remote_timer(unsigned int cpu)
{
	struct remote_tick t = { 0, ~0U };
	struct timer timer;
	s_time_t start = NOW(), end = start + SECONDS(10);

	init_timer(&timer, remote_tick_fn, &t, cpu);
	set_timer(&timer, start + MILLISECS(10));
	while (!__atomic_load_n(&t.fired, __ATOMIC_SEQ_CST) && NOW() < end)
		cpu_relax();
	kill_timer(&timer);
	selftest_report("smp: a timer set for another CPU fires there, on time",
			t.fired >= start + MILLISECS(10) && t.fired < end &&
				t.cpu == cpu,
			!t.fired ? "it never fired" :
				   "early or on the wrong CPU");
}

static unsigned long seen_value;

static void read_test_page(void *info)
{
	seen_value = *(volatile unsigned long *)info;
}

static void local_flush(void *info)
{
	flush_tlb_all_local();
}

/*
 * The CPUs in one cache a translation of the fixmap slot to from, we point
 * it at to (set_fixmap flushes only here), shoot down with flush(), and
 * they must read to's contents.
 */
static bool shootdown_works(const cpumask_t *one, unsigned long *from,
			    unsigned long *to, bool single)
{
	unsigned long *va;

	va = set_fixmap(FIX_SMP_SELFTEST, virt_to_maddr(from),
			PAGE_HYPERVISOR | _PAGE_GLOBAL);
	on_selected_cpus(one, local_flush, NULL, true);
	on_selected_cpus(one, read_test_page, va, true);
	if (seen_value != *from)
		return false;
	set_fixmap(FIX_SMP_SELFTEST, virt_to_maddr(to),
		   PAGE_HYPERVISOR | _PAGE_GLOBAL);
	if (single)
		flush_tlb_one_mask(one, (unsigned long)va);
	else
		flush_tlb_mask(one);
	on_selected_cpus(one, read_test_page, va, true);
	return seen_value == *to;
}

static void selftest_tlb(unsigned int cpu)
{
	unsigned long *a = alloc_xenheap_page(), *b = alloc_xenheap_page();
	cpumask_t one;

	if (!a || !b) {
		selftest_report("smp: TLB shootdowns", false, "no memory");
		goto out;
	}
	*a = 0xaaaa;
	*b = 0xbbbb;
	cpumask_clear(&one);
	cpumask_set_cpu(cpu, &one);
	selftest_report("smp: flush_tlb_one_mask reaches the other CPU",
			shootdown_works(&one, a, b, true),
			"it still saw the old frame");
	selftest_report("smp: flush_tlb_mask reaches the other CPU",
			shootdown_works(&one, a, b, false),
			"it still saw the old frame");
	set_fixmap(FIX_SMP_SELFTEST, 0, 0);
	on_selected_cpus(&cpu_online_map, local_flush, NULL, true);
out:
	if (a)
		free_xenheap_page(a);
	if (b)
		free_xenheap_page(b);
}

static void fault_here(void *info)
{
	*(volatile unsigned long *)0xffff8000deadb000UL = 1;
}

void smp_test_fault_on_ap(void)
{
	unsigned int ap = cpumask_next_from(1, &cpu_online_map);
	cpumask_t one;

	if (ap >= NR_CPUS)
		return;
	cpumask_clear(&one);
	cpumask_set_cpu(ap, &one);
	on_selected_cpus(&one, fault_here, NULL, false);
	/* Quiet until the panic on the other CPU stops us. */
	for (;;)
		safe_halt();
}

void selftest_smp(void)
{
	unsigned int other = cpumask_next_from(1, &cpu_online_map);

	if (other >= NR_CPUS) {
		printk("selftest: smp: one CPU, cross-CPU tests skipped\n");
		return;
	}
	selftest_cross_call();
	selftest_storm();
	selftest_remote_timer(other);
	selftest_tlb(other);
}
