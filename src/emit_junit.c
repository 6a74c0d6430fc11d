/*
 * emit_junit: JUnit XML, the test report format CI systems without a
 * native lint format read (GitLab `artifacts: reports: junit`, Jenkins,
 * Azure Pipelines).  One <testsuite> per input file; one <testcase> per
 * finding, named "RULE pointer", with <failure> for errors; warnings and
 * notes are passing test cases whose <system-out> holds the finding, so
 * the report fails exactly where the default --fail-on does.  A clean
 * file is one passing test case.  Inputs that could not be read are
 * <error> test cases.  Buffered: the totals go in the opening tags.
 */
#include <stdlib.h>
#include <string.h>

#include "emit_util.h"
#include "ruleset.h"
#include "xalloc.h"

struct junit_state {
	char *body;     /* the <testsuite> elements */
	size_t len, cap;
	size_t tests, failures, errors;
};

static void put(struct junit_state *st, const char *s, size_t n)
{
	if (st->len + n + 1 > st->cap) {
		st->cap = (st->len + n + 1) * 2;
		st->body = xrealloc(st->body, st->cap);
	}
	memcpy(st->body + st->len, s, n);
	st->len += n;
	st->body[st->len] = '\0';
}

static void puts_raw(struct junit_state *st, const char *s)
{
	put(st, s, strlen(s));
}

/* XML text and attribute values; control characters (not allowed in XML
 * 1.0) become '?'. */
static void puts_xml(struct junit_state *st, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': puts_raw(st, "&amp;"); break;
		case '<': puts_raw(st, "&lt;"); break;
		case '>': puts_raw(st, "&gt;"); break;
		case '"': puts_raw(st, "&quot;"); break;
		default:
			put(st, c < 0x20 && c != '\t' && c != '\n' ? "?" : s, 1);
			break;
		}
	}
}

/* "LINE:COL: " */
static void put_position(struct junit_state *st, size_t line, size_t column)
{
	char buf[64];
	snprintf(buf, sizeof buf, ":%zu:%zu: ", line, column);
	puts_raw(st, buf);
}

static void junit_init(struct emitter *em)
{
	em->state = xcalloc(1, sizeof(struct junit_state));
}

static void one_finding(struct junit_state *st, const char *path, const struct diag *d)
{
	const char *id = d->rule ? d->rule->id : "dtslint";

	puts_raw(st, "    <testcase classname=\"");
	puts_xml(st, path);
	puts_raw(st, "\" name=\"");
	puts_xml(st, id);
	if (d->pointer[0]) {
		puts_raw(st, " ");
		puts_xml(st, d->pointer);
	}
	puts_raw(st, "\">\n      <");
	puts_raw(st, d->severity == SEV_ERROR ? "failure" : "system-out");
	if (d->severity == SEV_ERROR) {
		puts_raw(st, " type=\"");
		puts_xml(st, id);
		puts_raw(st, "\" message=\"");
		puts_xml(st, d->message);
		puts_raw(st, "\"");
	}
	puts_raw(st, ">");
	puts_xml(st, path);
	put_position(st, d->loc.begin.line, d->loc.begin.column);
	puts_xml(st, severity_name(d->severity));
	puts_raw(st, ": ");
	puts_xml(st, d->message);
	puts_raw(st, " [");
	puts_xml(st, id);
	puts_raw(st, "]");
	puts_raw(st, d->severity == SEV_ERROR ? "</failure>\n" : "</system-out>\n");
	puts_raw(st, "    </testcase>\n");
}

static void junit_file(struct emitter *em, const struct source *src,
                       const struct diag_list *diags)
{
	struct junit_state *st = em->state;
	size_t failures = 0, tests = diags->len ? diags->len : 1;

	for (size_t i = 0; i < diags->len; i++)
		failures += diags->items[i].severity == SEV_ERROR;
	puts_raw(st, "  <testsuite name=\"");
	puts_xml(st, src->name);
	char counts[96];
	snprintf(counts, sizeof counts, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", tests,
	         failures);
	puts_raw(st, counts);
	if (!diags->len) {
		puts_raw(st, "    <testcase classname=\"");
		puts_xml(st, src->name);
		puts_raw(st, "\" name=\"dtslint\"/>\n");
	}
	for (size_t i = 0; i < diags->len; i++)
		one_finding(st, src->name, &diags->items[i]);
	puts_raw(st, "  </testsuite>\n");
	st->tests += tests;
	st->failures += failures;
}

static void junit_input_error(struct emitter *em, const char *path, const char *reason)
{
	struct junit_state *st = em->state;

	puts_raw(st, "  <testsuite name=\"");
	puts_xml(st, path);
	puts_raw(st, "\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"");
	puts_xml(st, path);
	puts_raw(st, "\" name=\"dtslint\">\n      <error message=\"");
	puts_xml(st, reason);
	puts_raw(st, "\"/>\n    </testcase>\n  </testsuite>\n");
	st->tests++;
	st->errors++;
}

static void junit_finish(struct emitter *em)
{
	struct junit_state *st = em->state;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", em->out);
	fprintf(em->out, "<testsuites name=\"dtslint\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
	        st->tests, st->failures, st->errors);
	if (st->body)
		fputs(st->body, em->out);
	fputs("</testsuites>\n", em->out);
}

static void junit_release(struct emitter *em)
{
	struct junit_state *st = em->state;

	if (!st)
		return;
	free(st->body);
	free(st);
	em->state = NULL;
}

const struct emitter_ops emit_junit_ops = {
	.init = junit_init,
	.file = junit_file,
	.input_error = junit_input_error,
	.finish = junit_finish,
	.release = junit_release,
};
