/*
 * Unit tests of strbuf: the empty state, appends of every kind, growth
 * across many doublings, formatted appends longer than the first guess,
 * embedded NULs, detach and release leaving a usable empty strbuf.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static void test_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_init(&sb, 100);
	assert_true(sb.alloc >= 101);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_int_equal(sb.alloc, 0);
}

static void test_appends(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "ab");
	strbuf_addch(&sb, 'c');
	strbuf_add(&sb, "dexyz", 2);
	strbuf_add(&sb, NULL, 0);
	strbuf_addf(&sb, "-%d-%s", 42, "f");
	assert_string_equal(sb.buf, "abcde-42-f");
	assert_int_equal(sb.len, 10);
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "again");
	assert_string_equal(sb.buf, "again");
	strbuf_release(&sb);
}

static void test_embedded_nul(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_add(&sb, "a\0b", 3);
	strbuf_addch(&sb, '\0');
	assert_int_equal(sb.len, 4);
	assert_memory_equal(sb.buf, "a\0b\0", 5);
	strbuf_release(&sb);
}

static void test_growth(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, 'a' + i % 26);
	assert_int_equal(sb.len, 100000);
	assert_true(sb.alloc > sb.len);
	assert_int_equal(sb.buf[sb.len], '\0');
	for (int i = 0; i < 100000; i++)
		if (sb.buf[i] != 'a' + i % 26)
			fail_msg("byte %d is %c", i, sb.buf[i]);
	strbuf_release(&sb);
}

/* A formatted append longer than the room left takes the second pass. */
static void test_addf_long(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char big[5000];

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	strbuf_addstr(&sb, "<");
	strbuf_addf(&sb, "%s|%s", big, big);
	strbuf_addf(&sb, "%s", "");
	strbuf_addch(&sb, '>');
	assert_int_equal(sb.len, 1 + 4999 + 1 + 4999 + 1);
	assert_int_equal(sb.buf[0], '<');
	assert_int_equal(sb.buf[5000], '|');
	assert_int_equal(sb.buf[sb.len - 1], '>');
	assert_int_equal(sb.buf[sb.len], '\0');
	strbuf_release(&sb);
}

static void test_detach(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *s;

	(void)state;
	/* Detaching an empty strbuf still gives memory to free(). */
	s = strbuf_detach(&sb, &len);
	assert_int_equal(len, 0);
	assert_string_equal(s, "");
	free(s);
	strbuf_addf(&sb, "%05d", 7);
	s = strbuf_detach(&sb, NULL);
	assert_string_equal(s, "00007");
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "reuse");
	assert_string_equal(sb.buf, "reuse");
	free(s);
	strbuf_release(&sb);
}

static void test_grow_keeps_contents(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "keep");
	strbuf_grow(&sb, 1 << 20);
	assert_true(sb.alloc >= sb.len + (1 << 20) + 1);
	assert_string_equal(sb.buf, "keep");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_addf_long),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_grow_keeps_contents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
