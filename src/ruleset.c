/*
 * ruleset: load the rules/ JSON files into a struct ruleset, as strictly as dtslint
 * checks requests.  A rule file with an unknown key, a wrong type, a
 * duplicate ID, a reference to an unknown rule or parameter, a bad
 * template placeholder or a pattern PCRE2 cannot compile is refused with
 * "file:line:col: problem"; a half-loaded ruleset would lint silently
 * wrong.  Files are parsed with jsonpos so those positions are exact.
 *
 * Two passes: rule definitions from every file first, then operations
 * and settings, so a constraint may name a rule defined in another file.
 */
#include "ruleset.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "embedded.h"
#include "jsonpos.h"
#include "source.h"
#include "suggest.h"
#include "template.h"
#include "xalloc.h"

/* Generous for any pattern a rule needs, small enough that a pathological
 * pattern fails fast (as an internal error, never as a silent pass). */
#define MATCH_LIMIT 1000000

struct loaded_file {
	struct source *src;
	struct jdoc *doc;
	struct jnode *root;
};

struct loader {
	struct ruleset *rs;
	struct loaded_file *file; /* the file being read, for error positions */
	char *errbuf;
	size_t errsize;
	bool failed;
	struct operation *op;     /* operation being read */
	struct schema *schema;    /* schema being read (constraints name its keys) */
	/* Schema references are resolved once every file is read; each keeps
	 * where it was written for the error message. */
	struct schema_ref {
		char *name;
		const struct schema **out;
		char where[160];
	} *refs;
	size_t n_refs;
};

static bool fail(struct loader *L, const struct jnode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool want_type(struct loader *L, const struct jnode *n, enum jtype type, const char *what);
static bool want_type_early(struct loader *L, const struct jnode *n);

static bool fail(struct loader *L, const struct jnode *at, const char *fmt, ...)
{
	if (L->failed)
		return false;
	L->failed = true;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t offset = at ? (at->key && at->key_span.end ? at->key_span.start : at->span.start) : 0;
	struct position p = source_position(L->file->src, offset);
	snprintf(L->errbuf, L->errsize, "%s:%zu:%zu: %s", L->file->src->name, p.line, p.column, msg);
	return false;
}

static void where_of(struct loader *L, const struct jnode *at, char *buf, size_t size)
{
	struct position p = source_position(L->file->src, at->span.start);
	snprintf(buf, size, "%s:%zu:%zu", L->file->src->name, p.line, p.column);
}

static void add_schema_ref(struct loader *L, const struct jnode *at, const char *name,
                           const struct schema **out)
{
	L->refs = xreallocarray(L->refs, L->n_refs + 1, sizeof *L->refs);
	struct schema_ref *ref = &L->refs[L->n_refs++];
	ref->name = xstrdup(name);
	ref->out = out;
	where_of(L, at, ref->where, sizeof ref->where);
}

static bool get_rule_ref(struct loader *L, const struct jnode *n, const struct rule **out)
{
	if (!want_type_early(L, n))
		return false;
	*out = ruleset_find_rule(L->rs, n->text);
	if (!*out)
		return fail(L, n, "rule '%s' is not defined", n->text);
	return true;
}

/* ---- typed accessors ---------------------------------------------- */

static bool want_type(struct loader *L, const struct jnode *n, enum jtype type, const char *what)
{
	if (n->type == type)
		return true;
	return fail(L, n, "'%s' must be %s, not %s", what, jtype_name(type), jtype_name(n->type));
}

static bool want_type_early(struct loader *L, const struct jnode *n)
{
	return want_type(L, n, JT_STRING, n->key ? n->key : "rule");
}

static bool get_string(struct loader *L, const struct jnode *n, char **out)
{
	if (!want_type(L, n, JT_STRING, n->key))
		return false;
	if (n->text_len == 0)
		return fail(L, n, "'%s' must not be empty", n->key);
	if (strlen(n->text) != n->text_len)
		return fail(L, n, "'%s' must not contain NUL characters", n->key);
	*out = xstrdup(n->text);
	return true;
}

static bool get_bool(struct loader *L, const struct jnode *n, bool *out)
{
	if (!want_type(L, n, JT_BOOL, n->key))
		return false;
	*out = n->boolean;
	return true;
}

static bool get_number(struct loader *L, const struct jnode *n, double *out)
{
	if (!want_type(L, n, JT_NUMBER, n->key))
		return false;
	*out = strtod(n->text, NULL);
	return true;
}

static bool get_size(struct loader *L, const struct jnode *n, size_t *out)
{
	double d;
	if (!get_number(L, n, &d))
		return false;
	if (d < 0 || d != (double)(size_t)d)
		return fail(L, n, "'%s' must be a non-negative integer", n->key);
	*out = (size_t)d;
	return true;
}

static bool get_template(struct loader *L, const struct jnode *n, char **out)
{
	if (!get_string(L, n, out))
		return false;
	const char *bad = template_check(*out);
	if (bad)
		return fail(L, n, "'%s' uses an unknown placeholder at \"%.20s\"; see docs/rules-format.md",
		            n->key, bad);
	return true;
}

static bool get_string_array(struct loader *L, const struct jnode *n, char ***out, size_t *count)
{
	if (!want_type(L, n, JT_ARRAY, n->key))
		return false;
	if (n->n_children == 0)
		return fail(L, n, "'%s' must not be empty", n->key);
	*out = xcalloc(n->n_children, sizeof **out);
	*count = 0;
	for (const struct jnode *c = n->first; c; c = c->next) {
		if (c->type != JT_STRING || c->text_len == 0)
			return fail(L, c, "'%s' must hold non-empty strings", n->key);
		(*out)[(*count)++] = xstrdup(c->text);
	}
	return true;
}

/* Reject keys outside `allowed` (NULL-terminated), with a did-you-mean. */
static bool check_keys(struct loader *L, const struct jnode *obj, const char *what,
                       const char *const *allowed)
{
	if (!want_type(L, obj, JT_OBJECT, what))
		return false;
	size_t n_allowed = 0;
	while (allowed[n_allowed])
		n_allowed++;
	for (const struct jnode *c = obj->first; c; c = c->next) {
		if (c->is_duplicate)
			return fail(L, c, "'%s' is given twice in %s", c->key, what);
		bool ok = false;
		for (size_t i = 0; i < n_allowed && !ok; i++)
			ok = strcmp(c->key, allowed[i]) == 0;
		if (ok)
			continue;
		const char *near = suggest_closest(c->key, c->key_len, allowed, n_allowed);
		if (near)
			return fail(L, c, "unknown key '%s' in %s; did you mean '%s'?", c->key, what, near);
		return fail(L, c, "unknown key '%s' in %s", c->key, what);
	}
	return true;
}

/* ---- patterns ------------------------------------------------------ */

static bool compile_pattern(struct loader *L, const struct jnode *n, pcre2_code **out)
{
	if (!want_type(L, n, JT_STRING, n->key))
		return false;
	int code;
	PCRE2_SIZE offset;
	*out = pcre2_compile((PCRE2_SPTR)n->text, n->text_len, PCRE2_UTF, &code, &offset, NULL);
	if (*out) {
		return true;
	}
	PCRE2_UCHAR why[160];
	pcre2_get_error_message(code, why, sizeof why);
	/* Point at the character PCRE2 complains about (exact when the
	 * pattern has no JSON escapes before it). */
	struct jnode at = *n;
	at.key = NULL;
	at.span.start = n->span.start + 1 + offset;
	return fail(L, &at, "pattern does not compile: %s", (const char *)why);
}

static bool parse_format(struct loader *L, const struct jnode *n, struct format *f)
{
	static const char *const keys[] = {"expect", "reject", "message", "rule", NULL};
	if (!check_keys(L, n, "a format", keys))
		return false;
	const struct jnode *rule = jnode_get(n, "rule");
	if (rule && !get_rule_ref(L, rule, &f->rule))
		return false;
	const struct jnode *expect = jnode_get(n, "expect"), *reject = jnode_get(n, "reject");
	const struct jnode *message = jnode_get(n, "message");
	if (!!expect == !!reject)
		return fail(L, n, "a format needs exactly one of 'expect' and 'reject'");
	if (!message)
		return fail(L, n, "a format needs a 'message'");
	f->reject = reject != NULL;
	return compile_pattern(L, expect ? expect : reject, &f->re) && get_template(L, message, &f->message);
}

/* ---- parameters ---------------------------------------------------- */

static bool parse_type(struct loader *L, const struct jnode *n, enum param_type *out)
{
	static const char *const names[] = {"string", "boolean", "integer", "number", "json", "object", "any", NULL};
	if (!want_type(L, n, JT_STRING, "type"))
		return false;
	for (int i = 0; names[i]; i++)
		if (strcmp(n->text, names[i]) == 0) {
			*out = (enum param_type)i;
			return true;
		}
	return fail(L, n, "'type' must be one of string, boolean, integer, number, json, object, any; not '%s'", n->text);
}

static bool parse_list(struct loader *L, const struct jnode *n, struct param *p)
{
	static const char *const keys[] = {"separator", "maxItems", "item", NULL};
	if (!check_keys(L, n, "'list'", keys))
		return false;
	const struct jnode *sep = jnode_get(n, "separator");
	if (!sep)
		return fail(L, n, "'list' needs a 'separator'");
	if (!get_string(L, sep, &p->list_separator))
		return false;
	const struct jnode *max = jnode_get(n, "maxItems"), *item = jnode_get(n, "item");
	if (max && !get_size(L, max, &p->list_max_items))
		return false;
	if (item) {
		p->list_item = xcalloc(1, sizeof *p->list_item);
		if (!parse_format(L, item, p->list_item))
			return false;
	}
	return true;
}

static bool parse_type_hints(struct loader *L, const struct jnode *n, struct param *p)
{
	static const char *const keys[] = {"type", "rule", "message", NULL};
	static const char *const types[] = {"null", "boolean", "number", "string", "array", "object", NULL};
	if (!want_type(L, n, JT_ARRAY, "typeHints"))
		return false;
	p->hints = xcalloc(n->n_children ? n->n_children : 1, sizeof *p->hints);
	for (const struct jnode *c = n->first; c; c = c->next) {
		struct type_hint *h = &p->hints[p->n_hints++];
		if (!check_keys(L, c, "a type hint", keys))
			return false;
		const struct jnode *t = jnode_get(c, "type"), *rule = jnode_get(c, "rule");
		const struct jnode *msg = jnode_get(c, "message");
		if (!t || !rule || !msg)
			return fail(L, c, "a type hint needs 'type', 'rule' and 'message'");
		if (!want_type(L, t, JT_STRING, "type"))
			return false;
		h->jtype = -1;
		for (int i = 0; types[i]; i++)
			if (!strcmp(t->text, types[i]))
				h->jtype = i; /* the order of enum jtype */
		if (h->jtype < 0)
			return fail(L, t, "'type' must be null, boolean, number, string, array or object");
		if (!get_rule_ref(L, rule, &h->rule) || !get_template(L, msg, &h->message))
			return false;
	}
	return true;
}

static bool parse_size_warning(struct loader *L, const struct jnode *n, struct param *p)
{
	static const char *const keys[] = {"bytes", "rule", NULL};
	if (!check_keys(L, n, "'sizeWarning'", keys))
		return false;
	const struct jnode *bytes = jnode_get(n, "bytes"), *rule = jnode_get(n, "rule");
	if (!bytes || !rule)
		return fail(L, n, "'sizeWarning' needs 'bytes' and 'rule'");
	return get_size(L, bytes, &p->warn_bytes) && get_rule_ref(L, rule, &p->warn_bytes_rule);
}

static bool parse_param_member(struct loader *L, const struct jnode *c, struct param *p)
{
	const char *k = c->key;
	if (!strcmp(k, "type"))
		return parse_type(L, c, &p->type);
	if (!strcmp(k, "required"))
		return get_bool(L, c, &p->required);
	if (!strcmp(k, "secret"))
		return get_bool(L, c, &p->secret);
	if (!strcmp(k, "default"))
		return get_string(L, c, &p->default_value);
	if (!strcmp(k, "unsupported"))
		return get_template(L, c, &p->unsupported);
	if (!strcmp(k, "enum"))
		return get_string_array(L, c, &p->enums, &p->n_enums);
	if (!strcmp(k, "minimum"))
		return (p->has_min = true) && get_number(L, c, &p->min);
	if (!strcmp(k, "maximum"))
		return (p->has_max = true) && get_number(L, c, &p->max);
	if (!strcmp(k, "recommendedMinimum"))
		return (p->has_recommended_min = true) && get_number(L, c, &p->recommended_min);
	if (!strcmp(k, "list"))
		return parse_list(L, c, p);
	if (!strcmp(k, "maxBytes"))
		return get_size(L, c, &p->max_bytes);
	if (!strcmp(k, "nonEmpty"))
		return get_bool(L, c, &p->must_be_non_empty);
	if (!strcmp(k, "schema")) {
		if (!get_string(L, c, &p->schema_name))
			return false;
		add_schema_ref(L, c, p->schema_name, &p->schema);
		return true;
	}
	if (!strcmp(k, "enumRule"))
		return get_rule_ref(L, c, &p->enum_rule);
	if (!strcmp(k, "typeHints"))
		return parse_type_hints(L, c, p);
	if (!strcmp(k, "sizeWarning"))
		return parse_size_warning(L, c, p);
	/* formats */
	if (!want_type(L, c, JT_ARRAY, "formats"))
		return false;
	p->formats = xcalloc(c->n_children ? c->n_children : 1, sizeof *p->formats);
	for (const struct jnode *f = c->first; f; f = f->next)
		if (!parse_format(L, f, &p->formats[p->n_formats++]))
			return false;
	return true;
}

static bool parse_param(struct loader *L, const struct jnode *n, struct param *p)
{
	static const char *const keys[] = {
		"type", "required", "secret", "default", "unsupported", "enum", "formats", "minimum",
		"maximum", "recommendedMinimum", "list", "maxBytes", "nonEmpty", "schema", "typeHints",
		"enumRule", "sizeWarning", NULL,
	};
	p->name = xstrdup(n->key);
	if (!check_keys(L, n, "a parameter spec", keys))
		return false;
	if (!jnode_get(n, "type"))
		return fail(L, n, "parameter '%s' needs a 'type'", n->key);
	for (const struct jnode *c = n->first; c; c = c->next)
		if (!parse_param_member(L, c, p))
			return false;
	bool is_json = p->type == PT_JSON;
	if (!is_json && (p->max_bytes || p->must_be_non_empty || p->warn_bytes))
		return fail(L, n, "'maxBytes', 'nonEmpty' and 'sizeWarning' apply only to type json");
	if (p->schema_name && !is_json && p->type != PT_OBJECT)
		return fail(L, n, "'schema' applies only to types json and object");
	if (L->schema && p->required)
		return fail(L, n, "'required' is for parameters; inside a schema use a constraint with 'require'");
	return true;
}

static bool parse_params(struct loader *L, const struct jnode *n, struct param **out, size_t *count)
{
	if (!want_type(L, n, JT_OBJECT, n->key))
		return false;
	*out = xcalloc(n->n_children ? n->n_children : 1, sizeof **out);
	*count = 0;
	for (const struct jnode *c = n->first; c; c = c->next) {
		if (c->is_duplicate)
			return fail(L, c, "parameter '%s' is defined twice", c->key);
		if (!parse_param(L, c, &(*out)[(*count)++]))
			return false;
	}
	return true;
}

/* ---- constraints --------------------------------------------------- */

static bool known_target(struct loader *L, const struct jnode *n)
{
	if (n->text[0] == '/')
		return true;
	if (L->schema) {
		if (schema_find_key(L->schema, n->text, n->text_len))
			return true;
		return fail(L, n, "'%s' is not a key of schema %s", n->text, L->schema->name);
	}
	if (operation_find_param(L->op, L->rs, n->text))
		return true;
	return fail(L, n, "'%s' is not a parameter of %s", n->text, L->op->name);
}

static bool get_target(struct loader *L, const struct jnode *n, char **out)
{
	return get_string(L, n, out) && known_target(L, n);
}

/* A condition object: "param" plus exactly one test. */
static bool parse_condition(struct loader *L, const struct jnode *n, struct condition *c)
{
	static const char *const keys[] = {"param", "in", "notIn", "equals", "present", "absent", NULL};
	if (!check_keys(L, n, "a condition", keys))
		return false;
	const struct jnode *param = jnode_get(n, "param");
	if (!param)
		return fail(L, n, "a condition needs 'param'");
	if (!get_target(L, param, &c->target))
		return false;
	if (n->n_children != 2)
		return fail(L, n, "a condition needs exactly one of 'in', 'notIn', 'equals', 'present', 'absent'");
	const struct jnode *t = param == n->first ? n->last : n->first;
	bool flag;
	if (!strcmp(t->key, "in") || !strcmp(t->key, "notIn")) {
		c->op = t->key[0] == 'i' ? COND_IN : COND_NOT_IN;
		return get_string_array(L, t, &c->values, &c->n_values);
	}
	if (!get_bool(L, t, &flag))
		return false;
	if (!strcmp(t->key, "equals")) {
		c->op = flag ? COND_EQUALS_TRUE : COND_EQUALS_FALSE;
		return true;
	}
	if (!flag)
		return fail(L, t, "'%s' can only be true", t->key);
	c->op = !strcmp(t->key, "present") ? COND_PRESENT : COND_ABSENT;
	return true;
}

static bool parse_action(struct loader *L, const struct jnode *a, struct constraint *k)
{
	if (!strcmp(a->key, "require") || !strcmp(a->key, "forbid")) {
		k->kind = a->key[0] == 'r' ? CK_REQUIRE : CK_FORBID;
		return get_target(L, a, &k->target);
	}
	if (!strcmp(a->key, "expect")) {
		k->kind = CK_EXPECT;
		if (!parse_condition(L, a, &k->expect))
			return false;
		k->target = xstrdup(k->expect.target);
		return true;
	}
	static const char *const keys[] = {"param", "lessOrEqual", NULL};
	if (!check_keys(L, a, "'compare'", keys))
		return false;
	const struct jnode *p = jnode_get(a, "param"), *q = jnode_get(a, "lessOrEqual");
	if (!p || !q)
		return fail(L, a, "'compare' needs 'param' and 'lessOrEqual'");
	k->kind = CK_COMPARE;
	return get_target(L, p, &k->target) && get_target(L, q, &k->other);
}

static bool parse_constraint(struct loader *L, const struct jnode *n, struct constraint *k)
{
	static const char *const keys[] = {"rule", "when", "require", "forbid", "expect",
	                                   "compare", "message", "help", NULL};
	static const char *const actions[] = {"require", "forbid", "expect", "compare"};
	if (!check_keys(L, n, "a constraint", keys))
		return false;
	const struct jnode *rule = jnode_get(n, "rule");
	if (!rule || !want_type(L, rule, JT_STRING, "rule"))
		return rule ? false : fail(L, n, "a constraint needs 'rule'");
	k->rule = ruleset_find_rule(L->rs, rule->text);
	if (!k->rule)
		return fail(L, rule, "rule '%s' is not defined", rule->text);
	const struct jnode *action = NULL;
	for (size_t i = 0; i < 4; i++) {
		const struct jnode *a = jnode_get(n, actions[i]);
		if (a && action)
			return fail(L, a, "a constraint takes exactly one of require, forbid, expect, compare");
		if (a)
			action = a;
	}
	if (!action)
		return fail(L, n, "a constraint needs one of require, forbid, expect, compare");
	if (!parse_action(L, action, k))
		return false;
	const struct jnode *when = jnode_get(n, "when");
	if (when) {
		if (!want_type(L, when, JT_ARRAY, "when"))
			return false;
		k->when = xcalloc(when->n_children ? when->n_children : 1, sizeof *k->when);
		for (const struct jnode *c = when->first; c; c = c->next)
			if (!parse_condition(L, c, &k->when[k->n_when++]))
				return false;
	}
	const struct jnode *message = jnode_get(n, "message"), *help = jnode_get(n, "help");
	if (message && !get_template(L, message, &k->message))
		return false;
	return !help || get_template(L, help, &k->help);
}

/* ---- schemas --------------------------------------------------------- */

static bool parse_rule_map(struct loader *L, const struct jnode *n, struct rule_map *m)
{
	static const char *const keys[] = {"unknownClose", "unknownOther", "type", "value", "range", NULL};
	if (!check_keys(L, n, "'rules'", keys))
		return false;
	const struct rule **slots[] = {&m->unknown_close, &m->unknown_other, &m->type, &m->value, &m->range};
	for (size_t i = 0; keys[i]; i++) {
		const struct jnode *c = jnode_get(n, keys[i]);
		if (c && !get_rule_ref(L, c, slots[i]))
			return false;
	}
	return true;
}

static bool parse_foreign(struct loader *L, const struct jnode *n, struct schema *s)
{
	static const char *const keys[] = {"keys", "rule", "message", NULL};
	if (!want_type(L, n, JT_ARRAY, "foreignKeys"))
		return false;
	s->foreign = xcalloc(n->n_children ? n->n_children : 1, sizeof *s->foreign);
	for (const struct jnode *c = n->first; c; c = c->next) {
		struct foreign_keys *fk = &s->foreign[s->n_foreign++];
		if (!check_keys(L, c, "a foreignKeys entry", keys))
			return false;
		const struct jnode *k = jnode_get(c, "keys"), *rule = jnode_get(c, "rule");
		const struct jnode *msg = jnode_get(c, "message");
		if (!k || !rule || !msg)
			return fail(L, c, "a foreignKeys entry needs 'keys', 'rule' and 'message'");
		if (!get_string_array(L, k, &fk->keys, &fk->n_keys) || !get_rule_ref(L, rule, &fk->rule) ||
		    !get_template(L, msg, &fk->message))
			return false;
	}
	return true;
}

static bool parse_check(struct loader *L, const struct jnode *n, struct check_spec *c)
{
	static const char *const keys[] = {"check", "rule", "mergeRule", "mergeWhen", NULL};
	if (!check_keys(L, n, "a check", keys))
		return false;
	const struct jnode *name = jnode_get(n, "check"), *rule = jnode_get(n, "rule");
	if (!name || !rule)
		return fail(L, n, "a check needs 'check' and 'rule'");
	if (!want_type(L, name, JT_STRING, "check"))
		return false;
	c->check = check_find(name->text);
	if (!c->check)
		return fail(L, name, "no named check '%s' (see docs/rules-format.md)", name->text);
	if (!get_rule_ref(L, rule, &c->rule))
		return false;
	const struct jnode *merge = jnode_get(n, "mergeRule"), *when = jnode_get(n, "mergeWhen");
	if (merge && !get_rule_ref(L, merge, &c->merge_rule))
		return false;
	if (!when)
		return true;
	if (!want_type(L, when, JT_ARRAY, "mergeWhen"))
		return false;
	c->merge_when = xcalloc(when->n_children ? when->n_children : 1, sizeof *c->merge_when);
	for (const struct jnode *w = when->first; w; w = w->next)
		if (!parse_condition(L, w, &c->merge_when[c->n_merge_when++]))
			return false;
	return true;
}

static int compare_params_by_name(const void *a, const void *b)
{
	return strcmp((*(const struct param *const *)a)->name, (*(const struct param *const *)b)->name);
}

static bool parse_schema_body(struct loader *L, const struct jnode *n, struct schema *s)
{
	const struct jnode *keys = jnode_get(n, "keys"), *values = jnode_get(n, "values");
	if (!!keys == !!values)
		return fail(L, n, "schema '%s' needs exactly one of 'keys' (a record) and 'values' (a map)", s->name);
	if (values) {
		if (!get_string(L, values, &s->values_name))
			return false;
		add_schema_ref(L, values, s->values_name, &s->values);
	} else {
		if (!parse_params(L, keys, &s->keys, &s->n_keys))
			return false;
		s->sorted = xcalloc(s->n_keys ? s->n_keys : 1, sizeof *s->sorted);
		for (size_t i = 0; i < s->n_keys; i++)
			s->sorted[i] = &s->keys[i];
		qsort(s->sorted, s->n_keys, sizeof *s->sorted, compare_params_by_name);
	}
	const struct jnode *rules = jnode_get(n, "rules"), *foreign = jnode_get(n, "foreignKeys");
	if ((rules && !parse_rule_map(L, rules, &s->rules)) || (foreign && !parse_foreign(L, foreign, s)))
		return false;
	const struct jnode *cons = jnode_get(n, "constraints"), *checks = jnode_get(n, "checks");
	if (cons) {
		if (!want_type(L, cons, JT_ARRAY, "constraints"))
			return false;
		s->constraints = xcalloc(cons->n_children ? cons->n_children : 1, sizeof *s->constraints);
		for (const struct jnode *c = cons->first; c; c = c->next)
			if (!parse_constraint(L, c, &s->constraints[s->n_constraints++]))
				return false;
	}
	if (checks) {
		if (!want_type(L, checks, JT_ARRAY, "checks"))
			return false;
		s->checks = xcalloc(checks->n_children ? checks->n_children : 1, sizeof *s->checks);
		for (const struct jnode *c = checks->first; c; c = c->next)
			if (!parse_check(L, c, &s->checks[s->n_checks++]))
				return false;
	}
	return true;
}

static bool parse_schema(struct loader *L, const struct jnode *n, struct schema *s)
{
	static const char *const keys[] = {"keys", "values", "rules", "foreignKeys", "constraints",
	                                   "checks", NULL};
	s->name = xstrdup(n->key);
	if (!check_keys(L, n, "a schema", keys))
		return false;
	/* Defaults: the parameter rules, until the schema names its own. */
	s->rules = L->rs->root_rules;
	L->schema = s;
	bool ok = parse_schema_body(L, n, s);
	L->schema = NULL;
	return ok;
}

static bool load_schemas(struct loader *L, const struct jnode *n)
{
	if (!want_type(L, n, JT_OBJECT, "schemas"))
		return false;
	struct ruleset *rs = L->rs;
	rs->schemas = xreallocarray(rs->schemas, rs->n_schemas + n->n_children + 1, sizeof *rs->schemas);
	for (const struct jnode *c = n->first; c; c = c->next) {
		if (c->is_duplicate || ruleset_find_schema(rs, c->key))
			return fail(L, c, "schema '%s' is defined twice", c->key);
		/* Each schema is its own allocation: references to it (and into
		 * it, such as &s->values) are taken before later files grow the
		 * list, so schemas must never move. */
		struct schema *s = xcalloc(1, sizeof *s);
		rs->schemas[rs->n_schemas++] = s;
		if (!parse_schema(L, c, s))
			return false;
	}
	return true;
}

static bool resolve_schema_refs(struct loader *L)
{
	for (size_t i = 0; i < L->n_refs; i++) {
		struct schema_ref *ref = &L->refs[i];
		*ref->out = ruleset_find_schema(L->rs, ref->name);
		if (!*ref->out) {
			snprintf(L->errbuf, L->errsize, "%s: schema '%s' is not defined", ref->where, ref->name);
			return false;
		}
	}
	return true;
}

static int compare_rules_by_id(const void *a, const void *b)
{
	return strcmp((*(const struct rule *const *)a)->id, (*(const struct rule *const *)b)->id);
}

/* Rule references are resolved hundreds of times while the rest of the
 * rules load: a sorted index keeps that from dominating start-up, which is
 * most of the time a small request takes. */
static void index_rules(struct ruleset *rs)
{
	rs->rules_by_id = xcalloc(rs->n_rules ? rs->n_rules : 1, sizeof *rs->rules_by_id);
	for (size_t i = 0; i < rs->n_rules; i++)
		rs->rules_by_id[i] = &rs->rules[i];
	qsort(rs->rules_by_id, rs->n_rules, sizeof *rs->rules_by_id, compare_rules_by_id);
}

static void set_root_rules(struct ruleset *rs)
{
	rs->root_rules.unknown_close = ruleset_find_rule(rs, "DTS101");
	rs->root_rules.unknown_other = rs->root_rules.unknown_close;
	rs->root_rules.type = ruleset_find_rule(rs, "DTS102");
	rs->root_rules.value = ruleset_find_rule(rs, "DTS103");
	rs->root_rules.range = ruleset_find_rule(rs, "DTS108");
}

/* ---- top level ----------------------------------------------------- */

static bool valid_rule_id(const char *id)
{
	return strlen(id) == 6 && !strncmp(id, "DTS", 3) && id[3] >= '0' && id[3] <= '9' &&
	       id[4] >= '0' && id[4] <= '9' && id[5] >= '0' && id[5] <= '9';
}

static bool parse_rule(struct loader *L, const struct jnode *n, struct rule *r)
{
	static const char *const keys[] = {"id", "name", "severity", "summary", "description",
	                                   "message", NULL};
	if (!check_keys(L, n, "a rule definition", keys))
		return false;
	for (size_t i = 0; keys[i]; i++)
		if (!jnode_get(n, keys[i]))
			return fail(L, n, "a rule definition needs '%s'", keys[i]);
	const struct jnode *id = jnode_get(n, "id"), *sev = jnode_get(n, "severity");
	if (!get_string(L, id, &r->id) || !get_string(L, jnode_get(n, "name"), &r->name) ||
	    !get_string(L, jnode_get(n, "summary"), &r->summary) ||
	    !get_string(L, jnode_get(n, "description"), &r->description) ||
	    !get_template(L, jnode_get(n, "message"), &r->message) || !want_type(L, sev, JT_STRING, "severity"))
		return false;
	if (!valid_rule_id(r->id))
		return fail(L, id, "rule id '%s' must be DTS followed by three digits", r->id);
	if (!severity_parse(sev->text, &r->severity) || r->severity == SEV_NONE)
		return fail(L, sev, "'severity' must be error, warning or note, not '%s'", sev->text);
	return true;
}

static bool load_rules(struct loader *L, const struct jnode *arr)
{
	if (!want_type(L, arr, JT_ARRAY, "rules"))
		return false;
	struct ruleset *rs = L->rs;
	rs->rules = xreallocarray(rs->rules, rs->n_rules + arr->n_children + 1, sizeof *rs->rules);
	for (const struct jnode *c = arr->first; c; c = c->next) {
		struct rule *r = &rs->rules[rs->n_rules];
		memset(r, 0, sizeof *r);
		rs->n_rules++; /* count it first so ruleset_free releases it on failure */
		if (!parse_rule(L, c, r))
			return false;
		for (size_t i = 0; i + 1 < rs->n_rules; i++)
			if (!strcmp(rs->rules[i].id, r->id))
				return fail(L, jnode_get(c, "id"), "rule id '%s' is defined twice", r->id);
		r->index = rs->n_rules - 1;
	}
	return true;
}

static bool load_settings(struct loader *L, const struct jnode *n)
{
	static const char *const keys[] = {"defaultOperation", "secretKeyPattern", NULL};
	if (!check_keys(L, n, "'settings'", keys))
		return false;
	const struct jnode *op = jnode_get(n, "defaultOperation"), *secret = jnode_get(n, "secretKeyPattern");
	if (op && (L->rs->default_operation || !get_string(L, op, &L->rs->default_operation)))
		return L->failed ? false : fail(L, op, "'defaultOperation' is set twice");
	if (secret && (L->rs->secret_key_re || !compile_pattern(L, secret, &L->rs->secret_key_re)))
		return L->failed ? false : fail(L, secret, "'secretKeyPattern' is set twice");
	/* Only the secret-key pattern is worth JIT: it runs on every key of a
	 * 10 MB DbList, while JIT-compiling every format pattern costs more
	 * than a small request's whole check.  Without JIT matching still works. */
	if (secret)
		(void)pcre2_jit_compile(L->rs->secret_key_re, PCRE2_JIT_COMPLETE);
	return true;
}

static bool load_operation(struct loader *L, const struct jnode *root)
{
	const struct jnode *name = jnode_get(root, "operation"), *params = jnode_get(root, "parameters");
	const struct jnode *cons = jnode_get(root, "constraints");
	if (!name)
		return (params || cons) ? fail(L, params ? params : cons, "'%s' needs 'operation' in the same file",
		                               params ? "parameters" : "constraints")
		                        : true;
	if (!want_type(L, name, JT_STRING, "operation"))
		return false;
	if (ruleset_find_operation(L->rs, name->text))
		return fail(L, name, "operation '%s' is defined twice", name->text);
	if (!params)
		return fail(L, name, "operation '%s' needs 'parameters'", name->text);
	struct ruleset *rs = L->rs;
	rs->operations = xreallocarray(rs->operations, rs->n_operations + 1, sizeof *rs->operations);
	struct operation *op = &rs->operations[rs->n_operations++];
	memset(op, 0, sizeof *op);
	op->name = xstrdup(name->text);
	L->op = op;
	if (!parse_params(L, params, &op->params, &op->n_params))
		return false;
	if (!cons)
		return true;
	if (!want_type(L, cons, JT_ARRAY, "constraints"))
		return false;
	op->constraints = xcalloc(cons->n_children ? cons->n_children : 1, sizeof *op->constraints);
	for (const struct jnode *c = cons->first; c; c = c->next)
		if (!parse_constraint(L, c, &op->constraints[op->n_constraints++]))
			return false;
	return true;
}

static bool load_second_pass(struct loader *L, const struct jnode *root)
{
	const struct jnode *settings = jnode_get(root, "settings"), *common = jnode_get(root, "common");
	if (settings && !load_settings(L, settings))
		return false;
	const struct jnode *schemas = jnode_get(root, "schemas");
	if (schemas && !load_schemas(L, schemas))
		return false;
	if (common) {
		if (L->rs->common)
			return fail(L, common, "'common' is defined twice");
		if (!parse_params(L, common, &L->rs->common, &L->rs->n_common))
			return false;
	}
	return load_operation(L, root);
}

static bool parse_file(struct loader *L, const struct rules_file *in, struct loaded_file *out)
{
	static const char *const keys[] = {"rules", "settings", "common", "operation", "parameters",
	                                   "constraints", "schemas", NULL};
	out->src = source_new(in->name, in->bytes, in->len);
	out->doc = jdoc_new();
	L->file = out;
	struct jerror err;
	out->root = jsonpos_parse(out->doc, out->src->bytes, out->src->len, &err);
	if (!out->root) {
		struct jnode at = {.span = err.span};
		return fail(L, &at, "%s", err.message);
	}
	return check_keys(L, out->root, "a rules file", keys);
}

static bool finish(struct loader *L)
{
	struct ruleset *rs = L->rs;
	if (!rs->default_operation || !ruleset_find_operation(rs, rs->default_operation)) {
		snprintf(L->errbuf, L->errsize, "rules: %s",
		         rs->default_operation ? "'defaultOperation' names an operation no file defines"
		                               : "no file sets 'settings.defaultOperation'");
		return false;
	}
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mctx, MATCH_LIMIT);
	rs->match_context = mctx;
	rs->match_data = pcre2_match_data_create(8, NULL);
	return true;
}

struct ruleset *ruleset_load(const struct rules_file *files, size_t n_files, char *errbuf,
                             size_t errbuf_size)
{
	struct ruleset *rs = xcalloc(1, sizeof *rs);
	struct loaded_file *loaded = xcalloc(n_files ? n_files : 1, sizeof *loaded);
	struct loader L = {.rs = rs, .errbuf = errbuf, .errsize = errbuf_size};
	bool ok = n_files > 0;
	if (!ok)
		snprintf(errbuf, errbuf_size, "rules: no rule files found");
	for (size_t i = 0; ok && i < n_files; i++) {
		ok = parse_file(&L, &files[i], &loaded[i]);
		const struct jnode *rules = ok ? jnode_get(loaded[i].root, "rules") : NULL;
		if (ok && rules)
			ok = load_rules(&L, rules);
	}
	if (ok) {
		index_rules(rs);
		set_root_rules(rs);
	}
	for (size_t i = 0; ok && i < n_files; i++) {
		L.file = &loaded[i];
		ok = load_second_pass(&L, loaded[i].root);
	}
	ok = ok && resolve_schema_refs(&L) && finish(&L);
	for (size_t i = 0; i < L.n_refs; i++)
		free(L.refs[i].name);
	free(L.refs);
	for (size_t i = 0; i < n_files; i++) {
		jdoc_free(loaded[i].doc);
		source_free(loaded[i].src);
	}
	free(loaded);
	if (!ok) {
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

struct ruleset *ruleset_load_default(char *errbuf, size_t errbuf_size)
{
	struct rules_file *files = xcalloc(embedded_rules_count + 1, sizeof *files);
	for (size_t i = 0; i < embedded_rules_count; i++) {
		files[i].name = embedded_rules[i].name;
		files[i].bytes = embedded_rules[i].bytes;
		files[i].len = embedded_rules[i].len;
	}
	struct ruleset *rs = ruleset_load(files, embedded_rules_count, errbuf, errbuf_size);
	free(files);
	return rs;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct ruleset *ruleset_load_dir(const char *dir, char *errbuf, size_t errbuf_size)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(errbuf, errbuf_size, "%s: cannot open the rules folder", dir);
		return NULL;
	}
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len > 5 && !strcmp(e->d_name + len - 5, ".json") && e->d_name[0] != '.') {
			names = xreallocarray(names, n + 1, sizeof *names);
			size_t size = strlen(dir) + len + 2;
			names[n] = xmalloc(size);
			snprintf(names[n++], size, "%s/%s", dir, e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, compare_names);
	struct source **srcs = xcalloc(n ? n : 1, sizeof *srcs);
	struct rules_file *files = xcalloc(n ? n : 1, sizeof *files);
	struct ruleset *rs = NULL;
	size_t loaded = 0;
	for (; loaded < n; loaded++) {
		const char *why;
		srcs[loaded] = source_load(names[loaded], names[loaded], &why);
		if (!srcs[loaded]) {
			snprintf(errbuf, errbuf_size, "%s: %s", names[loaded], why);
			goto out;
		}
		files[loaded] = (struct rules_file){names[loaded], srcs[loaded]->bytes, srcs[loaded]->len};
	}
	rs = ruleset_load(files, n, errbuf, errbuf_size);
out:
	for (size_t i = 0; i < n; i++) {
		if (i < loaded)
			source_free(srcs[i]);
		free(names[i]);
	}
	free(srcs);
	free(files);
	free(names);
	return rs;
}

/* ---- freeing ------------------------------------------------------- */

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void format_release(struct format *f)
{
	pcre2_code_free(f->re);
	free(f->message);
}

static void params_free(struct param *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].default_value);
		free(p[i].unsupported);
		free_strings(p[i].enums, p[i].n_enums);
		for (size_t j = 0; j < p[i].n_formats; j++)
			format_release(&p[i].formats[j]);
		free(p[i].formats);
		free(p[i].list_separator);
		if (p[i].list_item)
			format_release(p[i].list_item);
		free(p[i].list_item);
		free(p[i].schema_name);
		for (size_t j = 0; j < p[i].n_hints; j++)
			free(p[i].hints[j].message);
		free(p[i].hints);
	}
	free(p);
}

static void condition_release(struct condition *c)
{
	free(c->target);
	free_strings(c->values, c->n_values);
}

static void constraints_free(struct constraint *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < k[i].n_when; j++)
			condition_release(&k[i].when[j]);
		free(k[i].when);
		condition_release(&k[i].expect);
		free(k[i].target);
		free(k[i].other);
		free(k[i].message);
		free(k[i].help);
	}
	free(k);
}

static void operation_release(struct operation *op)
{
	free(op->name);
	params_free(op->params, op->n_params);
	constraints_free(op->constraints, op->n_constraints);
}

static void schema_release(struct schema *s)
{
	free(s->name);
	params_free(s->keys, s->n_keys);
	free(s->sorted);
	free(s->values_name);
	for (size_t i = 0; i < s->n_foreign; i++) {
		free_strings(s->foreign[i].keys, s->foreign[i].n_keys);
		free(s->foreign[i].message);
	}
	free(s->foreign);
	constraints_free(s->constraints, s->n_constraints);
	for (size_t i = 0; i < s->n_checks; i++) {
		for (size_t j = 0; j < s->checks[i].n_merge_when; j++)
			condition_release(&s->checks[i].merge_when[j]);
		free(s->checks[i].merge_when);
	}
	free(s->checks);
}

void ruleset_free(struct ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n_rules; i++) {
		struct rule *r = &rs->rules[i];
		free(r->id);
		free(r->name);
		free(r->summary);
		free(r->description);
		free(r->message);
	}
	free(rs->rules);
	free(rs->rules_by_id);
	for (size_t i = 0; i < rs->n_operations; i++)
		operation_release(&rs->operations[i]);
	free(rs->operations);
	for (size_t i = 0; i < rs->n_schemas; i++) {
		schema_release(rs->schemas[i]);
		free(rs->schemas[i]);
	}
	free(rs->schemas);
	params_free(rs->common, rs->n_common);
	free(rs->default_operation);
	pcre2_code_free(rs->secret_key_re);
	pcre2_match_data_free(rs->match_data);
	pcre2_match_context_free(rs->match_context);
	free(rs);
}

/* ---- lookups ------------------------------------------------------- */

const struct rule *ruleset_find_rule(const struct ruleset *rs, const char *id)
{
	if (rs->rules_by_id) {
		size_t lo = 0, hi = rs->n_rules;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(rs->rules_by_id[mid]->id, id);
			if (c == 0)
				return rs->rules_by_id[mid];
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return NULL;
	}
	for (size_t i = 0; i < rs->n_rules; i++)
		if (rs->rules[i].id && !strcmp(rs->rules[i].id, id))
			return &rs->rules[i];
	return NULL;
}

const struct schema *ruleset_find_schema(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n_schemas; i++)
		if (rs->schemas[i]->name && !strcmp(rs->schemas[i]->name, name))
			return rs->schemas[i];
	return NULL;
}

const struct param *schema_find_key(const struct schema *s, const char *key, size_t len)
{
	size_t lo = 0, hi = s->n_keys;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *name = s->sorted[mid]->name;
		int c = strncmp(name, key, len);
		if (c == 0 && name[len] != '\0')
			c = 1;
		if (c == 0)
			return s->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct operation *ruleset_find_operation(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n_operations; i++)
		if (!strcmp(rs->operations[i].name, name))
			return &rs->operations[i];
	return NULL;
}

const struct param *operation_find_param(const struct operation *op, const struct ruleset *rs,
                                         const char *name)
{
	for (size_t i = 0; op && i < op->n_params; i++)
		if (!strcmp(op->params[i].name, name))
			return &op->params[i];
	for (size_t i = 0; i < rs->n_common; i++)
		if (!strcmp(rs->common[i].name, name))
			return &rs->common[i];
	return NULL;
}

int format_matches(const struct ruleset *rs, const pcre2_code *re, const char *text, size_t len)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, rs->match_data, rs->match_context);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

bool ruleset_is_secret_key(const struct ruleset *rs, const char *key, size_t len)
{
	return rs->secret_key_re && format_matches(rs, rs->secret_key_re, key, len) == 1;
}

const struct embedded_file *embedded_doc_find(const char *rule_id)
{
	char name[64];
	snprintf(name, sizeof name, "docs/rules/%s.md", rule_id);
	for (size_t i = 0; i < embedded_docs_count; i++)
		if (!strcmp(embedded_docs[i].name, name))
			return &embedded_docs[i];
	return NULL;
}
