/*
 * hcl_dump: prints what dtslint's HCL reader (src/input/hcl.c) makes of
 * one .tf file, in the format of tests/hcl_oracle/hcldump.go, which prints
 * the same from HashiCorp's parser; tests/hcl_oracle.sh compares the two.
 * Test-only.  With -e it prints the error's span and message too (for
 * reading, not compared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hcl.h"

static void quote(const char *s, size_t len)
{
	putchar('"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* A DATA node printed as value() prints the same object or tuple read as
 * nodes: items[depth] counts what each open one has printed. */
struct data_print {
	const char *src;
	int depth;
	size_t items[HCL_DEPTH_MAX + 2];
};

static void print_data(void *ctx, const struct hcl_data_event *ev)
{
	struct data_print *d = ctx;

	if (ev->kind == HCL_DATA_END) {
		putchar(d->src[ev->span.end - 1]); /* } or ] */
		d->depth--;
		return;
	}
	if (d->depth > 0 && d->items[d->depth]++)
		fputs(", ", stdout);
	if (ev->key) {
		quote(ev->key->text, ev->key->len);
		fputs(": ", stdout);
	}
	switch (ev->kind) {
	case HCL_DATA_OBJECT:
	case HCL_DATA_TUPLE:
		putchar(ev->kind == HCL_DATA_OBJECT ? '{' : '[');
		d->items[++d->depth] = 0;
		return;
	case HCL_DATA_STRING: quote(ev->string->text, ev->string->len); return;
	case HCL_DATA_NUMBER: fwrite(d->src + ev->span.start, 1, ev->span.end - ev->span.start, stdout); return;
	case HCL_DATA_BOOL: fputs(ev->boolean ? "true" : "false", stdout); return;
	default: fputs("null", stdout); return;
	}
}

static const struct hcl_file *dumped;

/* The value of a literal expression, or "unknown" (as hcldump.go). */
static void value(const char *src, const struct hcl_expr *e)
{
	const struct hcl_string *lit;

	switch (e->kind) {
	case HCL_EXPR_NULL:
		fputs("null", stdout);
		return;
	case HCL_EXPR_BOOL:
		fputs(e->boolean ? "true" : "false", stdout);
		return;
	case HCL_EXPR_NUMBER:
		fwrite(src + e->span.start, 1, e->span.end - e->span.start, stdout);
		return;
	case HCL_EXPR_TEMPLATE:
		lit = hcl_template_literal(e);
		if (lit)
			quote(lit->text, lit->len);
		else
			fputs("unknown", stdout);
		return;
	case HCL_EXPR_TUPLE:
		putchar('[');
		for (size_t i = 0; i < e->nkids; i++) {
			fputs(i ? ", " : "", stdout);
			value(src, e->kids[i]);
		}
		putchar(']');
		return;
	case HCL_EXPR_DATA: {
		struct data_print d = {.src = src};

		hcl_data_walk(dumped, e, print_data, &d);
		return;
	}
	case HCL_EXPR_OBJECT:
		putchar('{');
		for (size_t i = 0; i + 1 < e->nkids; i += 2) {
			fputs(i ? ", " : "", stdout);
			lit = hcl_object_key(e->kids[i]);
			if (lit)
				quote(lit->text, lit->len);
			else
				fputs("unknown", stdout);
			fputs(": ", stdout);
			value(src, e->kids[i + 1]);
		}
		putchar('}');
		return;
	default:
		fputs("unknown", stdout);
	}
}

static void body(const char *src, const struct hcl_body *b, int indent)
{
	for (size_t i = 0; i < b->nitems; i++) {
		const struct hcl_attribute *a = b->items[i].attr;
		const struct hcl_block *bl = b->items[i].block;

		if (a) {
			printf("%*sattr %s %zu %zu ", indent, "", a->name, (size_t)a->span.start, (size_t)a->span.end);
			value(src, a->expr);
			putchar('\n');
			continue;
		}
		printf("%*sblock %s", indent, "", bl->type);
		for (size_t j = 0; j < bl->nlabels; j++) {
			putchar(' ');
			quote(bl->labels[j].text.text, bl->labels[j].text.len);
		}
		printf(" %zu %zu\n", (size_t)bl->span.start, (size_t)bl->span.end);
		body(src, &bl->body, indent + 2);
	}
}

int main(int argc, char **argv)
{
	int show_error = argc > 2 && !strcmp(argv[1], "-e");
	const char *path = argv[argc - 1];
	FILE *f = argc > 1 ? fopen(path, "rb") : NULL;
	char *src = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "usage: hcl_dump [-e] FILE.tf\n");
		return 2;
	}
	do {
		if (len + 65536 > cap) {
			cap = (cap + 65536) * 2;
			src = realloc(src, cap);
			if (!src)
				return 2;
		}
		n = fread(src + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);

	struct hcl_error err;
	struct hcl_file *file = hcl_file_parse(src, len, &err);
	if (!file) {
		puts("error");
		if (show_error)
			printf("%zu %zu %s\n", (size_t)err.span.start, (size_t)err.span.end, err.message);
	} else {
		puts("ok");
		dumped = file;
		body(src, &file->body, 0);
	}
	hcl_file_free(file);
	free(src);
	return 0;
}
