/* SPDX-License-Identifier: MIT */
/*
 * The wire protocol: one handler per message type, checking arguments
 * first and changing nothing until they are known good. Plain reads run
 * lock-free on the published root under rcu_read_lock(); changes and
 * anything inside a transaction take the store lock. A handler returns 0
 * once it queued its reply, or a negative errno that becomes an XS_ERROR
 * reply carrying the errno name.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct req {
	struct conn *c;
	const struct xsd_sockmsg *h;
	const char *p; /* payload, NUL-terminated at p[h->len] */
	unsigned long off; /* DIRECTORY_PART offset */
};

/* Splits the payload into NUL-terminated strings (at most max). */
static unsigned int get_strings(const struct req *r, const char **vec,
				unsigned int max)
{
	unsigned int off = 0, n = 0;

	while (n < max && off < r->h->len) {
		const char *s = r->p + off;
		const char *nul = memchr(s, 0, r->h->len - off);

		if (!nul)
			break;
		vec[n++] = s;
		off += (unsigned int)(nul - s) + 1;
	}
	return n;
}

/* The payload must be exactly one NUL-terminated string. */
static const char *onearg(const struct req *r)
{
	if (!r->h->len || r->p[r->h->len - 1] || strlen(r->p) != r->h->len - 1)
		return NULL;
	return r->p;
}

static int reply(const struct req *r, const void *data, size_t len)
{
	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	conn_queue(r->c, r->h->type, r->h->req_id, r->h->tx_id, data, len,
		   true);
	return 0;
}

static int reply_ok(const struct req *r)
{
	return reply(r, "OK", 3);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *end || *out > max)
		return -EINVAL;
	return 0;
}

/*
 * Runs fn with a view of the tree the request sees: the published root
 * (lock-free) or its transaction's private version (store lock held).
 */
typedef int (*read_fn)(const struct req *r, struct view *v, const char *path);

static int with_read_view(const struct req *r, const char *arg, read_fn fn)
{
	struct view v;
	char *path;
	int ret;

	if (!arg)
		return -EINVAL;
	path = path_canonical(&r->c->who, arg, false, NULL);
	if (!path)
		return -errno;
	view_init(&v, NULL, &r->c->who, NULL, 0, false);
	if (!r->h->tx_id) {
		urcu_memb_read_lock();
		view_init(&v, rcu_dereference(store.root), &r->c->who, NULL, 0,
			  false);
		ret = fn(r, &v, path);
		v.root = NULL; /* borrowed from RCU, not ours to put */
		urcu_memb_read_unlock();
	} else {
		struct txn *t;

		pthread_mutex_lock(&store.lock);
		t = txn_find(r->c, r->h->tx_id);
		if (!t) {
			ret = -ENOENT;
		} else if (!r->c->who.priv &&
			   t->nreads + t->nops >= store.quota.txn_nodes) {
			log_warn(
				"quota: domain %u refused a read in transaction %u: %u nodes per transaction",
				r->c->who.domid, t->id, store.quota.txn_nodes);
			ret = -ENOSPC;
		} else {
			view_init(&v, t->root, &r->c->who, t, 0, false);
			ret = fn(r, &v, path);
			v.root = NULL;
		}
		pthread_mutex_unlock(&store.lock);
	}
	view_release(&v);
	free(path);
	return ret;
}

static int read_value(const struct req *r, struct view *v, const char *path)
{
	const struct node *n;
	int ret = view_get(v, path, XS_PERM_READ, &n);

	return ret ? ret : reply(r, n->value, n->vlen);
}

static int read_dir(const struct req *r, struct view *v, const char *path)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	const struct node *n;
	size_t len = 0;
	int ret = view_get(v, path, XS_PERM_READ, &n);

	if (ret)
		return ret;
	for (unsigned int i = 0; i < n->nchildren; i++) {
		const struct node *c = n->children[i];

		if (len + c->namelen + 1 > sizeof(buf))
			return -E2BIG;
		memcpy(buf + len, c->name, c->namelen + 1);
		len += c->namelen + 1;
	}
	return reply(r, buf, len);
}

static int read_dir_part(const struct req *r, struct view *v, const char *path)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	const struct node *n;
	size_t len, pos = 0, off = r->off;
	int ret = view_get(v, path, XS_PERM_READ, &n);

	if (ret)
		return ret;
	len = (size_t)snprintf(buf, sizeof(buf), "%" PRIu64, n->gen) + 1;
	/* pos walks the child list as one "a\0b\0..." string. */
	for (unsigned int i = 0; i < n->nchildren; i++) {
		const struct node *c = n->children[i];
		size_t cl = c->namelen + 1;

		if (pos + cl <= off) {
			pos += cl;
			continue;
		}
		if (len + cl + 1 > sizeof(buf))
			return reply(r, buf, len); /* more to come */
		memcpy(buf + len, c->name, cl);
		len += cl;
		pos += cl;
	}
	buf[len++] = 0; /* the list end is in this part */
	return reply(r, buf, len);
}

static int read_perms(const struct req *r, struct view *v, const char *path)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	const struct node *n;
	size_t len = 0;
	int ret = view_get(v, path, XS_PERM_READ, &n);

	if (ret)
		return ret;
	for (unsigned int i = 0; i < n->nperms; i++) {
		char one[16];
		int l = perm_format(&n->perms[i], one, sizeof(one)) + 1;

		if (len + (size_t)l > sizeof(buf))
			return -E2BIG;
		memcpy(buf + len, one, (size_t)l);
		len += (size_t)l;
	}
	return reply(r, buf, len);
}

static bool is_special(const char *p)
{
	return !strcmp(p, "@introduceDomain") || !strcmp(p, "@releaseDomain");
}

static int do_get_perms(const struct req *r)
{
	const char *arg = onearg(r);
	char buf[XENSTORE_PAYLOAD_MAX];
	const struct perm_entry *p;
	unsigned int n;
	size_t len = 0;
	bool intro;

	if (!arg || !is_special(arg))
		return with_read_view(r, arg, read_perms);
	intro = arg[1] == 'i';
	pthread_mutex_lock(&store.lock);
	p = intro ? store.intro_perms : store.release_perms;
	n = intro ? store.n_intro_perms : store.n_release_perms;
	if (!perm_allowed(p, n, &r->c->who, XS_PERM_READ)) {
		pthread_mutex_unlock(&store.lock);
		return -EACCES;
	}
	for (unsigned int i = 0; i < n; i++)
		len += (size_t)perm_format(&p[i], buf + len,
					   sizeof(buf) - len) +
		       1;
	pthread_mutex_unlock(&store.lock);
	return reply(r, buf, len);
}

/* Applies one change, in the live tree or in the request's transaction. */
static int change(const struct req *r, struct txn_op *op)
{
	struct conn *c = r->c;
	struct view v;
	int ret;

	pthread_mutex_lock(&store.lock);
	if (r->h->tx_id) {
		struct txn *t = txn_find(c, r->h->tx_id);

		if (!t) {
			ret = -ENOENT;
			goto out;
		}
		if (!c->who.priv &&
		    t->nreads + t->nops >= store.quota.txn_nodes) {
			log_warn(
				"quota: domain %u refused a change in transaction %u: %u nodes per transaction",
				c->who.domid, t->id, store.quota.txn_nodes);
			ret = -ENOSPC;
			goto out;
		}
		view_init(&v, node_get(t->root), &c->who, t, TX_PRIVATE_GEN,
			  false);
		ret = txn_apply_op(&v, op);
		if (!ret)
			ret = txn_log_op(c, t, op);
		if (!ret) {
			node_put(t->root);
			t->root = v.root;
			v.root = NULL;
		}
	} else {
		view_init(&v, node_get(store.root), &c->who, NULL,
			  store.gen + 1, true);
		ret = txn_apply_op(&v, op);
		if (!ret)
			store_commit(&v);
	}
	view_release(&v);
	if (!ret)
		ret = reply_ok(r);
out:
	pthread_mutex_unlock(&store.lock);
	return ret;
}

static int do_write(const struct req *r)
{
	const char *vec[1];
	struct txn_op op = { .type = XS_WRITE };
	size_t off;
	int ret;

	if (get_strings(r, vec, 1) < 1)
		return -EINVAL;
	off = strlen(vec[0]) + 1;
	op.path = path_canonical(&r->c->who, vec[0], false, NULL);
	if (!op.path)
		return -errno;
	op.data = (char *)r->p + off;
	op.len = r->h->len - off;
	ret = change(r, &op);
	free(op.path);
	return ret;
}

static int do_simple_change(const struct req *r, uint32_t type)
{
	const char *arg = onearg(r);
	struct txn_op op = { .type = type };
	int ret;

	if (!arg)
		return -EINVAL;
	op.path = path_canonical(&r->c->who, arg, false, NULL);
	if (!op.path)
		return -errno;
	ret = change(r, &op);
	free(op.path);
	return ret;
}

static int set_special_perms(const struct req *r, const char *name,
			     const struct perm_entry *p, unsigned int n)
{
	bool intro = name[1] == 'i';

	if (!r->c->who.priv)
		return -EACCES;
	if (n > 8)
		return -ENOSPC;
	pthread_mutex_lock(&store.lock);
	memcpy(intro ? store.intro_perms : store.release_perms, p,
	       n * sizeof(*p));
	if (intro)
		store.n_intro_perms = n;
	else
		store.n_release_perms = n;
	pthread_mutex_unlock(&store.lock);
	return reply_ok(r);
}

static int do_set_perms(const struct req *r)
{
	const char *vec[XENSTORE_PAYLOAD_MAX / 2];
	unsigned int n = get_strings(r, vec, XENSTORE_PAYLOAD_MAX / 2);
	struct txn_op op = { .type = XS_SET_PERMS };
	int ret;

	if (n < 2)
		return -EINVAL;
	op.nperms = n - 1;
	op.perms = calloc(op.nperms, sizeof(*op.perms));
	if (!op.perms)
		return -ENOMEM;
	for (unsigned int i = 1; i < n; i++) {
		ret = perm_parse(vec[i], &op.perms[i - 1]);
		if (ret)
			goto out;
	}
	if (is_special(vec[0])) {
		ret = set_special_perms(r, vec[0], op.perms, op.nperms);
		goto out;
	}
	op.path = path_canonical(&r->c->who, vec[0], false, NULL);
	ret = op.path ? change(r, &op) : -errno;
out:
	free(op.perms);
	free(op.path);
	return ret;
}

static int do_watch(const struct req *r, bool add)
{
	const char *vec[2];
	char *path;
	bool rel;
	int ret;

	if (get_strings(r, vec, 2) != 2)
		return -EINVAL;
	path = path_canonical(&r->c->who, vec[0], true, &rel);
	if (!path)
		return -errno;
	pthread_mutex_lock(&store.lock);
	ret = add ? watch_add(r->c, path, vec[1], rel) :
		    watch_del(r->c, path, vec[1]);
	if (!ret) {
		conn_queue(r->c, r->h->type, r->h->req_id, r->h->tx_id, "OK", 3,
			   true);
		if (add) {
			/* The first event, sent under the lock so it follows
			 * the reply and precedes any real one. */
			size_t l0 = strlen(vec[0]) + 1, l1 = strlen(vec[1]) + 1;
			char buf[XENSTORE_PAYLOAD_MAX];

			memcpy(buf, vec[0], l0);
			memcpy(buf + l0, vec[1], l1);
			conn_queue(r->c, XS_WATCH_EVENT, 0, 0, buf, l0 + l1,
				   false);
		}
	}
	pthread_mutex_unlock(&store.lock);
	free(path);
	return ret;
}

static int do_txn_start(const struct req *r)
{
	char buf[16];
	uint32_t id;
	int ret;

	if (r->h->tx_id)
		return -EBUSY;
	pthread_mutex_lock(&store.lock);
	ret = txn_start(r->c, &id);
	pthread_mutex_unlock(&store.lock);
	if (ret)
		return ret;
	return reply(r, buf, (size_t)snprintf(buf, sizeof(buf), "%u", id) + 1);
}

static int do_txn_end(const struct req *r)
{
	const char *arg = onearg(r);
	struct txn *t;
	bool commit;
	int ret;

	if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
		return -EINVAL;
	commit = arg[0] == 'T';
	pthread_mutex_lock(&store.lock);
	t = txn_find(r->c, r->h->tx_id);
	ret = t ? txn_end(r->c, t, commit) : -ENOENT;
	pthread_mutex_unlock(&store.lock);
	return ret ? ret : reply_ok(r);
}

static int do_domain_op(const struct req *r)
{
	const char *vec[3];
	unsigned int n = get_strings(r, vec, 3);
	unsigned long domid, a2 = 0, a3 = 0;
	uint32_t type = r->h->type;
	int ret;

	if (!r->c->who.priv)
		return -EACCES;
	if (n != (type == XS_INTRODUCE ? 3u : type == XS_SET_TARGET ? 2u : 1u))
		return -EINVAL;
	if (parse_uint(vec[0], 0xffff, &domid))
		return -EINVAL;
	if (type == XS_INTRODUCE && (parse_uint(vec[1], UINT64_MAX, &a2) ||
				     parse_uint(vec[2], 0xffffffffUL, &a3) ||
				     !a3 || domid == DOMID_SELF_ID))
		return -EINVAL;
	if (type == XS_SET_TARGET && parse_uint(vec[1], 0xffff, &a2))
		return -EINVAL;
	if ((type == XS_RELEASE || type == XS_RESUME) && domid == 0)
		return -EINVAL;

	pthread_mutex_lock(&store.lock);
	switch (type) {
	case XS_INTRODUCE:
		ret = domain_introduce((unsigned int)domid, a2, (uint32_t)a3);
		if (!ret && domid)
			watch_fire_special("@introduceDomain");
		if (ret == -EEXIST)
			ret = 0;
		break;
	case XS_RELEASE:
		ret = domain_release((unsigned int)domid);
		if (!ret)
			watch_fire_special("@releaseDomain");
		break;
	case XS_RESUME:
		ret = domain_resume((unsigned int)domid);
		break;
	case XS_SET_TARGET:
		ret = domain_set_target((unsigned int)domid, (unsigned int)a2);
		break;
	default: /* XS_IS_DOMAIN_INTRODUCED */
		ret = domain_is_introduced((unsigned int)domid) ? 1 : 0;
		pthread_mutex_unlock(&store.lock);
		return reply(r, ret ? "T" : "F", 2);
	}
	pthread_mutex_unlock(&store.lock);
	return ret ? ret : reply_ok(r);
}

static int do_get_domain_path(const struct req *r)
{
	unsigned long domid;
	char buf[64];

	if (parse_uint(onearg(r), 0xffff, &domid))
		return -EINVAL;
	return reply(r, buf,
		     (size_t)snprintf(buf, sizeof(buf), "/local/domain/%lu",
				      domid) +
			     1);
}

static int do_reset_watches(const struct req *r)
{
	pthread_mutex_lock(&store.lock);
	watch_del_all(r->c);
	while (r->c->txns) {
		struct txn *t = r->c->txns;

		r->c->txns = t->next;
		txn_free(t);
	}
	pthread_mutex_unlock(&store.lock);
	return reply_ok(r);
}

static int do_control(const struct req *r)
{
	const char *vec[16];
	char out[XENSTORE_PAYLOAD_MAX];
	unsigned int n = get_strings(r, vec, 16);
	int ret;

	if (!r->c->who.priv)
		return -EACCES;
	if (!n)
		return -EINVAL;
	ret = control_run(r->c, vec, n, out, sizeof(out));
	if (ret < 0)
		return ret;
	return reply(r, out, (size_t)ret);
}

static int dispatch(struct req *r)
{
	const char *vec[2];

	switch (r->h->type) {
	case XS_READ:
		return with_read_view(r, onearg(r), read_value);
	case XS_DIRECTORY:
		return with_read_view(r, onearg(r), read_dir);
	case XS_DIRECTORY_PART:
		if (get_strings(r, vec, 2) != 2 ||
		    strlen(vec[0]) + strlen(vec[1]) + 2 != r->h->len ||
		    parse_uint(vec[1], 0xffffffffUL, &r->off))
			return -EINVAL;
		return with_read_view(r, vec[0], read_dir_part);
	case XS_GET_PERMS:
		return do_get_perms(r);
	case XS_WRITE:
		return do_write(r);
	case XS_MKDIR:
		return do_simple_change(r, XS_MKDIR);
	case XS_RM:
		return do_simple_change(r, XS_RM);
	case XS_SET_PERMS:
		return do_set_perms(r);
	case XS_WATCH:
		return do_watch(r, true);
	case XS_UNWATCH:
		return do_watch(r, false);
	case XS_TRANSACTION_START:
		return do_txn_start(r);
	case XS_TRANSACTION_END:
		return do_txn_end(r);
	case XS_INTRODUCE:
	case XS_RELEASE:
	case XS_RESUME:
	case XS_SET_TARGET:
	case XS_IS_DOMAIN_INTRODUCED:
		return do_domain_op(r);
	case XS_GET_DOMAIN_PATH:
		return do_get_domain_path(r);
	case XS_RESET_WATCHES:
		return do_reset_watches(r);
	case XS_CONTROL:
		return do_control(r);
	default:
		return -ENOSYS;
	}
}

void proto_handle(struct conn *c, const struct xsd_sockmsg *hdr,
		  const char *payload)
{
	struct req r = { c, hdr, payload, 0 };
	int ret;

	log_dbg("conn %u: type %u req %u tx %u len %u", c->id, hdr->type,
		hdr->req_id, hdr->tx_id, hdr->len);
	ret = dispatch(&r);
	if (ret) {
		log_dbg("conn %u: type %u -> %s", c->id, hdr->type,
			xs_errname(-ret));
		conn_send_error(c, hdr, -ret);
	}
}
