/*
 * checks: the few checks rule data cannot express.  Rule files name them
 * in a schema's "checks" list; builtin_ids.h lists their names for the
 * rule loader, and engine_new() binds each name to its function here, so
 * the rule model holds no code.  Adding one means a name in
 * builtin_ids.h/.c, a function and a registry entry here, and a line in
 * docs/rules-format.md.
 */
#ifndef DTSLINT_CHECKS_H
#define DTSLINT_CHECKS_H

#include "finding.h"

/* The implementation of a named check, or NULL. */
check_fn *check_find(const char *name);

#endif
