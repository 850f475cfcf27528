/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables. The hypervisor's descriptors live in the reserved GDT
 * page that follows a PV guest's 14 GDT frames, so its selectors are the ones
 * Xen's ABI fixes (pv-boot-abi.md §5.3): GDTR.base is the page's address less
 * FIRST_RESERVED_GDT_BYTE.
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

#define __HYPERVISOR_CS 0xe008
#define __HYPERVISOR_DS 0xe010
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_CS64 0xe033
#define TSS_SELECTOR 0xe040
#define LDT_SELECTOR 0xe050
#define PER_CPU_SELECTOR 0xe060

#define LOCAL_TIMER_VECTOR 0xf0
#define CALL_FUNCTION_VECTOR 0xfb /* on_selected_cpus, TLB shootdowns */
#define EVENT_CHECK_VECTOR 0xfc /* look at your softirqs */
#define SPURIOUS_APIC_VECTOR 0xff
#define FIRST_LEGACY_VECTOR 0x20 /* the remapped, masked 8259s: 0x20-0x2f */

#ifndef __ASSEMBLY__
#include <xen/types.h>

struct tss64 {
	u32 _rsvd0;
	u64 rsp0, rsp1, rsp2;
	u64 _rsvd1;
	u64 ist[7]; /* ist[0] is IST1 */
	u64 _rsvd2;
	u16 _rsvd3;
	u16 iomap_base;
} __attribute__((__packed__, __aligned__(16)));

void cpu_desc_init(unsigned int cpu, void *gdt_page, struct tss64 *tss,
		   unsigned long stack_base);
/* Build the shared IDT and load it (boot CPU). */
void idt_init(void);
/* Load the shared IDT on this CPU (secondary CPUs). */
void idt_load(void);
#endif

#endif /* ASM_DESC_H */
