/*
 * pathglob: fnmatch(3) per '/'-separated segment, "**" for any number of
 * segments, in time proportional to the number of pattern segments times
 * the number of path segments (no recursion: neither is bounded).
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

/*
 * Which prefixes of the path the pattern's first segments match, one
 * pattern segment at a time: row[j] says the segments so far match the
 * path's first j segments.  A "**" makes every j at or after the first
 * true one true; another segment moves each true j one on when fnmatch
 * takes that path segment.  O(pattern segments x path segments) fnmatch
 * calls at most, where trying every split of the path among the "**"s
 * took exponential time (14 of them on a 20-deep path: half a minute).
 * Stops after `stop` pattern segments; row has nx + 1 entries.
 */
static void match_prefixes(char **pat, size_t stop, char **path, size_t nx, bool *row)
{
	row[0] = true;
	for (size_t j = 1; j <= nx; j++)
		row[j] = false;
	for (size_t i = 0; i < stop; i++) {
		if (strcmp(pat[i], "**") == 0) {
			/* ** eats zero, one, ... segments of the path. */
			for (size_t j = 1; j <= nx; j++)
				row[j] = row[j] || row[j - 1];
			continue;
		}
		/* Backwards, so row[j - 1] is still the previous segment's. */
		for (size_t j = nx; j > 0; j--)
			row[j] = row[j - 1] && fnmatch(pat[i], path[j - 1], 0) == 0;
		row[0] = false;
	}
}

static bool run(const char *pattern, const char *path, bool dir)
{
	char *pc, *xc;
	size_t np, nx;
	char **p = split(pattern, &pc, &np), **x = split(path, &xc, &nx);
	bool *row = xcalloc(nx + 1, sizeof *row);
	bool ok = false;

	if (dir) {
		/* Everything below dir matches when the pattern matches some
		 * prefix of dir, or dir followed by a trailing "**". */
		bool trailing = np > 0 && strcmp(p[np - 1], "**") == 0;
		match_prefixes(p, np, x, nx, row);
		for (size_t cut = 1; cut <= nx && !ok; cut++)
			ok = row[cut];
		if (!ok && trailing) {
			match_prefixes(p, np - 1, x, nx, row);
			ok = row[nx];
		}
	} else {
		match_prefixes(p, np, x, nx, row);
		ok = row[nx];
	}
	free(row);
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
