/*
 * Unit tests of pyliteral: what str(dict) prints becomes the JSON it
 * means, and what JSON has no form for is refused, never guessed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pyliteral.h"

static void converts(const char *py, const char *json)
{
	size_t len;
	char *out = pyliteral_to_json(py, strlen(py), &len);
	assert_non_null(out);
	assert_string_equal(out, json);
	assert_int_equal(len, strlen(json));
	free(out);
}

static void refuses(const char *py)
{
	size_t len;
	char *out = pyliteral_to_json(py, strlen(py), &len);
	if (out)
		fail_msg("'%s' became '%s'", py, out);
}

static void test_converts(void **state)
{
	(void)state;
	converts("{'orders': {'name': 'orders', 'all': True}}",
	         "{\"orders\": {\"name\": \"orders\", \"all\": true}}");
	converts("{'a': None, 'b': False, 'c': [1, -2.5e3]}", "{\"a\": null, \"b\": false, \"c\": [1, -2.5e3]}");
	/* repr() quotes with " when the text has a ', and escapes the other */
	converts("{'q': \"it's\", 'r': 'say \\'hi\\' \"x\"'}",
	         "{\"q\": \"it's\", \"r\": \"say 'hi' \\\"x\\\"\"}");
	converts("{'p': 'a\\\\b\\n\\t\\x01\\u00e9'}", "{\"p\": \"a\\\\b\\n\\t\\u0001\\u00e9\"}");
	converts("{'订单': '库'}", "{\"订单\": \"库\"}");
	converts("['x', 'y']", "[\"x\", \"y\"]");
	converts("{'Truex': 1}", "{\"Truex\": 1}");
}

static void test_refuses(void **state)
{
	(void)state;
	refuses("{'a': 1,}");          /* a trailing comma */
	refuses("{'a': (1, 2)}");      /* a tuple */
	refuses("{'a': Truex}");       /* not a word it knows */
	refuses("{'a': '\\U0001F600'}");
	refuses("{'a': 'open}");       /* unterminated */
	refuses("'just a string'");    /* not an object or array */
	refuses("{'a': b'x'}");        /* bytes */
	refuses("");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_converts),
		cmocka_unit_test(test_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
