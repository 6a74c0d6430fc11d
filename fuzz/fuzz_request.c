/*
 * fuzz_request: libFuzzer target for the whole path a request file takes
 * through dtslint: bytes -> source (encoding check, line table) ->
 * jsonpos tree -> request (nested JSON unwrapped) -> engine -> diagnostics
 * resolved to line:column -> every emitter, show_source on.  The
 * default rules are loaded once, as main.c does.
 *
 * It is an oracle for secrets as well as a crash check.  Into every input
 * it plants a password (secret_plant.h): a `key: value` pair whose key is
 * secret or looks secret (a password parameter, a near miss, an escaped
 * key, a key of nested JSON...) and whose value holds the marker, in one
 * of the forms of issues 10 and 23 (quoted, single-quoted, unquoted, after
 * a comment, in an array, in a string of JSON in a string; after '=', a
 * quote, a line break or a '&' inside it, triple quotes, abbreviated
 * and near-miss keys), at a place
 * where a pair can stand: the start, or after a '{' or ',' outside any
 * string (double or single quoted, as dtslint's lexer reads them).
 * Whatever the rest of the input is, broken or not, dtslint must mask it:
 * if any four bytes of the marker appear in the text, JSON or SARIF
 * output, the target aborts.  Inputs that could spell the marker
 * themselves (four of its bytes in a row, or an escape of one of its
 * characters) are linted without the check.  A query-string input
 * (query_detect) gets a parameter line instead.
 *
 * It is also an oracle for the two readers of JSON held in a string: every
 * string member of the input that may hold a container is parsed in place
 * and through a decoded copy, and the two trees must be the same (or both
 * fail): the target aborts otherwise.
 *
 * And for the scans (bytescan.c): the input is parsed, its encoding
 * checked and its last position resolved with the vector implementation
 * this processor runs and with the portable one; trees, errors and
 * positions must be the same.
 *
 * And for threads: the planted input is linted again by an engine that
 * uses a second thread at any size (the secret scan beside the checks,
 * secret_scan.h), and its JSON report with excerpts must be the one
 * thread's, byte for byte.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytescan.h"
#include "diag.h"
#include "emit.h"
#include "engine.h"
#include "jsonpos.h"
#include "ruleset.h"
#include "secret_plant.h"
#include "source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *rules;
static struct engine *engine;
static struct engine *threaded; /* threads at any size */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	rules = ruleset_default();
	engine = engine_new(rules, err, sizeof err);
	threaded = engine_new(rules, err, sizeof err);
	if (!engine || !threaded) {
		fprintf(stderr, "fuzz_request: %s\n", err);
		abort();
	}
	engine_set_threads(threaded, 2, true);
	return 0;
}


/* Lint src into each format; abort if the marker shows through. */
static void lint_all_formats(struct source *src, bool check)
{
	static const char *const formats[] = {"text", "json", "sarif", "github", "gitlab", "junit"};
	struct emit_options eo = {.show_source = true, .help_base_uri = "x/", .tool_version = "0"};
	struct diag_list diags;

	diag_list_init(&diags);
	engine_check(engine, src, NULL, &diags);
	diag_list_resolve(&diags, src);
	/* a baseline file records each finding's pointer */
	for (size_t i = 0; check && i < diags.len; i++) {
		const char *pointer = diags.items[i].pointer;
		if (pointer && secret_marker_shows(pointer, strlen(pointer))) {
			fprintf(stderr, "fuzz_request: the planted password shows in a pointer: %s\n", pointer);
			abort();
		}
	}
	for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		if (!out)
			abort();
		struct emitter *em = emitter_new(emit_format_find(formats[f]), out, rules, &eo);
		emitter_file(em, src, &diags);
		emitter_finish(em);
		emitter_free(em);
		fclose(out);
		if (check && secret_marker_shows(text, len)) {
			fprintf(stderr, "fuzz_request: the planted password shows in the %s output:\n%s\n",
			        formats[f], text);
			abort();
		}
		free(text);
	}
	diag_list_release(&diags);
}

/* The JSON report of src by eng, excerpts included; owned. */
static char *json_report(struct engine *eng, struct source *src, size_t *len)
{
	struct emit_options eo = {.show_source = true, .help_base_uri = "x/", .tool_version = "0"};
	struct diag_list diags;
	diag_list_init(&diags);
	engine_check(eng, src, NULL, &diags);
	diag_list_resolve(&diags, src);
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	if (!out)
		abort();
	struct emitter *em = emitter_new(emit_format_find("json"), out, rules, &eo);
	emitter_file(em, src, &diags);
	emitter_finish(em);
	emitter_free(em);
	fclose(out);
	diag_list_release(&diags);
	return text;
}

/* One thread or two: the same report. */
static void compare_threads(struct source *src)
{
	size_t one_len, two_len;
	char *one = json_report(engine, src, &one_len);
	char *two = json_report(threaded, src, &two_len);
	if (one_len != two_len || memcmp(one, two, one_len) != 0) {
		fprintf(stderr, "fuzz_request: one thread and two disagree:\n%s\n----\n%s\n", one, two);
		abort();
	}
	free(one);
	free(two);
}

static bool same_span(struct jspan a, struct jspan b)
{
	return a.start == b.start && a.end == b.end;
}

static void assert_same_tree(const struct jnode *a, const struct jnode *b)
{
	if (jnode_type(a) != jnode_type(b) || !same_span(jnode_span(a), jnode_span(b)) ||
	    !same_span(jnode_key_span(a), jnode_key_span(b)) || jnode_key_len(a) != jnode_key_len(b) ||
	    (jnode_key(a) && memcmp(jnode_key(a), jnode_key(b), jnode_key_len(a))) ||
	    jnode_text_len(a) != jnode_text_len(b) ||
	    (jnode_text(a) && memcmp(jnode_text(a), jnode_text(b), jnode_text_len(a))) ||
	    jnode_boolean(a) != jnode_boolean(b) || jnode_is_duplicate(a) != jnode_is_duplicate(b) ||
	    jnode_n_children(a) != jnode_n_children(b) ||
	    !same_span(jnode_content_span(a), jnode_content_span(b)))
		abort();
	const struct jnode *ca = jnode_first(a), *cb = jnode_first(b);
	for (; ca && cb; ca = jnode_next(ca), cb = jnode_next(cb))
		assert_same_tree(ca, cb);
	if (ca || cb)
		abort();
}

/* Both readers of every string member that may hold JSON agree. */
static void compare_nested_readers(const char *bytes, size_t len)
{
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, bytes, len, &err);
	for (struct jnode *m = root ? jnode_first(root) : NULL; m; m = jnode_next(m)) {
		if (jnode_type(m) != JT_STRING || !jnode_may_hold_container(m))
			continue;
		struct jnode *mapped = jsonpos_parse_nested_mapped(doc, bytes, m, &err);
		struct jnode *in_place = jsonpos_parse_nested(doc, bytes, m, &err);
		if (!mapped != !in_place)
			abort();
		if (mapped)
			assert_same_tree(in_place, mapped);
	}
	jdoc_free(doc);
}

/* What the scans decide, with the implementation in use. */
struct scan_result {
	struct jdoc *doc;
	struct jnode *root;
	struct jerror err;
	enum source_encoding_problem encoding;
	size_t encoding_offset;
	struct position last;
};

static void scan_once(const char *bytes, size_t len, struct scan_result *r)
{
	r->doc = jdoc_new();
	r->root = jsonpos_parse(r->doc, bytes, len, &r->err);
	struct source *src = source_new("fuzz.json", bytes, len);
	r->encoding = source_check_encoding(src, &r->encoding_offset, NULL);
	r->last = source_position(src, r->err.failed ? r->err.span.start : len);
	source_free(src);
}

/* The vector scans and the portable one agree. */
static void compare_scan_paths(const char *bytes, size_t len)
{
	enum bytescan_impl best = bytescan_impl();
	if (best == BYTESCAN_PORTABLE)
		return;
	struct scan_result v, p;
	scan_once(bytes, len, &v);
	bytescan_use(BYTESCAN_PORTABLE);
	scan_once(bytes, len, &p);
	bytescan_use(best);
	if (!v.root != !p.root || v.err.failed != p.err.failed || !same_span(v.err.span, p.err.span) ||
	    strcmp(v.err.message, p.err.message) != 0 || v.encoding != p.encoding ||
	    v.encoding_offset != p.encoding_offset || v.last.line != p.last.line || v.last.column != p.last.column) {
		fprintf(stderr, "fuzz_request: the %s and portable scans disagree\n", bytescan_impl_name(best));
		abort();
	}
	if (v.root)
		assert_same_tree(v.root, p.root);
	jdoc_free(v.doc);
	jdoc_free(p.doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	compare_nested_readers((const char *)data, size);
	compare_scan_paths((const char *)data, size);
	struct secret_plant plant;
	secret_plant_choose(data, size, &plant);
	size_t n;
	char *req = secret_plant_apply(data, size, &plant, &n);

	struct source *src = source_new("fuzz.json", req, n);
	lint_all_formats(src, !secret_may_spell_marker(data, size));
	compare_threads(src);
	source_free(src);
	free(req);
	return 0;
}
