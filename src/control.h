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

#include "diag.h"
#include "emit.h"
#include "request.h"
#include "ruleset.h"
#include "source.h"

/* getopt_long entries, with ids from CONTROL_OPT_BASE up. */
#define CONTROL_OPT_BASE 1000
enum control_opt {
	CONTROL_OPT_CONFIG = CONTROL_OPT_BASE,
	CONTROL_OPT_NO_CONFIG,
	CONTROL_OPT_PRINT_CONFIG,
	CONTROL_OPT_DISABLE,
	CONTROL_OPT_ENABLE,
	CONTROL_OPT_SEVERITY,
	CONTROL_OPT_BASELINE,
	CONTROL_OPT_WRITE_BASELINE,
	CONTROL_OPT_COLOR,
	CONTROL_OPT_COLUMN_UNIT,
};
#define CONTROL_LONG_OPTIONS \
	{"config", required_argument, NULL, CONTROL_OPT_CONFIG}, \
	{"no-config", no_argument, NULL, CONTROL_OPT_NO_CONFIG}, \
	{"print-config", required_argument, NULL, CONTROL_OPT_PRINT_CONFIG}, \
	{"disable", required_argument, NULL, CONTROL_OPT_DISABLE}, \
	{"enable", required_argument, NULL, CONTROL_OPT_ENABLE}, \
	{"severity", required_argument, NULL, CONTROL_OPT_SEVERITY}, \
	{"baseline", required_argument, NULL, CONTROL_OPT_BASELINE}, \
	{"write-baseline", required_argument, NULL, CONTROL_OPT_WRITE_BASELINE}, \
	{"color", required_argument, NULL, CONTROL_OPT_COLOR}, \
	{"column-unit", required_argument, NULL, CONTROL_OPT_COLUMN_UNIT}

#define CONTROL_USAGE_TEXT \
	"      --config FILE         use FILE as the only configuration (default: every\n" \
	"                            .dtslint.json from the file's folder up to the\n" \
	"                            repository root)\n" \
	"      --no-config           use no configuration file\n" \
	"      --print-config FILE   print the configuration that applies to FILE and exit\n" \
	"      --disable ID[,ID]     turn rules off (ID or name)\n" \
	"      --enable ID[,ID]      turn rules back on at their own severity\n" \
	"      --severity ID=LEVEL   set a rule's level: off, note, warning or error\n" \
	"      --baseline FILE       report only findings that FILE does not hold\n" \
	"      --write-baseline FILE record today's findings in FILE and exit 0\n" \
	"      --color WHEN          colour text output: auto (default: on a terminal,\n" \
	"                            unless NO_COLOR is set), always or never\n" \
	"      --column-unit UNIT    count columns in codepoint (default), utf16 or byte\n"

struct control;

struct control *control_new(void);
void control_free(struct control *ctl);

/* One option of CONTROL_LONG_OPTIONS.  Returns -1 to go on, else the
 * exit status (a usage error is printed). */
int control_option(struct control *ctl, int opt, const char *arg);

/* --fail-on was given. */
void control_fail_on(struct control *ctl, enum severity level);

/* Once the rules are loaded.  Returns -1 to go on, else the exit status
 * (--print-config done, or an unusable option, config or baseline). */
int control_begin(struct control *ctl, const struct ruleset *rs,
                  const struct emit_format *format, enum request_input input);

/* Should the report be coloured (text only)?  out_is_terminal: the
 * report goes to a terminal. */
bool control_color(const struct control *ctl, bool out_is_terminal);

/* Expand the FILE arguments (folders walked) and load every config that
 * applies.  output: the --output file or NULL; a walk leaves it out (a
 * report.json written by the last run is not an input of this one).
 * false after printing why (exit 2). */
bool control_expand(struct control *ctl, char *const *args, int n_args, const char *output);

/* The inputs control_expand() found, as an array of n paths owned by ctl
 * (for main's checks of the input list). */
char **control_paths(struct control *ctl, int *n);

/* The next input path, or NULL. */
const char *control_next(struct control *ctl);

/* Why the walk could not read the current input (a folder, an entry it
 * could not examine), or NULL: such an input is reported as an input
 * error instead of being loaded. */
const char *control_walk_error(const struct control *ctl);

/* Should the input just loaded be skipped (empty stdin with no FILE given;
 * a walked file that is not a request)?  Prints the note. */
bool control_skip(struct control *ctl, const struct source *src);

/* Apply the policy to the input's resolved findings, in place.  Returns
 * how many make the run fail. */
size_t control_apply(struct control *ctl, const struct source *src, struct diag_list *diags);

/* After the last input: findings about config files go to the emitter,
 * the baseline is written, notes are printed, and in text mode on a
 * terminal the summary line.  false: exit 2. */
bool control_finish(struct control *ctl, struct emitter *em, size_t *failing);

#endif
