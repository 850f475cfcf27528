/* SPDX-License-Identifier: MIT */
/*
 * The one output format scripts/bench-guest reads, "bench: <measure>
 * <value> <unit>" (times come from pvclock_ns(), time.c). Benchmarks run
 * only when asked (tests=bench_*); they print figures and never fail on
 * them. bench_tag=SUFFIX on the command line is appended to every measure
 * (e.g. "_2cpu" for the same benchmark on two CPUs).
 */
#include "pvkern.h"

void bench_report(const char *measure, uint64_t value, const char *unit)
{
	/* bench_tag=SUFFIX: the same benchmark on another machine shape. */
	const char *tag = cmdline_value("bench_tag");

	printk("bench: %s%s %lu %s\n", measure, tag ? tag : "", value, unit);
}
