/* SPDX-License-Identifier: MIT */
/*
 * Time as a PV guest reads it (pv-boot-abi.md §5.12): system time from the
 * vcpu_time_info the hypervisor keeps for this vCPU (TSC-scaled, retried
 * while the hypervisor rewrites it), and wall time as the wallclock in
 * shared_info (Unix time at system time 0, under its own version) plus
 * system time.
 */
#include "pvkern.h"

uint64_t pvclock_ns(void)
{
	volatile vcpu_time_info_t *t = &smp_vcpu_info()->time;
	uint32_t ver, lo, hi;
	uint64_t delta, now;

	/* The hypervisor makes version odd while it rewrites the record. */
	do {
		ver = t->version;
		barrier();
		__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
		delta = (((uint64_t)hi << 32) | lo) - t->tsc_timestamp;
		if (t->tsc_shift >= 0)
			delta <<= t->tsc_shift;
		else
			delta >>= -t->tsc_shift;
		now = t->system_time + (uint64_t)(((unsigned __int128)delta *
						   t->tsc_to_system_mul) >>
						  32);
		barrier();
	} while ((ver & 1) || ver != t->version);
	return now;
}

void wallclock(uint64_t *sec, uint32_t *nsec, uint32_t *version)
{
	volatile shared_info_t *s = shared_info;
	uint32_t ver;

	do {
		ver = s->wc_version;
		barrier();
		*sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
		*nsec = s->wc_nsec;
		barrier();
	} while ((ver & 1) || ver != s->wc_version);
	if (version)
		*version = ver;
}

uint64_t wall_ns(void)
{
	uint64_t sec;
	uint32_t nsec;

	wallclock(&sec, &nsec, NULL);
	return sec * 1000000000ULL + nsec + pvclock_ns();
}
