/*
 * The secret scan beside the checks (secret_scan.c, secret_scan_beside_*):
 * started before the checks, with strings parsed and long texts decoded
 * on this thread while it runs, it must find exactly the spans that
 * secret_scan_tree() finds once the checks are done; so must
 * secret_scan_tree() with its biggest container split over two threads.
 * Built for ThreadSanitizer too (.ci/run), where a race fails the run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "request.h"
#include "ruleset.h"
#include "secret_scan.h"
#include "jsonpos_view.h"
#include "source.h"
#include "strbuf.h"

/* A request whose secrets are in every place the scan looks: a top-level
 * value, a DbList string holding JSON (its tables' keys, a nested string
 * of JSON inside it, a long filter), a top-level string longer than the
 * parser decodes eagerly (JSONPOS_LAZY_MIN: decoded on first use, by
 * either thread), a Reserve string parsed by the checks, one no check
 * parses (lexed). */
static char *request_text(size_t *len)
{
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addstr(&db, "{");
	for (int t = 0; t < 60; t++) {
		strbuf_addf(&db, "%s\"t%d\": {\"name\": \"T%d\", \"all\": true", t ? ", " : "", t, t);
		if (t % 5 == 0)
			strbuf_addf(&db, ", \"dbPasswrd%d\": \"hunter2-%d\"", t, t);
		if (t % 7 == 0)
			strbuf_addf(&db, ", \"dml_op\": \"{\\\"password\\\": \\\"nested-%d\\\"}\"", t);
		strbuf_addstr(&db, "}");
	}
	strbuf_addstr(&db, ", \"long\": {\"filter\": \"");
	for (int i = 0; i < 2000; i++)
		strbuf_addstr(&db, "id > 5 and ");
	strbuf_addstr(&db, "{'SecretKey': 'lazy-secret'}\"}}");
	strbuf_addstr(&out, "{\"Action\": \"ConfigureDtsJob\", \"SourceEndpointPassword\": \"top-secret\", \"DbList\": \"");
	for (const char *p = db.buf; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addch(&out, '\\');
		strbuf_addch(&out, *p);
	}
	strbuf_addstr(&out, "\", \"LongFilter\": \"");
	for (int i = 0; i < 2000; i++)
		strbuf_addstr(&out, "id > 5 and ");
	strbuf_addstr(&out, "{'SecretKey': 'lazy-top'}\", \"Reserve\": \"{\\\"srcPassword\\\": \\\"reserve-secret\\\"}\", "
	                  "\"Other\": \"{\\\"AccessKeySecret\\\": \\\"never-parsed\\\"}\"}");
	strbuf_release(&db);
	*len = out.len;
	return strbuf_detach(&out, NULL);
}

/* What the checks do to the tree meanwhile: read the top-level texts
 * (decoding the long one), parse DbList and Reserve, read every text of
 * the DbList. */
static void act_as_checks(struct request *req, struct secret_scan_beside *b)
{
	for (const struct jnode *m = jnode_first(req->root); m; m = jnode_next(m))
		if (jnode_type(m) == JT_STRING)
			assert_non_null(jnode_text(m));
	static const char *const parsed[] = {"DbList", "Reserve"};
	for (size_t i = 0; i < 2; i++) {
		struct jnode *str = (struct jnode *)jnode_get(req->root, parsed[i]);
		assert_non_null(str);
		struct request_problem problem;
		const struct jnode *root = request_unwrap(req, str, &problem);
		assert_non_null(root);
		if (b)
			secret_scan_beside_nested(b, str);
		for (const struct jnode *t = jnode_first(root); t; t = jnode_next(t))
			for (const struct jnode *m = jnode_first(t); m; m = jnode_next(m))
				if (jnode_type(m) == JT_STRING)
					assert_non_null(jnode_text(m));
	}
}

static int by_start(const void *a, const void *b)
{
	const struct diag_secret *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start ? 1 : x->end < y->end ? -1 : x->end > y->end;
}

/* The spans sorted and merged: what the emitters mask. */
static size_t merged(struct diag_list *d)
{
	qsort(d->secrets, d->n_secrets, sizeof *d->secrets, by_start);
	size_t n = 0;
	for (size_t i = 0; i < d->n_secrets; i++) {
		if (n && d->secrets[i].start <= d->secrets[n - 1].end) {
			if (d->secrets[i].end > d->secrets[n - 1].end)
				d->secrets[n - 1].end = d->secrets[i].end;
		} else {
			d->secrets[n++] = d->secrets[i];
		}
	}
	return n;
}

enum how { AFTER, AFTER_SPLIT, BESIDE };

/* The spans of one scan: after the checks (on one thread, or with the
 * biggest container split over two), or beside them. */
static void scan(const struct ruleset *rs, const struct source *src, enum how how, struct diag_list *out)
{
	struct request *req = request_parse(src, REQUEST_INPUT_JSON, NULL, NULL);
	assert_non_null(req->root);
	struct secret_memo *memo = secret_memo_new(rs);
	diag_list_init(out);
	bool beside = how == BESIDE;
	struct secret_scan s = {rs, memo, req, out, how == AFTER ? 1 : 2, 0};
	struct secret_scan_beside *b = beside ? secret_scan_beside_start(&s) : NULL;
	if (beside)
		assert_non_null(b);
	act_as_checks(req, b);
	if (b)
		secret_scan_beside_finish(b);
	else
		secret_scan_tree(&s);
	secret_memo_free(memo);
	request_free(req);
}

static void test_same_spans_as_after_the_checks(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	size_t len;
	char *text = request_text(&len);
	struct source *src = source_new("beside.json", text, len);
	struct diag_list after;
	scan(rs, src, AFTER, &after);
	size_t n = merged(&after);
	/* the secrets are all found: the top value, the DbList's columns and
	 * nested strings, the long filters, Reserve's, Other's */
	static const char *const values[] = {"top-secret", "hunter2-0", "nested-14", "lazy-secret", "lazy-top",
	                                     "reserve-secret", "never-parsed"};
	for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
		size_t at = (size_t)(strstr(text, values[v]) - text);
		size_t i = 0;
		while (i < n && !(after.secrets[i].start <= at && at < after.secrets[i].end))
			i++;
		if (i == n)
			fail_msg("'%s' is not masked", values[v]);
	}
	/* again and again: a race would show as a different set some time,
	 * or as a report under ThreadSanitizer */
	for (int round = 0; round < 40; round++) {
		struct diag_list other;
		scan(rs, src, round % 4 ? BESIDE : AFTER_SPLIT, &other);
		assert_int_equal(merged(&other), n);
		assert_memory_equal(other.secrets, after.secrets, n * sizeof *after.secrets);
		diag_list_release(&other);
	}
	diag_list_release(&after);
	source_free(src);
	free(text);
	ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_spans_as_after_the_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
