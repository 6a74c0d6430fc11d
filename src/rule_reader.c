/*
 * rule_reader: see rule_reader.h.
 */
#include "rule_reader.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "template.h"
#include "xalloc.h"

bool reader_fail(struct rule_reader *rd, const struct jnode *at, const char *fmt, ...)
{
	if (rd->failed)
		return false;
	rd->failed = true;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t offset = at ? (at->key && at->key_span.end ? at->key_span.start : at->span.start) : 0;
	struct position p = source_position(rd->src, offset);
	snprintf(rd->errbuf, rd->errsize, "%s:%zu:%zu: %s", rd->src->name, p.line, p.column, msg);
	return false;
}

void reader_where(const struct rule_reader *rd, const struct jnode *at, char *buf, size_t size)
{
	struct position p = source_position(rd->src, at->span.start);
	snprintf(buf, size, "%s:%zu:%zu", rd->src->name, p.line, p.column);
}

bool reader_want_type(struct rule_reader *rd, const struct jnode *n, enum jtype type, const char *what)
{
	if (n->type == type)
		return true;
	return reader_fail(rd, n, "'%s' must be %s, not %s", what, jtype_name(type), jtype_name(n->type));
}

bool reader_get_string(struct rule_reader *rd, const struct jnode *n, char **out)
{
	if (!reader_want_type(rd, n, JT_STRING, n->key))
		return false;
	if (n->text_len == 0)
		return reader_fail(rd, n, "'%s' must not be empty", n->key);
	if (strlen(n->text) != n->text_len)
		return reader_fail(rd, n, "'%s' must not contain NUL characters", n->key);
	*out = xstrdup(n->text);
	return true;
}

bool reader_get_bool(struct rule_reader *rd, const struct jnode *n, bool *out)
{
	if (!reader_want_type(rd, n, JT_BOOL, n->key))
		return false;
	*out = n->boolean;
	return true;
}

/* 1e999 parses to infinity: a bound nothing can exceed is a mistake in
 * the rule file, not a limit. */
bool reader_get_number(struct rule_reader *rd, const struct jnode *n, double *out)
{
	if (!reader_want_type(rd, n, JT_NUMBER, n->key))
		return false;
	*out = strtod(n->text, NULL);
	if (!isfinite(*out))
		return reader_fail(rd, n, "'%s' is too large to represent", n->key);
	return true;
}

bool reader_get_size(struct rule_reader *rd, const struct jnode *n, size_t *out)
{
	double d;
	if (!reader_get_number(rd, n, &d))
		return false;
	if (d < 0 || d >= 9007199254740992.0 || d != floor(d))
		return reader_fail(rd, n, "'%s' must be a non-negative integer", n->key);
	*out = (size_t)d;
	return true;
}

bool reader_get_template(struct rule_reader *rd, const struct jnode *n, char **out)
{
	if (!reader_get_string(rd, n, out))
		return false;
	const char *bad = template_check(*out);
	if (bad)
		return reader_fail(rd, n, "'%s' uses an unknown placeholder at \"%.20s\"; see docs/rules-format.md",
		                   n->key, bad);
	return true;
}

bool reader_get_string_array(struct rule_reader *rd, const struct jnode *n, char ***out, size_t *count)
{
	if (!reader_want_type(rd, n, JT_ARRAY, n->key))
		return false;
	if (n->n_children == 0)
		return reader_fail(rd, n, "'%s' must not be empty", n->key);
	*out = xcalloc(n->n_children, sizeof **out);
	*count = 0;
	for (const struct jnode *c = n->first; c; c = c->next) {
		if (c->type != JT_STRING || c->text_len == 0 || strlen(c->text) != c->text_len)
			return reader_fail(rd, c, "'%s' must hold non-empty strings", n->key);
		(*out)[(*count)++] = xstrdup(c->text);
	}
	return true;
}

bool reader_check_keys(struct rule_reader *rd, const struct jnode *obj, const char *what,
                       const char *const *allowed)
{
	if (!reader_want_type(rd, obj, JT_OBJECT, what))
		return false;
	size_t n_allowed = 0;
	while (allowed[n_allowed])
		n_allowed++;
	for (const struct jnode *c = obj->first; c; c = c->next) {
		if (c->is_duplicate)
			return reader_fail(rd, c, "'%s' is given twice in %s", c->key, what);
		bool ok = false;
		for (size_t i = 0; i < n_allowed && !ok; i++)
			ok = strcmp(c->key, allowed[i]) == 0;
		if (ok)
			continue;
		const char *near = suggest_closest(c->key, c->key_len, allowed, n_allowed);
		if (near)
			return reader_fail(rd, c, "unknown key '%s' in %s; did you mean '%s'?", c->key, what, near);
		return reader_fail(rd, c, "unknown key '%s' in %s", c->key, what);
	}
	return true;
}

bool reader_parse_array(struct rule_reader *rd, const struct jnode *n, const char *what,
                        size_t elem_size, void **out, size_t *count, reader_item_fn *fn,
                        void *ctx)
{
	*out = NULL;
	*count = 0;
	if (!reader_want_type(rd, n, JT_ARRAY, what))
		return false;
	char *items = xcalloc(n->n_children ? n->n_children : 1, elem_size);
	*out = items;
	for (const struct jnode *c = n->first; c; c = c->next) {
		void *item = items + elem_size * (*count)++;
		if (!fn(ctx, c, item))
			return false;
	}
	return true;
}
