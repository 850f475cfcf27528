/* SPDX-License-Identifier: MIT */
/*
 * libxenstore helpers: permission string conversions and the socket path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstore_lib.h"

const char *xs_daemon_socket(void)
{
	const char *p = getenv("XENSTORED_PATH");

	return p && *p ? p : "/var/run/xenstored/socket";
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
			 const char *strings)
{
	const char *p = strings;

	for (unsigned int i = 0; i < num; i++, p += strlen(p) + 1) {
		char *end;
		unsigned long id;

		switch (*p) {
		case 'n':
			perms[i].perms = XS_PERM_NONE;
			break;
		case 'r':
			perms[i].perms = XS_PERM_READ;
			break;
		case 'w':
			perms[i].perms = XS_PERM_WRITE;
			break;
		case 'b':
			perms[i].perms = XS_PERM_READ | XS_PERM_WRITE;
			break;
		default:
			errno = EINVAL;
			return false;
		}
		id = strtoul(p + 1, &end, 10);
		if (end == p + 1 || *end) {
			errno = EINVAL;
			return false;
		}
		perms[i].id = (unsigned int)id;
	}
	return true;
}

bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
		       size_t buf_len)
{
	static const char letters[] = "nrwb";
	int n = snprintf(buffer, buf_len, "%c%u",
			 letters[perm->perms & (XS_PERM_READ | XS_PERM_WRITE)],
			 perm->id);

	if (n < 0 || (size_t)n >= buf_len) {
		errno = EINVAL;
		return false;
	}
	return true;
}

unsigned int xs_count_strings(const char *strings, unsigned int len)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < len; i++)
		if (!strings[i])
			n++;
	return n;
}
