/*
 * control: the user's control over a run, as main.c sees it: the
 * command-line options for configuration, baselines and output policy,
 * the list of inputs (folders walked), and the policy step between the
 * engine and the emitters.  It ties config, walk, policy and baseline
 * together so main.c needs only a few calls.  Like main.c, and unlike
 * the layers below it, it prints notes on stderr ("dtslint: ...").
 */
#ifndef DTSLINT_CONTROL_H
#define DTSLINT_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "diag.h"
#include "emit.h"
#include "inputs.h"
#include "options.h"
#include "output_plan.h"
#include "request.h"
#include "ruleset.h"
#include "source.h"
#include "strbuf.h"

struct control;

struct control *control_new(void);
void control_free(struct control *ctl);

/* One option of the table (options.h) marked `control`.  Returns -1 to
 * go on, else the exit status (a usage error is printed). */
int control_option(struct control *ctl, int opt, const char *arg);

/* --operation was given: a named file is checked whatever it holds. */
void control_operation_given(struct control *ctl);

/* --fail-on was given. */
void control_fail_on(struct control *ctl, enum severity level);

/* Once the rules are loaded.  Returns -1 to go on, else the exit status
 * (--print-config done, or an unusable option, config or baseline). */
int control_begin(struct control *ctl, const struct ruleset *rs,
                  const struct emit_format *format, enum request_input input);

/* Should the report be coloured (text only)?  out_is_terminal: the
 * report goes to a terminal. */
bool control_color(const struct control *ctl, bool out_is_terminal);

/* The summary line on stderr (text output, unless --quiet), once the
 * report is written. */
void control_print_summary(struct control *ctl);

/* --fix fixed n findings of one input (with --dry-run: would fix), for
 * the summary line. */
void control_count_fixes(struct control *ctl, size_t n, bool dry_run);

/* The files this run writes besides the report (--write-baseline) join
 * the plan.  false with the usage message in err (exit 3). */
bool control_plan_outputs(const struct control *ctl, struct output_plan *plan,
                          struct strbuf *err);

/* Expand the FILE arguments (folders walked) and load every config that
 * applies.  A walk leaves out the planned outputs (a report.json written
 * by the last run is not an input of this one).  false after printing
 * why (exit 2). */
bool control_expand(struct control *ctl, char *const *args, int n_args,
                    const struct output_plan *plan);

/* No input of the run (the requests control_expand() found, every
 * configuration file loaded, the --baseline file) is a planned output.
 * false with the usage message in err (exit 3). */
bool control_check_inputs(const struct control *ctl, const struct output_plan *plan,
                          struct strbuf *err);

/* The inputs control_expand() found, as an array of n paths owned by ctl
 * (for main's checks of the input list). */
char **control_paths(struct control *ctl, int *n);

/* The next input path, or NULL. */
const char *control_next(struct control *ctl);

/* Why the walk could not read the current input (a folder, an entry it
 * could not examine), or NULL: such an input is reported as an input
 * error instead of being loaded. */
const char *control_input_error(const struct control *ctl);
/* The current input as stat() found it when the list was made, for
 * source_load_examined(); false for stdin, a file found in a folder and a
 * path that could not be examined. */
bool control_input_examined(const struct control *ctl, mode_t *mode, off_t *size);

/* Should the input just loaded be skipped (empty stdin with no FILE given;
 * a walked file that is not a request)?  Prints the note. */
bool control_skip(struct control *ctl, const struct source *src);

/* The bytes of the inputs whose size is known (named files, as stat()
 * found them when the list was made; not stdin, nor a folder's files). */
off_t control_inputs_size(const struct control *ctl);

/* Checking inputs on several threads (cli/pool.c): what a worker needs
 * of input i (the order of control_next()) to load and judge it.  Filled
 * on the main thread by control_job_prepare() (the configuration is not
 * safe to share); path and error are borrowed from ctl. */
struct control_job {
	size_t index;
	const char *path;
	const char *error; /* control_input_error() */
	bool examined;     /* control_input_examined() */
	mode_t mode;
	off_t size;
	bool by_config;    /* the configuration decided what a named file is: kind */
	enum input_kind kind;
};
void control_job_prepare(struct control *ctl, size_t i, struct control_job *job);

/* On any thread: what control_skip() will decide for the job's loaded
 * input, without saying it.  Returns a verdict for control_skip_judged():
 * 0 when the input is to be checked. */
int control_job_judge(const struct control *ctl, const struct control_job *job, const struct source *src);

/* control_skip() with the verdict made by control_job_judge(), on the
 * main thread at the input's turn (after control_next()). */
bool control_skip_judged(struct control *ctl, const struct source *src, int verdict);

/* Apply the policy to the input's resolved findings, in place.  Returns
 * how many make the run fail. */
size_t control_apply(struct control *ctl, const struct source *src, struct diag_list *diags);

/* After the last input: findings about config files go to the emitter,
 * the baseline is written (whole or not at all, like the report), notes
 * are printed, and in text mode on a terminal the summary line.  false:
 * exit 2. */
bool control_finish(struct control *ctl, struct emitter *em, size_t *failing);

#endif
