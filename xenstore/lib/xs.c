/* SPDX-License-Identifier: MIT */
/*
 * libxenstore. One socket per handle. Requests are serialised by
 * request_lock (one in flight, so the next reply is always ours). Until the
 * first watch the requester reads its reply itself; xs_watch() starts a
 * reader thread that from then on reads every message from the daemon and
 * sorts it: watch events go to the event queue (and wake xs_fileno()'s
 * pipe), anything else is the reply the current requester is waiting for.
 * Starting it lazily saves a thread hand-off per request for the many
 * clients that never watch.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "xenstore.h"

struct msg {
	struct msg *next;
	struct xsd_sockmsg hdr;
	char body[]; /* hdr.len bytes + NUL */
};

struct xs_handle {
	int fd;
	pthread_t reader;
	bool threaded; /* request_lock: the reader thread runs */
	bool is_socket; /* else the xenbus device */
	pthread_mutex_t request_lock; /* held for a whole request/reply */
	uint32_t next_req_id; /* request_lock */

	pthread_mutex_t lock; /* guards everything below */
	pthread_cond_t reply_cond, watch_cond;
	struct msg *reply; /* lock: reply for the request in flight */
	struct msg *events, *events_tail; /* lock: watch events in order */
	bool broken; /* lock: the connection is gone */
	int watch_pipe[2]; /* one byte per queued event */
};

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_all(int fd, const struct iovec *iov, int cnt)
{
	struct iovec v[8];

	memcpy(v, iov, cnt * sizeof(*iov));
	while (cnt) {
		ssize_t n = writev(fd, v, cnt);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		while (cnt && (size_t)n >= v[0].iov_len) {
			n -= (ssize_t)v[0].iov_len;
			memmove(v, v + 1, (size_t)(cnt - 1) * sizeof(*v));
			cnt--;
		}
		if (cnt) {
			v[0].iov_base = (char *)v[0].iov_base + n;
			v[0].iov_len -= (size_t)n;
		}
	}
	return 0;
}

/* Reads one whole message from the daemon, or NULL when it is gone. */
static struct msg *read_msg(struct xs_handle *h)
{
	struct xsd_sockmsg hdr;
	struct msg *m;

	if (read_all(h->fd, &hdr, sizeof(hdr)) ||
	    hdr.len > XENSTORE_PAYLOAD_MAX)
		return NULL;
	m = malloc(sizeof(*m) + hdr.len + 1);
	if (!m || read_all(h->fd, m->body, hdr.len)) {
		free(m);
		return NULL;
	}
	m->hdr = hdr;
	m->body[hdr.len] = 0;
	m->next = NULL;
	return m;
}

static void *reader_main(void *arg)
{
	struct xs_handle *h = arg;
	int old;

	/* Cancellable (xs_close on a device) only while waiting to read. */
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	for (;;) {
		struct msg *m;

		pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
		m = read_msg(h);
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
		if (!m)
			break;
		pthread_mutex_lock(&h->lock);
		if (m->hdr.type == XS_WATCH_EVENT) {
			char b = 0;

			if (h->events_tail)
				h->events_tail->next = m;
			else
				h->events = m;
			h->events_tail = m;
			if (write(h->watch_pipe[1], &b, 1) < 0)
				b = 1;
			pthread_cond_broadcast(&h->watch_cond);
		} else {
			free(h->reply); /* nobody asked: drop */
			h->reply = m;
			pthread_cond_broadcast(&h->reply_cond);
		}
		pthread_mutex_unlock(&h->lock);
	}
	pthread_mutex_lock(&h->lock);
	h->broken = true;
	pthread_cond_broadcast(&h->reply_cond);
	pthread_cond_broadcast(&h->watch_cond);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static int open_socket(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = xs_daemon_socket();
	int fd, err;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/*
 * Inside a guest (or a dom0 without a local daemon) the kernel's xenbus
 * device carries the same messages: whole requests written, replies and
 * events read back.
 */
static int open_device(void)
{
	int fd = open("/dev/xen/xenbus", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fd = open("/proc/xen/xenbus", O_RDWR | O_CLOEXEC);
	return fd;
}

struct xs_handle *xs_open(unsigned long flags)
{
	struct xs_handle *h = calloc(1, sizeof(*h));
	int err;

	if (!h)
		return NULL;
	h->fd = open_socket();
	h->is_socket = h->fd >= 0;
	if (h->fd < 0 && !(flags & XS_OPEN_SOCKETONLY)) {
		err = errno;
		h->fd = open_device();
		if (h->fd < 0)
			errno = err; /* the socket's error says more */
	}
	if (h->fd < 0)
		goto err_free;
	if (pipe2(h->watch_pipe, O_CLOEXEC))
		goto err_close;
	pthread_mutex_init(&h->request_lock, NULL);
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->reply_cond, NULL);
	pthread_cond_init(&h->watch_cond, NULL);
	return h;
err_close:
	err = errno;
	close(h->fd);
	errno = err;
err_free:
	free(h);
	return NULL;
}

/* Called with request_lock held, so no reply is being read meanwhile. */
static int start_reader(struct xs_handle *h)
{
	sigset_t all, old;
	int err;

	if (h->threaded)
		return 0;
	/* The reader must never take the caller's signals. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&h->reader, NULL, reader_main, h);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		return err;
	h->threaded = true;
	return 0;
}

struct xs_handle *xs_daemon_open(void)
{
	return xs_open(0);
}

void xs_close(struct xs_handle *h)
{
	if (!h)
		return;
	/* Wake the reader: a socket can be shut down, a device read only
	 * interrupted by cancelling the thread (read() is a cancellation
	 * point, and the reader holds no lock while it reads). */
	if (h->is_socket)
		shutdown(h->fd, SHUT_RDWR);
	else if (h->threaded)
		pthread_cancel(h->reader);
	if (h->threaded)
		pthread_join(h->reader, NULL);
	close(h->fd);
	close(h->watch_pipe[0]);
	close(h->watch_pipe[1]);
	free(h->reply);
	while (h->events) {
		struct msg *m = h->events;

		h->events = m->next;
		free(m);
	}
	pthread_mutex_destroy(&h->request_lock);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->reply_cond);
	pthread_cond_destroy(&h->watch_cond);
	free(h);
}

void xs_daemon_close(struct xs_handle *h)
{
	xs_close(h);
}

static int errno_of(const char *name)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(name, xsd_errors[i].errstring))
			return xsd_errors[i].errnum;
	return EINVAL;
}

/*
 * Sends one request (payload in iov) and waits for its reply. Returns the
 * malloc'd reply body (NUL-terminated) and its length, or NULL with errno.
 */
static void *request(struct xs_handle *h, xs_transaction_t t, uint32_t type,
		     const struct iovec *iov, int cnt, unsigned int *len)
{
	struct iovec v[8];
	struct xsd_sockmsg hdr = { .type = type, .tx_id = t };
	struct msg *m = NULL;
	void *body;
	int err = 0;

	for (int i = 0; i < cnt; i++)
		hdr.len += (uint32_t)iov[i].iov_len;
	if (hdr.len > XENSTORE_PAYLOAD_MAX) {
		errno = E2BIG;
		return NULL;
	}
	v[0].iov_base = &hdr;
	v[0].iov_len = sizeof(hdr);
	memcpy(v + 1, iov, cnt * sizeof(*iov));

	pthread_mutex_lock(&h->request_lock);
	hdr.req_id = ++h->next_req_id;
	pthread_mutex_lock(&h->lock);
	free(h->reply);
	h->reply = NULL;
	pthread_mutex_unlock(&h->lock);
	if (type == XS_WATCH)
		err = start_reader(h); /* events may follow from now on */
	if (err) {
		m = NULL;
	} else if (write_all(h->fd, v, cnt + 1)) {
		err = errno;
	} else if (!h->threaded) {
		m = read_msg(h);
		if (!m)
			err = EIO;
	} else {
		pthread_mutex_lock(&h->lock);
		while (!h->reply && !h->broken)
			pthread_cond_wait(&h->reply_cond, &h->lock);
		m = h->reply;
		h->reply = NULL;
		pthread_mutex_unlock(&h->lock);
		if (!m)
			err = EIO;
	}
	pthread_mutex_unlock(&h->request_lock);

	if (err) {
		errno = err;
		return NULL;
	}
	if (m->hdr.type == XS_ERROR) {
		err = errno_of(m->body);
		free(m);
		errno = err;
		return NULL;
	}
	if (m->hdr.type != type || m->hdr.req_id != hdr.req_id) {
		free(m);
		errno = EIO;
		return NULL;
	}
	if (len)
		*len = m->hdr.len;
	body = malloc(m->hdr.len + 1);
	if (body)
		memcpy(body, m->body, m->hdr.len + 1);
	free(m);
	return body;
}

static void *request_str(struct xs_handle *h, xs_transaction_t t, uint32_t type,
			 const char *s, unsigned int *len)
{
	struct iovec iov = { (void *)s, strlen(s) + 1 };

	return request(h, t, type, &iov, 1, len);
}

static bool request_ok(struct xs_handle *h, xs_transaction_t t, uint32_t type,
		       const struct iovec *iov, int cnt)
{
	void *r = request(h, t, type, iov, cnt, NULL);

	free(r);
	return r != NULL;
}

/* Turns "a\0b\0" into a malloc'd vector of num strings (one block). */
static char **split(char *strings, unsigned int len, unsigned int *num)
{
	unsigned int n = xs_count_strings(strings, len);
	char **vec = malloc((n + 1) * sizeof(char *) + len);
	char *p;

	if (!vec)
		return NULL;
	p = (char *)(vec + n + 1);
	memcpy(p, strings, len);
	for (unsigned int i = 0; i < n; i++) {
		vec[i] = p;
		p += strlen(p) + 1;
	}
	vec[n] = NULL;
	*num = n;
	return vec;
}

static char **directory_part(struct xs_handle *h, xs_transaction_t t,
			     const char *path, unsigned int *num)
{
	char *all = NULL, off[16], *gen0 = NULL;
	size_t alen = 0;
	char **vec;

	for (;;) {
		struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
					{ off, 0 } };
		unsigned int len;
		char *r, *names, *tmp;
		size_t glen, nlen;
		bool end;

		iov[1].iov_len =
			(size_t)snprintf(off, sizeof(off), "%zu", alen) + 1;
		r = request(h, t, XS_DIRECTORY_PART, iov, 2, &len);
		if (!r)
			goto fail;
		glen = strlen(r) + 1;
		if (glen > len) {
			free(r);
			errno = EIO;
			goto fail;
		}
		if (!gen0) {
			gen0 = strdup(r);
		} else if (strcmp(gen0, r)) {
			/* Changed under us: start over. */
			free(r);
			free(all);
			all = NULL;
			alen = 0;
			free(gen0);
			gen0 = NULL;
			continue;
		}
		names = r + glen;
		nlen = len - glen;
		/* An empty string after the names marks the end. */
		end = nlen && names[nlen - 1] == 0 &&
		      (nlen == 1 || names[nlen - 2] == 0);
		if (end)
			nlen--;
		tmp = realloc(all, alen + nlen + 1);
		if (!tmp) {
			free(r);
			goto fail;
		}
		all = tmp;
		memcpy(all + alen, names, nlen);
		alen += nlen;
		free(r);
		if (end || !nlen)
			break;
	}
	vec = split(all ? all : "", (unsigned int)alen, num);
	free(all);
	free(gen0);
	return vec;
fail:
	free(all);
	free(gen0);
	return NULL;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path,
		    unsigned int *num)
{
	unsigned int len;
	char *r = request_str(h, t, XS_DIRECTORY, path, &len);
	char **vec;

	if (!r)
		return errno == E2BIG ? directory_part(h, t, path, num) : NULL;
	vec = split(r, len, num);
	free(r);
	return vec;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len)
{
	return request_str(h, t, XS_READ, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len)
{
	struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
				{ (void *)data, len } };

	return request_ok(h, t, XS_WRITE, iov, 2);
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	struct iovec iov = { (void *)path, strlen(path) + 1 };

	return request_ok(h, t, XS_MKDIR, &iov, 1);
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	struct iovec iov = { (void *)path, strlen(path) + 1 };

	return request_ok(h, t, XS_RM, &iov, 1);
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
					  xs_transaction_t t, const char *path,
					  unsigned int *num)
{
	unsigned int len, n;
	char *r = request_str(h, t, XS_GET_PERMS, path, &len);
	struct xs_permissions *p;

	if (!r)
		return NULL;
	n = xs_count_strings(r, len);
	p = malloc((n ? n : 1) * sizeof(*p));
	if (p && !xs_strings_to_perms(p, n, r)) {
		free(p);
		p = NULL;
	}
	free(r);
	if (p)
		*num = n;
	return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
			const char *path, struct xs_permissions *perms,
			unsigned int num_perms)
{
	size_t plen = strlen(path) + 1, len = plen;
	char *buf = malloc(plen + (size_t)num_perms * XS_PERM_STRLEN);
	struct iovec iov;
	bool ok;

	if (!buf)
		return false;
	memcpy(buf, path, plen);
	for (unsigned int i = 0; i < num_perms; i++) {
		if (!xs_perm_to_string(&perms[i], buf + len, XS_PERM_STRLEN)) {
			free(buf);
			return false;
		}
		len += strlen(buf + len) + 1;
	}
	iov.iov_base = buf;
	iov.iov_len = len;
	ok = request_ok(h, t, XS_SET_PERMS, &iov, 1);
	free(buf);
	return ok;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
	struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
				{ (void *)token, strlen(token) + 1 } };

	return request_ok(h, XBT_NULL, XS_WATCH, iov, 2);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
	struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
				{ (void *)token, strlen(token) + 1 } };

	return request_ok(h, XBT_NULL, XS_UNWATCH, iov, 2);
}

int xs_fileno(struct xs_handle *h)
{
	return h->watch_pipe[0];
}

static char **next_event(struct xs_handle *h, bool block, unsigned int *num)
{
	struct msg *m;
	char **vec;
	char b;

	pthread_mutex_lock(&h->lock);
	while (!h->events && !h->broken && block)
		pthread_cond_wait(&h->watch_cond, &h->lock);
	m = h->events;
	if (m) {
		h->events = m->next;
		if (!h->events)
			h->events_tail = NULL;
		if (read(h->watch_pipe[0], &b, 1) < 0)
			b = 0;
	}
	pthread_mutex_unlock(&h->lock);
	if (!m) {
		errno = block ? EIO : EAGAIN;
		return NULL;
	}
	vec = split(m->body, m->hdr.len, num);
	free(m);
	if (vec && *num < 2) {
		free(vec);
		errno = EIO;
		return NULL;
	}
	return vec;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
	return next_event(h, true, num);
}

char **xs_check_watch(struct xs_handle *h)
{
	unsigned int num;

	return next_event(h, false, &num);
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
	unsigned int len;
	char *r = request_str(h, XBT_NULL, XS_TRANSACTION_START, "", &len);
	unsigned long id;
	char *end;

	if (!r)
		return XBT_NULL;
	id = strtoul(r, &end, 10);
	if (end == r) {
		free(r);
		errno = EIO;
		return XBT_NULL;
	}
	free(r);
	return (xs_transaction_t)id;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
	struct iovec iov = { (void *)(abort ? "F" : "T"), 2 };

	return request_ok(h, t, XS_TRANSACTION_END, &iov, 1);
}

static bool domain_req(struct xs_handle *h, uint32_t type, unsigned int n,
		       const unsigned long *args)
{
	char buf[3][24];
	struct iovec iov[3];

	for (unsigned int i = 0; i < n; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = (size_t)snprintf(buf[i], sizeof(buf[i]), "%lu",
						  args[i]) +
				 1;
	}
	return request_ok(h, XBT_NULL, type, iov, (int)n);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
			 unsigned long mfn, unsigned int eventchn)
{
	unsigned long a[3] = { domid, mfn, eventchn };

	return domain_req(h, XS_INTRODUCE, 3, a);
}

bool xs_set_target(struct xs_handle *h, unsigned int domid, unsigned int target)
{
	unsigned long a[2] = { domid, target };

	return domain_req(h, XS_SET_TARGET, 2, a);
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
	unsigned long a[1] = { domid };

	return domain_req(h, XS_RELEASE, 1, a);
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
	unsigned long a[1] = { domid };

	return domain_req(h, XS_RESUME, 1, a);
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", domid);
	return request_str(h, XBT_NULL, XS_GET_DOMAIN_PATH, buf, NULL);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
	char buf[16], *r;
	bool yes;

	snprintf(buf, sizeof(buf), "%u", domid);
	r = request_str(h, XBT_NULL, XS_IS_DOMAIN_INTRODUCED, buf, NULL);
	yes = r && !strcmp(r, "T");
	free(r);
	return yes;
}

char *xs_control_command(struct xs_handle *h, const char *cmd, void *data,
			 unsigned int len)
{
	struct iovec iov[2] = { { (void *)cmd, strlen(cmd) + 1 },
				{ data, len } };

	return request(h, XBT_NULL, XS_CONTROL, iov, len ? 2 : 1, NULL);
}
