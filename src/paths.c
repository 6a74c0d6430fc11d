/*
 * paths: realpath(3) on folders only (a file named on the command line
 * may be a FIFO or may not exist yet when we only need its folder).
 */
/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700

#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

char *paths_abs_dir(const char *path)
{
	const char *slash = strcmp(path, "-") == 0 ? NULL : strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	char *abs = realpath(dir, NULL);

	if (!abs && dir[0] != '/') {
		/* A folder that does not exist (yet): place it lexically, so
		 * --print-config new/x.json still sees the patterns' paths. */
		char *cwd = realpath(".", NULL);
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
	char *cwd = realpath(".", NULL);
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
	return realpath(".", NULL);
}
