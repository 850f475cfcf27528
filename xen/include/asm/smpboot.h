/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPU bring-up (xen/arch/x86/smpboot.c), in the order the boot
 * CPU calls it from __start_xen.
 */
#ifndef ASM_SMPBOOT_H
#define ASM_SMPBOOT_H

#include <xen/types.h>

struct boot_info;
struct memmap;

/*
 * List the processors in the ACPI MADT. Early: the tables are read
 * through the boot page tables' map of the first 4 GiB.
 */
void smp_find_cpus(const struct boot_info *bi);
/* Take the trampoline's pages below 1 MiB from the boot allocator. */
void smp_reserve_trampoline(struct memmap *boot);
/*
 * Start every other CPU (at most maxcpus= in all) and wait for each to
 * come online; needs the heap, the APIC and timers, interrupts on.
 */
void smp_boot_cpus(void);

/* The local APIC ID of CPU number cpu (valid once it was started). */
u32 cpu_to_apic_id(unsigned int cpu);

#endif /* ASM_SMPBOOT_H */
