/*
 * engine_scope: what the checks of a map's entries read (engine_scope.h).
 * One row per named check, written where the check is known (checks.c,
 * filter_check.c); a check added without its row reads "anything", so a
 * caller checks the whole map, which is always exact.
 */
#include "engine_scope.h"

#include <string.h>

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

/* ---- pointers below a parameter ------------------------------------- */

static bool below(const char *target, const char *name)
{
	size_t n = strlen(name);
	return target && target[0] == '/' && !strncmp(target + 1, name, n) && target[1 + n] == '/';
}

static bool conditions_below(const struct condition *c, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (below(c[i].target, name) || conditions_below(c[i].any_of, c[i].n_any_of, name))
			return true;
	return false;
}

static bool constraints_below(const struct constraint *k, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (conditions_below(k[i].when, k[i].n_when, name) || below(k[i].target, name) ||
		    below(k[i].other, name) || conditions_below(&k[i].expect, 1, name))
			return true;
	return false;
}

static bool param_below(const struct param *p, const char *name)
{
	for (size_t i = 0; i < p->n_formats; i++)
		if (conditions_below(p->formats[i].when, p->formats[i].n_when, name))
			return true;
	if (p->list_item && conditions_below(p->list_item->when, p->list_item->n_when, name))
		return true;
	for (size_t i = 0; i < p->n_hints; i++)
		if (conditions_below(p->hints[i].when, p->hints[i].n_when, name))
			return true;
	return false;
}

static bool schema_below(const struct schema *s, const char *name)
{
	for (size_t i = 0; i < s->n_keys; i++)
		if (param_below(&s->keys[i], name))
			return true;
	if (constraints_below(s->constraints, s->n_constraints, name))
		return true;
	for (size_t i = 0; i < s->n_checks; i++) {
		if (conditions_below(s->checks[i].when, s->checks[i].n_when, name))
			return true;
		for (size_t j = 0; j < s->checks[i].n_merges; j++)
			if (conditions_below(s->checks[i].merges[j].when, s->checks[i].merges[j].n_when, name))
				return true;
	}
	return false;
}

bool engine_reads_below(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n_operations; i++) {
		const struct operation *op = &rs->operations[i];
		for (size_t j = 0; j < op->n_params; j++)
			if (param_below(&op->params[j], name))
				return true;
		if (constraints_below(op->constraints, op->n_constraints, name))
			return true;
	}
	for (size_t i = 0; i < rs->n_common; i++)
		if (param_below(&rs->common[i], name))
			return true;
	for (size_t i = 0; i < rs->n_schemas; i++)
		if (schema_below(rs->schemas[i], name))
			return true;
	return false;
}
