/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU areas and stacks. The boot CPU runs on cpu0_stack and uses the
 * per-CPU template directly; percpu_setup() gives any other CPU a copy of the
 * template and records its offset, ready for secondary CPU bring-up.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <asm/config.h>
#include <asm/current.h>

unsigned long __per_cpu_offset[NR_CPUS];
char cpu0_stack[STACK_SIZE] __aligned(STACK_SIZE)
	__section(".bss.stack_aligned");

extern char __per_cpu_start[], __per_cpu_end[];

void percpu_init_boot_cpu(void);

void percpu_init_boot_cpu(void)
{
	struct cpu_info *ci = get_cpu_info();

	__per_cpu_offset[0] = 0;
	ci->processor_id = 0;
	ci->per_cpu_offset = 0;
	ci->current_vcpu = NULL;
}

int percpu_setup(unsigned int cpu)
{
	size_t size = __per_cpu_end - __per_cpu_start;
	char *area;

	if (cpu == 0 || cpu >= NR_CPUS)
		return -EINVAL;
	area = alloc_xenheap_pages(get_order_from_bytes(size), 0);
	if (!area)
		return -ENOMEM;
	memcpy(area, __per_cpu_start, size);
	__per_cpu_offset[cpu] = area - __per_cpu_start;
	return 0;
}
