/*
 * rule_reader: typed access to a jsonpos tree of a rules file, with
 * errors that carry the file:line:column of the offending key or value.
 * The first error wins and is kept in the caller's buffer; every later
 * call returns false, so parsers can chain calls with && and stop.
 * It knows nothing of what a rules file means (ruleset_load.c does).
 */
#ifndef DTSLINT_RULE_READER_H
#define DTSLINT_RULE_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "jsonpos.h"
#include "source.h"

struct rule_reader {
	struct source *src; /* the file being read; borrowed */
	char *errbuf;
	size_t errsize;
	bool failed;
};

/* Record "file:line:col: message" at the node's key (or value) and return false. */
bool reader_fail(struct rule_reader *rd, const struct jnode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same at a byte offset of the file: where no node stands (a syntax
 * error, a character inside a pattern). */
bool reader_fail_offset(struct rule_reader *rd, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "file:line:col" of a node's value, for errors found later. */
void reader_where(const struct rule_reader *rd, const struct jnode *at, char *buf, size_t size);

bool reader_want_type(struct rule_reader *rd, const struct jnode *n, enum jtype type,
                      const char *what);

/* The getters return owned copies (xstrdup) through out. */
bool reader_get_string(struct rule_reader *rd, const struct jnode *n, char **out);
bool reader_get_bool(struct rule_reader *rd, const struct jnode *n, bool *out);
bool reader_get_number(struct rule_reader *rd, const struct jnode *n, double *out); /* finite */
bool reader_get_size(struct rule_reader *rd, const struct jnode *n, size_t *out);
bool reader_get_template(struct rule_reader *rd, const struct jnode *n, char **out);
bool reader_get_string_array(struct rule_reader *rd, const struct jnode *n, char ***out,
                             size_t *count);

/* Reject keys outside `allowed` (NULL-terminated), with a did-you-mean. */
bool reader_check_keys(struct rule_reader *rd, const struct jnode *obj, const char *what,
                       const char *const *allowed);

/* Parse each element of the array n into a new zeroed array of
 * elem_size-byte items: *items receives it (owned; set even on failure,
 * and *count counts every item started, so the caller's release frees a
 * half-parsed one too). */
typedef bool reader_item_fn(void *ctx, const struct jnode *n, void *item);
bool reader_parse_array(struct rule_reader *rd, const struct jnode *n, const char *what,
                        size_t elem_size, void **items, size_t *count, reader_item_fn *fn,
                        void *ctx);

#endif
