/* SPDX-License-Identifier: MIT */
/*
 * Ring endpoint for a real dom0 (--xen). A guest's store page is mapped
 * through /dev/xen/gntdev from grant reference 1 of the guest (the
 * toolstack grants it there, as for Xen's xenstored), falling back to a
 * privcmd foreign mapping of the frame named in XS_INTRODUCE; its store
 * event channel is bound with /dev/xen/evtchn, which is also what the
 * worker polls. Domain 0's own ring (Linux in XS_LOCAL mode) comes from
 * /proc/xen/xsd_kva and /proc/xen/xsd_port. The ioctl numbers and layouts
 * are Linux's (io-abi.md 9.1-9.3); they are spelt out here so the daemon
 * does not need the kernel's uapi headers. Not exercised by the host
 * tests, which use ring_shm.c behind the same interface.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xenstored.h"

#include "xen_dev.h"

#define PAGE 4096
#define STORE_GRANT_REF 1

struct xen_ep {
	struct ring_ep ep;
	int evtchn_fd;
	uint32_t local_port;
	int gnt_fd; /* -1 unless mapped through gntdev */
	uint64_t gnt_index;
};

static int xen_notify(struct ring_ep *ep)
{
	struct xen_ep *x = (struct xen_ep *)ep;
	struct evtchn_notify_arg n = { x->local_port };

	return ioctl(x->evtchn_fd, XS_IOCTL_EVTCHN_NOTIFY, &n) ? -errno : 0;
}

static int xen_fd(struct ring_ep *ep)
{
	return ((struct xen_ep *)ep)->evtchn_fd;
}

/* Reading the fired ports masks them; writing them back unmasks. */
static void xen_ack(struct ring_ep *ep)
{
	struct xen_ep *x = (struct xen_ep *)ep;
	uint32_t ports[64];
	ssize_t n;

	while ((n = read(x->evtchn_fd, ports, sizeof(ports))) > 0)
		if (write(x->evtchn_fd, ports, (size_t)n) < 0)
			break;
}

static void xen_close(struct ring_ep *ep)
{
	struct xen_ep *x = (struct xen_ep *)ep;

	if (ep->intf)
		munmap(ep->intf, PAGE);
	if (x->gnt_fd >= 0) {
		struct gntdev_unmap_arg u = { x->gnt_index, 1, 0 };

		ioctl(x->gnt_fd, XS_IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
		close(x->gnt_fd);
	}
	if (x->evtchn_fd >= 0)
		close(x->evtchn_fd); /* unbinds the port */
	free(x);
}

static const struct ring_ep_ops xen_ops = {
	.notify = xen_notify,
	.fd = xen_fd,
	.ack = xen_ack,
	.close = xen_close,
};

static void *map_grant(struct xen_ep *x, unsigned int domid)
{
	struct gntdev_map_arg m = { .count = 1,
				    .domid = domid,
				    .ref = STORE_GRANT_REF };
	void *p;

	x->gnt_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (x->gnt_fd < 0)
		return NULL;
	if (ioctl(x->gnt_fd, XS_IOCTL_GNTDEV_MAP_GRANT_REF, &m))
		goto fail;
	x->gnt_index = m.index;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, x->gnt_fd,
		 (off_t)m.index);
	if (p != MAP_FAILED)
		return p;
	{
		struct gntdev_unmap_arg u = { m.index, 1, 0 };

		ioctl(x->gnt_fd, XS_IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
	}
fail:
	close(x->gnt_fd);
	x->gnt_fd = -1;
	return NULL;
}

static void *map_foreign(unsigned int domid, uint64_t gfn)
{
	int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	struct privcmd_mmapbatch_v2_arg b;
	int err = 0;
	void *p;

	if (fd < 0)
		return NULL;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return NULL;
	}
	b = (struct privcmd_mmapbatch_v2_arg){ 1, (uint16_t)domid,
					       (uint64_t)(uintptr_t)p, &gfn,
					       &err };
	if (ioctl(fd, XS_IOCTL_PRIVCMD_MMAPBATCH_V2, &b) || err) {
		munmap(p, PAGE);
		p = NULL;
	}
	close(fd); /* the mapping outlives the fd */
	return p;
}

/* Domain 0's own ring, allocated by its kernel at boot. */
static void *map_local(uint32_t *port)
{
	char buf[32];
	int fd = open("/proc/xen/xsd_port", O_RDONLY | O_CLOEXEC);
	ssize_t n;
	void *p;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = 0;
	*port = (uint32_t)strtoul(buf, NULL, 10);
	fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

struct conn *ring_xen_attach(unsigned int domid, uint64_t gfn, uint32_t port)
{
	struct xen_ep *x = calloc(1, sizeof(*x));
	struct evtchn_bind_interdomain_arg b;
	int rc, err;

	if (!x) {
		errno = ENOMEM;
		return NULL;
	}
	x->ep.ops = &xen_ops;
	x->gnt_fd = -1;
	x->evtchn_fd = -1;
	if (domid == 0) {
		x->ep.intf = map_local(&port);
	} else {
		x->ep.intf = map_grant(x, domid);
		if (!x->ep.intf)
			x->ep.intf = map_foreign(domid, gfn);
	}
	if (!x->ep.intf) {
		err = errno ? errno : EIO;
		log_err("domain %u: cannot map the store page: %s", domid,
			strerror(err));
		goto fail;
	}
	x->evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	b = (struct evtchn_bind_interdomain_arg){ domid, port };
	rc = x->evtchn_fd < 0 ?
		     -1 :
		     ioctl(x->evtchn_fd, XS_IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
	if (rc < 0) {
		err = errno ? errno : EIO;
		log_err("domain %u: cannot bind event channel %u: %s", domid,
			port, strerror(err));
		goto fail;
	}
	x->local_port = (uint32_t)rc;
	/* The new port starts pending, so requests already in the ring are
	 * seen at once; the kick tells the guest we are here. */
	xen_notify(&x->ep);
	return ring_conn_new(&x->ep, domid);
fail:
	xen_close(&x->ep);
	errno = err;
	return NULL;
}

/* With --xen: attach dom0's own kernel, as Xen's xenstored does at start. */
int ring_xen_attach_dom0(void)
{
	int ret;

	pthread_mutex_lock(&store.lock);
	ret = domain_introduce(0, 0, 0);
	pthread_mutex_unlock(&store.lock);
	return ret;
}
