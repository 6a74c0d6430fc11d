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

/* Read a node only through the jnode_*() accessors below: the layout is
 * the parser's business. */
#ifdef JSONPOS_INTERNAL
#define JNODE_FIELD(name) name
#else
#define JNODE_FIELD(name) name##_private
#endif
struct jnode {
	enum jtype JNODE_FIELD(type);
	bool JNODE_FIELD(boolean);
	bool JNODE_FIELD(nested_root);
	bool JNODE_FIELD(is_duplicate);
	bool JNODE_FIELD(verbatim);
	struct jspan JNODE_FIELD(span);
	struct jspan JNODE_FIELD(key_span);
	const char *JNODE_FIELD(key);
	size_t JNODE_FIELD(key_len);
	const char *JNODE_FIELD(text);
	size_t JNODE_FIELD(text_len);
	struct jnode *JNODE_FIELD(parent);
	struct jnode *JNODE_FIELD(first), *JNODE_FIELD(last), *JNODE_FIELD(next);
	size_t JNODE_FIELD(n_children);
	struct jnode *JNODE_FIELD(nested);
	const struct jorigin *JNODE_FIELD(origin);
	uint32_t JNODE_FIELD(raw_start), JNODE_FIELD(raw_end);
	struct jnode *JNODE_FIELD(duplicate_of);
};

#define JNODE_GETTER(rtype, name) \
	static inline rtype jnode_##name(const struct jnode *n) { return n->JNODE_FIELD(name); }
JNODE_GETTER(enum jtype, type)
JNODE_GETTER(bool, boolean)
JNODE_GETTER(bool, nested_root)
JNODE_GETTER(bool, is_duplicate)
JNODE_GETTER(bool, verbatim)
JNODE_GETTER(struct jspan, span)
JNODE_GETTER(struct jspan, key_span)
JNODE_GETTER(const char *, key)
JNODE_GETTER(size_t, key_len)
JNODE_GETTER(const char *, text)
JNODE_GETTER(size_t, text_len)
JNODE_GETTER(struct jnode *, parent)
JNODE_GETTER(struct jnode *, first)
JNODE_GETTER(struct jnode *, last)
JNODE_GETTER(struct jnode *, next)
JNODE_GETTER(size_t, n_children)
JNODE_GETTER(struct jnode *, nested)
JNODE_GETTER(struct jnode *, duplicate_of)
#undef JNODE_GETTER

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

/* Add a string member to the innermost open object; key and text are
 * copied, map (len + 1 entries) too. */
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
