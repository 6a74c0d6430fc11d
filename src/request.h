/*
 * request: the decoder.  One input's bytes become the request model (its
 * source, its jsonpos tree, and the nested JSON trees unwrapped from
 * string parameters), or a positioned problem {kind, span, message}.
 * It knows no rules and no rule IDs: the engine decides which parameters
 * hold JSON and which rule reports each kind of problem.
 */
#ifndef DTSLINT_REQUEST_H
#define DTSLINT_REQUEST_H

#include "jsonpos.h"
#include "source.h"

enum request_problem_kind {
	REQUEST_OK,
	REQUEST_ENCODING,       /* invalid UTF-8, a NUL byte, UTF-16 */
	REQUEST_SYNTAX,         /* not JSON */
	REQUEST_PYTHON_LITERAL, /* not JSON, the way Python's str(dict) prints it */
	REQUEST_NOT_OBJECT,     /* JSON, but the top level is not an object */
};

struct request_problem {
	enum request_problem_kind kind;
	struct jspan span;     /* in the file's bytes */
	char message[160];     /* what is wrong; for REQUEST_NOT_OBJECT the type found */
};

struct request {
	const struct source *src; /* borrowed */
	struct jdoc *doc;         /* owned: every node below */
	struct jnode *root;       /* the parameter object; NULL when problem says why */
	struct request_problem problem;
};

/* Decode src.  Always returns an owned request; root is NULL and
 * problem.kind not REQUEST_OK when the input is not an object of
 * parameters. */
struct request *request_parse(const struct source *src);

void request_free(struct request *req);

/* The value held by a JSON-valued parameter: the node itself unless it is
 * a string, else the JSON parsed out of the string (spans in the file's
 * bytes).  Returns a borrowed root of any type, or NULL with *problem
 * filled (REQUEST_SYNTAX or REQUEST_PYTHON_LITERAL). */
const struct jnode *request_unwrap(struct request *req, struct jnode *value,
                                   struct request_problem *problem);

#endif
