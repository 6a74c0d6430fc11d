/*
 * engine_value: the recursion of the checks, one value against its spec
 * and one object against its schema, each calling the other for what
 * it holds (engine_value.c).
 */
#ifndef DTSLINT_ENGINE_VALUE_H
#define DTSLINT_ENGINE_VALUE_H

#include "finding.h"

/* Check one value against its spec; `rules` says which rule reports what. */
void check_value(struct run *r, struct jnode *n, const struct param *p,
                 const struct rule_map *rules);

/* Check an object against a schema (keys, nested schemas, constraints,
 * named checks). */
void check_object(struct run *r, const struct jnode *obj, const struct schema *s);

/* An unknown member of `holder`: a typo of one of names held back (one
 * typo, one finding), else reported with the rule map's other rule. */
void report_unknown(struct run *r, const struct jnode *holder, const struct jnode *n,
                    const char **names, size_t n_names, const struct rule_map *rules,
                    const char *owner);

#endif
