/*
 * engine_scope: what the checks of a map's entries read, as the language
 * server asks before it checks one entry of a DbList alone
 * (src/lsp/lsp_reuse.c).  Each named check's answer is written here
 * again, so that a check added without its row in engine_scope.c, or a
 * row changed, fails here and is looked at; then the built-in rules'
 * schemas, and made-up ones for what the rules do not hold today.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine_scope.h"
#include "ruleset.h"

/* What a map whose only check is check i answers. */
static const enum engine_entries expected_alone[] = {
	[BC_DISTINCT_NAMES] = ENGINE_ENTRIES_DEST_NAMES,
	[BC_SAME_NAMES] = ENGINE_ENTRIES_APART,
	[BC_FILTER_SYNTAX] = ENGINE_ENTRIES_TOGETHER, /* reads its instance's members: a map's entries */
	[BC_FILTER_CROSS_TABLE] = ENGINE_ENTRIES_TOGETHER,
	[BC_FILTER_BARE_YEAR] = ENGINE_ENTRIES_TOGETHER,
};
_Static_assert(sizeof expected_alone / sizeof *expected_alone == BUILTIN_CHECK_COUNT,
               "a named check without its expected scope");

static void test_each_check(void **state)
{
	(void)state;
	for (int i = 0; i < BUILTIN_CHECK_COUNT; i++) {
		struct check_spec spec = {.check = (enum builtin_check)i};
		struct schema map = {.name = "M", .values_name = "V", .checks = &spec, .n_checks = 1};
		if (engine_map_entries(&map) != expected_alone[i])
			fail_msg("'%s' on a map: %d, expected %d", builtin_check_names[i],
			         (int)engine_map_entries(&map), (int)expected_alone[i]);
		/* on a record, only a check of its own members stays above them */
		struct schema record = {.name = "R", .checks = &spec, .n_checks = 1};
		assert_int_equal(engine_record_reads_below(&record),
		                 expected_alone[i] != ENGINE_ENTRIES_TOGETHER);
	}
}

static void test_builtin_rules(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	assert_int_equal(engine_map_entries(ruleset_find_schema(rs, "DbList")), ENGINE_ENTRIES_DEST_NAMES);
	assert_int_equal(engine_map_entries(ruleset_find_schema(rs, "Tables")), ENGINE_ENTRIES_DEST_NAMES);
	assert_int_equal(engine_map_entries(ruleset_find_schema(rs, "Columns")), ENGINE_ENTRIES_APART);
	assert_int_equal(engine_map_entries(ruleset_find_schema(rs, "SubscriptionDbList")), ENGINE_ENTRIES_APART);
	assert_false(engine_record_reads_below(ruleset_find_schema(rs, "Database")));
	assert_false(engine_record_reads_below(ruleset_find_schema(rs, "Table")));
	assert_false(engine_reads_below(rs, "DbList"));
	/* conditions read /Reserve/dataCheckConfigure, /DataCheckConfigure/fullDataCheck */
	assert_true(engine_reads_below(rs, "Reserve"));
	assert_true(engine_reads_below(rs, "DataCheckConfigure"));
	assert_false(engine_reads_below(rs, "DtsJobName"));
}

static void test_made_up_schemas(void **state)
{
	(void)state;
	/* a constraint on a map names its entries and reads their values */
	struct constraint k = {.kind = CK_REQUIRE, .target = "orders"};
	struct schema map = {.name = "M", .values_name = "V", .constraints = &k, .n_constraints = 1};
	assert_int_equal(engine_map_entries(&map), ENGINE_ENTRIES_TOGETHER);
	/* a check run when an entry holds something */
	struct condition when = {.target = "orders", .op = COND_PRESENT};
	struct check_spec spec = {.check = BC_SAME_NAMES, .when = &when, .n_when = 1};
	struct schema map2 = {.name = "M", .values_name = "V", .checks = &spec, .n_checks = 1};
	assert_int_equal(engine_map_entries(&map2), ENGINE_ENTRIES_TOGETHER);
	when.target = "/DestinationEndpointEngineName"; /* the request's: not an entry's */
	assert_int_equal(engine_map_entries(&map2), ENGINE_ENTRIES_APART);
	/* a record's condition on a member's member reads below it */
	struct condition deep = {.target = "Table/orders", .op = COND_PRESENT};
	struct constraint k2 = {.kind = CK_FORBID, .target = "all", .when = &deep, .n_when = 1};
	struct schema record = {.name = "R", .constraints = &k2, .n_constraints = 1};
	assert_true(engine_record_reads_below(&record));
	deep.target = "Table";
	assert_false(engine_record_reads_below(&record));
}

static void test_read_names(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	struct engine_read_names *names = engine_read_names_new(rs);
	/* conditions name the endpoints' engines; the C code reads DbList */
	assert_true(engine_read_names_has(names, "SourceEndpointEngineName"));
	assert_true(engine_read_names_has(names, "DbList"));
	/* a pointer's segments: /Reserve/dataCheckConfigure */
	assert_true(engine_read_names_has(names, "dataCheckConfigure"));
	/* the job's name is its own member's business */
	assert_false(engine_read_names_has(names, "DtsJobName"));
	engine_read_names_free(names);

	struct condition when = {.target = "/Reserve/destTopic", .op = COND_PRESENT};
	struct format f = {.when = &when, .n_when = 1};
	struct param p = {.name = "P", .formats = &f, .n_formats = 1};
	assert_true(engine_param_reads(&p, "Reserve"));
	assert_true(engine_param_reads(&p, "destTopic"));
	assert_false(engine_param_reads(&p, "DtsJobName"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_check),
		cmocka_unit_test(test_builtin_rules),
		cmocka_unit_test(test_made_up_schemas),
		cmocka_unit_test(test_read_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
