/* SPDX-License-Identifier: MIT */
/*
 * Worker threads. Each owns an epoll set; every connection lives in exactly
 * one set, so its input is only ever parsed by one thread. A worker handles
 * a batch of events inside one RCU read-side section: a connection killed
 * meanwhile (by another thread releasing its domain) is freed only after
 * the section ends, so the batch never touches freed memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "xenstored.h"

struct worker {
	int epfd;
	int wakefd; /* stop request */
	pthread_t th;
};

static struct worker *workers;
static unsigned int nworkers, next_worker;
static bool stopping;

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct epoll_event ev[64];

	urcu_memb_register_thread();
	while (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE)) {
		int n = epoll_wait(w->epfd, ev, 64, -1);

		if (n < 0 && errno != EINTR)
			break;
		urcu_memb_read_lock();
		for (int i = 0; i < n; i++) {
			struct conn *c = ev[i].data.ptr;

			if (!c || __atomic_load_n(&c->dead, __ATOMIC_ACQUIRE))
				continue;
			c->ops->handle(c, ev[i].events);
		}
		urcu_memb_read_unlock();
	}
	urcu_memb_unregister_thread();
	return NULL;
}

int workers_start(unsigned int n)
{
	workers = calloc(n, sizeof(*workers));
	if (!workers)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		struct worker *w = &workers[i];
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

		w->epfd = epoll_create1(EPOLL_CLOEXEC);
		w->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (w->epfd < 0 || w->wakefd < 0 ||
		    epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->wakefd, &ev) ||
		    pthread_create(&w->th, NULL, worker_main, w))
			return -errno;
		nworkers++;
	}
	return 0;
}

void workers_stop(void)
{
	__atomic_store_n(&stopping, true, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < nworkers; i++) {
		uint64_t one = 1;

		if (write(workers[i].wakefd, &one, sizeof(one)) < 0)
			continue;
	}
	for (unsigned int i = 0; i < nworkers; i++)
		pthread_join(workers[i].th, NULL);
}

/* After workers_stop() and once every connection is gone. */
void workers_free(void)
{
	for (unsigned int i = 0; i < nworkers; i++) {
		close(workers[i].epfd);
		close(workers[i].wakefd);
	}
	free(workers);
	workers = NULL;
	nworkers = 0;
}

struct worker *worker_pick(void)
{
	unsigned int i = __atomic_fetch_add(&next_worker, 1, __ATOMIC_RELAXED);

	return nworkers ? &workers[i % nworkers] : NULL;
}

int worker_ctl(struct worker *w, int op, int fd, struct conn *c,
	       uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	if (!w)
		return 0;
	return epoll_ctl(w->epfd, op, fd, &ev) ? -errno : 0;
}
