/*
 * Unit tests of what makes printed text safe: the strict UTF-8 decoder,
 * sanitize ('?' for what a terminal would obey), json_escape_add (JSON
 * that is valid UTF-8 and terminal-safe whatever the bytes) and the
 * layout of json_writer (json-c's, so reports did not change).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "json_writer.h"
#include "sanitize.h"
#include "strbuf.h"

static void test_utf8_decode(void **state)
{
	static const struct {
		const char *bytes;
		size_t avail, len;
		uint32_t cp;
	} cases[] = {
		{"a", 1, 1, 'a'},
		{"\xC3\xA9", 2, 2, 0xE9},
		{"\xE4\xB8\xAD", 3, 3, 0x4E2D},
		{"\xF0\x9F\x98\x80", 4, 4, 0x1F600},
		{"\xC2\x9B", 2, 2, 0x9B},        /* C1 CSI, well-formed */
		{"\x9B", 1, 0, 0},               /* a lone 8-bit CSI byte */
		{"\xC0\x9B", 2, 0, 0},           /* overlong */
		{"\xE0\x80\x9B", 3, 0, 0},       /* overlong, three bytes */
		{"\xED\xA0\x80", 3, 0, 0},       /* a surrogate */
		{"\xF4\x90\x80\x80", 4, 0, 0},   /* past U+10FFFF */
		{"\xE4\xB8", 2, 0, 0},           /* cut short */
		{"\xE4\xB8\xAD", 2, 0, 0},       /* cut short by avail */
		{"\xFF", 1, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		uint32_t cp = 0;
		size_t len = utf8_decode((const unsigned char *)cases[i].bytes, cases[i].avail, &cp);

		if (len != cases[i].len || (len && cp != cases[i].cp))
			fail_msg("case %zu: length %zu, U+%04X", i, len, (unsigned)cp);
	}
}

static void check_sanitized(const char *in, size_t len, bool lines, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	sanitize_add(&sb, in, len, lines);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_sanitize(void **state)
{
	(void)state;
	check_sanitized("plain text", 10, false, "plain text");
	check_sanitized("\x1b[31mred\x1b[0m", 12, false, "?[31mred?[0m");
	check_sanitized("\x1b]8;;http://x\x07link", 18, false, "?]8;;http://x?link");
	check_sanitized("a\x9b" "31m", 5, false, "a?31m");          /* 8-bit CSI */
	check_sanitized("a\xC2\x9b" "31m", 6, false, "a?31m");      /* C1 as UTF-8 */
	check_sanitized("\xE2\x80\xAEgnp.exe", 10, false, "?gnp.exe"); /* RLO */
	check_sanitized("\xE2\x81\xA6x", 4, false, "?x");           /* LRI */
	check_sanitized("\xE2\x80\xA8", 3, false, "?");             /* LINE SEPARATOR */
	check_sanitized("del\x7f", 4, false, "del?");
	check_sanitized("tab\tkept", 8, false, "tab\tkept");
	check_sanitized("two\nlines", 9, false, "two?lines");
	check_sanitized("two\nlines", 9, true, "two\nlines");
	check_sanitized("\xE4\xB8\xAD\xE6\x96\x87", 6, false, "\xE4\xB8\xAD\xE6\x96\x87");
	check_sanitized("\xFF\xFE", 2, false, "??");
	check_sanitized("a\0b", 3, false, "a?b");
}

static void check_escaped(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	json_escape_add(&sb, in);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_json_escape(void **state)
{
	(void)state;
	check_escaped("", "\"\"");
	check_escaped("a/b", "\"a/b\"");
	check_escaped("q\"b\\", "\"q\\\"b\\\\\"");
	check_escaped("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	check_escaped("\x01\x1b", "\"\\u0001\\u001b\"");
	check_escaped("\x7f", "\"\\u007f\"");
	check_escaped("\xC2\x9b", "\"\\u009b\"");
	check_escaped("\xE2\x80\xAE", "\"\\u202e\"");
	check_escaped("bad\xFF\x9b.json", "\"bad\\ufffd\\ufffd.json\"");
	check_escaped("\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	check_escaped("\xE4\xB8\xAD", "\"\xE4\xB8\xAD\"");
}

/* The layouts json-c printed before the emitters streamed. */
static void test_writer_layout(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	(void)state;
	for (int pretty = 0; pretty < 2; pretty++) {
		strbuf_reset(&sb);
		json_writer_init(&w, &sb, pretty);
		json_writer_object_begin(&w);
		json_writer_key(&w, "a");
		json_writer_array_begin(&w);
		json_writer_array_end(&w);
		json_writer_key(&w, "b");
		json_writer_object_begin(&w);
		json_writer_object_end(&w);
		json_writer_key(&w, "c");
		json_writer_array_begin(&w);
		json_writer_size(&w, 1);
		json_writer_string(&w, "x");
		json_writer_bool(&w, false);
		json_writer_array_end(&w);
		json_writer_kv_size(&w, "d", 42);
		json_writer_object_end(&w);
		assert_string_equal(sb.buf, pretty ?
			"{\n  \"a\": [\n  ],\n  \"b\": {\n  },\n  \"c\": [\n    1,\n    \"x\",\n"
			"    false\n  ],\n  \"d\": 42\n}" :
			"{\"a\":[],\"b\":{},\"c\":[1,\"x\",false],\"d\":42}");
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_writer_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
