/*
 * rule_docs: a rule's page, as --explain prints it and SARIF embeds it:
 * the embedded docs/rules/ page, or for a rule without one (a --rules
 * folder of one's own) a page made of its summary and description.  And
 * that page as plain text, for readers that show no Markdown.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "embedded.h"
#include "strbuf.h"

const struct embedded_file *embedded_doc_find(const char *rule_id)
{
	char name[64];
	snprintf(name, sizeof name, "docs/rules/%s.md", rule_id);
	for (size_t i = 0; i < embedded_docs_count; i++)
		if (!strcmp(embedded_docs[i].name, name))
			return &embedded_docs[i];
	return NULL;
}

char *rule_page_new(const struct rule *r, size_t *len)
{
	const struct embedded_file *doc = embedded_doc_find(r->id);
	struct strbuf page = STRBUF_INIT;
	if (doc)
		strbuf_add(&page, doc->bytes, doc->len);
	else
		strbuf_addf(&page, "# %s: %s\n\nSeverity: %s\n\n%s\n\n%s\n", r->id, r->name ? r->name : "",
		            severity_name(r->severity), r->summary ? r->summary : "",
		            r->description ? r->description : "");
	return strbuf_detach(&page, len);
}

/* One line of Markdown as text: no heading marks, no code spans' quotes,
 * no strong emphasis.  Code blocks are copied as they are. */
static void plain_line(struct strbuf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == '#')
		i++;
	if (i && i < n && s[i] == ' ')
		i++;
	else
		i = 0; /* "#" not followed by a space is text */
	for (; i < n; i++) {
		if (s[i] == '`')
			continue;
		if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			i++;
			continue;
		}
		strbuf_add(out, &s[i], 1);
	}
}

char *markdown_plain_new(const char *md, size_t len)
{
	struct strbuf out = STRBUF_INIT;
	bool in_code = false;
	for (const char *s = md, *end = md + len; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n >= 3 && !strncmp(s, "```", 3)) {
			in_code = !in_code; /* the fence itself is markup */
		} else {
			if (in_code)
				strbuf_add(&out, s, n);
			else
				plain_line(&out, s, n);
			strbuf_add(&out, "\n", 1);
		}
		s += n + (nl != NULL);
	}
	return strbuf_detach(&out, NULL);
}
