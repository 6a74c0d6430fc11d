/*
 * checks: the few checks rule data cannot express, in one registry.
 * Rule files name them in a schema's "checks" list; each runs on one
 * instance of that schema.  Adding one means a function here, an entry
 * in the registry, and a line in docs/rules-format.md.
 */
#ifndef DTSLINT_CHECKS_H
#define DTSLINT_CHECKS_H

#include "jsonpos.h"
#include "ruleset.h"

struct run; /* engine_internal.h */

struct check {
	const char *name;
	void (*run)(struct run *r, const struct jnode *instance, const struct check_spec *spec);
};

/* Borrowed registry entry, or NULL. */
const struct check *check_find(const char *name);

#endif
