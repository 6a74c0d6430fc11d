/*
 * json_writer: JSON text written as it goes, into a strbuf, so an
 * emitter can stream a document of any size in constant memory (the
 * caller moves sb's bytes to the output and resets it whenever it likes;
 * the writer keeps only its nesting).  Two layouts: plain (no spaces)
 * and pretty (the layout of json-c's PRETTY|SPACED: two-space indent,
 * "key": value, an empty container as "[" newline "]").
 *
 * Strings are always valid JSON in valid UTF-8, whatever bytes they are
 * given: '"', '\\' and C0 controls are escaped as JSON requires, DEL, the
 * C1 controls, U+2028/U+2029 and the bidirectional controls are escaped
 * as \uXXXX too (so the text is also safe to print to a terminal), and a
 * byte that is not part of well-formed UTF-8 becomes \ufffd (U+FFFD, the
 * replacement character).  The writer does not check that keys and
 * values alternate: that is the caller's job.
 */
#ifndef DTSLINT_JSON_WRITER_H
#define DTSLINT_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

#define JSON_WRITER_MAX_DEPTH 32

struct json_writer {
	struct strbuf *sb; /* borrowed */
	bool pretty;
	int depth;
	bool after_key;    /* the next value follows a key on the same line */
	bool has_items[JSON_WRITER_MAX_DEPTH + 1];
};

void json_writer_init(struct json_writer *w, struct strbuf *sb, bool pretty);

void json_writer_object_begin(struct json_writer *w);
void json_writer_object_end(struct json_writer *w);
void json_writer_array_begin(struct json_writer *w);
void json_writer_array_end(struct json_writer *w);
void json_writer_key(struct json_writer *w, const char *key);
void json_writer_string(struct json_writer *w, const char *s);
void json_writer_size(struct json_writer *w, size_t n);
void json_writer_bool(struct json_writer *w, bool b);

/* key and value in one call: the common case. */
void json_writer_kv_string(struct json_writer *w, const char *key, const char *s);
void json_writer_kv_size(struct json_writer *w, const char *key, size_t n);

/* Append s as a quoted, escaped JSON string (rules above). */
void json_escape_add(struct strbuf *sb, const char *s);

#endif
