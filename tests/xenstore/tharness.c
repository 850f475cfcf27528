/* SPDX-License-Identifier: MIT */
/*
 * The raw xenstore test client and check counters (see tharness.h). The
 * ring side plays the guest: it produces requests into req[], consumes
 * replies from rsp[] and kicks through a FIFO, following the same index and
 * barrier rules a Linux guest does.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "tharness.h"
#include <public/io/xs_ring.h>

unsigned int t_pass, t_fail;

void t_check(bool ok, const char *what, const char *file, int line)
{
	if (ok) {
		t_pass++;
		return;
	}
	t_fail++;
	printf("FAIL %s:%d: %s\n", file, line, what);
	fflush(stdout);
}

int t_summary(const char *name)
{
	printf("%s: %u passed, %u failed\n", name, t_pass, t_fail);
	return t_fail ? 1 : 0;
}

int t_connect(struct tconn *c, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	return 0;
}

int t_ring_create(struct tconn *c, const char *dir, unsigned int domid)
{
	char p[512];
	int fd;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	snprintf(p, sizeof(p), "%s/dom%u.ring", dir, domid);
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4096))
		return -1;
	c->ring = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (c->ring == MAP_FAILED)
		return -1;
	/* Guests must not assume the indices start at 0. */
	c->ring->req_cons = c->ring->req_prod = 0xfffffc00u + domid;
	c->ring->rsp_cons = c->ring->rsp_prod = 0xfffffe00u + domid;
	snprintf(p, sizeof(p), "%s/dom%u.to-xs", dir, domid);
	unlink(p);
	if (mkfifo(p, 0600))
		return -1;
	c->kick_fd = open(p, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	snprintf(p, sizeof(p), "%s/dom%u.to-guest", dir, domid);
	unlink(p);
	if (mkfifo(p, 0600))
		return -1;
	c->wait_fd = open(p, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	return c->kick_fd < 0 || c->wait_fd < 0 ? -1 : 0;
}

void t_close(struct tconn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->ring) {
		munmap(c->ring, 4096);
		close(c->kick_fd);
		close(c->wait_fd);
	}
	c->fd = -1;
	c->ring = NULL;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void kick(struct tconn *c)
{
	char b = 1;

	if (write(c->kick_fd, &b, 1) < 0 && errno != EAGAIN)
		perror("kick");
}

static void wait_kick(struct tconn *c, int ms)
{
	struct pollfd pfd = { .fd = c->wait_fd, .events = POLLIN };
	char buf[64];

	if (poll(&pfd, 1, ms) > 0)
		while (read(c->wait_fd, buf, sizeof(buf)) > 0)
			;
}

static int ring_put(struct tconn *c, const char *buf, size_t len)
{
	struct xenstore_domain_interface *r = c->ring;
	long deadline = now_ms() + 5000;

	while (len) {
		XENSTORE_RING_IDX cons =
			__atomic_load_n(&r->req_cons, __ATOMIC_ACQUIRE);
		XENSTORE_RING_IDX prod = r->req_prod;
		size_t space = XENSTORE_RING_SIZE - (prod - cons);
		size_t chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);

		if (!space) {
			if (now_ms() > deadline)
				return -1;
			wait_kick(c, 50);
			continue;
		}
		if (chunk > space)
			chunk = space;
		if (chunk > len)
			chunk = len;
		memcpy(r->req + MASK_XENSTORE_IDX(prod), buf, chunk);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		__atomic_store_n(&r->req_prod, prod + (XENSTORE_RING_IDX)chunk,
				 __ATOMIC_RELEASE);
		buf += chunk;
		len -= chunk;
		/* Like Linux: kick only if xenstored had drained the ring. */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (prod == __atomic_load_n(&r->req_cons, __ATOMIC_ACQUIRE))
			kick(c);
	}
	return 0;
}

static int ring_get(struct tconn *c, char *buf, size_t len, long deadline)
{
	struct xenstore_domain_interface *r = c->ring;

	while (len) {
		XENSTORE_RING_IDX prod =
			__atomic_load_n(&r->rsp_prod, __ATOMIC_ACQUIRE);
		XENSTORE_RING_IDX cons = r->rsp_cons;
		size_t avail = prod - cons;
		size_t chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);

		if (!avail) {
			long left = deadline - now_ms();

			if (left <= 0)
				return -1;
			wait_kick(c, left > 50 ? 50 : (int)left);
			continue;
		}
		if (chunk > avail)
			chunk = avail;
		if (chunk > len)
			chunk = len;
		memcpy(buf, r->rsp + MASK_XENSTORE_IDX(cons), chunk);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		__atomic_store_n(&r->rsp_cons, cons + (XENSTORE_RING_IDX)chunk,
				 __ATOMIC_RELEASE);
		/* Like Linux: kick only if the reply ring had been full. */
		if (avail >= XENSTORE_RING_SIZE)
			kick(c);
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

static int sock_get(struct tconn *c, char *buf, size_t len, long deadline)
{
	while (len) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return -1;
		n = read(c->fd, buf, len);
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int t_send_raw(struct tconn *c, const void *buf, size_t len)
{
	const char *p = buf;

	if (c->ring)
		return ring_put(c, p, len);
	while (len) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int t_send(struct tconn *c, uint32_t type, uint32_t req, uint32_t tx,
	   const void *p, size_t len)
{
	char buf[sizeof(struct xsd_sockmsg) + 2 * XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = { type, req, tx, (uint32_t)len };

	if (len > 2 * XENSTORE_PAYLOAD_MAX)
		return -1;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	return t_send_raw(c, buf, sizeof(h) + len);
}

int t_recv(struct tconn *c, struct tmsg *m, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	int (*get)(struct tconn *, char *, size_t, long) = c->ring ? ring_get :
								     sock_get;

	if (get(c, (char *)&m->h, sizeof(m->h), deadline) ||
	    m->h.len > XENSTORE_PAYLOAD_MAX ||
	    get(c, m->body, m->h.len, deadline))
		return -1;
	m->body[m->h.len] = 0;
	return 0;
}

static void stash(struct tconn *c, const struct tmsg *m)
{
	if (c->nevents < 64 && m->h.len < 256) {
		memcpy(c->events[c->nevents], m->body, m->h.len);
		c->events[c->nevents][m->h.len] = 0;
		c->nevents++;
	}
}

int t_req(struct tconn *c, uint32_t type, uint32_t tx, const void *p,
	  size_t len, struct tmsg *reply)
{
	uint32_t id = ++c->next_req;

	if (t_send(c, type, id, tx, p, len))
		return -1;
	for (;;) {
		if (t_recv(c, reply, 5000))
			return -1;
		if (reply->h.type == XS_WATCH_EVENT) {
			stash(c, reply);
			continue;
		}
		return reply->h.req_id == id && reply->h.tx_id == tx ? 0 : -1;
	}
}

bool t_ok(struct tconn *c, uint32_t type, uint32_t tx, const void *p,
	  size_t len, struct tmsg *m)
{
	static struct tmsg scratch;
	struct tmsg *r = m ? m : &scratch;

	if (t_req(c, type, tx, p, len, r))
		return false;
	if (r->h.type != type) {
		printf("  type %u: got %u (%s)\n", type, r->h.type,
		       r->h.type == XS_ERROR ? r->body : "");
		return false;
	}
	return true;
}

bool t_err(struct tconn *c, uint32_t type, uint32_t tx, const void *p,
	   size_t len, const char *err)
{
	struct tmsg r;

	if (t_req(c, type, tx, p, len, &r))
		return false;
	if (r.h.type != XS_ERROR || strcmp(r.body, err) ||
	    r.h.len != strlen(err) + 1) {
		printf("  type %u: wanted %s, got type %u \"%s\"\n", type, err,
		       r.h.type, r.h.type == XS_ERROR ? r.body : "");
		return false;
	}
	return true;
}

static bool take_event(struct tconn *c, const char *path, const char *token)
{
	for (unsigned int i = 0; i < c->nevents; i++) {
		const char *e = c->events[i];

		if (!strcmp(e, path) && !strcmp(e + strlen(e) + 1, token)) {
			memmove(c->events[i], c->events[i + 1],
				(c->nevents - i - 1) * sizeof(c->events[0]));
			c->nevents--;
			return true;
		}
	}
	return false;
}

bool t_event(struct tconn *c, const char *path, const char *token,
	     int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	struct tmsg m;

	while (!take_event(c, path, token)) {
		long left = deadline - now_ms();

		if (left <= 0 || t_recv(c, &m, (int)left))
			return false;
		if (m.h.type == XS_WATCH_EVENT)
			stash(c, &m);
	}
	return true;
}

bool t_no_event(struct tconn *c, int timeout_ms)
{
	struct tmsg m;

	if (c->nevents)
		return false;
	if (t_recv(c, &m, timeout_ms))
		return true;
	if (m.h.type == XS_WATCH_EVENT)
		stash(c, &m);
	return false;
}

bool t_write(struct tconn *c, uint32_t tx, const char *path, const char *val)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(val);

	if (pl + vl > sizeof(buf))
		return false;
	memcpy(buf, path, pl);
	memcpy(buf + pl, val, vl);
	return t_ok(c, XS_WRITE, tx, buf, pl + vl, NULL);
}

bool t_read_is(struct tconn *c, uint32_t tx, const char *path, const char *val)
{
	struct tmsg m;

	if (!t_ok(c, XS_READ, tx, path, strlen(path) + 1, &m))
		return false;
	return m.h.len == strlen(val) && !memcmp(m.body, val, m.h.len);
}
