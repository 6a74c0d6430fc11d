/*
 * emit_util: what the three emitters share and nothing outside them
 * needs: the emitter object with its small table of operations, and the
 * helpers that turn a display path into a URI and a rule into its help
 * page.  Implemented in emit.c.
 */
#ifndef DTSLINT_EMIT_UTIL_H
#define DTSLINT_EMIT_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "emit.h"

struct emitter_ops {
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
	const struct emitter_ops *ops;
	FILE *out;
	const struct ruleset *rs;  /* borrowed */
	bool show_source;          /* copied from emit_options */
	bool color;                /* copied from emit_options */
	char *help_base_uri;       /* owned copies, never NULL */
	char *tool_version;
	bool finished;
	void *state;               /* per-format, owned through ops->release */
};

extern const struct emitter_ops emit_text_ops;
extern const struct emitter_ops emit_json_ops;
extern const struct emitter_ops emit_sarif_ops;
extern const struct emitter_ops emit_github_ops;
extern const struct emitter_ops emit_gitlab_ops;
extern const struct emitter_ops emit_junit_ops;

/* helpUri of a rule: help_base_uri + id + ".md".  Caller frees. */
char *emit_help_uri(const struct emitter *em, const char *rule_id);

/* Is the display path relative (to the directory the user ran from)? */
bool emit_path_is_relative(const char *path);

/* The display path as a URI reference: relative paths stay relative
 * (percent-encoded, leading "./" dropped), absolute ones become
 * "file://" URIs, "<stdin>" becomes "stdin".  Caller frees. */
char *emit_path_to_uri(const char *path);

/* json-c builders for the json and sarif emitters; they abort() when
 * json-c cannot allocate (it returns NULL only then). */
struct json_object;
struct json_object *emit_json_checked(struct json_object *obj);
void emit_json_add(struct json_object *obj, const char *key, struct json_object *val);
void emit_json_append(struct json_object *arr, struct json_object *val);
struct json_object *emit_json_size(size_t n);

/* 64-bit FNV-1a, for fingerprints that must not change between runs. */
uint64_t emit_fnv1a64(uint64_t hash, const char *bytes, size_t len);
#define EMIT_FNV1A64_INIT UINT64_C(0xcbf29ce484222325)

#endif
