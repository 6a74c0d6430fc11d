/*
 * hcl: HCL native syntax to a positioned tree (the tree is described in
 * hcl.h).  A recursive-descent reader straight over the bytes, without a
 * token list: HCL's newlines end an attribute in a body and separate the
 * items of an object, but mean nothing inside ( ), [ ] or ${ }, so the
 * reader keeps one counter, nl_ignore, of the brackets it is inside.
 *
 * Errors: the first one stops the parse.  Every node lives in an arena
 * owned by the file, so a longjmp back to hcl_file_parse() and one arena
 * release leave nothing behind, where returning NULL through forty
 * functions would bury the grammar.  An object or a tuple of literal data
 * alone, what a jsonencode() value mostly is, is one node (HCL_EXPR_DATA)
 * read again from the file by hcl_data_walk(): no node a value.  Behaviour follows HashiCorp's
 * hclsyntax 2.14, checked by tests/hcl_oracle.sh on testdata/terraform/.
 */
#include "hcl.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swar.h"
#include "xalloc.h"

struct hcl_arena_chunk {
	struct hcl_arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

/* The kids of the tuples, objects and calls being read, innermost last:
 * each container takes its own off the top when it closes, in an array
 * of the exact size, where arrays grown by doubling in the arena would
 * leave every smaller copy behind. */
struct kid_stack {
	struct hcl_expr **items;
	size_t n, cap;
};

struct parser {
	const unsigned char *s;
	size_t len, pos;
	int nl_ignore;  /* > 0 inside ( ) [ ] ${ }: newlines are spaces */
	int depth;
	struct hcl_file *file;
	struct kid_stack *kids; /* on the heap: what it holds survives the longjmp */
	size_t data_fail; /* where the last look for literal data stopped (data_literal) */
	struct hcl_error *err;
	jmp_buf fail;
};

/* ---- memory ---------------------------------------------------------- */

/* n bytes of the arena, not zeroed. */
static void *arena_take(struct parser *p, size_t n)
{
	struct hcl_arena_chunk *c = p->file->arena;
	size_t align = sizeof(max_align_t);

	n = (n + align - 1) / align * align;
	if (!c || c->size - c->used < n) {
		size_t size = n > 16384 ? n : 16384;

		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = p->file->arena;
		p->file->arena = c;
	}
	void *r = (char *)c->data + c->used;
	c->used += n;
	return r;
}

static void *arena_alloc(struct parser *p, size_t n)
{
	return memset(arena_take(p, n), 0, n);
}

/* Make room for one more element of an arena array (old copies are left
 * in the arena: at most as much again). */
static void *arena_grow(struct parser *p, void *arr, size_t n, size_t *cap, size_t elsize)
{
	if (n < *cap)
		return arr;
	size_t ncap = *cap ? *cap * 2 : 4;

	if (ncap > SIZE_MAX / elsize / 2)
		xalloc_die();
	void *r = arena_alloc(p, ncap * elsize);
	if (n)
		memcpy(r, arr, n * elsize);
	*cap = ncap;
	return r;
}

static char *arena_strndup(struct parser *p, const unsigned char *s, size_t n)
{
	char *r = arena_alloc(p, n + 1);

	memcpy(r, s, n);
	return r;
}

void hcl_file_free(struct hcl_file *file)
{
	if (!file)
		return;
	for (struct hcl_arena_chunk *c = file->arena, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(file);
}

/* ---- errors and bytes ---------------------------------------------------- */

__attribute__((noreturn, format(printf, 4, 5)))
static void fail(struct parser *p, size_t start, size_t end, const char *fmt, ...)
{
	va_list ap;

	p->err->span.start = start;
	p->err->span.end = end;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
	va_end(ap);
	longjmp(p->fail, 1);
}

static int peek(const struct parser *p, size_t ahead)
{
	return p->pos + ahead < p->len ? p->s[p->pos + ahead] : -1;
}

static bool at(const struct parser *p, const char *lit)
{
	size_t n = strlen(lit);

	return p->len - p->pos >= n && memcmp(p->s + p->pos, lit, n) == 0;
}

static void enter(struct parser *p)
{
	if (++p->depth > HCL_DEPTH_MAX)
		fail(p, p->pos, p->pos, "nesting deeper than %d levels", HCL_DEPTH_MAX);
}

/* The length of the valid UTF-8 sequence at s[0, n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t min, cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* HCL reads text: a byte that is not UTF-8, or a NUL, stops it before any
 * grammar, so the rest of the reader may step over multi-byte characters
 * without checking them. */
static void check_encoding(struct parser *p)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;

	for (size_t i = 0; i < p->len;) {
		uint64_t x;

		/* ASCII, most of any file, eight bytes at a time: no high bit,
		 * and no zero byte (the borrow trick sets the high bit of one) */
		if (p->len - i >= 8 && (memcpy(&x, p->s + i, 8), !((x | ((x - ones) & ~x)) & highs))) {
			i += 8;
			continue;
		}
		if (p->s[i] > 0 && p->s[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = utf8_len(p->s + i, p->len - i);

		if (!n)
			fail(p, i, i + 1, "invalid UTF-8 byte 0x%02x", p->s[i]);
		if (!p->s[i])
			fail(p, i, i + 1, "NUL byte in the file");
		i += n;
	}
}

/* Is the non-ASCII character cp one that cannot be part of a name?  HCL
 * takes Unicode's identifier classes (letters, marks, digits); rather
 * than their tables, this refuses the blocks of punctuation, symbols,
 * spaces and emoji that are neither, and accepts the rest. */
static bool not_a_name_char(uint32_t cp)
{
	if (cp < 0xc0)
		return cp != 0xaa && cp != 0xb5 && cp != 0xba; /* Latin-1 signs; ª µ º are letters */
	return cp == 0xd7 || cp == 0xf7 ||                    /* × ÷ */
	       (cp >= 0x2000 && cp <= 0x2bff) ||              /* punctuation, symbols, arrows, shapes */
	       (cp >= 0x3000 && cp <= 0x3004) || (cp >= 0x3008 && cp <= 0x3020) || /* CJK punctuation */
	       cp == 0xfeff || (cp >= 0xfff0 && cp <= 0xffff) ||
	       (cp >= 0x1f000 && cp <= 0x1faff);             /* emoji and pictographs */
}

/* The bytes of the name character at offset at (first: one that may start
 * a name: not a digit or '-'), or 0. */
static size_t id_char(const struct parser *p, size_t at, bool first)
{
	int c = at < p->len ? p->s[at] : -1;

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return 1;
	if ((c >= '0' && c <= '9') || c == '-')
		return first ? 0 : 1;
	if (c < 0x80)
		return 0;
	size_t n = utf8_len(p->s + at, p->len - at); /* valid: check_encoding ran */
	uint32_t cp = (uint32_t)(c & (0xff >> (n + 1)));
	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (p->s[at + i] & 0x3f);
	return not_a_name_char(cp) ? 0 : n;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool at_newline(const struct parser *p)
{
	return peek(p, 0) == '\n' || (peek(p, 0) == '\r' && peek(p, 1) == '\n');
}

static void skip_newline(struct parser *p)
{
	p->pos += peek(p, 0) == '\r' ? 2 : 1;
}

/* Spaces and comments; newlines too inside brackets.  A line comment
 * stops before its newline, which still ends the line. */
static void skip(struct parser *p)
{
	for (;;) {
		size_t i = p->pos;

		while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t'))
			i++;
		p->pos = i;
		int c = peek(p, 0);

		if (c > '/') {
			return; /* none of the bytes below: most calls end here */
		} else if (c == '\r' && peek(p, 1) != '\n') {
			fail(p, p->pos, p->pos + 1, "a carriage return without a newline");
		} else if (at_newline(p) && p->nl_ignore > 0) {
			skip_newline(p);
		} else if (c == '#' || (c == '/' && peek(p, 1) == '/')) {
			while (p->pos < p->len && !at_newline(p))
				p->pos++;
		} else if (c == '/' && peek(p, 1) == '*') {
			size_t start = p->pos;

			p->pos += 2;
			while (p->pos < p->len && !at(p, "*/"))
				p->pos++;
			if (p->pos >= p->len)
				fail(p, start, start + 2, "unterminated /* comment");
			p->pos += 2;
		} else {
			return;
		}
	}
}

/* skip(), newlines included (between the items of a body or an object). */
static void skip_lines(struct parser *p)
{
	for (;;) {
		skip(p);
		if (!at_newline(p))
			return;
		skip_newline(p);
	}
}

static void expect(struct parser *p, char c, const char *where)
{
	skip(p);
	if (peek(p, 0) != c)
		fail(p, p->pos, p->pos + (p->pos < p->len), "expected '%c' %s", c, where);
	p->pos++;
}

/* An identifier at pos (or fail): *span its bytes. */
static void ident_scan(struct parser *p, struct hcl_span *span, const char *what)
{
	size_t start = p->pos;

	size_t n;

	if (!id_char(p, p->pos, true))
		fail(p, start, start + (start < p->len), "expected %s", what);
	while ((n = id_char(p, p->pos, false)) > 0)
		p->pos += n;
	span->start = (uint32_t)start;
	span->end = (uint32_t)p->pos;
}

/* An identifier at pos (or fail): its text, *span its bytes. */
static char *ident(struct parser *p, struct hcl_span *span, const char *what)
{
	ident_scan(p, span, what);
	return arena_strndup(p, p->s + span->start, span->end - span->start);
}

/* Is the identifier at span exactly word? */
static bool ident_is(const struct parser *p, struct hcl_span span, const char *word)
{
	size_t n = strlen(word);

	return span.end - span.start == n && !memcmp(p->s + span.start, word, n);
}

/* Is the word at pos exactly kw (not a longer identifier)? */
static bool at_keyword(const struct parser *p, const char *kw)
{
	return at(p, kw) && !id_char(p, p->pos + strlen(kw), false);
}

/* ---- expressions ------------------------------------------------------------ */

static struct hcl_expr *parse_expr(struct parser *p);

static struct hcl_expr *expr_new(struct parser *p, enum hcl_expr_kind kind, size_t start)
{
	struct hcl_expr *e = arena_alloc(p, sizeof *e);

	e->kind = (uint8_t)kind;
	e->span.start = start;
	e->span.end = start;
	return e;
}

static struct hcl_names *names_new(struct parser *p, char *name, struct hcl_span span)
{
	struct hcl_names *n = arena_alloc(p, sizeof *n);

	n->name = name;
	n->name_span = span;
	return n;
}

static void kid_push(struct parser *p, struct hcl_expr *kid)
{
	struct kid_stack *k = p->kids;

	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->items = xreallocarray(k->items, k->cap, sizeof *k->items);
	}
	k->items[k->n++] = kid;
}

/* The kids pushed since mark become e's. */
static void kids_take(struct parser *p, struct hcl_expr *e, size_t mark)
{
	struct kid_stack *k = p->kids;

	e->nkids = (uint32_t)(k->n - mark);
	if (e->nkids) {
		e->kids = arena_take(p, e->nkids * sizeof *e->kids);
		memcpy(e->kids, k->items + mark, e->nkids * sizeof *e->kids);
	}
	k->n = mark;
}

static struct hcl_expr *expr_wrap(struct parser *p, enum hcl_expr_kind kind,
                                  struct hcl_expr *a, struct hcl_expr *b, struct hcl_expr *c)
{
	struct hcl_expr *e = expr_new(p, kind, a->span.start);

	e->nkids = c ? 3 : b ? 2 : 1;
	e->kids = arena_take(p, e->nkids * sizeof *e->kids);
	e->kids[0] = a;
	if (b)
		e->kids[1] = b;
	if (c)
		e->kids[2] = c;
	e->span.end = (c ? c : b ? b : a)->span.end;
	return e;
}

/* -- templates: literal text with its map, interpolations, directives -- */

/* The text of a literal being read.  While it is the file's own bytes
 * (text NULL: [at, at + len) of the file), nothing is copied; the first
 * escape, $${ or byte from elsewhere makes it a copy with its map. */
struct lit_builder {
	char *text;
	uint32_t *map;
	size_t len, cap, mapcap;
	size_t at;
};

/* Make room for `need` elements of an arena array (as arena_grow). */
static void *arena_reserve(struct parser *p, void *arr, size_t used, size_t *cap, size_t need,
                           size_t elsize)
{
	if (need <= *cap)
		return arr;
	size_t ncap = *cap ? *cap * 2 : need; /* most strings and templates are one piece */

	if (ncap < need)
		ncap = need;
	if (ncap > SIZE_MAX / elsize / 2)
		xalloc_die();
	void *r = arena_alloc(p, ncap * elsize);
	if (used)
		memcpy(r, arr, used * elsize);
	*cap = ncap;
	return r;
}

/* Make b's text a copy with its map, with room for n more bytes. */
static void lit_own(struct parser *p, struct lit_builder *b, size_t n)
{
	size_t len = b->len;

	b->cap = b->mapcap = 0;
	b->text = arena_reserve(p, NULL, 0, &b->cap, len + n + 1, 1);
	b->map = arena_reserve(p, NULL, 0, &b->mapcap, len + n + 1, sizeof *b->map);
	memcpy(b->text, p->s + b->at, len);
	for (size_t i = 0; i < len; i++)
		b->map[i] = (uint32_t)(b->at + i);
	b->len = len;
}

/* n bytes of text, each mapped to at_offset (an escape's decoded bytes
 * all map to its backslash), or to at_offset + i when `run` (file bytes
 * as they are). */
static void lit_append(struct parser *p, struct lit_builder *b, const char *bytes, size_t n,
                       size_t at_offset, bool run)
{
	if (!b->text) {
		if (run && (b->len == 0 || at_offset == b->at + b->len)) {
			if (b->len == 0)
				b->at = at_offset;
			b->len += n;
			return; /* still the file's bytes */
		}
		lit_own(p, b, n);
	}
	/* + 1: room for the NUL (and map[len]) that lit_flush() adds */
	b->text = arena_reserve(p, b->text, b->len, &b->cap, b->len + n + 1, 1);
	b->map = arena_reserve(p, b->map, b->len, &b->mapcap, b->len + n + 1, sizeof *b->map);
	memcpy(b->text + b->len, bytes, n);
	for (size_t i = 0; i < n; i++)
		b->map[b->len + i] = (uint32_t)(run ? at_offset + i : at_offset);
	b->len += n;
}

static void lit_add(struct parser *p, struct lit_builder *b, const char *bytes, size_t n, size_t at_offset)
{
	lit_append(p, b, bytes, n, at_offset, false);
}

struct template {
	struct hcl_expr *e;
	size_t partcap;
	struct lit_builder lit;
	size_t lit_start;
	bool in_lit;
};

static struct hcl_part *part_add(struct parser *p, struct template *t, enum hcl_part_kind kind, size_t start)
{
	struct hcl_expr *e = t->e;

	e->parts = arena_reserve(p, e->parts, e->nparts, &t->partcap, e->nparts + 1, sizeof *e->parts);
	struct hcl_part *part = &e->parts[e->nparts++];
	memset(part, 0, sizeof *part);
	part->kind = kind;
	part->span.start = start;
	part->span.end = start;
	return part;
}

/* End the literal being built (if any) at offset end. */
static void lit_flush(struct parser *p, struct template *t, size_t end)
{
	if (!t->in_lit)
		return;
	struct hcl_part *part = part_add(p, t, HCL_PART_LITERAL, t->lit_start);
	struct lit_builder *b = &t->lit;

	if (!b->text && b->at + b->len != end)
		lit_own(p, b, 0);
	if (b->text) {
		b->text[b->len] = '\0'; /* lit_append() left room */
		b->map[b->len] = (uint32_t)end;
		part->lit.text = b->text;
		part->lit.map = b->map;
	} else {
		part->lit.text = (const char *)p->s + b->at;
	}
	part->lit.len = (uint32_t)b->len;
	part->lit.at = (uint32_t)t->lit_start;
	part->span.end = (uint32_t)end;
	memset(b, 0, sizeof *b);
	t->in_lit = false;
}

static void lit_byte(struct parser *p, struct template *t, const char *bytes, size_t n, size_t offset)
{
	if (!t->in_lit) {
		t->in_lit = true;
		t->lit_start = offset;
	}
	lit_add(p, &t->lit, bytes, n, offset);
}

/* File bytes [offset, offset + n) as text, each mapped to itself. */
static void lit_raw(struct parser *p, struct template *t, size_t offset, size_t n)
{
	if (!t->in_lit) {
		t->in_lit = true;
		t->lit_start = offset;
	}
	lit_append(p, &t->lit, (const char *)p->s + offset, n, offset, true);
}

/* How many bytes from pos are plain text of a template: none of the
 * bytes that can start an escape, a template, a line end or the closing
 * quote.  (The file's UTF-8 was checked before any grammar.) */
static size_t plain_run(const struct parser *p, size_t pos)
{
	size_t i = pos;

	while (i < p->len) {
		unsigned char c = p->s[i];

		if (c == '"' || c == '\\' || c == '$' || c == '%' || c == '\r' || c == '\n')
			break;
		i++;
	}
	return i - pos;
}

static unsigned hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	return 16;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A backslash escape of a quoted string, at pos. */
static void escape(struct parser *p, struct template *t)
{
	size_t start = p->pos;
	int c = peek(p, 1);
	char out[4];
	const char *simple = NULL;

	switch (c) {
	case 'n': simple = "\n"; break;
	case 'r': simple = "\r"; break;
	case 't': simple = "\t"; break;
	case '"': simple = "\""; break;
	case '\\': simple = "\\"; break;
	default: break;
	}
	if (simple) {
		lit_byte(p, t, simple, 1, start);
		p->pos += 2;
		return;
	}
	if (c != 'u' && c != 'U')
		fail(p, start, start + 2 > p->len ? p->len : start + 2,
		     "invalid escape sequence in a string: \\n, \\r, \\t, \\\", \\\\, \\uNNNN and \\UNNNNNNNN are valid");
	size_t digits = c == 'u' ? 4 : 8;
	uint32_t cp = 0;

	for (size_t i = 0; i < digits; i++) {
		unsigned v = hex_value(peek(p, 2 + i));

		if (v > 15)
			fail(p, start, start + 2 + i, "invalid \\%c escape: %zu hex digits are needed", c, digits);
		cp = cp << 4 | v;
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		fail(p, start, start + 2 + digits, "invalid \\%c escape: not a Unicode character", c);
	size_t n = utf8_encode(cp, out);
	lit_byte(p, t, out, n, start);
	p->pos += 2 + digits;
}

/* An optional strip marker (~) at pos. */
static void strip_marker(struct parser *p)
{
	if (peek(p, 0) == '~')
		p->pos++;
}

/* ${ expr } at pos. */
static void interpolation(struct parser *p, struct template *t)
{
	size_t start = p->pos;

	lit_flush(p, t, start);
	p->pos += 2;
	strip_marker(p);
	p->nl_ignore++;
	skip(p);
	struct hcl_expr *e = parse_expr(p);
	skip(p);
	strip_marker(p);
	expect(p, '}', "to end the interpolation");
	p->nl_ignore--;
	struct hcl_part *part = part_add(p, t, HCL_PART_INTERP, start);
	part->expr = e;
	part->span.end = p->pos;
}

/* %{ if | else | endif | for | endfor } at pos; *stack the open
 * directives ('i' if, 'e' if after else, 'f' for) so an unbalanced
 * template fails as in HCL. */
static void directive(struct parser *p, struct template *t, char *stack, int *nstack)
{
	size_t start = p->pos;
	struct hcl_span span;
	enum hcl_part_kind kind;

	lit_flush(p, t, start);
	p->pos += 2;
	strip_marker(p);
	p->nl_ignore++;
	skip(p);
	char *word = ident(p, &span, "if, else, endif, for or endfor after %{");
	struct hcl_part *part;
	if (!strcmp(word, "if")) {
		kind = HCL_PART_IF;
	} else if (!strcmp(word, "else")) {
		kind = HCL_PART_ELSE;
	} else if (!strcmp(word, "endif")) {
		kind = HCL_PART_ENDIF;
	} else if (!strcmp(word, "for")) {
		kind = HCL_PART_FOR;
	} else if (!strcmp(word, "endfor")) {
		kind = HCL_PART_ENDFOR;
	} else {
		fail(p, span.start, span.end, "unknown template directive '%s'", word);
	}
	part = part_add(p, t, kind, start);
	skip(p);
	if (kind == HCL_PART_IF) {
		part->expr = parse_expr(p);
	} else if (kind == HCL_PART_FOR) {
		struct hcl_span vs;

		part->value_var = ident(p, &vs, "a variable name after for");
		skip(p);
		if (peek(p, 0) == ',') {
			p->pos++;
			skip(p);
			part->key_var = part->value_var;
			part->value_var = ident(p, &vs, "a variable name after ','");
			skip(p);
		}
		if (!at_keyword(p, "in"))
			fail(p, p->pos, p->pos, "expected 'in' in a for directive");
		p->pos += 2;
		skip(p);
		part->expr = parse_expr(p);
	}
	skip(p);
	strip_marker(p);
	expect(p, '}', "to end the directive");
	p->nl_ignore--;
	part->span.end = p->pos;

	/* balance */
	char top = *nstack ? stack[*nstack - 1] : 0;
	switch (kind) {
	case HCL_PART_IF:
	case HCL_PART_FOR:
		if (*nstack >= HCL_DEPTH_MAX)
			fail(p, start, p->pos, "nesting deeper than %d levels", HCL_DEPTH_MAX);
		stack[(*nstack)++] = kind == HCL_PART_IF ? 'i' : 'f';
		break;
	case HCL_PART_ELSE:
		if (top != 'i')
			fail(p, start, p->pos, "%%{else} without an open %%{if}");
		stack[*nstack - 1] = 'e';
		break;
	case HCL_PART_ENDIF:
		if (top != 'i' && top != 'e')
			fail(p, start, p->pos, "%%{endif} without an open %%{if}");
		(*nstack)--;
		break;
	default:
		if (top != 'f')
			fail(p, start, p->pos, "%%{endfor} without an open %%{for}");
		(*nstack)--;
		break;
	}
}

/* One step of template text at pos: a character, an escape (quoted
 * strings only: a heredoc keeps its backslashes), $${ or %%{ (text), or
 * an interpolation or a directive. */
static void template_step(struct parser *p, struct template *t, bool heredoc, char *stack, int *nstack)
{
	size_t start = p->pos;

	if (peek(p, 0) == '\r' && peek(p, 1) != '\n')
		fail(p, start, start + 1, "a carriage return without a newline in a string");
	if (at(p, "$${") || at(p, "%%{")) {
		lit_raw(p, t, start + 1, 2);
		p->pos += 3;
	} else if (at(p, "${")) {
		interpolation(p, t);
	} else if (at(p, "%{")) {
		directive(p, t, stack, nstack);
	} else if (!heredoc && peek(p, 0) == '\\') {
		escape(p, t);
	} else {
		size_t n = plain_run(p, start);

		if (n == 0)
			n = utf8_len(p->s + start, p->len - start);
		lit_raw(p, t, start, n);
		p->pos += n;
	}
}

/* Give an empty template one empty literal, so a literal template is
 * exactly one part.  (Literal text is one part until an interpolation or
 * a directive: a heredoc's lines are not parts of their own.) */
static void template_finish(struct parser *p, struct template *t, size_t end)
{
	struct hcl_expr *e = t->e;

	if (!e->nparts) {
		e->lit = (struct hcl_string){"", NULL, 0, (uint32_t)end};
	} else if (e->nparts == 1 && e->parts[0].kind == HCL_PART_LITERAL) {
		e->lit = e->parts[0].lit;
		e->parts = NULL;
		e->nparts = 0;
	}
}

/* "..." at pos, when it is text alone (no escape, no template), as most
 * strings are: its bytes are the file's.  NULL for any other string. */
static struct hcl_expr *plain_string(struct parser *p)
{
	size_t body = p->pos + 1, n = plain_run(p, body);

	if (body + n >= p->len || p->s[body + n] != '"')
		return NULL;
	struct hcl_expr *e = expr_new(p, HCL_EXPR_TEMPLATE, p->pos);

	e->lit = (struct hcl_string){(const char *)p->s + body, NULL, (uint32_t)n, (uint32_t)body};
	p->pos = body + n + 1;
	e->span.end = (uint32_t)p->pos;
	return e;
}

/* "..." at pos. */
static struct hcl_expr *quoted_template(struct parser *p)
{
	struct hcl_expr *plain = plain_string(p);

	if (plain)
		return plain;
	size_t start = p->pos;
	struct template t = { .e = expr_new(p, HCL_EXPR_TEMPLATE, start) };
	char stack[HCL_DEPTH_MAX];
	int nstack = 0;

	enter(p);
	p->pos++;
	for (;;) {
		int c = peek(p, 0);

		if (c < 0 || c == '\n' || (c == '\r' && peek(p, 1) == '\n'))
			fail(p, start, p->pos, "unterminated string: a quoted string ends on its line");
		if (c == '"')
			break;
		template_step(p, &t, false, stack, &nstack);
	}
	lit_flush(p, &t, p->pos);
	if (nstack)
		fail(p, start, p->pos + 1, "unclosed %%{%s} in a string", stack[nstack - 1] == 'f' ? "for" : "if");
	template_finish(p, &t, p->pos);
	p->pos++;
	t.e->span.end = p->pos;
	p->depth--;
	return t.e;
}

/* Does a heredoc line at pos close it: spaces, the marker, spaces and a
 * newline (as in hclsyntax, the end of the file is not a newline here)?
 * *end the end of the line before its newline, where hclsyntax ends the
 * heredoc. */
static bool heredoc_close(const struct parser *p, const char *marker, size_t *end)
{
	size_t i = p->pos, n = strlen(marker);

	while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t'))
		i++;
	if (p->len - i < n || memcmp(p->s + i, marker, n))
		return false;
	i += n;
	while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t'))
		i++;
	*end = i;
	return i < p->len && (p->s[i] == '\n' || (p->s[i] == '\r' && i + 1 < p->len && p->s[i + 1] == '\n'));
}

/* <<- removes the smallest indentation of the lines from every line, as
 * hclsyntax does: counted on the text that starts each line (a line that
 * starts with ${ or %{ counts 0; a blank line counts not and keeps its
 * spaces; a tab or a Unicode space is one).  While reading, each counted line leaves a mark
 * (which literal part, where in it); the spaces go at the end, in one
 * pass.  A mark per line, not a part per line: a file of blank lines
 * would otherwise cost a hundred bytes a byte. */
struct indent_mark {
	size_t part, off;
};

struct indent {
	struct indent_mark *marks;
	size_t n, cap;
	size_t min;
};

/* The bytes of the white-space character at s[0, n) other than a line
 * end (Go's unicode.IsSpace: ASCII spaces, U+0085, U+00A0, U+1680,
 * U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), or 0. */
static size_t indent_char(const unsigned char *s, size_t n)
{
	if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\v' || s[0] == '\f'))
		return 1;
	if (n && s[0] == '\r')
		return n > 1 && s[1] == '\n' ? 0 : 1;
	if (n >= 2 && s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (n < 3)
		return 0;
	if ((s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80) || (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
		return s[2] >= 0x80 ? 3 : 0;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	return 0;
}

/* At the start of a heredoc line: count its indentation. */
static void indent_line(struct parser *p, struct template *t, struct indent *in)
{
	size_t i = p->pos, chars = 0, n;

	while ((n = indent_char(p->s + i, p->len - i)) > 0) {
		i += n;
		chars++;
	}
	if (i >= p->len || p->s[i] == '\n' || p->s[i] == '\r')
		return; /* blank */
	if (i == p->pos && i + 1 < p->len && (p->s[i] == '$' || p->s[i] == '%') && p->s[i + 1] == '{') {
		in->min = 0; /* an interpolation or a directive starts the line */
		return;
	}
	if (chars < in->min)
		in->min = chars;
	in->marks = arena_grow(p, in->marks, in->n, &in->cap, sizeof *in->marks);
	in->marks[in->n].part = t->e->nparts;
	in->marks[in->n++].off = t->in_lit ? t->lit.len : 0;
}

/* A literal's text and map to edit: a copy of the file's bytes, or the
 * copy the reader made (arena memory, its own). */
static void lit_writable(struct parser *p, struct hcl_string *s, char **text, uint32_t **map)
{
	if (s->map) {
		*text = (char *)s->text;
		*map = (uint32_t *)s->map;
		return;
	}
	*text = arena_take(p, s->len + 1);
	*map = arena_take(p, (s->len + 1) * sizeof **map);
	memcpy(*text, s->text, s->len);
	for (size_t i = 0; i <= s->len; i++)
		(*map)[i] = s->at + (uint32_t)i;
	s->text = *text;
	s->map = *map;
}

/* Remove in->min characters at every mark. */
static void indent_remove(struct parser *p, struct hcl_expr *e, const struct indent *in)
{
	size_t k = 0;

	for (size_t pi = 0; pi < e->nparts && k < in->n; pi++) {
		struct hcl_string *s = &e->parts[pi].lit;
		size_t w = 0, r = 0;
		char *text;
		uint32_t *map;

		if (in->marks[k].part != pi)
			continue;
		lit_writable(p, s, &text, &map);
		for (; k < in->n && in->marks[k].part == pi; k++) {
			size_t cut = in->marks[k].off, skip = cut;

			for (size_t c = 0; c < in->min; c++)
				skip += indent_char((const unsigned char *)text + skip, s->len - skip);
			memmove(text + w, text + r, cut - r);
			memmove(map + w, map + r, (cut - r) * sizeof *map);
			w += cut - r;
			r = skip;
		}
		memmove(text + w, text + r, s->len - r);
		memmove(map + w, map + r, (s->len - r + 1) * sizeof *map);
		s->len = (uint32_t)(w + s->len - r);
		text[s->len] = '\0';
		e->parts[pi].span.start = map[0];
	}
}

/* <<MARKER or <<-MARKER at pos. */
static struct hcl_expr *heredoc(struct parser *p)
{
	size_t start = p->pos, end;
	struct template t = { .e = expr_new(p, HCL_EXPR_TEMPLATE, start) };
	struct hcl_span ms;
	char stack[HCL_DEPTH_MAX];
	int nstack = 0;

	enter(p);
	t.e->heredoc = true;
	p->pos += 2;
	if (peek(p, 0) == '-') {
		t.e->flush = true;
		p->pos++;
	}
	char *marker = ident(p, &ms, "a heredoc marker after <<");
	if (!at_newline(p))
		fail(p, start, p->pos, "a heredoc marker must end its line");
	skip_newline(p);
	int saved = p->nl_ignore;
	p->nl_ignore = 0;
	bool line_start = true;
	struct indent in = { .min = SIZE_MAX };
	for (;;) {
		if (line_start && heredoc_close(p, marker, &end))
			break;
		if (p->pos >= p->len)
			fail(p, start, ms.end, "unterminated heredoc: no line '%s' closes it", marker);
		if (line_start && t.e->flush)
			indent_line(p, &t, &in);
		line_start = false;
		if (at_newline(p)) {
			size_t nl = p->pos;

			skip_newline(p);
			lit_raw(p, &t, nl, p->pos - nl);
			line_start = true;
			continue;
		}
		template_step(p, &t, true, stack, &nstack);
	}
	lit_flush(p, &t, p->pos);
	if (nstack)
		fail(p, start, end, "unclosed %%{%s} in a heredoc", stack[nstack - 1] == 'f' ? "for" : "if");
	if (t.e->flush && in.min != SIZE_MAX && in.min)
		indent_remove(p, t.e, &in);
	template_finish(p, &t, p->pos);
	p->nl_ignore = saved;
	p->pos = end;
	t.e->span.end = end;
	p->depth--;
	return t.e;
}

static size_t bit_length(uint64_t v)
{
	size_t n = 0;

	for (; v; v >>= 1)
		n++;
	return n;
}

/* Would Go's math/big read text[0, n) as a number, as hclsyntax asks it
 * to: digits, an optional point and digits, an optional exponent, and a
 * binary exponent (the mantissa's bits, less the digits after the point,
 * plus the exponent) inside int32?  1e2147483646 is a number, 1e2147483647
 * is not. */
static bool number_valid(const unsigned char *t, size_t n)
{
	size_t i = 0, sig = 0, frac = 0;
	uint64_t lead = 0;
	int64_t exp = 0;

	for (; i < n && is_digit(t[i]); i++)
		if (sig || t[i] != '0')
			lead = sig++ < 19 ? lead * 10 + (t[i] - '0') : lead;
	if (i < n && t[i] == '.') {
		for (i++; i < n && is_digit(t[i]); i++, frac++)
			if (sig || t[i] != '0')
				lead = sig++ < 19 ? lead * 10 + (t[i] - '0') : lead;
	}
	if (i < n && (t[i] == 'e' || t[i] == 'E')) {
		bool neg = ++i < n && t[i] == '-';
		size_t digits = 0;

		if (i < n && (t[i] == '+' || t[i] == '-'))
			i++;
		for (; i < n && is_digit(t[i]); i++, digits++) {
			if (exp > (INT64_MAX - 9) / 10)
				return false; /* math/big: exponent overflow */
			exp = exp * 10 + (t[i] - '0');
		}
		if (!digits)
			return false;
		if (neg)
			exp = -exp;
	}
	if (i != n)
		return false; /* 1.5.5, 1e5.5 */
	if (!sig)
		return true; /* zero: no exponent to apply */
	if (exp > INT64_MAX / 4 || exp < -(INT64_MAX / 4))
		return false;
	/* the mantissa's bits, exact up to 19 digits, close enough beyond */
	int64_t bits = sig <= 19 ? (int64_t)bit_length(lead)
	                         : (int64_t)((double)(sig - 19) * 3.321928094887362) + (int64_t)bit_length(lead);
	int64_t exp2 = bits - (int64_t)frac + exp;
	return exp2 >= INT32_MIN && exp2 <= INT32_MAX;
}

/* A number at pos, scanned as hclsyntax does: a digit, then digits, dots
 * and exponents (e or E, an optional sign, a digit), up to the last digit
 * or exponent mark; then checked as math/big reads it (1.e3 is a number,
 * 1e and 1.5.5 are errors; 1. is the number 1 followed by a dot). */
static size_t number_end(const struct parser *p, size_t pos)
{
	size_t i = pos + 1, end = i;

	for (;;) {
		int c = i < p->len ? p->s[i] : -1;

		if (is_digit(c)) {
			end = ++i;
		} else if (c == '.') {
			i++;
		} else if (c == 'e' || c == 'E') {
			size_t j = i + 1;

			if (j < p->len && (p->s[j] == '+' || p->s[j] == '-'))
				j++;
			if (j < p->len && is_digit(p->s[j])) {
				end = i = j + 1;
				continue;
			}
			return j; /* a number may end with its exponent mark (and fail) */
		} else {
			return end;
		}
	}
}

static struct hcl_expr *number(struct parser *p)
{
	struct hcl_expr *e = expr_new(p, HCL_EXPR_NUMBER, p->pos);
	size_t end = number_end(p, p->pos);

	if (!number_valid(p->s + e->span.start, end - e->span.start))
		fail(p, e->span.start, end, "invalid number '%.*s'", (int)(end - e->span.start > 40 ? 40 : end - e->span.start),
		     (const char *)p->s + e->span.start);
	p->pos = end;
	e->span.end = end;
	return e;
}

/* [for ...] or {for ...}; pos after "for". */
static struct hcl_expr *for_expr(struct parser *p, size_t start, bool object)
{
	struct hcl_expr *e = expr_new(p, HCL_EXPR_FOR, start);
	struct hcl_span vs;
	size_t mark = p->kids->n;
	char close = object ? '}' : ']';

	e->object_for = object;
	skip(p);
	char *name = ident(p, &vs, "a variable name after for");
	e->names = names_new(p, name, vs);
	skip(p);
	if (peek(p, 0) == ',') {
		p->pos++;
		skip(p);
		e->names->key_var = name;
		e->names->name = ident(p, &vs, "a variable name after ','");
		e->names->name_span = vs;
		skip(p);
	}
	if (!at_keyword(p, "in"))
		fail(p, p->pos, p->pos, "expected 'in' in a for expression");
	p->pos += 2;
	skip(p);
	kid_push(p, parse_expr(p));
	expect(p, ':', "after the collection of a for expression");
	skip(p);
	struct hcl_expr *first = parse_expr(p);
	skip(p);
	if (object) {
		if (!at(p, "=>"))
			fail(p, p->pos, p->pos, "expected '=>' in an object for expression");
		p->pos += 2;
		skip(p);
		kid_push(p, first);
		kid_push(p, parse_expr(p));
		skip(p);
		if (at(p, "...")) {
			e->expand_final = true;
			p->pos += 3;
			skip(p);
		}
	} else {
		kid_push(p, NULL);
		kid_push(p, first);
	}
	if (at_keyword(p, "if")) {
		p->pos += 2;
		skip(p);
		kid_push(p, parse_expr(p));
	} else {
		kid_push(p, NULL);
	}
	expect(p, close, "to end the for expression");
	kids_take(p, e, mark);
	e->span.end = (uint32_t)p->pos;
	return e;
}

static struct hcl_expr *tuple(struct parser *p)
{
	struct hcl_expr *e;
	size_t start = p->pos, mark = p->kids->n;

	p->pos++;
	p->nl_ignore++;
	skip(p);
	if (at_keyword(p, "for")) {
		p->pos += 3;
		e = for_expr(p, start, false);
		p->nl_ignore--;
		return e;
	}
	e = expr_new(p, HCL_EXPR_TUPLE, start);
	while (skip(p), peek(p, 0) != ']') {
		kid_push(p, parse_expr(p));
		skip(p);
		if (peek(p, 0) == ',')
			p->pos++;
		else if (peek(p, 0) != ']')
			fail(p, p->pos, p->pos + (p->pos < p->len), "expected ',' or ']' after a tuple element");
	}
	p->pos++;
	p->nl_ignore--;
	kids_take(p, e, mark);
	e->span.end = (uint32_t)p->pos;
	return e;
}

static struct hcl_expr *object(struct parser *p)
{
	struct hcl_expr *e;
	size_t start = p->pos, mark = p->kids->n;
	int saved = p->nl_ignore;

	p->pos++;
	p->nl_ignore = 0; /* newlines separate the items */
	skip_lines(p);
	if (at_keyword(p, "for")) {
		p->pos += 3;
		p->nl_ignore = 1;
		e = for_expr(p, start, true);
		p->nl_ignore = saved;
		return e;
	}
	e = expr_new(p, HCL_EXPR_OBJECT, start);
	while (skip_lines(p), peek(p, 0) != '}') {
		if (p->pos >= p->len)
			fail(p, start, start + 1, "unclosed '{': the object has no '}'");
		kid_push(p, parse_expr(p));
		skip(p);
		if (peek(p, 0) != ':' && !(peek(p, 0) == '=' && peek(p, 1) != '=' && peek(p, 1) != '>'))
			fail(p, p->pos, p->pos + (p->pos < p->len), "expected '=' or ':' after an object key");
		p->pos++;
		skip(p);
		kid_push(p, parse_expr(p));
		skip(p);
		if (peek(p, 0) == ',')
			p->pos++;
		else if (at_newline(p))
			skip_newline(p);
		else if (peek(p, 0) != '}')
			fail(p, p->pos, p->pos + (p->pos < p->len),
			     "expected ',', a newline or '}' after an object item");
	}
	p->pos++;
	p->nl_ignore = saved;
	kids_take(p, e, mark);
	e->span.end = (uint32_t)p->pos;
	return e;
}

/* name( args ) with pos at '('. */
static struct hcl_expr *call(struct parser *p, char *name, struct hcl_span ns)
{
	struct hcl_expr *e = expr_new(p, HCL_EXPR_CALL, ns.start);
	size_t mark = p->kids->n;

	e->names = names_new(p, name, ns);
	p->pos++;
	p->nl_ignore++;
	while (skip(p), peek(p, 0) != ')') {
		if (e->expand_final)
			fail(p, p->pos, p->pos + (p->pos < p->len), "'...' must follow the last argument");
		kid_push(p, parse_expr(p));
		skip(p);
		if (at(p, "...")) {
			e->expand_final = true;
			p->pos += 3;
			skip(p);
		}
		if (peek(p, 0) == ',')
			p->pos++;
		else if (peek(p, 0) != ')')
			fail(p, p->pos, p->pos + (p->pos < p->len), "expected ',' or ')' after an argument");
	}
	p->pos++;
	p->nl_ignore--;
	kids_take(p, e, mark);
	e->span.end = (uint32_t)p->pos;
	return e;
}

static struct hcl_expr *name_term(struct parser *p)
{
	struct hcl_span ns;

	ident_scan(p, &ns, "an expression");
	if (ident_is(p, ns, "true") || ident_is(p, ns, "false")) {
		struct hcl_expr *e = expr_new(p, HCL_EXPR_BOOL, ns.start);

		e->boolean = p->s[ns.start] == 't';
		e->span.end = ns.end;
		return e;
	}
	if (ident_is(p, ns, "null")) {
		struct hcl_expr *e = expr_new(p, HCL_EXPR_NULL, ns.start);

		e->span.end = ns.end;
		return e;
	}
	char *name = arena_strndup(p, p->s + ns.start, ns.end - ns.start);
	size_t after = p->pos;
	skip(p);
	if (peek(p, 0) == '(')
		return call(p, name, ns);
	p->pos = after;

	struct hcl_expr *e = expr_new(p, HCL_EXPR_VARIABLE, ns.start);
	e->names = names_new(p, name, ns);
	e->names->ident = (struct hcl_string){(const char *)p->s + ns.start, NULL, ns.end - ns.start, ns.start};
	e->span.end = ns.end;
	return e;
}

/* ---- literal data, kept as its span ---------------------------------------
 * A jsonencode() value is mostly objects of objects of strings: as nodes,
 * 56 bytes a string, alive while the request tree is built beside them.
 * An object or a tuple of literal data alone (quoted strings without
 * templates, numbers, true, false, null, keys written out, nested objects
 * and tuples) is one node, HCL_EXPR_DATA, its span: checked here once,
 * read again by hcl_data_walk().  The check accepts only what it is sure
 * of: a comment, a reference, an operator, an interpolation, a heredoc,
 * anything deeper than the nesting limit allows or any error makes it
 * give up, and the value is read as nodes, with the grammar's errors. */

/* One reading of a data value: checking (fn NULL) or walking. */
struct data {
	const struct parser *p;
	size_t pos;
	int depth;             /* levels left before the nesting limit */
	hcl_data_fn *fn;
	void *ctx;
	struct data_text {     /* a decoded string with escapes: text and map */
		char *text;
		uint32_t *map;
		size_t len, cap;
	} key, value;
};

static void data_text_add(struct data_text *t, const char *bytes, size_t n, size_t at, bool run)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->text = xrealloc(t->text, t->cap);
		t->map = xreallocarray(t->map, t->cap, sizeof *t->map);
	}
	memcpy(t->text + t->len, bytes, n);
	for (size_t i = 0; i < n; i++)
		t->map[t->len + i] = (uint32_t)(run ? at + i : at);
	t->len += n;
}

/* A \ escape at i of a quoted string, as escape() reads it; its length,
 * or 0 when it is not one.  Walking, its bytes go to t. */
static size_t data_escape(struct data *d, size_t i, struct data_text *t)
{
	const struct parser *p = d->p;
	int c = i + 1 < p->len ? p->s[i + 1] : -1;
	const char *simple = c == 'n' ? "\n" : c == 'r' ? "\r" : c == 't' ? "\t" : c == '"' ? "\""
	                   : c == '\\' ? "\\" : NULL;
	char out[4];

	if (simple) {
		if (d->fn)
			data_text_add(t, simple, 1, i, false);
		return 2;
	}
	if (c != 'u' && c != 'U')
		return 0;
	size_t digits = c == 'u' ? 4 : 8;
	uint32_t cp = 0;
	for (size_t k = 0; k < digits; k++) {
		unsigned v = i + 2 + k < p->len ? hex_value(p->s[i + 2 + k]) : 16;

		if (v > 15)
			return 0;
		cp = cp << 4 | v;
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (d->fn)
		data_text_add(t, out, utf8_encode(cp, out), i, false);
	return 2 + digits;
}

/* A quoted string at pos: *s its text (walking), *span its bytes. */
static bool data_string(struct data *d, struct data_text *t, struct hcl_string *s, struct hcl_span *span)
{
	const struct parser *p = d->p;
	size_t start = d->pos, i = start + 1, n = plain_run(p, i);

	if (i + n < p->len && p->s[i + n] == '"') { /* the file's own bytes, as plain_string() */
		*s = (struct hcl_string){(const char *)p->s + i, NULL, (uint32_t)n, (uint32_t)i};
		d->pos = i + n + 1;
		*span = (struct hcl_span){(uint32_t)start, (uint32_t)d->pos};
		return true;
	}
	t->len = 0;
	while (i < p->len && p->s[i] != '"') {
		int c = p->s[i], next = i + 1 < p->len ? p->s[i + 1] : -1;

		if (c == '\n' || c == '\r') {
			return false;
		} else if (c == '\\') {
			size_t k = data_escape(d, i, t);

			if (!k)
				return false;
			i += k;
		} else if ((c == '$' || c == '%') && next == c && i + 2 < p->len && p->s[i + 2] == '{') {
			if (d->fn) /* $${ is the text ${, its bytes the last two */
				data_text_add(t, (const char *)p->s + i + 1, 2, i + 1, true);
			i += 3;
		} else if ((c == '$' || c == '%') && next == '{') {
			return false; /* a template */
		} else {
			n = plain_run(p, i);
			n = n ? n : 1; /* a $ or % alone */
			if (d->fn)
				data_text_add(t, (const char *)p->s + i, n, i, true);
			i += n;
		}
	}
	if (i >= p->len)
		return false;
	if (d->fn) {
		t->text[t->len] = '\0';
		t->map[t->len] = (uint32_t)i;
	}
	*s = (struct hcl_string){t->text, t->map, (uint32_t)t->len, (uint32_t)(start + 1)};
	d->pos = i + 1;
	*span = (struct hcl_span){(uint32_t)start, (uint32_t)d->pos};
	return true;
}

/* Spaces and tabs; newlines too when `lines`. */
static void data_blank(struct data *d, bool lines)
{
	const unsigned char *s = d->p->s;
	size_t i = d->pos, len = d->p->len;

	for (;;) {
		/* a line's indentation, eight bytes at a time first */
#if SWAR_LITTLE_ENDIAN
		for (; lines && len - i >= 8; i += 8) {
			uint64_t other = swar_load(s + i) ^ (SWAR_ONES * ' ');
			if (other) {
				i += swar_first_nonzero(other);
				break;
			}
		}
#endif
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (lines && i < len && s[i] == '\n')
			i++;
		else if (lines && len - i >= 2 && s[i] == '\r' && s[i + 1] == '\n')
			i += 2;
		else
			break;
	}
	d->pos = i;
}

static bool data_value(struct data *d, const struct hcl_string *key, struct hcl_span key_span);

static void data_emit(struct data *d, enum hcl_data_kind kind, const struct hcl_string *key,
                      struct hcl_span key_span, struct hcl_span span, const struct hcl_string *text)
{
	struct hcl_data_event ev = {kind, key, key_span, span, text, kind == HCL_DATA_BOOL && d->p->s[span.start] == 't'};

	if (d->fn)
		d->fn(d->ctx, &ev);
}

/* The key of an object's item at pos: a quoted string, or a name other
 * than the words that would make it something else. */
static bool data_key(struct data *d, struct hcl_string *key, struct hcl_span *span)
{
	const struct parser *p = d->p;
	size_t start = d->pos, n;

	if (p->s[start] == '"')
		return data_string(d, &d->key, key, span);
	if (!id_char(p, start, true))
		return false;
	while ((n = id_char(p, d->pos, false)) > 0)
		d->pos += n;
	*span = (struct hcl_span){(uint32_t)start, (uint32_t)d->pos};
	*key = (struct hcl_string){(const char *)p->s + start, NULL, span->end - span->start, span->start};
	static const char *const words[] = {"true", "false", "null", "for"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (ident_is(p, *span, words[i]))
			return false;
	return true;
}

/* { key = value, ... } at pos: newlines separate the items. */
static bool data_object(struct data *d, const struct hcl_string *key, struct hcl_span key_span)
{
	const struct parser *p = d->p;
	struct hcl_span span = {(uint32_t)d->pos, (uint32_t)d->pos};

	data_emit(d, HCL_DATA_OBJECT, key, key_span, span, NULL);
	d->pos++;
	for (;;) {
		data_blank(d, true);
		if (d->pos >= p->len)
			return false;
		if (p->s[d->pos] == '}')
			break;
		struct hcl_string k;
		struct hcl_span ks;
		if (!data_key(d, &k, &ks))
			return false;
		data_blank(d, false);
		int c = d->pos < p->len ? p->s[d->pos] : -1, next = d->pos + 1 < p->len ? p->s[d->pos + 1] : -1;
		if (c != ':' && !(c == '=' && next != '=' && next != '>'))
			return false;
		d->pos++;
		data_blank(d, false);
		if (!data_value(d, &k, ks))
			return false;
		data_blank(d, false);
		c = d->pos < p->len ? p->s[d->pos] : -1;
		if (c == ',' || c == '\n')
			d->pos++;
		else if (c == '\r' && d->pos + 1 < p->len && p->s[d->pos + 1] == '\n')
			d->pos += 2;
		else if (c != '}')
			return false;
	}
	span.end = (uint32_t)++d->pos;
	data_emit(d, HCL_DATA_END, NULL, key_span, span, NULL);
	return true;
}

/* [ value, ... ] at pos: newlines are spaces. */
static bool data_tuple(struct data *d, const struct hcl_string *key, struct hcl_span key_span)
{
	const struct parser *p = d->p;
	struct hcl_span span = {(uint32_t)d->pos, (uint32_t)d->pos};

	data_emit(d, HCL_DATA_TUPLE, key, key_span, span, NULL);
	d->pos++;
	for (;;) {
		data_blank(d, true);
		if (d->pos >= p->len)
			return false;
		if (p->s[d->pos] == ']')
			break;
		if (!data_value(d, NULL, key_span))
			return false;
		data_blank(d, true);
		int c = d->pos < p->len ? p->s[d->pos] : -1;
		if (c == ',')
			d->pos++;
		else if (c != ']')
			return false;
	}
	span.end = (uint32_t)++d->pos;
	data_emit(d, HCL_DATA_END, NULL, key_span, span, NULL);
	return true;
}

static bool data_value(struct data *d, const struct hcl_string *key, struct hcl_span key_span)
{
	const struct parser *p = d->p;
	size_t start = d->pos;
	int c = start < p->len ? p->s[start] : -1;
	bool ok;

	if (c == '{' || c == '[') {
		if (--d->depth <= 0)
			return false;
		ok = c == '{' ? data_object(d, key, key_span) : data_tuple(d, key, key_span);
		d->depth++;
		return ok;
	}
	if (c == '"') {
		struct hcl_string s;
		struct hcl_span span;

		if (!data_string(d, &d->value, &s, &span))
			return false;
		data_emit(d, HCL_DATA_STRING, key, key_span, span, &s);
		return true;
	}
	if (is_digit(c)) {
		d->pos = number_end(p, start);
		if (!number_valid(p->s + start, d->pos - start))
			return false;
		data_emit(d, HCL_DATA_NUMBER, key, key_span, (struct hcl_span){(uint32_t)start, (uint32_t)d->pos}, NULL);
		return true;
	}
	struct hcl_span word;
	size_t n;
	if (!id_char(p, start, true))
		return false;
	while ((n = id_char(p, d->pos, false)) > 0)
		d->pos += n;
	word = (struct hcl_span){(uint32_t)start, (uint32_t)d->pos};
	if (ident_is(p, word, "true") || ident_is(p, word, "false"))
		data_emit(d, HCL_DATA_BOOL, key, key_span, word, NULL);
	else if (ident_is(p, word, "null"))
		data_emit(d, HCL_DATA_NULL, key, key_span, word, NULL);
	else
		return false; /* a reference or a call */
	return true;
}

/* The object or tuple at pos as one DATA node, when it is literal data
 * alone; NULL (pos unmoved) when it is not. */
static struct hcl_expr *data_literal(struct parser *p)
{
	/* a margin below the limit: the nodes' count of levels is not this
	 * one's, and an error there is theirs to give */
	struct data d = {.p = p, .pos = p->pos, .depth = HCL_DEPTH_MAX - p->depth - 8};

	if (p->pos < p->data_fail || !data_value(&d, NULL, (struct hcl_span){0, 0})) {
		/* What it holds is read as nodes, and any object inside it
		 * that starts before where this look stopped is not looked at
		 * again: each look would go as far, depth times over. */
		if (d.pos > p->data_fail)
			p->data_fail = d.pos;
		return NULL;
	}
	struct hcl_expr *e = expr_new(p, HCL_EXPR_DATA, p->pos);
	e->span.end = (uint32_t)d.pos;
	p->pos = d.pos;
	return e;
}

void hcl_data_walk(const struct hcl_file *file, const struct hcl_expr *data, hcl_data_fn *fn, void *ctx)
{
	struct parser p = {.s = (const unsigned char *)file->text, .len = data->span.end};
	struct data d = {.p = &p, .pos = data->span.start, .depth = HCL_DEPTH_MAX + 1, .fn = fn, .ctx = ctx};

	data_value(&d, NULL, (struct hcl_span){0, 0}); /* true: it was checked */
	free(d.key.text);
	free(d.key.map);
	free(d.value.text);
	free(d.value.map);
}

static struct hcl_expr *term(struct parser *p)
{
	int c = peek(p, 0);
	size_t start = p->pos;

	if (c == '(') {
		p->pos++;
		p->nl_ignore++;
		skip(p);
		struct hcl_expr *inner = parse_expr(p);
		expect(p, ')', "to close '('");
		p->nl_ignore--;
		struct hcl_expr *e = expr_wrap(p, HCL_EXPR_PAREN, inner, NULL, NULL);
		e->span.start = start;
		e->span.end = p->pos;
		return e;
	}
	if (c == '"')
		return quoted_template(p);
	if (at(p, "<<"))
		return heredoc(p);
	if (is_digit(c))
		return number(p);
	if (c == '[' || c == '{') {
		struct hcl_expr *data = data_literal(p);

		if (data)
			return data;
	}
	if (c == '[')
		return tuple(p);
	if (c == '{')
		return object(p);
	if (id_char(p, p->pos, true))
		return name_term(p);
	if (c < 0)
		fail(p, p->pos, p->pos, "expected an expression, found the end of the file");
	if (at_newline(p)) /* `a =` with nothing after it: a raw newline in quotes says nothing */
		fail(p, p->pos, p->pos + 1, "expected an expression, found the end of the line");
	fail(p, p->pos, p->pos + utf8_len(p->s + p->pos, p->len - p->pos),
	     "expected an expression, found '%.*s'", (int)utf8_len(p->s + p->pos, p->len - p->pos),
	     (const char *)p->s + p->pos);
}

/* .name .0 .* [expr] [*] after a term. */
static struct hcl_expr *postfix(struct parser *p, struct hcl_expr *e)
{
	for (;;) {
		size_t before = p->pos;

		skip(p);
		if (peek(p, 0) == '.' && peek(p, 1) != '.') {
			p->pos++;
			skip(p);
			if (peek(p, 0) == '*') {
				p->pos++;
				e = expr_wrap(p, HCL_EXPR_SPLAT, e, NULL, NULL);
				e->span.end = p->pos;
				continue;
			}
			struct hcl_expr *g = expr_wrap(p, HCL_EXPR_GETATTR, e, NULL, NULL);
			if (is_digit(peek(p, 0))) {
				size_t s = p->pos;

				while (is_digit(peek(p, 0)))
					p->pos++;
				/* HCL reads .0.1 as the number 0.1 after a dot */
				if (peek(p, 0) == '.' && is_digit(peek(p, 1)))
					fail(p, s, p->pos + 2, "two legacy indexes cannot be chained (.0.1): write [0][1]");
				struct hcl_span ns = {(uint32_t)s, (uint32_t)p->pos};
				g->names = names_new(p, arena_strndup(p, p->s + s, p->pos - s), ns);
			} else {
				struct hcl_span ns;
				char *name = ident(p, &ns, "an attribute name after '.'");
				g->names = names_new(p, name, ns);
			}
			g->span.end = p->pos;
			e = g;
		} else if (peek(p, 0) == '[') {
			p->pos++;
			p->nl_ignore++;
			skip(p);
			if (peek(p, 0) == '*') {
				p->pos++;
				expect(p, ']', "after '[*'");
				e = expr_wrap(p, HCL_EXPR_SPLAT, e, NULL, NULL);
				e->full_splat = true;
			} else {
				e = expr_wrap(p, HCL_EXPR_INDEX, e, parse_expr(p), NULL);
				expect(p, ']', "to close the index");
			}
			p->nl_ignore--;
			e->span.end = p->pos;
		} else {
			p->pos = before;
			return e;
		}
	}
}

static struct hcl_expr *unary(struct parser *p)
{
	int c = peek(p, 0);

	if (c == '-' || c == '!') {
		size_t start = p->pos;

		enter(p);
		p->pos++;
		skip(p);
		struct hcl_expr *e = expr_wrap(p, HCL_EXPR_UNARY, unary(p), NULL, NULL);
		e->op = c == '-' ? "-" : "!";
		e->span.start = start;
		p->depth--;
		return e;
	}
	return postfix(p, term(p));
}

/* The binary operator at pos of precedence level (0 || ... 5 * / %), or
 * NULL. */
static const char *binary_op(const struct parser *p, int level)
{
	static const char *const levels[6][5] = {
		{ "||" }, { "&&" }, { "==", "!=" }, { "<=", ">=", "<", ">" },
		{ "+", "-" }, { "*", "/", "%" },
	};
	static const char first[6][4] = {"|", "&", "=!", "<>", "+-", "*/%"};
	int c = peek(p, 0);
	/* Most expressions are followed by no operator: one look at the
	 * next byte spares six levels of comparisons per value. */
	if (c <= 0 || !strchr(first[level], c))
		return NULL;
	for (int i = 0; i < 5 && levels[level][i]; i++) {
		const char *op = levels[level][i];

		if (!at(p, op))
			continue;
		/* not a heredoc's <<, not a comment's // or slash-star */
		if (!strcmp(op, "<") && peek(p, 1) == '<')
			continue;
		if (!strcmp(op, "/") && (peek(p, 1) == '/' || peek(p, 1) == '*'))
			continue;
		return op;
	}
	return NULL;
}

static struct hcl_expr *binary(struct parser *p, int level)
{
	if (level == 6)
		return unary(p);
	struct hcl_expr *e = binary(p, level + 1);
	for (;;) {
		size_t before = p->pos;

		skip(p);
		const char *op = binary_op(p, level);
		if (!op) {
			p->pos = before;
			return e;
		}
		enter(p);
		p->pos += strlen(op);
		skip(p);
		e = expr_wrap(p, HCL_EXPR_BINARY, e, binary(p, level + 1), NULL);
		e->op = op;
		p->depth--;
	}
}

/* Can what follows an operand go on with the expression (an operator, a
 * conditional's ?)?  Most values end at a newline, a comma or a
 * bracket. */
static bool continues(const struct parser *p)
{
	int c = peek(p, 0);

	if (c == '=' || c == '!') /* ==, != (a lone = follows an object key) */
		return peek(p, 1) == '=';
	return c > 0 && strchr("|&<>+-*/%?", c);
}

static struct hcl_expr *parse_expr(struct parser *p)
{
	enter(p);
	size_t start = p->pos;
	struct hcl_expr *e = unary(p);
	size_t before = p->pos;

	skip(p);
	if (!continues(p)) {
		/* a lone operand, as most values are: the six levels of
		 * binary() would each look for an operator and find none */
		p->pos = before;
		p->depth--;
		return e;
	}
	p->pos = start; /* read it again through the operators' levels */
	e = binary(p, 0);
	before = p->pos;

	skip(p);
	if (peek(p, 0) == '?') {
		p->pos++;
		skip(p);
		struct hcl_expr *t = parse_expr(p);
		expect(p, ':', "in a conditional (a ? b : c)");
		skip(p);
		e = expr_wrap(p, HCL_EXPR_CONDITIONAL, e, t, parse_expr(p));
	} else {
		p->pos = before;
	}
	p->depth--;
	return e;
}

/* ---- bodies ------------------------------------------------------------------- */

static void parse_body(struct parser *p, struct hcl_body *body, bool in_block, size_t open);

static struct hcl_item *item_add(struct parser *p, struct hcl_body *body, size_t *cap)
{
	body->items = arena_grow(p, body->items, body->nitems, cap, sizeof *body->items);
	struct hcl_item *it = &body->items[body->nitems++];
	it->attr = NULL;
	it->block = NULL;
	return it;
}

/* name = expr, pos at '='. */
static struct hcl_attribute *attribute(struct parser *p, char *name, struct hcl_span ns)
{
	struct hcl_attribute *a = arena_alloc(p, sizeof *a);

	a->name = name;
	a->name_span = ns;
	p->pos++;
	skip(p);
	a->expr = parse_expr(p);
	a->span.start = ns.start;
	a->span.end = a->expr->span.end;
	return a;
}

/* After an attribute or a block: the line must end here. */
static void end_of_line(struct parser *p, const char *what)
{
	skip(p);
	if (p->pos < p->len && !at_newline(p))
		fail(p, p->pos, p->pos + utf8_len(p->s + p->pos, p->len - p->pos),
		     "expected a newline after %s", what);
}

static void label(struct parser *p, struct hcl_block *b, size_t *cap)
{
	b->labels = arena_grow(p, b->labels, b->nlabels, cap, sizeof *b->labels);
	struct hcl_label *l = &b->labels[b->nlabels++];
	memset(l, 0, sizeof *l);
	if (peek(p, 0) == '"') {
		struct hcl_expr *t = quoted_template(p);
		const struct hcl_string *lit = hcl_template_literal(t);

		if (!lit)
			fail(p, t->span.start, t->span.end, "a block label cannot hold an interpolation or a directive");
		l->text = *lit;
		l->span = t->span;
		l->quoted = true;
		return;
	}
	ident_scan(p, &l->span, "a block label");
	l->text = (struct hcl_string){(const char *)p->s + l->span.start, NULL, l->span.end - l->span.start,
	                              l->span.start};
}

/* type labels { ... }, pos after the type. */
static struct hcl_block *block(struct parser *p, char *type, struct hcl_span ts)
{
	struct hcl_block *b = arena_alloc(p, sizeof *b);
	size_t cap = 0;

	enter(p);
	b->type = type;
	b->type_span = ts;
	b->span.start = ts.start;
	while (skip(p), peek(p, 0) != '{') {
		if (peek(p, 0) != '"' && !id_char(p, p->pos, true))
			fail(p, p->pos, p->pos + (p->pos < p->len),
			     "expected '=' after an argument name or '{' after a block type and its labels");
		label(p, b, &cap);
	}
	size_t open = p->pos++;
	skip(p);
	if (at_newline(p)) {
		parse_body(p, &b->body, true, open);
	} else if (peek(p, 0) != '}') {
		/* a single-line block: at most one argument */
		struct hcl_span ns;
		size_t icap = 0;
		char *name = ident(p, &ns, "an argument or '}' in a single-line block");

		skip(p);
		if (peek(p, 0) != '=' || peek(p, 1) == '=')
			fail(p, ns.start, ns.end, "a single-line block holds at most one argument, 'name = value'");
		item_add(p, &b->body, &icap)->attr = attribute(p, name, ns);
		skip(p);
		if (peek(p, 0) != '}')
			fail(p, p->pos, p->pos + (p->pos < p->len),
			     "a single-line block must close after its one argument");
	}
	p->pos++;
	b->span.end = p->pos;
	p->depth--;
	return b;
}

static int attr_cmp(const void *a, const void *b)
{
	const struct hcl_attribute *x = *(const struct hcl_attribute *const *)a;
	const struct hcl_attribute *y = *(const struct hcl_attribute *const *)b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

/* An argument set twice in one body is an error in HCL; sorted, so a
 * body of many thousands of arguments stays fast. */
static void check_duplicates(struct parser *p, const struct hcl_body *body)
{
	size_t n = 0;
	struct hcl_attribute **attrs = xcalloc(body->nitems, sizeof *attrs);

	for (size_t i = 0; i < body->nitems; i++)
		if (body->items[i].attr)
			attrs[n++] = body->items[i].attr;
	qsort(attrs, n, sizeof *attrs, attr_cmp);
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(attrs[i - 1]->name, attrs[i]->name)) {
			struct hcl_span s = attrs[i]->name_span;
			char name[64];

			snprintf(name, sizeof name, "%s", attrs[i]->name);
			free(attrs);
			fail(p, s.start, s.end, "'%s' is set twice in one block: each argument may be set once", name);
		}
	}
	free(attrs);
}

/* Items until '}' (in_block; pos then after it) or the end of the file. */
static void parse_body(struct parser *p, struct hcl_body *body, bool in_block, size_t open)
{
	size_t cap = 0;

	for (;;) {
		skip_lines(p);
		if (p->pos >= p->len) {
			if (in_block)
				fail(p, open, open + 1, "unclosed '{': the block has no '}'");
			break;
		}
		if (peek(p, 0) == '}') {
			if (!in_block)
				fail(p, p->pos, p->pos + 1, "unexpected '}': no block is open");
			break;
		}
		struct hcl_span ns;
		char *name = ident(p, &ns, "an argument or a block definition");
		skip(p);
		struct hcl_item *it = item_add(p, body, &cap);
		if (peek(p, 0) == '=' && peek(p, 1) != '=') {
			it->attr = attribute(p, name, ns);
			end_of_line(p, "an argument");
		} else {
			it->block = block(p, name, ns);
			end_of_line(p, "a block");
		}
	}
	check_duplicates(p, body);
}

struct hcl_file *hcl_file_parse(const char *text, size_t len, struct hcl_error *err)
{
	struct parser p = { .s = (const unsigned char *)text, .len = len, .err = err };
	struct hcl_file *volatile file = xcalloc(1, sizeof *file);
	struct kid_stack *volatile kids = xcalloc(1, sizeof *kids);

	p.file = file;
	p.file->text = text;
	p.kids = kids;
	memset(err, 0, sizeof *err);
	if (setjmp(p.fail)) {
		free(kids->items);
		free(kids);
		hcl_file_free(file);
		return NULL;
	}
	if (len > UINT32_MAX)
		fail(&p, 0, 0, "the file is 4 GiB or more, larger than dtslint reads");
	check_encoding(&p);
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		p.pos = 3; /* a byte order mark, which hclsyntax skips */
	parse_body(&p, &p.file->body, false, 0);
	free(kids->items);
	free(kids);
	return file;
}

/* ---- questions about the tree ------------------------------------------------- */

const struct hcl_string *hcl_template_literal(const struct hcl_expr *expr)
{
	if (!expr || expr->kind != HCL_EXPR_TEMPLATE || expr->parts)
		return NULL;
	return &expr->lit;
}

const struct hcl_string *hcl_object_key(const struct hcl_expr *key)
{
	if (key && key->kind == HCL_EXPR_VARIABLE)
		return &key->names->ident;
	return hcl_template_literal(key);
}
