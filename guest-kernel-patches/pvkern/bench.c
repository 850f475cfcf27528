/* SPDX-License-Identifier: MIT */
/*
 * The one output format scripts/bench-guest reads, "bench: <measure>
 * <value> <unit>" (times come from pvclock_ns(), time.c). Benchmarks run
 * only when asked (tests=bench_*); they print figures and never fail on
 * them.
 */
#include "pvkern.h"

void bench_report(const char *measure, uint64_t value, const char *unit)
{
	printk("bench: %s %lu %s\n", measure, value, unit);
}
