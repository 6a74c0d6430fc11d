/*
 * request: from bytes to the request model, reporting what stops a file
 * from being a request at all (DTS001-DTS006).  Nested JSON is unwrapped
 * on demand, because only the rules know which parameters hold JSON.
 */
#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "xalloc.h"

static void report(struct diag_list *diags, const struct ruleset *rs, const char *id,
                   struct jspan span, const char *pointer, const struct template_var *vars,
                   size_t n_vars)
{
	const struct rule *rule = ruleset_find_rule(rs, id);
	if (!rule)
		return; /* a custom --rules folder may leave an input rule out */
	char *message = template_render(rule->message, vars, n_vars);
	diag_add(diags, rule, span.start, span.end, pointer, message, NULL);
	free(message);
}

static void report_encoding(const struct source *src, const struct ruleset *rs,
                            struct diag_list *diags, enum source_encoding_problem problem,
                            size_t offset)
{
	static const char *const why[] = {
		[ENC_INVALID_UTF8] = "invalid UTF-8 byte sequence; save the file as UTF-8",
		[ENC_NUL_BYTE] = "NUL byte in the input; a request file is text",
		[ENC_UTF16] = "the file is UTF-16; save it as UTF-8",
	};
	struct template_var var = {"expected", why[problem]};
	struct jspan span = {offset, offset < src->len ? offset + 1 : offset};
	report(diags, rs, "DTS002", span, "", &var, 1);
}

struct secret_ctx {
	const struct ruleset *rs;
	struct diag_list *diags;
};

static void note_secret_pair(void *ctx, const char *key, size_t key_len, struct jspan content)
{
	struct secret_ctx *sc = ctx;
	if (ruleset_is_secret_key(sc->rs, key, key_len))
		diag_add_secret(sc->diags, content.start, content.end);
}

/* Text that did not parse still gets its excerpts printed: find the
 * secrets in it by lexing alone. */
static void mask_secrets_of_broken_file(const struct source *src, const struct ruleset *rs,
                                        struct diag_list *diags)
{
	struct secret_ctx sc = {rs, diags};
	jsonpos_lex_pairs(src->bytes, src->len, note_secret_pair, &sc);
}

struct request *request_parse(const struct source *src, const struct ruleset *rs,
                              struct diag_list *diags)
{
	struct request *req = xcalloc(1, sizeof *req);
	req->src = src;
	req->doc = jdoc_new();
	size_t offset, bom;
	enum source_encoding_problem problem = source_check_encoding(src, &offset, &bom);
	if (problem != ENC_OK) {
		report_encoding(src, rs, diags, problem, offset);
		mask_secrets_of_broken_file(src, rs, diags);
		return req;
	}
	struct jerror err;
	struct jnode *root = jsonpos_parse(req->doc, src->bytes, src->len, &err);
	if (!root) {
		struct template_var var = {"expected", err.message};
		report(diags, rs, "DTS001", err.span, "", &var, 1);
		mask_secrets_of_broken_file(src, rs, diags);
		return req;
	}
	if (root->type != JT_OBJECT) {
		struct template_var var = {"type", jtype_name(root->type)};
		report(diags, rs, "DTS004", root->span, "", &var, 1);
		return req;
	}
	req->root = root;
	return req;
}

void request_free(struct request *req)
{
	if (!req)
		return;
	jdoc_free(req->doc);
	free(req);
}

const struct jnode *request_unwrap(struct request *req, struct jnode *value,
                                   const struct ruleset *rs, struct diag_list *diags)
{
	if (value->type != JT_STRING)
		return value;
	struct jerror err;
	struct jnode *root = jsonpos_parse_nested(req->doc, req->src->bytes, value, &err);
	if (root)
		return root;
	char *pointer = jnode_pointer(value);
	char key[256];
	struct template_var vars[] = {{"param", template_shorten(value->key, value->key_len, key, sizeof key)},
	                              {"expected", err.message}};
	/* Single quotes and True/False/None are what Python's str(dict)
	 * prints: name that mistake rather than the first bad character. */
	report(diags, rs, err.python_literal ? "DTS009" : "DTS005", err.span, pointer, vars, 2);
	free(pointer);
	struct secret_ctx sc = {rs, diags};
	jsonpos_lex_nested_pairs(req->doc, req->src->bytes, value, note_secret_pair, &sc);
	return NULL;
}

/* ---- the final walk: duplicates and secrets ----------------------- */

static void report_duplicate(const struct jnode *n, const struct ruleset *rs,
                             struct diag_list *diags)
{
	const struct rule *rule = ruleset_find_rule(rs, "DTS003");
	if (!rule)
		return;
	char *pointer = jnode_pointer(n);
	char key[256];
	struct template_var var = {"param", template_shorten(n->key, n->key_len, key, sizeof key)};
	char *message = template_render(rule->message, &var, 1);
	struct diag *d = diag_add(diags, rule, n->key_span.start, n->key_span.end, pointer, message,
	                          "keep one of the two members");
	diag_set_related(d, n->duplicate_of->key_span.start, n->duplicate_of->key_span.end,
	                 "first given here");
	free(message);
	free(pointer);
}

/* An explicit stack instead of recursion: trees come from user input and
 * the walk must not care how deep they are. */
void request_scan(struct request *req, const struct ruleset *rs, struct diag_list *diags)
{
	if (!req->root)
		return;
	size_t cap = 64, len = 0;
	const struct jnode **stack = xmalloc(cap * sizeof *stack);
	stack[len++] = req->root;
	while (len) {
		const struct jnode *n = stack[--len];
		for (const struct jnode *c = n->first; c; c = c->next) {
			if (c->is_duplicate)
				report_duplicate(c, rs, diags);
			if (c->key && c->type != JT_OBJECT && c->type != JT_ARRAY &&
			    ruleset_is_secret_key(rs, c->key, c->key_len)) {
				struct jspan secret = jnode_content_span(c);
				diag_add_secret(diags, secret.start, secret.end);
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
