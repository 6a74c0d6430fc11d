/*
 * jnode: what every node shares: the size tables behind its accessors, the
 * texts decoded on first use, and the names of its types.
 */
#include <stdlib.h>

#include "jnode.h"

#include "jsonpos_decode.h"
#include "xalloc.h"

/* The tables behind jnode_fixed_size_() and jnode_off_key_end_(): the
 * sums of the part widths jnode.h lists, for every byte of bits or flags. */
#define ROW4(M, i) M(i), M(i + 1), M(i + 2), M(i + 3)
#define ROW16(M, i) ROW4(M, i), ROW4(M, i + 4), ROW4(M, i + 8), ROW4(M, i + 12)
#define ROW64(M, i) ROW16(M, i), ROW16(M, i + 16), ROW16(M, i + 32), ROW16(M, i + 48)
#define TABLE256(M) ROW64(M, 0), ROW64(M, 64), ROW64(M, 128), ROW64(M, 192)

const uint8_t jnode_size_by_bits_[256] = {TABLE256(JNODE_SIZE_BY_BITS)};
const uint8_t jnode_size_by_flags_[256] = {TABLE256(JNODE_SIZE_BY_FLAGS)};
const uint8_t jnode_key_ref_by_bits_[256] = {TABLE256(JNODE_KEY_REF_BY_BITS)};

/* What a cell's number reads as; the four rows of zeros after the last
 * are the slack every text has (JNODE_TEXT_SLACK). */
const char jcell_numbers_[JCELL_MAX_NUMBER + 1 + 4][4] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13",
	"14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27",
};
_Static_assert(sizeof jcell_numbers_ - (JCELL_MAX_NUMBER + 1) * 4 == JNODE_TEXT_SLACK,
               "a cell's text has the slack every text has");

size_t jnode_lazy_len(const struct jnode *n)
{
	const struct jlazy *l = jnode_ptr_(n, jnode_off_lazy_(n));
	return l->len;
}

const char *jnode_lazy_text(const struct jnode *n)
{
	struct jlazy *l = jnode_ptr_(n, jnode_off_lazy_(n));
	/* Two threads may ask at once (the secret scan runs beside the checks,
	 * secret_scan.c): each decodes, the first to publish its copy wins and
	 * the other frees its own. */
	char *text = __atomic_load_n(&l->text, __ATOMIC_ACQUIRE);
	if (text)
		return text;
	size_t raw = l->body_end - l->body_start;
	char *mine = xcalloc(1, raw + JNODE_TEXT_SLACK);
	json_decode_body(l->file, l->body_start, l->body_end, mine, NULL);
	if (__atomic_compare_exchange_n(&l->text, &text, mine, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return mine;
	free(mine);
	return text; /* the other thread's */
}

const char *jtype_name(enum jtype type)
{
	switch (type) {
	case JT_NULL: return "null";
	case JT_BOOL: return "a Boolean";
	case JT_NUMBER: return "a number";
	case JT_STRING: return "a string";
	case JT_ARRAY: return "an array";
	case JT_OBJECT: return "an object";
	case JT_UNKNOWN: return "an unknown value";
	}
	return "a value";
}
