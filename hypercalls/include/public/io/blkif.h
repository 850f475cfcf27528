/* SPDX-License-Identifier: MIT */
/*
 * The PV block device ring (vbd): requests of up to 11 page segments in
 * 512-byte sectors, and their responses, on a generic shared ring of
 * 112-byte slots (32 per page). Opcodes, layouts and the rules a backend
 * must follow for Linux blkfront: io-abi.md §7.
 */
#ifndef __XEN_PUBLIC_IO_BLKIF_H__
#define __XEN_PUBLIC_IO_BLKIF_H__

#include <stdint.h>

#include "../grant_table.h"
#include "ring.h"

typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t; /* 512-byte units */

#define BLKIF_OP_READ 0
#define BLKIF_OP_WRITE 1
#define BLKIF_OP_WRITE_BARRIER 2 /* "feature-barrier" */
#define BLKIF_OP_FLUSH_DISKCACHE 3 /* "feature-flush-cache" */
#define BLKIF_OP_RESERVED_1 4
#define BLKIF_OP_DISCARD 5 /* "feature-discard"; struct blkif_request_discard */
#define BLKIF_OP_INDIRECT 6 /* struct blkif_request_indirect */

#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8
#define BLKIF_SEGS_PER_INDIRECT_FRAME \
	(4096 / sizeof(struct blkif_request_segment))

/* Sectors first_sect..last_sect (inclusive, 0-7) of the granted page. */
struct blkif_request_segment {
	grant_ref_t gref;
	uint8_t first_sect, last_sect;
};

struct blkif_request {
	uint8_t operation; /* BLKIF_OP_* */
	uint8_t nr_segments; /* 0..BLKIF_MAX_SEGMENTS_PER_REQUEST */
	blkif_vdev_t handle; /* device within the domain (unused by Linux) */
	uint64_t id; /* echoed in the response */
	blkif_sector_t sector_number; /* start sector on disk */
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;

/* BLKIF_OP_DISCARD, overlaying a request slot. */
#define BLKIF_DISCARD_SECURE (1U << 0)
struct blkif_request_discard {
	uint8_t operation; /* BLKIF_OP_DISCARD */
	uint8_t flag; /* BLKIF_DISCARD_SECURE */
	blkif_vdev_t handle;
	uint64_t id;
	blkif_sector_t sector_number;
	uint64_t nr_sectors;
};
typedef struct blkif_request_discard blkif_request_discard_t;

/* BLKIF_OP_INDIRECT: segments live in up to 8 granted pages. */
struct blkif_request_indirect {
	uint8_t operation; /* BLKIF_OP_INDIRECT */
	uint8_t indirect_op; /* READ or WRITE; echoed as the response's op */
	uint16_t nr_segments;
	uint32_t _pad1;
	uint64_t id;
	blkif_sector_t sector_number;
	blkif_vdev_t handle;
	uint16_t _pad2;
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	uint32_t _pad3;
};
typedef struct blkif_request_indirect blkif_request_indirect_t;

struct blkif_response {
	uint64_t id; /* the request's id */
	uint8_t operation; /* the request's operation (indirect_op) */
	int16_t status; /* BLKIF_RSP_* */
};
typedef struct blkif_response blkif_response_t;

#define BLKIF_RSP_EOPNOTSUPP -2
#define BLKIF_RSP_ERROR -1
#define BLKIF_RSP_OKAY 0

/* The "info" bits a backend publishes. */
#define VDISK_CDROM 0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY 0x4

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

#endif /* __XEN_PUBLIC_IO_BLKIF_H__ */
