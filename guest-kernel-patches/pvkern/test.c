/* SPDX-License-Identifier: MIT */
/*
 * The in-guest test runner: pvkern's regression suite for a PV core. Tests
 * are collected at link time (DEFINE_TEST puts a descriptor in
 * .pvtests.<order>, the linker script sorts them), filtered by the tests=
 * command-line word, and reported one line each:
 *   pvkern: test <name>: ok
 *   pvkern: test <name>: FAILED: <why>
 * then exactly "pvkern: N passed, N failed". A test returns NULL when it
 * passed, or fail("...") with the reason.
 */
#include "pvkern.h"

extern const struct pvtest *const __start_pvtests[], *const __stop_pvtests[];

static char reason[256];
static struct kcontext test_ctx;
static const struct pvtest *running;

/*
 * A fatal trap inside a test ends that test, not the run: traps.c has
 * printed the registers; jump back into tests_run with the reason.
 */
void test_abort(const char *why)
{
	if (!running)
		return;
	snprintf(reason, sizeof(reason), "%s (register dump above)", why);
	user_resume(&test_ctx, 1);
}

const char *fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return reason;
}

/* Run one test; a fatal trap inside it comes back here as a failure. */
static const char *run_one(const struct pvtest *t)
{
	const char *why;

	if (ctx_save(&test_ctx)) {
		/* Undo what the test may have left behind. */
		running = NULL;
		trap_set_hook(NULL);
		local_events_disable();
		return reason;
	}
	running = t;
	why = t->fn();
	running = NULL;
	return why;
}

unsigned int tests_run(void)
{
	unsigned int passed = 0, failed = 0, ext = 0, all = 0;
	const struct pvtest *const *p;

	for (p = __start_pvtests; p < __stop_pvtests; p++) {
		ext += (*p)->xenolith_ext;
		all += !(*p)->on_request;
	}
	info("pvkern: %u tests, %u of them need Xenolith extensions\n", all,
	     ext);

	for (p = __start_pvtests; p < __stop_pvtests; p++) {
		const struct pvtest *t = *p;
		const char *why;

		if (!cmdline_wants_test(t->name, t->on_request))
			continue;
		why = run_one(t);
		if (why) {
			printk("pvkern: test %s: FAILED: %s\n", t->name, why);
			failed++;
		} else {
			printk("pvkern: test %s: ok\n", t->name);
			passed++;
		}
	}
	printk("pvkern: %u passed, %u failed\n", passed, failed);
	return failed;
}

/*
 * Two tests of this runner, run only when named (tests=fail_on_purpose,
 * fault_on_purpose): a plain failure, and a kernel page fault that must
 * end the test, not the run. The boot scenario uses them to check that
 * failures reach the summary line and the exit status.
 */
static const char *test_fail_on_purpose(void)
{
	return fail("as requested");
}
DEFINE_REQUEST_TEST(99, "fail_on_purpose", test_fail_on_purpose);

static const char *test_fault_on_purpose(void)
{
	unsigned long bad = 8;

	/* Hide the constant so the compiler does not reject the store. */
	__asm__ __volatile__("" : "+r"(bad));
	*(volatile unsigned long *)bad = 1;
	return fail("the write to %#lx did not fault", bad);
}
DEFINE_REQUEST_TEST(99, "fault_on_purpose", test_fault_on_purpose);
