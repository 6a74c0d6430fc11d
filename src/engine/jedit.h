/*
 * jedit: a finding's fix as an edit of the file's bytes, written the way
 * the file needs it.  A key or value inside JSON held in a string
 * ("DbList": "{\"tabels\": ...}") is escaped once for every string it
 * sits in, and percent-encoded where a level is a query string; inside a
 * string another reader built, as its request says (request.h).  file is
 * the input's bytes (a shell word's quoting is read there; NULL: none).
 */
#ifndef DTSLINT_JEDIT_H
#define DTSLINT_JEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "jsonpos.h"
#include "request.h"

/* Rename the member's key to `key` (decoded text).  False, and no edit,
 * when there is no safe way to write it. */
bool jedit_key(struct diag *d, const struct jnode *member, const char *key, enum request_escape built,
               const char *file);

/* Replace the node's value with the decoded text: a string's content (the
 * quotes stay); any other value (a number given for a String parameter)
 * becomes a JSON string holding text. */
bool jedit_value(struct diag *d, const struct jnode *node, const char *text, size_t len,
                 enum request_escape built, const char *file);

/* The file form of decoded text written inside `node`'s string content
 * (node a string; its own level first, then every enclosing string; a
 * string a reader built is written as `built` says).  Returns malloc'ed
 * text, or NULL when there is none. */
char *jedit_encode(const struct jnode *node, bool own_level, const char *text, size_t len,
                   enum request_escape built, const char *file, size_t *out_len);

#endif
