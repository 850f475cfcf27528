/* SPDX-License-Identifier: MIT */
/*
 * The xenstore ring page shared between a domain and xenstored. The public
 * header io/xs_ring.h is being written elsewhere; until it lands this private
 * copy of the layout (Xen 4.17 xs_wire.h, io-abi.md 5.4) lets xenstore/ build
 * on its own. Offsets are pinned below so the two cannot disagree silently.
 */
#ifndef XENSTORE_XS_RING_COMPAT_H
#define XENSTORE_XS_RING_COMPAT_H

#if __has_include(<public/io/xs_ring.h>)
#include <public/io/xs_ring.h>
#else
#include <stddef.h>
#include <stdint.h>

#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* requests to xenstored */
	char rsp[XENSTORE_RING_SIZE]; /* replies and watch events */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features; /* bits set by the server only */
	uint32_t connection;
	uint32_t error;
};

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR 2
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1
#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO 3
#endif

_Static_assert(offsetof(struct xenstore_domain_interface, rsp) == 1024,
	       "rsp at 1024");
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048,
	       "req_cons at 2048");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_prod) == 2060,
	       "rsp_prod at 2060");
_Static_assert(offsetof(struct xenstore_domain_interface, error) == 2072,
	       "error at 2072");

#endif
