/* SPDX-License-Identifier: MIT */
/*
 * The one store: the published root, the generation counter, per-domain
 * node counts and the quota settings. store_commit() is the only place a new
 * version of the tree becomes visible to readers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct store store = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	/* Xen's C xenstored 4.17 defaults (io-abi.md 5.9). */
	.quota = { .nodes = 1000,
		   .node_size = 2048,
		   .transactions = 10,
		   .watches = 128,
		   .perms = 5,
		   .path_len = XENSTORE_REL_PATH_MAX,
		   .outstanding = 20,
		   .txn_nodes = 1024,
		   .mem_soft = 2 << 20,
		   .mem_hard = (5 << 20) / 2 },
};

int store_count_get(unsigned int domid)
{
	return domid < DOMID_MAX_COUNTED ? store.node_count[domid] : 0;
}

long store_mem_get(unsigned int domid)
{
	return domid < DOMID_MAX_COUNTED ? store.node_mem[domid] : 0;
}

int store_init(void)
{
	static const struct perm_entry n0 = { 0, XS_PERM_NONE };
	struct node *xsd, *tool, *root;

	store.node_count = calloc(DOMID_MAX_COUNTED, sizeof(int));
	store.node_mem = calloc(DOMID_MAX_COUNTED, sizeof(long));
	if (!store.node_count || !store.node_mem)
		return -ENOMEM;
	store.gen = 1;
	xsd = node_new("xenstored", 9, "", 0, &n0, 1, NULL, 0, 1);
	tool = xsd ? node_new("tool", 4, "", 0, &n0, 1, &xsd, 1, 1) : NULL;
	root = tool ? node_new("", 0, "", 0, &n0, 1, &tool, 1, 1) : NULL;
	if (root)
		store.node_mem[0] =
			(long)(node_mem(root) + node_mem(tool) + node_mem(xsd));
	node_put(xsd);
	node_put(tool);
	if (!root)
		return -ENOMEM;
	store.node_count[0] = 3;
	store.intro_perms[0] = n0;
	store.release_perms[0] = n0;
	store.n_intro_perms = store.n_release_perms = 1;
	rcu_assign_pointer(store.root, root);
	return 0;
}

void store_fini(void)
{
	struct node *root = store.root;

	rcu_assign_pointer(store.root, NULL);
	node_put(root);
	urcu_memb_barrier();
	free(store.node_count);
	free(store.node_mem);
	store.node_count = NULL;
	store.node_mem = NULL;
}

void store_commit(struct view *v)
{
	struct node *old = store.root;

	rcu_assign_pointer(store.root, v->root);
	v->root = NULL;
	store.gen = v->gen;
	for (unsigned int i = 0; i < v->ndeltas; i++)
		if (v->deltas[i].domid < DOMID_MAX_COUNTED) {
			store.node_count[v->deltas[i].domid] +=
				v->deltas[i].delta;
			store.node_mem[v->deltas[i].domid] +=
				v->deltas[i].bytes;
		}
	for (unsigned int i = 0; i < v->nevents; i++)
		watch_fire(v->events[i].path, v->events[i].exact, old,
			   store.root);
	node_put(old);
}
