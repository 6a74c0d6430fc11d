/*
 * engine_constraint: conditions and constraints evaluated on one object
 * (engine_constraint.c).
 */
#ifndef DTSLINT_ENGINE_CONSTRAINT_H
#define DTSLINT_ENGINE_CONSTRAINT_H

#include "finding.h"

/* Constraints evaluated on one object: plain names are its keys, names
 * starting with '/' are pointers from the request root. */
bool condition_holds(const struct run *r, const struct jnode *ctx, const struct condition *c);
/* All of them (true for none). */
bool conditions_hold(const struct run *r, const struct jnode *ctx, const struct condition *c,
                     size_t n);
void apply_constraints(struct run *r, const struct jnode *ctx, const struct constraint *k,
                       size_t n);

/* The number a value stands for: a JSON number or a numeric string. */
bool value_number(const struct jnode *n, bool integer_only, double *out);

#endif
