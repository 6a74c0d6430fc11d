/*
 * longpath: open(2) and stat(2) for paths of any length.  A walk reaches
 * folders whose path is longer than PATH_MAX (4,096 bytes on Linux), and
 * the kernel refuses such a path whole (ENAMETOOLONG); these calls then
 * resolve it one component at a time with openat(2), as the kernel would
 * (symbolic links and ".." included), so no call sees more than a name.
 * Shorter paths cost one ordinary call.
 */
#ifndef DTSLINT_LONGPATH_H
#define DTSLINT_LONGPATH_H

#include <stdbool.h>
#include <sys/stat.h>

/* open(path, flags): a descriptor the caller closes, or -1 with errno. */
int longpath_open(const char *path, int flags);

/* stat(2), or lstat(2) when follow is false: 0, or -1 with errno. */
int longpath_stat(const char *path, struct stat *st, bool follow);

#endif
