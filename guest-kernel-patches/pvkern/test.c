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
	unsigned int passed = 0, failed = 0, ext = 0;
	const struct pvtest *const *p;

	for (p = __start_pvtests; p < __stop_pvtests; p++)
		ext += (*p)->xenolith_ext;
	info("pvkern: %ld tests, %u of them need Xenolith extensions\n",
	     (long)(__stop_pvtests - __start_pvtests), ext);

	for (p = __start_pvtests; p < __stop_pvtests; p++) {
		const struct pvtest *t = *p;
		const char *why;

		if (!cmdline_wants_test(t->name))
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
