/*
 * pool: a fixed set of POSIX threads taking item numbers from a counter
 * under one lock.  The caller waits on each item in turn; workers run at
 * most `ahead` items past it, so a slow item early in the list does not
 * let the rest pile up in memory.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */

#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>

#include "xalloc.h"

struct worker {
	struct pool *pool;
	size_t number;
	pthread_t thread;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t can_start; /* the caller moved on, or stop */
	pthread_cond_t item_done;
	size_t n_items, ahead;
	size_t next;    /* the next item to start */
	size_t waited;  /* the item the caller waits for (or took last) */
	bool stop;
	bool *done;
	pool_work_fn *work;
	pool_end_fn *end;
	void *ctx;
	struct worker *workers;
	size_t n_workers; /* started */
};

/* Under the lock: the next item this worker may start, or false when
 * there is none left (or the pool stops). */
static bool take_item(struct pool *p, size_t *i)
{
	while (!p->stop && p->next < p->n_items && p->next >= p->waited + p->ahead)
		pthread_cond_wait(&p->can_start, &p->lock);
	if (p->stop || p->next >= p->n_items)
		return false;
	*i = p->next++;
	return true;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	size_t i;
	pthread_mutex_lock(&p->lock);
	while (take_item(p, &i)) {
		pthread_mutex_unlock(&p->lock);
		p->work(p->ctx, w->number, i);
		pthread_mutex_lock(&p->lock);
		p->done[i] = true;
		if (i == p->waited)
			pthread_cond_signal(&p->item_done); /* only the caller waits, for this one */
	}
	pthread_mutex_unlock(&p->lock);
	if (p->end)
		p->end(p->ctx, w->number);
	return NULL;
}

struct pool *pool_start(size_t n_threads, size_t n_items, size_t ahead, pool_work_fn *work,
                        pool_end_fn *end, void *ctx)
{
	struct pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->can_start, NULL);
	pthread_cond_init(&p->item_done, NULL);
	p->n_items = n_items;
	p->ahead = ahead ? ahead : 1;
	p->done = xcalloc(n_items ? n_items : 1, sizeof *p->done);
	p->work = work;
	p->end = end;
	p->ctx = ctx;
	p->workers = xcalloc(n_threads ? n_threads : 1, sizeof *p->workers);
	for (size_t t = 0; t < n_threads; t++) {
		struct worker *w = &p->workers[p->n_workers];
		*w = (struct worker){.pool = p, .number = p->n_workers};
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
			break; /* fewer threads do the same work */
		p->n_workers++;
	}
	if (p->n_workers == 0) {
		pool_stop(p);
		return NULL;
	}
	return p;
}

void pool_wait(struct pool *p, size_t i)
{
	pthread_mutex_lock(&p->lock);
	p->waited = i;
	pthread_cond_broadcast(&p->can_start);
	while (!p->done[i])
		pthread_cond_wait(&p->item_done, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

size_t pool_stop(struct pool *p)
{
	if (!p)
		return 0;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->can_start);
	pthread_mutex_unlock(&p->lock);
	for (size_t t = 0; t < p->n_workers; t++)
		pthread_join(p->workers[t].thread, NULL);
	size_t started = p->next;
	pthread_cond_destroy(&p->item_done);
	pthread_cond_destroy(&p->can_start);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p->done);
	free(p);
	return started;
}

size_t pool_default_threads(size_t max)
{
	cpu_set_t set;
	size_t n = 1;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		n = (size_t)CPU_COUNT(&set);
	return n < max ? n : max;
}
