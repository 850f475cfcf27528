/* SPDX-License-Identifier: MIT */
/*
 * Generic split-driver request/response rings (blkif, netif, ...). A shared
 * page starts with a 64-byte header of four free-running 32-bit indices and
 * is followed by a power-of-two array of slots, each a union of one request
 * and one response. Each side keeps private indices and publishes them with
 * the barrier and notification rules of io-abi.md §3. The macro names and
 * their meaning are Xen's, because frontends and backends written against
 * Xen's ring.h must work unchanged; the code is ours.
 *
 * Barriers: define xen_mb/xen_rmb/xen_wmb before including this file to use
 * your own; the defaults are the x86 TSO choice (compiler barrier for rmb
 * and wmb, a real fence for mb, which orders a store before a later load).
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

#include <stddef.h>
#include <stdint.h>

#ifndef xen_mb
#define xen_mb() __asm__ __volatile__("mfence" ::: "memory")
#endif
#ifndef xen_rmb
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#endif
#ifndef xen_wmb
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#endif

/* The ABI's page size, whatever the guest's own page size is. */
#ifndef XEN_PAGE_SIZE
#define XEN_PAGE_SIZE 4096
#endif

typedef uint32_t RING_IDX;

/* Largest power of two <= x, for x < 2^32, as a constant expression. */
#define __RD2(_x) (((_x)&0x00000002UL) ? 0x2 : ((_x)&0x1))
#define __RD4(_x) (((_x)&0x0000000cUL) ? __RD2((_x) >> 2) << 2 : __RD2(_x))
#define __RD8(_x) (((_x)&0x000000f0UL) ? __RD4((_x) >> 4) << 4 : __RD4(_x))
#define __RD16(_x) (((_x)&0x0000ff00UL) ? __RD8((_x) >> 8) << 8 : __RD8(_x))
#define __RD32(_x) (((_x)&0xffff0000UL) ? __RD16((_x) >> 16) << 16 : __RD16(_x))

/*
 * Slots that fit in _sz bytes of shared ring starting at _s (a pointer to
 * the sring), and the same as a constant from the ring's name.
 */
#define __RING_SIZE(_s, _sz)                                \
	(__RD32(((_sz)-offsetof(__typeof__(*(_s)), ring)) / \
		sizeof((_s)->ring[0])))
#define __CONST_RING_SIZE(_name, _sz)                          \
	(__RD32(((_sz)-offsetof(struct _name##_sring, ring)) / \
		sizeof(((struct _name##_sring *)0)->ring[0])))

/*
 * Declare the shared ring of requests _req_t and responses _rsp_t under
 * name _n: struct _n##_sring (the shared page), struct _n##_front_ring and
 * struct _n##_back_ring (each side's private view), and their _t typedefs.
 */
#define DEFINE_RING_TYPES(_n, _req_t, _rsp_t)                               \
	union _n##_sring_entry {                                            \
		_req_t req;                                                 \
		_rsp_t rsp;                                                 \
	};                                                                  \
	struct _n##_sring {                                                 \
		RING_IDX req_prod, req_event;                               \
		RING_IDX rsp_prod, rsp_event;                               \
		union {                                                     \
			struct {                                            \
				uint8_t smartpoll_active;                   \
			} netif;                                            \
			struct {                                            \
				uint8_t msg;                                \
			} tapif_user;                                       \
			uint8_t pvt_pad[4];                                 \
		} pvt;                                                      \
		uint8_t __pad[44];                                          \
		union _n##_sring_entry ring[1]; /* really as many as fit */ \
	};                                                                  \
	struct _n##_front_ring {                                            \
		RING_IDX req_prod_pvt; /* next request slot to fill */      \
		RING_IDX rsp_cons; /* next response to read */              \
		unsigned int nr_ents;                                       \
		struct _n##_sring *sring;                                   \
	};                                                                  \
	struct _n##_back_ring {                                             \
		RING_IDX rsp_prod_pvt; /* next response slot to fill */     \
		RING_IDX req_cons; /* next request to read */               \
		unsigned int nr_ents;                                       \
		struct _n##_sring *sring;                                   \
	};                                                                  \
	typedef struct _n##_sring _n##_sring_t;                             \
	typedef struct _n##_front_ring _n##_front_ring_t;                   \
	typedef struct _n##_back_ring _n##_back_ring_t

/* Front end: zero the shared header; both event indices start at 1. */
#define SHARED_RING_INIT(_s)                                          \
	do {                                                          \
		unsigned int __i;                                     \
		(_s)->req_prod = (_s)->rsp_prod = 0;                  \
		(_s)->req_event = (_s)->rsp_event = 1;                \
		for (__i = 0; __i < sizeof((_s)->pvt.pvt_pad); __i++) \
			(_s)->pvt.pvt_pad[__i] = 0;                   \
		for (__i = 0; __i < sizeof((_s)->__pad); __i++)       \
			(_s)->__pad[__i] = 0;                         \
	} while (0)

#define FRONT_RING_ATTACH(_r, _s, _i, __size)            \
	do {                                             \
		(_r)->req_prod_pvt = (_i);               \
		(_r)->rsp_cons = (_i);                   \
		(_r)->nr_ents = __RING_SIZE(_s, __size); \
		(_r)->sring = (_s);                      \
	} while (0)
#define FRONT_RING_INIT(_r, _s, __size) FRONT_RING_ATTACH(_r, _s, 0, __size)
#define XEN_FRONT_RING_INIT(_r, _s, __size)      \
	do {                                     \
		SHARED_RING_INIT(_s);            \
		FRONT_RING_INIT(_r, _s, __size); \
	} while (0)

#define BACK_RING_ATTACH(_r, _s, _i, __size)             \
	do {                                             \
		(_r)->rsp_prod_pvt = (_i);               \
		(_r)->req_cons = (_i);                   \
		(_r)->nr_ents = __RING_SIZE(_s, __size); \
		(_r)->sring = (_s);                      \
	} while (0)
#define BACK_RING_INIT(_r, _s, __size) BACK_RING_ATTACH(_r, _s, 0, __size)

/* Slots in the ring (a power of two). */
#define RING_SIZE(_r) ((_r)->nr_ents)

/* Front end: request slots it may still fill. */
#define RING_FREE_REQUESTS(_r) \
	(RING_SIZE(_r) - ((_r)->req_prod_pvt - (_r)->rsp_cons))

/* Front end: no free request slot. */
#define RING_FULL(_r) (RING_FREE_REQUESTS(_r) == 0)

/* Front end: responses published but not yet consumed. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(_r) \
	((_r)->sring->rsp_prod - (_r)->rsp_cons)
#define RING_HAS_UNCONSUMED_RESPONSES(_r) \
	(!!XEN_RING_NR_UNCONSUMED_RESPONSES(_r))

/*
 * Back end: requests published but not yet consumed, capped by the slots
 * not still holding unsent responses (a frontend cannot legitimately have
 * more outstanding than that).
 */
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r)                        \
	(((_r)->sring->req_prod - (_r)->req_cons) <                \
			 (RING_SIZE(_r) -                          \
			  ((_r)->req_cons - (_r)->rsp_prod_pvt)) ? \
		 ((_r)->sring->req_prod - (_r)->req_cons) :        \
		 (RING_SIZE(_r) - ((_r)->req_cons - (_r)->rsp_prod_pvt)))
#define RING_HAS_UNCONSUMED_REQUESTS(_r) (!!XEN_RING_NR_UNCONSUMED_REQUESTS(_r))

/* Pointers to the slot of index _idx. */
#define RING_GET_REQUEST(_r, _idx) \
	(&((_r)->sring->ring[((_idx) & (RING_SIZE(_r) - 1))].req))
#define RING_GET_RESPONSE(_r, _idx) \
	(&((_r)->sring->ring[((_idx) & (RING_SIZE(_r) - 1))].rsp))

/*
 * Copy a slot out of the shared page in one go, so the peer cannot change
 * it between validation and use (the volatile read defeats the compiler
 * re-reading the shared copy).
 */
#define RING_COPY_REQUEST(_r, _idx, _req) \
	(*(_req) = *(volatile __typeof__(*(_req)) *)RING_GET_REQUEST(_r, _idx))
#define RING_COPY_RESPONSE(_r, _idx, _rsp) \
	(*(_rsp) = *(volatile __typeof__(*(_rsp)) *)RING_GET_RESPONSE(_r, _idx))

/* Back end: would consuming request _cons overrun the responses? */
#define RING_REQUEST_CONS_OVERFLOW(_r, _cons) \
	(((_cons) - (_r)->rsp_prod_pvt) >= RING_SIZE(_r))

/* Back end: has the front end published more requests than fit? */
#define RING_REQUEST_PROD_OVERFLOW(_r, _prod) \
	(((_prod) - (_r)->rsp_prod_pvt) > RING_SIZE(_r))

/* Front end: has the back end published more responses than fit? */
#define RING_RESPONSE_PROD_OVERFLOW(_r, _prod) \
	(((_prod) - (_r)->rsp_cons) > RING_SIZE(_r))

/* Publish private indices: slots become visible before the index. */
#define RING_PUSH_REQUESTS(_r)                              \
	do {                                                \
		xen_wmb();                                  \
		(_r)->sring->req_prod = (_r)->req_prod_pvt; \
	} while (0)
#define RING_PUSH_RESPONSES(_r)                             \
	do {                                                \
		xen_wmb();                                  \
		(_r)->sring->rsp_prod = (_r)->rsp_prod_pvt; \
	} while (0)

/*
 * Publish, then decide whether the peer asked to be told: notify iff its
 * event index lies in (old, new], compared modulo 2^32. The full barrier
 * orders the index store before the event-index load.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(_r, _notify)                  \
	do {                                                              \
		RING_IDX __old = (_r)->sring->req_prod;                   \
		RING_IDX __new = (_r)->req_prod_pvt;                      \
		xen_wmb();                                                \
		(_r)->sring->req_prod = __new;                            \
		xen_mb();                                                 \
		(_notify) = ((RING_IDX)(__new - (_r)->sring->req_event) < \
			     (RING_IDX)(__new - __old));                  \
	} while (0)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(_r, _notify)                 \
	do {                                                              \
		RING_IDX __old = (_r)->sring->rsp_prod;                   \
		RING_IDX __new = (_r)->rsp_prod_pvt;                      \
		xen_wmb();                                                \
		(_r)->sring->rsp_prod = __new;                            \
		xen_mb();                                                 \
		(_notify) = ((RING_IDX)(__new - (_r)->sring->rsp_event) < \
			     (RING_IDX)(__new - __old));                  \
	} while (0)

/*
 * Before going idle: ask for an event at the next index, then look again,
 * so work published in between is not missed.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(_r, _work_to_do)            \
	do {                                                      \
		(_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r); \
		if (_work_to_do)                                  \
			break;                                    \
		(_r)->sring->req_event = (_r)->req_cons + 1;      \
		xen_mb();                                         \
		(_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r); \
	} while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(_r, _work_to_do)            \
	do {                                                       \
		(_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r); \
		if (_work_to_do)                                   \
			break;                                     \
		(_r)->sring->rsp_event = (_r)->rsp_cons + 1;       \
		xen_mb();                                          \
		(_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r); \
	} while (0)

#endif /* __XEN_PUBLIC_IO_RING_H__ */
