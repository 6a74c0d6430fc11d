/*
 * engine_lookup: a request's lookups of names that are rule data,
 * remembered while its trees live (engine_lookup.c).
 */
#ifndef DTSLINT_ENGINE_LOOKUP_H
#define DTSLINT_ENGINE_LOOKUP_H

#include "finding.h"

/* jnode_get(obj, name) for a name that is rule data (its address is
 * stable); asked of the request being checked, the answer is remembered
 * while the trees live (engine_lookup.c). */
const struct jnode *run_lookup(const struct run *r, const struct jnode *obj, const char *name);
/* Where a condition's answer for the request being checked is remembered
 * while the trees live (engine_lookup.c): 1 or 0, or -1 when not known
 * yet (the caller stores it).  Only for a condition whose answer depends
 * on the request alone (the caller knows, engine_constraint.c). */
signed char *run_condition_memo(const struct run *r, const struct condition *c);
struct lookup_memo *lookup_memo_new(void);
void lookup_memo_free(struct lookup_memo *m);
/* Retire every remembered answer: trees are about to be built or freed. */
void lookup_memo_forget(struct lookup_memo *m);

#endif
