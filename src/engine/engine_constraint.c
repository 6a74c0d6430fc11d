/*
 * engine_constraint: conditions and the four constraint actions (require,
 * forbid, expect, compare).  A constraint runs on a context object: the
 * request for an operation's constraints, each instance of a schema for a
 * schema's.  Plain names are keys of the context; names starting with '/'
 * are JSON pointers from the request root, through nested JSON strings.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine_constraint.h"
#include "engine_lookup.h"
#include "engine_typo.h"
#include "xalloc.h"

/* A pointer from the request (/Reserve/destTopic) as one from the
 * document: in a workflow it starts with the request's index. */
static char *request_pointer(const struct run *r, const char *target)
{
	char *request = jnode_pointer(r->req->doc, r->request);
	size_t n = strlen(request), k = strlen(target);
	char *p = xrealloc(request, n + k + 1);
	memcpy(p + n, target, k + 1);
	return p;
}

/* ---- numbers -------------------------------------------------------- */

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

bool value_number(const struct jnode *n, bool integer_only, double *out)
{
	if (jnode_type(n) != JT_NUMBER && jnode_type(n) != JT_STRING)
		return false;
	if (integer_only && !text_is_integer(jnode_text(n)))
		return false;
	/* The JSON number grammar's first character, so " 1", "0x10",
	 * "inf" and "" are refused in strings. */
	const char *s = jnode_text(n)[0] == '-' ? jnode_text(n) + 1 : jnode_text(n);
	if (!isdigit((unsigned char)*s))
		return false;
	char *end;
	double d = strtod(jnode_text(n), &end);
	if (*end != '\0' || !isfinite(d))
		return false;
	*out = d;
	return true;
}

/* Where a target lives: the node if present, else the deepest existing
 * object on its path (where a missing value would go). */
struct place {
	const struct jnode *node;
	const struct jnode *holder;
	const char *name; /* last segment */
};

/* A node as an object, parsing a string that holds JSON on first use: a
 * condition may look into a JSON string parameter before the walk has
 * reached it (a DbList check asking about DataCheckConfigure). */
static const struct jnode *object_view(const struct run *r, const struct jnode *n)
{
	const struct jnode *obj = jnode_object_view(n);
	if (obj || jnode_type(n) != JT_STRING || jnode_nested(n))
		return obj;
	struct unwrap_failures *failed = r->unwrap_failures;
	for (size_t i = 0; i < failed->n; i++)
		if (failed->node[i] == n)
			return NULL;
	const char *t = jnode_text(n);
	while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')
		t++;
	if (*t != '{')
		return NULL;
	struct request_problem problem;
	/* The decoder owns the node; parsing it only fills in its nested tree. */
	const struct jnode *root = request_unwrap(r->req, (struct jnode *)n, &problem);
	if (!root && failed->n < sizeof failed->node / sizeof failed->node[0])
		failed->node[failed->n++] = n;
	return jnode_object_view(n);
}

static struct place resolve(const struct run *r, const struct jnode *ctx, const char *target,
                            char *name_buf, size_t size)
{
	struct place pl = {.holder = ctx};
	if (target[0] != '/') {
		pl.node = run_lookup(r, ctx, target);
		pl.name = target;
		return pl;
	}
	const struct jnode *cur = r->request;
	pl.holder = cur;
	/* "/Name", most absolute targets: the name is the rule's own string
	 * from target + 1 on, stable for the engine's life, so the run's memo
	 * of the request's lookups answers it (1,000 small files: jnode_get()
	 * called 31,567 times from here, for a few names). */
	size_t n = strcspn(target + 1, "/~");
	if (!target[1 + n] && n < size) {
		memcpy(name_buf, target + 1, n + 1);
		pl.name = name_buf;
		if (cur && jnode_type(cur) == JT_UNKNOWN) {
			pl.node = cur; /* what lies below it is unknown too, as below */
			return pl;
		}
		const struct jnode *obj = cur ? object_view(r, cur) : NULL;
		if (obj)
			pl.holder = obj;
		pl.node = obj ? run_lookup(r, obj, target + 1) : NULL;
		return pl;
	}
	for (const char *p = target; *p == '/';) {
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
		if (cur && jnode_type(cur) == JT_UNKNOWN)
			break; /* what lies below a value the input does not fix is unknown too */
		const struct jnode *obj = cur ? object_view(r, cur) : NULL;
		if (obj)
			pl.holder = obj;
		cur = obj ? jnode_get(obj, name_buf) : NULL;
	}
	pl.node = cur;
	return pl;
}

/* A name of the context as the input spells it: top-level names of the
 * request are (the input's spelling), nested keys are not. */
static const char *spelled_name(const struct run *r, const struct jnode *ctx, const char *target,
                                const char *name, char *buf, size_t size)
{
	bool top = target[0] == '/' ? !strchr(target + 1, '/') : ctx == r->request;
	return top ? param_spelled(r, name, buf, size) : name;
}

/* The spec of a top-level parameter, for its default and secrecy. */
static const struct param *find_param(const struct run *r, const struct jnode *ctx, const char *target)
{
	if (target[0] == '/') {
		const char *name = target + 1;
		return strchr(name, '/') ? NULL : operation_find_param(r->op, r->rs, name);
	}
	return ctx == r->request ? operation_find_param(r->op, r->rs, target) : NULL;
}

/* Empty strings and empty objects count as not given; an unknown value
 * counts as given. */
static bool is_empty(const struct jnode *n)
{
	if (!n)
		return true;
	if (jnode_type(n) == JT_STRING)
		return jnode_text_len(n) == 0;
	if (jnode_type(n) == JT_OBJECT)
		return jnode_n_children(n) == 0;
	return false;
}

/* The value's text for comparisons, or the parameter's default. */
static const char *compare_text(const struct run *r, const struct jnode *ctx, const char *target,
                                const struct jnode *n)
{
	if (n && (jnode_type(n) == JT_STRING || jnode_type(n) == JT_NUMBER))
		return jnode_text(n);
	if (n && jnode_type(n) == JT_BOOL)
		return jnode_boolean(n) ? "true" : "false";
	if (n)
		return NULL;
	const struct param *p = find_param(r, ctx, target);
	return p ? p->default_value : NULL;
}

bool conditions_hold(const struct run *r, const struct jnode *ctx, const struct condition *c,
                     size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!condition_holds(r, ctx, &c[i]))
			return false;
	return true;
}

static bool leaf_holds(const struct run *r, const struct jnode *ctx, const struct condition *c);

/* A condition on a pointer from the request's root has one answer for the
 * whole request, whatever its context: resolve(), compare_text() and
 * is_empty() read nothing else (the operation, for a default, is the
 * request's).  A schema's checks ask such conditions of every instance
 * (each table of a DbList: 1 MB object, 9,591 times), and a format's of
 * every value: they are answered once a request.  (A name asked of the
 * request itself has one answer too, but the operation's constraints each
 * ask their own: remembering them cost more than it saved.) */
static bool request_wide(const struct condition *c)
{
	return c->target[0] == '/';
}

bool condition_holds(const struct run *r, const struct jnode *ctx, const struct condition *c)
{
	if (c->op == COND_ANY_OF) {
		for (size_t i = 0; i < c->n_any_of; i++)
			if (condition_holds(r, ctx, &c->any_of[i]))
				return true;
		return false;
	}
	if (!request_wide(c))
		return leaf_holds(r, ctx, c);
	signed char *memo = run_condition_memo(r, c);
	if (*memo < 0)
		*memo = leaf_holds(r, ctx, c);
	return *memo;
}

static bool leaf_holds(const struct run *r, const struct jnode *ctx, const struct condition *c)
{
	char name[256];
	struct place pl = resolve(r, ctx, c->target, name, sizeof name);
	const struct jnode *n = is_empty(pl.node) ? NULL : pl.node;
	/* A condition on a value the input does not fix is undecided, and an
	 * undecided condition does not hold: the constraint says nothing,
	 * whichever way the value turns out (it may even be null). */
	if (n && jnode_type(n) == JT_UNKNOWN)
		return false;
	switch (c->op) {
	case COND_ANY_OF: return false; /* handled above */
	case COND_PRESENT: return n != NULL;
	case COND_ABSENT: return n == NULL;
	case COND_EQUALS_TRUE:
	case COND_EQUALS_FALSE: {
		const char *t = compare_text(r, ctx, c->target, n);
		return t && strcasecmp(t, c->op == COND_EQUALS_TRUE ? "true" : "false") == 0;
	}
	case COND_IN:
	case COND_NOT_IN: {
		const char *t = compare_text(r, ctx, c->target, n);
		if (!t)
			return false;
		/* The first bytes differ, ignoring case, for all values but one
		 * at most: strcasecmp() only for those that agree (a request
		 * tests about a hundred conditions, 116 strcasecmp() calls). */
		bool found = false;
		for (size_t i = 0; i < c->n_values && !found; i++)
			found = (t[0] | 0x20) == (c->values[i][0] | 0x20) && strcasecmp(t, c->values[i]) == 0;
		return c->op == COND_IN ? found : !found;
	}
	}
	return false;
}

/* Decide whether the action fires and where; fills f. */
static bool action_fires(struct run *r, const struct jnode *ctx, const struct constraint *k,
                         const struct place *pl, struct finding *f, char **pointer)
{
	switch (k->kind) {
	case CK_REQUIRE:
		if (!is_empty(pl->node))
			return false;
		if (pl->node) {
			f->node = pl->node;
			f->span = jnode_span(pl->node);
		} else {
			/* The pointer the value would have, even when the objects on
			 * its path are missing too (/Reserve/destTopic, no Reserve). */
			*pointer = k->target[0] == '/' ? request_pointer(r, k->target)
			                               : jnode_child_pointer(r->req->doc, pl->holder, pl->name);
			f->pointer = *pointer;
			f->span = (struct jspan){jnode_span(pl->holder).start, jnode_span(pl->holder).start + 1};
		}
		return true;
	case CK_FORBID:
		/* an unknown value may be null, which Terraform leaves out */
		if (is_empty(pl->node) || jnode_type(pl->node) == JT_UNKNOWN)
			return false;
		f->node = pl->node;
		f->span = jnode_key_span(pl->node);
		return true;
	case CK_EXPECT:
		if (!pl->node || jnode_type(pl->node) == JT_UNKNOWN || condition_holds(r, ctx, &k->expect))
			return false;
		f->node = pl->node;
		f->span = jnode_span(pl->node);
		return true;
	case CK_COMPARE: {
		char other_name[256];
		struct place q = resolve(r, ctx, k->other, other_name, sizeof other_name);
		double a, b;
		if (!pl->node || !q.node || !value_number(pl->node, false, &a) ||
		    !value_number(q.node, false, &b) || a <= b)
			return false;
		f->node = pl->node;
		f->span = jnode_span(pl->node);
		f->has_related = true;
		f->related = jnode_span(q.node);
		f->related_message = "the upper bound";
		char *other_buf = f->other_buf;
		const char *other = k->other[0] == '/' ? k->other + 1 : k->other;
		finding_var(f, "other", spelled_name(r, ctx, k->other, other, other_buf, sizeof f->other_buf));
		return true;
	}
	case CK_SAME: {
		/* Two parameters that state one fact (DtsRegion and RegionId). */
		char other_name[256];
		struct place q = resolve(r, ctx, k->other, other_name, sizeof other_name);
		if (is_empty(pl->node) || is_empty(q.node) || jnode_type(pl->node) != JT_STRING ||
		    jnode_type(q.node) != JT_STRING ||
		    (jnode_text_len(pl->node) == jnode_text_len(q.node) &&
		     strncasecmp(jnode_text(pl->node), jnode_text(q.node), jnode_text_len(q.node)) == 0))
			return false;
		f->node = pl->node;
		f->span = jnode_span(pl->node);
		f->has_related = true;
		f->related = jnode_span(q.node);
		f->related_message = "the value it must equal";
		finding_var(f, "other", k->other[0] == '/' ? k->other + 1 : k->other);
		return true;
	}
	}
	return false;
}

/* The condition that {when.param} and {when.value} show: the first; of an
 * anyOf, the member that holds. */
static const struct condition *shown_condition(const struct run *r, const struct jnode *ctx,
                                               const struct condition *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (c[i].op != COND_ANY_OF)
			return &c[i];
		for (size_t j = 0; j < c[i].n_any_of; j++)
			if (condition_holds(r, ctx, &c[i].any_of[j]))
				return shown_condition(r, ctx, &c[i].any_of[j], 1);
	}
	return NULL;
}

/* Values are rendered for the message only once the action fires: a
 * constraint that holds (nearly all of them) costs no masking and no
 * copying. */
/* "it is required when 'X' is 'Y'": what a missing key's constraint
 * says, for the typo it joins (engine_typo.c).  A warning-level rule asks
 * for the key rather than requiring it. */
static void describe_requirement(const struct finding *f, const struct condition *shown,
                                 const struct place *w, const char *when_value, char *buf,
                                 size_t size)
{
	const char *when_param = w->name; /* as the input spells it */
	/* A number or Boolean is shown as written, a string in quotes. */
	const char *q = w->node && jnode_type(w->node) != JT_STRING ? "" : "'";
	const char *verb = f->rule->severity == SEV_ERROR ? "required" : "expected";
	if (!shown)
		snprintf(buf, size, "it is %s", verb);
	else if (shown->op == COND_PRESENT)
		snprintf(buf, size, "it is %s when '%s' is given", verb, when_param);
	else if (shown->op == COND_ABSENT)
		snprintf(buf, size, "it is %s when '%s' is not given", verb, when_param);
	else
		snprintf(buf, size, "it is %s when '%s' is %s%s%s", verb, when_param, q, when_value, q);
}

/* Where a missing key is shown: at the value of the condition that makes
 * it required (the "RDS" of SourceEndpointInstanceType), the shown one
 * first; NULL when no condition's value is in the request (the caller
 * keeps the opening brace of the object that should hold the key). */
static const struct jnode *requiring_value(const struct run *r, const struct jnode *ctx,
                                           const struct constraint *k, const struct jnode *shown_node)
{
	if (!is_empty(shown_node))
		return shown_node;
	char name[256];
	for (size_t i = 0; i < k->n_when; i++) {
		if (k->when[i].op == COND_ANY_OF)
			continue;
		struct place w = resolve(r, ctx, k->when[i].target, name, sizeof name);
		if (!is_empty(w.node))
			return w.node;
	}
	return NULL;
}

static void apply_constraint(struct run *r, const struct jnode *ctx, const struct constraint *k)
{
	if (!conditions_hold(r, ctx, k->when, k->n_when))
		return;
	char name[256], when_name[256];
	struct place pl = resolve(r, ctx, k->target, name, sizeof name);
	struct finding f = {.rule = k->rule, .message_template = k->message, .help_template = k->help};
	char *pointer = NULL;
	if (!action_fires(r, ctx, k, &pl, &f, &pointer))
		return;
	char *value = value_text(r, pl.node, find_param(r, ctx, k->target));
	char *when_value = NULL;
	char spelled[300], when_spelled[300];
	finding_var(&f, "param", spelled_name(r, ctx, k->target, pl.name, spelled, sizeof spelled));
	finding_var(&f, "value", value);
	const struct condition *shown = shown_condition(r, ctx, k->when, k->n_when);
	struct place w = {0};
	if (shown) {
		const char *target = shown->target;
		w = resolve(r, ctx, target, when_name, sizeof when_name);
		const char *t = compare_text(r, ctx, target, w.node);
		when_value = w.node ? value_text(r, w.node, find_param(r, ctx, target)) : xstrdup(t ? t : "");
		w.name = spelled_name(r, ctx, target, w.name, when_spelled, sizeof when_spelled);
		finding_var(&f, "when.param", w.name);
		finding_var(&f, "when.value", when_value);
	}
	bool report = true;
	if (k->kind == CK_REQUIRE && !pl.node) {
		char consequence[600];
		describe_requirement(&f, shown, &w, when_value, consequence, sizeof consequence);
		report = !typo_absorb_missing(r, pl.holder, pl.name, consequence);
		const struct jnode *at = requiring_value(r, ctx, k, w.node);
		if (at)
			f.span = jnode_span(at);
	}
	if (report)
		finding_report(r, &f);
	free(pointer);
	free(value);
	free(when_value);
}

void apply_constraints(struct run *r, const struct jnode *ctx, const struct constraint *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		apply_constraint(r, ctx, &k[i]);
}
