/* SPDX-License-Identifier: MIT */
/*
 * The clock: system time is TSC ticks since boot scaled to nanoseconds. The
 * TSC frequency comes from CPUID leaf 0x15 (crystal ratio) or 0x16 (base
 * frequency) when the CPU reports it, and otherwise is measured against the
 * PIT's channel 2 over a fixed interval.
 *
 * Wall time: the CMOS RTC is read once at boot (UTC, as QEMU and Xen keep
 * it) and turned into the Unix time at system time 0; every domain's
 * shared_info carries that as its wallclock (pv-boot-abi.md §5.12), so a
 * guest's wall time is wallclock + system time.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/processor.h>

#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_GATE 0x61
#define CALIBRATE_MS 20

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_CENTURY 0x32 /* where PC firmware (and QEMU) keep it */
#define RTC_UIP 0x80 /* status A: an update is in progress */
#define RTC_24H 0x02 /* status B */
#define RTC_BINARY 0x04 /* status B: not BCD */
#define RTC_PM 0x80 /* hours in 12-hour mode */

u64 cpu_khz;
static u64 tsc_at_boot;
static u64 ns_per_tsc_fp; /* ns per TSC tick, 32.32 fixed point */
static const char *calibration = "none";
/* Unix time at system time 0, from the RTC. */
static u64 wc_boot_sec;
static u32 wc_boot_nsec;

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

static unsigned int cmos_read(unsigned int reg)
{
	outb(reg, CMOS_INDEX);
	return inb(CMOS_DATA);
}

static unsigned int from_bcd(unsigned int v)
{
	return (v >> 4) * 10 + (v & 0xf);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, m 1-12). */
static u64 days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
	unsigned int era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (u64)era * 146097 + doe - 719468;
}

struct rtc_time {
	unsigned int sec, min, hour, day, mon, year, century, status_b;
};

static void rtc_read_once(struct rtc_time *t)
{
	t->sec = cmos_read(RTC_SECONDS);
	t->min = cmos_read(RTC_MINUTES);
	t->hour = cmos_read(RTC_HOURS);
	t->day = cmos_read(RTC_DAY);
	t->mon = cmos_read(RTC_MONTH);
	t->year = cmos_read(RTC_YEAR);
	t->century = cmos_read(RTC_CENTURY);
	t->status_b = cmos_read(RTC_STATUS_B);
}

/* The RTC as Unix time (and its fields in a), or 0 if it is nonsense. */
static u64 rtc_unix_time(struct rtc_time *out)
{
	struct rtc_time a, b;
	unsigned int tries = 0, year, pm;

	/* Two equal reads outside an update are one consistent time. */
	do {
		unsigned int spins = 0;

		while ((cmos_read(RTC_STATUS_A) & RTC_UIP) && ++spins < 100000)
			cpu_relax();
		rtc_read_once(&a);
		rtc_read_once(&b);
	} while (memcmp(&a, &b, sizeof(a)) && ++tries < 10);

	pm = a.hour & RTC_PM;
	a.hour &= ~RTC_PM;
	if (!(a.status_b & RTC_BINARY)) {
		a.sec = from_bcd(a.sec);
		a.min = from_bcd(a.min);
		a.hour = from_bcd(a.hour);
		a.day = from_bcd(a.day);
		a.mon = from_bcd(a.mon);
		a.year = from_bcd(a.year);
		a.century = from_bcd(a.century);
	}
	if (!(a.status_b & RTC_24H))
		a.hour = a.hour % 12 + (pm ? 12 : 0);
	year = (a.century >= 19 && a.century <= 21 ? a.century : 20) * 100 +
	       a.year;
	a.year = year;
	*out = a;
	if (a.sec > 59 || a.min > 59 || a.hour > 23 || !a.day || a.day > 31 ||
	    !a.mon || a.mon > 12 || year < 1970)
		return 0;
	return days_since_epoch(year, a.mon, a.day) * 86400 + a.hour * 3600 +
	       a.min * 60 + a.sec;
}

static void wallclock_init(void)
{
	struct rtc_time t;
	u64 rtc = rtc_unix_time(&t);
	s_time_t now = NOW();

	if (!rtc) {
		printk(XENLOG_WARNING "time: the RTC reads as nonsense\n");
		return;
	}
	/* The RTC counts whole seconds: wall time at system time 0. */
	wc_boot_sec = rtc - (u64)(now / SECONDS(1)) - 1;
	wc_boot_nsec = (u32)(SECONDS(1) - now % SECONDS(1));
	printk("time: RTC %04u-%02u-%02u %02u:%02u:%02u UTC, Unix time %llu\n",
	       t.year, t.mon, t.day, t.hour, t.min, t.sec,
	       (unsigned long long)rtc);
}

void domain_set_wallclock(struct domain *d)
{
	shared_info_t *s = d->shared_info;

	/* The guest retries while wc_version is odd (§5.12). */
	s->wc_version = (s->wc_version + 1) | 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	s->wc_sec = (u32)wc_boot_sec;
	s->wc_sec_hi = (u32)(wc_boot_sec >> 32);
	s->wc_nsec = wc_boot_nsec;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	s->wc_version++;
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
	wallclock_init();
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
