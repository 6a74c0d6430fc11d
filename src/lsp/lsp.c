/*
 * lsp: the language server's session (lsp.h).  Messages come in through
 * lsp_io's framing, are parsed with json-c, and each method is a small
 * handler.  Changed documents are marked dirty and linted only when no
 * further input is waiting, so a burst of edits costs one lint and its
 * diagnostics are those of the last version.  A lint after one edit that
 * cannot change more than one string's own findings, or one entry's of
 * the DbList (or none: white space between tokens), starts from the last
 * one's findings (lsp_reuse.c).
 */
#include "lsp.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ascii.h"
#include "config.h"
#include "diag.h"
#include "engine.h"
#include "fix_set.h"
#include "inputs.h"
#include "lsp_assist.h"
#include "lsp_io.h"
#include "lsp_position.h"
#include "lsp_reuse.h"
#include "policy.h"
#include "request.h"
#include "source.h"
#include "terraform_hcl.h"
#include "xalloc.h"

#ifndef DTSLINT_VERSION
#define DTSLINT_VERSION "0.0.0"
#endif
#ifndef DTSLINT_HELP_BASE_URI
#define DTSLINT_HELP_BASE_URI ""
#endif

/* JSON-RPC and LSP error codes. */
enum {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	LSP_SERVER_NOT_INITIALIZED = -32002,
};

/* A document over the command line's limit (SOURCE_MAX_BYTES) keeps no
 * text: it is reported as too large instead of checked, and edits with a
 * range are dropped (their positions are in a text we no longer have)
 * until it is opened again or replaced whole. */
struct document {
	char *uri;
	char *text;     /* NULL when too_large */
	size_t len, cap; /* cap: bytes allocated, for edits in place */
	int64_t version;
	bool has_version;
	bool dirty;
	bool too_large;
	enum request_input input; /* what its languageId says it is (input_of_language) */
	struct lsp_reuse reuse;   /* what the last check left for the next edit */
};

struct server {
	const struct ruleset *rs;
	struct engine *eng;
	const char *operation;
	enum lsp_encoding enc;
	int out_fd;
	bool initialized, shutdown, exited, gone;
	struct document *docs;
	size_t n_docs, cap_docs;
	struct engine_read_names *read_names; /* owned: what no edit may touch for reuse */
	struct lsp_reuse_capture capture;  /* the engine's tree hook's */
};

/* ---- output -------------------------------------------------------- */

/* The length of s cut to at most max bytes, not inside a UTF-8 character
 * (a cut there would leave a byte that starts none). */
static int utf8_cut(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	if (n > max)
		for (n = max; n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; n--)
			;
	return (int)n;
}

static void send(struct server *s, json_object *msg)
{
	json_object_object_add(msg, "jsonrpc", json_object_new_string("2.0"));
	size_t len;
	const char *body = json_object_to_json_string_length(
		msg, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (!s->gone && !lsp_write_message(s->out_fd, body, len))
		s->gone = true; /* the client has closed its end: read on to EOF */
	json_object_put(msg);
}

/* id is borrowed (NULL: null). */
static void reply(struct server *s, json_object *id, json_object *result)
{
	json_object *msg = json_object_new_object();
	json_object_object_add(msg, "id", json_object_get(id));
	json_object_object_add(msg, "result", result);
	send(s, msg);
}

static void reply_error(struct server *s, json_object *id, int code, const char *message)
{
	json_object *msg = json_object_new_object();
	json_object *err = json_object_new_object();
	json_object_object_add(err, "code", json_object_new_int(code));
	json_object_object_add(err, "message", json_object_new_string(message));
	json_object_object_add(msg, "id", json_object_get(id));
	json_object_object_add(msg, "error", err);
	send(s, msg);
}

static void notify(struct server *s, const char *method, json_object *params)
{
	json_object *msg = json_object_new_object();
	json_object_object_add(msg, "method", json_object_new_string(method));
	json_object_object_add(msg, "params", params);
	send(s, msg);
}

/* ---- documents ----------------------------------------------------- */

static struct document *find_doc(struct server *s, const char *uri)
{
	for (size_t i = 0; i < s->n_docs; i++)
		if (!strcmp(s->docs[i].uri, uri))
			return &s->docs[i];
	return NULL;
}

static void doc_drop_text(struct document *d)
{
	lsp_reuse_forget(&d->reuse);
	free(d->text);
	d->text = NULL;
	d->len = d->cap = 0;
	d->too_large = true;
	d->dirty = true;
}

static void doc_set_text(struct document *d, const char *text, size_t len)
{
	if (len > SOURCE_MAX_BYTES) {
		doc_drop_text(d);
		return;
	}
	lsp_reuse_forget(&d->reuse);
	/* A new buffer when this one is too small, or far too big (a huge
	 * paste undone should not hold its memory for the session). */
	if (len + 1 > d->cap || d->cap / 4 > len + 1) {
		free(d->text);
		d->cap = len + 1;
		d->text = xmalloc(d->cap);
	}
	memcpy(d->text, text, len);
	d->text[len] = '\0';
	d->len = len;
	d->too_large = false;
	d->dirty = true;
}

/* Replace text[start, end) with repl[0, n), in place: an edit moves the
 * text after it, not the whole document. */
static void doc_edit(struct document *d, size_t start, size_t end, const char *repl, size_t n)
{
	size_t len = d->len - (end - start) + n;
	if (len > SOURCE_MAX_BYTES) {
		doc_drop_text(d);
		return;
	}
	if (len + 1 > d->cap) {
		size_t cap = d->cap * 2 > len + 1 ? d->cap * 2 : len + 1;
		d->cap = cap < SOURCE_MAX_BYTES + 1 ? cap : SOURCE_MAX_BYTES + 1;
		d->text = xrealloc(d->text, d->cap);
	}
	memmove(d->text + start + n, d->text + end, d->len - end + 1); /* with the NUL */
	memcpy(d->text + start, repl, n);
	d->len = len;
	d->dirty = true;
}

/* The operation that applies to a document without "Action": --operation
 * (.dtslint.json names no operation; its rule selection is applied to
 * the findings, in apply_config below). */
static const char *doc_operation(const struct server *s, const struct document *d)
{
	(void)d;
	return s->operation;
}

/* ---- diagnostics --------------------------------------------------- */


static int lsp_severity(enum severity sev)
{
	switch (sev) {
	case SEV_ERROR: return 1;
	case SEV_WARNING: return 2;
	default: return 3; /* a note: Information */
	}
}

static json_object *diagnostic_json(const struct document *doc, struct lsp_map *map,
                                    const struct diag *d)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "range", lsp_range_json(map, d->loc.start, d->loc.end));
	json_object_object_add(o, "severity", json_object_new_int(lsp_severity(d->severity)));
	json_object_object_add(o, "code", json_object_new_string(d->rule->id));
	/* Build option help_base_uri; empty (the default): no URI is
	 * invented, and codeDescription (optional in LSP) is left out. */
	if (DTSLINT_HELP_BASE_URI[0]) {
		size_t n = strlen(DTSLINT_HELP_BASE_URI) + strlen(d->rule->id) + 4;
		char *href = xmalloc(n);
		snprintf(href, n, "%s%s.md", DTSLINT_HELP_BASE_URI, d->rule->id);
		json_object *desc = json_object_new_object();
		json_object_object_add(desc, "href", json_object_new_string(href));
		free(href);
		json_object_object_add(o, "codeDescription", desc);
	}
	json_object_object_add(o, "source", json_object_new_string("dtslint"));
	if (d->suggestion) {
		/* Editors show the message only: the help goes on its own line. */
		size_t m = strlen(d->message) + strlen(d->suggestion) + 8;
		char *text = xmalloc(m);
		snprintf(text, m, "%s\nhelp: %s", d->message, d->suggestion);
		json_object_object_add(o, "message", json_object_new_string(text));
		free(text);
	} else {
		json_object_object_add(o, "message", json_object_new_string(d->message));
	}
	if (d->has_related) {
		json_object *info = json_object_new_object(), *loc = json_object_new_object();
		json_object_object_add(loc, "uri", json_object_new_string(doc->uri));
		json_object_object_add(loc, "range", lsp_range_json(map, d->related.start, d->related.end));
		json_object_object_add(info, "location", loc);
		json_object_object_add(info, "message",
		                       json_object_new_string(d->related_message ? d->related_message : ""));
		json_object *list = json_object_new_array();
		json_object_array_add(list, info);
		json_object_object_add(o, "relatedInformation", list);
	}
	return o;
}

static void publish(struct server *s, const struct document *doc, json_object *diagnostics)
{
	json_object *params = json_object_new_object();
	json_object_object_add(params, "uri", json_object_new_string(doc->uri));
	if (doc->has_version)
		json_object_object_add(params, "version", json_object_new_int64(doc->version));
	json_object_object_add(params, "diagnostics", diagnostics);
	notify(s, "textDocument/publishDiagnostics", params);
}

/* The local path of a file: URI ("file:///a/b%20c.json" -> "/a/b c.json"),
 * or NULL (another scheme, an authority, an encoded NUL).  Caller frees. */
static char *uri_to_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0 || uri[7] != '/')
		return NULL;
	const char *p = uri + 7;
	char *path = xmalloc(strlen(p) + 1), *o = path;
	for (; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = ascii_hex_value(p[1])) >= 0 && (lo = ascii_hex_value(p[2])) >= 0 &&
		    (hi || lo)) {
			*o++ = (char)(hi << 4 | lo);
			p += 2;
		} else if (*p == '%' || *p == '?' || *p == '#') {
			free(path);
			return NULL;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return path;
}

/* The .dtslint.json files from the document's folder up, as the command
 * line applies them: rules turned off or re-levelled, suppressed findings
 * dropped.  Read afresh for every check, so an edit to a config file shows
 * at the document's next change.  A document that is not a local file, or
 * a config that does not parse, keeps every finding. */
static void apply_config(struct server *s, const struct document *doc, struct diag_list *diags)
{
	char *path = uri_to_path(doc->uri);
	if (!path)
		return;
	char err[1024];
	struct config_set *cs = config_set_new(s->rs);
	struct config_effective eff;
	if (config_effective_get(cs, path, path, &eff, err, sizeof err)) {
		struct policy_input in = {.eff = &eff};
		struct policy_stats stats = {0};
		policy_apply(&in, diags, &stats);
	}
	config_effective_release(&eff);
	config_set_free(cs);
	free(path);
}

/* Is the document a request, as the command line decides for a file it
 * is given?  An editor opens every JSON and text file of a workspace
 * (package.json, tsconfig.json, .dtslint.json, a baseline, notes): those
 * get no request diagnostics, and neither does a file the folder's
 * .dtslint.json excludes.  A document that is not a local file is judged
 * by its text alone. */
static bool doc_is_request(struct server *s, const struct document *doc, const struct source *src)
{
	if (doc->input == REQUEST_INPUT_TERRAFORM && !terraform_hcl_named(doc->uri)) {
		/* Terraform by its languageId, not its name (an untitled
		 * buffer): a request when it declares a DTS resource, as a
		 * .tf file is. */
		struct request *req = request_parse(src, doc->input, NULL, &s->rs->terraform);
		enum input_kind kind = inputs_classify_named(s->rs, doc->uri, req, src->bytes, src->len);
		request_free(req);
		return kind == INPUT_REQUEST;
	}
	char *path = uri_to_path(doc->uri);
	struct config_set *cs = config_set_new(s->rs);
	/* a .tf is judged as named (a languageId terraform would force it) */
	enum input_kind kind = inputs_judge_named(s->rs, cs, path, src,
	                                          doc->input == REQUEST_INPUT_TERRAFORM ? REQUEST_INPUT_AUTO : doc->input);
	config_set_free(cs);
	free(path);
	return kind == INPUT_REQUEST;
}

/* The document's findings, as the command line would report them (the
 * folder's configuration applied; none for a document that is no
 * request).  With reuse, an edit inside one string since the last check
 * is checked from that check's findings when lsp_reuse.c can (the same
 * findings, without checking the whole document: a keystroke in a 1 MB
 * request), and a full check leaves its own for the next edit; without,
 * the document is checked whole and the reuse state is left alone (a code
 * action's fixes are made from the text itself).  Caller releases diags
 * and frees the returned source. */
static struct source *check_doc(struct server *s, struct document *doc, struct diag_list *diags,
                                bool reuse)
{
	struct source *src = source_new(doc->uri, doc->text, doc->len);
	diag_list_init(diags);
	if (!doc_is_request(s, doc, src)) {
		if (reuse)
			lsp_reuse_forget(&doc->reuse);
		return src;
	}
	if (!reuse || !lsp_reuse_check(&doc->reuse, s->read_names, s->eng, s->rs, doc->input,
	                               doc_operation(s, doc), src, &s->capture, diags)) {
		s->capture.into = reuse ? &doc->reuse : NULL;
		s->capture.rs = s->rs;
		s->capture.operation = doc_operation(s, doc);
		s->capture.parsed = false;
		engine_set_input(s->eng, doc->input);
		engine_check(s->eng, src, doc_operation(s, doc), diags);
		engine_set_input(s->eng, REQUEST_INPUT_AUTO);
		diag_list_resolve(diags, src);
		if (reuse)
			lsp_reuse_keep(&doc->reuse, diags, s->capture.parsed);
		s->capture.into = NULL;
	}
	apply_config(s, doc, diags);
	return src;
}

/* The one diagnostic of a document over the limit, at its start. */
static json_object *too_large_json(void)
{
	struct lsp_map start;
	lsp_map_init(&start, "", 0, LSP_ENC_UTF8);
	char message[160];
	snprintf(message, sizeof message,
	         "the document is larger than %zu MiB, the most dtslint checks; reopen it once it is smaller",
	         SOURCE_MAX_BYTES >> 20);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "range", lsp_range_json(&start, 0, 0));
	lsp_map_release(&start);
	json_object_object_add(o, "severity", json_object_new_int(lsp_severity(SEV_ERROR)));
	json_object_object_add(o, "source", json_object_new_string("dtslint"));
	json_object_object_add(o, "message", json_object_new_string(message));
	return o;
}

static void lint(struct server *s, struct document *doc)
{
	if (doc->too_large) {
		json_object *list = json_object_new_array();
		json_object_array_add(list, too_large_json());
		publish(s, doc, list);
		doc->dirty = false;
		return;
	}
	struct diag_list diags;
	struct source *src = check_doc(s, doc, &diags, true);
	json_object *list = json_object_new_array_ext((int)diags.len);
	if (diags.len) { /* a clean document needs no line table */
		struct lsp_map map;
		lsp_map_init(&map, doc->text, doc->len, s->enc);
		for (size_t i = 0; i < diags.len; i++)
			json_object_array_add(list, diagnostic_json(doc, &map, &diags.items[i]));
		lsp_map_release(&map);
	}
	diag_list_release(&diags);
	source_free(src);
	publish(s, doc, list);
	doc->dirty = false;
}

static void lint_dirty(struct server *s)
{
	for (size_t i = 0; i < s->n_docs; i++)
		if (s->docs[i].dirty)
			lint(s, &s->docs[i]);
}

/* ---- parameter access ---------------------------------------------- */

static json_object *member(json_object *o, const char *key, json_type type)
{
	json_object *v;
	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, type))
		return NULL;
	return v;
}

static const char *member_string(json_object *o, const char *key, size_t *len)
{
	json_object *v = member(o, key, json_type_string);
	if (!v)
		return NULL;
	if (len)
		*len = (size_t)json_object_get_string_len(v);
	return json_object_get_string(v);
}

/* {textDocument: {uri}} -> the open document, or NULL. */
static struct document *param_doc(struct server *s, json_object *params)
{
	const char *uri = member_string(member(params, "textDocument", json_type_object), "uri", NULL);
	return uri ? find_doc(s, uri) : NULL;
}

/* A Position in the document's text as a byte offset; false if malformed. */
static bool param_offset(json_object *pos, struct lsp_map *map, size_t *offset)
{
	json_object *line = member(pos, "line", json_type_int);
	json_object *chr = member(pos, "character", json_type_int);
	if (!line || !chr || json_object_get_int64(line) < 0 || json_object_get_int64(chr) < 0)
		return false;
	struct lsp_pos p = {(size_t)json_object_get_int64(line), (size_t)json_object_get_int64(chr)};
	*offset = lsp_map_offset(map, p);
	return true;
}

/* ---- methods ------------------------------------------------------- */

/* A WorkspaceEdit of one document, with no edit yet: {"changes": {uri: []}}. */
static json_object *workspace_edit_new(const char *uri)
{
	json_object *changes = json_object_new_object();
	json_object_object_add(changes, uri, json_object_new_array());
	json_object *ws = json_object_new_object();
	json_object_object_add(ws, "changes", changes);
	return ws;
}

/* Append one TextEdit to the document's edits in ws. */
static void workspace_edit_add(json_object *ws, const char *uri, struct lsp_map *map, const struct diag_edit *e)
{
	json_object *changes, *edits;
	json_object_object_get_ex(ws, "changes", &changes);
	json_object_object_get_ex(changes, uri, &edits);
	json_object *te = json_object_new_object();
	json_object_object_add(te, "range", lsp_range_json(map, e->start, e->end));
	json_object_object_add(te, "newText", json_object_new_string(e->text));
	json_object_array_add(edits, te);
}

/* One quick fix: the edits of a finding's safe fix (those --fix applies),
 * as a WorkspaceEdit of this document. */
static json_object *code_action_json(const struct document *doc, struct lsp_map *map, const struct diag *d)
{
	json_object *ws = workspace_edit_new(doc->uri);
	for (size_t i = 0; i < d->n_edits; i++)
		workspace_edit_add(ws, doc->uri, map, &d->edits[i]);
	char title[200];
	const char *what = d->suggestion ? d->suggestion : d->message;
	snprintf(title, sizeof title, "Fix %s: %.*s", d->rule->id, utf8_cut(what, 160), what);
	json_object *action = json_object_new_object();
	json_object_object_add(action, "title", json_object_new_string(title));
	json_object_object_add(action, "kind", json_object_new_string("quickfix"));
	json_object *diagnostics = json_object_new_array();
	json_object_array_add(diagnostics, diagnostic_json(doc, map, d));
	json_object_object_add(action, "diagnostics", diagnostics);
	json_object_object_add(action, "edit", ws);
	return action;
}

/* source.fixAll: every safe fix of the document in one edit, chosen as
 * --fix chooses them (fix_set.c: a finding's edits all or none, none
 * overlapping); a fix that would write into a secret is left out, since
 * its text would reach the client.  NULL when there is nothing to fix. */
static json_object *fix_all_json(const struct document *doc, struct lsp_map *map,
                                 const struct diag_list *diags)
{
	struct diag_list safe = {0};
	safe.items = xcalloc(diags->len ? diags->len : 1, sizeof *safe.items);
	for (size_t i = 0; i < diags->len; i++)
		if (diags->items[i].n_edits && !diag_fix_touches_secret(diags, &diags->items[i]))
			safe.items[safe.len++] = diags->items[i]; /* a shallow copy: the edits stay theirs */
	struct fix_set set;
	fix_set_choose(&set, &safe);
	json_object *action = NULL;
	if (set.n_edits) {
		json_object *ws = workspace_edit_new(doc->uri);
		for (size_t i = 0; i < set.n_edits; i++)
			workspace_edit_add(ws, doc->uri, map, set.edits[i]);
		char title[100];
		snprintf(title, sizeof title, "Fix all dtslint findings that have a safe fix (%zu)", set.n_fixed);
		action = json_object_new_object();
		json_object_object_add(action, "title", json_object_new_string(title));
		json_object_object_add(action, "kind", json_object_new_string("source.fixAll"));
		json_object_object_add(action, "edit", ws);
	}
	fix_set_release(&set);
	free(safe.items);
	return action;
}

/* Does the client ask for actions of this kind?  CodeActionKinds are
 * hierarchical ("source" asks for "source.fixAll").  Without "only" (a
 * light bulb at the cursor) the quick fixes there, not the whole
 * document's: fix-all is for the editor's "Source Action" menu and
 * codeActionsOnSave, which name it. */
static bool kind_wanted(json_object *only, const char *kind)
{
	if (!only)
		return strcmp(kind, "quickfix") == 0;
	for (size_t i = 0; i < json_object_array_length(only); i++) {
		json_object *k = json_object_array_get_idx(only, i);
		if (!json_object_is_type(k, json_type_string))
			continue;
		const char *w = json_object_get_string(k);
		size_t n = strlen(w);
		if (!strncmp(kind, w, n) && (kind[n] == '\0' || kind[n] == '.'))
			return true;
	}
	return false;
}

/* textDocument/codeAction: the quick fixes of the findings that overlap
 * the range (the document is checked again: a fix must match the text
 * the client has now), and, when asked for, source.fixAll for the whole
 * document.  A fix
 * that would write into a secret is not offered, as --format json and
 * SARIF leave it out. */
static void on_code_action(struct server *s, json_object *id, json_object *params)
{
	json_object *range = member(params, "range", json_type_object);
	struct document *d = param_doc(s, params);
	if (!range || !member(params, "textDocument", json_type_object)) {
		reply_error(s, id, RPC_INVALID_PARAMS, "expected textDocument and range");
		return;
	}
	if (!d || d->too_large) {
		reply(s, id, json_object_new_array());
		return;
	}
	struct lsp_map map;
	lsp_map_init(&map, d->text, d->len, s->enc);
	size_t from, to;
	if (!param_offset(member(range, "start", json_type_object), &map, &from) ||
	    !param_offset(member(range, "end", json_type_object), &map, &to)) {
		lsp_map_release(&map);
		reply_error(s, id, RPC_INVALID_PARAMS, "range needs start and end positions");
		return;
	}
	json_object *only = member(member(params, "context", json_type_object), "only", json_type_array);
	struct diag_list diags;
	struct source *src = check_doc(s, d, &diags, false);
	json_object *actions = json_object_new_array();
	for (size_t i = 0; kind_wanted(only, "quickfix") && i < diags.len; i++) {
		const struct diag *g = &diags.items[i];
		bool overlaps = g->loc.start <= to && from <= g->loc.end;
		if (g->n_edits && overlaps && !diag_fix_touches_secret(&diags, g))
			json_object_array_add(actions, code_action_json(d, &map, g));
	}
	json_object *all = kind_wanted(only, "source.fixAll") ? fix_all_json(d, &map, &diags) : NULL;
	if (all)
		json_object_array_add(actions, all);
	diag_list_release(&diags);
	source_free(src);
	lsp_map_release(&map);
	reply(s, id, actions);
}

static void on_initialize(struct server *s, json_object *id, json_object *params)
{
	if (s->initialized) {
		reply_error(s, id, RPC_INVALID_REQUEST, "initialize was already received");
		return;
	}
	s->initialized = true;
	/* UTF-16 is LSP's default and every client's fallback; UTF-8 is what
	 * dtslint counts in, so take it when the client offers it. */
	json_object *encs = member(member(member(params, "capabilities", json_type_object), "general",
	                                  json_type_object), "positionEncodings", json_type_array);
	const char *chosen = "utf-16";
	for (size_t i = 0; encs && i < json_object_array_length(encs); i++) {
		json_object *e = json_object_array_get_idx(encs, i);
		if (json_object_is_type(e, json_type_string) && !strcmp(json_object_get_string(e), "utf-8")) {
			s->enc = LSP_ENC_UTF8;
			chosen = "utf-8";
		}
	}
	json_object *caps = json_object_new_object();
	json_object_object_add(caps, "positionEncoding", json_object_new_string(chosen));
	json_object *sync = json_object_new_object();
	json_object_object_add(sync, "openClose", json_object_new_boolean(1));
	/* Incremental: a keystroke sends its edit, not the whole text again
	 * (decoding a 100 KB message costs a third of linting it). */
	json_object_object_add(sync, "change", json_object_new_int(2));
	json_object *save = json_object_new_object();
	json_object_object_add(save, "includeText", json_object_new_boolean(0));
	json_object_object_add(sync, "save", save);
	json_object_object_add(caps, "textDocumentSync", sync);
	json_object_object_add(caps, "hoverProvider", json_object_new_boolean(1));
	json_object *code_action = json_object_new_object();
	json_object *kinds = json_object_new_array();
	json_object_array_add(kinds, json_object_new_string("quickfix"));
	json_object_array_add(kinds, json_object_new_string("source.fixAll"));
	json_object_object_add(code_action, "codeActionKinds", kinds);
	json_object_object_add(caps, "codeActionProvider", code_action);
	json_object *completion = json_object_new_object();
	json_object *triggers = json_object_new_array();
	json_object_array_add(triggers, json_object_new_string("\""));
	json_object_object_add(completion, "triggerCharacters", triggers);
	json_object_object_add(caps, "completionProvider", completion);
	json_object *info = json_object_new_object();
	json_object_object_add(info, "name", json_object_new_string("dtslint"));
	json_object_object_add(info, "version", json_object_new_string(DTSLINT_VERSION));
	json_object *result = json_object_new_object();
	json_object_object_add(result, "capabilities", caps);
	json_object_object_add(result, "serverInfo", info);
	reply(s, id, result);
}

/* The form a languageId names: a shell script or a Markdown runbook is read
 * for its aliyun dts commands (an untitled one has no name to tell by, and
 * a script need not be named *.sh); anything else is told by its name and
 * first bytes, as the command line does. */
static enum request_input input_of_language(const char *language)
{
	if (language && !strcmp(language, "shellscript"))
		return REQUEST_INPUT_SHELL;
	if (language && !strcmp(language, "markdown"))
		return REQUEST_INPUT_MARKDOWN;
	if (language && !strcmp(language, "terraform"))
		return REQUEST_INPUT_TERRAFORM;
	return REQUEST_INPUT_AUTO;
}

static void on_did_open(struct server *s, json_object *params)
{
	json_object *td = member(params, "textDocument", json_type_object);
	const char *uri = member_string(td, "uri", NULL);
	size_t len;
	const char *text = member_string(td, "text", &len);
	if (!uri || !text)
		return;
	struct document *d = find_doc(s, uri);
	if (!d) {
		if (s->n_docs == s->cap_docs) {
			s->cap_docs = s->cap_docs ? 2 * s->cap_docs : 8;
			s->docs = xrealloc(s->docs, s->cap_docs * sizeof *s->docs);
		}
		d = &s->docs[s->n_docs++];
		*d = (struct document){.uri = xstrdup(uri)};
	}
	d->input = input_of_language(member_string(td, "languageId", NULL));
	json_object *version = member(td, "version", json_type_int);
	d->has_version = version != NULL;
	d->version = version ? json_object_get_int64(version) : 0;
	doc_set_text(d, text, len);
}

/* A change without a range replaces the text; one with a range is an
 * edit, its positions in the negotiated encoding. */
static void apply_change(struct server *s, struct document *d, json_object *change)
{
	size_t len;
	const char *text = member_string(change, "text", &len);
	if (!text)
		return;
	json_object *range = member(change, "range", json_type_object);
	if (!range) {
		doc_set_text(d, text, len);
		return;
	}
	if (d->too_large)
		return;
	/* The lines up to the edit's only: a keystroke near the top of a 1 MB
	 * request reads a few of them, not the whole text. */
	json_object *from = member(range, "start", json_type_object), *to = member(range, "end", json_type_object);
	size_t last = 0;
	for (json_object *pos = from; pos; pos = pos == from ? to : NULL) {
		json_object *line = member(pos, "line", json_type_int);
		if (line && json_object_get_int64(line) > 0 && (uint64_t)json_object_get_int64(line) > last)
			last = (size_t)json_object_get_int64(line);
	}
	struct lsp_map map;
	lsp_map_init_upto(&map, d->text, d->len, s->enc, last);
	size_t start, end;
	bool ok = param_offset(from, &map, &start) && param_offset(to, &map, &end) && start <= end;
	lsp_map_release(&map);
	if (ok) {
		lsp_reuse_note_edit(&d->reuse, d->text, start, end, text, len);
		doc_edit(d, start, end, text, len);
	}
}

static void on_did_change(struct server *s, json_object *params)
{
	struct document *d = param_doc(s, params);
	json_object *changes = member(params, "contentChanges", json_type_array);
	if (!d || !changes)
		return;
	json_object *version = member(member(params, "textDocument", json_type_object), "version",
	                              json_type_int);
	if (version) {
		d->has_version = true;
		d->version = json_object_get_int64(version);
	}
	for (size_t i = 0; i < json_object_array_length(changes); i++)
		apply_change(s, d, json_object_array_get_idx(changes, i));
}

static void on_did_save(struct server *s, json_object *params)
{
	struct document *d = param_doc(s, params);
	if (!d)
		return;
	size_t len;
	const char *text = member_string(params, "text", &len);
	if (text)
		doc_set_text(d, text, len);
	d->dirty = true; /* HOOK(config): a saved configuration would change findings too */
}

static void on_did_close(struct server *s, json_object *params)
{
	struct document *d = param_doc(s, params);
	if (!d)
		return;
	/* Clear what the editor shows for a file no longer tracked. */
	d->has_version = false;
	publish(s, d, json_object_new_array());
	free(d->uri);
	free(d->text);
	lsp_reuse_release(&d->reuse);
	*d = s->docs[--s->n_docs];
}

static void on_position_request(struct server *s, json_object *id, json_object *params, bool hover)
{
	json_object *pos = member(params, "position", json_type_object);
	struct document *d = param_doc(s, params);
	if (!pos || !member(params, "textDocument", json_type_object)) {
		reply_error(s, id, RPC_INVALID_PARAMS, "expected textDocument and position");
		return;
	}
	if (!d || d->too_large) {
		reply(s, id, NULL); /* not an open document, or not checked: nothing to say */
		return;
	}
	struct lsp_map map;
	lsp_map_init(&map, d->text, d->len, s->enc);
	size_t offset;
	json_object *result = NULL;
	if (!param_offset(pos, &map, &offset)) {
		lsp_map_release(&map);
		reply_error(s, id, RPC_INVALID_PARAMS, "position needs line and character, non-negative");
		return;
	}
	const char *op = doc_operation(s, d);
	if (d->input == REQUEST_INPUT_TERRAFORM || terraform_hcl_named(d->uri))
		result = hover ? lsp_hover_terraform(s->rs, &map, offset) : lsp_complete_terraform(s->rs, &map, offset);
	else
		result = hover ? lsp_hover(s->rs, op, &map, offset) : lsp_complete(s->rs, op, &map, offset);
	lsp_map_release(&map);
	reply(s, id, result);
}

static void on_request(struct server *s, const char *method, json_object *id, json_object *params)
{
	if (!strcmp(method, "initialize")) {
		on_initialize(s, id, params);
	} else if (!s->initialized) {
		reply_error(s, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized");
	} else if (s->shutdown) {
		reply_error(s, id, RPC_INVALID_REQUEST, "the server is shutting down");
	} else if (!strcmp(method, "shutdown")) {
		s->shutdown = true;
		reply(s, id, NULL);
	} else if (!strcmp(method, "textDocument/codeAction")) {
		on_code_action(s, id, params);
	} else if (!strcmp(method, "textDocument/hover")) {
		on_position_request(s, id, params, true);
	} else if (!strcmp(method, "textDocument/completion")) {
		on_position_request(s, id, params, false);
	} else {
		char text[160];
		int shown = utf8_cut(method, 63);
		snprintf(text, sizeof text, "unknown method '%.*s%s'", shown, method, method[shown] ? "..." : "");
		reply_error(s, id, RPC_METHOD_NOT_FOUND, text);
	}
}

static void on_notification(struct server *s, const char *method, json_object *params)
{
	if (!strcmp(method, "exit")) {
		s->exited = true;
		return;
	}
	/* Before initialize, notifications are dropped (LSP); unknown ones
	 * ($/cancelRequest, $/setTrace, ...) are ignored, as JSON-RPC says. */
	if (!s->initialized || s->shutdown)
		return;
	if (!strcmp(method, "textDocument/didOpen"))
		on_did_open(s, params);
	else if (!strcmp(method, "textDocument/didChange"))
		on_did_change(s, params);
	else if (!strcmp(method, "textDocument/didSave"))
		on_did_save(s, params);
	else if (!strcmp(method, "textDocument/didClose"))
		on_did_close(s, params);
}

static void on_message(struct server *s, const char *body, size_t len)
{
	json_tokener *tok = json_tokener_new();
	json_object *msg = json_tokener_parse_ex(tok, body, (int)len);
	if (msg && json_tokener_get_error(tok) == json_tokener_success) {
		/* One value, then white space only. */
		for (size_t i = json_tokener_get_parse_end(tok); i < len; i++)
			if (!ascii_in_set(body[i], " \t\r\n")) {
				json_object_put(msg);
				msg = NULL;
				break;
			}
	} else {
		json_object_put(msg);
		msg = NULL;
	}
	json_tokener_free(tok);
	if (!msg) {
		reply_error(s, NULL, RPC_PARSE_ERROR, "the message is not JSON");
		return;
	}
	json_object *id = NULL, *params = NULL;
	bool has_id = json_object_is_type(msg, json_type_object) &&
	              json_object_object_get_ex(msg, "id", &id);
	const char *method = member_string(msg, "method", NULL);
	if (has_id && !json_object_is_type(id, json_type_int) &&
	    !json_object_is_type(id, json_type_string))
		id = NULL, has_id = false, method = NULL; /* answered with id null */
	if (!method) {
		/* A response to a request of ours (we send none) is ignored. */
		if (!(has_id && json_object_is_type(msg, json_type_object) &&
		      (json_object_object_get_ex(msg, "result", NULL) ||
		       json_object_object_get_ex(msg, "error", NULL))))
			reply_error(s, id, RPC_INVALID_REQUEST, "not a JSON-RPC request or notification");
		json_object_put(msg);
		return;
	}
	json_object_object_get_ex(msg, "params", &params);
	if (has_id)
		on_request(s, method, id, params);
	else
		on_notification(s, method, params);
	json_object_put(msg);
}

int lsp_run(const struct ruleset *rs, const char *operation, int in_fd, int out_fd)
{
	char err[256];
	struct engine *eng = engine_new(rs, err, sizeof err);
	if (!eng) {
		fprintf(stderr, "dtslint: %s\n", err);
		return 2;
	}
	/* A client that goes away mid-write must not kill us with SIGPIPE:
	 * the write fails and we read on to the end of input. */
	signal(SIGPIPE, SIG_IGN);
	struct server s = {.rs = rs, .eng = eng, .operation = operation, .enc = LSP_ENC_UTF16,
	                   .out_fd = out_fd, .read_names = engine_read_names_new(rs)};
	engine_set_tree_hook(eng, lsp_reuse_tree_hook, &s.capture);
	struct lsp_reader *r = lsp_reader_new(in_fd);
	while (!s.exited) {
		if (!lsp_reader_pending(r))
			lint_dirty(&s);
		char *body, why[128];
		size_t len;
		enum lsp_read_status st = lsp_read_message(r, &body, &len, why, sizeof why);
		if (st == LSP_READ_EOF) {
			lint_dirty(&s);
			break;
		}
		if (st == LSP_READ_BAD_HEADER) {
			reply_error(&s, NULL, RPC_PARSE_ERROR, why);
			continue;
		}
		on_message(&s, body, len);
		free(body);
	}
	int status = s.exited && s.shutdown ? 0 : 1;
	for (size_t i = 0; i < s.n_docs; i++) {
		free(s.docs[i].uri);
		free(s.docs[i].text);
		lsp_reuse_release(&s.docs[i].reuse);
	}
	free(s.docs);
	engine_read_names_free(s.read_names);
	lsp_reuse_capture_release(&s.capture);
	lsp_reader_free(r);
	engine_free(eng);
	policy_release();
	return status;
}
