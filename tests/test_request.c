/*
 * Unit tests for the decoder (request.c): bytes in, a tree or a
 * positioned problem out.  No rules are loaded: the decoder knows none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "query.h"
#include "request.h"

struct problem_case {
	const char *input;
	size_t len; /* 0: strlen */
	enum request_problem_kind kind;
	size_t start, end;
	const char *message; /* a prefix of the expected message */
};

static const struct problem_case problem_cases[] = {
	{"{\"a\": 1}", 0, REQUEST_OK, 0, 0, ""},
	{"{\"a\": 1,}", 0, REQUEST_SYNTAX, 7, 8, "trailing comma"},
	{"{'a': 1}", 0, REQUEST_PYTHON_LITERAL, 1, 2, ""},
	{"[1, 2]", 0, REQUEST_OK, 0, 0, ""}, /* several requests: the engine checks each */
	{"\"x\"", 0, REQUEST_NOT_OBJECT, 0, 3, "a string"},
	{"{\"a\": \"\xff\"}", 0, REQUEST_ENCODING, 7, 8, "invalid UTF-8"},
	{"{\"a\": 1}\0", 9, REQUEST_ENCODING, 8, 9, "NUL byte"},
	{"", 0, REQUEST_SYNTAX, 0, 0, ""},
};

static void test_problems(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof problem_cases / sizeof problem_cases[0]; i++) {
		const struct problem_case *c = &problem_cases[i];
		size_t len = c->len ? c->len : strlen(c->input);
		struct source *src = source_new("t.json", c->input, len);
		struct request *req = request_parse(src, REQUEST_INPUT_AUTO, NULL, NULL);
		if (req->problem.kind != c->kind)
			fail_msg("case %zu: kind %d, want %d (%s)", i, req->problem.kind, c->kind,
			         req->problem.message);
		assert_true((req->root != NULL) == (c->kind == REQUEST_OK));
		if (c->kind != REQUEST_OK) {
			assert_int_equal(req->problem.span.start, c->start);
			if (c->end)
				assert_int_equal(req->problem.span.end, c->end);
			if (strncmp(req->problem.message, c->message, strlen(c->message)) != 0)
				fail_msg("case %zu: message '%s', want '%s...'", i, req->problem.message, c->message);
		}
		request_free(req);
		source_free(src);
	}
}

/* A JSON string parameter unwraps to its tree, with spans in the file;
 * one that is not JSON gives a problem positioned inside the string. */
static void test_unwrap(void **state)
{
	(void)state;
	static const char text[] = "{\"DbList\": \"{\\\"db\\\": {\\\"all\\\": true}}\", \"Bad\": \"{\\\"x\\\": }\"}";
	struct source *src = source_new("t.json", text, strlen(text));
	struct request *req = request_parse(src, REQUEST_INPUT_AUTO, NULL, NULL);
	assert_non_null(req->root);
	struct request_problem problem = {0};
	const struct jnode *db = request_unwrap(req, jnode_get(req->root, "DbList"), &problem);
	assert_non_null(db);
	assert_int_equal(jnode_type(db), JT_OBJECT);
	const struct jnode *inner = jnode_get(db, "db");
	assert_non_null(inner);
	/* the key "db" is written as \"db\" at offset 13 of the file */
	assert_int_equal(jnode_key_span(inner).start, 13);
	assert_null(request_unwrap(req, jnode_get(req->root, "Bad"), &problem));
	assert_int_equal(problem.kind, REQUEST_SYNTAX);
	assert_int_equal(problem.span.start, 56); /* the "}" after "x": */
	/* a value that is not a string is its own view */
	request_free(req);
	source_free(src);
}

/* The query-string form: values decoded, spans in the file, and JSON
 * inside a percent-encoded value maps back through the escapes. */
static void test_query(void **state)
{
	(void)state;
	static const char text[] = "Action=StartDtsJob&DbList=%7B%22db%22%3A1%7D&DtsJobName=a+b%20c\n"
	                           "&Reserve={\"x\": 1}\n";
	struct source *src = source_new("t.txt", text, strlen(text));
	struct request *req = request_parse(src, REQUEST_INPUT_AUTO, NULL, NULL);
	assert_non_null(req->root);
	assert_int_equal(jnode_type(req->root), JT_OBJECT);
	assert_int_equal(jnode_n_children(req->root), 4);
	struct jnode *name = jnode_get(req->root, "DtsJobName");
	assert_string_equal(jnode_text(name), "a b c"); /* '+' is a space in an encoded value */
	assert_int_equal(jnode_span(name).start, 56);
	struct jnode *db = jnode_get(req->root, "DbList");
	assert_string_equal(jnode_text(db), "{\"db\":1}");
	assert_int_equal(jnode_key_span(db).start, 19);
	struct request_problem problem;
	const struct jnode *tree = request_unwrap(req, db, &problem);
	assert_non_null(tree);
	/* "db" with its quotes is %22db%22, from offset 29 to 37 */
	const struct jnode *inner = jnode_get(tree, "db");
	assert_int_equal(jnode_key_span(inner).start, 29);
	assert_int_equal(jnode_key_span(inner).end, 37);
	/* raw JSON on a printed line */
	const struct jnode *reserve = request_unwrap(req, jnode_get(req->root, "Reserve"), &problem);
	assert_non_null(reserve);
	assert_int_equal(jnode_key_span(jnode_get(reserve, "x")).start, 74);
	assert_int_equal(req->notes.len, 0);
	request_free(req);
	source_free(src);
}

/* Bad escapes are positioned problems; decoding goes on. */
static void test_query_problems(void **state)
{
	(void)state;
	static const char text[] = "?Action=StartDtsJob&DtsJobId=j%ZZ1&RegionId=cn%4\n&<Common request parameters>\n";
	struct source *src = source_new("t.txt", text, strlen(text));
	struct request *req = request_parse(src, REQUEST_INPUT_AUTO, NULL, NULL);
	assert_non_null(req->root);
	assert_int_equal(req->notes.len, 3);
	assert_int_equal(req->notes.items[0].kind, REQUEST_QUERY_SYNTAX);
	assert_int_equal(req->notes.items[0].span.start, 30);
	assert_int_equal(req->notes.items[1].kind, REQUEST_QUERY_SYNTAX);
	assert_int_equal(req->notes.items[1].span.start, 46);
	assert_int_equal(req->notes.items[2].kind, REQUEST_QUERY_PLACEHOLDER);
	request_free(req);
	source_free(src);
	/* forced JSON: the same text is a syntax error */
	src = source_new("t.txt", text, strlen(text));
	req = request_parse(src, REQUEST_INPUT_JSON, NULL, NULL);
	assert_null(req->root);
	assert_int_equal(req->problem.kind, REQUEST_SYNTAX);
	request_free(req);
	source_free(src);
}

/* The decoder's questions, answered as the engine would: a name holding
 * "Pw" is secret, "Action", "Known" and "PwKnown" are parameters. */
static bool pw_secret(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i + 1 < len; i++)
		if (name[i] == 'P' && name[i + 1] == 'w')
			return true;
	return false;
}

static bool known(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	static const char *const names[] = {"Action", "Known", "PwKnown"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			return true;
	return false;
}

/* A secret value keeps a raw '&' up to the next known parameter, and the
 * lines after it that start none; raw JSON keeps the lines it is open on.
 * Every case: the text, then member=value pairs (a value's '\n' kept) and
 * the offsets of the problems. */
static void test_query_secret_tails(void **state)
{
	(void)state;
	static const struct {
		const char *text, *members;
		size_t problems[3]; /* offsets; 0 ends */
	} cases[] = {
		{"Action=X&Pw=a&b=1&Known=2\n", "Action=X|Pw=a&b=1|Known=2", {13}},
		{"Action=X&Pw=a&b&&c=1\n", "Action=X|Pw=a&b|c=1", {13}},
		{"Action=X&Pw=a&\n", "Action=X|Pw=a", {0}},               /* a trailing '&': nothing after it */
		{"Action=X&P%77=a&b\n", "Action=X|Pw=a&b", {15}},          /* the name decoded first */
		{"Action=X\n&Pw=a\nb=1\n  c \n&Known=1\n", "Action=X|Pw=a\nb=1\n  c|Known=1", {15, 21}},
		{"Action=X\n&Pw=a\nKnown=1\n", "Action=X|Pw=a|Known=1", {15}}, /* a known name ends it */
		{"Action=X\n&Pw=a\n\nb\n", "Action=X|Pw=a", {16, 16}},         /* so does a blank line */
		{"Action=X\n&R={\"a\":\n 1}\nb\n", "Action=X|R={\"a\":\n 1}", {19, 22, 22}},
		{"Action=X&R=a&b=1\n", "Action=X|R=a|b=1", {0}},              /* not secret */
	};
	struct query_names names = {pw_secret, known, NULL, NULL, NULL};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct source *src = source_new("t.txt", cases[i].text, strlen(cases[i].text));
		struct request *req = request_parse(src, REQUEST_INPUT_AUTO, &names, NULL);
		char got[256] = "";
		for (const struct jnode *m = req->root ? jnode_first(req->root) : NULL; m; m = jnode_next(m)) {
			size_t n = strlen(got);
			snprintf(got + n, sizeof got - n, "%s%.*s=%.*s", n ? "|" : "", (int)jnode_key_len(m),
			         jnode_key(m), (int)jnode_text_len(m), jnode_text(m));
		}
		if (strcmp(got, cases[i].members))
			fail_msg("case %zu: members '%s', want '%s'", i, got, cases[i].members);
		size_t k = 0;
		for (; k < req->notes.len && k < 3 && cases[i].problems[k]; k++)
			if (req->notes.items[k].span.start != cases[i].problems[k])
				fail_msg("case %zu: problem %zu at %zu, want %zu (%s)", i, k, req->notes.items[k].span.start,
				         cases[i].problems[k], req->notes.items[k].message);
		if (k != req->notes.len || (k < 3 && cases[i].problems[k]))
			fail_msg("case %zu: %zu problems", i, req->notes.len);
		request_free(req);
		source_free(src);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_query_problems),
		cmocka_unit_test(test_query_secret_tails),
		cmocka_unit_test(test_problems),
		cmocka_unit_test(test_unwrap),
	};
	return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
