/*
 * json_schema: the JSON Schema of an operation's request, built from the
 * rule catalogue (read only).  Strictness follows the linter's severities:
 * what dtslint reports with an error-level rule the schema refuses; what it
 * reports only as a warning or a note (an undocumented Reserve value, a
 * Boolean written "True", a String written as a JSON number) the schema
 * accepts, so an editor never flags a request that dtslint passes.
 *
 * Not expressed: constraints between parameters, limits on the size of
 * JSON text, what a string-encoded DbList holds, and the patterns of
 * formats (the ruleset keeps them compiled only, and PCRE2 syntax is not
 * ECMA-262's).  Descriptions are the rules' own, with each value's meaning.
 * Only standard draft-07 keywords, each where ajv's strict mode wants it
 * (no union types, every "pattern" beside "type": "string"), so the
 * common validators compile it as it comes.
 */
#include "json_schema.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "strbuf.h"
#include "template.h"
#include "xalloc.h"

#ifndef DTSLINT_VERSION
#define DTSLINT_VERSION "0.0.0"
#endif

struct builder {
	const struct ruleset *rs;
	json_object *defs; /* "definitions": one per nested schema reached */
};

static bool refuses(const struct rule *r)
{
	return r && r->severity == SEV_ERROR;
}

static bool id_refuses(const struct builder *b, const char *id)
{
	return refuses(ruleset_find_rule(b->rs, id));
}

static json_object *typed(const char *type)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "type", json_object_new_string(type));
	return o;
}

static json_object *strings(const char *const *items, size_t n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(items[i]));
	return a;
}

/* A JSON number literal (RFC 8259 grammar): such an enum value may be
 * written as a number too. */
static bool is_number_literal(const char *s)
{
	const char *d;
	s += *s == '-';
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return false;
	if (*s == '.') {
		for (d = ++s; *s >= '0' && *s <= '9'; s++)
			;
		if (s == d)
			return false;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		s += *s == '+' || *s == '-';
		for (d = s; *s >= '0' && *s <= '9'; s++)
			;
		if (s == d)
			return false;
	}
	return *s == '\0';
}

/* The enum values that are number literals, as JSON numbers; NULL if none. */
static json_object *numeric_enums(const struct param *p)
{
	json_object *a = NULL;
	for (size_t i = 0; i < p->n_enums; i++) {
		if (!is_number_literal(p->enums[i]))
			continue;
		if (!a)
			a = json_object_new_array();
		json_object_array_add(a, json_object_new_double_s(strtod(p->enums[i], NULL), p->enums[i]));
	}
	return a;
}

static const char *schema_type_name(int jtype)
{
	switch (jtype) {
	case JT_NULL: return "null";
	case JT_BOOL: return "boolean";
	case JT_NUMBER: return "number";
	case JT_STRING: return "string";
	case JT_ARRAY: return "array";
	case JT_OBJECT: return "object";
	case JT_UNKNOWN: return NULL;
	}
	return NULL;
}

/* The JSON types a type hint lets through with a warning or a note only. */
static void add_tolerated_types(json_object *branches, const struct param *p)
{
	for (size_t i = 0; i < p->n_hints; i++) {
		const char *name = schema_type_name(p->hints[i].jtype);
		if (name && !refuses(p->hints[i].rule))
			json_object_array_add(branches, typed(name));
	}
}

/* One branch as itself, several as anyOf (editors still complete the
 * enum values of every branch). */
static json_object *any_of(json_object *branches)
{
	if (json_object_array_length(branches) == 1) {
		json_object *only = json_object_get(json_object_array_get_idx(branches, 0));
		json_object_put(branches);
		return only;
	}
	json_object *o = json_object_new_object();
	json_object_object_add(o, "anyOf", branches);
	return o;
}

static const struct rule *enum_rule(const struct param *p, const struct rule_map *rules)
{
	return p->enum_rule ? p->enum_rule : rules->value;
}

static json_object *ref_to(struct builder *b, const struct schema *s);

/* The valid values in any case, as DTS104 (a note) takes them: each ASCII
 * letter becomes [Xx], ECMA-262 syntax characters are escaped.  NULL when
 * no value has a letter. */
static char *any_case_pattern(const struct param *p)
{
	size_t size = 8;
	bool letters = false;
	for (size_t i = 0; i < p->n_enums; i++)
		size += 4 * strlen(p->enums[i]) + 1;
	char *out = xmalloc(size), *w = out;
	w += strlen(strcpy(w, "^("));
	for (size_t i = 0; i < p->n_enums; i++) {
		if (i)
			*w++ = '|';
		for (const char *c = p->enums[i]; *c; c++) {
			char lower = (char)(*c | 0x20);
			if (lower >= 'a' && lower <= 'z') {
				letters = true;
				*w++ = '[';
				*w++ = (char)(lower & ~0x20);
				*w++ = lower;
				*w++ = ']';
			} else {
				if (strchr("^$\\.*+?()[]{}|/", *c))
					*w++ = '\\';
				*w++ = *c;
			}
		}
	}
	strcpy(w, ")$");
	if (!letters) {
		free(out);
		return NULL;
	}
	return out;
}

/* A PCRE2 pattern that means the same in ECMA-262 (what JSON Schema
 * validators run): no inline flags, no \A \z \Z, no possessive or
 * atomic groups.  Others are left out of the schema (dtslint still checks
 * them). */
static bool ecma_compatible(const char *src)
{
	for (const char *s = src; *s; s++) {
		if (s[0] == '\\' && (s[1] == 'A' || s[1] == 'z' || s[1] == 'Z' || s[1] == 'h' || s[1] == 'R'))
			return false;
		if (s[0] == '\\' && s[1])
			s++;
		else if (s[0] == '(' && s[1] == '?' && s[2] != ':' && s[2] != '=' && s[2] != '!')
			return false;
		else if ((s[0] == '+' || s[0] == '*' || s[0] == '?' || s[0] == '}') && s[1] == '+')
			return false;
	}
	return true;
}

/* The formats dtslint reports as errors, as "pattern" (an expected shape:
 * the whole value) and "not": {"pattern"} (a rejected one, searched for). */
static json_object *format_constraints(struct builder *b, const struct param *p)
{
	json_object *all = json_object_new_array();
	for (size_t i = 0; i < p->n_formats; i++) {
		const struct format *f = &p->formats[i];
		/* A format under conditions on other parameters cannot be said in
		 * a per-property schema: leave it to dtslint. */
		if (f->n_when || !refuses(f->rule ? f->rule : ruleset_find_rule(b->rs, "DTS107")) ||
		    !ecma_compatible(f->pattern.source))
			continue;
		size_t size = f->pattern.len + 8;
		char *whole = xmalloc(size);
		snprintf(whole, size, f->reject ? "%s" : "^(?:%s)$", f->pattern.source);
		/* Typed, as ajv's strict mode wants a "pattern" to be: a rejected
		 * shape is "not" a string of it, an expected one is a string of it
		 * or no string at all (the other forms are judged elsewhere). */
		json_object *o = typed("string");
		json_object_object_add(o, "pattern", json_object_new_string(whole));
		json_object *wrap = json_object_new_object();
		if (f->reject) {
			json_object_object_add(wrap, "not", o);
		} else {
			json_object *not_string = json_object_new_object();
			json_object_object_add(not_string, "not", typed("string"));
			json_object *branches = json_object_new_array();
			json_object_array_add(branches, o);
			json_object_array_add(branches, not_string);
			json_object_object_add(wrap, "anyOf", branches);
		}
		json_object_array_add(all, wrap);
		free(whole);
	}
	if (json_object_array_length(all) == 0) {
		json_object_put(all);
		return NULL;
	}
	return all;
}

static json_object *string_branches(struct builder *b, const struct param *p, const struct rule_map *rules);

/* A string parameter: its accepted forms, and every error-level format on
 * top (a "pattern" applies to strings only, so the other forms pass). */
static json_object *string_value(struct builder *b, const struct param *p, const struct rule_map *rules)
{
	json_object *forms = string_branches(b, p, rules);
	json_object *formats = format_constraints(b, p);
	if (!formats)
		return forms;
	json_object_array_put_idx(formats, json_object_array_length(formats), forms);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "allOf", formats);
	return o;
}

static json_object *string_branches(struct builder *b, const struct param *p, const struct rule_map *rules)
{
	bool enforced = p->n_enums && refuses(enum_rule(p, rules));
	bool empty_refused = p->required && id_refuses(b, "DTS105");
	bool numbers_refused = id_refuses(b, "DTS111");
	json_object *branches = json_object_new_array();
	json_object *main = typed("string");
	json_object_array_add(branches, main);
	if (p->n_enums)
		json_object_object_add(main, enforced ? "enum" : "examples", strings((const char *const *)p->enums, p->n_enums));
	if (empty_refused && !enforced)
		json_object_object_add(main, "minLength", json_object_new_int(1));
	if (enforced) {
		char *pattern = id_refuses(b, "DTS104") ? NULL : any_case_pattern(p);
		if (pattern) {
			json_object *other_case = typed("string");
			json_object_object_add(other_case, "pattern", json_object_new_string(pattern));
			json_object_array_add(branches, other_case);
			free(pattern);
		}
		/* An empty optional value means "not given": no valid-value check. */
		if (!empty_refused) {
			json_object *empty = typed("string");
			json_object_object_add(empty, "maxLength", json_object_new_int(0));
			json_object_array_add(branches, empty);
		}
		/* A number is a note (DTS111) when its literal is a valid value. */
		json_object *numbers = numbers_refused ? NULL : numeric_enums(p);
		if (numbers) {
			json_object *o = json_object_new_object();
			json_object_object_add(o, "enum", numbers);
			json_object_array_add(branches, o);
		}
	} else if (!numbers_refused) {
		/* A branch, not "type": [...]: ajv's strict mode refuses union types. */
		json_object_array_add(branches, typed("number"));
	}
	add_tolerated_types(branches, p);
	return any_of(branches);
}

static json_object *boolean_value(struct builder *b, const struct param *p)
{
	static const char *const spelled[] = {"true", "false"};
	json_object *branches = json_object_new_array();
	json_object_array_add(branches, typed("boolean"));
	json_object *text = typed("string");
	json_object_object_add(text, "enum", strings(spelled, 2));
	json_object_array_add(branches, text);
	if (!id_refuses(b, "DTS104")) { /* "True", "FALSE": a note */
		json_object *other_case = typed("string");
		json_object_object_add(other_case, "pattern",
		                       json_object_new_string("^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"));
		json_object_array_add(branches, other_case);
	}
	add_tolerated_types(branches, p);
	return any_of(branches);
}

/* Whole bounds as integers (1, not 1.0). */
static json_object *bound(double d)
{
	if (d == (double)(long long)d && d > -9e15 && d < 9e15)
		return json_object_new_int64((int64_t)d);
	return json_object_new_double(d);
}

/* A JSON number, or a string of one (the forms engine_value.c reads). */
static json_object *numeric_value(const struct param *p, const struct rule_map *rules)
{
	bool integer = p->type == PT_INTEGER;
	json_object *number = typed(integer ? "integer" : "number");
	json_object *text = typed("string");
	json_object_object_add(text, "pattern", json_object_new_string(
		integer ? "^-?[0-9]+$" : "^-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?$"));
	if (p->n_enums) {
		json_object *numbers = numeric_enums(p);
		bool enforced = refuses(enum_rule(p, rules));
		if (numbers)
			json_object_object_add(number, enforced ? "enum" : "examples", numbers);
		json_object_object_add(text, enforced ? "enum" : "examples", strings((const char *const *)p->enums, p->n_enums));
	} else if (refuses(rules->range)) {
		/* A numeric string's range cannot be expressed: it is left to dtslint. */
		if (p->has_min)
			json_object_object_add(number, "minimum", bound(p->min));
		if (p->has_max)
			json_object_object_add(number, "maximum", bound(p->max));
	}
	json_object *branches = json_object_new_array();
	json_object_array_add(branches, number);
	json_object_array_add(branches, text);
	add_tolerated_types(branches, p);
	return any_of(branches);
}

/* An object following p's schema ($ref cannot take sibling keywords in
 * draft-07, so extra ones go around it). */
static json_object *object_branch(struct builder *b, const struct param *p, bool non_empty)
{
	json_object *o = typed("object");
	if (non_empty)
		json_object_object_add(o, "minProperties", json_object_new_int(1));
	if (p->schema) {
		json_object *all = json_object_new_array();
		json_object_array_add(all, ref_to(b, p->schema));
		json_object_object_add(o, "allOf", all);
	}
	return o;
}

static json_object *json_value(struct builder *b, const struct param *p)
{
	json_object *branches = json_object_new_array();
	json_object_array_add(branches, object_branch(b, p, p->must_be_non_empty && id_refuses(b, "DTS006")));
	json_object *text = typed("string");
	json_object_object_add(text, "contentMediaType", json_object_new_string("application/json"));
	if (p->required && id_refuses(b, "DTS105"))
		json_object_object_add(text, "minLength", json_object_new_int(1));
	json_object_array_add(branches, text);
	add_tolerated_types(branches, p);
	return any_of(branches);
}

static json_object *object_value(struct builder *b, const struct param *p)
{
	json_object *branches = json_object_new_array();
	json_object_array_add(branches, object_branch(b, p, false));
	add_tolerated_types(branches, p);
	return any_of(branches);
}

/* Length of a {placeholder} at p, or 0 (the grammar of template.c). */
static size_t placeholder_len(const char *p)
{
	size_t i = 1;
	while ((p[i] >= 'a' && p[i] <= 'z') || p[i] == '.')
		i++;
	return p[i] == '}' && i > 1 ? i + 1 : 0;
}

/* A message template that needs nothing but the parameter's name reads as
 * documentation; one about the value at hand ({value}) does not. */
static char *doc_text(const char *tmpl, const char *name)
{
	for (const char *s = strchr(tmpl, '{'); s; s = strchr(s + 1, '{')) {
		size_t n = placeholder_len(s);
		if (n && (n != 7 || strncmp(s, "{param}", 7) != 0))
			return NULL;
	}
	struct template_var var = {"param", name};
	return template_render(tmpl, &var, 1);
}

/* What the rules say the parameter is, then what each valid value means,
 * then why not to use it; without a description (a --rules folder of
 * one's own), the message of its expected format. */
static char *description_text(const struct param *p)
{
	struct strbuf sb;
	strbuf_init(&sb, 256);
	if (p->description)
		strbuf_addstr(&sb, p->description);
	if (p->n_value_docs)
		strbuf_addstr(&sb, sb.len ? "\n\nValues:" : "Values:");
	for (size_t i = 0; i < p->n_value_docs; i++)
		strbuf_addf(&sb, "\n%s: %s", p->value_docs[2 * i], p->value_docs[2 * i + 1]);
	if (p->deprecated)
		strbuf_addf(&sb, "%sDeprecated: %s", sb.len ? "\n\n" : "", p->deprecated);
	if (sb.len)
		return strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	char *text = NULL;
	for (size_t i = 0; !text && i < p->n_formats; i++)
		if (!p->formats[i].reject)
			text = doc_text(p->formats[i].message, p->name);
	if (!text && p->list_item && !p->list_item->reject)
		text = doc_text(p->list_item->message, p->name);
	if (!text && p->unsupported)
		text = doc_text(p->unsupported, p->name);
	return text;
}

static void add_description(json_object *o, const struct param *p)
{
	char *text = description_text(p);
	if (text)
		json_object_object_add(o, "description", json_object_new_string(text));
	free(text);
	if (p->example && !p->secret && !json_object_object_get_ex(o, "examples", NULL)) {
		const char *one[] = {p->example};
		json_object_object_add(o, "examples", strings(one, 1));
	}
}

static json_object *value_schema(struct builder *b, const struct param *p, const struct rule_map *rules)
{
	json_object *o;
	switch (p->type) {
	case PT_STRING: o = string_value(b, p, rules); break;
	case PT_BOOLEAN: o = boolean_value(b, p); break;
	case PT_INTEGER:
	case PT_NUMBER: o = numeric_value(p, rules); break;
	case PT_JSON: o = json_value(b, p); break;
	case PT_OBJECT: o = object_value(b, p); break;
	default: o = json_object_new_object(); break; /* PT_ANY: any value */
	}
	add_description(o, p);
	if (p->default_value)
		json_object_object_add(o, "default", json_object_new_string(p->default_value));
	/* "deprecated" is the standard keyword (2019-09, in ajv's draft-07
	 * vocabulary too); the reason is in the description, since VS Code's
	 * own deprecationMessage is a keyword strict validators refuse. */
	if (p->unsupported || p->deprecated)
		json_object_object_add(o, "deprecated", json_object_new_boolean(1));
	return o;
}

/* Keys reported by an error-level rule as belonging elsewhere (the legacy
 * DbList format) are refused; keys the schema knows stay allowed. */
static void add_foreign_keys(json_object *o, const struct schema *s)
{
	json_object *names = json_object_new_array();
	for (size_t i = 0; i < s->n_foreign; i++) {
		if (!refuses(s->foreign[i].rule))
			continue;
		for (size_t j = 0; j < s->foreign[i].n_keys; j++) {
			const char *key = s->foreign[i].keys[j];
			if (s->values || !schema_find_key(s, key, strlen(key)))
				json_object_array_add(names, json_object_new_string(key));
		}
	}
	if (json_object_array_length(names) == 0) {
		json_object_put(names);
		return;
	}
	json_object *not_enum = json_object_new_object(), *not = json_object_new_object();
	json_object_object_add(not_enum, "enum", names);
	json_object_object_add(not, "not", not_enum);
	json_object_object_add(o, "propertyNames", not);
}

static bool unknown_refused(const struct rule_map *rules)
{
	return refuses(rules->unknown_close) && refuses(rules->unknown_other);
}

static json_object *schema_definition(struct builder *b, const struct schema *s)
{
	json_object *o = typed("object");
	json_object_object_add(o, "title", json_object_new_string(s->name));
	if (s->values) {
		/* A map: free member names, each value an object of `values`. */
		json_object *branches = json_object_new_array();
		json_object_array_add(branches, ref_to(b, s->values));
		if (!refuses(s->rules.type)) {
			json_object *not_object = json_object_new_object();
			json_object_object_add(not_object, "not", typed("object"));
			json_object_array_add(branches, not_object);
		}
		json_object_object_add(o, "additionalProperties", any_of(branches));
	} else {
		json_object *props = json_object_new_object();
		for (size_t i = 0; i < s->n_keys; i++)
			json_object_object_add(props, s->keys[i].name, value_schema(b, &s->keys[i], &s->rules));
		json_object_object_add(o, "properties", props);
		if (unknown_refused(&s->rules))
			json_object_object_add(o, "additionalProperties", json_object_new_boolean(0));
	}
	add_foreign_keys(o, s);
	return o;
}

/* "#/definitions/NAME", NAME escaped as RFC 6901 says; the definition is
 * made on first use (a placeholder first, so a schema may reach itself). */
static json_object *ref_to(struct builder *b, const struct schema *s)
{
	if (!json_object_object_get_ex(b->defs, s->name, NULL)) {
		json_object_object_add(b->defs, s->name, json_object_new_object());
		json_object_object_add(b->defs, s->name, schema_definition(b, s));
	}
	size_t len = strlen(s->name);
	char *ref = xmalloc(sizeof "#/definitions/" + 2 * len);
	char *w = ref + strlen(strcpy(ref, "#/definitions/"));
	for (const char *c = s->name; *c; c++) {
		if (*c == '~' || *c == '/') {
			*w++ = '~';
			*w++ = *c == '~' ? '0' : '1';
		} else {
			*w++ = *c;
		}
	}
	*w = '\0';
	json_object *o = json_object_new_object();
	json_object_object_add(o, "$ref", json_object_new_string(ref));
	free(ref);
	return o;
}

json_object *json_schema_new(const struct ruleset *rs, const struct operation *op)
{
	struct builder b = {.rs = rs, .defs = json_object_new_object()};
	json_object *root = json_object_new_object();
	char text[512];
	json_object_object_add(root, "$schema", json_object_new_string("http://json-schema.org/draft-07/schema#"));
	snprintf(text, sizeof text, "dtslint %s --print-json-schema %s", DTSLINT_VERSION, op->name);
	json_object_object_add(root, "$comment", json_object_new_string(text));
	snprintf(text, sizeof text, "%s request", op->name);
	json_object_object_add(root, "title", json_object_new_string(text));
	snprintf(text, sizeof text,
	         "Parameters of the DTS API operation %s as dtslint reads them. Constraints between "
	         "parameters and the content of string-encoded JSON are checked by dtslint only.",
	         op->name);
	json_object_object_add(root, "description", json_object_new_string(text));
	json_object_object_add(root, "type", json_object_new_string("object"));

	json_object *props = json_object_new_object(), *required = json_object_new_array();
	bool missing_refused = id_refuses(&b, "DTS106");
	for (size_t i = 0; i < op->n_params; i++) {
		const struct param *p = &op->params[i];
		json_object_object_add(props, p->name, value_schema(&b, p, &rs->root_rules));
		if (p->required && missing_refused)
			json_object_array_add(required, json_object_new_string(p->name));
	}
	for (size_t i = 0; i < rs->n_common; i++) {
		const struct param *p = &rs->common[i];
		if (json_object_object_get_ex(props, p->name, NULL))
			continue; /* the operation's own spec wins, as in operation_find_param */
		json_object *value;
		if (!strcmp(p->name, "Action")) {
			/* Another operation's name would be linted by that operation's rules. */
			value = typed("string");
			const char *names[] = {op->name};
			json_object_object_add(value, "enum", strings(names, 1));
			char *about = description_text(p);
			if (about)
				json_object_object_add(value, "description", json_object_new_string(about));
			free(about);
		} else {
			value = value_schema(&b, p, &rs->root_rules);
		}
		json_object_object_add(props, p->name, value);
	}
	json_object_object_add(root, "properties", props);
	if (json_object_array_length(required))
		json_object_object_add(root, "required", required);
	else
		json_object_put(required);
	if (unknown_refused(&rs->root_rules))
		json_object_object_add(root, "additionalProperties", json_object_new_boolean(0));
	if (json_object_object_length(b.defs))
		json_object_object_add(root, "definitions", b.defs);
	else
		json_object_put(b.defs);
	return root;
}
