/*
 * engine: the parameter catalogue checks (DTS1xx) and the constraints
 * between parameters (DTS2xx), driven entirely by the ruleset.
 *
 * Every finding goes through report(): the rule's (or the constraint's)
 * message template is rendered with the variables of that finding, and a
 * value is only ever rendered through value_text(), which masks secrets.
 */
#include "engine.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suggest.h"
#include "template.h"
#include "xalloc.h"

/* Values longer than this are shortened in messages. */
#define VALUE_PREVIEW_CHARS 60

struct run {
	const struct ruleset *rs;
	const struct operation *op;
	struct request *req;
	struct diag_list *diags;
};

/* ---- values as text ------------------------------------------------- */

static bool is_secret(const struct run *r, const struct jnode *n, const struct param *p)
{
	return (p && p->secret) || (n && n->key && ruleset_is_secret_key(r->rs, n->key, n->key_len));
}

/* The value as a message shows it; caller frees. */
static char *value_text(const struct run *r, const struct jnode *n, const struct param *p)
{
	if (!n)
		return xstrdup("");
	if (is_secret(r, n, p))
		return xstrdup("****");
	switch (n->type) {
	case JT_STRING: {
		/* Cut at a code point boundary so the message stays valid UTF-8. */
		size_t cut = 0, chars = 0;
		while (cut < n->text_len && chars < VALUE_PREVIEW_CHARS) {
			cut++;
			while (cut < n->text_len && ((unsigned char)n->text[cut] & 0xC0) == 0x80)
				cut++;
			chars++;
		}
		char *out = xmalloc(cut + 4);
		memcpy(out, n->text, cut);
		strcpy(out + cut, cut < n->text_len ? "..." : "");
		/* Control characters would break the one-line output format. */
		for (char *c = out; *c; c++)
			if ((unsigned char)*c < 0x20)
				*c = '?';
		return out;
	}
	case JT_NUMBER: return xstrdup(n->text);
	case JT_BOOL: return xstrdup(n->boolean ? "true" : "false");
	case JT_NULL: return xstrdup("null");
	case JT_ARRAY: return xstrdup("[...]");
	case JT_OBJECT: return xstrdup("{...}");
	}
	return xstrdup("");
}

/* ---- reporting ------------------------------------------------------ */

struct finding {
	const char *rule_id;
	const struct rule *rule;  /* or by id */
	struct jspan span;
	const char *pointer;      /* NULL: the node's pointer */
	const struct jnode *node; /* what the finding is about, for the pointer */
	const char *message_template; /* NULL: the rule's */
	const char *help_template;    /* NULL: none */
	const char *suggestion;       /* literal suggestion, used when no help template */
	struct template_var vars[10];
	size_t n_vars;
	bool has_related;
	struct jspan related;
	const char *related_message;
	char key_buf[256]; /* the key, shortened for messages */
};

static void var(struct finding *f, const char *name, const char *value)
{
	f->vars[f->n_vars++] = (struct template_var){name, value};
}

static void report(struct run *r, struct finding *f)
{
	const struct rule *rule = f->rule ? f->rule : ruleset_find_rule(r->rs, f->rule_id);
	if (!rule)
		return;
	char *message = template_render(f->message_template ? f->message_template : rule->message,
	                                 f->vars, f->n_vars);
	char *help = f->help_template ? template_render(f->help_template, f->vars, f->n_vars) : NULL;
	char *pointer = f->pointer ? NULL : jnode_pointer(f->node);
	struct diag *d = diag_add(r->diags, rule, f->span.start, f->span.end,
	                          f->pointer ? f->pointer : pointer, message,
	                          help ? help : f->suggestion);
	if (f->has_related)
		diag_set_related(d, f->related.start, f->related.end, f->related_message);
	free(message);
	free(help);
	free(pointer);
}

/* A finding about a parameter's value, with the usual variables set. */
static void init_value_finding(struct finding *f, const char *rule_id, const struct jnode *n,
                               const char *value)
{
	memset(f, 0, sizeof *f);
	f->rule_id = rule_id;
	f->node = n;
	f->span = n->span;
	var(f, "param", n->key ? template_shorten(n->key, n->key_len, f->key_buf, sizeof f->key_buf) : "");
	var(f, "value", value);
	var(f, "type", jtype_name(n->type));
}

/* ---- catalogue checks ---------------------------------------------- */

static bool text_is_integer(const char *s)
{
	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	return *s == '\0';
}

/* The number a value stands for: a JSON number or a numeric string. */
static bool value_number(const struct jnode *n, bool integer_only, double *out)
{
	if (n->type != JT_NUMBER && n->type != JT_STRING)
		return false;
	if (integer_only && !text_is_integer(n->text))
		return false;
	if (n->type == JT_STRING && !integer_only) {
		/* The JSON number grammar, so " 1", "0x10", "inf" are refused. */
		const char *s = n->text;
		if (*s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return false;
	}
	char *end;
	double d = strtod(n->text, &end);
	if (*end != '\0' || !isfinite(d))
		return false;
	*out = d;
	return true;
}

static void format_limit(char *buf, size_t size, double d)
{
	snprintf(buf, size, "%.15g", d);
}

static void check_range(struct run *r, const struct jnode *n, const struct param *p, double d,
                        const char *value)
{
	char lo[40], hi[40], expected[100];
	format_limit(lo, sizeof lo, p->min);
	format_limit(hi, sizeof hi, p->max);
	struct finding f;
	if ((p->has_min && d < p->min) || (p->has_max && d > p->max)) {
		if (p->has_min && p->has_max)
			snprintf(expected, sizeof expected, "a value from %s to %s", lo, hi);
		else if (p->has_min)
			snprintf(expected, sizeof expected, "at least %s", lo);
		else
			snprintf(expected, sizeof expected, "at most %s", hi);
		init_value_finding(&f, "DTS108", n, value);
		var(&f, "expected", expected);
		report(r, &f);
		return;
	}
	if (p->has_recommended_min && d < p->recommended_min) {
		format_limit(expected, sizeof expected, p->recommended_min);
		init_value_finding(&f, "DTS113", n, value);
		var(&f, "expected", expected);
		report(r, &f);
	}
}

static void report_type(struct run *r, const struct jnode *n, const char *expected, const char *value)
{
	struct finding f;
	init_value_finding(&f, "DTS102", n, value);
	var(&f, "expected", expected);
	report(r, &f);
}

static void check_enum(struct run *r, const struct jnode *n, const struct param *p, const char *value)
{
	for (size_t i = 0; i < p->n_enums; i++)
		if (strcmp(n->text, p->enums[i]) == 0)
			return;
	struct finding f;
	for (size_t i = 0; i < p->n_enums; i++) {
		if (strcasecmp(n->text, p->enums[i]) == 0) {
			init_value_finding(&f, "DTS104", n, value);
			var(&f, "expected", p->enums[i]);
			char help[200];
			snprintf(help, sizeof help, "write \"%s\"", p->enums[i]);
			f.suggestion = help;
			report(r, &f);
			return;
		}
	}
	size_t size = 16;
	for (size_t i = 0; i < p->n_enums; i++)
		size += strlen(p->enums[i]) + 2;
	char *list = xmalloc(size);
	list[0] = '\0';
	for (size_t i = 0; i < p->n_enums; i++) {
		strcat(list, i ? ", " : "");
		strcat(list, p->enums[i]);
	}
	const char *near = suggest_closest(n->text, n->text_len, (const char *const *)p->enums, p->n_enums);
	char help[200];
	snprintf(help, sizeof help, "did you mean \"%s\"?", near ? near : "");
	init_value_finding(&f, "DTS103", n, value);
	var(&f, "expected", list);
	f.suggestion = near ? help : NULL;
	report(r, &f);
	free(list);
}

/* Run the ordered formats; the first that fires is the finding. */
static bool check_formats(struct run *r, const struct jnode *n, const struct format *formats,
                          size_t n_formats, const char *text, size_t len, struct jspan span,
                          const char *value, const char *param_name)
{
	for (size_t i = 0; i < n_formats; i++) {
		int m = format_matches(r->rs, formats[i].re, text, len);
		if (m < 0 || m == (int)formats[i].reject) {
			struct finding f;
			init_value_finding(&f, "DTS107", n, value);
			f.vars[0].value = param_name;
			f.span = span;
			f.message_template = m < 0 ? "'{param}' could not be checked: the pattern hit its match limit"
			                           : formats[i].message;
			report(r, &f);
			return true;
		}
	}
	return false;
}

/* DelayPhone-style lists: count, then each item's format at its own span. */
static void check_list(struct run *r, const struct jnode *n, const struct param *p, bool secret)
{
	const char *sep = p->list_separator;
	size_t sep_len = strlen(sep), count = 0;
	/* Item spans are exact only when the string has no escapes. */
	bool exact = n->span.end - n->span.start == n->text_len + 2;
	const char *s = n->text, *end = n->text + n->text_len;
	for (const char *item = s;; ) {
		const char *stop = strstr(item, sep);
		if (!stop || stop > end)
			stop = end;
		count++;
		if (p->list_item) {
			size_t off = (size_t)(item - s), len = (size_t)(stop - item);
			char *text = xmalloc(len + 1);
			memcpy(text, item, len);
			text[len] = '\0';
			struct jspan span = exact ? (struct jspan){n->span.start + 1 + off, n->span.start + 1 + off + len}
			                          : n->span;
			check_formats(r, n, p->list_item, 1, text, len, span, secret ? "****" : text, n->key);
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
		init_value_finding(&f, "DTS112", n, "");
		var(&f, "count", c);
		var(&f, "limit", l);
		report(r, &f);
	}
}

static void check_string(struct run *r, const struct jnode *n, const struct param *p, const char *value)
{
	if (n->type == JT_NUMBER) {
		struct finding f;
		init_value_finding(&f, "DTS111", n, value);
		report(r, &f);
	} else if (n->type != JT_STRING) {
		report_type(r, n, "a string", value);
		return;
	}
	if (n->text_len == 0) {
		if (p->required) {
			struct finding f;
			init_value_finding(&f, "DTS105", n, value);
			report(r, &f);
		}
		return;
	}
	if (p->n_enums)
		check_enum(r, n, p, value);
	check_formats(r, n, p->formats, p->n_formats, n->text, n->text_len, n->span, value, n->key);
	if (p->list_separator)
		check_list(r, n, p, is_secret(r, n, p));
}

static void check_boolean(struct run *r, const struct jnode *n, const char *value)
{
	if (n->type == JT_BOOL)
		return;
	if (n->type == JT_STRING) {
		if (!strcmp(n->text, "true") || !strcmp(n->text, "false"))
			return;
		if (!strcasecmp(n->text, "true") || !strcasecmp(n->text, "false")) {
			struct finding f;
			init_value_finding(&f, "DTS104", n, value);
			var(&f, "expected", tolower((unsigned char)n->text[0]) == 't' ? "true" : "false");
			report(r, &f);
			return;
		}
	}
	report_type(r, n, "true or false (or the strings \"true\"/\"false\")", value);
}

static void check_numeric(struct run *r, const struct jnode *n, const struct param *p, const char *value)
{
	bool integer = p->type == PT_INTEGER;
	double d;
	if (!value_number(n, integer, &d)) {
		report_type(r, n, integer ? "an integer (a JSON number or a string of digits)"
		                          : "a number (a JSON number or a numeric string)", value);
		return;
	}
	check_range(r, n, p, d, value);
}

/* Size of the JSON text at span once the client serialises it compactly:
 * the limit applies to what is sent, not to this file's indentation. */
static size_t minified_size(const char *bytes, struct jspan span)
{
	size_t size = 0;
	bool in_string = false;
	for (size_t i = span.start; i < span.end; i++) {
		char c = bytes[i];
		if (in_string) {
			if (c == '\\') {
				size++;
				i++;
			} else if (c == '"') {
				in_string = false;
			}
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			continue;
		} else if (c == '"') {
			in_string = true;
		}
		size++;
	}
	return size;
}

static void check_json(struct run *r, struct jnode *n, const struct param *p, const char *value)
{
	if (n->type != JT_OBJECT && n->type != JT_STRING) {
		report_type(r, n, "a JSON object, or a string holding one", value);
		return;
	}
	if (n->type == JT_STRING && n->text_len == 0) {
		if (p->required) {
			struct finding f;
			init_value_finding(&f, "DTS105", n, value);
			report(r, &f);
		}
		return; /* an empty optional JSON string means "not given" */
	}
	size_t size = n->type == JT_STRING ? n->text_len : minified_size(r->req->src->bytes, n->span);
	if (p->max_bytes && size > p->max_bytes) {
		char c[32], l[32];
		snprintf(c, sizeof c, "%zu", size);
		snprintf(l, sizeof l, "%zu", p->max_bytes);
		struct finding f;
		init_value_finding(&f, "DTS110", n, value);
		var(&f, "count", c);
		var(&f, "limit", l);
		report(r, &f);
	}
	const struct jnode *obj = request_unwrap(r->req, n, r->rs, r->diags);
	if (!obj)
		return;
	struct finding f;
	if (obj->type != JT_OBJECT) {
		char expected[64];
		snprintf(expected, sizeof expected, ", not %s", jtype_name(obj->type));
		init_value_finding(&f, "DTS006", n, value);
		f.span = obj->span;
		var(&f, "expected", expected);
		report(r, &f);
	} else if (p->must_be_non_empty && obj->n_children == 0) {
		init_value_finding(&f, "DTS006", n, value);
		f.span = obj->span;
		var(&f, "expected", " that names at least one database");
		report(r, &f);
	}
}

static void check_value(struct run *r, struct jnode *n, const struct param *p)
{
	char *value = value_text(r, n, p);
	if (p->secret) {
		struct jspan secret = jnode_content_span(n);
		diag_add_secret(r->diags, secret.start, secret.end);
	}
	if (p->unsupported) {
		struct finding f;
		init_value_finding(&f, "DTS109", n, value);
		f.span = n->key_span;
		f.message_template = p->unsupported;
		report(r, &f);
	}
	switch (p->type) {
	case PT_STRING: check_string(r, n, p, value); break;
	case PT_BOOLEAN: check_boolean(r, n, value); break;
	case PT_INTEGER:
	case PT_NUMBER: check_numeric(r, n, p, value); break;
	case PT_JSON: check_json(r, n, p, value); break;
	}
	free(value);
}

static void report_unknown(struct run *r, const struct jnode *n)
{
	const struct operation *op = r->op;
	size_t total = op->n_params + r->rs->n_common, k = 0;
	const char **names = xcalloc(total ? total : 1, sizeof *names);
	for (size_t i = 0; i < op->n_params; i++)
		names[k++] = op->params[i].name;
	for (size_t i = 0; i < r->rs->n_common; i++)
		names[k++] = r->rs->common[i].name;
	const char *near = suggest_closest(n->key, n->key_len, names, total);
	char help[200];
	snprintf(help, sizeof help, "did you mean '%s'?", near ? near : "");
	struct finding f;
	init_value_finding(&f, "DTS101", n, "");
	f.span = n->key_span;
	f.suggestion = near ? help : NULL;
	var(&f, "operation", op->name);
	report(r, &f);
	free(names);
}

static void check_catalogue(struct run *r)
{
	const struct jnode *root = r->req->root;
	for (struct jnode *n = root->first; n; n = n->next) {
		if (n->is_duplicate)
			continue; /* reported as DTS003; its twin is checked */
		const struct param *p = operation_find_param(r->op, r->rs, n->key);
		if (p)
			check_value(r, n, p);
		else
			report_unknown(r, n);
	}
	for (size_t i = 0; i < r->op->n_params; i++) {
		const struct param *p = &r->op->params[i];
		if (!p->required || jnode_get(root, p->name))
			continue;
		struct finding f = {.rule_id = "DTS106", .node = root};
		f.span = (struct jspan){root->span.start, root->span.start + 1};
		char *pointer = jnode_child_pointer(root, p->name);
		f.pointer = pointer;
		var(&f, "param", p->name);
		var(&f, "operation", r->op->name);
		report(r, &f);
		free(pointer);
	}
}

/* ---- constraints ----------------------------------------------------- */

/* Where a target lives: the node if present, else the deepest existing
 * object on its path (where a missing value would go). */
struct place {
	const struct jnode *node;
	const struct jnode *holder;
	const char *name; /* last segment */
};

static struct place resolve(const struct run *r, const char *target, char *name_buf, size_t size)
{
	struct place pl = {.holder = r->req->root};
	if (target[0] != '/') {
		pl.node = jnode_get(r->req->root, target);
		pl.name = target;
		return pl;
	}
	const struct jnode *cur = r->req->root;
	const char *p = target;
	while (*p == '/') {
		p++;
		size_t k = 0;
		for (; *p && *p != '/' && k + 1 < size; p++) {
			if (*p == '~' && (p[1] == '0' || p[1] == '1'))
				name_buf[k++] = *++p == '0' ? '~' : '/';
			else
				name_buf[k++] = *p;
		}
		name_buf[k] = '\0';
		pl.name = name_buf;
		const struct jnode *obj = jnode_object_view(cur);
		if (!obj) {
			pl.node = NULL;
			return pl;
		}
		pl.holder = obj;
		cur = jnode_get(obj, name_buf);
		if (!cur) {
			pl.node = NULL;
			return pl;
		}
	}
	pl.node = cur;
	return pl;
}

static const struct param *find_param(const struct run *r, const char *target)
{
	return target[0] == '/' ? NULL : operation_find_param(r->op, r->rs, target);
}

static bool is_empty_string(const struct jnode *n)
{
	return n && n->type == JT_STRING && n->text_len == 0;
}

/* The value's text for comparisons, or the parameter's default. */
static const char *compare_text(const struct run *r, const struct condition *c, const struct jnode *n)
{
	if (n && (n->type == JT_STRING || n->type == JT_NUMBER))
		return n->text;
	if (n && n->type == JT_BOOL)
		return n->boolean ? "true" : "false";
	if (n)
		return NULL;
	const struct param *p = find_param(r, c->target);
	return p ? p->default_value : NULL;
}

static bool condition_holds(const struct run *r, const struct condition *c)
{
	char name[256];
	struct place pl = resolve(r, c->target, name, sizeof name);
	const struct jnode *n = is_empty_string(pl.node) ? NULL : pl.node;
	switch (c->op) {
	case COND_PRESENT: return n != NULL;
	case COND_ABSENT: return n == NULL;
	case COND_EQUALS_TRUE:
	case COND_EQUALS_FALSE: {
		const char *t = compare_text(r, c, n);
		bool want = c->op == COND_EQUALS_TRUE;
		return t && strcasecmp(t, want ? "true" : "false") == 0;
	}
	case COND_IN:
	case COND_NOT_IN: {
		const char *t = compare_text(r, c, n);
		if (!t)
			return false;
		bool found = false;
		for (size_t i = 0; i < c->n_values && !found; i++)
			found = strcasecmp(t, c->values[i]) == 0;
		return c->op == COND_IN ? found : !found;
	}
	}
	return false;
}

static void apply_constraint(struct run *r, const struct constraint *k)
{
	for (size_t i = 0; i < k->n_when; i++)
		if (!condition_holds(r, &k->when[i]))
			return;
	char name[256], when_name[256];
	struct place pl = resolve(r, k->target, name, sizeof name);
	const struct param *p = find_param(r, k->target);
	struct finding f = {.rule = k->rule, .message_template = k->message, .help_template = k->help};
	char *value = value_text(r, pl.node, p);
	char *when_value = NULL;
	var(&f, "param", pl.name);
	var(&f, "value", value);
	if (k->n_when) {
		struct place w = resolve(r, k->when[0].target, when_name, sizeof when_name);
		const char *t = compare_text(r, &k->when[0], w.node);
		when_value = w.node ? value_text(r, w.node, find_param(r, k->when[0].target)) : xstrdup(t ? t : "");
		var(&f, "when.param", w.name);
		var(&f, "when.value", when_value);
	}
	char *pointer = NULL;
	bool fire = false;
	switch (k->kind) {
	case CK_REQUIRE:
		fire = !pl.node || is_empty_string(pl.node);
		if (pl.node) {
			f.node = pl.node;
			f.span = pl.node->span;
		} else {
			pointer = jnode_child_pointer(pl.holder, pl.name);
			f.pointer = pointer;
			f.span = (struct jspan){pl.holder->span.start, pl.holder->span.start + 1};
		}
		break;
	case CK_FORBID:
		fire = pl.node && !is_empty_string(pl.node);
		if (fire) {
			f.node = pl.node;
			f.span = pl.node->key_span;
		}
		break;
	case CK_EXPECT:
		fire = pl.node && !condition_holds(r, &k->expect);
		if (fire) {
			f.node = pl.node;
			f.span = pl.node->span;
		}
		break;
	case CK_COMPARE: {
		char other_name[256];
		struct place q = resolve(r, k->other, other_name, sizeof other_name);
		double a, b;
		fire = pl.node && q.node && value_number(pl.node, false, &a) && value_number(q.node, false, &b) && a > b;
		if (fire) {
			f.node = pl.node;
			f.span = pl.node->span;
			f.has_related = true;
			f.related = q.node->span;
			f.related_message = "the upper bound";
			var(&f, "other", q.name);
		}
		break;
	}
	}
	if (fire)
		report(r, &f);
	free(pointer);
	free(value);
	free(when_value);
}

/* ---- entry ----------------------------------------------------------- */

/* Pick the operation; false (after reporting) when there is none to use. */
static bool choose_operation(struct run *r, const char *requested)
{
	const struct jnode *action = jnode_get(r->req->root, "Action");
	if (action && action->type == JT_STRING && action->text_len) {
		r->op = ruleset_find_operation(r->rs, action->text);
		if (r->op)
			return true;
		const char **names = xcalloc(r->rs->n_operations + 1, sizeof *names);
		size_t size = 8;
		for (size_t i = 0; i < r->rs->n_operations; i++) {
			names[i] = r->rs->operations[i].name;
			size += strlen(names[i]) + 2;
		}
		char *list = xcalloc(1, size);
		for (size_t i = 0; i < r->rs->n_operations; i++) {
			strcat(list, i ? ", " : "");
			strcat(list, names[i]);
		}
		const char *near = suggest_closest(action->text, action->text_len, names, r->rs->n_operations);
		char help[200];
		snprintf(help, sizeof help, "did you mean '%s'?", near ? near : "");
		char *value = value_text(r, action, NULL);
		struct finding f;
		init_value_finding(&f, "DTS007", action, value);
		var(&f, "expected", list);
		f.suggestion = near ? help : NULL;
		report(r, &f);
		free(value);
		free(list);
		free(names);
		return false;
	}
	const char *name = requested ? requested : r->rs->default_operation;
	r->op = ruleset_find_operation(r->rs, name);
	return r->op != NULL;
}

void engine_run(const struct ruleset *rs, struct request *req, const char *operation,
                struct diag_list *diags)
{
	struct run r = {.rs = rs, .req = req, .diags = diags};
	if (req->root && choose_operation(&r, operation)) {
		check_catalogue(&r);
		for (size_t i = 0; i < r.op->n_constraints; i++)
			apply_constraint(&r, &r.op->constraints[i]);
	}
	request_scan(req, rs, diags);
}
