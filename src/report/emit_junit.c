/*
 * emit_junit: JUnit XML, the test report format CI systems without a
 * native lint format read (GitLab `artifacts: reports: junit`, Jenkins,
 * Azure Pipelines).  One <testsuite> per input file; one <testcase> per
 * finding, named "RULE pointer", with <failure> for errors; warnings and
 * notes are passing test cases whose <system-out> holds the finding, so
 * the report fails exactly where the default --fail-on does.  A clean
 * file is one passing test case.  Inputs that could not be read are
 * <error> test cases.  Buffered in a strbuf: the totals go in the
 * opening tag.  Text is made safe with sanitize (no controls, which XML
 * 1.0 does not allow, and no bytes that are not UTF-8), then escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "emit_format.h"
#include "ruleset.h"
#include "sanitize.h"
#include "xalloc.h"

struct junit_state {
	struct strbuf body;  /* the <testsuite> elements */
	struct strbuf clean; /* scratch: sanitised text */
	size_t tests, failures, errors;
};

static void puts_raw(struct junit_state *st, const char *s)
{
	strbuf_addstr(&st->body, s);
}

/* XML text and attribute values (one line: LF is '?' too). */
static void puts_xml(struct junit_state *st, const char *s)
{
	strbuf_reset(&st->clean);
	sanitize_add(&st->clean, s, strlen(s), false);
	for (const char *p = st->clean.buf; *p; p++) {
		switch (*p) {
		case '&': puts_raw(st, "&amp;"); break;
		case '<': puts_raw(st, "&lt;"); break;
		case '>': puts_raw(st, "&gt;"); break;
		case '"': puts_raw(st, "&quot;"); break;
		default: strbuf_addch(&st->body, *p); break;
		}
	}
}

/* "LINE:COL: " */
static void put_position(struct junit_state *st, size_t line, size_t column)
{
	strbuf_addf(&st->body, ":%zu:%zu: ", line, column);
}

static void junit_init(struct emitter *em)
{
	struct junit_state *st = xcalloc(1, sizeof *st);

	strbuf_init(&st->body, 0);
	strbuf_init(&st->clean, 0);
	em->state = st;
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
	strbuf_addf(&st->body, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", tests,
	            failures);
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

	struct strbuf head = STRBUF_INIT;

	strbuf_addstr(&head, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_addf(&head, "<testsuites name=\"dtslint\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
	            st->tests, st->failures, st->errors);
	emit_flush(em, &head);
	strbuf_release(&head);
	puts_raw(st, "</testsuites>\n");
	emit_flush(em, &st->body);
}

static void junit_release(struct emitter *em)
{
	struct junit_state *st = em->state;

	if (!st)
		return;
	strbuf_release(&st->body);
	strbuf_release(&st->clean);
	free(st);
	em->state = NULL;
}

const struct emit_format emit_junit_format = {
	.name = "junit",
	.init = junit_init,
	.file = junit_file,
	.input_error = junit_input_error,
	.finish = junit_finish,
	.release = junit_release,
};
