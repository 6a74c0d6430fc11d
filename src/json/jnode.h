/*
 * jnode: the node of a positioned JSON tree, and how to read one.  The
 * layout below is written by the parser (jsonpos.c) and the builder, laid
 * out on tapes (jsonpos_tape.c) and read through the jnode_*() accessors by
 * everyone else; docs/jsonpos-tape.md has it as a table.  This header is
 * the bottom of the json layer: it knows no parser, tape or lookup, so the
 * files that write trees and the files that read them both stand on it.
 */
#ifndef DTSLINT_JNODE_H
#define DTSLINT_JNODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>


/* Values per input, nested JSON included.  A node costs 12 to 40 bytes,
 * so this bounds a tree near 160 MB whatever shape the input has (eight
 * megabytes of "[0,0,0,...]" are already four million values); a 10 MB
 * DbList holds about half a million. */
#define JSONPOS_MAX_VALUES 4000000

/* Objects with more members than this carry a sorted index of them. */
#define JSONPOS_INDEX_FROM 16

enum jtype {
	JT_NULL,
	JT_BOOL,
	JT_NUMBER,
	JT_STRING,
	JT_ARRAY,
	JT_OBJECT,
	JT_UNKNOWN, /* a value the input does not fix (a Terraform reference, a shell $VAR):
	             * only a jbuilder makes one; it has no text, and no rule judges it */
};

/* Byte span [start, end) in the outer file. */
struct jspan {
	size_t start;
	size_t end;
};

/* ---- nodes -----------------------------------------------------------
 * Read a node only through the jnode_*() accessors: the layout below is
 * the parser's.  A node is this 12-byte header, then the parts its type
 * and flags call for, in this order:
 *   object, array   one word: children, end and skip (see "containers")
 *   string, number  int32 text_ref (unused with JN_LAZY)
 *   JN_KEY_FAR      uint32 key_start (else start - key_back)
 *   JN_KEY_END      uint32 key_end (else it follows from the key's length)
 *   JN_END          uint32 end (else it follows from the text or literal)
 *   JN_LAZY         struct jlazy * (a long string's text, decoded on first use)
 *   JN_SLOT         struct jnode * (the nested root, once parsed)
 *   JN_VERBATIM     const uint32_t * (the decoder's map of the text)
 *   JN_NESTED_ROOT  struct jnode * (the string this tree was parsed from),
 *                   const char * (the file's bytes)
 *   up == JN_UP_FAR uint32 bytes back to the parent
 *   member, key_ref == 0  uint32 bytes back to the key's text
 * The two distances live in the header in 4-byte units when they fit in
 * 16 bits, as nearly all do (shared keys are written again when the last
 * copy is far back): what a big DbList pays per value is its header.
 * A scalar stores neither its end nor its size when they follow from what
 * it holds: most values of a DbList are short strings and Booleans.
 * Texts are blocks in the same tape, before the node that uses them (or
 * shared with an earlier node): a uint32 whose top bit is set (JTEXT_MARK)
 * with the length below it, the bytes, a NUL, zeros to a multiple of 4.
 * The top bit tells a block from a node, whose first word is an offset in
 * a file of at most 64 MiB.  An object of more than JSONPOS_INDEX_FROM
 * members (JN_INDEXED) ends its subtree with one more block: for each
 * member, sorted by key (length, last four bytes, all bytes, then
 * document order), its offset from the object, its key's length and last
 * four bytes (struct jindex_entry), so that most steps of jnode_get()'s
 * binary search read the index alone.  Pointers are read with memcpy:
 * nodes are aligned to 4 bytes only. */
enum {
	JN_MEMBER = 1,       /* an object member: it has a key */
	JN_KEY_END = 2,      /* the key's end is stored */
	JN_LAZY = 4,         /* a string decoded on first use (long, or may hold JSON) */
	JN_SLOT = 8,         /* a string that may hold JSON: room for its nested root */
	JN_VERBATIM = 16,    /* a string built by another decoder (query strings) */
	JN_DUP = 32,         /* a later member with the key of an earlier one */
	JN_TRUE = 64,        /* JT_BOOL: true */
	JN_NESTED_ROOT = 128 /* the root of a tree parsed out of a string */
};
/* `bits`: the type, the level, and three more flags. */
enum {
	JN_TYPE_MASK = 7,
	JN_LEVEL_SHIFT = 3, /* two bits: how the raw text is written, 0 the file, 1 inside
	                     * one JSON string (quotes are \"), 2 other (ends are stored) */
	JN_END = 0x20,      /* a scalar's end is stored */
	JN_KEY_FAR = 0x40,  /* the key's start is stored (key_back cannot say it) */
	JN_INDEXED = 0x80   /* an object whose subtree ends with an index of its members */
};
#define JTEXT_MARK 0x80000000u

#define JN_UP_FAR 0xFFFFu

/* ---- cells -------------------------------------------------------------
 * An array element that is null, a Boolean or a number from 0 to 27 whose
 * end follows from its text is a cell: one 32-bit word, its start in the
 * bits below JCELL_SHIFT (a file is at most 64 MiB) and its kind in the
 * five above, where a node's first word (its start) has zeros and a text
 * block's the top bit.  `{"x":[0,0,...]}` is a value every two bytes: as
 * nodes (a header and a text reference) it took 16 bytes a value, eight
 * times its input; as cells it takes 4.25.  A cell has no parent link:
 * the cells of an array follow its node, all of them (an element that
 * cannot be a cell turns those before it into nodes: jsonpos.c), and an
 * anchor comes before every JCELL_RUN of them: an 8-byte block whose
 * second word is JTEXT_MARK with the bytes from that word back to the
 * array.  Walks step over an anchor as over any block; a cell finds its
 * array by reading back to the first word with the top bit set, which a
 * cell never has.  Only the accessors below know cells exist. */
#define JCELL_SHIFT 26
#define JCELL_START_MASK ((1u << JCELL_SHIFT) - 1)
#define JCELL_KIND_MASK (0x1Fu << JCELL_SHIFT)
enum { JCELL_NULL = 1, JCELL_FALSE, JCELL_TRUE, JCELL_NUMBER /* + n: the number n */ };
#define JCELL_MAX_NUMBER (31 - JCELL_NUMBER)
#define JCELL_RUN 32

struct jnode;

static inline uint32_t jnode_word0_(const struct jnode *n)
{
	uint32_t w;
	memcpy(&w, n, sizeof w);
	return w;
}

/* The kind of a cell; 0 for a node. */
static inline unsigned jcell_kind_(const struct jnode *n)
{
	return (jnode_word0_(n) & JCELL_KIND_MASK) >> JCELL_SHIFT;
}

static inline enum jtype jcell_type_(unsigned kind)
{
	return kind >= JCELL_NUMBER ? JT_NUMBER : kind == JCELL_NULL ? JT_NULL : JT_BOOL;
}

/* The texts of the numbers a cell holds ("0" to "27"), NUL-terminated,
 * then JNODE_TEXT_SLACK zeroed bytes (jnode.c). */
extern const char jcell_numbers_[JCELL_MAX_NUMBER + 1 + 4][4];

static inline size_t jcell_len_(unsigned kind)
{
	if (kind >= JCELL_NUMBER)
		return kind - JCELL_NUMBER < 10 ? 1 : 2;
	return kind == JCELL_FALSE ? 5 : 4;
}

/* The array of a cell: its anchor's second word says how far back. */
static inline struct jnode *jcell_array_(const struct jnode *n)
{
	const char *p = (const char *)n;
	uint32_t w;
	do {
		p -= 4;
		memcpy(&w, p, sizeof w);
	} while (!(w & JTEXT_MARK));
	return (struct jnode *)(p - (w & ~JTEXT_MARK));
}

struct jnode {
	uint32_t start;    /* the value, in file bytes; containers from their bracket */
	uint16_t up;       /* 4-byte units back to the parent; 0 for a root; JN_UP_FAR */
	uint16_t key_ref;  /* members: 4-byte units back to the key's text; 0: far */
	uint8_t bits;      /* type | level << JN_LEVEL_SHIFT | JN_END | JN_KEY_FAR | JN_INDEXED */
	uint8_t flags;     /* JN_* */
	uint16_t key_back; /* members: start - key_start, unless JN_KEY_FAR */
};

struct jindex_entry {
	uint32_t rel;    /* the member's offset from the object */
	uint32_t len;    /* its key's length */
	uint32_t prefix; /* its key's last four bytes (jindex_prefix_) */
};

/* What an index sorts a key by after its length: its last four bytes
 * (zero-padded in front), which tell "SourceEndpointRegion" from
 * "SourceEndpointIP" where the first four do not. */
static inline uint32_t jindex_prefix_(const char *key, size_t len)
{
	uint32_t p = 0;
	for (size_t i = len < 4 ? 0 : len - 4; i < len; i++)
		p = p << 8 | (unsigned char)key[i];
	return p;
}

/* ---- containers ----------------------------------------------------
 * An object or an array has one word after its header.  While the parser
 * or a builder fills it, the word counts its children; once closed it
 * says three things: how many children, where the container ends (after
 * its closing bracket) and its skip (bytes from the node to what follows
 * its subtree).  Most containers of a DbList are small (a column's
 * {"name":"x"}, a table), and those fit in the word alone (JCONT_FAR
 * clear): end - start, children and skip / 4 in the bit fields below.
 * Any other keeps skip / 4 in the word (JCONT_FAR set) and ends its
 * subtree with a trailer block, after its index if it has one:
 * {JTEXT_MARK | 7, children, end}, which walks step over as over any
 * block.  Three words a container were 40% of a DbList's tape; a closed
 * container is now 16 bytes, or 28 when it is big. */
#define JCONT_FAR 0x80000000u
#define JCONT_SPAN_BITS 13
#define JCONT_CHILDREN_BITS 6
#define JCONT_SKIP_BITS 12
#define JCONT_MAX_SPAN ((1u << JCONT_SPAN_BITS) - 1)
#define JCONT_MAX_CHILDREN ((1u << JCONT_CHILDREN_BITS) - 1)
#define JCONT_MAX_SKIP (((1u << JCONT_SKIP_BITS) - 1) * 4)
#define JCONT_TRAILER 12 /* the trailer block's bytes */
_Static_assert(JCONT_SPAN_BITS + JCONT_CHILDREN_BITS + JCONT_SKIP_BITS == 31,
               "the compact fields and JCONT_FAR fill the word");

/* Zeroed bytes kept past every text: PCRE2's JIT reads a subject in
 * aligned words, past its NUL, and what it reads must be defined memory. */
#define JNODE_TEXT_SLACK 16

/* The text of a long string, or of one that may hold JSON, decoded from
 * the file on first use (JN_LAZY). */
struct jlazy {
	const char *file;
	uint32_t body_start, body_end; /* between the quotes */
	uint32_t len;                  /* decoded */
	char *text;                    /* NULL until asked for */
	struct jlazy *next;            /* the doc's list */
};

const char *jnode_lazy_text(const struct jnode *n);
size_t jnode_lazy_len(const struct jnode *n);

static inline uint32_t jnode_u32_(const struct jnode *n, size_t off)
{
	uint32_t v;
	memcpy(&v, (const char *)n + off, sizeof v);
	return v;
}

static inline void *jnode_ptr_(const struct jnode *n, size_t off)
{
	void *p;
	memcpy(&p, (const char *)n + off, sizeof p);
	return p;
}

static inline enum jtype jnode_type(const struct jnode *n)
{
	unsigned kind = jcell_kind_(n);
	return kind ? jcell_type_(kind) : (enum jtype)(n->bits & JN_TYPE_MASK);
}
/* A cell's level is 0: nothing it holds depends on how its text is written. */
static inline unsigned jnode_level_(const struct jnode *n)
{
	return jcell_kind_(n) ? 0 : (n->bits >> JN_LEVEL_SHIFT) & 3;
}
/* A node's flags; a cell's, as a node of its kind would have them. */
static inline unsigned jnode_flags_(const struct jnode *n)
{
	unsigned kind = jcell_kind_(n);
	return kind ? (kind == JCELL_TRUE ? JN_TRUE : 0) : n->flags;
}
static inline size_t jnode_start_(const struct jnode *n)
{
	return jnode_word0_(n) & JCELL_START_MASK;
}

static inline bool jnode_scalar_(const struct jnode *n)
{
	return jnode_type(n) == JT_STRING || jnode_type(n) == JT_NUMBER;
}

static inline bool jnode_container_(const struct jnode *n)
{
	return jnode_type(n) == JT_OBJECT || jnode_type(n) == JT_ARRAY;
}

/* The parts after the header, in their order: each part's width, from
 * the header's `bits` (b) or `flags` (f).  This list, the chain of
 * offsets below and the three tables that sum it (jnode.c) are the one
 * place the order is written; docs/jsonpos-tape.md has it as a table. */
#define JNODE_W_FIRST(b)                                                                         \
	(((b)&JN_TYPE_MASK) == JT_OBJECT || ((b)&JN_TYPE_MASK) == JT_ARRAY ||                        \
	         ((b)&JN_TYPE_MASK) == JT_STRING || ((b)&JN_TYPE_MASK) == JT_NUMBER                  \
	     ? 4                                                                                      \
	     : 0)
#define JNODE_W_KEY_FAR(b) ((b)&JN_KEY_FAR ? 4 : 0)
#define JNODE_W_KEY_END(f) ((f)&JN_KEY_END ? 4 : 0)
#define JNODE_W_END(b) ((b)&JN_END ? 4 : 0)
#define JNODE_W_LAZY(f) ((f)&JN_LAZY ? (int)sizeof(void *) : 0)
#define JNODE_W_SLOT(f) ((f)&JN_SLOT ? (int)sizeof(void *) : 0)
#define JNODE_W_VERBATIM(f) ((f)&JN_VERBATIM ? (int)sizeof(void *) : 0)
#define JNODE_W_NESTED_ROOT(f) ((f)&JN_NESTED_ROOT ? 2 * (int)sizeof(void *) : 0)
/* What the parts that `bits` calls for add, before the key's end; all
 * that `bits` or `flags` call for (jnode_off_far_). */
#define JNODE_KEY_REF_BY_BITS(b) (JNODE_W_FIRST(b) + JNODE_W_KEY_FAR(b))
#define JNODE_SIZE_BY_BITS(b) (JNODE_W_FIRST(b) + JNODE_W_KEY_FAR(b) + JNODE_W_END(b))
#define JNODE_SIZE_BY_FLAGS(f)                                                                   \
	(JNODE_W_KEY_END(f) + JNODE_W_LAZY(f) + JNODE_W_SLOT(f) + JNODE_W_VERBATIM(f) +               \
	 JNODE_W_NESTED_ROOT(f))

/* Offsets of the parts, each after the previous one.  A container's words
 * or a scalar's text reference come first, at a fixed offset, and where a
 * member's key is follows from `bits` alone: a table lookup, as the engine
 * asks for keys and texts at every node. */
extern const uint8_t jnode_key_ref_by_bits_[256];
static inline size_t jnode_off_text_(const struct jnode *n)
{
	(void)n;
	return sizeof *n;
}
static inline size_t jnode_off_member_(const struct jnode *n)
{
	return sizeof *n + (size_t)JNODE_W_FIRST(n->bits);
}
static inline size_t jnode_off_key_end_(const struct jnode *n)
{
	return sizeof *n + jnode_key_ref_by_bits_[n->bits];
}
static inline size_t jnode_off_end_(const struct jnode *n)
{
	return jnode_off_key_end_(n) + (size_t)JNODE_W_KEY_END(n->flags);
}
static inline size_t jnode_off_lazy_(const struct jnode *n)
{
	return jnode_off_end_(n) + (size_t)JNODE_W_END(n->bits);
}
static inline size_t jnode_off_slot_(const struct jnode *n)
{
	return jnode_off_lazy_(n) + (size_t)JNODE_W_LAZY(n->flags);
}
static inline size_t jnode_off_map_(const struct jnode *n)
{
	return jnode_off_slot_(n) + (size_t)JNODE_W_SLOT(n->flags);
}
static inline size_t jnode_off_outer_(const struct jnode *n)
{
	return jnode_off_map_(n) + (size_t)JNODE_W_VERBATIM(n->flags);
}
/* A node's size is the header plus what its `bits` and its `flags` each
 * add: two table lookups, as sibling walks ask it at every node. */
extern const uint8_t jnode_size_by_bits_[256];
extern const uint8_t jnode_size_by_flags_[256];
/* Where the far distances are: after every other part. */
static inline size_t jnode_off_far_(const struct jnode *n)
{
	return sizeof *n + jnode_size_by_bits_[n->bits] + jnode_size_by_flags_[n->flags];
}
static inline bool jnode_key_far_(const struct jnode *n)
{
	return (n->flags & JN_MEMBER) && n->key_ref == 0;
}
static inline size_t jnode_fixed_size_(const struct jnode *n)
{
	if (jcell_kind_(n))
		return 4;
	return jnode_off_far_(n) + (n->up == JN_UP_FAR ? 4 : 0) + (jnode_key_far_(n) ? 4 : 0);
}

/* Bytes back to the parent (0 for a root). */
static inline size_t jnode_up_(const struct jnode *n)
{
	if (jcell_kind_(n))
		return (size_t)((const char *)n - (const char *)jcell_array_(n));
	if (n->up != JN_UP_FAR)
		return (size_t)n->up * 4;
	uint32_t v;
	memcpy(&v, (const char *)n + jnode_off_far_(n), sizeof v);
	return v;
}

/* A closed container's word (see "containers" above). */
static inline uint32_t jcont_word_(const struct jnode *n)
{
	return jnode_u32_(n, sizeof *n);
}
static inline size_t jcont_skip_(uint32_t w)
{
	return (size_t)(w & JCONT_FAR ? w & ~JCONT_FAR : w >> (JCONT_SPAN_BITS + JCONT_CHILDREN_BITS)) * 4;
}
/* A big container's trailer: its children (i 1) or its end (i 2). */
static inline uint32_t jcont_trailer_(const struct jnode *n, uint32_t w, size_t i)
{
	return jnode_u32_(n, jcont_skip_(w) - JCONT_TRAILER + 4 * i);
}

/* Bytes from n to what follows its subtree. */
static inline size_t jnode_skip_(const struct jnode *n)
{
	return jnode_container_(n) ? jcont_skip_(jcont_word_(n)) : jnode_fixed_size_(n);
}

/* The node at p, past any text blocks in front of it. */
static inline struct jnode *jnode_skip_texts_(const char *p)
{
	uint32_t w;
	while (memcpy(&w, p, sizeof w), w & JTEXT_MARK)
		p += 4 + (((w & ~JTEXT_MARK) + 1 + 3) & ~(size_t)3);
	return (struct jnode *)p;
}

/* The node at p, past any blocks in front of it, or NULL when the blocks
 * run to end: what follows them may not be written yet. */
static inline struct jnode *jnode_skip_texts_to_(const char *p, const char *end)
{
	uint32_t w;
	for (; p < end; p += 4 + (((w & ~JTEXT_MARK) + 1 + 3) & ~(size_t)3)) {
		memcpy(&w, p, sizeof w);
		if (!(w & JTEXT_MARK))
			return (struct jnode *)p;
	}
	return NULL;
}

static inline bool jnode_boolean(const struct jnode *n) { return jnode_flags_(n) & JN_TRUE; }
static inline bool jnode_nested_root(const struct jnode *n) { return jnode_flags_(n) & JN_NESTED_ROOT; }
static inline bool jnode_is_duplicate(const struct jnode *n) { return jnode_flags_(n) & JN_DUP; }
static inline bool jnode_verbatim(const struct jnode *n) { return jnode_flags_(n) & JN_VERBATIM; }
/* A string that may hold JSON: it has room for a nested tree, which a
 * reader may parse at any time (jsonpos_parse_nested()). */
static inline bool jnode_may_nest(const struct jnode *n) { return jnode_flags_(n) & JN_SLOT; }

/* The text block of a member's key. */
static inline const char *jnode_key_block_(const struct jnode *n)
{
	if (n->key_ref)
		return (const char *)n - (size_t)n->key_ref * 4;
	uint32_t v;
	memcpy(&v, (const char *)n + jnode_off_far_(n) + (n->up == JN_UP_FAR ? 4 : 0), sizeof v);
	return (const char *)n - v;
}

static inline size_t jnode_block_len_(const char *block)
{
	uint32_t w;
	memcpy(&w, block, sizeof w);
	return w & ~JTEXT_MARK;
}

static inline const char *jnode_key(const struct jnode *n)
{
	return jnode_flags_(n) & JN_MEMBER ? jnode_key_block_(n) + 4 : NULL;
}

static inline size_t jnode_key_len(const struct jnode *n)
{
	return jnode_flags_(n) & JN_MEMBER ? jnode_block_len_(jnode_key_block_(n)) : 0;
}

static inline struct jspan jnode_key_span(const struct jnode *n)
{
	if (!(jnode_flags_(n) & JN_MEMBER))
		return (struct jspan){0, 0};
	size_t start = n->bits & JN_KEY_FAR ? jnode_u32_(n, jnode_off_member_(n)) : (size_t)n->start - n->key_back;
	size_t end = n->flags & JN_KEY_END ? jnode_u32_(n, jnode_off_key_end_(n))
	                                   : start + jnode_key_len(n) + (jnode_level_(n) ? 4 : 2);
	return (struct jspan){start, end};
}

static inline const char *jnode_text_block_(const struct jnode *n)
{
	return (const char *)n + (int32_t)jnode_u32_(n, jnode_off_text_(n));
}

static inline const char *jnode_text(const struct jnode *n)
{
	if (!jnode_scalar_(n))
		return NULL;
	if (jcell_kind_(n))
		return jcell_numbers_[jcell_kind_(n) - JCELL_NUMBER];
	if (n->flags & JN_LAZY)
		return jnode_lazy_text(n);
	return jnode_text_block_(n) + 4;
}

static inline size_t jnode_text_len(const struct jnode *n)
{
	if (!jnode_scalar_(n))
		return 0;
	if (jcell_kind_(n))
		return jcell_len_(jcell_kind_(n));
	return n->flags & JN_LAZY ? jnode_lazy_len(n) : jnode_block_len_(jnode_text_block_(n));
}

/* Where a scalar ends when nothing says otherwise: after its text and
 * quotes, or after its literal. */
static inline size_t jnode_derived_end_(const struct jnode *n, size_t text_len)
{
	switch (jnode_type(n)) {
	case JT_NULL: return n->start + 4;
	case JT_BOOL: return n->start + (n->flags & JN_TRUE ? 4 : 5);
	case JT_NUMBER: return n->start + text_len;
	default: return n->start + text_len + (jnode_level_(n) ? 4 : 2);
	}
}

static inline struct jspan jnode_span(const struct jnode *n)
{
	size_t end;
	unsigned kind = jcell_kind_(n);
	if (kind)
		return (struct jspan){jnode_start_(n), jnode_start_(n) + jcell_len_(kind)};
	if (jnode_container_(n)) {
		uint32_t w = jcont_word_(n);
		end = w & JCONT_FAR ? jcont_trailer_(n, w, 2) : n->start + (w & JCONT_MAX_SPAN);
	} else if (n->bits & JN_END)
		end = jnode_u32_(n, jnode_off_end_(n));
	else
		end = jnode_derived_end_(n, jnode_text_len(n));
	return (struct jspan){n->start, end};
}

static inline size_t jnode_n_children(const struct jnode *n)
{
	if (!jnode_container_(n))
		return 0;
	uint32_t w = jcont_word_(n);
	return w & JCONT_FAR ? jcont_trailer_(n, w, 1) : (w >> JCONT_SPAN_BITS) & JCONT_MAX_CHILDREN;
}

static inline struct jnode *jnode_parent(const struct jnode *n)
{
	if (jcell_kind_(n))
		return jcell_array_(n);
	if (n->up)
		return (struct jnode *)((const char *)n - jnode_up_(n));
	return n->flags & JN_NESTED_ROOT ? (struct jnode *)jnode_ptr_(n, jnode_off_outer_(n)) : NULL;
}

static inline struct jnode *jnode_first(const struct jnode *n)
{
	if (!jnode_n_children(n))
		return NULL;
	return jnode_skip_texts_((const char *)n + jnode_fixed_size_(n));
}

static inline struct jnode *jnode_next(const struct jnode *n)
{
	if (jcell_kind_(n)) { /* the next cell, past an anchor; none after the last */
		struct jnode *next = jnode_skip_texts_((const char *)n + 4);
		return jcell_kind_(next) ? next : NULL;
	}
	if (!n->up)
		return NULL;
	const struct jnode *parent = (const struct jnode *)((const char *)n - jnode_up_(n));
	const char *end = (const char *)parent + jcont_skip_(jcont_word_(parent)); /* a parent is a container */
	return jnode_skip_texts_to_((const char *)n + jnode_skip_(n), end); /* past an index or a trailer, the end */
}

/* A string whose text starts like a JSON object or array (after white
 * space): known without decoding the text. */
static inline bool jnode_may_hold_container(const struct jnode *n)
{
	return jnode_flags_(n) & JN_SLOT;
}

/* A string's parsed nested root, once jsonpos_parse_nested() made it. */
static inline struct jnode *jnode_nested(const struct jnode *n)
{
	return jnode_flags_(n) & JN_SLOT ? (struct jnode *)jnode_ptr_(n, jnode_off_slot_(n)) : NULL;
}

/* "a string", "an object": a type as messages name it. */
const char *jtype_name(enum jtype type);

#endif
