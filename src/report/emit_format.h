/*
 * emit_format: what the formats share and nothing outside the report
 * layer needs: the format table entry (a name and its operations), the
 * emitter object, and the helpers that turn a display path into a URI and
 * a rule into its help page (emit_format.c).  emit.h is the front for
 * everyone else.
 *
 * A new format is one new file defining a `const struct emit_format`
 * and one entry in the table in emit.c.
 */
#ifndef DTSLINT_EMIT_FORMAT_H
#define DTSLINT_EMIT_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "ruleset.h"
#include "source.h"
#include "strbuf.h"

struct emitter;

struct emit_format {
	const char *name; /* as --format spells it */
	/* Allocate em->state; called once from emitter_new(). */
	void (*init)(struct emitter *em);
	void (*file)(struct emitter *em, const struct source *src,
	             const struct diag_list *diags);
	void (*input_error)(struct emitter *em, const char *path, const char *reason);
	void (*finish)(struct emitter *em);
	/* Free em->state (which may be half-built); must accept NULL state. */
	void (*release)(struct emitter *em);
};

struct emitter {
	const struct emit_format *ops;
	FILE *out;
	const struct ruleset *rs;  /* borrowed */
	bool show_source;          /* copied from emit_options */
	bool color;                /* copied from emit_options */
	char *help_base_uri;       /* owned copies, never NULL */
	char *tool_version;
	bool finished;
	void *state;               /* per-format, owned through ops->release */
};

/* Write sb's bytes to em->out and empty sb: how the formats that build
 * their text in a strbuf stream it. */
void emit_flush(struct emitter *em, struct strbuf *sb);

/* helpUri of a rule: help_base_uri + id + ".md", appended to sb. */
void emit_help_uri(const struct emitter *em, const char *rule_id, struct strbuf *sb);

/* Is the display path relative (to the directory the user ran from)? */
bool emit_path_is_relative(const char *path);

/* The display path as a URI reference, appended to sb: relative paths
 * stay relative (percent-encoded, leading "./" dropped), absolute ones
 * become "file://" URIs, "<stdin>" becomes "stdin".  Every byte that is
 * not an unreserved path character is percent-encoded, so a name that
 * is not UTF-8 keeps all its bytes and the URI is plain ASCII. */
void emit_path_to_uri(const char *path, struct strbuf *sb);

/* 64-bit FNV-1a, for fingerprints that must not change between runs. */
uint64_t emit_fnv1a64(uint64_t hash, const char *bytes, size_t len);
#define EMIT_FNV1A64_INIT UINT64_C(0xcbf29ce484222325)

#endif
