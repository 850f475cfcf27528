/* SPDX-License-Identifier: MIT */
/*
 * Watches. A watch on W fires for every change at or below W (removed
 * descendants only fire exact watches), plus the @introduceDomain and
 * @releaseDomain specials. Events go to the watcher's output queue with the
 * registered token; a watch registered with a relative path gets relative
 * event paths. An unprivileged watcher only hears about nodes it could read
 * (the node or its parent, before or after the change). An event identical
 * to one still queued for the watcher is coalesced with it (not for the
 * @ specials). All functions run under the store lock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

/* Queued watch events an unprivileged connection may have before we drop. */
#define MAX_QUEUED_EVENTS 1024

unsigned int watch_count_domain(unsigned int domid)
{
	unsigned int n = 0;

	for (struct conn *c = store.conns; c; c = c->next)
		if (!c->who.priv && c->who.domid == domid)
			for (struct watch *w = c->watches; w; w = w->next)
				n++;
	return n;
}

int watch_add(struct conn *c, const char *path, const char *token,
	      bool relative)
{
	struct watch *w, **tail = &c->watches;

	if (c->dead)
		return -EIO; /* released meanwhile: nobody would free it */
	for (w = c->watches; w; w = w->next) {
		if (!strcmp(w->path, path) && !strcmp(w->token, token))
			return -EEXIST;
		tail = &w->next;
	}
	if (!c->who.priv &&
	    watch_count_domain(c->who.domid) >= store.quota.watches) {
		log_warn(
			"quota: domain %u refused a watch: %u watches per domain",
			c->who.domid, store.quota.watches);
		return -E2BIG;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->path = strdup(path);
	w->token = strdup(token);
	w->relative = relative;
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		free(w);
		return -ENOMEM;
	}
	*tail = w;
	return 0;
}

static void watch_free(struct watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

int watch_del(struct conn *c, const char *path, const char *token)
{
	for (struct watch **pp = &c->watches; *pp; pp = &(*pp)->next) {
		struct watch *w = *pp;

		if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
			*pp = w->next;
			watch_free(w);
			return 0;
		}
	}
	return -ENOENT;
}

void watch_del_all(struct conn *c)
{
	while (c->watches) {
		struct watch *w = c->watches;

		c->watches = w->next;
		watch_free(w);
	}
}

static void send_event(struct conn *c, const char *path, const char *token)
{
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	char *buf;

	if (pl + tl > XENSTORE_PAYLOAD_MAX)
		return;
	if (!c->who.priv && c->out_events >= MAX_QUEUED_EVENTS) {
		log_warn("domain %u: watch event for %s dropped: %u queued",
			 c->who.domid, path, MAX_QUEUED_EVENTS);
		return;
	}
	buf = malloc(pl + tl);
	if (!buf)
		return;
	memcpy(buf, path, pl);
	memcpy(buf + pl, token, tl);
	/* Duplicates of a pending event are dropped, but never @ ones. */
	if (path[0] == '@' || !conn_event_pending(c, buf, pl + tl))
		conn_queue(c, XS_WATCH_EVENT, 0, 0, buf, pl + tl, false);
	free(buf);
	c->ops->kick(c);
}

static bool readable(const struct node *n, const struct caller *who)
{
	return n && perm_allowed(n->perms, n->nperms, who, XS_PERM_READ);
}

static bool may_see(const struct conn *c, const char *path,
		    const struct node *oldroot, const struct node *newroot)
{
	char *parent;
	bool ok;

	if (c->who.priv)
		return true;
	if (readable(tree_lookup(newroot, path), &c->who) ||
	    readable(tree_lookup(oldroot, path), &c->who))
		return true;
	parent = path_parent(path);
	if (!parent)
		return false;
	ok = readable(tree_lookup(newroot, parent), &c->who) ||
	     readable(tree_lookup(oldroot, parent), &c->who);
	free(parent);
	return ok;
}

void watch_fire(const char *path, bool exact, const struct node *oldroot,
		const struct node *newroot)
{
	for (struct conn *c = store.conns; c; c = c->next) {
		for (struct watch *w = c->watches; w; w = w->next) {
			char home[32];
			const char *ev = path;
			size_t hl;

			if (w->path[0] == '@')
				continue;
			if (exact ? strcmp(w->path, path) :
				    !path_is_below(w->path, path))
				continue;
			if (!may_see(c, path, oldroot, newroot))
				break;
			hl = (size_t)snprintf(home, sizeof(home),
					      "/local/domain/%u/",
					      c->who.domid);
			if (w->relative && !strncmp(path, home, hl))
				ev = path + hl;
			send_event(c, ev, w->token);
		}
	}
}

void watch_fire_special(const char *name)
{
	bool intro = !strcmp(name, "@introduceDomain");
	const struct perm_entry *p = intro ? store.intro_perms :
					     store.release_perms;
	unsigned int n = intro ? store.n_intro_perms : store.n_release_perms;

	for (struct conn *c = store.conns; c; c = c->next) {
		if (!perm_allowed(p, n, &c->who, XS_PERM_READ))
			continue;
		for (struct watch *w = c->watches; w; w = w->next)
			if (!strcmp(w->path, name))
				send_event(c, name, w->token);
	}
}
