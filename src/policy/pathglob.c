/*
 * pathglob: fnmatch(3) per '/'-separated segment, "**" for any number of
 * segments.  Recursion depth is bounded by the number of segments of the
 * pattern and the path (both short: paths under PATH_MAX).
 */
#include "pathglob.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Split a copy of text on '/' (empty segments from "//" dropped). */
static char **split(const char *text, char **copy, size_t *n)
{
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '/';
	char **segs = xcalloc(cap + 1, sizeof *segs);
	*copy = xstrdup(text);
	*n = 0;
	for (char *save = NULL, *s = strtok_r(*copy, "/", &save); s; s = strtok_r(NULL, "/", &save))
		if (strcmp(s, ".") != 0)
			segs[(*n)++] = s;
	return segs;
}

static bool match_segs(char **pat, size_t np, char **path, size_t nx)
{
	while (np > 0) {
		if (strcmp(pat[0], "**") == 0) {
			/* ** eats zero, one, ... segments of the path. */
			for (size_t k = 0; k <= nx; k++)
				if (match_segs(pat + 1, np - 1, path + k, nx - k))
					return true;
			return false;
		}
		if (nx == 0)
			return false;
		if (fnmatch(pat[0], path[0], 0) != 0)
			return false;
		pat++, np--, path++, nx--;
	}
	return nx == 0;
}

static bool run(const char *pattern, const char *path, bool dir)
{
	char *pc, *xc;
	size_t np, nx;
	char **p = split(pattern, &pc, &np), **x = split(path, &xc, &nx);
	bool ok;

	if (dir) {
		/* Everything below dir matches when the pattern matches some
		 * prefix of dir, or dir followed by a trailing "**". */
		ok = false;
		for (size_t cut = 1; cut <= nx && !ok; cut++)
			ok = match_segs(p, np, x, cut);
		if (!ok && np > 0 && strcmp(p[np - 1], "**") == 0)
			ok = match_segs(p, np - 1, x, nx);
	} else {
		ok = match_segs(p, np, x, nx);
	}
	free(p);
	free(x);
	free(pc);
	free(xc);
	return ok;
}

bool pathglob_match(const char *pattern, const char *path)
{
	return run(pattern, path, false);
}

bool pathglob_covers_dir(const char *pattern, const char *dir)
{
	return run(pattern, dir, true);
}
