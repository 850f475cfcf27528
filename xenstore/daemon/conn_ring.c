/* SPDX-License-Identifier: MIT */
/*
 * Domain connections over the xenstore ring page (io-abi.md 5.4). The ring
 * logic only sees an abstract endpoint: a mapped page plus notify/wait. In
 * dom0 the endpoint is a grant mapping and an event channel; in host tests
 * it is shared memory and a pipe. The rings are byte streams with
 * free-running indices: a message may straddle the wrap or arrive over
 * several kicks, and guests kick sparingly, so every wakeup drains the
 * request ring until it is empty and refills the reply ring as far as it
 * goes. Barrier order (as Xen): read indices, full barrier, copy, full
 * barrier, publish the index, notify.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "xenstored.h"
#include <public/io/xs_ring.h>

struct ring_priv {
	struct ring_ep *ep;
	struct worker *w;
	int fd;
};

static int ring_read(struct conn *c, void *buf, size_t len)
{
	struct ring_priv *p = c->priv;
	struct xenstore_domain_interface *intf = p->ep->intf;
	XENSTORE_RING_IDX cons, prod;
	size_t avail, chunk;

	cons = __atomic_load_n(&intf->req_cons, __ATOMIC_RELAXED);
	prod = __atomic_load_n(&intf->req_prod, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (prod - cons > XENSTORE_RING_SIZE) {
		log_warn("domain %u: request ring indices broken (%u/%u)",
			 c->who.domid, cons, prod);
		return -1;
	}
	avail = prod - cons;
	if (!avail)
		return 0;
	chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
	if (chunk > avail)
		chunk = avail;
	if (chunk > len)
		chunk = len;
	memcpy(buf, intf->req + MASK_XENSTORE_IDX(cons), chunk);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&intf->req_cons, cons + (XENSTORE_RING_IDX)chunk,
			 __ATOMIC_RELAXED);
	p->ep->ops->notify(p->ep);
	return (int)chunk;
}

static int ring_write(struct conn *c, const void *buf, size_t len)
{
	struct ring_priv *p = c->priv;
	struct xenstore_domain_interface *intf = p->ep->intf;
	XENSTORE_RING_IDX cons, prod;
	size_t space, chunk;

	cons = __atomic_load_n(&intf->rsp_cons, __ATOMIC_RELAXED);
	prod = __atomic_load_n(&intf->rsp_prod, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (prod - cons > XENSTORE_RING_SIZE) {
		log_warn("domain %u: reply ring indices broken (%u/%u)",
			 c->who.domid, cons, prod);
		return -1;
	}
	space = XENSTORE_RING_SIZE - (prod - cons);
	if (!space)
		return 0;
	chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
	if (chunk > space)
		chunk = space;
	if (chunk > len)
		chunk = len;
	memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), buf, chunk);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&intf->rsp_prod, prod + (XENSTORE_RING_IDX)chunk,
			 __ATOMIC_RELAXED);
	p->ep->ops->notify(p->ep);
	return (int)chunk;
}

static void ring_kick(struct conn *c)
{
	conn_flush(c);
}

static void ring_handle(struct conn *c, uint32_t events)
{
	struct ring_priv *p = c->priv;

	p->ep->ops->ack(p->ep);
	/* Flush first: the guest may have kicked because it made room. */
	if (conn_flush(c) < 0 || conn_input(c) < 0 || conn_flush(c) < 0) {
		log_warn("domain %u: ring connection broken, dropping it",
			 c->who.domid);
		conn_kill(c);
	}
}

static void ring_detach(struct conn *c)
{
	struct ring_priv *p = c->priv;

	worker_ctl(p->w, EPOLL_CTL_DEL, p->fd, c, 0);
}

static void ring_destroy(struct conn *c)
{
	struct ring_priv *p = c->priv;

	p->ep->ops->close(p->ep);
	free(p);
}

static const struct conn_ops ring_ops = {
	.read = ring_read,
	.write = ring_write,
	.kick = ring_kick,
	.handle = ring_handle,
	.detach = ring_detach,
	.destroy = ring_destroy,
	.kind = "ring",
};

struct conn *ring_conn_new(struct ring_ep *ep, unsigned int domid)
{
	struct ring_priv *p = calloc(1, sizeof(*p));
	struct conn *c;

	if (!p) {
		ep->ops->close(ep);
		errno = ENOMEM;
		return NULL;
	}
	p->ep = ep;
	p->fd = ep->ops->fd(ep);
	p->w = worker_pick();
	c = conn_new(&ring_ops, p, domid, domid == 0);
	if (!c) {
		ep->ops->close(ep);
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	if (worker_ctl(p->w, EPOLL_CTL_ADD, p->fd, c, EPOLLIN)) {
		conn_kill_locked(c);
		errno = EIO;
		return NULL;
	}
	/* Requests written before the introduction are served at once. */
	if (ep->ops->prime)
		ep->ops->prime(ep);
	return c;
}
