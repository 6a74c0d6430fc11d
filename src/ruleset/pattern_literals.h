/*
 * pattern_literals: a cheap test that a text cannot match a pattern,
 * made from the pattern's source.
 *
 * The secret-key pattern is tried on every key the rules do not know (a
 * DbList's database, table and column names, the words of a filter), and
 * PCRE2's interpreter costs about 6,000 instructions a key for it even
 * when nothing matches.  Every match of the pattern contains one of a few
 * literals (password, secret, token, pass...): a key that holds none of
 * them, ignoring ASCII case, cannot match, and a scan of its bytes says so
 * in a few hundred instructions.
 *
 * The literals are read from the pattern's source by a deliberately small
 * reader that gives up (no literals: every text may match) on anything it
 * does not know to be safe.  What it accepts (literals, escaped
 * punctuation, \d\w\s and their negations, \b\B\A\z\Z, '.', '^', '$',
 * classes, groups, (?i) and (?i:, lookarounds, alternation and the '?'
 * quantifier, at most 16 of it) has no repetition, so an attempt at one
 * position explores a bounded number of paths: PCRE2, which counts its
 * match limit per starting position, can never hit the limit on such a
 * pattern, and "cannot match" is exactly PCRE2's answer.  A text with a
 * byte above 0x7f is never judged here (PCRE2's caseless UTF matching
 * folds 's' with U+017F and 'k' with U+212A, and checks the UTF-8).
 */
#ifndef DTSLINT_PATTERN_LITERALS_H
#define DTSLINT_PATTERN_LITERALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pattern_literals {
	char **lit;             /* lower-case ASCII, NUL-terminated, owned */
	size_t n;               /* 0 with lit NULL: no test, every text may match */
	unsigned char first[32]; /* bitmap of the literals' first bytes, both cases */
};

/* Reads the literals of a pattern compiled with PCRE2 options `options`;
 * always succeeds (out->n == 0: no test).  Release with
 * pattern_literals_release(). */
void pattern_literals_init(struct pattern_literals *out, const char *source, size_t len,
                           uint32_t options);
void pattern_literals_release(struct pattern_literals *pl);

/* False only when text cannot match the pattern pl was made from. */
bool pattern_literals_may_match(const struct pattern_literals *pl, const char *text, size_t len);

#endif
