/*
 * fuzz_hcl: libFuzzer target for the HCL reader (src/input/hcl.c).  The
 * input is parsed as a .tf file; beyond no crash, leak or hang, it checks
 * what the later converter relies on: every span lies inside the input
 * and inside its parent's span, the items of a body come in file order
 * without overlapping, and every literal's map points into the input in
 * non-decreasing order, inside its part (a literal that is the file's own
 * bytes points at them).  An error's span lies inside the
 * input too.  (The comparison with HashiCorp's parser runs on the files of
 * testdata/terraform/, tests/hcl_oracle.sh: a Go process per input would
 * slow the fuzzer a thousandfold.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hcl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t input_size;

static void check(int ok, const char *what, size_t a, size_t b)
{
	if (!ok) {
		fprintf(stderr, "fuzz_hcl: %s (%zu, %zu)\n", what, a, b);
		abort();
	}
}

static void inside(struct hcl_span s, struct hcl_span parent)
{
	check(s.start <= s.end && s.end <= input_size, "a span outside the input", s.start, s.end);
	check(s.start >= parent.start && s.end <= parent.end, "a span outside its parent", s.start, s.end);
}

static const uint8_t *input;

static void check_string(const struct hcl_string *s, struct hcl_span span)
{
	for (size_t i = 0; i <= s->len; i++) {
		size_t at = hcl_string_offset(s, i), before = i ? hcl_string_offset(s, i - 1) : 0;

		check(at >= span.start && at <= span.end, "a map outside its literal", i, at);
		check(!i || at >= before, "a map going back", i, at);
	}
	if (s->map) /* a copy */
		check(s->text[s->len] == '\0', "a literal without its NUL", s->len, 0);
	else /* the file's own bytes */
		check(s->len == 0 || s->text == (const char *)input + s->at, "a borrowed literal elsewhere", s->at, s->len);
}

static const struct hcl_file *parsed;

/* Every value of a DATA node inside it, in file order, and its strings'
 * maps inside their values. */
static void check_data_event(void *ctx, const struct hcl_data_event *ev)
{
	struct hcl_span *node = ctx;

	inside(ev->span, *node);
	if (ev->key) {
		inside(ev->key_span, *node);
		check(ev->key_span.end <= ev->span.start, "a key after its value", ev->key_span.end, ev->span.start);
		check_string(ev->key, ev->key_span);
	}
	if (ev->kind == HCL_DATA_STRING)
		check_string(ev->string, ev->span);
}

static void check_expr(const struct hcl_expr *e, struct hcl_span parent)
{
	inside(e->span, parent);
	for (size_t i = 0; i < e->nparts; i++) {
		const struct hcl_part *p = &e->parts[i];

		inside(p->span, e->span);
		if (p->kind == HCL_PART_LITERAL)
			check_string(&p->lit, e->span);
		else if (p->expr)
			check_expr(p->expr, p->span);
	}
	for (size_t i = 0; i < e->nkids; i++)
		if (e->kids[i])
			check_expr(e->kids[i], e->span);
	if (e->kind == HCL_EXPR_DATA) {
		struct hcl_span node = e->span;

		hcl_data_walk(parsed, e, check_data_event, &node);
	}
	if (e->kind == HCL_EXPR_VARIABLE)
		check_string(&e->names->ident, e->span);
	const struct hcl_string *lit = hcl_template_literal(e);
	check(!lit || e->kind == HCL_EXPR_TEMPLATE, "a literal that is no template", e->span.start, e->span.end);
	check(e->kind != HCL_EXPR_TEMPLATE || !lit != !e->parts, "a template both literal and in parts",
	      e->span.start, e->span.end);
	if (lit)
		check_string(lit, e->span);
}

static void check_body(const struct hcl_body *b, struct hcl_span parent)
{
	size_t last_end = parent.start;

	for (size_t i = 0; i < b->nitems; i++) {
		const struct hcl_attribute *a = b->items[i].attr;
		const struct hcl_block *bl = b->items[i].block;

		check(!a != !bl, "an item that is not one of attribute or block", i, 0);
		struct hcl_span s = a ? a->span : bl->span;
		inside(s, parent);
		check(s.start >= last_end, "items overlapping or out of order", s.start, last_end);
		last_end = s.end;
		if (a) {
			inside(a->name_span, a->span);
			check_expr(a->expr, a->span);
			continue;
		}
		inside(bl->type_span, bl->span);
		for (size_t j = 0; j < bl->nlabels; j++) {
			inside(bl->labels[j].span, bl->span);
			check_string(&bl->labels[j].text, bl->labels[j].span);
		}
		check_body(&bl->body, bl->span);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hcl_error err;
	struct hcl_file *f = hcl_file_parse((const char *)data, size, &err);
	struct hcl_span all = { 0, (uint32_t)size };

	input_size = size;
	input = data;
	if (!f) {
		check(err.span.start <= err.span.end && err.span.end <= size, "an error outside the input",
		      err.span.start, err.span.end);
		check(err.message[0] != '\0', "an error without a message", 0, 0);
		return 0;
	}
	parsed = f;
	check_body(&f->body, all);
	hcl_file_free(f);
	return 0;
}
