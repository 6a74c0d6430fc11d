/*
 * paths: the few path operations configuration, walking and baselines
 * share: absolute folder of a file, a path relative to a folder, and the
 * form shown to the user (relative to the working folder when below it).
 */
#ifndef DTSLINT_PATHS_H
#define DTSLINT_PATHS_H

#include <stdbool.h>

/* Absolute, symlink-free path of the folder holding `path` ("-": the
 * working folder; a folder that does not exist is placed lexically).
 * Owned; NULL only when the working folder cannot be resolved. */
char *paths_abs_dir(const char *path);

/* Absolute path of a file: paths_abs_dir() + "/" + its last component.
 * Owned or NULL. */
char *paths_abs_file(const char *path);

/* `abs` relative to folder `base` (both absolute), or NULL when abs is
 * not below base.  "" when they are equal.  Owned. */
char *paths_relative(const char *abs, const char *base);

/* `abs` as the user should see it: relative to the working folder when
 * below it, else as is.  Owned. */
char *paths_display(const char *abs);

/* dir + "/" + name, without doubling a '/' and without a leading "./"
 * when dir is ".".  Owned. */
char *paths_join(const char *dir, const char *name);

/* The working folder, absolute; owned or NULL. */
char *paths_cwd(void);

#endif
