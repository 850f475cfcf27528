/* SPDX-License-Identifier: MIT */
/*
 * CUnit tests of xenstored's core, linked from the daemon's own objects:
 * the copy-on-write tree, path rules, permissions, quotas, transaction
 * conflict rules, watch matching and the JSON dump/restore round trip.
 * Requests go through proto_handle() on in-memory connections whose
 * output queue the tests read directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "../../xenstore/daemon/xen_dev.h"
#include "../../xenstore/daemon/xenstored.h"

#if __has_include(<xen/gntdev.h>) && __has_include(<xen/evtchn.h>)
#include <stddef.h>
#include <sys/ioctl.h>
/* The uapi headers lean on these Xen types without defining them. */
typedef uint16_t domid_t;
typedef uint32_t grant_ref_t;
#include <xen/evtchn.h>
#include <xen/gntdev.h>
#define HAVE_XEN_UAPI 1
#endif

#define P(s) (s), (sizeof(s) - 1)

static int nop_write(struct conn *c, const void *b, size_t l)
{
	return 0; /* keep everything queued for the test to read */
}
static int nop_read(struct conn *c, void *b, size_t l)
{
	return 0;
}
static void nop_kick(struct conn *c)
{
}

static const struct conn_ops test_ops = {
	.read = nop_read,
	.write = nop_write,
	.kick = nop_kick,
	.kind = "test",
};

struct reply {
	uint32_t type, len;
	char body[XENSTORE_PAYLOAD_MAX + 1];
};

static struct conn *mkconn(unsigned int domid)
{
	struct conn *c;

	pthread_mutex_lock(&store.lock);
	c = conn_new(&test_ops, NULL, domid, domid == 0);
	pthread_mutex_unlock(&store.lock);
	return c;
}

/* Pops the oldest queued message of a given kind (reply or event). */
static bool pop(struct conn *c, bool event, struct reply *r)
{
	struct outbuf **pp;

	pthread_mutex_lock(&c->out_lock);
	for (pp = &c->out_head; *pp; pp = &(*pp)->next) {
		struct outbuf *o = *pp;
		struct xsd_sockmsg h;

		memcpy(&h, o->data, sizeof(h));
		if ((h.type == XS_WATCH_EVENT) != event)
			continue;
		r->type = h.type;
		r->len = h.len;
		memcpy(r->body, o->data + sizeof(h), h.len);
		r->body[h.len] = 0;
		*pp = o->next;
		c->out_tail = NULL;
		for (struct outbuf *t = c->out_head; t; t = t->next)
			c->out_tail = t;
		if (o->reply)
			c->out_replies--;
		else
			c->out_events--;
		free(o);
		pthread_mutex_unlock(&c->out_lock);
		return true;
	}
	pthread_mutex_unlock(&c->out_lock);
	return false;
}

static struct reply R;

/* Runs a request; returns the reply type (XS_ERROR: R.body is the name). */
static uint32_t rq(struct conn *c, uint32_t type, uint32_t tx, const char *p,
		   size_t len)
{
	struct xsd_sockmsg h = { type, 1, tx, (uint32_t)len };
	char buf[XENSTORE_PAYLOAD_MAX + 1];

	memcpy(buf, p, len);
	buf[len] = 0;
	proto_handle(c, &h, buf);
	if (!pop(c, false, &R))
		return 0xffffffff;
	return R.type;
}

static bool ok(struct conn *c, uint32_t type, uint32_t tx, const char *p,
	       size_t len)
{
	return rq(c, type, tx, p, len) == type;
}

static bool err(struct conn *c, uint32_t type, uint32_t tx, const char *p,
		size_t len, const char *name)
{
	return rq(c, type, tx, p, len) == XS_ERROR && !strcmp(R.body, name);
}

static bool wr(struct conn *c, uint32_t tx, const char *path, const char *v)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(v);

	memcpy(buf, path, pl);
	memcpy(buf + pl, v, vl);
	return ok(c, XS_WRITE, tx, buf, pl + vl);
}

static bool event_is(struct conn *c, const char *path, const char *token)
{
	struct reply e;

	return pop(c, true, &e) && !strcmp(e.body, path) &&
	       !strcmp(e.body + strlen(e.body) + 1, token);
}

static void drain_events(struct conn *c)
{
	struct reply e;

	while (pop(c, true, &e))
		;
}

static struct conn *D0, *D5, *D6;

static int setup(void)
{
	urcu_memb_register_thread();
	xs_log_level = LOG_ERR;
	if (store_init())
		return -1;
	D0 = mkconn(0);
	D5 = mkconn(5);
	D6 = mkconn(6);
	return 0;
}

static void test_paths(void)
{
	struct caller g = { 5, false, -1 };
	bool rel;
	char *p;

	CU_ASSERT(path_valid("/", false));
	CU_ASSERT(path_valid("/a-b_c/D9", false));
	CU_ASSERT(!path_valid("", false));
	CU_ASSERT(!path_valid("a", false));
	CU_ASSERT(!path_valid("/a/", false));
	CU_ASSERT(!path_valid("//a", false));
	CU_ASSERT(!path_valid("/a.b", false));
	CU_ASSERT(!path_valid("@x", false));
	CU_ASSERT(path_valid("@introduceDomain", true));
	p = path_canonical(&g, "data/x", false, &rel);
	CU_ASSERT(p && !strcmp(p, "/local/domain/5/data/x") && rel);
	free(p);
	p = path_canonical(&g, "/abs", false, &rel);
	CU_ASSERT(p && !strcmp(p, "/abs") && !rel);
	free(p);
	CU_ASSERT(path_is_below("/a", "/a"));
	CU_ASSERT(path_is_below("/a", "/a/b"));
	CU_ASSERT(!path_is_below("/a", "/ab"));
	CU_ASSERT(!path_is_below("/a/b", "/a"));
	CU_ASSERT(path_is_below("/", "/anything"));
	p = path_parent("/a/b");
	CU_ASSERT(p && !strcmp(p, "/a"));
	free(p);
	p = path_parent("/a");
	CU_ASSERT(p && !strcmp(p, "/"));
	free(p);
}

static void test_perm_rules(void)
{
	struct perm_entry p[3];
	struct caller d5 = { 5, false, -1 }, d7 = { 7, false, -1 };
	struct caller d9 = { 9, false, -1 }, d0 = { 0, true, -1 };
	struct caller t = { 8, false, 5 };
	char s[16];

	CU_ASSERT(!perm_parse("n5", &p[0]) && p[0].domid == 5 &&
		  p[0].perm == XS_PERM_NONE);
	CU_ASSERT(!perm_parse("r7", &p[1]) && p[1].perm == XS_PERM_READ);
	CU_ASSERT(!perm_parse("b9", &p[2]) && p[2].perm == XS_PERM_BOTH);
	CU_ASSERT(perm_parse("x1", &p[0]) < 0);
	CU_ASSERT(perm_parse("r", &p[0]) < 0);
	CU_ASSERT(perm_parse("r70000", &p[0]) < 0);
	CU_ASSERT(perm_parse("r1x", &p[0]) < 0);
	perm_parse("n5", &p[0]);
	perm_format(&p[2], s, sizeof(s));
	CU_ASSERT_STRING_EQUAL(s, "b9");
	/* Owner always, others by their entry, else entry 0's letter. */
	CU_ASSERT(perm_allowed(p, 3, &d5, XS_PERM_BOTH));
	CU_ASSERT(perm_allowed(p, 3, &d7, XS_PERM_READ));
	CU_ASSERT(!perm_allowed(p, 3, &d7, XS_PERM_WRITE));
	CU_ASSERT(perm_allowed(p, 3, &d9, XS_PERM_BOTH));
	CU_ASSERT(!perm_allowed(p, 1, &d9, XS_PERM_READ));
	CU_ASSERT(perm_allowed(p, 3, &d0, XS_PERM_BOTH));
	CU_ASSERT(perm_allowed(p, 3, &t, XS_PERM_WRITE)); /* target owner */
	p[0].perm = XS_PERM_READ;
	CU_ASSERT(perm_allowed(p, 1, &d9, XS_PERM_READ));
	CU_ASSERT(!perm_allowed(p, 1, &d9, XS_PERM_WRITE));
}

static void test_tree_cow(void)
{
	struct node *snap;
	unsigned long before;

	CU_ASSERT(wr(D0, 0, "/cow/a", "1"));
	pthread_mutex_lock(&store.lock);
	snap = node_get(store.root);
	pthread_mutex_unlock(&store.lock);
	before = tree_count(snap);
	CU_ASSERT(wr(D0, 0, "/cow/b", "2"));
	CU_ASSERT(wr(D0, 0, "/cow/a", "changed"));
	/* The old version is untouched: readers holding it see it whole. */
	CU_ASSERT(tree_count(snap) == before);
	CU_ASSERT(tree_lookup(snap, "/cow/b") == NULL);
	CU_ASSERT_STRING_EQUAL(tree_lookup(snap, "/cow/a")->value, "1");
	CU_ASSERT(tree_lookup(store.root, "/cow/b") != NULL);
	/* Unchanged subtrees are shared, not copied. */
	CU_ASSERT(tree_lookup(snap, "/tool") ==
		  tree_lookup(store.root, "/tool"));
	node_put(snap);
	CU_ASSERT(ok(D0, XS_RM, 0, P("/cow\0")));
	CU_ASSERT(tree_lookup(store.root, "/cow") == NULL);
}

static void test_guest_perms(void)
{
	CU_ASSERT(wr(D0, 0, "/priv/x", "secret"));
	CU_ASSERT(err(D5, XS_READ, 0, P("/priv/x\0"), "EACCES"));
	CU_ASSERT(err(D5, XS_READ, 0, P("/priv/nope\0"), "EACCES"));
	CU_ASSERT(err(D5, XS_WRITE, 0, P("/priv/y\0v"), "EACCES"));
	CU_ASSERT(ok(D0, XS_SET_PERMS, 0, P("/priv\0n0\0r5\0")));
	CU_ASSERT(err(D5, XS_READ, 0, P("/priv/nope\0"), "ENOENT"));
	CU_ASSERT(ok(D0, XS_MKDIR, 0, P("/local/domain/5\0")));
	CU_ASSERT(ok(D0, XS_SET_PERMS, 0, P("/local/domain/5\0n5\0r0\0")));
	CU_ASSERT(wr(D5, 0, "data/v", "mine"));
	CU_ASSERT(rq(D0, XS_GET_PERMS, 0, P("/local/domain/5/data/v\0")) ==
		  XS_GET_PERMS);
	CU_ASSERT(R.len == 6 && !memcmp(R.body, "n5\0r0", 6));
	CU_ASSERT(err(D6, XS_READ, 0, P("/local/domain/5/data/v\0"), "EACCES"));
	CU_ASSERT(ok(D5, XS_SET_PERMS, 0, P("data/v\0n5\0r6\0")));
	CU_ASSERT(ok(D6, XS_READ, 0, P("/local/domain/5/data/v\0")));
	CU_ASSERT(err(D6, XS_SET_PERMS, 0, P("/local/domain/5/data/v\0n6\0"),
		      "EACCES"));
	CU_ASSERT(err(D5, XS_SET_PERMS, 0, P("data/v\0n6\0"), "EPERM"));
	CU_ASSERT(err(D5, XS_SET_PERMS, 0,
		      P("data/v\0n5\0r1\0r2\0r3\0r4\0r6\0"), "ENOSPC"));
	CU_ASSERT(ok(D5, XS_SET_PERMS, 0, P("data/v\0n5\0r1\0r2\0r3\0r4\0")));
	CU_ASSERT(err(D5, XS_INTRODUCE, 0,
		      P("9\0"
			"0\0"
			"1\0"),
		      "EACCES"));
	CU_ASSERT(err(D5, XS_CONTROL, 0, P("help\0"), "EACCES"));
	CU_ASSERT(
		err(D5, XS_SET_PERMS, 0, P("@releaseDomain\0n5\0"), "EACCES"));
}

static void test_quotas(void)
{
	char path[64], big[2100];
	unsigned int made = 0;

	/* Nodes per domain: 1000 owned by dom5 (it has some already). */
	for (unsigned int i = 0; i < 1100; i++) {
		/* Spread out: child names count against the parent's size. */
		snprintf(path, sizeof(path), "q/d%u/n%u", i / 100, i);
		if (!wr(D5, 0, path, ""))
			break;
		made++;
	}
	CU_ASSERT(store_count_get(5) == 1000);
	CU_ASSERT(made < 990 && made > 970);
	CU_ASSERT(!strcmp(R.body, "ENOSPC"));
	CU_ASSERT(wr(D0, 0, "/local/domain/5/q/by-dom0", "")); /* priv */
	CU_ASSERT(ok(D5, XS_RM, 0, P("q\0")));
	CU_ASSERT(store_count_get(5) < 10);

	/* Node size: value + ACL (two entries here) + child names. */
	memset(big, 'x', sizeof(big));
	memcpy(big, "sz\0", 3);
	CU_ASSERT(ok(D5, XS_WRITE, 0, big, 3 + 2048 - 16));
	CU_ASSERT(err(D5, XS_WRITE, 0, big, 3 + 2049 - 16, "ENOSPC"));
	CU_ASSERT(ok(D0, XS_WRITE, 0, big, 3 + 2049)); /* dom0: no limit */
	CU_ASSERT(ok(D0, XS_RM, 0, P("/local/domain/5/sz\0")));

	/* Memory of a domain's nodes: past the hard limit is ENOMEM. */
	store.quota.mem_hard = (unsigned long)store_mem_get(5) + 1500;
	CU_ASSERT(ok(D5, XS_WRITE, 0, big, 3 + 1000));
	CU_ASSERT(err(D5, XS_WRITE, 0, big, 3 + 1900, "ENOMEM"));
	CU_ASSERT(ok(D0, XS_WRITE, 0, P("/local/domain/5/sz\0dom0 may")));
	store.quota.mem_hard = (5 << 20) / 2;
	CU_ASSERT(ok(D0, XS_RM, 0, P("/local/domain/5/sz\0")));

	/* Watches per domain: 128. */
	for (unsigned int i = 0; i < 128; i++) {
		char w[64];
		size_t l = (size_t)snprintf(w, sizeof(w), "w%c%u", 0, i) + 1;

		CU_ASSERT(ok(D5, XS_WATCH, 0, w, l));
	}
	CU_ASSERT(err(D5, XS_WATCH, 0, P("w\0last\0"), "E2BIG"));
	CU_ASSERT(ok(D0, XS_CONTROL, 0,
		     P("quota\0"
		       "5\0")) &&
		  strstr(R.body, "watches 128"));
	CU_ASSERT(err(D0, XS_CONTROL, 0, P("quota\0x\0"), "EINVAL"));
	CU_ASSERT(ok(D0, XS_WATCH, 0, P("w\0last\0"))); /* dom0: no limit */
	CU_ASSERT(ok(D5, XS_RESET_WATCHES, 0, P("\0")));
	CU_ASSERT(ok(D0, XS_RESET_WATCHES, 0, P("\0")));
	drain_events(D5);
	drain_events(D0);

	/* Transactions: Xen's check lets the 11th through, not the 12th. */
	for (unsigned int i = 0; i < 11; i++)
		CU_ASSERT(ok(D5, XS_TRANSACTION_START, 0, P("\0")));
	CU_ASSERT(err(D5, XS_TRANSACTION_START, 0, P("\0"), "ENOSPC"));
	CU_ASSERT(txn_count(D5) == 11);
	CU_ASSERT(ok(D5, XS_RESET_WATCHES, 0, P("\0")));
	CU_ASSERT(txn_count(D5) == 0);

	/* Outstanding replies: an unread connection stops being served. */
	for (unsigned int i = 0; i < 20; i++) {
		struct xsd_sockmsg h = { XS_READ, 1, 0, 2 };

		proto_handle(D5, &h, "/");
	}
	CU_ASSERT(conn_output_blocked(D5));
	CU_ASSERT(!conn_output_blocked(D0));
	for (unsigned int i = 0; i < 20; i++)
		pop(D5, false, &R);
	CU_ASSERT(!conn_output_blocked(D5));
}

struct reader_arg {
	struct conn *c;
	uint32_t type;
	volatile bool done;
};

static void *read_while_locked(void *p)
{
	struct reader_arg *a = p;
	struct xsd_sockmsg h = { XS_READ, 9, 0, 10 };

	urcu_memb_register_thread();
	proto_handle(a->c, &h, "/lockfree");
	a->done = true;
	urcu_memb_unregister_thread();
	return NULL;
}

/* Plain reads never take the writer lock: they finish while it is held. */
static void test_lockfree_reads(void)
{
	struct reader_arg a = { mkconn(0), 0, false };
	pthread_t th;

	CU_ASSERT(wr(D0, 0, "/lockfree", "v"));
	pthread_mutex_lock(&store.lock);
	pthread_create(&th, NULL, read_while_locked, &a);
	for (int i = 0; i < 200 && !a.done; i++)
		usleep(10000);
	CU_ASSERT(a.done);
	pthread_mutex_unlock(&store.lock);
	pthread_join(th, NULL);
	CU_ASSERT(pop(a.c, false, &R) && R.type == XS_READ &&
		  !strcmp(R.body, "v"));
	conn_kill(a.c);
}

static uint32_t txstart(struct conn *c)
{
	if (!ok(c, XS_TRANSACTION_START, 0, P("\0")))
		return 0;
	return (uint32_t)strtoul(R.body, NULL, 10);
}

static void test_transactions(void)
{
	uint32_t t, u;
	int before;

	CU_ASSERT(wr(D0, 0, "/tx/a", "1"));
	/* Read conflict. */
	t = txstart(D0);
	CU_ASSERT(ok(D0, XS_READ, t, P("/tx/a\0")));
	CU_ASSERT(wr(D0, 0, "/tx/a", "2"));
	CU_ASSERT(wr(D0, t, "/tx/b", "x"));
	CU_ASSERT(err(D0, XS_TRANSACTION_END, t, P("T\0"), "EAGAIN"));
	CU_ASSERT(tree_lookup(store.root, "/tx/b") == NULL);
	/* A node the transaction created appeared meanwhile. */
	t = txstart(D0);
	CU_ASSERT(wr(D0, t, "/tx/c", "mine"));
	CU_ASSERT(wr(D0, 0, "/tx/c", "theirs"));
	CU_ASSERT(err(D0, XS_TRANSACTION_END, t, P("T\0"), "EAGAIN"));
	CU_ASSERT_STRING_EQUAL(tree_lookup(store.root, "/tx/c")->value,
			       "theirs");
	/* A removed node read by the transaction. */
	t = txstart(D0);
	CU_ASSERT(ok(D0, XS_DIRECTORY, t, P("/tx\0")));
	CU_ASSERT(ok(D0, XS_RM, 0, P("/tx/c\0")));
	CU_ASSERT(err(D0, XS_TRANSACTION_END, t, P("T\0"), "EAGAIN"));
	/* Disjoint transactions both commit. */
	t = txstart(D0);
	u = txstart(D0);
	CU_ASSERT(wr(D0, t, "/tx/t1/x", "1"));
	CU_ASSERT(wr(D0, u, "/tx2/u1", "1"));
	CU_ASSERT(ok(D0, XS_TRANSACTION_END, t, P("T\0")));
	CU_ASSERT(ok(D0, XS_TRANSACTION_END, u, P("T\0")));
	CU_ASSERT(tree_lookup(store.root, "/tx/t1/x") &&
		  tree_lookup(store.root, "/tx2/u1"));
	/* Own changes are not conflicts. */
	t = txstart(D0);
	CU_ASSERT(wr(D0, t, "/tx/own", "1"));
	CU_ASSERT(ok(D0, XS_READ, t, P("/tx/own\0")));
	CU_ASSERT(wr(D0, t, "/tx/own", "2"));
	CU_ASSERT(ok(D0, XS_TRANSACTION_END, t, P("T\0")));
	CU_ASSERT_STRING_EQUAL(tree_lookup(store.root, "/tx/own")->value, "2");
	/* Nothing half-applied: the quota fails at commit, all is undone. */
	store.quota.nodes = store_count_get(5) + 3;
	before = store_count_get(5);
	t = txstart(D5);
	for (int i = 0; i < 6; i++) {
		char p[32];

		snprintf(p, sizeof(p), "txq/%d", i);
		CU_ASSERT(wr(D5, t, p, "v"));
	}
	CU_ASSERT(err(D5, XS_TRANSACTION_END, t, P("T\0"), "ENOSPC"));
	CU_ASSERT(tree_lookup(store.root, "/local/domain/5/txq") == NULL);
	CU_ASSERT(store_count_get(5) == before);
	store.quota.nodes = 1000;
	/* Per-transaction node limit for guests. */
	store.quota.txn_nodes = 4;
	t = txstart(D5);
	CU_ASSERT(wr(D5, t, "l1", ""));
	CU_ASSERT(wr(D5, t, "l2", ""));
	CU_ASSERT(err(D5, XS_WRITE, t, P("l3\0"), "ENOSPC"));
	CU_ASSERT(ok(D5, XS_TRANSACTION_END, t, P("F\0")));
	store.quota.txn_nodes = 1024;
}

static void test_watch_rules(void)
{
	drain_events(D0);
	drain_events(D5);
	CU_ASSERT(ok(D5, XS_WATCH, 0, P("/priv\0g\0")));
	CU_ASSERT(event_is(D5, "/priv", "g"));
	CU_ASSERT(ok(D5, XS_WATCH, 0, P("data\0rel\0")));
	CU_ASSERT(event_is(D5, "data", "rel"));
	CU_ASSERT(ok(D0, XS_WATCH, 0, P("/\0all\0")));
	CU_ASSERT(event_is(D0, "/", "all"));
	CU_ASSERT(wr(D0, 0, "/local/domain/5/data/new", "1"));
	CU_ASSERT(event_is(D5, "data/new", "rel"));
	CU_ASSERT(event_is(D0, "/local/domain/5/data/new", "all"));
	/* dom5 may read /priv (r5) but not a child locked to n0 alone. */
	CU_ASSERT(wr(D0, 0, "/priv/hidden", "x"));
	CU_ASSERT(event_is(D5, "/priv/hidden", "g"));
	CU_ASSERT(ok(D0, XS_SET_PERMS, 0, P("/priv\0n0\0")));
	drain_events(D5);
	CU_ASSERT(ok(D0, XS_SET_PERMS, 0, P("/priv/hidden\0n0\0")));
	/* The ACL change itself is seen (the old ACL allowed reading). */
	CU_ASSERT(event_is(D5, "/priv/hidden", "g"));
	CU_ASSERT(wr(D0, 0, "/priv/hidden", "y"));
	CU_ASSERT(!event_is(D5, "/priv/hidden", "g"));
	/* Identical pending events coalesce; distinct ones do not. */
	drain_events(D0);
	CU_ASSERT(wr(D0, 0, "/co/a", "1"));
	CU_ASSERT(wr(D0, 0, "/co/a", "2"));
	CU_ASSERT(wr(D0, 0, "/co/b", "3"));
	CU_ASSERT(event_is(D0, "/co/a", "all"));
	CU_ASSERT(event_is(D0, "/co/b", "all"));
	CU_ASSERT(!event_is(D0, "/co/a", "all"));
	CU_ASSERT(wr(D0, 0, "/co/a", "4"));
	CU_ASSERT(event_is(D0, "/co/a", "all"));
	/* Specials reach guests only through the special node's ACL. */
	CU_ASSERT(ok(D5, XS_WATCH, 0, P("@introduceDomain\0i\0")));
	CU_ASSERT(event_is(D5, "@introduceDomain", "i"));
	CU_ASSERT(ok(D0, XS_INTRODUCE, 0,
		     P("12\0"
		       "0\0"
		       "3\0")));
	CU_ASSERT(!event_is(D5, "@introduceDomain", "i"));
	CU_ASSERT(ok(D0, XS_SET_PERMS, 0, P("@introduceDomain\0n0\0r5\0")));
	CU_ASSERT(ok(D0, XS_INTRODUCE, 0,
		     P("13\0"
		       "0\0"
		       "3\0")));
	CU_ASSERT(event_is(D5, "@introduceDomain", "i"));
	CU_ASSERT(ok(D0, XS_RESET_WATCHES, 0, P("\0")));
	CU_ASSERT(ok(D5, XS_RESET_WATCHES, 0, P("\0")));
	drain_events(D0);
	drain_events(D5);
}

static bool same_tree(const struct node *a, const struct node *b)
{
	if (a->vlen != b->vlen || memcmp(a->value, b->value, a->vlen) ||
	    a->nperms != b->nperms || a->nchildren != b->nchildren ||
	    strcmp(a->name, b->name))
		return false;
	for (unsigned int i = 0; i < a->nperms; i++)
		if (a->perms[i].domid != b->perms[i].domid ||
		    a->perms[i].perm != b->perms[i].perm)
			return false;
	for (unsigned int i = 0; i < a->nchildren; i++)
		if (!same_tree(a->children[i], b->children[i]))
			return false;
	return true;
}

static void test_dump_restore(void)
{
	char file[] = "/tmp/xs-unit-dump.XXXXXX";
	int fd = mkstemp(file);
	struct node *before;
	int count5;

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	CU_ASSERT(ok(D0, XS_WRITE, 0, P("/dump/bin\0\x01\x02\xff\0z")));
	CU_ASSERT(wr(D0, 0, "/dump/text", "quote\" and \\ slash"));
	CU_ASSERT(ok(D0, XS_SET_PERMS, 0, P("/dump/text\0n3\0r5\0w7\0")));
	CU_ASSERT(ok(D0, XS_WATCH, 0, P("/dump\0tok\0")));
	CU_ASSERT(ok(D0, XS_WATCH, 0, P("/dump\0t\xc3\x28\x01\0")));
	CU_ASSERT(txstart(D0) != 0);
	CU_ASSERT(dump_store(file) == 0);
	{
		/* Always valid JSON, whatever bytes tokens carry. */
		char cmd[256];

		snprintf(
			cmd, sizeof(cmd),
			"python3 -c 'import json,sys; json.load(open(sys.argv[1]))' %s",
			file);
		CU_ASSERT(system(cmd) == 0);
	}
	before = node_get(store.root);
	count5 = store_count_get(5);

	/* Start over from an empty store and read the dump back. */
	pthread_mutex_lock(&store.lock);
	while (store.conns)
		conn_kill_locked(store.conns);
	domain_fini();
	pthread_mutex_unlock(&store.lock);
	store_fini();
	CU_ASSERT_FATAL(store_init() == 0);
	CU_ASSERT(restore_store(file) == 0);
	CU_ASSERT(same_tree(before, store.root));
	CU_ASSERT(store_count_get(5) == count5);
	CU_ASSERT(domain_is_introduced(12) && domain_is_introduced(13));
	CU_ASSERT(store.n_intro_perms == 2 && store.intro_perms[1].domid == 5);
	node_put(before);
	CU_ASSERT(restore_store("/nonexistent/dump.json") != 0);
	unlink(file);
	D0 = mkconn(0);
	D5 = mkconn(5);
	CU_ASSERT(ok(D5, XS_READ, 0, P("data/v\0")));
}

/* The dom0 ring endpoint's ioctls agree with Linux's uapi headers. */
static void test_xen_dev_abi(void)
{
#ifdef HAVE_XEN_UAPI
	CU_ASSERT(XS_IOCTL_EVTCHN_BIND_INTERDOMAIN ==
		  IOCTL_EVTCHN_BIND_INTERDOMAIN);
	CU_ASSERT(XS_IOCTL_EVTCHN_NOTIFY == IOCTL_EVTCHN_NOTIFY);
	CU_ASSERT(XS_IOCTL_GNTDEV_MAP_GRANT_REF == IOCTL_GNTDEV_MAP_GRANT_REF);
	CU_ASSERT(XS_IOCTL_GNTDEV_UNMAP_GRANT_REF ==
		  IOCTL_GNTDEV_UNMAP_GRANT_REF);
	CU_ASSERT(offsetof(struct gntdev_map_arg, index) ==
		  offsetof(struct ioctl_gntdev_map_grant_ref, index));
	CU_ASSERT(offsetof(struct gntdev_map_arg, domid) ==
		  offsetof(struct ioctl_gntdev_map_grant_ref, refs));
	CU_ASSERT(sizeof(struct gntdev_unmap_arg) ==
		  sizeof(struct ioctl_gntdev_unmap_grant_ref));
#else
	CU_PASS("no <xen/*.h> uapi headers to compare with");
#endif
}

int main(void)
{
	CU_pSuite s;
	unsigned int run, failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("xenstored core", setup, NULL);
	CU_add_test(s, "paths", test_paths);
	CU_add_test(s, "permission rules", test_perm_rules);
	CU_add_test(s, "copy-on-write tree", test_tree_cow);
	CU_add_test(s, "reads do not wait for writers", test_lockfree_reads);
	CU_add_test(s, "guest permissions", test_guest_perms);
	CU_add_test(s, "quotas", test_quotas);
	CU_add_test(s, "transactions", test_transactions);
	CU_add_test(s, "watch rules", test_watch_rules);
	CU_add_test(s, "dump and restore", test_dump_restore);
	CU_add_test(s, "dom0 device ioctls", test_xen_dev_abi);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	printf("xenstore-unit: %u passed, %u failed\n", run - failed, failed);
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
