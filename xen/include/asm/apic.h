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
u32 apic_id(void);
extern u32 apic_timer_khz;

void time_init(void);
const char *tsc_calibration_source(void);

void i8259_disable(void);

#endif /* ASM_APIC_H */
