/*
 * suggest: "did you mean" by case-insensitive edit distance, as used for
 * parameter names, enum values and Reserve/DbList keys.
 */
#ifndef DTSLINT_SUGGEST_H
#define DTSLINT_SUGGEST_H

#include <stddef.h>

/* Optimal-string-alignment distance ignoring ASCII case; stops counting
 * above `limit` and returns limit + 1 then. */
size_t suggest_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit);

/* The candidate closest to word, if it is close enough to be what the user
 * meant (differs only in case, or by at most 2 edits, and by fewer than a
 * third of the word's characters), and no other candidate is as close.
 * Returns a borrowed candidate or NULL. */
const char *suggest_closest(const char *word, size_t len, const char *const *candidates,
                            size_t n_candidates);

#endif
