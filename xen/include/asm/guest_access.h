/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing guest memory from the hypervisor. Guest pointers are
 * used directly (the guest's page tables are loaded while the hypervisor
 * works for it), after checking that the range cannot reach the
 * hypervisor's own slots; a fault on the access itself is caught through the
 * exception table (.ex_table: faulting RIP -> fixup RIP, see
 * xen/arch/x86/usercopy.S and search_exception_table()) and becomes
 * -EFAULT, so a bad guest pointer can never crash the hypervisor.
 */
#ifndef ASM_GUEST_ACCESS_H
#define ASM_GUEST_ACCESS_H

#include <xen/errno.h>
#include <xen/types.h>
#include <asm/config.h>

/* Copy n bytes; return how many were NOT copied (0 on success). */
unsigned long raw_copy_to_guest(void *to, const void *from, unsigned long n);
unsigned long raw_copy_from_guest(void *to, const void *from, unsigned long n);

/* One exception-table entry: a faulting instruction and where to resume. */
struct exception_table_entry {
	unsigned long insn, fixup;
};
/* The fixup RIP for a fault at rip, or 0. */
unsigned long search_exception_table(unsigned long rip);

/*
 * True if [addr, addr + len) does not wrap and stays clear of the
 * hypervisor's range (pv-boot-abi.md §5.2). Non-canonical addresses pass
 * here and fault (#GP) on access, which the fixups turn into -EFAULT.
 */
static inline bool guest_range_ok(unsigned long addr, unsigned long len)
{
	unsigned long end = addr + len;

	if (end < addr)
		return false;
	return end <= HYPERVISOR_VIRT_START || addr >= HYPERVISOR_VIRT_END;
}

static inline int copy_to_guest(void *to, const void *from, unsigned long n)
{
	if (!guest_range_ok((unsigned long)to, n))
		return -EFAULT;
	return raw_copy_to_guest(to, from, n) ? -EFAULT : 0;
}

static inline int copy_from_guest(void *to, const void *from, unsigned long n)
{
	if (!guest_range_ok((unsigned long)from, n))
		return -EFAULT;
	return raw_copy_from_guest(to, from, n) ? -EFAULT : 0;
}

/* Typed forms: copy one object of the pointed-to type. */
#define get_guest(val, ptr) copy_from_guest(&(val), (ptr), sizeof(*(ptr)))
#define put_guest(val, ptr)                                  \
	({                                                   \
		__typeof__(*(ptr)) pg_v_ = (val);            \
		copy_to_guest((ptr), &pg_v_, sizeof(pg_v_)); \
	})

#endif /* ASM_GUEST_ACCESS_H */
