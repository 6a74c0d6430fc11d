/*
 * diag: the findings of one input, as the engine adds them, and the one
 * order every emitter prints them in.  It owns copies of all text so the
 * engine's buffers can go away.
 *
 * It does not filter, suppress or redact: policy is decided before a
 * finding is added, and emitters mask the secret spans recorded here.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *const severity_names[] = {
	[SEV_NONE] = "none",
	[SEV_NOTE] = "note",
	[SEV_WARNING] = "warning",
	[SEV_ERROR] = "error",
};

const char *severity_name(enum severity sev)
{
	if ((unsigned)sev >= sizeof severity_names / sizeof *severity_names)
		return "none";
	return severity_names[sev];
}

bool severity_parse(const char *text, enum severity *out)
{
	for (size_t i = 0; i < sizeof severity_names / sizeof *severity_names; i++) {
		if (strcmp(text, severity_names[i]) == 0) {
			*out = (enum severity)i;
			return true;
		}
	}
	return false;
}

void diag_list_init(struct diag_list *list)
{
	memset(list, 0, sizeof *list);
}

static void diag_release(struct diag *d)
{
	free(d->pointer);
	free(d->message);
	free(d->suggestion);
	free(d->related_message);
	free(d->related_file);
	diag_edits_release(d);
}

void diag_list_release(struct diag_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->len; i++)
		diag_release(&list->items[i]);
	free(list->items);
	free(list->secrets);
	diag_list_init(list);
}

static void location_set(struct diag_location *loc, size_t start, size_t end)
{
	memset(loc, 0, sizeof *loc);
	loc->start = start;
	loc->end = end < start ? start : end;
}

struct diag *diag_add(struct diag_list *list, const struct rule *rule,
                      size_t start, size_t end, const char *pointer,
                      const char *message, const char *suggestion)
{
	struct diag *d;

	if (list->len == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xreallocarray(list->items, list->cap, sizeof *list->items);
	}
	d = &list->items[list->len++];
	memset(d, 0, sizeof *d);
	d->rule = rule;
	d->severity = rule ? rule->severity : SEV_ERROR;
	location_set(&d->loc, start, end);
	d->pointer = xstrdup(pointer ? pointer : "");
	d->message = xstrdup(message ? message : "");
	d->suggestion = suggestion ? xstrdup(suggestion) : NULL;
	return d;
}

void diag_list_keep(struct diag_list *list, const bool *keep)
{
	size_t k = 0;

	for (size_t i = 0; i < list->len; i++) {
		if (keep[i])
			list->items[k++] = list->items[i];
		else
			diag_release(&list->items[i]);
	}
	list->len = k;
}

void diag_set_related(struct diag *d, size_t start, size_t end,
                      const char *message)
{
	d->has_related = true;
	location_set(&d->related, start, end);
	free(d->related_message);
	d->related_message = message ? xstrdup(message) : NULL;
}

void diag_set_related_elsewhere(struct diag *d, const char *file, const struct diag_location *where,
                                const char *message)
{
	d->has_related = true;
	d->related = *where;
	free(d->related_message);
	d->related_message = message ? xstrdup(message) : NULL;
	free(d->related_file);
	d->related_file = xstrdup(file);
}

void diag_add_secret(struct diag_list *list, size_t start, size_t end)
{
	if (end <= start)
		return;
	if (list->n_secrets == list->cap_secrets) {
		list->cap_secrets = list->cap_secrets ? list->cap_secrets * 2 : 8;
		list->secrets = xreallocarray(list->secrets, list->cap_secrets,
		                              sizeof *list->secrets);
	}
	list->secrets[list->n_secrets].start = start;
	list->secrets[list->n_secrets].end = end;
	list->n_secrets++;
}

/* One offset to resolve and where its position goes. */
struct pending {
	size_t offset;
	struct position *out;
};

static int pending_cmp(const void *a, const void *b)
{
	size_t x = ((const struct pending *)a)->offset;
	size_t y = ((const struct pending *)b)->offset;

	return (x > y) - (x < y);
}

/* An exclusive end inside a multi-byte character is moved past it, so
 * the span keeps the whole character (source_position rounds down). */
static size_t end_offset(const struct source *src, size_t end)
{
	if (end > src->len)
		return src->len;
	for (int i = 0; i < 3 && end > 0 && end < src->len &&
	     ((unsigned char)src->bytes[end] & 0xC0) == 0x80; i++)
		end++;
	return end;
}

static size_t queue_location(struct pending *p, struct diag_location *loc,
                             const struct source *src)
{
	p[0].offset = loc->start;
	p[0].out = &loc->begin;
	p[1].offset = end_offset(src, loc->end);
	p[1].out = &loc->finish;
	return 2;
}

/* source_position() is linear only for increasing offsets on one line
 * (a minified request is one 10 MB line), so every span is resolved in
 * offset order rather than in the order the engine found them. */
static void resolve_positions(struct diag_list *list, struct source *src)
{
	struct pending *p = xreallocarray(NULL, list->len * 4, sizeof *p);
	size_t n = 0;

	for (size_t i = 0; i < list->len; i++) {
		n += queue_location(p + n, &list->items[i].loc, src);
		if (list->items[i].has_related && !list->items[i].related_file)
			n += queue_location(p + n, &list->items[i].related, src);
	}
	qsort(p, n, sizeof *p, pending_cmp);
	for (size_t i = 0; i < n; i++)
		*p[i].out = source_position(src, p[i].offset);
	free(p);
}

static int size_cmp(size_t x, size_t y)
{
	return (x > y) - (x < y);
}

static int diag_cmp(const struct diag *a, const struct diag *b)
{
	int c = size_cmp(a->loc.begin.line, b->loc.begin.line);

	if (!c)
		c = size_cmp(a->loc.begin.column, b->loc.begin.column);
	if (!c)
		c = strcmp(a->rule ? a->rule->id : "", b->rule ? b->rule->id : "");
	if (!c)
		c = strcmp(a->message, b->message);
	return c;
}

/* qsort() is not stable and findings that compare equal must keep the
 * engine's order for the output to be reproducible across libcs. */
static void merge_sort(struct diag *items, struct diag *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(items, tmp, mid);
	merge_sort(items + mid, tmp, n - mid);
	while (i < mid && j < n)
		tmp[k++] = diag_cmp(&items[j], &items[i]) < 0 ? items[j++] : items[i++];
	while (i < mid)
		tmp[k++] = items[i++];
	while (j < n)
		tmp[k++] = items[j++];
	memcpy(items, tmp, n * sizeof *items);
}

static int secret_cmp(const void *a, const void *b)
{
	const struct diag_secret *x = a, *y = b;

	return x->start != y->start ? size_cmp(x->start, y->start) : size_cmp(x->end, y->end);
}

/* Sort the secret spans and merge the ones that overlap, so an emitter
 * can ask "is this byte secret?" by binary search: a request with 100,000
 * password members and as many findings must not cost 10^10 steps. */
static void normalise_secrets(struct diag_list *list)
{
	size_t n = 0;

	if (list->n_secrets < 2)
		return;
	qsort(list->secrets, list->n_secrets, sizeof *list->secrets, secret_cmp);
	for (size_t i = 1; i < list->n_secrets; i++) {
		struct diag_secret *last = &list->secrets[n];

		if (list->secrets[i].start <= last->end) {
			if (list->secrets[i].end > last->end)
				last->end = list->secrets[i].end;
		} else {
			list->secrets[++n] = list->secrets[i];
		}
	}
	list->n_secrets = n + 1;
}

bool diag_list_is_secret(const struct diag_list *list, size_t offset)
{
	size_t lo = 0, hi = list->n_secrets;

	/* The last span starting at or before offset is the only candidate. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (list->secrets[mid].start <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && offset < list->secrets[lo - 1].end;
}

void diag_list_resolve(struct diag_list *list, struct source *src)
{
	struct diag *tmp;

	normalise_secrets(list);
	if (list->len == 0)
		return;
	resolve_positions(list, src);
	tmp = xreallocarray(NULL, list->len, sizeof *tmp);
	merge_sort(list->items, tmp, list->len);
	free(tmp);
}

/* SEV_NONE is the --fail-on level nothing reaches, so it counts nothing. */
size_t diag_list_count_at_least(const struct diag_list *list, enum severity sev)
{
	size_t n = 0;

	if (sev == SEV_NONE)
		return 0;
	for (size_t i = 0; i < list->len; i++)
		n += list->items[i].severity >= sev;
	return n;
}

/* ---- the fix a finding carries ------------------------------------
 * Byte edits of the input: the engine attaches them (jedit.c), the
 * emitters print them and --fix applies them (fix.c); a diag owns them. */

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
