/*
 * builtin_ids: see builtin_ids.h.  Keep the arrays in enum order: the
 * designated initialisers make a missing entry a NULL that the unit test
 * (tests/test_ruleset.c) catches.
 */
#include "builtin_ids.h"

#include <string.h>

const char *const builtin_rule_ids[BUILTIN_RULE_COUNT] = {
	[BR_JSON_SYNTAX] = "DTS001",
	[BR_INVALID_ENCODING] = "DTS002",
	[BR_DUPLICATE_KEY] = "DTS003",
	[BR_REQUEST_NOT_OBJECT] = "DTS004",
	[BR_NESTED_JSON_SYNTAX] = "DTS005",
	[BR_NESTED_JSON_SHAPE] = "DTS006",
	[BR_UNKNOWN_OPERATION] = "DTS007",
	[BR_JSON_ENCODED_TWICE] = "DTS008",
	[BR_PYTHON_LITERAL] = "DTS009",
	[BR_QUERY_SYNTAX] = "DTS010",
	[BR_QUERY_PLACEHOLDER] = "DTS011",
	[BR_OPERATION_GUESS] = "DTS012",
	[BR_UNKNOWN_PARAMETER] = "DTS101",
	[BR_WRONG_TYPE] = "DTS102",
	[BR_INVALID_VALUE] = "DTS103",
	[BR_NON_CANONICAL_CASE] = "DTS104",
	[BR_EMPTY_VALUE] = "DTS105",
	[BR_MISSING_REQUIRED] = "DTS106",
	[BR_INVALID_FORMAT] = "DTS107",
	[BR_OUT_OF_RANGE] = "DTS108",
	[BR_UNSUPPORTED_PARAMETER] = "DTS109",
	[BR_VALUE_TOO_LARGE] = "DTS110",
	[BR_NUMBER_FOR_STRING] = "DTS111",
	[BR_TOO_MANY_ITEMS] = "DTS112",
	[BR_BELOW_RECOMMENDED] = "DTS113",
	[BR_UNDOCUMENTED_PARAMETER] = "DTS114",
};

const char *const builtin_check_names[BUILTIN_CHECK_COUNT] = {
	[BC_DISTINCT_NAMES] = "distinct-names",
	[BC_SAME_NAMES] = "same-names",
	[BC_FILTER_SYNTAX] = "filter-syntax",
	[BC_FILTER_CROSS_TABLE] = "filter-cross-table",
	[BC_FILTER_BARE_YEAR] = "filter-bare-year",
};

const char *const builtin_workflow_check_names[BUILTIN_WORKFLOW_CHECK_COUNT] = {
	[BW_SAME_IDS] = "same-ids",
	[BW_CONFIGURED_BEFORE] = "configured-before",
	[BW_AGREE] = "agree",
	[BW_REDUNDANT_START] = "redundant-start",
	[BW_NEVER_STARTED] = "never-started",
	[BW_PRECHECK_BEFORE_START] = "precheck-before-start",
	[BW_MODIFY_KEEPS_OBJECTS] = "modify-keeps-objects",
};

int builtin_workflow_check_find(const char *name)
{
	for (int i = 0; i < BUILTIN_WORKFLOW_CHECK_COUNT; i++)
		if (!strcmp(builtin_workflow_check_names[i], name))
			return i;
	return -1;
}

int builtin_check_find(const char *name)
{
	for (int i = 0; i < BUILTIN_CHECK_COUNT; i++)
		if (!strcmp(builtin_check_names[i], name))
			return i;
	return -1;
}
