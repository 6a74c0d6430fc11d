/*
 * engine_scan: what the engine reports about the document itself rather
 * than about a parameter: the decoder's problems mapped to their rules,
 * duplicate keys, and the spans of secret values, which emitters mask in
 * every excerpt.  Secrets are found in the tree when it parsed and by
 * lexing alone when it did not.
 */
#include <stdlib.h>

#include "engine_internal.h"
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

static void find_secret_key(void *ctx, const char *key, size_t key_len, struct jspan content)
{
	struct run *r = ((void **)ctx)[0];
	bool *found = ((void **)ctx)[1];
	(void)content;
	if (ruleset_is_secret_key(r->rs, key, key_len))
		*found = true;
}

/* str(dict) written where JSON belongs: the JSON it means is the fix,
 * unless it holds a secret (a fix is printed by --format json). */
static void fix_python_literal(struct run *r, struct diag *d, const struct jnode *param)
{
	if (param->type != JT_STRING)
		return;
	size_t len;
	char *json = pyliteral_to_json(param->text, param->text_len, &len);
	if (!json)
		return;
	bool secret = false;
	void *ctx[2] = {r, &secret};
	jsonpos_lex_pairs(json, len, find_secret_key, ctx);
	if (!secret)
		jedit_value(d, param, json, len);
	free(json);
}

void report_problem(struct run *r, const struct request_problem *problem, const struct jnode *param)
{
	const struct rule *rule = problem_rule(r, problem->kind, param != NULL);
	char key[256];
	struct template_var vars[] = {
		{"expected", problem->message},
		{"type", problem->message},
		{"param", param ? template_shorten(param->key, param->key_len, key, sizeof key) : ""},
	};
	char *pointer = param ? jnode_pointer(param) : NULL;
	char *message = template_render(rule->message, vars, sizeof vars / sizeof vars[0]);
	struct diag *d = diag_add(r->diags, rule, problem->span.start, problem->span.end,
	                          pointer ? pointer : "", message, NULL);
	if (param && problem->kind == REQUEST_PYTHON_LITERAL)
		fix_python_literal(r, d, param);
	free(message);
	free(pointer);
}

static void note_secret_pair(void *ctx, const char *key, size_t key_len, struct jspan content)
{
	struct run *r = ctx;
	if (ruleset_is_secret_key(r->rs, key, key_len))
		diag_add_secret(r->diags, content.start, content.end);
}

void mask_secrets_by_lexing(struct run *r, const struct jnode *string_param)
{
	if (string_param)
		jsonpos_lex_nested_pairs(r->req->doc, r->req->src->bytes, string_param, note_secret_pair, r);
	else
		jsonpos_lex_pairs(r->req->src->bytes, r->req->src->len, note_secret_pair, r);
}

static void report_duplicate(struct run *r, const struct jnode *n)
{
	const struct rule *rule = builtin_rule(r, BR_DUPLICATE_KEY);
	char *pointer = jnode_pointer(n);
	char key[256];
	struct template_var var = {"param", template_shorten(n->key, n->key_len, key, sizeof key)};
	char *message = template_render(rule->message, &var, 1);
	struct diag *d = diag_add(r->diags, rule, n->key_span.start, n->key_span.end, pointer, message,
	                          "keep one of the two members");
	diag_set_related(d, n->duplicate_of->key_span.start, n->duplicate_of->key_span.end,
	                 "first given here");
	free(message);
	free(pointer);
}

/* An explicit stack instead of recursion: trees come from user input and
 * the walk must not care how deep they are. */
void scan_tree(struct run *r)
{
	if (!r->req->root)
		return;
	size_t cap = 64, len = 0;
	const struct jnode **stack = xmalloc(cap * sizeof *stack);
	stack[len++] = r->req->root;
	while (len) {
		const struct jnode *n = stack[--len];
		for (const struct jnode *c = n->first; c; c = c->next) {
			if (c->is_duplicate)
				report_duplicate(r, c);
			if (c->key && c->type != JT_OBJECT && c->type != JT_ARRAY &&
			    ruleset_is_secret_key(r->rs, c->key, c->key_len)) {
				struct jspan secret = jnode_content_span(c);
				diag_add_secret(r->diags, secret.start, secret.end);
			}
			const struct jnode *next = c->nested ? c->nested : c;
			if (next->first) {
				if (len == cap) {
					cap *= 2;
					stack = xreallocarray(stack, cap, sizeof *stack);
				}
				stack[len++] = next;
			}
		}
	}
	free(stack);
}
