/*
 * jsonpos_tape: tapes, shared texts, and what else a jdoc owns.
 *
 * A tape grows by doubling.  A copying realloc would need the old and the
 * new buffer at once, half again the tree at the worst moment, so on Linux
 * a tape past a few pages is an anonymous mapping that mremap() grows in
 * place or moves without copying; pages never written cost nothing.  Under
 * AddressSanitizer tapes stay on the heap, where overruns are caught.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* mremap */
#endif
#include "jsonpos_tape.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "jsonpos_decode.h"
#include "xalloc.h"

#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
#define JTAPE_USE_MREMAP 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#undef JTAPE_USE_MREMAP
#endif
#endif

#ifdef JTAPE_USE_MREMAP
#include <sys/mman.h>
#endif

/* Zeroed bytes kept past the last block (jnode.h says why). */
#define JTAPE_SLACK JNODE_TEXT_SLACK
#define JTAPE_FIRST_CAP ((size_t)1024)
#define JTAPE_MAP_FROM ((size_t)64 * 1024)
/* A mapped tape this big is asked to be on huge pages (one fault for 2 MB
 * instead of 512; with the input's buffer, source.c, the 10 MB object
 * request went from 4,470 page faults to 1,451 and 7% less wall time on
 * one thread, peak memory unchanged: bench/README.md, "Huge pages").
 * Below it, a huge page's rounding could cost more memory than the
 * faults cost time. */
#define JTAPE_HUGE_FROM ((size_t)4 << 20)
#define JTAPE_HUGE_PAGE ((size_t)2 << 20)
/* Texts are shared once a tree is this big: a small request's few
 * repeats are not worth hashing every text.  Sharing is a memory measure:
 * it costs the 1 MB and 10 MB requests 4% more instructions and saves 10
 * to 23% of their peak memory (the 10 MB string 24,624 KiB, 32,156 KiB
 * without: 2.3 and 3.1 times its size above the process's baseline,
 * where the target is 3).  Measured in bench/README.md, "Memos". */
#define JTAPE_SHARE_FROM ((size_t)16 * 1024)
/* How far back a shared text may be: well inside the 256 KB a node's
 * 16-bit key reference reaches. */
#define JTAPE_SHARE_REACH ((size_t)128 * 1024)

/* ---- the doc ------------------------------------------------------- */

struct jdoc_chunk {
	struct jdoc_chunk *next;
	max_align_t data[];
};

struct jdoc *jdoc_new(void)
{
	struct jdoc *doc = xcalloc(1, sizeof(struct jdoc));
	doc->max_values = JSONPOS_MAX_VALUES;
	return doc;
}

void jdoc_limit_values(struct jdoc *doc, size_t max_values)
{
	doc->max_values = max_values;
}

size_t jdoc_duplicates(const struct jdoc *doc)
{
	size_t n = 0;
	for (const struct jtape *t = doc->tapes; t; t = t->next)
		n += t->duplicates;
	return n;
}

static void tape_free(struct jtape *t)
{
#ifdef JTAPE_USE_MREMAP
	if (t->mapped)
		munmap(t->buf, t->cap);
	else
		free(t->buf);
#else
	free(t->buf);
#endif
	free(t->share);
	free(t);
}

void jdoc_add_blank_(struct jdoc *doc, struct jspan span, size_t blank)
{
	if (doc->n_blanks == doc->cap_blanks) {
		doc->cap_blanks = doc->cap_blanks ? 2 * doc->cap_blanks : 8;
		doc->blanks = xreallocarray(doc->blanks, doc->cap_blanks, sizeof *doc->blanks);
	}
	doc->blanks[doc->n_blanks++] = (struct jblank){span.start, span.end, blank};
}

bool jdoc_blank_in(const struct jdoc *doc, struct jspan span, size_t *blank)
{
	for (size_t i = 0; i < doc->n_blanks; i++) {
		if (doc->blanks[i].start == span.start && doc->blanks[i].end == span.end) {
			*blank = doc->blanks[i].blank;
			return true;
		}
	}
	return false;
}

void jdoc_free(struct jdoc *doc)
{
	if (!doc)
		return;
	free(doc->blanks);
	for (struct jtape *t = doc->tapes, *next; t; t = next) {
		next = t->next;
		tape_free(t);
	}
	for (struct jlazy *l = doc->lazies, *next; l; l = next) {
		next = l->next;
		free(l->text);
		free(l);
	}
	for (struct jdoc_chunk *c = doc->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc);
}

void *jdoc_alloc(struct jdoc *doc, size_t size)
{
	if (size > SIZE_MAX - sizeof(struct jdoc_chunk))
		xalloc_die();
	struct jdoc_chunk *c = xcalloc(1, sizeof *c + size);
	c->next = doc->chunks;
	doc->chunks = c;
	return c->data;
}

struct jlazy *jdoc_lazy_new(struct jdoc *doc, const char *file, size_t start, size_t end, size_t len)
{
	struct jlazy *l = xcalloc(1, sizeof *l);
	l->len = (uint32_t)len;
	l->file = file;
	l->body_start = (uint32_t)start;
	l->body_end = (uint32_t)end;
	l->next = doc->lazies;
	doc->lazies = l;
	return l;
}

/* ---- tapes --------------------------------------------------------- */

static void tape_resize(struct jtape *t, size_t cap);

struct jtape *jtape_new(struct jdoc *doc, size_t expect)
{
	struct jtape *t = xcalloc(1, sizeof *t);
	t->next = doc->tapes;
	doc->tapes = t;
	if (expect > JTAPE_FIRST_CAP)
		tape_resize(t, expect);
	return t;
}

void jtape_discard(struct jdoc *doc, struct jtape *t)
{
	for (struct jtape **p = &doc->tapes; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	tape_free(t);
}

/* Resize the buffer to cap bytes (up or down); the bytes kept stay. */
static void tape_resize(struct jtape *t, size_t cap)
{
#ifdef JTAPE_USE_MREMAP
	if (t->mapped) {
		void *p = mremap(t->buf, t->cap, cap, MREMAP_MAYMOVE);
		if (p == MAP_FAILED)
			xalloc_die();
		t->buf = p;
		t->cap = cap;
		return;
	}
	if (cap >= JTAPE_MAP_FROM) {
		bool huge = cap >= JTAPE_HUGE_FROM;
		if (huge) /* a multiple of the huge page: the kernel aligns the mapping to one */
			cap = (cap + JTAPE_HUGE_PAGE - 1) & ~(JTAPE_HUGE_PAGE - 1);
		void *p = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			xalloc_die();
		if (huge)
			(void)madvise(p, cap, MADV_HUGEPAGE);
		memcpy(p, t->buf, t->used);
		free(t->buf);
		t->buf = p;
		t->cap = cap;
		t->mapped = true;
		return;
	}
#endif
	t->buf = xrealloc(t->buf, cap);
	t->cap = cap;
}

/* Make room for `more` bytes past the used ones, slack included. */
static void tape_reserve(struct jtape *t, size_t more)
{
	if (more > SIZE_MAX / 4 || t->used > SIZE_MAX / 4)
		xalloc_die();
	size_t need = t->used + more + JTAPE_SLACK;
	if (need <= t->cap)
		return;
	size_t cap = t->cap ? t->cap : JTAPE_FIRST_CAP;
	while (cap < need)
		cap *= 2;
	tape_resize(t, cap);
}

void jtape_finish(struct jtape *t)
{
	free(t->share);
	t->share = NULL;
	t->share_cap = t->share_used = 0;
	size_t want = t->used + JTAPE_SLACK;
#ifdef JTAPE_USE_MREMAP
	if (t->mapped) {
		size_t page = 4096;
		want = (want + page - 1) / page * page;
	}
#endif
	if (want < t->cap)
		tape_resize(t, want);
	memset(t->buf + t->used, 0, JTAPE_SLACK);
}

void jtape_reserve_(struct jtape *t, size_t more)
{
	tape_reserve(t, more);
}

void jtape_seal(struct jtape *t, size_t off, size_t children, size_t end)
{
	size_t span = end - jtape_at(t, off)->start, skip = t->used - off;
	uint32_t w;
	if (span <= JCONT_MAX_SPAN && children <= JCONT_MAX_CHILDREN && skip <= JCONT_MAX_SKIP) {
		w = (uint32_t)span | (uint32_t)children << JCONT_SPAN_BITS |
		    (uint32_t)(skip / 4) << (JCONT_SPAN_BITS + JCONT_CHILDREN_BITS);
	} else {
		uint32_t trailer[3] = {JTEXT_MARK | 7, (uint32_t)children, (uint32_t)end};
		jtape_words(t, trailer, 3);
		w = JCONT_FAR | (uint32_t)((t->used - off) / 4);
	}
	jtape_put_u32(t, off + sizeof(struct jnode), w);
}

/* ---- text blocks --------------------------------------------------- */

static size_t block_size(size_t len)
{
	return 4 + ((len + 1 + 3) & ~(size_t)3);
}

/* The texts are short (JTAPE_SHARE_MAX) and the table only needs a fair
 * spread. */
static uint32_t text_hash(const char *s, size_t len)
{
	return (uint32_t)hash_bytes(1, s, len);
}

static bool block_equals(const struct jtape *t, uint32_t off, const char *s, size_t len)
{
	uint32_t w;
	memcpy(&w, t->buf + off, sizeof w);
	return (w & ~JTEXT_MARK) == len && memcmp(t->buf + off + 4, s, len) == 0;
}

/* Can a text written now still share the block of this entry? */
static bool share_reachable(const struct jtape *t, uint32_t entry)
{
	return t->used - (entry - 1) <= JTAPE_SHARE_REACH;
}

/* Where an entry goes in a table that does not hold its text. */
static uint32_t *share_free_slot(struct jtape *t, const char *s, size_t len)
{
	size_t mask = t->share_cap - 1;
	size_t i = text_hash(s, len) & mask;
	while (t->share[i])
		i = (i + 1) & mask;
	return &t->share[i];
}

/* The table is full: make it again with the entries a later text can
 * still reach, at a size where they fill at most 3/8 of it.  Dropping
 * the others changes nothing written (a text that finds one is written
 * again and takes its slot), and bounds the table by what the reach
 * holds, not by the tape: at most 128 KB (12-byte blocks), where a 10 MB
 * DbList's 100,000 distinct texts took 512 KB, and 64 MB of distinct
 * keys would take 32 MB. */
static void share_rebuild(struct jtape *t)
{
	uint32_t *old = t->share;
	size_t old_cap = t->share_cap, live = 0;
	for (size_t i = 0; i < old_cap; i++)
		live += old[i] && share_reachable(t, old[i]);
	size_t cap = 256;
	while (8 * (live + 1) > 3 * cap)
		cap *= 2;
	t->share_cap = cap;
	t->share_used = live;
	t->share = xcalloc(cap, sizeof *t->share);
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i] || !share_reachable(t, old[i]))
			continue;
		uint32_t w;
		memcpy(&w, t->buf + old[i] - 1, sizeof w);
		*share_free_slot(t, t->buf + old[i] - 1 + 4, w & ~JTEXT_MARK) = old[i];
	}
	free(old);
}


/* Is a text of len bytes written now shared?  Short ones are, once the
 * tape is past JTAPE_SHARE_FROM; then the table has room for it. */
static bool share_text(struct jtape *t, size_t len)
{
	if (len > JTAPE_SHARE_MAX || t->used < JTAPE_SHARE_FROM)
		return false;
	if (4 * (t->share_used + 1) > 3 * t->share_cap)
		share_rebuild(t);
	return true;
}

/* The slot of a text to share: an entry a block written now may use (a
 * copy far back is written again: a member reaches its key's text with
 * 16 bits, jsonpos.h), or where the new block goes.  An entry out of
 * reach can never be used again (the tape only grows): it is passed over
 * without reading its block, cold by then (86,941 of the 558,666 probes
 * of a 10 MB request read one, bench/README.md), and its slot takes the
 * new entry.  A text has at most one entry in reach, so what
 * is written is what a search stopping at the first equal text wrote. */
static uint32_t *share_lookup(struct jtape *t, const char *text, size_t len, bool *found)
{
	size_t mask = t->share_cap - 1;
	uint32_t *stale = NULL;
	for (size_t i = text_hash(text, len) & mask;; i = (i + 1) & mask) {
		uint32_t *e = &t->share[i];
		if (!*e) {
			*found = false;
			return stale ? stale : e;
		}
		if (!share_reachable(t, *e)) {
			if (!stale)
				stale = e;
		} else if (block_equals(t, *e - 1, text, len)) {
			*found = true;
			return e;
		}
	}
}

/* The text of len bytes at the end of the tape becomes a block; slot,
 * when not NULL, is where the share table keeps it. */
static size_t text_block_close(struct jtape *t, size_t len, uint32_t *slot)
{
	size_t off = t->used;
	if (slot) {
		if (!*slot)
			t->share_used++;
		*slot = (uint32_t)off + 1;
	}
	uint32_t w = JTEXT_MARK | (uint32_t)len;
	memcpy(t->buf + off, &w, sizeof w);
	size_t size = block_size(len);
	memset(t->buf + off + 4 + len, 0, size - 4 - len);
	t->used += size;
	return off;
}

size_t jtape_text_end(struct jtape *t, size_t len)
{
	uint32_t *slot = NULL;
	if (share_text(t, len)) {
		bool found;
		slot = share_lookup(t, t->buf + t->used + 4, len, &found);
		if (found)
			return *slot - 1;
	}
	return text_block_close(t, len, slot);
}

void jtape_block(struct jtape *t, const void *bytes, size_t len)
{
	tape_reserve(t, block_size(len));
	char *p = t->buf + t->used;
	uint32_t w = JTEXT_MARK | (uint32_t)len;
	memcpy(p, &w, sizeof w);
	memcpy(p + 4, bytes, len);
	memset(p + 4 + len, 0, block_size(len) - 4 - len);
	t->used += block_size(len);
}

void jtape_words(struct jtape *t, const uint32_t *words, size_t n)
{
	tape_reserve(t, n * sizeof *words);
	memcpy(t->buf + t->used, words, n * sizeof *words);
	t->used += n * sizeof *words;
}

/* Looked up before it is copied: most short texts are found (the keys
 * of a DbList), and then nothing is copied. */
size_t jtape_text(struct jtape *t, const char *text, size_t len)
{
	uint32_t *slot = NULL;
	if (share_text(t, len)) {
		bool found;
		slot = share_lookup(t, text, len, &found);
		if (found)
			return *slot - 1;
	}
	char *room = jtape_text_room(t, len); /* moves the tape, not the table */
	memcpy(room, text, len);
	return text_block_close(t, len, slot);
}
