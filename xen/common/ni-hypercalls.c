/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls the table names but nobody implements yet. Each is a weak
 * -ENOSYS stand-in, so a subsystem that lands later (event channels, grant
 * tables, timers, the toolstack interfaces) simply defines the real one and
 * the linker takes it; guests tolerate -ENOSYS for all of these at boot.
 */
#include <xen/errno.h>
#include <hypercall-defs.h>

#define WEAK __attribute__((__weak__))

WEAK long do_platform_op(void *op)
{
	return -ENOSYS;
}

WEAK long do_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
	return -ENOSYS;
}

WEAK long do_sysctl(void *op)
{
	return -ENOSYS;
}

WEAK long do_domctl(void *op)
{
	return -ENOSYS;
}

WEAK long do_update_va_mapping_otherdomain(unsigned long va, uint64_t val,
					   unsigned long flags, domid_t domid)
{
	return -ENOSYS;
}
