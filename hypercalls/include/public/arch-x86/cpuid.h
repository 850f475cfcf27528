/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's CPUID leaves (base 0x40000000): the "XenVMMXenVMM"
 * signature Linux scans for before it will treat itself as a Xen guest, the
 * version, hypercall-page, time and feature leaves. Values and what Linux
 * depends on: pv-boot-abi.md §5.8.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_CPUID_H__
#define __XEN_PUBLIC_ARCH_X86_CPUID_H__

/* Linux probes bases 0x40000000..0x4000ff00 in steps of 0x100. */
#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i) (XEN_CPUID_FIRST_LEAF + (i))

/* Leaf 0: EAX = highest leaf; EBX:ECX:EDX = "XenVMMXenVMM". */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558 /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e /* "nVMM" */

/* Leaf 1: EAX = (major << 16) | minor. */

/*
 * Leaf 2: EAX = number of hypercall pages, EBX = MSR that installs one
 * (HVM), ECX = feature flags below.
 */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD \
	(1U << _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD)

/* Leaf 3: TSC mode and scaling (sub-leaves 0-2). Leaf 3 sub-leaf 0 EAX: */
#define XEN_CPUID_TSC_EMULATED (1U << 0)
#define XEN_CPUID_HOST_TSC_RELIABLE (1U << 1)
#define XEN_CPUID_RDTSCP_INSTR_AVAIL (1U << 2)

/*
 * Leaf 4: HVM-only feature flags. Must read 0 for PV: with bit 6 set Linux
 * tries HVMOP_set_evtchn_upcall_vector.
 */
#define XEN_HVM_CPUID_UPCALL_VECTOR (1U << 6)

/* Leaf 5: PV features. EBX[7:0] = machine address width in bits. */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK 0xffU

#define XEN_CPUID_MAX_NUM_LEAVES 5

#endif /* __XEN_PUBLIC_ARCH_X86_CPUID_H__ */
