/* SPDX-License-Identifier: MIT */
/*
 * Shared by the xenstore protocol tests: a tiny check/count framework that
 * ends with the "NAME: N passed, N failed" line, and a raw xenstore client
 * speaking the wire protocol over either a Unix socket (dom0) or a
 * shared-memory ring (a test "guest", see xenstore/daemon/ring_shm.c).
 */
#ifndef THARNESS_H
#define THARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/xs_wire.h>

extern unsigned int t_pass, t_fail;
void t_check(bool ok, const char *what, const char *file, int line);
#define CHECK(cond, what) t_check((cond), (what), __FILE__, __LINE__)
int t_summary(const char *name);

/* A payload literal with its embedded NULs: P("a\0b\0"). */
#define P(s) (s), (sizeof(s) - 1)

struct tconn {
	int fd; /* socket, or -1 for a ring */
	struct xenstore_domain_interface *ring;
	int kick_fd, wait_fd; /* ring: FIFOs to and from xenstored */
	uint32_t next_req;
	/* Watch events received while waiting for a reply. */
	char events[64][256];
	unsigned int nevents;
};

struct tmsg {
	struct xsd_sockmsg h;
	char body[XENSTORE_PAYLOAD_MAX + 1];
};

int t_connect(struct tconn *c, const char *path);
/* Creates the ring files for domid under dir and maps them (guest side). */
int t_ring_create(struct tconn *c, const char *dir, unsigned int domid);
void t_close(struct tconn *c);

int t_send_raw(struct tconn *c, const void *buf, size_t len);
int t_send(struct tconn *c, uint32_t type, uint32_t req, uint32_t tx,
	   const void *p, size_t len);
/* Next message within timeout_ms: 0, or -1 on timeout/EOF. */
int t_recv(struct tconn *c, struct tmsg *m, int timeout_ms);
/* Request and reply, stashing watch events that arrive meanwhile. */
int t_req(struct tconn *c, uint32_t type, uint32_t tx, const void *p,
	  size_t len, struct tmsg *reply);
/* Request expecting success; reply body in m (may be NULL). */
bool t_ok(struct tconn *c, uint32_t type, uint32_t tx, const void *p,
	  size_t len, struct tmsg *m);
/* Request expecting XS_ERROR with this name. */
bool t_err(struct tconn *c, uint32_t type, uint32_t tx, const void *p,
	   size_t len, const char *err);
/* Waits for a watch event (stashed or new): "path\0token" match. */
bool t_event(struct tconn *c, const char *path, const char *token,
	     int timeout_ms);
/* True if no watch event arrives within timeout_ms. */
bool t_no_event(struct tconn *c, int timeout_ms);

/* Convenience: write/read a string value. */
bool t_write(struct tconn *c, uint32_t tx, const char *path, const char *val);
bool t_read_is(struct tconn *c, uint32_t tx, const char *path, const char *val);

#endif
