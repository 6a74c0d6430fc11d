/*
 * Unit tests for the rule loader: the built-in rules load; broken rule
 * files are refused with the file:line:column of the problem; a rules
 * folder must define every rule C raises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "builtin_ids.h"
#include "ruleset.h"

/* A rules file that defines every built-in rule (DTS101 first, so the
 * positions in "a.json" of the cases below do not matter), except `skip`. */
static char base_rules[8192];

static void make_base_rules(const char *skip)
{
	size_t used = (size_t)snprintf(base_rules, sizeof base_rules, "{\"rules\": [\n");
	for (size_t i = 0; i < BUILTIN_RULE_COUNT; i++) {
		if (skip && strstr(skip, builtin_rule_ids[i]))
			continue;
		used += (size_t)snprintf(base_rules + used, sizeof base_rules - used,
		                         "{\"id\": \"%s\", \"name\": \"n%zu\", \"severity\": \"error\",\n"
		                         "  \"summary\": \"s\", \"description\": \"d\", \"message\": \"m\"},\n",
		                         builtin_rule_ids[i], i);
	}
	snprintf(base_rules + used - 2, sizeof base_rules - used + 2,
	         "],\n \"settings\": {\"defaultOperation\": \"Op\"}}\n");
}

struct load_case {
	const char *second_file; /* loaded after base_rules as "b.json" */
	const char *error;       /* expected error, exactly; NULL: must load */
};

static const struct load_case cases[] = {
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}}}", NULL},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"requried\": true}}}",
	 "b.json:1:60: unknown key 'requried' in a parameter spec; did you mean 'required'?"},
	{"{\"operation\": \"Op\",\n \"parameters\": {\"A\": {\"type\": \"text\"}}}",
	 "b.json:2:23: 'type' must be one of string, boolean, integer, number, json, object, any; not 'text'"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\",\n"
	 "  \"formats\": [{\"expect\": \"^(ab$\", \"message\": \"m\"}]}}}",
	 "b.json:2:32: pattern does not compile: missing closing parenthesis"},
	{"{\"rules\": [{\"id\": \"DTS101\", \"name\": \"x\", \"severity\": \"error\", \"summary\": \"s\","
	 " \"description\": \"d\", \"message\": \"m\"}]}",
	 "b.json:1:13: rule id 'DTS101' is defined twice"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"constraints\": [{\"rule\": \"DTS999\", \"require\": \"A\"}]}",
	 "b.json:2:19: rule 'DTS999' is not defined"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"constraints\": [{\"rule\": \"DTS101\", \"require\": \"B\"}]}",
	 "b.json:2:37: 'B' is not a parameter of Op"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"unsupported\": \"{nope}\"}}}",
	 "b.json:1:60: 'unsupported' uses an unknown placeholder at \"{nope}\"; see docs/rules-format.md"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}, \"A\": {\"type\": \"string\"}}}",
	 "b.json:1:61: parameter 'A' is defined twice"},
	{"{\"operation\": \"Op\", \"parameters\": {}, }", "b.json:1:39: trailing comma before '}': remove the last ','"},
	{"{\"parameters\": {}}", "b.json:1:2: 'parameters' needs 'operation' in the same file"},
	{"{\"operation\": \"Other\", \"parameters\": {}}", "rules: 'defaultOperation' names an operation no file defines"},
	/* schemas */
	{"{\"operation\": \"Op\", \"parameters\": {\"J\": {\"type\": \"json\", \"schema\": \"S\"}},\n"
	 " \"schemas\": {\"S\": {\"values\": \"R\"}, \"R\": {\"keys\": {\"a\": {\"type\": \"boolean\"}},\n"
	 "   \"constraints\": [{\"rule\": \"DTS101\", \"when\": [{\"param\": \"/J\", \"present\": true}], \"require\": \"a\"}],\n"
	 "   \"rules\": {\"unknownClose\": \"DTS101\"}}}}", NULL},
	{"{\"operation\": \"Op\", \"parameters\": {\"J\": {\"type\": \"json\", \"schema\": \"Nope\"}}}",
	 "b.json:1:68: schema 'Nope' is not defined"},
	{"{\"schemas\": {\"S\": {\"keys\": {}, \"values\": \"S\"}}}",
	 "b.json:1:14: schema 'S' needs exactly one of 'keys' (a record) and 'values' (a map)"},
	{"{\"schemas\": {\"S\": {\"keys\": {\"a\": {\"type\": \"string\"}},\n"
	 " \"constraints\": [{\"rule\": \"DTS101\", \"require\": \"b\"}]}}}",
	 "b.json:2:37: 'b' is not a key of schema S"},
	{"{\"schemas\": {\"S\": {\"values\": \"S\", \"checks\": [{\"check\": \"magic\", \"rule\": \"DTS101\"}]}}}",
	 "b.json:1:47: no named check 'magic' (see docs/rules-format.md)"},
	{"{\"schemas\": {\"S\": {\"keys\": {\"a\": {\"type\": \"string\", \"required\": true}}}}}",
	 "b.json:1:29: 'required' is for parameters; inside a schema use a constraint with 'require'"},
	{"{\"schemas\": {\"S\": {\"values\": \"S\", \"rules\": {\"type\": \"DTS404\"}}}}",
	 "b.json:1:45: rule 'DTS404' is not defined"},
	/* workflow checks */
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"workflow\": [{\"check\": \"agree\", \"rule\": \"DTS101\", \"left\": \"Op/A\", \"right\": \"Op/B\"}]}",
	 "b.json:2:68: 'B' is not a parameter of Op"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"workflow\": [{\"check\": \"magic\", \"rule\": \"DTS101\"}]}",
	 "b.json:2:16: no workflow check 'magic' (see docs/rules-format.md)"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"workflow\": [{\"check\": \"same-ids\", \"rule\": \"DTS101\", \"params\": [\"Other/A\"]}]}",
	 "b.json:2:66: 'Other' is not an operation the rules define"},
	/* a bound nothing can exceed, a pointer with a bad escape */
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"integer\", \"minimum\": 1e999}}}",
	 "b.json:1:61: 'minimum' is too large to represent"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"constraints\": [{\"rule\": \"DTS101\", \"require\": \"/a/~2\"}]}",
	 "b.json:2:37: '/a/~2' is not a valid JSON pointer: '~' must be followed by 0 or 1"},
};

static void test_load_cases(void **state)
{
	(void)state;
	make_base_rules(NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_file files[] = {
			{"a.json", base_rules, strlen(base_rules)},
			{"b.json", cases[i].second_file, strlen(cases[i].second_file)},
		};
		char err[512] = "";
		struct ruleset *rs = ruleset_load(files, 2, err, sizeof err);
		if (!cases[i].error) {
			if (!rs)
				fail_msg("case %zu: %s", i, err);
		} else {
			assert_null(rs);
			if (strcmp(err, cases[i].error) != 0)
				fail_msg("case %zu:\n  want %s\n  got  %s", i, cases[i].error, err);
		}
		ruleset_free(rs);
	}
}

/* A rules folder without a rule C raises would drop its findings in
 * silence: it is refused, naming every missing one. */
static void test_builtin_rules_required(void **state)
{
	(void)state;
	make_base_rules("DTS001 DTS106");
	static const char op[] = "{\"operation\": \"Op\", \"parameters\": {}}";
	struct rules_file files[] = {
		{"a.json", base_rules, strlen(base_rules)},
		{"b.json", op, strlen(op)},
	};
	char err[512] = "";
	struct ruleset *rs = ruleset_load(files, 2, err, sizeof err);
	assert_null(rs);
	assert_string_equal(err, "rules: missing the built-in rule(s) DTS001 DTS106; dtslint raises "
	                         "them itself, so a rules folder must define them");
}

/* Every built-in has an ID and every named check a name (a hole in the
 * designated initialisers would be NULL). */
static void test_builtin_tables(void **state)
{
	(void)state;
	for (size_t i = 0; i < BUILTIN_RULE_COUNT; i++)
		assert_non_null(builtin_rule_ids[i]);
	for (size_t i = 0; i < BUILTIN_CHECK_COUNT; i++) {
		assert_non_null(builtin_check_names[i]);
		assert_int_equal(builtin_check_find(builtin_check_names[i]), (int)i);
	}
	assert_int_equal(builtin_check_find("magic"), -1);
}

/* Patterns: `$` is the end of the value, and an expected shape must be
 * the whole value. */
static void test_pattern_anchoring(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	struct pattern expect = {.source = "^[0-9]{1,5}$", .len = 12, .options = PATTERN_OPTIONS_EXPECT};
	struct pattern bare = {.source = "[0-9]+", .len = 6, .options = PATTERN_OPTIONS_EXPECT};
	struct pattern reject = {.source = ";\\s*$", .len = 5, .options = PATTERN_OPTIONS_SEARCH};
	assert_int_equal(pattern_match(rs, &expect, "3306", 4), 1);
	assert_int_equal(pattern_match(rs, &expect, "3306\n", 5), 0);
	assert_int_equal(pattern_match(rs, &expect, "3306\r\n", 6), 0);
	assert_int_equal(pattern_match(rs, &expect, " 3306", 5), 0);
	assert_int_equal(pattern_match(rs, &bare, "12a", 3), 0);
	assert_int_equal(pattern_match(rs, &bare, "123", 3), 1);
	assert_int_equal(pattern_match(rs, &reject, "a;", 2), 1);
	assert_int_equal(pattern_match(rs, &reject, "a;\nb", 4), 0);
	pcre2_code_free(expect.code);
	pcre2_code_free(bare.code);
	pcre2_code_free(reject.code);
	ruleset_free(rs);
}

static void test_default_rules(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	const struct operation *op = ruleset_find_operation(rs, "ConfigureDtsJob");
	assert_non_null(op);
	assert_true(op->n_params >= 60);
	const struct param *p = operation_find_param(op, rs, "DestinationEndpointDataBaseName");
	assert_non_null(p);
	assert_non_null(operation_find_param(op, rs, "Action"));
	assert_null(operation_find_param(op, rs, "DestinationEndpointDatabaseName"));
	assert_true(ruleset_is_secret_key(rs, "SourceEndpointPassword", 22));
	assert_false(ruleset_is_secret_key(rs, "SrcClientKeyOssUrl", 18));
	for (size_t i = 0; i < rs->n_rules; i++)
		assert_int_equal(rs->rules[i].index, i);
	ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_cases),
		cmocka_unit_test(test_default_rules),
		cmocka_unit_test(test_builtin_rules_required),
		cmocka_unit_test(test_builtin_tables),
		cmocka_unit_test(test_pattern_anchoring),
	};
	return cmocka_run_group_tests_name("ruleset", tests, NULL, NULL);
}
