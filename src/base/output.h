/*
 * output: the files a run writes (the report, the baseline, with --fix
 * the fixed requests), and the rule that keeps them apart from its
 * inputs and from each other (output_plan.h).
 *
 * A file is written to a temporary file beside it and renamed into
 * place only once it is complete and on disk (fsync), so a run that
 * fails (a write error, running out of memory, a signal) never leaves a
 * half-written file, and the old one stays until the new one is whole.
 * A temporary file is removed on every way out: output_abandon() and
 * output_temp_remove(), exit() (an atexit handler) and SIGINT, SIGTERM,
 * SIGHUP.  Its name, ".NAME.dtslint-XXXXXX", is cut to fit the folder's
 * NAME_MAX, so a file with a name of 250 bytes can still be replaced.
 *
 * Paths that are not regular files (/dev/stdout, a FIFO, a device) are
 * opened and written directly: renaming over them would replace the
 * device with a file.  A symbolic link is followed, so the link stays and
 * its target is replaced.  A report or baseline with hard links loses
 * them (the name given gets the new file; other names keep the old one),
 * as with any editor that saves by renaming; --fix keeps them (fix.c).
 */
#ifndef DTSLINT_OUTPUT_H
#define DTSLINT_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "strbuf.h"

struct output;

/* path NULL: stdout.  what names the file in messages ("report",
 * "baseline"; a static string).  NULL on failure, with the reason in
 * err. */
struct output *output_open(const char *path, const char *what, struct strbuf *err);

/* The report on stderr, when stdout carries something else (--fix on
 * stdin writes the fixed text there). */
struct output *output_open_stderr(const char *what);

FILE *output_file(const struct output *out);

/* Has a write failed so far?  Then err gets the reason (once known). */
bool output_failed(struct output *out, struct strbuf *err);

/* Flush, check every write, close and rename into place.  Frees out.
 * false with the reason in err: then the file is left as it was before
 * the run. */
bool output_commit(struct output *out, struct strbuf *err);

/* Give up: remove the temporary file.  Frees out. */
void output_abandon(struct output *out);

/* The temporary file under the reports, for a writer that needs the file
 * descriptor itself (fix.c: the owner, an in-place copy). */
struct output_temp {
	int fd;   /* open for writing; -1 once closed */
	int slot; /* which temporary file this is; -1 when there is none */
};

/* Create the temporary file beside target (a path whose folder exists),
 * with mode.  false with errno set. */
bool output_temp_create(struct output_temp *t, const char *target, mode_t mode);

/* Its path, for a message. */
const char *output_temp_path(const struct output_temp *t);

/* fsync, close and rename it onto target (a caller that wrote through a
 * stdio stream on fd syncs and closes it itself, and sets fd to -1).
 * false with errno set, and the temporary file removed. */
bool output_temp_commit(struct output_temp *t, const char *target);

/* Close it if open and remove it. */
void output_temp_remove(struct output_temp *t);

/* Close it if open and leave it on disk (it holds the only whole copy of
 * something); output_temp_path() stays valid until the next create. */
void output_temp_keep(struct output_temp *t);

#endif
