/*
 * rule_docs: find a rule's page among the embedded ones.
 */
#include <stdio.h>
#include <string.h>

#include "embedded.h"

const struct embedded_file *embedded_doc_find(const char *rule_id)
{
	char name[64];
	snprintf(name, sizeof name, "docs/rules/%s.md", rule_id);
	for (size_t i = 0; i < embedded_docs_count; i++)
		if (!strcmp(embedded_docs[i].name, name))
			return &embedded_docs[i];
	return NULL;
}
