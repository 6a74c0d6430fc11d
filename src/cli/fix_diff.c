/*
 * fix_diff: the unified diff `dtslint --fix --dry-run` prints.  The
 * changes are known exactly (the edits), so no general diff algorithm is
 * needed: each edit changes the lines it touches, edits on the same or
 * adjacent lines make one change, and changes closer than twice the
 * context make one hunk, as diff -u groups them.
 */
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "xalloc.h"

#define CONTEXT 3

struct lines {
	size_t *start; /* start[i]: offset of line i; start[n] = len */
	size_t n;
};

static void lines_init(struct lines *l, const char *bytes, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += bytes[i] == '\n';
	l->start = xreallocarray(NULL, n + 2, sizeof *l->start);
	l->n = 0;
	l->start[l->n++] = 0;
	for (size_t i = 0; i < len; i++)
		if (bytes[i] == '\n' && i + 1 < len)
			l->start[l->n++] = i + 1;
	if (len == 0)
		l->n = 0;
	l->start[l->n] = len;
}

/* The line holding offset (an offset at the end belongs to the last). */
static size_t line_of(const struct lines *l, size_t offset)
{
	size_t lo = 0, hi = l->n;
	while (lo + 1 < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->start[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct change {
	size_t lo, hi;       /* old lines, inclusive */
	size_t first, count; /* its edits in the set */
};

/* Append one line to out with its prefix; secret bytes masked. */
static void put_line(struct strbuf *out, char prefix, const char *text, size_t len,
                     const unsigned char *secret)
{
	strbuf_addch(out, prefix);
	for (size_t i = 0; i < len; i++)
		strbuf_addch(out, secret && secret[i] && text[i] != '\n' ? '*' : text[i]);
	if (!len || text[len - 1] != '\n')
		strbuf_addstr(out, "\n\\ No newline at end of file\n");
}

static void put_old_lines(struct strbuf *out, char prefix, const struct source *src,
                          const struct diag_list *diags, const struct lines *l, size_t from,
                          size_t to)
{
	for (size_t i = from; i <= to && i < l->n; i++) {
		size_t s = l->start[i], e = l->start[i + 1];
		unsigned char *secret = xcalloc(e - s + 1, 1);
		for (size_t k = s; k < e; k++)
			secret[k - s] = diag_list_is_secret(diags, k);
		put_line(out, prefix, src->bytes + s, e - s, secret);
		free(secret);
	}
}

/* The new lines of one change, with secret bytes masked. */
static size_t put_new_lines(struct strbuf *out, const struct source *src,
                            const struct diag_list *diags, const struct lines *l,
                            const struct fix_set *set, const struct change *c)
{
	struct strbuf text = STRBUF_INIT, mask = STRBUF_INIT;
	size_t at = l->start[c->lo], end = l->start[c->hi + 1];
	for (size_t i = c->first; i <= c->first + c->count; i++) {
		const struct diag_edit *e = i < c->first + c->count ? set->edits[i] : NULL;
		size_t upto = e ? e->start : end;
		for (size_t k = at; k < upto; k++) {
			strbuf_addch(&text, src->bytes[k]);
			strbuf_addch(&mask, diag_list_is_secret(diags, k));
		}
		if (!e)
			break;
		bool hide = false;
		for (size_t k = e->start; k <= e->end && !hide; k++)
			hide = k < src->len && diag_list_is_secret(diags, k);
		for (const char *p = e->text; *p; p++) {
			strbuf_addch(&text, *p);
			strbuf_addch(&mask, hide);
		}
		at = e->end;
	}
	size_t n = 0;
	for (size_t s = 0; s < text.len;) {
		const char *nl = memchr(text.buf + s, '\n', text.len - s);
		size_t e = nl ? (size_t)(nl - text.buf) + 1 : text.len;
		put_line(out, '+', text.buf + s, e - s, (const unsigned char *)mask.buf + s);
		n++;
		s = e;
	}
	strbuf_release(&text);
	strbuf_release(&mask);
	return n;
}

static void put_range(struct strbuf *out, size_t first, size_t count)
{
	/* diff -u: a one-line range is its number; an empty one names the
	 * line before it. */
	if (count == 1)
		strbuf_addf(out, "%zu", first + 1);
	else
		strbuf_addf(out, "%zu,%zu", count ? first + 1 : first, count);
}

void fix_diff(struct strbuf *out, const struct source *src, const struct diag_list *diags,
              const struct fix_set *set)
{
	if (!set->n_edits)
		return;
	struct lines l;
	lines_init(&l, src->bytes, src->len);
	struct change *ch = xreallocarray(NULL, set->n_edits, sizeof *ch);
	size_t n = 0;
	for (size_t i = 0; i < set->n_edits; i++) {
		const struct diag_edit *e = set->edits[i];
		size_t lo = line_of(&l, e->start);
		size_t hi = line_of(&l, e->end > e->start ? e->end - 1 : e->start);
		if (n && lo <= ch[n - 1].hi + 1) {
			if (hi > ch[n - 1].hi)
				ch[n - 1].hi = hi;
			ch[n - 1].count++;
			continue;
		}
		ch[n++] = (struct change){lo, hi, i, 1};
	}
	strbuf_addf(out, "--- a/%s\n+++ b/%s\n", src->name, src->name);
	long delta = 0; /* new line number minus old, before the hunk */
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && ch[j + 1].lo - ch[j].hi - 1 <= 2 * CONTEXT)
			j++;
		size_t from = ch[i].lo > CONTEXT ? ch[i].lo - CONTEXT : 0;
		size_t to = ch[j].hi + CONTEXT < l.n ? ch[j].hi + CONTEXT : l.n - 1;
		struct strbuf body = STRBUF_INIT;
		size_t new_count = 0, at = from;
		for (size_t k = i; k <= j; k++) {
			if (ch[k].lo > at) {
				put_old_lines(&body, ' ', src, diags, &l, at, ch[k].lo - 1);
				new_count += ch[k].lo - at;
			}
			put_old_lines(&body, '-', src, diags, &l, ch[k].lo, ch[k].hi);
			new_count += put_new_lines(&body, src, diags, &l, set, &ch[k]);
			at = ch[k].hi + 1;
		}
		if (to >= at) {
			put_old_lines(&body, ' ', src, diags, &l, at, to);
			new_count += to - at + 1;
		}
		size_t old_count = to - from + 1;
		strbuf_addstr(out, "@@ -");
		put_range(out, from, old_count);
		strbuf_addstr(out, " +");
		put_range(out, (size_t)((long)from + delta), new_count);
		strbuf_addstr(out, " @@\n");
		strbuf_add(out, body.buf, body.len);
		strbuf_release(&body);
		delta += (long)new_count - (long)old_count;
		i = j + 1;
	}
	free(ch);
	free(l.start);
}
