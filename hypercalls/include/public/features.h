/* SPDX-License-Identifier: MIT */
/*
 * Feature bits (submap 0) the hypervisor reports through
 * XENVER_get_features and a guest names in its FEATURES / SUPPORTED_FEATURES
 * ELF notes. The names after XENFEAT_ are the words of the FEATURES string.
 * Which bits a 64-bit PV domU must see: pv-boot-abi.md §1.4 (notably 5 and
 * 7 set, 2 and 8 clear, or Linux 6.1 will not boot).
 */
#ifndef __XEN_PUBLIC_FEATURES_H__
#define __XEN_PUBLIC_FEATURES_H__

#define XENFEAT_writable_page_tables 0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap 2 /* must stay 0 for PV */
#define XENFEAT_supervisor_mode_kernel 3
#define XENFEAT_pae_pgdir_above_4gb 4
#define XENFEAT_mmu_pt_update_preserve_ad 5 /* Linux 6.1 needs it */
#define XENFEAT_highmem_assist 6 /* MMUEXT_CLEAR_PAGE/COPY_PAGE exist */
#define XENFEAT_gnttab_map_avail_bits 7 /* Linux 6.1 needs it */
#define XENFEAT_hvm_callback_vector 8 /* HVM only: must be 0 for PV */
#define XENFEAT_hvm_safe_pvclock 9
#define XENFEAT_hvm_pirqs 10
#define XENFEAT_dom0 11 /* the hardware domain */
#define XENFEAT_grant_map_identity 12 /* retired */
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_ARM_SMCCC_supported 14
#define XENFEAT_linux_rsdp_unrestricted 15
#define XENFEAT_not_direct_mapped 16
#define XENFEAT_direct_mapped 17
#define XENFEAT_runstate_phys_area 18 /* Xen >= 4.18 */
#define XENFEAT_vcpu_time_phys_area 19 /* Xen >= 4.18 */
#define XENFEAT_dm_msix_all_writes 20 /* newer than 4.17 */

#define XENFEAT_NR_SUBMAPS 1

#endif /* __XEN_PUBLIC_FEATURES_H__ */
