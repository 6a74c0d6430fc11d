/*
 * checks: named checks referenced from rule data (see checks.h).
 */
#include "checks.h"

#include <stdlib.h>
#include <string.h>

#include "engine_constraint.h"
#include "filter_check.h"
#include "finding.h"
#include "xalloc.h"

/* ---- distinct-names --------------------------------------------------
 * Two members of a map (databases of a DbList, tables of a database)
 * that land on the same destination name overwrite or merge each other.
 * The destination name is the member's "name" when it is a non-empty
 * string, else its own key.  Sorting keeps this O(n log n) on a DbList
 * with 100,000 tables.
 */

struct dest_name {
	const char *text;
	size_t len;
	const struct jnode *member;
	const struct jnode *name_node; /* NULL: the key itself */
};

static int compare_dest(const void *a, const void *b)
{
	const struct dest_name *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->text, y->text, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	/* document order among equals, so the first written is "first" */
	return jnode_span(x->member).start < jnode_span(y->member).start ? -1 : 1;
}

static void report_collision(struct run *r, const struct rule *rule, const struct dest_name *first,
                             const struct dest_name *later)
{
	const struct jnode *at = later->name_node ? later->name_node : later->member;
	struct finding f;
	char name[256], other[256];
	finding_init(&f, rule, at, "");
	f.node = later->member;
	f.span = later->name_node ? jnode_span(later->name_node) : jnode_key_span(later->member);
	f.vars[0].value = template_shorten(jnode_key(later->member), jnode_key_len(later->member), f.key_buf,
	                                   sizeof f.key_buf);
	finding_var(&f, "value", template_shorten(later->text, later->len, name, sizeof name));
	finding_var(&f, "other", template_shorten(jnode_key(first->member), jnode_key_len(first->member), other,
	                                          sizeof other));
	f.has_related = true;
	f.related = first->name_node ? jnode_span(first->name_node) : jnode_key_span(first->member);
	f.related_message = "the first one mapped to this name";
	finding_report(r, &f);
}

/* The rule of the first merge case that holds (the destination merges
 * the two, and how that goes depends on the destination), else `rule`. */
static const struct rule *collision_rule(const struct run *r, const struct jnode *instance,
                                         const struct check_spec *spec)
{
	for (size_t i = 0; i < spec->n_merges; i++) {
		const struct merge_case *m = &spec->merges[i];
		if (conditions_hold(r, instance, m->when, m->n_when))
			return m->rule;
	}
	return spec->rule;
}

/* compare_dest() is a total order (members differ in where they start),
 * so every correct sort gives the one result: a map of a few members (most
 * databases hold a table or two) is sorted in place, without qsort()'s
 * buffer. */
#define FEW_MEMBERS 16

static void sort_dest(struct dest_name *v, size_t n)
{
	if (n > FEW_MEMBERS) {
		qsort(v, n, sizeof *v, compare_dest);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct dest_name x = v[i];
		size_t j = i;
		for (; j > 0 && compare_dest(&v[j - 1], &x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void run_distinct_names(struct run *r, const struct jnode *instance, const struct check_spec *spec)
{
	if (jnode_n_children(instance) < 2)
		return;
	struct dest_name few[FEW_MEMBERS];
	struct dest_name *v = jnode_n_children(instance) <= FEW_MEMBERS ? few : xcalloc(jnode_n_children(instance), sizeof *v);
	size_t n = 0;
	for (const struct jnode *m = jnode_first(instance); m; m = jnode_next(m)) {
		if (jnode_is_duplicate(m) || jnode_type(m) != JT_OBJECT)
			continue;
		const struct jnode *name = jnode_get(m, "name");
		bool named = name && jnode_type(name) == JT_STRING && jnode_text_len(name) > 0;
		v[n++] = (struct dest_name){named ? jnode_text(name) : jnode_key(m), named ? jnode_text_len(name) : jnode_key_len(m), m,
		                            named ? name : NULL};
	}
	sort_dest(v, n);
	const struct rule *rule = NULL;
	size_t first = 0;
	for (size_t i = 1; i < n; i++) {
		if (v[i].len == v[first].len && memcmp(v[i].text, v[first].text, v[i].len) == 0) {
			/* The merge cases are decided once, on the first collision. */
			if (!rule)
				rule = collision_rule(r, instance, spec);
			report_collision(r, rule, &v[first], &v[i]);
		}
		else {
			first = i;
		}
	}
	if (v != few)
		free(v);
}

/* ---- same-names ------------------------------------------------------
 * Change tracking (ConfigureSubscription) delivers objects under their
 * source names: a member whose "name" differs from its own key asks for a
 * mapping the service does not do.  Reported at the "name" value.
 */

static void run_same_names(struct run *r, const struct jnode *instance, const struct check_spec *spec)
{
	for (const struct jnode *m = jnode_first(instance); m; m = jnode_next(m)) {
		if (jnode_is_duplicate(m) || jnode_type(m) != JT_OBJECT)
			continue;
		const struct jnode *name = jnode_get(m, "name");
		if (!name || jnode_type(name) != JT_STRING || jnode_text_len(name) == 0 ||
		    (jnode_text_len(name) == jnode_key_len(m) && memcmp(jnode_text(name), jnode_key(m), jnode_key_len(m)) == 0))
			continue;
		char value[256];
		struct finding f;
		finding_init(&f, spec->rule, name, template_shorten(jnode_text(name), jnode_text_len(name), value, sizeof value));
		f.vars[0].value = template_shorten(jnode_key(m), jnode_key_len(m), f.key_buf, sizeof f.key_buf);
		finding_report(r, &f);
	}
}

/* ---- registry -------------------------------------------------------- */

static const struct {
	const char *name;
	check_fn *run;
} registry[] = {
	{"distinct-names", run_distinct_names},
	{"same-names", run_same_names},
	{"filter-syntax", filter_check_syntax},
	{"filter-cross-table", filter_check_cross_table},
	{"filter-bare-year", filter_check_bare_year},
};

check_fn *check_find(const char *name)
{
	for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
		if (!strcmp(registry[i].name, name))
			return registry[i].run;
	return NULL;
}
