/* SPDX-License-Identifier: MIT */
/*
 * Protocol conformance over the Unix socket against a running xenstored
 * ($XENSTORED_PATH): every message type, its error cases, the payload and
 * path limits, malformed and oversized messages, pipelining and split
 * writes. Run by run-with-daemon.sh, which starts and always stops the
 * daemon (plain and ASan+UBSan builds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tharness.h"

static const char *sock;
static struct tconn C;

static void test_basic(void)
{
	struct tmsg m;

	CHECK(t_read_is(&C, 0, "/", ""), "read /");
	CHECK(t_read_is(&C, 0, "/tool/xenstored", ""), "read /tool/xenstored");
	CHECK(t_write(&C, 0, "/t/a", "v1"), "write /t/a");
	CHECK(t_read_is(&C, 0, "/t/a", "v1"), "read back");
	CHECK(t_write(&C, 0, "/t/a", ""), "write empty value");
	CHECK(t_read_is(&C, 0, "/t/a", ""), "read empty value");
	CHECK(t_ok(&C, XS_WRITE, 0, P("/t/bin\0a\0b\xff"), NULL),
	      "binary value");
	CHECK(t_ok(&C, XS_READ, 0, P("/t/bin\0"), &m) && m.h.len == 4 &&
		      !memcmp(m.body, "a\0b\xff", 4),
	      "binary value read back exactly, no trailing NUL");
	CHECK(t_write(&C, 0, "/t/x/y/z", "deep"), "implicit parents");
	CHECK(t_ok(&C, XS_DIRECTORY, 0, P("/t/x\0"), &m) && m.h.len == 2 &&
		      !memcmp(m.body, "y", 2),
	      "parent created");
	CHECK(t_read_is(&C, 0, "/t/x/y", ""), "implicit parent empty");
	CHECK(t_ok(&C, XS_MKDIR, 0, P("/t/x\0"), NULL), "mkdir existing");
	CHECK(t_read_is(&C, 0, "/t/x/y/z", "deep"), "mkdir keeps value");
	CHECK(t_ok(&C, XS_MKDIR, 0, P("/t/m/n\0"), NULL), "mkdir new");
	CHECK(t_read_is(&C, 0, "/t/m/n", ""), "mkdir empty");
	CHECK(t_ok(&C, XS_DIRECTORY, 0, P("/t/m/n\0"), &m) && m.h.len == 0,
	      "directory of leaf is empty");
	CHECK(t_err(&C, XS_DIRECTORY, 0, P("/nope\0"), "ENOENT"),
	      "directory missing");
	CHECK(t_err(&C, XS_READ, 0, P("/nope\0"), "ENOENT"), "read missing");
	CHECK(t_ok(&C, XS_RM, 0, P("/t/x\0"), NULL), "rm subtree");
	CHECK(t_err(&C, XS_READ, 0, P("/t/x/y/z\0"), "ENOENT"), "subtree gone");
	CHECK(t_ok(&C, XS_RM, 0, P("/t/x\0"), NULL), "rm missing, parent ok");
	CHECK(t_err(&C, XS_RM, 0, P("/t/x/y/z\0"), "ENOENT"),
	      "rm missing parent");
	CHECK(t_err(&C, XS_RM, 0, P("/\0"), "EINVAL"), "rm /");
	CHECK(t_write(&C, 0, "rel/x", "r"), "relative write");
	CHECK(t_read_is(&C, 0, "/local/domain/0/rel/x", "r"),
	      "relative is under /local/domain/0");
	CHECK(t_ok(&C, XS_GET_DOMAIN_PATH, 0, P("5\0"), &m) &&
		      !strcmp(m.body, "/local/domain/5") &&
		      m.h.len == strlen("/local/domain/5") + 1,
	      "get_domain_path");
	CHECK(t_err(&C, XS_GET_DOMAIN_PATH, 0, P("x\0"), "EINVAL"),
	      "get_domain_path bad");
}

static void test_directory_part(void)
{
	char name[64], want[8192], got[8192];
	size_t wl = 0, gl = 0, off = 0;
	struct tmsg m;
	int parts = 0;

	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name),
			 "/t/big/child-%03d-abcdefghijklmnop", i);
		if (!t_write(&C, 0, name, "x"))
			break;
		wl += (size_t)sprintf(want + wl, "child-%03d-abcdefghijklmnop",
				      i) +
		      1;
	}
	CHECK(t_err(&C, XS_DIRECTORY, 0, P("/t/big\0"), "E2BIG"),
	      "directory over 4096 bytes is E2BIG");
	for (;;) {
		char req[64];
		size_t l = (size_t)snprintf(req, sizeof(req), "/t/big%c%zu", 0,
					    off) +
			   1;
		size_t gen, n;

		if (!t_ok(&C, XS_DIRECTORY_PART, 0, req, l, &m))
			break;
		parts++;
		gen = strlen(m.body) + 1;
		n = m.h.len - gen;
		if (n && m.body[m.h.len - 1] == 0 && n >= 1 &&
		    (n == 1 || m.body[m.h.len - 2] == 0) &&
		    (off + n - 1 == wl)) {
			memcpy(got + gl, m.body + gen, n - 1);
			gl += n - 1;
			break;
		}
		memcpy(got + gl, m.body + gen, n);
		gl += n;
		off += n;
		if (parts > 10)
			break;
	}
	CHECK(parts >= 2, "directory_part needed several parts");
	CHECK(gl == wl && !memcmp(got, want, wl),
	      "directory_part returns every child once, in order");
	CHECK(t_ok(&C, XS_DIRECTORY_PART, 0,
		   P("/t/big\0"
		     "99999\0"),
		   &m) &&
		      m.h.len == strlen(m.body) + 2 && m.body[m.h.len - 1] == 0,
	      "offset past the end: gen and empty string");
	CHECK(t_err(&C, XS_DIRECTORY_PART, 0, P("/t/big\0"), "EINVAL"),
	      "directory_part without offset");
	CHECK(t_err(&C, XS_DIRECTORY_PART, 0,
		    P("/t/nope\0"
		      "0\0"),
		    "ENOENT"),
	      "directory_part missing");
	CHECK(t_ok(&C, XS_RM, 0, P("/t/big\0"), NULL), "rm big");
}

static void test_perms(void)
{
	struct tmsg m;

	CHECK(t_write(&C, 0, "/t/p", "x"), "write /t/p");
	CHECK(t_ok(&C, XS_GET_PERMS, 0, P("/t/p\0"), &m) && m.h.len == 3 &&
		      !memcmp(m.body, "n0", 3),
	      "default perms n0");
	CHECK(t_ok(&C, XS_SET_PERMS, 0, P("/t/p\0n0\0r5\0b7\0"), NULL),
	      "set perms");
	CHECK(t_ok(&C, XS_GET_PERMS, 0, P("/t/p\0"), &m) && m.h.len == 9 &&
		      !memcmp(m.body, "n0\0r5\0b7", 9),
	      "get perms back");
	CHECK(t_write(&C, 0, "/t/p/child", "c"), "create child");
	CHECK(t_ok(&C, XS_GET_PERMS, 0, P("/t/p/child\0"), &m) &&
		      m.h.len == 9 && !memcmp(m.body, "n0\0r5\0b7", 9),
	      "child inherits parent ACL");
	CHECK(t_err(&C, XS_SET_PERMS, 0, P("/t/p\0x5\0"), "EINVAL"),
	      "bad perm letter");
	CHECK(t_err(&C, XS_SET_PERMS, 0, P("/t/p\0r\0"), "EINVAL"),
	      "perm without domid");
	CHECK(t_err(&C, XS_SET_PERMS, 0, P("/t/p\0"), "EINVAL"),
	      "set perms without perms");
	CHECK(t_err(&C, XS_SET_PERMS, 0, P("/t/nope\0n0\0"), "ENOENT"),
	      "set perms missing node");
	CHECK(t_err(&C, XS_GET_PERMS, 0, P("/t/nope\0"), "ENOENT"),
	      "get perms missing node");
	CHECK(t_ok(&C, XS_GET_PERMS, 0, P("@introduceDomain\0"), &m) &&
		      !strcmp(m.body, "n0"),
	      "special node perms");
	CHECK(t_ok(&C, XS_SET_PERMS, 0, P("@releaseDomain\0n0\0r3\0"), NULL),
	      "set special perms");
	CHECK(t_ok(&C, XS_GET_PERMS, 0, P("@releaseDomain\0"), &m) &&
		      m.h.len == 6 && !memcmp(m.body, "n0\0r3", 6),
	      "special perms back");
}

static void test_watches(void)
{
	struct tconn w;

	CHECK(!t_connect(&w, sock), "second connection");
	CHECK(t_ok(&w, XS_WATCH, 0, P("/t/w\0tok1\0"), NULL), "watch");
	CHECK(t_event(&w, "/t/w", "tok1", 2000), "initial event");
	CHECK(t_err(&w, XS_WATCH, 0, P("/t/w\0tok1\0"), "EEXIST"),
	      "duplicate watch");
	CHECK(t_ok(&w, XS_WATCH, 0, P("/t/w\0tok2\0"), NULL),
	      "same path, other token");
	CHECK(t_event(&w, "/t/w", "tok2", 2000), "initial event 2");
	CHECK(t_write(&C, 0, "/t/w/a/b", "1"), "write below");
	CHECK(t_event(&w, "/t/w/a/b", "tok1", 2000), "event below, tok1");
	CHECK(t_event(&w, "/t/w/a/b", "tok2", 2000), "event below, tok2");
	CHECK(t_write(&C, 0, "/t/wx", "1"), "write sibling prefix");
	CHECK(t_no_event(&w, 200), "no event for /t/wx");
	CHECK(t_ok(&w, XS_UNWATCH, 0, P("/t/w\0tok2\0"), NULL), "unwatch");
	CHECK(t_err(&w, XS_UNWATCH, 0, P("/t/w\0tok2\0"), "ENOENT"),
	      "unwatch twice");
	CHECK(t_ok(&w, XS_WATCH, 0, P("/t/w/a/b/c\0deep\0"), NULL),
	      "watch deep");
	CHECK(t_event(&w, "/t/w/a/b/c", "deep", 2000), "initial deep");
	CHECK(t_write(&C, 0, "/t/w/a/b/c", "1"), "create deep");
	CHECK(t_event(&w, "/t/w/a/b/c", "deep", 2000), "deep event");
	CHECK(t_event(&w, "/t/w/a/b/c", "tok1", 2000), "tok1 deep event");
	CHECK(t_ok(&C, XS_RM, 0, P("/t/w/a\0"), NULL), "rm ancestor");
	CHECK(t_event(&w, "/t/w/a", "tok1", 2000), "rm fires on parent watch");
	CHECK(t_event(&w, "/t/w/a/b/c", "deep", 2000),
	      "rm fires on removed descendant watch");
	CHECK(t_ok(&C, XS_SET_PERMS, 0, P("/t/w\0n0\0r1\0"), NULL),
	      "chmod watched");
	CHECK(t_event(&w, "/t/w", "tok1", 2000), "perm change fires");
	CHECK(t_ok(&w, XS_WATCH, 0, P("relw\0rt\0"), NULL), "relative watch");
	CHECK(t_event(&w, "relw", "rt", 2000), "relative initial event");
	CHECK(t_write(&C, 0, "/local/domain/0/relw/q", "1"), "write under");
	CHECK(t_event(&w, "relw/q", "rt", 2000), "relative event path");
	CHECK(t_ok(&w, XS_WATCH, 0, P("@introduceDomain\0intro\0"), NULL),
	      "watch @introduceDomain");
	CHECK(t_event(&w, "@introduceDomain", "intro", 2000),
	      "@introduceDomain initial");
	CHECK(t_ok(&w, XS_WATCH, 0, P("@releaseDomain\0rel\0"), NULL),
	      "watch @releaseDomain");
	CHECK(t_event(&w, "@releaseDomain", "rel", 2000),
	      "@releaseDomain initial");
	CHECK(t_ok(&C, XS_INTRODUCE, 0,
		   P("7\0"
		     "1234\0"
		     "9\0"),
		   NULL),
	      "introduce 7");
	CHECK(t_event(&w, "@introduceDomain", "intro", 2000),
	      "@introduceDomain fires");
	CHECK(t_ok(&C, XS_RELEASE, 0, P("7\0"), NULL), "release 7");
	CHECK(t_event(&w, "@releaseDomain", "rel", 2000),
	      "@releaseDomain fires");
	CHECK(t_ok(&w, XS_WATCH, 0, P("/t/w\0tx\0"), NULL), "watch for tx");
	CHECK(t_event(&w, "/t/w", "tx", 2000), "initial tx watch");
	{
		struct tmsg m;
		unsigned long id;

		CHECK(t_ok(&C, XS_TRANSACTION_START, 0, P("\0"), &m), "start");
		id = strtoul(m.body, NULL, 10);
		CHECK(t_write(&C, (uint32_t)id, "/t/w/intx", "1"),
		      "write in tx");
		CHECK(t_no_event(&w, 200), "no event before commit");
		CHECK(t_ok(&C, XS_TRANSACTION_END, (uint32_t)id, P("T\0"),
			   NULL),
		      "commit");
		CHECK(t_event(&w, "/t/w/intx", "tx", 2000),
		      "event after commit");
	}
	CHECK(t_ok(&w, XS_RESET_WATCHES, 0, P("\0"), NULL), "reset watches");
	w.nevents = 0;
	CHECK(t_write(&C, 0, "/t/w/after", "1"), "write after reset");
	CHECK(t_no_event(&w, 200), "no event after reset");
	t_close(&w);
}

static unsigned long tx_start(void)
{
	struct tmsg m;

	if (!t_ok(&C, XS_TRANSACTION_START, 0, P("\0"), &m))
		return 0;
	return strtoul(m.body, NULL, 10);
}

static void test_transactions(void)
{
	struct tmsg m;
	uint32_t a, b;

	a = (uint32_t)tx_start();
	CHECK(a != 0, "transaction id");
	CHECK(t_write(&C, a, "/t/tx/one", "1"), "write in tx");
	CHECK(t_err(&C, XS_READ, 0, P("/t/tx/one\0"), "ENOENT"),
	      "invisible outside");
	CHECK(t_read_is(&C, a, "/t/tx/one", "1"), "visible inside");
	CHECK(t_ok(&C, XS_DIRECTORY, a, P("/t/tx\0"), &m) &&
		      !strcmp(m.body, "one"),
	      "directory inside");
	CHECK(t_ok(&C, XS_TRANSACTION_END, a, P("T\0"), NULL), "commit");
	CHECK(t_read_is(&C, 0, "/t/tx/one", "1"), "visible after commit");
	CHECK(t_err(&C, XS_READ, a, P("/t/tx/one\0"), "ENOENT"),
	      "ended id is unknown");

	/* Conflict: a node read in the transaction changes meanwhile. */
	a = (uint32_t)tx_start();
	CHECK(t_read_is(&C, a, "/t/tx/one", "1"), "tx reads one");
	CHECK(t_write(&C, 0, "/t/tx/one", "2"), "outside changes one");
	CHECK(t_write(&C, a, "/t/tx/two", "2"), "tx writes two");
	CHECK(t_err(&C, XS_TRANSACTION_END, a, P("T\0"), "EAGAIN"),
	      "conflict is EAGAIN");
	CHECK(t_err(&C, XS_READ, 0, P("/t/tx/two\0"), "ENOENT"),
	      "nothing applied on EAGAIN");

	/* Isolation: the transaction keeps its snapshot. */
	a = (uint32_t)tx_start();
	b = (uint32_t)tx_start();
	CHECK(a && b && a != b, "two transactions");
	CHECK(t_write(&C, 0, "/t/tx/one", "3"), "outside write");
	CHECK(t_read_is(&C, a, "/t/tx/one", "2"), "snapshot read");
	CHECK(t_ok(&C, XS_TRANSACTION_END, a, P("F\0"), NULL), "abort");
	CHECK(t_write(&C, b, "/t/tx/three", "3"), "blind write in b");
	CHECK(t_ok(&C, XS_TRANSACTION_END, b, P("T\0"), NULL),
	      "no conflict for unrelated");
	CHECK(t_read_is(&C, 0, "/t/tx/three", "3"), "b applied");

	a = (uint32_t)tx_start();
	CHECK(t_ok(&C, XS_RM, a, P("/t/tx/three\0"), NULL), "rm in tx");
	CHECK(t_ok(&C, XS_SET_PERMS, a, P("/t/tx/one\0n0\0r9\0"), NULL),
	      "set perms in tx");
	CHECK(t_ok(&C, XS_MKDIR, a, P("/t/tx/dir\0"), NULL), "mkdir in tx");
	CHECK(t_ok(&C, XS_GET_PERMS, a, P("/t/tx/one\0"), &m) && m.h.len == 6 &&
		      !memcmp(m.body, "n0\0r9", 6),
	      "perms inside tx");
	CHECK(t_ok(&C, XS_TRANSACTION_END, a, P("F\0"), NULL), "abort");
	CHECK(t_read_is(&C, 0, "/t/tx/three", "3"), "abort changed nothing");
	CHECK(t_err(&C, XS_READ, 0, P("/t/tx/dir\0"), "ENOENT"),
	      "abort: no mkdir");

	CHECK(t_err(&C, XS_TRANSACTION_START, 5, P("\0"), "EBUSY"),
	      "nested start is EBUSY");
	CHECK(t_err(&C, XS_TRANSACTION_END, 999, P("T\0"), "ENOENT"),
	      "end unknown");
	a = (uint32_t)tx_start();
	CHECK(t_err(&C, XS_TRANSACTION_END, a, P("X\0"), "EINVAL"),
	      "end bad arg");
	CHECK(t_ok(&C, XS_TRANSACTION_END, a, P("F\0"), NULL), "end ok");
	CHECK(t_err(&C, XS_WRITE, 4242, P("/t/q\0v"), "ENOENT"),
	      "write with unknown tx");
}

static void test_domains(void)
{
	struct tmsg m;

	CHECK(t_ok(&C, XS_INTRODUCE, 0,
		   P("3\0"
		     "0\0"
		     "5\0"),
		   NULL),
	      "introduce 3");
	CHECK(t_ok(&C, XS_INTRODUCE, 0,
		   P("3\0"
		     "0\0"
		     "5\0"),
		   NULL),
	      "reintroduce 3");
	CHECK(t_ok(&C, XS_INTRODUCE, 0,
		   P("4\0"
		     "0\0"
		     "6\0"),
		   NULL),
	      "introduce 4");
	CHECK(t_ok(&C, XS_IS_DOMAIN_INTRODUCED, 0, P("3\0"), &m) &&
		      !strcmp(m.body, "T") && m.h.len == 2,
	      "3 introduced");
	CHECK(t_ok(&C, XS_IS_DOMAIN_INTRODUCED, 0, P("8\0"), &m) &&
		      !strcmp(m.body, "F"),
	      "8 not introduced");
	CHECK(t_ok(&C, XS_IS_DOMAIN_INTRODUCED, 0, P("32752\0"), &m) &&
		      !strcmp(m.body, "T"),
	      "DOMID_SELF quirk");
	CHECK(t_err(&C, XS_INTRODUCE, 0,
		    P("3\0"
		      "0\0"),
		    "EINVAL"),
	      "introduce 2 args");
	CHECK(t_err(&C, XS_INTRODUCE, 0,
		    P("3\0"
		      "0\0"
		      "0\0"),
		    "EINVAL"),
	      "introduce port 0");
	CHECK(t_err(&C, XS_INTRODUCE, 0,
		    P("x\0"
		      "0\0"
		      "1\0"),
		    "EINVAL"),
	      "introduce bad domid");
	CHECK(t_ok(&C, XS_SET_TARGET, 0,
		   P("3\0"
		     "4\0"),
		   NULL),
	      "set_target");
	CHECK(t_err(&C, XS_SET_TARGET, 0,
		    P("3\0"
		      "9\0"),
		    "ENOENT"),
	      "set_target unknown");
	CHECK(t_err(&C, XS_SET_TARGET, 0, P("3\0"), "EINVAL"),
	      "set_target one arg");
	CHECK(t_ok(&C, XS_RESUME, 0, P("3\0"), NULL), "resume");
	CHECK(t_err(&C, XS_RESUME, 0, P("9\0"), "ENOENT"), "resume unknown");
	CHECK(t_err(&C, XS_RESUME, 0, P("0\0"), "EINVAL"), "resume 0");
	CHECK(t_ok(&C, XS_RELEASE, 0, P("3\0"), NULL), "release 3");
	CHECK(t_ok(&C, XS_RELEASE, 0, P("4\0"), NULL), "release 4");
	CHECK(t_err(&C, XS_RELEASE, 0, P("3\0"), "ENOENT"), "release twice");
	CHECK(t_err(&C, XS_RELEASE, 0, P("0\0"), "EINVAL"), "release 0");
	CHECK(t_ok(&C, XS_IS_DOMAIN_INTRODUCED, 0, P("3\0"), &m) &&
		      !strcmp(m.body, "F"),
	      "3 gone");
}

static void test_control_and_types(void)
{
	static const uint32_t bad[] = { 15, 16, 20, 23, 24, 100, 0xffff };
	struct tmsg m;

	CHECK(t_ok(&C, XS_CONTROL, 0, P("help\0"), &m) &&
		      strstr(m.body, "print"),
	      "control help");
	CHECK(t_ok(&C, XS_CONTROL, 0, P("print\0hello\0"), NULL),
	      "control print");
	CHECK(t_ok(&C, XS_CONTROL, 0, P("check\0"), &m) &&
		      !strncmp(m.body, "OK", 2),
	      "control check");
	CHECK(t_ok(&C, XS_CONTROL, 0, P("quota\0"), &m) &&
		      strstr(m.body, "nodes 1000"),
	      "control quota shows defaults");
	CHECK(t_err(&C, XS_CONTROL, 0, P("bogus\0"), "EINVAL"),
	      "control unknown");
	CHECK(t_err(&C, XS_CONTROL, 0, "", 0, "EINVAL"), "control empty");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(t_err(&C, bad[i], 0, P("/\0"), "ENOSYS"),
		      "invalid message type is ENOSYS");
}

static void test_malformed(void)
{
	char path[4200], buf[4200];
	struct tmsg m;
	struct tconn x;
	size_t n;

	CHECK(t_err(&C, XS_READ, 0, "/t", 2, "EINVAL"), "no NUL");
	CHECK(t_err(&C, XS_READ, 0, "", 0, "EINVAL"), "empty payload");
	CHECK(t_err(&C, XS_READ, 0, P("/t\0/u\0"), "EINVAL"), "two strings");
	CHECK(t_err(&C, XS_READ, 0, P("/a b\0"), "EINVAL"), "space in path");
	CHECK(t_err(&C, XS_WRITE, 0, P("/a//b\0x"), "EINVAL"), "double slash");
	CHECK(t_err(&C, XS_WRITE, 0, P("/a/\0x"), "EINVAL"), "trailing slash");
	CHECK(t_err(&C, XS_WRITE, 0, P("/a\x80\0x"), "EINVAL"), "high byte");
	CHECK(t_err(&C, XS_WRITE, 0, "/a", 2, "EINVAL"), "write no NUL");
	CHECK(t_err(&C, XS_MKDIR, 0, P("@x\0"), "EINVAL"), "mkdir @");
	CHECK(t_err(&C, XS_WATCH, 0, P("/t\0"), "EINVAL"), "watch no token");

	/* Path limits: 2048 after the domain home, else 2048 absolute. */
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[2048] = 0;
	CHECK(t_write(&C, 0, path, "x"), "absolute path of 2048");
	CHECK(t_ok(&C, XS_RM, 0, path, 2049, NULL), "rm it");
	path[2048] = 'a';
	path[2049] = 0;
	CHECK(t_err(&C, XS_WRITE, 0, path, 2050, "EINVAL"),
	      "absolute path of 2049");
	n = (size_t)snprintf(buf, sizeof(buf), "/local/domain/0/");
	memset(buf + n, 'b', 2048);
	buf[n + 2048] = 0;
	CHECK(t_write(&C, 0, buf, ""), "home + 2048");
	buf[n + 2048] = 'b';
	buf[n + 2049] = 0;
	CHECK(t_err(&C, XS_WRITE, 0, buf, n + 2050, "EINVAL"), "home + 2049");
	memset(buf, 'c', 2048);
	buf[2048] = 0;
	CHECK(t_write(&C, 0, buf, ""), "relative 2048");
	buf[2048] = 'c';
	buf[2049] = 0;
	CHECK(t_err(&C, XS_WRITE, 0, buf, 2050, "EINVAL"), "relative 2049");

	/* Payload limit: exactly 4096 is fine. */
	memcpy(buf, "/t/big\0", 7);
	memset(buf + 7, 'v', 4096 - 7);
	CHECK(t_ok(&C, XS_WRITE, 0, buf, 4096, NULL), "4096 byte payload");
	CHECK(t_ok(&C, XS_READ, 0, P("/t/big\0"), &m) && m.h.len == 4089,
	      "4089 byte value");

	/* Oversized: the connection is closed, the daemon lives on. */
	CHECK(!t_connect(&x, sock), "connect for oversized");
	memset(buf, 'v', sizeof(buf));
	memcpy(buf, "/t/huge\0", 8);
	t_send(&x, XS_WRITE, 1, 0, buf, 4097);
	CHECK(t_recv(&x, &m, 2000) != 0, "4097 byte payload closes");
	t_close(&x);
	CHECK(!t_connect(&x, sock), "connect for bad header");
	{
		struct xsd_sockmsg h = { XS_READ, 1, 0, 0xffffffffu };

		t_send_raw(&x, &h, sizeof(h));
		CHECK(t_recv(&x, &m, 2000) != 0, "huge len closes");
	}
	t_close(&x);
	CHECK(t_read_is(&C, 0, "/t/a", ""), "daemon still serves");
	CHECK(t_err(&C, XS_READ, 0, P("/t/huge\0"), "ENOENT"),
	      "oversized write not applied");
}

static void test_stream(void)
{
	char buf[64 * 40];
	size_t len = 0;
	struct tmsg m;
	int good = 0;

	/* Pipelining: many requests in one write, replies in order. */
	for (uint32_t i = 0; i < 40; i++) {
		struct xsd_sockmsg h = { XS_READ, 1000 + i, 0, 5 };

		memcpy(buf + len, &h, sizeof(h));
		memcpy(buf + len + sizeof(h), "/t/a", 5);
		len += sizeof(h) + 5;
	}
	t_send_raw(&C, buf, len);
	for (uint32_t i = 0; i < 40; i++)
		if (!t_recv(&C, &m, 2000) && m.h.req_id == 1000 + i &&
		    m.h.type == XS_READ)
			good++;
	CHECK(good == 40, "40 pipelined replies in order");

	/* A request dribbled in byte by byte. */
	{
		struct xsd_sockmsg h = { XS_READ, 77, 0, 5 };

		memcpy(buf, &h, sizeof(h));
		memcpy(buf + sizeof(h), "/t/a", 5);
		for (size_t i = 0; i < sizeof(h) + 5; i++) {
			t_send_raw(&C, buf + i, 1);
			usleep(1000);
		}
		CHECK(!t_recv(&C, &m, 2000) && m.h.req_id == 77 &&
			      m.h.type == XS_READ,
		      "split request");
	}
	/* req_id and tx_id are echoed in errors too. */
	t_send(&C, XS_READ, 0xdeadbeef, 0, P("/nope\0"));
	CHECK(!t_recv(&C, &m, 2000) && m.h.req_id == 0xdeadbeef &&
		      m.h.type == XS_ERROR,
	      "error echoes req_id");
	t_send(&C, XS_READ, 5, 12345, P("/nope\0"));
	CHECK(!t_recv(&C, &m, 2000) && m.h.tx_id == 12345 &&
		      !strcmp(m.body, "ENOENT"),
	      "error echoes tx_id");
}

int main(void)
{
	sock = getenv("XENSTORED_PATH");
	if (!sock || t_connect(&C, sock)) {
		printf("cannot connect to xenstored at %s\n",
		       sock ? sock : "(XENSTORED_PATH unset)");
		return t_summary("xenstore-proto") | 1;
	}
	test_basic();
	test_directory_part();
	test_perms();
	test_watches();
	test_transactions();
	test_domains();
	test_control_and_types();
	test_malformed();
	test_stream();
	t_close(&C);
	return t_summary(getenv("SUITE_NAME") ? getenv("SUITE_NAME") :
						"xenstore-proto");
}
