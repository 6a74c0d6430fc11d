/*
 * jsonpos_tape: the doc that owns every tree of one input, and tapes, the
 * buffers trees are written into (jsonpos_tape.c).  The doc's first four
 * calls are for everyone; the rest is for the json layer's writers.
 *
 * A tape holds one tree: nodes in document order and their text blocks
 * (layout in jnode.h).  While a tree is written the tape may move, so
 * writers hold offsets, never node pointers; once jtape_finish() has run
 * it never moves again and pointers into it live as long as the doc.
 */
#ifndef DTSLINT_JSONPOS_TAPE_H
#define DTSLINT_JSONPOS_TAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jnode.h"

/* Owner of every node and string of one input, nested trees included. */
struct jdoc;

struct jdoc *jdoc_new(void);
void jdoc_free(struct jdoc *doc);

/* Lower the value limit of one doc (JSONPOS_MAX_VALUES by default); for tests. */
void jdoc_limit_values(struct jdoc *doc, size_t max_values);

/* How many members of the doc's trees repeat an earlier key: when none
 * does, nothing needs to look for them. */
size_t jdoc_duplicates(const struct jdoc *doc);

/* How many bytes of white space lie between the tokens of the value at
 * span, an object or array member of the file's root object, as the file
 * was parsed (what a compact serialisation drops).  false: not counted
 * (another value, or a tree not parsed from the file). */
bool jdoc_blank_in(const struct jdoc *doc, struct jspan span, size_t *blank);

/* ---- for the json layer's own files -------------------------------- */

/* Texts this short are shared within a tape: the keys of a DbList ("name",
 * "all", "Table") are most of its texts and a few dozen distinct ones. */
#define JTAPE_SHARE_MAX 64

struct jtape {
	char *buf;
	size_t used, cap;
	bool mapped;          /* from mmap: grows with mremap, without a copy */
	struct jtape *next;   /* the doc's list */
	size_t duplicates;    /* members marked JN_DUP */
	uint32_t *share;      /* while writing: offsets + 1 of shared text blocks */
	size_t share_cap, share_used;
};

struct jdoc_chunk;
struct jarray_positions;

struct jdoc {
	struct jtape *tapes;
	struct jlazy *lazies;
	struct jdoc_chunk *chunks; /* maps and other blocks the doc owns */
	size_t n_values;           /* parsed so far */
	size_t max_values;         /* JSONPOS_MAX_VALUES unless a test lowers it */
	struct jarray_positions *positions; /* big arrays' elements, for pointers (jsonpos_view.c);
	                                     * in the doc's chunks */
	struct jblank *blanks;     /* owned: jdoc_blank_in()'s counts, in the file's order */
	size_t n_blanks, cap_blanks;
};

/* White space inside one value of the file's root object. */
struct jblank {
	size_t start, end; /* the value's span */
	size_t blank;
};

/* Record that the value at span holds `blank` bytes of white space
 * between its tokens (the parser, jsonpos.c). */
void jdoc_add_blank_(struct jdoc *doc, struct jspan span, size_t blank);

/* A new, empty tape owned by doc, with room for a tree of about `expect`
 * bytes (a guess from the input's size: growing is what it avoids). */
struct jtape *jtape_new(struct jdoc *doc, size_t expect);

/* Unlink and free a tape whose tree failed to parse. */
void jtape_discard(struct jdoc *doc, struct jtape *t);

/* The tree is complete: give back the spare room and the share table. */
void jtape_finish(struct jtape *t);

static inline struct jnode *jtape_at(const struct jtape *t, size_t off)
{
	return (struct jnode *)(t->buf + off);
}

/* Make room for `more` bytes past the used ones and the zeroed slack
 * every tape keeps (JNODE_TEXT_SLACK); may move the tape. */
void jtape_reserve_(struct jtape *t, size_t more);

/* Append a node with the header `shape` and `size` bytes in all
 * (jnode_fixed_size_(shape)), the rest zeroed; returns its offset.  A
 * container's word counts its children (jtape_add_child) until it is
 * sealed.  Inline: the parser writes one a value, and the tape has room
 * nearly always. */
static inline size_t jtape_node(struct jtape *t, const struct jnode *shape, size_t size)
{
	if (t->cap - t->used < size + JNODE_TEXT_SLACK)
		jtape_reserve_(t, size);
	size_t off = t->used;
	/* a node is a few words: stored one by one, not through memset */
	uint32_t *w = (uint32_t *)(void *)(t->buf + off);
	memcpy(w, shape, sizeof *shape);
	for (size_t i = sizeof *shape / 4; i < size / 4; i++)
		w[i] = 0;
	t->used += size;
	return off;
}

/* The open container at off has one more child. */
static inline void jtape_add_child(struct jtape *t, size_t off)
{
	uint32_t w;
	memcpy(&w, t->buf + off + sizeof(struct jnode), sizeof w);
	w++;
	memcpy(t->buf + off + sizeof(struct jnode), &w, sizeof w);
}

/* The children the open container at off counted. */
static inline size_t jtape_children(const struct jtape *t, size_t off)
{
	uint32_t w;
	memcpy(&w, t->buf + off + sizeof(struct jnode), sizeof w);
	return w;
}

/* Close the container at off: its subtree ends at the end of the tape,
 * its span at file offset end.  Its word says it all when it can (a
 * small container); else a trailer block is appended (jnode.h,
 * "containers").  Sealing again after more blocks were appended (an
 * index) leaves the first trailer as a block walks step over. */
void jtape_seal(struct jtape *t, size_t off, size_t children, size_t end);

/* Room for a text of at most max_len bytes at the end of the tape: write
 * the text there, then call jtape_text_end with its length.  Returns
 * where the text goes; the room is valid until the next call.  Inline as
 * jtape_node() is: the parser asks for one a key and a string. */
static inline char *jtape_text_room(struct jtape *t, size_t max_len)
{
	size_t block = 4 + ((max_len + 1 + 3) & ~(size_t)3); /* length word, text, NUL, padding */
	if (t->cap - t->used < block + JNODE_TEXT_SLACK)
		jtape_reserve_(t, block);
	return t->buf + t->used + 4;
}
size_t jtape_text_end(struct jtape *t, size_t len);

/* Copy a text into a block (or find an equal one); returns its offset. */
size_t jtape_text(struct jtape *t, const char *text, size_t len);

/* Append bytes as a block of their own (never shared): an index. */
void jtape_block(struct jtape *t, const void *bytes, size_t len);

/* Append n 32-bit words as they are: cells and their anchors (jnode.h). */
void jtape_words(struct jtape *t, const uint32_t *words, size_t n);

static inline void jtape_put_u32(struct jtape *t, size_t off, uint32_t v)
{
	memcpy(t->buf + off, &v, sizeof v);
}

static inline void jtape_put_ptr(struct jtape *t, size_t off, const void *p)
{
	memcpy(t->buf + off, &p, sizeof p);
}

/* size bytes the doc owns, zeroed, aligned for any type. */
void *jdoc_alloc(struct jdoc *doc, size_t size);

/* A lazy text holder for the body [start, end) of a string in file. */
struct jlazy *jdoc_lazy_new(struct jdoc *doc, const char *file, size_t start, size_t end, size_t len);

#endif
