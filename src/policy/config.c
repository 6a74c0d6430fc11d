/*
 * config: find the `.dtslint.json` files that apply to a checked file
 * (parsed by config_file.c), merge them with the command line.  See config.h
 * for the discovery and merge rules; docs in README.md "Configuration".
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "longpath.h"
#include "pathglob.h"
#include "paths.h"
#include "xalloc.h"

#define DTS_UNUSED_SUPPRESSION "DTS901"

/* ---- the set: discovery, cache, command line ---- */

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

struct dir_entry {
	char *dir;                      /* absolute folder */
	const struct config_file *nearest;
};

struct config_set {
	const struct ruleset *rs;
	enum config_mode mode;
	struct config_file *explicit_cf;
	struct config_file **files;     /* owned, load order */
	size_t n_files;
	struct dir_entry *dirs;         /* cache: folder -> nearest config */
	size_t n_dirs;
	struct config_rule_setting *cli;
	size_t n_cli;
	bool cli_has_fail_on;
	enum severity cli_fail_on;
	char **notes;
	size_t n_notes;
	bool *cli_noted;                /* by cli index: lock note given */
};

struct config_set *config_set_new(const struct ruleset *rs)
{
	struct config_set *cs = xcalloc(1, sizeof *cs);
	cs->rs = rs;
	cs->mode = CONFIG_DISCOVER;
	return cs;
}

void config_set_free(struct config_set *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->n_files; i++)
		config_file_free(cs->files[i]);
	free(cs->files);
	for (size_t i = 0; i < cs->n_dirs; i++)
		free(cs->dirs[i].dir);
	free(cs->dirs);
	for (size_t i = 0; i < cs->n_cli; i++)
		free((char *)cs->cli[i].origin);
	free(cs->cli);
	free(cs->cli_noted);
	free_list(cs->notes, cs->n_notes);
	free(cs);
}

static struct config_file *load_file(struct config_set *cs, const char *abs_path,
                                     const struct config_file *parent, char *err, size_t errsize)
{
	const char *why = NULL;
	char *display = paths_display(abs_path);
	struct source *src = source_load(abs_path, display, &why);
	char *dir = paths_abs_dir(abs_path);
	struct config_file *cf = NULL;

	if (!src)
		snprintf(err, errsize, "%s: %s", display, why);
	else if (!dir)
		snprintf(err, errsize, "%s: %s", display, strerror(errno));
	else if ((cf = config_file_parse(src, dir, parent, cs->rs, err, errsize)))
		src = NULL; /* now owned by cf */
	source_free(src);
	free(dir);
	free(display);
	if (cf) {
		cs->files = xreallocarray(cs->files, cs->n_files + 1, sizeof *cs->files);
		cs->files[cs->n_files++] = cf;
	}
	return cf;
}

bool config_set_explicit(struct config_set *cs, const char *path, char *err, size_t errsize)
{
	char *abs = paths_abs_file(path);
	struct config_file *cf = abs ? load_file(cs, abs, NULL, err, errsize) : NULL;
	if (!abs)
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
	free(abs);
	if (!cf)
		return false;
	cs->mode = CONFIG_EXPLICIT;
	cs->explicit_cf = cf;
	return true;
}

void config_set_disable(struct config_set *cs)
{
	cs->mode = CONFIG_NONE;
}

/* Folders a walk reached may have paths longer than PATH_MAX: their
 * config files are found as any other's. */
static bool is_file(const char *path)
{
	struct stat st;
	return longpath_stat(path, &st, true) == 0 && S_ISREG(st.st_mode);
}

static bool exists(const char *path)
{
	struct stat st;
	return longpath_stat(path, &st, true) == 0;
}

static const struct config_file *cached_file(const struct config_set *cs, const char *dir)
{
	for (size_t i = 0; i < cs->n_files; i++)
		if (strcmp(cs->files[i]->dir, dir) == 0 && cs->files[i] != cs->explicit_cf)
			return cs->files[i];
	return NULL;
}

/* The nearest config file for absolute folder `dir` (NULL: none), loading
 * the whole chain, farthest first, so each file knows its parent.  Each
 * folder's answer is remembered (cs->dirs): without, every file stats two
 * names per folder up to the repository root; on 1,000 files of one
 * folder, 36,058 system calls instead of 6,064 and 247.0 M instructions
 * instead of 233.0 M (bench/README.md, "Memos"). */
static bool nearest_for_dir(struct config_set *cs, const char *dir,
                            const struct config_file **out, char *err, size_t errsize)
{
	for (size_t i = 0; i < cs->n_dirs; i++) {
		if (strcmp(cs->dirs[i].dir, dir) == 0) {
			*out = cs->dirs[i].nearest;
			return true;
		}
	}
	/* Collect candidate folders, nearest first, up to the repository root. */
	char **found = NULL;
	size_t n_found = 0;
	char *cur = xstrdup(dir);
	for (;;) {
		char *cand = paths_join(cur, CONFIG_FILE_NAME);
		char *git = paths_join(cur, ".git");
		if (is_file(cand)) {
			found = xreallocarray(found, n_found + 1, sizeof *found);
			found[n_found++] = cand;
		} else {
			free(cand);
		}
		bool root = exists(git) || strcmp(cur, "/") == 0;
		free(git);
		if (root)
			break;
		char *slash = strrchr(cur, '/');
		if (slash == cur)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(cur);
	const struct config_file *parent = NULL;
	bool ok = true;
	for (size_t i = n_found; i-- > 0 && ok;) {
		char *cdir = paths_abs_dir(found[i]);
		const struct config_file *cf = cdir ? cached_file(cs, cdir) : NULL;
		free(cdir);
		if (!cf)
			cf = load_file(cs, found[i], parent, err, errsize);
		ok = cf != NULL;
		parent = cf;
	}
	free_list(found, n_found);
	if (!ok)
		return false;
	cs->dirs = xreallocarray(cs->dirs, cs->n_dirs + 1, sizeof *cs->dirs);
	cs->dirs[cs->n_dirs].dir = xstrdup(dir);
	cs->dirs[cs->n_dirs++].nearest = parent;
	*out = parent;
	return true;
}

/* The chain for a file, nearest first (borrowed file pointers). */
static bool nearest_for_path(struct config_set *cs, const char *path,
                             const struct config_file **out, char *err, size_t errsize)
{
	*out = NULL;
	if (cs->mode == CONFIG_NONE)
		return true;
	if (cs->mode == CONFIG_EXPLICIT) {
		*out = cs->explicit_cf;
		return true;
	}
	char *dir = paths_abs_dir(path);
	bool ok = dir && nearest_for_dir(cs, dir, out, err, errsize);
	if (!dir)
		snprintf(err, errsize, "%s: cannot resolve its folder", path);
	free(dir);
	return ok;
}

static bool cli_rules(struct config_set *cs, const char *spec, const char *option, int level,
                      char *err, size_t errsize)
{
	const char *p = spec;
	do {
		size_t len = strcspn(p, ",");
		const struct rule *r = config_find_rule(cs->rs, p, len);
		char word[128];
		snprintf(word, sizeof word, "%.*s", (int)(len < 100 ? len : 100), p);
		if (!r) {
			const char *close = config_closest_rule(cs->rs, p, len);
			if (close)
				snprintf(err, errsize, "%s: no rule '%s'; did you mean '%s'?", option, word, close);
			else
				snprintf(err, errsize, "%s: no rule '%s'; 'dtslint --list-rules' lists them",
				         option, word);
			return false;
		}
		cs->cli = xreallocarray(cs->cli, cs->n_cli + 1, sizeof *cs->cli);
		struct config_rule_setting *s = &cs->cli[cs->n_cli++];
		memset(s, 0, sizeof *s);
		s->rule = r;
		s->level = level < 0 ? (int)r->severity : level;
		char origin[256];
		snprintf(origin, sizeof origin, "%s %s", option, word);
		s->origin = xstrdup(origin);
		p += len;
	} while (*p++ == ',');
	return true;
}

bool config_set_cli_disable(struct config_set *cs, const char *spec, char *err, size_t errsize)
{
	return cli_rules(cs, spec, "--disable", CONFIG_OFF, err, errsize);
}

bool config_set_cli_enable(struct config_set *cs, const char *spec, char *err, size_t errsize)
{
	return cli_rules(cs, spec, "--enable", -1, err, errsize);
}

bool config_set_cli_severity(struct config_set *cs, const char *spec, char *err, size_t errsize)
{
	const char *eq = strchr(spec, '=');
	int level;
	const char *close = NULL;
	if (!eq || eq == spec) {
		snprintf(err, errsize, "--severity '%s': write ID=LEVEL, such as DTS104=warning", spec);
		return false;
	}
	if (!config_level_parse(eq + 1, false, &level, &close)) {
		snprintf(err, errsize, "--severity '%s': unknown level '%s'%s%s%s; expected off, note, "
		         "warning or error", spec, eq + 1, close ? " (did you mean '" : "",
		         close ? close : "", close ? "'?)" : "");
		return false;
	}
	char *ids = xstrndup(spec, (size_t)(eq - spec));
	bool ok = cli_rules(cs, ids, "--severity", level, err, errsize);
	free(ids);
	return ok;
}

void config_set_cli_fail_on(struct config_set *cs, enum severity level)
{
	cs->cli_has_fail_on = true;
	cs->cli_fail_on = level;
}

/* ---- merging ---- */

static bool any_match(char *const *patterns, size_t n, const char *rel)
{
	for (size_t i = 0; i < n; i++)
		if (pathglob_match(patterns[i], rel))
			return true;
	return false;
}

static void apply_settings(struct config_effective *eff, const struct config_rule_setting *s,
                           size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i].locked_out)
			eff->levels[s[i].rule->index] = s[i].level;
}

static void effective_init(const struct config_set *cs, struct config_effective *eff)
{
	memset(eff, 0, sizeof *eff);
	eff->levels = xcalloc(cs->rs->n_rules + 1, sizeof *eff->levels);
	eff->locked_by = xcalloc(cs->rs->n_rules + 1, sizeof *eff->locked_by);
	for (size_t i = 0; i < cs->rs->n_rules; i++)
		eff->levels[i] = (int)cs->rs->rules[i].severity;
	eff->fail_on = SEV_ERROR;
}

static void apply_cli(struct config_set *cs, struct config_effective *eff)
{
	if (!cs->cli_noted && cs->n_cli)
		cs->cli_noted = xcalloc(cs->n_cli, sizeof *cs->cli_noted);
	for (size_t i = 0; i < cs->n_cli; i++) {
		const struct config_file *lock = eff->locked_by[cs->cli[i].rule->index];
		if (!lock) {
			eff->levels[cs->cli[i].rule->index] = cs->cli[i].level;
			continue;
		}
		if (cs->cli_noted[i])
			continue;
		cs->cli_noted[i] = true;
		char note[512];
		snprintf(note, sizeof note, "%s is ignored: %s is locked by %s", cs->cli[i].origin,
		         cs->cli[i].rule->id, lock->path);
		cs->notes = xreallocarray(cs->notes, cs->n_notes + 1, sizeof *cs->notes);
		cs->notes[cs->n_notes++] = xstrdup(note);
	}
	if (cs->cli_has_fail_on)
		eff->fail_on = cs->cli_fail_on;
}

bool config_effective_get(struct config_set *cs, const char *path, const char *display,
                          struct config_effective *out, char *err, size_t errsize)
{
	const struct config_file *nearest;
	/* stdin named by --stdin-filename (an editor's buffer) is configured
	 * as the file it names. */
	if (strcmp(path, "-") == 0 && display && strcmp(display, "<stdin>") != 0)
		path = display;
	effective_init(cs, out);
	if (!nearest_for_path(cs, path, &nearest, err, errsize))
		return false;
	for (const struct config_file *cf = nearest; cf; cf = cf->parent)
		out->n_chain++;
	out->chain = xcalloc(out->n_chain + 1, sizeof *out->chain);
	size_t k = out->n_chain;
	for (const struct config_file *cf = nearest; cf; cf = cf->parent)
		out->chain[--k] = cf;

	char *abs_dir = paths_abs_dir(path);
	const char *base = strcmp(path, "-") == 0 ? display : path;
	const char *slash = strrchr(base, '/');
	char *abs = abs_dir ? paths_join(abs_dir, slash ? slash + 1 : base) : xstrdup(base);
	free(abs_dir);
	for (size_t c = 0; c < out->n_chain; c++) {
		struct config_file *cf = (struct config_file *)out->chain[c];
		char *rel = paths_relative(abs, cf->dir);
		if (!rel) /* --config FILE from elsewhere: patterns see the path as given */
			rel = xstrdup(base);
		apply_settings(out, cf->rules, cf->n_rules);
		for (size_t i = 0; i < cf->n_overrides; i++)
			if (any_match(cf->overrides[i].files, cf->overrides[i].n_files, rel))
				apply_settings(out, cf->overrides[i].rules, cf->overrides[i].n_rules);
		for (size_t i = 0; i < cf->n_locks; i++)
			if (!out->locked_by[cf->locks[i].rule->index])
				out->locked_by[cf->locks[i].rule->index] = cf;
		if (cf->has_fail_on)
			out->fail_on = cf->fail_on;
		for (size_t i = 0; i < cf->n_supps; i++) {
			struct config_suppression *s = &cf->supps[i];
			if (s->locked_out || (s->n_files && !any_match(s->files, s->n_files, rel)))
				continue;
			s->covered = true;
			out->supps = xreallocarray(out->supps, out->n_supps + 1, sizeof *out->supps);
			out->supps[out->n_supps++] = s;
		}
		free(rel);
	}
	free(abs);
	apply_cli(cs, out);
	return true;
}

void config_effective_cli(struct config_set *cs, struct config_effective *out)
{
	effective_init(cs, out);
	apply_cli(cs, out);
}

void config_effective_release(struct config_effective *eff)
{
	free(eff->levels);
	free(eff->locked_by);
	free(eff->supps);
	free(eff->chain);
	memset(eff, 0, sizeof *eff);
}

/* ---- walks ---- */

/* What the config files that apply to path say of it: excluded, and
 * whether a `files` list exists and names it.  false with err on a
 * malformed config. */
struct listing_verdict {
	bool excluded;
	bool any_files;   /* some config has a `files` list */
	bool files_match; /* and one of them names path */
};

static bool listing_test(struct config_set *cs, const char *path, bool dir,
                         struct listing_verdict *v, char *err, size_t errsize)
{
	const struct config_file *nearest;
	char *abs = paths_abs_file(path);

	memset(v, 0, sizeof *v);
	if (!abs) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return false;
	}
	/* A folder's own config applies to what is inside it, so look
	 * from inside the folder. */
	char *probe = dir ? paths_join(path, CONFIG_FILE_NAME) : xstrdup(path);
	bool ok = nearest_for_path(cs, probe, &nearest, err, errsize);
	free(probe);
	for (const struct config_file *cf = ok ? nearest : NULL; cf && !v->excluded; cf = cf->parent) {
		char *rel = paths_relative(abs, cf->dir);
		if (!rel)
			rel = xstrdup(path);
		for (size_t i = 0; i < cf->n_exclude && !v->excluded; i++)
			v->excluded = dir ? pathglob_covers_dir(cf->exclude[i], rel)
			                  : pathglob_match(cf->exclude[i], rel);
		if (!dir && cf->n_files) {
			v->any_files = true;
			v->files_match |= any_match(cf->files, cf->n_files, rel);
		}
		free(rel);
	}
	free(abs);
	return ok;
}

bool config_listing_selects(struct config_set *cs, const char *path, bool *selected,
                            char *err, size_t errsize)
{
	struct listing_verdict v;
	bool ok = listing_test(cs, path, false, &v, err, errsize);
	/* Default: JSON requests and query-string ones (.txt); shell scripts
	 * and Markdown runbooks, for their aliyun dts commands; Terraform's
	 * native syntax (.tf; its JSON syntax is .tf.json). */
	if (!v.any_files)
		v.files_match = pathglob_match("**/*.json", path) || pathglob_match("**/*.txt", path) ||
		                pathglob_match("**/*.sh", path) || pathglob_match("**/*.bash", path) ||
		                pathglob_match("**/*.md", path) || pathglob_match("**/*.markdown", path) ||
		                pathglob_match("**/*.tf", path);
	*selected = !v.excluded && v.files_match;
	return ok;
}

bool config_listing_excludes_dir(struct config_set *cs, const char *dir, bool *excluded,
                                 char *err, size_t errsize)
{
	struct listing_verdict v;
	bool ok = listing_test(cs, dir, true, &v, err, errsize);
	*excluded = v.excluded;
	return ok;
}

bool config_named_file(struct config_set *cs, const char *path, enum config_named *out,
                       char *err, size_t errsize)
{
	struct listing_verdict v;
	bool ok = listing_test(cs, path, false, &v, err, errsize);
	*out = v.excluded ? CONFIG_NAMED_EXCLUDED : v.files_match ? CONFIG_NAMED_LISTED : CONFIG_NAMED_DEFAULT;
	return ok;
}

size_t config_set_take_notes(struct config_set *cs, char ***notes)
{
	size_t n = cs->n_notes;
	*notes = cs->notes;
	cs->notes = NULL;
	cs->n_notes = 0;
	return n;
}

size_t config_set_files(const struct config_set *cs, struct config_file *const **files)
{
	*files = cs->files;
	return cs->n_files;
}

void config_set_report_unused(struct config_set *cs)
{
	const struct rule *dts901 = ruleset_find_rule(cs->rs, DTS_UNUSED_SUPPRESSION);
	if (!dts901)
		return;
	for (size_t f = 0; f < cs->n_files; f++) {
		struct config_file *cf = cs->files[f];
		for (size_t i = 0; i < cf->n_supps; i++) {
			const struct config_suppression *s = &cf->supps[i];
			char msg[512];
			if (!s->covered || s->hits || s->locked_out)
				continue;
			snprintf(msg, sizeof msg, "this suppression of %s%s%s matched no finding in the "
			         "files checked; remove it", s->rule->id,
			         s->pointer && s->pointer[0] ? " at " : "",
			         s->pointer && s->pointer[0] ? s->pointer : "");
			diag_add(&cf->problems, dts901, s->start, s->start + 1, "", msg, NULL);
		}
	}
}

/* ---- --print-config ---- */

static void pattern_list(json_object *arr, const struct config_file *cf,
                         char *const *patterns, size_t n)
{
	/* Shown from the working folder, as the user writes paths. */
	char *cwd = paths_cwd();
	char *rel = cwd ? paths_relative(cf->dir, cwd) : NULL;
	for (size_t i = 0; i < n; i++) {
		char *p = !rel ? paths_join(cf->dir, patterns[i])
		          : rel[0] ? paths_join(rel, patterns[i]) : xstrdup(patterns[i]);
		json_object_array_add(arr, json_object_new_string(p));
		free(p);
	}
	free(rel);
	free(cwd);
}

char *config_effective_describe(const struct config_set *cs, const struct config_effective *eff)
{
	json_object *root = json_object_new_object();
	json_object *chain = json_object_new_array(), *rules = json_object_new_object();
	json_object *files = json_object_new_array(), *exclude = json_object_new_array();
	json_object *supps = json_object_new_array(), *locked = json_object_new_object();

	for (size_t c = 0; c < eff->n_chain; c++) {
		const struct config_file *cf = eff->chain[c];
		json_object_array_add(chain, json_object_new_string(cf->path));
		pattern_list(files, cf, cf->files, cf->n_files);
		pattern_list(exclude, cf, cf->exclude, cf->n_exclude);
	}
	for (size_t i = 0; i < cs->rs->n_rules; i++) {
		const struct rule *r = &cs->rs->rules[i];
		if (eff->levels[i] != (int)r->severity)
			json_object_object_add(rules, r->id, json_object_new_string(
				eff->levels[i] == CONFIG_OFF ? "off" : severity_name((enum severity)eff->levels[i])));
		if (eff->locked_by[i])
			json_object_object_add(locked, r->id, json_object_new_string(eff->locked_by[i]->path));
	}
	for (size_t i = 0; i < eff->n_supps; i++) {
		const struct config_suppression *s = eff->supps[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "rule", json_object_new_string(s->rule->id));
		json_object_object_add(o, "pointer", json_object_new_string(s->pointer ? s->pointer : ""));
		json_object_object_add(o, "reason", json_object_new_string(s->reason));
		json_object_object_add(o, "from", json_object_new_string(s->owner->path));
		json_object_array_add(supps, o);
	}
	json_object_object_add(root, "config-files", chain);
	json_object_object_add(root, "rules", rules);
	json_object_object_add(root, "fail-on", json_object_new_string(severity_name(eff->fail_on)));
	if (!json_object_array_length(files)) {
		json_object_array_add(files, json_object_new_string("**/*.json"));
		json_object_array_add(files, json_object_new_string("**/*.txt"));
		json_object_array_add(files, json_object_new_string("**/*.sh"));
		json_object_array_add(files, json_object_new_string("**/*.bash"));
		json_object_array_add(files, json_object_new_string("**/*.md"));
		json_object_array_add(files, json_object_new_string("**/*.markdown"));
		json_object_array_add(files, json_object_new_string("**/*.tf"));
	}
	json_object_object_add(root, "files", files);
	json_object_object_add(root, "exclude", exclude);
	json_object_object_add(root, "suppressions", supps);
	json_object_object_add(root, "locked", locked);
	char *text = NULL;
	const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
		JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t len = strlen(s), k = 0;
	text = xmalloc(len + 2);
	/* json-c prints an empty list as "[" newline spaces "]": write "[]".
	 * A raw newline never occurs inside a JSON string, so this only
	 * touches layout. */
	for (size_t i = 0; i < len; i++) {
		text[k++] = s[i];
		if (s[i] != '[' && s[i] != '{')
			continue;
		size_t j = i + 1;
		while (j < len && (s[j] == ' ' || s[j] == '\n'))
			j++;
		if (j < len && j > i + 1 && memchr(s + i + 1, '\n', j - i - 1) &&
		    s[j] == (s[i] == '[' ? ']' : '}'))
			i = j - 1;
	}
	memcpy(text + k, "\n", 2);
	json_object_put(root);
	return text;
}
