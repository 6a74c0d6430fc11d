/*
 * Unit tests for jsonpos: spans of keys and values, through escapes,
 * surrogate pairs, CJK text and one-line files, inside nested JSON
 * strings too; syntax errors at the exact offending character; the
 * lenient lexer that finds secrets in text that does not parse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonpos.h"
#include "source.h"

struct span_case {
	const char *json;
	const char *path;     /* keys joined by '/', walked with jnode_get and nested views */
	const char *value;    /* the exact source text the value span must cover */
	const char *key;      /* the exact source text of the key span, or NULL */
	size_t line, column;  /* 1-based, code points */
};

static const struct span_case span_cases[] = {
	{"{\"a\": 1}", "a", "1", "\"a\"", 1, 7},
	{"{\n  \"DbList\": {\"db\": {\"all\": true}}\n}", "DbList/db/all", "true", "\"all\"", 2, 28},
	/* CJK: columns count code points, not bytes */
	{"{\"名前\": \"订单库\", \"x\": 2}", "x", "2", "\"x\"", 1, 20},
	/* escapes inside a plain string do not move later spans */
	{"{\"a\": \"q\\\"\\\\\\u00e9\", \"b\": false}", "b", "false", "\"b\"", 1, 27},
	/* surrogate pair before the value */
	{"{\"e\": \"\\ud83d\\udce6\", \"b\": null}", "b", "null", "\"b\"", 1, 28},
	/* nested: DbList as a JSON string, the inner value maps back through \" */
	{"{\"DbList\": \"{\\\"db\\\":{\\\"all\\\":true}}\"}", "DbList/db/all", "true", "\\\"all\\\"", 1, 30},
	/* nested with a \u escape and CJK before the target */
	{"{\"DbList\": \"{\\\"caf\\u00e9\\\":1,\\\"订单\\\":{\\\"name\\\":\\\"x\\\"}}\"}", "DbList/订单/name",
	 "\\\"x\\\"", "\\\"name\\\"", 1, 47},
	/* one-line minified file, value far to the right */
	{"{\"a\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"z\":[1,2]}", "z",
	 "[1,2]", "\"z\"", 1, 80},
};

static const struct jnode *walk(struct jdoc *doc, const char *bytes, const struct jnode *root,
                                const char *path)
{
	char buf[256];
	strncpy(buf, path, sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	const struct jnode *cur = root;
	for (char *tok = strtok(buf, "/"); tok; tok = strtok(NULL, "/")) {
		if (jnode_type(cur) == JT_STRING) {
			struct jerror err;
			cur = jsonpos_parse_nested(doc, bytes, (struct jnode *)cur, &err);
			assert_non_null(cur);
		}
		cur = jnode_get(cur, tok);
		assert_non_null(cur);
	}
	return cur;
}

static void test_spans(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof span_cases / sizeof span_cases[0]; i++) {
		const struct span_case *c = &span_cases[i];
		struct jdoc *doc = jdoc_new();
		struct jerror err;
		struct jnode *root = jsonpos_parse(doc, c->json, strlen(c->json), &err);
		assert_non_null(root);
		const struct jnode *n = walk(doc, c->json, root, c->path);
		size_t len = jnode_span(n).end - jnode_span(n).start;
		assert_int_equal(len, strlen(c->value));
		assert_memory_equal(c->json + jnode_span(n).start, c->value, len);
		if (c->key) {
			size_t klen = jnode_key_span(n).end - jnode_key_span(n).start;
			assert_int_equal(klen, strlen(c->key));
			assert_memory_equal(c->json + jnode_key_span(n).start, c->key, klen);
		}
		struct source *src = source_new("t", c->json, strlen(c->json));
		struct position p = source_position(src, jnode_span(n).start);
		assert_int_equal(p.line, c->line);
		assert_int_equal(p.column, c->column);
		source_free(src);
		jdoc_free(doc);
	}
}

struct error_case {
	const char *json;
	size_t offset;        /* where the error span starts */
	const char *message;  /* a fragment of the message */
};

static const struct error_case error_cases[] = {
	{"", 0, "empty"},
	{"  \n ", 4, "white space"},
	{"{\"a\": 1,}", 8, "trailing comma"},
	{"{\"a\": 1 \"b\": 2}", 8, "missing ','"},
	{"{'a': 1}", 1, "double quotes"},
	{"{\"a\": True}", 6, "Python"},
	{"{\"a\": 01}", 6, "leading zeros"},
	{"{\"a\": \"x\\qy\"}", 8, "invalid escape"},
	{"{\"a\": \"\\ud800\"}", 7, "lone high surrogate"},
	{"{\"a\": \"\\udc00\"}", 7, "lone low surrogate"},
	{"{\"a\": \"line\nbreak\"}", 11, "line break"},
	{"{\"a\": [1, 2}", 11, "expected ',' or ']'"},
	{"{\"a\": 1", 0, "unterminated object"},
	{"{\"a\": 1} x", 9, "after the end"},
	{"{\"a\" 1}", 5, "expected ':'"},
	{"{\"a\": 1e}", 8, "exponent"},
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
		const struct error_case *c = &error_cases[i];
		struct jdoc *doc = jdoc_new();
		struct jerror err;
		struct jnode *root = jsonpos_parse(doc, c->json, strlen(c->json), &err);
		assert_null(root);
		assert_true(err.failed);
		if (err.span.start != c->offset || !strstr(err.message, c->message))
			fail_msg("case %zu (%s): got offset %zu, message '%s'", i, c->json, err.span.start,
			         err.message);
		jdoc_free(doc);
	}
}

static void test_nested_error_position(void **state)
{
	(void)state;
	/* trailing comma inside the string, after an escaped \u00e9 */
	const char *json = "{\"DbList\": \"{\\\"caf\\u00e9\\\":1,}\"}";
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, json, strlen(json), &err);
	assert_non_null(root);
	struct jnode *s = jnode_get(root, "DbList");
	assert_null(jsonpos_parse_nested(doc, json, s, &err));
	assert_true(strstr(err.message, "trailing comma") != NULL);
	assert_int_equal(json[err.span.start], '}');
	assert_int_equal(err.span.start, strlen(json) - 3);
	jdoc_free(doc);
}

static void test_depth_limit(void **state)
{
	(void)state;
	size_t n = 100000;
	char *deep = malloc(2 * n + 1);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	assert_null(jsonpos_parse(doc, deep, 2 * n, &err));
	assert_true(strstr(err.message, "nesting") != NULL);
	assert_int_equal(err.span.start, JSONPOS_MAX_DEPTH);
	jdoc_free(doc);
	free(deep);
}

static void test_duplicates_and_pointers(void **state)
{
	(void)state;
	/* more than 16 members takes the sorting path */
	const char *json = "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,"
	                   "\"j\":10,\"k\":11,\"l\":12,\"m\":13,\"n\":14,\"o\":15,\"p\":16,\"q\":17,\"c\":18,"
	                   "\"x/y~z\":{\"w\":[0,{\"v\":1}]}}";
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, json, strlen(json), &err);
	assert_non_null(root);
	int dups = 0;
	for (struct jnode *c = jnode_first(root); c; c = jnode_next(c))
		if (jnode_is_duplicate(c)) {
			dups++;
			assert_string_equal(jnode_key(c), "c");
			assert_string_equal(jnode_text(jnode_duplicate_of(c)), "3");
		}
	assert_int_equal(dups, 1);
	assert_string_equal(jnode_text(jnode_get(root, "c")), "3");
	const struct jnode *w = jnode_get(jnode_get(root, "x/y~z"), "w");
	char *p = jnode_pointer(jnode_first(jnode_last(w)));
	assert_string_equal(p, "/x~1y~0z/w/1/v");
	free(p);
	p = jnode_child_pointer(root, "SourceEndpointIP");
	assert_string_equal(p, "/SourceEndpointIP");
	free(p);
	jdoc_free(doc);
}

static void test_nested_pointer(void **state)
{
	(void)state;
	const char *json = "{\"DbList\": \"{\\\"shop\\\":{\\\"Table\\\":{\\\"orders\\\":{\\\"name\\\":\\\"o\\\"}}}}\"}";
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, json, strlen(json), &err);
	const struct jnode *name = walk(doc, json, root, "DbList/shop/Table/orders/name");
	char *p = jnode_pointer(name);
	assert_string_equal(p, "/DbList/shop/Table/orders/name");
	free(p);
	struct jspan content = jnode_content_span(name);
	assert_int_equal(content.end - content.start, 1);
	assert_int_equal(json[content.start], 'o');
	jdoc_free(doc);
}

/* A key's content span (what a rename replaces) in the file's bytes: in
 * the file, one string down (through \"), two strings down (through
 * \\\"), and with a \u escape inside the key. */
static void test_key_content_span(void **state)
{
	(void)state;
	static const struct { const char *json, *path, *content; } cases[] = {
		{"{\"tabels\": 1}", "tabels", "tabels"},
		{"{\"DbList\": \"{\\\"shop\\\":{\\\"tabels\\\":{}}}\"}", "DbList/shop/tabels", "tabels"},
		{"{\"R\": \"{\\\"d\\\":\\\"{\\\\\\\"nmae\\\\\\\":1}\\\"}\"}", "R/d/nmae", "nmae"},
		{"{\"DbList\": \"{\\\"caf\\u00e9\\\":1}\"}", "DbList/café", "caf\\u00e9"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct jdoc *doc = jdoc_new();
		struct jerror err;
		struct jnode *root = jsonpos_parse(doc, cases[i].json, strlen(cases[i].json), &err);
		assert_non_null(root);
		const struct jnode *n = walk(doc, cases[i].json, root, cases[i].path);
		struct jspan span = jnode_key_content_span(n);
		assert_int_equal(span.end - span.start, strlen(cases[i].content));
		assert_memory_equal(cases[i].json + span.start, cases[i].content, strlen(cases[i].content));
		jdoc_free(doc);
	}
}

/* Memory is bounded whatever the shape: past the value limit the parse
 * stops with a positioned error (the limit lowered here to 10). */
static void test_value_limit(void **state)
{
	(void)state;
	static const char text[] = "{\"x\": [0,1,2,3,4,5,6,7,8,9,10]}";
	struct jdoc *doc = jdoc_new();
	jdoc_limit_values(doc, 10);
	struct jerror err;
	assert_null(jsonpos_parse(doc, text, strlen(text), &err));
	assert_true(err.failed);
	assert_int_equal(err.span.start, 23); /* the 11th value (object, array, 0..7, then "8") */
	assert_non_null(strstr(err.message, "more than"));
	jdoc_free(doc);
}

/* ---- the lexer: a key is secret when it holds "pw" (or cannot be
 * decoded); what it reports is collected as "secret|secret|...", and the
 * texts it hands back for lexing again as "<text>". */
struct lexed_log {
	const char *input;
	char out[512];
};

static bool pw_key(void *ctx, const char *key, size_t len)
{
	(void)ctx;
	if (!key)
		return true;
	for (size_t i = 0; i + 1 < len; i++)
		if (key[i] == 'p' && key[i + 1] == 'w')
			return true;
	return false;
}

static void log_value(void *ctx, const struct jsonpos_lexed *v)
{
	struct lexed_log *log = ctx;
	size_t n = strlen(log->out);
	if (v->secret)
		snprintf(log->out + n, sizeof log->out - n, "%s%.*s", n ? "|" : "",
		         (int)(v->content.end - v->content.start), log->input + v->content.start);
	else if (v->text)
		snprintf(log->out + n, sizeof log->out - n, "%s<%.*s>", n ? "|" : "", (int)v->len, v->text);
}

static void test_lex_values(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"{\"pw\": \"abc\", \"x\": \"y\",}", "abc"},
		{"{'pw': 'abc'}", "'abc'|abc"}, /* pass 1 reads 'abc' unquoted, pass 2 quoted */
		{"{\"pw\": abc def, \"x\": 1", "abc def"},
		{"{\"pw\": /* c */ \"abc\"}", "/* c */|abc"},
		{"{\"x\": // \"pw\": \"abc\"\n 1}", "<// \"pw\": \"abc\">"},
		{"{\"pw\": [\"a\", {\"b\": 1}], \"x\": \"y\"", "[\"a\", {\"b\": 1}]"},
		{"{\"pw\": {\"a\": [1, 2]", "{\"a\": [1, 2]"}, /* never closed: to the end */
		{"{\"p\\u0077\": \"abc\"}", "abc"},
		{"{\"p\\q\": \"abc\"}", "abc"}, /* a key that does not decode */
		{"{pw: \"abc\"}", "abc"},
		{"{\"pw\": \"abc\n\"x\": 1}", "abc"}, /* unterminated: to the end of the line */
		{"{\"x\": \"{\\\"pw\\\": 1}\"}", "<{\"pw\": 1}>"},
		{"{\"x\": \"plain\", \"y\": 2}", ""},
		{"[\"{\\\"pw\\\": 1}\",]", "<{\"pw\": 1}>"}, /* an array element holding JSON */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lexed_log log = {.input = cases[i].text};
		jsonpos_lex_values(cases[i].text, strlen(cases[i].text), NULL, pw_key, log_value, &log);
		if (strcmp(log.out, cases[i].want))
			fail_msg("case %zu (%s): got '%s', want '%s'", i, cases[i].text, log.out, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_limit),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nested_error_position),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_duplicates_and_pointers),
		cmocka_unit_test(test_nested_pointer),
		cmocka_unit_test(test_lex_values),
		cmocka_unit_test(test_key_content_span),
	};
	return cmocka_run_group_tests_name("jsonpos", tests, NULL, NULL);
}
