/* SPDX-License-Identifier: MIT */
/*
 * Node permissions: the "<letter><domid>" wire form and the access rule.
 * Entry 0 names the owner and the default for everyone not listed later; the
 * owner (or a domain acting for it through SET_TARGET) and privileged callers
 * always get full access; otherwise the first later entry naming the caller
 * decides.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "xenstored.h"

int perm_parse(const char *s, struct perm_entry *out)
{
	unsigned long id;
	char *end;

	switch (s[0]) {
	case 'n':
		out->perm = XS_PERM_NONE;
		break;
	case 'r':
		out->perm = XS_PERM_READ;
		break;
	case 'w':
		out->perm = XS_PERM_WRITE;
		break;
	case 'b':
		out->perm = XS_PERM_BOTH;
		break;
	default:
		return -EINVAL;
	}
	if (s[1] < '0' || s[1] > '9')
		return -EINVAL;
	errno = 0;
	id = strtoul(s + 1, &end, 10);
	if (errno || *end || id > 0xffff)
		return -EINVAL;
	out->domid = (uint32_t)id;
	return 0;
}

int perm_format(const struct perm_entry *p, char *buf, size_t len)
{
	static const char letters[] = "nrwb";

	return snprintf(buf, len, "%c%u", letters[p->perm & 3], p->domid);
}

static bool is_caller(const struct caller *who, uint32_t domid)
{
	return domid == who->domid ||
	       (who->target >= 0 && domid == (uint32_t)who->target);
}

bool perm_allowed(const struct perm_entry *perms, unsigned int n,
		  const struct caller *who, unsigned int want)
{
	if (who->priv)
		return true;
	if (!n)
		return false;
	if (is_caller(who, perms[0].domid))
		return true;
	for (unsigned int i = 1; i < n; i++)
		if (is_caller(who, perms[i].domid))
			return (perms[i].perm & want) == want;
	return (perms[0].perm & want) == want;
}
