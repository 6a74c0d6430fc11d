/*
 * engine_scope: what the checks of a map's entries read (engine_scope.h).
 * One row per named check, written where the check is known (checks.c,
 * filter_check.c); a check added without its row reads "anything", so a
 * caller checks the whole map, which is always exact.
 */
#include "engine_scope.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

enum reads {
	READS_ANYTHING = 0, /* no row: assume the worst */
	/* The instance's own members (keys, types, scalar values), the keys
	 * of the objects it is in, and the request through conditions. */
	READS_OWN,
	/* Of each member of the map it runs on, its key and "name", a
	 * finding at that member from that member alone. */
	READS_EACH_MEMBER,
	/* Of every member of the map it runs on, its key and "name",
	 * compared with the others'. */
	READS_DEST_NAMES,
};

static const enum reads check_reads[BUILTIN_CHECK_COUNT] = {
	[BC_DISTINCT_NAMES] = READS_DEST_NAMES,      /* checks.c: run_distinct_names */
	[BC_SAME_NAMES] = READS_EACH_MEMBER,         /* checks.c: run_same_names */
	[BC_FILTER_SYNTAX] = READS_OWN,              /* the table's "filter" */
	[BC_FILTER_CROSS_TABLE] = READS_OWN,         /* its "filter", its key, its database's key */
	[BC_FILTER_BARE_YEAR] = READS_OWN,           /* the table's "filter" */
};

/* A target that names a member of the context object (not a pointer from
 * the request): on a map, an entry; "a/b" reads below the member. */
static bool relative(const char *target)
{
	return target && target[0] != '/';
}

static bool conditions_relative(const struct condition *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (relative(c[i].target) || conditions_relative(c[i].any_of, c[i].n_any_of))
			return true;
	return false;
}

static bool check_conditions_relative(const struct check_spec *k)
{
	if (conditions_relative(k->when, k->n_when))
		return true;
	for (size_t j = 0; j < k->n_merges; j++)
		if (conditions_relative(k->merges[j].when, k->merges[j].n_when))
			return true;
	return false;
}

enum engine_entries engine_map_entries(const struct schema *map)
{
	/* A constraint on a map names entries by key and reads their values. */
	if (map->n_constraints)
		return ENGINE_ENTRIES_TOGETHER;
	enum engine_entries how = ENGINE_ENTRIES_APART;
	for (size_t i = 0; i < map->n_checks; i++) {
		const struct check_spec *k = &map->checks[i];
		if (check_conditions_relative(k))
			return ENGINE_ENTRIES_TOGETHER;
		switch (check_reads[k->check]) {
		case READS_EACH_MEMBER: break;
		case READS_DEST_NAMES: how = ENGINE_ENTRIES_DEST_NAMES; break;
		case READS_OWN: /* a map's own members are its entries */
		case READS_ANYTHING: return ENGINE_ENTRIES_TOGETHER;
		}
	}
	return how;
}

/* "Table/orders", "a/b": below the member it starts with. */
static bool deep(const char *target)
{
	return relative(target) && strchr(target, '/');
}

static bool conditions_deep(const struct condition *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (deep(c[i].target) || conditions_deep(c[i].any_of, c[i].n_any_of))
			return true;
	return false;
}

bool engine_record_reads_below(const struct schema *record)
{
	for (size_t i = 0; i < record->n_constraints; i++) {
		const struct constraint *k = &record->constraints[i];
		if (conditions_deep(k->when, k->n_when) || deep(k->target) || deep(k->other) ||
		    conditions_deep(&k->expect, 1))
			return true;
	}
	for (size_t i = 0; i < record->n_checks; i++) {
		const struct check_spec *k = &record->checks[i];
		if (check_reads[k->check] != READS_OWN || conditions_deep(k->when, k->n_when))
			return true;
		for (size_t j = 0; j < k->n_merges; j++)
			if (conditions_deep(k->merges[j].when, k->merges[j].n_when))
				return true;
	}
	return false;
}

/* ---- the targets the rules read -------------------------------------- */

/* Called with each target a condition or constraint names; true stops
 * the walk (the answer is known). */
typedef bool target_fn(void *ctx, const char *target);

static bool conditions_each(const struct condition *c, size_t n, target_fn *fn, void *ctx)
{
	for (size_t i = 0; i < n; i++)
		if ((c[i].target && fn(ctx, c[i].target)) || conditions_each(c[i].any_of, c[i].n_any_of, fn, ctx))
			return true;
	return false;
}

static bool constraints_each(const struct constraint *k, size_t n, target_fn *fn, void *ctx)
{
	for (size_t i = 0; i < n; i++)
		if (conditions_each(k[i].when, k[i].n_when, fn, ctx) || (k[i].target && fn(ctx, k[i].target)) ||
		    (k[i].other && fn(ctx, k[i].other)) || conditions_each(&k[i].expect, 1, fn, ctx))
			return true;
	return false;
}

/* The conditions of a value's own checks: formats, list items, type hints. */
static bool param_each(const struct param *p, target_fn *fn, void *ctx)
{
	for (size_t i = 0; i < p->n_formats; i++)
		if (conditions_each(p->formats[i].when, p->formats[i].n_when, fn, ctx))
			return true;
	if (p->list_item && conditions_each(p->list_item->when, p->list_item->n_when, fn, ctx))
		return true;
	for (size_t i = 0; i < p->n_hints; i++)
		if (conditions_each(p->hints[i].when, p->hints[i].n_when, fn, ctx))
			return true;
	return false;
}

static bool schema_each(const struct schema *s, target_fn *fn, void *ctx)
{
	for (size_t i = 0; i < s->n_keys; i++)
		if (param_each(&s->keys[i], fn, ctx))
			return true;
	if (constraints_each(s->constraints, s->n_constraints, fn, ctx))
		return true;
	for (size_t i = 0; i < s->n_checks; i++) {
		if (conditions_each(s->checks[i].when, s->checks[i].n_when, fn, ctx))
			return true;
		for (size_t j = 0; j < s->checks[i].n_merges; j++)
			if (conditions_each(s->checks[i].merges[j].when, s->checks[i].merges[j].n_when, fn, ctx))
				return true;
	}
	return false;
}

/* Every target of the checks run on one request (not the workflow's). */
static bool request_targets_each(const struct ruleset *rs, target_fn *fn, void *ctx)
{
	for (size_t i = 0; i < rs->n_operations; i++) {
		const struct operation *op = &rs->operations[i];
		for (size_t j = 0; j < op->n_params; j++)
			if (param_each(&op->params[j], fn, ctx))
				return true;
		if (constraints_each(op->constraints, op->n_constraints, fn, ctx))
			return true;
	}
	for (size_t i = 0; i < rs->n_common; i++)
		if (param_each(&rs->common[i], fn, ctx))
			return true;
	for (size_t i = 0; i < rs->n_schemas; i++)
		if (schema_each(rs->schemas[i], fn, ctx))
			return true;
	return false;
}

/* ---- pointers below a parameter ------------------------------------- */

static bool below(void *ctx, const char *target)
{
	const char *name = ctx;
	size_t n = strlen(name);
	return target[0] == '/' && !strncmp(target + 1, name, n) && target[1 + n] == '/';
}

bool engine_reads_below(const struct ruleset *rs, const char *name)
{
	return request_targets_each(rs, below, (void *)name);
}

/* ---- names read ------------------------------------------------------- */

struct engine_read_names {
	char **names; /* owned, sorted, unique */
	size_t n, cap;
};

/* Names that the engine's C code reads by name (engine_workflow.c,
 * checks.c, filter_check.c), besides those of rule data: a check that
 * reads a new one adds it here. */
static const char *const names_read_by_code[] = {
	"Action", "AutoStart", "DbList", "DtsInstanceId", "JobId", "Reserve", "SourceEndpointIP",
	"Table", "all", "autoStartModulesAfterConfig", "filter", "name",
};

static void add_name(struct engine_read_names *s, const char *name, size_t len)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->names = xreallocarray(s->names, s->cap, sizeof *s->names);
	}
	char *copy = xmalloc(len + 1);
	memcpy(copy, name, len);
	copy[len] = '\0';
	s->names[s->n++] = copy;
}

/* A parameter name, or every segment of a JSON pointer: a pointer's
 * first segment is the member it reads, and the others are no harm. */
static bool add_target(void *ctx, const char *target)
{
	struct engine_read_names *s = ctx;
	if (target[0] != '/') {
		add_name(s, target, strlen(target));
		return false;
	}
	for (const char *p = target; *p == '/';) {
		struct strbuf seg = STRBUF_INIT;
		for (p++; *p && *p != '/'; p++) {
			if (*p == '~' && (p[1] == '0' || p[1] == '1'))
				strbuf_add(&seg, *++p == '0' ? "~" : "/", 1);
			else
				strbuf_add(&seg, p, 1);
		}
		add_name(s, seg.buf ? seg.buf : "", seg.len);
		strbuf_release(&seg);
	}
	return false;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_sort_unique(struct engine_read_names *s)
{
	qsort(s->names, s->n, sizeof *s->names, name_cmp);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (k && !strcmp(s->names[k - 1], s->names[i]))
			free(s->names[i]);
		else
			s->names[k++] = s->names[i];
	}
	s->n = k;
}

struct engine_read_names *engine_read_names_new(const struct ruleset *rs)
{
	struct engine_read_names *s = xcalloc(1, sizeof *s);
	for (size_t i = 0; i < sizeof names_read_by_code / sizeof *names_read_by_code; i++)
		add_name(s, names_read_by_code[i], strlen(names_read_by_code[i]));
	request_targets_each(rs, add_target, s);
	for (size_t i = 0; i < rs->n_workflow; i++) {
		const struct workflow_check *w = &rs->workflow[i];
		for (size_t j = 0; j < w->n_params; j++)
			if (w->params[j].param)
				add_target(s, w->params[j].param);
		if (w->left.param)
			add_target(s, w->left.param);
		if (w->right.param)
			add_target(s, w->right.param);
	}
	names_sort_unique(s);
	return s;
}

void engine_read_names_free(struct engine_read_names *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s);
}

bool engine_read_names_has(const struct engine_read_names *s, const char *name)
{
	return bsearch(&name, s->names, s->n, sizeof *s->names, name_cmp) != NULL;
}

bool engine_param_reads(const struct param *p, const char *name)
{
	struct engine_read_names s = {0};
	param_each(p, add_target, &s);
	bool found = false;
	for (size_t i = 0; i < s.n && !found; i++)
		found = !strcmp(s.names[i], name);
	for (size_t i = 0; i < s.n; i++)
		free(s.names[i]);
	free(s.names);
	return found;
}
