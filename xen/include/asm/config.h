/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's virtual address layout. Xenolith lives only inside the
 * range Xen reserves for itself in every 64-bit PV guest, L4 slots 256-271
 * (0xffff800000000000-0xffff87ffffffffff, pv-boot-abi.md §5.2); guests own
 * every other slot. Within it we follow Xen's own placement:
 *   slot 256  read-only M2P for guests             RO_MPT_VIRT_START
 *   slot 258  linear page-table map (later)         LINEAR_PT_VIRT_START
 *   slot 260  per-domain area (later)               PERDOMAIN_VIRT_START
 *   slot 261  image (maps physical 0-1 GiB), fixmap  XEN_VIRT_START, FIXADDR
 *   slot 262-271  direct map of RAM (5 TiB)         DIRECTMAP_VIRT_START
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, s) x
#else
#define _AC(x, s) x##s
#endif

/*
 * Spelled exactly as <public/arch-x86/xen-x86_64.h> spells them, so C files
 * may include both headers (identical macro redefinitions are legal).
 */
#ifdef __ASSEMBLY__
#define HYPERVISOR_VIRT_START 0xffff800000000000
#define HYPERVISOR_VIRT_END 0xffff880000000000
#else
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000UL
#define __HYPERVISOR_VIRT_END 0xFFFF880000000000UL
#define HYPERVISOR_VIRT_START __HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_END __HYPERVISOR_VIRT_END
#endif
#define RO_MPT_VIRT_START _AC(0xffff800000000000, UL)
#define RO_MPT_VIRT_END _AC(0xffff804000000000, UL)
#define LINEAR_PT_VIRT_START _AC(0xffff810000000000, UL)
#define PERDOMAIN_VIRT_START _AC(0xffff820000000000, UL)
/*
 * Per-CPU GDT windows in the per-domain slot: 16 pages per CPU, the guest's
 * 14 GDT frames (or a zero page) then the CPU's reserved GDT page.
 */
#define GDT_VIRT_START PERDOMAIN_VIRT_START
#define GDT_VIRT_PER_CPU (_AC(16, UL) << 12)
/* Physical 0 is mapped here with 2 MiB pages; the image sits at 2 MiB. */
#define XEN_VIRT_START _AC(0xffff82d040000000, UL)
#define XEN_VIRT_SIZE _AC(0x40000000, UL)
#define XEN_PHYS_START _AC(0x200000, UL)
/* 4 KiB mappings of devices (local APIC, ...), one 2 MiB table's worth. */
#define FIXADDR_START _AC(0xffff82d080000000, UL)
#define FIXADDR_SIZE _AC(0x200000, UL)
#define DIRECTMAP_VIRT_START _AC(0xffff830000000000, UL)
#define DIRECTMAP_VIRT_END _AC(0xffff880000000000, UL)

/* Each CPU's stack: 8 pages, aligned to its size, struct cpu_info on top. */
#define STACK_ORDER 3
#define STACK_SIZE (_AC(4096, UL) << STACK_ORDER)
/* The lowest pages are the IST stacks for #DF, NMI, #MC and #DB. */
#define IST_DF 1
#define IST_NMI 2
#define IST_MC 3
#define IST_DB 4

#define NR_CPUS 64

#endif /* ASM_CONFIG_H */
