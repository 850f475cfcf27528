/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/timer.c with the harness's fake clock and
 * one-shot: expiry order (ties in arming order), what the hardware is
 * programmed for after every change, re-arming and stopping from callbacks,
 * deadlines in the past, kill, and per-CPU separation.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/time.h>
#include <xen/percpu.h> /* harness_cpu, the current CPU */
#include <xen/softirq.h>
#include <xen/timer.h>

#include "harness/harness.h"
#include "unit.h"

#define NR_T 8

static struct timer timers[NR_T];
static int fired[64];
static unsigned int nr_fired;
static s_time_t rearm_delta; /* >0: the callback re-arms by this much */
static struct timer *victim; /* stopped by the callback of timers[0] */

static void record(void *data)
{
	int id = (int)(long)data;

	if (nr_fired < 64)
		fired[nr_fired++] = id;
	if (rearm_delta && id == 0)
		set_timer(&timers[0], NOW() + rearm_delta);
	if (victim && id == 0)
		stop_timer(victim);
}

static int setup(void)
{
	unsigned int i;

	harness_cpu = 0;
	harness_now = 1000;
	harness_last_deadline = -1;
	nr_fired = 0;
	rearm_delta = 0;
	victim = NULL;
	timer_init();
	for (i = 0; i < NR_T; i++)
		init_timer(&timers[i], record, (void *)(long)i, 0);
	/* Nothing left from an earlier test. */
	timer_do_expired();
	return 0;
}

static void teardown(void)
{
	unsigned int i;

	for (i = 0; i < NR_T; i++)
		kill_timer(&timers[i]);
	harness_cpu = 0;
}

static void test_order_and_reprogram(void)
{
	static const s_time_t when[NR_T] = { 5000, 2000, 9000, 2000,
					     7000, 3000, 2000, 8000 };
	static const int want[NR_T] = { 1, 3, 6, 5, 0, 4, 7, 2 };
	unsigned int i;

	setup();
	for (i = 0; i < NR_T; i++)
		set_timer(&timers[i], when[i]);
	CU_ASSERT_EQUAL(harness_last_deadline, 2000);
	for (i = 0; i < NR_T; i++)
		CU_ASSERT_TRUE(timer_is_active(&timers[i]));

	/* Nothing due yet. */
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 0);
	CU_ASSERT_EQUAL(harness_last_deadline, 2000);

	harness_now = 2000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 3);
	CU_ASSERT_EQUAL(harness_last_deadline, 3000);
	CU_ASSERT_FALSE(timer_is_active(&timers[1]));

	harness_now = 7500;
	timer_do_expired();
	CU_ASSERT_EQUAL(harness_last_deadline, 8000);
	harness_now = 100000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, NR_T);
	CU_ASSERT_EQUAL(memcmp(fired, want, sizeof(want)), 0);
	CU_ASSERT_EQUAL(harness_last_deadline, 0);
	teardown();
}

static void test_reset_moves(void)
{
	setup();
	set_timer(&timers[0], 5000);
	set_timer(&timers[1], 6000);
	CU_ASSERT_EQUAL(harness_last_deadline, 5000);
	/* Re-arming an active timer moves it rather than queueing it twice. */
	set_timer(&timers[1], 4000);
	CU_ASSERT_EQUAL(harness_last_deadline, 4000);
	set_timer(&timers[1], 9000);
	harness_now = 20000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 2);
	CU_ASSERT_EQUAL(fired[0], 0);
	CU_ASSERT_EQUAL(fired[1], 1);
	teardown();
}

static void test_rearm_from_callback(void)
{
	unsigned int i;

	setup();
	rearm_delta = 100;
	set_timer(&timers[0], 1500);
	for (i = 0; i < 5; i++) {
		harness_now = 1500 + 100 * i;
		timer_do_expired();
		CU_ASSERT_EQUAL(nr_fired, i + 1);
		CU_ASSERT_TRUE(timer_is_active(&timers[0]));
		CU_ASSERT_EQUAL(harness_last_deadline, harness_now + 100);
	}

	/* Re-armed into the past: runs once per interrupt, never loops. */
	rearm_delta = -50;
	harness_now = 5000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 6);
	CU_ASSERT_TRUE(timer_is_active(&timers[0]));
	CU_ASSERT_EQUAL(harness_last_deadline, 4950);
	rearm_delta = 0;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 7);
	CU_ASSERT_FALSE(timer_is_active(&timers[0]));
	teardown();
}

static void test_stop(void)
{
	setup();
	set_timer(&timers[0], 2000);
	set_timer(&timers[1], 3000);
	set_timer(&timers[2], 4000);
	stop_timer(&timers[1]);
	CU_ASSERT_FALSE(timer_is_active(&timers[1]));
	CU_ASSERT_EQUAL(harness_last_deadline, 2000);
	/* Stopping the head reprograms for the next one. */
	stop_timer(&timers[0]);
	CU_ASSERT_EQUAL(harness_last_deadline, 4000);
	stop_timer(&timers[0]); /* stopping twice is harmless */
	harness_now = 10000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 1);
	CU_ASSERT_EQUAL(fired[0], 2);

	/* A callback stops a timer that was due in the same batch. */
	victim = &timers[3];
	set_timer(&timers[0], 10500);
	set_timer(&timers[3], 10600);
	harness_now = 11000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 2);
	CU_ASSERT_EQUAL(fired[1], 0);
	CU_ASSERT_FALSE(timer_is_active(&timers[3]));
	teardown();
}

static void test_past_deadline(void)
{
	setup();
	harness_now = 50000;
	set_timer(&timers[4], 10);
	/* The hardware is asked for the past deadline: it fires at once. */
	CU_ASSERT_EQUAL(harness_last_deadline, 10);
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 1);
	CU_ASSERT_EQUAL(fired[0], 4);
	CU_ASSERT_EQUAL(harness_last_deadline, 0);
	teardown();
}

static void test_kill(void)
{
	setup();
	set_timer(&timers[0], 2000);
	kill_timer(&timers[0]);
	CU_ASSERT_FALSE(timer_is_active(&timers[0]));
	CU_ASSERT_EQUAL(harness_last_deadline, 0);
	set_timer(&timers[0], 3000); /* ignored once killed */
	CU_ASSERT_FALSE(timer_is_active(&timers[0]));
	harness_now = 5000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 0);

	init_timer(&timers[0], record, (void *)0L, 0);
	set_timer(&timers[0], 6000);
	CU_ASSERT_TRUE(timer_is_active(&timers[0]));
	harness_now = 6000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 1);

	/* Setting a timer that was never initialised is a bug. */
	{
		struct timer raw;

		memset(&raw, 0, sizeof(raw));
		CU_ASSERT_TRUE(HARNESS_EXPECT_PANIC(set_timer(&raw, 1)));
		/* Stopping or killing one is harmless (teardown paths). */
		CU_ASSERT_FALSE(HARNESS_EXPECT_PANIC(stop_timer(&raw)));
		CU_ASSERT_FALSE(HARNESS_EXPECT_PANIC(kill_timer(&raw)));
		CU_ASSERT_FALSE(timer_is_active(&raw));
	}
	teardown();
}

static void test_per_cpu(void)
{
	setup();
	init_timer(&timers[5], record, (void *)5L, 1);
	set_timer(&timers[0], 2000);
	harness_last_deadline = -1;
	/* Armed from CPU 0 for CPU 1: CPU 0's hardware is left alone. */
	set_timer(&timers[5], 1500);
	CU_ASSERT_EQUAL(harness_last_deadline, -1);

	harness_now = 3000;
	timer_do_expired(); /* on CPU 0 */
	CU_ASSERT_EQUAL(nr_fired, 1);
	CU_ASSERT_EQUAL(fired[0], 0);
	CU_ASSERT_TRUE(timer_is_active(&timers[5]));

	harness_cpu = 1;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 2);
	CU_ASSERT_EQUAL(fired[1], 5);
	CU_ASSERT_EQUAL(harness_last_deadline, 0);
	harness_cpu = 0;
	teardown();
}

/*
 * A timer set from CPU 0 that becomes the head of CPU 1's queue must make
 * CPU 1 reprogram its hardware (TIMER_SOFTIRQ); one behind the head, or
 * set locally, must not bother anyone.
 */
static void test_remote_kick(void)
{
	unsigned long kicks;

	setup();
	init_timer(&timers[5], record, (void *)5L, 1);
	init_timer(&timers[6], record, (void *)6L, 1);
	kicks = harness_softirq_count(1, TIMER_SOFTIRQ);
	set_timer(&timers[5], 5000);
	CU_ASSERT_EQUAL(harness_softirq_count(1, TIMER_SOFTIRQ), kicks + 1);
	set_timer(&timers[6], 6000); /* behind the head: no kick */
	CU_ASSERT_EQUAL(harness_softirq_count(1, TIMER_SOFTIRQ), kicks + 1);
	set_timer(&timers[0], 1500); /* CPU 0's own: no kick */
	CU_ASSERT_EQUAL(harness_softirq_count(0, TIMER_SOFTIRQ), 0);

	/* CPU 1 takes the kick and programs its hardware for 5000. */
	harness_last_deadline = -1;
	harness_run_softirq(1, TIMER_SOFTIRQ);
	CU_ASSERT_EQUAL(harness_last_deadline, 5000);
	set_timer(&timers[6], 4000); /* the new head: kicked again */
	CU_ASSERT_EQUAL(harness_softirq_count(1, TIMER_SOFTIRQ), kicks + 2);
	teardown();
}

/*
 * migrate_timer moves an armed timer between queues: the old CPU forgets
 * it, the new one runs it (kicked if it is now the earliest there).
 */
static void test_migrate(void)
{
	unsigned long kicks;

	setup();
	set_timer(&timers[1], 2000);
	set_timer(&timers[2], 3000);
	CU_ASSERT_EQUAL(harness_last_deadline, 2000);
	kicks = harness_softirq_count(1, TIMER_SOFTIRQ);
	migrate_timer(&timers[1], 1);
	/* CPU 0 reprogrammed for what is left; CPU 1 kicked. */
	CU_ASSERT_EQUAL(harness_last_deadline, 3000);
	CU_ASSERT_EQUAL(harness_softirq_count(1, TIMER_SOFTIRQ), kicks + 1);
	CU_ASSERT_TRUE(timer_is_active(&timers[1]));

	harness_now = 5000;
	timer_do_expired(); /* CPU 0: only timers[2] */
	CU_ASSERT_EQUAL(nr_fired, 1);
	CU_ASSERT_EQUAL(fired[0], 2);
	harness_run_softirq(1, TIMER_SOFTIRQ);
	CU_ASSERT_EQUAL(nr_fired, 2);
	CU_ASSERT_EQUAL(fired[1], 1);

	/* An idle timer just changes CPU; re-arming uses the new queue. */
	migrate_timer(&timers[3], 1);
	set_timer(&timers[3], 6000);
	harness_now = 7000;
	timer_do_expired();
	CU_ASSERT_EQUAL(nr_fired, 2);
	harness_run_softirq(1, TIMER_SOFTIRQ);
	CU_ASSERT_EQUAL(nr_fired, 3);
	CU_ASSERT_EQUAL(fired[2], 3);
	migrate_timer(&timers[1], 0);
	migrate_timer(&timers[3], 0);
	teardown();
}

static const struct unit_test tests[] = {
	{ "expiry order and reprogramming", test_order_and_reprogram },
	{ "re-arming moves a timer", test_reset_moves },
	{ "re-arm from callback", test_rearm_from_callback },
	{ "stop", test_stop },
	{ "deadline in the past", test_past_deadline },
	{ "kill", test_kill },
	{ "per-CPU queues", test_per_cpu },
	{ "remote head kicks its CPU", test_remote_kick },
	{ "migrate between CPUs", test_migrate },
};

CU_ErrorCode register_timer_suite(void)
{
	return UNIT_ADD_SUITE("timer", NULL, NULL, tests);
}
