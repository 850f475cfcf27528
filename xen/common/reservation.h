/* SPDX-License-Identifier: MIT */
/*
 * Between memory_op.c (the dispatcher) and reservation.c (the sub-ops that
 * change a domain's memory): one request's arguments and progress.
 */
#ifndef XEN_COMMON_RESERVATION_H
#define XEN_COMMON_RESERVATION_H

#include <xen/types.h>
#include <public/memory.h>

struct domain;

struct memop_args {
	struct domain *domain; /* whose reservation changes */
	xen_pfn_t *list; /* guest array of extents */
	unsigned int nr_extents, extent_order, memflags;
	unsigned int nr_done; /* in: where to start; out: extents done */
	bool preempted; /* stopped early: continue from nr_done */
};

/* Fill a from r for d: 0, or -EINVAL for address bits that fit nothing. */
int memop_args_from_reservation(const struct xen_memory_reservation *r,
				struct domain *d, struct memop_args *a);
void increase_reservation(struct memop_args *a);
void decrease_reservation(struct memop_args *a);
void populate_physmap(struct memop_args *a);
/* XENMEM_exchange: 0, a negative errno, or a continuation. */
long memory_exchange(struct xen_memory_exchange *guest);

#endif /* XEN_COMMON_RESERVATION_H */
