/* SPDX-License-Identifier: MIT */
/*
 * Ring transport: this program plays guest domains. For each it creates
 * the shared-memory ring page and kick FIFOs in the daemon's --ring-dir
 * ($XS_RING_DIR), has dom0 (over the socket) introduce it, then speaks the
 * protocol through xenstore_domain_interface: relative paths, guest
 * permissions, watches delivered over the ring, messages straddling the
 * ring wrap and split over several kicks, rings fuller than one page, a
 * pipelined burst, quotas, release, and a guest with broken indices that
 * must not hurt anyone else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tharness.h"
#include <public/io/xs_ring.h>

static struct tconn D0;
static const char *dir;

static bool introduce(struct tconn *g, unsigned int domid)
{
	char buf[64];
	size_t l;

	if (t_ring_create(g, dir, domid))
		return false;
	/* dom0 prepares the home, as the toolstack does. */
	l = (size_t)snprintf(buf, sizeof(buf), "/local/domain/%u%cn%u%cr0",
			     domid, 0, domid, 0) +
	    1;
	if (!t_ok(&D0, XS_MKDIR, 0, buf, strlen(buf) + 1, NULL) ||
	    !t_ok(&D0, XS_SET_PERMS, 0, buf, l, NULL))
		return false;
	l = (size_t)snprintf(buf, sizeof(buf), "%u%c0%c%u", domid, 0, 0,
			     domid + 10) +
	    1;
	return t_ok(&D0, XS_INTRODUCE, 0, buf, l, NULL);
}

static void test_basic(struct tconn *g)
{
	struct tmsg m;

	CHECK(t_write(g, 0, "data/a", "hello"), "guest relative write");
	CHECK(t_read_is(&D0, 0, "/local/domain/5/data/a", "hello"),
	      "lands in the guest home");
	CHECK(t_ok(&D0, XS_GET_PERMS, 0, P("/local/domain/5/data/a\0"), &m) &&
		      m.h.len == 6 && !memcmp(m.body, "n5\0r0", 6),
	      "guest owns what it creates");
	CHECK(t_read_is(g, 0, "/local/domain/5/data/a", "hello"),
	      "absolute read of own node");
	CHECK(t_err(g, XS_READ, 0, P("/tool/xenstored\0"), "EACCES"),
	      "guest cannot read dom0 nodes");
	CHECK(t_err(g, XS_WRITE, 0, P("/evil\0x"), "EACCES"),
	      "guest cannot write /");
	CHECK(t_err(g, XS_INTRODUCE, 0,
		    P("9\0"
		      "0\0"
		      "1\0"),
		    "EACCES"),
	      "guest cannot introduce");
	CHECK(t_ok(g, XS_GET_DOMAIN_PATH, 0, P("5\0"), &m) &&
		      !strcmp(m.body, "/local/domain/5"),
	      "get_domain_path over the ring");
	CHECK(t_ok(g, XS_WATCH, 0, P("data\0tok\0"), NULL), "guest watch");
	CHECK(t_event(g, "data", "tok", 2000), "initial event on ring");
	CHECK(t_write(&D0, 0, "/local/domain/5/data/b", "x"), "dom0 writes");
	CHECK(t_event(g, "data/b", "tok", 2000), "relative event on ring");
	{
		struct tmsg s;
		unsigned long id;

		CHECK(t_ok(g, XS_TRANSACTION_START, 0, P("\0"), &s),
		      "guest transaction");
		id = strtoul(s.body, NULL, 10);
		CHECK(t_write(g, (uint32_t)id, "data/t", "1"), "write in tx");
		CHECK(t_ok(g, XS_TRANSACTION_END, (uint32_t)id, P("T\0"), NULL),
		      "commit over ring");
		CHECK(t_read_is(&D0, 0, "/local/domain/5/data/t", "1"),
		      "committed");
	}
}

static void test_stream(struct tconn *g)
{
	char val[3000];
	struct tmsg m;
	int good = 0;

	/* Values bigger than the 1 KiB rings: both directions wrap. */
	for (int i = 0; i < 20; i++) {
		/* Below the 2048-byte node size quota of guests. */
		size_t len = 700 + (size_t)i * 97 % 1300;

		memset(val, 'a' + i % 26, len);
		val[len] = 0;
		if (t_write(g, 0, "data/big", val) &&
		    t_ok(g, XS_READ, 0, P("data/big\0"), &m) &&
		    m.h.len == len && !memcmp(m.body, val, len))
			good++;
	}
	CHECK(good == 20, "large values across the wrap, 20 rounds");

	/* A burst of requests without waiting: flow control both ways. */
	for (uint32_t i = 0; i < 60; i++)
		t_send(g, XS_READ, 500 + i, 0, P("data/a\0"));
	good = 0;
	for (uint32_t i = 0; i < 60; i++)
		if (!t_recv(g, &m, 3000) && m.h.req_id == 500 + i &&
		    m.h.type == XS_READ && !strcmp(m.body, "hello"))
			good++;
	CHECK(good == 60, "60 pipelined requests over the ring");

	/* One request written in several pieces with kicks in between. */
	{
		char buf[64];
		struct xsd_sockmsg h = { XS_READ, 99, 0, 7 };

		memcpy(buf, &h, sizeof(h));
		memcpy(buf + sizeof(h), "data/a", 7);
		for (size_t i = 0; i < sizeof(h) + 7; i += 3) {
			size_t n = sizeof(h) + 7 - i < 3 ? sizeof(h) + 7 - i :
							   3;

			t_send_raw(g, buf + i, n);
			usleep(2000);
		}
		CHECK(!t_recv(g, &m, 2000) && m.h.req_id == 99 &&
			      !strcmp(m.body, "hello"),
		      "request split over kicks");
	}
}

static void test_quotas(struct tconn *g)
{
	int ok = 0;

	for (int i = 0; i < 11; i++)
		ok += t_ok(g, XS_TRANSACTION_START, 0, P("\0"), NULL);
	CHECK(ok == 11, "11 transactions open");
	CHECK(t_err(g, XS_TRANSACTION_START, 0, P("\0"), "ENOSPC"),
	      "12th transaction refused");
	CHECK(t_ok(g, XS_RESET_WATCHES, 0, P("\0"), NULL), "reset");
	CHECK(t_err(g, XS_SET_PERMS, 0, P("data/a\0n5\0r1\0r2\0r3\0r4\0r6\0"),
		    "ENOSPC"),
	      "6 ACL entries refused");
	CHECK(t_err(g, XS_SET_PERMS, 0, P("data/a\0n0\0"), "EPERM"),
	      "guest cannot give away ownership");
}

static void test_two_guests(struct tconn *g5, struct tconn *g6)
{
	CHECK(t_err(g6, XS_READ, 0, P("/local/domain/5/data/a\0"), "EACCES"),
	      "dom6 cannot read dom5's node");
	CHECK(t_ok(g5, XS_SET_PERMS, 0, P("data/a\0n5\0r6\0"), NULL),
	      "dom5 grants dom6 read");
	CHECK(t_read_is(g6, 0, "/local/domain/5/data/a", "hello"),
	      "dom6 reads after grant");
	CHECK(t_err(g6, XS_WRITE, 0, P("/local/domain/5/data/a\0x"), "EACCES"),
	      "but cannot write");
	CHECK(t_write(g6, 0, "mine", "6"), "dom6 writes its home");
	CHECK(t_read_is(&D0, 0, "/local/domain/6/mine", "6"), "dom6 home");
}

static void test_broken_guest(void)
{
	struct tconn bad;
	struct tmsg m;

	CHECK(introduce(&bad, 8), "introduce dom8");
	/* Indices claiming more than a ring's worth: the daemon drops
	 * this connection and carries on with everyone else. */
	bad.ring->req_prod = bad.ring->req_cons + 5000;
	t_send_raw(&bad, "", 0);
	{
		char b = 1;

		if (write(bad.kick_fd, &b, 1) < 0)
			perror("kick");
	}
	usleep(100000);
	CHECK(t_ok(&D0, XS_IS_DOMAIN_INTRODUCED, 0, P("8\0"), &m) &&
		      !strcmp(m.body, "T"),
	      "broken guest stays introduced");
	CHECK(t_read_is(&D0, 0, "/tool/xenstored", ""), "daemon still serves");
	CHECK(t_ok(&D0, XS_RELEASE, 0, P("8\0"), NULL), "release broken dom8");
	t_close(&bad);
}

int main(void)
{
	struct tconn g5, g6;
	const char *sock = getenv("XENSTORED_PATH");

	dir = getenv("XS_RING_DIR");
	if (!sock || !dir || t_connect(&D0, sock)) {
		printf("need XENSTORED_PATH and XS_RING_DIR\n");
		return t_summary("xenstore-ring") | 1;
	}
	CHECK(t_ok(&D0, XS_WATCH, 0, P("@introduceDomain\0i\0"), NULL),
	      "dom0 watches introductions");
	CHECK(t_event(&D0, "@introduceDomain", "i", 2000), "initial");
	CHECK(introduce(&g5, 5), "introduce dom5 with a shm ring");
	CHECK(t_event(&D0, "@introduceDomain", "i", 2000),
	      "@introduceDomain fired");
	CHECK(introduce(&g6, 6), "introduce dom6");
	test_basic(&g5);
	test_stream(&g5);
	test_quotas(&g5);
	test_two_guests(&g5, &g6);
	CHECK(t_ok(&D0, XS_WATCH, 0, P("@releaseDomain\0r\0"), NULL),
	      "dom0 watches releases");
	CHECK(t_event(&D0, "@releaseDomain", "r", 2000), "initial release");
	CHECK(t_ok(&D0, XS_RELEASE, 0, P("6\0"), NULL), "release dom6");
	CHECK(t_event(&D0, "@releaseDomain", "r", 2000),
	      "@releaseDomain fired");
	CHECK(t_err(&D0, XS_RELEASE, 0, P("6\0"), "ENOENT"), "released once");
	test_broken_guest();
	CHECK(t_read_is(&g5, 0, "data/a", "hello"), "dom5 unaffected");
	t_close(&g6);
	t_close(&g5);
	t_close(&D0);
	return t_summary("xenstore-ring");
}
