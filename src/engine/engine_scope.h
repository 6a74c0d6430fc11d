/*
 * engine_scope: what the checks of a map's entries read, said once, for a
 * caller that checks one entry again alone (the language server, after a
 * keystroke in one table of a 1 MB DbList) and keeps the rest of the last
 * check's findings.  Whether that is exact depends on which checks read
 * across the entries of a map and how far down they read; the answers
 * come from the table of named checks in engine_scope.c and from the rule
 * data (constraints, conditions), never from a name such as "DbList".
 */
#ifndef DTSLINT_ENGINE_SCOPE_H
#define DTSLINT_ENGINE_SCOPE_H

#include <stdbool.h>

#include "ruleset.h"

/* How the checks run on an instance of a map schema (a DbList, a
 * database's Table) read its entries. */
enum engine_entries {
	/* A check reads entries together in some other way (or one the
	 * table does not know): only a check of the whole map is exact. */
	ENGINE_ENTRIES_TOGETHER,
	/* Each entry's findings are its own: checking it alone gives them. */
	ENGINE_ENTRIES_APART,
	/* The same, but for entries mapped to one destination name
	 * (distinct-names reads every entry's key and its "name" member,
	 * and reports the second of two at it): exact alone while the
	 * entry's destination name is no other entry's. */
	ENGINE_ENTRIES_DEST_NAMES,
};

enum engine_entries engine_map_entries(const struct schema *map);

/* Do the checks of a record schema (a database's) read below its
 * members, into the objects they hold (a table of its Table)?  false:
 * they read only its members' keys, types and scalar values. */
bool engine_record_reads_below(const struct schema *record);

/* Does any condition or constraint the rules run on a request read below
 * the top-level parameter `name` (a pointer "/name/...")?  Workflow checks
 * are not counted: they run across several requests only. */
bool engine_reads_below(const struct ruleset *rs, const char *name);

/* The names any rule or named check of a request or a workflow reads by
 * name: every parameter a condition or constraint targets, every segment
 * of a pointer, and those the engine's C code reads.  An edit of a member
 * whose name is not among them can change only that member's own
 * findings.  Made once per session; owned. */
struct engine_read_names;
struct engine_read_names *engine_read_names_new(const struct ruleset *rs);
void engine_read_names_free(struct engine_read_names *names);
bool engine_read_names_has(const struct engine_read_names *names, const char *name);

/* Does any of p's own conditions (its formats, list items, hints) read
 * the name (a parameter, or a segment of a pointer)? */
bool engine_param_reads(const struct param *p, const char *name);

#endif
