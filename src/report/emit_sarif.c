/*
 * emit_sarif: SARIF 2.1.0 for code scanning, written as a stream: the
 * head of the log at the start, each result as soon as its input is done,
 * and the tail at the end: the tool with the rules the results name (in
 * the order first named: ruleIndex counts them), and the invocation, with
 * a notification per input that could not be read.  The tool comes after
 * the results (JSON's members have no order) because each rule carries
 * its whole page: every rule of the set would make a one-finding log
 * three quarters of a megabyte.  Memory does not grow with the findings;
 * only the unreadable inputs and the rules named are kept to the end.
 *
 * Deterministic on purpose: no timestamps, no absolute paths unless the
 * user gave one, and fingerprints that hash the rule, the JSON pointer
 * and the file but no line number, so a finding keeps its identity when
 * lines above it move.  Each rule carries its page (help.markdown, and
 * help.text in plain words), as --explain prints it.  URIs are percent-encoded (a file
 * name that is not UTF-8 keeps every byte); text goes through
 * json_writer, so the log is valid JSON whatever the bytes.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit_format.h"
#include "json_writer.h"
#include "policy.h"
#include "embedded.h"
#include "ruleset.h"
#include "xalloc.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* Build option information_uri; empty: the log names no project page. */
#ifndef DTSLINT_INFORMATION_URI
#define DTSLINT_INFORMATION_URI ""
#endif
#define FINGERPRINT_KEY "dtslint/v1"

struct input_error {
	char *path, *reason;
};

struct sarif_state {
	struct strbuf sb;  /* text not yet written out */
	struct json_writer w;
	struct strbuf uri; /* scratch */
	struct input_error *errors;
	size_t n_errors, cap_errors;
	size_t *slot;                /* per rule of the set: its ruleIndex + 1, 0 unnamed yet */
	const struct rule **named;   /* the rules the results name, in order */
	size_t n_named;
};

static void kv_text(struct json_writer *w, const char *key, const char *text)
{
	json_writer_key(w, key);
	json_writer_object_begin(w);
	json_writer_kv_string(w, "text", text);
	json_writer_object_end(w);
}

/* "0.1.0" or "1.2.3-rc.1": only then is the version also a semanticVersion. */
static bool looks_semantic(const char *v)
{
	for (int part = 0; part < 3; part++) {
		if (*v < '0' || *v > '9')
			return false;
		while (*v >= '0' && *v <= '9')
			v++;
		if (part < 2 && *v++ != '.')
			return false;
	}
	return *v == '\0' || *v == '-' || *v == '+';
}

/* "help": the rule's page (what --explain prints) as Markdown, and as
 * plain text for viewers without Markdown.  A code-scanning alert shows
 * it in full, where a file path would name a file the reader lacks. */
static void help_message(struct json_writer *w, const struct rule *r)
{
	size_t len;
	char *page = rule_page_new(r, &len);
	char *plain = markdown_plain_new(page, len);
	json_writer_key(w, "help");
	json_writer_object_begin(w);
	json_writer_kv_string(w, "text", plain);
	json_writer_kv_string(w, "markdown", page);
	json_writer_object_end(w);
	free(plain);
	free(page);
}

static void rule_descriptor(struct emitter *em, const struct rule *r)
{
	struct sarif_state *st = em->state;
	struct json_writer *w = &st->w;
	struct strbuf uri = STRBUF_INIT;

	/* Build option help_base_uri; empty: no helpUri, the help has the page. */
	if (em->help_base_uri[0])
		emit_help_uri(em, r->id, &uri);
	json_writer_object_begin(w);
	json_writer_kv_string(w, "id", r->id);
	if (r->name)
		json_writer_kv_string(w, "name", r->name);
	if (r->summary)
		kv_text(w, "shortDescription", r->summary);
	if (r->description)
		kv_text(w, "fullDescription", r->description);
	help_message(w, r);
	if (uri.len)
		json_writer_kv_string(w, "helpUri", uri.buf);
	json_writer_key(w, "defaultConfiguration");
	json_writer_object_begin(w);
	json_writer_kv_string(w, "level", severity_name(r->severity));
	json_writer_object_end(w);
	json_writer_object_end(w);
	strbuf_release(&uri);
}

static void tool(struct emitter *em)
{
	struct sarif_state *st = em->state;
	struct json_writer *w = &st->w;

	json_writer_key(w, "tool");
	json_writer_object_begin(w);
	json_writer_key(w, "driver");
	json_writer_object_begin(w);
	json_writer_kv_string(w, "name", "dtslint");
	json_writer_kv_string(w, "version", em->tool_version);
	if (looks_semantic(em->tool_version))
		json_writer_kv_string(w, "semanticVersion", em->tool_version);
	if (DTSLINT_INFORMATION_URI[0])
		json_writer_kv_string(w, "informationUri", DTSLINT_INFORMATION_URI);
	json_writer_key(w, "rules");
	json_writer_array_begin(w);
	for (size_t i = 0; i < st->n_named; i++) {
		rule_descriptor(em, st->named[i]);
		emit_flush(em, &st->sb);
	}
	json_writer_array_end(w);
	json_writer_object_end(w);
	json_writer_object_end(w);
}

/* The head, up to the opening bracket of "results"; the tool is written
 * at the end. */
static void sarif_init(struct emitter *em)
{
	struct sarif_state *st = xcalloc(1, sizeof *st);
	struct json_writer *w = &st->w;

	em->state = st;
	strbuf_init(&st->sb, 0);
	strbuf_init(&st->uri, 0);
	json_writer_init(w, &st->sb, true);
	json_writer_object_begin(w);
	json_writer_kv_string(w, "$schema", SARIF_SCHEMA);
	json_writer_kv_string(w, "version", "2.1.0");
	json_writer_key(w, "runs");
	json_writer_array_begin(w);
	json_writer_object_begin(w);
	st->slot = xcalloc(em->rs && em->rs->n_rules ? em->rs->n_rules : 1, sizeof *st->slot);
	st->named = xcalloc(em->rs && em->rs->n_rules ? em->rs->n_rules : 1, sizeof *st->named);
	json_writer_key(w, "results");
	json_writer_array_begin(w);
	emit_flush(em, &st->sb);
}

static void region(struct json_writer *w, const struct diag_location *loc)
{
	json_writer_key(w, "region");
	json_writer_object_begin(w);
	json_writer_kv_size(w, "startLine", loc->begin.line);
	json_writer_kv_size(w, "startColumn", loc->begin.column);
	json_writer_kv_size(w, "endLine", loc->finish.line);
	json_writer_kv_size(w, "endColumn", loc->finish.column);
	json_writer_object_end(w);
}

static void artifact_location(struct json_writer *w, const char *uri, bool relative)
{
	json_writer_key(w, "artifactLocation");
	json_writer_object_begin(w);
	json_writer_kv_string(w, "uri", uri);
	if (relative)
		json_writer_kv_string(w, "uriBaseId", "%SRCROOT%");
	json_writer_object_end(w);
}

/* "physicalLocation": {artifactLocation, region (if loc)}. */
static void physical_location(struct json_writer *w, const char *uri, bool relative,
                              const struct diag_location *loc)
{
	json_writer_key(w, "physicalLocation");
	json_writer_object_begin(w);
	artifact_location(w, uri, relative);
	if (loc)
		region(w, loc);
	json_writer_object_end(w);
}

static void primary_location(struct json_writer *w, const char *uri, bool relative,
                             const struct diag *d)
{
	json_writer_object_begin(w);
	physical_location(w, uri, relative, &d->loc);
	/* The whole document ("") has no member name to give. */
	if (d->pointer[0]) {
		json_writer_key(w, "logicalLocations");
		json_writer_array_begin(w);
		json_writer_object_begin(w);
		json_writer_kv_string(w, "fullyQualifiedName", d->pointer);
		json_writer_kv_string(w, "kind", "member");
		json_writer_object_end(w);
		json_writer_array_end(w);
	}
	json_writer_object_end(w);
}

static void fingerprints(struct json_writer *w, const char *rule_id, const char *pointer,
                         const char *uri)
{
	uint64_t h = EMIT_FNV1A64_INIT;
	char hex[17];

	h = emit_fnv1a64(h, rule_id, strlen(rule_id));
	h = emit_fnv1a64(h, "\n", 1);
	h = emit_fnv1a64(h, pointer, strlen(pointer));
	h = emit_fnv1a64(h, "\n", 1);
	h = emit_fnv1a64(h, uri, strlen(uri));
	snprintf(hex, sizeof hex, "%016" PRIx64, h);
	json_writer_key(w, "partialFingerprints");
	json_writer_object_begin(w);
	json_writer_kv_string(w, FINGERPRINT_KEY, hex);
	json_writer_object_end(w);
}

/* ruleIndex only when the rule really is rs->rules[index]. */
static bool rule_in_ruleset(const struct ruleset *rs, const struct rule *r)
{
	return rs && r && r->index < rs->n_rules &&
	       strcmp(rs->rules[r->index].id, r->id) == 0;
}

/* The rule's place in tool.driver.rules, named now if it was not yet. */
static size_t rule_index(struct sarif_state *st, const struct rule *r)
{
	if (!st->slot[r->index]) {
		st->named[st->n_named++] = r;
		st->slot[r->index] = st->n_named;
	}
	return st->slot[r->index] - 1;
}

/* "fixes": the finding's edits as one fix of one artifact, in bytes
 * (deletedRegion byteOffset/byteLength, insertedContent as the file must
 * hold it), as SARIF 2.1.0 section 3.55 describes. */
static void fixes(struct json_writer *w, const char *uri, bool relative, const struct diag *d)
{
	json_writer_key(w, "fixes");
	json_writer_array_begin(w);
	json_writer_object_begin(w);
	if (d->suggestion)
		kv_text(w, "description", d->suggestion);
	json_writer_key(w, "artifactChanges");
	json_writer_array_begin(w);
	json_writer_object_begin(w);
	artifact_location(w, uri, relative);
	json_writer_key(w, "replacements");
	json_writer_array_begin(w);
	for (size_t i = 0; i < d->n_edits; i++) {
		const struct diag_edit *e = &d->edits[i];
		json_writer_object_begin(w);
		json_writer_key(w, "deletedRegion");
		json_writer_object_begin(w);
		json_writer_kv_size(w, "byteOffset", e->start);
		json_writer_kv_size(w, "byteLength", e->end - e->start);
		json_writer_object_end(w);
		json_writer_key(w, "insertedContent");
		json_writer_object_begin(w);
		json_writer_kv_string(w, "text", e->text);
		json_writer_object_end(w);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
	json_writer_object_end(w);
	json_writer_array_end(w);
	json_writer_object_end(w);
	json_writer_array_end(w);
}

static void result(struct emitter *em, const char *uri, bool relative,
                   const struct diag_list *diags, const struct diag *d)
{
	struct sarif_state *st = em->state;
	struct json_writer *w = &st->w;
	const char *rule_id = d->rule ? d->rule->id : "";

	json_writer_object_begin(w);
	json_writer_kv_string(w, "ruleId", rule_id);
	if (rule_in_ruleset(em->rs, d->rule))
		json_writer_kv_size(w, "ruleIndex", rule_index(st, d->rule));
	json_writer_kv_string(w, "level", severity_name(d->severity));
	kv_text(w, "message", d->message);
	json_writer_key(w, "locations");
	json_writer_array_begin(w);
	primary_location(w, uri, relative, d);
	json_writer_array_end(w);
	if (d->has_related) {
		json_writer_key(w, "relatedLocations");
		json_writer_array_begin(w);
		json_writer_object_begin(w);
		json_writer_kv_size(w, "id", 1);
		if (d->related_file) {
			/* a workflow of several files: the earlier request is in another */
			struct strbuf other = STRBUF_INIT;
			emit_path_to_uri(d->related_file, &other);
			physical_location(w, other.buf, emit_path_is_relative(d->related_file), &d->related);
			strbuf_release(&other);
		} else {
			physical_location(w, uri, relative, &d->related);
		}
		kv_text(w, "message", d->related_message ? d->related_message : "related location");
		json_writer_object_end(w);
		json_writer_array_end(w);
	}
	if (d->n_edits && !diag_fix_touches_secret(diags, d))
		fixes(w, uri, relative, d);
	fingerprints(w, rule_id, d->pointer, uri);
	/* A finding a .dtslint.json suppression accepted (policy.h): kept, marked. */
	const struct config_suppression *supp = policy_suppression_of(d);
	if (supp) {
		json_writer_key(w, "suppressions");
		json_writer_array_begin(w);
		json_writer_object_begin(w);
		json_writer_kv_string(w, "kind", "external");
		json_writer_kv_string(w, "status", "accepted");
		json_writer_kv_string(w, "justification", supp->reason);
		json_writer_object_end(w);
		json_writer_array_end(w);
	}
	json_writer_key(w, "properties");
	json_writer_object_begin(w);
	json_writer_kv_string(w, "jsonPointer", d->pointer);
	if (d->suggestion)
		json_writer_kv_string(w, "suggestion", d->suggestion);
	json_writer_object_end(w);
	json_writer_object_end(w);
}

static void sarif_file(struct emitter *em, const struct source *src,
                       const struct diag_list *diags)
{
	struct sarif_state *st = em->state;
	bool relative = emit_path_is_relative(src->name);

	strbuf_reset(&st->uri);
	emit_path_to_uri(src->name, &st->uri);
	for (size_t i = 0; i < diags->len; i++) {
		result(em, st->uri.buf, relative, diags, &diags->items[i]);
		emit_flush(em, &st->sb);
	}
}

static void sarif_input_error(struct emitter *em, const char *path, const char *reason)
{
	struct sarif_state *st = em->state;

	if (st->n_errors == st->cap_errors) {
		st->cap_errors = st->cap_errors ? st->cap_errors * 2 : 4;
		st->errors = xreallocarray(st->errors, st->cap_errors, sizeof *st->errors);
	}
	st->errors[st->n_errors].path = xstrdup(path);
	st->errors[st->n_errors].reason = xstrdup(reason);
	st->n_errors++;
}

/* One toolExecutionNotification: the message names the input, and its
 * location gives the same input as a URI (lossless for any bytes). */
static void notification(struct sarif_state *st, const struct input_error *e)
{
	struct json_writer *w = &st->w;
	struct strbuf text = STRBUF_INIT;

	strbuf_addf(&text, "%s: %s", e->path, e->reason);
	strbuf_reset(&st->uri);
	emit_path_to_uri(e->path, &st->uri);
	json_writer_object_begin(w);
	json_writer_kv_string(w, "level", "error");
	kv_text(w, "message", text.buf);
	json_writer_key(w, "locations");
	json_writer_array_begin(w);
	json_writer_object_begin(w);
	physical_location(w, st->uri.buf, emit_path_is_relative(e->path), NULL);
	json_writer_object_end(w);
	json_writer_array_end(w);
	json_writer_object_end(w);
	strbuf_release(&text);
}

/* The tail: the invocation goes in last, once we know whether every
 * input was read. */
static void sarif_finish(struct emitter *em)
{
	struct sarif_state *st = em->state;
	struct json_writer *w = &st->w;

	json_writer_array_end(w); /* results */
	tool(em);
	/* --column-unit utf16 (byte is refused for SARIF by control.c). */
	json_writer_kv_string(w, "columnKind", source_get_column_unit() == SOURCE_COLUMNS_UTF16 ?
	                      "utf16CodeUnits" : "unicodeCodePoints");
	json_writer_key(w, "invocations");
	json_writer_array_begin(w);
	json_writer_object_begin(w);
	json_writer_key(w, "executionSuccessful");
	json_writer_bool(w, st->n_errors == 0);
	if (st->n_errors) {
		json_writer_key(w, "toolExecutionNotifications");
		json_writer_array_begin(w);
		for (size_t i = 0; i < st->n_errors; i++) {
			notification(st, &st->errors[i]);
			emit_flush(em, &st->sb);
		}
		json_writer_array_end(w);
	}
	json_writer_object_end(w);
	json_writer_array_end(w); /* invocations */
	json_writer_object_end(w); /* the run */
	json_writer_array_end(w); /* runs */
	json_writer_object_end(w);
	strbuf_addch(&st->sb, '\n');
	emit_flush(em, &st->sb);
}

static void sarif_release(struct emitter *em)
{
	struct sarif_state *st = em->state;

	if (!st)
		return;
	for (size_t i = 0; i < st->n_errors; i++) {
		free(st->errors[i].path);
		free(st->errors[i].reason);
	}
	free(st->errors);
	free(st->slot);
	free(st->named);
	strbuf_release(&st->sb);
	strbuf_release(&st->uri);
	free(st);
	em->state = NULL;
}

const struct emit_format emit_sarif_format = {
	.name = "sarif",
	.init = sarif_init,
	.file = sarif_file,
	.input_error = sarif_input_error,
	.finish = sarif_finish,
	.release = sarif_release,
};
