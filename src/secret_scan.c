/*
 * secret_scan: see secret_scan.h.  The tree is walked with an explicit
 * stack (trees come from user input); text that did not parse goes to the
 * lenient lexer of jsonpos, whose string values are lexed again when they
 * may hold JSON, down to a fixed depth below which a string is masked
 * whole rather than looked into.
 */
#include "secret_scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* JSON in a string in a string...: each level needs at least twice the
 * backslashes of the one above, so real text never comes near this. */
#define MAX_LEX_LEVELS 32

/* Keys longer than this are only matched against the pattern: a near
 * miss is a slip of the hand on a name, not a megabyte of text. */
#define NEAR_MISS_MAX_KEY 256

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
	size_t limit = len / 3 < 2 ? len / 3 : 2;
	return limit ? limit : len >= 2;
}

/* "password" misspelt inside a longer key (dbPasword, srcPasswrd). */
static bool holds_near_password(const char *key, size_t len)
{
	static const char word[] = "password";
	size_t wl = sizeof word - 1;
	for (size_t n = wl - 1; n <= wl + 1; n++)
		for (size_t i = 0; i + n <= len; i++)
			if (distance(key + i, n, word, wl, 1) <= 1)
				return true;
	return false;
}

bool secret_key_is_secret(const struct ruleset *rs, const char *key, size_t len)
{
	if (!key || ruleset_is_secret_key(rs, key, len))
		return true;
	if (len > NEAR_MISS_MAX_KEY)
		return false;
	if (holds_near_password(key, len))
		return true;
	size_t limit = near_limit(len);
	for (size_t i = 0; i < rs->n_known_keys; i++) {
		const char *name = rs->known_keys[i].name;
		if (!rs->known_keys[i].secret)
			continue;
		size_t nl = strlen(name);
		if (nl <= NEAR_MISS_MAX_KEY && distance(key, len, name, nl, limit) <= limit)
			return true;
	}
	return false;
}

/* ---- lexing ------------------------------------------------------------ */

struct lexing {
	struct diag_list *diags; /* NULL: only asking whether there is a secret */
	const struct ruleset *rs;
	unsigned level;
	bool found;
};

static bool classify(void *ctx, const char *key, size_t len)
{
	const struct lexing *lx = ctx;
	return secret_key_is_secret(lx->rs, key, len);
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
static void lex_string_node(struct run *r, const struct jnode *n)
{
	if (!may_hold_json(n->text, n->text_len))
		return;
	struct lexing lx = {.diags = r->diags, .rs = r->rs};
	lex_text(&lx, n->text, n->text_len, jsonpos_string_map(r->req->doc, r->req->src->bytes, n));
}

/* A file with NUL bytes (UTF-16, UTF-32) is also lexed without them, so
 * that "p\0a\0s\0s\0..." reads as the key it is. */
static void lex_without_nuls(struct lexing *lx, const char *bytes, size_t len)
{
	char *text = xmalloc(len + 1);
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

void secret_scan_unparsed(struct run *r, const struct jnode *str)
{
	if (str) {
		lex_string_node(r, str);
		return;
	}
	const struct source *src = r->req->src;
	struct lexing lx = {.diags = r->diags, .rs = r->rs};
	lex_text(&lx, src->bytes, src->len, NULL);
	if (memchr(src->bytes, '\0', src->len))
		lex_without_nuls(&lx, src->bytes, src->len);
}

/* ---- the tree ------------------------------------------------------------ */

static void mask_value(struct run *r, const struct jnode *n)
{
	struct jspan span = n->type == JT_STRING ? jnode_content_span(n) : n->span;
	diag_add_secret(r->diags, span.start, span.end);
}

void secret_scan_tree(struct run *r)
{
	if (!r->req->root)
		return;
	size_t cap = 64, len = 0;
	const struct jnode **stack = xmalloc(cap * sizeof *stack);
	stack[len++] = r->req->root;
	while (len) {
		const struct jnode *n = stack[--len];
		if (n->type == JT_STRING) {
			if (n->nested)
				stack[len++] = n->nested; /* popped a slot: there is room */
			else
				lex_string_node(r, n);
			continue;
		}
		for (const struct jnode *c = n->first; c; c = c->next) {
			if (c->key && secret_key_is_secret(r->rs, c->key, c->key_len)) {
				mask_value(r, c);
				continue;
			}
			if (c->type != JT_STRING && !c->first)
				continue;
			if (len == cap) {
				cap *= 2;
				stack = xreallocarray(stack, cap, sizeof *stack);
			}
			stack[len++] = c;
		}
	}
	free(stack);
}

/* ---- messages ------------------------------------------------------------ */

bool secret_value_hidden(const struct ruleset *rs, const struct jnode *n)
{
	for (const struct jnode *m = n; m; m = m->parent)
		if (m->key && secret_key_is_secret(rs, m->key, m->key_len))
			return true;
	if (n->type != JT_STRING || !may_hold_json(n->text, n->text_len))
		return false;
	struct lexing lx = {.rs = rs};
	lex_text(&lx, n->text, n->text_len, NULL);
	return lx.found;
}
