/* SPDX-License-Identifier: MIT */
/*
 * Weighted split with limits (share.h). Each round gives every entry not
 * yet at its limit its fair part of what is left; entries whose fair part
 * reaches their limit take the limit and leave the round, and the rest is
 * split again. At most one round per entry.
 */
#include "share.h"

/* total * weight / weight_sum without a 128-bit product (weights < 2^32). */
static u64 part(u64 total, u64 weight, u64 weight_sum)
{
	return total / weight_sum * weight +
	       total % weight_sum * weight / weight_sum;
}

void credit_split(struct list_head *list, u64 total)
{
	struct credit_share *e;
	u64 weight_sum = 0;
	bool again = true;

	list_for_each_entry (e, list, link) {
		e->share = 0;
		e->limited = false;
		weight_sum += e->weight;
	}
	while (again && weight_sum) {
		again = false;
		list_for_each_entry (e, list, link) {
			if (e->limited || !e->weight ||
			    part(total, e->weight, weight_sum) < e->limit)
				continue;
			e->share = e->limit;
			e->limited = true;
			total -= e->limit;
			weight_sum -= e->weight;
			again = true;
			break; /* the fair parts changed: start over */
		}
	}
	if (!weight_sum)
		return;
	list_for_each_entry (e, list, link)
		if (!e->limited && e->weight)
			e->share = part(total, e->weight, weight_sum);
}
