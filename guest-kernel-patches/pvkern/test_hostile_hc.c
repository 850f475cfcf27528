/* SPDX-License-Identifier: MIT */
/*
 * Hostile hypercall arguments (run with tests=hostile_hypercalls): numbers
 * that do not exist, sub-ops that do not exist, buffers in the hypervisor's
 * memory, at non-canonical or unmapped addresses or over our own page
 * tables, counts far beyond any buffer - for xen_version, console_io,
 * sched_op, vm_assist, multicall, memory_op, physdev_op and the debug
 * registers. Each must fail with Xen's errno and leave nothing written;
 * the read-only M2P is the one hypervisor range we can read back, so
 * writes are aimed there whenever the hypercall writes anything.
 */
#include "hostile.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/version.h>

#define E(x) (-XEN_##x)

/* Fixmap slots: a page with an unmapped one right after it. */
#define EDGE_SLOT (HOSTILE_SLOT + 0)
#define HOLE_SLOT (EDGE_SLOT + 1) /* left empty by hostile_edge_setup */

static char edge_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* A pointer n bytes before the end of the mapped edge page. */
static void *edge(size_t n)
{
	return (char *)hostile_va(EDGE_SLOT) + PAGE_SIZE - n;
}

static void *hole(void)
{
	return (void *)hostile_va(HOLE_SLOT);
}

static void attack_numbers(void)
{
	attack_rc("hypercall_unused_11", raw_hypercall(11, 0, 0, 0, 0, 0),
		  E(ENOSYS), NULL);
	attack_rc("hypercall_64", raw_hypercall(64, 0, 0, 0, 0, 0), E(ENOSYS),
		  NULL);
	attack_rc("hypercall_huge", raw_hypercall(~0UL, 0, 0, 0, 0, 0),
		  E(ENOSYS), NULL);
}

static void attack_xen_version(void)
{
	struct m2p_watch w;
	uint64_t before[2];
	void *p;
	long rc;

	attack_rc("xen_version_bad_cmd",
		  HYPERVISOR_xen_version(0x7fffffff, NULL), E(ENOSYS), NULL);
	p = m2p_target(&w);
	rc = HYPERVISOR_xen_version(XENVER_extraversion, p);
	attack_rc("xen_version_into_m2p", rc, E(EFAULT), m2p_changed(&w));
	rc = HYPERVISOR_xen_version(XENVER_capabilities, (void *)HV_DIRECTMAP);
	attack_rc("xen_version_into_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_xen_version(XENVER_compile_info, (void *)NONCANONICAL);
	attack_rc("xen_version_noncanonical", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_xen_version(XENVER_changeset, hole());
	attack_rc("xen_version_unmapped", rc, E(EFAULT), NULL);
	/* The hypervisor must not write where we may not: our own L1. */
	memcpy(before, user_l1, sizeof(before));
	rc = HYPERVISOR_xen_version(XENVER_extraversion, user_l1);
	attack_rc("xen_version_into_page_table", rc, E(EFAULT),
		  memcmp(before, user_l1, sizeof(before)) ?
			  damage("user L1 entry 0 is now %#lx", user_l1[0]) :
			  NULL);
	rc = HYPERVISOR_xen_version(XENVER_get_features, (void *)HV_TEXT);
	attack_rc("xen_version_from_hypervisor", rc, E(EFAULT), NULL);
}

static void attack_console(void)
{
	long rc;

	rc = HYPERVISOR_console_io(CONSOLEIO_write, 64, (char *)HV_TEXT);
	attack_rc("console_write_from_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_console_io(CONSOLEIO_write, 8, (char *)NONCANONICAL);
	attack_rc("console_write_noncanonical", rc, E(EFAULT), NULL);
	/* 16 readable bytes, then a hole: a huge count must stop there. */
	memcpy(edge(16), "0123456789abcdef", 16);
	rc = HYPERVISOR_console_io(CONSOLEIO_write, 0x7fffffff, edge(16));
	attack_rc("console_write_huge_count", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_console_io(99, 1, edge(16));
	attack_rc("console_bad_cmd", rc, E(ENOSYS), NULL);
	rc = HYPERVISOR_console_io(CONSOLEIO_read, 0x80000000U,
				   (char *)HV_DIRECTMAP);
	attack_rc("console_read_huge_count", rc, E(E2BIG), NULL);
}

static void attack_sched(void)
{
	struct sched_remote_shutdown rs = { .domain_id = 999,
					    .reason = SHUTDOWN_poweroff };
	long rc;

	rc = HYPERVISOR_sched_op(0x7fffffff, NULL);
	attack_rc("sched_op_bad_cmd", rc, E(ENOSYS), NULL);
	rc = HYPERVISOR_sched_op_compat(0x7fffffff, 0);
	attack_rc("sched_op_compat_bad_cmd", rc, E(ENOSYS), NULL);
	/* Still running afterwards is the check: we print the next line. */
	rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)HV_TEXT);
	attack_rc("sched_shutdown_from_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_sched_op(SCHEDOP_shutdown_code, (void *)NONCANONICAL);
	attack_rc("sched_shutdown_code_noncanonical", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs);
	attack_rc("sched_remote_shutdown_missing_domain", rc, E(ESRCH), NULL);
}

static void attack_vm_assist(void)
{
	attack_rc("vm_assist_bad_cmd",
		  HYPERVISOR_vm_assist(7, VMASST_TYPE_writable_pagetables),
		  E(ENOSYS), NULL);
	attack_rc("vm_assist_bad_type",
		  HYPERVISOR_vm_assist(VMASST_CMD_enable, 31), E(EINVAL), NULL);
	attack_rc("vm_assist_type_64",
		  HYPERVISOR_vm_assist(VMASST_CMD_enable, 64), E(EINVAL), NULL);
	attack_rc("vm_assist_type_huge",
		  HYPERVISOR_vm_assist(VMASST_CMD_disable, 0xffffffffU),
		  E(EINVAL), NULL);
	attack_rc("vm_assist_bad_cmd_and_type", HYPERVISOR_vm_assist(7, 64),
		  E(EINVAL), NULL);
}

static void mc_entry(struct multicall_entry *e, unsigned long op,
		     unsigned long a0, unsigned long a1, unsigned long a2)
{
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->result = 0x5a5a5a5a;
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
}

static void attack_multicall(void)
{
	static struct multicall_entry outer[3], inner[1];
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
	struct multicall_entry *last = edge(sizeof(*last));
	long rc;

	rc = HYPERVISOR_multicall((void *)HV_TEXT, 1);
	attack_rc("multicall_from_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_multicall((void *)NONCANONICAL, 2);
	attack_rc("multicall_noncanonical", rc, E(EFAULT), NULL);

	/* Nested: the inner batch must not run. */
	mc_entry(&inner[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
	mc_entry(&outer[0], __HYPERVISOR_multicall, (unsigned long)inner, 1, 0);
	rc = HYPERVISOR_multicall(outer, 1);
	if (rc)
		attack_unexpected("multicall_nested", "%s for the batch",
				  errno_name(rc));
	else
		attack_rc("multicall_nested", (long)outer[0].result, E(EINVAL),
			  inner[0].result != 0x5a5a5a5a ?
				  damage("the inner entry ran") :
				  NULL);

	/* Hostile entries fail one by one; the batch carries on. */
	mc_entry(&outer[0], __HYPERVISOR_xen_version, XENVER_extraversion,
		 HV_DIRECTMAP, 0);
	mc_entry(&outer[1], 1000, 0, 0, 0);
	mc_entry(&outer[2], __HYPERVISOR_console_io, CONSOLEIO_write, 16,
		 HV_TEXT);
	rc = HYPERVISOR_multicall(outer, 3);
	if (rc || (long)outer[0].result != E(EFAULT) ||
	    (long)outer[1].result != E(ENOSYS) ||
	    (long)outer[2].result != E(EFAULT))
		attack_unexpected("multicall_bad_entries",
				  "%ld for the batch, entries %ld %ld %ld", rc,
				  (long)outer[0].result, (long)outer[1].result,
				  (long)outer[2].result);
	else
		attack_refused("multicall_bad_entries",
			       "-EFAULT, -ENOSYS, -EFAULT");

	/* One entry, then a hole: a huge count stops at the hole. */
	mc_entry(last, __HYPERVISOR_xen_version, XENVER_version, 0, 0);
	rc = HYPERVISOR_multicall(last, 0xffffffffUL);
	attack_rc("multicall_huge_count", rc, E(EFAULT),
		  (long)last->result != ver && last->result != 0x5a5a5a5a ?
			  damage("entry 0 returned %#lx", last->result) :
			  NULL);
}

static void attack_memory_op(void)
{
	struct xen_memory_map mm = { .nr_entries = 64 };
	domid_t missing = 999;
	struct m2p_watch w;
	void *p;
	long rc;

	rc = HYPERVISOR_memory_op(63, NULL);
	attack_rc("memory_op_bad_cmd", rc, E(ENOSYS), NULL);
	rc = HYPERVISOR_memory_op(XENMEM_current_reservation, (void *)HV_TEXT);
	attack_rc("memory_op_from_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &missing);
	attack_rc("memory_op_missing_domain", rc, E(ESRCH), NULL);
	p = m2p_target(&w);
	rc = HYPERVISOR_memory_op(XENMEM_machphys_mapping, p);
	attack_rc("machphys_mapping_into_m2p", rc, E(EFAULT), m2p_changed(&w));
	set_xen_guest_handle(mm.buffer, (void *)HV_DIRECTMAP);
	rc = HYPERVISOR_memory_op(XENMEM_machine_memory_map, &mm);
	attack_rc("machine_memory_map_into_hypervisor", rc, E(EFAULT), NULL);
	/* Room for two entries before the hole; ask for 2^32 - 1. */
	mm.nr_entries = 0xffffffffU;
	set_xen_guest_handle(mm.buffer,
			     edge(2 * sizeof(struct xen_e820_entry)));
	rc = HYPERVISOR_memory_op(XENMEM_machine_memory_map, &mm);
	attack_rc("machine_memory_map_huge_count", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_memory_op(XENMEM_memory_map, (void *)HV_TEXT);
	attack_rc("memory_map_from_hypervisor", rc, E(EFAULT), NULL);
}

static void attack_physdev(void)
{
	struct physdev_set_iopl iopl = { .iopl = 4 };
	long rc;

	rc = HYPERVISOR_physdev_op(1000, &iopl);
	attack_rc("physdev_bad_cmd", rc, E(ENOSYS), NULL);
	rc = HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, (void *)HV_TEXT);
	attack_rc("physdev_iopl_from_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);
	attack_rc("physdev_iopl_4", rc, E(EINVAL), NULL);
}

#define DR7_GD (1UL << 13)
#define DR7_L0_IO ((1UL << 0) | (2UL << 16)) /* slot 0, R/W = I/O */

static void attack_debugreg(void)
{
	unsigned long dr0 = HYPERVISOR_get_debugreg(0);
	const char *harm;
	long rc;

	rc = HYPERVISOR_set_debugreg(0, HV_TEXT);
	harm = (unsigned long)HYPERVISOR_get_debugreg(0) != dr0 ?
		       damage("DR0 reads %#lx", HYPERVISOR_get_debugreg(0)) :
		       NULL;
	attack_rc("debugreg_hypervisor_address", rc, E(EPERM), harm);
	rc = HYPERVISOR_set_debugreg(1, MACH2PHYS_VIRT_START);
	attack_rc("debugreg_m2p_address", rc, E(EPERM), NULL);
	rc = HYPERVISOR_set_debugreg(2, NONCANONICAL);
	attack_rc("debugreg_noncanonical", rc, E(EPERM), NULL);
	rc = HYPERVISOR_set_debugreg(7, DR7_GD);
	attack_rc("debugreg_dr7_general_detect", rc, E(EPERM), NULL);
	rc = HYPERVISOR_set_debugreg(7, DR7_L0_IO);
	attack_rc("debugreg_dr7_io_breakpoint", rc, E(EPERM), NULL);
	rc = HYPERVISOR_set_debugreg(6, 1UL << 40);
	attack_rc("debugreg_dr6_high_bits", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_set_debugreg(8, 0);
	attack_rc("debugreg_set_dr8", rc, E(ENODEV), NULL);
	rc = HYPERVISOR_set_debugreg(-1, 0);
	attack_rc("debugreg_set_negative", rc, E(ENODEV), NULL);
	rc = HYPERVISOR_get_debugreg(8);
	attack_rc("debugreg_get_dr8", rc, E(ENODEV), NULL);
	HYPERVISOR_set_debugreg(7, 0);
}

static const char *test_hostile_hypercalls(void)
{
	const char *why = hostile_edge_setup(EDGE_SLOT, edge_page);

	if (why)
		return why;
	attack_numbers();
	attack_xen_version();
	attack_console();
	attack_sched();
	attack_vm_assist();
	attack_multicall();
	attack_memory_op();
	attack_physdev();
	attack_debugreg();
	hostile_unmap(EDGE_SLOT);
	return attacks_verdict();
}
DEFINE_REQUEST_TEST(90, "hostile_hypercalls", test_hostile_hypercalls);
