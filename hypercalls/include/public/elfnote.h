/* SPDX-License-Identifier: MIT */
/*
 * ELF note types a PV guest image uses to describe itself to the domain
 * builder (notes named "Xen"), plus the note types of hypervisor crash and
 * core-dump files. Meanings and defaults: pv-boot-abi.md §1.2. Shared by the
 * hypervisor's dom0 builder and vmctl's domain builder, and by guests that
 * emit the notes.
 */
#ifndef __XEN_PUBLIC_ELFNOTE_H__
#define __XEN_PUBLIC_ELFNOTE_H__

/* The note name every Xen note carries (n_namesz = 4, NUL included). */
#define XEN_ELFNOTE_NAME "Xen"

#define XEN_ELFNOTE_INFO 0 /* string: free text, ignored */
#define XEN_ELFNOTE_ENTRY 1 /* number: entry VA */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2 /* number: VA to fill with stubs */
#define XEN_ELFNOTE_VIRT_BASE 3 /* number: VA of PFN 0 */
#define XEN_ELFNOTE_PADDR_OFFSET 4 /* number: subtract from p_paddr */
#define XEN_ELFNOTE_XEN_VERSION 5 /* string: must start "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS 6 /* string */
#define XEN_ELFNOTE_GUEST_VERSION 7 /* string */
#define XEN_ELFNOTE_LOADER 8 /* string: "generic" */
#define XEN_ELFNOTE_PAE_MODE 9 /* string: 32-bit guests only */
#define XEN_ELFNOTE_FEATURES 10 /* string: '|'-separated, '!' = required */
#define XEN_ELFNOTE_BSD_SYMTAB 11 /* string: "yes" appends a symtab */
#define XEN_ELFNOTE_HV_START_LOW 12 /* number: 32-bit guests only */
#define XEN_ELFNOTE_L1_MFN_VALID 13 /* (mask, value) pairs */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14 /* number */
#define XEN_ELFNOTE_INIT_P2M 15 /* number: VA for the initial p2m */
#define XEN_ELFNOTE_MOD_START_PFN 16 /* number: initrd may be unmapped */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* u32 array: XENFEAT bitmap */
#define XEN_ELFNOTE_PHYS32_ENTRY 18 /* PVH entry; ignored for PV */
#define XEN_ELFNOTE_PHYS32_RELOC 19 /* PVH relocation; newer than 4.17 */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_RELOC

/* Notes in hypervisor crash dumps (kexec). */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002

/* Notes in domain core-dump files. */
#define XEN_ELFNOTE_DUMPCORE_NONE 0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER 0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION 0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif /* __XEN_PUBLIC_ELFNOTE_H__ */
