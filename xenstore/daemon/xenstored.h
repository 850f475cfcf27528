/* SPDX-License-Identifier: MIT */
/*
 * Xenolith xenstored: the internal interfaces between the daemon's parts.
 * The core (tree, permissions, transactions, watches, quotas, protocol,
 * connections, dump) is a library without main() so the unit tests and the
 * fuzzer link the very code the daemon runs.
 *
 * Locking, once for all files:
 *  - store.lock (the writer lock) serialises every change of the tree, the
 *    generation counter, the per-domain counters, the domain table, the
 *    connection list, every connection's watches and transactions, and the
 *    special-node ACLs. It is never taken by plain (non-transaction) reads.
 *  - store.root is published with rcu_assign_pointer() under store.lock and
 *    read with rcu_dereference() inside rcu_read_lock(): readers never wait.
 *    Nodes are immutable once published; a change copies the path from the
 *    root to the changed node and frees what the old version alone used
 *    through call_rcu(), so a reader always walks one consistent version.
 *  - conn.out_lock guards a connection's output queue: the owning worker and
 *    any thread firing a watch both append to it.
 *  - Everything else in a connection (input buffer) belongs to the one worker
 *    thread whose epoll set holds it.
 *  - Order: store.lock, then any conn.out_lock. out_lock is a leaf: under
 *    it only transport writes, ring kicks and epoll_ctl() happen.
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <urcu/urcu-memb.h>

#include <public/io/xs_wire.h>

#define XS_PERM_NONE 0
#define XS_PERM_READ 1
#define XS_PERM_WRITE 2
#define XS_PERM_BOTH 3

#define DOMID_MAX_COUNTED 65536
#define DOMID_SELF_ID 0x7FF0u
#define TX_PRIVATE_GEN UINT64_MAX

/* ---- log.c ---- */
enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };
extern enum log_level xs_log_level;
void xs_log(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int xs_log_parse_level(const char *s);
#define log_err(...) xs_log(LOG_ERR, __VA_ARGS__)
#define log_warn(...) xs_log(LOG_WARN, __VA_ARGS__)
#define log_info(...) xs_log(LOG_INFO, __VA_ARGS__)
#define log_dbg(...)                                    \
	do {                                            \
		if (xs_log_level >= LOG_DEBUG)          \
			xs_log(LOG_DEBUG, __VA_ARGS__); \
	} while (0)

/* ---- perms.c ---- */
struct perm_entry {
	uint32_t domid;
	uint8_t perm; /* XS_PERM_* */
};

/* Who is asking: decides access. */
struct caller {
	unsigned int domid;
	bool priv; /* dom0 socket clients and privileged domains */
	int target; /* SET_TARGET: acts for this domain too, -1 if none */
};

int perm_parse(const char *s, struct perm_entry *out);
int perm_format(const struct perm_entry *p, char *buf, size_t len);
bool perm_allowed(const struct perm_entry *perms, unsigned int n,
		  const struct caller *who, unsigned int want);

/* ---- tree.c ---- */
struct node {
	unsigned long refcnt; /* atomic: parents + roots that point here */
	uint64_t gen; /* store generation of the last change of this node */
	uint32_t nperms, nchildren, vlen, namelen;
	struct perm_entry *perms;
	struct node **children; /* sorted by name */
	char *name;
	char *value;
	struct rcu_head rcu;
};

struct node *node_new(const char *name, size_t namelen, const void *val,
		      size_t vlen, const struct perm_entry *perms,
		      unsigned int nperms, struct node *const *children,
		      unsigned int nchildren, uint64_t gen);
struct node *node_get(struct node *n);
void node_put(struct node *n);
size_t node_size(const struct node *n);
size_t node_mem(const struct node *n);
const struct node *node_child(const struct node *n, const char *name,
			      size_t len);
const struct node *tree_lookup(const struct node *root, const char *path);
unsigned long tree_count(const struct node *n);

/* ---- path.c ---- */
bool path_valid(const char *path, bool allow_special);
/* Makes an absolute path from what a client sent; NULL + errno if bad. */
char *path_canonical(const struct caller *who, const char *in,
		     bool allow_special, bool *relative);
char *path_parent(const char *path);
const char *path_basename(const char *path);
bool path_is_below(const char *watch, const char *path);

/* ---- ops.c: the operations over one version of the tree ---- */
struct txn;

struct event {
	char *path;
	bool exact; /* removed descendants fire only exact watches */
};

struct dom_delta {
	unsigned int domid;
	int delta; /* nodes */
	long bytes; /* memory, see node_mem() */
};

/* A view of the tree an operation works on, and what it changed. */
struct view {
	struct node *root; /* owned reference */
	const struct caller *who;
	struct txn *tx; /* reads are recorded here when set */
	uint64_t gen; /* generation for changed nodes */
	bool check_quota;
	struct dom_delta *deltas;
	unsigned int ndeltas;
	struct event *events;
	unsigned int nevents;
};

void view_init(struct view *v, struct node *root, const struct caller *who,
	       struct txn *tx, uint64_t gen, bool check_quota);
void view_release(struct view *v); /* drops root and change records */
const struct node *view_lookup(struct view *v, const char *path);
int view_get(struct view *v, const char *path, unsigned int want,
	     const struct node **out);

int op_write(struct view *v, const char *path, const void *val, size_t len);
int op_mkdir(struct view *v, const char *path);
int op_rm(struct view *v, const char *path);
int op_set_perms(struct view *v, const char *path,
		 const struct perm_entry *perms, unsigned int n);

/* ---- store.c ---- */
struct quota {
	unsigned int nodes, node_size, transactions, watches, perms;
	unsigned int path_len, outstanding, txn_nodes;
	unsigned long mem_soft, mem_hard; /* bytes of nodes per domain */
};

struct store {
	struct node *root; /* RCU; replaced under lock */
	pthread_mutex_t lock; /* the writer lock, see the top of this file */
	uint64_t gen; /* lock */
	int *node_count; /* lock: nodes owned, per domid */
	long *node_mem; /* lock: bytes of nodes owned, per domid */
	struct perm_entry intro_perms[8], release_perms[8]; /* lock */
	unsigned int n_intro_perms, n_release_perms; /* lock */
	struct conn *conns; /* lock: every live connection */
	struct quota quota; /* set at start, read-only after */
	unsigned int next_conn_id; /* lock */
};

extern struct store store;

int store_init(void);
void store_fini(void);
/* Publishes v's root, applies counters, fires watches. Store lock held. */
void store_commit(struct view *v);
int store_count_get(unsigned int domid);
long store_mem_get(unsigned int domid);

/* ---- conn.c ---- */
struct conn;
struct conn_ops {
	/* Reads up to len bytes: >0 read, 0 nothing now, <0 closed. */
	int (*read)(struct conn *c, void *buf, size_t len);
	/* Writes up to len bytes: >=0 written, <0 closed. */
	int (*write)(struct conn *c, const void *buf, size_t len);
	/* Called after output was queued: make sure it will be flushed. */
	void (*kick)(struct conn *c);
	/* A worker saw epoll events for this connection. */
	void (*handle)(struct conn *c, uint32_t events);
	void (*detach)(struct conn *c); /* at kill: stop event delivery */
	void (*destroy)(struct conn *c); /* after the RCU grace period */
	const char *kind;
};

struct outbuf {
	struct outbuf *next;
	size_t len, off;
	bool reply; /* counts against the outstanding quota */
	char data[];
};

struct watch {
	struct watch *next;
	char *path; /* absolute (or @special) */
	char *token;
	bool relative; /* events are reported relative to the domain home */
};

struct txn {
	struct txn *next;
	uint32_t id;
	struct node *root; /* private version of the tree */
	uint64_t base_gen;
	struct txn_read *reads;
	unsigned int nreads, areads;
	struct txn_op *ops;
	unsigned int nops, aops;
	bool broken; /* a read could not be recorded: commit says EAGAIN */
};

struct conn {
	const struct conn_ops *ops;
	void *priv; /* transport state */
	unsigned int id;
	struct caller who;
	struct domain *dom; /* ring connections */
	bool dead; /* lock: killed, waiting for the grace period */
	struct conn *next; /* lock: store.conns */
	struct watch *watches; /* lock */
	struct txn *txns; /* lock */
	uint32_t next_tx_id; /* lock */

	/* Owned by the serving worker. */
	struct xsd_sockmsg hdr;
	unsigned int in_used; /* bytes of header + payload so far */
	char in[XENSTORE_PAYLOAD_MAX + 1];

	pthread_mutex_t out_lock;
	struct outbuf *out_head, *out_tail; /* out_lock */
	unsigned int out_replies; /* out_lock: queued, unsent replies */
	unsigned int out_events; /* out_lock: queued watch events */

	struct rcu_head rcu;
};

struct conn *conn_new(const struct conn_ops *ops, void *priv,
		      unsigned int domid, bool priv_conn);
void conn_kill(struct conn *c); /* unlink, drop watches and txns; defers free */
void conn_kill_locked(struct conn *c);
/* Pulls bytes from the transport and runs complete requests.
 * Returns <0 when the connection should be killed. */
int conn_input(struct conn *c);
int conn_flush(struct conn *c); /* <0: transport closed */
bool conn_output_blocked(struct conn *c);
void conn_queue(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
		const void *data, size_t len, bool reply);
void conn_send_error(struct conn *c, const struct xsd_sockmsg *req, int err);
bool conn_event_pending(struct conn *c, const void *data, size_t len);
const char *xs_errname(int err);

/* ---- proto.c ---- */
/* Runs one complete request: hdr + payload (payload[len] == 0). */
void proto_handle(struct conn *c, const struct xsd_sockmsg *hdr,
		  const char *payload);

/* ---- transaction.c (store lock held for all) ---- */
struct txn_read {
	char *path;
	uint64_t gen; /* 0: was absent */
};
struct txn_op {
	uint32_t type; /* XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS */
	char *path;
	char *data; /* value, or perms */
	size_t len;
	struct perm_entry *perms;
	unsigned int nperms;
};

int txn_start(struct conn *c, uint32_t *id);
struct txn *txn_find(struct conn *c, uint32_t id);
int txn_end(struct conn *c, struct txn *t, bool commit);
void txn_free(struct txn *t);
void txn_record_read(struct txn *t, const char *path, const struct node *n);
int txn_log_op(struct conn *c, struct txn *t, const struct txn_op *op);
int txn_apply_op(struct view *v, const struct txn_op *op);
unsigned int txn_count(struct conn *c);

/* ---- watch.c (store lock held for all) ---- */
int watch_add(struct conn *c, const char *path, const char *token,
	      bool relative);
int watch_del(struct conn *c, const char *path, const char *token);
void watch_del_all(struct conn *c);
void watch_fire(const char *path, bool exact, const struct node *oldroot,
		const struct node *newroot);
void watch_fire_special(const char *name);
unsigned int watch_count_domain(unsigned int domid);

/* ---- domain.c ---- */
struct ring_backend;
struct domain {
	struct domain *next; /* lock */
	unsigned int domid;
	struct conn *conn; /* lock: its ring connection, if any */
	uint32_t port;
	int target; /* lock */
	bool shutdown; /* lock */
};

int domain_introduce(unsigned int domid, uint64_t gfn, uint32_t port);
int domain_release(unsigned int domid);
int domain_resume(unsigned int domid);
int domain_set_target(unsigned int domid, unsigned int tdomid);
bool domain_is_introduced(unsigned int domid);
struct domain *domain_find(unsigned int domid);
struct domain *domain_list(void);
void domain_fini(void);

/* Host hooks: how a domain's ring is attached (conn_ring.c). */
typedef struct conn *(*ring_attach_fn)(unsigned int domid, uint64_t gfn,
				       uint32_t port);
extern ring_attach_fn domain_ring_attach;

/* ---- worker.c: threads each running an epoll loop ---- */
struct worker;
int workers_start(unsigned int n);
void workers_stop(void);
void workers_free(void);
struct worker *worker_pick(void);
int worker_ctl(struct worker *w, int op, int fd, struct conn *c,
	       uint32_t events);

/* ---- conn_socket.c ---- */
int sock_listen(const char *path);
int sock_accept(int lfd);

/* ---- conn_ring.c: a domain's ring over an abstract endpoint ---- */
struct xenstore_domain_interface;
struct ring_ep;
struct ring_ep_ops {
	int (*notify)(struct ring_ep *ep); /* kick the guest */
	int (*fd)(struct ring_ep *ep); /* readable when the guest kicked */
	void (*ack)(struct ring_ep *ep); /* consume the guest's kicks */
	void (*prime)(struct ring_ep *ep); /* make fd readable once */
	void (*close)(struct ring_ep *ep); /* unmap, unbind, free */
};
struct ring_ep {
	const struct ring_ep_ops *ops;
	struct xenstore_domain_interface *intf;
};
/* Store lock held. Takes ownership of ep. */
struct conn *ring_conn_new(struct ring_ep *ep, unsigned int domid);

/* ring_shm.c: host tests; ring_xen.c: dom0 devices */
extern char *ring_shm_dir;
struct conn *ring_shm_attach(unsigned int domid, uint64_t gfn, uint32_t port);
struct conn *ring_xen_attach(unsigned int domid, uint64_t gfn, uint32_t port);
int ring_xen_attach_dom0(void);

/* ---- control.c ---- */
extern bool control_dump_enabled;
int control_run(struct conn *c, const char **argv, unsigned int argc, char *out,
		size_t outlen);

/* ---- dump.c ---- */
int dump_store(const char *file);
int restore_store(const char *file);

#endif
