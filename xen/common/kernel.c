/* SPDX-License-Identifier: MIT */
/*
 * xen_version and vm_assist (pv-boot-abi.md §4.3.15, §4.3.19, §1.4): who
 * the guest is talking to and which optional behaviours it switched on.
 * We speak the Xen 4.17 PV ABI, so that is the version guests see; the
 * extraversion names Xenolith. Features (submap 0) report what this
 * hypervisor really does for a 64-bit PV guest, never more.
 */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <hypercall-defs.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <public/features.h>
#include <public/version.h>
#include <public/xen.h>

#define ABI_MAJOR 4
#define ABI_MINOR 17

/* VM assists a 64-bit PV guest may enable (§4.3.19). */
#define VMASST_ALLOWED                               \
	((1UL << VMASST_TYPE_4gb_segments) |         \
	 (1UL << VMASST_TYPE_4gb_segments_notify) |  \
	 (1UL << VMASST_TYPE_writable_pagetables) |  \
	 (1UL << VMASST_TYPE_pae_extended_cr3) |     \
	 (1UL << VMASST_TYPE_architectural_iopl) |   \
	 (1UL << VMASST_TYPE_runstate_update_flag) | \
	 (1UL << VMASST_TYPE_m2p_strict))

static u32 features_submap0(const struct domain *d)
{
	u32 f = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
		(1U << XENFEAT_highmem_assist) |
		(1U << XENFEAT_gnttab_map_avail_bits) |
		(1U << XENFEAT_memory_op_vnode_supported) |
		(1U << XENFEAT_direct_mapped);

	if (d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3))
		f |= 1U << XENFEAT_pae_pgdir_above_4gb;
	if (d->is_privileged)
		f |= 1U << XENFEAT_dom0;
	return f;
}

/* Copy a NUL-terminated string into a fixed-size guest buffer. */
static long copy_string_out(void *arg, const char *s, size_t size)
{
	char buf[1024];

	memset(buf, 0, size);
	strlcpy(buf, s, size);
	return copy_to_guest(arg, buf, size);
}

long do_xen_version(int cmd, void *arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case XENVER_version:
		return (ABI_MAJOR << 16) | ABI_MINOR;
	case XENVER_extraversion:
		return copy_string_out(arg, "-xenolith", XEN_EXTRAVERSION_LEN);
	case XENVER_compile_info: {
		struct xen_compile_info ci;

		memset(&ci, 0, sizeof(ci));
		strlcpy(ci.compiler, xenolith_compiler(), sizeof(ci.compiler));
		strlcpy(ci.compile_by, "xenolith", sizeof(ci.compile_by));
		strlcpy(ci.compile_date, xenolith_version(),
			sizeof(ci.compile_date));
		return copy_to_guest(arg, &ci, sizeof(ci));
	}
	case XENVER_capabilities:
		return copy_string_out(arg, "xen-3.0-x86_64 ",
				       XEN_CAPABILITIES_INFO_LEN);
	case XENVER_changeset:
		return copy_string_out(arg, xenolith_changeset(),
				       XEN_CHANGESET_INFO_LEN);
	case XENVER_platform_parameters: {
		struct xen_platform_parameters pp = {
			.virt_start = HYPERVISOR_VIRT_START,
		};

		return copy_to_guest(arg, &pp, sizeof(pp));
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(&fi, arg, sizeof(fi)))
			return -EFAULT;
		if (fi.submap_idx != 0)
			return -EINVAL;
		fi.submap = features_submap0(d);
		return copy_to_guest(arg, &fi, sizeof(fi));
	}
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_guest_handle:
		return copy_to_guest(arg, d->handle, sizeof(d->handle));
	case XENVER_commandline:
		if (!d->is_privileged)
			return -EPERM;
		return copy_string_out(arg, boot_info_get()->cmdline,
				       sizeof(xen_commandline_t));
	default:
		return -ENOSYS;
	}
}

long do_vm_assist(unsigned int cmd, unsigned int type)
{
	struct domain *d = current->domain;

	/* As Xen: a bad type wins over a bad command. */
	if (type >= 64 || !(VMASST_ALLOWED & (1UL << type)))
		return -EINVAL;
	if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
		return -ENOSYS;
	if (cmd == VMASST_CMD_enable)
		__atomic_or_fetch(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
	else
		__atomic_and_fetch(&d->vm_assist, ~(1UL << type),
				   __ATOMIC_SEQ_CST);
	return 0;
}
