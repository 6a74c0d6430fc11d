/*
 * emit: one interface, one emitter per format (each an emit_*.c, listed in
 * the table in emit.c).  Emitters print what they are given and decide
 * nothing: diagnostics arrive
 * resolved (line:column filled) and sorted, secrets already kept out of
 * messages; emitters mask secret spans in any source excerpt they print.
 */
#ifndef DTSLINT_EMIT_H
#define DTSLINT_EMIT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "ruleset.h"
#include "source.h"

struct emit_options {
	bool show_source;         /* text: source line, caret/tilde marker, help line */
	bool color;               /* text: ANSI colours (control_color decides) */
	const char *help_base_uri; /* helpUri = base + ID + ".md" */
	const char *tool_version;
};

struct emitter;

/* An output format: a name and its table of operations (emit_util.h).
 * The formats are listed in one table in emit.c. */
struct emit_format;

/* The format called name ("text", "json", "sarif"), or NULL. */
const struct emit_format *emit_format_find(const char *name);

const char *emit_format_name(const struct emit_format *format);

/* The names for a message: "text, json or sarif".  Static. */
const char *emit_format_names(void);

/* Owned; free with emitter_free().  The ruleset is borrowed and must
 * outlive the emitter.  Output goes to out as it is made (memory does not
 * grow with the findings); the caller checks ferror(out). */
struct emitter *emitter_new(const struct emit_format *format, FILE *out,
                            const struct ruleset *rs,
                            const struct emit_options *opts);

/* One input's findings; src may be freed after the call returns. */
void emitter_file(struct emitter *em, const struct source *src,
                  const struct diag_list *diags);

/* A path that could not be processed at all (exit 2): the text emitter
 * prints nothing (main reports it on stderr); json writes an entry with
 * "kind": "input-error"; SARIF records it as a toolExecutionNotification
 * and marks the run unsuccessful. */
void emitter_input_error(struct emitter *em, const char *path, const char *reason);

/* Write the end of the document (closing brackets, SARIF's invocation). */
void emitter_finish(struct emitter *em);

void emitter_free(struct emitter *em);

#endif
