/*
 * decode_problem: what the decoders (request.c for JSON, query.c for
 * query strings) report about an input, positioned in the file's bytes.
 * They know no rule IDs: the engine maps each kind to its rule.
 */
#ifndef DTSLINT_DECODE_PROBLEM_H
#define DTSLINT_DECODE_PROBLEM_H

#include <stddef.h>

#include "jsonpos.h"

enum request_problem_kind {
	REQUEST_OK,
	REQUEST_ENCODING,       /* invalid UTF-8, a NUL byte, UTF-16 */
	REQUEST_SYNTAX,         /* not JSON */
	REQUEST_PYTHON_LITERAL, /* not JSON, the way Python's str(dict) prints it */
	REQUEST_NOT_OBJECT,     /* JSON, but not an object of parameters */
	REQUEST_QUERY_SYNTAX,   /* query string: a bad escape, a pair without '=' */
	REQUEST_QUERY_PLACEHOLDER, /* query string: "&<Common request parameters>" */
};

struct request_problem {
	enum request_problem_kind kind;
	struct jspan span;     /* in the file's bytes */
	char message[160];     /* what is wrong; for REQUEST_NOT_OBJECT the type found */
};

/* Problems that do not stop decoding (a query string's bad escapes). */
struct request_problem_list {
	struct request_problem *items;
	size_t len, cap;
};

void request_problem_add(struct request_problem_list *list, enum request_problem_kind kind,
                         struct jspan span, const char *message);
void request_problem_list_release(struct request_problem_list *list);

#endif
