/*
 * inputs: turn the command line's FILE and DIR arguments into the list of
 * inputs.  A folder is walked in name order, at any depth, skipping
 * hidden entries (.git, .github, .dtslint.json, ...), symbolic links to
 * folders and to nothing, and what `exclude` covers; of its files, those
 * `files` selects (default: every *.json and *.txt at any depth) are
 * kept, marked `walked`.  A file named explicitly is always kept.  No
 * argument at all means stdin, marked `implicit`.
 *
 * Also the "is this a request at all?" test for walked files, so a
 * package.json met in a walk is skipped instead of flooded with errors.
 */
#ifndef DTSLINT_INPUTS_H
#define DTSLINT_INPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "config.h"
#include "request.h"
#include "ruleset.h"

struct input_item {
	char *path;
	bool walked;    /* found in a folder, not named */
	bool implicit;  /* stdin because no argument was given */
	char *error;    /* why it could not be read (a folder, an entry that
	                 * cannot be examined): an input error, not an input;
	                 * NULL for the others */
	bool examined;  /* mode and size hold what stat() said of a named file
	                 * (to tell a folder), so reading need not ask again */
	mode_t mode;
	off_t size;
};

struct input_list {
	struct input_item *items;
	size_t n, cap;
	size_t n_folders;  /* folders walked */
};

/* false with err on a config problem (exit 2).  A folder that cannot be
 * read, and a selected entry that cannot be examined, are items with an
 * error, in their place: the rest of the walk goes on.  Arguments that do
 * not exist are kept: reading them reports the problem as before. */
bool inputs_expand(char *const *args, size_t n_args, struct config_set *cs,
                 struct input_list *out, char *err, size_t errsize);

void input_list_release(struct input_list *list);

/* Does a parsed input look like a DTS request: an `Action`, or at least
 * one top-level key that is a parameter of some operation (or a common
 * one)?  A workflow (an array, in JSON or several query strings) does
 * when one of its requests does.  When it did not parse, the same test runs on the keys a lexer
 * finds.  Exact case: "version" in package.json is not "Version". */
bool inputs_looks_like_request(const struct ruleset *rs, const struct request *req,
                             const char *bytes, size_t len);

/* What a file named on the command line is, once read and parsed: a
 * request to check, or plainly something else (skipped with a note).
 * Plainly something else: dtslint's own files (its configuration, a
 * baseline), or a document that parsed, holds keys, and has no key that
 * is `Action`, a parameter, or a near miss of an operation's parameter
 * (a request so broken that nothing is spelled right is still a
 * request).  A .json file that did not parse is checked: its errors are
 * the finding; any other file that did not parse is held to the lexer's
 * test, as a listed file is (prose in a .txt is no request). */
/* A first look at a named file, without parsing it: its top-level keys
 * read until one is a parameter or a near miss of one (a request's first
 * key mostly is: the look costs nothing for requests).  UNSURE when the
 * text is not a plain JSON object: the parse decides. */
enum input_quick { INPUT_QUICK_REQUEST, INPUT_QUICK_OTHER, INPUT_QUICK_UNSURE };
enum input_quick inputs_quick_look(const struct ruleset *rs, const char *bytes, size_t len);

enum input_kind { INPUT_REQUEST, INPUT_OWN_CONFIG, INPUT_OWN_BASELINE, INPUT_OTHER, INPUT_EXCLUDED };
enum input_kind inputs_classify_named(const struct ruleset *rs, const char *path,
                                      const struct request *req, const char *bytes, size_t len);

/* The whole judgement of a named file, for the command line and the
 * language server alike: INPUT_EXCLUDED when a .dtslint.json excludes
 * path, INPUT_REQUEST when a config's own `files` list names it or input
 * is forced, else inputs_quick_look() and, when it is unsure,
 * inputs_classify_named() on a parse.  path NULL (not a local file): the
 * text alone decides.  A config that does not parse decides nothing here
 * (it is reported when the file is checked). */
enum input_kind inputs_judge_named(const struct ruleset *rs, struct config_set *cs, const char *path,
                                   const struct source *src, enum request_input input);

/* The judgement in two parts, for a caller that checks files on several
 * threads: what the configuration says of path (true with *kind when it
 * decides; on the calling thread, as cs is not safe to share), and what
 * the text says (the rest; any thread: it reads rs only). */
bool inputs_judged_by_config(struct config_set *cs, const char *path, enum input_kind *kind);
enum input_kind inputs_judge_named_text(const struct ruleset *rs, const char *path,
                                        const struct source *src, enum request_input input);

#endif
