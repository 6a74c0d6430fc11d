/*
 * lsp_reuse: findings after an edit inside one string, from the last full
 * check (lsp_reuse.h says when and why that is exact).
 */
#include "lsp_reuse.h"

#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "request.h"
#include "rule.h"
#include "source.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- the names rules read ------------------------------------------------ */

struct lsp_read_names {
	char **names; /* owned, sorted, unique */
	size_t n, cap;
};

/* Names that the engine's C code reads by name (engine_workflow.c,
 * checks.c, filter_check.c), besides those of rule data. */
static const char *const names_read_by_code[] = {
	"Action", "AutoStart", "DbList", "DtsInstanceId", "JobId", "Reserve", "SourceEndpointIP",
	"Table", "all", "autoStartModulesAfterConfig", "filter", "name",
};

static void add_name(struct lsp_read_names *s, const char *name, size_t len)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->names = xreallocarray(s->names, s->cap, sizeof *s->names);
	}
	char *copy = xmalloc(len + 1);
	memcpy(copy, name, len);
	copy[len] = '\0';
	s->names[s->n++] = copy;
}

/* A parameter name, or every segment of a JSON pointer: a pointer's
 * first segment is the member it reads, and the others are no harm. */
static void add_target(struct lsp_read_names *s, const char *target)
{
	if (!target)
		return;
	if (target[0] != '/') {
		add_name(s, target, strlen(target));
		return;
	}
	for (const char *p = target; *p == '/';) {
		struct strbuf seg = STRBUF_INIT;
		for (p++; *p && *p != '/'; p++) {
			if (*p == '~' && (p[1] == '0' || p[1] == '1'))
				strbuf_add(&seg, *++p == '0' ? "~" : "/", 1);
			else
				strbuf_add(&seg, p, 1);
		}
		add_name(s, seg.buf ? seg.buf : "", seg.len);
		strbuf_release(&seg);
	}
}

static void add_conditions(struct lsp_read_names *s, const struct condition *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		add_target(s, c[i].target);
		add_conditions(s, c[i].any_of, c[i].n_any_of);
	}
}

/* The conditions of a value's own checks: formats, list items, type hints. */
static void add_param_conditions(struct lsp_read_names *s, const struct param *p)
{
	for (size_t i = 0; i < p->n_formats; i++)
		add_conditions(s, p->formats[i].when, p->formats[i].n_when);
	if (p->list_item)
		add_conditions(s, p->list_item->when, p->list_item->n_when);
	for (size_t i = 0; i < p->n_hints; i++)
		add_conditions(s, p->hints[i].when, p->hints[i].n_when);
}

static void add_constraints(struct lsp_read_names *s, const struct constraint *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		add_conditions(s, k[i].when, k[i].n_when);
		add_target(s, k[i].target);
		add_conditions(s, &k[i].expect, 1);
		add_target(s, k[i].other);
	}
}

static void add_schema(struct lsp_read_names *s, const struct schema *sc)
{
	for (size_t i = 0; i < sc->n_keys; i++)
		add_param_conditions(s, &sc->keys[i]);
	add_constraints(s, sc->constraints, sc->n_constraints);
	for (size_t i = 0; i < sc->n_checks; i++) {
		add_conditions(s, sc->checks[i].when, sc->checks[i].n_when);
		for (size_t j = 0; j < sc->checks[i].n_merges; j++)
			add_conditions(s, sc->checks[i].merges[j].when, sc->checks[i].merges[j].n_when);
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct lsp_read_names *lsp_read_names_new(const struct ruleset *rs)
{
	struct lsp_read_names *s = xcalloc(1, sizeof *s);
	for (size_t i = 0; i < sizeof names_read_by_code / sizeof *names_read_by_code; i++)
		add_name(s, names_read_by_code[i], strlen(names_read_by_code[i]));
	for (size_t i = 0; i < rs->n_operations; i++) {
		const struct operation *op = &rs->operations[i];
		for (size_t j = 0; j < op->n_params; j++)
			add_param_conditions(s, &op->params[j]);
		add_constraints(s, op->constraints, op->n_constraints);
	}
	for (size_t i = 0; i < rs->n_common; i++)
		add_param_conditions(s, &rs->common[i]);
	for (size_t i = 0; i < rs->n_schemas; i++)
		add_schema(s, rs->schemas[i]);
	for (size_t i = 0; i < rs->n_workflow; i++) {
		const struct workflow_check *w = &rs->workflow[i];
		for (size_t j = 0; j < w->n_params; j++)
			add_target(s, w->params[j].param);
		add_target(s, w->left.param);
		add_target(s, w->right.param);
	}
	qsort(s->names, s->n, sizeof *s->names, name_cmp);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (k && !strcmp(s->names[k - 1], s->names[i]))
			free(s->names[i]);
		else
			s->names[k++] = s->names[i];
	}
	s->n = k;
	return s;
}

void lsp_read_names_free(struct lsp_read_names *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s);
}

static bool names_has(const struct lsp_read_names *s, const char *name)
{
	return bsearch(&name, s->names, s->n, sizeof *s->names, name_cmp) != NULL;
}

/* ---- the state of a document --------------------------------------------- */

static void members_free(struct lsp_reuse *u)
{
	for (size_t i = 0; i < u->n_members; i++)
		free(u->members[i].name);
	free(u->members);
	u->members = NULL;
	u->n_members = 0;
}

void lsp_reuse_forget(struct lsp_reuse *u)
{
	if (u->valid)
		diag_list_release(&u->raw);
	members_free(u);
	u->valid = false;
	u->n_edits = 0;
}

void lsp_reuse_release(struct lsp_reuse *u)
{
	lsp_reuse_forget(u);
}

/* Text an edit may remove or insert and still leave the token structure,
 * the decoding and the secret scan as they were: printable ASCII without
 * quotes, backslashes or brackets (a string with a quote may hold JSON and
 * is lexed for secrets; one starting with a bracket may be nested JSON). */
static bool plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7E || strchr("\"\\'{}[]", c))
			return false;
	}
	return true;
}

void lsp_reuse_note_edit(struct lsp_reuse *u, const char *text, size_t start, size_t end,
                         const char *repl, size_t n)
{
	if (!u->valid || u->n_edits++ > 0)
		return;
	u->edit_start = start;
	u->edit_end = end;
	u->edit_len = n;
	u->edit_plain = plain(text + start, end - start) && plain(repl, n);
}

/* More members than this and the outline is not kept: uniqueness is
 * checked pairwise. */
#define OUTLINE_MAX_MEMBERS 256

void lsp_reuse_tree_hook(void *ctx, const struct request *req)
{
	struct lsp_reuse_capture *cap = ctx;
	const struct jnode *root = req->root;
	/* JSON as written: no reader built the tree (escape NONE, API names) */
	cap->parsed = root && jnode_type(root) == JT_OBJECT && req->spelling == REQUEST_SPELL_API &&
	              req->escape == REQUEST_ESCAPE_NONE && !req->independent && !req->n_secrets &&
	              !req->n_partial && jnode_n_children(root) <= OUTLINE_MAX_MEMBERS;
	if (!cap->parsed || !cap->into)
		return;
	struct lsp_reuse *u = cap->into;
	members_free(u);
	u->members = xcalloc(jnode_n_children(root) + 1, sizeof *u->members);
	const char *bytes = req->src->bytes;
	for (const struct jnode *c = jnode_first(root); c; c = jnode_next(c)) {
		struct lsp_member *m = &u->members[u->n_members++];
		struct jspan key = jnode_key_span(c), value = jnode_span(c);
		m->name = xmalloc(jnode_key_len(c) + 1);
		memcpy(m->name, jnode_key(c), jnode_key_len(c));
		m->name[jnode_key_len(c)] = '\0';
		m->key_start = key.start;
		m->value_start = value.start;
		m->value_end = value.end;
		m->string = jnode_type(c) == JT_STRING && value.end >= value.start + 2 &&
		            bytes[value.start] == '"' && bytes[value.end - 1] == '"';
		m->unique = true;
		for (size_t i = 0; i + 1 < u->n_members; i++)
			if (!strcmp(u->members[i].name, m->name))
				u->members[i].unique = m->unique = false;
	}
}

void lsp_diag_list_copy(struct diag_list *to, const struct diag_list *from)
{
	diag_list_init(to);
	for (size_t i = 0; i < from->len; i++) {
		const struct diag *s = &from->items[i];
		struct diag *d = diag_add(to, s->rule, s->loc.start, s->loc.end, s->pointer, s->message,
		                          s->suggestion);
		d->severity = s->severity;
		d->loc = s->loc;
		if (s->has_related && !s->related_file)
			diag_set_related(d, s->related.start, s->related.end, s->related_message);
		else if (s->has_related)
			diag_set_related_elsewhere(d, s->related_file, &s->related, s->related_message);
		for (size_t k = 0; k < s->n_edits; k++)
			diag_add_edit(d, s->edits[k].start, s->edits[k].end, s->edits[k].text,
			              strlen(s->edits[k].text));
	}
	for (size_t i = 0; i < from->n_secrets; i++)
		diag_add_secret(to, from->secrets[i].start, from->secrets[i].end);
}

void lsp_reuse_keep(struct lsp_reuse *u, const struct diag_list *raw, bool parsed)
{
	if (u->valid)
		diag_list_release(&u->raw);
	u->valid = parsed && u->members;
	u->n_edits = 0;
	if (u->valid)
		lsp_diag_list_copy(&u->raw, raw);
	else
		members_free(u);
}

/* ---- reuse ------------------------------------------------------------------ */

/* Where an offset of the old text is in the new one; false inside the
 * bytes the edit replaced. */
struct shift {
	size_t start, end;  /* the old text's replaced bytes */
	ptrdiff_t delta;    /* new length - old length */
};

static bool shifted(const struct shift *sh, size_t *x)
{
	if (*x <= sh->start)
		return true;
	if (*x < sh->end)
		return false;
	*x = (size_t)((ptrdiff_t)*x + sh->delta);
	return true;
}

/* Copy d into out with its offsets moved; false when one falls inside the
 * edit (then the finding is not the old one moved). */
static bool add_moved(struct diag_list *out, const struct diag *s, const struct shift *sh,
                      ptrdiff_t by)
{
	size_t start = s->loc.start, end = s->loc.end, rs = s->related.start, re = s->related.end;
	bool ok = sh ? shifted(sh, &start) && shifted(sh, &end) : true;
	if (s->has_related && sh)
		ok = ok && shifted(sh, &rs) && shifted(sh, &re);
	if (!ok || s->related_file)
		return false;
	if (!sh) {
		start += by, end += by, rs += by, re += by;
	}
	struct diag *d = diag_add(out, s->rule, start, end, s->pointer, s->message, s->suggestion);
	d->severity = s->severity;
	if (s->has_related)
		diag_set_related(d, rs, re, s->related_message);
	for (size_t k = 0; k < s->n_edits; k++) {
		size_t a = s->edits[k].start, b = s->edits[k].end;
		if (sh ? !(shifted(sh, &a) && shifted(sh, &b)) : false)
			return false;
		if (!sh)
			a += by, b += by;
		diag_add_edit(d, a, b, s->edits[k].text, strlen(s->edits[k].text));
	}
	return true;
}

static const struct lsp_member *find_member(const struct lsp_reuse *u, const char *name)
{
	for (size_t i = 0; i < u->n_members; i++)
		if (!strcmp(u->members[i].name, name))
			return &u->members[i];
	return NULL;
}

/* Does the member hold a name p's own conditions read? */
static bool read_by_param(const struct param *p, const char *name)
{
	struct lsp_read_names s = {0};
	add_param_conditions(&s, p);
	bool found = false;
	for (size_t i = 0; i < s.n && !found; i++)
		found = !strcmp(s.names[i], name);
	for (size_t i = 0; i < s.n; i++)
		free(s.names[i]);
	free(s.names);
	return found;
}

/* The small request a member's own checks see alike: the Action, the
 * members its conditions read, and the member, verbatim from the new
 * text, in their order.  Sets *at to where the member's key starts in it;
 * NULL when it would not be small. */
#define SMALL_REQUEST_MAX (64 * 1024)

static char *small_request(const struct lsp_reuse *u, const struct lsp_member *edited,
                           const struct param *p, const struct shift *sh, const char *text,
                           size_t *len, size_t *at)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "{", 1);
	for (size_t i = 0; i < u->n_members; i++) {
		const struct lsp_member *m = &u->members[i];
		if (m != edited && strcmp(m->name, "Action") && !(p && read_by_param(p, m->name)))
			continue;
		size_t a = m->key_start, b = m->value_end;
		if (!shifted(sh, &a) || !shifted(sh, &b) || b - a > SMALL_REQUEST_MAX - sb.len) {
			strbuf_release(&sb);
			return NULL;
		}
		if (sb.len > 1)
			strbuf_add(&sb, ",", 1);
		if (m == edited)
			*at = sb.len;
		strbuf_add(&sb, text + a, b - a);
	}
	strbuf_add(&sb, "}", 1);
	*len = sb.len;
	return strbuf_detach(&sb, NULL);
}

/* The operation the request names: its Action, a plain string. */
static bool action_of(const struct lsp_reuse *u, const struct source *src, const struct shift *sh,
                      const struct ruleset *rs, const struct operation **op)
{
	const struct lsp_member *m = find_member(u, "Action");
	if (!m || !m->unique || !m->string)
		return false;
	size_t a = m->value_start + 1, b = m->value_end - 1;
	if (!shifted(sh, &a) || !shifted(sh, &b) || b <= a || !plain(src->bytes + a, b - a))
		return false;
	char *name = xmalloc(b - a + 1);
	memcpy(name, src->bytes + a, b - a);
	name[b - a] = '\0';
	*op = ruleset_find_operation(rs, name);
	free(name);
	return true;
}

/* Longer strings that may hold JSON are masked in messages whole
 * (secret_scan.c): keep clear of that. */
#define PLAIN_VALUE_MAX 4096

bool lsp_reuse_check(struct lsp_reuse *u, const struct lsp_read_names *names, struct engine *eng,
                     const struct ruleset *rs, enum request_input input, const char *operation,
                     struct source *src, struct lsp_reuse_capture *cap, struct diag_list *out)
{
	if (!u->valid || u->n_edits != 1 || !u->edit_plain)
		goto forget;
	struct shift sh = {u->edit_start, u->edit_end, (ptrdiff_t)u->edit_len - (ptrdiff_t)(u->edit_end - u->edit_start)};
	struct lsp_member *edited = NULL;
	for (size_t i = 0; i < u->n_members && !edited; i++) {
		struct lsp_member *m = &u->members[i];
		if (m->string && m->value_start < sh.start && sh.end < m->value_end)
			edited = m;
	}
	if (!edited || !edited->unique || names_has(names, edited->name))
		goto forget;
	size_t new_end = (size_t)((ptrdiff_t)edited->value_end + sh.delta);
	if (new_end > src->len || new_end - edited->value_start > PLAIN_VALUE_MAX ||
	    !plain(src->bytes + edited->value_start + 1, new_end - edited->value_start - 2))
		goto forget;
	const struct operation *op = NULL;
	if (!action_of(u, src, &sh, rs, &op))
		goto forget;
	const struct param *p = op ? operation_find_param(op, rs, edited->name) : NULL;
	if (op && (!p || p->type == PT_JSON || p->type == PT_OBJECT))
		goto forget; /* an unknown key (typos are held across members), or nested checks */
	size_t len, at = 0;
	char *text = small_request(u, edited, p, &sh, src->bytes, &len, &at);
	if (!text)
		goto forget;
	struct source *small = source_new(src->name, text, len);
	free(text);
	struct diag_list found;
	diag_list_init(&found);
	struct lsp_reuse *into = cap->into;
	cap->into = NULL;
	engine_set_input(eng, input);
	engine_check(eng, small, operation, &found);
	engine_set_input(eng, REQUEST_INPUT_AUTO);
	cap->into = into;
	bool ok = cap->parsed;
	/* The old findings, moved, but the edited member's own ... */
	diag_list_init(out);
	size_t from = edited->key_start, to = edited->value_end;
	for (size_t i = 0; ok && i < u->raw.len; i++) {
		const struct diag *d = &u->raw.items[i];
		if (d->loc.start >= from && d->loc.start < to)
			continue;
		ok = add_moved(out, d, &sh, 0);
	}
	/* ... made again from the small request, where they fall in it. */
	size_t small_to = at + (new_end - edited->key_start);
	ptrdiff_t by = (ptrdiff_t)edited->key_start - (ptrdiff_t)at;
	for (size_t i = 0; ok && i < found.len; i++) {
		const struct diag *d = &found.items[i];
		if (d->loc.start < at || d->loc.start >= small_to)
			continue;
		ok = d->loc.end <= small_to &&
		     (!d->has_related || (d->related.start >= at && d->related.end <= small_to));
		ok = ok && add_moved(out, d, NULL, by);
	}
	for (size_t i = 0; ok && i < u->raw.n_secrets; i++) {
		size_t a = u->raw.secrets[i].start, b = u->raw.secrets[i].end;
		if (a >= from && a < to)
			continue;
		ok = shifted(&sh, &a) && shifted(&sh, &b);
		diag_add_secret(out, a, b);
	}
	for (size_t i = 0; ok && i < found.n_secrets; i++)
		if (found.secrets[i].start >= at && found.secrets[i].end <= small_to)
			diag_add_secret(out, (size_t)((ptrdiff_t)found.secrets[i].start + by),
			                (size_t)((ptrdiff_t)found.secrets[i].end + by));
	diag_list_release(&found);
	source_free(small);
	if (!ok) {
		diag_list_release(out);
		goto forget;
	}
	diag_list_resolve(out, src);
	/* The outline of the new text. */
	for (size_t i = 0; i < u->n_members; i++) {
		struct lsp_member *m = &u->members[i];
		if (m == edited) {
			m->value_end = new_end;
			continue;
		}
		shifted(&sh, &m->key_start);
		shifted(&sh, &m->value_start);
		shifted(&sh, &m->value_end);
	}
	diag_list_release(&u->raw);
	lsp_diag_list_copy(&u->raw, out);
	u->n_edits = 0;
	return true;
forget:
	lsp_reuse_forget(u);
	return false;
}
