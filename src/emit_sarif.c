/*
 * emit_sarif: SARIF 2.1.0 for code scanning.  The whole log is built as
 * a json-c tree while the inputs are processed (sources may be freed
 * after emitter_file) and printed once by emitter_finish.
 *
 * Deterministic on purpose: no timestamps, no absolute paths unless the
 * user gave one, and fingerprints that hash the rule, the JSON pointer
 * and the file but no line number, so a finding keeps its identity when
 * lines above it move.  It does not embed the rule documentation beyond
 * summary, description and help URI.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "emit_util.h"
#include "policy.h"
#include "ruleset.h"
#include "xalloc.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* Build option information_uri; empty: the log names no project page. */
#ifndef DTSLINT_INFORMATION_URI
#define DTSLINT_INFORMATION_URI ""
#endif
#define FINGERPRINT_KEY "dtslint/v1"

struct sarif_state {
	struct json_object *log;           /* owned: the whole document */
	struct json_object *results;       /* borrowed from log */
	struct json_object *notifications; /* owned until finish, NULL if none */
};

static struct json_object *new_text(const char *text)
{
	struct json_object *obj = emit_json_checked(json_object_new_object());

	emit_json_add(obj, "text", json_object_new_string(text));
	return obj;
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

/* "SUMMARY. See URI": summaries carry no final period (house style for
 * one-line texts), so one is added to keep the two sentences apart. */
static char *help_text(const char *summary, const char *uri)
{
	size_t n = strlen(summary);
	bool stop = n == 0 || strchr(".!?", summary[n - 1]);
	size_t len = n + strlen(uri) + sizeof ". See ";
	char *text = xmalloc(len);

	snprintf(text, len, "%s%sSee %s", summary, n == 0 ? "" : stop ? " " : ". ", uri);
	return text;
}

static struct json_object *rule_descriptor(const struct emitter *em,
                                           const struct rule *r)
{
	struct json_object *obj = emit_json_checked(json_object_new_object());
	struct json_object *config = emit_json_checked(json_object_new_object());
	/* Build option help_base_uri; empty: point at the page in the sources. */
	char *uri = em->help_base_uri[0] ? emit_help_uri(em, r->id) : NULL;
	char local[256];
	snprintf(local, sizeof local, "docs/rules/%s.md or 'dtslint --explain %s'", r->id, r->id);
	char *help = help_text(r->summary ? r->summary : "", uri ? uri : local);
	emit_json_add(obj, "id", json_object_new_string(r->id));
	if (r->name)
		emit_json_add(obj, "name", json_object_new_string(r->name));
	if (r->summary)
		emit_json_add(obj, "shortDescription", new_text(r->summary));
	if (r->description)
		emit_json_add(obj, "fullDescription", new_text(r->description));
	emit_json_add(obj, "help", new_text(help));
	if (uri)
		emit_json_add(obj, "helpUri", json_object_new_string(uri));
	emit_json_add(config, "level", json_object_new_string(severity_name(r->severity)));
	emit_json_add(obj, "defaultConfiguration", config);
	free(help);
	free(uri);
	return obj;
}

static struct json_object *tool(const struct emitter *em)
{
	struct json_object *tool_obj = emit_json_checked(json_object_new_object());
	struct json_object *driver = emit_json_checked(json_object_new_object());
	struct json_object *rules = emit_json_checked(json_object_new_array());

	emit_json_add(driver, "name", json_object_new_string("dtslint"));
	emit_json_add(driver, "version", json_object_new_string(em->tool_version));
	if (looks_semantic(em->tool_version))
		emit_json_add(driver, "semanticVersion", json_object_new_string(em->tool_version));
	if (DTSLINT_INFORMATION_URI[0])
		emit_json_add(driver, "informationUri", json_object_new_string(DTSLINT_INFORMATION_URI));
	for (size_t i = 0; em->rs && i < em->rs->n_rules; i++)
		emit_json_append(rules, rule_descriptor(em, &em->rs->rules[i]));
	emit_json_add(driver, "rules", rules);
	emit_json_add(tool_obj, "driver", driver);
	return tool_obj;
}

static void sarif_init(struct emitter *em)
{
	struct sarif_state *st = xcalloc(1, sizeof *st);
	struct json_object *runs = emit_json_checked(json_object_new_array());
	struct json_object *run = emit_json_checked(json_object_new_object());

	em->state = st;
	st->log = emit_json_checked(json_object_new_object());
	emit_json_add(st->log, "$schema", json_object_new_string(SARIF_SCHEMA));
	emit_json_add(st->log, "version", json_object_new_string("2.1.0"));
	emit_json_add(run, "tool", tool(em));
	st->results = emit_json_checked(json_object_new_array());
	emit_json_add(run, "results", st->results);
	/* --column-unit utf16 (byte is refused for SARIF by control.c). */
	emit_json_add(run, "columnKind", json_object_new_string(
		source_get_column_unit() == SOURCE_COLUMNS_UTF16 ? "utf16CodeUnits" : "unicodeCodePoints"));
	emit_json_append(runs, run);
	emit_json_add(st->log, "runs", runs);
}

static struct json_object *region(const struct diag_location *loc)
{
	struct json_object *obj = emit_json_checked(json_object_new_object());

	emit_json_add(obj, "startLine", emit_json_size(loc->begin.line));
	emit_json_add(obj, "startColumn", emit_json_size(loc->begin.column));
	emit_json_add(obj, "endLine", emit_json_size(loc->finish.line));
	emit_json_add(obj, "endColumn", emit_json_size(loc->finish.column));
	return obj;
}

static struct json_object *physical_location(const char *uri, bool relative,
                                             const struct diag_location *loc)
{
	struct json_object *obj = emit_json_checked(json_object_new_object());
	struct json_object *artifact = emit_json_checked(json_object_new_object());

	emit_json_add(artifact, "uri", json_object_new_string(uri));
	if (relative)
		emit_json_add(artifact, "uriBaseId", json_object_new_string("%SRCROOT%"));
	emit_json_add(obj, "artifactLocation", artifact);
	emit_json_add(obj, "region", region(loc));
	return obj;
}

static struct json_object *primary_location(const char *uri, bool relative,
                                            const struct diag *d)
{
	struct json_object *obj = emit_json_checked(json_object_new_object());

	emit_json_add(obj, "physicalLocation", physical_location(uri, relative, &d->loc));
	/* The whole document ("") has no member name to give. */
	if (d->pointer[0]) {
		struct json_object *logical = emit_json_checked(json_object_new_array());
		struct json_object *member = emit_json_checked(json_object_new_object());

		emit_json_add(member, "fullyQualifiedName", json_object_new_string(d->pointer));
		emit_json_add(member, "kind", json_object_new_string("member"));
		emit_json_append(logical, member);
		emit_json_add(obj, "logicalLocations", logical);
	}
	return obj;
}

static struct json_object *fingerprints(const char *rule_id, const char *pointer,
                                        const char *uri)
{
	struct json_object *obj = emit_json_checked(json_object_new_object());
	uint64_t h = EMIT_FNV1A64_INIT;
	char hex[17];

	h = emit_fnv1a64(h, rule_id, strlen(rule_id));
	h = emit_fnv1a64(h, "\n", 1);
	h = emit_fnv1a64(h, pointer, strlen(pointer));
	h = emit_fnv1a64(h, "\n", 1);
	h = emit_fnv1a64(h, uri, strlen(uri));
	snprintf(hex, sizeof hex, "%016" PRIx64, h);
	emit_json_add(obj, FINGERPRINT_KEY, json_object_new_string(hex));
	return obj;
}

/* ruleIndex only when the rule really is rs->rules[index]. */
static bool rule_in_ruleset(const struct ruleset *rs, const struct rule *r)
{
	return rs && r && r->index < rs->n_rules &&
	       strcmp(rs->rules[r->index].id, r->id) == 0;
}

static struct json_object *result(const struct emitter *em, const char *uri,
                                  bool relative, const struct diag *d)
{
	struct json_object *obj = emit_json_checked(json_object_new_object());
	struct json_object *locations = emit_json_checked(json_object_new_array());
	struct json_object *props = emit_json_checked(json_object_new_object());
	const char *rule_id = d->rule ? d->rule->id : "";

	emit_json_add(obj, "ruleId", json_object_new_string(rule_id));
	if (rule_in_ruleset(em->rs, d->rule))
		emit_json_add(obj, "ruleIndex", emit_json_size(d->rule->index));
	emit_json_add(obj, "level", json_object_new_string(severity_name(d->severity)));
	emit_json_add(obj, "message", new_text(d->message));
	emit_json_append(locations, primary_location(uri, relative, d));
	emit_json_add(obj, "locations", locations);
	if (d->has_related) {
		struct json_object *related = emit_json_checked(json_object_new_array());
		struct json_object *loc = emit_json_checked(json_object_new_object());

		emit_json_add(loc, "id", json_object_new_int(1));
		emit_json_add(loc, "physicalLocation", physical_location(uri, relative, &d->related));
		emit_json_add(loc, "message", new_text(d->related_message ?
		                             d->related_message : "related location"));
		emit_json_append(related, loc);
		emit_json_add(obj, "relatedLocations", related);
	}
	emit_json_add(obj, "partialFingerprints", fingerprints(rule_id, d->pointer, uri));
	/* A finding a .dtslint.json suppression accepted (policy.h): kept, marked. */
	const struct config_suppression *supp = policy_suppression_of(d);
	if (supp) {
		struct json_object *list = emit_json_checked(json_object_new_array());
		struct json_object *s = emit_json_checked(json_object_new_object());

		emit_json_add(s, "kind", json_object_new_string("external"));
		emit_json_add(s, "status", json_object_new_string("accepted"));
		emit_json_add(s, "justification", json_object_new_string(supp->reason));
		emit_json_append(list, s);
		emit_json_add(obj, "suppressions", list);
	}
	emit_json_add(props, "jsonPointer", json_object_new_string(d->pointer));
	if (d->suggestion)
		emit_json_add(props, "suggestion", json_object_new_string(d->suggestion));
	emit_json_add(obj, "properties", props);
	return obj;
}

static void sarif_file(struct emitter *em, const struct source *src,
                       const struct diag_list *diags)
{
	struct sarif_state *st = em->state;
	char *uri = emit_path_to_uri(src->name);
	bool relative = emit_path_is_relative(src->name);

	for (size_t i = 0; i < diags->len; i++)
		emit_json_append(st->results, result(em, uri, relative, &diags->items[i]));
	free(uri);
}

static void sarif_input_error(struct emitter *em, const char *path, const char *reason)
{
	struct sarif_state *st = em->state;
	struct json_object *note = emit_json_checked(json_object_new_object());
	size_t len = strlen(path) + strlen(reason) + 3;
	char *text = xmalloc(len);

	snprintf(text, len, "%s: %s", path, reason);
	if (!st->notifications)
		st->notifications = emit_json_checked(json_object_new_array());
	emit_json_add(note, "level", json_object_new_string("error"));
	emit_json_add(note, "message", new_text(text));
	emit_json_append(st->notifications, note);
	free(text);
}

/* The invocation goes in last, once we know whether every input was read. */
static void add_invocation(struct sarif_state *st)
{
	struct json_object *run = json_object_array_get_idx(
		json_object_object_get(st->log, "runs"), 0);
	struct json_object *invocations = emit_json_checked(json_object_new_array());
	struct json_object *inv = emit_json_checked(json_object_new_object());

	emit_json_add(inv, "executionSuccessful", json_object_new_boolean(!st->notifications));
	if (st->notifications) {
		emit_json_add(inv, "toolExecutionNotifications", st->notifications);
		st->notifications = NULL;
	}
	emit_json_append(invocations, inv);
	emit_json_add(run, "invocations", invocations);
}

static void sarif_finish(struct emitter *em)
{
	struct sarif_state *st = em->state;
	const char *text;

	add_invocation(st);
	text = json_object_to_json_string_ext(st->log, JSON_C_TO_STRING_PRETTY |
		JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		abort();
	fputs(text, em->out);
	fputc('\n', em->out);
}

static void sarif_release(struct emitter *em)
{
	struct sarif_state *st = em->state;

	if (!st)
		return;
	json_object_put(st->log);
	json_object_put(st->notifications);
	free(st);
	em->state = NULL;
}

const struct emitter_ops emit_sarif_ops = {
	.init = sarif_init,
	.file = sarif_file,
	.input_error = sarif_input_error,
	.finish = sarif_finish,
	.release = sarif_release,
};
