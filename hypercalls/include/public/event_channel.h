/* SPDX-License-Identifier: MIT */
/*
 * event_channel_op (hypercall 32): sub-op numbers and their argument
 * records, port states, and the FIFO event ABI's shared structures. Ports
 * are a domain's notification endpoints; the 2-level ABI keeps their pending
 * and mask bits in shared_info. Layouts: io-abi.md §2.1, semantics
 * pv-boot-abi.md §7.
 */
#ifndef __XEN_PUBLIC_EVENT_CHANNEL_H__
#define __XEN_PUBLIC_EVENT_CHANNEL_H__

#include <stdint.h>

#include "xen.h"

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_bind_pirq 2
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi 7
#define EVTCHNOP_bind_vcpu 8
#define EVTCHNOP_unmask 9
#define EVTCHNOP_reset 10
#define EVTCHNOP_init_control 11
#define EVTCHNOP_expand_array 12
#define EVTCHNOP_set_priority 13
#define EVTCHNOP_reset_cont 14

/* Allocate a port in dom that remote_dom may later bind to. */
struct evtchn_alloc_unbound {
	domid_t dom, remote_dom; /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/* Connect to an unbound port <remote_dom, remote_port> set up for us. */
struct evtchn_bind_interdomain {
	domid_t remote_dom; /* IN */
	evtchn_port_t remote_port; /* IN */
	evtchn_port_t local_port; /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/* Bind a VIRQ_* on a vCPU. */
struct evtchn_bind_virq {
	uint32_t virq; /* IN: VIRQ_* */
	uint32_t vcpu; /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/* Bind a physical IRQ (privileged / passthrough only). */
struct evtchn_bind_pirq {
	uint32_t pirq; /* IN */
#define BIND_PIRQ__WILL_SHARE 1
	uint32_t flags; /* IN: BIND_PIRQ__* */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/* Bind an IPI port targeting vcpu. */
struct evtchn_bind_ipi {
	uint32_t vcpu; /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

struct evtchn_close {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_close evtchn_close_t;

struct evtchn_send {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_send evtchn_send_t;

/* Port states returned by EVTCHNOP_status. */
#define EVTCHNSTAT_closed 0
#define EVTCHNSTAT_unbound 1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq 3
#define EVTCHNSTAT_virq 4
#define EVTCHNSTAT_ipi 5

struct evtchn_status {
	domid_t dom; /* IN: DOMID_SELF unless privileged */
	evtchn_port_t port; /* IN */
	uint32_t status; /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu; /* OUT: notify vCPU */
	union {
		struct {
			domid_t dom; /* who may bind */
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u; /* OUT, by status */
};
typedef struct evtchn_status evtchn_status_t;

/* Move the notify vCPU of a port. */
struct evtchn_bind_vcpu {
	evtchn_port_t port; /* IN */
	uint32_t vcpu; /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

struct evtchn_unmask {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/* Close every port of dom and return to the 2-level ABI. */
struct evtchn_reset {
	domid_t dom; /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

/* FIFO ABI: register vcpu's control block at (control_gfn, offset). */
struct evtchn_init_control {
	uint64_t control_gfn; /* IN */
	uint32_t offset; /* IN */
	uint32_t vcpu; /* IN */
	uint8_t link_bits; /* OUT: EVTCHN_FIFO_LINK_BITS */
	uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/* FIFO ABI: add one page of event words. */
struct evtchn_expand_array {
	uint64_t array_gfn; /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/* FIFO ABI: queue priority of a port. */
struct evtchn_set_priority {
	evtchn_port_t port; /* IN */
	uint32_t priority; /* IN: EVTCHN_FIFO_PRIORITY_* range */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* Argument of the legacy event_channel_op_compat (hypercall 16). */
struct evtchn_op {
	uint32_t cmd; /* EVTCHNOP_*, 0-9 only */
	union {
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_bind_pirq bind_pirq;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_close close;
		struct evtchn_send send;
		struct evtchn_status status;
		struct evtchn_bind_vcpu bind_vcpu;
		struct evtchn_unmask unmask;
	} u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

/* FIFO event ABI. */
#define EVTCHN_FIFO_PRIORITY_MAX 0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN 15
#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED 30
#define EVTCHN_FIFO_LINKED 29
#define EVTCHN_FIFO_BUSY 28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

/* Per-vCPU FIFO control block (72 bytes). */
struct evtchn_fifo_control_block {
	uint32_t ready; /* bit q: queue q has events */
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#endif /* __XEN_PUBLIC_EVENT_CHANNEL_H__ */
