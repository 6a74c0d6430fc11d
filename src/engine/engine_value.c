/*
 * engine_value: the recursion of the checks.  One value against its spec
 * (type, empty required string, valid values, formats, lists, ranges,
 * sizes, and the nested object a JSON-valued parameter holds), and one
 * object against its schema (known and unknown keys, nested schemas,
 * constraints, named checks); each calls the other for what it holds, so
 * they live in one file.  Which rule reports a finding comes from the
 * spec or from the rule map of the enclosing object.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bytescan.h"
#include "engine_constraint.h"
#include "engine_lookup.h"
#include "engine_input.h"
#include "engine_typo.h"
#include "engine_value.h"
#include "secret_scan.h"
#include "suggest.h"
#include "swar.h"
#include "xalloc.h"

/* A finding about n with the usual variables and one extra. */
static void report_simple(struct run *r, const struct rule *rule, const struct jnode *n,
                          struct shown *value, const char *name, const char *extra)
{
	struct finding f;
	finding_init(&f, rule, n, shown_text(value));
	if (name)
		finding_var(&f, name, extra);
	finding_report(r, &f);
}

/* Whole numbers in full (9007199254740991, not 9.00719925474099e+15). */
static void format_bound(char *buf, size_t size, double d)
{
	if (d == floor(d) && fabs(d) < 1e18)
		snprintf(buf, size, "%.0f", d);
	else
		snprintf(buf, size, "%.15g", d);
}

static void check_range(struct run *r, const struct jnode *n, const struct param *p, double d,
                        struct shown *value, const struct rule_map *rules)
{
	char lo[40], hi[40], expected[100];
	format_bound(lo, sizeof lo, p->min);
	format_bound(hi, sizeof hi, p->max);
	if ((p->has_min && d < p->min) || (p->has_max && d > p->max)) {
		if (p->has_min && p->has_max)
			snprintf(expected, sizeof expected, "a value from %s to %s", lo, hi);
		else if (p->has_min)
			snprintf(expected, sizeof expected, "at least %s", lo);
		else
			snprintf(expected, sizeof expected, "at most %s", hi);
		report_simple(r, rules->range, n, value, "expected", expected);
		return;
	}
	if (p->has_recommended_min && d < p->recommended_min) {
		format_bound(expected, sizeof expected, p->recommended_min);
		report_simple(r, builtin_rule(r, BR_BELOW_RECOMMENDED), n, value, "expected", expected);
	}
}

static bool is_secret_value(const struct run *r, const struct jnode *n, const struct param *p)
{
	return p->secret || secret_value_hidden(r->rs, n);
}

/* What a value is, for "must be X, not Y": a string is shown as written
 * ("yes": its type alone says nothing the reader does not see), unless it
 * is a secret; a number that is the wrong kind of number is named by its
 * kind, not as "a number". */
static const char *value_kind(const struct run *r, const struct jnode *n, const struct param *p,
                              struct shown *value, char *buf, size_t size)
{
	if (jnode_type(n) == JT_STRING && jnode_text_len(n) == 0)
		return "an empty string";
	if (jnode_type(n) == JT_STRING && !is_secret_value(r, n, p)) {
		snprintf(buf, size, "\"%s\"", shown_text(value));
		return buf;
	}
	if (jnode_type(n) != JT_NUMBER)
		return jtype_name(jnode_type(n));
	if (!isfinite(strtod(jnode_text(n), NULL)))
		return "a number too large to represent";
	if (strpbrk(jnode_text(n), ".eE"))
		return "a number with a fraction or exponent";
	return "a number";
}

/* The first hint for this JSON type whose conditions hold, or NULL. */
static const struct type_hint *find_hint(const struct run *r, const struct param *p, enum jtype type)
{
	for (size_t i = 0; i < p->n_hints; i++) {
		const struct type_hint *h = &p->hints[i];
		if (h->jtype == (int)type && conditions_hold(r, r->req->root, h->when, h->n_when))
			return h;
	}
	return NULL;
}

/* The wrong JSON type: a type hint's own rule and message, or the generic one. */
static void report_type(struct run *r, const struct jnode *n, const struct param *p,
                        const char *expected, struct shown *value, const struct rule_map *rules)
{
	struct finding f;
	const struct type_hint *hint = find_hint(r, p, jnode_type(n));
	if (hint) {
		if (hint->accept)
			return;
		finding_init(&f, hint->rule, n, shown_text(value));
		finding_var(&f, "expected", expected);
		f.message_template = hint->message;
		finding_report(r, &f);
		return;
	}
	char kind[300];
	finding_init(&f, rules->type, n, shown_text(value));
	finding_var(&f, "expected", expected);
	f.vars[2].value = value_kind(r, n, p, value, kind, sizeof kind);
	finding_report(r, &f);
}

/* Was this value listed before, in any case?  The lists keep both the
 * documented and the SDK spelling (MYSQL, MySQL) so both are accepted,
 * but a message names each value once, as first written. */
static bool listed_before(const struct param *p, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcasecmp(p->enums[j], p->enums[i]) == 0)
			return true;
	return false;
}

static char *join_enums(const struct param *p)
{
	size_t size = 16;
	for (size_t i = 0; i < p->n_enums; i++)
		size += strlen(p->enums[i]) + 2;
	char *list = xmalloc(size);
	list[0] = '\0';
	for (size_t i = 0; i < p->n_enums; i++) {
		if (listed_before(p, i))
			continue;
		strcat(list, list[0] ? ", " : "");
		strcat(list, p->enums[i]);
	}
	return list;
}

static void check_enum(struct run *r, const struct jnode *n, const struct param *p, struct shown *value,
                       const struct rule_map *rules)
{
	for (size_t i = 0; i < p->n_enums; i++)
		if (strcmp(jnode_text(n), p->enums[i]) == 0)
			return;
	char help[300];
	struct finding f;
	for (size_t i = 0; i < p->n_enums; i++) {
		if (strcasecmp(jnode_text(n), p->enums[i]) == 0) {
			finding_init(&f, builtin_rule(r, BR_NON_CANONICAL_CASE), n, shown_text(value));
			finding_var(&f, "expected", p->enums[i]);
			snprintf(help, sizeof help, "write \"%s\"", p->enums[i]);
			f.suggestion = help;
			f.fix_node = jnode_type(n) == JT_STRING ? n : NULL;
			f.fix_text = p->enums[i];
			f.fix_len = strlen(p->enums[i]);
			finding_report(r, &f);
			return;
		}
	}
	char *list = join_enums(p);
	const char *near = suggest_closest(jnode_text(n), jnode_text_len(n), (const char *const *)p->enums, p->n_enums);
	char suffix[300];
	snprintf(help, sizeof help, "write \"%s\"", near ? near : "");
	snprintf(suffix, sizeof suffix, "; did you mean \"%s\"?", near ? near : "");
	finding_init(&f, p->enum_rule ? p->enum_rule : rules->value, n, shown_text(value));
	finding_var(&f, "expected", list);
	/* On the finding's own line, as for a misspelled key (engine_typo.c). */
	f.message_suffix = near ? suffix : NULL;
	f.suggestion = near ? help : NULL;
	finding_report(r, &f);
	free(list);
}

/* Run the ordered formats; the first that fires is the finding. */
static void check_formats(struct run *r, const struct jnode *n, const struct format *formats,
                          size_t n_formats, const char *text, size_t len, struct jspan span,
                          struct shown *value)
{
	for (size_t i = 0; i < n_formats; i++) {
		if (!conditions_hold(r, r->req->root, formats[i].when, formats[i].n_when))
			continue;
		int m = pattern_match_utf8(r->rs, &formats[i].pattern, text, len);
		if (m < 0 || m == (int)formats[i].reject) {
			struct finding f;
			finding_init(&f, formats[i].rule ? formats[i].rule : builtin_rule(r, BR_INVALID_FORMAT), n, shown_text(value));
			f.span = span;
			f.message_template = m < 0 ? "'{param}' could not be checked: the pattern hit its match limit"
			                           : formats[i].message;
			f.help_template = m < 0 ? NULL : formats[i].help;
			/* A format's fix rewrites the whole value, so not a list item. */
			char *fixed = NULL;
			size_t fixed_len = 0;
			if (m == 1 && formats[i].fix && text == jnode_text(n) && len == jnode_text_len(n))
				fixed = pattern_substitute(r->rs, &formats[i].pattern, text, len,
				                           formats[i].fix, &fixed_len);
			f.fix_node = fixed ? n : NULL;
			f.fix_text = fixed;
			f.fix_len = fixed_len;
			finding_report(r, &f);
			free(fixed);
			return;
		}
	}
}

/* DelayPhone-style lists: each item's format at its own span, then the count. */
static void check_list(struct run *r, const struct jnode *n, const struct param *p, bool secret)
{
	const char *sep = p->list_separator;
	size_t sep_len = strlen(sep), count = 0;
	/* Item spans are exact only when the string has no escapes. */
	bool exact = jnode_span(n).end - jnode_span(n).start == jnode_text_len(n) + 2;
	const char *s = jnode_text(n), *end = jnode_text(n) + jnode_text_len(n);
	for (const char *item = s;;) {
		const char *stop = strstr(item, sep);
		if (!stop || stop > end)
			stop = end;
		count++;
		if (p->list_item) {
			size_t off = (size_t)(item - s), len = (size_t)(stop - item);
			char *text = xmalloc(len + 1);
			memcpy(text, item, len);
			text[len] = '\0';
			struct jspan span = exact ? (struct jspan){jnode_span(n).start + 1 + off, jnode_span(n).start + 1 + off + len}
			                          : jnode_span(n);
			struct shown item_shown = {.fixed = secret ? "****" : text};
			check_formats(r, n, p->list_item, 1, text, len, span, &item_shown);
			free(text);
		}
		if (stop == end)
			break;
		item = stop + sep_len;
	}
	if (p->list_max_items && count > p->list_max_items) {
		char c[32], l[32];
		snprintf(c, sizeof c, "%zu", count);
		snprintf(l, sizeof l, "%zu", p->list_max_items);
		struct finding f;
		finding_init(&f, builtin_rule(r, BR_TOO_MANY_ITEMS), n, "");
		finding_var(&f, "count", c);
		finding_var(&f, "limit", l);
		finding_report(r, &f);
	}
}

static void check_string(struct run *r, const struct jnode *n, const struct param *p, struct shown *value,
                         const struct rule_map *rules)
{
	if (jnode_type(n) == JT_NUMBER) {
		report_simple(r, builtin_rule(r, BR_NUMBER_FOR_STRING), n, value, NULL, NULL);
	} else if (jnode_type(n) != JT_STRING) {
		report_type(r, n, p, "a string", value, rules);
		return;
	}
	if (jnode_text_len(n) == 0) {
		if (p->required)
			report_simple(r, builtin_rule(r, BR_EMPTY_VALUE), n, value, NULL, NULL);
		return;
	}
	if (p->n_enums)
		check_enum(r, n, p, value, rules);
	check_formats(r, n, p->formats, p->n_formats, jnode_text(n), jnode_text_len(n), jnode_span(n), value);
	if (p->list_separator)
		check_list(r, n, p, is_secret_value(r, n, p));
}

static void check_boolean(struct run *r, const struct jnode *n, const struct param *p, struct shown *value,
                          const struct rule_map *rules)
{
	if (jnode_type(n) == JT_BOOL)
		return;
	if (jnode_type(n) == JT_STRING) {
		if (!strcmp(jnode_text(n), "true") || !strcmp(jnode_text(n), "false"))
			return;
		if (!strcasecmp(jnode_text(n), "true") || !strcasecmp(jnode_text(n), "false")) {
			report_simple(r, builtin_rule(r, BR_NON_CANONICAL_CASE), n, value, "expected",
			              tolower((unsigned char)jnode_text(n)[0]) == 't' ? "true" : "false");
			return;
		}
	}
	report_type(r, n, p, "true or false (or the strings \"true\"/\"false\")", value, rules);
}

static void check_numeric(struct run *r, const struct jnode *n, const struct param *p, struct shown *value,
                          const struct rule_map *rules)
{
	bool integer = p->type == PT_INTEGER;
	double d;
	if (!value_number(n, integer, &d)) {
		report_type(r, n, p, integer ? "an integer (a JSON number or a string of digits)"
		                             : "a number (a JSON number or a numeric string)", value, rules);
		return;
	}
	if (p->n_enums) {
		/* Numeric value sets compare the literal (1 and "1" alike). */
		for (size_t i = 0; i < p->n_enums; i++)
			if (strtod(p->enums[i], NULL) == d)
				return;
		char *list = join_enums(p);
		report_simple(r, p->enum_rule ? p->enum_rule : rules->value, n, value, "expected", list);
		free(list);
		return;
	}
	check_range(r, n, p, d, value, rules);
}

/* Size of the JSON text at span once the client serialises it compactly:
 * the limit applies to what is sent, not to this file's indentation.
 * A member of the file's root object has it from the parser, which
 * counted its white space (jdoc_blank_in()); this counts it for the rest.  The
 * whitespace outside strings is what minifying drops: counted eight bytes
 * at a time up to the next quote, and a string's body is stepped over a
 * run at a time (bytescan; a pretty-printed 10 MB DbList cost 11
 * instructions a byte, counted one by one).  A backslash counts the byte
 * after it, even one past the span's end (as it always has: a span that
 * ends inside a string is not JSON the parser made). */
static size_t minified_size(const char *bytes, struct jspan span)
{
	size_t dropped = 0, i = span.start;
	while (i < span.end) {
		if (SWAR_LITTLE_ENDIAN && span.end - i >= 8) {
			uint64_t w;
			memcpy(&w, bytes + i, sizeof w);
			uint64_t ws = swar_bytes_equal(w, ' ') | swar_bytes_equal(w, '\n') | swar_bytes_equal(w, '\t') | swar_bytes_equal(w, '\r');
			uint64_t quote = swar_bytes_equal(w, '"');
			if (!quote) {
				dropped += swar_marked(ws);
				i += 8;
				continue;
			}
			size_t k = swar_first_nonzero(quote); /* the bytes before it */
			dropped += swar_marked(ws & ((UINT64_C(1) << (8 * k)) - 1));
			i += k + 1;
		} else {
			char c = bytes[i++];
			if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
				dropped++;
				continue;
			}
			if (c != '"')
				continue;
		}
		while (i < span.end) { /* the string's body, and its closing quote */
			i = bytescan_string_run(bytes, i, span.end);
			if (i == span.end)
				break;
			char c = bytes[i++];
			if (c == '"')
				break;
			if (c == '\\')
				i++; /* the escaped byte, counted */
		}
	}
	return i - span.start - dropped;
}

/* Can an object's minified size be over one of p's limits?  Minifying
 * only drops bytes, and minified_size() counts each byte of the span once
 * but for a backslash ending it, which counts the byte after it too: the
 * size is at most the span's length + 1.  An object within its limits
 * written out (every DbList of a request under 1 MiB) is not counted
 * byte by byte, which was 11 instructions a byte of it (bench/README.md,
 * issue 22). */
static bool size_may_exceed(const struct param *p, struct jspan span)
{
	size_t most = span.end - span.start + 1;
	return (p->max_bytes && most > p->max_bytes) || (p->warn_bytes && most > p->warn_bytes);
}

/* Returns false when the value is over its hard limit: the service
 * refuses it whatever it holds, so it is not parsed further, which keeps
 * memory bounded by the input. */
static bool check_size(struct run *r, const struct jnode *n, const struct param *p, struct shown *value)
{
	if (jnode_type(n) != JT_STRING && !size_may_exceed(p, jnode_span(n)))
		return true;
	size_t size, blank;
	if (jnode_type(n) == JT_STRING)
		size = jnode_text_len(n);
	else if (jdoc_blank_in(r->req->doc, jnode_span(n), &blank))
		size = jnode_span(n).end - jnode_span(n).start - blank;
	else
		size = minified_size(r->req->src->bytes, jnode_span(n));
	const struct rule *rule = NULL;
	size_t limit = 0;
	if (p->max_bytes && size > p->max_bytes) {
		rule = builtin_rule(r, BR_VALUE_TOO_LARGE);
		limit = p->max_bytes;
	} else if (p->warn_bytes && size > p->warn_bytes) {
		rule = p->warn_bytes_rule;
		limit = p->warn_bytes;
	}
	if (!rule)
		return true;
	char c[32], l[32];
	snprintf(c, sizeof c, "%zu", size);
	snprintf(l, sizeof l, "%zu", limit);
	struct finding f;
	finding_init(&f, rule, n, shown_text(value));
	finding_var(&f, "count", c);
	finding_var(&f, "limit", l);
	finding_report(r, &f);
	return rule != builtin_rule(r, BR_VALUE_TOO_LARGE);
}

/* A string holding JSON that did parse, but to a string which itself holds
 * an object: serialised twice. */
static bool encoded_twice(struct run *r, struct jnode *root)
{
	if (jnode_type(root) != JT_STRING)
		return false;
	const char *t = jnode_text(root);
	while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')
		t++;
	return *t == '{' || *t == '[';
}

static void check_nested_root(struct run *r, struct jnode *n, const struct jnode *obj,
                              const struct param *p, struct shown *value)
{
	struct finding f;
	if (jnode_type(obj) == JT_STRING && encoded_twice(r, (struct jnode *)obj)) {
		finding_init(&f, builtin_rule(r, BR_JSON_ENCODED_TWICE), n, shown_text(value));
		f.span = jnode_span(obj);
		/* Decoding once more is the fix: the inner string's text is the
		 * JSON the parameter should hold. */
		f.fix_node = n;
		f.fix_text = jnode_text(obj);
		f.fix_len = jnode_text_len(obj);
		finding_report(r, &f);
		return;
	}
	if (jnode_type(obj) != JT_OBJECT) {
		const struct type_hint *hint = find_hint(r, p, jnode_type(obj));
		if (hint && hint->accept)
			return;
		if (hint) {
			finding_init(&f, hint->rule, n, shown_text(value));
			f.span = jnode_span(obj);
			f.message_template = hint->message;
			finding_var(&f, "type", jtype_name(jnode_type(obj)));
			finding_report(r, &f);
			return;
		}
		char expected[64];
		snprintf(expected, sizeof expected, ", not %s", jtype_name(jnode_type(obj)));
		finding_init(&f, builtin_rule(r, BR_NESTED_JSON_SHAPE), n, shown_text(value));
		f.span = jnode_span(obj);
		finding_var(&f, "expected", expected);
		finding_report(r, &f);
		return;
	}
	if (p->must_be_non_empty && jnode_n_children(obj) == 0) {
		finding_init(&f, builtin_rule(r, BR_NESTED_JSON_SHAPE), n, shown_text(value));
		f.span = jnode_span(obj);
		finding_var(&f, "expected", " that names at least one database");
		finding_report(r, &f);
		return;
	}
	if (p->schema)
		check_object(r, obj, p->schema);
}

static void check_json(struct run *r, struct jnode *n, const struct param *p, struct shown *value,
                       const struct rule_map *rules)
{
	if (jnode_type(n) != JT_OBJECT && jnode_type(n) != JT_STRING) {
		report_type(r, n, p, "a JSON object, or a string holding one", value, rules);
		return;
	}
	if (jnode_type(n) == JT_STRING && jnode_text_len(n) == 0) {
		if (p->required)
			report_simple(r, builtin_rule(r, BR_EMPTY_VALUE), n, value, NULL, NULL);
		return; /* an empty optional JSON string means "not given" */
	}
	if (!check_size(r, n, p, value) && jnode_type(n) == JT_STRING)
		return;
	struct request_problem problem;
	const struct jnode *obj = request_unwrap(r->req, n, &problem);
	if (!obj) {
		report_problem(r, &problem, n);
		mask_secrets_by_lexing(r, n);
		return;
	}
	if (obj != n)
		input_scan_nested(r, n);
	check_nested_root(r, n, obj, p, value);
}

static void check_plain_object(struct run *r, struct jnode *n, const struct param *p, struct shown *value,
                               const struct rule_map *rules)
{
	if (jnode_type(n) != JT_OBJECT) {
		report_type(r, n, p, "an object", value, rules);
		return;
	}
	if (p->schema)
		check_object(r, n, p->schema);
}

void check_value(struct run *r, struct jnode *n, const struct param *p, const struct rule_map *rules)
{
	struct shown shown = {.r = r, .n = n, .p = p};
	struct shown *value = &shown;
	if (p->secret) {
		struct jspan secret = jnode_content_span(n);
		diag_add_secret(r->diags, secret.start, secret.end);
	}
	/* A value the input does not fix (a Terraform reference, a shell
	 * $VAR) may be anything the rules allow: nothing is said about it. */
	if (jnode_type(n) == JT_UNKNOWN)
		return;
	if (p->unsupported) {
		struct finding f;
		finding_init(&f, builtin_rule(r, BR_UNSUPPORTED_PARAMETER), n, shown_text(value));
		f.span = jnode_key_span(n);
		f.message_template = p->unsupported;
		finding_report(r, &f);
	}
	switch (p->type) {
	case PT_STRING: check_string(r, n, p, value, rules); break;
	case PT_BOOLEAN: check_boolean(r, n, p, value, rules); break;
	case PT_INTEGER:
	case PT_NUMBER: check_numeric(r, n, p, value, rules); break;
	case PT_JSON: check_json(r, n, p, value, rules); break;
	case PT_OBJECT: check_plain_object(r, n, p, value, rules); break;
	case PT_ANY: break;
	}
	free(shown.text);
}

/* ---- objects: unknown keys ---------------------------------------------------- */

/* Report an unknown member of `holder`: with the other rule when no known
 * name is close; when one is, it is a typo, held (engine_typo.c) to be
 * reported with the close rule and "did you mean" once the object's
 * required keys are known. */
void report_unknown(struct run *r, const struct jnode *holder, const struct jnode *n,
                           const char **names, size_t n_names, const struct rule_map *rules,
                           const char *owner)
{
	const char *near = suggest_closest(jnode_key(n), jnode_key_len(n), names, n_names);
	if (near) {
		typo_hold(r, holder, n, near, rules->unknown_close, owner);
		return;
	}
	struct finding f;
	finding_init(&f, rules->unknown_other, n, "");
	f.span = jnode_key_span(n);
	finding_var(&f, "operation", owner);
	finding_report(r, &f);
}

/* ---- schemas --------------------------------------------------------- */

static const struct foreign_keys *find_foreign(const struct schema *s, const char *key)
{
	for (size_t i = 0; i < s->n_foreign; i++)
		for (size_t j = 0; j < s->foreign[i].n_keys; j++)
			if (!strcmp(s->foreign[i].keys[j], key))
				return &s->foreign[i];
	return NULL;
}

static bool report_foreign(struct run *r, const struct schema *s, const struct jnode *n)
{
	const struct foreign_keys *fk = find_foreign(s, jnode_key(n));
	if (!fk)
		return false;
	struct finding f;
	finding_init(&f, fk->rule, n, "");
	f.span = jnode_key_span(n);
	f.message_template = fk->message;
	finding_report(r, &f);
	return true;
}

static void check_record_member(struct run *r, const struct jnode *obj, struct jnode *n,
                                const struct schema *s)
{
	const struct param *p = schema_find_key_in(r->rs, s, jnode_key(n), jnode_key_len(n));
	if (p) {
		check_value(r, n, p, &s->rules);
		return;
	}
	if (report_foreign(r, s, n))
		return;
	const char **names = xcalloc(s->n_keys ? s->n_keys : 1, sizeof *names);
	for (size_t i = 0; i < s->n_keys; i++)
		names[i] = s->keys[i].name;
	report_unknown(r, obj, n, names, s->n_keys, &s->rules, s->name);
	free(names);
}

static void check_map_member(struct run *r, struct jnode *n, const struct schema *s)
{
	if (report_foreign(r, s, n))
		return;
	if (jnode_type(n) == JT_UNKNOWN)
		return;
	if (jnode_type(n) != JT_OBJECT) {
		char *value = value_text(r, n, NULL);
		struct finding f;
		finding_init(&f, s->rules.type, n, value);
		finding_var(&f, "expected", "an object");
		finding_report(r, &f);
		free(value);
		return;
	}
	check_object(r, n, s->values);
}

void check_object(struct run *r, const struct jnode *obj, const struct schema *s)
{
	for (struct jnode *n = jnode_first(obj); n; n = jnode_next(n)) {
		if (jnode_is_duplicate(n))
			continue; /* reported as DTS003; its twin is checked */
		if (s->values)
			check_map_member(r, n, s);
		else
			check_record_member(r, obj, n, s);
	}
	apply_constraints(r, obj, s->constraints, s->n_constraints);
	for (size_t i = 0; i < s->n_checks; i++)
		if (conditions_hold(r, obj, s->checks[i].when, s->checks[i].n_when))
			r->eng->checks[s->checks[i].check](r, obj, &s->checks[i]);
}

