/*
 * Unit tests of pool (src/cli/pool.c), the worker threads of --jobs: every
 * item done once, on a worker in range, and taken in order; no item
 * started more than `ahead` past the one waited for; a stopped pool ends
 * with every item it started done; each worker's end called once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <time.h>

#include "pool.h"

#define N_ITEMS 200
#define N_THREADS 3

struct record {
	int done[N_ITEMS];          /* times each item was done */
	size_t worker[N_ITEMS];     /* on which worker */
	int ends[N_THREADS];
	size_t started;             /* items started so far */
	size_t highest;             /* the highest item started, + 1 */
};

static void work(void *ctx, size_t worker, size_t i)
{
	struct record *r = ctx;
	__atomic_add_fetch(&r->started, 1, __ATOMIC_SEQ_CST);
	size_t high = __atomic_load_n(&r->highest, __ATOMIC_SEQ_CST);
	while (i + 1 > high && !__atomic_compare_exchange_n(&r->highest, &high, i + 1, false,
	                                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	r->worker[i] = worker;
	__atomic_add_fetch(&r->done[i], 1, __ATOMIC_SEQ_CST);
}

static void end(void *ctx, size_t worker)
{
	struct record *r = ctx;
	__atomic_add_fetch(&r->ends[worker], 1, __ATOMIC_SEQ_CST);
}

static void pause_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};
	nanosleep(&ts, NULL);
}

static void test_every_item_once_in_order(void **state)
{
	static struct record r;
	(void)state;
	struct pool *p = pool_start(N_THREADS, N_ITEMS, 2 * N_THREADS, work, end, &r);
	assert_non_null(p);
	for (size_t i = 0; i < N_ITEMS; i++) {
		pool_wait(p, i);
		/* taken in order: item i is done when the wait returns */
		assert_int_equal(__atomic_load_n(&r.done[i], __ATOMIC_SEQ_CST), 1);
		assert_true(r.worker[i] < N_THREADS);
	}
	assert_int_equal(pool_stop(p), N_ITEMS);
	for (size_t i = 0; i < N_ITEMS; i++)
		assert_int_equal(r.done[i], 1);
	for (size_t t = 0; t < N_THREADS; t++)
		assert_int_equal(r.ends[t], 1);
}

/* Workers run at most `ahead` items past the one waited for (what is done
 * and not taken is held in memory). */
static void test_window(void **state)
{
	static struct record r;
	(void)state;
	struct pool *p = pool_start(N_THREADS, N_ITEMS, 2, work, NULL, &r);
	assert_non_null(p);
	for (int k = 0; k < 1000 && __atomic_load_n(&r.started, __ATOMIC_SEQ_CST) < 2; k++)
		pause_ms(1);
	pause_ms(20); /* time for a worker that would overrun */
	assert_int_equal(__atomic_load_n(&r.highest, __ATOMIC_SEQ_CST), 2);
	pool_wait(p, 10);
	assert_true(__atomic_load_n(&r.highest, __ATOMIC_SEQ_CST) <= 12);
	/* stopped early: every item started is done, none beyond the window */
	size_t started = pool_stop(p);
	assert_true(started >= 11 && started <= 12);
	assert_int_equal(r.started, started);
	for (size_t i = 0; i < N_ITEMS; i++)
		assert_int_equal(r.done[i], i < started ? 1 : 0);
}

static void test_default_threads(void **state)
{
	(void)state;
	size_t n = pool_default_threads(8);
	assert_true(n >= 1 && n <= 8);
	assert_int_equal(pool_default_threads(1), 1);
	assert_int_equal(pool_stop(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_item_once_in_order),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_default_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
