/*
 * jsonpos: recursive-descent JSON parser writing a tape (jsonpos.h).
 *
 * Three ways to read: the file itself; the escaped bytes of a JSON string
 * in the file, read in place (a DbList sent as a string: no decoded copy
 * of it and no map of its ten million bytes); and a decoded text with a
 * map of each byte to the file (query strings, JSON nested twice, and any
 * string the in-place reader gives up on: it handles the escapes JSON
 * writers produce and leaves the rest, errors included, to the map, which
 * words every message the same way).  What this file does not do: judge
 * whether the JSON is a good request (engine.c) or turn offsets into
 * line:column (source.c).
 */
#include "jsonpos.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "bytescan.h"
#include "jsonpos_decode.h"
#include "jsonpos_tape.h"
#include "swar.h"
#include "xalloc.h"

/* Strings this long in the file, and those that may hold JSON, are
 * decoded when first read, not while parsing: a DbList sent as a string
 * is read as JSON in place, and its decoded text, as big as the string,
 * is usually never asked for. */
#define JSONPOS_LAZY_MIN ((size_t)16 * 1024)

#define NO_NODE SIZE_MAX

enum read_mode {
	READ_FILE,    /* s is the file */
	READ_ESCAPED, /* s is the file; the JSON is the body of a string in it */
	READ_MAPPED,  /* s is a decoded text; map gives each byte's file offset */
};

struct parser {
	struct jdoc *doc;
	struct jtape *tape;
	const char *s;
	size_t len;
	size_t pos;
	enum read_mode mode;
	unsigned level;             /* what its nodes record: 0 the file, 1 escaped, 2 mapped */
	const uint32_t *map;        /* READ_MAPPED: each byte's file offset, or */
	struct json_offsets *offsets; /* found on demand for a string of the file */
	const struct jnode *outer;  /* a nested tree's string, or NULL */
	const char *file;           /* the file's bytes, for a nested tree */
	struct jerror *err;
	size_t cells_array;         /* the innermost open array while its elements are all
	                             * cells (jnode.h), or NO_NODE */
	size_t cells_from, cells;   /* where its first anchor is; its cells so far */
	/* The file's own parse (READ_FILE): white space bytes skipped so
	 * far, and whether the root object's members are counted (see
	 * jdoc_blank_in()). */
	size_t blank;
	bool count_blanks;
};

/* A member's key, read before its value's node exists. */
struct key {
	size_t block;      /* text block offset in the tape */
	size_t start, end; /* raw offsets, quotes included */
	size_t len;        /* decoded length */
};

static size_t to_file(const struct parser *ps, size_t off)
{
	if (ps->map)
		return ps->map[off];
	return ps->offsets ? json_offsets_at(ps->offsets, off) : off;
}

static size_t utf8_len_at(const char *s, size_t len, size_t pos)
{
	unsigned char c = (unsigned char)s[pos];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	return pos + n > len ? len - pos : n;
}

/* Record the first error; the span covers the offending character. */
static void fail_at(struct parser *ps, size_t pos, const char *fmt, const char *arg)
{
	if (ps->err->failed)
		return;
	ps->err->failed = true;
	size_t end = pos < ps->len ? pos + utf8_len_at(ps->s, ps->len, pos) : pos;
	ps->err->span.start = to_file(ps, pos);
	ps->err->span.end = to_file(ps, end);
	/* fmt holds at most one "%s", replaced by arg; done by hand so that
	 * messages stay plain constants (-Wformat-nonliteral). */
	const char *hole = strstr(fmt, "%s");
	size_t head = hole ? (size_t)(hole - fmt) : strlen(fmt);
	snprintf(ps->err->message, sizeof ps->err->message, "%.*s%s%s", (int)head, fmt,
	         hole && arg ? arg : "", hole ? hole + 2 : "");
}

/* A mistake that Python's str() of a dict makes (single quotes, True,
 * None): flagged so the caller can name the cause, not just the spot. */
static void fail_python(struct parser *ps, const char *message)
{
	if (!ps->err->failed)
		ps->err->python_literal = true;
	fail_at(ps, ps->pos, message, "");
}

/* Inside a string, line breaks and tabs of the inner JSON are escapes. */
static void skip_ws_escaped(struct parser *ps)
{
	while (ps->pos < ps->len) {
		char c = ps->s[ps->pos];
		if (c == ' ') {
			ps->pos++;
		} else if (c == '\\' && ps->pos + 1 < ps->len &&
		           (ps->s[ps->pos + 1] == 'n' || ps->s[ps->pos + 1] == 'r' || ps->s[ps->pos + 1] == 't')) {
			ps->pos += 2;
		} else {
			return;
		}
	}
}

/* Indentation is the white space there is most of: after a line break,
 * the run of spaces is measured eight bytes at a time where the machine
 * allows it.  skip_ws() is the test most calls end with, inlined. */
static void skip_ws_run(struct parser *ps)
{
	const char *s = ps->s;
	size_t i = ps->pos, len = ps->len;
	if (ps->mode == READ_ESCAPED) {
		skip_ws_escaped(ps);
		return;
	}
	while (i < len) {
		char c = s[i];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		i++;
#if SWAR_LITTLE_ENDIAN
		if (c != '\n')
			continue;
		while (i + 8 <= len) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			x ^= 0x2020202020202020u;
			if (x) {
				i += swar_first_nonzero(x);
				break;
			}
			i += 8;
		}
#endif
	}
	ps->blank += i - ps->pos;
	ps->pos = i;
}

static inline void skip_ws(struct parser *ps)
{
	/* most calls find a token at once: one test decides (a backslash
	 * may start white space, \n, in a string of JSON) */
	if (ps->pos < ps->len && (unsigned char)ps->s[ps->pos] > ' ' && ps->s[ps->pos] != '\\')
		return;
	skip_ws_run(ps);
}

/* Is a string's opening quote at pos? */
static bool at_quote(const struct parser *ps)
{
	if (ps->mode == READ_ESCAPED)
		return ps->pos + 1 < ps->len && ps->s[ps->pos] == '\\' && ps->s[ps->pos + 1] == '"';
	return ps->pos < ps->len && ps->s[ps->pos] == '"';
}

/* Describe the character at pos for an error message.  Only JSON's own
 * punctuation is quoted: any other character may be the first of a value
 * the parser never got to classify (an unquoted password), so a message
 * names its kind, never the character itself. */
static const char *describe_char(const struct parser *ps, size_t pos, char *buf, size_t size)
{
	if (pos >= ps->len)
		return "the end of the input";
	unsigned char c = (unsigned char)ps->s[pos];
	if (ascii_in_set((char)c, "{}[],:\"'")) {
		snprintf(buf, size, "'%c'", c);
		return buf;
	}
	if (c < 0x20 || c == 0x7F)
		return "a control character";
	if (c >= 0x80)
		return "a non-ASCII character";
	if (c == '/' && pos + 1 < ps->len && (ps->s[pos + 1] == '/' || ps->s[pos + 1] == '*'))
		return "a comment (JSON has none)";
	if (isalpha(c))
		return "a letter (a string without its double quotes?)";
	if (isdigit(c))
		return "a digit";
	return "a punctuation character";
}

/* ---- nodes ---------------------------------------------------------- */

/* Set the header's distances from the node at off to its parent and to
 * its key's text (NO_NODE: none); what does not fit in 16 bits (4-byte
 * units) is written by put_far_links() once the node exists. */
static void set_links(struct jnode *shape, size_t off, size_t parent, size_t key_block)
{
	if (parent != NO_NODE) {
		size_t units = (off - parent) / 4;
		shape->up = (uint16_t)(units < JN_UP_FAR ? units : JN_UP_FAR);
	}
	if (key_block != NO_NODE) {
		size_t units = (off - key_block) / 4;
		shape->key_ref = (uint16_t)(units <= UINT16_MAX ? units : 0);
	}
}

static void put_far_links(struct jtape *t, size_t off, size_t parent, size_t key_block)
{
	const struct jnode *n = jtape_at(t, off);
	size_t at = off + jnode_off_far_(n);
	if (n->up == JN_UP_FAR) {
		jtape_put_u32(t, at, (uint32_t)(off - parent));
		at += 4;
	}
	if (jnode_key_far_(n))
		jtape_put_u32(t, at, (uint32_t)(off - key_block));
}

/* The parts of a node the parser writes, each in its layout slot. */
struct node_parts {
	size_t text_block;        /* scalars without JN_LAZY */
	const struct jlazy *lazy; /* JN_LAZY */
};

/* Append a node for a value starting at raw offset start, as a child of
 * parent (NO_NODE for the root), a member when key is not NULL.  A
 * scalar's end (raw) and text length are known already: the end is
 * stored only when it does not follow from them.  The parts are written
 * in the order of the layout (jsonpos.h), each after the one before. */
static unsigned cell_kind(const struct parser *ps, enum jtype type, unsigned flags, size_t start, size_t end);
static size_t cell_add(struct parser *ps, size_t parent, unsigned kind, size_t file_start);
static void cells_expand(struct parser *ps);

static size_t node_add(struct parser *ps, enum jtype type, unsigned flags, size_t parent,
                       const struct key *key, size_t start, size_t end, size_t text_len,
                       const struct node_parts *parts)
{
	if (parent != NO_NODE && parent == ps->cells_array) {
		unsigned kind = key ? 0 : cell_kind(ps, type, flags, start, end);
		if (kind)
			return cell_add(ps, parent, kind, to_file(ps, start));
		cells_expand(ps);
	}
	size_t key_start = 0, key_end = 0;
	unsigned level = ps->level;
	struct jnode shape = {.start = (uint32_t)to_file(ps, start),
	                      .bits = (uint8_t)(type | level << JN_LEVEL_SHIFT)};
	if (key) {
		flags |= JN_MEMBER;
		key_start = to_file(ps, key->start);
		key_end = to_file(ps, key->end);
		/* stored only when the reader cannot derive it (jnode_key_span():
		 * +4 at levels 1 and 2), at level 2 too, where most keys of a
		 * DbList read through the map have their quotes escaped once */
		if (key_end != key_start + key->len + (level ? 4 : 2))
			flags |= JN_KEY_END;
		if (key_start <= shape.start && shape.start - key_start <= UINT16_MAX)
			shape.key_back = (uint16_t)(shape.start - key_start);
		else
			shape.bits |= JN_KEY_FAR;
	}
	if (parent == NO_NODE && ps->outer)
		flags |= JN_NESTED_ROOT;
	shape.flags = (uint8_t)flags;
	bool container = type == JT_OBJECT || type == JT_ARRAY;
	size_t file_end = 0;
	if (!container) {
		file_end = to_file(ps, end);
		if (file_end != jnode_derived_end_(&shape, text_len))
			shape.bits |= JN_END;
	}
	set_links(&shape, ps->tape->used, parent, key ? key->block : NO_NODE);
	size_t off = jtape_node(ps->tape, &shape, jnode_fixed_size_(&shape));
	/* Each part goes where the accessors will read it (jnode.h orders the
	 * parts, in one place); the rest of the node is zeroed. */
	struct jtape *t = ps->tape;
	if ((type == JT_STRING || type == JT_NUMBER) && !(flags & JN_LAZY))
		jtape_put_u32(t, off + jnode_off_text_(&shape),
		              (uint32_t)(int32_t)((long long)parts->text_block - (long long)off));
	if (shape.bits & JN_KEY_FAR)
		jtape_put_u32(t, off + jnode_off_member_(&shape), (uint32_t)key_start);
	if (flags & JN_KEY_END)
		jtape_put_u32(t, off + jnode_off_key_end_(&shape), (uint32_t)key_end);
	if (shape.bits & JN_END)
		jtape_put_u32(t, off + jnode_off_end_(&shape), (uint32_t)file_end);
	if (flags & JN_LAZY)
		jtape_put_ptr(t, off + jnode_off_lazy_(&shape), parts->lazy);
	if (flags & JN_NESTED_ROOT) {
		jtape_put_ptr(t, off + jnode_off_outer_(&shape), ps->outer);
		jtape_put_ptr(t, off + jnode_off_outer_(&shape) + sizeof(void *), ps->file);
	}
	put_far_links(ps->tape, off, parent, key ? key->block : NO_NODE);
	if (parent != NO_NODE)
		jtape_add_child(ps->tape, parent);
	return off;
}

static size_t node_open(struct parser *ps, enum jtype type, unsigned flags, size_t parent,
                        const struct key *key, size_t start)
{
	return node_add(ps, type, flags, parent, key, start, 0, 0, NULL);
}

/* A container's span ends at raw offset end, and its subtree here. */
static void node_close(struct parser *ps, size_t off, size_t end)
{
	jtape_seal(ps->tape, off, jtape_children(ps->tape, off), to_file(ps, end));
}

static void node_set_text(struct jtape *t, size_t off, size_t block)
{
	struct jnode *n = jtape_at(t, off);
	jtape_put_u32(t, off + jnode_off_text_(n), (uint32_t)(int32_t)((long long)block - (long long)off));
}

/* ---- cells ---------------------------------------------------------- */

/* The cell (jnode.h) an element at raw [start, end) would be, or 0:
 * null, a Boolean, or a number from 0 to 27 written as such, whose end
 * in the file follows from what it is. */
static unsigned cell_kind(const struct parser *ps, enum jtype type, unsigned flags, size_t start, size_t end)
{
	unsigned kind;
	const char *s = ps->s + start;
	if (type == JT_NULL) {
		kind = JCELL_NULL;
	} else if (type == JT_BOOL) {
		kind = flags & JN_TRUE ? JCELL_TRUE : JCELL_FALSE;
	} else if (type == JT_NUMBER && end - start == 1 && s[0] >= '0' && s[0] <= '9') {
		kind = JCELL_NUMBER + (unsigned)(s[0] - '0');
	} else if (type == JT_NUMBER && end - start == 2 && s[0] >= '1' && s[0] <= '9' && s[1] >= '0' &&
	           s[1] <= '9' && (s[0] - '0') * 10 + (s[1] - '0') <= JCELL_MAX_NUMBER) {
		kind = JCELL_NUMBER + (unsigned)((s[0] - '0') * 10 + (s[1] - '0'));
	} else {
		return 0;
	}
	size_t file_start = to_file(ps, start);
	if (file_start > JCELL_START_MASK || to_file(ps, end) != file_start + jcell_len_(kind))
		return 0;
	return kind;
}

/* Append the cell of an element of parent (the array the parser is
 * filling with cells), after an anchor every JCELL_RUN cells. */
static size_t cell_add(struct parser *ps, size_t parent, unsigned kind, size_t file_start)
{
	struct jtape *t = ps->tape;
	if (ps->cells % JCELL_RUN == 0) {
		if (!ps->cells)
			ps->cells_from = t->used;
		uint32_t anchor[2] = {JTEXT_MARK | 3, JTEXT_MARK | (uint32_t)(t->used + 4 - parent)};
		jtape_words(t, anchor, 2);
	}
	uint32_t cell = (uint32_t)kind << JCELL_SHIFT | (uint32_t)file_start;
	jtape_words(t, &cell, 1);
	ps->cells++;
	jtape_add_child(t, parent);
	return t->used - sizeof cell;
}

/* The node an element would have had instead of its cell: what
 * node_add() writes for it, text block first. */
static void cell_to_node(struct parser *ps, size_t array, uint32_t cell)
{
	struct jtape *t = ps->tape;
	unsigned kind = cell >> JCELL_SHIFT;
	size_t block = 0;
	if (kind >= JCELL_NUMBER)
		block = jtape_text(t, jcell_numbers_[kind - JCELL_NUMBER], jcell_len_(kind));
	struct jnode shape = {.start = cell & JCELL_START_MASK,
	                      .bits = (uint8_t)(jcell_type_(kind) | ps->level << JN_LEVEL_SHIFT),
	                      .flags = (uint8_t)(kind == JCELL_TRUE ? JN_TRUE : 0)};
	set_links(&shape, t->used, array, NO_NODE);
	size_t off = jtape_node(t, &shape, jnode_fixed_size_(&shape));
	if (kind >= JCELL_NUMBER)
		node_set_text(t, off, block);
	put_far_links(t, off, array, NO_NODE);
	jtape_add_child(t, array);
}

/* An element of the array being filled with cells cannot be one: the
 * cells before it become nodes (they are the end of the tape), and the
 * array's elements are nodes from now on. */
static void cells_expand(struct parser *ps)
{
	size_t array = ps->cells_array, n = ps->cells, k = 0;
	ps->cells_array = NO_NODE;
	ps->cells = 0;
	if (!n)
		return;
	struct jtape *t = ps->tape;
	uint32_t *cells = xreallocarray(NULL, n, sizeof *cells);
	for (size_t off = ps->cells_from; off < t->used; off += 4) {
		uint32_t w;
		memcpy(&w, t->buf + off, sizeof w);
		if (w & JTEXT_MARK)
			off += 4; /* an anchor's two words */
		else
			cells[k++] = w;
	}
	t->used = ps->cells_from;
	jtape_put_u32(t, array + sizeof(struct jnode), 0); /* the count starts again */
	for (k = 0; k < n; k++)
		cell_to_node(ps, array, cells[k]);
	free(cells);
}

/* The parser opens an array: its elements may be cells. */
static void cells_begin(struct parser *ps, size_t array)
{
	ps->cells_array = array;
	ps->cells = 0;
}

/* ---- duplicate keys ------------------------------------------------- */

/* A member as duplicate detection sees it. */
struct member_key {
	const char *key; /* the text block's bytes: short keys are shared within a tape,
	                  * so equal short keys have the same pointer */
	size_t len;
	struct jnode *node;
};

static bool same_member_key(const struct member_key *a, const struct member_key *b)
{
	return a->len == b->len && (a->key == b->key || memcmp(a->key, b->key, a->len) == 0);
}

/* The order of an object's index (jsonpos.h): length, last four bytes,
 * the others. */
static int compare_member_keys(const void *pa, const void *pb)
{
	const struct member_key *a = pa, *b = pb;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	uint32_t pa4 = jindex_prefix_(a->key, a->len), pb4 = jindex_prefix_(b->key, b->len);
	if (pa4 != pb4)
		return pa4 < pb4 ? -1 : 1;
	int c = a->key == b->key || a->len <= 4 ? 0 : memcmp(a->key, b->key, a->len - 4);
	if (c)
		return c;
	/* document order among equals: tape order is document order */
	return a->node < b->node ? -1 : a->node > b->node;
}

/* dup repeats first's key (jnode_duplicate_of() finds first again). */
static void mark_duplicate(struct jtape *t, struct jnode *dup, const struct jnode *first)
{
	(void)first;
	t->duplicates++;
	dup->flags |= JN_DUP;
}

/* A member as the parser met it: offsets, as the tape may move. */
struct member_ref {
	size_t key_block, len, node;
};

/* The members of an object being parsed, in order. */
struct member_list {
	struct member_ref small[JSONPOS_INDEX_FROM];
	struct member_ref *items;
	size_t n, cap;
};

/* Room for one more member: the small array first, then the heap. */
static void member_list_grow(struct member_list *l)
{
	if (!l->items) {
		l->items = l->small;
		l->cap = JSONPOS_INDEX_FROM;
		return;
	}
	struct member_ref *grown = xreallocarray(NULL, l->cap * 2, sizeof *grown);
	memcpy(grown, l->items, l->n * sizeof *grown);
	if (l->items != l->small)
		free(l->items);
	l->items = grown;
	l->cap *= 2;
}

/* One call a member: the test for room is all most of them need. */
static inline void member_list_add(struct member_list *l, struct member_ref m)
{
	if (l->n == l->cap)
		member_list_grow(l);
	l->items[l->n++] = m;
}

static void member_list_release(struct member_list *l)
{
	if (l->items != l->small)
		free(l->items);
}

/* Mark every member whose key an earlier member already used, and give a
 * big object its index (jsonpos.h): the object at off is complete, its
 * subtree ends at the end of the tape, and refs are its members.  Small
 * objects compare pairwise; large ones (a DbList with 100,000 tables)
 * sort, so the check stays O(n log n). */
static void finish_object(struct jtape *t, size_t off, const struct member_ref *refs, size_t n)
{
	if (n < 2)
		return;
	struct member_key small[JSONPOS_INDEX_FROM];
	struct member_key *v = n <= JSONPOS_INDEX_FROM ? small : xreallocarray(NULL, n, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (struct member_key){t->buf + refs[i].key_block + 4, refs[i].len, jtape_at(t, refs[i].node)};
	if (n <= JSONPOS_INDEX_FROM) {
		for (size_t a = 0; a < n; a++)
			for (size_t b = a + 1; b < n; b++)
				if (!(v[b].node->flags & JN_DUP) && !(v[a].node->flags & JN_DUP) &&
				    same_member_key(&v[a], &v[b]))
					mark_duplicate(t, v[b].node, v[a].node);
		return;
	}
	qsort(v, n, sizeof *v, compare_member_keys);
	for (size_t i = 1; i < n; i++)
		if (same_member_key(&v[i - 1], &v[i]))
			mark_duplicate(t, v[i].node,
			               jnode_is_duplicate(v[i - 1].node) ? jnode_duplicate_of(v[i - 1].node) : v[i - 1].node);
	/* the index, in the sorted order; written as a block, so that walks
	 * step over it (the tape may move) */
	struct jnode *obj = jtape_at(t, off);
	struct jindex_entry *index = xreallocarray(NULL, n, sizeof *index);
	for (size_t i = 0; i < n; i++)
		index[i] = (struct jindex_entry){(uint32_t)((char *)v[i].node - (char *)obj), (uint32_t)v[i].len,
		                                 jindex_prefix_(v[i].key, v[i].len)};
	free(v);
	jtape_block(t, index, n * sizeof *index);
	free(index);
	obj = jtape_at(t, off);
	obj->bits |= JN_INDEXED;
	jtape_seal(t, off, jnode_n_children(obj), jnode_span(obj).end); /* the index is its subtree's */
}

/* finish_object() for an object built by a jbuilder: its members are
 * read back from the tape. */
static void finish_built_object(struct jtape *t, size_t off)
{
	struct member_list l = {.n = 0};
	const struct jnode *obj = jtape_at(t, off);
	for (const struct jnode *c = jnode_first(obj); c; c = jnode_next(c))
		member_list_add(&l, (struct member_ref){(size_t)(jnode_key(c) - 4 - t->buf), jnode_key_len(c),
		                                        (size_t)((const char *)c - t->buf)});
	finish_object(t, off, l.items, l.n);
	member_list_release(&l);
}

/* ---- strings ------------------------------------------------------- */

/* Check the string starting at the opening quote; on success *body_end is
 * the offset of the closing quote, *plain tells that no escape occurs and
 * *decoded is the length of its text, counted as the escapes go by (a
 * DbList sent as a string is ten million bytes: no second pass to size
 * it).  The runs between escapes are found by a vector loop
 * (bytescan.c): strings are most of a request's bytes. */
static bool scan_string(struct parser *ps, size_t *body_end, bool *plain, size_t *decoded)
{
	size_t i = ps->pos + 1, saved = 0; /* bytes the escapes save once decoded */
	*plain = true;
	while ((i = bytescan_string_run(ps->s, i, ps->len)) < ps->len) {
		unsigned char c = (unsigned char)ps->s[i];
		if (c == '"') {
			*body_end = i;
			*decoded = i - (ps->pos + 1) - saved;
			return true;
		}
		if (c < 0x20) {
			fail_at(ps, i, c == '\n' ? "unescaped line break in a string: is a closing '\"' missing?"
			                         : "unescaped control character in a string; write it as a \\u escape",
			        NULL);
			return false;
		}
		if (c != '\\') {
			i++;
			continue;
		}
		*plain = false;
		/* From the first escape on, the one-letter escapes are stepped
		 * over in bulk (a string of JSON has one every few bytes); the
		 * loop goes on from what stops that, here or above. */
		size_t letters = 0;
		i = bytescan_string_escapes(ps->s, i, ps->len, &letters);
		saved += letters;
		if (i >= ps->len || ps->s[i] != '\\')
			continue;
		/* a backslash that starts no one-letter escape */
		if (i + 1 >= ps->len)
			break;
		char e = ps->s[i + 1];
		if (e != 'u') {
			/* the escaped character is not named: it is part of a value */
			fail_at(ps, i, "invalid escape in a string: JSON allows \\\" \\\\ \\/ \\b \\f \\n "
			        "\\r \\t \\u only; a literal backslash is written '\\\\'%s", "");
			return false;
		}
		unsigned cp;
		if (!json_read_hex4(ps->s, ps->len, i + 2, &cp)) {
			fail_at(ps, i, "invalid \\u escape: expected four hexadecimal digits%s", "");
			return false;
		}
		if (cp >= 0xDC00 && cp <= 0xDFFF) {
			fail_at(ps, i, "lone low surrogate in a \\u escape; it must follow a high surrogate (\\uD800-\\uDBFF)%s", "");
			return false;
		}
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			unsigned lo;
			if (i + 7 >= ps->len || ps->s[i + 6] != '\\' || ps->s[i + 7] != 'u' ||
			    !json_read_hex4(ps->s, ps->len, i + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
				fail_at(ps, i, "lone high surrogate in a \\u escape; it must be followed by a low surrogate (\\uDC00-\\uDFFF)%s", "");
				return false;
			}
			i += 12;
			saved += 12 - 4; /* a surrogate pair: four bytes of UTF-8 */
			continue;
		}
		i += 6;
		saved += 6 - (cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3);
	}
	fail_at(ps, ps->pos, "unterminated string: the closing '\"' is missing%s", "");
	return false;
}

/* The body of the string at ps->pos, bytes [*start, *end), checked. */
static bool file_string_body(struct parser *ps, size_t *start, size_t *end, bool *plain, size_t *decoded)
{
	if (!scan_string(ps, end, plain, decoded))
		return false;
	*start = ps->pos + 1;
	return true;
}

/*
 * A string inside a string, read in place: \" opens and closes it, and its
 * own escapes are escaped again (\\\" is a quote, \\\\ a backslash, \\n a
 * line break).  Anything else (a \u escape standing for a quote, a line
 * break not written as an escape, an escape JSON does not have) gives up:
 * the map reader reads it again and words the message.  Reads the body
 * from i (after the opening \"); writes into out when not NULL; returns
 * the decoded length, *end the offset of the closing \", or SIZE_MAX.
 */
/* A high surrogate cp completed by the low one written at s[i] after
 * `intro` (the \u of its level): *cp becomes the pair's code point.  An
 * emoji in a table's name is such a pair in a DbList string. */
static bool surrogate_pair(const char *s, size_t len, size_t i, const char *intro, unsigned *cp)
{
	size_t n = strlen(intro);
	unsigned lo;
	if (*cp > 0xDBFF || len - i < n || memcmp(s + i, intro, n) != 0 || !json_read_hex4(s, len, i + n, &lo) ||
	    lo < 0xDC00 || lo > 0xDFFF)
		return false;
	*cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
	return true;
}

static size_t escaped_string_body(const struct parser *ps, size_t i, char *out, size_t *end)
{
	const char *s = ps->s;
	size_t k = 0;
	while (i < ps->len) {
		unsigned cp;
		if (s[i] != '\\') {
			if (out)
				out[k] = s[i];
			k++;
			i++;
			continue;
		}
		if (i + 1 >= ps->len)
			return SIZE_MAX;
		char e = s[i + 1];
		if (e == '"') {
			*end = i;
			return k;
		}
		if (e == '/') {
			cp = '/';
			i += 2;
		} else if (e == 'u') {
			if (!json_read_hex4(s, ps->len, i + 2, &cp) || cp < 0x20 || cp == '"' || cp == '\\')
				return SIZE_MAX; /* look-alikes: the map reader */
			i += 6;
			if (cp >= 0xD800 && cp <= 0xDFFF) {
				if (!surrogate_pair(s, ps->len, i, "\\u", &cp))
					return SIZE_MAX; /* a lone surrogate: the map reader words it */
				i += 6;
			}
		} else if (e == '\\') {
			/* an escape of the inner string: its next character, itself escaped */
			if (i + 2 >= ps->len)
				return SIZE_MAX;
			char f = s[i + 2];
			size_t used = 3;
			if (f == '\\' && i + 3 < ps->len && (s[i + 3] == '\\' || s[i + 3] == '"' || s[i + 3] == '/')) {
				f = s[i + 3];
				used = 4;
			}
			if (f == 'u') {
				if (!json_read_hex4(s, ps->len, i + 3, &cp))
					return SIZE_MAX;
				used = 7;
				if (cp >= 0xD800 && cp <= 0xDFFF) {
					if (!surrogate_pair(s, ps->len, i + 7, "\\\\u", &cp))
						return SIZE_MAX;
					used += 7;
				}
			} else if (!json_letter_escape(f, &cp)) {
				return SIZE_MAX;
			}
			if (used == 3 && (f == '"' || f == '\\'))
				return SIZE_MAX; /* \\" or \\\ alone: not a well-formed pair of escapes */
			i += used;
		} else {
			return SIZE_MAX; /* \n \t \r \b \f: a control character the inner JSON may not hold */
		}
		char buf[4];
		size_t n = json_utf8_encode(cp, buf);
		if (out)
			memcpy(out + k, buf, n);
		k += n;
	}
	return SIZE_MAX;
}

/* Could this string hold a container?  Only those get room for a nested
 * root.  Looks past white space (and a byte order mark) in the decoded
 * text, or the raw body of a deferred one, where a \u escape might be a
 * bracket too. */
static bool may_hold_json(const char *t, size_t len, bool raw)
{
	/* most strings start with a letter or a digit: one test decides (a
	 * byte order mark starts with 0xEF, white space is below '0') */
	if (!len || ((unsigned char)t[0] >= '0' && (unsigned char)t[0] < 0x80 && t[0] != '[' && t[0] != '{' &&
	             t[0] != '\\'))
		return false;
	size_t i = 0;
	if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		char c = t[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			i++;
		} else if (raw && c == '\\' && i + 1 < len && ascii_in_set(t[i + 1], "nrt")) {
			i += 2;
		} else {
			return c == '{' || c == '[' || (raw && c == '\\');
		}
	}
	return false;
}

/* Read the string at ps->pos into a text block; advances past it.
 * *block is its offset; *lazy set instead for a long string of the file
 * (then *len is its decoded length and *body its raw body). */
static bool read_string(struct parser *ps, bool may_defer, size_t *block, size_t *len, struct jlazy **lazy)
{
	*lazy = NULL;
	if (ps->mode == READ_ESCAPED) {
		size_t start = ps->pos + 2, end;
		/* Most strings have no escape of their own: the next backslash
		 * is the closing \" and the bytes are the text. */
		const char *bs = memchr(ps->s + start, '\\', ps->len - start);
		if (bs && bs + 1 < ps->s + ps->len && bs[1] == '"') {
			end = (size_t)(bs - ps->s);
			*block = jtape_text(ps->tape, ps->s + start, end - start);
			*len = end - start;
			ps->pos = end + 2;
			return true;
		}
		size_t n = escaped_string_body(ps, start, NULL, &end);
		if (n == SIZE_MAX) {
			fail_at(ps, ps->pos, "%s", "a string the in-place reader leaves to the map");
			return false;
		}
		char *room = jtape_text_room(ps->tape, n);
		escaped_string_body(ps, start, room, &end);
		*block = jtape_text_end(ps->tape, n);
		*len = n;
		ps->pos = end + 2;
		return true;
	}
	size_t start, end, decoded;
	bool plain;
	if (!file_string_body(ps, &start, &end, &plain, &decoded))
		return false;
	/* A string of the file that is long, or that holds JSON (it will be
	 * read in place), is decoded only if its text is asked for. */
	if (may_defer && ps->mode == READ_FILE && !plain &&
	    (end - start >= JSONPOS_LAZY_MIN || may_hold_json(ps->s + start, end - start, true))) {
		*len = decoded;
		*lazy = jdoc_lazy_new(ps->doc, ps->s, start, end, *len);
	} else if (may_defer && ps->mode == READ_FILE && end - start >= JSONPOS_LAZY_MIN) {
		*len = end - start;
		*lazy = jdoc_lazy_new(ps->doc, ps->s, start, end, *len);
	} else if (plain) {
		*len = end - start;
		*block = jtape_text(ps->tape, ps->s + start, *len);
	} else {
		char *room = jtape_text_room(ps->tape, end - start);
		*len = json_decode_body(ps->s, start, end, room, NULL);
		*block = jtape_text_end(ps->tape, *len);
	}
	ps->pos = end + 1;
	return true;
}

static size_t parse_string_value(struct parser *ps, size_t parent, const struct key *key)
{
	if (parent != NO_NODE && parent == ps->cells_array)
		cells_expand(ps); /* before its text is written */
	size_t start = ps->pos, block = 0, len;
	struct jlazy *lazy;
	if (!read_string(ps, true, &block, &len, &lazy))
		return NO_NODE;
	bool slot = lazy ? may_hold_json(ps->s + start + 1, ps->pos - start - 2, true)
	                 : may_hold_json(ps->tape->buf + block + 4, len, false);
	unsigned flags = (lazy ? JN_LAZY : 0) | (slot ? JN_SLOT : 0);
	struct node_parts parts = {.text_block = block, .lazy = lazy};
	return node_add(ps, JT_STRING, flags, parent, key, start, ps->pos, len, &parts);
}

/* ---- numbers and literals ----------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number's node, its text block first, or its cell. */
static size_t number_add(struct parser *ps, size_t parent, const struct key *key, size_t start, size_t end)
{
	if (parent != NO_NODE && parent == ps->cells_array) {
		unsigned kind = key ? 0 : cell_kind(ps, JT_NUMBER, 0, start, end);
		if (kind)
			return cell_add(ps, parent, kind, to_file(ps, start));
		cells_expand(ps);
	}
	size_t block = jtape_text(ps->tape, ps->s + start, end - start);
	struct node_parts parts = {.text_block = block};
	return node_add(ps, JT_NUMBER, 0, parent, key, start, end, end - start, &parts);
}

static size_t parse_number(struct parser *ps, size_t parent, const struct key *key)
{
	size_t start = ps->pos, i = ps->pos;
	const char *s = ps->s;
	if (i < ps->len && s[i] == '-')
		i++;
	if (i >= ps->len || !is_digit(s[i])) {
		fail_at(ps, i, "invalid number: expected a digit%s", "");
		return NO_NODE;
	}
	if (s[i] == '0' && i + 1 < ps->len && is_digit(s[i + 1])) {
		fail_at(ps, i, "invalid number: leading zeros are not allowed; write the number as a string if the zeros matter%s", "");
		return NO_NODE;
	}
	while (i < ps->len && is_digit(s[i]))
		i++;
	if (i < ps->len && s[i] == '.') {
		i++;
		if (i >= ps->len || !is_digit(s[i])) {
			fail_at(ps, i, "invalid number: expected a digit after the decimal point%s", "");
			return NO_NODE;
		}
		while (i < ps->len && is_digit(s[i]))
			i++;
	}
	if (i < ps->len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < ps->len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= ps->len || !is_digit(s[i])) {
			fail_at(ps, i, "invalid number: expected a digit in the exponent%s", "");
			return NO_NODE;
		}
		while (i < ps->len && is_digit(s[i]))
			i++;
	}
	size_t off = number_add(ps, parent, key, start, i);
	ps->pos = i;
	return off;
}

static bool word_at(const struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	return ps->len - ps->pos >= n && memcmp(ps->s + ps->pos, word, n) == 0;
}

static size_t parse_literal(struct parser *ps, size_t parent, const struct key *key)
{
	static const struct {
		const char *word;
		enum jtype type;
		bool value;
	} literals[] = {
		{"true", JT_BOOL, true}, {"false", JT_BOOL, false}, {"null", JT_NULL, false},
	};
	for (size_t i = 0; i < sizeof literals / sizeof literals[0]; i++) {
		if (word_at(ps, literals[i].word)) {
			size_t start = ps->pos;
			ps->pos += strlen(literals[i].word);
			return node_add(ps, literals[i].type, literals[i].value ? JN_TRUE : 0, parent, key, start,
			                ps->pos, 0, NULL);
		}
	}
	/* Name the usual non-JSON spellings instead of "unexpected 'T'". */
	static const struct {
		const char *word, *message;
	} foreign[] = {
		{"True", "'True' is Python; JSON writes true%s"},
		{"False", "'False' is Python; JSON writes false%s"},
		{"None", "'None' is Python; JSON writes null%s"},
		{"NaN", "NaN is not a JSON number%s"},
		{"Infinity", "Infinity is not a JSON number%s"},
		{"undefined", "undefined is not JSON; use null%s"},
	};
	for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
		/* a whole word only: "Truelove" may be an unquoted password, and
		 * the message would quote its start */
		size_t after = ps->pos + strlen(foreign[i].word);
		if (word_at(ps, foreign[i].word) &&
		    (after >= ps->len || !(isalnum((unsigned char)ps->s[after]) || ps->s[after] == '_'))) {
			if (i < 3) /* True, False, None */
				fail_python(ps, foreign[i].message);
			else
				fail_at(ps, ps->pos, foreign[i].message, "");
			return NO_NODE;
		}
	}
	char buf[40];
	fail_at(ps, ps->pos, "expected a JSON value, found %s", describe_char(ps, ps->pos, buf, sizeof buf));
	return NO_NODE;
}

/* ---- containers ---------------------------------------------------- */

static size_t parse_value(struct parser *ps, int depth, size_t parent, const struct key *key);

static size_t parse_members(struct parser *ps, int depth, size_t obj, struct member_list *members);

/* The root object's member value at off held `blank` bytes of white
 * space between its tokens: kept for jdoc_blank_in() when it is an
 * object or an array (a size limit counts it minified, and counting it
 * again took a tenth of a 10 MB request's instructions). */
static void count_member_blanks(struct parser *ps, size_t off, size_t blank)
{
	const struct jnode *n = jtape_at(ps->tape, off);
	if (jnode_type(n) == JT_OBJECT || jnode_type(n) == JT_ARRAY)
		jdoc_add_blank_(ps->doc, jnode_span(n), blank);
}

static size_t parse_object(struct parser *ps, int depth, size_t parent, const struct key *in)
{
	size_t obj = node_open(ps, JT_OBJECT, 0, parent, in, ps->pos);
	/* only the counts: zeroing the sixteen inline slots cost more than
	 * the rest of a small object's bookkeeping */
	struct member_list members;
	members.items = NULL;
	members.n = members.cap = 0;
	size_t done = parse_members(ps, depth, obj, &members);
	member_list_release(&members);
	return done;
}

/* The members of the object at obj, from its '{' to its '}'. */
static size_t parse_members(struct parser *ps, int depth, size_t obj, struct member_list *members)
{
	size_t open = ps->pos;
	ps->pos++;
	skip_ws(ps);
	if (ps->pos < ps->len && ps->s[ps->pos] == '}') {
		ps->pos++;
		node_close(ps, obj, ps->pos);
		return obj;
	}
	char buf[40];
	size_t comma = open; /* the last ',': a trailing one is reported there */
	for (;;) {
		skip_ws(ps);
		if (ps->pos >= ps->len) {
			fail_at(ps, open, "unterminated object: the '}' closing this '{' is missing%s", "");
			return NO_NODE;
		}
		char c = ps->s[ps->pos];
		if (!at_quote(ps)) {
			if (c == '}')
				fail_at(ps, comma, "trailing comma before '}': remove this ','%s", "");
			else if (c == '\'')
				fail_python(ps, "keys must be in double quotes, not single quotes%s");
			else if (c == '/')
				fail_at(ps, ps->pos, "comments are not allowed in JSON%s", "");
			else
				fail_at(ps, ps->pos, "expected a key in double quotes, found %s",
				        describe_char(ps, ps->pos, buf, sizeof buf));
			return NO_NODE;
		}
		struct key key = {.start = ps->pos};
		struct jlazy *lazy;
		if (!read_string(ps, false, &key.block, &key.len, &lazy))
			return NO_NODE;
		key.end = ps->pos;
		skip_ws(ps);
		if (ps->pos >= ps->len || ps->s[ps->pos] != ':') {
			fail_at(ps, ps->pos, "expected ':' after the key, found %s",
			        describe_char(ps, ps->pos, buf, sizeof buf));
			return NO_NODE;
		}
		ps->pos++;
		skip_ws(ps);
		size_t blank_before = ps->blank;
		size_t member = parse_value(ps, depth + 1, obj, &key);
		if (member == NO_NODE)
			return NO_NODE;
		if (depth == 1 && ps->count_blanks)
			count_member_blanks(ps, member, ps->blank - blank_before);
		member_list_add(members, (struct member_ref){key.block, key.len, member});
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == ',') {
			comma = ps->pos++;
			continue;
		}
		if (ps->pos < ps->len && ps->s[ps->pos] == '}') {
			ps->pos++;
			node_close(ps, obj, ps->pos);
			finish_object(ps->tape, obj, members->items, members->n);
			return obj;
		}
		if (ps->pos >= ps->len)
			fail_at(ps, open, "unterminated object: the '}' closing this '{' is missing%s", "");
		else if (at_quote(ps))
			fail_at(ps, ps->pos, "missing ',' between two members of an object%s", "");
		else
			fail_at(ps, ps->pos, "expected ',' or '}' after a member, found %s",
			        describe_char(ps, ps->pos, buf, sizeof buf));
		return NO_NODE;
	}
}

static size_t parse_array(struct parser *ps, int depth, size_t parent, const struct key *key)
{
	size_t arr = node_open(ps, JT_ARRAY, 0, parent, key, ps->pos);
	size_t open = ps->pos;
	ps->pos++;
	skip_ws(ps);
	if (ps->pos < ps->len && ps->s[ps->pos] == ']') {
		ps->pos++;
		node_close(ps, arr, ps->pos);
		return arr;
	}
	cells_begin(ps, arr);
	char buf[40];
	size_t comma = open; /* the last ',': a trailing one is reported there */
	for (;;) {
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == ']') {
			fail_at(ps, comma, "trailing comma before ']': remove this ','%s", "");
			return NO_NODE;
		}
		if (parse_value(ps, depth + 1, arr, NULL) == NO_NODE)
			return NO_NODE;
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == ',') {
			comma = ps->pos++;
			continue;
		}
		if (ps->pos < ps->len && ps->s[ps->pos] == ']') {
			ps->pos++;
			node_close(ps, arr, ps->pos);
			ps->cells_array = NO_NODE;
			return arr;
		}
		if (ps->pos >= ps->len)
			fail_at(ps, open, "unterminated array: the ']' closing this '[' is missing%s", "");
		else
			fail_at(ps, ps->pos, "expected ',' or ']' after an array element, found %s",
			        describe_char(ps, ps->pos, buf, sizeof buf));
		return NO_NODE;
	}
}

static size_t parse_value(struct parser *ps, int depth, size_t parent, const struct key *key)
{
	if (depth > JSONPOS_MAX_DEPTH) {
		fail_at(ps, ps->pos, "nesting is deeper than the limit of %s levels", "512");
		return NO_NODE;
	}
	skip_ws(ps);
	if (ps->pos >= ps->len) {
		fail_at(ps, ps->pos, "unexpected end of input: expected a JSON value%s", "");
		return NO_NODE;
	}
	if (++ps->doc->n_values > ps->doc->max_values) {
		fail_at(ps, ps->pos, "more than %s values in one input: dtslint stops here "
		        "(a 10 MB DbList holds about 500,000)", "4,000,000");
		return NO_NODE;
	}
	if (at_quote(ps))
		return parse_string_value(ps, parent, key);
	char c = ps->s[ps->pos];
	switch (c) {
	case '{':
		return parse_object(ps, depth, parent, key);
	case '[':
		return parse_array(ps, depth, parent, key);
	case '\'':
		fail_python(ps, "strings must be in double quotes, not single quotes%s");
		return NO_NODE;
	default:
		if (c == '-' || is_digit(c))
			return parse_number(ps, parent, key);
		return parse_literal(ps, parent, key);
	}
}

/* Parse s[ps->pos, ps->len) as one value and white space into a new tape;
 * the root, or NULL with the tape given back. */
static struct jnode *parse_document(struct parser *ps)
{
	size_t begin = ps->pos;
	ps->cells_array = NO_NODE;
	/* a tree is about as big as its text: a little more for small values,
	 * less for a pretty-printed file; a mapped tape costs only what is
	 * written, a small one is a heap block */
	ps->tape = jtape_new(ps->doc, ps->len - ps->pos + (ps->len - ps->pos) / 2);
	/* A UTF-8 byte order mark is harmless and some Windows editors add it. */
	if (ps->len - ps->pos >= 3 && memcmp(ps->s + ps->pos, "\xEF\xBB\xBF", 3) == 0)
		ps->pos += 3;
	skip_ws(ps);
	size_t root = NO_NODE;
	if (ps->pos >= ps->len) {
		fail_at(ps, ps->pos, "%s", ps->len > begin ? "the input holds only white space; expected a JSON object"
		                                           : "the input is empty; expected a JSON object");
	} else {
		root = parse_value(ps, 1, NO_NODE, NULL);
		skip_ws(ps);
		if (root != NO_NODE && ps->pos < ps->len) {
			char buf[40];
			fail_at(ps, ps->pos, "found %s after the end of the JSON value",
			        describe_char(ps, ps->pos, buf, sizeof buf));
			root = NO_NODE;
		}
	}
	if (root == NO_NODE) {
		jtape_discard(ps->doc, ps->tape);
		return NULL;
	}
	jtape_finish(ps->tape);
	return jtape_at(ps->tape, root);
}

struct jnode *jsonpos_parse(struct jdoc *doc, const char *bytes, size_t len, struct jerror *err)
{
	struct parser ps = {.doc = doc, .s = bytes, .len = len, .mode = READ_FILE, .err = err, .count_blanks = true};
	memset(err, 0, sizeof *err);
	return parse_document(&ps);
}

/* ---- nested JSON ---------------------------------------------------- */

/* Record root as str's nested tree, where str has room for it. */
static struct jnode *adopt_nested(struct jnode *str, struct jnode *root)
{
	if (root && (str->flags & JN_SLOT))
		memcpy((char *)str + jnode_off_slot_(str), &root, sizeof root);
	return root;
}

/* Parse str's JSON through a decoded copy and its map. */
static struct jnode *parse_mapped(struct parser *ps, const char *outer, const struct jnode *str)
{
	uint32_t *owned = NULL;
	struct json_offsets offsets = {.mark_at = NULL};
	struct jspan span = jnode_span(str);
	if (str->flags & JN_VERBATIM) {
		ps->map = jnode_ptr_(str, jnode_off_map_(str));
	} else if (jnode_level_(str) == 0 && span.end - span.start >= 2) {
		/* a string of the file: its bytes are found from its escapes as
		 * nodes are written, not mapped beforehand (four bytes a byte: a
		 * 10 MB DbList with one emoji (a surrogate pair) took 6.9
		 * times its size) */
		json_offsets_init(&offsets, outer, span.start + 1, span.end - 1);
		ps->offsets = &offsets;
	} else {
		size_t len;
		owned = jsonpos_string_map_new(outer, str, &len);
		ps->map = owned;
	}
	ps->s = jnode_text(str);
	ps->len = jnode_text_len(str);
	ps->pos = 0;
	ps->mode = READ_MAPPED;
	ps->level = 2;
	struct jnode *root = parse_document(ps);
	free(owned);
	json_offsets_release(&offsets);
	ps->offsets = NULL;
	return root;
}

struct jnode *jsonpos_parse_nested(struct jdoc *doc, const char *outer, struct jnode *str,
                                   struct jerror *err)
{
	memset(err, 0, sizeof *err);
	if (jnode_nested(str))
		return jnode_nested(str);
	struct parser ps = {.doc = doc, .outer = str, .file = outer, .err = err};
	if (jnode_level_(str) == 0 && !(str->flags & JN_VERBATIM)) {
		/* In place, from the string's body in the file. */
		size_t values = doc->n_values;
		ps.s = outer;
		ps.pos = jnode_span(str).start + 1;
		ps.len = jnode_span(str).end - 1;
		ps.mode = READ_ESCAPED;
		ps.level = 1;
		struct jnode *root = parse_document(&ps);
		if (root)
			return adopt_nested(str, root);
		doc->n_values = values;
		memset(err, 0, sizeof *err);
	}
	return adopt_nested(str, parse_mapped(&ps, outer, str));
}

struct jnode *jsonpos_parse_nested_mapped(struct jdoc *doc, const char *outer, struct jnode *str,
                                          struct jerror *err)
{
	memset(err, 0, sizeof *err);
	struct parser ps = {.doc = doc, .outer = str, .file = outer, .err = err};
	return parse_mapped(&ps, outer, str);
}

/* ---- trees built by other decoders ----------------------------------- */

#define JBUILDER_MAX_DEPTH 64

struct jbuilder {
	struct jdoc *doc;
	struct jtape *tape;
	size_t open[JBUILDER_MAX_DEPTH]; /* offsets; open[depth] is the innermost */
	int depth;
	int lost; /* containers opened past the depth or the value limit, not recorded */
};

/* Append a built node: a member when key is not NULL (its key's span
 * stored, never derived), its end always stored; the caller writes the
 * parts its type has.  Returns its offset. */
static size_t built_node(struct jbuilder *b, enum jtype type, unsigned flags, const struct jbkey *key,
                         struct jspan span)
{
	struct jtape *t = b->tape;
	bool container = type == JT_OBJECT || type == JT_ARRAY;
	size_t parent = b->open[b->depth];
	size_t key_block = NO_NODE;
	unsigned bits = type | 2 << JN_LEVEL_SHIFT | (container ? 0 : JN_END);
	if (key && jnode_type(jtape_at(t, parent)) == JT_OBJECT) {
		key_block = jtape_text(t, key->name, key->len);
		flags |= JN_MEMBER | JN_KEY_END;
		bits |= JN_KEY_FAR;
	}
	struct jnode shape = {.start = (uint32_t)span.start, .bits = (uint8_t)bits, .flags = (uint8_t)flags};
	set_links(&shape, t->used, parent, key_block);
	size_t off = jtape_node(t, &shape, jnode_fixed_size_(&shape));
	struct jnode *n = jtape_at(t, off);
	put_far_links(t, off, parent, key_block);
	jtape_add_child(t, parent);
	if (key_block != NO_NODE) {
		jtape_put_u32(t, off + jnode_off_member_(n), (uint32_t)key->span.start);
		jtape_put_u32(t, off + jnode_off_key_end_(n), (uint32_t)key->span.end);
	}
	if (!container)
		jtape_put_u32(t, off + jnode_off_end_(n), (uint32_t)span.end);
	return off;
}

static size_t container_new(struct jbuilder *b, enum jtype type, size_t parent, size_t start)
{
	struct jnode shape = {.start = (uint32_t)start, .bits = (uint8_t)(type | 2 << JN_LEVEL_SHIFT)};
	set_links(&shape, b->tape->used, parent, NO_NODE);
	size_t off = jtape_node(b->tape, &shape, jnode_fixed_size_(&shape));
	put_far_links(b->tape, off, parent, NO_NODE);
	return off;
}

struct jbuilder *jbuilder_new(struct jdoc *doc, enum jtype root_type, size_t start)
{
	struct jbuilder *b = xcalloc(1, sizeof *b);
	b->doc = doc;
	b->tape = jtape_new(doc, 0);
	b->open[0] = container_new(b, root_type, NO_NODE, start);
	return b;
}

/* Values past the doc's limit or the builder's depth are dropped, as the
 * parser would refuse them: a reader never has to check. */
static bool builder_full(struct jbuilder *b, const struct jbkey *key)
{
	if (b->lost || (!key && jnode_type(jtape_at(b->tape, b->open[b->depth])) == JT_OBJECT))
		return true; /* past the depth, or a member without a key */
	if (b->doc->n_values >= b->doc->max_values)
		return true;
	b->doc->n_values++;
	return false;
}

void jbuilder_open_member(struct jbuilder *b, const struct jbkey *key, enum jtype type, size_t start)
{
	/* Past the depth, what is opened is not recorded but still counted,
	 * so that each close pairs with its open. */
	if (b->depth + 1 >= JBUILDER_MAX_DEPTH || builder_full(b, key)) {
		b->lost++;
		return;
	}
	size_t off = built_node(b, type, 0, key, (struct jspan){start, start});
	b->open[++b->depth] = off;
}

void jbuilder_open(struct jbuilder *b, enum jtype type, size_t start)
{
	jbuilder_open_member(b, NULL, type, start);
}

static void close_container(struct jbuilder *b, size_t off, size_t end)
{
	jtape_seal(b->tape, off, jtape_children(b->tape, off), end);
	if (jnode_type(jtape_at(b->tape, off)) == JT_OBJECT)
		finish_built_object(b->tape, off);
}

void jbuilder_close(struct jbuilder *b, size_t end)
{
	if (b->lost)
		b->lost--;
	else if (b->depth > 0)
		close_container(b, b->open[b->depth--], end);
}

int jbuilder_depth(const struct jbuilder *b)
{
	return b->depth + b->lost;
}

void jbuilder_string(struct jbuilder *b, const struct jbkey *key, const char *text, size_t len,
                     const uint32_t *map, struct jspan span)
{
	if (builder_full(b, key))
		return;
	uint32_t *map_copy = jdoc_alloc(b->doc, (len + 1) * sizeof *map_copy);
	memcpy(map_copy, map, (len + 1) * sizeof *map_copy);
	size_t text_block = jtape_text(b->tape, text, len);
	unsigned flags = JN_VERBATIM | (may_hold_json(text, len, false) ? JN_SLOT : 0);
	size_t off = built_node(b, JT_STRING, flags, key, span);
	node_set_text(b->tape, off, text_block);
	jtape_put_ptr(b->tape, off + jnode_off_map_(jtape_at(b->tape, off)), map_copy);
}

void jbuilder_string_member(struct jbuilder *b, const char *key, size_t key_len,
                            struct jspan key_span, const char *text, size_t len,
                            const uint32_t *map, struct jspan span)
{
	jbuilder_string(b, &(struct jbkey){key, key_len, key_span}, text, len, map, span);
}

void jbuilder_number(struct jbuilder *b, const struct jbkey *key, const char *text, size_t len,
                     struct jspan span)
{
	if (builder_full(b, key))
		return;
	size_t text_block = jtape_text(b->tape, text, len);
	size_t off = built_node(b, JT_NUMBER, 0, key, span);
	node_set_text(b->tape, off, text_block);
}

void jbuilder_bool(struct jbuilder *b, const struct jbkey *key, bool value, struct jspan span)
{
	if (!builder_full(b, key))
		built_node(b, JT_BOOL, value ? JN_TRUE : 0, key, span);
}

void jbuilder_null(struct jbuilder *b, const struct jbkey *key, struct jspan span)
{
	if (!builder_full(b, key))
		built_node(b, JT_NULL, 0, key, span);
}

void jbuilder_unknown(struct jbuilder *b, const struct jbkey *key, struct jspan span)
{
	if (!builder_full(b, key))
		built_node(b, JT_UNKNOWN, 0, key, span);
}

struct jnode *jbuilder_finish(struct jbuilder *b, size_t end, bool unwrap_single)
{
	while (b->depth > 0 || b->lost)
		jbuilder_close(b, end);
	struct jtape *t = b->tape;
	struct jdoc *doc = b->doc;
	size_t root = b->open[0];
	free(b);
	close_container(&(struct jbuilder){.tape = t}, root, end);
	struct jnode *r = jtape_at(t, root);
	if (jnode_n_children(r) == 0) {
		jtape_discard(doc, t);
		return NULL;
	}
	size_t keep = root;
	struct jnode *only = jnode_first(r);
	if (unwrap_single && jnode_n_children(r) == 1 && jnode_container_(only)) {
		/* The only request becomes the root: its subtree moves to the
		 * front, and the offsets inside it are all relative. */
		size_t from = (size_t)((char *)only - t->buf);
		memmove(t->buf + root, t->buf + from, t->used - from);
		t->used -= from - root;
		jtape_at(t, root)->up = 0;
	}
	jtape_finish(t);
	return jtape_at(t, keep);
}
