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

struct rule;
/* The rule's page in Markdown, owned: its docs/rules/ page, or one made
 * of its summary and description.  *len (if not NULL) gets its length. */
char *rule_page_new(const struct rule *r, size_t *len);
/* Markdown as plain text, owned: headings, code spans and strong emphasis
 * lose their marks, code fences go and their blocks stay. */
char *markdown_plain_new(const char *md, size_t len);

#endif
