/*
 * suggest: edit distance for "did you mean".  Case is ignored because the
 * commonest misspellings of DTS names are case slips (InstanceId for
 * InstanceID, DatabaseName for DataBaseName); transpositions count as one
 * edit because they are the commonest typing slip.
 */
#include "suggest.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "xalloc.h"

static int fold(char c)
{
	return tolower((unsigned char)c);
}

size_t suggest_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit)
{
	size_t diff = alen > blen ? alen - blen : blen - alen;
	if (diff > limit)
		return limit + 1;
	/* Three rolling rows of the dynamic-programming table. */
	size_t *prev2 = xcalloc(blen + 1, sizeof *prev2);
	size_t *prev = xcalloc(blen + 1, sizeof *prev);
	size_t *cur = xcalloc(blen + 1, sizeof *cur);
	for (size_t j = 0; j <= blen; j++)
		prev[j] = j;
	for (size_t i = 1; i <= alen; i++) {
		cur[0] = i;
		size_t row_min = cur[0];
		for (size_t j = 1; j <= blen; j++) {
			size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
			size_t best = prev[j - 1] + cost;
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
			if (best < row_min)
				row_min = best;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
		if (row_min > limit) {
			prev[blen] = limit + 1;
			break;
		}
	}
	size_t d = prev[blen] > limit ? limit + 1 : prev[blen];
	free(prev2);
	free(prev);
	free(cur);
	return d;
}

const char *suggest_closest(const char *word, size_t len, const char *const *candidates,
                            size_t n_candidates)
{
	size_t limit = len / 3 < 2 ? len / 3 : 2;
	if (limit == 0)
		limit = len >= 2 ? 1 : 0;
	const char *best = NULL;
	size_t best_d = limit + 1;
	bool tie = false;
	for (size_t i = 0; i < n_candidates; i++) {
		size_t d = suggest_distance(word, len, candidates[i], strlen(candidates[i]), limit);
		if (d < best_d) {
			best = candidates[i];
			best_d = d;
			tie = false;
		} else if (d == best_d && d <= limit) {
			tie = true;
		}
	}
	return best && !tie ? best : NULL;
}
