/* SPDX-License-Identifier: MIT */
/*
 * Immutable tree nodes. A node is one allocation (header, ACL, child
 * pointers, name, value) that never changes after it is built; a change
 * builds new copies of the path above it that share every untouched child.
 * Reference counts say how many parents or roots point at a node; the last
 * put hands it to call_rcu() so readers still walking an old version keep a
 * valid node until their read-side section ends.
 */
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r)
		return r;
	return alen < blen ? -1 : alen > blen;
}

struct node *node_new(const char *name, size_t namelen, const void *val,
		      size_t vlen, const struct perm_entry *perms,
		      unsigned int nperms, struct node *const *children,
		      unsigned int nchildren, uint64_t gen)
{
	size_t sz = sizeof(struct node) + nperms * sizeof(struct perm_entry) +
		    nchildren * sizeof(struct node *) + namelen + 1 + vlen + 1;
	struct node *n = malloc(sz);
	char *p;

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->refcnt = 1;
	n->gen = gen;
	n->nperms = nperms;
	n->nchildren = nchildren;
	n->vlen = (uint32_t)vlen;
	n->namelen = (uint32_t)namelen;
	p = (char *)(n + 1);
	n->children = (struct node **)p;
	p += nchildren * sizeof(struct node *);
	n->perms = (struct perm_entry *)p;
	p += nperms * sizeof(struct perm_entry);
	n->name = p;
	memcpy(p, name, namelen);
	p[namelen] = 0;
	p += namelen + 1;
	n->value = p;
	if (vlen)
		memcpy(p, val, vlen);
	p[vlen] = 0;
	if (nperms)
		memcpy(n->perms, perms, nperms * sizeof(*perms));
	for (unsigned int i = 0; i < nchildren; i++)
		n->children[i] = node_get(children[i]);
	return n;
}

struct node *node_get(struct node *n)
{
	if (n)
		__atomic_add_fetch(&n->refcnt, 1, __ATOMIC_RELAXED);
	return n;
}

static void node_free_rcu(struct rcu_head *head)
{
	free(caa_container_of(head, struct node, rcu));
}

void node_put(struct node *n)
{
	if (!n || __atomic_sub_fetch(&n->refcnt, 1, __ATOMIC_ACQ_REL))
		return;
	for (unsigned int i = 0; i < n->nchildren; i++)
		node_put(n->children[i]);
	urcu_memb_call_rcu(&n->rcu, node_free_rcu);
}

/* What counts against the node-size quota: value, ACL, child names. */
size_t node_size(const struct node *n)
{
	size_t sz = n->vlen + n->nperms * sizeof(struct perm_entry);

	for (unsigned int i = 0; i < n->nchildren; i++)
		sz += n->children[i]->namelen + 1;
	return sz;
}

/* What a node costs in memory, for the per-domain memory quota. */
size_t node_mem(const struct node *n)
{
	return sizeof(*n) + n->nperms * sizeof(struct perm_entry) +
	       n->nchildren * sizeof(struct node *) + n->namelen + 1 + n->vlen +
	       1;
}

const struct node *node_child(const struct node *n, const char *name,
			      size_t len)
{
	unsigned int lo = 0, hi = n->nchildren;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		const struct node *c = n->children[mid];
		int r = name_cmp(name, len, c->name, c->namelen);

		if (!r)
			return c;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Walks an absolute canonical path. Callers hold rcu_read_lock() or own root. */
const struct node *tree_lookup(const struct node *root, const char *path)
{
	const struct node *n = root;
	const char *p = path;

	if (*p != '/')
		return NULL;
	while (n && *p) {
		const char *end;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchrnul(p, '/');
		n = node_child(n, p, (size_t)(end - p));
		p = end;
	}
	return n;
}

unsigned long tree_count(const struct node *n)
{
	unsigned long c = 1;

	for (unsigned int i = 0; i < n->nchildren; i++)
		c += tree_count(n->children[i]);
	return c;
}
