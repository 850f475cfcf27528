/* SPDX-License-Identifier: MIT */
/*
 * The little of ACPI the hypervisor reads: the processors listed in the
 * MADT, found from the RSDP the boot loader handed over (xen/arch/x86/
 * acpi_madt.c). A pure parser: physical memory is reached only through a
 * caller-supplied map function, so host unit tests feed it fake tables.
 */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xen/types.h>

/*
 * Return a pointer through which len bytes at physical address pa can be
 * read, or NULL if that range cannot be reached.
 */
typedef const void *(*acpi_map_fn)(paddr_t pa, size_t len, void *ctx);

struct acpi_cpu_list {
	unsigned int nr; /* entries filled in apic_id[] */
	bool truncated; /* more enabled processors than max */
	u64 lapic_addr; /* local APIC base the MADT gives (override applied) */
};

/*
 * Find the MADT through the RSDP at rsdp (rsdp_len bytes: a copy, e.g.
 * from multiboot2) and the XSDT (RSDT for revision 0), checking every
 * signature, length and checksum on the way, and list the APIC IDs of the
 * enabled processors (local APIC and local x2APIC entries, duplicates
 * dropped) in table order, at most max of them.
 * Returns 0, -ENOENT if there is no RSDP or no MADT, -EINVAL if a table
 * is malformed (out is then empty).
 */
int acpi_madt_cpus(const u8 *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
		   u32 *apic_id, unsigned int max, struct acpi_cpu_list *out);

#endif /* ASM_ACPI_H */
