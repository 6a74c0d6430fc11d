/*
 * request: from bytes to the request model (see request.h).  Nested JSON
 * is unwrapped on demand, because only the rules know which parameters
 * hold JSON.
 */
#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aliyun_cli.h"
#include "query.h"
#include "terraform_hcl.h"
#include "terraform_json.h"
#include "xalloc.h"

static void set_problem(struct request_problem *p, enum request_problem_kind kind,
                        struct jspan span, const char *message)
{
	p->kind = kind;
	p->span = span;
	snprintf(p->message, sizeof p->message, "%s", message);
}

static void encoding_problem(const struct source *src, struct request_problem *p,
                             enum source_encoding_problem problem, size_t offset)
{
	static const char *const why[] = {
		[ENC_INVALID_UTF8] = "invalid UTF-8 byte sequence; save the file as UTF-8",
		[ENC_NUL_BYTE] = "NUL byte in the input; a request file is text",
		[ENC_UTF16] = "the file is UTF-16; save it as UTF-8",
	};
	struct jspan span = {offset, offset < src->len ? offset + 1 : offset};
	set_problem(p, REQUEST_ENCODING, span, why[problem]);
}

static void syntax_problem(const struct jerror *err, struct request_problem *p)
{
	set_problem(p, err->python_literal ? REQUEST_PYTHON_LITERAL : REQUEST_SYNTAX, err->span,
	            err->message);
}

/* The query-string form, after an optional byte order mark. */
static bool decode_query(struct request *req, size_t bom, const struct query_names *names)
{
	const struct source *src = req->src;
	req->escape = REQUEST_ESCAPE_PERCENT;
	req->root = query_parse(req->doc, src->bytes, bom, src->len, names, &req->notes);
	if (!req->root)
		set_problem(&req->problem, REQUEST_QUERY_SYNTAX, (struct jspan){bom, src->len},
		            "no parameter found: write Action=... and one &Name=value per line");
	return req->root != NULL;
}

/* Terraform JSON: the parsed file's DTS resources as requests. */
static void decode_terraform(struct request *req, struct jnode *file, const struct tfmap *terraform)
{
	req->spelling = REQUEST_SPELL_TERRAFORM;
	req->escape = REQUEST_ESCAPE_JSON;
	req->independent = true;
	req->root = terraform_json_requests(req->doc, req->src->bytes, file, terraform, &req->resources);
	if (!req->root)
		set_problem(&req->problem, REQUEST_NOT_OBJECT, (struct jspan){jnode_span(file).start, jnode_span(file).start + 1},
		            "a Terraform file without a DTS resource (alicloud_dts_*)");
}

/* A plan (terraform show -json): its DTS resource changes as requests,
 * its strings JSON strings. */
static void decode_plan(struct request *req, struct jnode *file, const struct tfmap *terraform)
{
	req->spelling = REQUEST_SPELL_TERRAFORM;
	req->escape = REQUEST_ESCAPE_JSON;
	req->independent = true;
	req->root = terraform_plan_requests(req->doc, req->src->bytes, file, terraform, &req->resources);
	if (!req->root)
		set_problem(&req->problem, REQUEST_NOT_OBJECT, (struct jspan){jnode_span(file).start, jnode_span(file).start + 1},
		            "a Terraform plan without a DTS resource (alicloud_dts_*) to create or keep");
}

/* Terraform's native syntax: named .tf, or --input terraform on a file
 * that is not JSON (Terraform JSON is an object; HCL never starts with
 * a brace). */
static bool is_hcl(const struct source *src, enum request_input input, size_t bom)
{
	if (input == REQUEST_INPUT_AUTO)
		return terraform_hcl_named(src->name);
	if (input != REQUEST_INPUT_TERRAFORM || terraform_json_named(src->name))
		return false;
	size_t i = bom;
	while (i < src->len && (src->bytes[i] == ' ' || src->bytes[i] == '\t' || src->bytes[i] == '\r' || src->bytes[i] == '\n'))
		i++;
	return i == src->len || src->bytes[i] != '{';
}

/* Terraform's native syntax: the file's DTS resources as requests. */
static void decode_hcl(struct request *req, const struct tfmap *terraform)
{
	const struct source *src = req->src;
	req->spelling = REQUEST_SPELL_TERRAFORM;
	req->escape = REQUEST_ESCAPE_HCL;
	req->independent = true;
	struct hcl_error err;
	struct hcl_file *file = hcl_file_parse(src->bytes, src->len, &err);
	if (!file) {
		set_problem(&req->problem, REQUEST_SYNTAX, (struct jspan){err.span.start, err.span.end},
		            err.message);
		return;
	}
	req->root = terraform_hcl_requests(req->doc, src->bytes, src->len, file, terraform, &req->resources);
	hcl_file_free(file);
	if (!req->root)
		set_problem(&req->problem, REQUEST_NOT_OBJECT, (struct jspan){0, src->len ? 1 : 0},
		            "a Terraform file without a DTS resource (alicloud_dts_*)");
}

/* Which reader of command lines the input wants, if any. */
static bool cli_source(const struct source *src, enum request_input input, enum aliyun_source *as)
{
	if (input == REQUEST_INPUT_SHELL || input == REQUEST_INPUT_MARKDOWN) {
		*as = input == REQUEST_INPUT_SHELL ? ALIYUN_SHELL : ALIYUN_MARKDOWN;
		return true;
	}
	if (input != REQUEST_INPUT_AUTO)
		return false;
	*as = ALIYUN_MARKDOWN;
	if (aliyun_markdown_named(src->name))
		return true;
	*as = ALIYUN_SHELL;
	return aliyun_shell_named(src->name, src->bytes, src->len);
}

/* The aliyun dts commands of a script or runbook as a workflow.  The
 * credential options' values are secrets though no member holds them. */
static void decode_cli(struct request *req, size_t bom, enum aliyun_source as,
                       const struct query_names *names)
{
	const struct source *src = req->src;
	struct aliyun_cli *cli = aliyun_cli_parse(src->bytes, src->len, as);
	if (names)
		aliyun_cli_name_plugin_form(cli, names->plugin_name, names->plugin_ctx);
	/* One spelling a file: a script mixes the two forms rarely */
	req->spelling = aliyun_cli_plugin_form(cli) ? REQUEST_SPELL_CLI_PLUGIN : REQUEST_SPELL_CLI;
	req->escape = REQUEST_ESCAPE_SHELL;
	req->root = aliyun_cli_requests(req->doc, cli, bom, src->len);
	for (size_t i = 0; i < cli->n_commands; i++) {
		const struct aliyun_command *c = &cli->commands[i];
		for (size_t k = 0; k < c->n_args; k++) {
			if (!c->args[k].secret || !c->args[k].has_value)
				continue;
			req->secrets = xreallocarray(req->secrets, req->n_secrets + 1, sizeof *req->secrets);
			req->secrets[req->n_secrets++] = c->args[k].value_span;
		}
	}
	/* the requests in command order: the root, or its elements */
	const struct jnode *r = req->root && jnode_type(req->root) == JT_ARRAY ? jnode_first(req->root) : req->root;
	for (size_t i = 0; r && i < cli->n_commands; i++, r = jnode_next(r)) {
		if (!cli->commands[i].incomplete)
			continue;
		req->partial = xreallocarray(req->partial, req->n_partial + 1, sizeof *req->partial);
		req->partial[req->n_partial++] = r;
	}
	aliyun_cli_free(cli);
}

bool request_is_partial(const struct request *req, const struct jnode *request)
{
	for (size_t i = 0; i < req->n_partial; i++)
		if (req->partial[i] == request)
			return true;
	return false;
}

struct request *request_parse(const struct source *src, enum request_input input,
                              const struct query_names *names, const struct tfmap *terraform)
{
	struct request *req = xcalloc(1, sizeof *req);
	req->src = src;
	req->doc = jdoc_new();
	size_t offset, bom;
	enum source_encoding_problem problem = source_check_encoding(src, &offset, &bom);
	if (problem != ENC_OK) {
		encoding_problem(src, &req->problem, problem, offset);
		return req;
	}
	if (is_hcl(src, input, bom)) {
		decode_hcl(req, terraform);
		return req;
	}
	enum aliyun_source as;
	if (cli_source(src, input, &as)) {
		decode_cli(req, bom, as, names);
		return req;
	}
	if (input == REQUEST_INPUT_QUERY ||
	    (input == REQUEST_INPUT_AUTO && query_detect(src->bytes + bom, src->len - bom))) {
		decode_query(req, bom, names);
		return req;
	}
	struct jerror err;
	struct jnode *root = jsonpos_parse(req->doc, src->bytes, src->len, &err);
	if (!root) {
		syntax_problem(&err, &req->problem);
		return req;
	}
	if ((input == REQUEST_INPUT_AUTO || input == REQUEST_INPUT_TERRAFORM) && terraform_plan_detect(root)) {
		decode_plan(req, root, terraform);
		return req;
	}
	if (input == REQUEST_INPUT_TERRAFORM ||
	    (input == REQUEST_INPUT_AUTO && terraform_json_named(src->name))) {
		decode_terraform(req, root, terraform);
		return req;
	}
	if (jnode_type(root) != JT_OBJECT && jnode_type(root) != JT_ARRAY) {
		set_problem(&req->problem, REQUEST_NOT_OBJECT, jnode_span(root), jtype_name(jnode_type(root)));
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
	free(req->secrets);
	free(req->partial);
	tfmap_trail_release(&req->resources);
	request_problem_list_release(&req->notes);
	free(req);
}

const struct jnode *request_unwrap(struct request *req, struct jnode *value,
                                   struct request_problem *problem)
{
	if (jnode_type(value) != JT_STRING)
		return value;
	struct jerror err;
	struct jnode *root = jsonpos_parse_nested(req->doc, req->src->bytes, value, &err);
	if (!root)
		syntax_problem(&err, problem);
	return root;
}
