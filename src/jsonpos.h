/*
 * jsonpos: a JSON parser that keeps, for every value and every object key,
 * its byte span in the file the user edits.  json-c would give us values
 * but no positions and would silently drop duplicate keys, which is exactly
 * what a linter must report; so requests are parsed here, in one pass,
 * into an arena-allocated tree.
 *
 * Nested JSON carried inside a JSON string (DbList as the wire sends it)
 * is parsed with jsonpos_parse_nested(): the string is decoded with an
 * offset map, and every span of the inner tree is mapped back to the
 * outer file's bytes, through \" \\ \uXXXX and surrogate pairs.
 *
 * It does not know about requests or rules.
 */
#ifndef DTSLINT_JSONPOS_H
#define DTSLINT_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Deeper nesting is reported as a syntax error instead of recursing on. */
#define JSONPOS_MAX_DEPTH 512

/* Values per input, nested JSON included.  A node costs about 140 bytes,
 * so this bounds a tree near 600 MB whatever shape the input has (eight
 * megabytes of "[0,0,0,...]" are already four million values); a 10 MB
 * DbList holds about half a million. */
#define JSONPOS_MAX_VALUES 4000000

struct jorigin; /* private: the text a nested tree was parsed from */

enum jtype {
	JT_NULL,
	JT_BOOL,
	JT_NUMBER,
	JT_STRING,
	JT_ARRAY,
	JT_OBJECT,
};

/* Byte span [start, end) in the outer file. */
struct jspan {
	size_t start;
	size_t end;
};

struct jnode {
	enum jtype type;
	bool boolean;          /* JT_BOOL */
	bool nested_root;      /* this root was parsed out of a string */
	bool is_duplicate;     /* a later member with the same key as an earlier one */
	bool verbatim;         /* JT_STRING built by another decoder: no quotes, and
	                        * its raw text is its decoded text (query strings) */
	struct jspan span;     /* the value; containers from bracket to bracket */
	struct jspan key_span; /* object members: the key, quotes included */
	const char *key;       /* object members: decoded key, NUL-terminated */
	size_t key_len;
	const char *text;      /* JT_STRING: decoded; JT_NUMBER: literal. NUL-terminated */
	size_t text_len;
	struct jnode *parent;  /* NULL for a top-level root */
	struct jnode *first, *last, *next; /* children, in document order */
	size_t n_children;
	struct jnode *nested;  /* JT_STRING holding JSON, once parsed: its root */
	/* Where the node's raw text is: the file itself (origin NULL) or the
	 * decoded text of an enclosing string; offsets into that text.  Kept
	 * so that JSON inside JSON inside a string still maps back exactly.
	 * 32 bits, as the offset maps are: inputs stop at SOURCE_MAX_BYTES
	 * (64 MiB), and a request has a node every few bytes, so the flags
	 * above and these keep the node at 144 bytes instead of 168. */
	const struct jorigin *origin;
	uint32_t raw_start, raw_end;
	struct jnode *duplicate_of;
};

/* Owner of every node and string of one input, nested trees included. */
struct jdoc;

struct jdoc *jdoc_new(void);
void jdoc_free(struct jdoc *doc);

/* Lower the value limit of one doc (JSONPOS_MAX_VALUES by default); for tests. */
void jdoc_limit_values(struct jdoc *doc, size_t max_values);

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

/* Borrowed lookups, valid while the doc lives.  Duplicates are skipped:
 * the first occurrence of a key wins, as the service's parsers do not
 * agree on which one they keep and we report the duplicate anyway. */
struct jnode *jnode_get(const struct jnode *obj, const char *key);

/* The value as an object: the node itself, or its parsed nested root. */
const struct jnode *jnode_object_view(const struct jnode *node);

/* RFC 6901 pointer of a node ("" for the root), through nested strings:
 * /DbList/shop/Table/orders.  Returns malloc'ed text; caller frees. */
char *jnode_pointer(const struct jnode *node);

/* Pointer of a child named `key` below `parent`, whether or not it exists:
 * what a missing parameter would have.  Caller frees. */
char *jnode_child_pointer(const struct jnode *parent, const char *key);

/* ---- trees built by other decoders (query strings) ---------------------
 * A decoder that is not JSON builds the same tree, so the engine needs no
 * second path.  Spans are file bytes; a string member's `map` gives the
 * file offset of each byte of its decoded text (len + 1 entries, the last
 * one the end of the value), so JSON parsed out of it later (DbList) maps
 * back through the decoder's escapes as well. */

/* A new, empty object or array with the given span (owned by doc). */
struct jnode *jsonpos_new_container(struct jdoc *doc, enum jtype type, struct jspan span);

/* Append child to a container (arrays and objects alike). */
void jsonpos_append(struct jnode *container, struct jnode *child);

/* Append a string member to obj; key and text are copied.  Returns the
 * member.  Duplicates are marked by jsonpos_finish_object(). */
struct jnode *jsonpos_add_string_member(struct jdoc *doc, struct jnode *obj,
                                        const char *key, size_t key_len, struct jspan key_span,
                                        const char *text, size_t len, const uint32_t *map,
                                        struct jspan span);

/* Mark the members whose key an earlier member has (is_duplicate,
 * duplicate_of), in O(n log n): call once, when obj is complete. */
void jsonpos_finish_object(struct jnode *obj);

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

/* The file offset of each byte of a parsed string's decoded text
 * (str->text_len + 1 entries, owned by doc). */
const uint32_t *jsonpos_string_map(struct jdoc *doc, const char *outer, const struct jnode *str);

/* A string's span without its quotes (through escaped quotes too, for a
 * string inside nested JSON); other values' whole span. */
struct jspan jnode_content_span(const struct jnode *node);

/* An object member's key without its quotes, in file bytes (through
 * escaped quotes for a key inside nested JSON): what a rename replaces.
 * {0, 0} if it cannot be found (a quoted key never starts at 0). */
struct jspan jnode_key_content_span(const struct jnode *node);

const char *jtype_name(enum jtype type);

#endif
