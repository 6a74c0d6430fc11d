/*
 * Unit tests of diag: severities, adding findings (copies, related
 * locations, secrets), resolving spans to line:column and the one sort
 * order every emitter relies on, and counting against --fail-on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "ruleset.h"

static struct rule rule_e101 = {.id = "DTS101", .name = "unknown-parameter",
                                .severity = SEV_ERROR, .index = 0};
static struct rule rule_e201 = {.id = "DTS201", .name = "endpoint-ip-required",
                                .severity = SEV_ERROR, .index = 1};
static struct rule rule_w113 = {.id = "DTS113", .name = "below-recommended",
                                .severity = SEV_WARNING, .index = 2};
static struct rule rule_n104 = {.id = "DTS104", .name = "non-canonical-case",
                                .severity = SEV_NOTE, .index = 3};

/* Is there a finding of rule `id` starting at line:column? */
static void assert_diag_at(const struct diag_list *list, const char *id,
                           size_t line, size_t column)
{
	for (size_t i = 0; i < list->len; i++) {
		const struct diag *d = &list->items[i];

		if (strcmp(d->rule->id, id) == 0 && d->loc.begin.line == line &&
		    d->loc.begin.column == column)
			return;
	}
	fail_msg("no %s at %zu:%zu", id, line, column);
}

/* The i-th finding after sorting is rule `id` at line:column. */
static void assert_nth(const struct diag_list *list, size_t i, const char *id,
                       size_t line, size_t column)
{
	const struct diag *d;

	assert_true(i < list->len);
	d = &list->items[i];
	if (strcmp(d->rule->id, id) != 0 || d->loc.begin.line != line ||
	    d->loc.begin.column != column)
		fail_msg("item %zu is %s at %zu:%zu, expected %s at %zu:%zu", i,
		         d->rule->id, d->loc.begin.line, d->loc.begin.column, id,
		         line, column);
}

static void test_severity_names(void **state)
{
	static const struct {
		const char *text;
		bool ok;
		enum severity sev;
	} cases[] = {
		{"error", true, SEV_ERROR},
		{"warning", true, SEV_WARNING},
		{"note", true, SEV_NOTE},
		{"none", true, SEV_NONE},
		{"Error", false, SEV_NONE},
		{"info", false, SEV_NONE},
		{"", false, SEV_NONE},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		enum severity sev = SEV_NONE;

		assert_int_equal(severity_parse(cases[i].text, &sev), cases[i].ok);
		if (cases[i].ok) {
			assert_int_equal(sev, cases[i].sev);
			assert_string_equal(severity_name(sev), cases[i].text);
		}
	}
}

static void test_add_copies(void **state)
{
	struct diag_list list;
	char msg[] = "message", ptr[] = "/A", help[] = "write B";
	struct diag *d;

	diag_list_init(&list);
	d = diag_add(&list, &rule_w113, 3, 5, ptr, msg, help);
	msg[0] = ptr[1] = help[0] = 'X';
	assert_string_equal(d->message, "message");
	assert_string_equal(d->pointer, "/A");
	assert_string_equal(d->suggestion, "write B");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_ptr_equal(d->rule, &rule_w113);
	assert_false(d->has_related);
	d = diag_add(&list, &rule_n104, 0, 0, NULL, "m", NULL);
	assert_string_equal(d->pointer, "");
	assert_null(d->suggestion);
	diag_set_related(d, 1, 2, "other");
	assert_true(d->has_related);
	assert_string_equal(d->related_message, "other");
	assert_int_equal(list.len, 2);
	diag_list_release(&list);
	assert_int_equal(list.len, 0);
	assert_null(list.items);
	diag_list_release(&list); /* released twice: harmless */
	diag_list_release(NULL);
}

/*
 * line 1: {"a": 1, "b": 2,
 * line 2:  "中": 3}
 */
static const char TEXT[] = "{\"a\": 1, \"b\": 2,\n \"\xe4\xb8\xad\": 3}";

static void test_resolve_and_sort(void **state)
{
	struct source *src = source_new("t.json", TEXT, strlen(TEXT));
	struct diag_list list;

	diag_list_init(&list);
	/* Added out of order, as an engine walking rules would. */
	diag_add(&list, &rule_n104, 18, 23, "/中", "cjk key", NULL);          /* 2:2 */
	diag_add(&list, &rule_w113, 14, 15, "/b", "b low", NULL);             /* 1:15 */
	diag_add(&list, &rule_e201, 0, 1, "", "whole", NULL);                 /* 1:1 */
	diag_add(&list, &rule_e101, 9, 12, "/b", "z second by message", NULL); /* 1:10 */
	diag_add(&list, &rule_e101, 9, 12, "/b", "a first by message", NULL);  /* 1:10 */
	diag_add(&list, &rule_e201, 9, 12, "/b", "rule id after DTS101", NULL); /* 1:10 */
	diag_add(&list, &rule_e101, 1, 4, "/a", "same", NULL);                /* 1:2 */
	diag_add(&list, &rule_e101, 1, 4, "/a-second", "same", NULL);         /* 1:2, stable */
	diag_list_resolve(&list, src);

	assert_int_equal(list.len, 8);
	assert_nth(&list, 0, "DTS201", 1, 1);
	assert_nth(&list, 1, "DTS101", 1, 2);
	assert_string_equal(list.items[1].pointer, "/a");
	assert_nth(&list, 2, "DTS101", 1, 2);
	assert_string_equal(list.items[2].pointer, "/a-second");
	assert_nth(&list, 3, "DTS101", 1, 10);
	assert_string_equal(list.items[3].message, "a first by message");
	assert_nth(&list, 4, "DTS101", 1, 10);
	assert_string_equal(list.items[4].message, "z second by message");
	assert_nth(&list, 5, "DTS201", 1, 10);
	assert_nth(&list, 6, "DTS113", 1, 15);
	assert_nth(&list, 7, "DTS104", 2, 2);
	assert_diag_at(&list, "DTS104", 2, 2);

	/* finish is exclusive: the column after the last character. */
	assert_int_equal(list.items[3].loc.finish.line, 1);
	assert_int_equal(list.items[3].loc.finish.column, 13);
	assert_int_equal(list.items[7].loc.finish.line, 2);
	assert_int_equal(list.items[7].loc.finish.column, 5); /* " 中 " is 3 code points */
	diag_list_release(&list);
	source_free(src);
}

static void test_resolve_related_and_edges(void **state)
{
	struct source *src = source_new("t.json", TEXT, strlen(TEXT));
	struct diag_list list;
	struct diag *d;

	diag_list_init(&list);
	d = diag_add(&list, &rule_e101, 14, 15, "/b", "b > a", NULL);
	diag_set_related(d, 6, 7, "'a' is here");
	/* An end inside a multi-byte character keeps the whole character. */
	diag_add(&list, &rule_n104, 19, 20, "/中", "half", NULL);
	/* An empty span at the end of the file. */
	diag_add(&list, &rule_n104, sizeof TEXT - 1, sizeof TEXT - 1, "", "eof", NULL);
	/* A span across the newline. */
	diag_add(&list, &rule_w113, 15, 20, "/b", "multi-line", NULL);
	diag_list_resolve(&list, src);

	assert_nth(&list, 0, "DTS101", 1, 15);
	assert_nth(&list, 1, "DTS113", 1, 16);
	assert_int_equal(list.items[1].loc.finish.line, 2);
	assert_int_equal(list.items[1].loc.finish.column, 4);
	assert_true(list.items[0].has_related);
	assert_int_equal(list.items[0].related.begin.line, 1);
	assert_int_equal(list.items[0].related.begin.column, 7);
	assert_int_equal(list.items[0].related.finish.column, 8);
	assert_nth(&list, 2, "DTS104", 2, 3);
	assert_int_equal(list.items[2].loc.finish.column, 4);
	assert_nth(&list, 3, "DTS104", 2, 9);
	assert_int_equal(list.items[3].loc.finish.line, 2);
	assert_int_equal(list.items[3].loc.finish.column, 9);
	diag_list_release(&list);
	source_free(src);
}

/* Many findings on one long line, added in reverse: resolution must
 * still give every one its own column. */
static void test_resolve_many_on_one_line(void **state)
{
	enum { N = 20000 };
	static char text[N * 2 + 1];
	struct source *src;
	struct diag_list list;

	for (size_t i = 0; i < N; i++)
		memcpy(text + 2 * i, "a,", 2);
	src = source_new("min.json", text, N * 2);
	diag_list_init(&list);
	for (size_t i = N; i-- > 0; )
		diag_add(&list, &rule_e101, 2 * i, 2 * i + 1, "/x", "m", NULL);
	diag_list_resolve(&list, src);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(list.items[i].loc.begin.line, 1);
		assert_int_equal(list.items[i].loc.begin.column, 2 * i + 1);
		assert_int_equal(list.items[i].loc.finish.column, 2 * i + 2);
	}
	diag_list_release(&list);
	source_free(src);
}

static void test_count_at_least(void **state)
{
	struct diag_list list;

	diag_list_init(&list);
	assert_int_equal(diag_list_count_at_least(&list, SEV_NOTE), 0);
	diag_add(&list, &rule_e101, 0, 1, "", "e", NULL);
	diag_add(&list, &rule_e201, 0, 1, "", "e", NULL);
	diag_add(&list, &rule_w113, 0, 1, "", "w", NULL);
	diag_add(&list, &rule_n104, 0, 1, "", "n", NULL);
	diag_add(&list, &rule_n104, 0, 1, "", "n", NULL);
	diag_add(&list, &rule_n104, 0, 1, "", "n", NULL);
	assert_int_equal(diag_list_count_at_least(&list, SEV_ERROR), 2);
	assert_int_equal(diag_list_count_at_least(&list, SEV_WARNING), 3);
	assert_int_equal(diag_list_count_at_least(&list, SEV_NOTE), 6);
	/* --fail-on none: nothing ever reaches it. */
	assert_int_equal(diag_list_count_at_least(&list, SEV_NONE), 0);
	diag_list_release(&list);
}

static void test_secrets(void **state)
{
	struct diag_list list;

	diag_list_init(&list);
	diag_add_secret(&list, 10, 20);
	diag_add_secret(&list, 5, 5); /* empty: nothing to hide */
	for (size_t i = 0; i < 40; i++)
		diag_add_secret(&list, 100 + i * 10, 105 + i * 10);
	assert_int_equal(list.n_secrets, 41);
	assert_int_equal(list.secrets[0].start, 10);
	assert_int_equal(list.secrets[0].end, 20);
	assert_int_equal(list.secrets[40].start, 490);
	assert_int_equal(list.secrets[40].end, 495);
	assert_int_equal(list.len, 0);
	diag_list_release(&list);
	assert_int_equal(list.n_secrets, 0);
	assert_null(list.secrets);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_add_copies),
		cmocka_unit_test(test_resolve_and_sort),
		cmocka_unit_test(test_resolve_related_and_edges),
		cmocka_unit_test(test_resolve_many_on_one_line),
		cmocka_unit_test(test_count_at_least),
		cmocka_unit_test(test_secrets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
