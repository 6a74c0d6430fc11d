/*
 * jsonpos_view: reading a tree beyond one node: lookups by key, JSON
 * pointers, and where a string's content and each of its decoded bytes are
 * in the file (jsonpos_view.c).
 */
#ifndef DTSLINT_JSONPOS_VIEW_H
#define DTSLINT_JSONPOS_VIEW_H

#include <stdint.h>

#include "jnode.h"

struct jdoc;

/* The first member with a duplicate's key (searched: rare). */
struct jnode *jnode_duplicate_of(const struct jnode *n);

/* The last child; walks the children. */
struct jnode *jnode_last(const struct jnode *n);


/* Borrowed lookups, valid while the doc lives.  Duplicates are skipped:
 * the first occurrence of a key wins, as the service's parsers do not
 * agree on which one they keep and we report the duplicate anyway. */
struct jnode *jnode_get(const struct jnode *obj, const char *key);

/* The value as an object: the node itself, or its parsed nested root. */
const struct jnode *jnode_object_view(const struct jnode *node);

/* RFC 6901 pointer of a node ("" for the root), through nested strings:
 * /DbList/shop/Table/orders.  Returns malloc'ed text; caller frees.  doc
 * owns the node: it remembers the elements of the big arrays a pointer
 * went through, so that an element's index is found, not counted (NULL:
 * counted every time). */
char *jnode_pointer(struct jdoc *doc, const struct jnode *node);

/* Pointer of a child named `key` below `parent`, whether or not it exists:
 * what a missing parameter would have.  Caller frees. */
char *jnode_child_pointer(struct jdoc *doc, const struct jnode *parent, const char *key);

/* The file offset of each byte of a parsed string's decoded text
 * (its length + 1 entries, the last one its closing quote); malloc'ed,
 * the caller frees it.  file is the bytes of the file the tree came from;
 * *len receives the text's length. */
uint32_t *jsonpos_string_map_new(const char *file, const struct jnode *str, size_t *len);

/* A string's span without its quotes (through escaped quotes too, for a
 * string inside nested JSON); other values' whole span. */
struct jspan jnode_content_span(const struct jnode *node);

/* Does n belong to a tree a reader built (jbuilder), not to one parsed
 * from text?  Such a node has no raw text of its own to read: its spans
 * are what the reader gave. */
bool jnode_built(const struct jnode *n);

/* An object member's key without its quotes, in file bytes (through
 * escaped quotes for a key inside nested JSON): what a rename replaces.
 * {0, 0} if it cannot be found (a quoted key never starts at 0).  A
 * built member's key span as its reader gave it. */
struct jspan jnode_key_content_span(const struct jnode *node);

#endif
