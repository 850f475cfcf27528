/* SPDX-License-Identifier: MIT */
/*
 * XenStore wire protocol: the message header every xenstore client and
 * xenstored exchange, the message type numbers, the error names that travel
 * in XS_ERROR replies, and the payload and path limits. All numbers and
 * strings are ABI (Xen 4.17 io/xs_wire.h); they must never change. The ring
 * page that carries this protocol for domains is in io/xs_ring.h.
 */
#ifndef __XEN_PUBLIC_IO_XS_WIRE_H__
#define __XEN_PUBLIC_IO_XS_WIRE_H__

#include <stdint.h>

enum xsd_sockmsg_type {
	XS_CONTROL = 0,
#define XS_DEBUG XS_CONTROL
	XS_DIRECTORY = 1,
	XS_READ = 2,
	XS_GET_PERMS = 3,
	XS_WATCH = 4,
	XS_UNWATCH = 5,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_INTRODUCE = 8,
	XS_RELEASE = 9,
	XS_GET_DOMAIN_PATH = 10,
	XS_WRITE = 11,
	XS_MKDIR = 12,
	XS_RM = 13,
	XS_SET_PERMS = 14,
	XS_WATCH_EVENT = 15,
	XS_ERROR = 16,
	XS_IS_DOMAIN_INTRODUCED = 17,
	XS_RESUME = 18,
	XS_SET_TARGET = 19,
	/* 20 was XS_RESTRICT; the number stays reserved. */
	XS_RESET_WATCHES = 21,
	XS_DIRECTORY_PART = 22,
	XS_TYPE_COUNT = 23, /* first number that is not a message type */
	XS_INVALID = 0xffff
};

#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Error replies carry the errno *name*; receivers map it back to their own
 * errno value. Entry 0 is what an untranslatable error becomes.
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};
#ifdef EINVAL
#define XSD_ERROR(x)  \
	{             \
		x, #x \
	}
/* The order is ABI only in that EINVAL must stay first. */
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
	__attribute__((unused))
#endif
	= { XSD_ERROR(EINVAL), XSD_ERROR(EACCES),  XSD_ERROR(EEXIST),
	    XSD_ERROR(EISDIR), XSD_ERROR(ENOENT),  XSD_ERROR(ENOMEM),
	    XSD_ERROR(ENOSPC), XSD_ERROR(EIO),	   XSD_ERROR(ENOTEMPTY),
	    XSD_ERROR(ENOSYS), XSD_ERROR(EROFS),   XSD_ERROR(EBUSY),
	    XSD_ERROR(EAGAIN), XSD_ERROR(EISCONN), XSD_ERROR(E2BIG),
	    XSD_ERROR(EPERM) };
#endif

/* Every message, both directions: this header, then len payload bytes. */
struct xsd_sockmsg {
	uint32_t type; /* enum xsd_sockmsg_type */
	uint32_t req_id; /* chosen by the client, echoed in the reply */
	uint32_t tx_id; /* transaction id, 0 for none */
	uint32_t len; /* payload bytes that follow */
};

/* Index of the path and the token in a watch event's strings. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN };

/* Largest payload either side may send. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest absolute path, and longest path relative to a domain's home. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg is 16 bytes");
#endif

#endif /* __XEN_PUBLIC_IO_XS_WIRE_H__ */
