/* SPDX-License-Identifier: MIT */
/*
 * Builds the generated dispatch table (hypercall-defs.h with
 * XEN_HYPERCALL_DEFINE_TABLE) against generated stand-in handlers that
 * record their arguments and return their hypercall number, then checks
 * every slot: the right handler, argument count and name, ENOSYS for the
 * excluded and unused numbers, and that register values reach the handler
 * converted to the declared parameter types.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "abi.h"

#define XEN_HYPERCALL_DEFINE_TABLE
#include "hypercall-defs.h"
#include "hypercall-names.h"

extern uint64_t abi_stub_args[6];

static unsigned int failures;
#define EXPECT(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			failures++;                                            \
			printf("    %s:%d: expected %s\n", __FILE__, __LINE__, \
			       #cond);                                         \
		}                                                              \
	} while (0)

static const uint64_t no_args[6];

/* Every table line lands in its slot with its handler and count. */
static void check_listed(unsigned int *listed, unsigned int *implemented)
{
#define X(nr_, name_, fn_, nargs_, impl_)                                \
	do {                                                             \
		const struct hypercall_entry *e = &hypercall_table[nr_]; \
		(*listed)++;                                             \
		*implemented += (impl_);                                 \
		EXPECT(e->handler == (hypercall_handler_t)fn_);          \
		EXPECT(e->nargs == ((impl_) ? (nargs_) : 0u));           \
		EXPECT(e->fn(no_args) ==                                 \
		       ((impl_) ? (long)(nr_) : -XEN_ENOSYS));           \
		EXPECT(hypercall_name(nr_) &&                            \
		       strcmp(hypercall_name(nr_), #name_) == 0);        \
		EXPECT(__HYPERVISOR_##name_ == (nr_));                   \
	} while (0);
	HYPERCALL_LIST(X)
#undef X
}

static void check_spot(void)
{
	uint64_t a[6] = { 0 };

	/* The examples the table's readers will look for first. */
	EXPECT(hypercall_table[17].handler ==
	       (hypercall_handler_t)do_xen_version);
	EXPECT(hypercall_table[17].nargs == 2);
	EXPECT(hypercall_table[29].handler == (hypercall_handler_t)do_sched_op);
	EXPECT(hypercall_table[13].handler ==
	       (hypercall_handler_t)do_multicall);
	EXPECT(hypercall_table[23].handler == (hypercall_handler_t)do_iret);
	EXPECT(hypercall_table[23].nargs == 0);
	EXPECT(hypercall_table[1].nargs == 4);
	EXPECT(hypercall_table[34].handler ==
	       (hypercall_handler_t)do_ni_hypercall); /* hvm_op */
	EXPECT(hypercall_table[48].handler ==
	       (hypercall_handler_t)do_ni_hypercall); /* mca */

	/* Unused numbers: ENOSYS, no name. */
	EXPECT(hypercall_table[11].fn(no_args) == -XEN_ENOSYS);
	EXPECT(hypercall_table[63].fn(no_args) == -XEN_ENOSYS);
	EXPECT(hypercall_name(11) == NULL);
	EXPECT(hypercall_name(45) == NULL);
	EXPECT(hypercall_name(64) == NULL);

	/* mmu_update(reqs, count, done, foreigndom): all four arrive. */
	a[0] = 0x7f0000001000ULL;
	a[1] = 3;
	a[2] = 0x7f0000002000ULL;
	a[3] = DOMID_SELF;
	memset(abi_stub_args, 0, sizeof(abi_stub_args));
	EXPECT(hypercall_table[__HYPERVISOR_mmu_update].fn(a) == 1);
	EXPECT(abi_stub_args[0] == a[0] && abi_stub_args[1] == 3);
	EXPECT(abi_stub_args[2] == a[2] && abi_stub_args[3] == DOMID_SELF);

	/* unsigned int parameters keep only the low 32 bits of a register. */
	a[0] = 0x100000000ULL | VMASST_CMD_enable;
	a[1] = 0xffffffff00000000ULL | VMASST_TYPE_writable_pagetables;
	EXPECT(hypercall_table[__HYPERVISOR_vm_assist].fn(a) == 21);
	EXPECT(abi_stub_args[0] == VMASST_CMD_enable);
	EXPECT(abi_stub_args[1] == VMASST_TYPE_writable_pagetables);

	/* int parameters are sign-extended from their low 32 bits. */
	a[0] = 0xffffffffULL;
	a[1] = 0;
	EXPECT(hypercall_table[__HYPERVISOR_xen_version].fn(a) == 17);
	EXPECT(abi_stub_args[0] == (uint64_t)-1);

	/* domid_t keeps 16 bits. */
	a[0] = 0xffff800000001000ULL;
	a[1] = 0x8000000000000067ULL;
	a[2] = UVMF_INVLPG;
	a[3] = 0x10000 | 5;
	EXPECT(hypercall_table[__HYPERVISOR_update_va_mapping_otherdomain].fn(
		       a) == 22);
	EXPECT(abi_stub_args[1] == a[1] && abi_stub_args[3] == 5);
}

/*
 * The dom0 wrappers reach the kernel and turn its failure into -errno
 * (there is no privcmd device here, so only the plumbing can be checked).
 */
static void check_privcmd(void)
{
	int fd;

	EXPECT(privcmd_xen_version(-1, XENVER_version, NULL) == -XEN_EBADF);
	fd = open("/dev/null", O_RDONLY);
	EXPECT(fd >= 0);
	if (fd >= 0) {
		/* Linux answers an unknown ioctl with ENOTTY (25). */
		EXPECT(privcmd_sched_op(fd, SCHEDOP_yield, NULL) == -25);
		close(fd);
	}
}

int abi_check_dispatch(void)
{
	unsigned int listed = 0, implemented = 0;

	failures = 0;
	check_listed(&listed, &implemented);
	abi_report("dispatch/table", failures == 0,
		   "%u table lines: %u with handlers, %u ENOSYS", listed,
		   implemented, listed - implemented);

	failures = 0;
	check_spot();
	abi_report("dispatch/slots_and_args", failures == 0,
		   "named slots, unused slots, argument conversion");

	failures = 0;
	check_privcmd();
	abi_report("dispatch/privcmd_wrappers", failures == 0,
		   "privcmd_<name>() reach ioctl and return -errno");
	return 0;
}
