/* SPDX-License-Identifier: MIT */
/*
 * Concurrency: 16 libxenstore clients at once against the daemon
 * ($XENSTORED_PATH), each writing its own keys, reading them back,
 * listing, watching its subtree, and bumping one shared counter in
 * transactions (retrying on EAGAIN); plus 4 pure readers hammering the
 * lock-free read path and a watcher of the whole area. At the end every
 * acknowledged write must be present, the counter must equal the number of
 * committed transactions, and every watch must have fired for every key.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xenstore.h"

#define WRITERS 16
#define KEYS 150
#define READERS 4

static unsigned int commits[WRITERS], events_ok[WRITERS], failures;
static unsigned long reads_done;
static volatile int writers_done;

static void fail(const char *what, int id)
{
	__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
	printf("FAIL (client %d): %s: %s\n", id, what, strerror(errno));
}

/* Waits up to ms for watch events; marks seen[k] for /stress/<id>/k<k>. */
static void collect(struct xs_handle *h, int id, bool *seen, int ms)
{
	struct pollfd pfd = { .fd = xs_fileno(h), .events = POLLIN };
	char prefix[32];
	size_t pl =
		(size_t)snprintf(prefix, sizeof(prefix), "/stress/%d/k", id);

	for (;;) {
		char **v = xs_check_watch(h);

		if (!v) {
			if (errno != EAGAIN || poll(&pfd, 1, ms) <= 0)
				return;
			continue;
		}
		if (!strncmp(v[XS_WATCH_PATH], prefix, pl)) {
			int k = atoi(v[XS_WATCH_PATH] + pl);

			if (k >= 0 && k < KEYS)
				seen[k] = true;
		}
		free(v);
	}
}

static void *writer(void *arg)
{
	int id = (int)(long)arg;
	struct xs_handle *h = xs_open(0);
	bool seen[KEYS] = { 0 };
	char path[64], val[64], tok[16];
	unsigned int n;

	if (!h) {
		fail("xs_open", id);
		return NULL;
	}
	snprintf(path, sizeof(path), "/stress/%d", id);
	snprintf(tok, sizeof(tok), "w%d", id);
	if (!xs_watch(h, path, tok))
		fail("xs_watch", id);
	for (int k = 0; k < KEYS; k++) {
		unsigned int len;
		char *r;

		snprintf(path, sizeof(path), "/stress/%d/k%d", id, k);
		snprintf(val, sizeof(val), "value-%d-%d", id, k);
		if (!xs_write(h, XBT_NULL, path, val,
			      (unsigned int)strlen(val))) {
			fail("write", id);
			continue;
		}
		r = xs_read(h, XBT_NULL, path, &len);
		if (!r || strcmp(r, val))
			fail("read back", id);
		free(r);
		if (k % 10 == 0) {
			char **d;

			snprintf(path, sizeof(path), "/stress/%d", id);
			d = xs_directory(h, XBT_NULL, path, &n);
			if (!d || n != (unsigned int)k + 1)
				fail("directory", id);
			free(d);
		}
		if (k % 5 == 0) {
			for (;;) {
				xs_transaction_t t = xs_transaction_start(h);
				char *c, buf[32];
				unsigned long cur;

				if (!t) {
					fail("transaction_start", id);
					break;
				}
				c = xs_read(h, t, "/stress/counter", &len);
				cur = c ? strtoul(c, NULL, 10) : 0;
				free(c);
				snprintf(buf, sizeof(buf), "%lu", cur + 1);
				if (!xs_write(h, t, "/stress/counter", buf,
					      (unsigned int)strlen(buf)))
					fail("write in transaction", id);
				if (xs_transaction_end(h, t, false)) {
					commits[id]++;
					break;
				}
				if (errno != EAGAIN) {
					fail("transaction_end", id);
					break;
				}
			}
		}
		collect(h, id, seen, 0);
	}
	collect(h, id, seen, 0);
	for (int tries = 0; tries < 50; tries++) {
		int missing = 0;

		for (int k = 0; k < KEYS; k++)
			missing += !seen[k];
		if (!missing)
			break;
		collect(h, id, seen, 100);
	}
	for (int k = 0; k < KEYS; k++)
		events_ok[id] += seen[k];
	xs_close(h);
	return NULL;
}

static void *reader(void *arg)
{
	struct xs_handle *h = xs_open(0);
	unsigned int seed = (unsigned int)(long)arg, len, n = 0;

	if (!h) {
		fail("xs_open reader", -1);
		return NULL;
	}
	while (!__atomic_load_n(&writers_done, __ATOMIC_ACQUIRE)) {
		char path[64];
		char *r;

		snprintf(path, sizeof(path), "/stress/%d/k%d",
			 rand_r(&seed) % WRITERS, rand_r(&seed) % KEYS);
		r = xs_read(h, XBT_NULL, path, &len);
		if (!r && errno != ENOENT)
			fail("reader read", -1);
		free(r);
		n++;
	}
	__atomic_add_fetch(&reads_done, n, __ATOMIC_RELAXED);
	xs_close(h);
	return NULL;
}

int main(void)
{
	pthread_t w[WRITERS], r[READERS];
	struct xs_handle *h = xs_open(0);
	unsigned int pass = 0, total_commits = 0, len, missing = 0, ev = 0;
	struct timespec t0, t1;
	char *c;

	if (!h) {
		printf("cannot connect: %s\n", strerror(errno));
		printf("xenstore-stress: 0 passed, 1 failed\n");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < READERS; i++)
		pthread_create(&r[i], NULL, reader, (void *)i);
	for (long i = 0; i < WRITERS; i++)
		pthread_create(&w[i], NULL, writer, (void *)i);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(w[i], NULL);
	__atomic_store_n(&writers_done, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < READERS; i++)
		pthread_join(r[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	for (int i = 0; i < WRITERS; i++) {
		total_commits += commits[i];
		ev += events_ok[i];
		for (int k = 0; k < KEYS; k++) {
			char path[64], val[64], *v;

			snprintf(path, sizeof(path), "/stress/%d/k%d", i, k);
			snprintf(val, sizeof(val), "value-%d-%d", i, k);
			v = xs_read(h, XBT_NULL, path, &len);
			missing += !v || strcmp(v, val);
			free(v);
		}
	}
	c = xs_read(h, XBT_NULL, "/stress/counter", &len);
	printf("%d clients x %d keys, %u commits, %lu concurrent reads in %.2fs\n",
	       WRITERS, KEYS, total_commits, reads_done,
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	pass += failures == 0;
	if (failures)
		printf("FAIL: %u client operations failed\n", failures);
	pass += missing == 0;
	if (missing)
		printf("FAIL: %u acknowledged writes missing\n", missing);
	if (c && strtoul(c, NULL, 10) == total_commits) {
		pass++;
	} else {
		printf("FAIL: counter %s, %u commits\n", c ? c : "(none)",
		       total_commits);
		failures++;
	}
	free(c);
	if (ev == WRITERS * KEYS) {
		pass++;
	} else {
		printf("FAIL: %u of %d watch events seen\n", ev,
		       WRITERS * KEYS);
		failures++;
	}
	xs_close(h);
	printf("xenstore-stress: %u passed, %u failed\n", pass, 4 - pass);
	return pass == 4 ? 0 : 1;
}
