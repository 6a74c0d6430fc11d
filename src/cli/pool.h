/*
 * pool: worker threads that do numbered items of work, 0, 1, 2, ..., in
 * that order of starting, while the caller takes the results in the same
 * order: several inputs are checked at once and reported as one thread
 * would report them.  The pool knows nothing of what an item is.
 */
#ifndef DTSLINT_POOL_H
#define DTSLINT_POOL_H

#include <stddef.h>

/* Item i, on worker number `worker` (0 to n_threads - 1). */
typedef void pool_work_fn(void *ctx, size_t worker, size_t i);
/* A worker's last call, on its own thread, before it ends (its caches). */
typedef void pool_end_fn(void *ctx, size_t worker);

struct pool;

/* Start n_threads threads on items 0 to n_items - 1, at most `ahead`
 * items past the one the caller waits for (what is done and not yet
 * taken is held in memory).  Returns an owned pool, or NULL when no
 * thread could start (nothing was done: do the work on this thread). */
struct pool *pool_start(size_t n_threads, size_t n_items, size_t ahead, pool_work_fn *work,
                        pool_end_fn *end, void *ctx);

/* Wait until item i is done.  Items are waited for in order, each once. */
void pool_wait(struct pool *p, size_t i);

/* Start no more items, wait for those under way, end the threads, free
 * the pool.  Returns how many items were started (0 to n_items): the
 * caller frees what those not taken left.  Accepts NULL. */
size_t pool_stop(struct pool *p);

/* How many threads to use by default: the CPUs this process may run on
 * (sched_getaffinity(2)), at most max. */
size_t pool_default_threads(size_t max);

#endif
