/*
 * pathglob: the file patterns of .dtslint.json (`files`, `exclude`,
 * `overrides[].files`, `suppressions[].files`).
 *
 * A pattern and a path are split on '/'; each segment is matched with
 * fnmatch(3) (no flags: '*', '?', '[...]' never cross a '/' because they
 * only ever see one segment), and a segment that is exactly "**" matches
 * zero or more whole segments.  Paths are relative to the folder of the
 * config file that holds the pattern, without "./".  No home-made
 * wildcard logic: fnmatch does all the matching within a segment.
 */
#ifndef DTSLINT_PATHGLOB_H
#define DTSLINT_PATHGLOB_H

#include <stdbool.h>

/* Does the whole path match the pattern? */
bool pathglob_match(const char *pattern, const char *path);

/* Does the pattern match every path below folder `dir` (so a walk can
 * skip the folder)?  True when the pattern matches `dir` or one of its
 * parents, or `dir` followed by a final "**" segment: "build" covers
 * "build", and "**" + "/fixtures/" + "**" covers "a/fixtures". */
bool pathglob_covers_dir(const char *pattern, const char *dir);

#endif
