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
#include "jsonpos_decode.h"
#include "source.h"
#include "strbuf.h"

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
	{"{\"a\": 1,}", 7, "trailing comma"},
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
	assert_int_equal(json[err.span.start], ',');
	assert_int_equal(err.span.start, strlen(json) - 4);
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
	char *p = jnode_pointer(doc, jnode_first(jnode_last(w)));
	assert_string_equal(p, "/x~1y~0z/w/1/v");
	free(p);
	p = jnode_child_pointer(doc, root, "SourceEndpointIP");
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
	char *p = jnode_pointer(doc, name);
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

/* The two readers of a string holding JSON must build the same tree.
 * Each case is {"DbList": "<JSON as a string>"}, written with and without
 * \u escapes and with \/ for slashes. */
static const char *const nested_cases[] = {
	"{\"DbList\": \"{\\\"shop\\\": {\\\"name\\\": \\\"shop\\\", \\\"all\\\": false, \\\"Table\\\": {\\\"o\\\": {\\\"name\\\": \\\"o_v2\\\", \\\"filter\\\": \\\"a > 1 and s = 'paid'\\\"}}}}\"}",
	"{\"DbList\": \"{\\\"shop\\\": {\\\"name\\\": \\\"shop\\\", \\\"all\\\": false, \\\"Table\\\": {\\\"o\\\": {\\\"name\\\": \\\"o_v2\\\", \\\"filter\\\": \\\"a > 1 and s = 'paid'\\\"}}}}\"}",
	"{\"DbList\": \"{\\\"shop\\\": {\\\"name\\\": \\\"shop\\\", \\\"all\\\": false, \\\"Table\\\": {\\\"o\\\": {\\\"name\\\": \\\"o_v2\\\", \\\"filter\\\": \\\"a > 1 and s = 'paid'\\\"}}}}\"}",
	"{\"DbList\": \"{\\n  \\\"shop\\\": {\\n    \\\"Table\\\": {\\n      \\\"o\\\": {\\n        \\\"name\\\": \\\"o\\\"\\n      },\\n      \\\"p\\\": [\\n        1,\\n        2,\\n        {\\n          \\\"x\\\": null\\n        }\\n      ]\\n    }\\n  }\\n}\"}",
	"{\"DbList\": \"{\\n  \\\"shop\\\": {\\n    \\\"Table\\\": {\\n      \\\"o\\\": {\\n        \\\"name\\\": \\\"o\\\"\\n      },\\n      \\\"p\\\": [\\n        1,\\n        2,\\n        {\\n          \\\"x\\\": null\\n        }\\n      ]\\n    }\\n  }\\n}\"}",
	"{\"DbList\": \"{\\n  \\\"shop\\\": {\\n    \\\"Table\\\": {\\n      \\\"o\\\": {\\n        \\\"name\\\": \\\"o\\\"\\n      },\\n      \\\"p\\\": [\\n        1,\\n        2,\\n        {\\n          \\\"x\\\": null\\n        }\\n      ]\\n    }\\n  }\\n}\"}",
	"{\"DbList\": \"{\\n\\t\\\"a\\\": [\\n\\t\\t1,\\n\\t\\t2\\n\\t],\\n\\t\\\"b\\\": {\\n\\t\\t\\\"c\\\": \\\"d\\\"\\n\\t}\\n}\"}",
	"{\"DbList\": \"{\\n\\t\\\"a\\\": [\\n\\t\\t1,\\n\\t\\t2\\n\\t],\\n\\t\\\"b\\\": {\\n\\t\\t\\\"c\\\": \\\"d\\\"\\n\\t}\\n}\"}",
	"{\"DbList\": \"{\\n\\t\\\"a\\\": [\\n\\t\\t1,\\n\\t\\t2\\n\\t],\\n\\t\\\"b\\\": {\\n\\t\\t\\\"c\\\": \\\"d\\\"\\n\\t}\\n}\"}",
	"{\"DbList\": \"{\\\"q\\\": \\\"say \\\\\\\"hi\\\\\\\"\\\", \\\"b\\\": \\\"back\\\\\\\\slash\\\", \\\"n\\\": \\\"line\\\\nbreak\\\", \\\"t\\\": \\\"tab\\\\t\\\", \\\"u\\\": \\\"\303\251\344\270\255\360\237\230\200\\\", \\\"s\\\": \\\"a/b\\\", \\\"z\\\": \\\"nul\\\\u0000x\\\"}\"}",
	"{\"DbList\": \"{\\\"q\\\": \\\"say \\\\\\\"hi\\\\\\\"\\\", \\\"b\\\": \\\"back\\\\\\\\slash\\\", \\\"n\\\": \\\"line\\\\nbreak\\\", \\\"t\\\": \\\"tab\\\\t\\\", \\\"u\\\": \\\"\\u00e9\\u4e2d\\ud83d\\ude00\\\", \\\"s\\\": \\\"a/b\\\", \\\"z\\\": \\\"nul\\\\u0000x\\\"}\"}",
	"{\"DbList\": \"{\\\"q\\\": \\\"say \\\\\\\"hi\\\\\\\"\\\", \\\"b\\\": \\\"back\\\\\\\\slash\\\", \\\"n\\\": \\\"line\\\\nbreak\\\", \\\"t\\\": \\\"tab\\\\t\\\", \\\"u\\\": \\\"\\u00e9\\u4e2d\\ud83d\\ude00\\\", \\\"s\\\": \\\"a\\/b\\\", \\\"z\\\": \\\"nul\\\\u0000x\\\"}\"}",
	"{\"DbList\": \"{\\\"q\\\": \\\"say \\\\\\\"hi\\\\\\\"\\\", \\\"u\\\": \\\"\\\\u00e9\\\\u4e2d\\\\ud83d\\\\ude00\\\", \\\"k\\\\u00e9y\\\": \\\"v\\\"}\"}",
	"{\"DbList\": \"{\\\"q\\\": \\\"say \\\\\\\"hi\\\\\\\"\\\", \\\"u\\\": \\\"\\\\u00e9\\\\u4e2d\\\\ud83d\\\\ude00\\\", \\\"k\\\\u00e9y\\\": \\\"v\\\"}\"}",
	"{\"DbList\": \"{\\\"q\\\": \\\"say \\\\\\\"hi\\\\\\\"\\\", \\\"u\\\": \\\"\\\\u00e9\\\\u4e2d\\\\ud83d\\\\ude00\\\", \\\"k\\\\u00e9y\\\": \\\"v\\\"}\"}",
	"{\"DbList\": \"[1, -2500.0, 0, true, null, false, [], {}, \\\"\\\", {\\\"\\\": 1}]\"}",
	"{\"DbList\": \"[1, -2500.0, 0, true, null, false, [], {}, \\\"\\\", {\\\"\\\": 1}]\"}",
	"{\"DbList\": \"[1, -2500.0, 0, true, null, false, [], {}, \\\"\\\", {\\\"\\\": 1}]\"}",
	"{\"DbList\": \"{\\\"a\\\":1,\\\"b\\\":2,\\\"a\\\":3}\"}",
	"{\"DbList\": \"{\\\"a\\\":1,\\\"b\\\":2,\\\"a\\\":3}\"}",
	"{\"DbList\": \"{\\\"a\\\":1,\\\"b\\\":2,\\\"a\\\":3}\"}",
	"{\"DbList\": \"{\\\"R\\\": \\\"{\\\\\\\"x\\\\\\\": 1, \\\\\\\"y\\\\\\\": \\\\\\\"\\\\\\\\u00e9\\\\\\\"}\\\"}\"}",
	"{\"DbList\": \"{\\\"R\\\": \\\"{\\\\\\\"x\\\\\\\": 1, \\\\\\\"y\\\\\\\": \\\\\\\"\\\\\\\\u00e9\\\\\\\"}\\\"}\"}",
	"{\"DbList\": \"{\\\"R\\\": \\\"{\\\\\\\"x\\\\\\\": 1, \\\\\\\"y\\\\\\\": \\\\\\\"\\\\\\\\u00e9\\\\\\\"}\\\"}\"}",
	"{\"DbList\": \"{}\"}",
	"{\"DbList\": \"{}\"}",
	"{\"DbList\": \"{}\"}",
	"{\"DbList\": \"{\\\"k0\\\":0,\\\"k1\\\":1,\\\"k2\\\":2,\\\"k3\\\":3,\\\"k4\\\":4,\\\"k5\\\":5,\\\"k6\\\":6,\\\"k7\\\":7,\\\"k8\\\":8,\\\"k9\\\":9,\\\"k10\\\":10,\\\"k11\\\":11,\\\"k12\\\":12,\\\"k13\\\":13,\\\"k14\\\":14,\\\"k15\\\":15,\\\"k16\\\":16,\\\"k17\\\":17,\\\"k18\\\":18,\\\"k19\\\":19,\\\"k0\\\":20,\\\"k1\\\":21,\\\"k2\\\":22,\\\"k3\\\":23,\\\"k4\\\":24,\\\"k5\\\":25,\\\"k6\\\":26,\\\"k7\\\":27,\\\"k8\\\":28,\\\"k9\\\":29,\\\"k10\\\":30,\\\"k11\\\":31,\\\"k12\\\":32,\\\"k13\\\":33,\\\"k14\\\":34,\\\"k15\\\":35,\\\"k16\\\":36,\\\"k17\\\":37,\\\"k18\\\":38,\\\"k19\\\":39}\"}",
	"{\"DbList\": \"{\\\"k0\\\":0,\\\"k1\\\":1,\\\"k2\\\":2,\\\"k3\\\":3,\\\"k4\\\":4,\\\"k5\\\":5,\\\"k6\\\":6,\\\"k7\\\":7,\\\"k8\\\":8,\\\"k9\\\":9,\\\"k10\\\":10,\\\"k11\\\":11,\\\"k12\\\":12,\\\"k13\\\":13,\\\"k14\\\":14,\\\"k15\\\":15,\\\"k16\\\":16,\\\"k17\\\":17,\\\"k18\\\":18,\\\"k19\\\":19,\\\"k0\\\":20,\\\"k1\\\":21,\\\"k2\\\":22,\\\"k3\\\":23,\\\"k4\\\":24,\\\"k5\\\":25,\\\"k6\\\":26,\\\"k7\\\":27,\\\"k8\\\":28,\\\"k9\\\":29,\\\"k10\\\":30,\\\"k11\\\":31,\\\"k12\\\":32,\\\"k13\\\":33,\\\"k14\\\":34,\\\"k15\\\":35,\\\"k16\\\":36,\\\"k17\\\":37,\\\"k18\\\":38,\\\"k19\\\":39}\"}",
	"{\"DbList\": \"{\\\"k0\\\":0,\\\"k1\\\":1,\\\"k2\\\":2,\\\"k3\\\":3,\\\"k4\\\":4,\\\"k5\\\":5,\\\"k6\\\":6,\\\"k7\\\":7,\\\"k8\\\":8,\\\"k9\\\":9,\\\"k10\\\":10,\\\"k11\\\":11,\\\"k12\\\":12,\\\"k13\\\":13,\\\"k14\\\":14,\\\"k15\\\":15,\\\"k16\\\":16,\\\"k17\\\":17,\\\"k18\\\":18,\\\"k19\\\":19,\\\"k0\\\":20,\\\"k1\\\":21,\\\"k2\\\":22,\\\"k3\\\":23,\\\"k4\\\":24,\\\"k5\\\":25,\\\"k6\\\":26,\\\"k7\\\":27,\\\"k8\\\":28,\\\"k9\\\":29,\\\"k10\\\":30,\\\"k11\\\":31,\\\"k12\\\":32,\\\"k13\\\":33,\\\"k14\\\":34,\\\"k15\\\":35,\\\"k16\\\":36,\\\"k17\\\":37,\\\"k18\\\":38,\\\"k19\\\":39}\"}",
	"{\"DbList\": \"[[[[[[[[[[[[[[[[[[[[{\\\"deep\\\":true}]]]]]]]]]]]]]]]]]]]]\"}",
	"{\"DbList\": \"[[[[[[[[[[[[[[[[[[[[{\\\"deep\\\":true}]]]]]]]]]]]]]]]]]]]]\"}",
	"{\"DbList\": \"[[[[[[[[[[[[[[[[[[[[{\\\"deep\\\":true}]]]]]]]]]]]]]]]]]]]]\"}",
	"{\"DbList\": \"\357\273\277{\\\"bom\\\":1}\"}",
	"{\"DbList\": \"\\ufeff{\\\"bom\\\":1}\"}",
	"{\"DbList\": \"\\ufeff{\\\"bom\\\":1}\"}",
	"{\"DbList\": \"  {\\\"ws\\\" : [ 1 , 2 ] }  \"}",
	"{\"DbList\": \"  {\\\"ws\\\" : [ 1 , 2 ] }  \"}",
	"{\"DbList\": \"  {\\\"ws\\\" : [ 1 , 2 ] }  \"}",
	"{\"DbList\": \"{\\\"ke\\\\\\\"y\\\": 1, \\\"k\\\\u00e9\\\": 2, \\\"\\\\/\\\": 3}\"}",
	"{\"DbList\": \"{\\\"ke\\\\\\\"y\\\": 1, \\\"k\\\\u00e9\\\": 2, \\\"\\\\/\\\": 3}\"}",
	"{\"DbList\": \"{\\\"ke\\\\\\\"y\\\": 1, \\\"k\\\\u00e9\\\": 2, \\\"\\\\\\/\\\": 3}\"}",
	"{\"DbList\": \"\\\"just a string\\\"\"}",
	"{\"DbList\": \"\\\"just a string\\\"\"}",
	"{\"DbList\": \"\\\"just a string\\\"\"}",
	"{\"DbList\": \"42\"}",
	"{\"DbList\": \"42\"}",
	"{\"DbList\": \"42\"}",
};

/* The size tables agree with the layout's parts, for every type and flag. */
static void test_node_size_tables(void **state)
{
	(void)state;
	for (unsigned bits = 0; bits < 256; bits++) {
		if ((bits & JN_TYPE_MASK) > JT_OBJECT)
			continue;
		for (unsigned flags = 0; flags < 256; flags++) {
			struct jnode n = {.bits = (uint8_t)bits, .flags = (uint8_t)flags};
			size_t parts = jnode_off_outer_(&n) + (flags & JN_NESTED_ROOT ? 2 * sizeof(void *) : 0) +
			               (flags & JN_MEMBER ? 4 : 0); /* key_ref 0: the far reference */
			if (!jnode_scalar_(&n) && (flags & JN_LAZY))
				continue; /* only strings are lazy */
			assert_int_equal(jnode_fixed_size_(&n), parts);
			size_t first = jnode_container_(&n) || jnode_scalar_(&n) ? 4 : 0;
			assert_int_equal(jnode_off_key_end_(&n), sizeof n + first + (bits & JN_KEY_FAR ? 4 : 0));
		}
	}
}

/* A container's word: compact at each of its limits, a trailer one past
 * it (jnode.h, "containers"); either way the children, the span, the
 * walk, the lookups and the parent links read the same.  The container
 * is the value of "c", followed by "z": the walk from it must find "z". */
enum cont_limit { LIMIT_CHILDREN, LIMIT_SPAN, LIMIT_SKIP, LIMIT_INDEX };

static char *container_case(enum cont_limit limit, size_t n, size_t *children)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "{\"c\":", 5);
	size_t start = sb.len;
	if (limit == LIMIT_CHILDREN) { /* {"k0":0,...}: n members */
		strbuf_add(&sb, "{", 1);
		for (size_t i = 0; i < n; i++) {
			char m[32];
			int len = snprintf(m, sizeof m, "%s\"k%zu\":%zu", i ? "," : "", i, i);
			strbuf_add(&sb, m, (size_t)len);
		}
		strbuf_add(&sb, "}", 1);
		*children = n;
	} else if (limit == LIMIT_SPAN) { /* ["xx...x"]: n bytes from [ to ] */
		strbuf_add(&sb, "[\"", 2);
		for (size_t i = 0; i + 4 < n; i++)
			strbuf_add(&sb, "x", 1);
		strbuf_add(&sb, "\"]", 2);
		assert_int_equal(sb.len - start, n);
		*children = 1;
	} else if (limit == LIMIT_INDEX) { /* {"k0":[[],...],...}: n members of 15 empty arrays,
	                                    * 264 tape bytes each with the key, then an
	                                    * index of 12 bytes a member */
		strbuf_add(&sb, "{", 1);
		for (size_t i = 0; i < n; i++) {
			strbuf_addf(&sb, "%s\"k%zu\":[", i ? "," : "", i);
			for (size_t k = 0; k < 15; k++)
				strbuf_add(&sb, k ? ",[]" : "[]", k ? 3 : 2);
			strbuf_add(&sb, "]", 1);
		}
		strbuf_add(&sb, "}", 1);
		*children = n;
	} else { /* [[[],...],...]: n arrays of 60 empty ones, 976 tape bytes each */
		strbuf_add(&sb, "[", 1);
		for (size_t i = 0; i < n; i++) {
			strbuf_add(&sb, i ? ",[" : "[", i ? 2 : 1);
			for (size_t k = 0; k < 60; k++)
				strbuf_add(&sb, k ? ",[]" : "[]", k ? 3 : 2);
			strbuf_add(&sb, "]", 1);
		}
		strbuf_add(&sb, "]", 1);
		*children = n;
	}
	strbuf_add(&sb, ",\"z\":true}", 10);
	return strbuf_detach(&sb, NULL);
}

static void test_container_words(void **state)
{
	(void)state;
	static const struct {
		enum cont_limit limit;
		size_t n;
		bool far;
	} cases[] = {
		{LIMIT_CHILDREN, 0, false},
		{LIMIT_CHILDREN, 16, false},
		{LIMIT_CHILDREN, 17, false}, /* indexed, compact */
		{LIMIT_CHILDREN, JCONT_MAX_CHILDREN, false},
		{LIMIT_CHILDREN, JCONT_MAX_CHILDREN + 1, true}, /* indexed, the trailer after the index */
		{LIMIT_CHILDREN, 1000, true},
		{LIMIT_SPAN, JCONT_MAX_SPAN, false},
		{LIMIT_SPAN, JCONT_MAX_SPAN + 1, true},
		{LIMIT_SKIP, 16, false},                    /* 16 + 16 * 976 bytes: 15,632 */
		{LIMIT_SKIP, 17, true},                     /* 16,608 */
		/* compact when closed, and again with its index (16,308 bytes) */
		{LIMIT_INDEX, 59, false},
		/* compact when closed (16,120 bytes), big with its index (16,860) */
		{LIMIT_INDEX, 61, true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t children;
		char *json = container_case(cases[i].limit, cases[i].n, &children);
		struct jdoc *doc = jdoc_new();
		struct jerror err;
		struct jnode *root = jsonpos_parse(doc, json, strlen(json), &err);
		assert_non_null(root);
		struct jnode *c = jnode_get(root, "c");
		assert_non_null(c);
		assert_int_equal(!!(jcont_word_(c) & JCONT_FAR), cases[i].far);
		assert_int_equal(jnode_n_children(c), children);
		assert_int_equal(jnode_span(c).start, 5);
		assert_int_equal(jnode_span(c).end, strlen(json) - strlen(",\"z\":true}"));
		size_t walked = 0;
		const struct jnode *last = NULL;
		for (const struct jnode *e = jnode_first(c); e; e = jnode_next(e), walked++) {
			assert_ptr_equal(jnode_parent(e), c);
			last = e;
		}
		assert_int_equal(walked, children);
		if ((cases[i].limit == LIMIT_CHILDREN || cases[i].limit == LIMIT_INDEX) && children) {
			char key[32];
			snprintf(key, sizeof key, "k%zu", children - 1);
			assert_ptr_equal(jnode_get(c, key), last);
			assert_null(jnode_get(c, "k-1"));
		}
		struct jnode *z = jnode_next(c);
		assert_non_null(z);
		assert_string_equal(jnode_key(z), "z");
		assert_ptr_equal(jnode_get(root, "z"), z);
		assert_null(jnode_next(z));
		jdoc_free(doc);
		free(json);
	}
}

/* The builder seals its containers the same way: a big object ends with
 * its index and its trailer, and reads as the parser's. */
static void test_builder_big_object(void **state)
{
	(void)state;
	struct jdoc *doc = jdoc_new();
	struct jbuilder *b = jbuilder_new(doc, JT_OBJECT, 0);
	for (size_t i = 0; i < 100; i++) {
		char key[16];
		int len = snprintf(key, sizeof key, "k%zu", i);
		jbuilder_bool(b, &(struct jbkey){key, (size_t)len, {i * 10, i * 10 + 3}}, i % 2, (struct jspan){i * 10 + 4, i * 10 + 8});
	}
	struct jnode *root = jbuilder_finish(b, 1000, false);
	assert_non_null(root);
	assert_true(jcont_word_(root) & JCONT_FAR);
	assert_true(root->bits & JN_INDEXED);
	assert_int_equal(jnode_n_children(root), 100);
	assert_int_equal(jnode_span(root).end, 1000);
	const struct jnode *k99 = jnode_get(root, "k99");
	assert_non_null(k99);
	assert_true(jnode_boolean(k99));
	assert_null(jnode_next(k99));
	size_t walked = 0;
	for (const struct jnode *e = jnode_first(root); e; e = jnode_next(e))
		walked++;
	assert_int_equal(walked, 100);
	jdoc_free(doc);
}

/* The table of shared texts holds what a later text can still reach
 * (128 KB back), not every text of the tape: 200,000 distinct texts of
 * 12-byte blocks grew it to 262,144 entries (1 MB); sharing within the
 * reach is unchanged, and a text whose copy is out of reach is written
 * again. */
static void test_share_table_bounded(void **state)
{
	(void)state;
	struct jdoc *doc = jdoc_new();
	struct jtape *t = jtape_new(doc, 0);
	char text[16];
	size_t first = 0, last = 0;
	for (size_t i = 0; i < 200000; i++) {
		int len = snprintf(text, sizeof text, "t%06zu", i);
		size_t block = jtape_text(t, text, (size_t)len);
		if (i == 150000)
			first = block;
		last = block;
	}
	assert_true(t->share_cap <= 32768); /* 128 KB of 12-byte blocks at most 3/8 full */
	assert_int_equal(jtape_text(t, "t199999", 7), last);
	size_t end = t->used;
	assert_int_equal(jtape_text(t, "t150000", 7), end); /* 600 KB back: written again */
	assert_true(first < end);
	assert_int_equal(jtape_text(t, "t150000", 7), end); /* and shared from here */
	jtape_finish(t);
	jdoc_free(doc);
}

/* jtape_text() looks a text up before copying it; jtape_text_end() after
 * the caller wrote it into the room.  Both must write the same tape:
 * 300,000 texts, short and long, repeated near and far (past the share
 * table's reach and its rebuilds), written both ways. */
static void test_text_paths_agree(void **state)
{
	(void)state;
	struct jdoc *doc = jdoc_new();
	struct jtape *a = jtape_new(doc, 0), *b = jtape_new(doc, 0);
	char text[128];
	uint32_t x = 12345;
	for (size_t i = 0; i < 300000; i++) {
		x = x * 1103515245u + 12345u;
		size_t pick = (x >> 8) % 1000, len;
		if (pick < 700) /* a few keys that repeat all the time */
			len = (size_t)snprintf(text, sizeof text, "key%zu", pick % 13);
		else if (pick < 950) /* names seen again now and then, near or far */
			len = (size_t)snprintf(text, sizeof text, "name_%zu", (size_t)((x >> 12) % 20000));
		else /* long texts, never shared */
			len = (size_t)snprintf(text, sizeof text, "%zu and a text longer than what is shared, %zu", i,
			                       (size_t)((x >> 4) % 7));
		size_t via_text = jtape_text(a, text, len);
		char *room = jtape_text_room(b, len);
		memcpy(room, text, len);
		size_t via_room = jtape_text_end(b, len);
		assert_int_equal(via_text, via_room);
	}
	assert_int_equal(a->used, b->used);
	assert_memory_equal(a->buf, b->buf, a->used);
	jdoc_free(doc);
}

/* What a DbList costs in tape, per value, as an object and as a string
 * read in place: 50 databases of 20 tables, each table a name, a flag, a
 * filter and two renamed columns, as bench/gen.py writes them.  With three
 * words a container (24-byte objects) it took 25.7 bytes a value in both
 * forms; with one (16-byte objects) 22.2.
 * Deterministic, where a process's peak memory moves with the binary's
 * layout by more than this (bench/README.md, "Memory at 1 MB"). */
static void dblist_text(struct strbuf *sb, bool escaped)
{
	const char *q = escaped ? "\\\"" : "\"";
	strbuf_addch(sb, '{');
	for (int d = 0; d < 50; d++) {
		strbuf_addf(sb, "%s%sdb_%04d%s:{%sname%s:%sdb_%04d%s,%sall%s:false,%sTable%s:{", d ? "," : "", q, d, q,
		            q, q, q, d, q, q, q, q, q);
		for (int t = 0; t < 20; t++)
			strbuf_addf(sb,
			            "%s%st_%03d%s:{%sname%s:%st_%03d%s,%sall%s:false,%sfilter%s:%sstatus > %d and status = 'paid'%s,"
			            "%scolumn%s:{%supdated_at%s:{%sname%s:%supdated_at%s},%sid%s:{%sname%s:%sdst_id%s}}}",
			            t ? "," : "", q, t, q, q, q, q, t, q, q, q, q, q, q, d * 1000 + t, q, q, q, q, q, q, q, q, q,
			            q, q, q, q, q, q);
		strbuf_addstr(sb, "}}");
	}
	strbuf_addch(sb, '}');
}

static size_t doc_tape_bytes(const struct jdoc *doc)
{
	size_t bytes = 0;
	for (const struct jtape *t = doc->tapes; t; t = t->next)
		bytes += t->used;
	return bytes;
}

static void test_dblist_tape_size(void **state)
{
	(void)state;
	size_t values = 50 * 4 + 50 * 20 * 9;
	/* the DbList as an object */
	struct strbuf sb = STRBUF_INIT;
	dblist_text(&sb, false);
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	assert_non_null(jsonpos_parse(doc, sb.buf, sb.len, &err));
	assert_int_equal(doc->n_values, values + 1);
	assert_true(doc_tape_bytes(doc) * 100 <= (values + 1) * 2350); /* 23.5 bytes a value */
	jdoc_free(doc);
	/* the DbList as a string, its JSON read in place */
	strbuf_release(&sb);
	strbuf_addstr(&sb, "{\"DbList\":\"");
	dblist_text(&sb, true);
	strbuf_addstr(&sb, "\"}");
	doc = jdoc_new();
	struct jnode *root = jsonpos_parse(doc, sb.buf, sb.len, &err);
	assert_non_null(root);
	size_t outer = doc_tape_bytes(doc);
	struct jnode *dbl = jsonpos_parse_nested(doc, sb.buf, jnode_get(root, "DbList"), &err);
	assert_non_null(dbl);
	assert_int_equal(jnode_level_(dbl), 1); /* in place, not through a decoded copy */
	assert_int_equal(doc->n_values, values + 3);
	assert_true((doc_tape_bytes(doc) - outer) * 100 <= (values + 1) * 2350);
	jdoc_free(doc);
	strbuf_release(&sb);
}

/* A big object's index finds each key's first member, and nothing else:
 * keys of one length, of one ending, duplicates, a key with a NUL. */
static void test_object_index(void **state)
{
	(void)state;
	char json[4096];
	size_t len = 0;
	len += (size_t)snprintf(json + len, sizeof json - len, "{");
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(json + len, sizeof json - len, "%s\"%sName%d\": %d", i ? ", " : "",
		                        i % 3 ? "SourceEndpoint" : "Destination", i % 25, i);
	len += (size_t)snprintf(json + len, sizeof json - len, ", \"a\\u0000b\": 1, \"\": 2}");
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, json, len, &err);
	assert_non_null(root);
	assert_true(root->bits & JN_INDEXED);
	for (int i = 0; i < 40; i++) {
		char key[64];
		snprintf(key, sizeof key, "%sName%d", i % 3 ? "SourceEndpoint" : "Destination", i % 25);
		/* the first member with this key: the walk agrees */
		const struct jnode *walked = NULL;
		for (const struct jnode *c = jnode_first(root); c && !walked; c = jnode_next(c))
			if (jnode_key_len(c) == strlen(key) && memcmp(jnode_key(c), key, strlen(key)) == 0)
				walked = c;
		assert_ptr_equal(jnode_get(root, key), walked);
		assert_false(jnode_is_duplicate(walked));
	}
	assert_null(jnode_get(root, "SourceEndpointName99"));
	assert_null(jnode_get(root, "Name"));
	assert_null(jnode_get(root, "a"));
	assert_non_null(jnode_get(root, ""));
	assert_int_equal(jnode_n_children(root), 42);
	size_t n = 0;
	for (const struct jnode *c = jnode_first(root); c; c = jnode_next(c))
		n++;
	assert_int_equal(n, 42); /* the walk steps over the index */
	assert_int_equal(jdoc_duplicates(doc), 5); /* i and i + 25 with i % 3 == 1, i < 15 */
	jdoc_free(doc);
}

/* The decoded length counted from the escapes is the decoded length. */
static void test_decoded_length(void **state)
{
	(void)state;
	static const char *const bodies[] = {
		"", "plain", "a\\\"b", "\\\\\\\\", "\\n\\t\\r\\b\\f\\/", "caf\\u00e9", "\\u4e2d\\u6587",
		"\\ud83d\\ude00!", "\\u0000x", "{\\\"a\\\":\\\"b\\\\\\\"c\\\"}",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		size_t len = strlen(bodies[i]);
		assert_int_equal(json_decoded_length(bodies[i], 0, len), json_decode_body(bodies[i], 0, len, NULL, NULL));
	}
}

/* The offsets found on demand are the map json_decode_body() makes, for
 * every byte, asked forwards, backwards and by strides, in bodies shorter
 * and much longer than the distance between marks. */
static void test_offsets_on_demand(void **state)
{
	(void)state;
	struct strbuf long_body = STRBUF_INIT, long_runs = STRBUF_INIT;
	for (int i = 0; i < 400; i++)
		strbuf_addstr(&long_body, i % 3 ? "ab\\\"c\\u00e9" : "\\ud83d\\ude00xyz\\\\\\u4e2d");
	/* plain runs shorter and longer than the walk's byte loop (16), one
	 * longer than the marks' distance, an escape right after each */
	for (int i = 0; i < 60; i++) {
		for (int j = 0; j < (i * 37) % 700; j++)
			strbuf_addch(&long_runs, (char)('a' + j % 26));
		strbuf_addstr(&long_runs, i % 2 ? "\\\"" : "\\u4e2d");
	}
	const char *bodies[] = {
		"", "plain", "a\\\"b", "\\\\\\\\", "\\n\\t\\r\\b\\f\\/", "caf\\u00e9", "\\u4e2d\\u6587",
		"\\ud83d\\ude00!", "\\u0000x", "{\\\"a\\\":\\\"b\\\\\\\"c\\\"}", long_body.buf, long_runs.buf,
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		const char *s = bodies[i];
		size_t end = strlen(s), len = json_decode_body(s, 0, end, NULL, NULL);
		uint32_t *map = malloc((len + 1) * sizeof *map);
		char *text = malloc(len + 1);
		if (!map || !text)
			fail();
		json_decode_body(s, 0, end, text, map);
		map[len] = (uint32_t)end;
		struct json_offsets o;
		json_offsets_init(&o, s, 0, end);
		assert_int_equal(o.len, len);
		for (size_t k = 0; k <= len; k++)
			assert_int_equal(json_offsets_at(&o, k), map[k]);
		for (size_t k = len + 1; k-- > 0;)
			assert_int_equal(json_offsets_at(&o, k), map[k]);
		for (size_t k = 0; k <= len; k++) /* the lexer's way: each byte in turn */
			assert_int_equal(json_offsets_at_next(&o, k), map[k]);
		for (size_t stride = 7; stride < 2000; stride *= 3)
			for (size_t k = 0; k <= len; k += stride)
				assert_int_equal(json_offsets_at(&o, (k * 31) % (len + 1)), map[(k * 31) % (len + 1)]);
		json_offsets_release(&o);
		free(map);
		free(text);
	}
	strbuf_release(&long_body);
	strbuf_release(&long_runs);
}

static void assert_same_tree(const struct jnode *a, const struct jnode *b);

/* Distances past 16 bits: a member 300 KB after its object (a long text
 * before it), a 300 KB key; in the file, and as JSON inside a string
 * read in place and through the map. */
static void test_far_links(void **state)
{
	(void)state;
	size_t big = 300 * 1024;
	static const char head[] = "{\"a\": \"", middle[] = "\", \"b\": [1, {\"c\": true}], \"",
	                  tail[] = "\": 2, \"d\": \"e\"}";
	size_t len = strlen(head) + big + strlen(middle) + big + strlen(tail);
	char *json = malloc(len + 1);
	if (!json)
		fail();
	char *w = json;
	w = (char *)memcpy(w, head, strlen(head)) + strlen(head);
	w = (char *)memset(w, 'x', big) + big;
	w = (char *)memcpy(w, middle, strlen(middle)) + strlen(middle);
	w = (char *)memset(w, 'k', big) + big;
	memcpy(w, tail, strlen(tail) + 1);
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, json, len, &err);
	assert_non_null(root);
	struct jnode *b = jnode_get(root, "b");
	assert_non_null(b);
	assert_ptr_equal(jnode_parent(b), root);
	assert_int_equal(jnode_type(b), JT_ARRAY);
	struct jnode *c = jnode_get(jnode_next(jnode_first(b)), "c");
	assert_true(jnode_boolean(c));
	char *p = jnode_pointer(doc, c);
	assert_string_equal(p, "/b/1/c");
	free(p);
	struct jnode *k = jnode_next(b);
	assert_int_equal(jnode_key_len(k), big);
	assert_int_equal(jnode_key(k)[big - 1], 'k');
	assert_int_equal(jnode_key_span(k).end - jnode_key_span(k).start, big + 2);
	assert_int_equal(jnode_text(k)[0], '2');
	struct jnode *d = jnode_next(k);
	assert_string_equal(jnode_key(d), "d");
	assert_ptr_equal(jnode_parent(d), root);
	assert_null(jnode_next(d));
	assert_int_equal(d->up, JN_UP_FAR); /* the far paths are the ones tested */
	assert_int_equal(k->key_ref, 0);
	assert_int_equal(jnode_n_children(root), 4);
	jdoc_free(doc);

	/* the same object as a string's JSON */
	char *outer = malloc(2 * len + 64);
	if (!outer)
		fail();
	size_t olen = (size_t)sprintf(outer, "{\"DbList\": \"");
	for (size_t i = 0; i < len; i++) {
		if (json[i] == '"')
			outer[olen++] = '\\';
		outer[olen++] = json[i];
	}
	olen += (size_t)sprintf(outer + olen, "\"}");
	doc = jdoc_new();
	root = jsonpos_parse(doc, outer, olen, &err);
	assert_non_null(root);
	struct jnode *s = jnode_get(root, "DbList");
	struct jnode *mapped = jsonpos_parse_nested_mapped(doc, outer, s, &err);
	struct jnode *in_place = jsonpos_parse_nested(doc, outer, s, &err);
	assert_non_null(mapped);
	assert_non_null(in_place);
	assert_int_equal(jnode_level_(in_place), 1);
	assert_int_equal(jnode_get(in_place, "b")->up, JN_UP_FAR);
	assert_same_tree(in_place, mapped);
	jdoc_free(doc);
	free(outer);
	free(json);
}

static void assert_same_tree(const struct jnode *a, const struct jnode *b)
{
	assert_int_equal(jnode_type(a), jnode_type(b));
	assert_int_equal(jnode_span(a).start, jnode_span(b).start);
	assert_int_equal(jnode_span(a).end, jnode_span(b).end);
	assert_int_equal(jnode_key_span(a).start, jnode_key_span(b).start);
	assert_int_equal(jnode_key_span(a).end, jnode_key_span(b).end);
	assert_int_equal(jnode_key_len(a), jnode_key_len(b));
	if (jnode_key(a))
		assert_memory_equal(jnode_key(a), jnode_key(b), jnode_key_len(a) + 1);
	assert_int_equal(jnode_text_len(a), jnode_text_len(b));
	if (jnode_text(a))
		assert_memory_equal(jnode_text(a), jnode_text(b), jnode_text_len(a) + 1);
	assert_int_equal(jnode_boolean(a), jnode_boolean(b));
	assert_int_equal(jnode_is_duplicate(a), jnode_is_duplicate(b));
	assert_int_equal(jnode_n_children(a), jnode_n_children(b));
	assert_int_equal(jnode_content_span(a).start, jnode_content_span(b).start);
	assert_int_equal(jnode_content_span(a).end, jnode_content_span(b).end);
	if (jnode_key(a)) {
		assert_int_equal(jnode_key_content_span(a).start, jnode_key_content_span(b).start);
		assert_int_equal(jnode_key_content_span(a).end, jnode_key_content_span(b).end);
	}
	char *pa = jnode_pointer(NULL, a), *pb = jnode_pointer(NULL, b);
	assert_string_equal(pa, pb);
	free(pa);
	free(pb);
	const struct jnode *ca = jnode_first(a), *cb = jnode_first(b);
	for (; ca && cb; ca = jnode_next(ca), cb = jnode_next(cb))
		assert_same_tree(ca, cb);
	assert_null(ca);
	assert_null(cb);
}

static void test_nested_readers_agree(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof nested_cases / sizeof nested_cases[0]; i++) {
		const char *json = nested_cases[i];
		struct jdoc *doc = jdoc_new();
		struct jerror err;
		struct jnode *root = jsonpos_parse(doc, json, strlen(json), &err);
		assert_non_null(root);
		struct jnode *s = jnode_get(root, "DbList");
		struct jnode *mapped = jsonpos_parse_nested_mapped(doc, json, s, &err);
		assert_non_null(mapped);
		struct jnode *in_place = jsonpos_parse_nested(doc, json, s, &err);
		assert_non_null(in_place);
		assert_same_tree(in_place, mapped);
		/* the in-place reader (level 1) leaves only a byte order mark
		 * written as an escape to the other (level 2); surrogate pairs it
		 * reads itself */
		bool left = strstr(json, "\\ufeff");
		assert_int_equal(jnode_level_(in_place), left ? 2 : 1);
		jdoc_free(doc);
	}
}

/* Elements that are cells (jnode.h) read as nodes would: arrays of n
 * cells (around the anchors' runs) followed by an element that is no
 * cell (which turns the cells before it into nodes) or by nothing; each
 * element's type, span, text, Boolean, parent, pointer and next. */
static void test_cells(void **state)
{
	(void)state;
	static const char *const values[] = {"0", "27", "true", "false", "null", "9", "10", "3"};
	static const char *const tails[] = {"", "\"s\"", "28", "[1]", "{\"a\": 1}", "1.5", "-1", "100", "0e1"};
	static const size_t counts[] = {0, 1, 2, 31, 32, 33, 64, 65, 200};
	for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
		for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
			size_t n = counts[c];
			struct strbuf json = STRBUF_INIT;
			size_t *starts = malloc((n + 1) * sizeof *starts);
			if (!starts)
				fail();
			strbuf_addstr(&json, "{\"x\": [");
			for (size_t i = 0; i < n; i++) {
				strbuf_addstr(&json, i ? (i % 5 ? "," : " ,\n ") : "");
				starts[i] = json.len;
				strbuf_addstr(&json, values[i % 8]);
			}
			if (*tails[t])
				strbuf_addf(&json, "%s%s", n ? ", " : "", tails[t]);
			strbuf_addstr(&json, "], \"y\": true}");
			struct jdoc *doc = jdoc_new();
			struct jerror err;
			struct jnode *root = jsonpos_parse(doc, json.buf, json.len, &err);
			assert_non_null(root);
			const struct jnode *x = jnode_get(root, "x"), *e = jnode_first(x);
			assert_int_equal(jnode_n_children(x), n + (*tails[t] != 0));
			for (size_t i = 0; i < n; i++, e = jnode_next(e)) {
				const char *v = values[i % 8];
				struct jspan span = jnode_span(e);
				assert_non_null(e);
				assert_int_equal(span.start, starts[i]);
				assert_int_equal(span.end, starts[i] + strlen(v));
				assert_int_equal(jnode_type(e), v[0] == 'n' ? JT_NULL : v[0] == 't' || v[0] == 'f' ? JT_BOOL : JT_NUMBER);
				if (jnode_type(e) == JT_NUMBER) {
					assert_string_equal(jnode_text(e), v);
					assert_int_equal(jnode_text_len(e), strlen(v));
				} else {
					assert_null(jnode_text(e));
				}
				assert_int_equal(jnode_boolean(e), v[0] == 't');
				assert_null(jnode_key(e));
				assert_false(jnode_is_duplicate(e));
				assert_ptr_equal(jnode_parent(e), x);
				char *ptr = jnode_pointer(doc, e), want[32];
				snprintf(want, sizeof want, "/x/%zu", i);
				assert_string_equal(ptr, want);
				free(ptr);
			}
			if (*tails[t]) {
				assert_non_null(e);
				assert_int_equal(jnode_span(e).end - jnode_span(e).start, strlen(tails[t]));
				assert_ptr_equal(jnode_parent(e), x);
				e = jnode_next(e);
			}
			assert_null(e);
			assert_ptr_equal(jnode_next(x), jnode_get(root, "y"));
			assert_true(jnode_boolean(jnode_get(root, "y")));
			jdoc_free(doc);
			free(starts);
			strbuf_release(&json);
		}
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

/* Pointers into big arrays: the doc's remembered elements give the index
 * that counting gives, for every element, asked in any order, in the
 * file's tree and in a tree parsed out of a string (two tapes), with
 * arrays of many sizes remembered at once (the doc's table grows). */
static void test_array_pointers(void **state)
{
	(void)state;
	struct strbuf json = STRBUF_INIT;
	strbuf_addstr(&json, "{\"w\": [");
	for (int i = 0; i < 300; i++)
		strbuf_addf(&json, "%s{\"a\": [%d, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]]}",
		            i ? ", " : "", i);
	strbuf_addstr(&json, "], \"s\": \"[");
	for (int i = 0; i < 40; i++)
		strbuf_addf(&json, "%s{\\\"b\\\": %d}", i ? ", " : "", i);
	strbuf_addstr(&json, "]\"}");
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, json.buf, json.len, &err);
	assert_non_null(root);
	struct jnode *s = jnode_get(root, "s");
	const struct jnode *inner = jsonpos_parse_nested(doc, json.buf, s, &err);
	assert_non_null(inner);

	/* The last elements first, then the first ones: no order is assumed. */
	const struct jnode *w = jnode_get(root, "w");
	size_t checked = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t i = 0;
		for (const struct jnode *e = jnode_first(w); e; e = jnode_next(e), i++) {
			if ((pass == 0) != (i >= 150))
				continue;
			const struct jnode *deep = jnode_last(jnode_last(jnode_get(e, "a")));
			char *fast = jnode_pointer(doc, deep), *counted = jnode_pointer(NULL, deep);
			char want[64];
			snprintf(want, sizeof want, "/w/%zu/a/1/17", i);
			assert_string_equal(fast, want);
			assert_string_equal(counted, want);
			free(fast);
			free(counted);
			checked++;
		}
	}
	size_t i = 0;
	for (const struct jnode *e = jnode_first(inner); e; e = jnode_next(e), i++) {
		char *p = jnode_pointer(doc, jnode_get(e, "b")), want[64];
		snprintf(want, sizeof want, "/s/%zu/b", i);
		assert_string_equal(p, want);
		free(p);
		checked++;
	}
	assert_int_equal(checked, 340);
	jdoc_free(doc);
	strbuf_release(&json);
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
		/* where a secret value cannot be proven to end: to the end of its line */
		{"{\"pw\": \"a\"b\", \"x\": 1}\n\"y\": 2", "a\"b\", \"x\": 1}"},
		{"{\"pw\": \"a\" \"b\"}", "a\" \"b\"}"},
		{"{\"pw\": [\"a\"] \"b\"}", "[\"a\"] \"b\"}"},
		{"{\"pw\": abc\"def\"}", "abc\"def\"}"},
		{"{\"pw\": \"a\" // c\n}", "a"}, /* a comment may follow a value */
		/* separators: '=' as ':'; an unknown one, or none, masks the line */
		{"{\"pw\" = \"abc\"}", "abc"},
		{"{pw=abc, x=1}", "abc"},
		{"{\"pw\" => \"abc\"}\nx", "> \"abc\"}"},
		{"{\"pw\" := \"abc\"}\nx", "= \"abc\"}"},
		{"{\"pw\": : abc}", ": abc"},
		{"{\"pw\" \"abc\", \"x\": 1}", "\"abc\", \"x\": 1}"},
		{"the pw is abc\nnext", "is abc"},
		{"\xff\xfe{\"x\": 1}", ""}, /* not a name: not classified (it would be "in doubt") */
		/* Python's triple quotes, on one line or several */
		{"{\"pw\": \"\"\"abc\"\"\"}", "abc"},
		{"{\"pw\": '''ab\ncd'''}", "'''ab|ab\ncd"},
		/* a triple quote never closed: "" then a quote, which shifts the
		 * strings after it by one ("pw" is a word a quote follows) */
		{"{\"x\": \"\"\", \"pw\": \"abc\"}", "\": \"abc\"}"},
		/* a string wrapped onto the next line: masked up to its quote */
		{"{\"pw\": \"ab\ncd\", \"x\": 1}", "ab\ncd\""},
		{"{\"pw\": \"ab\n  \"x\": 1}", "ab"},
		{"{\"pw\": \"ab\ncd\" ef\n}", "ab\ncd\" ef"}, /* closed, then more on its line */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lexed_log log = {.input = cases[i].text};
		jsonpos_lex_values(cases[i].text, strlen(cases[i].text), NULL, pw_key, log_value, &log);
		if (strcmp(log.out, cases[i].want))
			fail_msg("case %zu (%s): got '%s', want '%s'", i, cases[i].text, log.out, cases[i].want);
	}
}

/* What the lexer reports, as "start-end secret <text>" lines. */
struct lexed_spans {
	struct strbuf out;
};

static void log_span(void *ctx, const struct jsonpos_lexed *v)
{
	struct lexed_spans *log = ctx;
	strbuf_addf(&log->out, "%zu-%zu %d", v->content.start, v->content.end, v->secret);
	if (v->text) {
		strbuf_addf(&log->out, " <%.*s>", (int)v->len, v->text);
		for (size_t k = 0; k <= v->len; k++)
			strbuf_addf(&log->out, " %u", v->map[k]);
	}
	strbuf_addstr(&log->out, "\n");
}

/* A string of the file lexed with its offsets found on demand reports
 * what it reports with json_decode_body()'s whole map: secrets and the
 * texts handed back (with their maps), through escapes and \u escapes,
 * in a string longer than many marks. */
static void test_lex_string_agrees(void **state)
{
	(void)state;
	struct strbuf json = STRBUF_INIT;
	strbuf_addstr(&json, "{\"DbList\": \"{");
	for (int i = 0; i < 200; i++)
		strbuf_addf(&json, "\\\"d%d\\u00e9\\\": {\\\"pw\\\": \\\"s\\\\\\\"%d\\\", \\\"x\\\": \\\"{\\\\\\\"pw\\\\\\\": %d}\\\", "
		            "\\\"f\\\": \\\"a = '\\ud83d\\ude00'\\\"}, ", i, i, i);
	strbuf_addstr(&json, "\\\"end\\\": 1}\"}");
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, json.buf, json.len, &err);
	assert_non_null(root);
	const struct jnode *str = jnode_get(root, "DbList");
	struct lexed_spans demand = {STRBUF_INIT}, mapped = {STRBUF_INIT};
	jsonpos_lex_string(json.buf, str, pw_key, log_span, &demand);
	size_t len;
	uint32_t *map = jsonpos_string_map_new(json.buf, str, &len);
	jsonpos_lex_values(jnode_text(str), jnode_text_len(str), map, pw_key, log_span, &mapped);
	free(map);
	assert_true(demand.out.len > 10000);
	assert_string_equal(demand.out.buf, mapped.out.buf);
	strbuf_release(&demand.out);
	strbuf_release(&mapped.out);
	jdoc_free(doc);
	strbuf_release(&json);
}

/* A tree built by another reader: every type as a member and as an
 * element, an unknown value, spans as given, keys findable, a nested
 * JSON string parsed back through its map, and a member without a key
 * dropped rather than corrupting the object. */
static uint32_t *identity_map(size_t from, size_t len)
{
	uint32_t *map = malloc((len + 1) * sizeof *map);
	for (size_t i = 0; i <= len; i++)
		map[i] = (uint32_t)(from + i);
	return map;
}

static void test_builder_all_types(void **state)
{
	(void)state;
	/* offsets are those of this text: the builder takes them from the reader */
	const char *file = "k s=\"ab\" n=12 t=true z=null u=${x} o={j=\"{\\\"d\\\":1}\" a=[1,\"e\",${y},[]]}";
	struct jdoc *doc = jdoc_new();
	struct jbuilder *b = jbuilder_new(doc, JT_OBJECT, 0);
	uint32_t *m = identity_map(5, 2);
	jbuilder_string(b, &(struct jbkey){"s", 1, {2, 3}}, "ab", 2, m, (struct jspan){4, 8});
	free(m);
	jbuilder_number(b, &(struct jbkey){"n", 1, {9, 10}}, "12", 2, (struct jspan){11, 13});
	jbuilder_bool(b, &(struct jbkey){"t", 1, {14, 15}}, true, (struct jspan){16, 20});
	jbuilder_null(b, &(struct jbkey){"z", 1, {21, 22}}, (struct jspan){23, 27});
	jbuilder_unknown(b, &(struct jbkey){"u", 1, {28, 29}}, (struct jspan){30, 34});
	jbuilder_open_member(b, &(struct jbkey){"o", 1, {35, 36}}, JT_OBJECT, 37);
	const char *inner = "{\"d\":1}";
	uint32_t map[8] = {41, 42, 44, 45, 47, 48, 49, 50}; /* \" is two bytes */
	jbuilder_string(b, &(struct jbkey){"j", 1, {38, 39}}, inner, 7, map, (struct jspan){40, 51});
	jbuilder_unknown(b, NULL, (struct jspan){51, 52}); /* no key in an object: dropped */
	jbuilder_open_member(b, &(struct jbkey){"a", 1, {52, 53}}, JT_ARRAY, 54);
	jbuilder_number(b, NULL, "1", 1, (struct jspan){55, 56});
	m = identity_map(58, 1);
	jbuilder_string(b, &(struct jbkey){"ignored", 7, {0, 0}}, "e", 1, m, (struct jspan){57, 60});
	free(m);
	jbuilder_unknown(b, NULL, (struct jspan){61, 65});
	jbuilder_open(b, JT_ARRAY, 66);
	assert_int_equal(jbuilder_depth(b), 3);
	jbuilder_close(b, 68);
	jbuilder_close(b, 69);
	jbuilder_close(b, 70);
	struct jnode *root = jbuilder_finish(b, 70, false);
	assert_non_null(root);
	assert_int_equal(jnode_n_children(root), 6);

	const struct jnode *n = jnode_get(root, "s");
	assert_int_equal(jnode_type(n), JT_STRING);
	assert_string_equal(jnode_text(n), "ab");
	assert_int_equal(jnode_span(n).start, 4);
	assert_int_equal(jnode_span(n).end, 8);
	assert_int_equal(jnode_key_span(n).start, 2);
	assert_int_equal(jnode_key_span(n).end, 3);
	n = jnode_get(root, "n");
	assert_int_equal(jnode_type(n), JT_NUMBER);
	assert_string_equal(jnode_text(n), "12");
	assert_int_equal(jnode_span(n).end, 13);
	n = jnode_get(root, "t");
	assert_int_equal(jnode_type(n), JT_BOOL);
	assert_true(jnode_boolean(n));
	assert_int_equal(jnode_span(n).end, 20);
	assert_int_equal(jnode_type(jnode_get(root, "z")), JT_NULL);
	n = jnode_get(root, "u");
	assert_int_equal(jnode_type(n), JT_UNKNOWN);
	assert_null(jnode_text(n));
	assert_int_equal(jnode_span(n).start, 30);
	assert_int_equal(jnode_span(n).end, 34);
	assert_string_equal(jtype_name(JT_UNKNOWN), "an unknown value");

	const struct jnode *o = jnode_get(root, "o");
	assert_int_equal(jnode_type(o), JT_OBJECT);
	assert_int_equal(jnode_n_children(o), 2);
	assert_int_equal(jnode_span(o).start, 37);
	assert_int_equal(jnode_span(o).end, 70);
	assert_int_equal(jnode_key_span(o).start, 35);
	struct jnode *j = (struct jnode *)jnode_get(o, "j");
	struct jerror err;
	struct jnode *nested = jsonpos_parse_nested(doc, file, j, &err);
	assert_non_null(nested);
	const struct jnode *d = jnode_get(nested, "d");
	assert_int_equal(jnode_span(d).start, 48); /* the 1, through the map */
	assert_int_equal(jnode_key_span(d).start, 42);

	const struct jnode *a = jnode_get(o, "a");
	assert_int_equal(jnode_type(a), JT_ARRAY);
	assert_int_equal(jnode_n_children(a), 4);
	const struct jnode *e = jnode_first(a);
	assert_int_equal(jnode_type(e), JT_NUMBER);
	e = jnode_next(e);
	assert_int_equal(jnode_type(e), JT_STRING);
	assert_null(jnode_key(e)); /* an element: the key given is not kept */
	e = jnode_next(e);
	assert_int_equal(jnode_type(e), JT_UNKNOWN);
	e = jnode_next(e);
	assert_int_equal(jnode_type(e), JT_ARRAY);
	assert_int_equal(jnode_span(e).end, 68);
	assert_ptr_equal(jnode_parent(e), a);
	assert_null(jnode_next(e));

	char *ptr = jnode_pointer(doc, e);
	assert_string_equal(ptr, "/o/a/3");
	free(ptr);
	jdoc_free(doc);
}

/* Deeper than the builder keeps, and past the value limit: what cannot be
 * kept is dropped, each close still pairs with its open. */
static void test_builder_limits(void **state)
{
	(void)state;
	struct jdoc *doc = jdoc_new();
	jdoc_limit_values(doc, 3);
	struct jbuilder *b = jbuilder_new(doc, JT_ARRAY, 0);
	for (int i = 0; i < 100; i++)
		jbuilder_open(b, JT_ARRAY, (size_t)i + 1);
	assert_int_equal(jbuilder_depth(b), 100);
	jbuilder_unknown(b, NULL, (struct jspan){101, 102});
	for (int i = 0; i < 99; i++)
		jbuilder_close(b, 200 - (size_t)i);
	assert_int_equal(jbuilder_depth(b), 1);
	jbuilder_close(b, 103);
	assert_int_equal(jbuilder_depth(b), 0);
	struct jnode *root = jbuilder_finish(b, 300, false);
	assert_non_null(root);
	assert_int_equal(jnode_n_children(root), 1);
	assert_int_equal(jnode_span(root).end, 300);
	jdoc_free(doc);
}

/* White space inside the root's container members, counted as parsed,
 * is what a compact serialisation drops: the bytes of the span that are
 * not in a string and are blank. */
static size_t blank_outside_strings(const char *s, struct jspan span)
{
	size_t blank = 0;
	bool in_string = false;
	for (size_t i = span.start; i < span.end; i++) {
		if (in_string && s[i] == '\\')
			i++;
		else if (s[i] == '"')
			in_string = !in_string;
		else if (!in_string && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
			blank++;
	}
	return blank;
}

static void test_blank_in_root_members(void **state)
{
	(void)state;
	const char *json = "{ \"a\" :\t{ \"x\" : [ 1 ,\r\n \"s p\\\" \" ] , \"y\":{}} ,\n"
	                   "  \"b\": \"a string\", \"c\":[ ], \"d\" : {\"e\": {  \"f\" : 1 }}}";
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, json, strlen(json), &err);
	assert_non_null(root);
	size_t blank, counted = 0;
	for (const struct jnode *m = jnode_first(root); m; m = jnode_next(m)) {
		bool container = jnode_type(m) == JT_OBJECT || jnode_type(m) == JT_ARRAY;
		assert_int_equal(jdoc_blank_in(doc, jnode_span(m), &blank), container);
		if (container) {
			assert_int_equal(blank, blank_outside_strings(json, jnode_span(m)));
			counted++;
		}
	}
	assert_int_equal(counted, 3);
	/* a value below the root's members is not counted */
	const struct jnode *d = jnode_get(root, "d");
	assert_false(jdoc_blank_in(doc, jnode_span(jnode_get(d, "e")), &blank));
	jdoc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_limit),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nested_error_position),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_duplicates_and_pointers),
		cmocka_unit_test(test_nested_pointer),
		cmocka_unit_test(test_array_pointers),
		cmocka_unit_test(test_lex_values),
		cmocka_unit_test(test_lex_string_agrees),
		cmocka_unit_test(test_offsets_on_demand),
		cmocka_unit_test(test_key_content_span),
		cmocka_unit_test(test_nested_readers_agree),
		cmocka_unit_test(test_node_size_tables),
		cmocka_unit_test(test_object_index),
		cmocka_unit_test(test_container_words),
		cmocka_unit_test(test_builder_big_object),
		cmocka_unit_test(test_share_table_bounded),
		cmocka_unit_test(test_text_paths_agree),
		cmocka_unit_test(test_dblist_tape_size),
		cmocka_unit_test(test_decoded_length),
		cmocka_unit_test(test_far_links),
		cmocka_unit_test(test_builder_all_types),
		cmocka_unit_test(test_builder_limits),
		cmocka_unit_test(test_blank_in_root_members),
	};
	return cmocka_run_group_tests_name("jsonpos", tests, NULL, NULL);
}
