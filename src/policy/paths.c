/*
 * paths: realpath(3) on folders only (a file named on the command line
 * may be a FIFO or may not exist yet when we only need its folder).
 */
/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700

#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

/* realpath(3) costs a readlink(2) per component of the path, and every
 * file of a run asks for its folder (the configuration that applies) and
 * for the working directory (display): both are remembered.  The working
 * directory does not change during a run; a folder's resolution is kept
 * for the next file of the same folder.  Measured on 1,000 files of one
 * folder (bench/README.md, "Memos"): 6,064 system calls, 42,058 without;
 * 233.0 M instructions, 238.8 M without. */
static char *cached_cwd;
static char *cached_dir, *cached_abs;

static void forget_cache(void)
{
	free(cached_cwd);
	free(cached_dir);
	free(cached_abs);
	cached_cwd = cached_dir = cached_abs = NULL;
}

/* The caches are released at exit (leak checkers), registered once. */
static void remember_to_forget(void)
{
	static bool registered;
	if (!registered)
		registered = atexit(forget_cache) == 0;
}

static char *cwd_copy(void)
{
	if (!cached_cwd) {
		cached_cwd = realpath(".", NULL);
		if (!cached_cwd)
			return NULL;
		remember_to_forget();
	}
	return xstrdup(cached_cwd);
}

static char *resolve_dir(const char *dir)
{
	if (cached_dir && strcmp(cached_dir, dir) == 0)
		return cached_abs ? xstrdup(cached_abs) : NULL;
	char *abs = realpath(dir, NULL);
	remember_to_forget();
	/* Out of memory exits through forget_cache(): never leave it a freed pointer. */
	free(cached_dir);
	free(cached_abs);
	cached_dir = cached_abs = NULL;
	char *abs_copy = abs ? xstrdup(abs) : NULL;
	cached_dir = xstrdup(dir);
	cached_abs = abs_copy;
	return abs;
}

char *paths_abs_dir(const char *path)
{
	const char *slash = strcmp(path, "-") == 0 ? NULL : strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	char *abs = resolve_dir(dir);

	if (!abs && dir[0] != '/') {
		/* A folder that does not exist (yet): place it lexically, so
		 * --print-config new/x.json still sees the patterns' paths. */
		char *cwd = cwd_copy();
		abs = cwd ? paths_join(cwd, dir) : NULL;
		free(cwd);
	} else if (!abs) {
		abs = xstrdup(dir);
	}
	free(dir);
	return abs;
}

char *paths_abs_file(const char *path)
{
	char *dir = paths_abs_dir(path);
	const char *slash = strrchr(path, '/');
	char *abs;

	if (!dir)
		return NULL;
	abs = paths_join(dir, slash ? slash + 1 : path);
	free(dir);
	return abs;
}

char *paths_relative(const char *abs, const char *base)
{
	size_t n = strlen(base);

	if (strcmp(base, "/") == 0)
		return xstrdup(abs[0] == '/' ? abs + 1 : abs);
	if (strncmp(abs, base, n) != 0)
		return NULL;
	if (abs[n] == '\0')
		return xstrdup("");
	if (abs[n] != '/')
		return NULL;
	return xstrdup(abs + n + 1);
}

char *paths_display(const char *abs)
{
	char *cwd = cwd_copy();
	char *rel = cwd ? paths_relative(abs, cwd) : NULL;

	free(cwd);
	if (rel && rel[0])
		return rel;
	free(rel);
	return xstrdup(abs);
}

char *paths_join(const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);
	char *out;

	if (strcmp(dir, ".") == 0)
		return xstrdup(name);
	while (d > 1 && dir[d - 1] == '/')
		d--;
	out = xmalloc(d + n + 2);
	memcpy(out, dir, d);
	if (!(d == 1 && dir[0] == '/'))
		out[d++] = '/';
	memcpy(out + d, name, n + 1);
	return out;
}

char *paths_cwd(void)
{
	return cwd_copy();
}
