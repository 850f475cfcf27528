/* SPDX-License-Identifier: MIT */
/*
 * Local APIC (xAPIC, memory-mapped) and its timer, used one-shot to drive
 * the software timers; and the TSC-based clock.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xen/types.h>

void apic_init(void);
void apic_timer_calibrate(void);
/* A secondary CPU's APIC: as the boot CPU's, its timer one-shot. */
void apic_init_secondary(void);
u32 apic_id(void);
extern u32 apic_timer_khz;

/* Interrupt command register: delivery modes and flags (low half). */
#define APIC_DM_FIXED 0x000
#define APIC_DM_NMI 0x400
#define APIC_DM_INIT 0x500
#define APIC_DM_STARTUP 0x600
#define APIC_INT_ASSERT 0x4000
#define APIC_INT_LEVELTRIG 0x8000

/*
 * Send an IPI (icr: delivery mode | flags | vector) to the CPU with APIC
 * ID dest_apic_id; returns once the local APIC has taken the command.
 */
void apic_send_ipi(u32 dest_apic_id, u32 icr);
/* Wait (up to 10 ms) for the last IPI to leave; false if it did not. */
bool apic_icr_wait_idle(void);

void time_init(void);
const char *tsc_calibration_source(void);

void i8259_disable(void);

#endif /* ASM_APIC_H */
