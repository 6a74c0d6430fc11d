/*
 * Unit tests of the HCL reader: the decoded text of a string and the file
 * offset of each of its bytes (escapes, heredocs with <<- indentation,
 * CRLF), which templates are literal, object keys and labels, the tree's
 * spans, and errors where they are (the nesting limit, encodings).
 * tests/hcl_oracle.sh compares the rest with HashiCorp's parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hcl.h"

static struct hcl_file *parse_ok(const char *text)
{
	struct hcl_error err;
	struct hcl_file *f = hcl_file_parse(text, strlen(text), &err);

	if (!f)
		fail_msg("'%s' does not parse: %zu-%zu %s", text, (size_t)err.span.start, (size_t)err.span.end, err.message);
	return f;
}

/* The first attribute of the file, or of its first block. */
static const struct hcl_expr *first_value(const struct hcl_file *f)
{
	const struct hcl_item *it = &f->body.items[0];

	if (it->block)
		it = &it->block->body.items[0];
	assert_non_null(it->attr);
	return it->attr->expr;
}

/* text's first attribute is a literal string decoding to want, whose
 * bytes come from the file offsets map[] (map[len] the end). */
static void literal_is(const char *text, const char *want, size_t want_len, const size_t *map)
{
	struct hcl_file *f = parse_ok(text);
	const struct hcl_string *lit = hcl_template_literal(first_value(f));

	assert_non_null(lit);
	assert_int_equal(lit->len, want_len);
	assert_memory_equal(lit->text, want, want_len);
	if (lit->map) /* a copy; else the file's own bytes */
		assert_int_equal(lit->text[lit->len], '\0');
	for (size_t i = 0; i <= want_len; i++) {
		if (hcl_string_offset(lit, i) != map[i])
			fail_msg("'%s': byte %zu maps to %zu, not %zu", text, i, (size_t)hcl_string_offset(lit, i), map[i]);
	}
	hcl_file_free(f);
}

static void test_escapes_map_to_their_backslash(void **state)
{
	(void)state;
	/*          0123456 7 8 9 */
	literal_is("a = \"x\\ny\"", "x\ny", 3, (const size_t[]){ 5, 6, 8, 9 });
	/* a \u escape's three UTF-8 bytes all map to its backslash */
	literal_is("a = \"\\u00e9\\\"\"", "\xc3\xa9\"", 3, (const size_t[]){ 5, 5, 11, 13 });
	literal_is("a = \"\\U0001F600\"", "\xf0\x9f\x98\x80", 4, (const size_t[]){ 5, 5, 5, 5, 15 });
	/* raw multi-byte characters: each byte to its own offset */
	literal_is("a = \"\xc3\xa9!\"", "\xc3\xa9!", 3, (const size_t[]){ 5, 6, 7, 8 });
	/* $${ and %%{ are text: the doubled sign is dropped */
	literal_is("a = \"$${x}\"", "${x}", 4, (const size_t[]){ 6, 7, 8, 9, 10 });
	literal_is("a = \"\\u0000\"", "\0", 1, (const size_t[]){ 5, 11 });
	literal_is("a = \"\"", "", 0, (const size_t[]){ 5 });
}

static void test_heredoc_keeps_backslashes(void **state)
{
	(void)state;
	/*          0123456789 0 1 2 3 4 5 */
	literal_is("a = <<EOF\n\\n\"\nEOF\n", "\\n\"\n", 4, (const size_t[]){ 10, 11, 12, 13, 14 });
	literal_is("a = <<EOF\nEOF\n", "", 0, (const size_t[]){ 10 });
}

static void test_flush_heredoc_strips_smallest_indent(void **state)
{
	(void)state;
	/* "    x\n  y\n    EOT": two spaces go from every line; the text of
	 * each line still maps to its own file bytes */
	const char *text = "a = <<-EOT\n    x\n  y\n    EOT\n";
	literal_is(text, "  x\ny\n", 6, (const size_t[]){ 13, 14, 15, 16, 19, 20, 21 });
	/* a blank line counts not and keeps its spaces; a tab is one */
	literal_is("a = <<-EOT\n\t  a\n \n\t b\n  EOT\n", " a\n \nb\n", 7,
	           (const size_t[]){ 13, 14, 15, 16, 17, 20, 21, 22 });
	/* a line that starts with an interpolation counts 0: nothing goes */
	struct hcl_file *f = parse_ok("a = <<-EOT\n  x\n${y}\nEOT\n");
	const struct hcl_expr *e = first_value(f);
	assert_null(hcl_template_literal(e));
	assert_int_equal(e->nparts, 3);
	assert_int_equal(e->parts[0].kind, HCL_PART_LITERAL);
	assert_int_equal(e->parts[0].lit.len, 4);
	assert_memory_equal(e->parts[0].lit.text, "  x\n", 4);
	assert_int_equal(e->parts[1].kind, HCL_PART_INTERP);
	assert_string_equal(e->parts[1].expr->names->name, "y");
	hcl_file_free(f);
	/* lines split by interpolations: "  ${w}" counts its two spaces, and
	 * the spaces go from every literal that starts a line */
	/* line 2 starts at 11, line 3 at 21, line 4 at 27 */
	f = parse_ok("a = <<-EOT\n    x${y}\n    z\n  ${w}\n  EOT\n");
	e = first_value(f);
	assert_int_equal(e->nparts, 5);
	assert_int_equal(e->parts[0].lit.len, 3);
	assert_memory_equal(e->parts[0].lit.text, "  x", 3);
	assert_int_equal(hcl_string_offset(&e->parts[0].lit, 0), 13);
	assert_int_equal(e->parts[0].span.start, 13);
	assert_int_equal(e->parts[2].lit.len, 5);
	assert_memory_equal(e->parts[2].lit.text, "\n  z\n", 5);
	assert_int_equal(hcl_string_offset(&e->parts[2].lit, 1), 23);
	assert_int_equal(hcl_string_offset(&e->parts[2].lit, 4), 26);
	assert_int_equal(hcl_string_offset(&e->parts[2].lit, 5), 29); /* where ${w} starts */
	assert_int_equal(e->parts[4].lit.len, 1);
	hcl_file_free(f);
	/* CRLF line ends stay in the text */
	literal_is("a = <<EOT\r\nx\r\nEOT\r\n", "x\r\n", 3, (const size_t[]){ 11, 12, 13, 14 });
}

static void test_heredoc_span_ends_at_marker(void **state)
{
	(void)state;
	struct hcl_file *f = parse_ok("a = <<-EOT\n  x\n  EOT\nb = 1\n");
	const struct hcl_attribute *a = f->body.items[0].attr;

	assert_int_equal(a->expr->span.start, 4);
	assert_int_equal(a->expr->span.end, 20);
	assert_int_equal(a->span.end, 20);
	assert_true(a->expr->heredoc && a->expr->flush);
	assert_string_equal(f->body.items[1].attr->name, "b");
	hcl_file_free(f);
}

static void is_literal(const char *text, bool literal)
{
	struct hcl_file *f = parse_ok(text);

	if ((hcl_template_literal(first_value(f)) != NULL) != literal)
		fail_msg("'%s' should %sbe literal", text, literal ? "" : "not ");
	hcl_file_free(f);
}

static void test_template_literal(void **state)
{
	(void)state;
	is_literal("a = \"plain\"", true);
	is_literal("a = \"$${not} %%{either}\"", true);
	is_literal("a = \"${var.x}\"", false);
	is_literal("a = \"x${1}\"", false);
	is_literal("a = \"%{if true}x%{endif}\"", false);
	is_literal("a = <<EOF\n${x}\nEOF\n", false);
	is_literal("a = var.x", false);
	is_literal("a = 1", false);
	is_literal("a = jsonencode({})", false);
}

static void test_object_keys_and_spans(void **state)
{
	(void)state;
	/*                   0         1         2         3
	 *                   0123456789012345678901234567890123456 */
	const char *text = "r \"t\" n {\n  v = jsonencode({ a = 1, \"b\\n\" : [x], (k) = 2 })\n}\n";
	struct hcl_file *f = parse_ok(text);
	const struct hcl_block *b = f->body.items[0].block;

	assert_string_equal(b->type, "r");
	assert_int_equal(b->nlabels, 2);
	assert_true(b->labels[0].quoted);
	assert_int_equal(b->labels[0].text.len, 1);
	assert_memory_equal(b->labels[0].text.text, "t", 1);
	assert_ptr_equal(b->labels[0].text.text, text + 3); /* the file's own bytes */
	assert_null(b->labels[0].text.map);
	assert_int_equal(hcl_string_offset(&b->labels[0].text, 0), 3);
	assert_false(b->labels[1].quoted);
	assert_memory_equal(b->labels[1].text.text, "n", 1);
	assert_int_equal(b->labels[1].span.start, 6);

	const struct hcl_expr *call = b->body.items[0].attr->expr;
	assert_int_equal(call->kind, HCL_EXPR_CALL);
	assert_string_equal(call->names->name, "jsonencode");
	assert_int_equal(call->nkids, 1);
	const struct hcl_expr *obj = call->kids[0];
	assert_int_equal(obj->kind, HCL_EXPR_OBJECT);
	assert_int_equal(obj->nkids, 6);
	assert_memory_equal(text + obj->span.start, "{", 1);
	assert_memory_equal(text + obj->span.end - 1, "}", 1);

	const struct hcl_string *k = hcl_object_key(obj->kids[0]);
	assert_non_null(k);
	assert_memory_equal(k->text, "a", 1);
	assert_int_equal(hcl_string_offset(k, 0), 29);
	assert_int_equal(obj->kids[1]->kind, HCL_EXPR_NUMBER);
	assert_int_equal(obj->kids[1]->span.start, 33);

	k = hcl_object_key(obj->kids[2]);
	assert_non_null(k);
	assert_int_equal(k->len, 2);
	assert_memory_equal(k->text, "b\n", 2);
	assert_int_equal(hcl_string_offset(k, 1), 38);
	assert_int_equal(obj->kids[3]->kind, HCL_EXPR_TUPLE);
	assert_int_equal(obj->kids[3]->kids[0]->kind, HCL_EXPR_VARIABLE);

	assert_null(hcl_object_key(obj->kids[4])); /* (k): computed */
	hcl_file_free(f);
}

static void test_expression_shapes(void **state)
{
	(void)state;
	struct hcl_file *f = parse_ok("a = x ? -1 : local.y[0].z\nb = [for k, v in m : v if k != \"\"]\n");
	const struct hcl_expr *c = f->body.items[0].attr->expr;

	assert_int_equal(c->kind, HCL_EXPR_CONDITIONAL);
	assert_int_equal(c->nkids, 3);
	assert_int_equal(c->kids[1]->kind, HCL_EXPR_UNARY);
	assert_string_equal(c->kids[1]->op, "-");
	const struct hcl_expr *z = c->kids[2];
	assert_int_equal(z->kind, HCL_EXPR_GETATTR);
	assert_string_equal(z->names->name, "z");
	assert_int_equal(z->kids[0]->kind, HCL_EXPR_INDEX);
	assert_int_equal(z->kids[0]->kids[0]->kind, HCL_EXPR_GETATTR);
	assert_int_equal(z->span.start, 13);
	assert_int_equal(z->span.end, 25);

	const struct hcl_expr *fe = f->body.items[1].attr->expr;
	assert_int_equal(fe->kind, HCL_EXPR_FOR);
	assert_string_equal(fe->names->key_var, "k");
	assert_string_equal(fe->names->name, "v");
	assert_int_equal(fe->nkids, 4);
	assert_null(fe->kids[1]);
	assert_int_equal(fe->kids[3]->kind, HCL_EXPR_BINARY);
	assert_string_equal(fe->kids[3]->op, "!=");
	hcl_file_free(f);
}

static void fails_at(const char *text, size_t len, size_t start, const char *words)
{
	struct hcl_error err;
	struct hcl_file *f = hcl_file_parse(text, len, &err);

	if (f)
		fail_msg("'%s' parses", text);
	if (err.span.start != start || !strstr(err.message, words))
		fail_msg("'%s': error at %zu '%s', not at %zu '%s'", text, (size_t)err.span.start, err.message, start, words);
}

static void test_errors(void **state)
{
	(void)state;
	fails_at("a = \"caf\xe9\"\n", 11, 8, "invalid UTF-8");
	fails_at("a = \"\xed\xa0\x80\"\n", 10, 5, "invalid UTF-8"); /* a surrogate */
	fails_at("a = 1\n\0", 7, 6, "NUL");
	fails_at("a = \"\\ud800\"\n", 13, 5, "not a Unicode character");
	fails_at("a = 1\na = 2\n", 12, 6, "set twice");
	fails_at("a = <<EOF\nx\n", 12, 4, "unterminated heredoc");
	fails_at("a = \"x\n", 7, 4, "unterminated string");
	/* a newline is named, not printed raw inside quotes */
	fails_at("a = \n", 5, 4, "expected an expression, found the end of the line");
	fails_at("a = \r\n", 6, 4, "expected an expression, found the end of the line");
}

/* Nesting is bounded: 10,000 brackets, parentheses, unary minuses or
 * blocks give an error at the limit, not a stack overflow. */
static void test_depth_limit(void **state)
{
	(void)state;
	static const char *const opens[] = { "[", "(", "-", "{a=", "\"${", "b {\n" };
	static const char *const closes[] = { "]", ")", "", "}", "}\"", "}\n" };

	for (size_t k = 0; k < sizeof opens / sizeof *opens; k++) {
		char *text = malloc(100000);
		size_t n = 0;
		struct hcl_error err;

		n += (size_t)sprintf(text + n, "%s", k == 5 ? "" : "a = ");
		for (int i = 0; i < 10000; i++)
			n += (size_t)sprintf(text + n, "%s", opens[k]);
		n += (size_t)sprintf(text + n, "%s", k == 5 ? "" : "1");
		for (int i = 0; i < 10000; i++)
			n += (size_t)sprintf(text + n, "%s", closes[k]);
		struct hcl_file *f = hcl_file_parse(text, n, &err);
		if (f)
			fail_msg("%s x 10000 parses", opens[k]);
		if (!strstr(err.message, "nesting deeper"))
			fail_msg("%s x 10000: %s", opens[k], err.message);
		free(text);
	}
	/* under the limit it parses */
	struct hcl_file *f = parse_ok("a = [[[[[[[[[[1]]]]]]]]]]\n");
	hcl_file_free(f);
}

/* A heredoc is read a line at a time: a long one must join its lines in
 * linear time (joining each to all before it took minutes for 1 MB). */
static void test_long_heredoc_is_linear(void **state)
{
	(void)state;
	const size_t lines = 100000;
	char *text = malloc(lines * 8 + 64);
	size_t n = (size_t)sprintf(text, "a = <<-EOT\n");

	for (size_t i = 0; i < lines; i++)
		n += (size_t)sprintf(text + n, "  %05zu\n", i % 100000);
	n += (size_t)sprintf(text + n, "  EOT\n");
	struct hcl_error err;
	struct hcl_file *f = hcl_file_parse(text, n, &err);
	assert_non_null(f);
	const struct hcl_string *lit = hcl_template_literal(first_value(f));
	assert_non_null(lit);
	assert_int_equal(lit->len, lines * 6);
	assert_memory_equal(lit->text + 6 * 99999, "99999\n", 6);
	assert_int_equal(hcl_string_offset(lit, 6 * 99999), 11 + 8 * 99999 + 2);
	hcl_file_free(f);
	free(text);
}

/* What a big jsonencode() value costs: a string with no escape and no
 * template, and a heredoc with nothing to strip, are the file's own
 * bytes, with no copy and no map; a node is 56 bytes. */
static void test_plain_strings_borrow_the_file(void **state)
{
	(void)state;
	const char *text = "a = \"xy\"\nb = \"x\\ny\"\nc = <<EOF\nxy\nEOF\nd = <<-EOF\n  xy\n  EOF\n";
	struct hcl_file *f = parse_ok(text);
	const struct hcl_string *a = hcl_template_literal(f->body.items[0].attr->expr);
	const struct hcl_string *b = hcl_template_literal(f->body.items[1].attr->expr);
	const struct hcl_string *c = hcl_template_literal(f->body.items[2].attr->expr);
	const struct hcl_string *d = hcl_template_literal(f->body.items[3].attr->expr);

	assert_true(a->text == text + 5 && !a->map && a->len == 2);
	assert_true(b->map && b->len == 3 && !memcmp(b->text, "x\ny", 4)); /* a copy, with its NUL */
	assert_true(c->text == text + 30 && !c->map && c->len == 3);
	assert_true(d->map && d->len == 3 && !memcmp(d->text, "xy\n", 4));
	assert_int_equal(hcl_string_offset(d, 0), 50);
	assert_true(sizeof(struct hcl_expr) <= 56);
	hcl_file_free(f);
}

/* ---- DATA against nodes ---------------------------------------------- */

struct trace {
	char buf[8192];
	size_t n;
};

__attribute__((format(printf, 2, 3)))
static void trace_add(struct trace *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t->n += (size_t)vsnprintf(t->buf + t->n, sizeof t->buf - t->n, fmt, ap);
	va_end(ap);
	assert_true(t->n < sizeof t->buf);
}

static void trace_string(struct trace *t, const struct hcl_string *s)
{
	trace_add(t, " '%.*s'", (int)s->len, s->text);
	for (size_t i = 0; i <= s->len; i++)
		trace_add(t, "%c%u", i ? ',' : '@', (unsigned)hcl_string_offset(s, i));
}

static void trace_key(struct trace *t, const struct hcl_string *key, struct hcl_span span)
{
	if (key) {
		trace_string(t, key);
		trace_add(t, " %u-%u:", (unsigned)span.start, (unsigned)span.end);
	}
}

static void trace_event(void *ctx, const struct hcl_data_event *ev)
{
	struct trace *t = ctx;
	static const char kinds[] = "OTESNBZ";

	trace_add(t, "\n%c", kinds[ev->kind]);
	trace_key(t, ev->key, ev->key_span);
	trace_add(t, " %u-%u", (unsigned)ev->span.start, (unsigned)(ev->kind == HCL_DATA_OBJECT ||
	          ev->kind == HCL_DATA_TUPLE ? ev->span.start : ev->span.end));
	if (ev->kind == HCL_DATA_STRING)
		trace_string(t, ev->string);
	if (ev->kind == HCL_DATA_BOOL)
		trace_add(t, " %d", ev->boolean);
}

/* The same trace from nodes; the last `skip` items of the outermost
 * object are left out. */
static void trace_nodes(struct trace *t, const struct hcl_expr *e, const struct hcl_string *key,
                        struct hcl_span key_span, size_t skip)
{
	struct hcl_data_event ev = {.key = key, .key_span = key_span, .span = e->span};

	switch (e->kind) {
	case HCL_EXPR_OBJECT:
	case HCL_EXPR_TUPLE:
		ev.kind = e->kind == HCL_EXPR_OBJECT ? HCL_DATA_OBJECT : HCL_DATA_TUPLE;
		trace_event(t, &ev);
		for (size_t i = 0; e->kind == HCL_EXPR_TUPLE && i < e->nkids; i++)
			trace_nodes(t, e->kids[i], NULL, key_span, 0);
		for (size_t i = 0; e->kind == HCL_EXPR_OBJECT && i + 2 * skip < e->nkids; i += 2)
			trace_nodes(t, e->kids[i + 1], hcl_object_key(e->kids[i]), e->kids[i]->span, 0);
		ev = (struct hcl_data_event){.kind = HCL_DATA_END, .key_span = key_span, .span = e->span};
		break;
	case HCL_EXPR_TEMPLATE:
		ev.kind = HCL_DATA_STRING;
		ev.string = hcl_template_literal(e);
		assert_non_null(ev.string);
		break;
	case HCL_EXPR_NUMBER: ev.kind = HCL_DATA_NUMBER; break;
	case HCL_EXPR_BOOL: ev.kind = HCL_DATA_BOOL; ev.boolean = e->boolean; break;
	case HCL_EXPR_NULL: ev.kind = HCL_DATA_NULL; break;
	default: fail_msg("a node of kind %d in data", e->kind);
	}
	trace_event(t, &ev);
}

/* An object of literal data is one DATA node whose walk gives the keys,
 * spans, texts and maps that the same object read as nodes has (a
 * reference after it makes the reader take it as nodes). */
static void test_data_walk_is_the_nodes(void **state)
{
	(void)state;
	static const char *const items[] = {
		"a = 1, \"b\" : \"x\\ty\\u00e9\", c = [1, \"two\", [], {}, { d = null }]",
		"\"esc\\\"key\\\\\" = \"$${a}%%{b}$c%d\", t = true, f = false",
		"\n  x = {\n    y = \"z\"\n  }\r\n  n = [\n    1.5e3,\n    \"\"\n  ]\n",
		"\"\\U0001F600\" = { \"名前\" = \"値\" }, ключ = 0",
	};
	for (size_t k = 0; k < sizeof items / sizeof *items; k++) {
		char data_text[512], node_text[512];
		struct trace walked = {.n = 0}, read = {.n = 0};

		snprintf(data_text, sizeof data_text, "v = {%s}\n", items[k]);
		snprintf(node_text, sizeof node_text, "v = {%s\nzz = var.x}\n", items[k]);
		struct hcl_file *df = parse_ok(data_text), *nf = parse_ok(node_text);
		const struct hcl_expr *de = first_value(df), *ne = first_value(nf);

		assert_int_equal(de->kind, HCL_EXPR_DATA);
		assert_int_equal(ne->kind, HCL_EXPR_OBJECT);
		hcl_data_walk(df, de, trace_event, &walked);
		trace_nodes(&read, ne, NULL, (struct hcl_span){0, 0}, 1);
		/* the node object ends later: its END differs by the added item */
		char *w_end = strrchr(walked.buf, '\n'), *r_end = strrchr(read.buf, '\n');
		*w_end = *r_end = '\0';
		if (strcmp(walked.buf, read.buf))
			fail_msg("item set %zu:\nwalked:%s\nnodes:%s", k, walked.buf, read.buf);
		hcl_file_free(df);
		hcl_file_free(nf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes_map_to_their_backslash),
		cmocka_unit_test(test_heredoc_keeps_backslashes),
		cmocka_unit_test(test_flush_heredoc_strips_smallest_indent),
		cmocka_unit_test(test_heredoc_span_ends_at_marker),
		cmocka_unit_test(test_template_literal),
		cmocka_unit_test(test_object_keys_and_spans),
		cmocka_unit_test(test_expression_shapes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_long_heredoc_is_linear),
		cmocka_unit_test(test_plain_strings_borrow_the_file),
		cmocka_unit_test(test_data_walk_is_the_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
