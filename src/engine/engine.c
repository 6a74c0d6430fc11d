/*
 * engine: the top of the engine.  engine_new() binds the named checks,
 * engine_check() runs once per document: the operation is chosen, the
 * root object is checked against the parameter catalogue (DTS1xx; each
 * value and the objects it holds by engine_value.c), then the required
 * parameters and the operation's constraints (DTS2xx), the workflow
 * checks across requests (engine_workflow.c), and last the pass over the
 * whole tree (engine_input.c).  The knowledge of which parameter needs
 * what is all in the ruleset; every finding is built by finding.c.
 */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "engine_constraint.h"
#include "engine_lookup.h"
#include "engine_input.h"
#include "engine_typo.h"
#include "engine_value.h"
#include "engine_workflow.h"
#include "filter_check.h"
#include "finding.h"
#include "secret_scan.h"
#include "jedit.h"
#include "suggest.h"
#include "xalloc.h"

/* ---- the request root ------------------------------------------------ */

static void check_root_member(struct run *r, struct jnode *n)
{
	const struct param *p = operation_find_param(r->op, r->rs, jnode_key(n));
	if (p) {
		check_value(r, n, p, &r->rs->root_rules);
		return;
	}
	const struct operation *op = r->op;
	size_t total = op->n_params + r->rs->n_common, k = 0;
	const char **names = xcalloc(total ? total : 1, sizeof *names);
	for (size_t i = 0; i < op->n_params; i++)
		names[k++] = op->params[i].name;
	for (size_t i = 0; i < r->rs->n_common; i++)
		names[k++] = r->rs->common[i].name;
	/* held under its own request (not the root, which in a workflow is the
	 * array): the missing-key checks of that request look for it there */
	report_unknown(r, r->request, n, names, total, &r->rs->root_rules, op->name);
	free(names);
}

static void check_required(struct run *r, const struct jnode *root)
{
	for (size_t i = 0; i < r->op->n_params; i++) {
		const struct param *p = &r->op->params[i];
		if (!p->required || run_lookup(r, root, p->name))
			continue;
		char consequence[300];
		snprintf(consequence, sizeof consequence, "it is required by %s", r->op->name);
		if (typo_absorb_missing(r, root, p->name, consequence))
			continue;
		struct finding f = {.rule = builtin_rule(r, BR_MISSING_REQUIRED), .node = root};
		f.span = (struct jspan){jnode_span(root).start, jnode_span(root).start + 1};
		char *pointer = jnode_child_pointer(r->req->doc, root, p->name);
		f.pointer = pointer;
		char spelled[300];
		finding_var(&f, "param", param_spelled(r, p->name, spelled, sizeof spelled));
		finding_var(&f, "operation", r->op->name);
		finding_report(r, &f);
		free(pointer);
	}
}

/* ---- entry ----------------------------------------------------------- */

static void report_unknown_operation(struct run *r, const struct jnode *action)
{
	const char **names = xcalloc(r->rs->n_operations + 1, sizeof *names);
	size_t size = 8;
	for (size_t i = 0; i < r->rs->n_operations; i++) {
		names[i] = r->rs->operations[i].name;
		size += strlen(names[i]) + 2;
	}
	char *list = xcalloc(1, size);
	for (size_t i = 0; i < r->rs->n_operations; i++) {
		strcat(list, i ? ", " : "");
		strcat(list, names[i]);
	}
	const char *near = suggest_closest(jnode_text(action), jnode_text_len(action), names, r->rs->n_operations);
	char help[300], suffix[300];
	snprintf(help, sizeof help, "write '%s'", near ? near : "");
	snprintf(suffix, sizeof suffix, "; did you mean '%s'?", near ? near : "");
	char *value = value_text(r, action, NULL);
	struct finding f;
	finding_init(&f, builtin_rule(r, BR_UNKNOWN_OPERATION), action, value);
	finding_var(&f, "expected", list);
	/* On the finding's own line, as for a misspelled key (engine_typo.c). */
	f.message_suffix = near ? suffix : NULL;
	f.suggestion = near ? help : NULL;
	finding_report(r, &f);
	free(value);
	free(list);
	free(names);
}

/* A script calls every operation of the CLI (DescribeDtsJobs, StopDtsJob,
 * ...), most of which dtslint has no rules for: only a near miss of one
 * it has is worth a finding there. */
static bool near_operation(const struct run *r, const struct jnode *action)
{
	const char **names = xcalloc(r->rs->n_operations + 1, sizeof *names);
	for (size_t i = 0; i < r->rs->n_operations; i++)
		names[i] = r->rs->operations[i].name;
	bool near = suggest_closest(jnode_text(action), jnode_text_len(action), names, r->rs->n_operations) != NULL;
	free(names);
	return near;
}

/* How many of the request's own parameters (not the common ones) an
 * operation defines. */
static size_t params_known_to(const struct run *r, const struct operation *op, size_t *own)
{
	size_t known = 0;
	*own = 0;
	for (const struct jnode *n = jnode_first(r->request); n; n = jnode_next(n)) {
		if (jnode_is_duplicate(n) || operation_find_param(NULL, r->rs, jnode_key(n)))
			continue; /* Action, RegionId, Version...: every operation takes them */
		(*own)++;
		known += operation_find_param(op, r->rs, jnode_key(n)) != NULL;
	}
	return known;
}

/* A request without Action is checked as --operation (or the default)
 * says.  When its parameters are plainly another operation's (several, or
 * half, are unknown to this one, and all are that one's), say so once
 * instead of a cascade of unknown and missing parameters.  Returns true after
 * reporting. */
static bool looks_like_other_operation(struct run *r, const char *requested)
{
	size_t own, fit = params_known_to(r, r->op, &own);
	if (fit == own || (own - fit < 2 && 2 * fit > own))
		return false; /* all known, or a single stray key: a typo, reported as such */
	const struct operation *best = NULL;
	size_t best_fit = fit;
	for (size_t i = 0; i < r->rs->n_operations; i++) {
		size_t n, k = params_known_to(r, &r->rs->operations[i], &n);
		if (k == own && k > best_fit) {
			best = &r->rs->operations[i];
			best_fit = k;
		}
	}
	if (!best)
		return false;
	struct finding f = {.rule = builtin_rule(r, BR_OPERATION_GUESS), .node = r->request};
	f.span = (struct jspan){jnode_span(r->request).start, jnode_span(r->request).start + 1};
	char expected[200], help[300];
	snprintf(expected, sizeof expected, "%s", best->name);
	snprintf(help, sizeof help, "add \"Action\": \"%s\" to the request, or run with --operation %s",
	         best->name, best->name);
	finding_var(&f, "operation", r->op->name);
	finding_var(&f, "expected", expected);
	f.suggestion = help;
	f.pointer = "/Action";
	(void)requested;
	finding_report(r, &f);
	return true;
}

/* Pick the operation; false (after reporting) when there is none to use. */
static bool choose_operation(struct run *r, const char *requested)
{
	const struct jnode *action = jnode_get(r->request, "Action");
	if (action && jnode_type(action) == JT_UNKNOWN)
		return false; /* "aliyun dts $OP": which operation is decided when it runs */
	if (action && jnode_type(action) == JT_STRING && jnode_text_len(action)) {
		r->op = ruleset_find_operation(r->rs, jnode_text(action));
		if (!r->op && !(request_spelling_is_cli(r->req->spelling) && !near_operation(r, action)))
			report_unknown_operation(r, action);
		return r->op != NULL;
	}
	r->op = ruleset_find_operation(r->rs, requested ? requested : r->rs->default_operation);
	return r->op != NULL && !looks_like_other_operation(r, requested);
}

/* Inputs this big repay JIT-compiling the secret-key pattern, which runs
 * on every key; below it the compilation costs more than it saves, or
 * more memory than the time it saves is worth: at 1 MB the JIT compiler
 * and its code were 0.13x of the input in peak memory (bench/README.md,
 * issue 22: 2.56x -> 2.43x above --version) for 7% of the instructions
 * (1m-object 114.6 M with it, 122.4 M without). */
#define JIT_WORTHWHILE_BYTES (2048 * 1024)

struct engine *engine_new(const struct ruleset *rs, char *errbuf, size_t errbuf_size)
{
	struct engine *eng = xcalloc(1, sizeof *eng);
	eng->rs = rs;
	eng->secret_memo = secret_memo_new(rs);
	eng->lookups = lookup_memo_new();
	for (size_t i = 0; i < BUILTIN_CHECK_COUNT; i++) {
		eng->checks[i] = check_find(builtin_check_names[i]);
		if (!eng->checks[i]) {
			snprintf(errbuf, errbuf_size, "engine: no implementation of the check '%s'",
			         builtin_check_names[i]);
			engine_free(eng);
			return NULL;
		}
	}
	return eng;
}

void engine_free(struct engine *eng)
{
	if (!eng)
		return;
	secret_memo_free(eng->secret_memo);
	lookup_memo_free(eng->lookups);
	free(eng);
}

void engine_set_input(struct engine *eng, enum request_input input)
{
	eng->input = input;
}

void engine_set_threads(struct engine *eng, size_t threads, bool any_size)
{
	eng->threads = threads;
	eng->threads_any_size = any_size;
}

void engine_set_tree_hook(struct engine *eng, engine_tree_fn *fn, void *ctx)
{
	eng->tree_fn = fn;
	eng->tree_ctx = ctx;
}

/* One request: an object of parameters. */
static void check_request(struct run *r, const struct jnode *request, const char *operation)
{
	r->request = request;
	if (!choose_operation(r, operation))
		return;
	for (struct jnode *n = jnode_first(request); n; n = jnode_next(n))
		if (!jnode_is_duplicate(n))
			check_root_member(r, n);
	/* A command whose flags cannot all be seen ("$@") may pass what
	 * looks missing, and any condition may read it. */
	if (request_is_partial(r->req, request))
		return;
	check_required(r, request);
	apply_constraints(r, request, r->op->constraints, r->op->n_constraints);
}

/* Something that should be a request and is not an object (the top
 * level, or an element of a workflow: "/1"). */
static void report_not_object(struct run *r, const struct jnode *n)
{
	const char *what = jnode_type(n) == JT_ARRAY && !jnode_n_children(n) ? "an empty array" : jtype_name(jnode_type(n));
	struct finding f;
	finding_init(&f, builtin_rule(r, BR_REQUEST_NOT_OBJECT), n, "");
	f.vars[2].value = what; /* {type} */
	finding_report(r, &f);
}

/* The CLI plugin form's kebab-case names, for request_parse. */
static const char *plugin_name(void *ctx, const char *name, size_t len)
{
	return ruleset_plugin_name(ctx, name, len);
}

/* One input, decoded and its requests checked; left open (the tree and
 * the run) so that a workflow of several inputs can be checked across
 * them before run_close().  Appends the input's requests to *steps. */
static void run_open(struct run *r, struct engine *eng, const struct source *src,
                     struct diag_list *diags, struct unwrap_failures *failures,
                     const char *operation, struct workflow_step **steps, size_t *n_steps)
{
	*r = (struct run){.eng = eng, .rs = eng->rs, .diags = diags, .unwrap_failures = failures};
	lookup_memo_forget(eng->lookups);
	if (src->len >= JIT_WORTHWHILE_BYTES)
		ruleset_jit_secret_pattern(eng->rs);
	struct query_names names = secret_query_names(eng->secret_memo);
	names.plugin_name = plugin_name;
	names.plugin_ctx = (void *)eng->rs;
	r->req = request_parse(src, eng->input, &names, &eng->rs->terraform);
	for (size_t i = 0; i < r->req->notes.len; i++)
		report_problem(r, &r->req->notes.items[i], NULL);
	for (size_t i = 0; i < r->req->n_secrets; i++)
		diag_add_secret(diags, r->req->secrets[i].start, r->req->secrets[i].end);
	const struct jnode *root = r->req->root;
	if (!root && r->req->problem.kind == REQUEST_OK)
		return; /* a script without an aliyun dts command: nothing to check */
	if (!root) {
		report_problem(r, &r->req->problem, NULL);
		mask_secrets_by_lexing(r, NULL); /* when in doubt, mask */
		return;
	}
	if (jnode_type(root) == JT_ARRAY && jnode_n_children(root) == 0) {
		report_not_object(r, root);
		return;
	}
	/* The secret scan beside the checks, one run's at a time (a workflow
	 * of several inputs keeps its runs open together). */
	if (!eng->scan_beside_busy)
		eng->scan_beside_busy = input_scan_beside(r);
	/* One request, or several (a workflow): each checked on its own. */
	const struct jnode *first = jnode_type(root) == JT_OBJECT ? root : jnode_first(root);
	*steps = xreallocarray(*steps, *n_steps + (first == root ? 1 : jnode_n_children(root)), sizeof **steps);
	for (const struct jnode *n = first; n; n = jnode_type(root) == JT_OBJECT ? NULL : jnode_next(n)) {
		if (jnode_type(n) != JT_OBJECT) {
			report_not_object(r, n);
			continue;
		}
		check_request(r, n, operation);
		if (!r->req->independent)
			(*steps)[(*n_steps)++] = (struct workflow_step){n, r};
	}
}

static void run_close(struct engine *eng, struct run *r)
{
	typos_report(r);
	if (r->scan_beside)
		eng->scan_beside_busy = false; /* finished below */
	input_final_pass(r);
	filter_check_release(r);
	if (r->eng->tree_fn)
		r->eng->tree_fn(r->eng->tree_ctx, r->req);
	request_free(r->req);
	lookup_memo_forget(r->eng->lookups);
}

void engine_check(struct engine *eng, const struct source *src, const char *operation,
                  struct diag_list *diags)
{
	struct unwrap_failures failures = {.n = 0};
	struct run r;
	struct workflow_step *steps = NULL;
	size_t n_steps = 0;
	run_open(&r, eng, src, diags, &failures, operation, &steps, &n_steps);
	check_workflow(steps, n_steps, operation);
	free(steps);
	run_close(eng, &r);
}

void engine_check_workflow(struct engine *eng, const struct source *const *srcs, size_t n,
                           const char *operation, struct diag_list *diags)
{
	struct run *runs = xcalloc(n ? n : 1, sizeof *runs);
	struct unwrap_failures *failures = xcalloc(n ? n : 1, sizeof *failures);
	struct workflow_step *steps = NULL;
	size_t n_steps = 0;
	for (size_t i = 0; i < n; i++)
		run_open(&runs[i], eng, srcs[i], &diags[i], &failures[i], operation, &steps, &n_steps);
	check_workflow(steps, n_steps, operation);
	for (size_t i = 0; i < n; i++)
		run_close(eng, &runs[i]);
	free(steps);
	free(failures);
	free(runs);
}
