/*
 * emit: one interface, three emitters (text, json, sarif).  Emitters
 * print what they are given and decide nothing: diagnostics arrive
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

enum emit_format { EMIT_TEXT, EMIT_JSON, EMIT_SARIF, EMIT_GITHUB, EMIT_GITLAB, EMIT_JUNIT };

bool emit_format_parse(const char *text, enum emit_format *out);

/* Owned; free with emitter_free().  The ruleset is borrowed and must
 * outlive the emitter. */
struct emitter *emitter_new(enum emit_format format, FILE *out,
                            const struct ruleset *rs,
                            const struct emit_options *opts);

/* One input's findings; src may be freed after the call returns. */
void emitter_file(struct emitter *em, const struct source *src,
                  const struct diag_list *diags);

/* A path that could not be processed at all (exit 2): the text emitter
 * prints nothing (main reports it on stderr); SARIF records it as a
 * toolExecutionNotification and marks the run unsuccessful. */
void emitter_input_error(struct emitter *em, const char *path, const char *reason);

/* Write whatever was buffered (SARIF, the closing bracket of json). */
void emitter_finish(struct emitter *em);

void emitter_free(struct emitter *em);

#endif
