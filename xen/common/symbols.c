/* SPDX-License-Identifier: MIT */
/*
 * Address to function name (xen/symbols.h): a binary search over the
 * generated, address-sorted table. The last entry is the end of .text, so
 * every function has a size and nothing beyond .text gets a name.
 */
#include <xen/symbols.h>

const char *symbol_lookup(const struct xen_symtab *tab, unsigned long addr,
			  unsigned long *offset, unsigned long *size)
{
	unsigned int lo = 0, hi = tab->count, mid;

	/* The end marker closes the last function; fewer than 2: no table. */
	if (tab->count < 2 || addr < tab->addrs[0] ||
	    addr >= tab->addrs[tab->count - 1])
		return NULL;
	/* Find the last entry at or below addr: addrs[lo] <= addr < [hi]. */
	hi = tab->count - 1;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tab->addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* Aliases share an address: report the first name of the group. */
	while (lo > 0 && tab->addrs[lo - 1] == tab->addrs[lo])
		lo--;
	if (offset)
		*offset = addr - tab->addrs[lo];
	if (size)
		*size = tab->addrs[hi] - tab->addrs[lo];
	return tab->names + tab->name_offs[lo];
}
