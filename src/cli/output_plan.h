/*
 * output_plan: the files a run will write, listed before any is opened,
 * and the one rule they keep: an output is never one of the inputs (a
 * request, a configuration file, the --baseline file), and no two
 * outputs are one file.  Either would lose data: the report written over
 * the request it reports on, the baseline over the report.
 *
 * "One file" is decided the way the writers will find it: by device and
 * inode for a file that exists (so ./x, a symbolic link and a hard link
 * are all x), by the absolute path it will be created at for one that
 * does not (its folder resolved).  Outputs that are not regular files
 * (/dev/stdout, a FIFO) are written in place like a stream and are not
 * planned.
 *
 * --fix writes too: each fixed request replaces itself, which is its
 * job.  Those outputs need no entry: a fixed file is an input, and no
 * other output may be an input; a request named twice (or through two
 * names) is fixed in turn, each time read again first (fix.c).
 */
#ifndef DTSLINT_OUTPUT_PLAN_H
#define DTSLINT_OUTPUT_PLAN_H

#include <stdbool.h>

#include "strbuf.h"

struct output_plan;

struct output_plan *output_plan_new(void);
void output_plan_free(struct output_plan *plan);

/* The file the option (a static string: "--output") writes; path NULL
 * (stdout) plans nothing.  false when it is one file with an output
 * planned before: the usage message, naming both options and the files,
 * in err. */
bool output_plan_add(struct output_plan *plan, const char *option, const char *path,
                     struct strbuf *err);

/* Is the file at path one of the planned outputs?  (A folder walk leaves
 * them out: last run's report is not an input of this one.) */
bool output_plan_holds(const struct output_plan *plan, const char *path);

/* Check one input: path "-" is stdin; kind NULL for a request, else what
 * the file is to the run ("a configuration file").  false when it is a
 * planned output, with the usage message in err. */
bool output_plan_check_input(const struct output_plan *plan, const char *path, const char *kind,
                             struct strbuf *err);

#endif
