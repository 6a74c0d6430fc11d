/*
 * ruleset_codegen: write a loaded ruleset as C source (static tables
 * with designated initialisers), so the binary carries its default rules
 * already validated and costs nothing to load them.  Run at build time
 * by tools/rulegen.c; the output defines ruleset_default().
 */
#ifndef DTSLINT_RULESET_CODEGEN_H
#define DTSLINT_RULESET_CODEGEN_H

#include <stdbool.h>
#include <stdio.h>

#include "ruleset.h"

/* False when writing failed (errno tells). */
bool ruleset_codegen(const struct ruleset *rs, FILE *out);

#endif
