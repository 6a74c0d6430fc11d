/*
 * rule: the rule model, what a ruleset is made of.  Built either by the
 * loader from rules/ JSON (ruleset_load.c, at run time for --rules DIR
 * and at build time for the default rules) or as static tables that
 * ruleset_codegen.c generated at build time (rules_table.c).  Nothing
 * here knows about requests or the engine: named checks are referred to
 * by their index in builtin_ids.h, and the engine binds them by name.
 */
#ifndef DTSLINT_RULE_H
#define DTSLINT_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "builtin_ids.h"
#include "pattern_literals.h"
#include "rule_info.h"
#include "tfmap.h"


enum param_type {
	PT_STRING,
	PT_BOOLEAN,
	PT_INTEGER,
	PT_NUMBER,
	PT_JSON, /* a JSON object, given as an object or as a string holding one */
	PT_OBJECT, /* a plain nested object */
	PT_ANY,    /* any JSON value: the type is not documented */
};

/* A PCRE2 pattern from rule data.  The source is validated when rules
 * load (or are generated), but compiled only on first use: most requests
 * meet few of the patterns, and a ruleset built into the binary must cost
 * nothing to start.  `code` is a cache filled through a const model
 * (ruleset.c casts; every model object is defined non-const). */
struct pattern {
	char *source;
	size_t len;
	uint32_t options;    /* PCRE2 compile options: anchoring is part of the meaning */
	uint32_t uses;       /* matches so far: JIT once they repay it (ruleset.c) */
	pcre2_code *code;    /* NULL until first use */
	bool jit_done;
	/* Built-in rules: the pattern as pcre2_serialize_encode() wrote it at
	 * build time, decoded on first use instead of compiled (compiled from
	 * source when the PCRE2 it runs with cannot decode it). */
	const unsigned char *serialized;
	size_t serialized_len;
};

struct condition;

struct format {
	struct pattern pattern;
	bool reject;   /* true: a match is the mistake; false: a value must match */
	char *message; /* template */
	char *help;    /* template of the help line, or NULL */
	const struct rule *rule; /* NULL: DTS107 */
	struct condition *when;  /* all must hold, else the format is skipped */
	size_t n_when;
	char *fix;     /* reject only: PCRE2 replacement of the match, or NULL */
};

/* "When the value is an array, say this instead of 'wrong type'."  The
 * first hint of the value's type whose `when` holds applies; an `accept`
 * hint says the type is right there (a MongoDB filter is an object). */
struct type_hint {
	int jtype;     /* enum jtype */
	const struct rule *rule;  /* NULL when accept */
	char *message; /* template; NULL when accept */
	bool accept;
	struct condition *when;   /* root JSON pointers; all must hold */
	size_t n_when;
};

struct schema;

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
	/* Documentation, for people: read by hover, completion, the JSON
	 * Schema and --explain, never by a check. */
	char *description;    /* what the parameter is, in a sentence or a few */
	char *source;         /* where that comes from: labels of docs/sources.md */
	char *example;        /* a value as a request would give it, or NULL */
	char *deprecated;     /* why not to use it, or NULL */
	char **value_docs;    /* value, its meaning, value, ... */
	size_t n_value_docs;  /* number of pairs (2 strings each) */
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
	COND_ANY_OF,
};

struct condition {
	char *target;     /* parameter name, or a JSON pointer starting with '/'; NULL for COND_ANY_OF */
	enum cond_op op;
	char **values;    /* COND_IN / COND_NOT_IN, compared case-insensitively */
	size_t n_values;
	struct condition *any_of; /* COND_ANY_OF: holds when one of these does */
	size_t n_any_of;
};

enum constraint_kind {
	CK_REQUIRE,  /* target must be present (and not an empty string) */
	CK_FORBID,   /* target must be absent */
	CK_EXPECT,   /* target, when present, must satisfy `expect` */
	CK_COMPARE,  /* target <= other, both numbers, when both present */
	CK_SAME,     /* target equals other (any case), when both present */
};

struct constraint {
	const struct rule *rule;
	struct condition *when;   /* all must hold */
	size_t n_when;
	enum constraint_kind kind;
	char *target;
	struct condition expect;  /* CK_EXPECT */
	char *other;              /* CK_COMPARE, CK_SAME */
	char *message;            /* template */
	char *help;               /* suggestion template or NULL */
};

/* distinct-names: "when these hold, the destination merges, and this
 * rule reports it". */
struct merge_case {
	struct condition *when;  /* all must hold */
	size_t n_when;
	const struct rule *rule;
};

struct check_spec {
	enum builtin_check check;    /* which named check; the engine binds it */
	const struct rule *rule;     /* when no merge case holds */
	struct merge_case *merges;   /* the first that holds wins */
	size_t n_merges;
	struct condition *when;      /* all must hold for the check to run (none: always) */
	size_t n_when;
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
	const struct param **sorted;  /* params by name: each request key is looked up */
	struct constraint *constraints;
	size_t n_constraints;
};

/* A key name the rules know (a parameter or a schema key) and whether
 * the secret-key pattern matches it, decided when the rules were built:
 * a lookup here costs a fraction of an interpreted PCRE2 search, which
 * would otherwise run on every key of every request. */
struct known_key {
	char *name;
	bool secret;
};

/* "CreateDtsInstance/Type": one parameter of one operation. */
struct op_param {
	char *operation;
	char *param;
};

/* A check across the requests of a workflow (engine_workflow.c), named
 * by data: which check, its rule, and the tables it works from. */
struct workflow_check {
	enum builtin_workflow_check check;
	const struct rule *rule;
	struct op_param *params;   /* same-ids, configured-before: where each request names the ID */
	size_t n_params;
	char **operations;         /* configured-before: the operations that configure the job */
	size_t n_operations;
	struct op_param left, right; /* agree: an earlier request's value and a later one's */
	char **pairs;              /* agree: left value, right value, ... (NULL: equal, any case) */
	size_t n_pairs;            /* number of pairs (2 strings each) */
};

struct ruleset {
	struct rule *rules;
	size_t n_rules;
	const struct rule **rules_by_id; /* sorted by id once all are read; NULL while loading */
	struct operation *operations;
	size_t n_operations;
	struct param *common;       /* accepted by every operation (Action, Version...) */
	size_t n_common;
	const struct param **common_sorted; /* by name */
	struct schema **schemas;      /* each its own object; never moves once loaded */
	size_t n_schemas;
	struct rule_map root_rules; /* DTS101/102/103/108 for parameters */
	struct workflow_check *workflow; /* checks across the requests of a workflow */
	size_t n_workflow;
	struct tfmap terraform;     /* Terraform resources as requests (input/tfmap.h) */
	const struct rule *builtin[BUILTIN_RULE_COUNT]; /* the rules C raises */
	char *default_operation;    /* when a request has neither Action nor --operation */
	struct pattern secret_key;  /* keys whose values are secrets, at any depth */
	/* What every match of secret_key holds (pattern_literals.h): most
	 * keys are judged without PCRE2.  Written by ruleset_codegen.c into
	 * the built-in tables; made on first use for rules loaded at run time
	 * (ruleset_secret_literals()). */
	struct pattern_literals secret_literals;
	bool secret_literals_made;
	struct known_key *known_keys; /* sorted by name, unique */
	size_t n_known_keys;
	bool is_static;             /* generated tables: ruleset_free releases caches only */
	/* Patterns compiled so far (their caches), so releasing a static
	 * ruleset need not walk every table. */
	struct pattern **compiled;
	size_t n_compiled, cap_compiled;
	/* Made on first match, or by ruleset_share(); read-only after.  (The
	 * match data and the memo of parameters found by name are each
	 * thread's own: ruleset.c.) */
	pcre2_match_context *match_context; /* carries the match limit */
	bool shared; /* ruleset_share(): threads match at once, nothing is JIT-compiled */
};

#endif
