/*
 * diag: the list of findings for one input.  Engine code adds to it;
 * emitters read it.  Positions are byte spans until diag_list_resolve()
 * turns them into line:column against the input's source.
 */
#ifndef DTSLINT_DIAG_H
#define DTSLINT_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "rule_info.h"
#include "source.h"


const char *severity_name(enum severity sev);          /* "error" ... */
bool severity_parse(const char *text, enum severity *out);


struct diag_location {
	size_t start, end;            /* byte span in the input */
	struct position begin, finish; /* filled by diag_list_resolve(); finish is exclusive */
};

/* A fix: replace the bytes [start, end) of the input with text, as the
 * file must hold it (already escaped for every string it sits in). */
struct diag_edit {
	size_t start, end;
	char *text;                /* owned */
};

struct diag {
	const struct rule *rule;   /* borrowed from the ruleset */
	enum severity severity;
	struct diag_location loc;
	char *pointer;             /* RFC 6901; owned */
	char *message;             /* owned; never holds a secret value */
	char *suggestion;          /* owned or NULL: what to write instead */
	bool has_related;
	struct diag_location related;
	char *related_message;     /* owned or NULL */
	char *related_file;        /* owned; NULL: the related location is in the same input.
	                            * Else its position is resolved already (a workflow of
	                            * several files: the earlier request is in another one). */
	struct diag_edit *edits;   /* owned: the safe fix, all edits or none */
	size_t n_edits;
};

struct diag_list {
	struct diag *items;
	size_t len, cap;
	/* Byte spans of secret values: never printed, masked in excerpts. */
	struct diag_secret { size_t start, end; } *secrets;
	size_t n_secrets, cap_secrets;
};

void diag_list_init(struct diag_list *list);
void diag_list_release(struct diag_list *list);

/* Add a finding; message and suggestion are copied.  Returns the new
 * diag (borrowed, valid until the next add) so callers can attach a
 * related location. */
struct diag *diag_add(struct diag_list *list, const struct rule *rule,
                      size_t start, size_t end, const char *pointer,
                      const char *message, const char *suggestion);

/* Keep the findings whose keep[i] is true, in order; free the others
 * (the policy layer's filter: rules turned off, suppressions, baseline). */
void diag_list_keep(struct diag_list *list, const bool *keep);

void diag_set_related(struct diag *d, size_t start, size_t end,
                      const char *message);

/* A related location in another input (its name and resolved position). */
void diag_set_related_elsewhere(struct diag *d, const char *file, const struct diag_location *where,
                                const char *message);
/* Add an edit to d's fix; text is copied. */
void diag_add_edit(struct diag *d, size_t start, size_t end, const char *text, size_t len);
void diag_edits_release(struct diag *d);

/* Does d's fix replace or write a byte of a secret value?  Emitters do not
 * print such a fix (after diag_list_resolve()). */
bool diag_fix_touches_secret(const struct diag_list *list, const struct diag *d);

void diag_add_secret(struct diag_list *list, size_t start, size_t end);

/* Resolve every span to line:column, then sort by position and rule id;
 * the secret spans are sorted and merged too. */
void diag_list_resolve(struct diag_list *list, struct source *src);

/* Is the byte at offset inside a secret span?  Only after
 * diag_list_resolve(); O(log n). */
bool diag_list_is_secret(const struct diag_list *list, size_t offset);

size_t diag_list_count_at_least(const struct diag_list *list, enum severity sev);

#endif
