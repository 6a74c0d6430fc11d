/*
 * ruleset: the rule knowledge of dtslint, loaded from rules/ (JSON data),
 * validated strictly and compiled once per process.  See
 * docs/rules-format.md for the file format.  The default rules are
 * embedded in the binary at build time (rules_embedded.c).
 */
#ifndef DTSLINT_RULESET_H
#define DTSLINT_RULESET_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "diag.h"

struct check; /* checks.h */

struct rule {
	char *id;            /* "DTS201": stable, never reused */
	char *name;          /* "endpoint-ip-required" */
	enum severity severity;
	char *summary;       /* one line: SARIF shortDescription */
	char *description;   /* a paragraph: SARIF fullDescription */
	char *message;       /* default message template */
	size_t index;        /* position in ruleset->rules (SARIF ruleIndex) */
};

enum param_type {
	PT_STRING,
	PT_BOOLEAN,
	PT_INTEGER,
	PT_NUMBER,
	PT_JSON, /* a JSON object, given as an object or as a string holding one */
	PT_OBJECT, /* a plain nested object */
	PT_ANY,    /* any JSON value: the type is not documented */
};

struct schema;

struct format {
	pcre2_code *re;
	bool reject;   /* true: a match is the mistake; false: a value must match */
	char *message; /* template */
	const struct rule *rule; /* NULL: DTS107 */
};

/* "When the value is an array, say this instead of 'wrong type'." */
struct type_hint {
	int jtype;     /* enum jtype */
	const struct rule *rule;
	char *message; /* template */
};

struct param {
	char *name;
	enum param_type type;
	bool required;
	bool secret;
	char *default_value;  /* used by conditions when the parameter is absent */
	char *unsupported;    /* message when the service says "do not specify" */
	char **enums;
	size_t n_enums;
	struct format *formats;
	size_t n_formats;
	bool has_min, has_max, has_recommended_min;
	double min, max, recommended_min;
	/* Separated lists (phone numbers). */
	char *list_separator; /* NULL: not a list */
	size_t list_max_items;
	struct format *list_item; /* NULL: no item format */
	/* PT_JSON */
	size_t max_bytes;      /* 0: no limit */
	bool must_be_non_empty;
	size_t warn_bytes;     /* 0: none */
	const struct rule *warn_bytes_rule;
	/* PT_JSON and PT_OBJECT */
	char *schema_name;
	const struct schema *schema; /* resolved after loading */
	struct type_hint *hints;
	size_t n_hints;
	const struct rule *enum_rule; /* NULL: the enclosing schema's value rule */
};

/* Which rule reports each generic finding in one object kind. */
struct rule_map {
	const struct rule *unknown_close, *unknown_other, *type, *value, *range;
};

enum cond_op {
	COND_IN,
	COND_NOT_IN,
	COND_EQUALS_TRUE,
	COND_EQUALS_FALSE,
	COND_PRESENT,
	COND_ABSENT,
};

struct condition {
	char *target;     /* parameter name, or a JSON pointer starting with '/' */
	enum cond_op op;
	char **values;    /* COND_IN / COND_NOT_IN, compared case-insensitively */
	size_t n_values;
};

enum constraint_kind {
	CK_REQUIRE,  /* target must be present (and not an empty string) */
	CK_FORBID,   /* target must be absent */
	CK_EXPECT,   /* target, when present, must satisfy `expect` */
	CK_COMPARE,  /* target <= other, both numbers, when both present */
};

struct constraint {
	const struct rule *rule;
	struct condition *when;   /* all must hold */
	size_t n_when;
	enum constraint_kind kind;
	char *target;
	struct condition expect;  /* CK_EXPECT */
	char *other;              /* CK_COMPARE */
	char *message;            /* template */
	char *help;               /* suggestion template or NULL */
};

struct check_spec {
	const struct check *check;   /* registry entry, checks.h */
	const struct rule *rule;
	const struct rule *merge_rule;
	struct condition *merge_when;
	size_t n_merge_when;
};

struct foreign_keys {
	char **keys;
	size_t n_keys;
	const struct rule *rule;
	char *message;
};

/* The structure of a nested object: a record (known keys) or a map
 * (free member names, each value following `values`). */
struct schema {
	char *name;
	struct param *keys;           /* record */
	size_t n_keys;
	const struct param **sorted;  /* keys by name, for bsearch on big DbLists */
	char *values_name;            /* map */
	const struct schema *values;
	struct rule_map rules;
	struct foreign_keys *foreign;
	size_t n_foreign;
	struct constraint *constraints;
	size_t n_constraints;
	struct check_spec *checks;
	size_t n_checks;
};

struct operation {
	char *name;
	struct param *params;
	size_t n_params;
	struct constraint *constraints;
	size_t n_constraints;
};

struct ruleset {
	struct rule *rules;
	size_t n_rules;
	const struct rule **rules_by_id; /* sorted by id once all are read; NULL while loading */
	struct operation *operations;
	size_t n_operations;
	struct param *common;       /* accepted by every operation (Action, Version...) */
	size_t n_common;
	struct schema **schemas;      /* each owned; never moves once loaded */
	size_t n_schemas;
	struct rule_map root_rules; /* DTS101/102/103/108 for parameters */
	char *default_operation;    /* when a request has neither Action nor --operation */
	pcre2_code *secret_key_re;  /* keys whose values are secrets, at any depth */
	pcre2_match_data *match_data;       /* shared: dtslint is single-threaded */
	pcre2_match_context *match_context; /* carries the match limit */
};

/* One rules file as bytes; `name` is used in error messages. */
struct rules_file {
	const char *name;
	const char *bytes;
	size_t len;
};

/* Build a ruleset from files.  Returns owned ruleset or NULL with a
 * message "file:line:col: problem" in errbuf. */
struct ruleset *ruleset_load(const struct rules_file *files, size_t n_files,
                             char *errbuf, size_t errbuf_size);

/* The rules compiled into the binary. */
struct ruleset *ruleset_load_default(char *errbuf, size_t errbuf_size);

/* Every *.json in dir, in name order. */
struct ruleset *ruleset_load_dir(const char *dir, char *errbuf, size_t errbuf_size);

void ruleset_free(struct ruleset *rs);

/* Borrowed lookups. */
const struct rule *ruleset_find_rule(const struct ruleset *rs, const char *id);
const struct operation *ruleset_find_operation(const struct ruleset *rs, const char *name);
const struct schema *ruleset_find_schema(const struct ruleset *rs, const char *name);
const struct param *schema_find_key(const struct schema *s, const char *key, size_t len);

const struct param *operation_find_param(const struct operation *op,
                                         const struct ruleset *rs, const char *name);

/* Does text match? Returns 1, 0, or -1 on a PCRE2 error (match limit). */
int format_matches(const struct ruleset *rs, const pcre2_code *re,
                   const char *text, size_t len);

bool ruleset_is_secret_key(const struct ruleset *rs, const char *key, size_t len);

#endif
