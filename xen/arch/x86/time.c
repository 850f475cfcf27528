/* SPDX-License-Identifier: MIT */
/*
 * The clock: system time is TSC ticks since boot scaled to nanoseconds. The
 * TSC frequency comes from CPUID leaf 0x15 (crystal ratio) or 0x16 (base
 * frequency) when the CPU reports it, and otherwise is measured against the
 * PIT's channel 2 over a fixed interval.
 */
#include <xen/lib.h>
#include <xen/time.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/processor.h>

#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_GATE 0x61
#define CALIBRATE_MS 20

u64 cpu_khz;
static u64 tsc_at_boot;
static u64 ns_per_tsc_fp; /* ns per TSC tick, 32.32 fixed point */
static const char *calibration = "none";

static u64 tsc_khz_from_cpuid(void)
{
	u32 max, a, b, c, d;

	cpuid(0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, &a, &b, &c, &d);
		if (a && b && c) {
			calibration = "CPUID leaf 0x15";
			return (u64)c * b / a / 1000;
		}
	}
	if (max >= 0x16) {
		cpuid(0x16, &a, &b, &c, &d);
		if (a & 0xffff) {
			calibration = "CPUID leaf 0x16";
			return (u64)(a & 0xffff) * 1000;
		}
	}
	return 0;
}

static u64 tsc_khz_from_pit(void)
{
	u32 count = PIT_HZ * CALIBRATE_MS / 1000;
	unsigned int spins = 0;
	u64 t0, t1;

	/* Channel 2 gate on, speaker off; mode 0 counts down once. */
	outb((inb(PIT_GATE) & ~0x02) | 0x01, PIT_GATE);
	outb(0xb0, PIT_MODE);
	outb(count & 0xff, PIT_CH2);
	outb(count >> 8, PIT_CH2);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & 0x20) && ++spins < 100000000)
		;
	t1 = rdtsc();
	calibration = "PIT";
	return (t1 - t0) / CALIBRATE_MS;
}

void time_init(void)
{
	cpu_khz = tsc_khz_from_cpuid();
	if (!cpu_khz)
		cpu_khz = tsc_khz_from_pit();
	if (!cpu_khz)
		panic("cannot determine the TSC frequency");
	ns_per_tsc_fp = (1000000ULL << 32) / cpu_khz;
	tsc_at_boot = rdtsc();
}

const char *tsc_calibration_source(void)
{
	return calibration;
}

s_time_t NOW(void)
{
	u64 delta = rdtsc() - tsc_at_boot;

	return (s_time_t)(((unsigned __int128)delta * ns_per_tsc_fp) >> 32);
}
