/*
 * longpath: the component walk behind paths longer than PATH_MAX.
 */
#define _GNU_SOURCE /* O_PATH */

#include "longpath.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

#ifdef O_PATH
#define SEARCH_FLAGS (O_PATH | O_DIRECTORY | O_CLOEXEC) /* search permission is enough */
#else
#define SEARCH_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)
#endif

/* The folder that holds path's last component, reached one component at
 * a time; *last points into path.  A descriptor, or -1 with errno. */
static int open_parent(const char *path, const char **last)
{
	int fd = open(path[0] == '/' ? "/" : ".", SEARCH_FLAGS);
	const char *p = path;
	while (*p == '/')
		p++;
	for (;;) {
		const char *slash = strchr(p, '/'), *next = slash;
		while (next && *next == '/')
			next++;
		if (fd < 0 || !slash || !*next)
			break; /* p is the last component (a trailing '/' stays with it) */
		char *name = xstrndup(p, (size_t)(slash - p));
		int sub = openat(fd, name, SEARCH_FLAGS);
		int saved = errno;
		free(name);
		close(fd);
		errno = saved;
		fd = sub;
		p = next;
	}
	*last = p;
	return fd;
}

int longpath_open(const char *path, int flags)
{
	int fd = open(path, flags);
	if (fd >= 0 || errno != ENAMETOOLONG)
		return fd;
	const char *last;
	int parent = open_parent(path, &last);
	if (parent < 0)
		return -1;
	fd = openat(parent, last, flags);
	int saved = errno;
	close(parent);
	errno = saved;
	return fd;
}

int longpath_stat(const char *path, struct stat *st, bool follow)
{
	int rc = follow ? stat(path, st) : lstat(path, st);
	if (rc == 0 || errno != ENAMETOOLONG)
		return rc;
	const char *last;
	int parent = open_parent(path, &last);
	if (parent < 0)
		return -1;
	rc = fstatat(parent, last, st, follow ? 0 : AT_SYMLINK_NOFOLLOW);
	int saved = errno;
	close(parent);
	errno = saved;
	return rc;
}
