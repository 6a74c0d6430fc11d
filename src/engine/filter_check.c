/*
 * filter_check: the filter checks (see filter_check.h).
 */
#include "filter_check.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter_parse.h"
#include "xalloc.h"

/* The table's filter, read; NULL when it has none that is a string (an
 * object is a MongoDB filter, or DTS313's). */
struct read_filter {
	const struct jnode *node;
	const struct filter_parse *parse; /* borrowed from the run */
	uint32_t *map; /* file offset of each byte of the decoded text */
	size_t len;
};

/* The three checks call this for the same table in turn: the reading is
 * remembered in the run (one entry), so a filter is parsed once, not
 * three times (bench/README.md: 1,000 small files, 26 M of 296 M
 * instructions).  Borrowed: valid until the next filter is read or the
 * run ends. */
static const struct filter_parse *filter_of(struct run *r, const struct jnode *n)
{
	if (r->filter_node != n) {
		filter_parse_free(r->filter_parse);
		r->filter_parse = filter_parse_new(jnode_text(n), jnode_text_len(n));
		r->filter_node = n;
	}
	return r->filter_parse;
}

void filter_check_release(struct run *r)
{
	filter_parse_free(r->filter_parse);
	r->filter_parse = NULL;
	r->filter_node = NULL;
	r->filter_table = NULL;
	r->filter_member = NULL;
}

static bool read_filter(struct run *r, const struct jnode *table, struct read_filter *out)
{
	if (r->filter_table != table) {
		r->filter_table = table;
		r->filter_member = jnode_get(table, "filter");
	}
	const struct jnode *n = r->filter_member;
	if (!n || jnode_type(n) != JT_STRING || jnode_is_duplicate(n))
		return false;
	out->node = n;
	out->parse = filter_of(r, n);
	out->map = NULL;
	out->len = jnode_text_len(n);
	return true;
}

static void read_filter_release(struct read_filter *f)
{
	free(f->map);
}

/* The file span of text[start, end), the map made on first use. */
static struct jspan file_span(const struct run *r, struct read_filter *f, size_t start, size_t end)
{
	if (!f->map) {
		size_t len;
		f->map = jsonpos_string_map_new(r->req->src->bytes, f->node, &len);
		if (len != f->len) { /* cannot happen: the same decoding */
			free(f->map);
			f->map = NULL;
			return jnode_span(f->node);
		}
	}
	if (end > f->len)
		end = f->len;
	if (start > end)
		start = end;
	return (struct jspan){f->map[start], end > start ? f->map[end] : f->map[start]};
}

/* A finding at text[start, end) of the filter, {value} that text. */
static void report_at(struct run *r, struct read_filter *f, const struct rule *rule, size_t start, size_t end,
                      const char *expected, const char *other)
{
	char shown[256];
	const char *text = jnode_text(f->node);
	struct finding fd;
	finding_init(&fd, rule, f->node, template_shorten(text + start, end - start, shown, sizeof shown));
	fd.span = file_span(r, f, start, end);
	if (expected)
		finding_var(&fd, "expected", expected);
	if (other)
		finding_var(&fd, "other", other);
	/* Nothing to quote when the condition stops short ("(a>1"): say where. */
	if (start == end && start == f->len)
		fd.message_template = "'{param}' ends before the condition is complete: {expected}";
	finding_report(r, &fd);
}

void filter_check_syntax(struct run *r, const struct jnode *table, const struct check_spec *spec)
{
	struct read_filter f;
	if (!read_filter(r, table, &f))
		return;
	if (!f.parse->readable)
		report_at(r, &f, spec->rule, f.parse->error.start, f.parse->error.end, f.parse->error_message, NULL);
	read_filter_release(&f);
}

/* A name as the filter compares it: without quotes, brackets or a schema
 * ("[dbo].[orders]" and "orders" are one table). */
static void unqualified(const char *s, size_t len, const char **out, size_t *out_len)
{
	const char *dot = NULL;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '.')
			dot = s + i;
	if (dot) {
		len -= (size_t)(dot + 1 - s);
		s = dot + 1;
	}
	if (len >= 2 && ((s[0] == '[' && s[len - 1] == ']') || (s[0] == '`' && s[len - 1] == '`') ||
	                 (s[0] == '"' && s[len - 1] == '"'))) {
		s++;
		len -= 2;
	}
	*out = s;
	*out_len = len;
}

static bool same_name(const char *a, size_t a_len, const char *b, size_t b_len)
{
	const char *x, *y;
	size_t xl, yl;
	unqualified(a, a_len, &x, &xl);
	unqualified(b, b_len, &y, &yl);
	return xl == yl && strncasecmp(x, y, xl) == 0;
}

/* The database key a table instance sits under: table -> "Table" -> db. */
static const struct jnode *database_of(const struct jnode *table)
{
	const struct jnode *tables = jnode_parent(table);
	const struct jnode *db = tables ? jnode_parent(tables) : NULL;
	return db && jnode_key(db) ? db : NULL;
}

void filter_check_cross_table(struct run *r, const struct jnode *table, const struct check_spec *spec)
{
	struct read_filter f;
	if (!jnode_key(table) || !read_filter(r, table, &f))
		return;
	const char *text = jnode_text(f.node);
	const struct jnode *db = database_of(table);
	for (size_t i = 0; i < f.parse->n_qualified; i++) {
		const struct filter_column *c = &f.parse->qualified[i];
		const char *t = text + c->part_start[1];
		size_t t_len = c->part_end[1] - c->part_start[1];
		bool own_table = same_name(t, t_len, jnode_key(table), jnode_key_len(table));
		bool own_db = c->n_parts < 3 || !db ||
		              same_name(text + c->part_start[2], c->part_end[2] - c->part_start[2], jnode_key(db),
		                        jnode_key_len(db));
		if (own_table && own_db)
			continue;
		char table_name[256];
		report_at(r, &f, spec->rule, c->start, c->end, NULL,
		          template_shorten(jnode_key(table), jnode_key_len(table), table_name, sizeof table_name));
	}
	read_filter_release(&f);
}

void filter_check_bare_year(struct run *r, const struct jnode *table, const struct check_spec *spec)
{
	struct read_filter f;
	if (!read_filter(r, table, &f))
		return;
	for (size_t i = 0; i < f.parse->n_bare_years; i++)
		report_at(r, &f, spec->rule, f.parse->bare_years[i].start, f.parse->bare_years[i].end, NULL, NULL);
	read_filter_release(&f);
}
