/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring page shared between a guest and its console backend:
 * two byte rings with free-running 32-bit indices, one event channel for
 * both directions. The guest learns the page and port from start_info
 * (console.domU). Layout and barrier rules: io-abi.md §4.
 */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Slot of byte idx in ring (ring must be an array, not a pointer). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024]; /* backend -> guest (keyboard) */
	char out[2048]; /* guest -> backend (output) */
	/* Each index is written by one side only: *_cons by the reader. */
	XENCONS_RING_IDX in_cons, in_prod; /* guest reads in[] */
	XENCONS_RING_IDX out_cons, out_prod; /* backend reads out[] */
};

#endif /* __XEN_PUBLIC_IO_CONSOLE_H__ */
