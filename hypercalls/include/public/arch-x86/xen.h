/* SPDX-License-Identifier: MIT */
/*
 * x86 architecture part of the guest ABI: guest handles (how structures
 * carry guest pointers), the register-sized integer types xen_ulong_t and
 * xen_pfn_t, the virtual trap table entry, the full vCPU context handed to
 * VCPUOP_initialise, and the arch parts of shared_info. Only the 64-bit PV
 * layout is described: Xenolith runs 64-bit PV guests and 64-bit tools only,
 * so a 32-bit build is refused rather than silently getting wrong offsets.
 * Include <public/xen.h> rather than this file.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_H__

#include <stdint.h>

#if !defined(__x86_64__)
#error "Xenolith's public headers describe the x86_64 ABI only"
#endif

/*
 * A guest handle is a guest virtual address wrapped in a one-member struct,
 * so hypervisor code cannot dereference it by accident and must go through
 * its copy-from-guest helpers. Same size and alignment as a pointer.
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
	typedef struct {                       \
		type *p;                       \
	} __guest_handle_##name
#define __DEFINE_XEN_GUEST_HANDLE(name, type)   \
	___DEFINE_XEN_GUEST_HANDLE(name, type); \
	___DEFINE_XEN_GUEST_HANDLE(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name) __guest_handle_##name
#define XEN_GUEST_HANDLE(name) __XEN_GUEST_HANDLE(name)
/* A handle passed as a hypercall argument has the same representation. */
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_64(name) XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle_raw(hnd, val) \
	do {                               \
		(hnd).p = val;             \
	} while (0)
#define set_xen_guest_handle(hnd, val) set_xen_guest_handle_raw(hnd, val)
#define get_xen_guest_handle(val, hnd) \
	do {                           \
		val = (hnd).p;         \
	} while (0)

/* Register-sized integers of the ABI: 64 bits on x86_64. */
typedef uint64_t xen_ulong_t;
typedef uint64_t xen_pfn_t; /* a frame number: PFN, MFN or GFN */
#define PRI_xen_pfn "lx"
#define PRI_xen_ulong "lx"

#include "xen-x86_64.h"

/* vcpu_info slots in shared_info; vCPUs beyond these register their own. */
#define XEN_LEGACY_MAX_VCPUS 32

/* This ABI has the PV start_info entry and the PV upcall mask. */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/* CR3 <-> frame number for 64-bit guests. */
#define xen_pfn_to_cr3(pfn) ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((uint64_t)(cr3) >> 12)

/* Guest GDT size limits: 14 guest frames, then the hypervisor's page. */
#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/*
 * One virtual IDT entry, as set_trap_table takes them (an array ending in
 * an entry with address 0) and as vcpu_guest_context.trap_ctxt holds them.
 * flags bits 0-1: lowest privilege that may raise the vector with int $n;
 * bit 2: mask events on entry, like an interrupt gate clearing IF.
 */
struct trap_info {
	uint8_t vector;
	uint8_t flags;
	uint16_t cs; /* RPL forced to 3; 64-bit guests always get FLAT_KERNEL_CS */
	uint64_t address; /* handler VA; 0 ends a set_trap_table array */
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

#define TI_GET_DPL(_ti) ((_ti)->flags & 3)
#define TI_GET_IF(_ti) ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if) ((_ti)->flags |= ((!!(_if)) << 2))

/*
 * The complete state of a vCPU (5168 bytes): VCPUOP_initialise input and
 * what tools read back. Fields the hypervisor checks are listed in
 * pv-boot-abi.md §3.6.
 */
struct vcpu_guest_context {
	struct {
		char x[512]; /* FXSAVE image, used with VGCF_i387_valid */
	} fpu_ctxt;
#define VGCF_I387_VALID (1 << 0)
#define VGCF_IN_KERNEL (1 << 2)
#define _VGCF_i387_valid 0
#define VGCF_i387_valid (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel 2
#define VGCF_in_kernel (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events 4
#define VGCF_syscall_disables_events (1 << _VGCF_syscall_disables_events)
#define _VGCF_online 5
#define VGCF_online (1 << _VGCF_online)
	uint64_t flags; /* VGCF_* */
	struct cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256]; /* indexed by vector */
	uint64_t ldt_base, ldt_ents; /* page-aligned VA, <= 8192 entries */
	uint64_t gdt_frames[16], gdt_ents; /* MFNs, <= 7168 entries */
	uint64_t kernel_ss, kernel_sp; /* stack for user -> kernel entry */
	uint64_t ctrlreg[8]; /* [3] kernel CR3, [1] user CR3 */
	uint64_t debugreg[8];
	uint64_t event_callback_eip;
	uint64_t failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist; /* VMASST_TYPE_* bitmap */
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/*
 * Arch part of shared_info (48 bytes at offset 0xc10). Everything but
 * nmi_reason is written by the guest for the benefit of save/restore tools.
 */
struct arch_shared_info {
	uint64_t max_pfn; /* highest PFN + 1 the p2m covers */
	xen_pfn_t pfn_to_mfn_frame_list_list; /* ~0: use p2m_vaddr */
	uint64_t nmi_reason; /* XEN_NMIREASON_* (public/nmi.h) */
	uint64_t p2m_cr3; /* CR3 of the p2m's linear mapping, or 0 */
	uint64_t p2m_vaddr; /* VA of the linear p2m array */
	uint64_t p2m_generation; /* odd while the p2m mapping changes */
};
typedef struct arch_shared_info arch_shared_info_t;

/*
 * x86 part of XEN_DOMCTL_createdomain and getdomaininfo (8 bytes). A PV
 * domain asks for no emulated devices: emulation_flags 0 (or PIT only).
 */
struct xen_arch_domainconfig {
#define _XEN_X86_EMU_LAPIC 0
#define XEN_X86_EMU_LAPIC (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET 1
#define XEN_X86_EMU_HPET (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM 2
#define XEN_X86_EMU_PM (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC 3
#define XEN_X86_EMU_RTC (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC 4
#define XEN_X86_EMU_IOAPIC (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC 5
#define XEN_X86_EMU_PIC (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA 6
#define XEN_X86_EMU_VGA (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU 7
#define XEN_X86_EMU_IOMMU (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT 8
#define XEN_X86_EMU_PIT (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ 9
#define XEN_X86_EMU_USE_PIRQ (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI 10
#define XEN_X86_EMU_VPCI (1U << _XEN_X86_EMU_VPCI)
	uint32_t emulation_flags; /* XEN_X86_EMU_* */
/* Unhandled MSR accesses: read 0 / discard writes instead of #GP. */
#define XEN_X86_MSR_RELAXED (1U << 0)
	uint32_t misc_flags;
};

#endif /* __XEN_PUBLIC_ARCH_X86_XEN_H__ */
