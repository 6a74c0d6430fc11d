/*
 * failmalloc: an LD_PRELOAD library for the out-of-memory tests
 * (cli.sh).  FAILMALLOC_AT=N makes the N-th allocation (malloc, calloc,
 * realloc, counted from 1) and every one after it return NULL, as a
 * process that has run out of memory sees it; FAILMALLOC_COUNT=FILE
 * writes the number of allocations made to FILE at exit, so a test can
 * aim at the last ones (the output).  Neither set: a pass-through.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);

static unsigned long count, fail_at;
static const char *count_file;

__attribute__((constructor)) static void failmalloc_init(void)
{
	const char *at = getenv("FAILMALLOC_AT");

	fail_at = at ? strtoul(at, NULL, 10) : 0;
	count_file = getenv("FAILMALLOC_COUNT");
}

__attribute__((destructor)) static void failmalloc_fini(void)
{
	if (count_file) {
		FILE *f;

		fail_at = 0;
		if ((f = fopen(count_file, "w"))) {
			fprintf(f, "%lu\n", count);
			fclose(f);
		}
	}
}

/* As the C library's own allocators fail: with ENOMEM, which some of its
 * callers assert (pthread_create()'s stack allocation); counted
 * atomically, as worker threads (--jobs) allocate at once. */
static int fails(void)
{
	if (__atomic_add_fetch(&count, 1, __ATOMIC_RELAXED) < fail_at || fail_at == 0)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t size)
{
	return fails() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return fails() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size)
{
	return fails() ? NULL : __libc_realloc(ptr, size);
}
