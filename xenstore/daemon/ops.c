/* SPDX-License-Identifier: MIT */
/*
 * The operations on one version of the tree: permission-checked lookups and
 * the four changes (write, mkdir, rm, set_perms). A change never touches a
 * published node: it rebuilds the path from the root down to the changed
 * node into v->root and records what it did (watch events, per-domain node
 * count deltas) in the view. Whoever owns the view then publishes the new
 * root (store_commit), keeps it as a transaction's private version, or
 * throws it away: nothing is ever half-applied.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

void view_init(struct view *v, struct node *root, const struct caller *who,
	       struct txn *tx, uint64_t gen, bool check_quota)
{
	memset(v, 0, sizeof(*v));
	v->root = root;
	v->who = who;
	v->tx = tx;
	v->gen = gen;
	v->check_quota = check_quota;
}

void view_release(struct view *v)
{
	node_put(v->root);
	v->root = NULL;
	for (unsigned int i = 0; i < v->nevents; i++)
		free(v->events[i].path);
	free(v->events);
	free(v->deltas);
	v->events = NULL;
	v->deltas = NULL;
	v->nevents = v->ndeltas = 0;
}

const struct node *view_lookup(struct view *v, const char *path)
{
	const struct node *n = tree_lookup(v->root, path);

	if (v->tx)
		txn_record_read(v->tx, path, n);
	return n;
}

/*
 * Finds path with the wanted access. A missing node is ENOENT only if the
 * nearest existing ancestor grants the access, so a domain cannot probe
 * for nodes it may not see.
 */
int view_get(struct view *v, const char *path, unsigned int want,
	     const struct node **out)
{
	const struct node *n = view_lookup(v, path);
	char *p;
	int ret;

	*out = n;
	if (n)
		return perm_allowed(n->perms, n->nperms, v->who, want) ?
			       0 :
			       -EACCES;
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	for (;;) {
		char *slash = strrchr(p, '/');

		if (!slash) {
			ret = -ENOENT;
			break;
		}
		if (slash == p)
			slash[1] = 0;
		else
			*slash = 0;
		n = view_lookup(v, p);
		if (n) {
			ret = perm_allowed(n->perms, n->nperms, v->who, want) ?
				      -ENOENT :
				      -EACCES;
			break;
		}
	}
	free(p);
	return ret;
}

static int add_event(struct view *v, const char *path, bool exact)
{
	struct event *e;

	if (v->tx)
		return 0; /* transactions fire on commit only */
	e = realloc(v->events, (v->nevents + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	v->events = e;
	e[v->nevents].path = strdup(path);
	if (!e[v->nevents].path)
		return -ENOMEM;
	e[v->nevents++].exact = exact;
	return 0;
}

static struct dom_delta *delta_for(struct view *v, unsigned int domid)
{
	struct dom_delta *nd;

	for (unsigned int i = 0; i < v->ndeltas; i++)
		if (v->deltas[i].domid == domid)
			return &v->deltas[i];
	nd = realloc(v->deltas, (v->ndeltas + 1) * sizeof(*nd));
	if (!nd)
		return NULL;
	v->deltas = nd;
	nd += v->ndeltas++;
	nd->domid = domid;
	nd->delta = 0;
	nd->bytes = 0;
	return nd;
}

static int add_delta(struct view *v, unsigned int domid, int d)
{
	struct dom_delta *dd = delta_for(v, domid);

	if (!dd)
		return -ENOMEM;
	dd->delta += d;
	return 0;
}

static int delta_of(struct view *v, unsigned int domid)
{
	struct dom_delta *dd = delta_for(v, domid);

	return dd ? dd->delta : 0;
}

/*
 * Moves the memory a node costs from its old to its new version (either
 * may be NULL). Growing past the hard memory quota is refused for guests;
 * crossing the soft one is logged.
 */
static int account(struct view *v, const struct node *old,
		   const struct node *new)
{
	struct dom_delta *dd;
	long committed, after;

	if (old) {
		dd = delta_for(v, old->perms[0].domid);
		if (!dd)
			return -ENOMEM;
		dd->bytes -= (long)node_mem(old);
	}
	if (!new)
		return 0;
	dd = delta_for(v, new->perms[0].domid);
	if (!dd)
		return -ENOMEM;
	dd->bytes += (long)node_mem(new);
	/* Only a net growth counts: path copies of ancestors cost nothing. */
	committed = store_mem_get(dd->domid);
	after = committed + dd->bytes;
	if (!v->check_quota || v->who->priv || after <= committed)
		return 0;
	if (after > (long)store.quota.mem_hard) {
		log_warn(
			"quota: domain %u refused %ld bytes of nodes of domain %u: memory hard limit %lu",
			v->who->domid, after, dd->domid, store.quota.mem_hard);
		return -ENOMEM;
	}
	if (committed <= (long)store.quota.mem_soft &&
	    after > (long)store.quota.mem_soft)
		log_warn("quota: domain %u over the memory soft limit %lu",
			 dd->domid, store.quota.mem_soft);
	return 0;
}

/* Accounts one more node for its owner, refusing past the domain quota. */
static int on_create(struct view *v, unsigned int owner)
{
	if (v->check_quota && !v->who->priv &&
	    store_count_get(owner) + delta_of(v, owner) + 1 >
		    (int)store.quota.nodes) {
		log_warn("quota: domain %u refused a node: %u nodes per domain",
			 v->who->domid, store.quota.nodes);
		return -ENOSPC;
	}
	return add_delta(v, owner, 1);
}

static int check_size(struct view *v, const struct node *n)
{
	if (v->who->priv || node_size(n) <= store.quota.node_size)
		return 0;
	log_warn("quota: domain %u refused a node of %zu bytes: node size %u",
		 v->who->domid, node_size(n), store.quota.node_size);
	return -ENOSPC;
}

/* A new node takes its parent's ACL; an unprivileged creator owns it. */
static struct perm_entry *inherit(const struct view *v,
				  const struct perm_entry *pp, unsigned int n,
				  unsigned int *nout)
{
	struct perm_entry *p = malloc((n ? n : 1) * sizeof(*p));

	if (!p)
		return NULL;
	if (n)
		memcpy(p, pp, n * sizeof(*p));
	else
		p[0] = (struct perm_entry){ 0, XS_PERM_NONE };
	if (!v->who->priv)
		p[0].domid = v->who->domid;
	*nout = n ? n : 1;
	return p;
}

struct edit;
typedef int (*leaf_fn)(struct edit *e, const struct node *old, const char *name,
		       size_t namelen, const struct perm_entry *iperms,
		       unsigned int niperms, struct node **out);

struct edit {
	struct view *v;
	const char *path;
	leaf_fn leaf;
	const void *val;
	size_t vlen;
	const struct perm_entry *perms;
	unsigned int nperms;
};

/* Copy of n with child slot idx replaced by c (NULL removes, add inserts). */
static struct node *with_child(const struct node *n, unsigned int idx,
			       struct node *c, bool add, uint64_t gen)
{
	unsigned int cnt = n->nchildren + (add ? 1 : 0) - (c ? 0 : 1);
	struct node **ch = malloc((cnt ? cnt : 1) * sizeof(*ch));
	struct node *out;
	unsigned int j = 0;

	if (!ch)
		return NULL;
	for (unsigned int i = 0; i <= n->nchildren; i++) {
		if (i == idx && c)
			ch[j++] = c;
		if (i == n->nchildren)
			break;
		if (i == idx && !add)
			continue; /* replaced or removed */
		ch[j++] = n->children[i];
	}
	out = node_new(n->name, n->namelen, n->value, n->vlen, n->perms,
		       n->nperms, ch, cnt, gen);
	free(ch);
	return out;
}

static unsigned int child_index(const struct node *n, const char *name,
				size_t len, bool *found)
{
	unsigned int lo = 0, hi = n->nchildren;

	*found = false;
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		const struct node *c = n->children[mid];
		size_t m = len < c->namelen ? len : c->namelen;
		int r = memcmp(name, c->name, m);

		if (!r)
			r = len < c->namelen ? -1 : len > c->namelen;
		if (!r) {
			*found = true;
			return mid;
		}
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int rebuild(struct edit *e, const struct node *n, const char *name,
		   size_t namelen, const struct perm_entry *iperms,
		   unsigned int niperms, const char *rest, struct node **out)
{
	struct view *v = e->v;
	struct perm_entry *own = NULL;
	const struct perm_entry *mp;
	const struct node *child = NULL;
	struct node *newchild = NULL, *res;
	unsigned int nmp, idx = 0;
	const char *comp, *end;
	bool found = false;
	int ret;

	while (*rest == '/')
		rest++;
	if (!*rest)
		return e->leaf(e, n, name, namelen, iperms, niperms, out);
	comp = rest;
	end = strchrnul(comp, '/');
	if (n) {
		idx = child_index(n, comp, (size_t)(end - comp), &found);
		child = found ? n->children[idx] : NULL;
		mp = n->perms;
		nmp = n->nperms;
	} else {
		own = inherit(v, iperms, niperms, &nmp);
		if (!own)
			return -ENOMEM;
		mp = own;
	}
	ret = rebuild(e, child, comp, (size_t)(end - comp), mp, nmp, end,
		      &newchild);
	if (ret)
		goto out;
	if (newchild == child) {
		node_put(newchild);
		*out = node_get((struct node *)n);
		goto out;
	}
	if (!n) {
		/* A missing ancestor, created empty on the way down. */
		ret = on_create(v, mp[0].domid);
		if (ret) {
			node_put(newchild);
			goto out;
		}
		res = node_new(name, namelen, "", 0, mp, nmp, &newchild, 1,
			       v->gen);
	} else {
		res = with_child(n, idx, newchild, !found,
				 (found && newchild) ? n->gen : v->gen);
	}
	node_put(newchild);
	if (!res) {
		ret = -ENOMEM;
		goto out;
	}
	if (!found && newchild)
		ret = check_size(v, res);
	if (!ret)
		ret = account(v, n, res);
	if (ret) {
		node_put(res);
		goto out;
	}
	*out = res;
out:
	free(own);
	return ret;
}

static int run_edit(struct edit *e)
{
	struct node *newroot = NULL;
	int ret = rebuild(e, e->v->root, "", 0, NULL, 0, e->path, &newroot);

	if (ret)
		return ret;
	node_put(e->v->root);
	e->v->root = newroot;
	return 0;
}

static int leaf_write(struct edit *e, const struct node *old, const char *name,
		      size_t namelen, const struct perm_entry *iperms,
		      unsigned int niperms, struct node **out)
{
	struct view *v = e->v;
	struct node *n;
	int ret;

	if (old) {
		n = node_new(old->name, old->namelen, e->val, e->vlen,
			     old->perms, old->nperms, old->children,
			     old->nchildren, v->gen);
	} else {
		unsigned int np;
		struct perm_entry *p = inherit(v, iperms, niperms, &np);

		if (!p)
			return -ENOMEM;
		ret = on_create(v, p[0].domid);
		if (ret) {
			free(p);
			return ret;
		}
		n = node_new(name, namelen, e->val, e->vlen, p, np, NULL, 0,
			     v->gen);
		free(p);
	}
	if (!n)
		return -ENOMEM;
	ret = check_size(v, n);
	if (!ret)
		ret = account(v, old, n);
	if (!ret)
		ret = add_event(v, e->path, false);
	if (ret) {
		node_put(n);
		return ret;
	}
	*out = n;
	return 0;
}

int op_write(struct view *v, const char *path, const void *val, size_t len)
{
	struct edit e = { .v = v,
			  .path = path,
			  .leaf = leaf_write,
			  .val = val,
			  .vlen = len };
	const struct node *n;
	int ret = view_get(v, path, XS_PERM_WRITE, &n);

	if (ret && ret != -ENOENT)
		return ret;
	return run_edit(&e);
}

int op_mkdir(struct view *v, const char *path)
{
	struct edit e = {
		.v = v, .path = path, .leaf = leaf_write, .val = "", .vlen = 0
	};
	const struct node *n;
	int ret = view_get(v, path, XS_PERM_WRITE, &n);

	if (!ret)
		return 0; /* already there: fine, and no event */
	if (ret != -ENOENT)
		return ret;
	return run_edit(&e);
}

static int note_removed(struct view *v, const struct node *n, char *buf,
			size_t len, bool top)
{
	int ret = add_delta(v, n->perms[0].domid, -1);

	if (!ret)
		ret = account(v, n, NULL);

	if (!ret && !top)
		ret = add_event(v, buf, true);
	for (unsigned int i = 0; !ret && i < n->nchildren; i++) {
		const struct node *c = n->children[i];
		size_t l = len + 1 + c->namelen;
		char *p = malloc(l + 1);

		if (!p)
			return -ENOMEM;
		snprintf(p, l + 1, "%s/%s", strcmp(buf, "/") ? buf : "",
			 c->name);
		ret = note_removed(v, c, p, strlen(p), false);
		free(p);
	}
	return ret;
}

static int leaf_rm(struct edit *e, const struct node *old, const char *name,
		   size_t namelen, const struct perm_entry *iperms,
		   unsigned int niperms, struct node **out)
{
	int ret;

	if (!old) {
		*out = NULL;
		return 0;
	}
	ret = add_event(e->v, e->path, false);
	if (!ret)
		ret = note_removed(e->v, old, (char *)e->path, strlen(e->path),
				   true);
	*out = NULL;
	return ret;
}

int op_rm(struct view *v, const char *path)
{
	struct edit e = { .v = v, .path = path, .leaf = leaf_rm };
	const struct node *n;
	char *parent;
	int ret;

	if (!strcmp(path, "/"))
		return -EINVAL;
	ret = view_get(v, path, XS_PERM_WRITE, &n);
	if (ret == -ENOENT) {
		/* Removing a missing node is fine if its parent exists. */
		parent = path_parent(path);
		if (!parent)
			return -ENOMEM;
		ret = view_lookup(v, parent) ? 0 : -ENOENT;
		free(parent);
		return ret;
	}
	if (ret)
		return ret;
	parent = path_parent(path);
	if (!parent)
		return -ENOMEM;
	view_lookup(v, parent); /* its child list changes */
	free(parent);
	return run_edit(&e);
}

static int leaf_perms(struct edit *e, const struct node *old, const char *name,
		      size_t namelen, const struct perm_entry *iperms,
		      unsigned int niperms, struct node **out)
{
	struct view *v = e->v;
	struct node *n;
	int ret;

	if (!old)
		return -ENOENT;
	n = node_new(old->name, old->namelen, old->value, old->vlen, e->perms,
		     e->nperms, old->children, old->nchildren, v->gen);
	if (!n)
		return -ENOMEM;
	ret = check_size(v, n);
	if (!ret)
		ret = account(v, old, n);
	if (!ret && old->perms[0].domid != e->perms[0].domid) {
		ret = add_delta(v, old->perms[0].domid, -1);
		if (!ret)
			ret = add_delta(v, e->perms[0].domid, 1);
	}
	if (!ret)
		ret = add_event(v, e->path, false);
	if (ret) {
		node_put(n);
		return ret;
	}
	*out = n;
	return 0;
}

int op_set_perms(struct view *v, const char *path,
		 const struct perm_entry *perms, unsigned int n)
{
	struct edit e = { .v = v,
			  .path = path,
			  .leaf = leaf_perms,
			  .perms = perms,
			  .nperms = n };
	const struct node *node;
	int ret;

	if (!n)
		return -EINVAL;
	ret = view_get(v, path, XS_PERM_WRITE, &node);
	if (ret)
		return ret;
	if (!v->who->priv) {
		struct caller w = *v->who;
		struct perm_entry owner_only = { node->perms[0].domid, 0 };

		/* Only the owner may change an ACL, and never its owner. */
		if (!perm_allowed(&owner_only, 1, &w, XS_PERM_WRITE))
			return -EACCES;
		if (n > store.quota.perms) {
			log_warn(
				"quota: domain %u refused %u ACL entries: %u per node",
				w.domid, n, store.quota.perms);
			return -ENOSPC;
		}
		if (perms[0].domid != node->perms[0].domid)
			return -EPERM;
	}
	return run_edit(&e);
}
