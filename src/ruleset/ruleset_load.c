/*
 * ruleset_load: rules/ JSON files -> the rule model (rule.h), as strictly
 * as dtslint checks requests.  A rule file with an unknown key, a wrong
 * type, a duplicate ID, a reference to an unknown rule or parameter, a bad
 * template placeholder, a pattern PCRE2 cannot compile or a bad JSON
 * pointer is refused with "file:line:col: problem"; a half-loaded ruleset
 * would lint silently wrong.  Files are parsed with jsonpos so those
 * positions are exact.  The same loader runs at build time on rules/
 * (tools/rulegen.c) and at run time for --rules DIR.
 *
 * Two passes: rule definitions from every file first, then operations
 * and settings, so a constraint may name a rule defined in another file.
 */
#include "ruleset.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jsonpos.h"
#include "rule_reader.h"
#include "source.h"
#include "xalloc.h"

struct loaded_file {
	struct source *src;
	struct jdoc *doc;
	struct jnode *root;
};

struct loader {
	struct ruleset *rs;
	struct rule_reader rd;    /* the file being read, for error positions */
	struct operation *op;     /* operation being read */
	struct schema *schema;    /* schema being read (constraints name its keys) */
	/* Reading the `when` of a format or type hint: the keys around the
	 * value are not known yet there, so only root pointers are allowed. */
	bool pointers_only;
	/* Schema references are resolved once every file is read; each keeps
	 * where it was written for the error message. */
	struct schema_ref {
		char *name;
		const struct schema **out;
		char where[160];
	} *refs;
	size_t n_refs;
};

static void add_schema_ref(struct loader *L, const struct jnode *at, const char *name,
                           const struct schema **out)
{
	L->refs = xreallocarray(L->refs, L->n_refs + 1, sizeof *L->refs);
	struct schema_ref *ref = &L->refs[L->n_refs++];
	ref->name = xstrdup(name);
	ref->out = out;
	reader_where(&L->rd, at, ref->where, sizeof ref->where);
}

static bool get_rule_ref(struct loader *L, const struct jnode *n, const struct rule **out)
{
	if (!reader_want_type(&L->rd, n, JT_STRING, jnode_key(n) ? jnode_key(n) : "rule"))
		return false;
	*out = ruleset_find_rule(L->rs, jnode_text(n));
	if (!*out)
		return reader_fail(&L->rd, n, "rule '%s' is not defined", jnode_text(n));
	return true;
}

static bool parse_conditions(struct loader *L, const struct jnode *n, const char *what,
                             struct condition **out, size_t *count);

/* The `when` of a format or type hint: conditions on root JSON pointers. */
static bool parse_value_when(struct loader *L, const struct jnode *n, struct condition **out,
                             size_t *count)
{
	L->pointers_only = true;
	bool ok = parse_conditions(L, n, "when", out, count);
	L->pointers_only = false;
	return ok;
}

/* ---- patterns ------------------------------------------------------ */

/* Compile the pattern once to validate it (kept as the match cache). */
static bool parse_pattern(struct loader *L, const struct jnode *n, uint32_t options,
                          struct pattern *out)
{
	if (!reader_get_string(&L->rd, n, &out->source))
		return false;
	out->len = jnode_text_len(n);
	out->options = options;
	int code;
	PCRE2_SIZE offset;
	out->code = pcre2_compile((PCRE2_SPTR)jnode_text(n), jnode_text_len(n), options, &code, &offset, NULL);
	if (out->code)
		return true;
	PCRE2_UCHAR why[160];
	pcre2_get_error_message(code, why, sizeof why);
	/* Point at the character PCRE2 complains about (exact when the
	 * pattern has no JSON escapes before it). */
	return reader_fail_offset(&L->rd, jnode_span(n).start + 1 + offset, "pattern does not compile: %s",
	                          (const char *)why);
}

/* A replacement may name only groups the pattern has ($1, ${2}; $$ is
 * a dollar): PCRE2 would otherwise fail on the first value it fixes. */
static bool check_fix_groups(struct loader *L, const struct jnode *n, const struct format *f)
{
	uint32_t groups = 0;
	pcre2_pattern_info(f->pattern.code, PCRE2_INFO_CAPTURECOUNT, &groups);
	for (const char *s = f->fix; *s; s++) {
		if (*s != '$')
			continue;
		if (s[1] == '$') {
			s++;
			continue;
		}
		const char *digits = s[1] == '{' ? s + 2 : s + 1;
		char *end;
		unsigned long group = strtoul(digits, &end, 10);
		if (end == digits || (s[1] == '{' && *end != '}'))
			return reader_fail(&L->rd, n, "'fix' may use $N, ${N} and $$ only");
		if (group > groups)
			return reader_fail(&L->rd, n, "'fix' names group %lu; the pattern has %u", group,
			                   (unsigned)groups);
		s = end - 1;
	}
	return true;
}

static bool parse_format(struct loader *L, const struct jnode *n, struct format *f)
{
	static const char *const keys[] = {"expect", "reject", "message", "help", "rule", "when", "fix",
	                                   NULL};
	if (!reader_check_keys(&L->rd, n, "a format", keys))
		return false;
	const struct jnode *rule = jnode_get(n, "rule"), *help = jnode_get(n, "help");
	const struct jnode *when = jnode_get(n, "when");
	if (rule && !get_rule_ref(L, rule, &f->rule))
		return false;
	if (help && !reader_get_template(&L->rd, help, &f->help))
		return false;
	if (when && !parse_value_when(L, when, &f->when, &f->n_when))
		return false;
	const struct jnode *expect = jnode_get(n, "expect"), *reject = jnode_get(n, "reject");
	const struct jnode *message = jnode_get(n, "message");
	if (!!expect == !!reject)
		return reader_fail(&L->rd, n, "a format needs exactly one of 'expect' and 'reject'");
	if (!message)
		return reader_fail(&L->rd, n, "a format needs a 'message'");
	f->reject = reject != NULL;
	/* An expected shape is the whole value; a rejected one is searched for. */
	if (!parse_pattern(L, expect ? expect : reject,
	                   expect ? PATTERN_OPTIONS_EXPECT : PATTERN_OPTIONS_SEARCH, &f->pattern) ||
	    !reader_get_template(&L->rd, message, &f->message))
		return false;
	const struct jnode *fix = jnode_get(n, "fix");
	if (!fix)
		return true;
	if (!reject)
		return reader_fail(&L->rd, fix, "'fix' rewrites what a 'reject' pattern matched; this format has none");
	if (!reader_get_string(&L->rd, fix, &f->fix))
		return false;
	return check_fix_groups(L, fix, f);
}

static bool parse_format_item(void *ctx, const struct jnode *n, void *item)
{
	return parse_format(ctx, n, item);
}

/* ---- parameters ---------------------------------------------------- */

static bool parse_type(struct loader *L, const struct jnode *n, enum param_type *out)
{
	static const char *const names[] = {"string", "boolean", "integer", "number", "json", "object", "any", NULL};
	if (!reader_want_type(&L->rd, n, JT_STRING, "type"))
		return false;
	for (int i = 0; names[i]; i++)
		if (strcmp(jnode_text(n), names[i]) == 0) {
			*out = (enum param_type)i;
			return true;
		}
	return reader_fail(&L->rd, n, "'type' must be one of string, boolean, integer, number, json, object, any; not '%s'", jnode_text(n));
}

static bool parse_list(struct loader *L, const struct jnode *n, struct param *p)
{
	static const char *const keys[] = {"separator", "maxItems", "item", NULL};
	if (!reader_check_keys(&L->rd, n, "'list'", keys))
		return false;
	const struct jnode *sep = jnode_get(n, "separator");
	if (!sep)
		return reader_fail(&L->rd, n, "'list' needs a 'separator'");
	if (!reader_get_string(&L->rd, sep, &p->list_separator))
		return false;
	const struct jnode *max = jnode_get(n, "maxItems"), *item = jnode_get(n, "item");
	if (max && !reader_get_size(&L->rd, max, &p->list_max_items))
		return false;
	if (item) {
		p->list_item = xcalloc(1, sizeof *p->list_item);
		if (!parse_format(L, item, p->list_item))
			return false;
	}
	return true;
}

static bool parse_type_hint(void *ctx, const struct jnode *c, void *item)
{
	static const char *const keys[] = {"type", "rule", "message", "accept", "when", NULL};
	static const char *const types[] = {"null", "boolean", "number", "string", "array", "object", NULL};
	struct loader *L = ctx;
	struct type_hint *h = item;
	if (!reader_check_keys(&L->rd, c, "a type hint", keys))
		return false;
	const struct jnode *t = jnode_get(c, "type"), *rule = jnode_get(c, "rule");
	const struct jnode *msg = jnode_get(c, "message"), *accept = jnode_get(c, "accept");
	const struct jnode *when = jnode_get(c, "when");
	if (accept && (!reader_get_bool(&L->rd, accept, &h->accept) || !h->accept))
		return L->rd.failed ? false : reader_fail(&L->rd, accept, "'accept' can only be true");
	if (!t || (h->accept ? (rule || msg) : (!rule || !msg)))
		return reader_fail(&L->rd, c, "a type hint needs 'type' and either 'rule' and 'message' or 'accept': true");
	if (!reader_want_type(&L->rd, t, JT_STRING, "type"))
		return false;
	if (when && !parse_value_when(L, when, &h->when, &h->n_when))
		return false;
	h->jtype = -1;
	for (int i = 0; types[i]; i++)
		if (!strcmp(jnode_text(t), types[i]))
			h->jtype = i; /* the order of enum jtype */
	if (h->jtype < 0)
		return reader_fail(&L->rd, t, "'type' must be null, boolean, number, string, array or object");
	return h->accept || (get_rule_ref(L, rule, &h->rule) && reader_get_template(&L->rd, msg, &h->message));
}

static bool parse_type_hints(struct loader *L, const struct jnode *n, struct param *p)
{
	void *items;
	bool ok = reader_parse_array(&L->rd, n, "typeHints", sizeof *p->hints, &items, &p->n_hints,
	                             parse_type_hint, L);
	p->hints = items;
	return ok;
}

static bool parse_size_warning(struct loader *L, const struct jnode *n, struct param *p)
{
	static const char *const keys[] = {"bytes", "rule", NULL};
	if (!reader_check_keys(&L->rd, n, "'sizeWarning'", keys))
		return false;
	const struct jnode *bytes = jnode_get(n, "bytes"), *rule = jnode_get(n, "rule");
	if (!bytes || !rule)
		return reader_fail(&L->rd, n, "'sizeWarning' needs 'bytes' and 'rule'");
	return reader_get_size(&L->rd, bytes, &p->warn_bytes) && get_rule_ref(L, rule, &p->warn_bytes_rule);
}

/* "values": {"RDS": "an ApsaraDB RDS instance", ...}, what each value
 * means.  A value need not be in `enum`: some parameters document
 * meanings without a closed list. */
static bool parse_value_docs(struct loader *L, const struct jnode *n, struct param *p)
{
	if (!reader_want_type(&L->rd, n, JT_OBJECT, "values"))
		return false;
	size_t count = jnode_n_children(n);
	if (count == 0)
		return reader_fail(&L->rd, n, "'values' must not be empty");
	p->value_docs = xcalloc(2 * count, sizeof *p->value_docs);
	p->n_value_docs = count; /* every slot freed even when one fails */
	size_t i = 0;
	for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c), i++) {
		if (jnode_is_duplicate(c))
			return reader_fail(&L->rd, c, "value '%s' is described twice", jnode_key(c));
		if (!reader_get_string(&L->rd, c, &p->value_docs[2 * i + 1]))
			return false;
		p->value_docs[2 * i] = xstrdup(jnode_key(c));
	}
	return true;
}

static bool parse_param_member(struct loader *L, const struct jnode *c, struct param *p)
{
	const char *k = jnode_key(c);
	if (!strcmp(k, "type"))
		return parse_type(L, c, &p->type);
	if (!strcmp(k, "required"))
		return reader_get_bool(&L->rd, c, &p->required);
	if (!strcmp(k, "secret"))
		return reader_get_bool(&L->rd, c, &p->secret);
	if (!strcmp(k, "default"))
		return reader_get_string(&L->rd, c, &p->default_value);
	if (!strcmp(k, "unsupported"))
		return reader_get_template(&L->rd, c, &p->unsupported);
	if (!strcmp(k, "enum"))
		return reader_get_string_array(&L->rd, c, &p->enums, &p->n_enums);
	if (!strcmp(k, "minimum"))
		return (p->has_min = true) && reader_get_number(&L->rd, c, &p->min);
	if (!strcmp(k, "maximum"))
		return (p->has_max = true) && reader_get_number(&L->rd, c, &p->max);
	if (!strcmp(k, "recommendedMinimum"))
		return (p->has_recommended_min = true) && reader_get_number(&L->rd, c, &p->recommended_min);
	if (!strcmp(k, "list"))
		return parse_list(L, c, p);
	if (!strcmp(k, "maxBytes"))
		return reader_get_size(&L->rd, c, &p->max_bytes);
	if (!strcmp(k, "nonEmpty"))
		return reader_get_bool(&L->rd, c, &p->must_be_non_empty);
	if (!strcmp(k, "schema")) {
		if (!reader_get_string(&L->rd, c, &p->schema_name))
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
	if (!strcmp(k, "description"))
		return reader_get_string(&L->rd, c, &p->description);
	if (!strcmp(k, "source"))
		return reader_get_string(&L->rd, c, &p->source);
	if (!strcmp(k, "example"))
		return reader_get_string(&L->rd, c, &p->example);
	if (!strcmp(k, "deprecated"))
		return reader_get_string(&L->rd, c, &p->deprecated);
	if (!strcmp(k, "values"))
		return parse_value_docs(L, c, p);
	/* formats */
	void *items;
	bool ok = reader_parse_array(&L->rd, c, "formats", sizeof *p->formats, &items, &p->n_formats,
	                             parse_format_item, L);
	p->formats = items;
	return ok;
}

static bool parse_param(struct loader *L, const struct jnode *n, struct param *p)
{
	static const char *const keys[] = {
		"type", "required", "secret", "default", "unsupported", "enum", "formats", "minimum",
		"maximum", "recommendedMinimum", "list", "maxBytes", "nonEmpty", "schema", "typeHints",
		"enumRule", "sizeWarning", "description", "source", "example", "deprecated", "values", NULL,
	};
	p->name = xstrdup(jnode_key(n));
	if (!reader_check_keys(&L->rd, n, "a parameter spec", keys))
		return false;
	if (!jnode_get(n, "type"))
		return reader_fail(&L->rd, n, "parameter '%s' needs a 'type'", jnode_key(n));
	for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c))
		if (!parse_param_member(L, c, p))
			return false;
	bool is_json = p->type == PT_JSON;
	if (!is_json && (p->max_bytes || p->must_be_non_empty || p->warn_bytes))
		return reader_fail(&L->rd, n, "'maxBytes', 'nonEmpty' and 'sizeWarning' apply only to type json");
	if (p->schema_name && !is_json && p->type != PT_OBJECT)
		return reader_fail(&L->rd, n, "'schema' applies only to types json and object");
	if (L->schema && p->required)
		return reader_fail(&L->rd, n, "'required' is for parameters; inside a schema use a constraint with 'require'");
	return true;
}

static bool parse_params(struct loader *L, const struct jnode *n, struct param **out, size_t *count)
{
	if (!reader_want_type(&L->rd, n, JT_OBJECT, jnode_key(n)))
		return false;
	*out = xcalloc(jnode_n_children(n) ? jnode_n_children(n) : 1, sizeof **out);
	*count = 0;
	for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c)) {
		if (jnode_is_duplicate(c))
			return reader_fail(&L->rd, c, "parameter '%s' is defined twice", jnode_key(c));
		if (!parse_param(L, c, &(*out)[(*count)++]))
			return false;
	}
	return true;
}

/* ---- constraints --------------------------------------------------- */

/* RFC 6901: '~' escapes only '~' (~0) and '/' (~1). */
static bool valid_pointer(const char *p)
{
	for (; *p; p++)
		if (*p == '~' && p[1] != '0' && p[1] != '1')
			return false;
	return true;
}

static bool known_target(struct loader *L, const struct jnode *n)
{
	if (jnode_text(n)[0] == '/') {
		if (valid_pointer(jnode_text(n)))
			return true;
		return reader_fail(&L->rd, n, "'%s' is not a valid JSON pointer: '~' must be followed by 0 or 1",
		                   jnode_text(n));
	}
	if (L->pointers_only)
		return reader_fail(&L->rd, n, "'%s': the 'when' of a format or type hint names a JSON pointer from the request root, such as '/%s'",
		                   jnode_text(n), jnode_text(n));
	if (L->schema) {
		if (schema_find_key(L->schema, jnode_text(n), jnode_text_len(n)))
			return true;
		return reader_fail(&L->rd, n, "'%s' is not a key of schema %s", jnode_text(n), L->schema->name);
	}
	if (operation_find_param(L->op, L->rs, jnode_text(n)))
		return true;
	return reader_fail(&L->rd, n, "'%s' is not a parameter of %s", jnode_text(n), L->op->name);
}

static bool get_target(struct loader *L, const struct jnode *n, char **out)
{
	return reader_get_string(&L->rd, n, out) && known_target(L, n);
}

/* A condition object: "param" plus exactly one test, or "anyOf" alone. */
static bool parse_condition(struct loader *L, const struct jnode *n, struct condition *c)
{
	static const char *const keys[] = {"param", "in", "notIn", "equals", "present", "absent", "anyOf", NULL};
	if (!reader_check_keys(&L->rd, n, "a condition", keys))
		return false;
	const struct jnode *param = jnode_get(n, "param"), *any = jnode_get(n, "anyOf");
	if (any) {
		if (jnode_n_children(n) != 1)
			return reader_fail(&L->rd, n, "a condition with 'anyOf' takes no other key");
		c->op = COND_ANY_OF;
		if (!parse_conditions(L, any, "anyOf", &c->any_of, &c->n_any_of))
			return false;
		return c->n_any_of ? true : reader_fail(&L->rd, any, "'anyOf' needs at least one condition");
	}
	if (!param)
		return reader_fail(&L->rd, n, "a condition needs 'param' (or 'anyOf')");
	if (!get_target(L, param, &c->target))
		return false;
	if (jnode_n_children(n) != 2)
		return reader_fail(&L->rd, n, "a condition needs exactly one of 'in', 'notIn', 'equals', 'present', 'absent'");
	const struct jnode *t = param == jnode_first(n) ? jnode_last(n) : jnode_first(n);
	bool flag;
	if (!strcmp(jnode_key(t), "in") || !strcmp(jnode_key(t), "notIn")) {
		c->op = jnode_key(t)[0] == 'i' ? COND_IN : COND_NOT_IN;
		return reader_get_string_array(&L->rd, t, &c->values, &c->n_values);
	}
	if (!reader_get_bool(&L->rd, t, &flag))
		return false;
	if (!strcmp(jnode_key(t), "equals")) {
		c->op = flag ? COND_EQUALS_TRUE : COND_EQUALS_FALSE;
		return true;
	}
	if (!flag)
		return reader_fail(&L->rd, t, "'%s' can only be true", jnode_key(t));
	c->op = !strcmp(jnode_key(t), "present") ? COND_PRESENT : COND_ABSENT;
	return true;
}

static bool parse_condition_item(void *ctx, const struct jnode *n, void *item)
{
	return parse_condition(ctx, n, item);
}

static bool parse_conditions(struct loader *L, const struct jnode *n, const char *what,
                             struct condition **out, size_t *count)
{
	void *items;
	bool ok = reader_parse_array(&L->rd, n, what, sizeof **out, &items, count, parse_condition_item, L);
	*out = items;
	return ok;
}

static bool parse_action(struct loader *L, const struct jnode *a, struct constraint *k)
{
	if (!strcmp(jnode_key(a), "require") || !strcmp(jnode_key(a), "forbid")) {
		k->kind = jnode_key(a)[0] == 'r' ? CK_REQUIRE : CK_FORBID;
		return get_target(L, a, &k->target);
	}
	if (!strcmp(jnode_key(a), "expect")) {
		k->kind = CK_EXPECT;
		if (!parse_condition(L, a, &k->expect))
			return false;
		k->target = xstrdup(k->expect.target);
		return true;
	}
	static const char *const keys[] = {"param", "lessOrEqual", "sameAs", NULL};
	if (!reader_check_keys(&L->rd, a, "'compare'", keys))
		return false;
	const struct jnode *p = jnode_get(a, "param"), *le = jnode_get(a, "lessOrEqual"), *same = jnode_get(a, "sameAs");
	if (!p || !le == !same)
		return reader_fail(&L->rd, a, "'compare' needs 'param' and one of 'lessOrEqual', 'sameAs'");
	const struct jnode *q = le ? le : same;
	k->kind = le ? CK_COMPARE : CK_SAME;
	return get_target(L, p, &k->target) && get_target(L, q, &k->other);
}

static bool parse_constraint(struct loader *L, const struct jnode *n, struct constraint *k)
{
	static const char *const keys[] = {"rule", "when", "require", "forbid", "expect",
	                                   "compare", "message", "help", NULL};
	static const char *const actions[] = {"require", "forbid", "expect", "compare"};
	if (!reader_check_keys(&L->rd, n, "a constraint", keys))
		return false;
	const struct jnode *rule = jnode_get(n, "rule");
	if (!rule || !reader_want_type(&L->rd, rule, JT_STRING, "rule"))
		return rule ? false : reader_fail(&L->rd, n, "a constraint needs 'rule'");
	k->rule = ruleset_find_rule(L->rs, jnode_text(rule));
	if (!k->rule)
		return reader_fail(&L->rd, rule, "rule '%s' is not defined", jnode_text(rule));
	const struct jnode *action = NULL;
	for (size_t i = 0; i < 4; i++) {
		const struct jnode *a = jnode_get(n, actions[i]);
		if (a && action)
			return reader_fail(&L->rd, a, "a constraint takes exactly one of require, forbid, expect, compare");
		if (a)
			action = a;
	}
	if (!action)
		return reader_fail(&L->rd, n, "a constraint needs one of require, forbid, expect, compare");
	if (!parse_action(L, action, k))
		return false;
	const struct jnode *when = jnode_get(n, "when");
	if (when && !parse_conditions(L, when, "when", &k->when, &k->n_when))
		return false;
	const struct jnode *message = jnode_get(n, "message"), *help = jnode_get(n, "help");
	if (message && !reader_get_template(&L->rd, message, &k->message))
		return false;
	return !help || reader_get_template(&L->rd, help, &k->help);
}

static bool parse_constraint_item(void *ctx, const struct jnode *n, void *item)
{
	return parse_constraint(ctx, n, item);
}

/* ---- schemas --------------------------------------------------------- */

static bool parse_rule_map(struct loader *L, const struct jnode *n, struct rule_map *m)
{
	static const char *const keys[] = {"unknownClose", "unknownOther", "type", "value", "range", NULL};
	if (!reader_check_keys(&L->rd, n, "'rules'", keys))
		return false;
	const struct rule **slots[] = {&m->unknown_close, &m->unknown_other, &m->type, &m->value, &m->range};
	for (size_t i = 0; keys[i]; i++) {
		const struct jnode *c = jnode_get(n, keys[i]);
		if (c && !get_rule_ref(L, c, slots[i]))
			return false;
	}
	return true;
}

static bool parse_foreign_entry(void *ctx, const struct jnode *c, void *item)
{
	static const char *const keys[] = {"keys", "rule", "message", NULL};
	struct loader *L = ctx;
	struct foreign_keys *fk = item;
	if (!reader_check_keys(&L->rd, c, "a foreignKeys entry", keys))
		return false;
	const struct jnode *k = jnode_get(c, "keys"), *rule = jnode_get(c, "rule");
	const struct jnode *msg = jnode_get(c, "message");
	if (!k || !rule || !msg)
		return reader_fail(&L->rd, c, "a foreignKeys entry needs 'keys', 'rule' and 'message'");
	return reader_get_string_array(&L->rd, k, &fk->keys, &fk->n_keys) &&
	       get_rule_ref(L, rule, &fk->rule) && reader_get_template(&L->rd, msg, &fk->message);
}

static bool parse_foreign(struct loader *L, const struct jnode *n, struct schema *s)
{
	void *items;
	bool ok = reader_parse_array(&L->rd, n, "foreignKeys", sizeof *s->foreign, &items, &s->n_foreign,
	                             parse_foreign_entry, L);
	s->foreign = items;
	return ok;
}

static bool parse_merge_case(void *ctx, const struct jnode *n, void *item)
{
	static const char *const keys[] = {"when", "rule", NULL};
	struct loader *L = ctx;
	struct merge_case *m = item;
	if (!reader_check_keys(&L->rd, n, "a merge case", keys))
		return false;
	const struct jnode *when = jnode_get(n, "when"), *rule = jnode_get(n, "rule");
	if (!when || !rule)
		return reader_fail(&L->rd, n, "a merge case needs 'when' and 'rule'");
	return parse_conditions(L, when, "when", &m->when, &m->n_when) && get_rule_ref(L, rule, &m->rule);
}

/* The "check" (a name the C code provides: find returns its index) and
 * the "rule" of a named check or a workflow check. */
static bool parse_check_head(struct loader *L, const struct jnode *n, const char *what, const char *kind,
                             int (*find)(const char *name), int *check, const struct rule **rule)
{
	const struct jnode *name = jnode_get(n, "check"), *r = jnode_get(n, "rule");
	if (!name || !r)
		return reader_fail(&L->rd, n, "%s needs 'check' and 'rule'", what);
	if (!reader_want_type(&L->rd, name, JT_STRING, "check"))
		return false;
	*check = find(jnode_text(name));
	if (*check < 0)
		return reader_fail(&L->rd, name, "no %s '%s' (see docs/rules-format.md)", kind, jnode_text(name));
	return get_rule_ref(L, r, rule);
}

static bool parse_check(struct loader *L, const struct jnode *n, struct check_spec *c)
{
	static const char *const keys[] = {"check", "rule", "merge", "when", NULL};
	/* The spelling of older rule folders, named so they can be migrated. */
	const struct jnode *old = jnode_get(n, "mergeRule");
	if (old || (old = jnode_get(n, "mergeWhen")))
		return reader_fail(&L->rd, old, "'mergeRule' and 'mergeWhen' are now one merge case: \"merge\": [{\"when\": [...], \"rule\": ...}]");
	if (!reader_check_keys(&L->rd, n, "a check", keys))
		return false;
	int check;
	if (!parse_check_head(L, n, "a check", "named check", builtin_check_find, &check, &c->rule))
		return false;
	c->check = (enum builtin_check)check;
	const struct jnode *when = jnode_get(n, "when");
	if (when && !parse_conditions(L, when, "when", &c->when, &c->n_when))
		return false;
	const struct jnode *merge = jnode_get(n, "merge");
	if (!merge)
		return true;
	void *items;
	bool ok = reader_parse_array(&L->rd, merge, "merge", sizeof *c->merges, &items, &c->n_merges,
	                             parse_merge_case, L);
	c->merges = items;
	return ok;
}

static bool parse_check_item(void *ctx, const struct jnode *n, void *item)
{
	return parse_check(ctx, n, item);
}

static int compare_params_by_name(const void *a, const void *b)
{
	return strcmp((*(const struct param *const *)a)->name, (*(const struct param *const *)b)->name);
}

/* An index of params by name (borrowed pointers), for bsearch. */
static const struct param **sort_params(const struct param *p, size_t n)
{
	const struct param **sorted = xcalloc(n ? n : 1, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = &p[i];
	if (n)
		qsort(sorted, n, sizeof *sorted, compare_params_by_name);
	return sorted;
}

static bool parse_schema_body(struct loader *L, const struct jnode *n, struct schema *s)
{
	const struct jnode *keys = jnode_get(n, "keys"), *values = jnode_get(n, "values");
	if (!!keys == !!values)
		return reader_fail(&L->rd, n, "schema '%s' needs exactly one of 'keys' (a record) and 'values' (a map)", s->name);
	if (values) {
		if (!reader_get_string(&L->rd, values, &s->values_name))
			return false;
		add_schema_ref(L, values, s->values_name, &s->values);
	} else {
		if (!parse_params(L, keys, &s->keys, &s->n_keys))
			return false;
		s->sorted = sort_params(s->keys, s->n_keys);
	}
	const struct jnode *rules = jnode_get(n, "rules"), *foreign = jnode_get(n, "foreignKeys");
	if ((rules && !parse_rule_map(L, rules, &s->rules)) || (foreign && !parse_foreign(L, foreign, s)))
		return false;
	const struct jnode *cons = jnode_get(n, "constraints"), *checks = jnode_get(n, "checks");
	void *items;
	bool ok = true;
	if (cons) {
		ok = reader_parse_array(&L->rd, cons, "constraints", sizeof *s->constraints, &items,
		                        &s->n_constraints, parse_constraint_item, L);
		s->constraints = items;
	}
	if (ok && checks) {
		ok = reader_parse_array(&L->rd, checks, "checks", sizeof *s->checks, &items, &s->n_checks,
		                        parse_check_item, L);
		s->checks = items;
	}
	return ok;
}

static bool parse_schema(struct loader *L, const struct jnode *n, struct schema *s)
{
	static const char *const keys[] = {"keys", "values", "rules", "foreignKeys", "constraints",
	                                   "checks", NULL};
	s->name = xstrdup(jnode_key(n));
	if (!reader_check_keys(&L->rd, n, "a schema", keys))
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
	if (!reader_want_type(&L->rd, n, JT_OBJECT, "schemas"))
		return false;
	struct ruleset *rs = L->rs;
	rs->schemas = xreallocarray(rs->schemas, rs->n_schemas + jnode_n_children(n) + 1, sizeof *rs->schemas);
	for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c)) {
		if (jnode_is_duplicate(c) || ruleset_find_schema(rs, jnode_key(c)))
			return reader_fail(&L->rd, c, "schema '%s' is defined twice", jnode_key(c));
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
			snprintf(L->rd.errbuf, L->rd.errsize, "%s: schema '%s' is not defined", ref->where, ref->name);
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

/* The rules C raises, resolved once; a folder that lacks any of them is
 * refused, naming all that are missing, so no finding is ever dropped. */
static bool bind_builtin_rules(struct loader *L)
{
	struct ruleset *rs = L->rs;
	size_t used = (size_t)snprintf(L->rd.errbuf, L->rd.errsize, "rules: missing the built-in rule(s)");
	bool ok = true;
	for (size_t i = 0; i < BUILTIN_RULE_COUNT; i++) {
		rs->builtin[i] = ruleset_find_rule(rs, builtin_rule_ids[i]);
		if (rs->builtin[i])
			continue;
		ok = false;
		if (used < L->rd.errsize)
			used += (size_t)snprintf(L->rd.errbuf + used, L->rd.errsize - used, " %s", builtin_rule_ids[i]);
	}
	if (ok) {
		L->rd.errbuf[0] = '\0';
		/* A name close to a documented one loses the user's setting (an
		 * error); any other name is ignored by the service (a warning):
		 * the Terraform provider sends PayType to ConfigureDtsJob and passes. */
		rs->root_rules = (struct rule_map){
			.unknown_close = rs->builtin[BR_UNKNOWN_PARAMETER],
			.unknown_other = rs->builtin[BR_UNDOCUMENTED_PARAMETER],
			.type = rs->builtin[BR_WRONG_TYPE],
			.value = rs->builtin[BR_INVALID_VALUE],
			.range = rs->builtin[BR_OUT_OF_RANGE],
		};
	} else if (used < L->rd.errsize) {
		snprintf(L->rd.errbuf + used, L->rd.errsize - used, "; dtslint raises them itself, so a rules folder must define them");
	}
	return ok;
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
	if (!reader_check_keys(&L->rd, n, "a rule definition", keys))
		return false;
	for (size_t i = 0; keys[i]; i++)
		if (!jnode_get(n, keys[i]))
			return reader_fail(&L->rd, n, "a rule definition needs '%s'", keys[i]);
	const struct jnode *id = jnode_get(n, "id"), *sev = jnode_get(n, "severity");
	if (!reader_get_string(&L->rd, id, &r->id) || !reader_get_string(&L->rd, jnode_get(n, "name"), &r->name) ||
	    !reader_get_string(&L->rd, jnode_get(n, "summary"), &r->summary) ||
	    !reader_get_string(&L->rd, jnode_get(n, "description"), &r->description) ||
	    !reader_get_template(&L->rd, jnode_get(n, "message"), &r->message) || !reader_want_type(&L->rd, sev, JT_STRING, "severity"))
		return false;
	if (!valid_rule_id(r->id))
		return reader_fail(&L->rd, id, "rule id '%s' must be DTS followed by three digits", r->id);
	if (!severity_parse(jnode_text(sev), &r->severity) || r->severity == SEV_NONE)
		return reader_fail(&L->rd, sev, "'severity' must be error, warning or note, not '%s'", jnode_text(sev));
	return true;
}

static bool load_rules(struct loader *L, const struct jnode *arr)
{
	if (!reader_want_type(&L->rd, arr, JT_ARRAY, "rules"))
		return false;
	struct ruleset *rs = L->rs;
	rs->rules = xreallocarray(rs->rules, rs->n_rules + jnode_n_children(arr) + 1, sizeof *rs->rules);
	for (const struct jnode *c = jnode_first(arr); c; c = jnode_next(c)) {
		struct rule *r = &rs->rules[rs->n_rules];
		memset(r, 0, sizeof *r);
		rs->n_rules++; /* count it first so ruleset_free releases it on failure */
		if (!parse_rule(L, c, r))
			return false;
		for (size_t i = 0; i + 1 < rs->n_rules; i++)
			if (!strcmp(rs->rules[i].id, r->id))
				return reader_fail(&L->rd, jnode_get(c, "id"), "rule id '%s' is defined twice", r->id);
		r->index = rs->n_rules - 1;
	}
	return true;
}

static bool load_settings(struct loader *L, const struct jnode *n)
{
	static const char *const keys[] = {"defaultOperation", "secretKeyPattern", NULL};
	if (!reader_check_keys(&L->rd, n, "'settings'", keys))
		return false;
	const struct jnode *op = jnode_get(n, "defaultOperation"), *secret = jnode_get(n, "secretKeyPattern");
	if (op && (L->rs->default_operation || !reader_get_string(&L->rd, op, &L->rs->default_operation)))
		return L->rd.failed ? false : reader_fail(&L->rd, op, "'defaultOperation' is set twice");
	if (secret && (L->rs->secret_key.source ||
	               !parse_pattern(L, secret, PATTERN_OPTIONS_SEARCH, &L->rs->secret_key)))
		return L->rd.failed ? false : reader_fail(&L->rd, secret, "'secretKeyPattern' is set twice");
	return true;
}

static bool load_operation(struct loader *L, const struct jnode *root)
{
	const struct jnode *name = jnode_get(root, "operation"), *params = jnode_get(root, "parameters");
	const struct jnode *cons = jnode_get(root, "constraints");
	if (!name)
		return (params || cons) ? reader_fail(&L->rd, params ? params : cons, "'%s' needs 'operation' in the same file",
		                               params ? "parameters" : "constraints")
		                        : true;
	if (!reader_want_type(&L->rd, name, JT_STRING, "operation"))
		return false;
	if (ruleset_find_operation(L->rs, jnode_text(name)))
		return reader_fail(&L->rd, name, "operation '%s' is defined twice", jnode_text(name));
	if (!params)
		return reader_fail(&L->rd, name, "operation '%s' needs 'parameters'", jnode_text(name));
	struct ruleset *rs = L->rs;
	rs->operations = xreallocarray(rs->operations, rs->n_operations + 1, sizeof *rs->operations);
	struct operation *op = &rs->operations[rs->n_operations++];
	memset(op, 0, sizeof *op);
	op->name = xstrdup(jnode_text(name));
	L->op = op;
	if (!parse_params(L, params, &op->params, &op->n_params))
		return false;
	op->sorted = sort_params(op->params, op->n_params);
	if (!cons)
		return true;
	void *items;
	bool ok = reader_parse_array(&L->rd, cons, "constraints", sizeof *op->constraints, &items,
	                             &op->n_constraints, parse_constraint_item, L);
	op->constraints = items;
	return ok;
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
			return reader_fail(&L->rd, common, "'common' is defined twice");
		if (!parse_params(L, common, &L->rs->common, &L->rs->n_common))
			return false;
		L->rs->common_sorted = sort_params(L->rs->common, L->rs->n_common);
	}
	return load_operation(L, root);
}

/* ---- workflow checks ------------------------------------------------ */

/* "Operation/Parameter", both known. */
static bool parse_op_param(struct loader *L, const struct jnode *n, struct op_param *out)
{
	if (!reader_want_type(&L->rd, n, JT_STRING, jnode_key(n) ? jnode_key(n) : "params"))
		return false;
	const char *slash = strchr(jnode_text(n), '/');
	if (!slash || slash == jnode_text(n) || !slash[1])
		return reader_fail(&L->rd, n, "'%s' must be Operation/Parameter", jnode_text(n));
	out->operation = xstrndup(jnode_text(n), (size_t)(slash - jnode_text(n)));
	out->param = xstrdup(slash + 1);
	const struct operation *op = ruleset_find_operation(L->rs, out->operation);
	if (!op)
		return reader_fail(&L->rd, n, "'%s' is not an operation the rules define", out->operation);
	if (!operation_find_param(op, L->rs, out->param))
		return reader_fail(&L->rd, n, "'%s' is not a parameter of %s", out->param, out->operation);
	return true;
}

static bool parse_op_param_item(void *ctx, const struct jnode *n, void *item)
{
	return parse_op_param(ctx, n, item);
}

static bool parse_pairs(struct loader *L, const struct jnode *n, struct workflow_check *w)
{
	if (!reader_want_type(&L->rd, n, JT_ARRAY, "pairs"))
		return false;
	w->pairs = xcalloc(2 * jnode_n_children(n) + 1, sizeof *w->pairs);
	for (const struct jnode *p = jnode_first(n); p; p = jnode_next(p)) {
		if (jnode_type(p) != JT_ARRAY || jnode_n_children(p) != 2 || jnode_type(jnode_first(p)) != JT_STRING ||
		    jnode_type(jnode_last(p)) != JT_STRING || !jnode_text_len(jnode_first(p)) || !jnode_text_len(jnode_last(p)))
			return reader_fail(&L->rd, p, "a pair is [\"left value\", \"right value\"]");
		w->pairs[2 * w->n_pairs] = xstrdup(jnode_text(jnode_first(p)));
		w->pairs[2 * w->n_pairs + 1] = xstrdup(jnode_text(jnode_last(p)));
		w->n_pairs++;
	}
	return true;
}

static bool parse_workflow_check(void *ctx, const struct jnode *n, void *item)
{
	static const char *const keys[] = {"check", "rule", "params", "operations", "left", "right",
	                                   "pairs", NULL};
	struct loader *L = ctx;
	struct workflow_check *w = item;
	if (!reader_check_keys(&L->rd, n, "a workflow check", keys))
		return false;
	int check;
	if (!parse_check_head(L, n, "a workflow check", "workflow check", builtin_workflow_check_find,
	                      &check, &w->rule))
		return false;
	w->check = (enum builtin_workflow_check)check;
	const struct jnode *params = jnode_get(n, "params"), *ops = jnode_get(n, "operations");
	const struct jnode *left = jnode_get(n, "left"), *right = jnode_get(n, "right");
	const struct jnode *pairs = jnode_get(n, "pairs");
	bool needs_params = w->check == BW_SAME_IDS || w->check == BW_CONFIGURED_BEFORE;
	if (needs_params != (params != NULL))
		return reader_fail(&L->rd, n, "'params' goes with same-ids and configured-before, and only them");
	if ((w->check == BW_CONFIGURED_BEFORE) != (ops != NULL))
		return reader_fail(&L->rd, n, "'operations' goes with configured-before, and only it");
	if ((w->check == BW_AGREE) != (left && right))
		return reader_fail(&L->rd, n, "'left' and 'right' go with agree, and only it");
	if (pairs && w->check != BW_AGREE)
		return reader_fail(&L->rd, pairs, "'pairs' goes with agree");
	void *items;
	if (params) {
		bool ok = reader_parse_array(&L->rd, params, "params", sizeof *w->params, &items, &w->n_params,
		                             parse_op_param_item, L);
		w->params = items;
		if (!ok)
			return false;
	}
	if (ops) {
		if (!reader_get_string_array(&L->rd, ops, &w->operations, &w->n_operations))
			return false;
		for (size_t i = 0; i < w->n_operations; i++)
			if (!ruleset_find_operation(L->rs, w->operations[i]))
				return reader_fail(&L->rd, ops, "'%s' is not an operation the rules define", w->operations[i]);
	}
	if (w->check == BW_AGREE &&
	    (!parse_op_param(L, left, &w->left) || !parse_op_param(L, right, &w->right)))
		return false;
	return !pairs || parse_pairs(L, pairs, w);
}

/* Third pass: workflow checks name parameters of any operation, so they
 * are read once every operation is. */
static bool load_workflow(struct loader *L, const struct jnode *root)
{
	const struct jnode *w = jnode_get(root, "workflow");
	if (!w)
		return true;
	struct ruleset *rs = L->rs;
	void *items;
	size_t n = 0;
	bool ok = reader_parse_array(&L->rd, w, "workflow", sizeof *rs->workflow, &items, &n,
	                             parse_workflow_check, L);
	/* Append to what earlier files gave. */
	rs->workflow = xreallocarray(rs->workflow, rs->n_workflow + n + 1, sizeof *rs->workflow);
	memcpy(rs->workflow + rs->n_workflow, items, n * sizeof *rs->workflow);
	rs->n_workflow += n;
	free(items);
	return ok;
}

/* ---- Terraform ------------------------------------------------------ */

/* "attributes": {"attribute": "Parameter", ...}, each a parameter of the
 * resource's operation; "values": {"attribute": {"as written": "as sent"}}. */
static bool parse_tf_attributes(struct loader *L, const struct jnode *n, const struct jnode *values,
                                const struct operation *op, struct tfmap_resource *r)
{
	if (!reader_want_type(&L->rd, n, JT_OBJECT, "attributes") ||
	    (values && !reader_want_type(&L->rd, values, JT_OBJECT, "values")))
		return false;
	r->attributes = xcalloc(jnode_n_children(n) + 1, sizeof *r->attributes);
	for (const struct jnode *c = jnode_first(n); c; c = jnode_next(c)) {
		struct tfmap_attribute *a = &r->attributes[r->n_attributes++];
		a->attribute = xstrdup(jnode_key(c));
		if (!reader_get_string(&L->rd, c, &a->param))
			return false;
		if (!operation_find_param(op, L->rs, a->param))
			return reader_fail(&L->rd, c, "'%s' is not a parameter of %s", a->param, op->name);
	}
	for (const struct jnode *v = values ? jnode_first(values) : NULL; v; v = jnode_next(v)) {
		struct tfmap_attribute *a = NULL;
		for (size_t i = 0; i < r->n_attributes && !a; i++)
			if (!strcmp(r->attributes[i].attribute, jnode_key(v)))
				a = &r->attributes[i];
		if (!a)
			return reader_fail(&L->rd, v, "'%s' is not in this resource's attributes", jnode_key(v));
		if (!reader_want_type(&L->rd, v, JT_OBJECT, jnode_key(v)))
			return false;
		a->values = xcalloc(jnode_n_children(v) + 1, sizeof *a->values);
		for (const struct jnode *m = jnode_first(v); m; m = jnode_next(m)) {
			struct tfmap_value *tv = &a->values[a->n_values++];
			tv->from = xstrdup(jnode_key(m));
			if (!reader_get_string(&L->rd, m, &tv->to))
				return false;
		}
	}
	return true;
}

static bool parse_tf_resource(void *ctx, const struct jnode *n, void *item)
{
	static const char *const keys[] = {"resource", "operation", "source", "implied", "provided",
	                                   "attributes", "values", NULL};
	struct loader *L = ctx;
	struct tfmap_resource *r = item;
	if (!reader_check_keys(&L->rd, n, "a Terraform resource", keys))
		return false;
	const struct jnode *type = jnode_get(n, "resource"), *op = jnode_get(n, "operation");
	const struct jnode *source = jnode_get(n, "source"), *attrs = jnode_get(n, "attributes");
	const struct jnode *implied = jnode_get(n, "implied");
	if (!type || !op || !source || !attrs)
		return reader_fail(&L->rd, n, "a Terraform resource has 'resource', 'operation', 'source' and 'attributes'");
	if (!reader_get_string(&L->rd, type, &r->type) || !reader_get_string(&L->rd, op, &r->operation) ||
	    !reader_get_string(&L->rd, source, &r->source))
		return false;
	const struct operation *operation = ruleset_find_operation(L->rs, r->operation);
	if (!operation)
		return reader_fail(&L->rd, op, "'%s' is not an operation the rules define", r->operation);
	if (implied) {
		if (!reader_want_type(&L->rd, implied, JT_OBJECT, "implied"))
			return false;
		r->implied = xcalloc(2 * jnode_n_children(implied) + 1, sizeof *r->implied);
		for (const struct jnode *c = jnode_first(implied); c; c = jnode_next(c)) {
			r->implied[2 * r->n_implied] = xstrdup(jnode_key(c));
			if (!reader_get_string(&L->rd, c, &r->implied[2 * r->n_implied++ + 1]))
				return false;
			if (!operation_find_param(operation, L->rs, jnode_key(c)))
				return reader_fail(&L->rd, c, "'%s' is not a parameter of %s", jnode_key(c), r->operation);
		}
	}
	const struct jnode *provided = jnode_get(n, "provided");
	if (provided && !reader_get_string_array(&L->rd, provided, &r->provided, &r->n_provided))
		return false;
	for (size_t i = 0; i < r->n_provided; i++)
		if (!operation_find_param(operation, L->rs, r->provided[i]))
			return reader_fail(&L->rd, provided, "'%s' is not a parameter of %s", r->provided[i], r->operation);
	return parse_tf_attributes(L, attrs, jnode_get(n, "values"), operation, r);
}

/* With the workflow checks: resources name operations of any file. */
static bool load_terraform(struct loader *L, const struct jnode *root)
{
	const struct jnode *t = jnode_get(root, "terraform");
	if (!t)
		return true;
	struct tfmap *map = &L->rs->terraform;
	void *items;
	size_t n = 0;
	bool ok = reader_parse_array(&L->rd, t, "terraform", sizeof *map->resources, &items, &n,
	                             parse_tf_resource, L);
	map->resources = xreallocarray(map->resources, map->n_resources + n + 1, sizeof *map->resources);
	memcpy(map->resources + map->n_resources, items, n * sizeof *map->resources);
	map->n_resources += n;
	free(items);
	return ok;
}

static bool parse_file(struct loader *L, const struct rules_file *in, struct loaded_file *out)
{
	static const char *const keys[] = {"rules", "settings", "common", "operation", "parameters",
	                                   "constraints", "schemas", "workflow", "terraform", NULL};
	out->src = source_new(in->name, in->bytes, in->len);
	out->doc = jdoc_new();
	L->rd.src = out->src;
	struct jerror err;
	out->root = jsonpos_parse(out->doc, out->src->bytes, out->src->len, &err);
	if (!out->root) {
		return reader_fail_offset(&L->rd, err.span.start, "%s", err.message);
	}
	return reader_check_keys(&L->rd, out->root, "a rules file", keys);
}

static int compare_known_keys(const void *a, const void *b)
{
	return strcmp(((const struct known_key *)a)->name, ((const struct known_key *)b)->name);
}

static void add_known_keys(struct ruleset *rs, const struct param *p, size_t n, size_t *cap)
{
	for (size_t i = 0; i < n; i++) {
		if (rs->n_known_keys == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			rs->known_keys = xreallocarray(rs->known_keys, *cap, sizeof *rs->known_keys);
		}
		rs->known_keys[rs->n_known_keys++] = (struct known_key){.name = p[i].name};
	}
}

/* Every parameter and schema key name, classified by the secret-key
 * pattern once (see struct known_key).  Names are borrowed from the specs
 * until the duplicates are dropped, then copied. */
static void classify_known_keys(struct ruleset *rs)
{
	size_t cap = 0;
	for (size_t i = 0; i < rs->n_operations; i++)
		add_known_keys(rs, rs->operations[i].params, rs->operations[i].n_params, &cap);
	add_known_keys(rs, rs->common, rs->n_common, &cap);
	for (size_t i = 0; i < rs->n_schemas; i++)
		add_known_keys(rs, rs->schemas[i]->keys, rs->schemas[i]->n_keys, &cap);
	if (!rs->n_known_keys)
		return;
	qsort(rs->known_keys, rs->n_known_keys, sizeof *rs->known_keys, compare_known_keys);
	size_t n = 0;
	for (size_t i = 0; i < rs->n_known_keys; i++)
		if (n == 0 || strcmp(rs->known_keys[n - 1].name, rs->known_keys[i].name) != 0)
			rs->known_keys[n++] = rs->known_keys[i];
	/* Classify before the table exists, so the pattern decides. */
	size_t total = n;
	rs->n_known_keys = 0;
	for (size_t i = 0; i < total; i++) {
		const char *name = rs->known_keys[i].name;
		rs->known_keys[i].secret = ruleset_is_secret_key(rs, name, strlen(name));
		rs->known_keys[i].name = xstrdup(name);
	}
	rs->n_known_keys = total;
}

static bool finish(struct loader *L)
{
	struct ruleset *rs = L->rs;
	if (!rs->default_operation || !ruleset_find_operation(rs, rs->default_operation)) {
		snprintf(L->rd.errbuf, L->rd.errsize, "rules: %s",
		         rs->default_operation ? "'defaultOperation' names an operation no file defines"
		                               : "no file sets 'settings.defaultOperation'");
		return false;
	}
	classify_known_keys(rs);
	return true;
}

struct ruleset *ruleset_load(const struct rules_file *files, size_t n_files, char *errbuf,
                             size_t errbuf_size)
{
	struct ruleset *rs = xcalloc(1, sizeof *rs);
	struct loaded_file *loaded = xcalloc(n_files ? n_files : 1, sizeof *loaded);
	struct loader L = {.rs = rs, .rd = {.errbuf = errbuf, .errsize = errbuf_size}};
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
		ok = bind_builtin_rules(&L);
	}
	for (size_t i = 0; ok && i < n_files; i++) {
		L.rd.src = loaded[i].src;
		ok = load_second_pass(&L, loaded[i].root);
	}
	for (size_t i = 0; ok && i < n_files; i++) {
		L.rd.src = loaded[i].src;
		ok = load_workflow(&L, loaded[i].root) && load_terraform(&L, loaded[i].root);
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
	if (n) /* qsort(NULL, 0) is undefined behaviour */
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

