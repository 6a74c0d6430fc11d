/*
 * config_file: one `.dtslint.json`, parsed strictly with jsonpos (for
 * exact positions), and the locks of the files above it applied to it
 * (DTS902).  Discovery and merging are in config.c.
 */
#include "config_file.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonpos.h"
#include "suggest.h"
#include "xalloc.h"

#define DTS_LOCKED_RULE "DTS902"

/* ---- parsing one file ---- */

struct parser {
	const struct ruleset *rs;
	struct source *src;
	char *err;
	size_t errsize;
};

static bool fail(struct parser *P, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct parser *P, size_t offset, const char *fmt, ...)
{
	struct position pos = source_position(P->src, offset);
	int n = snprintf(P->err, P->errsize, "%s:%zu:%zu: ", P->src->name, pos.line, pos.column);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < P->errsize)
		vsnprintf(P->err + n, P->errsize - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static bool want_type(struct parser *P, const struct jnode *n, enum jtype t, const char *what)
{
	if (jnode_type(n) == t)
		return true;
	return fail(P, jnode_span(n).start, "%s must be %s, not %s", what, jtype_name(t),
	            jtype_name(jnode_type(n)));
}

static size_t count_names(const char *const *names)
{
	size_t n = 0;
	while (names[n])
		n++;
	return n;
}

/* Every key of obj must be one of `keys` and appear once. */
static bool check_keys(struct parser *P, const struct jnode *obj, const char *what,
                       const char *const *keys)
{
	for (const struct jnode *c = jnode_first(obj); c; c = jnode_next(c)) {
		bool known = false;
		if (jnode_is_duplicate(c))
			return fail(P, jnode_key_span(c).start, "'%s' is given twice in %s", jnode_key(c), what);
		for (size_t i = 0; keys[i]; i++)
			known |= strcmp(keys[i], jnode_key(c)) == 0;
		if (known)
			continue;
		const char *close = suggest_closest(jnode_key(c), jnode_key_len(c), keys, count_names(keys));
		if (close)
			return fail(P, jnode_key_span(c).start, "unknown key '%s' in %s; did you mean '%s'?",
			            jnode_key(c), what, close);
		char list[256] = "";
		for (size_t i = 0; keys[i]; i++) {
			strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
			strncat(list, keys[i], sizeof list - strlen(list) - 1);
		}
		return fail(P, jnode_key_span(c).start, "unknown key '%s' in %s; expected one of: %s",
		            jnode_key(c), what, list);
	}
	return true;
}

const struct rule *config_find_rule(const struct ruleset *rs, const char *word, size_t len)
{
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct rule *r = &rs->rules[i];
		if ((strlen(r->id) == len && strncasecmp(r->id, word, len) == 0) ||
		    (r->name && strlen(r->name) == len && strncasecmp(r->name, word, len) == 0))
			return r;
	}
	return NULL;
}

/* "did you mean" over every ID and name. */
const char *config_closest_rule(const struct ruleset *rs, const char *word, size_t len)
{
	const char **names = xcalloc(rs->n_rules * 2 + 1, sizeof *names);
	size_t n = 0;
	for (size_t i = 0; i < rs->n_rules; i++) {
		names[n++] = rs->rules[i].id;
		if (rs->rules[i].name)
			names[n++] = rs->rules[i].name;
	}
	const char *close = suggest_closest(word, len, names, n);
	free(names);
	return close;
}

static bool rule_ref(struct parser *P, const char *word, size_t len, size_t at,
                     const struct rule **out)
{
	*out = config_find_rule(P->rs, word, len);
	if (*out)
		return true;
	const char *close = config_closest_rule(P->rs, word, len);
	if (close)
		return fail(P, at, "no rule '%s'; did you mean '%s'?", word, close);
	return fail(P, at, "no rule '%s'; 'dtslint --list-rules' lists the IDs and names", word);
}

static const char *const level_names[] = {"off", "note", "warning", "error", NULL};

/* "off", "note", "warning", "error" (and "none" for fail-on). */
bool config_level_parse(const char *text, bool fail_on, int *out, const char **close)
{
	static const char *const fail_names[] = {"none", "note", "warning", "error", NULL};
	const char *const *names = fail_on ? fail_names : level_names;
	for (int i = 0; names[i]; i++) {
		if (strcmp(names[i], text) == 0) {
			*out = i; /* CONFIG_OFF / SEV_NONE = 0, then the severities */
			return true;
		}
	}
	*close = suggest_closest(text, strlen(text), names, 4);
	return false;
}

static bool parse_level(struct parser *P, const struct jnode *n, bool fail_on, int *out)
{
	const char *close = NULL;
	const char *what = fail_on ? "'fail-on'" : "a rule level";
	if (!want_type(P, n, JT_STRING, what))
		return false;
	if (config_level_parse(jnode_text(n), fail_on, out, &close))
		return true;
	if (close)
		return fail(P, jnode_span(n).start, "%s '%s' is not valid; did you mean '%s'?", what, jnode_text(n), close);
	return fail(P, jnode_span(n).start, "%s '%s' is not valid; expected %s", what, jnode_text(n),
	            fail_on ? "none, note, warning or error" : "off, note, warning or error");
}

static bool parse_rules(struct parser *P, const struct jnode *obj,
                        struct config_rule_setting **out, size_t *n_out)
{
	if (!want_type(P, obj, JT_OBJECT, "'rules'"))
		return false;
	*out = xcalloc(jnode_n_children(obj) + 1, sizeof **out);
	for (const struct jnode *c = jnode_first(obj); c; c = jnode_next(c)) {
		struct config_rule_setting *s = &(*out)[*n_out];
		if (jnode_is_duplicate(c))
			return fail(P, jnode_key_span(c).start, "'%s' is given twice in 'rules'", jnode_key(c));
		if (!rule_ref(P, jnode_key(c), jnode_key_len(c), jnode_key_span(c).start, &s->rule) ||
		    !parse_level(P, c, false, &s->level))
			return false;
		s->start = jnode_key_span(c).start;
		s->end = jnode_key_span(c).end;
		(*n_out)++;
	}
	return true;
}

/* A pattern or a list of them. */
static bool parse_patterns(struct parser *P, const struct jnode *n, const char *what,
                           char ***out, size_t *n_out)
{
	const struct jnode *one = jnode_type(n) == JT_STRING ? n : NULL;
	if (!one && jnode_type(n) != JT_ARRAY)
		return fail(P, jnode_span(n).start, "%s must be a pattern or a list of patterns, not %s",
		            what, jtype_name(jnode_type(n)));
	*out = xcalloc(jnode_n_children(n) + 2, sizeof **out);
	for (const struct jnode *c = one ? one : jnode_first(n); c; c = one ? NULL : jnode_next(c)) {
		if (!want_type(P, c, JT_STRING, "a pattern"))
			return false;
		if (jnode_text(c)[0] == '\0')
			return fail(P, jnode_span(c).start, "a pattern must not be empty");
		if (jnode_text(c)[0] == '/')
			return fail(P, jnode_span(c).start, "'%s': patterns are relative to the folder of %s; "
			            "drop the leading '/'", jnode_text(c), CONFIG_FILE_NAME);
		(*out)[(*n_out)++] = xstrdup(jnode_text(c));
	}
	return true;
}

static bool parse_override(struct parser *P, const struct jnode *n, struct config_override *o)
{
	static const char *const keys[] = {"files", "rules", NULL};
	if (!want_type(P, n, JT_OBJECT, "an override") || !check_keys(P, n, "an override", keys))
		return false;
	const struct jnode *files = jnode_get(n, "files"), *rules = jnode_get(n, "rules");
	if (!files)
		return fail(P, jnode_span(n).start, "an override needs 'files'");
	if (!rules)
		return fail(P, jnode_span(n).start, "an override needs 'rules'");
	return parse_patterns(P, files, "'files'", &o->files, &o->n_files) &&
	       parse_rules(P, rules, &o->rules, &o->n_rules);
}

static bool parse_suppression(struct parser *P, const struct jnode *n, struct config_suppression *s)
{
	static const char *const keys[] = {"files", "rule", "pointer", "reason", NULL};
	if (!want_type(P, n, JT_OBJECT, "a suppression") || !check_keys(P, n, "a suppression", keys))
		return false;
	const struct jnode *files = jnode_get(n, "files"), *rule = jnode_get(n, "rule");
	const struct jnode *pointer = jnode_get(n, "pointer"), *reason = jnode_get(n, "reason");
	s->start = jnode_span(n).start;
	s->end = jnode_span(n).end;
	if (!rule)
		return fail(P, jnode_span(n).start, "a suppression needs 'rule' (an ID or name)");
	if (!want_type(P, rule, JT_STRING, "'rule'") ||
	    !rule_ref(P, jnode_text(rule), jnode_text_len(rule), jnode_span(rule).start, &s->rule))
		return false;
	if (!reason)
		return fail(P, jnode_span(n).start, "a suppression needs 'reason': say why this finding is accepted");
	if (!want_type(P, reason, JT_STRING, "'reason'"))
		return false;
	if (strspn(jnode_text(reason), " \t\r\n") == jnode_text_len(reason))
		return fail(P, jnode_span(reason).start, "'reason' must say why this finding is accepted");
	s->reason = xstrdup(jnode_text(reason));
	if (pointer) {
		if (!want_type(P, pointer, JT_STRING, "'pointer'"))
			return false;
		if (jnode_text(pointer)[0] && jnode_text(pointer)[0] != '/')
			return fail(P, jnode_span(pointer).start, "'pointer' must be a JSON pointer such as "
			            "'/DbList/shop', starting with '/'");
		s->pointer = xstrdup(jnode_text(pointer));
	}
	if (files && !parse_patterns(P, files, "'files'", &s->files, &s->n_files))
		return false;
	return true;
}

static bool parse_locks(struct parser *P, const struct jnode *n, struct config_file *cf)
{
	if (!want_type(P, n, JT_ARRAY, "'locked'"))
		return false;
	cf->locks = xcalloc(jnode_n_children(n) + 1, sizeof *cf->locks);
	for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c)) {
		struct config_lock *l = &cf->locks[cf->n_locks];
		if (!want_type(P, c, JT_STRING, "a locked rule") ||
		    !rule_ref(P, jnode_text(c), jnode_text_len(c), jnode_span(c).start, &l->rule))
			return false;
		l->start = jnode_span(c).start;
		l->end = jnode_span(c).end;
		cf->n_locks++;
	}
	return true;
}

static bool parse_root(struct parser *P, const struct jnode *root, struct config_file *cf)
{
	static const char *const keys[] = {"rules", "fail-on", "files", "exclude", "overrides",
	                                   "suppressions", "locked", NULL};
	const struct jnode *n;
	if (!want_type(P, root, JT_OBJECT, "a configuration") ||
	    !check_keys(P, root, "the configuration", keys))
		return false;
	if ((n = jnode_get(root, "rules")) && !parse_rules(P, n, &cf->rules, &cf->n_rules))
		return false;
	if ((n = jnode_get(root, "fail-on"))) {
		int level;
		if (!parse_level(P, n, true, &level))
			return false;
		cf->has_fail_on = true;
		cf->fail_on = (enum severity)level;
	}
	if ((n = jnode_get(root, "files")) && !parse_patterns(P, n, "'files'", &cf->files, &cf->n_files))
		return false;
	if ((n = jnode_get(root, "exclude")) &&
	    !parse_patterns(P, n, "'exclude'", &cf->exclude, &cf->n_exclude))
		return false;
	if ((n = jnode_get(root, "overrides"))) {
		if (!want_type(P, n, JT_ARRAY, "'overrides'"))
			return false;
		cf->overrides = xcalloc(jnode_n_children(n) + 1, sizeof *cf->overrides);
		for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c))
			if (!parse_override(P, c, &cf->overrides[cf->n_overrides++]))
				return false;
	}
	if ((n = jnode_get(root, "suppressions"))) {
		if (!want_type(P, n, JT_ARRAY, "'suppressions'"))
			return false;
		cf->supps = xcalloc(jnode_n_children(n) + 1, sizeof *cf->supps);
		for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c)) {
			cf->supps[cf->n_supps].owner = cf;
			if (!parse_suppression(P, c, &cf->supps[cf->n_supps++]))
				return false;
		}
	}
	if ((n = jnode_get(root, "locked")) && !parse_locks(P, n, cf))
		return false;
	return true;
}

/* ---- locks ---- */

static const struct config_lock *find_lock(const struct config_file *cf, const struct rule *r,
                                           const struct config_file **where)
{
	for (; cf; cf = cf->parent) {
		for (size_t i = 0; i < cf->n_locks; i++) {
			if (cf->locks[i].rule == r) {
				*where = cf;
				return &cf->locks[i];
			}
		}
	}
	return NULL;
}

/* `from`: where locks count (the parent for the file's own rules and
 * suppressions, the file itself for its overrides). */
static void report_locked(struct config_file *cf, const struct config_file *from,
                          const struct ruleset *rs, const struct rule *r,
                          size_t start, size_t end, const char *what)
{
	const struct config_file *where = NULL;
	const struct rule *dts902 = ruleset_find_rule(rs, DTS_LOCKED_RULE);
	char msg[512];

	const struct config_lock *lock = find_lock(from, r, &where);
	if (!dts902 || !lock)
		return;
	struct position at = source_position(where->src, lock->start);
	snprintf(msg, sizeof msg, "%s (%s) is locked by %s:%zu:%zu; nothing applied after the lock can "
	         "%s it, so this is ignored", r->id, r->name ? r->name : "", where->path, at.line,
	         at.column, what);
	diag_add(&cf->problems, dts902, start, end, "", msg, NULL);
}

static void mark_locked(struct config_file *cf, const struct config_file *from,
                        const struct ruleset *rs, struct config_rule_setting *s, size_t n)
{
	const struct config_file *where;
	for (size_t i = 0; i < n; i++) {
		if (find_lock(from, s[i].rule, &where)) {
			s[i].locked_out = true;
			report_locked(cf, from, rs, s[i].rule, s[i].start, s[i].end, "change");
		}
	}
}

struct config_file *config_file_parse(struct source *src, const char *abs_dir,
                                      const struct config_file *parent,
                                      const struct ruleset *rs, char *err, size_t errsize)
{
	struct parser P = {.rs = rs, .src = src, .err = err, .errsize = errsize};
	struct config_file *cf = xcalloc(1, sizeof *cf);
	struct jdoc *doc = jdoc_new();
	struct jerror jerr;
	size_t dummy, bom = 0;
	const struct config_file *where;

	cf->path = xstrdup(src->name);
	cf->dir = xstrdup(abs_dir);
	cf->parent = parent;
	diag_list_init(&cf->problems);
	if (source_check_encoding(src, &dummy, &bom) != ENC_OK) {
		fail(&P, dummy, "%s", "not UTF-8 text");
		goto bad;
	}
	if (bom) {
		/* jsonpos spans count from the first byte; a BOM would shift
		 * them all, and a config file has no reason to carry one. */
		fail(&P, 0, "%s", "remove the byte order mark");
		goto bad;
	}
	memset(&jerr, 0, sizeof jerr);
	struct jnode *root = jsonpos_parse(doc, src->bytes, src->len, &jerr);
	if (!root) {
		fail(&P, jerr.span.start, "%s", jerr.message);
		goto bad;
	}
	if (!parse_root(&P, root, cf))
		goto bad;
	jdoc_free(doc);
	cf->src = src;
	/* A file's own `rules` set the level its `locked` then freezes; its
	 * overrides come after the lock, like everything nearer. */
	mark_locked(cf, parent, rs, cf->rules, cf->n_rules);
	for (size_t i = 0; i < cf->n_overrides; i++)
		mark_locked(cf, cf, rs, cf->overrides[i].rules, cf->overrides[i].n_rules);
	for (size_t i = 0; i < cf->n_supps; i++) {
		struct config_suppression *s = &cf->supps[i];
		if (find_lock(parent, s->rule, &where)) {
			s->locked_out = true;
			report_locked(cf, parent, rs, s->rule, s->start, s->start + 1, "suppress");
		}
	}
	return cf;
bad:
	jdoc_free(doc);
	cf->src = NULL;
	config_file_free(cf);
	return NULL;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void config_file_free(struct config_file *cf)
{
	if (!cf)
		return;
	free(cf->path);
	free(cf->dir);
	source_free(cf->src);
	free(cf->rules);
	free_list(cf->files, cf->n_files);
	free_list(cf->exclude, cf->n_exclude);
	for (size_t i = 0; i < cf->n_overrides; i++) {
		free_list(cf->overrides[i].files, cf->overrides[i].n_files);
		free(cf->overrides[i].rules);
	}
	free(cf->overrides);
	for (size_t i = 0; i < cf->n_supps; i++) {
		free_list(cf->supps[i].files, cf->supps[i].n_files);
		free(cf->supps[i].pointer);
		free(cf->supps[i].reason);
	}
	free(cf->supps);
	free(cf->locks);
	diag_list_release(&cf->problems);
	free(cf);
}

