/*
 * xalloc: allocation that cannot return NULL.  A linter that runs out of
 * memory on a request file has nothing useful left to do, and checking
 * every small allocation by hand buries the logic; so these abort().
 * Use plain malloc() where a failure is expected and recoverable (a huge
 * input), these everywhere else.  They never print.
 */
#ifndef DTSLINT_XALLOC_H
#define DTSLINT_XALLOC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		abort();
	return p;
}

static inline void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		abort();
	return p;
}

static inline void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		abort();
	return p;
}

/* realloc for arrays: aborts on n * size overflow instead of wrapping. */
static inline void *xreallocarray(void *ptr, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		abort();
	return xrealloc(ptr, n * size);
}

static inline char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(xmalloc(len), s, len);
}

/* Copy of s[0, len) with a terminating NUL. */
static inline char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

#endif
