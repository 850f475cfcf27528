/* SPDX-License-Identifier: MIT */
/*
 * xenstore benchmark (figures only, never pass/fail): operations per
 * second for read, write, directory and watch-fire over the socket with
 * libxenstore, the time to create 1,000 domains x 100 nodes, and the
 * daemon's resident memory before and after. Run by run-with-daemon.sh.
 */
#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xenstore.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long daemon_rss_kib(void)
{
	char *sock = strdup(getenv("XENSTORED_PATH"));
	char path[512], line[256];
	long pid = 0, rss = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/pid", dirname(sock));
	free(sock);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%ld", &pid) != 1) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			rss = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return rss;
}

static void report(const char *what, unsigned int n, double secs)
{
	printf("xenstore %-12s %10.0f ops/s  (%u in %.3f s)\n", what, n / secs,
	       n, secs);
}

int main(void)
{
	struct xs_handle *h = xs_open(0), *w = xs_open(0);
	char path[64], val[32];
	unsigned int len, n;
	double t;

	if (!h || !w) {
		printf("cannot connect: %s\n", strerror(errno));
		return 1;
	}
	printf("xenstored RSS at start: %ld KiB\n", daemon_rss_kib());

	t = now();
	for (unsigned int i = 0; i < 20000; i++) {
		snprintf(path, sizeof(path), "/bench/w/k%u", i % 1000);
		snprintf(val, sizeof(val), "%u", i);
		xs_write(h, XBT_NULL, path, val, (unsigned int)strlen(val));
	}
	report("write", 20000, now() - t);

	t = now();
	for (unsigned int i = 0; i < 50000; i++) {
		snprintf(path, sizeof(path), "/bench/w/k%u", i % 1000);
		free(xs_read(h, XBT_NULL, path, &len));
	}
	report("read", 50000, now() - t);

	for (unsigned int i = 0; i < 100; i++) {
		snprintf(path, sizeof(path), "/bench/dir/child%u", i);
		xs_write(h, XBT_NULL, path, "", 0);
	}
	t = now();
	for (unsigned int i = 0; i < 20000; i++)
		free(xs_directory(h, XBT_NULL, "/bench/dir", &n));
	report("directory", 20000, now() - t);

	xs_watch(w, "/bench/watch", "b");
	free(xs_read_watch(w, &n)); /* the initial event */
	t = now();
	for (unsigned int i = 0; i < 20000; i++) {
		/* Distinct paths (identical pending events would coalesce),
		 * spread so no directory grows wide. */
		snprintf(path, sizeof(path), "/bench/watch/d%u/k%u", i / 100,
			 i % 100);
		xs_write(h, XBT_NULL, path, "x", 1);
	}
	for (unsigned int i = 0; i < 20000; i++)
		free(xs_read_watch(w, &n));
	report("watch-fire", 20000, now() - t);

	t = now();
	for (unsigned int d = 1; d <= 1000; d++) {
		xs_transaction_t tx = xs_transaction_start(h);

		for (unsigned int k = 0; k < 100; k++) {
			snprintf(path, sizeof(path), "/local/domain/%u/n%u", d,
				 k);
			xs_write(h, tx, path, "v", 1);
		}
		xs_transaction_end(h, tx, false);
	}
	t = now() - t;
	printf("xenstore 1000 domains x 100 nodes: %.2f s (%.0f nodes/s, one transaction per domain)\n",
	       t, 100000 / t);
	printf("xenstored RSS with ~100k nodes: %ld KiB\n", daemon_rss_kib());
	xs_close(w);
	xs_close(h);
	return 0;
}
