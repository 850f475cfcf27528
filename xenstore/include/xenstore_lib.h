/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by libxenstore users: the permission type, conversion
 * between struct xs_permissions and the "<letter><domid>" wire strings, and
 * where the daemon's socket lives.
 */
#ifndef XENSTORE_LIB_H
#define XENSTORE_LIB_H

#include <stdbool.h>
#include <stddef.h>

#include <public/io/xs_wire.h>

enum xs_perm_type {
	XS_PERM_NONE = 0,
	XS_PERM_READ = 1,
	XS_PERM_WRITE = 2,
	/* Internal use. */
	XS_PERM_ENOENT_OK = 4,
	XS_PERM_OWNER = 8,
	XS_PERM_IGNORE = 16,
};

struct xs_permissions {
	unsigned int id;
	enum xs_perm_type perms;
};

/* Buffer size for one permission string ("b65535\0" and room to spare). */
#define XS_PERM_STRLEN 16

/* The socket path: $XENSTORED_PATH, else /var/run/xenstored/socket. */
const char *xs_daemon_socket(void);

/* "r5" -> {5, READ}; false with errno EINVAL on a bad string. */
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
			 const char *strings);
/* {5, READ} -> "r5" into buffer (XS_PERM_STRLEN bytes). */
bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
		       size_t buf_len);
/* Number of NUL-terminated strings in len bytes. */
unsigned int xs_count_strings(const char *strings, unsigned int len);

#endif
