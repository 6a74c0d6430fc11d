/*
 * fix_set: see fix_set.h.
 */
#include "fix_set.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Two edits overlap when they share a byte, or insert at the same place
 * (their order would be a guess). */
static bool overlaps(const struct diag_edit *a, const struct diag_edit *b)
{
	if (a->start == b->start)
		return true;
	return a->start < b->end && b->start < a->end;
}

/* Where e goes in the chosen edits (sorted by start, none overlapping). */
static size_t lower_bound(const struct fix_set *set, size_t start)
{
	size_t lo = 0, hi = set->n_edits;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->edits[mid]->start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The chosen edits do not overlap, so only e's two neighbours can. */
static bool collides(const struct fix_set *set, const struct diag *d)
{
	for (size_t i = 0; i < d->n_edits; i++) {
		size_t at = lower_bound(set, d->edits[i].start);
		if (at > 0 && overlaps(&d->edits[i], set->edits[at - 1]))
			return true;
		if (at < set->n_edits && overlaps(&d->edits[i], set->edits[at]))
			return true;
	}
	/* A finding's own edits must not overlap each other either. */
	for (size_t i = 0; i < d->n_edits; i++)
		for (size_t k = i + 1; k < d->n_edits; k++)
			if (overlaps(&d->edits[i], &d->edits[k]))
				return true;
	return false;
}

static size_t first_start(const struct diag *d)
{
	size_t min = d->edits[0].start;
	for (size_t i = 1; i < d->n_edits; i++)
		if (d->edits[i].start < min)
			min = d->edits[i].start;
	return min;
}

struct candidate {
	const struct diag *d;
	size_t start, order;
};

static int candidate_cmp(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* "First" is the fix whose first edit comes first in the file (the
 * finding's own position may lie inside a bigger edit: a Python literal
 * is replaced whole), findings at the same place in report order.  Cost:
 * n log n plus the moves of an edit that lands before the last one, which
 * only a finding with several edits can cause. */
void fix_set_choose(struct fix_set *set, const struct diag_list *diags)
{
	memset(set, 0, sizeof *set);
	size_t total = 0, n = 0;
	for (size_t i = 0; i < diags->len; i++)
		total += diags->items[i].n_edits;
	set->edits = xreallocarray(NULL, total ? total : 1, sizeof *set->edits);
	struct candidate *c = xreallocarray(NULL, diags->len ? diags->len : 1, sizeof *c);
	for (size_t i = 0; i < diags->len; i++)
		if (diags->items[i].n_edits)
			c[n++] = (struct candidate){&diags->items[i], first_start(&diags->items[i]), i};
	qsort(c, n, sizeof *c, candidate_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = c[i].d;
		if (collides(set, d)) {
			set->n_skipped++;
			continue;
		}
		for (size_t k = 0; k < d->n_edits; k++) {
			size_t at = lower_bound(set, d->edits[k].start);
			memmove(set->edits + at + 1, set->edits + at,
			        (set->n_edits - at) * sizeof *set->edits);
			set->edits[at] = &d->edits[k];
			set->n_edits++;
		}
		set->n_fixed++;
	}
	free(c);
}

void fix_set_release(struct fix_set *set)
{
	free(set->edits);
	memset(set, 0, sizeof *set);
}
