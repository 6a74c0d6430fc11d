/*
 * lsp_reuse: findings after an edit inside one string, from the last full
 * check (lsp_reuse.h says when and why that is exact).
 */
#include "lsp_reuse.h"

#include <stdlib.h>
#include <string.h>

#include "engine_scope.h"
#include "jsonpos.h"
#include "request.h"
#include "rule.h"
#include "source.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- the state of a document --------------------------------------------- */

static void dblist_free(struct lsp_dblist *db)
{
	for (size_t i = 0; i < db->n_entries; i++)
		free(db->entries[i].dest);
	free(db->entries);
	*db = (struct lsp_dblist){0};
}

static void members_free(struct lsp_reuse *u)
{
	dblist_free(&u->db);
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

/* JSON's white space. */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\n\r", s[i]) || !s[i])
			return false;
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
	u->edit_blank = blank(text + start, end - start) && blank(repl, n);
}

/* More members than this and the outline is not kept: uniqueness is
 * checked pairwise. */
#define OUTLINE_MAX_MEMBERS 256

static void probe_read(struct lsp_probe *pr, const struct jnode *root);
static void outline_dblist(struct lsp_reuse *u, const struct jnode *root,
                           struct lsp_reuse_capture *cap);

void lsp_reuse_tree_hook(void *ctx, const struct request *req)
{
	struct lsp_reuse_capture *cap = ctx;
	const struct jnode *root = req->root;
	/* JSON as written: no reader built the tree (escape NONE, API names) */
	cap->parsed = root && jnode_type(root) == JT_OBJECT && req->spelling == REQUEST_SPELL_API &&
	              req->escape == REQUEST_ESCAPE_NONE && !req->independent && !req->n_secrets &&
	              !req->n_partial && jnode_n_children(root) <= OUTLINE_MAX_MEMBERS;
	if (cap->parsed && cap->probe)
		probe_read(cap->probe, root);
	if (!cap->parsed || !cap->into)
		return;
	struct lsp_reuse *u = cap->into;
	members_free(u);
	u->root_start = jnode_span(root).start;
	u->root_end = jnode_span(root).end;
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
	if (cap->rs)
		outline_dblist(u, root, cap);
}

/* ---- the DbList's outline -------------------------------------------- */

/* The destination name distinct-names reads (checks.c): the entry's
 * "name" when it is a non-empty string, else its key; NULL when the entry
 * is not an object (no destination).  Owned. */
static char *dest_name(const struct jnode *e, size_t *len)
{
	if (jnode_type(e) != JT_OBJECT)
		return NULL;
	const struct jnode *name = jnode_get(e, "name");
	bool named = name && jnode_type(name) == JT_STRING && jnode_text_len(name) > 0;
	const char *text = named ? jnode_text(name) : jnode_key(e);
	*len = named ? jnode_text_len(name) : jnode_key_len(e);
	char *copy = xmalloc(*len + 1);
	memcpy(copy, text, *len);
	copy[*len] = '\0';
	return copy;
}

/* The operation the request is checked as (engine.c's choose_operation:
 * its Action, else the one given, else the rules' default); NULL when it
 * names none the rules know, or one the input does not fix. */
static const struct operation *operation_of(const struct jnode *root,
                                            const struct lsp_reuse_capture *cap)
{
	const struct jnode *action = jnode_get(root, "Action");
	if (action && jnode_type(action) == JT_STRING && jnode_text_len(action))
		return ruleset_find_operation(cap->rs, jnode_text(action));
	return ruleset_find_operation(cap->rs, cap->operation ? cap->operation : cap->rs->default_operation);
}

static struct lsp_entry *entry_add(struct lsp_dblist *db, size_t *cap, const struct jnode *e,
                                   size_t group, bool table)
{
	if (db->n_entries == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		db->entries = xreallocarray(db->entries, *cap, sizeof *db->entries);
	}
	struct lsp_entry *x = &db->entries[db->n_entries++];
	*x = (struct lsp_entry){.key_start = jnode_key_span(e).start, .value_start = jnode_span(e).start,
	                        .value_end = jnode_span(e).end, .group = group, .table = table,
	                        .unique = !jnode_is_duplicate(e)};
	x->dest = dest_name(e, &x->dest_len);
	x->name_start = jnode_key_content_span(e).start;
	x->name_end = jnode_key_content_span(e).end;
	if (jnode_is_duplicate(e)) {
		/* its twin, written earlier in the same map, is not unique either
		 * (databases are not next to each other: their tables are between) */
		size_t first = jnode_key_span(jnode_duplicate_of(e)).start;
		for (size_t i = db->n_entries - 1; i-- > 0;)
			if (db->entries[i].group == group && db->entries[i].key_start == first)
				db->entries[i].unique = false;
	}
	return x;
}

/* The tables of a database: the members of each map it holds. */
static void outline_tables(const struct ruleset *rs, struct lsp_dblist *db, size_t *cap,
                           const struct jnode *d, size_t d_index, const struct schema *record,
                           size_t *groups)
{
	for (const struct jnode *m = jnode_first(d); m; m = jnode_next(m)) {
		const struct param *p = schema_find_key_in(rs, record, jnode_key(m), jnode_key_len(m));
		if (!p || !p->schema || !p->schema->values || jnode_type(m) != JT_OBJECT ||
		    jnode_is_duplicate(m))
			continue;
		size_t group = ++*groups;
		enum engine_entries reads = engine_map_entries(p->schema);
		for (const struct jnode *t = jnode_first(m); t; t = jnode_next(t)) {
			struct lsp_entry *x = entry_add(db, cap, t, group, true);
			x->db = d_index;
			x->reads = reads;
			x->map_key_start = jnode_key_span(m).start;
			x->map_value_start = jnode_span(m).start;
		}
	}
}

/* engine_reads_below(), remembered for the last name. */
static bool reads_below(struct lsp_reuse_capture *cap, const char *name)
{
	if (!cap->below_name || strcmp(cap->below_name, name)) {
		free(cap->below_name);
		cap->below_name = xstrdup(name);
		cap->below = engine_reads_below(cap->rs, name);
	}
	return cap->below;
}

void lsp_reuse_capture_release(struct lsp_reuse_capture *cap)
{
	free(cap->below_name);
	cap->below_name = NULL;
}

/* Where the DbList's databases and tables are: the first top-level
 * parameter whose schema is a map, when its JSON parsed to an object and
 * no rule reads below it from elsewhere. */
static void outline_dblist(struct lsp_reuse *u, const struct jnode *root,
                           struct lsp_reuse_capture *cap)
{
	const struct operation *op = operation_of(root, cap);
	const struct param *p = NULL;
	const struct jnode *c = jnode_first(root);
	size_t i = 0;
	if (!op)
		return;
	for (; c; c = jnode_next(c), i++) {
		p = operation_find_param(op, cap->rs, u->members[i].name);
		if (p && (p->type == PT_JSON || p->type == PT_OBJECT) && p->schema && p->schema->values)
			break;
	}
	const struct jnode *obj = c ? jnode_object_view(c) : NULL;
	if (!obj || jnode_type(obj) != JT_OBJECT || !u->members[i].unique ||
	    reads_below(cap, u->members[i].name))
		return;
	struct lsp_dblist *db = &u->db;
	db->member = i;
	db->string = jnode_type(c) == JT_STRING;
	db->limit = p->max_bytes;
	if (p->warn_bytes && (!db->limit || p->warn_bytes < db->limit))
		db->limit = p->warn_bytes;
	const struct schema *record = p->schema->values;
	db->record_below = record->values || engine_record_reads_below(record);
	enum engine_entries reads = engine_map_entries(p->schema);
	size_t cap_entries = 0, groups = 0;
	for (const struct jnode *d = jnode_first(obj); d; d = jnode_next(d)) {
		size_t index = db->n_entries;
		struct lsp_entry *x = entry_add(db, &cap_entries, d, 0, false);
		x->db = index;
		x->reads = reads;
		if (!record->values && jnode_type(d) == JT_OBJECT && !jnode_is_duplicate(d))
			outline_tables(cap->rs, db, &cap_entries, d, index, record, &groups);
	}
	db->kept = true;
}

/* ---- a small request's entry, read back ------------------------------ */

/* What the hook reads of the small request made for one entry: the
 * entry's new destination name (the DbList's value starts at db_at, its
 * only database is the entry or holds it as the only member of its only
 * map). */
struct lsp_probe {
	size_t db_at;
	bool table;
	bool found;
	char *dest;  /* owned; NULL: not an object */
	size_t dest_len;
};

static const struct jnode *only_member(const struct jnode *obj)
{
	return obj && jnode_type(obj) == JT_OBJECT && jnode_n_children(obj) == 1 ? jnode_first(obj) : NULL;
}

static void probe_read(struct lsp_probe *pr, const struct jnode *root)
{
	const struct jnode *c = jnode_first(root);
	while (c && jnode_span(c).start != pr->db_at)
		c = jnode_next(c);
	const struct jnode *e = c ? only_member(jnode_object_view(c)) : NULL;
	if (e && pr->table)
		e = only_member(only_member(e));
	if (!e)
		return;
	pr->found = true;
	pr->dest = dest_name(e, &pr->dest_len);
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
 * bytes the edit replaced.  Text inserted at a span's start goes before
 * it, at its (exclusive) end after it: the start moves, the end stays. */
struct shift {
	size_t start, end;  /* the old text's replaced bytes */
	ptrdiff_t delta;    /* new length - old length */
};

static bool moved(const struct shift *sh, size_t *x, bool is_start)
{
	if (is_start ? *x < sh->start : *x <= sh->start)
		return true;
	if (*x < sh->end)
		return false;
	*x = (size_t)((ptrdiff_t)*x + sh->delta);
	return true;
}

/* A span [*a, *b) moved; false when a bound falls inside the edit. */
static bool span_moved(const struct shift *sh, size_t *a, size_t *b)
{
	return moved(sh, a, true) && moved(sh, b, false) && *a <= *b;
}

/* Copy d into out with its offsets moved; false when one falls inside the
 * edit (then the finding is not the old one moved). */
static bool add_moved(struct diag_list *out, const struct diag *s, const struct shift *sh,
                      ptrdiff_t by)
{
	size_t start = s->loc.start, end = s->loc.end, rs = s->related.start, re = s->related.end;
	bool ok = sh ? span_moved(sh, &start, &end) : true;
	if (s->has_related && sh)
		ok = ok && span_moved(sh, &rs, &re);
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
		if (sh && !span_moved(sh, &a, &b))
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
		if (m != edited && strcmp(m->name, "Action") && !(p && engine_param_reads(p, m->name)))
			continue;
		size_t a = m->key_start, b = m->value_end;
		if (!span_moved(sh, &a, &b) || b - a > SMALL_REQUEST_MAX - sb.len) {
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
	if (!span_moved(sh, &a, &b) || b <= a || !plain(src->bytes + a, b - a))
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

/* Is text[at] outside every string of the request, whose object starts at
 * from?  The text before at is valid JSON up to there (it parsed), where a
 * quote is a string's bound unless a backslash escapes it. */
static bool outside_strings(const char *text, size_t from, size_t at)
{
	bool inside = false;
	for (size_t i = from; i < at;) {
		const char *q = memchr(text + i, '"', at - i);
		if (!q)
			break;
		size_t k = (size_t)(q - text), slashes = 0;
		while (inside && k - slashes > from && text[k - slashes - 1] == '\\')
			slashes++;
		if (slashes % 2 == 0)
			inside = !inside;
		i = k + 1;
	}
	return !inside;
}

/* A byte of a number or a literal (true, false, null): white space
 * between two of them would split a token. */
static bool token_byte(char c)
{
	return c && !strchr(" \t\n\r{}[]:,\"", c);
}

/* The old findings, every one moved by the edit: white space typed or
 * removed between tokens, which changes no value, no key and no size a
 * check measures (sizes are of the minified JSON). */
static bool moved_only(struct lsp_reuse *u, const struct shift *sh, const struct source *src,
                       struct diag_list *out)
{
	size_t end = (size_t)((ptrdiff_t)sh->start + (ptrdiff_t)u->edit_len);
	if (!(u->root_start < sh->start && sh->end < u->root_end) || end >= src->len ||
	    (token_byte(src->bytes[sh->start - 1]) && token_byte(src->bytes[end])) ||
	    !outside_strings(src->bytes, u->root_start, sh->start))
		return false;
	diag_list_init(out);
	bool ok = true;
	for (size_t i = 0; ok && i < u->raw.len; i++)
		ok = add_moved(out, &u->raw.items[i], sh, 0);
	for (size_t i = 0; ok && i < u->raw.n_secrets; i++) {
		size_t a = u->raw.secrets[i].start, b = u->raw.secrets[i].end;
		ok = span_moved(sh, &a, &b);
		diag_add_secret(out, a, b);
	}
	if (!ok)
		diag_list_release(out);
	return ok;
}

/* The findings of the new text: the old ones moved, but those that start
 * in [from, to) of the old text (a member or an entry checked again),
 * which are made again from the small request's that start in
 * [at, small_to), moved by `by` to where it stands now.  False when a
 * finding cannot be placed so (a bound inside the edit, a related span
 * across the border): then it is not the same list. */
static bool compose(const struct lsp_reuse *u, const struct shift *sh, size_t from, size_t to,
                    const struct diag_list *found, size_t at, size_t small_to, ptrdiff_t by,
                    struct diag_list *out)
{
	bool ok = true;
	diag_list_init(out);
	for (size_t i = 0; ok && i < u->raw.len; i++) {
		const struct diag *d = &u->raw.items[i];
		if (d->loc.start >= from && d->loc.start < to)
			continue;
		ok = !(d->has_related && d->related.end > from && d->related.start < to) &&
		     add_moved(out, d, sh, 0);
	}
	for (size_t i = 0; ok && i < found->len; i++) {
		const struct diag *d = &found->items[i];
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
		ok = span_moved(sh, &a, &b);
		diag_add_secret(out, a, b);
	}
	/* A span that holds the whole entry is an enclosing value's, made
	 * by the keys above it and kept above; one across the border is no
	 * value's of the new text. */
	for (size_t i = 0; ok && i < found->n_secrets; i++) {
		size_t a = found->secrets[i].start, b = found->secrets[i].end;
		if (a >= at && a < small_to) {
			ok = b <= small_to;
			diag_add_secret(out, (size_t)((ptrdiff_t)a + by), (size_t)((ptrdiff_t)b + by));
		} else {
			ok = b <= at || a >= small_to || (a < at && b >= small_to);
		}
	}
	if (!ok)
		diag_list_release(out);
	return ok;
}

/* Check a small request of ours (text, owned: freed here) as the
 * document would be checked, its findings in *found (initialised here);
 * the tree hook keeps no outline of it, but reads probe back when given. */
static void check_small(struct engine *eng, enum request_input input, const char *operation,
                        const struct source *src, char *text, size_t len,
                        struct lsp_reuse_capture *cap, struct lsp_probe *probe,
                        struct diag_list *found)
{
	struct source *small = source_new(src->name, text, len);
	free(text);
	diag_list_init(found);
	struct lsp_reuse *into = cap->into;
	cap->into = NULL;
	cap->probe = probe;
	engine_set_input(eng, input);
	engine_check(eng, small, operation, found);
	engine_set_input(eng, REQUEST_INPUT_AUTO);
	cap->into = into;
	cap->probe = NULL;
	source_free(small);
}

/* The outline of the new text: every offset past the edit moved. */
static void outline_moved(struct lsp_reuse *u, const struct shift *sh, struct lsp_member *edited,
                          size_t edited_end)
{
	for (size_t i = 0; i < u->n_members; i++) {
		struct lsp_member *m = &u->members[i];
		if (m == edited) {
			m->value_end = edited_end;
			continue;
		}
		moved(sh, &m->key_start, true);
		moved(sh, &m->value_start, true);
		moved(sh, &m->value_end, false);
	}
	moved(sh, &u->root_end, false);
	for (size_t i = 0; i < u->db.n_entries; i++) {
		struct lsp_entry *x = &u->db.entries[i];
		moved(sh, &x->key_start, true);
		moved(sh, &x->value_start, true);
		moved(sh, &x->value_end, false);
		moved(sh, &x->name_start, true);
		moved(sh, &x->name_end, false);
		moved(sh, &x->map_key_start, true);
		moved(sh, &x->map_value_start, true);
	}
}

/* ---- an edit inside one entry of the DbList ---------------------------- */

/* Is dest (an entry's destination name, now) no other entry's of its
 * map, where distinct-names compares them?  Entries whose key is written
 * twice count too: more often no than the check, never yes wrongly. */
static bool dest_alone(const struct lsp_dblist *db, const struct lsp_entry *x, const char *dest,
                       size_t len)
{
	if (x->reads != ENGINE_ENTRIES_DEST_NAMES)
		return true;
	for (size_t i = 0; i < db->n_entries; i++) {
		const struct lsp_entry *y = &db->entries[i];
		if (y != x && y->group == x->group && y->dest && y->dest_len == len &&
		    !memcmp(y->dest, dest, len))
			return false;
	}
	return true;
}

/* The innermost entry whose value, or a table's key, holds the edit: a
 * table, else its database (*key set when it is the table's key); NULL
 * when the edit touches a table's key otherwise, the key of the member
 * that holds its map (which map it is: the outline's answers for its
 * tables), or lies between the databases. */
static struct lsp_entry *entry_at(struct lsp_dblist *db, const struct shift *sh, bool *key)
{
	struct lsp_entry *d = NULL, *t = NULL;
	*key = false;
	for (size_t i = 0; i < db->n_entries; i++) {
		struct lsp_entry *x = &db->entries[i];
		bool in_key = x->table && x->name_start <= sh->start && sh->end <= x->name_end &&
		              x->name_start > x->key_start;
		bool inside = (x->value_start < sh->start && sh->end < x->value_end) || in_key;
		if (!x->table && inside)
			d = x;
		else if (x->table && d && x->db == (size_t)(d - db->entries)) {
			if (inside) {
				t = x;
				*key = in_key;
			}
			else if ((sh->start < x->value_end && sh->end >= x->key_start) ||
			         (sh->start <= x->map_value_start && sh->end >= x->map_key_start))
				return NULL;
		}
	}
	return t ? t : d;
}

/* Is the table's new key (at [x->name_start, end) of the new text) no
 * other table's of its map?  Keys are compared as written, which is
 * exact only when none of them holds an escape. */
static bool key_alone(const struct lsp_dblist *db, const struct lsp_entry *x, size_t end,
                      const struct shift *sh, const struct source *src)
{
	const char *key = src->bytes + x->name_start;
	size_t len = end - x->name_start;
	if (memchr(key, '\\', len))
		return false;
	for (size_t i = 0; i < db->n_entries; i++) {
		const struct lsp_entry *y = &db->entries[i];
		if (y == x || y->group != x->group)
			continue;
		size_t a = y->name_start, b = y->name_end;
		if (!span_moved(sh, &a, &b) || memchr(src->bytes + a, '\\', b - a) ||
		    (b - a == len && !memcmp(src->bytes + a, key, len)))
			return false;
	}
	return true;
}

/* Append text[a, b) of the new text. */
static void add_bytes(struct strbuf *sb, const struct source *src, size_t a, size_t b)
{
	strbuf_add(sb, src->bytes + a, b - a);
}

/* The small request for entry x: every top-level member but the DbList,
 * then the DbList holding x's database, holding x alone when x is a
 * table, all from the new text's bytes.  Sets *at to where x's key starts
 * in it and probe->db_at; NULL when it would not be small. */
static char *entry_request(const struct lsp_reuse *u, const struct lsp_entry *x, size_t to_new,
                           const struct shift *sh, const struct source *src, size_t *len,
                           size_t *at, struct lsp_probe *probe)
{
	const struct lsp_dblist *db = &u->db;
	const struct lsp_member *m = &u->members[db->member];
	const struct lsp_entry *d = &db->entries[x->db];
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "{", 1);
	for (size_t i = 0; i < u->n_members; i++) {
		size_t a = u->members[i].key_start, b = u->members[i].value_end;
		if (i == db->member)
			continue;
		if (!span_moved(sh, &a, &b) || b - a > SMALL_REQUEST_MAX - sb.len) {
			strbuf_release(&sb);
			return NULL;
		}
		add_bytes(&sb, src, a, b);
		strbuf_add(&sb, ",", 1);
	}
	add_bytes(&sb, src, m->key_start, m->value_start);
	probe->db_at = sb.len;
	strbuf_add(&sb, db->string ? "\"{" : "{", db->string ? 2 : 1);
	if (x->table) {
		add_bytes(&sb, src, d->key_start, d->value_start);
		strbuf_add(&sb, "{", 1);
		add_bytes(&sb, src, x->map_key_start, x->map_value_start);
		strbuf_add(&sb, "{", 1);
	}
	*at = sb.len;
	add_bytes(&sb, src, x->key_start, to_new);
	if (x->table)
		strbuf_add(&sb, "}}", 2);
	strbuf_add(&sb, db->string ? "}\"}" : "}}", db->string ? 3 : 2);
	*len = sb.len;
	return strbuf_detach(&sb, NULL);
}

static void outline_moved(struct lsp_reuse *u, const struct shift *sh, struct lsp_member *edited,
                          size_t edited_end);

/* The findings after an edit inside one entry of the DbList (lsp_reuse.h):
 * 1 made in *out and the outline moved, 0 the edit is not in the DbList,
 * -1 check the whole. */
static int entry_reuse(struct lsp_reuse *u, const struct shift *sh, struct engine *eng,
                       enum request_input input, const char *operation, const struct source *src,
                       struct lsp_reuse_capture *cap, struct diag_list *out)
{
	struct lsp_dblist *db = &u->db;
	const struct lsp_member *m = db->kept ? &u->members[db->member] : NULL;
	if (!m || !(m->value_start < sh->start && sh->end < m->value_end))
		return 0;
	/* The size checks measure at most the value's bytes (white space
	 * between tokens left out, escapes decoded): under the smallest
	 * limit before and after, none of them fires either time. */
	size_t old_len = m->value_end - m->value_start;
	size_t new_len = (size_t)((ptrdiff_t)old_len + sh->delta);
	if (db->limit && (old_len > db->limit || new_len > db->limit))
		return -1;
	bool key;
	struct lsp_entry *x = entry_at(db, sh, &key);
	/* (a table of a database written twice is checked in the first) */
	if (!x || !x->unique || !db->entries[x->db].unique || !x->dest ||
	    x->reads == ENGINE_ENTRIES_TOGETHER ||
	    (x->table && db->record_below) || !dest_alone(db, x, x->dest, x->dest_len))
		return -1;
	size_t from = x->key_start, to_new = (size_t)((ptrdiff_t)x->value_end + sh->delta);
	if (to_new > src->len || to_new - from > SMALL_REQUEST_MAX)
		return -1;
	/* A key written twice is reported (DTS003) and checked once. */
	if (key && !key_alone(db, x, (size_t)((ptrdiff_t)x->name_end + sh->delta), sh, src))
		return -1;
	struct lsp_probe probe = {.table = x->table};
	size_t len, at;
	char *text = entry_request(u, x, to_new, sh, src, &len, &at, &probe);
	if (!text)
		return -1;
	struct diag_list found;
	check_small(eng, input, operation, src, text, len, cap, &probe, &found);
	bool ok = cap->parsed && probe.found && probe.dest &&
	          dest_alone(db, x, probe.dest, probe.dest_len) &&
	          compose(u, sh, from, x->value_end, &found, at, at + (to_new - from),
	                  (ptrdiff_t)from - (ptrdiff_t)at, out);
	diag_list_release(&found);
	if (!ok) {
		free(probe.dest);
		return -1;
	}
	free(x->dest);
	x->dest = probe.dest;
	x->dest_len = probe.dest_len;
	/* Text typed at either end of a key is in it (outline_moved() puts
	 * what is typed at a span's start before it). */
	size_t name_start = x->name_start, name_end = (size_t)((ptrdiff_t)x->name_end + sh->delta);
	outline_moved(u, sh, NULL, 0);
	if (key) {
		x->name_start = name_start;
		x->name_end = name_end;
	}
	return 1;
}

bool lsp_reuse_check(struct lsp_reuse *u, const struct engine_read_names *names, struct engine *eng,
                     const struct ruleset *rs, enum request_input input, const char *operation,
                     struct source *src, struct lsp_reuse_capture *cap, struct diag_list *out)
{
	if (!u->valid || u->n_edits != 1 || !(u->edit_plain || u->edit_blank))
		goto forget;
	struct shift sh = {u->edit_start, u->edit_end, (ptrdiff_t)u->edit_len - (ptrdiff_t)(u->edit_end - u->edit_start)};
	if (u->edit_blank && moved_only(u, &sh, src, out)) {
		outline_moved(u, &sh, NULL, 0);
		goto done;
	}
	if (!u->edit_plain)
		goto forget;
	int in_entry = entry_reuse(u, &sh, eng, input, operation, src, cap, out);
	if (in_entry < 0)
		goto forget;
	if (in_entry > 0)
		goto done;
	struct lsp_member *edited = NULL;
	for (size_t i = 0; i < u->n_members && !edited; i++) {
		struct lsp_member *m = &u->members[i];
		if (m->string && m->value_start < sh.start && sh.end < m->value_end)
			edited = m;
	}
	if (!edited || !edited->unique || engine_read_names_has(names, edited->name))
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
	struct diag_list found;
	check_small(eng, input, operation, src, text, len, cap, NULL, &found);
	size_t small_to = at + (new_end - edited->key_start);
	ptrdiff_t by = (ptrdiff_t)edited->key_start - (ptrdiff_t)at;
	bool ok = cap->parsed &&
	          compose(u, &sh, edited->key_start, edited->value_end, &found, at, small_to, by, out);
	diag_list_release(&found);
	if (!ok)
		goto forget;
	outline_moved(u, &sh, edited, new_end);
done:
	diag_list_resolve(out, src);
	diag_list_release(&u->raw);
	lsp_diag_list_copy(&u->raw, out);
	u->n_edits = 0;
	return true;
forget:
	lsp_reuse_forget(u);
	return false;
}
