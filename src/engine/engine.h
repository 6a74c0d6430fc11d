/*
 * engine: run a ruleset on one document and add findings.  The engine
 * knows the kinds of checks (parameter catalogue, constraints, named
 * checks); which parameter needs what is all in the ruleset.  It never
 * prints.  One engine serves any number of documents (a command line's
 * files, a language server's edits): nothing of one document outlives
 * its engine_check() call.
 */
#ifndef DTSLINT_ENGINE_H
#define DTSLINT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "request.h"
#include "ruleset.h"
#include "source.h"

struct engine;

/* Bind the named checks the ruleset's data refers to.  The ruleset is
 * borrowed and must outlive the engine.  Returns an owned engine, or NULL
 * with a message in errbuf when a check has no implementation. */
struct engine *engine_new(const struct ruleset *rs, char *errbuf, size_t errbuf_size);

void engine_free(struct engine *eng);

/* How inputs are decoded (--input): JSON, query string, or detected from
 * each input's first bytes (the default). */
void engine_set_input(struct engine *eng, enum request_input input);

/* How many threads the engine may use for one document (the default: 1,
 * the caller's alone): the secret scan of a big tree splits its work in
 * two.  A caller whose threads each check a document with an engine of
 * their own (--jobs) keeps 1.  any_size: split whatever the size, for
 * the tests of the threaded path (DTSLINT_FORCE_THREADS). */
void engine_set_threads(struct engine *eng, size_t threads, bool any_size);

/* Decode src and check it.  operation: what --operation said (NULL: not
 * given); a request's own Action wins over it, and the ruleset's default
 * applies when neither is there. */
void engine_check(struct engine *eng, const struct source *src, const char *operation,
                  struct diag_list *diags);

/* Called with each document's decoded request just before it is freed,
 * for a caller that keeps what it needs of the tree (the language server
 * keeps where the request's members are, to tell whether an edit can
 * change more than one member's own findings).  fn NULL: none. */
typedef void engine_tree_fn(void *ctx, const struct request *req);
void engine_set_tree_hook(struct engine *eng, engine_tree_fn *fn, void *ctx);

/* Check several inputs as one workflow, in the order given (--workflow):
 * each is decoded and checked on its own, then the workflow checks run
 * across all their requests; a finding goes to the list of the input it
 * is in (diags[i] for srcs[i]), and relates a request of another input by
 * that input's name and position. */
void engine_check_workflow(struct engine *eng, const struct source *const *srcs, size_t n,
                           const char *operation, struct diag_list *diags);

#endif
