/* SPDX-License-Identifier: MIT */
/*
 * platform_op (hypercall 7): hardware-domain-only operations on the
 * physical platform - setting the wall clock, firmware (EDD/MBR) probes,
 * physical CPU information. Each request carries
 * XENPF_INTERFACE_VERSION; a mismatch gets -EACCES. The sub-ops Linux 6.1
 * dom0 issues and the minimal answers: dom0-abi.md §4.1.
 */
#ifndef __XEN_PUBLIC_PLATFORM_H__
#define __XEN_PUBLIC_PLATFORM_H__

#include <stdint.h>

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

#define XENPF_settime32 17
#define XENPF_add_memtype 31
#define XENPF_del_memtype 32
#define XENPF_read_memtype 33
#define XENPF_microcode_update 35
#define XENPF_platform_quirk 39
#define XENPF_efi_runtime_call 49
#define XENPF_firmware_info 50
#define XENPF_enter_acpi_sleep 51
#define XENPF_set_processor_pminfo 54
#define XENPF_get_cpuinfo 55
#define XENPF_cpu_online 56
#define XENPF_cpu_offline 57
#define XENPF_settime64 62
#define XENPF_get_symbol 63

/* Set the wall clock: it read secs.nsecs at system_time (16 bytes). */
struct xenpf_settime32 {
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};

/* The same with 64-bit seconds (24 bytes); mbz != 0 is -EINVAL. */
struct xenpf_settime64 {
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz;
	uint64_t system_time;
};

/* Firmware data the hypervisor collected at boot (40 bytes). */
#define XEN_FW_DISK_INFO 1 /* EDD: index = disk number */
#define XEN_FW_DISK_MBR_SIGNATURE 2
#define XEN_FW_VBEDDC_INFO 3
#define XEN_FW_EFI_INFO 4
#define XEN_FW_KBD_SHIFT_FLAGS 5
struct xenpf_firmware_info {
	uint32_t type; /* IN: XEN_FW_* */
	uint32_t index; /* IN */
	union {
		struct {
			uint8_t device; /* BIOS drive number */
			uint8_t version; /* EDD version */
			uint16_t interface_support;
			uint16_t legacy_max_cylinder;
			uint8_t legacy_max_head;
			uint8_t legacy_sectors_per_track;
			XEN_GUEST_HANDLE(void) edd_params;
		} disk_info;
		struct {
			uint8_t device;
			uint32_t mbr_signature;
		} disk_mbr_signature;
		struct {
			uint8_t capabilities;
			uint8_t edid_transfer_time;
			XEN_GUEST_HANDLE(uint8) edid;
		} vbeddc_info;
		uint8_t kbd_shift_flags;
		/* XEN_FW_EFI_INFO's members are not described here; they
		 * make the union 32 bytes. */
		uint64_t efi_info_space[4];
	} u; /* OUT */
};

/* ACPI S-state entry (12 bytes). */
struct xenpf_enter_acpi_sleep {
	uint16_t val_a, val_b; /* PM1a/PM1b control values */
	uint32_t sleep_state; /* S-state */
	uint32_t flags;
};

/* One physical CPU (20 bytes). */
#define XEN_PCPU_FLAGS_ONLINE 1
#define XEN_PCPU_FLAGS_INVALID 2
struct xenpf_pcpuinfo {
	uint32_t xen_cpuid; /* IN */
	uint32_t max_present; /* OUT: highest present CPU id */
	uint32_t flags; /* OUT: XEN_PCPU_FLAGS_* */
	uint32_t apic_id;
	uint32_t acpi_id;
};

struct xenpf_cpu_ol {
	uint32_t cpuid;
};

/* The request (136 bytes): the argument of the platform_op hypercall. */
struct xen_platform_op {
	uint32_t cmd; /* XENPF_* */
	uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
	union {
		struct xenpf_settime32 settime32;
		struct xenpf_settime64 settime64;
		struct xenpf_firmware_info firmware_info;
		struct xenpf_enter_acpi_sleep enter_acpi_sleep;
		struct xenpf_pcpuinfo pcpu_info;
		struct xenpf_cpu_ol cpu_ol;
		uint8_t pad[128]; /* the union's size is ABI */
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

#endif /* __XEN_PUBLIC_PLATFORM_H__ */
