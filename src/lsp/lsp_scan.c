/*
 * lsp_scan: the tolerant scan of JSON being typed (lsp_scan.h).
 */
#include "lsp_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "xalloc.h"

struct frame {
	size_t open;      /* offset of its bracket */
	bool is_object;
	enum { ST_KEY, ST_COLON, ST_VALUE, ST_AFTER } state;
	char *parent_key; /* key this container is the value of; NULL in an array or at the top */
	char *key;        /* objects: the last key read */
};

void lsp_scan_release(struct lsp_scan *sc)
{
	for (size_t i = 0; i < sc->depth; i++)
		free(sc->path[i]);
	free(sc->path);
	free(sc->word);
	free(sc->action);
	memset(sc, 0, sizeof *sc);
}

static void capture(struct lsp_scan *sc, const struct frame *fr, size_t n_frames,
                    enum lsp_slot slot, size_t start, size_t end)
{
	if (n_frames == 0 || slot == LSP_SLOT_NONE)
		return;
	const struct frame *top = &fr[n_frames - 1];
	if (slot == LSP_SLOT_VALUE && top->is_object && !top->key)
		return;
	sc->slot = slot;
	sc->path_ok = true;
	size_t n = n_frames - 1 + (slot == LSP_SLOT_VALUE ? 1 : 0);
	sc->path = xcalloc(n, sizeof *sc->path);
	for (size_t i = 1; i < n_frames; i++) {
		if (!fr[i].parent_key)
			sc->path_ok = false;
		sc->path[sc->depth++] = xstrdup(fr[i].parent_key ? fr[i].parent_key : "");
	}
	if (slot == LSP_SLOT_VALUE) {
		if (!top->is_object)
			sc->path_ok = false;
		sc->path[sc->depth++] = xstrdup(top->is_object ? top->key : "");
	}
	sc->tok_start = start;
	sc->tok_end = end;
	sc->object_start = top->open;
}

/* The slot of a cursor between tokens, from the state of the innermost container. */
static enum lsp_slot slot_between(const struct frame *top)
{
	if (!top->is_object || top->state == ST_VALUE)
		return LSP_SLOT_VALUE;
	return top->state == ST_COLON ? LSP_SLOT_NONE : LSP_SLOT_KEY;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void lsp_scan_text(const char *text, size_t len, size_t cursor, bool hover, struct lsp_scan *sc)
{
	memset(sc, 0, sizeof *sc);
	size_t cap = 16, n = 0;
	struct frame *fr = xmalloc(cap * sizeof *fr);
	bool found = false;
	size_t i = 0;
	while (i < len) {
		char c = text[i];
		if (is_space(c)) {
			i++;
			continue;
		}
		if (!found && (hover ? i > cursor : i >= cursor)) {
			if (n)
				capture(sc, fr, n, slot_between(&fr[n - 1]), cursor, cursor);
			found = true;
		}
		struct frame *top = n ? &fr[n - 1] : NULL;
		if (c == '{' || c == '[') {
			if (n == cap) {
				fr = xrealloc(fr, (cap *= 2) * sizeof *fr);
				top = &fr[n - 1]; /* the old one is freed */
			}
			char *parent = top && top->is_object && top->state == ST_VALUE && top->key
			               ? xstrdup(top->key) : NULL;
			if (top)
				top->state = ST_AFTER;
			fr[n++] = (struct frame){.open = i, .is_object = c == '{', .state = c == '{' ? ST_KEY : ST_VALUE,
			                         .parent_key = parent};
			i++;
		} else if (c == '}' || c == ']') {
			if (n) {
				n--;
				free(fr[n].parent_key);
				free(fr[n].key);
				if (n)
					fr[n - 1].state = ST_AFTER;
			}
			i++;
		} else if (c == ',') {
			if (top)
				top->state = top->is_object ? ST_KEY : ST_VALUE;
			i++;
		} else if (c == ':') {
			if (top && top->is_object)
				top->state = ST_VALUE;
			i++;
		} else if (c == '"') {
			size_t j = i + 1;
			while (j < len && text[j] != '"' && text[j] != '\n')
				j += text[j] == '\\' && j + 1 < len && text[j + 1] != '\n' ? 2 : 1;
			bool is_key = top && top->is_object && (top->state == ST_KEY || top->state == ST_AFTER);
			if (!found && (hover ? cursor >= i : cursor > i) && cursor <= j) {
				capture(sc, fr, n, is_key ? LSP_SLOT_KEY : top ? slot_between(top) : LSP_SLOT_NONE, i + 1, j);
				sc->in_string = true;
				if (is_key && sc->slot == LSP_SLOT_KEY)
					sc->word = xstrndup(text + i + 1, j - i - 1);
				found = true;
			}
			if (is_key) {
				free(top->key);
				top->key = xstrndup(text + i + 1, j - i - 1);
				top->state = ST_COLON;
			} else if (top) {
				if (n == 1 && top->is_object && top->state == ST_VALUE && top->key &&
				    !strcmp(top->key, "Action")) {
					free(sc->action);
					sc->action = xstrndup(text + i + 1, j - i - 1);
				}
				top->state = ST_AFTER;
			}
			i = j < len && text[j] == '"' ? j + 1 : j;
		} else {
			size_t j = i;
			while (j < len && !is_space(text[j]) && !ascii_in_set(text[j], "{}[],:\""))
				j++;
			if (!found && cursor > i && cursor <= j) {
				if (top && slot_between(top) == LSP_SLOT_VALUE)
					capture(sc, fr, n, LSP_SLOT_VALUE, i, j);
				found = true;
			}
			if (top)
				top->state = top->is_object && top->state == ST_KEY ? ST_COLON : ST_AFTER;
			i = j;
		}
	}
	if (!found && n)
		capture(sc, fr, n, slot_between(&fr[n - 1]), cursor, cursor);
	for (size_t k = 0; k < n; k++) {
		free(fr[k].parent_key);
		free(fr[k].key);
	}
	free(fr);
}

size_t lsp_decode_string(const char *text, size_t start, size_t end, char **out, size_t **map)
{
	char *d = xmalloc(end - start + 1);
	size_t *m = xmalloc((end - start + 1) * sizeof *m);
	size_t n = 0, i = start;
	while (i < end) {
		size_t at = i;
		unsigned long cp = 0;
		if (text[i] == '\\' && i + 1 < end) {
			char e = text[i + 1];
			if (ascii_in_set(e, "\"\\/bfnrt")) {
				static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
				d[n] = to[strchr(from, e) - from];
				m[n++] = at;
				i += 2;
				continue;
			}
			if (e == 'u' && i + 6 <= end && sscanf(text + i + 2, "%4lx", &cp) == 1) {
				i += 6;
				unsigned long lo;
				if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= end && text[i] == '\\' &&
				    text[i + 1] == 'u' && sscanf(text + i + 2, "%4lx", &lo) == 1 &&
				    lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 6;
				}
				/* At most 4 bytes out for at least 6 in: d has room. */
				unsigned char b[4];
				size_t k = 0;
				if (cp < 0x80) {
					b[k++] = (unsigned char)cp;
				} else if (cp < 0x800) {
					b[k++] = (unsigned char)(0xC0 | (cp >> 6));
					b[k++] = (unsigned char)(0x80 | (cp & 0x3F));
				} else if (cp < 0x10000) {
					b[k++] = (unsigned char)(0xE0 | (cp >> 12));
					b[k++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
					b[k++] = (unsigned char)(0x80 | (cp & 0x3F));
				} else {
					b[k++] = (unsigned char)(0xF0 | (cp >> 18));
					b[k++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
					b[k++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
					b[k++] = (unsigned char)(0x80 | (cp & 0x3F));
				}
				for (size_t q = 0; q < k; q++) {
					d[n] = (char)b[q];
					m[n++] = at;
				}
				continue;
			}
		}
		d[n] = text[i];
		m[n++] = i++;
	}
	d[n] = '\0';
	m[n] = end;
	*out = d;
	*map = m;
	return n;
}

/* The keys of the object whose '{' is at text[start], but the one whose
 * content starts at `skip` (the key being typed): sorted, for bsearch.
 * The same tolerant lexing as scan_text, one level deep. */
size_t lsp_collect_keys(const char *text, size_t len, size_t start, size_t skip, char ***out)
{
	size_t cap = 16, n = 0, depth = 0, i = start;
	char **keys = xmalloc(cap * sizeof *keys);
	bool expect_key = false;
	while (i < len) {
		char c = text[i];
		if (c == '{' || c == '[') {
			depth++;
			expect_key = depth == 1;
			i++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				break;
			i++;
		} else if (c == ',') {
			expect_key = depth == 1;
			i++;
		} else if (c == '"') {
			size_t j = i + 1;
			while (j < len && text[j] != '"' && text[j] != '\n')
				j += text[j] == '\\' && j + 1 < len && text[j + 1] != '\n' ? 2 : 1;
			if (depth == 1 && expect_key && i + 1 != skip) {
				if (n == cap)
					keys = xrealloc(keys, (cap *= 2) * sizeof *keys);
				keys[n++] = xstrndup(text + i + 1, j - i - 1);
			}
			expect_key = false;
			i = j < len && text[j] == '"' ? j + 1 : j;
		} else {
			if (!is_space(c))
				expect_key = false;
			i++;
		}
	}
	qsort(keys, n, sizeof *keys, compare_strings);
	*out = keys;
	return n;
}

bool lsp_keys_has(char **keys, size_t n, const char *name)
{
	return bsearch(&name, keys, n, sizeof *keys, compare_strings) != NULL;
}
