/*
 * Unit tests of the configuration layer: pattern matching (fnmatch per
 * segment, "**"), folder exclusion, parsing errors with positions, and the
 * merge of a farther and a nearer .dtslint.json with the command line
 * (scalars override, lists add up, locks hold).
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fnmatch.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "pathglob.h"
#include "ruleset.h"

static struct ruleset *rs;

static void test_glob(void **state)
{
	(void)state;
	assert_true(pathglob_match("*.json", "a.json"));
	assert_false(pathglob_match("*.json", "dir/a.json"));     /* '*' stays in one segment */
	assert_true(pathglob_match("**/*.json", "a.json"));       /* ** matches zero segments */
	assert_true(pathglob_match("**/*.json", "x/y/z/a.json"));
	assert_true(pathglob_match("requests/**", "requests/a/b.json"));
	assert_false(pathglob_match("requests/**", "other/requests/a.json"));
	assert_true(pathglob_match("**/fixtures/**", "a/fixtures/b/c.json"));
	assert_false(pathglob_match("**/fixtures/**", "a/fixturesx/c.json"));
	assert_true(pathglob_match("legacy/[ab]?.json", "legacy/a1.json"));
	assert_false(pathglob_match("legacy/[ab]?.json", "legacy/c1.json"));
	assert_true(pathglob_match("a/**/b.json", "a/b.json"));
	assert_true(pathglob_match("a/**/b.json", "a/x/y/b.json"));
	assert_false(pathglob_match("a/**/b.json", "a/x/y/c.json"));
	assert_true(pathglob_match("./a.json", "a.json"));
}

static void test_glob_dirs(void **state)
{
	(void)state;
	assert_true(pathglob_covers_dir("**/fixtures/**", "a/fixtures"));
	assert_true(pathglob_covers_dir("**/fixtures/**", "fixtures"));
	assert_true(pathglob_covers_dir("build", "build"));
	assert_true(pathglob_covers_dir("build", "build/sub"));
	assert_false(pathglob_covers_dir("legacy/*.json", "legacy"));
	assert_false(pathglob_covers_dir("**/fixtures/**", "a/b"));
}

/* The matcher as it was before it became a table of prefixes: every
 * split of the path among the "**"s tried, exponential in their number.
 * Kept as the reference the table must agree with, on small inputs. */
static bool reference_segs(char **pat, size_t np, char **path, size_t nx)
{
	while (np > 0) {
		if (strcmp(pat[0], "**") == 0) {
			for (size_t k = 0; k <= nx; k++)
				if (reference_segs(pat + 1, np - 1, path + k, nx - k))
					return true;
			return false;
		}
		if (nx == 0 || fnmatch(pat[0], path[0], 0) != 0)
			return false;
		pat++, np--, path++, nx--;
	}
	return nx == 0;
}

static bool reference(char **p, size_t np, char **x, size_t nx, bool dir)
{
	if (!dir)
		return reference_segs(p, np, x, nx);
	for (size_t cut = 1; cut <= nx; cut++)
		if (reference_segs(p, np, x, cut))
			return true;
	return np > 0 && strcmp(p[np - 1], "**") == 0 && reference_segs(p, np - 1, x, nx);
}

/* Code number `code` as n digits of base `base`: the segments picked. */
static size_t digits(size_t code, size_t n, size_t base, unsigned *out)
{
	for (size_t i = 0; i < n; i++, code /= base)
		out[i] = (unsigned)(code % base);
	return n;
}

/* The picked segments, joined with '/' into buf and listed in segs
 * (without "." in the list: the matcher drops it).  Returns how many
 * are listed. */
static size_t spell(const char *const *alpha, const unsigned *pick, size_t n, char *buf,
                    char **segs)
{
	size_t kept = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strcat(strcat(buf, i ? "/" : ""), alpha[pick[i]]);
		if (strcmp(alpha[pick[i]], ".") != 0)
			segs[kept++] = (char *)alpha[pick[i]];
	}
	return kept;
}

/* Every pattern of up to 4 segments from a small alphabet against every
 * path of 1 to 4 segments: the same answers as the backtracking matcher,
 * for files and for folders. */
static void test_glob_same_answers(void **state)
{
	(void)state;
	static const char *const pats[] = {"**", "a", "*", "b?", "."};
	static const char *const names[] = {"a", "b", "ab"};
	const size_t n_pats = sizeof pats / sizeof *pats, n_names = sizeof names / sizeof *names;
	size_t compared = 0;
	for (size_t np = 0, patterns = 1; np <= 4; np++, patterns *= n_pats) {
		for (size_t pc = 0; pc < patterns; pc++) {
			unsigned pp[4];
			char pattern[64], *psegs[4];
			size_t kept = spell(pats, pp, digits(pc, np, n_pats, pp), pattern, psegs);
			for (size_t nx = 1, paths = n_names; nx <= 4; nx++, paths *= n_names) {
				for (size_t xc = 0; xc < paths; xc++) {
					unsigned xx[4];
					char path[64], *xsegs[4];
					spell(names, xx, digits(xc, nx, n_names, xx), path, xsegs);
					bool want = reference(psegs, kept, xsegs, nx, false);
					bool want_dir = reference(psegs, kept, xsegs, nx, true);
					if (pathglob_match(pattern, path) != want ||
					    pathglob_covers_dir(pattern, path) != want_dir)
						fail_msg("'%s' on '%s': want match %d, covers %d", pattern, path, want,
						         want_dir);
					compared++;
				}
			}
		}
	}
	assert_int_equal(compared, (1 + 5 + 25 + 125 + 625) * (3 + 9 + 27 + 81));
}

/* Many "**" in one pattern: 32 of them on a 64-deep path took longer than
 * any test may wait (14 on a 20-deep path took half a minute); SIGALRM
 * ends the test if it does again. */
static void test_glob_many_stars(void **state)
{
	(void)state;
	char pattern[512] = "", path[512] = "", dir_path[512];
	for (int i = 0; i < 32; i++)
		strcat(pattern, "**/");
	for (int i = 0; i < 64; i++)
		strcat(path, "a/");
	strcpy(dir_path, path);
	dir_path[strlen(dir_path) - 1] = '\0';
	strcat(path, "r.json");
	char *no = strdup(pattern), *yes = strdup(pattern);
	no = realloc(no, strlen(pattern) + 16);
	yes = realloc(yes, strlen(pattern) + 16);
	strcat(no, "zz.json");
	strcat(yes, "*.json");
	alarm(10);
	assert_false(pathglob_match(no, path));
	assert_true(pathglob_match(yes, path));
	assert_false(pathglob_covers_dir(no, dir_path));
	assert_true(pathglob_covers_dir(pattern, dir_path)); /* a final "**" */
	alarm(0);
	free(no);
	free(yes);
}

static char dir[64];

static void write_file(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int level_of(const struct config_effective *eff, const char *id)
{
	return eff->levels[ruleset_find_rule(rs, id)->index];
}

static void test_merge(void **state)
{
	char err[512], path[256], sub[128];
	struct config_effective eff;
	(void)state;

	strcpy(dir, "/tmp/dtslint-config-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/.git", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/team", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	for (const char *const *d = (const char *const[]){"old", "a", "b", NULL}; *d; d++) {
		snprintf(sub, sizeof sub, "%s/team/%s", dir, *d);
		assert_int_equal(mkdir(sub, 0700), 0);
	}
	write_file(".dtslint.json",
	           "{\"rules\": {\"DTS104\": \"off\", \"DTS302\": \"error\"}, \"fail-on\": \"warning\",\n"
	           " \"locked\": [\"DTS101\"], \"exclude\": [\"a/**\"],\n"
	           " \"suppressions\": [{\"rule\": \"DTS106\", \"reason\": \"r\"}]}\n");
	write_file("team/.dtslint.json",
	           "{\"rules\": {\"DTS104\": \"warning\", \"DTS101\": \"off\"}, \"exclude\": [\"b/**\"],\n"
	           " \"overrides\": [{\"files\": \"old/*.json\", \"rules\": {\"DTS302\": \"note\"}}],\n"
	           " \"suppressions\": [{\"rule\": \"DTS107\", \"pointer\": \"/DbList\", \"reason\": \"r\"}]}\n");

	struct config_set *cs = config_set_new(rs);
	assert_true(config_set_cli_severity(cs, "DTS113=error", err, sizeof err));
	snprintf(path, sizeof path, "%s/team/old/x.json", dir);
	assert_true(config_effective_get(cs, path, path, &eff, err, sizeof err));
	assert_int_equal(eff.n_chain, 2);
	assert_int_equal(level_of(&eff, "DTS104"), SEV_WARNING);  /* nearer file wins */
	assert_int_equal(level_of(&eff, "DTS302"), SEV_NOTE);     /* its override wins */
	assert_int_equal(level_of(&eff, "DTS101"), SEV_ERROR);    /* locked farther up */
	assert_int_equal(level_of(&eff, "DTS113"), SEV_ERROR);    /* command line */
	assert_int_equal(eff.fail_on, SEV_WARNING);               /* inherited scalar */
	assert_int_equal(eff.n_supps, 2);                         /* lists add up */
	assert_non_null(eff.locked_by[ruleset_find_rule(rs, "DTS101")->index]);
	config_effective_release(&eff);

	/* The nearer file's attempt on the locked rule is a DTS902 finding. */
	struct config_file *const *files;
	size_t n = config_set_files(cs, &files);
	assert_int_equal(n, 2);
	assert_int_equal(files[1]->problems.len, 1);
	assert_string_equal(files[1]->problems.items[0].rule->id, "DTS902");

	/* Outside team/: only the farther file. */
	snprintf(path, sizeof path, "%s/y.json", dir);
	assert_true(config_effective_get(cs, path, path, &eff, err, sizeof err));
	assert_int_equal(eff.n_chain, 1);
	assert_int_equal(level_of(&eff, "DTS104"), CONFIG_OFF);
	assert_int_equal(level_of(&eff, "DTS302"), SEV_ERROR);
	config_effective_release(&eff);

	bool excluded;
	snprintf(path, sizeof path, "%s/team/b", dir);
	assert_true(config_listing_excludes_dir(cs, path, &excluded, err, sizeof err));
	assert_true(excluded);
	snprintf(path, sizeof path, "%s/team/a", dir);   /* the root file's "a" pattern is relative to the root */
	assert_true(config_listing_excludes_dir(cs, path, &excluded, err, sizeof err));
	assert_false(excluded);
	config_set_free(cs);

	/* A malformed file: exit 2 with its position. */
	write_file("team/.dtslint.json", "{\n  \"rules\": {\"DTS104\": 3}\n}\n");
	cs = config_set_new(rs);
	snprintf(path, sizeof path, "%s/team/x.json", dir);
	assert_false(config_effective_get(cs, path, path, &eff, err, sizeof err));
	config_effective_release(&eff);
	assert_non_null(strstr(err, "team/.dtslint.json:2:23: a rule level must be a string, not a number"));
	config_set_free(cs);

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	rs = ruleset_default();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_glob_dirs),
		cmocka_unit_test(test_glob_same_answers),
		cmocka_unit_test(test_glob_many_stars),
		cmocka_unit_test(test_merge),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	ruleset_free(rs);
	return failed;
}
