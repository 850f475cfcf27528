/* SPDX-License-Identifier: MIT */
/*
 * The core of the Xen PV guest ABI as Xenolith speaks it: hypercall numbers,
 * virtual IRQ numbers, domain ids, the mmu_update / mmuext_op / multicall
 * argument records, update_va_mapping flags, VM assists, console_io
 * commands, and the three pages the hypervisor shares with every PV guest
 * at start of day (start_info, shared_info with its vcpu_info array). Every
 * number and layout here is Xen's (pv-boot-abi.md §1-§4) and is pinned by
 * tests/abi; the hypervisor, guests and dom0 tools all include this file.
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#include <stdint.h>

#include "arch-x86/xen.h"

/*
 * Variable-length trailing arrays: a flexible array member where the
 * language has one, else one element (sizeof then counts that element and
 * its padding; only code that takes sizeof of these structs can tell).
 */
#ifndef XEN_FLEX_ARRAY_DIM
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
#define XEN_FLEX_ARRAY_DIM /* empty */
#else
#define XEN_FLEX_ARRAY_DIM 1
#endif
#endif

/* Guest handles for the plain types hypercalls pass arrays of. */
__DEFINE_XEN_GUEST_HANDLE(char, char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
__DEFINE_XEN_GUEST_HANDLE(int, int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
__DEFINE_XEN_GUEST_HANDLE(void, void);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/*
 * Hypercall numbers (%rax). The dispatch table has 64 slots; numbers not
 * listed here, and listed ones a build does not implement, return -ENOSYS.
 * hypercalls/hypercalls.tbl is the table the dispatcher and the guest stubs
 * are generated from; tests/abi checks that it agrees with these values.
 */
#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_fpu_taskswitch 5
#define __HYPERVISOR_sched_op_compat 6 /* legacy: use sched_op */
#define __HYPERVISOR_platform_op 7
#define __HYPERVISOR_set_debugreg 8
#define __HYPERVISOR_get_debugreg 9
#define __HYPERVISOR_update_descriptor 10
/* 11 is unused */
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_multicall 13
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_event_channel_op_compat 16 /* legacy */
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_physdev_op_compat 19 /* legacy */
#define __HYPERVISOR_grant_table_op 20
#define __HYPERVISOR_vm_assist 21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret 23 /* x86 only */
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_set_segment_base 25 /* x86_64 only */
#define __HYPERVISOR_mmuext_op 26
#define __HYPERVISOR_xsm_op 27
#define __HYPERVISOR_nmi_op 28
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_xenoprof_op 31
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34
#define __HYPERVISOR_sysctl 35
#define __HYPERVISOR_domctl 36
#define __HYPERVISOR_kexec_op 37
#define __HYPERVISOR_tmem_op 38 /* removed from Xen */
#define __HYPERVISOR_argo_op 39
#define __HYPERVISOR_xenpmu_op 40
#define __HYPERVISOR_dm_op 41
#define __HYPERVISOR_hypfs_op 42
/* Architecture-specific numbers. */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55
/* x86 names for the arch slots. */
#define __HYPERVISOR_mca __HYPERVISOR_arch_0
#define __HYPERVISOR_paging_domctl_cont __HYPERVISOR_arch_1

/* Size of the dispatch table; also the number of hypercall-page stubs used. */
#define XEN_NR_HYPERCALLS 64

/*
 * Virtual IRQs, bound with EVTCHNOP_bind_virq. "V" ones are per vCPU (bound
 * once on each vCPU); "G" ones are global, bound once per domain on vCPU 0.
 */
#define VIRQ_TIMER 0 /* V: timer expired */
#define VIRQ_DEBUG 1 /* V: dump debug state */
#define VIRQ_CONSOLE 2 /* G: dom0 - bytes on the hypervisor console */
#define VIRQ_DOM_EXC 3 /* G: dom0 - a domain shut down or died */
#define VIRQ_TBUF 4 /* G: dom0 - trace buffer records */
#define VIRQ_DEBUGGER 6 /* G: dom0 - a domain paused for debugging */
#define VIRQ_XENOPROF 7 /* V: profiling sample */
#define VIRQ_CON_RING 8 /* G: dom0 - hypervisor console ring has text */
#define VIRQ_PCPU_STATE 9 /* G: dom0 - physical CPU state changed */
#define VIRQ_MEM_EVENT 10 /* G: dom0 - memory event */
#define VIRQ_ARGO 11 /* G: Argo message */
#define VIRQ_ENOMEM 12 /* G: dom0 - hypervisor heap low */
#define VIRQ_XENPMU 13 /* V: PMU interrupt */
#define VIRQ_ARCH_0 16
#define VIRQ_ARCH_1 17
#define VIRQ_ARCH_2 18
#define VIRQ_ARCH_3 19
#define VIRQ_ARCH_4 20
#define VIRQ_ARCH_5 21
#define VIRQ_ARCH_6 22
#define VIRQ_ARCH_7 23
#define VIRQ_MCA VIRQ_ARCH_0 /* G: dom0 - machine-check telemetry (x86) */
#define NR_VIRQS 24

/*
 * mmu_update: the low two bits of mmu_update.ptr select the command; the
 * rest is the machine address of the target (pv-boot-abi.md §4.3.2).
 */
#define MMU_NORMAL_PT_UPDATE 0 /* validated *ptr = val */
#define MMU_MACHPHYS_UPDATE 1 /* M2P[ptr >> 12] = val */
#define MMU_PT_UPDATE_PRESERVE_AD 2 /* as 0, keeping the entry's A/D bits */
#define MMU_PT_UPDATE_NO_TRANSLATE 3 /* as 0, val is not GFN-translated */
/*
 * In the count of a continued mmu_update/mmuext_op: the rest of a batch
 * the hypervisor preempted; *done then holds the requests done so far.
 */
#define MMU_UPDATE_PREEMPTED (~(~0U >> 1))

struct mmu_update {
	uint64_t ptr; /* machine address of the entry | MMU_* command */
	uint64_t val; /* new contents */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/* mmuext_op commands (pv-boot-abi.md §4.3.22). */
#define MMUEXT_PIN_L1_TABLE 0
#define MMUEXT_PIN_L2_TABLE 1
#define MMUEXT_PIN_L3_TABLE 2
#define MMUEXT_PIN_L4_TABLE 3
#define MMUEXT_UNPIN_TABLE 4
#define MMUEXT_NEW_BASEPTR 5
#define MMUEXT_TLB_FLUSH_LOCAL 6
#define MMUEXT_INVLPG_LOCAL 7
#define MMUEXT_TLB_FLUSH_MULTI 8
#define MMUEXT_INVLPG_MULTI 9
#define MMUEXT_TLB_FLUSH_ALL 10
#define MMUEXT_INVLPG_ALL 11
#define MMUEXT_FLUSH_CACHE 12
#define MMUEXT_SET_LDT 13
/* 14 is unused */
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE 16
#define MMUEXT_COPY_PAGE 17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER 19
#define MMUEXT_UNMARK_SUPER 20

/* One extended MMU operation (24 bytes); which union member is live
 * depends on cmd. */
struct mmuext_op {
	uint32_t cmd; /* MMUEXT_* */
	union {
		/* pin/unpin, NEW_BASEPTR, NEW_USER_BASEPTR, CLEAR/COPY_PAGE */
		xen_pfn_t mfn;
		/* INVLPG_*, SET_LDT */
		uint64_t linear_addr;
	} arg1;
	union {
		/* SET_LDT */
		uint32_t nr_ents;
		/* TLB_FLUSH_MULTI, INVLPG_MULTI: bitmap of vCPUs, in longs */
		XEN_GUEST_HANDLE(const_void) vcpumask;
		/* COPY_PAGE */
		xen_pfn_t src_mfn;
	} arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

/*
 * update_va_mapping flags: bits 0-1 say what to flush, bits 2+ where. A
 * vCPU bitmap pointer may be OR-ed in instead of UVMF_ALL (UVMF_MULTI).
 */
#define UVMF_NONE (0UL << 0)
#define UVMF_TLB_FLUSH (1UL << 0)
#define UVMF_INVLPG (2UL << 0)
#define UVMF_FLUSHTYPE_MASK (3UL << 0)
#define UVMF_MULTI (0UL << 2) /* OR in a pointer to a vCPU bitmap */
#define UVMF_LOCAL (0UL << 2) /* UVMF_MULTI with a NULL bitmap */
#define UVMF_ALL (1UL << 2)

/* console_io commands. */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* vm_assist commands and the assists a 64-bit PV guest may toggle. */
#define VMASST_CMD_enable 0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_4gb_segments 0 /* 32-bit only; no effect */
#define VMASST_TYPE_4gb_segments_notify 1 /* 32-bit only; no effect */
#define VMASST_TYPE_writable_pagetables 2 /* emulate writes to RO L1s */
#define VMASST_TYPE_pae_extended_cr3 3 /* 32-bit only; no effect */
#define VMASST_TYPE_architectural_iopl 4 /* kernel counts as CPL 0 */
#define VMASST_TYPE_runstate_update_flag 5 /* XEN_RUNSTATE_UPDATE bit */
#define VMASST_TYPE_m2p_strict 32 /* hide the M2P from user page tables */

/* Domain ids. Ids at or above DOMID_FIRST_RESERVED are never domains. */
typedef uint16_t domid_t;
#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF 0x7FF0U /* the caller */
#define DOMID_IO 0x7FF1U /* owner of I/O pages (mmu_update foreigndom) */
#define DOMID_XEN 0x7FF2U /* owner of hypervisor heap pages */
#define DOMID_COW 0x7FF3U /* owner of shared copy-on-write pages */
#define DOMID_INVALID 0x7FF4U /* no owner / none */
#define DOMID_ANY 0x7FF5U /* newer than Xen 4.17: "pick one" */
#define DOMID_IDLE 0x7FFFU /* the idle domain */
#define DOMID_MASK 0x7FFFU

/*
 * One call of a multicall batch (64 bytes). The hypervisor writes the
 * call's return value into result; args beyond the call's count are ignored.
 */
struct multicall_entry {
	xen_ulong_t op; /* __HYPERVISOR_* */
	xen_ulong_t result;
	xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/* Ports in the 2-level event ABI: one bit per port in shared_info. */
#define EVTCHN_2L_NR_CHANNELS (64 * 64)

/*
 * Per-vCPU time base (32 bytes). The hypervisor bumps version to odd,
 * updates, bumps it to even; readers retry while it is odd or changed.
 * now = system_time + (((tsc - tsc_timestamp) << tsc_shift) * mul) >> 32
 * (a negative tsc_shift shifts right).
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp; /* TSC at the last update */
	uint64_t system_time; /* ns since hypervisor boot at tsc_timestamp */
	uint32_t tsc_to_system_mul; /* 32.32 fixed point */
	int8_t tsc_shift;
	uint8_t flags; /* XEN_PVCLOCK_* */
	uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);

#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0) /* TSC is synchronised */
#define XEN_PVCLOCK_GUEST_STOPPED (1 << 1) /* vCPU was paused */

/*
 * Per-vCPU shared state (64 bytes). The hypervisor sets
 * evtchn_upcall_pending and bits of evtchn_pending_sel; the guest clears
 * them. evtchn_upcall_mask is the guest's interrupt flag, inverted.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	xen_ulong_t evtchn_pending_sel; /* bit w: evtchn_pending[w] has work */
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared_info page (3136 bytes used). Guests must not depend on its
 * size. Bit p of evtchn_pending / evtchn_mask is event port p.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[64];
	xen_ulong_t evtchn_mask[64];
	/* Wall clock at system time 0; versioned like vcpu_time_info. */
	uint32_t wc_version;
	uint32_t wc_sec; /* seconds since the epoch, low 32 bits */
	uint32_t wc_nsec;
	uint32_t wc_sec_hi; /* seconds, high 32 bits */
	struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/*
 * The start_info page (1168 bytes used), %rsi at the guest's entry. magic
 * through console are rewritten on resume; the rest only at first boot.
 */
#define MAX_GUEST_CMDLINE 1024
struct start_info {
	char magic[32]; /* "xen-3.0-x86_64" */
	uint64_t nr_pages; /* pages allocated to the domain */
	uint64_t shared_info; /* machine address of shared_info */
	uint32_t flags; /* SIF_* */
	xen_pfn_t store_mfn; /* xenstore ring page */
	uint32_t store_evtchn;
	union {
		struct {
			xen_pfn_t mfn; /* console ring page */
			uint32_t evtchn;
		} domU;
		struct {
			uint32_t info_off; /* offset of dom0_vga_console_info */
			uint32_t info_size;
		} dom0;
	} console;
	uint64_t pt_base; /* VA of the bootstrap L4 */
	uint64_t nr_pt_frames; /* bootstrap page-table frames */
	uint64_t mfn_list; /* VA of the p2m array */
	uint64_t mod_start; /* VA of the module, or its PFN (SIF_MOD_START_PFN) */
	uint64_t mod_len; /* module size in bytes */
	int8_t cmd_line[MAX_GUEST_CMDLINE];
	uint64_t first_p2m_pfn; /* first PFN of the INIT_P2M mapping's frames */
	uint64_t nr_p2m_frames;
};
typedef struct start_info start_info_t;

#define XEN_START_INFO_MAGIC "xen-3.0-x86_64"

/* start_info.flags */
#define SIF_PRIVILEGED (1 << 0) /* the domain is privileged */
#define SIF_INITDOMAIN (1 << 1) /* the domain is the initial domain */
#define SIF_MULTIBOOT_MOD (1 << 2) /* mod_start is a multiboot module list */
#define SIF_MOD_START_PFN (1 << 3) /* mod_start is a PFN, not a VA */
#define SIF_VIRT_P2M_4TOOLS (1 << 4) /* tools understand a virtual p2m */
#define SIF_PM_MASK (0xFF << 8) /* reserved for power-management options */

/*
 * With SIF_MULTIBOOT_MOD the module starts with an array of these, ending
 * in one whose mod_start is 0; addresses are relative to the module start.
 */
struct xen_multiboot_mod_list {
	uint32_t mod_start;
	uint32_t mod_end; /* last byte, inclusive */
	uint32_t cmdline;
	uint32_t pad;
};

/* dom0's console description, at start_info + console.dom0.info_off. */
struct dom0_vga_console_info {
	uint8_t video_type; /* XEN_VGATYPE_* */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB 0x23
#define XEN_VGATYPE_EFI_LFB 0x70
	union {
		struct {
			uint16_t font_height;
			uint16_t cursor_x, cursor_y;
			uint16_t rows, columns;
		} text_mode_3;
		struct {
			uint16_t width, height;
			uint16_t bytes_per_line;
			uint16_t bits_per_pixel;
			uint32_t lfb_base; /* low 32 bits of the LFB address */
			uint32_t lfb_size; /* in 64 KiB units */
			uint8_t red_pos, red_size;
			uint8_t green_pos, green_size;
			uint8_t blue_pos, blue_size;
			uint8_t rsvd_pos, rsvd_size;
			uint32_t gbl_caps;
			uint16_t mode_attrs;
			uint16_t pad;
			uint32_t ext_lfb_base; /* high 32 bits of the LFB address */
		} vesa_lfb;
	} u;
};
typedef struct dom0_vga_console_info dom0_vga_console_info_t;

/* A domain's UUID. */
typedef uint8_t xen_domain_handle_t[16];

#endif /* __XEN_PUBLIC_XEN_H__ */
