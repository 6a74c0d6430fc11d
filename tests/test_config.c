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
	assert_true(config_walk_excludes_dir(cs, path, &excluded, err, sizeof err));
	assert_true(excluded);
	snprintf(path, sizeof path, "%s/team/a", dir);   /* the root file's "a" pattern is relative to the root */
	assert_true(config_walk_excludes_dir(cs, path, &excluded, err, sizeof err));
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
		cmocka_unit_test(test_merge),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	ruleset_free(rs);
	return failed;
}
