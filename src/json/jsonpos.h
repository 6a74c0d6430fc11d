/*
 * jsonpos: a JSON parser that keeps, for every value and every object key,
 * its byte span in the file the user edits.  json-c would give us values
 * but no positions and would silently drop duplicate keys, which is exactly
 * what a linter must report; so requests are parsed here, in one pass.
 *
 * A tree is a tape: one buffer per tree holding its nodes in document
 * order, each a small fixed header and its decoded texts, with relative
 * offsets instead of pointers (yyjson and simdjson do the same).  A 10 MB
 * DbList is half a million values, so the node size is the memory bill.
 *
 * Nested JSON carried inside a JSON string (DbList as the wire sends it)
 * is parsed with jsonpos_parse_nested(), straight from the string's
 * escaped bytes in the file, so every span of the inner tree is already a
 * span of the file.
 *
 * It does not know about requests or rules.
 */
#ifndef DTSLINT_JSONPOS_H
#define DTSLINT_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jnode.h"
#include "jsonpos_tape.h"
#include "jsonpos_view.h"

/* Deeper nesting is reported as a syntax error instead of recursing on. */
#define JSONPOS_MAX_DEPTH 512

/* Why a parse stopped; the message is static text or lives in the doc. */
struct jerror {
	bool failed;
	struct jspan span;   /* where, in outer-file bytes */
	bool python_literal; /* single quotes or True/False/None: str(dict) output */
	char message[160];
};

/* Parse bytes[0, len) as one JSON value followed only by white space.
 * Returns the root (owned by doc) or NULL with *err filled. */
struct jnode *jsonpos_parse(struct jdoc *doc, const char *bytes, size_t len,
                            struct jerror *err);

/* Parse the JSON held by the decoded string node `str` (which came from
 * `outer`, the bytes of the file).  On success str->nested is set and the
 * root returned; spans are in the outer file's bytes.  NULL with *err
 * (spans mapped likewise) on failure. */
struct jnode *jsonpos_parse_nested(struct jdoc *doc, const char *outer,
                                   struct jnode *str, struct jerror *err);

/* The same through a decoded copy of the string and a map of its bytes,
 * which the in-place reader falls back to; not recorded in str.  For
 * tests that compare the two readers. */
struct jnode *jsonpos_parse_nested_mapped(struct jdoc *doc, const char *outer, struct jnode *str,
                                          struct jerror *err);

/* ---- trees built by other decoders (query strings, Terraform, shell) -----
 * A decoder that is not JSON builds the same tree, so the engine needs no
 * second path.  Spans are file bytes; a string member's `map` gives the
 * file offset of each byte of its decoded text (len + 1 entries, the last
 * one the end of the value), so JSON parsed out of it later (DbList) maps
 * back through the decoder's escapes as well. */

/* Containers are opened and closed in document order, as a parser would
 * meet them; the builder owns nothing the doc does not. */
struct jbuilder;

/* Start a tree whose root is a container (JT_OBJECT or JT_ARRAY). */
struct jbuilder *jbuilder_new(struct jdoc *doc, enum jtype root_type, size_t start);

/* Open a container inside the innermost open one. */
void jbuilder_open(struct jbuilder *b, enum jtype type, size_t start);

/* Close the innermost open container (not the root); its span ends at end. */
void jbuilder_close(struct jbuilder *b, size_t end);

/* How deep the builder is: 0 when only the root is open. */
int jbuilder_depth(const struct jbuilder *b);

/* The key of a member being added: NULL when the innermost open
 * container is an array (an element).  name[0, len) is copied; span is
 * the key in file bytes, quotes included when it has them. */
struct jbkey {
	const char *name;
	size_t len;
	struct jspan span;
};

/* Open a container as a member (key) or an element (key NULL) of the
 * innermost open one; the same as jbuilder_open() for key NULL. */
void jbuilder_open_member(struct jbuilder *b, const struct jbkey *key, enum jtype type, size_t start);

/* Add a string: text[0, len) is its decoded text, map (len + 1 entries,
 * copied) the file offset of each byte and last the end of the text, so
 * JSON parsed out of it later maps back to the file; span is the whole
 * value in file bytes. */
void jbuilder_string(struct jbuilder *b, const struct jbkey *key, const char *text, size_t len,
                     const uint32_t *map, struct jspan span);

/* Add a number written text[0, len) (JSON's grammar or not: the engine
 * reads it as the text of a number). */
void jbuilder_number(struct jbuilder *b, const struct jbkey *key, const char *text, size_t len,
                     struct jspan span);

void jbuilder_bool(struct jbuilder *b, const struct jbkey *key, bool value, struct jspan span);
void jbuilder_null(struct jbuilder *b, const struct jbkey *key, struct jspan span);

/* Add a value the input does not fix (JT_UNKNOWN): a reference, a template
 * with interpolation, a shell expansion.  It counts as given and no rule
 * judges it. */
void jbuilder_unknown(struct jbuilder *b, const struct jbkey *key, struct jspan span);

/* jbuilder_string() for a member: the form query strings use. */
void jbuilder_string_member(struct jbuilder *b, const char *key, size_t key_len,
                            struct jspan key_span, const char *text, size_t len,
                            const uint32_t *map, struct jspan span);

/* Close what is open (the root ends at end), mark duplicate keys, free the
 * builder and return the root; NULL when the root holds nothing.  With
 * unwrap_single, a root holding one container returns that container. */
struct jnode *jbuilder_finish(struct jbuilder *b, size_t end, bool unwrap_single);

/* ---- lexing text that may not parse ------------------------------------
 * How secrets are kept out of excerpts of broken requests and of strings
 * that were never parsed: the text is lexed for `key: value` pairs,
 * leniently (single quotes, unquoted keys and values, any escape, comments
 * before a value), and each value is reported with whether its key, or
 * the key of a container it is in, is secret. */

/* Is this key secret?  key[0, len) is decoded but not NUL-terminated;
 * NULL when its escapes do not decode. */
typedef bool jsonpos_key_fn(void *ctx, const char *key, size_t len);

/* One value the lexer found. */
struct jsonpos_lexed {
	struct jspan content; /* file bytes: a string's content (an unterminated one runs to
	                       * its line's end), an unquoted value, a secret container or
	                       * comment whole */
	bool secret;          /* under a key classified secret */
	const char *text;     /* text that is not secret and may hold pairs (a string with a
	                       * quote, decoded; a comment before a value): NULL otherwise;
	                       * valid during the call */
	size_t len;
	const uint32_t *map;  /* file offset of each byte of text (len + 1 entries) */
};
typedef void jsonpos_value_fn(void *ctx, const struct jsonpos_lexed *value);

/* Lex text[0, len); map gives the file offset of each byte (len + 1
 * entries), NULL when text is the file itself. */
void jsonpos_lex_values(const char *text, size_t len, const uint32_t *map, jsonpos_key_fn *classify,
                        jsonpos_value_fn *emit, void *ctx);

/* Lex the decoded text of the string node str (of a tree parsed from
 * file), each value placed in the file as jsonpos_string_map_new() would
 * place it; a string of the file itself is placed from its escapes when a
 * value is found, without a map of four bytes a byte. */
void jsonpos_lex_string(const char *file, const struct jnode *str, jsonpos_key_fn *classify,
                        jsonpos_value_fn *emit, void *ctx);

#endif
