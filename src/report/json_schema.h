/*
 * json_schema: a JSON Schema (draft-07) of one operation's request, made
 * from the same rule catalogue the linter checks with, for editors
 * (VS Code's json.schemas) and schema validators such as check-jsonschema.
 *
 * The schema accepts every request on which dtslint reports no error, as
 * far as single values decide: a form the linter takes with only a note or
 * a warning (a Boolean as "True", a String as a JSON number) is accepted,
 * and constraints between parameters are left to dtslint.
 */
#ifndef DTSLINT_JSON_SCHEMA_H
#define DTSLINT_JSON_SCHEMA_H

#include <json-c/json.h>

#include "ruleset.h"

/* Returns an owned schema (json_object_put it). */
json_object *json_schema_new(const struct ruleset *rs, const struct operation *op);

#endif
