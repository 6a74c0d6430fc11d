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

static void fail_at_offset(struct rule_reader *rd, size_t offset, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void fail_at_offset(struct rule_reader *rd, size_t offset, const char *fmt, va_list ap)
{
	if (rd->failed)
		return;
	rd->failed = true;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	struct position p = source_position(rd->src, offset);
	snprintf(rd->errbuf, rd->errsize, "%s:%zu:%zu: %s", rd->src->name, p.line, p.column, msg);
}

bool reader_fail(struct rule_reader *rd, const struct jnode *at, const char *fmt, ...)
{
	size_t offset = at ? (jnode_key(at) && jnode_key_span(at).end ? jnode_key_span(at).start : jnode_span(at).start) : 0;
	va_list ap;
	va_start(ap, fmt);
	fail_at_offset(rd, offset, fmt, ap);
	va_end(ap);
	return false;
}

bool reader_fail_offset(struct rule_reader *rd, size_t offset, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_at_offset(rd, offset, fmt, ap);
	va_end(ap);
	return false;
}

void reader_where(const struct rule_reader *rd, const struct jnode *at, char *buf, size_t size)
{
	struct position p = source_position(rd->src, jnode_span(at).start);
	snprintf(buf, size, "%s:%zu:%zu", rd->src->name, p.line, p.column);
}

bool reader_want_type(struct rule_reader *rd, const struct jnode *n, enum jtype type, const char *what)
{
	if (jnode_type(n) == type)
		return true;
	return reader_fail(rd, n, "'%s' must be %s, not %s", what, jtype_name(type), jtype_name(jnode_type(n)));
}

bool reader_get_string(struct rule_reader *rd, const struct jnode *n, char **out)
{
	if (!reader_want_type(rd, n, JT_STRING, jnode_key(n)))
		return false;
	if (jnode_text_len(n) == 0)
		return reader_fail(rd, n, "'%s' must not be empty", jnode_key(n));
	if (strlen(jnode_text(n)) != jnode_text_len(n))
		return reader_fail(rd, n, "'%s' must not contain NUL characters", jnode_key(n));
	*out = xstrdup(jnode_text(n));
	return true;
}

bool reader_get_bool(struct rule_reader *rd, const struct jnode *n, bool *out)
{
	if (!reader_want_type(rd, n, JT_BOOL, jnode_key(n)))
		return false;
	*out = jnode_boolean(n);
	return true;
}

/* 1e999 parses to infinity: a bound nothing can exceed is a mistake in
 * the rule file, not a limit. */
bool reader_get_number(struct rule_reader *rd, const struct jnode *n, double *out)
{
	if (!reader_want_type(rd, n, JT_NUMBER, jnode_key(n)))
		return false;
	*out = strtod(jnode_text(n), NULL);
	if (!isfinite(*out))
		return reader_fail(rd, n, "'%s' is too large to represent", jnode_key(n));
	return true;
}

bool reader_get_size(struct rule_reader *rd, const struct jnode *n, size_t *out)
{
	double d;
	if (!reader_get_number(rd, n, &d))
		return false;
	if (d < 0 || d >= 9007199254740992.0 || d != floor(d))
		return reader_fail(rd, n, "'%s' must be a non-negative integer", jnode_key(n));
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
		                   jnode_key(n), bad);
	return true;
}

bool reader_get_string_array(struct rule_reader *rd, const struct jnode *n, char ***out, size_t *count)
{
	if (!reader_want_type(rd, n, JT_ARRAY, jnode_key(n)))
		return false;
	if (jnode_n_children(n) == 0)
		return reader_fail(rd, n, "'%s' must not be empty", jnode_key(n));
	*out = xcalloc(jnode_n_children(n), sizeof **out);
	*count = 0;
	for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c)) {
		if (jnode_type(c) != JT_STRING || jnode_text_len(c) == 0 || strlen(jnode_text(c)) != jnode_text_len(c))
			return reader_fail(rd, c, "'%s' must hold non-empty strings", jnode_key(n));
		(*out)[(*count)++] = xstrdup(jnode_text(c));
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
	for (const struct jnode *c = jnode_first(obj); c; c = jnode_next(c)) {
		if (jnode_is_duplicate(c))
			return reader_fail(rd, c, "'%s' is given twice in %s", jnode_key(c), what);
		bool ok = false;
		for (size_t i = 0; i < n_allowed && !ok; i++)
			ok = strcmp(jnode_key(c), allowed[i]) == 0;
		if (ok)
			continue;
		const char *near = suggest_closest(jnode_key(c), jnode_key_len(c), allowed, n_allowed);
		if (near)
			return reader_fail(rd, c, "unknown key '%s' in %s; did you mean '%s'?", jnode_key(c), what, near);
		return reader_fail(rd, c, "unknown key '%s' in %s", jnode_key(c), what);
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
	char *items = xcalloc(jnode_n_children(n) ? jnode_n_children(n) : 1, elem_size);
	*out = items;
	for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c)) {
		void *item = items + elem_size * (*count)++;
		if (!fn(ctx, c, item))
			return false;
	}
	return true;
}
