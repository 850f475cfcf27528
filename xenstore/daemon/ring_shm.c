/* SPDX-License-Identifier: MIT */
/*
 * Ring endpoint for host tests: the "guest" is a test program. For domain
 * D it creates, in the directory given with --ring-dir, the page
 * domD.ring (4096 bytes, mapped MAP_SHARED by both sides) and two FIFOs
 * standing in for the event channel: domD.to-xs (the guest kicks us) and
 * domD.to-guest (we kick the guest). XS_INTRODUCE D then attaches it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xenstored.h"

char *ring_shm_dir;

struct shm_ep {
	struct ring_ep ep;
	int in_fd, out_fd;
};

static int shm_notify(struct ring_ep *ep)
{
	struct shm_ep *s = (struct shm_ep *)ep;
	char b = 1;

	/* A full pipe already holds a pending kick: nothing is lost. */
	return write(s->out_fd, &b, 1) < 0 && errno != EAGAIN ? -errno : 0;
}

static int shm_fd(struct ring_ep *ep)
{
	return ((struct shm_ep *)ep)->in_fd;
}

static void shm_ack(struct ring_ep *ep)
{
	struct shm_ep *s = (struct shm_ep *)ep;
	char buf[256];

	while (read(s->in_fd, buf, sizeof(buf)) > 0)
		;
}

static void shm_prime(struct ring_ep *ep)
{
	struct shm_ep *s = (struct shm_ep *)ep;
	char b = 1;

	if (write(s->in_fd, &b, 1) < 0)
		return;
}

static void shm_close(struct ring_ep *ep)
{
	struct shm_ep *s = (struct shm_ep *)ep;

	if (ep->intf)
		munmap(ep->intf, 4096);
	if (s->in_fd >= 0)
		close(s->in_fd);
	if (s->out_fd >= 0)
		close(s->out_fd);
	free(s);
}

static const struct ring_ep_ops shm_ops = {
	.notify = shm_notify,
	.fd = shm_fd,
	.ack = shm_ack,
	.prime = shm_prime,
	.close = shm_close,
};

static int open_in(unsigned int domid, const char *suffix, int flags)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/dom%u.%s", ring_shm_dir, domid,
		 suffix);
	return open(path, flags | O_CLOEXEC);
}

struct conn *ring_shm_attach(unsigned int domid, uint64_t gfn, uint32_t port)
{
	struct shm_ep *s = calloc(1, sizeof(*s));
	int fd;

	if (!s) {
		errno = ENOMEM;
		return NULL;
	}
	s->ep.ops = &shm_ops;
	s->in_fd = open_in(domid, "to-xs", O_RDWR | O_NONBLOCK);
	s->out_fd = open_in(domid, "to-guest", O_RDWR | O_NONBLOCK);
	fd = open_in(domid, "ring", O_RDWR);
	if (fd >= 0) {
		void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			       fd, 0);

		s->ep.intf = m == MAP_FAILED ? NULL : m;
		close(fd);
	}
	if (s->in_fd < 0 || s->out_fd < 0 || !s->ep.intf) {
		int err = errno ? errno : EIO;

		shm_close(&s->ep);
		errno = err;
		return NULL;
	}
	return ring_conn_new(&s->ep, domid);
}
