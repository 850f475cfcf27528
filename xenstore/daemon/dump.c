/* SPDX-License-Identifier: MIT */
/*
 * The store as JSON (libyajl): every node with its value and ACL, the
 * special-node ACLs, the introduced domains, and every connection with its
 * watches and transactions in flight. Values and watch tokens that are not
 * printable ASCII are written as hex ("value_hex", "token_hex"). Restore rebuilds nodes, ACLs, special
 * ACLs and domains; connections and their watches and transactions cannot
 * outlive the process that owned their sockets, so they are informational.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yajl_gen.h>
#include <yajl_tree.h>

#include "xenstored.h"

#define GSTR(g, s) yajl_gen_string(g, (const unsigned char *)(s), strlen(s))

static void print_cb(void *ctx, const char *s, size_t len)
{
	fwrite(s, 1, len, ctx);
}

static bool printable(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/*
 * Writes key: bytes as a JSON string when printable ASCII, else as
 * key_hex: lowercase hex, so the dump is always valid UTF-8 JSON.
 */
static void gen_bytes(yajl_gen g, const char *key, const char *s, size_t len)
{
	char k[32];
	char *hex;

	if (printable(s, len)) {
		GSTR(g, key);
		yajl_gen_string(g, (const unsigned char *)s, len);
		return;
	}
	snprintf(k, sizeof(k), "%s_hex", key);
	GSTR(g, k);
	hex = malloc(len * 2 + 1);
	if (!hex) {
		GSTR(g, "");
		return;
	}
	for (size_t i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char)s[i]);
	hex[len * 2] = 0;
	GSTR(g, hex);
	free(hex);
}

static void gen_perms(yajl_gen g, const struct perm_entry *p, unsigned int n)
{
	yajl_gen_array_open(g);
	for (unsigned int i = 0; i < n; i++) {
		char s[16];

		perm_format(&p[i], s, sizeof(s));
		GSTR(g, s);
	}
	yajl_gen_array_close(g);
}

static void gen_node(yajl_gen g, const struct node *n, char *path, size_t len)
{
	yajl_gen_map_open(g);
	GSTR(g, "path");
	GSTR(g, len ? path : "/");
	gen_bytes(g, "value", n->value, n->vlen);
	GSTR(g, "perms");
	gen_perms(g, n->perms, n->nperms);
	GSTR(g, "generation");
	yajl_gen_integer(g, (long long)n->gen);
	yajl_gen_map_close(g);
	for (unsigned int i = 0; i < n->nchildren; i++) {
		const struct node *c = n->children[i];

		path[len] = '/';
		memcpy(path + len + 1, c->name, c->namelen + 1);
		gen_node(g, c, path, len + 1 + c->namelen);
		path[len] = 0;
	}
}

static void gen_conn(yajl_gen g, const struct conn *c)
{
	yajl_gen_map_open(g);
	GSTR(g, "id");
	yajl_gen_integer(g, c->id);
	GSTR(g, "kind");
	GSTR(g, c->ops->kind);
	GSTR(g, "domid");
	yajl_gen_integer(g, c->who.domid);
	GSTR(g, "privileged");
	yajl_gen_bool(g, c->who.priv);
	GSTR(g, "watches");
	yajl_gen_array_open(g);
	for (const struct watch *w = c->watches; w; w = w->next) {
		yajl_gen_map_open(g);
		GSTR(g, "path");
		GSTR(g, w->path);
		gen_bytes(g, "token", w->token, strlen(w->token));
		GSTR(g, "relative");
		yajl_gen_bool(g, w->relative);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	GSTR(g, "transactions");
	yajl_gen_array_open(g);
	for (const struct txn *t = c->txns; t; t = t->next) {
		yajl_gen_map_open(g);
		GSTR(g, "id");
		yajl_gen_integer(g, t->id);
		GSTR(g, "base_generation");
		yajl_gen_integer(g, (long long)t->base_gen);
		GSTR(g, "nodes_read");
		yajl_gen_integer(g, t->nreads);
		GSTR(g, "changes");
		yajl_gen_integer(g, t->nops);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
}

/*
 * Writes the dump. Connections, watches, transactions and domains change
 * under the store lock, so they are written holding it; the tree is
 * immutable, so the nodes are written from a counted snapshot of the root
 * after the lock is dropped, and writers wait only for the short part.
 */
static int dump_to(FILE *f)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	char *path = malloc(XENSTORE_ABS_PATH_MAX * 2 + 2);
	struct node *root;

	if (!g || !path) {
		if (g)
			yajl_gen_free(g);
		free(path);
		return -ENOMEM;
	}
	yajl_gen_config(g, yajl_gen_beautify, 1);
	yajl_gen_config(g, yajl_gen_print_callback, print_cb, f);
	yajl_gen_map_open(g);
	GSTR(g, "format");
	GSTR(g, "xenolith-xenstored-1");

	pthread_mutex_lock(&store.lock);
	GSTR(g, "generation");
	yajl_gen_integer(g, (long long)store.gen);
	GSTR(g, "special");
	yajl_gen_map_open(g);
	GSTR(g, "@introduceDomain");
	gen_perms(g, store.intro_perms, store.n_intro_perms);
	GSTR(g, "@releaseDomain");
	gen_perms(g, store.release_perms, store.n_release_perms);
	yajl_gen_map_close(g);
	GSTR(g, "domains");
	yajl_gen_array_open(g);
	for (const struct domain *d = domain_list(); d; d = d->next) {
		yajl_gen_map_open(g);
		GSTR(g, "domid");
		yajl_gen_integer(g, d->domid);
		GSTR(g, "port");
		yajl_gen_integer(g, d->port);
		GSTR(g, "target");
		yajl_gen_integer(g, d->target);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	GSTR(g, "connections");
	yajl_gen_array_open(g);
	for (const struct conn *c = store.conns; c; c = c->next)
		gen_conn(g, c);
	yajl_gen_array_close(g);
	root = node_get(store.root);
	pthread_mutex_unlock(&store.lock);

	GSTR(g, "nodes");
	yajl_gen_array_open(g);
	path[0] = 0;
	gen_node(g, root, path, 0);
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	node_put(root);
	yajl_gen_free(g);
	free(path);
	return 0;
}

int dump_store(const char *file)
{
	char *tmp;
	FILE *f;
	int ret;

	if (asprintf(&tmp, "%s.tmp", file) < 0)
		return -ENOMEM;
	f = fopen(tmp, "w");
	if (!f) {
		ret = -errno;
		log_err("dump: cannot open %s: %s", tmp, strerror(errno));
		free(tmp);
		return ret;
	}
	ret = dump_to(f);
	if (fclose(f) && !ret)
		ret = -EIO;
	/* Rename so a reader never sees half a dump. */
	if (!ret && rename(tmp, file))
		ret = -errno;
	if (ret)
		unlink(tmp);
	else
		log_info("store dumped to %s", file);
	free(tmp);
	return ret;
}

static int parse_perms(const yajl_val arr, struct perm_entry *out,
		       unsigned int max, unsigned int *n)
{
	if (!YAJL_IS_ARRAY(arr) || !arr->u.array.len || arr->u.array.len > max)
		return -EINVAL;
	for (size_t i = 0; i < arr->u.array.len; i++) {
		const char *s = YAJL_GET_STRING(arr->u.array.values[i]);

		if (!s || perm_parse(s, &out[i]))
			return -EINVAL;
	}
	*n = (unsigned int)arr->u.array.len;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int restore_node(struct view *v, yajl_val n)
{
	static const char *kpath[] = { "path", NULL };
	static const char *kval[] = { "value", NULL };
	static const char *khex[] = { "value_hex", NULL };
	static const char *kperms[] = { "perms", NULL };
	const char *path =
		YAJL_GET_STRING(yajl_tree_get(n, kpath, yajl_t_string));
	yajl_val val = yajl_tree_get(n, kval, yajl_t_string);
	yajl_val hex = yajl_tree_get(n, khex, yajl_t_string);
	struct perm_entry *perms;
	unsigned int np = 0;
	char *data = NULL;
	size_t len = 0;
	yajl_val pv = yajl_tree_get(n, kperms, yajl_t_array);
	int ret;

	if (!path || !path_valid(path, false) || !pv)
		return -EINVAL;
	if (hex) {
		const char *h = YAJL_GET_STRING(hex);

		len = strlen(h) / 2;
		data = malloc(len + 1);
		for (size_t i = 0; data && i < len; i++) {
			int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);

			if (hi < 0 || lo < 0) {
				free(data);
				return -EINVAL;
			}
			data[i] = (char)(hi << 4 | lo);
		}
	} else if (val) {
		const char *sv = YAJL_GET_STRING(val);

		data = strdup(sv ? sv : "");
		len = data ? strlen(data) : 0;
	} else {
		data = strdup("");
	}
	perms = calloc(pv->u.array.len + 1, sizeof(*perms));
	if (!data || !perms) {
		free(data);
		free(perms);
		return -ENOMEM;
	}
	ret = parse_perms(pv, perms, (unsigned int)pv->u.array.len, &np);
	if (!ret && strcmp(path, "/"))
		ret = op_write(v, path, data, len);
	if (!ret)
		ret = op_set_perms(v, path, perms, np);
	free(data);
	free(perms);
	return ret;
}

int restore_store(const char *file)
{
	static const char *knodes[] = { "nodes", NULL };
	static const char *kspecial[] = { "special", NULL };
	static const char *kdoms[] = { "domains", NULL };
	static const char *kintro[] = { "@introduceDomain", NULL };
	static const char *krel[] = { "@releaseDomain", NULL };
	static const char *kdomid[] = { "domid", NULL };
	static const char *kport[] = { "port", NULL };
	struct caller root_caller = { 0, true, -1 };
	char err[256];
	yajl_val top, nodes, sp, doms;
	struct view v;
	FILE *f = fopen(file, "r");
	char *buf;
	long sz;
	int ret = 0;

	if (!f)
		return -errno;
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	buf = malloc((size_t)sz + 1);
	if (!buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
		fclose(f);
		free(buf);
		return -EIO;
	}
	fclose(f);
	buf[sz] = 0;
	top = yajl_tree_parse(buf, err, sizeof(err));
	free(buf);
	if (!top) {
		log_err("restore %s: %s", file, err);
		return -EINVAL;
	}
	nodes = yajl_tree_get(top, knodes, yajl_t_array);
	if (!nodes) {
		yajl_tree_free(top);
		return -EINVAL;
	}
	pthread_mutex_lock(&store.lock);
	view_init(&v, node_get(store.root), &root_caller, NULL, store.gen + 1,
		  false);
	/* Parents come before children in the dump, so ACLs land in order. */
	for (size_t i = 0; !ret && i < nodes->u.array.len; i++)
		ret = restore_node(&v, nodes->u.array.values[i]);
	if (!ret) {
		/* Nobody is watching yet: drop the events. */
		for (unsigned int i = 0; i < v.nevents; i++)
			free(v.events[i].path);
		v.nevents = 0;
		store_commit(&v);
	}
	view_release(&v);
	sp = yajl_tree_get(top, kspecial, yajl_t_object);
	if (!ret && sp) {
		yajl_val a = yajl_tree_get(sp, kintro, yajl_t_array);
		yajl_val b = yajl_tree_get(sp, krel, yajl_t_array);

		if (a)
			ret = parse_perms(a, store.intro_perms, 8,
					  &store.n_intro_perms);
		if (!ret && b)
			ret = parse_perms(b, store.release_perms, 8,
					  &store.n_release_perms);
	}
	doms = yajl_tree_get(top, kdoms, yajl_t_array);
	for (size_t i = 0; !ret && doms && i < doms->u.array.len; i++) {
		yajl_val d = doms->u.array.values[i];
		yajl_val id = yajl_tree_get(d, kdomid, yajl_t_number);
		yajl_val port = yajl_tree_get(d, kport, yajl_t_number);

		if (!id || !YAJL_IS_INTEGER(id))
			continue;
		ret = domain_introduce((unsigned int)YAJL_GET_INTEGER(id), 0,
				       port ? (uint32_t)YAJL_GET_INTEGER(port) :
					      0);
		if (ret == -EEXIST)
			ret = 0;
	}
	pthread_mutex_unlock(&store.lock);
	yajl_tree_free(top);
	if (!ret)
		log_info("store restored from %s", file);
	return ret;
}
