/* SPDX-License-Identifier: MIT */
/*
 * Splitting a quantity (CPU time, in the credit scheduler) among entries
 * in proportion to their weights, none getting more than its limit: what a
 * limited entry cannot take is shared among the others, again by weight.
 * Pure arithmetic on a list, so the host unit tests run it as is.
 */
#ifndef SCHED_SHARE_H
#define SCHED_SHARE_H

#include <xen/list.h>
#include <xen/types.h>

struct credit_share {
	struct list_head link;
	u64 weight; /* 0: gets nothing; the sum must stay below 2^32 */
	u64 limit; /* the most it may get */
	u64 share; /* out: what it gets */
	bool limited; /* out: it got its limit */
};

/*
 * Split total among the entries on list. The shares add up to total,
 * less rounding, unless every entry is at its limit.
 */
void credit_split(struct list_head *list, u64 total);

#endif /* SCHED_SHARE_H */
