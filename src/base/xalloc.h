/*
 * xalloc: allocation that cannot return NULL.  A linter that runs out of
 * memory on a request file has nothing useful left to do, and checking
 * every small allocation by hand buries the logic; so on failure these
 * call xalloc_die(), which says so on stderr and exits with status 2
 * (never abort(): a core dump or SIGABRT reads as a crash to CI and
 * editors).  Use plain malloc() where a failure is expected and
 * recoverable (a huge input), these everywhere else.
 */
#ifndef DTSLINT_XALLOC_H
#define DTSLINT_XALLOC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Print "dtslint: CONTEXT: out of memory" (or without the context) on
 * stderr and exit(2).  Allocates nothing; atexit handlers run (main's
 * removes a half-written report).  Also for size computations that
 * would overflow. */
void xalloc_die(void) __attribute__((noreturn));

/* Name the input the calling thread is processing, for xalloc_die()'s
 * message; NULL for none.  The string is borrowed and must stay valid
 * while it is set; it is printed as is, so it must already be safe for a
 * terminal. */
void xalloc_set_context(const char *context);

/* The calling thread's context, for a thread it starts to work on the
 * same input (the secret scan's second half) to set as its own. */
const char *xalloc_context(void);

static inline void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		xalloc_die();
	return p;
}

static inline void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		xalloc_die();
	return p;
}

static inline void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		xalloc_die();
	return p;
}

/* realloc for arrays: dies on n * size overflow instead of wrapping. */
static inline void *xreallocarray(void *ptr, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		xalloc_die();
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
