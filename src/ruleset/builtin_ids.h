/*
 * builtin_ids: the rules that C code raises, in one table indexed by an
 * enum (PCRE2's error table is the model).  Everything else the engine
 * reports comes from rule data by reference; these are the findings the
 * decoder's problems and the generic value checks map to.  A rules folder
 * must define every ID listed here: the loader refuses one that lacks any
 * (naming them), so no finding is ever dropped for want of its rule.
 *
 * Also the names of the named checks C provides (checks.c implements
 * them), so that the rule loader can validate a rule file's "check" names
 * without linking the engine.
 */
#ifndef DTSLINT_BUILTIN_IDS_H
#define DTSLINT_BUILTIN_IDS_H

#include <stddef.h>

enum builtin_rule {
	BR_JSON_SYNTAX,          /* DTS001 */
	BR_INVALID_ENCODING,     /* DTS002 */
	BR_DUPLICATE_KEY,        /* DTS003 */
	BR_REQUEST_NOT_OBJECT,   /* DTS004 */
	BR_NESTED_JSON_SYNTAX,   /* DTS005 */
	BR_NESTED_JSON_SHAPE,    /* DTS006 */
	BR_UNKNOWN_OPERATION,    /* DTS007 */
	BR_JSON_ENCODED_TWICE,   /* DTS008 */
	BR_PYTHON_LITERAL,       /* DTS009 */
	BR_QUERY_SYNTAX,         /* DTS010 */
	BR_QUERY_PLACEHOLDER,    /* DTS011 */
	BR_OPERATION_GUESS,      /* DTS012 */
	BR_UNKNOWN_PARAMETER,    /* DTS101 */
	BR_WRONG_TYPE,           /* DTS102 */
	BR_INVALID_VALUE,        /* DTS103 */
	BR_NON_CANONICAL_CASE,   /* DTS104 */
	BR_EMPTY_VALUE,          /* DTS105 */
	BR_MISSING_REQUIRED,     /* DTS106 */
	BR_INVALID_FORMAT,       /* DTS107 */
	BR_OUT_OF_RANGE,         /* DTS108 */
	BR_UNSUPPORTED_PARAMETER,/* DTS109 */
	BR_VALUE_TOO_LARGE,      /* DTS110 */
	BR_NUMBER_FOR_STRING,    /* DTS111 */
	BR_TOO_MANY_ITEMS,       /* DTS112 */
	BR_BELOW_RECOMMENDED,    /* DTS113 */
	BR_UNDOCUMENTED_PARAMETER,/* DTS114 */
	BUILTIN_RULE_COUNT
};

/* "DTS001" ... indexed by enum builtin_rule. */
extern const char *const builtin_rule_ids[BUILTIN_RULE_COUNT];

enum builtin_check {
	BC_DISTINCT_NAMES,       /* "distinct-names" */
	BC_SAME_NAMES,           /* "same-names" */
	BC_FILTER_SYNTAX,        /* "filter-syntax" */
	BC_FILTER_CROSS_TABLE,   /* "filter-cross-table" */
	BC_FILTER_BARE_YEAR,     /* "filter-bare-year" */
	BUILTIN_CHECK_COUNT
};

/* "distinct-names" ... indexed by enum builtin_check. */
extern const char *const builtin_check_names[BUILTIN_CHECK_COUNT];

/* The index of a named check, or -1. */
int builtin_check_find(const char *name);

/* Checks across the requests of a workflow (engine_workflow.c). */
enum builtin_workflow_check {
	BW_SAME_IDS,             /* "same-ids" */
	BW_CONFIGURED_BEFORE,    /* "configured-before" */
	BW_AGREE,                /* "agree" */
	BW_REDUNDANT_START,      /* "redundant-start" */
	BW_NEVER_STARTED,        /* "never-started" */
	BW_PRECHECK_BEFORE_START,/* "precheck-before-start" */
	BW_MODIFY_KEEPS_OBJECTS, /* "modify-keeps-objects" */
	BUILTIN_WORKFLOW_CHECK_COUNT
};

extern const char *const builtin_workflow_check_names[BUILTIN_WORKFLOW_CHECK_COUNT];

/* The index of a workflow check, or -1. */
int builtin_workflow_check_find(const char *name);

#endif
