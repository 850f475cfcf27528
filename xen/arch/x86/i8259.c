/* SPDX-License-Identifier: MIT */
/*
 * The legacy 8259 interrupt controllers. The firmware leaves them delivering
 * on vectors 0x08-0x0f, on top of CPU exceptions; we move them to 0x20-0x2f
 * and mask every line, since all our interrupts come through the local APIC.
 */
#include <xen/lib.h>
#include <asm/desc.h>
#include <asm/io.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01

void i8259_disable(void);

void i8259_disable(void)
{
	outb(ICW1_INIT_ICW4, PIC1_CMD);
	outb(ICW1_INIT_ICW4, PIC2_CMD);
	outb(FIRST_LEGACY_VECTOR, PIC1_DATA);
	outb(FIRST_LEGACY_VECTOR + 8, PIC2_DATA);
	outb(4, PIC1_DATA); /* slave on IRQ2 */
	outb(2, PIC2_DATA); /* slave identity */
	outb(ICW4_8086, PIC1_DATA);
	outb(ICW4_8086, PIC2_DATA);
	outb(0xff, PIC1_DATA);
	outb(0xff, PIC2_DATA);
}
