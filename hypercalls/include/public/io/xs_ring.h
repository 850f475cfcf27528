/* SPDX-License-Identifier: MIT */
/*
 * The xenstore ring page a domain shares with xenstored: two 1 KiB byte
 * streams carrying xs_wire.h messages, their free-running indices, and the
 * reconnect / error handshake words. Only the page layout lives here; the
 * message format is io/xs_wire.h (owned by xenstore/). Layout:
 * io-abi.md §5.4.
 */
#ifndef __XEN_PUBLIC_IO_XS_RING_H__
#define __XEN_PUBLIC_IO_XS_RING_H__

#include <stdint.h>

#define XENSTORE_RING_SIZE 1024 /* bytes per direction, a power of two */
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* client -> xenstored */
	char rsp[XENSTORE_RING_SIZE]; /* xenstored -> client: replies, events */
	/* Each index is written by one side only: *_cons by the reader. */
	XENSTORE_RING_IDX req_cons, req_prod; /* server reads req[] */
	XENSTORE_RING_IDX rsp_cons, rsp_prod; /* client reads rsp[] */
	uint32_t server_features; /* XENSTORE_SERVER_FEATURE_*, server sets */
	uint32_t connection; /* XENSTORE_CONNECTED / XENSTORE_RECONNECT */
	uint32_t error; /* XENSTORE_ERROR_* */
};

/* server_features bits. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR 2

/* connection: only the guest writes RECONNECT, only the server CONNECTED. */
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

/* error values. */
#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1 /* generic communication error */
#define XENSTORE_ERROR_RINGIDX 2 /* indices out of range */
#define XENSTORE_ERROR_PROTO 3 /* protocol violation, e.g. payload too long */

#endif /* __XEN_PUBLIC_IO_XS_RING_H__ */
