/* SPDX-License-Identifier: MIT */
/*
 * Runs the io/ring.h macros on a fake shared page, playing both ends, and
 * checks the index arithmetic io-abi.md §3 describes: sizes, free slots,
 * full ring, unconsumed counts, the notify decision, the final check before
 * idling, the overflow tests, and all of it across the 2^32 wrap. Also the
 * console and xenstore byte-ring index masks.
 */
#include <stdio.h>
#include <string.h>

#include "abi.h"

static unsigned char page[4 * 4096] __attribute__((aligned(4096)));

/* Count failed expectations within one group, printing each. */
static unsigned int failures;
#define EXPECT(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			failures++;                                            \
			printf("    %s:%d: expected %s\n", __FILE__, __LINE__, \
			       #cond);                                         \
		}                                                              \
	} while (0)

static void ring_init_and_size(void)
{
	struct abiblk_sring *s = (struct abiblk_sring *)page;
	struct abiblk_front_ring f;
	struct abiblk_back_ring b;

	memset(page, 0xa5, sizeof(page));
	SHARED_RING_INIT(s);
	EXPECT(s->req_prod == 0 && s->rsp_prod == 0);
	EXPECT(s->req_event == 1 && s->rsp_event == 1);
	EXPECT(s->pvt.pvt_pad[0] == 0 && s->__pad[43] == 0);
	/* The slots themselves are the producer's business: untouched. */
	EXPECT(page[64] == 0xa5);

	FRONT_RING_INIT(&f, s, 4096);
	BACK_RING_INIT(&b, s, 4096);
	EXPECT(RING_SIZE(&f) == 32 && RING_SIZE(&b) == 32);
	FRONT_RING_INIT(&f, s, 2 * 4096);
	EXPECT(RING_SIZE(&f) == 64);
	FRONT_RING_INIT(&f, s, 4 * 4096);
	EXPECT(RING_SIZE(&f) == 128);
	/* A size that is not a page multiple still rounds down to 2^n. */
	FRONT_RING_INIT(&f, s, 3000);
	EXPECT(RING_SIZE(&f) == 16);
}

/* One request/response round trip, starting both ends at index start. */
static void ring_round_trip(RING_IDX start)
{
	struct abiblk_sring *s = (struct abiblk_sring *)page;
	struct abiblk_front_ring f;
	struct abiblk_back_ring b;
	struct abi_blk_req req;
	struct abi_blk_rsp *rsp;
	int notify, work;
	unsigned int i;

	SHARED_RING_INIT(s);
	s->req_prod = s->rsp_prod = start;
	s->req_event = s->rsp_event = start + 1;
	FRONT_RING_ATTACH(&f, s, start, 4096);
	BACK_RING_ATTACH(&b, s, start, 4096);

	EXPECT(RING_FREE_REQUESTS(&f) == 32);
	EXPECT(!RING_FULL(&f));
	EXPECT(!RING_HAS_UNCONSUMED_REQUESTS(&b));
	EXPECT(!RING_HAS_UNCONSUMED_RESPONSES(&f));

	/* Front: fill every slot; the first push must notify (event=start+1). */
	for (i = 0; i < 32; i++)
		RING_GET_REQUEST(&f, f.req_prod_pvt++)->id = 1000 + i;
	EXPECT(RING_FULL(&f));
	EXPECT(RING_FREE_REQUESTS(&f) == 0);
	EXPECT(!RING_HAS_UNCONSUMED_REQUESTS(&b)); /* not published yet */
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
	EXPECT(notify);
	EXPECT(s->req_prod == (RING_IDX)(start + 32));
	EXPECT(XEN_RING_NR_UNCONSUMED_REQUESTS(&b) == 32);

	/* Back: consume 5 via the copy helper; the slot mapping wraps. */
	for (i = 0; i < 5; i++) {
		EXPECT(!RING_REQUEST_CONS_OVERFLOW(&b, b.req_cons));
		RING_COPY_REQUEST(&b, b.req_cons, &req);
		EXPECT(req.id == 1000 + i);
		b.req_cons++;
	}
	EXPECT(XEN_RING_NR_UNCONSUMED_REQUESTS(&b) == 27);
	EXPECT(!RING_REQUEST_PROD_OVERFLOW(&b, s->req_prod));
	EXPECT(RING_REQUEST_PROD_OVERFLOW(&b, s->req_prod + 1));

	/* Back: answer 5; the front asked for an event at start+1, so notify. */
	for (i = 0; i < 5; i++) {
		rsp = RING_GET_RESPONSE(&b, b.rsp_prod_pvt++);
		rsp->id = 1000 + i;
		rsp->status = 0;
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
	EXPECT(notify);
	EXPECT(RING_HAS_UNCONSUMED_RESPONSES(&f));
	EXPECT(XEN_RING_NR_UNCONSUMED_RESPONSES(&f) == 5);
	EXPECT(!RING_RESPONSE_PROD_OVERFLOW(&f, s->rsp_prod));
	EXPECT(RING_RESPONSE_PROD_OVERFLOW(&f, s->rsp_prod + 28));

	/* Front: the event index still says start+1: the next push is quiet. */
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
	EXPECT(!notify); /* nothing new */
	RING_GET_RESPONSE(&b, b.rsp_prod_pvt++)->id = 1005;
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
	EXPECT(!notify); /* rsp_event (start+1) is not in (start+5, start+6] */

	/* Front consumes all 6; slots free up again. */
	while (RING_HAS_UNCONSUMED_RESPONSES(&f)) {
		EXPECT(RING_GET_RESPONSE(&f, f.rsp_cons)->id ==
		       1000 + (f.rsp_cons - start));
		f.rsp_cons++;
	}
	EXPECT(RING_FREE_REQUESTS(&f) == 6);

	/* Final check with nothing pending: arms the event, reports idle. */
	RING_FINAL_CHECK_FOR_RESPONSES(&f, work);
	EXPECT(!work);
	EXPECT(s->rsp_event == (RING_IDX)(start + 7));
	/* Now the next response is wanted: notify fires. */
	RING_GET_RESPONSE(&b, b.rsp_prod_pvt++)->id = 1006;
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
	EXPECT(notify);
	RING_FINAL_CHECK_FOR_RESPONSES(&f, work);
	EXPECT(work);

	/* Back side final check: 27 requests still queued -> work, no arm. */
	s->req_event = 0xdead;
	RING_FINAL_CHECK_FOR_REQUESTS(&b, work);
	EXPECT(work && s->req_event == 0xdead);
	b.req_cons = s->req_prod;
	RING_FINAL_CHECK_FOR_REQUESTS(&b, work);
	EXPECT(!work && s->req_event == (RING_IDX)(s->req_prod + 1));

	/* Unconsumed requests are capped by the room left for responses. */
	b.req_cons = start + 32;
	b.rsp_prod_pvt = start;
	s->req_prod = start + 40; /* a broken frontend */
	EXPECT(XEN_RING_NR_UNCONSUMED_REQUESTS(&b) == 0);
	EXPECT(RING_REQUEST_CONS_OVERFLOW(&b, b.req_cons));
}

static void byte_ring_masks(void)
{
	struct xencons_interface *c = (struct xencons_interface *)page;
	XENCONS_RING_IDX i = 0xfffffffeU;

	EXPECT(MASK_XENCONS_IDX(i, c->out) == 2046);
	EXPECT(MASK_XENCONS_IDX(i + 3, c->out) == 1);
	EXPECT(MASK_XENCONS_IDX(i, c->in) == 1022);
	EXPECT(MASK_XENSTORE_IDX(0xffffffffU) == 1023);
	EXPECT(MASK_XENSTORE_IDX((XENSTORE_RING_IDX)(0xffffffffU + 1)) == 0);
}

int abi_check_rings(void)
{
	failures = 0;
	ring_init_and_size();
	abi_report("ring/init_and_size", failures == 0,
		   "SHARED_RING_INIT, "
		   "FRONT/BACK_RING_INIT, RING_SIZE 32/64/128/16");

	failures = 0;
	ring_round_trip(0);
	abi_report("ring/round_trip", failures == 0,
		   "push, notify, consume, final check from index 0");

	failures = 0;
	ring_round_trip(0xfffffff0U);
	abi_report("ring/round_trip_wrap", failures == 0,
		   "the same across the 2^32 index wrap");

	failures = 0;
	byte_ring_masks();
	abi_report("ring/byte_ring_masks", failures == 0,
		   "MASK_XENCONS_IDX, MASK_XENSTORE_IDX");
	return 0;
}
