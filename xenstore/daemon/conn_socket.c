/* SPDX-License-Identifier: MIT */
/*
 * Unix-socket connections: dom0 processes, privileged, relative paths under
 * /local/domain/0. Non-blocking I/O; when the peer does not read fast
 * enough the rest of the output waits for EPOLLOUT, which is armed and
 * disarmed under the output lock so a watch fired from another thread can
 * never leave queued data without a wakeup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xenstored.h"

struct sock_priv {
	int fd;
	struct worker *w;
	bool out_armed; /* out_lock */
	/* Owned by the serving worker: bytes received, not yet parsed. One
	 * recv() usually brings a whole request (or several). */
	size_t in_start, in_end;
	char in[8192];
};

static int sock_read(struct conn *c, void *buf, size_t len)
{
	struct sock_priv *p = c->priv;
	size_t n;

	if (p->in_start == p->in_end) {
		ssize_t r = recv(p->fd, p->in, sizeof(p->in), MSG_DONTWAIT);

		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (r <= 0)
			return -1;
		p->in_start = 0;
		p->in_end = (size_t)r;
	}
	n = p->in_end - p->in_start;
	if (n > len)
		n = len;
	memcpy(buf, p->in + p->in_start, n);
	p->in_start += n;
	return (int)n;
}

static int sock_write(struct conn *c, const void *buf, size_t len)
{
	struct sock_priv *p = c->priv;
	ssize_t n = send(p->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	return -1;
}

static void sock_arm(struct conn *c)
{
	struct sock_priv *p = c->priv;
	bool want;

	pthread_mutex_lock(&c->out_lock);
	want = c->out_head != NULL;
	if (want != p->out_armed &&
	    !worker_ctl(p->w, EPOLL_CTL_MOD, p->fd, c,
			EPOLLIN | (want ? EPOLLOUT : 0)))
		p->out_armed = want;
	pthread_mutex_unlock(&c->out_lock);
}

static void sock_kick(struct conn *c)
{
	conn_flush(c);
	sock_arm(c);
}

static void sock_handle(struct conn *c, uint32_t events)
{
	if (conn_flush(c) < 0 || conn_input(c) < 0 || conn_flush(c) < 0) {
		conn_kill(c);
		return;
	}
	sock_arm(c);
}

static void sock_detach(struct conn *c)
{
	struct sock_priv *p = c->priv;

	worker_ctl(p->w, EPOLL_CTL_DEL, p->fd, c, 0);
}

static void sock_destroy(struct conn *c)
{
	struct sock_priv *p = c->priv;

	close(p->fd);
	free(p);
}

static const struct conn_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.kick = sock_kick,
	.handle = sock_handle,
	.detach = sock_detach,
	.destroy = sock_destroy,
	.kind = "socket",
};

/*
 * Listen on path. The socket is bound under a temporary name, made
 * listening and private (0600), and only then renamed into place: a client
 * that sees the path can connect at once, and never to a socket that is
 * not yet listening or still has the umask's permissions.
 */
int sock_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *dir, *slash;
	int fd, saved;

	if (strlen(path) + 16 >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s.%d.tmp", path,
		 (int)getpid());
	dir = strdup(path);
	slash = dir ? strrchr(dir, '/') : NULL;
	if (slash && slash != dir) {
		*slash = 0;
		mkdir(dir, 0755); /* /var/run/xenstored may not exist yet */
	}
	free(dir);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	unlink(sa.sun_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 128) ||
	    chmod(sa.sun_path, 0600) || rename(sa.sun_path, path)) {
		saved = errno;
		unlink(sa.sun_path);
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* Accepts one client and hands it to a worker. */
int sock_accept(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	struct sock_priv *p;
	struct conn *c;

	if (fd < 0)
		return -errno;
	p = calloc(1, sizeof(*p));
	if (!p) {
		close(fd);
		return -ENOMEM;
	}
	p->fd = fd;
	p->w = worker_pick();
	pthread_mutex_lock(&store.lock);
	c = conn_new(&sock_ops, p, 0, true);
	pthread_mutex_unlock(&store.lock);
	if (!c) {
		close(fd);
		free(p);
		return -ENOMEM;
	}
	if (worker_ctl(p->w, EPOLL_CTL_ADD, fd, c, EPOLLIN)) {
		conn_kill(c);
		return -EIO;
	}
	log_dbg("connection %u (socket) opened", c->id);
	return 0;
}
