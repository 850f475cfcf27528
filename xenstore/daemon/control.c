/* SPDX-License-Identifier: MIT */
/*
 * XS_CONTROL commands for privileged clients (xenstore-control style):
 * help, print, log, quota, check and dump. Each writes its answer (a
 * NUL-terminated text) into out and returns its length, or a negative errno.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

/* The fuzzer turns this off: it must not write files where it likes. */
bool control_dump_enabled = true;

static int text(char *out, size_t outlen, const char *s)
{
	int n = snprintf(out, outlen, "%s", s);

	return n >= (int)outlen ? -E2BIG : n + 1;
}

int control_run(struct conn *c, const char **argv, unsigned int argc, char *out,
		size_t outlen)
{
	const char *cmd = argv[0];

	if (!strcmp(cmd, "help"))
		return text(out, outlen,
			    "Supported commands:\n"
			    "check\nhelp\nlog <error|warn|info|debug>\n"
			    "print <string>\nquota [<domid>]\ndump <file>\n");
	if (!strcmp(cmd, "print")) {
		if (argc != 2)
			return -EINVAL;
		log_info("control: %s", argv[1]);
		return text(out, outlen, "OK");
	}
	if (!strcmp(cmd, "log")) {
		int lvl = argc == 2 ? xs_log_parse_level(argv[1]) : -1;

		if (lvl < 0)
			return -EINVAL;
		xs_log_level = (enum log_level)lvl;
		return text(out, outlen, "OK");
	}
	if (!strcmp(cmd, "quota") && argc == 2) {
		/* A domain's usage against its quotas. */
		char *end;
		unsigned long d = strtoul(argv[1], &end, 10);
		int n;

		if (*end || !argv[1][0] || d >= DOMID_MAX_COUNTED)
			return -EINVAL;
		pthread_mutex_lock(&store.lock);
		n = snprintf(out, outlen,
			     "domain %lu\nnodes %d\nmemory %ld\nwatches %u\n",
			     d, store_count_get((unsigned int)d),
			     store_mem_get((unsigned int)d),
			     watch_count_domain((unsigned int)d));
		pthread_mutex_unlock(&store.lock);
		return n >= (int)outlen ? -E2BIG : n + 1;
	}
	if (!strcmp(cmd, "quota")) {
		const struct quota *q = &store.quota;
		int n = snprintf(out, outlen,
				 "nodes %u\nnode-size %u\ntransactions %u\n"
				 "watches %u\nperms %u\npath-max %u\n"
				 "outstanding %u\ntransaction-nodes %u\n"
				 "memory %lu\nmemory-soft %lu\n",
				 q->nodes, q->node_size, q->transactions,
				 q->watches, q->perms, q->path_len,
				 q->outstanding, q->txn_nodes, q->mem_hard,
				 q->mem_soft);
		return n >= (int)outlen ? -E2BIG : n + 1;
	}
	if (!strcmp(cmd, "check")) {
		unsigned long nodes;

		urcu_memb_read_lock();
		nodes = tree_count(rcu_dereference(store.root));
		urcu_memb_read_unlock();
		int n = snprintf(out, outlen, "OK %lu nodes", nodes);

		return n + 1;
	}
	if (!strcmp(cmd, "dump")) {
		if (argc != 2 || !control_dump_enabled)
			return -EINVAL;
		return dump_store(argv[1]) ? -EIO : text(out, outlen, "OK");
	}
	return -EINVAL;
}
