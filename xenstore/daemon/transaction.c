/* SPDX-License-Identifier: MIT */
/*
 * Transactions. A transaction starts from a snapshot (a counted reference
 * to the root at that moment) and works on a private copy-on-write version
 * of it, so its reads are isolated and cost the live tree nothing. It
 * records the generation of every node it looked at and a log of its
 * changes. Commit (under the store lock) checks that none of those nodes
 * changed since; if one did the answer is EAGAIN. Otherwise the log is
 * replayed on the live tree into a fresh version that is published in one
 * step, so either every change lands or none does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

unsigned int txn_count(struct conn *c)
{
	unsigned int n = 0;

	for (struct txn *t = c->txns; t; t = t->next)
		n++;
	return n;
}

int txn_start(struct conn *c, uint32_t *id)
{
	struct txn *t;

	if (c->dead)
		return -EIO; /* released meanwhile: nobody would free it */
	/* Xen compares before counting the new one: the 11th still opens. */
	if (!c->who.priv && txn_count(c) > store.quota.transactions) {
		log_warn(
			"quota: domain %u refused a transaction: %u open per connection",
			c->who.domid, store.quota.transactions);
		return -ENOSPC;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	do {
		t->id = ++c->next_tx_id;
	} while (!t->id || txn_find(c, t->id));
	t->root = node_get(store.root);
	t->base_gen = store.gen;
	t->next = c->txns;
	c->txns = t;
	*id = t->id;
	return 0;
}

struct txn *txn_find(struct conn *c, uint32_t id)
{
	for (struct txn *t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

void txn_free(struct txn *t)
{
	node_put(t->root);
	for (unsigned int i = 0; i < t->nreads; i++)
		free(t->reads[i].path);
	for (unsigned int i = 0; i < t->nops; i++) {
		free(t->ops[i].path);
		free(t->ops[i].data);
		free(t->ops[i].perms);
	}
	free(t->reads);
	free(t->ops);
	free(t);
}

void txn_record_read(struct txn *t, const char *path, const struct node *n)
{
	struct txn_read *r;

	if (n && n->gen == TX_PRIVATE_GEN)
		return; /* our own change: nothing to check at commit */
	for (unsigned int i = 0; i < t->nreads; i++)
		if (!strcmp(t->reads[i].path, path))
			return;
	if (t->nreads == t->areads) {
		unsigned int na = t->areads ? t->areads * 2 : 16;

		r = realloc(t->reads, na * sizeof(*r));
		if (!r) {
			t->broken = true;
			return;
		}
		t->reads = r;
		t->areads = na;
	}
	r = &t->reads[t->nreads];
	r->path = strdup(path);
	if (!r->path) {
		t->broken = true;
		return;
	}
	r->gen = n ? n->gen : 0;
	t->nreads++;
}

int txn_log_op(struct conn *c, struct txn *t, const struct txn_op *op)
{
	struct txn_op *o;

	if (t->nops == t->aops) {
		unsigned int na = t->aops ? t->aops * 2 : 16;

		o = realloc(t->ops, na * sizeof(*o));
		if (!o)
			return -ENOMEM;
		t->ops = o;
		t->aops = na;
	}
	o = &t->ops[t->nops];
	memset(o, 0, sizeof(*o));
	o->type = op->type;
	o->path = strdup(op->path);
	o->len = op->len;
	o->nperms = op->nperms;
	if (op->len || op->data) {
		o->data = malloc(op->len + 1);
		if (o->data)
			memcpy(o->data, op->data, op->len);
	}
	if (op->nperms) {
		o->perms = malloc(op->nperms * sizeof(*o->perms));
		if (o->perms)
			memcpy(o->perms, op->perms,
			       op->nperms * sizeof(*o->perms));
	}
	if (!o->path || ((op->len || op->data) && !o->data) ||
	    (op->nperms && !o->perms)) {
		free(o->path);
		free(o->data);
		free(o->perms);
		return -ENOMEM;
	}
	t->nops++;
	return 0;
}

int txn_apply_op(struct view *v, const struct txn_op *op)
{
	switch (op->type) {
	case XS_WRITE:
		return op_write(v, op->path, op->data ? op->data : "", op->len);
	case XS_MKDIR:
		return op_mkdir(v, op->path);
	case XS_RM:
		return op_rm(v, op->path);
	case XS_SET_PERMS:
		return op_set_perms(v, op->path, op->perms, op->nperms);
	}
	return -EINVAL;
}

static void txn_unlink(struct conn *c, struct txn *t)
{
	for (struct txn **pp = &c->txns; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			return;
		}
	}
}

int txn_end(struct conn *c, struct txn *t, bool commit)
{
	struct view v;
	int ret = 0;

	txn_unlink(c, t);
	if (!commit)
		goto out;
	if (t->broken) {
		ret = -EAGAIN; /* we cannot prove nothing changed */
		goto out;
	}
	for (unsigned int i = 0; i < t->nreads; i++) {
		const struct node *n =
			tree_lookup(store.root, t->reads[i].path);

		if ((n ? n->gen : 0) != t->reads[i].gen) {
			log_dbg("txn %u of conn %u: %s changed, EAGAIN", t->id,
				c->id, t->reads[i].path);
			ret = -EAGAIN;
			goto out;
		}
	}
	if (!t->nops)
		goto out; /* read-only: validated, nothing to apply */
	view_init(&v, node_get(store.root), &c->who, NULL, store.gen + 1, true);
	for (unsigned int i = 0; i < t->nops && !ret; i++)
		ret = txn_apply_op(&v, &t->ops[i]);
	if (!ret)
		store_commit(&v);
	view_release(&v);
out:
	txn_free(t);
	return ret;
}
