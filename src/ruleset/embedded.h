/*
 * embedded: the rule pages (the docs/rules/ pages), compiled into the binary
 * by tools/embed.py so that --explain works with no files beside it.
 */
#ifndef DTSLINT_EMBEDDED_H
#define DTSLINT_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;  /* "docs/rules/DTS001.md" */
	const char *bytes;
	size_t len;
};

extern const struct embedded_file embedded_docs[];
extern const size_t embedded_docs_count;

/* The page of a rule, or NULL (rule_docs.c). */
const struct embedded_file *embedded_doc_find(const char *rule_id);

#endif
