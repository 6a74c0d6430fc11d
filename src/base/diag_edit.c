/*
 * diag_edit: the fix a finding carries, as byte edits of the input.
 * Kept apart from diag.c: the engine attaches edits (jedit.c), the
 * emitters print them and `--fix` applies them (fix.c); diag only owns
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

void diag_add_edit(struct diag *d, size_t start, size_t end, const char *text, size_t len)
{
	d->edits = xreallocarray(d->edits, d->n_edits + 1, sizeof *d->edits);
	struct diag_edit *e = &d->edits[d->n_edits++];
	e->start = start;
	e->end = end < start ? start : end;
	e->text = xmalloc(len + 1);
	memcpy(e->text, text, len);
	e->text[len] = '\0';
}

void diag_edits_release(struct diag *d)
{
	for (size_t i = 0; i < d->n_edits; i++)
		free(d->edits[i].text);
	free(d->edits);
	d->edits = NULL;
	d->n_edits = 0;
}

/* The secret spans are sorted and merged (diag_list_resolve()), so their
 * ends are sorted too: the first span ending after the edit's start is the
 * only one that can meet it.  An insertion meets a span it falls inside. */
static bool edit_touches_secret(const struct diag_list *list, const struct diag_edit *e)
{
	size_t lo = 0, hi = list->n_secrets;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (list->secrets[mid].end <= e->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == list->n_secrets)
		return false;
	size_t end = e->end > e->start ? e->end : e->start + 1;
	return list->secrets[lo].start < end;
}

bool diag_fix_touches_secret(const struct diag_list *list, const struct diag *d)
{
	for (size_t i = 0; i < d->n_edits; i++)
		if (edit_touches_secret(list, &d->edits[i]))
			return true;
	return false;
}
