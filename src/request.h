/*
 * request: one input file decoded into the request model: the source,
 * its jsonpos tree, and the nested JSON trees unwrapped from string
 * parameters.  Input-level problems (encoding, syntax, duplicate keys,
 * a top level that is not an object) become DTS0xx diagnostics here.
 * It does not know which parameters exist: that is the engine's job.
 */
#ifndef DTSLINT_REQUEST_H
#define DTSLINT_REQUEST_H

#include "diag.h"
#include "jsonpos.h"
#include "ruleset.h"
#include "source.h"

struct request {
	const struct source *src; /* borrowed */
	struct jdoc *doc;         /* owned: every node below */
	struct jnode *root;       /* the parameter object; NULL if unusable */
};

/* Decode src.  Always returns an owned request; root is NULL when the
 * input could not be parsed into an object (diagnostics say why). */
struct request *request_parse(const struct source *src, const struct ruleset *rs,
                              struct diag_list *diags);

void request_free(struct request *req);

/* The object held by a JSON-valued parameter: the node itself when it is
 * an object, or the JSON parsed out of its string, reported as DTS005
 * when it is not valid JSON.  Returns a borrowed root of any type, or
 * NULL after a syntax error. */
const struct jnode *request_unwrap(struct request *req, struct jnode *value,
                                   const struct ruleset *rs, struct diag_list *diags);

/* Report duplicate keys (DTS003) and record secret value spans, across
 * the whole tree including unwrapped nested trees.  Run once, last. */
void request_scan(struct request *req, const struct ruleset *rs, struct diag_list *diags);

#endif
