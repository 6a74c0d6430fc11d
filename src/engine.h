/*
 * engine: run a ruleset on a request and add diagnostics.  The engine
 * knows the kinds of checks (parameter catalogue, constraints); the
 * knowledge of which parameter needs what is all in the ruleset.  It
 * never prints.
 */
#ifndef DTSLINT_ENGINE_H
#define DTSLINT_ENGINE_H

#include "diag.h"
#include "request.h"
#include "ruleset.h"

/* operation: what --operation said (NULL: not given); a request's own
 * Action wins over it, and the ruleset's default applies when neither
 * is there. */
void engine_run(const struct ruleset *rs, struct request *req, const char *operation,
                struct diag_list *diags);

#endif
