/*
 * lsp_assist: hover and completion from the rule catalogue.  Both work on
 * the text as it is being typed, which is seldom valid JSON: a tolerant
 * scan finds the object path at the cursor (through DbList, Reserve and
 * DataCheckConfigure, in object form and inside their JSON strings), and
 * the ruleset says what belongs there.  Nothing of the document's values
 * is ever put into a result, so no secret can leak through them.
 */
#ifndef DTSLINT_LSP_ASSIST_H
#define DTSLINT_LSP_ASSIST_H

#include <stddef.h>

#include <json-c/json.h>

#include "lsp_position.h"
#include "ruleset.h"

/* operation: what applies when the document has no Action (NULL: the
 * ruleset's default).  Each returns an owned LSP result: a Hover or a
 * CompletionList, or NULL for LSP's null. */
json_object *lsp_hover(const struct ruleset *rs, const char *operation,
                       struct lsp_map *map, size_t offset);
json_object *lsp_complete(const struct ruleset *rs, const char *operation,
                          struct lsp_map *map, size_t offset);

/* The same for Terraform's native syntax (a .tf document): the attribute
 * names of the alicloud_dts_* resource block around offset, and for an
 * attribute, the parameter it sends.  A text scan, as a .tf being typed
 * seldom parses. */
json_object *lsp_hover_terraform(const struct ruleset *rs, struct lsp_map *map, size_t offset);
json_object *lsp_complete_terraform(const struct ruleset *rs, struct lsp_map *map, size_t offset);

#endif
