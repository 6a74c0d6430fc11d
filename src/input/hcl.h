/*
 * hcl: a reader of HCL's native syntax (Terraform's `.tf` files) into a
 * positioned syntax tree.  It knows nothing of Terraform or DTS: it gives
 * the bodies, attributes, blocks and expressions as written, each with its
 * byte span in the file, and the decoded text of every string literal with
 * the file offset of each decoded byte, so a problem found later inside an
 * escaped string or a heredoc lands on the exact file byte.  It evaluates
 * nothing: a reference, a call or an interpolation stays a node.
 *
 * The tree (all of it owned by the struct hcl_file, freed in one call):
 *
 *   hcl_file   body
 *   hcl_body   items[]: each an attribute or a block, in file order
 *   hcl_attribute  name, name_span, span (name to end of value), expr
 *   hcl_block  type, type_span, labels[] (decoded text + span), span
 *              (type to closing brace), body
 *   hcl_expr   kind, span, and by kind:
 *     NULL, BOOL (boolean), NUMBER (its text is the span's bytes)
 *     TEMPLATE   a quoted string or a heredoc: lit, its text, when it is
 *                literal text alone (hcl_template_literal() gives it);
 *                else parts[] (literal text with its map, ${...}
 *                interpolations, %{...} directives)
 *     TUPLE      kids[] the elements
 *     OBJECT     kids[] key, value, key, value, ...; a bare key (a = 1) is
 *                a VARIABLE kid, hcl_object_key() gives any key's text
 *     VARIABLE   names->name (var, local, each, a bare object key, ...)
 *     GETATTR    kids[0] the source, names->name the attribute (.x; .0
 *                as "0")
 *     INDEX      kids[0] the source, kids[1] the key ([...])
 *     SPLAT      kids[0] the source (.* or [*], full_splat for [*])
 *     CALL       names->name the function, kids[] the arguments
 *                (expand_final: the last is followed by ...)
 *     UNARY      op ("-", "!"), kids[0]
 *     BINARY     op ("+", "==", "&&", ...), kids[0] and kids[1]
 *     CONDITIONAL kids[0] ? kids[1] : kids[2]
 *     FOR        names->key_var (or NULL), names->name the value
 *                variable, kids[0] the collection, kids[1] the key
 *                expression ({for} only, else NULL), kids[2] the value,
 *                kids[3] the condition or NULL; object_for for {for ...},
 *                expand_final for "..."
 *     PAREN      kids[0], the expression inside ( )
 *     DATA       an object or a tuple of literal data alone (quoted
 *                strings without templates, numbers, true, false, null,
 *                keys written out, objects and tuples of the same), kept
 *                as its span: hcl_data_walk() reads it.  What a big
 *                jsonencode() value is, without a node a value.
 *
 * Spans are byte offsets [start, end) in the text given to
 * hcl_file_parse().  Strip markers (${~ ... ~}) are read but not applied:
 * a template they touch has an interpolation, so its text is unknown
 * anyway.  Identifiers accept any non-ASCII character where HCL accepts
 * Unicode letters, less the blocks of punctuation, symbols and emoji.
 */
#ifndef DTSLINT_HCL_H
#define DTSLINT_HCL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How deep expressions and blocks may nest: deeper is an error, not a
 * stack overflow. */
#define HCL_DEPTH_MAX 200

/* Offsets are 32-bit: hcl_file_parse() refuses a file of 4 GiB or more,
 * and a big jsonencode() value is mostly spans. */
struct hcl_span {
	uint32_t start, end;
};

/* Decoded text of a string literal: text[0, len), and where each byte
 * came from.  A string written with no escape and no template (most of
 * them) is the file's own bytes: text points into the text given to
 * hcl_file_parse() (not NUL-terminated), map is NULL, and text[i] is file
 * byte at + i.  Any other string is a copy (NUL-terminated; it may hold
 * NULs of its own from \u0000) with its map: map[i] the file offset of
 * the source byte that produced text[i] (an escape's decoded bytes all
 * map to its backslash), map[len] the offset just after the literal.
 * hcl_string_offset() reads either. */
struct hcl_string {
	const char *text;
	const uint32_t *map;
	uint32_t len;
	uint32_t at;
};

/* The file offset of text[i] (i <= len: len gives the end). */
static inline uint32_t hcl_string_offset(const struct hcl_string *s, size_t i)
{
	return s->map ? s->map[i] : s->at + (uint32_t)i;
}

enum hcl_part_kind {
	HCL_PART_LITERAL, /* lit */
	HCL_PART_INTERP,  /* ${expr} */
	HCL_PART_IF,      /* %{if expr} */
	HCL_PART_ELSE,    /* %{else} */
	HCL_PART_ENDIF,   /* %{endif} */
	HCL_PART_FOR,     /* %{for key_var, value_var in expr} */
	HCL_PART_ENDFOR,  /* %{endfor} */
};

/* A literal part has lit, the others expr (NULL for else, endif, endfor)
 * and, for a for, its variables. */
struct hcl_part {
	enum hcl_part_kind kind;
	struct hcl_span span;
	union {
		struct hcl_string lit;
		struct {
			struct hcl_expr *expr;
			char *key_var, *value_var;
		};
	};
};

enum hcl_expr_kind {
	HCL_EXPR_NULL,
	HCL_EXPR_BOOL,
	HCL_EXPR_NUMBER,
	HCL_EXPR_TEMPLATE,
	HCL_EXPR_TUPLE,
	HCL_EXPR_OBJECT,
	HCL_EXPR_VARIABLE,
	HCL_EXPR_GETATTR,
	HCL_EXPR_INDEX,
	HCL_EXPR_SPLAT,
	HCL_EXPR_CALL,
	HCL_EXPR_UNARY,
	HCL_EXPR_BINARY,
	HCL_EXPR_CONDITIONAL,
	HCL_EXPR_FOR,
	HCL_EXPR_PAREN,
	HCL_EXPR_DATA,
};

/* The names of a VARIABLE (name and ident), GETATTR (name, the
 * attribute), CALL (name, the function) and FOR (name the value
 * variable, key_var the key's or NULL). */
struct hcl_names {
	char *name;
	struct hcl_span name_span;
	char *key_var;
	struct hcl_string ident; /* VARIABLE: name with its place */
};

/* 56 bytes: a big jsonencode() value is tens of thousands of these, and
 * the request tree is built while they live.  What only some kinds have
 * shares room: a template's parts or the others' kids; a literal's text,
 * an operator or the names.  Read a field only for the kinds that say
 * they have it. */
struct hcl_expr {
	uint8_t kind;                /* enum hcl_expr_kind */
	bool boolean;                /* BOOL */
	bool heredoc, flush;         /* TEMPLATE: <<, <<- */
	bool full_splat;             /* SPLAT */
	bool object_for;             /* FOR */
	bool expand_final;           /* CALL, FOR */
	struct hcl_span span;
	uint32_t nparts;             /* TEMPLATE */
	uint32_t nkids;              /* all but TEMPLATE */
	union {
		struct hcl_part *parts;  /* TEMPLATE with an interpolation or a directive */
		struct hcl_expr **kids;  /* the others */
	};
	union {
		struct hcl_string lit;   /* TEMPLATE of literal text alone (no parts) */
		const char *op;          /* UNARY, BINARY: a static string */
		struct hcl_names *names; /* VARIABLE, GETATTR, CALL, FOR */
	};
};

struct hcl_label {
	struct hcl_string text;      /* decoded; a bare label's own bytes */
	struct hcl_span span;        /* quotes included */
	bool quoted;
};

struct hcl_attribute {
	char *name;
	struct hcl_span name_span;
	struct hcl_span span;
	struct hcl_expr *expr;
};

struct hcl_item;

struct hcl_body {
	struct hcl_item *items;
	size_t nitems;
};

struct hcl_block {
	char *type;
	struct hcl_span type_span;
	struct hcl_label *labels;
	size_t nlabels;
	struct hcl_span span;
	struct hcl_body body;
};

/* Exactly one of the two is set. */
struct hcl_item {
	struct hcl_attribute *attr;
	struct hcl_block *block;
};

struct hcl_arena_chunk;

struct hcl_file {
	struct hcl_body body;
	const char *text;              /* borrowed: what hcl_file_parse() read */
	struct hcl_arena_chunk *arena; /* every node, text and map */
};

/* Where and why a file does not parse; message is problem first. */
struct hcl_error {
	struct hcl_span span;
	char message[160];
};

/* Parse text[0, len) as an HCL native-syntax file.  Returns the owned
 * tree (free with hcl_file_free), or NULL with *err set: invalid UTF-8,
 * NUL bytes, syntax errors, an attribute set twice in one body, nesting
 * deeper than HCL_DEPTH_MAX.  The tree borrows text (plain strings are
 * its bytes): keep it until hcl_file_free().  A file of 4 GiB or more is
 * refused. */
struct hcl_file *hcl_file_parse(const char *text, size_t len, struct hcl_error *err);

void hcl_file_free(struct hcl_file *file);

/* The decoded text of a template with no interpolation and no directive
 * (borrowed from the tree); NULL for any other expression. */
const struct hcl_string *hcl_template_literal(const struct hcl_expr *expr);

/* An object key's text (borrowed): a bare name (a = 1: its own bytes) or
 * a literal string ("a" = 1); NULL when the key is computed (a reference,
 * a call, a template with interpolation, parentheses, a number). */
const struct hcl_string *hcl_object_key(const struct hcl_expr *key);

/* What hcl_data_walk() meets, in file order. */
enum hcl_data_kind {
	HCL_DATA_OBJECT, /* an object opens at span.start */
	HCL_DATA_TUPLE,  /* a tuple opens at span.start */
	HCL_DATA_END,    /* the innermost open one closes: span is all of it */
	HCL_DATA_STRING, /* string */
	HCL_DATA_NUMBER, /* its text is the span's bytes */
	HCL_DATA_BOOL,   /* boolean */
	HCL_DATA_NULL,
};

struct hcl_data_event {
	enum hcl_data_kind kind;
	const struct hcl_string *key; /* an object's item: its key's text; NULL in a tuple, for
	                               * the DATA node itself and for END */
	struct hcl_span key_span;     /* the key as written, quotes included */
	struct hcl_span span;         /* the value as written */
	const struct hcl_string *string;
	bool boolean;
};

/* The event and what it points to are valid during the call. */
typedef void hcl_data_fn(void *ctx, const struct hcl_data_event *ev);

/* Give fn every value of data (an HCL_EXPR_DATA of file) in file order,
 * data itself first: each object and tuple between its opening event and
 * its END, the items of an object with their keys.  The strings, keys and
 * spans are those the same value read as nodes would have. */
void hcl_data_walk(const struct hcl_file *file, const struct hcl_expr *data, hcl_data_fn *fn, void *ctx);

#endif
