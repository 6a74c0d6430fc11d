/*
 * jsonpos_view: reading a tree: lookups, pointers, and where a string's
 * content and each of its decoded bytes are in the file.
 */
#include "jsonpos_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos_decode.h"
#include "jsonpos_tape.h"
#include "xalloc.h"

struct jnode *jnode_duplicate_of(const struct jnode *n)
{
	if (!jnode_is_duplicate(n))
		return NULL;
	const struct jnode *obj = jnode_parent(n);
	struct jnode *first = jnode_get(obj, jnode_key(n));
	if (first && jnode_key_len(first) == jnode_key_len(n))
		return first;
	/* a key with a NUL in it: jnode_get() stops there, so walk */
	for (struct jnode *c = jnode_first(obj); c && c != n; c = jnode_next(c))
		if (!(c->flags & JN_DUP) && jnode_key_len(c) == jnode_key_len(n) &&
		    memcmp(jnode_key(c), jnode_key(n), jnode_key_len(n)) == 0)
			return c;
	return NULL;
}

struct jnode *jnode_last(const struct jnode *n)
{
	struct jnode *last = NULL;
	for (struct jnode *c = jnode_first(n); c; c = jnode_next(c))
		last = c;
	return last;
}

/* ---- lookups ------------------------------------------------------- */

/* An index entry against (key, len, prefix), in the index's order:
 * length, then the last four bytes, then the others from the node. */
static int entry_order(const struct jnode *obj, const struct jindex_entry *e, const char *key,
                       size_t len, uint32_t prefix)
{
	if (e->len != len)
		return e->len < len ? -1 : 1;
	if (e->prefix != prefix)
		return e->prefix < prefix ? -1 : 1;
	if (len <= 4)
		return 0;
	const struct jnode *m = (const struct jnode *)((const char *)obj + e->rel);
	return memcmp(jnode_key(m), key, len - 4);
}

/* The engine asks an object for each parameter of a catalogue: a big one
 * is searched in its index, a small one walked, node after node with the
 * key's length compared before its bytes. */
struct jnode *jnode_get(const struct jnode *obj, const char *key)
{
	if (!obj || jnode_type(obj) != JT_OBJECT || !jnode_n_children(obj))
		return NULL;
	size_t len = strlen(key), n = jnode_n_children(obj);
	uint32_t w = jcont_word_(obj);
	const char *end = (const char *)obj + jcont_skip_(w);
	if (obj->bits & JN_INDEXED) {
		/* the block's entries, then its four bytes of padding, then the
		 * trailer of a big object */
		const char *block_end = end - (w & JCONT_FAR ? JCONT_TRAILER : 0);
		const struct jindex_entry *index =
		    (const struct jindex_entry *)(block_end - 4 - sizeof(struct jindex_entry) * n);
		uint32_t prefix = jindex_prefix_(key, len);
		size_t lo = 0, hi = n;
		while (lo < hi) { /* the first entry not before the key: the first member with it */
			size_t mid = lo + (hi - lo) / 2;
			if (entry_order(obj, &index[mid], key, len, prefix) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n || entry_order(obj, &index[lo], key, len, prefix) != 0)
			return NULL;
		return (struct jnode *)((const char *)obj + index[lo].rel);
	}
	const char *p = (const char *)obj + jnode_fixed_size_(obj);
	const struct jnode *m;
	while ((m = jnode_skip_texts_to_(p, end))) { /* NULL past a big object's trailer */
		if (!(m->flags & JN_DUP)) {
			const char *block = jnode_key_block_(m);
			if (jnode_block_len_(block) == len && memcmp(block + 4, key, len) == 0)
				return (struct jnode *)m;
		}
		p = (const char *)m + jnode_skip_(m);
	}
	return NULL;
}

const struct jnode *jnode_object_view(const struct jnode *node)
{
	if (!node)
		return NULL;
	if (jnode_type(node) == JT_OBJECT)
		return node;
	const struct jnode *nested = jnode_type(node) == JT_STRING ? jnode_nested(node) : NULL;
	return nested && jnode_type(nested) == JT_OBJECT ? nested : NULL;
}

/* ---- pointers ------------------------------------------------------ */

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sbuf_putc(struct sbuf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->p = xrealloc(b->p, b->cap);
	}
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

static void append_token(struct sbuf *b, const char *key, size_t len)
{
	sbuf_putc(b, '/');
	for (size_t i = 0; i < len; i++) {
		if (key[i] == '~') {
			sbuf_putc(b, '~');
			sbuf_putc(b, '0');
		} else if (key[i] == '/') {
			sbuf_putc(b, '~');
			sbuf_putc(b, '1');
		} else {
			sbuf_putc(b, key[i]);
		}
	}
}

/* ---- array positions -------------------------------------------------
 * An element's index is the number of siblings before it.  Counted for
 * every pointer, a workflow of 40,000 requests with a finding each costs
 * 800 million steps; so a doc remembers, for each big array a pointer went
 * through, its elements in order (their addresses rise in document order:
 * one tree is one tape) and finds an element by binary search.  A
 * workflow of 10,000 requests with a finding each: 393 M instructions,
 * 1,846 M without (bench/README.md, "Memos"). */

struct jarray_positions {
	struct jarray_slot {
		const struct jnode *array;
		const struct jnode **elements; /* jnode_n_children(array) of them */
	} *slots;
	size_t cap, used; /* open addressing by the array's address; cap a power of 2 */
};

static size_t slot_of(const struct jarray_positions *ap, const struct jnode *array)
{
	uint64_t h = (uint64_t)(uintptr_t)array * 0x9E3779B97F4A7C15u;
	size_t i = (size_t)(h >> 32) & (ap->cap - 1);
	while (ap->slots[i].array && ap->slots[i].array != array)
		i = (i + 1) & (ap->cap - 1);
	return i;
}

/* Everything here is the doc's memory (jdoc_alloc), freed with the doc:
 * a table left behind when it doubles costs at most the size of the last. */
static void positions_grow(struct jdoc *doc, struct jarray_positions *ap)
{
	struct jarray_positions bigger = {.cap = ap->cap ? ap->cap * 2 : 16, .used = ap->used};
	bigger.slots = jdoc_alloc(doc, bigger.cap * sizeof *bigger.slots);
	for (size_t i = 0; i < ap->cap; i++)
		if (ap->slots[i].array)
			bigger.slots[slot_of(&bigger, ap->slots[i].array)] = ap->slots[i];
	*ap = bigger;
}

/* The elements of a big array, listed on first use. */
static const struct jnode **array_elements(struct jdoc *doc, const struct jnode *array)
{
	if (!doc->positions)
		doc->positions = jdoc_alloc(doc, sizeof *doc->positions);
	struct jarray_positions *ap = doc->positions;
	if (2 * (ap->used + 1) > ap->cap)
		positions_grow(doc, ap);
	struct jarray_slot *slot = &ap->slots[slot_of(ap, array)];
	if (!slot->array) {
		slot->array = array;
		slot->elements = jdoc_alloc(doc, jnode_n_children(array) * sizeof *slot->elements);
		size_t k = 0;
		for (const struct jnode *c = jnode_first(array); c; c = jnode_next(c))
			slot->elements[k++] = c;
		ap->used++;
	}
	return slot->elements;
}

/* The index of element `node` of `array`. */
static size_t element_index(struct jdoc *doc, const struct jnode *array, const struct jnode *node)
{
	size_t n = jnode_n_children(array);
	if (!doc || n <= JSONPOS_INDEX_FROM) {
		size_t index = 0;
		for (const struct jnode *c = jnode_first(array); c && c != node; c = jnode_next(c))
			index++;
		return index;
	}
	const struct jnode **elements = array_elements(doc, array);
	size_t lo = 0, hi = n;
	while (lo < hi) { /* the first element not before node: node itself */
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)elements[mid] < (uintptr_t)node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Path segments are collected leaf-first, then written root-first. */
static void append_node_path(struct sbuf *b, struct jdoc *doc, const struct jnode *node)
{
	if (!node)
		return;
	if (jnode_nested_root(node)) {
		append_node_path(b, doc, jnode_parent(node));
		return;
	}
	const struct jnode *parent = jnode_parent(node);
	if (!parent)
		return;
	append_node_path(b, doc, parent);
	if (jnode_type(parent) == JT_OBJECT) {
		append_token(b, jnode_key(node), jnode_key_len(node));
	} else {
		char num[32];
		int n = snprintf(num, sizeof num, "%zu", element_index(doc, parent, node));
		append_token(b, num, (size_t)n);
	}
}

char *jnode_pointer(struct jdoc *doc, const struct jnode *node)
{
	struct sbuf b = {0};
	sbuf_putc(&b, 'x'); /* make sure the buffer exists, then empty it */
	b.len = 0;
	b.p[0] = '\0';
	append_node_path(&b, doc, node);
	return b.p;
}

char *jnode_child_pointer(struct jdoc *doc, const struct jnode *parent, const char *key)
{
	struct sbuf b = {0};
	sbuf_putc(&b, 'x');
	b.len = 0;
	b.p[0] = '\0';
	append_node_path(&b, doc, parent);
	append_token(&b, key, strlen(key));
	return b.p;
}

/* ---- where decoded bytes are ------------------------------------------ */

/* The root of n's tree. */
static const struct jnode *tree_root(const struct jnode *n)
{
	if (jcell_kind_(n))
		n = jcell_array_(n);
	while (n->up)
		n = (const struct jnode *)((const char *)n - jnode_up_(n));
	return n;
}

/* The first index of the (non-decreasing) map[0, len] at or after offset. */
static size_t map_lower_bound(const uint32_t *map, size_t len, size_t offset)
{
	size_t lo = 0, hi = len + 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (map[mid] < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * What the file bytes [start, end) of a value or key of n's tree read as
 * in that tree: each tree decodes one more level of string escapes than
 * the tree its string is in.  Returns the text (malloc'ed, *len bytes)
 * and sets *map to the file offset of each byte (len + 1 entries, the
 * last one end).  file is the file's bytes, for a tree of the file.
 */
static char *region_text(const char *file, const struct jnode *n, size_t start, size_t end,
                         uint32_t **map, size_t *len)
{
	const struct jnode *root = tree_root(n);
	if (!(root->flags & JN_NESTED_ROOT)) {
		char *text = xmalloc(end - start + 1);
		uint32_t *m = xreallocarray(NULL, end - start + 1, sizeof *m);
		memcpy(text, file + start, end - start);
		for (size_t i = 0; i <= end - start; i++)
			m[i] = (uint32_t)(start + i);
		*len = end - start;
		*map = m;
		return text;
	}
	const struct jnode *str = jnode_ptr_(root, jnode_off_outer_(root));
	file = jnode_ptr_(root, jnode_off_outer_(root) + sizeof(void *));
	if (str->flags & JN_VERBATIM) {
		/* parsed from the decoder's text: the range is a piece of it */
		const uint32_t *smap = jnode_ptr_(str, jnode_off_map_(str));
		size_t slen = jnode_text_len(str);
		size_t a = map_lower_bound(smap, slen, start), b = map_lower_bound(smap, slen, end);
		if (b > slen)
			b = slen;
		if (a > b)
			a = b;
		char *text = xmalloc(b - a + 1);
		uint32_t *m = xreallocarray(NULL, b - a + 1, sizeof *m);
		memcpy(text, jnode_text(str) + a, b - a);
		memcpy(m, smap + a, (b - a) * sizeof *m);
		m[b - a] = (uint32_t)end;
		*len = b - a;
		*map = m;
		return text;
	}
	if (!(tree_root(str)->flags & JN_NESTED_ROOT)) {
		/* the string is in the file: decode the range straight from it */
		char *text = xmalloc(end - start + 1);
		uint32_t *m = xreallocarray(NULL, end - start + 1, sizeof *m);
		size_t k = json_decode_body(file, start, end, text, m);
		m[k] = (uint32_t)end;
		*len = k;
		*map = m;
		return text;
	}
	/* the range as the string's tree reads it, then its escapes decoded */
	uint32_t *outer_map;
	size_t outer_len;
	char *outer_text = region_text(file, str, start, end, &outer_map, &outer_len);
	char *text = xmalloc(outer_len + 1);
	uint32_t *m = xreallocarray(NULL, outer_len + 1, sizeof *m);
	size_t k = json_decode_body(outer_text, 0, outer_len, text, m);
	for (size_t i = 0; i < k; i++)
		m[i] = outer_map[m[i]];
	m[k] = (uint32_t)end;
	free(outer_text);
	free(outer_map);
	*len = k;
	*map = m;
	return text;
}

/* The bytes between the first and the last character of a quoted token
 * at [start, end) in n's tree: its content. */
static struct jspan unquoted(const struct jnode *n, size_t start, size_t end)
{
	if (jnode_level_(n) == 0)
		return (struct jspan){start + 1, end - 1};
	if (jnode_level_(n) == 1)
		return (struct jspan){start + 2, end - 2};
	uint32_t *map;
	size_t len;
	char *text = region_text(NULL, n, start, end, &map, &len);
	struct jspan span = {0, 0};
	if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
		span = (struct jspan){map[1], map[len - 1]};
	free(text);
	free(map);
	return span;
}

struct jspan jnode_content_span(const struct jnode *n)
{
	if (jnode_type(n) != JT_STRING)
		return jnode_span(n);
	if (jnode_verbatim(n)) {
		/* a built string: its text's bytes, by its map (between quotes
		 * where the reader's strings have them) */
		const uint32_t *map = jnode_ptr_(n, jnode_off_map_(n));
		return (struct jspan){map[0], map[jnode_text_len(n)]};
	}
	return unquoted(n, jnode_span(n).start, jnode_span(n).end);
}

bool jnode_built(const struct jnode *n)
{
	/* level 2 at the top is only the builder's (a parsed file's nodes
	 * are level 0; deeper levels sit under a nested root) */
	return jnode_level_(n) == 2 && !(tree_root(n)->flags & JN_NESTED_ROOT);
}

struct jspan jnode_key_content_span(const struct jnode *n)
{
	/* A built member that is no string (an object, a bool) has no text to
	 * unquote: reading it as if parsed read the file from NULL. */
	if (jnode_verbatim(n) || jnode_built(n))
		return jnode_key_span(n);
	struct jspan key = jnode_key_span(n);
	if (!key.end)
		return (struct jspan){0, 0};
	return unquoted(n, key.start, key.end);
}

uint32_t *jsonpos_string_map_new(const char *file, const struct jnode *str, size_t *len)
{
	if (jnode_verbatim(str)) {
		size_t n = jnode_text_len(str);
		uint32_t *copy = xreallocarray(NULL, n + 1, sizeof *copy);
		memcpy(copy, jnode_ptr_(str, jnode_off_map_(str)), (n + 1) * sizeof *copy);
		*len = n;
		return copy;
	}
	struct jspan span = jnode_span(str);
	if (!(tree_root(str)->flags & JN_NESTED_ROOT) && span.end - span.start >= 2) {
		/* a string of the file: its body decodes straight from the file */
		uint32_t *map = xreallocarray(NULL, span.end - span.start - 1, sizeof *map);
		size_t k = json_decode_body(file, span.start + 1, span.end - 1, NULL, map);
		map[k] = (uint32_t)(span.end - 1);
		*len = k;
		return map;
	}
	uint32_t *raw_map;
	size_t raw_len;
	char *raw = region_text(file, str, span.start, span.end, &raw_map, &raw_len);
	/* raw is the quoted token: decode its body once more */
	size_t body = raw_len >= 2 ? raw_len - 2 : 0;
	uint32_t *map = xreallocarray(NULL, body + 1, sizeof *map);
	char *text = xmalloc(body + 1);
	size_t k = json_decode_body(raw, 1, 1 + body, text, map);
	for (size_t i = 0; i < k; i++)
		map[i] = raw_map[map[i]];
	map[k] = raw_map[raw_len >= 1 ? raw_len - 1 : 0];
	free(text);
	free(raw);
	free(raw_map);
	*len = k;
	return map;
}
