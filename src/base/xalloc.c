/*
 * xalloc: the failure path of the allocators in xalloc.h.  Kept out of
 * line so that what running out of memory looks like (a message and exit
 * status 2) is decided in one place.
 */
#include "xalloc.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* Each thread's: worker threads check inputs of their own (cli/pool.c). */
static _Thread_local const char *current_context;

void xalloc_set_context(const char *context)
{
	current_context = context;
}

const char *xalloc_context(void)
{
	return current_context;
}

/* write(2) straight to fd 2: stdio may want memory, and there is none. */
static void put(const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, s, len);

		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

void xalloc_die(void)
{
	static int dying;                   /* a thread is on its way out */
	static _Thread_local bool this_one; /* this thread is */

	/* An atexit handler that runs out of memory too must not call
	 * exit() a second time. */
	if (this_one)
		_exit(2);
	this_one = true;
	/* Worker threads (--jobs) run out together: the first says so and
	 * exits, cleaning up (the report's temporary file); the others wait
	 * for the end instead of ending the process before it has. */
	if (__atomic_fetch_add(&dying, 1, __ATOMIC_SEQ_CST))
		for (;;)
			pause();
	put("dtslint: ");
	if (current_context) {
		put(current_context);
		put(": ");
	}
	put("out of memory\n");
	exit(2);
}
