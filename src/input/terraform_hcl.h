/*
 * terraform_hcl: Terraform's native syntax (.tf) read as requests, the
 * twin of terraform_json.h over the HCL reader's tree (hcl.h).  Each
 * `resource "alicloud_dts_*" "name" { ... }` the mapping knows (tfmap.h)
 * becomes one request, opened and filled through the same tfmap calls as
 * a .tf.json resource.  What a value becomes:
 *
 *   "text", <<EOF heredocs    a string, its decoded text mapped byte by
 *                             byte to the file (so a DbList's JSON error
 *                             lands inside the string or the heredoc)
 *   numbers, true/false       themselves (-5 too)
 *   [ ... ], { k = v }        an array, an object (keys bare or quoted)
 *   jsonencode(x)             x's tree itself: the JSON it would encode
 *   null                      an attribute not set (inside a value: null)
 *   anything else             unknown (JT_UNKNOWN): references, var.x,
 *                             local.x, other calls, templates with ${...}
 *                             or %{...}, conditionals, for-expressions,
 *                             operators; an object with a computed key
 *                             is unknown as a whole
 *
 * Nested blocks (dynamic, lifecycle) and meta-arguments (count,
 * for_each, depends_on, provider) send no parameter: the mapping does
 * not know them, so they are dropped.
 */
#ifndef DTSLINT_TERRAFORM_HCL_H
#define DTSLINT_TERRAFORM_HCL_H

#include "hcl.h"
#include "jsonpos.h"
#include "tfmap.h"

/* Does this name say Terraform's native syntax ("main.tf")? */
bool terraform_hcl_named(const char *name);

/* A first look at bytes[0, len) without parsing: does a line start with
 * `resource "TYPE"` for a DTS resource the map knows?  False when unsure
 * (a block comment anywhere, which could hide such a line): the parser
 * decides then. */
bool terraform_hcl_quick_look(const char *bytes, size_t len, const struct tfmap *map);

/* The requests of file, the tree of bytes[0, len): an object for one
 * resource, an array for several, owned by doc; NULL when the file
 * declares no DTS resource the map knows (map NULL: none).  Each
 * request's resource is added to trail, in order. */
struct jnode *terraform_hcl_requests(struct jdoc *doc, const char *bytes, size_t len,
                                     const struct hcl_file *file, const struct tfmap *map,
                                     struct tfmap_trail *trail);

#endif
