/*
 * request: the decoder.  One input's bytes become the request model (its
 * source, its jsonpos tree, and the nested JSON trees unwrapped from
 * string parameters), or a positioned problem {kind, span, message}
 * (decode_problem.h).
 * It knows no rules and no rule IDs: the engine decides which parameters
 * hold JSON and which rule reports each kind of problem.
 */
#ifndef DTSLINT_REQUEST_H
#define DTSLINT_REQUEST_H

#include "decode_problem.h"
#include "jsonpos.h"
#include "source.h"
#include "tfmap.h"

struct query_names; /* query.h */
struct tfmap;       /* tfmap.h */

/* Which decoder reads the input: from its first bytes, or as --input says. */
enum request_input {
	REQUEST_INPUT_AUTO,
	REQUEST_INPUT_JSON,
	REQUEST_INPUT_QUERY,
	REQUEST_INPUT_TERRAFORM, /* Terraform: its JSON syntax (.tf.json) or native syntax (.tf) */
	REQUEST_INPUT_SHELL,     /* the aliyun dts commands of a shell script (aliyun_cli.h) */
	REQUEST_INPUT_MARKDOWN,  /* those of a Markdown file's shell code blocks */
};

/* How the strings a reader built (jbuilder) are written in the file, so
 * that a fix can write a replacement: not at all (no fix is offered inside
 * them: the default, until a reader says), percent-encoded (query
 * strings), as JSON strings between their quotes (Terraform JSON), or as
 * HCL writes them (Terraform's native syntax: a quoted string escapes
 * like JSON, a heredoc is raw, both double "${" and "%{"; keys are bare
 * or quoted). */
enum request_escape {
	REQUEST_ESCAPE_NONE,
	REQUEST_ESCAPE_PERCENT,
	REQUEST_ESCAPE_JSON,
	REQUEST_ESCAPE_HCL,
	REQUEST_ESCAPE_SHELL, /* a shell word: single-quoted, double-quoted or bare, as
	                       * the file writes it (jedit.c reads which) */
};

/* How the input spells a top-level parameter, for messages: the API's
 * name (JSON, query strings), the Terraform attribute that sends it
 * (tfmap.h, reversed), or the command line's flag (--Name, or
 * --kebab-name in the CLI's plugin form).  A reader sets it; the engine
 * spells every top-level name it shows this way. */
enum request_spelling {
	REQUEST_SPELL_API,
	REQUEST_SPELL_TERRAFORM,
	REQUEST_SPELL_CLI,
	REQUEST_SPELL_CLI_PLUGIN,
};

/* Is the input an aliyun command line, in either form? */
static inline bool request_spelling_is_cli(enum request_spelling s)
{
	return s == REQUEST_SPELL_CLI || s == REQUEST_SPELL_CLI_PLUGIN;
}

struct request {
	const struct source *src; /* borrowed */
	struct jdoc *doc;         /* owned: every node below */
	struct jnode *root;       /* the parameter object (or an array of them: a workflow);
	                           * NULL when problem says why */
	struct request_problem problem;
	struct request_problem_list notes; /* problems that did not stop decoding */
	enum request_spelling spelling;
	enum request_escape escape;
	bool independent; /* its requests are no calls in order (Terraform resources form a
	                   * graph): no workflow check runs across them */
	struct jspan *secrets; /* owned: values the tree does not hold that must never be
	                        * shown (a command line's --access-key-secret) */
	size_t n_secrets;
	const struct jnode **partial; /* owned: requests whose parameters cannot all be seen
	                               * (a command ending in "$@"): "required" is not judged */
	size_t n_partial;
	struct tfmap_trail resources; /* Terraform: the resource of each request, in order */
};

/* Is request (a node of req's tree) one of req->partial? */
bool request_is_partial(const struct request *req, const struct jnode *request);

/* Decode src as JSON, as a query string (query.h), as Terraform JSON or
 * native syntax (terraform_json.h, terraform_hcl.h: as --input says, or
 * when src is named *.tf.json or *.tf; a plan JSON by its shape), or
 * as aliyun command lines (aliyun_cli.h: a shell script by its name or
 * shebang, a Markdown file by its name; none found: root NULL, problem
 * REQUEST_OK, nothing to check).
 * Always returns an owned request; root is NULL and problem.kind not
 * REQUEST_OK when the input is not an object of parameters (or an array
 * of them).  names (borrowed, may be NULL) tells the query decoder which
 * values are secret and which names are parameters (struct query_names);
 * terraform (borrowed, may be NULL: no resource is known) maps Terraform
 * resources to requests. */
struct request *request_parse(const struct source *src, enum request_input input,
                              const struct query_names *names, const struct tfmap *terraform);

void request_free(struct request *req);

/* The value held by a JSON-valued parameter: the node itself unless it is
 * a string, else the JSON parsed out of the string (spans in the file's
 * bytes).  Returns a borrowed root of any type, or NULL with *problem
 * filled (REQUEST_SYNTAX or REQUEST_PYTHON_LITERAL). */
const struct jnode *request_unwrap(struct request *req, struct jnode *value,
                                   struct request_problem *problem);

#endif
