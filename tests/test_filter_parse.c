/*
 * Unit tests of the DbList filter reader (src/engine/filter_parse.c):
 * which conditions it reads, where it stops and why, which qualified
 * names and bare years it lists, as offsets into the decoded text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "filter_parse.h"

static void test_readable(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"order>100",                                   /* the filter page's examples */
		"create_time>'2020-01-01'",
		"create_time>'2020-01-01 00:00:00'",
		"address in('hangzhou','shanghai')",
		"enabled = 1",
		"A=10",
		"id>10",
		"",                                            /* empty: DTS105's question */
		"  ",
		"WHERE id>10",                                 /* DTS310 reports the keyword */
		"id>10;",                                      /* DTS309 reports the ';' */
		"id IN (SELECT id FROM t)",                    /* DTS311 reports the sub-query */
		"EXISTS (SELECT 1 FROM t WHERE t.id = (1))",
		"city=\"Hangzhou\"",                           /* DTS312 reports the quotes */
		"a >= 1 AND b <= 2 OR NOT (c <> 3) AND d != 4",
		"name LIKE 'a%' ESCAPE '!' AND x NOT LIKE '_b'",
		"x BETWEEN 1 AND 10 AND y NOT BETWEEN -2.5 AND 3e2",
		"deleted_at IS NULL AND flag IS NOT TRUE",
		"k NOT IN (1, 2, 3) AND (a, b) IN ((1, 2))",
		"`order`.`id` > 1 AND [dbo].[t].[c] = 'x' AND \xe5\x90\x8d = 'y'",
		"price * 2 + 1 > 10 % 3",
		"d > DATE '2024-01-01' AND date = 1",
		"s = 'it''s' AND t = 'a\\'b'",
		"a = 1 || b = 2 && c = 3",
		"! (a = 1)",
		/* every keyword, in any case, and names that only start like one */
		"a = 1 XOR b = 2 or c = 3 Or d = 4",
		"flag IS UNKNOWN AND g is not false AND h IS Null",
		"t < TIMESTAMP '2024-01-01 00:00:00' AND u > time '10:00'",
		"andrew = 1 AND orders > 2 AND notes = 'x' AND island = 1 AND unknown = 2 AND timestamps = 3",
		"xo = 1 AND froms = 2 AND selected = 3 AND wherever = 4 AND escaped = 5 AND likes = 6",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct filter_parse *p = filter_parse_new(ok[i], strlen(ok[i]));
		if (!p->readable)
			print_error("not read: %s (at %zu: %s)\n", ok[i], p->error.start, p->error_message);
		assert_true(p->readable);
		filter_parse_free(p);
	}
}

static void test_stops(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t start, end;
		const char *message_part;
	} cases[] = {
		{"DATE(create_time) > '2024-01-01'", 0, 5, "function call"},
		{"a = lower(b)", 4, 10, "function call"},
		{"status = 'paid", 9, 14, "not closed"},
		{"(a > 1 or b < 2", 15, 15, "')'"},
		{"a >> 2", 3, 4, "column or a value"},
		{"a = 1 b = 2", 6, 7, "end of the condition"},
		{"a IS 5", 5, 6, "NULL"},
		{"a NOT 5", 2, 5, "IN, LIKE or BETWEEN"},
		{"a BETWEEN 1 OR 2", 12, 14, "AND"},
		{"a IN 1", 5, 6, "'('"},
		{"a IN (1, 2", 10, 10, "IN list"},
		{"t.* = 1", 2, 3, "'*'"},
		{"a = @x", 4, 5, "character"},
		{"a = 1 AND", 9, 9, "column or a value"},
		{"`a = 1", 0, 6, "not closed"},
		/* the reserved words, the first and the last of them, are no column */
		{"AND = 1", 0, 3, "column or a value"},
		{"xor = 1", 0, 3, "column or a value"},
		{"From = 1", 0, 4, "column or a value"},
		{"a IS UNKNOWNS", 5, 13, "NULL"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct filter_parse *p = filter_parse_new(cases[i].text, strlen(cases[i].text));
		if (p->readable || p->error.start != cases[i].start || p->error.end != cases[i].end ||
		    !strstr(p->error_message, cases[i].message_part))
			print_error("%s: readable %d, at [%zu, %zu): %s\n", cases[i].text, p->readable, p->error.start,
			            p->error.end, p->error_message ? p->error_message : "");
		assert_false(p->readable);
		assert_int_equal(p->error.start, cases[i].start);
		assert_int_equal(p->error.end, cases[i].end);
		assert_non_null(strstr(p->error_message, cases[i].message_part));
		filter_parse_free(p);
	}
}

static void test_deep_nesting_is_reported(void **state)
{
	(void)state;
	size_t n = 100000;
	char *text = malloc(2 * n + 2);
	memset(text, '(', n);
	text[n] = '1';
	memset(text + n + 1, ')', n);
	struct filter_parse *p = filter_parse_new(text, 2 * n + 1);
	assert_false(p->readable);
	assert_non_null(strstr(p->error_message, "nested too deeply"));
	filter_parse_free(p);
	memset(text, '-', n); /* unary minus, as deep */
	p = filter_parse_new(text, n + 1);
	assert_false(p->readable);
	filter_parse_free(p);
	memset(text, '!', n);
	p = filter_parse_new(text, n + 1);
	assert_false(p->readable);
	filter_parse_free(p);
	free(text);
}

static void test_qualified_names(void **state)
{
	(void)state;
	const char *text = "orders.id > 1 AND shop.`orders`.vip = 1 AND plain = 2";
	struct filter_parse *p = filter_parse_new(text, strlen(text));
	assert_true(p->readable);
	assert_int_equal(p->n_qualified, 2);
	const struct filter_column *c = &p->qualified[0];
	assert_int_equal(c->n_parts, 2);
	assert_int_equal(c->start, 0);
	assert_int_equal(c->end, 9);
	assert_memory_equal(text + c->part_start[1], "orders", 6);
	assert_memory_equal(text + c->part_start[0], "id", 2);
	c = &p->qualified[1];
	assert_int_equal(c->n_parts, 3);
	assert_int_equal(c->start, 18);
	assert_int_equal(c->end, 35);
	assert_int_equal(c->part_end[1] - c->part_start[1], 6); /* `orders` without its quotes */
	assert_memory_equal(text + c->part_start[1], "orders", 6);
	assert_memory_equal(text + c->part_start[2], "shop", 4);
	filter_parse_free(p);
}

static void test_bare_years(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t n;
		size_t first_start;
	} cases[] = {
		{"create_time>'2020'", 1, 12},
		{"'2020' <= create_time", 1, 0},
		{"t BETWEEN '2019' AND '2021-01-01'", 1, 10},
		{"create_time>'2020-01-01'", 0, 0},
		{"batch = '2020'", 0, 0},          /* equality: may be a text code */
		{"create_time > 2020", 0, 0},      /* a number: not what the page shows */
		{"create_time > '2020' || 'x'", 1, 14},
		{"create_time > '20201'", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct filter_parse *p = filter_parse_new(cases[i].text, strlen(cases[i].text));
		if (p->n_bare_years != cases[i].n)
			print_error("%s: %zu bare years\n", cases[i].text, p->n_bare_years);
		assert_int_equal(p->n_bare_years, cases[i].n);
		if (cases[i].n) {
			assert_int_equal(p->bare_years[0].start, cases[i].first_start);
			assert_int_equal(p->bare_years[0].end, cases[i].first_start + 6);
		}
		filter_parse_free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readable),
		cmocka_unit_test(test_stops),
		cmocka_unit_test(test_deep_nesting_is_reported),
		cmocka_unit_test(test_qualified_names),
		cmocka_unit_test(test_bare_years),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
