/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for xenstored's message parser and handlers. The
 * first input byte picks the caller (0: privileged dom0 socket, else an
 * unprivileged domain), the rest is fed as the byte stream of a connection
 * through the daemon's own conn_input()/proto_handle(). After each input
 * the tree must still be consistent: children strictly sorted, every node
 * with an owner, and the per-domain node and memory counters adding up to
 * the nodes actually in the tree. The store is then trimmed back so inputs stay independent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../xenstore/daemon/xenstored.h"

struct feed {
	const uint8_t *data;
	size_t len, off;
};

static int f_read(struct conn *c, void *buf, size_t len)
{
	struct feed *f = c->priv;
	size_t n = f->len - f->off;

	if (!n)
		return -1; /* end of input: the peer hung up */
	if (n > len)
		n = len;
	/* Small reads exercise reassembly of split messages. */
	if (n > 7 && (f->off & 1))
		n = 7;
	memcpy(buf, f->data + f->off, n);
	f->off += n;
	return (int)n;
}

static int f_write(struct conn *c, const void *buf, size_t len)
{
	return (int)len;
}

static void f_kick(struct conn *c)
{
	conn_flush(c);
}

static const struct conn_ops feed_ops = {
	.read = f_read,
	.write = f_write,
	.kick = f_kick,
	.kind = "fuzz",
};

static long tree_mem;

static unsigned long check_node(const struct node *n)
{
	unsigned long cnt = 1;

	tree_mem += (long)node_mem(n);
	if (!n->nperms || n->refcnt < 1)
		abort();
	for (unsigned int i = 0; i < n->nchildren; i++) {
		const struct node *c = n->children[i];

		if (i) {
			const struct node *p = n->children[i - 1];
			size_t m = p->namelen < c->namelen ? p->namelen :
							     c->namelen;
			int r = memcmp(p->name, c->name, m);

			if (r > 0 || (!r && p->namelen >= c->namelen))
				abort();
		}
		cnt += check_node(c);
	}
	return cnt;
}

static void check_and_trim(void)
{
	struct caller root = { 0, true, -1 };
	unsigned long nodes;
	long sum = 0, mem = 0;
	struct view v;

	pthread_mutex_lock(&store.lock);
	tree_mem = 0;
	nodes = check_node(store.root);
	for (unsigned int i = 0; i < DOMID_MAX_COUNTED; i++) {
		sum += store.node_count[i];
		mem += store.node_mem[i];
	}
	if (sum != (long)nodes || mem != tree_mem)
		abort();
	view_init(&v, node_get(store.root), &root, NULL, store.gen + 1, false);
	for (unsigned int i = 0; i < store.root->nchildren; i++) {
		char path[XENSTORE_ABS_PATH_MAX + 2] = "/";
		const struct node *c = store.root->children[i];

		if (!strcmp(c->name, "tool"))
			continue;
		memcpy(path + 1, c->name, c->namelen + 1);
		if (op_rm(&v, path))
			abort();
	}
	store_commit(&v);
	view_release(&v);
	domain_fini();
	pthread_mutex_unlock(&store.lock);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct feed f = { data + 1, size ? size - 1 : 0, 0 };
	struct conn *c;

	if (!ready) {
		urcu_memb_register_thread();
		xs_log_level = LOG_ERR;
		control_dump_enabled = false;
		if (store_init())
			abort();
		ready = true;
	}
	if (!size)
		return 0;
	pthread_mutex_lock(&store.lock);
	c = conn_new(&feed_ops, &f, data[0] % 8, data[0] == 0);
	pthread_mutex_unlock(&store.lock);
	while (conn_input(c) == 0 && f.off < f.len)
		conn_flush(c); /* drain replies so backpressure lifts */
	conn_flush(c);
	conn_kill(c);
	check_and_trim();
	return 0;
}
