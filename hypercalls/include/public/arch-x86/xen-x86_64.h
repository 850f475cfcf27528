/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 half of the PV guest ABI: the flat selectors the hypervisor
 * reserves in every guest GDT, the fixed virtual range the hypervisor owns,
 * the read-only machine-to-phys table's address, set_segment_base commands,
 * the frame a guest builds for the iret hypercall, and the saved register
 * block (cpu_user_regs) embedded in vcpu_guest_context. Values are Xen's
 * (pv-boot-abi.md §3.5, §4.3.14, §4.3.21, §5.2, §5.3); do not change them.
 * Include <public/xen.h> rather than this file.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__

#include <stdint.h>

/*
 * Ring-3 flat segments in the hypervisor-reserved GDT page. The 32-bit code,
 * data and 64-bit code selectors are consecutive because sysret needs them
 * that way; a 64-bit PV kernel and its user space both run on them.
 */
#define FLAT_RING3_CS32 0xe023 /* GDT index 260 */
#define FLAT_RING3_CS64 0xe033 /* GDT index 262 */
#define FLAT_RING3_DS32 0xe02b /* GDT index 261 */
#define FLAT_RING3_DS64 0x0000 /* null selector: 64-bit data needs none */
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS FLAT_KERNEL_SS64

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS FLAT_USER_SS64

/*
 * The hypervisor's hole in every guest address space: L4 slots 256-271.
 * Its first 256 GiB hold the read-only M2P table, one 8-byte PFN per MFN.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000UL
#define __HYPERVISOR_VIRT_END 0xFFFF880000000000UL
#define __MACH2PHYS_VIRT_START 0xFFFF800000000000UL
#define __MACH2PHYS_VIRT_END 0xFFFF804000000000UL
#define HYPERVISOR_VIRT_START __HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_END __HYPERVISOR_VIRT_END
#define MACH2PHYS_VIRT_START __MACH2PHYS_VIRT_START
#define MACH2PHYS_VIRT_END __MACH2PHYS_VIRT_END
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)
/* Only meaningful inside a guest, where the table is mapped. */
#define machine_to_phys_mapping ((unsigned long *)HYPERVISOR_VIRT_START)

/* set_segment_base(which, base): which segment base register to load. */
#define SEGBASE_FS 0
#define SEGBASE_GS_USER 1
#define SEGBASE_GS_KERNEL 2
#define SEGBASE_GS_USER_SEL 3 /* base is a selector to load into user GS */

/*
 * Flags word of the iret frame: with VGCF_in_syscall the guest came in via
 * syscall, so rcx/r11 are dead and the hypervisor may return with sysret.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL VGCF_in_syscall

/*
 * What %rsp points at when a guest issues the iret hypercall (#23): the
 * lowest address is the last thing pushed. 72 bytes.
 */
struct iret_context {
	uint64_t rax, r11, rcx, flags; /* flags: VGCF_in_syscall or 0 */
	uint64_t rip, cs, rflags, rsp, ss; /* an ordinary iretq frame */
};

/*
 * Saved guest registers (200 bytes). The order is the hypervisor's entry
 * frame, which is why the GPRs run r15 first. Segment selectors sit in
 * wider slots; error_code and entry_vector are the hypervisor's own and are
 * ignored when a guest hands a context in.
 */
struct cpu_user_regs {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t rbp;
	uint64_t rbx;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint32_t error_code;
	uint32_t entry_vector;
	uint64_t rip;
	uint16_t cs, _pad0[1];
	uint8_t saved_upcall_mask;
	uint8_t _pad1[3];
	uint64_t rflags;
	uint64_t rsp;
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;

/* Guest-visible per-vCPU arch state in vcpu_info (16 bytes). */
struct arch_vcpu_info {
	uint64_t cr2; /* faulting address of the last #PF bounced */
	uint64_t pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* The callback address type of callback_op and set_callbacks. */
typedef uint64_t xen_callback_t;

#endif /* __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__ */
