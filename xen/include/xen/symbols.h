/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own function names, for stack traces and fault reports.
 * The table is generated from the first link of xen.elf (scripts/gen-symbols)
 * and linked in a second pass after everything else, so no address moves.
 */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include <xen/types.h>

/*
 * The generated table: count entries sorted by address; entry i is the
 * function at addrs[i], named by the string at names + name_offs[i].
 */
struct xen_symtab {
	unsigned int count;
	const unsigned long *addrs;
	const unsigned int *name_offs;
	const char *names;
};

extern const struct xen_symtab xen_symtab;

/*
 * Name the function holding addr: its name, and addr's offset into it and
 * the function's size (up to the next symbol). NULL if addr is outside
 * every function of the table (or there is no table).
 */
const char *symbol_lookup(const struct xen_symtab *tab, unsigned long addr,
			  unsigned long *offset, unsigned long *size);

#endif /* XEN_SYMBOLS_H */
