/*
 * output: where the report goes.  A report file is written to a
 * temporary file beside it and renamed into place only once it is
 * complete, so a run that fails (a write error, running out of memory,
 * a signal) never leaves a half-written report, and the old report stays
 * until the new one is whole.  The temporary file is removed on every
 * way out: output_abandon(), exit() (an atexit handler) and SIGINT,
 * SIGTERM, SIGHUP.
 *
 * Paths that are not regular files (/dev/stdout, a FIFO, a device) are
 * opened and written directly: renaming over them would replace the
 * device with a file.  A symbolic link is followed, so the link stays and
 * its target is replaced.  A hard link is broken (the name given gets
 * the new report; other names keep the old one), as with any editor that
 * saves by renaming.
 */
#ifndef DTSLINT_OUTPUT_H
#define DTSLINT_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "strbuf.h"

struct output;

/* path NULL: stdout.  NULL on failure, with the reason in err. */
struct output *output_open(const char *path, struct strbuf *err);

FILE *output_file(const struct output *out);

/* Has a write failed so far?  Then err gets the reason (once known). */
bool output_failed(struct output *out, struct strbuf *err);

/* Flush, check every write, close and rename into place.  Frees out.
 * false with the reason in err: then the report file is left as it was
 * before the run. */
bool output_commit(struct output *out, struct strbuf *err);

/* Give up: remove the temporary file.  Frees out. */
void output_abandon(struct output *out);

#endif
