/*
 * terraform_json: Terraform's JSON syntax (.tf.json) read as requests.
 * Each resource of a DTS type the mapping knows (tfmap.h) becomes one
 * request: its operation's Action and implied parameters, then its
 * attributes under their parameter names, each value at its bytes in the
 * file.  A string holding a template ("${var.port}", "%{if ...}") is a
 * value Terraform fixes later: JT_UNKNOWN.  null is an attribute not set.
 * Attributes the mapping does not know, other resources and other blocks
 * are Terraform's business and are skipped.
 */
#ifndef DTSLINT_TERRAFORM_JSON_H
#define DTSLINT_TERRAFORM_JSON_H

#include "jsonpos.h"
#include "tfmap.h"

/* Does this name say Terraform JSON ("main.tf.json")? */
bool terraform_json_named(const char *name);

/* The requests of the parsed file `root` (bytes: the file): an object for
 * one resource, an array for several, owned by doc; NULL when the file
 * declares no DTS resource the map knows (map NULL: none).  Each
 * request's resource is added to trail, in order. */
struct jnode *terraform_json_requests(struct jdoc *doc, const char *bytes, const struct jnode *root,
                                      const struct tfmap *map, struct tfmap_trail *trail);

/* Is root the plan JSON of `terraform show -json` (an object with
 * format_version and resource_changes)? */
bool terraform_plan_detect(const struct jnode *root);

/* The requests of a plan: each resource_changes[] entry of a DTS type
 * the map knows, managed and not being deleted, is one request built from
 * its change.after, each value at its bytes in the plan; a value that
 * after_unknown marks (known only after apply) is JT_UNKNOWN, and so is
 * one after leaves out for that reason.  An object for one resource, an
 * array for several, owned by doc; NULL when there is none.  Each
 * request's resource is added to trail, in order. */
struct jnode *terraform_plan_requests(struct jdoc *doc, const char *bytes, const struct jnode *root,
                                      const struct tfmap *map, struct tfmap_trail *trail);

#endif
