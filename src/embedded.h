/*
 * embedded: the default rules (rules/) and the rule pages
 * (docs/rules/ pages), compiled into the binary by tools/embed.py.
 */
#ifndef DTSLINT_EMBEDDED_H
#define DTSLINT_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;  /* "rules/00-rules.json", "docs/rules/DTS001.md" */
	const char *bytes;
	size_t len;
};

extern const struct embedded_file embedded_rules[];
extern const size_t embedded_rules_count;
extern const struct embedded_file embedded_docs[];
extern const size_t embedded_docs_count;

/* The page of a rule, or NULL. */
const struct embedded_file *embedded_doc_find(const char *rule_id);

#endif
