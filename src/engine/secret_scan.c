/*
 * secret_scan: see secret_scan.h.  The tree is walked with an explicit
 * stack (trees come from user input); text that did not parse goes to the
 * lenient lexer of jsonpos, whose string values are lexed again when they
 * may hold JSON, down to a fixed depth below which a string is masked
 * whole rather than looked into.
 */
#include "secret_scan.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pattern_literals.h"
#include "xalloc.h"

/* JSON in a string in a string...: each level needs at least twice the
 * backslashes of the one above, so real text never comes near this. */
#define MAX_LEX_LEVELS 32

/* Keys longer than this are only matched against the pattern: a near
 * miss is a slip of the hand on a name, not a megabyte of text. */
#define NEAR_MISS_MAX_KEY 256

/* The most edits a near miss may take (near_limit()). */
#define NEAR_MISS_MAX_EDITS 2

/* ---- classifying keys -------------------------------------------------- */

/* Optimal-string-alignment distance ignoring ASCII case, for short words
 * (both at most NEAR_MISS_MAX_KEY bytes); limit + 1 when above limit. */
static size_t distance(const char *a, size_t al, const char *b, size_t bl, size_t limit)
{
	if ((al > bl ? al - bl : bl - al) > limit)
		return limit + 1;
	size_t rows[3][NEAR_MISS_MAX_KEY + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= bl; j++)
		prev[j] = j;
	for (size_t i = 1; i <= al; i++) {
		cur[0] = i;
		size_t row_min = i;
		for (size_t j = 1; j <= bl; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + (ca != cb);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
			if (best < row_min)
				row_min = best;
		}
		if (row_min > limit)
			return limit + 1;
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[bl] > limit ? limit + 1 : prev[bl];
}

/* The limit of suggest_closest(): what "did you mean" calls close. */
static size_t near_limit(size_t len)
{
	size_t limit = len / 3 < NEAR_MISS_MAX_EDITS ? len / 3 : NEAR_MISS_MAX_EDITS;
	return limit ? limit : len >= 2;
}

/* Words that secret keys are made of, and that a slip of the hand may
 * spoil inside a longer key (dbPasswrd, AccessKeySecre, dbCredental):
 * each is looked for one edit away.  "token" is not: at five letters, one
 * edit away is "taken" and "broken" (the known token parameters are
 * compared whole, by near_secret_name()). */
static const char *const secret_words[] = {"password", "secret", "credential"};

/* The pairs of ASCII letters in a key, folded to lower case: bit
 * (a * 26 + b) for the pair ab.  Made once per key for the three words
 * below (their pairs were searched for in the key one by one: 2,000
 * instructions a key, on every key the rules do not know). */
struct letter_pairs {
	uint64_t bits[(26 * 26 + 63) / 64];
};

static int letter_index(char c)
{
	/* c | 0x20 is a lower-case letter exactly when c is a letter */
	unsigned l = ((unsigned char)c | 0x20u) - 'a';
	return l < 26 ? (int)l : -1;
}

static void letter_pairs_of(struct letter_pairs *lp, const char *key, size_t len)
{
	memset(lp, 0, sizeof *lp);
	for (size_t i = 0; i + 2 <= len; i++) {
		int a = letter_index(key[i]), b = letter_index(key[i + 1]);
		if (a >= 0 && b >= 0) {
			unsigned bit = (unsigned)(a * 26 + b);
			lp->bits[bit / 64] |= UINT64_C(1) << (bit % 64);
		}
	}
}

static bool has_pair(const struct letter_pairs *lp, char a, char b)
{
	unsigned bit = (unsigned)(letter_index(a) * 26 + letter_index(b));
	return lp->bits[bit / 64] >> (bit % 64) & 1;
}

/* The secret names the rules know (a few: the password parameters). */
struct secret_names {
	const char **name;
	size_t *len;
	unsigned char (*bag)[32]; /* letters by (c & 31), for a cheap lower bound */
	unsigned char (*bins)[33]; /* the bag's nonzero bins: how many, then which */
	size_t n;
	/* the secret words' distinct letter pairs, as letter_pairs' bits */
	unsigned short word_pair[sizeof secret_words / sizeof *secret_words][16];
	unsigned char word_pairs[sizeof secret_words / sizeof *secret_words];
};

static void fill_bag(unsigned char bag[32], const char *s, size_t len)
{
	memset(bag, 0, 32);
	for (size_t i = 0; i < len; i++)
		if (bag[s[i] & 31] < 255)
			bag[s[i] & 31]++;
}

/* Made once: the prefilter asks about the words' pairs on every string. */
static void word_pairs_fill(struct secret_names *sn)
{
	for (size_t w = 0; w < sizeof secret_words / sizeof *secret_words; w++) {
		struct letter_pairs lp;
		letter_pairs_of(&lp, secret_words[w], strlen(secret_words[w]));
		unsigned char k = 0;
		for (unsigned bit = 0; bit < 26 * 26; bit++)
			if (lp.bits[bit / 64] >> (bit % 64) & 1)
				sn->word_pair[w][k++] = (unsigned short)bit;
		sn->word_pairs[w] = k;
	}
}

static struct secret_names secret_names_new(const struct ruleset *rs)
{
	struct secret_names sn = {0};
	word_pairs_fill(&sn);
	for (size_t i = 0; i < rs->n_known_keys; i++)
		sn.n += rs->known_keys[i].secret;
	sn.name = xcalloc(sn.n ? sn.n : 1, sizeof *sn.name);
	sn.len = xcalloc(sn.n ? sn.n : 1, sizeof *sn.len);
	sn.bag = xcalloc(sn.n ? sn.n : 1, sizeof *sn.bag);
	sn.bins = xcalloc(sn.n ? sn.n : 1, sizeof *sn.bins);
	sn.n = 0;
	for (size_t i = 0; i < rs->n_known_keys; i++) {
		if (!rs->known_keys[i].secret)
			continue;
		sn.name[sn.n] = rs->known_keys[i].name;
		sn.len[sn.n] = strlen(rs->known_keys[i].name);
		fill_bag(sn.bag[sn.n], sn.name[sn.n], sn.len[sn.n]);
		for (unsigned char b = 0; b < 32; b++)
			if (sn.bag[sn.n][b])
				sn.bins[sn.n][1 + sn.bins[sn.n][0]++] = b;
		sn.n++;
	}
	return sn;
}

static void secret_names_free(struct secret_names *sn)
{
	free(sn->name);
	free(sn->len);
	free(sn->bag);
	free(sn->bins);
}

/* Does the key (its letter pairs) hold enough of word w's letter pairs to
 * be one edit from holding the word?  An edit spoils at most three of
 * them (a transposition: ab -> ba breaks xa, ab, by): a cheap test before
 * the distances, which "orders" does not pass for "password".  The words'
 * distinct pairs are made once (word_pairs_fill(); they were made again
 * for every key the rules do not know). */
static bool holds_word_pairs(const struct secret_names *sn, const struct letter_pairs *lp, size_t w)
{
	size_t found = 0;
	for (size_t k = 0; k < sn->word_pairs[w]; k++)
		found += lp->bits[sn->word_pair[w][k] / 64] >> (sn->word_pair[w][k] % 64) & 1;
	return found + 3 >= sn->word_pairs[w];
}

/* A secret word misspelt inside a longer key (dbPasword, srcPasswrd). */
static bool holds_near_secret_word(const struct secret_names *sn, const char *key, size_t len)
{
	struct letter_pairs lp;
	letter_pairs_of(&lp, key, len);
	for (size_t w = 0; w < sizeof secret_words / sizeof *secret_words; w++) {
		const char *word = secret_words[w];
		size_t wl = strlen(word);
		if (!holds_word_pairs(sn, &lp, w))
			continue;
		for (size_t n = wl - 1; n <= wl + 1; n++)
			for (size_t i = 0; i + n <= len; i++)
				if (distance(key + i, n, word, wl, 1) <= 1)
					return true;
	}
	return false;
}

/* Is key a near miss of a secret name the rules know? */
static bool near_secret_name(const struct secret_names *sn, const char *key, size_t len)
{
	size_t limit = near_limit(len);
	unsigned char bag[32], bins[32], n_bins = 0;
	fill_bag(bag, key, len);
	for (unsigned char b = 0; b < 32; b++)
		if (bag[b])
			bins[n_bins++] = b; /* the key's letters: the others add no excess */
	for (size_t i = 0; i < sn->n; i++) {
		if (sn->len[i] > NEAR_MISS_MAX_KEY || (len > sn->len[i] ? len - sn->len[i] : sn->len[i] - len) > limit)
			continue;
		/* each edit leaves at most one more letter of key unmatched in
		 * the name (folding case and letters together only lowers it) */
		size_t excess = 0;
		for (unsigned char k = 0; k < n_bins && excess <= limit; k++)
			excess += bag[bins[k]] > sn->bag[i][bins[k]] ? (size_t)(bag[bins[k]] - sn->bag[i][bins[k]]) : 0;
		if (excess <= limit && distance(key, len, sn->name[i], sn->len[i], limit) <= limit)
			return true;
	}
	return false;
}

static bool key_is_secret(const struct ruleset *rs, const struct secret_names *sn, const char *key,
                          size_t len)
{
	if (!key)
		return true;
	/* A name the rules know is itself, not a near miss of another. */
	int known = ruleset_known_key_secret(rs, key, len);
	if (known >= 0)
		return known;
	if (ruleset_pattern_secret_key(rs, key, len))
		return true;
	if (len > NEAR_MISS_MAX_KEY)
		return false;
	return holds_near_secret_word(sn, key, len) || near_secret_name(sn, key, len);
}

bool secret_key_is_secret(const struct ruleset *rs, const char *key, size_t len)
{
	struct secret_names sn = secret_names_new(rs);
	bool secret = key_is_secret(rs, &sn, key, len);
	secret_names_free(&sn);
	return secret;
}

/* ---- strings that cannot hold a secret key ------------------------------
 * Most strings the scan lexes hold a quote but no pair at all: a DbList's
 * filter ("id > 5 and name = 'x'").  Lexing one costs far more than
 * looking at its bytes once, and when its text has no backslash every key
 * the lexer can classify in it, at any depth, is a substring of it
 * (jsonpos_lex.c decodes keys and nested strings only through escapes).
 * Each test of key_is_secret() below is one that a substring cannot pass
 * when the whole text does not:
 *   - the pattern: none of its literals in the text, and no byte >= 0x80
 *     (pattern_literals_may_match() on the whole text);
 *   - a secret word one edit away: holds_word_pairs() on the text's
 *     letter pairs (a substring's pairs are a subset of them);
 *   - a secret name, known or a near miss (at most NEAR_MISS_MAX_EDITS
 *     edits, so at most that many bytes longer): each edit supplies at
 *     most one missing letter, so the name's letters lacking in some
 *     window of the text as long as such a key (never its surplus
 *     letters: a substring has fewer) must be at most NEAR_MISS_MAX_EDITS
 *     (name_may_be_near()).
 * The lexer also reports a secret, without classifying, below
 * MAX_LEX_LEVELS levels.  Without backslashes a level is a string, whose
 * body holds none of its delimiter (""" or " or ''' or ': four levels
 * at most), or a comment, which starts at a '/' of its own: a text with
 * fewer slashes than half the levels cannot go that deep.
 * A key decoded to NULL (always secret) needs a backslash; a NUL or a
 * byte >= 0x80 is left to the lexer as well. */
/* Could a substring of text be a secret name (bag, len), or a near miss
 * of it?  letters: text's bytes counted by (c & 31).  The whole text is
 * tried first; a long one (a filter of 40 bytes holds all but one letter
 * of "Signature") window by window: every key near the name lies in a
 * window of len + NEAR_MISS_MAX_EDITS bytes, and holds no letter it
 * lacks. */
static bool name_may_be_near(const struct secret_names *sn, size_t name, const size_t letters[32],
                             const char *text, size_t len)
{
	const unsigned char *bag = sn->bag[name], *bins = sn->bins[name];
	size_t lacking = 0;
	for (size_t k = 1; k <= bins[0] && lacking <= NEAR_MISS_MAX_EDITS; k++)
		lacking += bag[bins[k]] > letters[bins[k]] ? bag[bins[k]] - letters[bins[k]] : 0;
	size_t window = sn->len[name] + NEAR_MISS_MAX_EDITS;
	if (lacking > NEAR_MISS_MAX_EDITS || len <= window)
		return lacking <= NEAR_MISS_MAX_EDITS;
	size_t in[32] = {0};
	lacking = 0;
	for (size_t b = 0; b < 32; b++)
		lacking += bag[b];
	for (size_t i = 0; i < len; i++) {
		unsigned b = (unsigned char)text[i] & 31;
		if (in[b]++ < bag[b])
			lacking--;
		if (i >= window) {
			unsigned o = (unsigned char)text[i - window] & 31;
			if (--in[o] < bag[o])
				lacking++;
		}
		if (i + 1 >= window && lacking <= NEAR_MISS_MAX_EDITS)
			return true;
	}
	return false;
}

/* Does text (lp its letter pairs, no byte >= 0x80) hold one of the
 * pattern's literals?  A literal in the text brings its letter pairs (folded
 * as both fold ASCII case) into the text's: most texts lack one pair of
 * each literal and are told so without pattern_literals_may_match(), which
 * tries every literal at every byte that starts one (2,700 instructions a
 * filter string). */
static bool may_hold_literal(const struct pattern_literals *pl, const struct letter_pairs *lp,
                             const char *text, size_t len)
{
	if (!pl->n)
		return true; /* no test: every text may match */
	for (size_t k = 0; k < pl->n; k++) {
		const char *lit = pl->lit[k];
		bool pairs = true;
		for (size_t j = 0; lit[j] && lit[j + 1] && pairs; j++)
			if (letter_index(lit[j]) >= 0 && letter_index(lit[j + 1]) >= 0)
				pairs = has_pair(lp, lit[j], lit[j + 1]);
		if (pairs)
			return pattern_literals_may_match(pl, text, len);
	}
	return false;
}

static bool text_may_hold_secret_key(const struct ruleset *rs, const struct secret_names *sn,
                                     const char *text, size_t len)
{
	/* by (c & 31), as the names' bags: bytes lumped together only lower
	 * the count of letters lacking */
	size_t letters[32] = {0};
	size_t slashes = 0;
	/* the letter pairs in the same pass, as letter_pairs_of() makes them
	 * (a second pass over the text was a third of this function) */
	struct letter_pairs lp = {{0}};
	int prev = -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)text[i];
		if (b == '\\' || b == '\0' || b >= 0x80)
			return true;
		slashes += b == '/';
		letters[b & 31]++;
		int cur = letter_index((char)b);
		if (prev >= 0 && cur >= 0) {
			unsigned bit = (unsigned)(prev * 26 + cur);
			lp.bits[bit / 64] |= UINT64_C(1) << (bit % 64);
		}
		prev = cur;
	}
	if (slashes >= MAX_LEX_LEVELS / 2)
		return true;
	for (size_t w = 0; w < sizeof secret_words / sizeof *secret_words; w++)
		if (holds_word_pairs(sn, &lp, w))
			return true;
	if (may_hold_literal(ruleset_secret_literals(rs), &lp, text, len))
		return true;
	for (size_t i = 0; i < sn->n; i++)
		if (name_may_be_near(sn, i, letters, text, len))
			return true;
	return false;
}

bool secret_text_may_hold_secret(const struct ruleset *rs, const char *text, size_t len)
{
	struct secret_names sn = secret_names_new(rs);
	bool may = text_may_hold_secret_key(rs, &sn, text, len);
	secret_names_free(&sn);
	return may;
}

/* A scan meets the same keys again and again (every table of a DbList has
 * "name" and "all", every request has the same parameters): the answers
 * for short keys are remembered in a two-way table of 35 KB (it is
 * memory a big request pays on top of its tree).  Measured
 * (bench/README.md, "Memos": callgrind on bench/gen.py's inputs, with the
 * table and with classify_memo() calling key_is_secret() alone): the
 * 10 MB object 1,022 M and 2,166 M instructions (-53%), the 1 MB string
 * 171 M and 366 M (-53%), 1,000 small files 233 M and 428 M (-46%); a
 * 1 KB request never makes the table. */
#define MEMO_SLOTS 1024
#define MEMO_MAX_KEY 32

struct memo_slot {
	char key[MEMO_MAX_KEY];
	unsigned char len; /* 0: empty */
	unsigned char kind; /* KEY_SECRET | KEY_HOLDS_PAIR */
};

struct memo {
	struct memo_slot *slots; /* MEMO_SLOTS, or NULL: not remembering (yet) */
	bool remember;           /* make the table once lookups repay clearing it */
	size_t lookups;
	struct secret_names names;
	const struct ruleset *rs;
};

/* A small request's forty keys are answered faster than the table is
 * cleared: it is made only once a scan has asked this often. */
#define MEMO_AFTER_LOOKUPS 256

/* remember: false for a handful of lookups (a message), where clearing
 * the table would cost more than it saves */
static void memo_init(struct memo *m, const struct ruleset *rs, bool remember)
{
	m->slots = NULL;
	m->remember = remember;
	m->lookups = 0;
	m->names = secret_names_new(rs);
	m->rs = rs;
}

static void memo_free(struct memo *m)
{
	free(m->slots);
	secret_names_free(&m->names);
}

/* The key's first and last eight bytes and its length, mixed: a hash of
 * every byte (FNV, 5 instructions a byte) was half the cost of a lookup.
 * Keys that agree there and differ in the middle only share a pair of
 * slots; the comparison tells them apart. */
static size_t memo_hash(const char *key, size_t len)
{
	uint64_t a = 0, b = 0;
	if (len >= 8) {
		memcpy(&a, key, sizeof a);
		memcpy(&b, key + len - 8, sizeof b);
	} else {
		for (size_t i = 0; i < len; i++)
			a = a << 8 | (unsigned char)key[i];
	}
	/* MurmurHash3's finaliser: every bit of a and b reaches the low bits */
	uint64_t h = a ^ (b * UINT64_C(0x9e3779b97f4a7c15)) ^ len;
	h = (h ^ h >> 33) * UINT64_C(0xff51afd7ed558ccd);
	h = (h ^ h >> 33) * UINT64_C(0xc4ceb9fe1a85ec53);
	return (size_t)(h ^ h >> 33) % MEMO_SLOTS;
}

/* What a key is: secret (its value is masked), and/or a JSON text holding
 * a secret pair itself (the key is masked: key_holds_secret()). */
#define KEY_SECRET 1u
#define KEY_HOLDS_PAIR 2u

static bool key_holds_secret(struct memo *memo, const char *key, size_t len);

static unsigned classify_key_now(struct memo *m, const struct ruleset *rs, const char *key, size_t len,
                                 bool pairs)
{
	unsigned kind = key_is_secret(rs, &m->names, key, len) ? KEY_SECRET : 0;
	if (pairs && key && key_holds_secret(m, key, len))
		kind |= KEY_HOLDS_PAIR;
	return kind;
}

/* pairs: whether KEY_HOLDS_PAIR is asked for (the tree's keys; a lexed
 * text's keys are lexed with their text).  A remembered key has both. */
static unsigned classify_key(struct memo *m, const struct ruleset *rs, const char *key, size_t len, bool pairs)
{
	if (!m->slots && m->remember && ++m->lookups > MEMO_AFTER_LOOKUPS)
		m->slots = xcalloc(MEMO_SLOTS, sizeof *m->slots);
	if (!m->slots || !key || len == 0 || len >= MEMO_MAX_KEY)
		return classify_key_now(m, rs, key, len, pairs);
	/* Two ways: a key's pair of slots holds the last two keys that hashed
	 * there, the newer first.  The keys that repeat ("name", "all", the
	 * parameters) stay; a huge DbList's table names, each seen once, only
	 * pass through. */
	size_t at = memo_hash(key, len) & ~(size_t)1;
	for (int w = 0; w < 2; w++)
		if (m->slots[at + w].len == len && !memcmp(m->slots[at + w].key, key, len))
			return m->slots[at + w].kind;
	/* (lexing a key that holds JSON classifies its keys: the slots may
	 * change meanwhile, so they are written after) */
	unsigned kind = classify_key_now(m, rs, key, len, true);
	struct memo_slot *pair = &m->slots[at];
	pair[1] = pair[0];
	memcpy(pair[0].key, key, len);
	pair[0].len = (unsigned char)len;
	pair[0].kind = (unsigned char)kind;
	return kind;
}

static bool classify_memo(struct memo *m, const struct ruleset *rs, const char *key, size_t len)
{
	return classify_key(m, rs, key, len, false) & KEY_SECRET;
}

/* ---- lexing ------------------------------------------------------------ */

struct lexing {
	struct diag_list *diags; /* NULL: only asking whether there is a secret */
	const struct ruleset *rs;
	struct memo *memo;
	unsigned level;
	bool found;
};

static bool classify(void *ctx, const char *key, size_t len)
{
	const struct lexing *lx = ctx;
	return classify_memo(lx->memo, lx->rs, key, len);
}

static void lex_text(struct lexing *lx, const char *text, size_t len, const uint32_t *map);

static void note_value(void *ctx, const struct jsonpos_lexed *v)
{
	struct lexing *lx = ctx;
	if (!v->secret && !v->text)
		return;
	if (v->secret || lx->level >= MAX_LEX_LEVELS) {
		lx->found = true;
		if (lx->diags)
			diag_add_secret(lx->diags, v->content.start, v->content.end);
		return;
	}
	lx->level++;
	lex_text(lx, v->text, v->len, v->map);
	lx->level--;
}

static void lex_text(struct lexing *lx, const char *text, size_t len, const uint32_t *map)
{
	jsonpos_lex_values(text, len, map, classify, note_value, lx);
}

static bool may_hold_json(const char *text, size_t len)
{
	return memchr(text, '"', len) || memchr(text, '\'', len);
}

/* A string of the tree that was never parsed. */
static void lex_string_node(const struct secret_scan *s, struct memo *memo, const struct jnode *n)
{
	if (!may_hold_json(jnode_text(n), jnode_text_len(n)) ||
	    !text_may_hold_secret_key(s->rs, &memo->names, jnode_text(n), jnode_text_len(n)))
		return;
	struct lexing lx = {.diags = s->diags, .rs = s->rs, .memo = memo};
	jsonpos_lex_string(s->req->src->bytes, n, classify, note_value, &lx);
}

/* A file with NUL bytes (UTF-16, UTF-32) is also lexed without them, so
 * that "p\0a\0s\0s\0..." reads as the key it is. */
static void lex_without_nuls(struct lexing *lx, const char *bytes, size_t len)
{
	char *text = xcalloc(len + 16, 1); /* zeroed slack: see LEX_SLACK in jsonpos.c */
	uint32_t *map = xmalloc((len + 1) * sizeof *map);
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (bytes[i] == '\0')
			continue;
		text[k] = bytes[i];
		map[k++] = (uint32_t)i;
	}
	map[k] = (uint32_t)len;
	lex_text(lx, text, k, map);
	free(map);
	free(text);
}

struct secret_memo *secret_memo_new(const struct ruleset *rs)
{
	struct memo *m = xmalloc(sizeof *m);
	memo_init(m, rs, true);
	return (struct secret_memo *)m;
}

void secret_memo_free(struct secret_memo *memo)
{
	if (!memo)
		return;
	memo_free((struct memo *)memo);
	free(memo);
}

static bool query_name_secret(void *ctx, const char *name, size_t len)
{
	struct memo *m = ctx;
	return classify_memo(m, m->rs, name, len);
}

static bool query_name_known(void *ctx, const char *name, size_t len)
{
	const struct memo *m = ctx;
	return ruleset_is_param_name(m->rs, name, len);
}

struct query_names secret_query_names(struct secret_memo *memo)
{
	return (struct query_names){query_name_secret, query_name_known, memo, NULL, NULL};
}

void secret_scan_unparsed(const struct secret_scan *s, const struct jnode *str)
{
	struct memo *memo = (struct memo *)s->memo;
	if (str) {
		lex_string_node(s, memo, str);
	} else {
		const struct source *src = s->req->src;
		struct lexing lx = {.diags = s->diags, .rs = s->rs, .memo = memo};
		lex_text(&lx, src->bytes, src->len, NULL);
		if (memchr(src->bytes, '\0', src->len))
			lex_without_nuls(&lx, src->bytes, src->len);
	}
}

/* ---- the tree ------------------------------------------------------------
 * The walk reads the finished tree only (the checks parsed what they
 * parse before it runs), so two walks may share it: a big tree's scan
 * hands half of its largest container's children to a second thread,
 * which has its own memo (answers are a pure function of the key) and
 * its own list of spans, appended after the join (diag_list_resolve()
 * sorts and merges them, so their order does not matter). */

static void mask_value(const struct secret_scan *s, const struct jnode *n)
{
	struct jspan span = jnode_type(n) == JT_STRING ? jnode_content_span(n) : jnode_span(n);
	diag_add_secret(s->diags, span.start, span.end);
}

static bool lex_finds_secret(struct memo *memo, const char *text, size_t len);

/* A key that is a JSON text holding a secret pair ("{\"password\": ...}"
 * written where a key goes: a fuzzer's find, which showed the password in
 * the excerpt): the key is masked whole, quotes included. */
static bool key_holds_secret(struct memo *memo, const char *key, size_t len)
{
	return may_hold_json(key, len) && text_may_hold_secret_key(memo->rs, &memo->names, key, len) &&
	       lex_finds_secret(memo, key, len);
}

/* One thread's part of the walk, with an explicit stack (trees come from
 * user input).  The children of split_parent from split on are another
 * walk's (NULL: none are).  later: where a walk beside the checks leaves
 * the strings that may hold JSON (NULL: it walks or lexes them). */
struct walk {
	const struct secret_scan *s;
	const struct jnode **stack;
	size_t len, cap;
	const struct jnode *split_parent, *split;
	struct walk *later;
};

static void walk_push(struct walk *w, const struct jnode *n)
{
	if (w->len == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->stack = xreallocarray(w->stack, w->cap, sizeof *w->stack);
	}
	w->stack[w->len++] = n;
}

/* The children from first up to stop (NULL: the last): a secret key's
 * value masked, the others walked. */
static void walk_children(struct walk *w, const struct jnode *first, const struct jnode *stop)
{
	struct memo *memo = (struct memo *)w->s->memo;
	for (const struct jnode *c = first; c != stop; c = jnode_next(c)) {
		unsigned kind = jnode_key(c) ? classify_key(memo, w->s->rs, jnode_key(c), jnode_key_len(c), true) : 0;
		if (kind & KEY_HOLDS_PAIR) {
			struct jspan key = jnode_key_span(c);
			diag_add_secret(w->s->diags, key.start, key.end);
		}
		if (kind & KEY_SECRET) {
			mask_value(w->s, c);
			continue;
		}
		if (jnode_type(c) != JT_STRING && !jnode_first(c))
			continue;
		walk_push(w, c);
	}
}

/* A string: its nested tree walked when it has one, else its text lexed;
 * one that may still get a tree is left for later when there is one. */
static void walk_string(struct walk *w, const struct jnode *n)
{
	if (w->later && jnode_may_nest(n))
		walk_push(w->later, n);
	else if (jnode_nested(n))
		walk_push(w, jnode_nested(n));
	else
		lex_string_node(w->s, (struct memo *)w->s->memo, n);
}

static void walk_run(struct walk *w)
{
	while (w->len) {
		const struct jnode *n = w->stack[--w->len];
		if (jnode_type(n) != JT_STRING)
			walk_children(w, jnode_first(n), n == w->split_parent ? w->split : NULL);
		else
			walk_string(w, n);
	}
	free(w->stack);
	w->stack = NULL;
	w->cap = 0;
}

/* A container's child holding more than this share of its bytes is
 * where the work is: the split is looked for inside it. */
#define SPLIT_DOMINANT_PERCENT 75

/* A container of more children than this is split where it is, by their
 * count: weighing each child took a third more instructions than the
 * scan itself on an array of 1.5 million numbers (468 M -> 618 M), whose
 * scan is a few instructions a value. */
#define SPLIT_WEIGH_MAX_CHILDREN 4096

static size_t span_len(const struct jnode *n)
{
	struct jspan span = jnode_span(n);
	return span.end - span.start;
}

/* The container to split: from the root down through any child that
 * holds most of its parent's bytes (a DbList, its nested tree), to one
 * whose children share them (the databases).  NULL when there is none,
 * or when a key on the way is secret (the walk masks that value whole
 * and never goes into it). */
static const struct jnode *split_container(const struct secret_scan *s, const struct jnode *root)
{
	const struct jnode *n = root;
	for (;;) {
		if (jnode_n_children(n) > SPLIT_WEIGH_MAX_CHILDREN)
			return n;
		const struct jnode *big = NULL;
		size_t big_len = 0;
		for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c))
			if (span_len(c) > big_len) {
				big = c;
				big_len = span_len(c);
			}
		if (!big)
			return NULL;
		if (big_len * 100 <= span_len(n) * SPLIT_DOMINANT_PERCENT)
			return jnode_n_children(n) >= 2 ? n : NULL;
		if (jnode_key(big) &&
		    classify_memo((struct memo *)s->memo, s->rs, jnode_key(big), jnode_key_len(big)))
			return NULL;
		n = jnode_type(big) == JT_STRING ? jnode_nested(big) : big;
		if (!n || jnode_type(n) == JT_STRING)
			return NULL;
	}
}

/* The first child of the second half of parent's children, by bytes (by
 * count for many); never the first (both halves have work). */
static const struct jnode *split_point(const struct jnode *parent)
{
	if (jnode_n_children(parent) > SPLIT_WEIGH_MAX_CHILDREN) {
		const struct jnode *c = jnode_first(parent);
		for (size_t i = jnode_n_children(parent) / 2; i; i--)
			c = jnode_next(c);
		return c;
	}
	size_t total = 0, sum = 0;
	for (const struct jnode *c = jnode_first(parent); c; c = jnode_next(c))
		total += span_len(c);
	const struct jnode *first = jnode_first(parent);
	for (const struct jnode *c = first; c; c = jnode_next(c)) {
		if (c != first && 2 * sum >= total)
			return c;
		sum += span_len(c);
	}
	return NULL;
}

/* A scan of another thread: s's, with its own memo and span list (the
 * memo's answers are a pure function of the key; the spans are added to
 * s's after the join, by scan_own_end()). */
static void scan_own(struct secret_scan *mine, struct memo *memo, struct diag_list *diags,
                     const struct secret_scan *s)
{
	memo_init(memo, s->rs, true);
	diag_list_init(diags);
	*mine = *s;
	mine->memo = (struct secret_memo *)memo;
	mine->diags = diags;
}

static void scan_own_end(const struct secret_scan *s, struct memo *memo, struct diag_list *diags)
{
	for (size_t i = 0; i < diags->n_secrets; i++)
		diag_add_secret(s->diags, diags->secrets[i].start, diags->secrets[i].end);
	diag_list_release(diags);
	memo_free(memo);
}

/* The second half: the run's scan with its own memo and span list. */
struct half {
	struct secret_scan s;
	struct memo memo;
	struct diag_list diags;
	const struct jnode *first; /* its first child of the split container */
	const char *context;       /* the input, for xalloc_die()'s message */
	pthread_t thread;
	bool threaded;
};

static void half_walk(struct half *h)
{
	struct walk w = {.s = &h->s};
	walk_children(&w, h->first, NULL);
	walk_run(&w);
}

static void *half_main(void *arg)
{
	struct half *h = arg;
	xalloc_set_context(h->context);
	half_walk(h);
	ruleset_thread_release(); /* this thread's match data */
	return NULL;
}

/* Start the second half on its own thread, or leave it to this one when
 * none can start (threaded false). */
static void half_start(struct half *h, const struct secret_scan *s, const struct jnode *first)
{
	scan_own(&h->s, &h->memo, &h->diags, s);
	h->first = first;
	h->context = xalloc_context();
	/* PCRE2 from two threads: what matching makes on first use is made
	 * now, and nothing is JIT-compiled while both run. */
	h->threaded = ruleset_share(s->rs);
	if (h->threaded && pthread_create(&h->thread, NULL, half_main, h) != 0) {
		ruleset_unshare(s->rs);
		h->threaded = false;
	}
}

/* Wait for the second half (or walk it here), and add its spans. */
static void half_finish(struct half *h, const struct secret_scan *s)
{
	if (h->threaded) {
		pthread_join(h->thread, NULL);
		ruleset_unshare(s->rs);
	} else {
		half_walk(h);
	}
	scan_own_end(s, &h->memo, &h->diags);
}

/* Where the second half starts, or NULL to walk on one thread: one
 * thread allowed, the ruleset shared by threads already (--jobs), no
 * container to split or a small one. */
static const struct jnode *half_first(const struct secret_scan *s, const struct jnode *root,
                                      const struct jnode **parent)
{
	*parent = NULL;
	if (s->threads < 2 || s->rs->shared)
		return NULL;
	const struct jnode *n = split_container(s, root);
	if (!n || span_len(n) < s->split_min)
		return NULL;
	*parent = n;
	return split_point(n);
}

/* The tree under root (a container), on two threads when it is big. */
static void scan_from(const struct secret_scan *s, const struct jnode *root)
{
	struct walk w = {.s = s};
	w.split = half_first(s, root, &w.split_parent);
	struct half h;
	if (w.split)
		half_start(&h, s, w.split);
	else
		w.split_parent = NULL;
	walk_push(&w, root);
	walk_run(&w);
	if (w.split)
		half_finish(&h, s);
}

void secret_scan_tree(const struct secret_scan *s)
{
	if (s->req->root)
		scan_from(s, s->req->root);
}

/* ---- beside the checks ---------------------------------------------------
 * The checks change the tree in two ways only: they parse strings that
 * hold JSON (a string's nested slot is filled) and decode long strings on
 * first use (jnode_lazy_text(), which publishes atomically).  So the scan
 * can run on a second thread while they run, if it leaves alone every
 * string that may get a nested tree: whether such a string is walked or
 * lexed must be what the checks left, not a matter of timing.  After the
 * join this thread scans those strings as secret_scan_tree() would have,
 * but for the nested trees handed to a thread of their own as soon as the
 * checks parsed them (a DbList string: most of its request).  On a 10 MB
 * request the checks and the scan each take about a third of the run:
 * the scan's wall time is then mostly hidden (bench/README.md, "The scan
 * beside the checks"). */

/* Threads a scan beside the checks starts: the tree, and nested trees. */
#define BESIDE_MAX_JOBS 4

/* One thread's walk of one tree. */
struct beside_job {
	struct secret_scan s; /* the run's, with this job's memo and spans */
	struct memo memo;
	struct diag_list diags;
	struct walk later;    /* the strings that may hold JSON, for after */
	const struct jnode *root;
	const char *context;  /* the input, for xalloc_die()'s message */
	pthread_t thread;
};

struct secret_scan_beside {
	struct secret_scan main; /* the run's */
	struct beside_job *jobs[BESIDE_MAX_JOBS];
	size_t n_jobs;
	/* the strings whose nested trees have a job (they are in some job's
	 * list of strings left for after, to be passed over there) */
	const struct jnode *taken[BESIDE_MAX_JOBS];
	size_t n_taken;
};

static void *job_main(void *arg)
{
	struct beside_job *job = arg;
	xalloc_set_context(job->context);
	struct walk w = {.s = &job->s, .later = &job->later};
	walk_push(&w, job->root);
	walk_run(&w);
	ruleset_thread_release(); /* this thread's match data */
	return NULL;
}

/* A thread walking root; false when none starts. */
static bool job_start(struct secret_scan_beside *b, const struct jnode *root)
{
	if (b->n_jobs == BESIDE_MAX_JOBS)
		return false;
	struct beside_job *job = xcalloc(1, sizeof *job);
	scan_own(&job->s, &job->memo, &job->diags, &b->main);
	job->later.s = &b->main;
	job->root = root;
	job->context = xalloc_context();
	if (pthread_create(&job->thread, NULL, job_main, job) != 0) {
		scan_own_end(&b->main, &job->memo, &job->diags); /* no spans yet */
		free(job);
		return false;
	}
	b->jobs[b->n_jobs++] = job;
	return true;
}

struct secret_scan_beside *secret_scan_beside_start(const struct secret_scan *s)
{
	if (s->threads < 2 || s->rs->shared || !s->req->root || s->req->src->len < s->split_min)
		return NULL;
	if (!ruleset_share_secret_key(s->rs))
		return NULL;
	struct secret_scan_beside *b = xcalloc(1, sizeof *b);
	b->main = *s;
	if (!job_start(b, s->req->root)) {
		free(b);
		return NULL;
	}
	return b;
}

static bool taken(const struct secret_scan_beside *b, const struct jnode *str)
{
	for (size_t i = 0; i < b->n_taken; i++)
		if (b->taken[i] == str)
			return true;
	return false;
}

void secret_scan_beside_nested(struct secret_scan_beside *b, const struct jnode *str)
{
	struct jspan span = jnode_span(str);
	if (!jnode_nested(str) || span.end - span.start < b->main.split_min || taken(b, str))
		return;
	if (job_start(b, jnode_nested(str)))
		b->taken[b->n_taken++] = str;
}

void secret_scan_beside_finish(struct secret_scan_beside *b)
{
	const struct secret_scan *s = &b->main;
	for (size_t j = 0; j < b->n_jobs; j++) {
		struct beside_job *job = b->jobs[j];
		pthread_join(job->thread, NULL);
		scan_own_end(s, &job->memo, &job->diags);
	}
	/* the strings left: each nested tree as a tree of its own (split in
	 * two when big), or the text lexed */
	for (size_t j = 0; j < b->n_jobs; j++) {
		struct beside_job *job = b->jobs[j];
		for (size_t i = 0; i < job->later.len; i++) {
			const struct jnode *n = job->later.stack[i];
			if (taken(b, n))
				continue;
			if (jnode_nested(n))
				scan_from(s, jnode_nested(n));
			else
				lex_string_node(s, (struct memo *)s->memo, n);
		}
		free(job->later.stack);
		free(job);
	}
	free(b);
}

/* ---- messages ------------------------------------------------------------ */

const struct jnode *secret_owner(const struct ruleset *rs, const struct jnode *n)
{
	struct memo memo;
	memo_init(&memo, rs, false);
	const struct jnode *owner = NULL;
	for (const struct jnode *m = n; m; m = jnode_parent(m))
		if (jnode_key(m) && classify_memo(&memo, rs, jnode_key(m), jnode_key_len(m)))
			owner = m;
	memo_free(&memo);
	return owner;
}

/* Does lexing text find a secret? */
static bool lex_finds_secret(struct memo *memo, const char *text, size_t len)
{
	struct lexing lx = {.rs = memo->rs, .memo = memo};
	lex_text(&lx, text, len, NULL);
	return lx.found;
}

/* Strings longer than this that may hold JSON are not lexed to clear a
 * message's preview of them: they are masked. */
#define SECRET_PREVIEW_LEX_MAX 4096

bool secret_value_hidden(const struct ruleset *rs, const struct jnode *n)
{
	struct memo memo;
	memo_init(&memo, rs, false);
	bool hidden = false;
	for (const struct jnode *m = n; m && !hidden; m = jnode_parent(m))
		hidden = jnode_key(m) && classify_memo(&memo, rs, jnode_key(m), jnode_key_len(m));
	/* A message shows at most a short preview of a value; to clear a big
	 * string that may hold JSON (a DbList) every key of it would be
	 * classified again, for one preview.  When in doubt, mask (and one
	 * that starts like JSON is masked without decoding its text). */
	if (!hidden && jnode_type(n) == JT_STRING && jnode_text_len(n) > SECRET_PREVIEW_LEX_MAX &&
	    (jnode_may_hold_container(n) || may_hold_json(jnode_text(n), jnode_text_len(n))))
		hidden = true;
	if (!hidden && jnode_type(n) == JT_STRING && may_hold_json(jnode_text(n), jnode_text_len(n)) &&
	    text_may_hold_secret_key(rs, &memo.names, jnode_text(n), jnode_text_len(n)))
		hidden = lex_finds_secret(&memo, jnode_text(n), jnode_text_len(n));
	memo_free(&memo);
	return hidden;
}

bool secret_text_shows_pair(const struct ruleset *rs, const char *text, size_t len)
{
	if (!may_hold_json(text, len)) /* most: without making the names */
		return false;
	struct memo memo;
	memo_init(&memo, rs, false);
	bool found = key_holds_secret(&memo, text, len);
	memo_free(&memo);
	return found;
}

bool secret_text_holds_secret(const struct ruleset *rs, const char *text, size_t len)
{
	struct memo memo;
	memo_init(&memo, rs, false);
	bool found = lex_finds_secret(&memo, text, len);
	memo_free(&memo);
	return found;
}
