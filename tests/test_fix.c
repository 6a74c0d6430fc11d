/*
 * Unit tests of fix.c and fix_diff.c: which fixes are chosen when they
 * overlap (the first in the file wins, a finding's edits all or none),
 * the bytes they give, and the exact unified diff (hunks, context, no
 * newline at the end, secret bytes masked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fix.h"
#include "ruleset.h"

static struct rule rule_a = {.id = "DTS101", .name = "a", .severity = SEV_ERROR};

struct fixture {
	struct source *src;
	struct diag_list diags;
};

static void setup(struct fixture *f, const char *text)
{
	f->src = source_new("f.json", text, strlen(text));
	diag_list_init(&f->diags);
}

static struct diag *add(struct fixture *f, size_t start, size_t end, const char *text)
{
	struct diag *d = diag_add(&f->diags, &rule_a, start, end, "", "m", NULL);
	if (text)
		diag_add_edit(d, start, end, text, strlen(text));
	return d;
}

static char *applied(struct fixture *f, struct fix_set *set)
{
	size_t len;
	diag_list_resolve(&f->diags, f->src);
	fix_set_choose(set, &f->diags);
	char *out = fix_set_apply(set, f->src->bytes, f->src->len, &len);
	assert_int_equal(strlen(out), len);
	return out;
}

static void teardown(struct fixture *f, struct fix_set *set)
{
	fix_set_release(set);
	diag_list_release(&f->diags);
	source_free(f->src);
}

static void test_overlap_first_wins(void **state)
{
	(void)state;
	struct fixture f;
	struct fix_set set;
	setup(&f, "0123456789abcdefghij");
	add(&f, 6, 9, "Y");    /* overlaps the one before it in the file */
	add(&f, 2, 7, "X");
	add(&f, 12, 12, "+");  /* an insertion */
	add(&f, 12, 12, "-");  /* at the same place: its order would be a guess */
	add(&f, 15, 16, NULL); /* no fix */
	char *out = applied(&f, &set);
	assert_string_equal(out, "01X789ab+cdefghij");
	assert_int_equal(set.n_fixed, 2);
	assert_int_equal(set.n_skipped, 2);
	free(out);
	teardown(&f, &set);
}

static void test_all_or_none(void **state)
{
	(void)state;
	struct fixture f;
	struct fix_set set;
	setup(&f, "aaaa bbbb cccc");
	add(&f, 0, 4, "A");
	struct diag *d = add(&f, 10, 14, "C");
	diag_add_edit(d, 2, 3, "!", 1); /* its second edit overlaps the first fix */
	char *out = applied(&f, &set);
	assert_string_equal(out, "A bbbb cccc");
	assert_int_equal(set.n_fixed, 1);
	assert_int_equal(set.n_skipped, 1);
	free(out);
	teardown(&f, &set);
}

static char *diff_of(struct fixture *f, struct fix_set *set)
{
	struct strbuf out = STRBUF_INIT;
	diag_list_resolve(&f->diags, f->src);
	fix_set_choose(set, &f->diags);
	fix_diff(&out, f->src, &f->diags, set);
	return strbuf_detach(&out, NULL);
}

static void test_diff_hunks(void **state)
{
	(void)state;
	struct fixture f;
	struct fix_set set;
	/* 12 lines "l1".."l12" (3 bytes each but l10..l12: 4), the last
	 * without a newline. */
	setup(&f, "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12");
	add(&f, 3, 5, "L2\nL2b");  /* line 2 becomes two lines */
	add(&f, 35, 38, "L12");    /* the last line */
	char *out = diff_of(&f, &set);
	assert_string_equal(out,
		"--- a/f.json\n+++ b/f.json\n"
		"@@ -1,5 +1,6 @@\n l1\n-l2\n+L2\n+L2b\n l3\n l4\n l5\n"
		"@@ -9,4 +10,4 @@\n l9\n l10\n l11\n-l12\n\\ No newline at end of file\n"
		"+L12\n\\ No newline at end of file\n");
	free(out);
	teardown(&f, &set);
}

static void test_diff_one_hunk_and_secret(void **state)
{
	(void)state;
	struct fixture f;
	struct fix_set set;
	setup(&f, "a\n\"pw\": \"hunter2\"\nb\nc\n");
	diag_add_secret(&f.diags, 9, 16);
	add(&f, 18, 19, "B");
	add(&f, 20, 21, "C"); /* the next line: one change, one hunk */
	char *out = diff_of(&f, &set);
	assert_string_equal(out,
		"--- a/f.json\n+++ b/f.json\n"
		"@@ -1,4 +1,4 @@\n a\n \"pw\": \"*******\"\n-b\n-c\n+B\n+C\n");
	free(out);
	teardown(&f, &set);
}

static void test_no_fix_no_diff(void **state)
{
	(void)state;
	struct fixture f;
	struct fix_set set;
	setup(&f, "{}\n");
	add(&f, 0, 1, NULL);
	char *out = diff_of(&f, &set);
	assert_string_equal(out, "");
	free(out);
	teardown(&f, &set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlap_first_wins),
		cmocka_unit_test(test_all_or_none),
		cmocka_unit_test(test_diff_hunks),
		cmocka_unit_test(test_diff_one_hunk_and_secret),
		cmocka_unit_test(test_no_fix_no_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
