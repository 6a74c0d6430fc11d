/*
 * param_docs: what the catalogue says about a parameter or a nested key,
 * for people: its page (what it is, its type, when it is required, its
 * default, its valid values and their meanings, an example, why it is
 * deprecated, its sources), as the language server's hover and
 * completion and `dtslint --explain NAME` show it.  Made from the rules
 * alone, never from a request, so no value of a document can reach it.
 */
#include "param_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "suggest.h"
#include "template.h"
#include "xalloc.h"

const char *param_type_text(const struct param *p)
{
	switch (p->type) {
	case PT_STRING: return "string";
	case PT_BOOLEAN: return "boolean";
	case PT_INTEGER: return "integer";
	case PT_NUMBER: return "number";
	case PT_JSON: return "JSON object";
	case PT_OBJECT: return "object";
	default: return "any JSON value";
	}
}

/* Markdown inline code of catalogue text (names and values have no '`'). */
static void put_code(struct strbuf *b, const char *text)
{
	strbuf_addstr(b, "`");
	strbuf_addstr(b, text);
	strbuf_addstr(b, "`");
}

/* A message template that needs nothing but {param} reads as documentation. */
static char *doc_from_template(const char *tmpl, const char *name)
{
	for (const char *s = strchr(tmpl, '{'); s; s = strchr(s + 1, '{')) {
		if (!strncmp(s, "{param}", 7))
			continue;
		size_t i = 1;
		while ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '.')
			i++;
		if (s[i] == '}' && i > 1)
			return NULL; /* needs the value at hand */
	}
	struct template_var var = {"param", name};
	return template_render(tmpl, &var, 1);
}

/* What the parameter is: the rules' description; without one (a --rules
 * folder of one's own), a line made from its format message or its kind. */
char *param_summary_new(const struct param *p, const char *where)
{
	if (p->description)
		return xstrdup(p->description);
	char *text = NULL;
	for (size_t i = 0; !text && i < p->n_formats; i++)
		if (!p->formats[i].reject)
			text = doc_from_template(p->formats[i].message, p->name);
	if (!text && p->unsupported)
		text = doc_from_template(p->unsupported, p->name);
	if (text)
		return text;
	struct strbuf b = STRBUF_INIT;
	if (p->type == PT_JSON && p->schema_name) {
		strbuf_addstr(&b, "A ");
		strbuf_addstr(&b, p->schema_name);
		strbuf_addstr(&b, " object, written as a nested object or as a string holding its JSON.");
	} else if (p->type == PT_OBJECT && p->schema_name) {
		strbuf_addstr(&b, "A ");
		strbuf_addstr(&b, p->schema_name);
		strbuf_addstr(&b, " object.");
	} else if (p->type == PT_BOOLEAN) {
		strbuf_addstr(&b, "true or false (the strings \"true\" and \"false\" are accepted too).");
	} else if (p->type == PT_ANY) {
		strbuf_addstr(&b, "The documentation gives no type: any JSON value is accepted.");
	} else {
		strbuf_addstr(&b, p->required ? "Required" : "Optional");
		if (where) {
			strbuf_addstr(&b, p->required ? " by " : " in ");
			strbuf_addstr(&b, where);
		}
		strbuf_addstr(&b, ".");
	}
	return strbuf_detach(&b, NULL);
}

/* "string · required · default MYSQL" */
char *param_detail_new(const struct param *p)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_addstr(&b, param_type_text(p));
	if (p->schema_name) {
		strbuf_addstr(&b, " (");
		strbuf_addstr(&b, p->schema_name);
		strbuf_addstr(&b, ")");
	}
	strbuf_addstr(&b, p->required ? " · required" : " · optional");
	if (p->default_value) {
		strbuf_addstr(&b, " · default ");
		strbuf_addstr(&b, p->default_value);
	}
	if (p->secret)
		strbuf_addstr(&b, " · secret");
	if (p->unsupported || p->deprecated)
		strbuf_addstr(&b, " · deprecated: do not specify");
	return strbuf_detach(&b, NULL);
}

static void put_number(struct strbuf *b, double v)
{
	char text[64];
	snprintf(text, sizeof text, "%.15g", v);
	strbuf_addstr(b, text);
}

/* "`A`, `B` or `C`" */
static void put_alternatives(struct strbuf *b, char **values, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(b, i == 0 ? "" : i + 1 == n ? " or " : ", ");
		put_code(b, values[i]);
	}
}

/* A condition of a constraint in words: "`X` is `A` or `B`". */
static void put_condition(struct strbuf *b, const struct condition *c)
{
	if (c->op == COND_ANY_OF) {
		for (size_t i = 0; i < c->n_any_of; i++) {
			strbuf_addstr(b, i ? " or " : "");
			put_condition(b, &c->any_of[i]);
		}
		return;
	}
	put_code(b, c->target);
	switch (c->op) {
	case COND_IN: strbuf_addstr(b, " is "); put_alternatives(b, c->values, c->n_values); break;
	case COND_NOT_IN: strbuf_addstr(b, " is not "); put_alternatives(b, c->values, c->n_values); break;
	case COND_EQUALS_TRUE: strbuf_addstr(b, " is true"); break;
	case COND_EQUALS_FALSE: strbuf_addstr(b, " is false"); break;
	case COND_PRESENT: strbuf_addstr(b, " is given"); break;
	default: strbuf_addstr(b, " is not given"); break; /* COND_ABSENT */
	}
}

/* When the parameter must be given, or left out: "Required." or one line
 * per constraint that requires or forbids it, in the constraint's own
 * strength (an error "must", a warning "should"). */
static void put_requirement(struct strbuf *b, const struct param *p, const struct constraint *k, size_t n)
{
	if (p->required) {
		strbuf_addstr(b, "\n\nRequired.");
		return;
	}
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if ((k[i].kind != CK_REQUIRE && k[i].kind != CK_FORBID) || strcmp(k[i].target, p->name))
			continue;
		bool must = k[i].rule && k[i].rule->severity == SEV_ERROR;
		strbuf_addstr(b, "\n\n"); /* a paragraph each: Markdown joins plain lines */
		if (k[i].kind == CK_REQUIRE)
			strbuf_addstr(b, must ? "Required when " : "Expected when ");
		else
			strbuf_addstr(b, must ? "Not allowed when " : "Better left out when ");
		for (size_t j = 0; j < k[i].n_when; j++) {
			strbuf_addstr(b, j ? " and " : "");
			put_condition(b, &k[i].when[j]);
		}
		strbuf_addstr(b, k[i].n_when ? "." : "always.");
		any = true;
	}
	if (!any)
		strbuf_addstr(b, "\n\nOptional.");
}

/* The meaning of a valid value, or NULL. */
const char *param_value_meaning(const struct param *p, const char *value)
{
	for (size_t i = 0; i < p->n_value_docs; i++)
		if (!strcmp(p->value_docs[2 * i], value))
			return p->value_docs[2 * i + 1];
	return NULL;
}

/* "Valid values:" with each one's meaning, then the meanings of values
 * outside the enum (a Boolean's two). */
static void put_values(struct strbuf *b, const struct param *p)
{
	if (!p->n_enums && !p->n_value_docs)
		return;
	strbuf_addstr(b, p->n_enums ? "\n\nValid values:" : "\n\nValues:");
	for (size_t i = 0; i < p->n_enums; i++) {
		const char *meaning = param_value_meaning(p, p->enums[i]);
		strbuf_addstr(b, "\n- ");
		put_code(b, p->enums[i]);
		if (meaning) {
			strbuf_addstr(b, ": ");
			strbuf_addstr(b, meaning);
		}
	}
	for (size_t i = 0; i < p->n_value_docs; i++) {
		bool listed = false;
		for (size_t j = 0; j < p->n_enums; j++)
			listed = listed || !strcmp(p->enums[j], p->value_docs[2 * i]);
		if (listed)
			continue;
		strbuf_addstr(b, "\n- ");
		put_code(b, p->value_docs[2 * i]);
		strbuf_addstr(b, ": ");
		strbuf_addstr(b, p->value_docs[2 * i + 1]);
	}
}

/* The whole hover text of a parameter or key: what it is, its type, when
 * it is required, its default, its valid values with their meanings, an
 * example, why not to use it, and where this comes from.  All of it from
 * the catalogue, none from the document. */
char *param_page_new(const struct param *p, const char *where, bool is_root,
                            const struct constraint *k, size_t n_k)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_addstr(&b, "**");
	put_code(&b, p->name);
	strbuf_addstr(&b, "**");
	if (where) {
		strbuf_addstr(&b, is_root ? " · parameter of " : " · key of ");
		strbuf_addstr(&b, where);
	}
	strbuf_addstr(&b, "\n\n");
	char *detail = param_detail_new(p);
	strbuf_addstr(&b, detail);
	free(detail);
	strbuf_addstr(&b, "\n\n");
	char *doc = param_summary_new(p, where);
	strbuf_addstr(&b, doc);
	free(doc);
	put_requirement(&b, p, k, n_k);
	if (p->default_value) {
		strbuf_addstr(&b, "\n\nDefault: ");
		put_code(&b, p->default_value);
	}
	put_values(&b, p);
	if (p->has_min && p->has_max) {
		strbuf_addstr(&b, "\n\nRange: ");
		put_number(&b, p->min);
		strbuf_addstr(&b, " to ");
		put_number(&b, p->max);
	} else if (p->has_min || p->has_max) {
		strbuf_addstr(&b, p->has_min ? "\n\nAt least " : "\n\nAt most ");
		put_number(&b, p->has_min ? p->min : p->max);
	}
	if (p->has_recommended_min) {
		strbuf_addstr(&b, p->has_min || p->has_max ? "; recommended at least " : "\n\nRecommended at least ");
		put_number(&b, p->recommended_min);
	}
	if (p->example && !p->secret) {
		strbuf_addstr(&b, "\n\nExample: ");
		put_code(&b, p->example);
	}
	if (p->deprecated) {
		strbuf_addstr(&b, "\n\n**Deprecated:** ");
		strbuf_addstr(&b, p->deprecated);
	}
	if (p->source) {
		strbuf_addstr(&b, "\n\nSource: ");
		strbuf_addstr(&b, p->source);
	}
	return strbuf_detach(&b, NULL);
}

/* ---- by name, for --explain ------------------------------------------ */

/* One place that defines `name`: an operation's parameter (or a common
 * one), or a schema's key. */
struct place {
	const struct param *p;
	const char *where;
	bool is_root;
	const struct constraint *k;
	size_t n_k;
};

/* Every place that defines name, the operation asked for (or the default
 * one) first; *n set.  Owned array. */
static struct place *places_of(const struct ruleset *rs, const char *name, const char *operation,
                               size_t *n)
{
	const char *first = operation ? operation : rs->default_operation;
	size_t cap = rs->n_operations + rs->n_schemas + 1;
	struct place *v = xcalloc(cap, sizeof *v);
	*n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < rs->n_operations; i++) {
			const struct operation *op = &rs->operations[i];
			bool is_first = first && !strcmp(op->name, first);
			if (pass == 0 ? !is_first : is_first || operation)
				continue; /* with --operation, that operation's only */
			for (size_t j = 0; j < op->n_params; j++)
				if (!strcmp(op->params[j].name, name))
					v[(*n)++] = (struct place){&op->params[j], op->name, true, op->constraints,
					                           op->n_constraints};
		}
	for (size_t i = 0; *n == 0 && i < rs->n_common; i++)
		if (!strcmp(rs->common[i].name, name))
			v[(*n)++] = (struct place){&rs->common[i], "every operation", true, NULL, 0};
	for (size_t i = 0; !operation && i < rs->n_schemas; i++) {
		const struct schema *s = rs->schemas[i];
		for (size_t j = 0; j < s->n_keys; j++)
			if (!strcmp(s->keys[j].name, name))
				v[(*n)++] = (struct place){&s->keys[j], s->name, false, s->constraints, s->n_constraints};
	}
	return v;
}

/* Whether target is "/P/key" for a parameter P of op whose schema is s. */
static bool targets_key_of(const struct operation *op, const char *target, const struct schema *s,
                           const char *key)
{
	if (target[0] != '/')
		return false;
	const char *slash = strchr(target + 1, '/');
	if (!slash || strcmp(slash + 1, key))
		return false;
	for (size_t i = 0; i < op->n_params; i++) {
		const struct param *p = &op->params[i];
		if (p->schema == s && strlen(p->name) == (size_t)(slash - target - 1) &&
		    !memcmp(p->name, target + 1, (size_t)(slash - target - 1)))
			return true;
	}
	return false;
}

struct constraint *param_key_constraints_new(const struct ruleset *rs, const struct schema *s,
                                             const char *key, size_t *n_out)
{
	size_t cap = s->n_constraints, n = 0;
	for (size_t i = 0; i < rs->n_operations; i++)
		cap += rs->operations[i].n_constraints;
	struct constraint *k = xcalloc(cap + 1, sizeof *k);
	for (size_t i = 0; i < s->n_constraints; i++)
		k[n++] = s->constraints[i];
	for (size_t i = 0; i < rs->n_operations; i++) {
		const struct operation *op = &rs->operations[i];
		for (size_t j = 0; j < op->n_constraints; j++) {
			const struct constraint *c = &op->constraints[j];
			if ((c->kind != CK_REQUIRE && c->kind != CK_FORBID) || !c->target ||
			    !targets_key_of(op, c->target, s, key))
				continue;
			/* The page compares targets with the key's own name. */
			k[n] = *c;
			k[n++].target = (char *)key;
		}
	}
	*n_out = n;
	return k;
}

/* The schema that defines the key p, or NULL. */
static const struct schema *schema_of_key(const struct ruleset *rs, const struct param *p)
{
	for (size_t i = 0; i < rs->n_schemas; i++)
		if (p >= rs->schemas[i]->keys && p < rs->schemas[i]->keys + rs->schemas[i]->n_keys)
			return rs->schemas[i];
	return NULL;
}

char *param_explain_new(const struct ruleset *rs, const char *name, const char *operation)
{
	size_t n;
	struct place *v = places_of(rs, name, operation, &n);
	if (!n) {
		free(v);
		return NULL;
	}
	const struct schema *s = v[0].is_root ? NULL : schema_of_key(rs, v[0].p);
	char *page;
	if (s) {
		size_t n_k;
		struct constraint *k = param_key_constraints_new(rs, s, v[0].p->name, &n_k);
		page = param_page_new(v[0].p, v[0].where, false, k, n_k);
		free(k);
	} else {
		page = param_page_new(v[0].p, v[0].where, v[0].is_root, v[0].k, v[0].n_k);
	}
	struct strbuf b = STRBUF_INIT;
	strbuf_addstr(&b, page);
	free(page);
	/* The same name elsewhere: named, not repeated (a DtsJobId is one
	 * idea in six operations). */
	for (int root = 1; root >= 0; root--) {
		size_t shown = 0;
		for (size_t i = 1; i < n; i++) {
			if (v[i].is_root != (root == 1))
				continue;
			if (!shown++)
				strbuf_addstr(&b, root ? "\n\nAlso a parameter of " : "\n\nAlso a key of ");
			else
				strbuf_addstr(&b, ", ");
			strbuf_addstr(&b, v[i].where);
		}
		if (shown)
			strbuf_addstr(&b, root ? " (add --operation NAME for that operation's page)." : ".");
	}
	strbuf_addstr(&b, "\n");
	free(v);
	return strbuf_detach(&b, NULL);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rule IDs and names (with_rules), parameters and keys, sorted, one of each. */
const char **param_names_new(const struct ruleset *rs, bool with_rules, size_t *n_out)
{
	size_t cap = 2 * rs->n_rules + rs->n_common, n = 0;
	for (size_t i = 0; i < rs->n_operations; i++)
		cap += rs->operations[i].n_params;
	for (size_t i = 0; i < rs->n_schemas; i++)
		cap += rs->schemas[i]->n_keys;
	const char **names = xcalloc(cap + 1, sizeof *names);
	for (size_t i = 0; with_rules && i < rs->n_rules; i++) {
		names[n++] = rs->rules[i].id;
		if (rs->rules[i].name)
			names[n++] = rs->rules[i].name;
	}
	for (size_t i = 0; i < rs->n_common; i++)
		names[n++] = rs->common[i].name;
	for (size_t i = 0; i < rs->n_operations; i++)
		for (size_t j = 0; j < rs->operations[i].n_params; j++)
			names[n++] = rs->operations[i].params[j].name;
	for (size_t i = 0; i < rs->n_schemas; i++)
		for (size_t j = 0; j < rs->schemas[i]->n_keys; j++)
			names[n++] = rs->schemas[i]->keys[j].name;
	/* One entry per name: a name in two operations is no tie for the
	 * did-you-mean, and one completion. */
	qsort(names, n, sizeof *names, compare_names);
	size_t unique = 0;
	for (size_t i = 0; i < n; i++)
		if (!unique || strcmp(names[unique - 1], names[i]))
			names[unique++] = names[i];
	*n_out = unique;
	return names;
}

const char *param_explain_near(const struct ruleset *rs, const char *name)
{
	size_t n;
	const char **names = param_names_new(rs, true, &n);
	const char *near = suggest_closest(name, strlen(name), names, n);
	free(names);
	return near;
}
