/* SPDX-License-Identifier: MIT */
/*
 * Transport-independent connection handling: reassembling requests from a
 * byte stream (socket or ring), refusing oversized ones, queueing replies
 * and watch events, flushing them, and tearing a connection down. A dead
 * connection is unlinked at once but freed only after an RCU grace period,
 * because a worker may still be holding it from its last epoll batch.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

const char *xs_errname(int err)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return xsd_errors[0].errstring;
}

struct conn *conn_new(const struct conn_ops *ops, void *priv,
		      unsigned int domid, bool priv_conn)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->ops = ops;
	c->priv = priv;
	c->who.domid = domid;
	c->who.priv = priv_conn;
	c->who.target = -1;
	pthread_mutex_init(&c->out_lock, NULL);
	c->id = ++store.next_conn_id;
	c->next = store.conns;
	store.conns = c;
	return c;
}

static void conn_free_rcu(struct rcu_head *head)
{
	struct conn *c = caa_container_of(head, struct conn, rcu);

	if (c->ops->destroy)
		c->ops->destroy(c);
	while (c->out_head) {
		struct outbuf *o = c->out_head;

		c->out_head = o->next;
		free(o);
	}
	pthread_mutex_destroy(&c->out_lock);
	free(c);
}

void conn_kill_locked(struct conn *c)
{
	if (c->dead)
		return;
	__atomic_store_n(&c->dead, true, __ATOMIC_RELEASE);
	if (c->ops->detach)
		c->ops->detach(c);
	for (struct conn **pp = &store.conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	watch_del_all(c);
	while (c->txns) {
		struct txn *t = c->txns;

		c->txns = t->next;
		txn_free(t);
	}
	if (c->dom)
		c->dom->conn = NULL;
	log_dbg("connection %u (%s) closed", c->id, c->ops->kind);
	urcu_memb_call_rcu(&c->rcu, conn_free_rcu);
}

void conn_kill(struct conn *c)
{
	pthread_mutex_lock(&store.lock);
	conn_kill_locked(c);
	pthread_mutex_unlock(&store.lock);
}

void conn_queue(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
		const void *data, size_t len, bool reply)
{
	struct outbuf *o =
		malloc(sizeof(*o) + sizeof(struct xsd_sockmsg) + len);
	struct xsd_sockmsg h = { type, req_id, tx_id, (uint32_t)len };

	if (!o)
		return;
	o->next = NULL;
	o->off = 0;
	o->len = sizeof(h) + len;
	o->reply = reply;
	memcpy(o->data, &h, sizeof(h));
	if (len)
		memcpy(o->data + sizeof(h), data, len);
	pthread_mutex_lock(&c->out_lock);
	if (c->out_tail)
		c->out_tail->next = o;
	else
		c->out_head = o;
	c->out_tail = o;
	if (reply)
		c->out_replies++;
	else
		c->out_events++;
	pthread_mutex_unlock(&c->out_lock);
}

/*
 * Is an identical watch event still waiting, not yet started on the wire?
 * Then a new one tells the watcher nothing more (Xen coalesces them too).
 * The scan is bounded so a watcher that never reads costs little.
 */
bool conn_event_pending(struct conn *c, const void *data, size_t len)
{
	const size_t hl = sizeof(struct xsd_sockmsg);
	unsigned int budget = 1024;
	bool found = false;

	pthread_mutex_lock(&c->out_lock);
	for (struct outbuf *o = c->out_head; o && budget; o = o->next) {
		budget--;
		if (o->reply || o->off || o->len != hl + len)
			continue;
		if (!memcmp(o->data + hl, data, len)) {
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&c->out_lock);
	return found;
}

void conn_send_error(struct conn *c, const struct xsd_sockmsg *req, int err)
{
	const char *name = xs_errname(err);

	conn_queue(c, XS_ERROR, req->req_id, req->tx_id, name, strlen(name) + 1,
		   true);
}

int conn_flush(struct conn *c)
{
	int ret = 0;

	pthread_mutex_lock(&c->out_lock);
	while (c->out_head) {
		struct outbuf *o = c->out_head;
		int n = c->ops->write(c, o->data + o->off, o->len - o->off);

		if (n < 0) {
			ret = -1;
			break;
		}
		if (!n)
			break;
		o->off += (size_t)n;
		if (o->off < o->len)
			continue;
		c->out_head = o->next;
		if (!c->out_head)
			c->out_tail = NULL;
		if (o->reply)
			c->out_replies--;
		else
			c->out_events--;
		free(o);
	}
	pthread_mutex_unlock(&c->out_lock);
	return ret;
}

/* An unprivileged client that does not read its replies stops being read. */
bool conn_output_blocked(struct conn *c)
{
	bool blocked;

	if (c->who.priv)
		return false;
	pthread_mutex_lock(&c->out_lock);
	blocked = c->out_replies >= store.quota.outstanding;
	pthread_mutex_unlock(&c->out_lock);
	return blocked;
}

int conn_input(struct conn *c)
{
	const size_t hl = sizeof(struct xsd_sockmsg);

	for (;;) {
		size_t want;
		char *dst;
		int n;

		if (__atomic_load_n(&c->dead, __ATOMIC_ACQUIRE))
			return -1;
		/*
		 * Stop reading only while the transport cannot take our
		 * replies: a guest kicks again once it drains a full ring,
		 * but not for replies that are merely queued here.
		 */
		if (conn_output_blocked(c) &&
		    (conn_flush(c) < 0 || conn_output_blocked(c)))
			return conn_flush(c) < 0 ? -1 : 0;
		if (c->in_used < hl) {
			want = hl - c->in_used;
			dst = (char *)&c->hdr + c->in_used;
		} else {
			want = hl + c->hdr.len - c->in_used;
			dst = c->in + (c->in_used - hl);
		}
		if (want) {
			n = c->ops->read(c, dst, want);
			if (n < 0)
				return -1;
			if (!n)
				return 0;
			c->in_used += (unsigned int)n;
			if (c->in_used < hl)
				continue;
			if (c->in_used == hl &&
			    c->hdr.len > XENSTORE_PAYLOAD_MAX) {
				log_warn(
					"connection %u (domain %u): %u byte payload, closing",
					c->id, c->who.domid, c->hdr.len);
				return -1;
			}
			if (c->in_used < hl + c->hdr.len)
				continue;
		}
		c->in[c->hdr.len] = 0;
		c->in_used = 0;
		proto_handle(c, &c->hdr, c->in);
	}
}
