/*
 * engine_workflow: checks across the requests of a workflow (a JSON array
 * of requests in call order, or several query-string requests in one
 * file).  Each request was checked on its own first; these find what no
 * single request shows: two job IDs, a job used before it is configured,
 * an instance bought for another task than the one configured, starts
 * that never come or come twice, a precheck polled before anything
 * started it, a ModifyDtsJob that drops objects.
 *
 * Which parameters name the job, which operations configure it and which
 * values of the two operations' vocabularies agree are data
 * (rules/70-workflow.json); the start logic follows the seed page "Call
 * operations to configure DTS tasks" and names its parameters here.
 * Every finding points at the later request and relates the earlier one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine_lookup.h"
#include "engine_workflow.h"
#include "xalloc.h"

/* The requests of the workflow, in order, with their operations and the
 * run (input, findings) each belongs to: one file, or several. */
struct step {
	const struct jnode *request;
	const char *operation; /* NULL: none could be chosen */
	struct run *run;
};

struct flow {
	struct step *steps;
	size_t n;
};

static const char *step_operation(const struct run *r, const struct jnode *request,
                                  const char *requested)
{
	const struct jnode *action = jnode_get(request, "Action");
	if (action && jnode_type(action) == JT_UNKNOWN)
		return NULL; /* "aliyun dts $OP": no step anyone can name */
	if (action && jnode_type(action) == JT_STRING && jnode_text_len(action))
		return ruleset_find_operation(r->rs, jnode_text(action)) ? jnode_text(action) : NULL;
	return requested ? requested : r->rs->default_operation;
}

/* A parameter's value worth comparing: a non-empty string, or a Boolean. */
static const struct jnode *value_of(const struct jnode *request, const char *param)
{
	const struct jnode *n = jnode_get(request, param);
	if (!n || (jnode_type(n) == JT_STRING && jnode_text_len(n) == 0))
		return NULL;
	return jnode_type(n) == JT_STRING || jnode_type(n) == JT_BOOL ? n : NULL;
}

/* Is the parameter given: a value worth comparing, or one the input does
 * not fix (JT_UNKNOWN counts as given, as it does everywhere)? */
static bool given(const struct jnode *request, const char *param)
{
	const struct jnode *n = jnode_get(request, param);
	return value_of(request, param) || (n && jnode_type(n) == JT_UNKNOWN);
}

static const char *text_of(const struct jnode *n)
{
	if (jnode_type(n) == JT_BOOL)
		return jnode_boolean(n) ? "true" : "false";
	return jnode_text(n);
}

static bool is_true(const struct jnode *n)
{
	return n && strcasecmp(text_of(n), "true") == 0;
}

static bool step_is(const struct step *s, const char *operation)
{
	return s->operation && !strcmp(s->operation, operation);
}

/* Where a finding about a whole request points: its Action, or its '{'. */
static struct jspan request_anchor(const struct jnode *request, const struct jnode **node)
{
	const struct jnode *action = jnode_get(request, "Action");
	*node = action ? action : request;
	return action ? jnode_span(action) : (struct jspan){jnode_span(request).start, jnode_span(request).start + 1};
}

/* "request 2 (ConfigureDtsJob)": requests are counted from 1 for people. */
static void describe_step(const struct flow *fl, size_t i, char *buf, size_t size)
{
	snprintf(buf, size, "request %zu (%s)", i + 1, fl->steps[i].operation ? fl->steps[i].operation : "?");
}

/* Report about node `at` of step `later`, relating node `earlier_node` of
 * step `earlier` (earlier_node NULL: none).  The checks say which steps: they know
 * them as they iterate, where looking a node's step up is a walk. */
static void report_across(struct flow *fl, const struct rule *rule, size_t later, const struct jnode *at,
                          struct jspan span, const char *value, const char *other,
                          const char *expected, size_t earlier, const struct jnode *earlier_node,
                          const char *related_message)
{
	const struct step *here = &fl->steps[later];
	struct finding f;
	char *shown = value ? NULL : value_text(here->run, at, NULL);
	finding_init(&f, rule, at, value ? value : shown);
	f.span = span;
	finding_var(&f, "other", other);
	finding_var(&f, "expected", expected);
	struct jspan related = {0, 0};
	const struct step *there = earlier_node ? &fl->steps[earlier] : here;
	if (earlier_node) {
		related = jnode_key_span(earlier_node).end ? jnode_key_span(earlier_node) : jnode_span(earlier_node);
		f.has_related = there->run == here->run;
		f.related = related;
		f.related_message = related_message;
	}
	struct diag *d = finding_report(here->run, &f);
	if (earlier_node && there->run != here->run) {
		/* The earlier request is in another file of the workflow: its
		 * position is resolved here, against that file. */
		struct source *file = (struct source *)there->run->req->src; /* position cache only */
		struct diag_location where = {.start = related.start, .end = related.end,
		                              .begin = source_position(file, related.start),
		                              .finish = source_position(file, related.end)};
		diag_set_related_elsewhere(d, file->name, &where, related_message);
	}
	free(shown);
}

/* ---- same-ids: one job, one instance ---------------------------------- */

static const struct jnode *named_id(const struct flow *fl, size_t i, const struct workflow_check *w,
                                    const struct op_param **which)
{
	for (size_t k = 0; k < w->n_params; k++) {
		if (!step_is(&fl->steps[i], w->params[k].operation))
			continue;
		const struct jnode *v = value_of(fl->steps[i].request, w->params[k].param);
		if (v && jnode_type(v) == JT_STRING) {
			*which = &w->params[k];
			return v;
		}
	}
	return NULL;
}

static void check_same_ids(struct flow *fl, const struct workflow_check *w)
{
	const struct jnode *first = NULL;
	size_t first_step = 0;
	for (size_t i = 0; i < fl->n; i++) {
		const struct op_param *which;
		const struct jnode *v = named_id(fl, i, w, &which);
		if (!v)
			continue;
		if (!first) {
			first = v;
			first_step = i;
			continue;
		}
		if (jnode_text_len(v) == jnode_text_len(first) && !memcmp(jnode_text(v), jnode_text(first), jnode_text_len(v)))
			continue;
		char other[300], where[80], shown[256];
		describe_step(fl, first_step, where, sizeof where);
		snprintf(other, sizeof other, "%s", template_shorten(jnode_text(first), jnode_text_len(first), shown, sizeof shown));
		report_across(fl, w->rule, i, v, jnode_span(v), NULL, other, where, first_step, first,
		              "the ID first named here");
	}
}

/* ---- configured-before: no job used before it is configured ----------- */

static bool configures(const struct step *s, const struct workflow_check *w)
{
	for (size_t k = 0; k < w->n_operations; k++)
		if (step_is(s, w->operations[k]))
			return true;
	return false;
}

/* Every request that names the job before the first that configures it
 * is reported, relating that one.  Without one the job was configured
 * before this workflow: nothing to compare. */
static void check_configured_before(struct flow *fl, const struct workflow_check *w)
{
	size_t later = 0;
	while (later < fl->n && !configures(&fl->steps[later], w))
		later++;
	for (size_t i = 0; i < later && later < fl->n; i++) {
		const struct op_param *which;
		const struct jnode *v = named_id(fl, i, w, &which);
		if (!v)
			continue;
		const struct jnode *anchor;
		request_anchor(fl->steps[later].request, &anchor);
		char where[80];
		describe_step(fl, later, where, sizeof where);
		report_across(fl, w->rule, i, v, jnode_span(v), NULL, fl->steps[later].operation, where, later,
		              anchor, "the request that configures the job");
	}
}

/* ---- agree: one task across two vocabularies -------------------------- */

static bool in_left(const struct workflow_check *w, const char *v)
{
	for (size_t k = 0; k < w->n_pairs; k++)
		if (!strcasecmp(w->pairs[2 * k], v))
			return true;
	return w->n_pairs == 0;
}

static bool in_right(const struct workflow_check *w, const char *v)
{
	for (size_t k = 0; k < w->n_pairs; k++)
		if (!strcasecmp(w->pairs[2 * k + 1], v))
			return true;
	return w->n_pairs == 0;
}

static bool values_agree(const struct workflow_check *w, const char *l, const char *r)
{
	if (!w->n_pairs)
		return strcasecmp(l, r) == 0;
	for (size_t k = 0; k < w->n_pairs; k++)
		if (!strcasecmp(w->pairs[2 * k], l) && !strcasecmp(w->pairs[2 * k + 1], r))
			return true;
	return false;
}

/* What the left values that agree with nothing on the right would be:
 * "MySQL" -> the right values it pairs with, for the message. */
static void agreeing_values(const struct workflow_check *w, const char *l, char *buf, size_t size)
{
	buf[0] = '\0';
	size_t used = 0;
	for (size_t k = 0; k < w->n_pairs && used < size; k++)
		if (!strcasecmp(w->pairs[2 * k], l))
			used += (size_t)snprintf(buf + used, size - used, "%s'%s'", used ? " or " : "", w->pairs[2 * k + 1]);
	if (!w->n_pairs)
		snprintf(buf, size, "'%s'", l);
}

/* Left step a's value lv and right step b's value rv disagree: report at
 * the later of the two, relating the earlier. */
static void report_disagreement(struct flow *fl, const struct workflow_check *w, size_t a,
                                const struct jnode *lv, size_t b, const struct jnode *rv)
{
	bool right_later = b > a;
	const struct jnode *at = right_later ? rv : lv, *earlier = right_later ? lv : rv;
	char other[300], expected[300];
	snprintf(other, sizeof other, "%s '%s' is '%s' in request %zu", right_later ? w->left.operation : w->right.operation,
	         right_later ? w->left.param : w->right.param, text_of(earlier), (right_later ? a : b) + 1);
	if (right_later)
		agreeing_values(w, text_of(lv), expected, sizeof expected);
	else
		snprintf(expected, sizeof expected, "the value that goes with '%s'", text_of(rv));
	report_across(fl, w->rule, right_later ? b : a, at, jnode_span(at), NULL, other, expected,
	              right_later ? a : b, earlier, "the other request's value");
}

/* Step i's value of one side of the check, when it takes part. */
static const struct jnode *side_value(const struct flow *fl, size_t i, const struct op_param *side,
                                      bool (*known)(const struct workflow_check *, const char *),
                                      const struct workflow_check *w)
{
	if (!step_is(&fl->steps[i], side->operation))
		return NULL;
	const struct jnode *v = value_of(fl->steps[i].request, side->param);
	return v && known(w, text_of(v)) ? v : NULL;
}

/* Each request of either side is compared with the nearest earlier one of
 * the other side, the request it follows: one of each, as a workflow
 * buys one instance for one task, is one comparison, and a file of many
 * is as many comparisons as requests, where every pair would be their
 * product (and as many findings). */
static void check_agree(struct flow *fl, const struct workflow_check *w)
{
	const struct jnode *left = NULL, *right = NULL; /* the nearest earlier values */
	size_t left_step = 0, right_step = 0;
	for (size_t i = 0; i < fl->n; i++) {
		const struct jnode *lv = side_value(fl, i, &w->left, in_left, w);
		const struct jnode *rv = side_value(fl, i, &w->right, in_right, w);
		if (lv && right && !values_agree(w, text_of(lv), text_of(right)))
			report_disagreement(fl, w, i, lv, right_step, right);
		if (rv && left && !values_agree(w, text_of(left), text_of(rv)))
			report_disagreement(fl, w, left_step, left, i, rv);
		if (lv) {
			left = lv;
			left_step = i;
		}
		if (rv) {
			right = rv;
			right_step = i;
		}
	}
}

/* ---- starts ----------------------------------------------------------- */

/* A key of the request's Reserve, object or string form (already parsed
 * when the request was checked on its own). */
static const struct jnode *reserve_value(struct flow *fl, size_t i, const char *key, bool *unknown)
{
	struct jnode *reserve = jnode_get(fl->steps[i].request, "Reserve");
	const struct jnode *in = NULL;
	*unknown = reserve && jnode_type(reserve) == JT_UNKNOWN;
	if (!reserve || *unknown)
		return NULL;
	struct request_problem problem;
	const struct jnode *obj = jnode_type(reserve) == JT_STRING
	                          ? request_unwrap(fl->steps[i].run->req, reserve, &problem) : reserve;
	if (!obj || jnode_type(obj) != JT_OBJECT)
		return NULL;
	in = jnode_get(obj, key);
	*unknown = in && jnode_type(in) == JT_UNKNOWN;
	return value_of(obj, key);
}

/* Does this request start the task's modules by itself, and through what?
 * Buy first: ConfigureDtsJob on a bought instance (DtsInstanceId) runs the
 * precheck and what follows unless Reserve's autoStartModulesAfterConfig
 * is "none" ("auto" is the default).  Configure first: CreateDtsInstance
 * with JobId and AutoStart true starts the configured task. */
enum starts { STARTS_NOT, STARTS, STARTS_MAYBE /* it reads a value the input does not fix */ };

static enum starts auto_starts(struct flow *fl, size_t i, const struct jnode **why)
{
	const struct jnode *req = fl->steps[i].request;
	bool unknown;
	if (step_is(&fl->steps[i], "ConfigureDtsJob") && given(req, "DtsInstanceId")) {
		const struct jnode *mode = reserve_value(fl, i, "autoStartModulesAfterConfig", &unknown);
		*why = mode ? mode : jnode_get(req, "DtsInstanceId");
		if (unknown)
			return STARTS_MAYBE;
		return !mode || strcasecmp(text_of(mode), "none") != 0 ? STARTS : STARTS_NOT;
	}
	if (step_is(&fl->steps[i], "CreateDtsInstance") && given(req, "JobId")) {
		*why = jnode_get(req, "AutoStart");
		if (*why && jnode_type(*why) == JT_UNKNOWN)
			return STARTS_MAYBE;
		return is_true(*why) ? STARTS : STARTS_NOT;
	}
	return STARTS_NOT;
}

static void check_redundant_start(struct flow *fl, const struct workflow_check *w)
{
	const struct jnode *starter = NULL;
	size_t starter_step = 0;
	for (size_t i = 0; i < fl->n; i++) {
		const struct jnode *why;
		if (auto_starts(fl, i, &why) == STARTS) {
			starter = why;
			starter_step = i;
		} else if (step_is(&fl->steps[i], "StartDtsJob") && starter) {
			const struct jnode *at;
			struct jspan span = request_anchor(fl->steps[i].request, &at);
			char where[80];
			describe_step(fl, starter_step, where, sizeof where);
			report_across(fl, w->rule, i, at, span, fl->steps[i].operation, fl->steps[i].operation, where,
			              starter_step, starter, "this starts the task's modules already");
		}
	}
}

static void check_never_started(struct flow *fl, const struct workflow_check *w)
{
	size_t starts_after = 0; /* one past the last StartDtsJob; 0: none */
	for (size_t i = fl->n; i > 0 && !starts_after; i--)
		if (step_is(&fl->steps[i - 1], "StartDtsJob"))
			starts_after = i;
	for (size_t i = 0; i < fl->n; i++) {
		const struct jnode *req = fl->steps[i].request;
		bool unknown;
		if (!step_is(&fl->steps[i], "ConfigureDtsJob") || !given(req, "DtsInstanceId"))
			continue;
		const struct jnode *mode = reserve_value(fl, i, "autoStartModulesAfterConfig", &unknown);
		if (!mode || strcasecmp(text_of(mode), "none") != 0)
			continue;
		if (i + 1 >= starts_after)
			report_across(fl, w->rule, i, mode, jnode_span(mode), "none", "StartDtsJob", "", i, NULL, NULL);
	}
}

static void check_precheck_before_start(struct flow *fl, const struct workflow_check *w)
{
	bool started = false;
	for (size_t i = 0; i < fl->n && !started; i++) {
		const struct jnode *why;
		if (step_is(&fl->steps[i], "StartDtsJob") || auto_starts(fl, i, &why) != STARTS_NOT) {
			started = true;
		} else if (step_is(&fl->steps[i], "DescribePreCheckStatus")) {
			const struct jnode *at;
			struct jspan span = request_anchor(fl->steps[i].request, &at);
			report_across(fl, w->rule, i, at, span, fl->steps[i].operation, "StartDtsJob", "", i, NULL, NULL);
		}
	}
}

/* ---- a ModifyDtsJob keeps the configured objects ----------------------- */

static const struct jnode *dblist_of(struct flow *fl, size_t i)
{
	struct jnode *db = jnode_get(fl->steps[i].request, "DbList");
	if (!db)
		return NULL;
	struct request_problem problem;
	const struct jnode *obj = jnode_type(db) == JT_STRING ? request_unwrap(fl->steps[i].run->req, db, &problem) : db;
	return obj && jnode_type(obj) == JT_OBJECT ? obj : NULL;
}

/* Append "db" or "db.table" for every object of `before` missing from
 * `after`; returns how many. */
static size_t dropped_objects(const struct jnode *before, const struct jnode *after, struct strbuf *list)
{
	size_t n = 0;
	for (const struct jnode *db = jnode_first(before); db; db = jnode_next(db)) {
		const struct jnode *kept = jnode_get(after, jnode_key(db));
		if (!kept) {
			strbuf_addf(list, "%s'%s'", n++ ? ", " : "", jnode_key(db));
			continue;
		}
		const struct jnode *tables = jnode_type(db) == JT_OBJECT ? jnode_get(db, "Table") : NULL;
		const struct jnode *kept_tables = jnode_type(kept) == JT_OBJECT ? jnode_get(kept, "Table") : NULL;
		if (!tables || jnode_type(tables) != JT_OBJECT || is_true(jnode_get(kept, "all")))
			continue;
		for (const struct jnode *t = jnode_first(tables); t; t = jnode_next(t))
			if (!kept_tables || !jnode_get(kept_tables, jnode_key(t)))
				strbuf_addf(list, "%s'%s.%s'", n++ ? ", " : "", jnode_key(db), jnode_key(t));
	}
	return n;
}

static void check_modify_keeps_objects(struct flow *fl, const struct workflow_check *w)
{
	const struct jnode *configured = NULL;
	size_t configured_step = 0;
	for (size_t i = 0; i < fl->n; i++) {
		const struct jnode *req = fl->steps[i].request;
		if (step_is(&fl->steps[i], "ConfigureDtsJob") || step_is(&fl->steps[i], "ConfigureSubscription")) {
			configured = dblist_of(fl, i);
			configured_step = i;
			continue;
		}
		const struct jnode *modified = step_is(&fl->steps[i], "ModifyDtsJob") ? dblist_of(fl, i) : NULL;
		if (!configured || !modified)
			continue;
		struct strbuf list = STRBUF_INIT;
		if (dropped_objects(configured, modified, &list)) {
			const struct jnode *at = jnode_get(req, "DbList");
			report_across(fl, w->rule, i, at, jnode_key_span(at), "", list.buf, "", configured_step,
			              configured, "the objects configured here");
		}
		strbuf_release(&list);
		configured = modified; /* what the task holds from now on */
		configured_step = i;
	}
}

/* ---- entry ------------------------------------------------------------- */

static void (*const workflow_checks[BUILTIN_WORKFLOW_CHECK_COUNT])(struct flow *, const struct workflow_check *) = {
	[BW_SAME_IDS] = check_same_ids,
	[BW_CONFIGURED_BEFORE] = check_configured_before,
	[BW_AGREE] = check_agree,
	[BW_REDUNDANT_START] = check_redundant_start,
	[BW_NEVER_STARTED] = check_never_started,
	[BW_PRECHECK_BEFORE_START] = check_precheck_before_start,
	[BW_MODIFY_KEEPS_OBJECTS] = check_modify_keeps_objects,
};

void check_workflow(const struct workflow_step *steps, size_t n, const char *operation)
{
	if (n < 2)
		return;
	const struct ruleset *rs = steps[0].run->rs;
	struct flow fl = {.steps = xcalloc(n, sizeof *fl.steps), .n = n};
	for (size_t i = 0; i < n; i++)
		fl.steps[i] = (struct step){steps[i].request, step_operation(steps[i].run, steps[i].request, operation),
		                            steps[i].run};
	for (size_t i = 0; i < rs->n_workflow; i++)
		workflow_checks[rs->workflow[i].check](&fl, &rs->workflow[i]);
	free(fl.steps);
}
