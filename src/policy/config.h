/*
 * config: `.dtslint.json` files and the command-line rule settings, and
 * the one merge rule that turns them into the effective configuration of
 * one checked file.
 *
 * Discovery: from the folder of each checked file upward, every
 * `.dtslint.json` up to the repository root (the first folder holding
 * `.git`) or `/`; --config FILE uses that file alone; --no-config none.
 *
 * Merge (farther file first, then nearer, then the command line): rule
 * levels and `fail-on` are scalars, the later wins; `files`, `exclude`,
 * `suppressions` and `locked` are lists and add up; a file's `overrides`
 * apply right after its own `rules`, to the files their patterns match.
 * A rule in `locked` keeps the level its file's `rules` give it (or its
 * default): nothing applied after that (the file's own overrides, nearer
 * files, the command line) can change it, and nearer files cannot
 * suppress it; such a setting is ignored and reported (DTS902; a note on
 * stderr for the command line).
 *
 * Strict: any problem in a config file is an error "file:line:col:
 * problem" (exit 2), unknown keys and rule names with did-you-mean.  It
 * never prints; findings about a config file (DTS901, DTS902) are kept in
 * its `problems` list for the caller to emit.
 */
#ifndef DTSLINT_CONFIG_H
#define DTSLINT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "config_file.h"
#include "diag.h"
#include "ruleset.h"
#include "source.h"

struct config_set;

/* rs borrowed.  mode: */
enum config_mode { CONFIG_DISCOVER, CONFIG_EXPLICIT, CONFIG_NONE };
struct config_set *config_set_new(const struct ruleset *rs);
void config_set_free(struct config_set *cs);

/* --config FILE / --no-config; false with err when FILE is unusable. */
bool config_set_explicit(struct config_set *cs, const char *path, char *err, size_t errsize);
void config_set_disable(struct config_set *cs);

/* Command-line settings, applied after every file.  `spec` is the
 * option's argument: "ID[,ID...]" for off/on, "ID=LEVEL" for severity.
 * false with a usage message in err. */
bool config_set_cli_disable(struct config_set *cs, const char *spec, char *err, size_t errsize);
bool config_set_cli_enable(struct config_set *cs, const char *spec, char *err, size_t errsize);
bool config_set_cli_severity(struct config_set *cs, const char *spec, char *err, size_t errsize);
void config_set_cli_fail_on(struct config_set *cs, enum severity level);

/* The effective configuration of one checked file. */
struct config_effective {
	int *levels;                      /* by rule->index */
	const struct config_file **locked_by; /* by rule->index; NULL: not locked */
	enum severity fail_on;
	struct config_suppression **supps; /* applicable to this file, in merge order */
	size_t n_supps;
	const struct config_file **chain; /* farther first */
	size_t n_chain;
};

/* Load (once, cached) the config files that apply to `path` ("-" for
 * stdin, named `display`: a --stdin-filename is configured as that file)
 * and merge them.  false with
 * "file:line:col: problem" in err when a config file is malformed.
 * Marks each applicable suppression as covered. */
bool config_effective_get(struct config_set *cs, const char *path, const char *display,
                          struct config_effective *out, char *err, size_t errsize);
/* Only the command line (for findings about config files themselves). */
void config_effective_cli(struct config_set *cs, struct config_effective *out);
void config_effective_release(struct config_effective *eff);

/* Folder walks: is a file below a walked folder selected by `files`
 * (default: every *.json and *.txt at any depth) and not by `exclude`?  Is a whole folder
 * excluded?  false with err on a malformed config. */
bool config_listing_selects(struct config_set *cs, const char *path, bool *selected,
                         char *err, size_t errsize);
bool config_listing_excludes_dir(struct config_set *cs, const char *dir, bool *excluded,
                              char *err, size_t errsize);

/* A file named on the command line (pre-commit and editors name every
 * file they pass): excluded by an `exclude`, named by a config's own
 * `files` list (checked whatever it holds), or neither.  false with err
 * on a malformed config. */
enum config_named { CONFIG_NAMED_DEFAULT, CONFIG_NAMED_EXCLUDED, CONFIG_NAMED_LISTED };
bool config_named_file(struct config_set *cs, const char *path, enum config_named *out,
                       char *err, size_t errsize);

/* Command-line settings a lock overrode, as notes for stderr; drained. */
size_t config_set_take_notes(struct config_set *cs, char ***notes);

/* Every config file loaded so far, in load order (borrowed). */
size_t config_set_files(const struct config_set *cs, struct config_file *const **files);

/* Add DTS901 for each covered suppression that matched nothing. */
void config_set_report_unused(struct config_set *cs);

/* The effective configuration of `path` as JSON text (owned). */
char *config_effective_describe(const struct config_set *cs, const struct config_effective *eff);

#endif
