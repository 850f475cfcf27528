/* SPDX-License-Identifier: MIT */
/*
 * libxenstore: the client side of the xenstore protocol, with the shape of
 * Xen's xs.h so existing callers port unchanged. Every call is thread-safe;
 * a reader thread separates watch events from replies. Functions returning
 * bool or a pointer report failure with false/NULL and errno set (the errno
 * named in the daemon's XS_ERROR reply).
 */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "xenstore_lib.h"

#define XBT_NULL 0

#define XS_OPEN_READONLY (1UL << 0) /* accepted, no effect (as in Xen) */
#define XS_OPEN_SOCKETONLY (1UL << 1)
#define XS_UNWATCH_FILTER (1UL << 2)

struct xs_handle;
typedef uint32_t xs_transaction_t;

/* Connects to $XENSTORED_PATH or /var/run/xenstored/socket, else (unless
 * XS_OPEN_SOCKETONLY) to the kernel's /dev/xen/xenbus. */
struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *h);
/* Old names. */
struct xs_handle *xs_daemon_open(void);
void xs_daemon_close(struct xs_handle *h);

char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path,
		    unsigned int *num);
void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
struct xs_permissions *xs_get_permissions(struct xs_handle *h,
					  xs_transaction_t t, const char *path,
					  unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
			const char *path, struct xs_permissions *perms,
			unsigned int num_perms);

bool xs_watch(struct xs_handle *h, const char *path, const char *token);
/* Readable when a watch event is waiting. */
int xs_fileno(struct xs_handle *h);
/* Blocks for the next event; returns a malloc'd vector, [XS_WATCH_PATH] and
 * [XS_WATCH_TOKEN]. */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
/* Like xs_read_watch, but NULL with errno EAGAIN if none is waiting. */
char **xs_check_watch(struct xs_handle *h);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);

xs_transaction_t xs_transaction_start(struct xs_handle *h);
/* false with errno EAGAIN: the transaction must be redone. */
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
			 unsigned long mfn, unsigned int eventchn);
bool xs_set_target(struct xs_handle *h, unsigned int domid,
		   unsigned int target);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);
char *xs_control_command(struct xs_handle *h, const char *cmd, void *data,
			 unsigned int len);

#endif
