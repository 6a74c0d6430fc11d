/*
 * pattern_literals: see pattern_literals.h.  A recursive reader of the
 * pattern's source: an alternation needs one of its branches' literals,
 * a sequence needs the best of its literal runs and required groups.
 * Anything the reader does not know gives up, which only costs speed.
 */
#include "pattern_literals.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* More '?' than this and the paths of one attempt (2 to this power, times
 * the branches) could approach PCRE2's match limit: no test. */
#define MAX_OPTIONALS 16

/* A requirement: the text holds one of lit[0..n), or anything (any). */
struct req {
	char **lit;
	size_t n;
	bool any;
};

struct reader {
	const char *s, *end;
	unsigned optionals;
	bool fail;
};

static const struct req ANY = {NULL, 0, true};

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void req_free(struct req *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->lit[i]);
	free(r->lit);
	*r = ANY;
}

/* The shortest literal: what a requirement is worth (longer is rarer). */
static size_t req_min_len(const struct req *r)
{
	size_t min = SIZE_MAX;
	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->lit[i]) < min)
			min = strlen(r->lit[i]);
	return min;
}

/* Keeps the better of *best and cand (both owned; cand is consumed). */
static void req_offer(struct req *best, struct req cand)
{
	if (cand.any)
		return;
	if (!best->any) {
		size_t b = req_min_len(best), c = req_min_len(&cand);
		if (c < b || (c == b && cand.n >= best->n)) {
			req_free(&cand);
			return;
		}
		req_free(best);
	}
	*best = cand;
}

static struct req req_single(const char *run, size_t len)
{
	struct req r = {xmalloc(sizeof *r.lit), 1, false};
	r.lit[0] = xmalloc(len + 1);
	memcpy(r.lit[0], run, len);
	r.lit[0][len] = '\0';
	return r;
}

/* Either branch: the union of their literals; anything if either is. */
static struct req req_union(struct req a, struct req b)
{
	if (a.any || b.any) {
		req_free(&a);
		req_free(&b);
		return ANY;
	}
	a.lit = xreallocarray(a.lit, a.n + b.n, sizeof *a.lit);
	memcpy(a.lit + a.n, b.lit, b.n * sizeof *b.lit);
	a.n += b.n;
	free(b.lit);
	return a;
}

static struct req read_alternation(struct reader *r);

static bool starts(const struct reader *r, const char *prefix)
{
	size_t n = strlen(prefix);
	return (size_t)(r->end - r->s) >= n && !memcmp(r->s, prefix, n);
}

/* A class [...]: its letter when it stands for one letter in either case
 * ([Pp], [x]), else -1 (some byte); r->fail on what the reader skips. */
static int read_class(struct reader *r)
{
	r->s++; /* '[' */
	bool plain = true;
	if (r->s < r->end && *r->s == '^') {
		r->s++;
		plain = false; /* [^...]: a ']' right after it is a member, as first */
	}
	char letter = 0;
	for (bool first = true; r->s < r->end && (first || *r->s != ']'); first = false) {
		char c = *r->s++;
		if (c == '[') {
			r->fail = true; /* [:alpha:] and the like: not read */
			return -1;
		}
		if (c == '\\') {
			if (r->s == r->end)
				break;
			r->s++;
			plain = false;
		} else if (c == '-' || (c & 0x80) || c == '\0') {
			plain = false;
		} else if (!letter) {
			letter = fold(c);
		} else if (fold(c) != letter) {
			plain = false; /* two letters, or two bytes */
		}
	}
	if (r->s == r->end) {
		r->fail = true;
		return -1;
	}
	r->s++; /* ']' */
	return plain && letter ? letter : -1;
}

/* What one atom is (or the reader gives up). */
enum atom { ATOM_CHAR, ATOM_SOME, ATOM_EMPTY, ATOM_GROUP };

/* A group "(...)": its requirement in *group (the caller owns it), or a
 * lookaround or "(?i)": ATOM_EMPTY. */
static enum atom read_group(struct reader *r, struct req *group)
{
	static const char *const groups[] = {"(?:", "(?i:"};
	static const char *const asserts[] = {"(?=", "(?!", "(?<=", "(?<!"};
	bool assertion = false;
	if (starts(r, "(?i)")) {
		r->s += 4;
		return ATOM_EMPTY;
	}
	if (r->s + 1 < r->end && r->s[1] != '?') {
		r->s++;
	} else {
		size_t before = (size_t)(r->end - r->s);
		for (size_t i = 0; i < 2 && (size_t)(r->end - r->s) == before; i++)
			if (starts(r, groups[i]))
				r->s += strlen(groups[i]);
		for (size_t i = 0; i < 4 && (size_t)(r->end - r->s) == before; i++)
			if (starts(r, asserts[i])) {
				r->s += strlen(asserts[i]);
				assertion = true;
			}
		if ((size_t)(r->end - r->s) == before) {
			r->fail = true; /* named groups, other flags, comments... */
			return ATOM_EMPTY;
		}
	}
	struct req inner = read_alternation(r);
	if (r->s == r->end || *r->s != ')')
		r->fail = true;
	else
		r->s++;
	if (assertion || r->fail) {
		req_free(&inner);
		return ATOM_EMPTY;
	}
	*group = inner;
	return ATOM_GROUP;
}

/* An escape "\x": a literal byte in *c, some byte, nothing, or give up. */
static enum atom read_escape(struct reader *r, char *c)
{
	r->s++; /* '\\' */
	if (r->s == r->end) {
		r->fail = true;
		return ATOM_EMPTY;
	}
	char e = *r->s++;
	if (e && strchr("dwsDWS", e))
		return ATOM_SOME;
	if (e && strchr("bBAzZG", e))
		return ATOM_EMPTY;
	if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9') ||
	    (e & 0x80) || e == '\0') {
		r->fail = true; /* \x41, \Q, \1, \p{...}: not read */
		return ATOM_EMPTY;
	}
	*c = e;
	return ATOM_CHAR;
}

static enum atom read_atom(struct reader *r, char *c, struct req *group)
{
	char b = *r->s;
	switch (b) {
	case '\\':
		return read_escape(r, c);
	case '[': {
		int letter = read_class(r);
		*c = (char)letter;
		return letter < 0 ? ATOM_SOME : ATOM_CHAR;
	}
	case '(':
		return read_group(r, group);
	case '.':
		r->s++;
		return ATOM_SOME;
	case '^':
	case '$':
		r->s++;
		return ATOM_EMPTY;
	case '*':
	case '+':
	case '{':
		r->fail = true; /* repetition: see MAX_OPTIONALS's comment */
		return ATOM_EMPTY;
	default:
		r->s++;
		if (b & 0x80) { /* one character, whatever its bytes */
			while (r->s < r->end && (*r->s & 0xc0) == 0x80)
				r->s++;
			return ATOM_SOME;
		}
		if (b == '\0')
			return ATOM_SOME;
		*c = fold(b);
		return ATOM_CHAR;
	}
}

/* A branch: up to '|', ')' or the end. */
static struct req read_sequence(struct reader *r)
{
	struct req best = ANY;
	size_t len = (size_t)(r->end - r->s);
	char *run = xmalloc(len + 1);
	size_t n = 0;
	while (!r->fail && r->s < r->end && *r->s != '|' && *r->s != ')') {
		char c = 0;
		struct req group = ANY;
		enum atom a = read_atom(r, &c, &group);
		bool optional = r->s < r->end && *r->s == '?';
		if (optional) {
			r->s++;
			if (a == ATOM_EMPTY || ++r->optionals > MAX_OPTIONALS ||
			    (r->s < r->end && (*r->s == '?' || *r->s == '+')))
				r->fail = true; /* a quantified assertion, lazy or possessive */
		}
		if (a == ATOM_CHAR && !optional) {
			run[n++] = c;
			continue;
		}
		/* anything else ends the run of literal bytes */
		if (n)
			req_offer(&best, req_single(run, n));
		n = 0;
		if (a == ATOM_GROUP && !optional)
			req_offer(&best, group);
		else
			req_free(&group);
	}
	if (n)
		req_offer(&best, req_single(run, n));
	free(run);
	return best;
}

static struct req read_alternation(struct reader *r)
{
	struct req all = read_sequence(r);
	while (!r->fail && r->s < r->end && *r->s == '|') {
		r->s++;
		all = req_union(all, read_sequence(r));
	}
	return all;
}

/* Options under which the source reads as above. */
#define KNOWN_OPTIONS (PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ANCHORED | PCRE2_ENDANCHORED | \
                       PCRE2_CASELESS | PCRE2_NO_UTF_CHECK)

void pattern_literals_init(struct pattern_literals *out, const char *source, size_t len,
                           uint32_t options)
{
	memset(out, 0, sizeof *out);
	if (!source || (options & ~(uint32_t)KNOWN_OPTIONS))
		return;
	struct reader r = {source, source + len, 0, false};
	struct req all = read_alternation(&r);
	if (r.fail || r.s != r.end || all.any) {
		req_free(&all);
		return;
	}
	out->lit = all.lit;
	out->n = all.n;
	for (size_t i = 0; i < out->n; i++) {
		unsigned char f = (unsigned char)out->lit[i][0];
		out->first[f / 8] |= (unsigned char)(1u << (f % 8));
		if (f >= 'a' && f <= 'z')
			out->first[(f - 32) / 8] |= (unsigned char)(1u << ((f - 32) % 8));
	}
}

void pattern_literals_release(struct pattern_literals *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		free(pl->lit[i]);
	free(pl->lit);
	memset(pl, 0, sizeof *pl);
}

/* Does text at i hold lit (lower case), ignoring ASCII case? */
static bool holds_at(const char *text, size_t len, size_t i, const char *lit)
{
	for (; *lit; lit++, i++)
		if (i >= len || fold(text[i]) != *lit)
			return false;
	return true;
}

bool pattern_literals_may_match(const struct pattern_literals *pl, const char *text, size_t len)
{
	if (!pl->n)
		return true;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)text[i];
		if (b & 0x80)
			return true; /* see the header: PCRE2 judges */
		if (!(pl->first[b / 8] & (1u << (b % 8))))
			continue;
		for (size_t k = 0; k < pl->n; k++)
			if (pl->lit[k][0] == fold((char)b) && holds_at(text, len, i, pl->lit[k]))
				return true;
	}
	return false;
}
