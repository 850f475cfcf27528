/* SPDX-License-Identifier: MIT */
/*
 * The PV network device rings (vif): a transmit ring of 12-byte slots and
 * a receive ring of 8-byte slots (256 per page each), extra-info slots for
 * GSO and friends, and the optional control ring. Packet framing and the
 * rules Linux netfront needs: io-abi.md §8.
 */
#ifndef __XEN_PUBLIC_IO_NETIF_H__
#define __XEN_PUBLIC_IO_NETIF_H__

#include <stdint.h>

#include "../grant_table.h"
#include "ring.h"

/* Slots a backend must accept for one packet; largest packet. */
#define XEN_NETIF_NR_SLOTS_MIN 18
#define XEN_NETIF_MAX_TX_SIZE 0xFFFF

/* netif_tx_request.flags */
#define _NETTXF_csum_blank 0 /* L4 checksum left for the backend */
#define NETTXF_csum_blank (1U << _NETTXF_csum_blank)
#define _NETTXF_data_validated 1
#define NETTXF_data_validated (1U << _NETTXF_data_validated)
#define _NETTXF_more_data 2 /* the packet continues in the next slot */
#define NETTXF_more_data (1U << _NETTXF_more_data)
#define _NETTXF_extra_info 3 /* netif_extra_info slot(s) follow */
#define NETTXF_extra_info (1U << _NETTXF_extra_info)

/* One TX slot: the first carries the whole packet's size. */
struct netif_tx_request {
	grant_ref_t gref;
	uint16_t offset; /* in the granted page */
	uint16_t flags; /* NETTXF_* */
	uint16_t id; /* echoed in the response */
	uint16_t size; /* first slot: packet size; others: fragment size */
};
typedef struct netif_tx_request netif_tx_request_t;

struct netif_tx_response {
	uint16_t id;
	int16_t status; /* NETIF_RSP_* */
};
typedef struct netif_tx_response netif_tx_response_t;

/* A page the frontend posts for received data. */
struct netif_rx_request {
	uint16_t id; /* echoed in the response */
	uint16_t pad;
	grant_ref_t gref;
};
typedef struct netif_rx_request netif_rx_request_t;

/* netif_rx_response.flags */
#define _NETRXF_data_validated 0
#define NETRXF_data_validated (1U << _NETRXF_data_validated)
#define _NETRXF_csum_blank 1
#define NETRXF_csum_blank (1U << _NETRXF_csum_blank)
#define _NETRXF_more_data 2
#define NETRXF_more_data (1U << _NETRXF_more_data)
#define _NETRXF_extra_info 3
#define NETRXF_extra_info (1U << _NETRXF_extra_info)
#define _NETRXF_gso_prefix 4 /* deprecated */
#define NETRXF_gso_prefix (1U << _NETRXF_gso_prefix)

struct netif_rx_response {
	uint16_t id;
	uint16_t offset; /* of the data in the page */
	uint16_t flags; /* NETRXF_* */
	int16_t status; /* >= 0: bytes in this slot; < 0: NETIF_RSP_* */
};
typedef struct netif_rx_response netif_rx_response_t;

#define NETIF_RSP_DROPPED -2
#define NETIF_RSP_ERROR -1
#define NETIF_RSP_OKAY 0
#define NETIF_RSP_NULL 1 /* answers an extra-info slot */

/* Extra-info slot types. Linux >= 5.9 also sends 5 (XDP) if offered. */
#define XEN_NETIF_EXTRA_TYPE_NONE 0
#define XEN_NETIF_EXTRA_TYPE_GSO 1
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD 2
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL 3
#define XEN_NETIF_EXTRA_TYPE_HASH 4
#define XEN_NETIF_EXTRA_TYPE_MAX 5

#define _XEN_NETIF_EXTRA_FLAG_MORE 0 /* another extra slot follows */
#define XEN_NETIF_EXTRA_FLAG_MORE (1U << _XEN_NETIF_EXTRA_FLAG_MORE)

#define XEN_NETIF_GSO_TYPE_NONE 0
#define XEN_NETIF_GSO_TYPE_TCPV4 1
#define XEN_NETIF_GSO_TYPE_TCPV6 2

/* Occupies a whole ring slot (8 bytes). */
struct netif_extra_info {
	uint8_t type; /* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags; /* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size; /* MSS */
			uint8_t type; /* XEN_NETIF_GSO_TYPE_* */
			uint8_t pad;
			uint16_t features;
		} gso;
		struct {
			uint8_t addr[6];
		} mcast;
		struct {
			uint8_t type;
			uint8_t algorithm;
			uint8_t value[4];
		} hash;
		uint16_t pad[3];
	} u;
};
typedef struct netif_extra_info netif_extra_info_t;

/* Control ring ("feature-ctrl-ring"): hash and queue configuration. */
struct xen_netif_ctrl_request {
	uint16_t id;
	uint16_t type;
	uint32_t data[3];
};
struct xen_netif_ctrl_response {
	uint16_t id;
	uint16_t type;
	uint32_t status;
	uint32_t data;
};

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);
DEFINE_RING_TYPES(xen_netif_ctrl, struct xen_netif_ctrl_request,
		  struct xen_netif_ctrl_response);

#endif /* __XEN_PUBLIC_IO_NETIF_H__ */
