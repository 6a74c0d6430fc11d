/*
 * engine_input: what the engine reports about the document itself rather
 * than about a parameter: the decoder's problems mapped to their rules,
 * duplicate keys, and the spans of secret values, which emitters mask in
 * every excerpt (found by secret_scan.c, in the tree when it parsed and
 * by lexing alone when it did not).
 */
#include <stdlib.h>

#include "engine_input.h"
#include "secret_scan.h"
#include "jedit.h"
#include "pyliteral.h"
#include "xalloc.h"

/* Which rule reports a decoder problem: in the file, or in a parameter's
 * nested JSON. */
static const struct rule *problem_rule(const struct run *r, enum request_problem_kind kind,
                                       bool nested)
{
	switch (kind) {
	case REQUEST_QUERY_SYNTAX: return builtin_rule(r, BR_QUERY_SYNTAX);
	case REQUEST_QUERY_PLACEHOLDER: return builtin_rule(r, BR_QUERY_PLACEHOLDER);
	case REQUEST_ENCODING: return builtin_rule(r, BR_INVALID_ENCODING);
	case REQUEST_NOT_OBJECT: return builtin_rule(r, BR_REQUEST_NOT_OBJECT);
	case REQUEST_PYTHON_LITERAL:
		/* Python's str(dict) in a string parameter is a known habit (the
		 * parameter was built with str()); a whole file of it is a
		 * syntax error like any other. */
		return builtin_rule(r, nested ? BR_PYTHON_LITERAL : BR_JSON_SYNTAX);
	case REQUEST_SYNTAX:
	case REQUEST_OK: break;
	}
	return builtin_rule(r, nested ? BR_NESTED_JSON_SYNTAX : BR_JSON_SYNTAX);
}

/* The lexer asks about every key: note whether one is (or may be) secret. */
static bool find_secret_key(void *ctx, const char *key, size_t key_len)
{
	struct run *r = ((void **)ctx)[0];
	bool *found = ((void **)ctx)[1];
	bool secret = !key || secret_key_is_secret(r->rs, key, key_len);
	*found = *found || secret;
	return secret;
}

static void ignore_value(void *ctx, const struct jsonpos_lexed *value)
{
	(void)ctx;
	(void)value;
}

/* str(dict) written where JSON belongs: the JSON it means is the fix,
 * unless it holds a secret (a fix is printed by --format json). */
static void fix_python_literal(struct run *r, struct diag *d, const struct jnode *param)
{
	if (jnode_type(param) != JT_STRING)
		return;
	size_t len;
	char *json = pyliteral_to_json(jnode_text(param), jnode_text_len(param), &len);
	if (!json)
		return;
	bool secret = false;
	void *ctx[2] = {r, &secret};
	jsonpos_lex_values(json, len, NULL, find_secret_key, ignore_value, ctx);
	if (!secret)
		jedit_value(d, param, json, len, r->req->escape, r->req->src->bytes);
	free(json);
}

void report_problem(struct run *r, const struct request_problem *problem, const struct jnode *param)
{
	const struct rule *rule = problem_rule(r, problem->kind, param != NULL);
	char key[256], spelled[300];
	const char *name = param ? template_shorten(jnode_key(param), jnode_key_len(param), key, sizeof key) : "";
	if (param && is_top_level(r, param))
		name = param_spelled(r, key, spelled, sizeof spelled);
	struct template_var vars[] = {
		{"expected", problem->message},
		{"type", problem->message},
		{"param", name},
	};
	char *pointer = param ? jnode_pointer(r->req->doc, param) : NULL;
	char *message = template_render(rule->message, vars, sizeof vars / sizeof vars[0]);
	struct diag *d = diag_add(r->diags, rule, problem->span.start, problem->span.end,
	                          pointer ? pointer : "", message, NULL);
	if (param && problem->kind == REQUEST_PYTHON_LITERAL)
		fix_python_literal(r, d, param);
	free(message);
	free(pointer);
}

/* The run's part in a secret scan. */
static struct secret_scan scan_of(const struct run *r)
{
	return (struct secret_scan){r->rs, r->eng->secret_memo, r->req, r->diags, r->eng->threads,
	                            r->eng->threads_any_size ? 0 : SECRET_SCAN_SPLIT_BYTES};
}

void mask_secrets_by_lexing(struct run *r, const struct jnode *string_param)
{
	/* A string that did not parse keeps no nested tree, and
	 * secret_scan_tree() lexes every such string at the end of the run;
	 * only a file without a tree needs lexing here. */
	if (!string_param) {
		struct secret_scan s = scan_of(r);
		secret_scan_unparsed(&s, NULL);
	}
}

static void report_duplicate(struct run *r, const struct jnode *n)
{
	const struct rule *rule = builtin_rule(r, BR_DUPLICATE_KEY);
	/* a member inside a secret value: its key is part of the secret, so
	 * neither the message nor the pointer names it */
	const struct jnode *owner = jnode_parent(n) ? secret_owner(r->rs, jnode_parent(n)) : NULL;
	char *pointer = jnode_pointer(r->req->doc, owner ? owner : n);
	char key[256];
	char spelled[300];
	const char *name = template_shorten(jnode_key(n), jnode_key_len(n), key, sizeof key);
	if (!owner && is_top_level(r, n))
		name = param_spelled(r, key, spelled, sizeof spelled);
	struct template_var var = {"param", owner ? "****" : name};
	char *message = template_render(rule->message, &var, 1);
	struct diag *d = diag_add(r->diags, rule, jnode_key_span(n).start, jnode_key_span(n).end, pointer, message,
	                          "keep one of the two members");
	diag_set_related(d, jnode_key_span(jnode_duplicate_of(n)).start, jnode_key_span(jnode_duplicate_of(n)).end,
	                 "first given here");
	free(message);
	free(pointer);
}

bool input_scan_beside(struct run *r)
{
	struct secret_scan s = scan_of(r);
	r->scan_beside = secret_scan_beside_start(&s);
	return r->scan_beside != NULL;
}

void input_scan_nested(struct run *r, const struct jnode *param)
{
	if (r->scan_beside)
		secret_scan_beside_nested(r->scan_beside, param);
}

/* The secret spans: the scan beside the checks finished, or the whole
 * scan now. */
static void scan_secrets(struct run *r)
{
	if (r->scan_beside) {
		secret_scan_beside_finish(r->scan_beside);
		r->scan_beside = NULL;
		return;
	}
	struct secret_scan s = scan_of(r);
	secret_scan_tree(&s);
}

/* An explicit stack instead of recursion: trees come from user input and
 * the walk must not care how deep they are. */
void input_final_pass(struct run *r)
{
	if (!r->req->root)
		return;
	if (!jdoc_duplicates(r->req->doc)) {
		scan_secrets(r);
		return;
	}
	size_t cap = 64, len = 0;
	const struct jnode **stack = xmalloc(cap * sizeof *stack);
	stack[len++] = r->req->root;
	while (len) {
		const struct jnode *n = stack[--len];
		for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c)) {
			if (jnode_is_duplicate(c))
				report_duplicate(r, c);
			const struct jnode *next = jnode_nested(c) ? jnode_nested(c) : c;
			if (jnode_first(next)) {
				if (len == cap) {
					cap *= 2;
					stack = xreallocarray(stack, cap, sizeof *stack);
				}
				stack[len++] = next;
			}
		}
	}
	free(stack);
	scan_secrets(r);
}
