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
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builtin_ids.h"
#include "diag.h"
#include "engine.h"
#include "pattern_literals.h"
#include "ruleset.h"
#include "source.h"

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
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\",\n"
	 "  \"formats\": [{\"expect\": \"^a$\", \"fix\": \"b\", \"message\": \"m\"}]}}}",
	 "b.json:2:33: 'fix' rewrites what a 'reject' pattern matched; this format has none"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\",\n"
	 "  \"formats\": [{\"reject\": \"^(a)$\", \"fix\": \"$2\", \"message\": \"m\"}]}}}",
	 "b.json:2:35: 'fix' names group 2; the pattern has 1"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\",\n"
	 "  \"formats\": [{\"reject\": \"^(a)$\", \"fix\": \"${1}$$0$1\", \"message\": \"m\"}]}}}",
	 NULL},
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
	{"{\"operation\": \"Op\", \"parameters\": {}, }", "b.json:1:37: trailing comma before '}': remove this ','"},
	{"{\"parameters\": {}}", "b.json:1:2: 'parameters' needs 'operation' in the same file"},
	{"{\"operation\": \"Other\", \"parameters\": {}}", "rules: 'defaultOperation' names an operation no file defines"},
	/* documentation fields */
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"description\": \"What A is\",\n"
	 "  \"source\": \"[S]\", \"example\": \"x\", \"deprecated\": \"gone\", \"values\": {\"x\": \"the x\"}}}}",
	 NULL},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"description\": \"\"}}}",
	 "b.json:1:60: 'description' must not be empty"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"description\": \"a\\u0000b\"}}}",
	 "b.json:1:60: 'description' must not contain NUL characters"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"values\": [\"x\"]}}}",
	 "b.json:1:60: 'values' must be an object, not an array"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"values\": {\"x\": \"1\", \"x\": \"2\"}}}}",
	 "b.json:1:81: value 'x' is described twice"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"values\": {\"x\": 1}}}}",
	 "b.json:1:71: 'x' must be a string, not a number"},
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
	{"{\"schemas\": {\"S\": {\"values\": \"S\", \"checks\": [{\"check\": \"filter-syntax\", \"rule\": \"DTS101\", \"when\": [{\"param\": \"/A\"}]}]}}}",
	 "b.json:1:100: a condition needs exactly one of 'in', 'notIn', 'equals', 'present', 'absent'"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}, \"B\": {\"type\": \"string\"}},\n"
	 " \"constraints\": [{\"rule\": \"DTS101\", \"when\": [], \"compare\": {\"param\": \"A\", \"lessOrEqual\": \"B\", \"sameAs\": \"B\"}}]}",
	 "b.json:2:49: 'compare' needs 'param' and one of 'lessOrEqual', 'sameAs'"},
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
	/* Terraform resources */
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"terraform\": [{\"resource\": \"r\", \"operation\": \"Op\", \"source\": \"s\", \"attributes\": {\"a\": \"B\"}}]}",
	 "b.json:2:83: 'B' is not a parameter of Op"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"terraform\": [{\"resource\": \"r\", \"operation\": \"Other\", \"source\": \"s\", \"attributes\": {}}]}",
	 "b.json:2:34: 'Other' is not an operation the rules define"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"terraform\": [{\"resource\": \"r\", \"operation\": \"Op\", \"source\": \"s\", \"attributes\": {\"a\": \"A\"},\n"
	 "  \"values\": {\"b\": {\"x\": \"y\"}}}]}",
	 "b.json:3:14: 'b' is not in this resource's attributes"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"terraform\": [{\"resource\": \"r\", \"operation\": \"Op\", \"source\": \"s\", \"attributes\": {\"a\": \"A\"},\n"
	 "  \"provided\": [\"Z\"], \"implied\": {\"A\": \"v\"}, \"values\": {\"a\": {\"x\": \"y\"}}}]}",
	 "b.json:3:3: 'Z' is not a parameter of Op"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"terraform\": [{\"resource\": \"r\", \"operation\": \"Op\", \"source\": \"s\"}]}",
	 "b.json:2:16: a Terraform resource has 'resource', 'operation', 'source' and 'attributes'"},
	/* a bound nothing can exceed, a pointer with a bad escape */
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"integer\", \"minimum\": 1e999}}}",
	 "b.json:1:61: 'minimum' is too large to represent"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"constraints\": [{\"rule\": \"DTS101\", \"require\": \"/a/~2\"}]}",
	 "b.json:2:37: '/a/~2' is not a valid JSON pointer: '~' must be followed by 0 or 1"},
	/* conditional formats and type hints: root pointers only */
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"formats\": [\n"
	 " {\"reject\": \"x\", \"message\": \"m\", \"help\": \"h {value}\", \"when\": [{\"param\": \"/B\", \"in\": [\"1\"]}]}],\n"
	 " \"typeHints\": [{\"type\": \"object\", \"accept\": true, \"when\": [{\"anyOf\": [{\"param\": \"/B\", \"present\": true}]}]},\n"
	 "                {\"type\": \"object\", \"rule\": \"DTS101\", \"message\": \"m\"}]},\n"
	 " \"B\": {\"type\": \"string\"}}}", NULL},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\", \"formats\": [\n"
	 " {\"reject\": \"x\", \"message\": \"m\", \"when\": [{\"param\": \"B\", \"in\": [\"1\"]}]}]}}}",
	 "b.json:2:44: 'B': the 'when' of a format or type hint names a JSON pointer from the request root, such as '/B'"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"object\",\n"
	 " \"typeHints\": [{\"type\": \"array\", \"accept\": true, \"rule\": \"DTS101\"}]}}}",
	 "b.json:2:16: a type hint needs 'type' and either 'rule' and 'message' or 'accept': true"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"object\",\n"
	 " \"typeHints\": [{\"type\": \"array\", \"accept\": false}]}}}",
	 "b.json:2:34: 'accept' can only be true"},
	/* anyOf stands alone and is not empty */
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"constraints\": [{\"rule\": \"DTS101\", \"when\": [{\"anyOf\": [], \"param\": \"A\"}], \"require\": \"A\"}]}",
	 "b.json:2:46: a condition with 'anyOf' takes no other key"},
	{"{\"operation\": \"Op\", \"parameters\": {\"A\": {\"type\": \"string\"}},\n"
	 " \"constraints\": [{\"rule\": \"DTS101\", \"when\": [{\"anyOf\": []}], \"require\": \"A\"}]}",
	 "b.json:2:47: 'anyOf' needs at least one condition"},
	/* merge cases of distinct-names; the old spelling is gone */
	{"{\"schemas\": {\"S\": {\"values\": \"S\", \"checks\": [{\"check\": \"distinct-names\", \"rule\": \"DTS101\",\n"
	 " \"merge\": [{\"when\": [{\"param\": \"/A\", \"present\": true}], \"rule\": \"DTS102\"}, {\"rule\": \"DTS103\"}]}]}}}",
	 "b.json:2:76: a merge case needs 'when' and 'rule'"},
	{"{\"schemas\": {\"S\": {\"values\": \"S\", \"checks\": [{\"check\": \"distinct-names\", \"rule\": \"DTS101\",\n"
	 " \"mergeRule\": \"DTS102\"}]}}}",
	 "b.json:2:2: 'mergeRule' and 'mergeWhen' are now one merge case: \"merge\": [{\"when\": [...], \"rule\": ...}]"},
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
	ruleset_free(rs); /* releases what the static ruleset compiled, these included */
}

/* The CLI's plugin form: kebab-case names to the API's, letter for letter. */
static void test_plugin_names(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	static const char *const names[][2] = {
		{"configure-dts-job", "ConfigureDtsJob"},
		{"describe-pre-check-status", "DescribePreCheckStatus"},
		{"dts-job-name", "DtsJobName"},
		{"source-endpoint-ip", "SourceEndpointIP"},
		{"source-endpoint-oracle-sid", "SourceEndpointOracleSID"},
		{"destination-endpoint-database-name", "DestinationEndpointDataBaseName"},
		{"destination-endpoint-data-base-name", "DestinationEndpointDataBaseName"},
		{"type", "Type"},
		{"db-list", "DbList"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *got = ruleset_plugin_name(rs, names[i][0], strlen(names[i][0]));
		assert_non_null(got);
		assert_string_equal(got, names[i][1]);
	}
	/* not a name: a letter more or less, a '-' at an end or doubled */
	static const char *const misses[] = {"dts-job-nme", "dts-job-names", "-dts-job-name", "dts--job-name",
	                                     "dts-job-name-", ""};
	for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
		assert_null(ruleset_plugin_name(rs, misses[i], strlen(misses[i])));
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
	/* built-in patterns arrive compiled (serialised at build time) */
	assert_non_null(rs->secret_key.serialized);
	assert_int_equal(pattern_match(rs, &rs->secret_key, "dbPassword", 10), 1);
	assert_false(ruleset_is_secret_key(rs, "SrcClientKeyOssUrl", 18));
	for (size_t i = 0; i < rs->n_rules; i++)
		assert_int_equal(rs->rules[i].index, i);
	ruleset_free(rs);
}

/* The secret-key pattern: the usual abbreviations of password and the
 * words of cloud credentials are secret, words that merely hold "pass"
 * are not; and of every name the rules know (classified at build time),
 * exactly these are secret: a pattern that made an ordinary parameter
 * secret would hide its values in every message. */
static void test_secret_key_pattern(void **state)
{
	(void)state;
	static const char *const secret[] = {
		"SourceEndpointPwd", "SrcClientPass", "db_pass", "DB_PASS", "pass", "PassHint", "DestClientPswd",
		"passwd", "SourceCredentials", "AccessKeySecret", "ApiKey", "api_key", "passphrase", "dbPassword",
	};
	static const char *const ordinary[] = {
		"Passive", "isPassive", "PASSIVE", "Bypass", "ByPass", "byPassMode", "BYPASS", "Compass",
		"Passenger", "passthrough", "Passport", "MaxPassengers", "SrcClientKeyOssUrl", "AccessKeyId",
	};
	static const char *const known_secret[] = {
		"ClientToken", "DestCaCertificatePassword", "DestClientPassword", "DestinationEndpointPassword",
		"SecurityToken", "Signature", "SourceEndpointPassword", "SrcCaCertificatePassword",
		"SrcClientPassword",
	};
	struct ruleset *rs = ruleset_default();
	for (size_t i = 0; i < sizeof secret / sizeof *secret; i++)
		if (pattern_match(rs, &rs->secret_key, secret[i], strlen(secret[i])) != 1)
			fail_msg("'%s' is not secret", secret[i]);
	for (size_t i = 0; i < sizeof ordinary / sizeof *ordinary; i++)
		if (pattern_match(rs, &rs->secret_key, ordinary[i], strlen(ordinary[i])) != 0)
			fail_msg("'%s' is secret", ordinary[i]);
	size_t n = 0;
	for (size_t i = 0; i < rs->n_known_keys; i++) {
		if (!rs->known_keys[i].secret)
			continue;
		if (n >= sizeof known_secret / sizeof *known_secret || strcmp(rs->known_keys[i].name, known_secret[n]))
			fail_msg("known name '%s' is secret (review the pattern, or this list)", rs->known_keys[i].name);
		n++;
	}
	assert_int_equal(n, sizeof known_secret / sizeof *known_secret);
	ruleset_free(rs);
}

/* ---- the literals before the secret-key pattern ---------------------- */

/* The built-in pattern's literals, and keys that hold none of them are
 * judged without PCRE2: its use count does not move (a 1 KB request's two
 * database names cost 16,000 instructions in PCRE2's interpreter). */
static void test_secret_literals(void **state)
{
	(void)state;
	static const char *const expected[] = {"password", "passwd", "passphrase", "pswd", "pwd",
	                                       "credential", "secret", "private", "api", "token",
	                                       "signature", "pass", "pass", "pass"};
	struct ruleset *rs = ruleset_default();
	const struct pattern_literals *pl = ruleset_secret_literals(rs);
	assert_int_equal(pl->n, sizeof expected / sizeof *expected);
	for (size_t i = 0; i < pl->n; i++)
		assert_string_equal(pl->lit[i], expected[i]);
	uint32_t uses = rs->secret_key.uses;
	static const char *const plain[] = {"audit_db_0000", "session_000", "status", "region", "",
	                                    "BYPAS", "Compas", "tok_en"};
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		assert_false(ruleset_pattern_secret_key(rs, plain[i], strlen(plain[i])));
	assert_int_equal(rs->secret_key.uses, uses);
	/* a literal is only a reason to ask PCRE2, which decides */
	assert_false(ruleset_pattern_secret_key(rs, "Bypass", 6));
	assert_int_equal(rs->secret_key.uses, uses + 1);
	/* non-ASCII: PCRE2 folds U+017F to 's' ("ſecret") and checks the UTF-8 */
	assert_true(ruleset_pattern_secret_key(rs, "\xc5\xbf" "ecret", 7));
	assert_true(ruleset_pattern_secret_key(rs, "db\xff", 3));
	ruleset_free(rs);
}

/* What the reader takes from a pattern, and where it gives up (no
 * literals: every key goes to PCRE2). */
static void test_pattern_literals_reader(void **state)
{
	(void)state;
	static const struct {
		const char *pattern;
		const char *literals; /* space-separated; "" for none */
	} reads[] = {
		{"abc", "abc"},
		{"(?i:AbC)|d[Ee]f", "abc def"},
		{"x_?longer", "longer"},                    /* an optional byte ends a run */
		{"(?:ab|cd)xyz(?:q)?", "xyz"},              /* the longest run wins */
		{"(?:abcd|efgh)x", "abcd efgh"},            /* a required group of longer literals */
		{"(?<![A-Za-z])pass(?![a-z])", "pass"},     /* lookarounds add nothing */
		{"^sig\\.nature$", "sig.nature"},
		{"a.b\\dc", "a"},                           /* some byte ends a run; ties keep the first */
		{"[^]x]abc", "abc"},                        /* ']' first in a negated class is a member */
		{"[]x]yz", "yz"},
		{"a|", ""},                                 /* an empty branch matches anything */
		{"(?:)abc|d", "abc d"},
		{"ab*c", ""},                               /* repetition: the match limit could be hit */
		{"ab+c", ""},
		{"a{2}", ""},
		{"\\x41bc", ""},                            /* escapes the reader does not know */
		{"(?x)a b", ""},                            /* flags other than i */
		{"(?<n>abc)", ""},                          /* named groups */
		{"[[:alpha:]]abc", ""},
		{"abc)", ""},                               /* unbalanced */
		{"(abc", ""},
		{"[abc", ""},
		{"a??b", ""},                               /* lazy */
		{"(?=x)?abc", ""},                          /* a quantified assertion */
		{"(?:ab)?cd", "cd"},
		{"\xc3\xa9t\xc3\xa9", "t"},                  /* non-ASCII: some character */
	};
	for (size_t i = 0; i < sizeof reads / sizeof *reads; i++) {
		struct pattern_literals pl;
		pattern_literals_init(&pl, reads[i].pattern, strlen(reads[i].pattern), PATTERN_OPTIONS_SEARCH);
		char got[256] = "";
		for (size_t k = 0; k < pl.n; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? " " : "", pl.lit[k]);
		if (strcmp(got, reads[i].literals))
			fail_msg("'%s': literals '%s', expected '%s'", reads[i].pattern, got, reads[i].literals);
		pattern_literals_release(&pl);
	}
	/* 16 optional bytes are read; the 17th gives up (2^16 paths at most) */
	struct pattern_literals pl;
	pattern_literals_init(&pl, "a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?bc", 34, PATTERN_OPTIONS_SEARCH);
	assert_int_equal(pl.n, 1);
	pattern_literals_release(&pl);
	pattern_literals_init(&pl, "a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?bc", 36, PATTERN_OPTIONS_SEARCH);
	assert_int_equal(pl.n, 0);
	pattern_literals_release(&pl);
	/* options the reader does not know (extended: spaces are not literal) */
	pattern_literals_init(&pl, "abc", 3, PCRE2_EXTENDED);
	assert_int_equal(pl.n, 0);
	pattern_literals_release(&pl);
}

/* Sound: no key the literals turn away matches the pattern.  Keys made of
 * the pattern's own letters and a few others, every one up to length 5
 * over a small alphabet plus random longer ones; every key the literals
 * let through is left to PCRE2, so only "turned away" needs checking. */
static void test_secret_literals_sound(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	const struct pattern_literals *pl = ruleset_secret_literals(rs);
	static const char alphabet[] = "pPaAsSwWdDoOrRkKyYbB_0";
	const size_t na = sizeof alphabet - 1;
	char key[64];
	size_t turned_away = 0;
	for (size_t len = 1; len <= 4; len++) {
		size_t total = 1;
		for (size_t i = 0; i < len; i++)
			total *= na;
		for (size_t code = 0; code < total; code++) {
			size_t c = code;
			for (size_t i = 0; i < len; i++, c /= na)
				key[i] = alphabet[c % na];
			if (pattern_literals_may_match(pl, key, len))
				continue;
			turned_away++;
			if (pattern_match(rs, &rs->secret_key, key, len) != 0)
				fail_msg("'%.*s' matches the pattern but holds none of its literals", (int)len, key);
		}
	}
	static const char letters[] = "abcdeiklnoprstuwyABCDEIKLNOPRSTUWY_-0123456789 .";
	unsigned seed = 12345;
	for (size_t n = 0; n < 200000; n++) {
		size_t len = 1 + (seed = seed * 1103515245u + 12345u) % 24;
		for (size_t i = 0; i < len; i++)
			key[i] = letters[((seed = seed * 1103515245u + 12345u) >> 16) % (sizeof letters - 1)];
		if (pattern_literals_may_match(pl, key, len))
			continue;
		turned_away++;
		if (pattern_match(rs, &rs->secret_key, key, len) != 0)
			fail_msg("'%.*s' matches the pattern but holds none of its literals", (int)len, key);
	}
	assert_true(turned_away > 100000);
	ruleset_free(rs);
}

/* ---- the generated tables are the loaded rules ------------------------
 * The built-in rules are rules/ loaded by tools/rulegen and written out as
 * C by ruleset_codegen.c.  A field of the model that the generator does
 * not write would silently be zero in the binary: load rules/ here and
 * compare every field of the two models.  The size checks make a new
 * field fail this test until it is compared here (and so written there). */

static const char *rules_dir; /* argv[1]: the source tree's rules/ */

#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(struct rule) == 56, "struct rule changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct pattern) == 56, "struct pattern changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct format) == 112, "struct format changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct type_hint) == 48, "struct type_hint changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct param) == 240, "struct param changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct condition) == 48, "struct condition changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct constraint) == 112, "struct constraint changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct merge_case) == 24, "struct merge_case changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct check_spec) == 48, "struct check_spec changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct foreign_keys) == 32, "struct foreign_keys changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct schema) == 136, "struct schema changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct operation) == 48, "struct operation changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct workflow_check) == 96, "struct workflow_check changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct tfmap_resource) == 72, "struct tfmap_resource changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct tfmap_attribute) == 32, "struct tfmap_attribute changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct tfmap_value) == 16, "struct tfmap_value changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct tfmap) == 16, "struct tfmap changed: compare the new field below and write it in ruleset_codegen.c");
_Static_assert(sizeof(struct op_param) == 16, "struct op_param changed: compare the new field below and write it in ruleset_codegen.c");
#endif

static char where[512]; /* the path being compared, for the failure message */

static void same_str(const char *a, const char *b, const char *what)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		fail_msg("%s.%s: loaded '%s', built in '%s'", where, what, a ? a : "(null)", b ? b : "(null)");
}

static void same_num(double a, double b, const char *what)
{
	if (a != b)
		fail_msg("%s.%s: loaded %g, built in %g", where, what, a, b);
}

static void same_rule(const struct rule *a, const struct rule *b, const char *what)
{
	same_str(a ? a->id : NULL, b ? b->id : NULL, what);
}

static void same_schema_ref(const struct schema *a, const struct schema *b, const char *what)
{
	same_str(a ? a->name : NULL, b ? b->name : NULL, what);
}

static void same_strings(char **a, size_t na, char **b, size_t nb, const char *what)
{
	same_num((double)na, (double)nb, what);
	for (size_t i = 0; i < na; i++)
		same_str(a[i], b[i], what);
}

/* Descend: append to `where`; leave() restores it. */
static size_t enter(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static size_t enter(const char *fmt, ...)
{
	size_t len = strlen(where);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(where + len, sizeof where - len, fmt, ap);
	va_end(ap);
	return len;
}

static void leave(size_t len)
{
	where[len] = '\0';
}

static void same_conditions(const struct condition *a, size_t na, const struct condition *b, size_t nb,
                            const char *what);

static void same_condition(const struct condition *a, const struct condition *b)
{
	same_str(a->target, b->target, "target");
	same_num(a->op, b->op, "op");
	same_strings(a->values, a->n_values, b->values, b->n_values, "values");
	same_conditions(a->any_of, a->n_any_of, b->any_of, b->n_any_of, "any_of");
}

static void same_conditions(const struct condition *a, size_t na, const struct condition *b, size_t nb,
                            const char *what)
{
	same_num((double)na, (double)nb, what);
	for (size_t i = 0; i < na; i++) {
		size_t at_ = enter(".%s[%zu]", what, i);
		same_condition(&a[i], &b[i]);
		leave(at_);
	}
}

static void same_pattern(const struct pattern *a, const struct pattern *b)
{
	same_str(a->source, b->source, "pattern.source");
	same_num((double)a->len, (double)b->len, "pattern.len");
	same_num(a->options, b->options, "pattern.options");
}

static void same_formats(const struct format *a, size_t na, const struct format *b, size_t nb,
                         const char *what)
{
	same_num((double)na, (double)nb, what);
	for (size_t i = 0; i < na; i++) {
		size_t at_ = enter(".%s[%zu]", what, i);
		same_pattern(&a[i].pattern, &b[i].pattern);
		same_num(a[i].reject, b[i].reject, "reject");
		same_str(a[i].message, b[i].message, "message");
		same_str(a[i].help, b[i].help, "help");
		same_rule(a[i].rule, b[i].rule, "rule");
		same_conditions(a[i].when, a[i].n_when, b[i].when, b[i].n_when, "when");
		same_str(a[i].fix, b[i].fix, "fix");
		leave(at_);
	}
}

static void same_params(const struct param *a, size_t na, const struct param *b, size_t nb)
{
	same_num((double)na, (double)nb, "n_params");
	for (size_t i = 0; i < na; i++) {
		const struct param *x = &a[i], *y = &b[i];
		size_t at_ = enter(".%s", x->name);
		same_str(x->name, y->name, "name");
		same_num(x->type, y->type, "type");
		same_num(x->required, y->required, "required");
		same_num(x->secret, y->secret, "secret");
		same_str(x->default_value, y->default_value, "default_value");
		same_str(x->unsupported, y->unsupported, "unsupported");
		same_strings(x->enums, x->n_enums, y->enums, y->n_enums, "enums");
		same_formats(x->formats, x->n_formats, y->formats, y->n_formats, "formats");
		same_num(x->has_min, y->has_min, "has_min");
		same_num(x->has_max, y->has_max, "has_max");
		same_num(x->has_recommended_min, y->has_recommended_min, "has_recommended_min");
		same_num(x->min, y->min, "min");
		same_num(x->max, y->max, "max");
		same_num(x->recommended_min, y->recommended_min, "recommended_min");
		same_str(x->list_separator, y->list_separator, "list_separator");
		same_num((double)x->list_max_items, (double)y->list_max_items, "list_max_items");
		same_formats(x->list_item, x->list_item != NULL, y->list_item, y->list_item != NULL, "list_item");
		same_num((double)x->max_bytes, (double)y->max_bytes, "max_bytes");
		same_num(x->must_be_non_empty, y->must_be_non_empty, "must_be_non_empty");
		same_num((double)x->warn_bytes, (double)y->warn_bytes, "warn_bytes");
		same_rule(x->warn_bytes_rule, y->warn_bytes_rule, "warn_bytes_rule");
		same_str(x->schema_name, y->schema_name, "schema_name");
		same_schema_ref(x->schema, y->schema, "schema");
		same_num((double)x->n_hints, (double)y->n_hints, "n_hints");
		for (size_t j = 0; j < x->n_hints; j++) {
			size_t hint_at = enter(".hints[%zu]", j);
			same_num(x->hints[j].jtype, y->hints[j].jtype, "jtype");
			same_rule(x->hints[j].rule, y->hints[j].rule, "rule");
			same_str(x->hints[j].message, y->hints[j].message, "message");
			same_num(x->hints[j].accept, y->hints[j].accept, "accept");
			same_conditions(x->hints[j].when, x->hints[j].n_when, y->hints[j].when, y->hints[j].n_when, "when");
			leave(hint_at);
		}
		same_rule(x->enum_rule, y->enum_rule, "enum_rule");
		same_str(x->description, y->description, "description");
		same_str(x->source, y->source, "source");
		same_str(x->example, y->example, "example");
		same_str(x->deprecated, y->deprecated, "deprecated");
		same_strings(x->value_docs, 2 * x->n_value_docs, y->value_docs, 2 * y->n_value_docs, "value_docs");
		leave(at_);
	}
}

static void same_constraints(const struct constraint *a, size_t na, const struct constraint *b, size_t nb)
{
	same_num((double)na, (double)nb, "n_constraints");
	for (size_t i = 0; i < na; i++) {
		size_t at_ = enter(".constraints[%zu]", i);
		same_rule(a[i].rule, b[i].rule, "rule");
		same_conditions(a[i].when, a[i].n_when, b[i].when, b[i].n_when, "when");
		same_num(a[i].kind, b[i].kind, "kind");
		same_str(a[i].target, b[i].target, "target");
		same_condition(&a[i].expect, &b[i].expect);
		same_str(a[i].other, b[i].other, "other");
		same_str(a[i].message, b[i].message, "message");
		same_str(a[i].help, b[i].help, "help");
		leave(at_);
	}
}

static void same_rule_map(const struct rule_map *a, const struct rule_map *b)
{
	same_rule(a->unknown_close, b->unknown_close, "unknown_close");
	same_rule(a->unknown_other, b->unknown_other, "unknown_other");
	same_rule(a->type, b->type, "type");
	same_rule(a->value, b->value, "value");
	same_rule(a->range, b->range, "range");
}

static void same_schema(const struct schema *a, const struct schema *b)
{
	size_t at_ = enter("schema %s", a->name);
	same_str(a->name, b->name, "name");
	same_params(a->keys, a->n_keys, b->keys, b->n_keys);
	for (size_t i = 0; i < a->n_keys; i++)
		same_str(a->sorted[i]->name, b->sorted[i]->name, "sorted");
	same_str(a->values_name, b->values_name, "values_name");
	same_schema_ref(a->values, b->values, "values");
	same_rule_map(&a->rules, &b->rules);
	same_num((double)a->n_foreign, (double)b->n_foreign, "n_foreign");
	for (size_t i = 0; i < a->n_foreign; i++) {
		same_strings(a->foreign[i].keys, a->foreign[i].n_keys, b->foreign[i].keys, b->foreign[i].n_keys, "foreign.keys");
		same_rule(a->foreign[i].rule, b->foreign[i].rule, "foreign.rule");
		same_str(a->foreign[i].message, b->foreign[i].message, "foreign.message");
	}
	same_constraints(a->constraints, a->n_constraints, b->constraints, b->n_constraints);
	same_num((double)a->n_checks, (double)b->n_checks, "n_checks");
	for (size_t i = 0; i < a->n_checks; i++) {
		const struct check_spec *x = &a->checks[i], *y = &b->checks[i];
		size_t check_at = enter(".checks[%zu]", i);
		same_num(x->check, y->check, "check");
		same_rule(x->rule, y->rule, "rule");
		same_num((double)x->n_merges, (double)y->n_merges, "n_merges");
		same_conditions(x->when, x->n_when, y->when, y->n_when, "when");
		for (size_t j = 0; j < x->n_merges; j++) {
			same_conditions(x->merges[j].when, x->merges[j].n_when, y->merges[j].when, y->merges[j].n_when, "merge.when");
			same_rule(x->merges[j].rule, y->merges[j].rule, "merge.rule");
		}
		leave(check_at);
	}
	leave(at_);
}

static void test_generated_tables_match_rules(void **state)
{
	(void)state;
	if (!rules_dir)
		skip();
	char err[512] = "";
	struct ruleset *a = ruleset_load_dir(rules_dir, err, sizeof err);
	if (!a)
		fail_msg("%s", err);
	struct ruleset *b = ruleset_default();
	where[0] = '\0';
	same_num((double)a->n_rules, (double)b->n_rules, "n_rules");
	for (size_t i = 0; i < a->n_rules; i++) {
		const struct rule *x = &a->rules[i], *y = &b->rules[i];
		size_t at_ = enter("rule %s", x->id);
		same_str(x->id, y->id, "id");
		same_str(x->name, y->name, "name");
		same_num(x->severity, y->severity, "severity");
		same_str(x->summary, y->summary, "summary");
		same_str(x->description, y->description, "description");
		same_str(x->message, y->message, "message");
		same_num((double)x->index, (double)y->index, "index");
		same_rule(a->rules_by_id[i], b->rules_by_id[i], "rules_by_id");
		leave(at_);
	}
	same_num((double)a->n_operations, (double)b->n_operations, "n_operations");
	for (size_t i = 0; i < a->n_operations; i++) {
		size_t at_ = enter("operation %s", a->operations[i].name);
		same_str(a->operations[i].name, b->operations[i].name, "name");
		same_params(a->operations[i].params, a->operations[i].n_params, b->operations[i].params,
		            b->operations[i].n_params);
		same_constraints(a->operations[i].constraints, a->operations[i].n_constraints,
		                 b->operations[i].constraints, b->operations[i].n_constraints);
		for (size_t k = 0; k < a->operations[i].n_params; k++)
			same_str(a->operations[i].sorted[k]->name, b->operations[i].sorted[k]->name, "sorted");
		leave(at_);
	}
	for (size_t k = 0; k < a->n_common; k++)
		same_str(a->common_sorted[k]->name, b->common_sorted[k]->name, "common_sorted");
	same_num((double)a->n_workflow, (double)b->n_workflow, "n_workflow");
	for (size_t i = 0; i < a->n_workflow; i++) {
		const struct workflow_check *x = &a->workflow[i], *y = &b->workflow[i];
		size_t at_ = enter("workflow[%zu]", i);
		same_num(x->check, y->check, "check");
		same_rule(x->rule, y->rule, "rule");
		same_num((double)x->n_params, (double)y->n_params, "n_params");
		for (size_t k = 0; k < x->n_params; k++) {
			same_str(x->params[k].operation, y->params[k].operation, "params.operation");
			same_str(x->params[k].param, y->params[k].param, "params.param");
		}
		same_num((double)x->n_operations, (double)y->n_operations, "n_operations");
		for (size_t k = 0; k < x->n_operations; k++)
			same_str(x->operations[k], y->operations[k], "operations");
		same_str(x->left.operation, y->left.operation, "left.operation");
		same_str(x->left.param, y->left.param, "left.param");
		same_str(x->right.operation, y->right.operation, "right.operation");
		same_str(x->right.param, y->right.param, "right.param");
		same_num((double)x->n_pairs, (double)y->n_pairs, "n_pairs");
		for (size_t k = 0; k < 2 * x->n_pairs; k++)
			same_str(x->pairs[k], y->pairs[k], "pairs");
		leave(at_);
	}
	same_num((double)a->terraform.n_resources, (double)b->terraform.n_resources, "terraform.n_resources");
	for (size_t i = 0; i < a->terraform.n_resources; i++) {
		const struct tfmap_resource *x = &a->terraform.resources[i], *y = &b->terraform.resources[i];
		size_t at_ = enter("terraform %s", x->type);
		same_str(x->type, y->type, "type");
		same_str(x->operation, y->operation, "operation");
		same_str(x->source, y->source, "source");
		same_num((double)x->n_implied, (double)y->n_implied, "n_implied");
		for (size_t k = 0; k < 2 * x->n_implied; k++)
			same_str(x->implied[k], y->implied[k], "implied");
		same_num((double)x->n_provided, (double)y->n_provided, "n_provided");
		for (size_t k = 0; k < x->n_provided; k++)
			same_str(x->provided[k], y->provided[k], "provided");
		same_num((double)x->n_attributes, (double)y->n_attributes, "n_attributes");
		for (size_t k = 0; k < x->n_attributes; k++) {
			const struct tfmap_attribute *p = &x->attributes[k], *q = &y->attributes[k];
			same_str(p->attribute, q->attribute, "attribute");
			same_str(p->param, q->param, "param");
			same_num((double)p->n_values, (double)q->n_values, "n_values");
			for (size_t v = 0; v < p->n_values; v++) {
				same_str(p->values[v].from, q->values[v].from, "values.from");
				same_str(p->values[v].to, q->values[v].to, "values.to");
			}
		}
		leave(at_);
	}
	strcpy(where, "common");
	same_params(a->common, a->n_common, b->common, b->n_common);
	where[0] = '\0';
	same_num((double)a->n_schemas, (double)b->n_schemas, "n_schemas");
	for (size_t i = 0; i < a->n_schemas; i++)
		same_schema(a->schemas[i], b->schemas[i]);
	strcpy(where, "ruleset");
	same_rule_map(&a->root_rules, &b->root_rules);
	for (size_t i = 0; i < BUILTIN_RULE_COUNT; i++)
		same_rule(a->builtin[i], b->builtin[i], "builtin");
	same_str(a->default_operation, b->default_operation, "default_operation");
	same_pattern(&a->secret_key, &b->secret_key);
	const struct pattern_literals *la = ruleset_secret_literals(a), *lb = ruleset_secret_literals(b);
	same_num((double)la->n, (double)lb->n, "secret_literals.n");
	for (size_t i = 0; i < la->n && i < lb->n; i++)
		same_str(la->lit[i], lb->lit[i], "secret_literals.lit");
	same_num(memcmp(la->first, lb->first, sizeof la->first), 0, "secret_literals.first");
	same_num((double)a->n_known_keys, (double)b->n_known_keys, "n_known_keys");
	for (size_t i = 0; i < a->n_known_keys; i++) {
		same_str(a->known_keys[i].name, b->known_keys[i].name, "known_keys.name");
		same_num(a->known_keys[i].secret, b->known_keys[i].secret, "known_keys.secret");
	}
	ruleset_free(a);
	ruleset_free(b);
}

/* A wrong-type message quotes a string value as written ("yes"), except
 * a secret's: no rule of rules/ has a secret of another type than
 * string, so the rules are made here. */
static void test_wrong_type_names_the_value(void **state)
{
	(void)state;
	make_base_rules(NULL);
	static const char op[] = "{\"operation\": \"Op\", \"parameters\": {\"Flag\": {\"type\": \"boolean\"},"
	                         " \"Pin\": {\"type\": \"integer\", \"secret\": true}}}";
	struct rules_file files[] = {
		{"a.json", base_rules, strlen(base_rules)},
		{"b.json", op, strlen(op)},
	};
	char err[512] = "";
	struct ruleset *rs = ruleset_load(files, 2, err, sizeof err);
	if (!rs)
		fail_msg("%s", err);
	/* base_rules' messages are "m": give the wrong-type rule one that shows {type} */
	struct rule *wrong_type = (struct rule *)ruleset_find_rule(rs, "DTS102");
	free(wrong_type->message);
	wrong_type->message = strdup("{param}: not {type}");
	struct engine *eng = engine_new(rs, err, sizeof err);
	assert_non_null(eng);
	static const char req[] = "{\"Flag\": \"yes\", \"Pin\": \"12ab\"}";
	struct source *src = source_new("r.json", req, strlen(req));
	struct diag_list diags;
	diag_list_init(&diags);
	engine_check(eng, src, NULL, &diags);
	assert_int_equal(diags.len, 2);
	assert_string_equal(diags.items[0].message, "Flag: not \"yes\"");
	assert_string_equal(diags.items[1].message, "Pin: not a string");
	diag_list_release(&diags);
	source_free(src);
	engine_free(eng);
	ruleset_free(rs);
}

int main(int argc, char **argv)
{
	rules_dir = argc > 1 ? argv[1] : NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_cases),
		cmocka_unit_test(test_default_rules),
		cmocka_unit_test(test_plugin_names),
		cmocka_unit_test(test_builtin_rules_required),
		cmocka_unit_test(test_builtin_tables),
		cmocka_unit_test(test_pattern_anchoring),
		cmocka_unit_test(test_secret_key_pattern),
		cmocka_unit_test(test_secret_literals),
		cmocka_unit_test(test_pattern_literals_reader),
		cmocka_unit_test(test_secret_literals_sound),
		cmocka_unit_test(test_generated_tables_match_rules),
		cmocka_unit_test(test_wrong_type_names_the_value),
	};
	return cmocka_run_group_tests_name("ruleset", tests, NULL, NULL);
}
