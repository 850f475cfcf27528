/* SPDX-License-Identifier: MIT */
/*
 * Domains known to xenstored: introduced by the toolstack with their store
 * ring and event channel, released when they go away. The ring itself is
 * attached through domain_ring_attach, a hook the daemon points at the
 * transport it runs with (the Xen devices in dom0, shared memory in host
 * tests); without a hook a domain is only recorded. All functions run under
 * the store lock.
 */
#include <errno.h>
#include <stdlib.h>

#include "xenstored.h"

ring_attach_fn domain_ring_attach;
static struct domain *domains; /* store lock */

struct domain *domain_list(void)
{
	return domains;
}

struct domain *domain_find(unsigned int domid)
{
	for (struct domain *d = domains; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

bool domain_is_introduced(unsigned int domid)
{
	return domid == DOMID_SELF_ID || domain_find(domid) != NULL;
}

int domain_introduce(unsigned int domid, uint64_t gfn, uint32_t port)
{
	struct domain *d = domain_find(domid);

	if (d) {
		/* Reintroduction: the domain reconnects on the same ring. */
		d->port = port;
		d->shutdown = false;
		return -EEXIST;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->domid = domid;
	d->port = port;
	d->target = -1;
	if (domain_ring_attach) {
		d->conn = domain_ring_attach(domid, gfn, port);
		if (!d->conn) {
			int err = errno ? errno : EIO;

			log_err("domain %u: cannot attach store ring: %d",
				domid, err);
			free(d);
			return -err;
		}
		d->conn->dom = d;
	}
	d->next = domains;
	domains = d;
	log_info("domain %u introduced (port %u)", domid, port);
	return 0;
}

int domain_release(unsigned int domid)
{
	struct domain *d = NULL, **pp;

	for (pp = &domains; *pp; pp = &(*pp)->next) {
		if ((*pp)->domid == domid) {
			d = *pp;
			*pp = d->next;
			break;
		}
	}
	if (!d)
		return -ENOENT;
	if (d->conn) {
		d->conn->dom = NULL;
		conn_kill_locked(d->conn);
	}
	log_info("domain %u released", domid);
	free(d);
	return 0;
}

int domain_resume(unsigned int domid)
{
	struct domain *d = domain_find(domid);

	if (!d)
		return -ENOENT;
	d->shutdown = false;
	return 0;
}

int domain_set_target(unsigned int domid, unsigned int tdomid)
{
	struct domain *d = domain_find(domid);

	if (!d || !domain_find(tdomid))
		return -ENOENT;
	d->target = (int)tdomid;
	if (d->conn)
		d->conn->who.target = (int)tdomid;
	return 0;
}

void domain_fini(void)
{
	while (domains)
		domain_release(domains->domid);
}
