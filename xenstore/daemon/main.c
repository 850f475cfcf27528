/* SPDX-License-Identifier: MIT */
/*
 * xenstored: the daemon's entry point.
 *
 * Design. The main thread owns the listening Unix socket and a signalfd
 * (SIGTERM/SIGINT stop, SIGUSR1 dumps) in its own epoll loop and only
 * accepts; every connection (socket client or domain ring) is handed to one
 * of N worker threads, each running its own epoll loop, so many clients are
 * served at once. The tree is read-mostly: READ, DIRECTORY, DIRECTORY_PART
 * and GET_PERMS outside transactions walk the RCU-published root
 * (liburcu-memb) without taking any lock, so readers never wait for a
 * writer. Every change takes the one store lock, builds a new version of
 * the changed path copy-on-write, publishes it with rcu_assign_pointer()
 * and fires watches; old nodes are freed by call_rcu(). Transactions keep
 * a private copy-on-write version and are validated and replayed at commit
 * (transaction.c). See xenstored.h for the locking rules.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "xenstored.h"

#define DEFAULT_SOCKET "/var/run/xenstored/socket"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xenstored [OPTION]...\n"
		"Xenolith's xenstore daemon (runs in the foreground).\n\n"
		"  -s, --socket PATH        listen on PATH (default: $XENSTORED_PATH,\n"
		"                           else " DEFAULT_SOCKET ")\n"
		"  -D, --dump FILE          file written as JSON on SIGUSR1 and at exit\n"
		"  -r, --restore FILE       start from a JSON dump\n"
		"  -l, --log-level LEVEL    error, warn, info (default) or debug\n"
		"  -F, --pid-file FILE      write the process id to FILE\n"
		"  -w, --workers N          worker threads (default 4)\n"
		"  -R, --ring-dir DIR       attach domain rings from shared-memory files\n"
		"                           in DIR (host testing)\n"
		"  -X, --xen                attach domain rings through /dev/xen (dom0)\n"
		"  -E, --entry-nb N         nodes per domain (default 1000)\n"
		"  -S, --entry-size N       bytes per node (default 2048)\n"
		"  -t, --transaction N      open transactions per connection (default 10)\n"
		"  -W, --watch-nb N         watches per domain (default 128)\n"
		"  -A, --perm-nb N          ACL entries per node (default 5)\n"
		"  -M, --path-max N         path length after a domain's home (default 2048)\n"
		"  -Q, --quota NAME=N       outstanding=N (default 20),\n"
		"                           transaction-nodes=N (default 1024),\n"
		"                           memory=BYTES, memory-soft=BYTES: node memory\n"
		"                           per domain (default 2621440, 2097152)\n"
		"  -h, --help               show this help\n");
}

static int uint_arg(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > 0x7fffffff)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int quota_arg(const char *s)
{
	const char *eq = strchr(s, '=');

	if (!eq)
		return -1;
	if (!strncmp(s, "outstanding=", 12))
		return uint_arg(eq + 1, &store.quota.outstanding);
	if (!strncmp(s, "transaction-nodes=", 18))
		return uint_arg(eq + 1, &store.quota.txn_nodes);
	if (!strncmp(s, "memory=", 7) || !strncmp(s, "memory-soft=", 12)) {
		unsigned int v;

		if (uint_arg(eq + 1, &v))
			return -1;
		if (s[6] == '=')
			store.quota.mem_hard = v;
		else
			store.quota.mem_soft = v;
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "dump", required_argument, NULL, 'D' },
		{ "restore", required_argument, NULL, 'r' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "pid-file", required_argument, NULL, 'F' },
		{ "workers", required_argument, NULL, 'w' },
		{ "ring-dir", required_argument, NULL, 'R' },
		{ "xen", no_argument, NULL, 'X' },
		{ "entry-nb", required_argument, NULL, 'E' },
		{ "entry-size", required_argument, NULL, 'S' },
		{ "transaction", required_argument, NULL, 't' },
		{ "watch-nb", required_argument, NULL, 'W' },
		{ "perm-nb", required_argument, NULL, 'A' },
		{ "path-max", required_argument, NULL, 'M' },
		{ "quota", required_argument, NULL, 'Q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock = getenv("XENSTORED_PATH");
	const char *dump = NULL, *restore = NULL, *pidfile = NULL;
	unsigned int nworkers = 4;
	struct epoll_event ev;
	sigset_t mask;
	int opt, lfd, sfd, efd, bad = 0, lvl;

	while ((opt = getopt_long(argc, argv, "s:D:r:l:F:w:R:XE:S:t:W:A:M:Q:h",
				  opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			sock = optarg;
			break;
		case 'D':
			dump = optarg;
			break;
		case 'r':
			restore = optarg;
			break;
		case 'l':
			lvl = xs_log_parse_level(optarg);
			if (lvl < 0)
				bad = 1;
			else
				xs_log_level = (enum log_level)lvl;
			break;
		case 'F':
			pidfile = optarg;
			break;
		case 'w':
			bad |= uint_arg(optarg, &nworkers) || !nworkers;
			break;
		case 'R':
			ring_shm_dir = optarg;
			domain_ring_attach = ring_shm_attach;
			break;
		case 'X':
			domain_ring_attach = ring_xen_attach;
			break;
		case 'E':
			bad |= uint_arg(optarg, &store.quota.nodes) != 0;
			break;
		case 'S':
			bad |= uint_arg(optarg, &store.quota.node_size) != 0;
			break;
		case 't':
			bad |= uint_arg(optarg, &store.quota.transactions) != 0;
			break;
		case 'W':
			bad |= uint_arg(optarg, &store.quota.watches) != 0;
			break;
		case 'A':
			bad |= uint_arg(optarg, &store.quota.perms) != 0;
			break;
		case 'M':
			bad |= uint_arg(optarg, &store.quota.path_len) ||
			       store.quota.path_len > XENSTORE_REL_PATH_MAX;
			break;
		case 'Q':
			bad |= quota_arg(optarg) != 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			bad = 1;
		}
	}
	if (bad || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!sock || !*sock)
		sock = DEFAULT_SOCKET;

	/* Block before any thread starts so only the signalfd sees them. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);

	urcu_memb_register_thread();
	if (store_init()) {
		log_err("out of memory");
		return 1;
	}
	if (workers_start(nworkers)) {
		log_err("cannot start workers: %s", strerror(errno));
		return 1;
	}
	if (restore && restore_store(restore)) {
		log_err("cannot restore from %s", restore);
		return 1;
	}
	if (domain_ring_attach == ring_xen_attach && !domain_find(0) &&
	    ring_xen_attach_dom0())
		log_warn("dom0's own xenstore ring is not attached");

	lfd = sock_listen(sock);
	if (lfd < 0) {
		log_err("cannot listen on %s: %s", sock, strerror(errno));
		return 1;
	}
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (!f) {
			log_err("cannot write %s: %s", pidfile,
				strerror(errno));
			unlink(sock);
			return 1;
		}
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	efd = epoll_create1(EPOLL_CLOEXEC);
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	epoll_ctl(efd, EPOLL_CTL_ADD, lfd, &ev);
	ev.data.fd = sfd;
	epoll_ctl(efd, EPOLL_CTL_ADD, sfd, &ev);
	log_info("listening on %s with %u workers", sock, nworkers);

	for (;;) {
		struct signalfd_siginfo si;
		int n = epoll_wait(efd, &ev, 1, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (ev.data.fd == lfd) {
			int err = sock_accept(lfd);

			if (err && err != -EAGAIN)
				log_warn("accept: %s", strerror(-err));
			continue;
		}
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGUSR1) {
			if (dump)
				dump_store(dump);
			else
				log_warn("SIGUSR1 but no --dump FILE given");
			continue;
		}
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			break;
	}

	log_info("shutting down");
	close(lfd);
	unlink(sock);
	if (dump)
		dump_store(dump);
	workers_stop();
	pthread_mutex_lock(&store.lock);
	while (store.conns)
		conn_kill_locked(store.conns);
	domain_fini();
	pthread_mutex_unlock(&store.lock);
	urcu_memb_barrier(); /* connections freed before their workers */
	workers_free();
	store_fini();
	if (pidfile)
		unlink(pidfile);
	urcu_memb_unregister_thread();
	return 0;
}
