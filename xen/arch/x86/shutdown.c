/* SPDX-License-Identifier: MIT */
/*
 * Power off or stop the machine with a status. Under QEMU the launcher adds
 * an isa-debug-exit device at port 0xf4: writing v ends QEMU with exit code
 * (v << 1) | 1, which scripts/qemu-boot maps back to 0/1/2. Where there is no
 * such device we try the ACPI PM1a control block QEMU's chipsets put at 0x604,
 * and finally halt with interrupts off, having said so.
 */
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <asm/io.h>
#include <asm/processor.h>

#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_BASE 0x10 /* status s leaves QEMU with 2 * (0x10 + s) + 1 */
#define QEMU_PM1A_CNT 0x604
#define PM1_SLP_EN_S5 0x2000

static const char *const status_names[] = {
	[EXIT_POWEROFF] = "powering off",
	[EXIT_DOMAIN_CRASHED] = "a domain crashed; stopping",
	[EXIT_PANIC] = "hypervisor panic; stopping",
};

void machine_exit(enum machine_exit_status status)
{
	__asm__ __volatile__("cli");
	printk("Xenolith: %s (status %d)\n", status_names[status], status);
	outl(DEBUG_EXIT_BASE + status, DEBUG_EXIT_PORT);
	if (status == EXIT_POWEROFF)
		outw(PM1_SLP_EN_S5, QEMU_PM1A_CNT);
	printk("Xenolith: halted\n");
	for (;;)
		halt();
}
