/*
 * jsonpos_util: tapes (the buffers trees are written into) and the doc,
 * private to jsonpos*.c.
 *
 * A tape holds one tree: nodes in document order and their text blocks
 * (layout in jsonpos.h).  While a tree is written the tape may move, so
 * writers hold offsets, never node pointers; once jtape_finish() has run
 * it never moves again and pointers into it live as long as the doc.
 */
#ifndef DTSLINT_JSONPOS_UTIL_H
#define DTSLINT_JSONPOS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jsonpos.h"

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

/* The text of a long string, or of one that may hold JSON, decoded from
 * the file on first use. */
struct jlazy {
	const char *file;
	uint32_t body_start, body_end; /* between the quotes */
	uint32_t len;                  /* decoded */
	char *text;                    /* NULL until asked for */
	struct jlazy *next;            /* the doc's list */
};

struct jdoc_chunk;
struct jarray_positions;

struct jdoc {
	struct jtape *tapes;
	struct jlazy *lazies;
	struct jdoc_chunk *chunks; /* maps and other blocks the doc owns */
	size_t n_values;           /* parsed so far */
	size_t max_values;         /* JSONPOS_MAX_VALUES unless a test lowers it */
	struct jarray_positions *positions; /* big arrays' elements, for pointers (jsonpos_view.c) */
};

/* Free what pointers remembered of the doc's arrays. */
void jdoc_positions_free(struct jdoc *doc);

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

/* Append a node with the header `shape` and `size` bytes in all
 * (jnode_fixed_size_(shape)), the rest zeroed; returns its offset.  A
 * container's skip is its size until its children follow. */
size_t jtape_node(struct jtape *t, const struct jnode *shape, size_t size);

static inline struct jcontainer *jtape_container(const struct jtape *t, size_t off)
{
	return (struct jcontainer *)(t->buf + off);
}

/* Room for a text of at most max_len bytes at the end of the tape: write
 * the text there, then call jtape_text_end with its length.  Returns the
 * block offset; the room is valid until the next call. */
char *jtape_text_room(struct jtape *t, size_t max_len);
size_t jtape_text_end(struct jtape *t, size_t len);

/* Copy a text into a block (or find an equal one); returns its offset. */
size_t jtape_text(struct jtape *t, const char *text, size_t len);

/* Append bytes as a block of their own (never shared): an index. */
void jtape_block(struct jtape *t, const void *bytes, size_t len);

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
