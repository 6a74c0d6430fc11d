/*
 * xalloc: the failure path of the allocators in xalloc.h.  Kept out of
 * line so that what running out of memory looks like (a message and exit
 * status 2) is decided in one place.
 */
#include "xalloc.h"

#include <string.h>
#include <unistd.h>

/* Each thread's: worker threads check inputs of their own (cli/pool.c). */
static _Thread_local const char *current_context;

void xalloc_set_context(const char *context)
{
	current_context = context;
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
	static int dying;

	/* An atexit handler that runs out of memory too must not call
	 * exit() a second time. */
	if (dying++)
		_exit(2);
	put("dtslint: ");
	if (current_context) {
		put(current_context);
		put(": ");
	}
	put("out of memory\n");
	exit(2);
}
