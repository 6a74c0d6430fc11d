/*
 * fuzz_request: libFuzzer target for the whole path a request file takes
 * through dtslint: bytes -> source (encoding check, line table) ->
 * jsonpos tree -> request (nested JSON unwrapped) -> engine -> diagnostics
 * resolved to line:column -> every emitter, show_source on.  The
 * default rules are loaded once, as main.c does.
 *
 * It is an oracle for secrets as well as a crash check.  Into every input
 * it plants a password: a `key: value` pair whose key is secret or looks
 * secret (a password parameter, a near miss, an escaped key, a key of
 * nested JSON...) and whose value holds MARKER, in one of the forms of
 * issue 10 (quoted, single-quoted, unquoted, after a comment, in an array,
 * in a string of JSON in a string...) and of issue 23 (after '=' or no
 * separator, a quote or a line break or a '&' inside the password,
 * triple quotes, abbreviated keys, near misses of other secret names),
 * at a place where a pair can stand:
 * the start, or after a '{' or ',' outside any string (double or single
 * quoted, as dtslint's lexer reads them).  Whatever the rest of the input
 * is, broken or not, dtslint must mask it: if any four bytes of MARKER
 * appear in any format's output or in a finding's pointer (what a
 * baseline file records), the target aborts.  A password split in two
 * (MARKER_HEAD, then MARKER_TAIL after a quote, a '&' or a line break)
 * is caught the same way: each half is four bytes of it.  Inputs
 * that could spell MARKER themselves (four of its bytes in a row, or an
 * escape of one of its characters) are linted without the check.
 * A query-string input (query_detect) gets a parameter line instead.
 *
 * It is also an oracle for the two readers of JSON held in a string: every
 * string member of the input that may hold a container is parsed in place
 * and through a decoded copy, and the two trees must be the same (or both
 * fail): the target aborts otherwise.
 */
#define _GNU_SOURCE /* memmem */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "diag.h"
#include "emit.h"
#include "engine.h"
#include "jsonpos.h"
#include "query.h"
#include "ruleset.h"
#include "source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* No four bytes of it in a row occur in rule texts, paths or JSON syntax. */
#define MARKER "qZ7xJ3vW"
#define M MARKER
#define MH "qZ7x" /* its head and its tail */
#define MT "J3vW"

static const char *const json_plants[] = {
	"\"SourceEndpointPassword\": \"" M "\"",
	"\"SourceEndpointPasword\": \"" M "\"",
	"\"SourceEndpoint\\u0050assword\": \"" M "\"",
	"\"srcPassword\": \"" M "\"",
	"'srcPassword': '" M "'",
	"\"SrcClientPassword\": " M,
	"\"SrcClientPassword\": /* old */ \"" M "\"",
	"\"SrcClientPassword\": // " M "\n \"x\"",
	"\"SrcClientPassword\": [\"" M "\"]",
	"\"SrcClientPassword\": {\"v\": \"" M "\"}",
	"\"SrcClientPassword\": {\"" M "\": 1, \"" M "\": 2}",
	"\"Reserve\": \"{\\\"srcPassword\\\": \\\"" M "\\\"}\"",
	"\"Reserve\": \"{\\\"src\\\\u0050assword\\\": \\\"" M "\\\"}\"",
	"\"Reserve\": \"\\\"{\\\\\\\"srcPassword\\\\\\\": \\\\\\\"" M "\\\\\\\"}\\\"\"",
	"\"Reserv\": \"{'srcPassword': '" M "'}\"",
	"\"db_token\": \"" M "\"",
	"SrcClientPassword: \"" M "\"",
	"\"SourceEndpointPassword\": \"" M "\n",
	"\"DbList\": {\"db\": {\"dbPasword\": 1" M "}}",
	"\"{\\\"srcPassword\\\": \\\"" M "\\\"}\"",
	/* issue 23: where the end of the value is a guess */
	"\"SourceEndpointPassword\" = \"" M "\"",
	"SrcClientPassword=" M,
	"\"SrcClientPassword\" => \"" M "\"",
	"\"SrcClientPassword\" := \"" M "\"",
	"\"SrcClientPassword\" \"" M "\"",
	"\"SrcClientPassword\": \"" MH "\"" MT "\"",
	"\"SrcClientPassword\": \"" MH "\" \"" MT "\"",
	"\"SrcClientPassword\": \"\"\"" M "\"\"\"",
	"'srcPassword': '''" MH "\n" MT "'''",
	"\"SrcClientPassword\": \"" MH "\n" MT "\"",
	"\"Reserve\": \"{\\\"srcPassword\\\": \\\"" MH "\\\"" MT "\\\"}\"",
	"\"SourceEndpointPwd\": \"" M "\"",
	"\"db_pass\": \"" M "\"",
	"\"SourceCredentials\": \"" M "\"",
	"\"SecurityTokn\": \"" M "\"",
	"\"AccessKeySecre\": \"" M "\"",
};

static const char *const query_plants[] = {
	"&SourceEndpointPassword=" M "\n",
	"&SrcClientPasword=" M "\n",
	"&Reserve={\"srcPassword\":\"" M "\",}\n",
	"&Reserv={'srcPassword': '" M "'}\n",
	"&SrcClientPassword=" MH "&" MT "=1\n",
	"&SrcClientPassword=" MH "&" MT "\n",
	"&SrcClientPassword=" MH "\n" MT "\n",
	"&Reserve={\"srcPassword\":\"" MH "\"" MT "\"}\n",
	"&Reserve={\"srcPassword\":\"" MH "\n" MT "\"}\n",
	"&SourceEndpointPwd=" M "\n",
	"&SecurityTokn=" M "\n",
	"&AccessKeySecre=" M "\n",
};

static struct ruleset *rules;
static struct engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	rules = ruleset_default();
	engine = engine_new(rules, err, sizeof err);
	if (!engine) {
		fprintf(stderr, "fuzz_request: %s\n", err);
		abort();
	}
	return 0;
}


/* Could these bytes spell part of MARKER by themselves?  Four of its bytes
 * in a row, or "u00XX" / "%XX" naming one of its characters (a JSON or a
 * percent escape, at any depth of escaping). */
static bool may_spell_marker(const uint8_t *d, size_t n)
{
	static const char marker[] = MARKER;
	for (size_t k = 0; k + 4 <= sizeof marker - 1; k++)
		if (memmem(d, n, marker + k, 4))
			return true;
	for (size_t i = 0; i + 2 < n; i++) {
		size_t at;
		if (d[i] == '%')
			at = i + 1;
		else if ((d[i] == 'u' || d[i] == 'U') && i + 4 < n && d[i + 1] == '0' && d[i + 2] == '0')
			at = i + 3;
		else
			continue;
		int hi = ascii_hex_value((char)d[at]), lo = ascii_hex_value((char)d[at + 1]);
		if (hi >= 0 && lo >= 0 && memchr(marker, hi * 16 + lo, sizeof marker - 1))
			return true;
	}
	return false;
}

/* The pick-th (modulo their number) place where a pair can stand: 0, or
 * after a '{' or ',' outside strings.  A string, in either quotes, ends at
 * its quote or at the end of its line, as dtslint's lexer has it. */
static size_t json_place(const uint8_t *d, size_t n, unsigned pick)
{
	size_t count = 1, want = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t seen = 1;
		uint8_t q = 0;
		for (size_t i = 0; i < n; i++) {
			uint8_t c = d[i];
			if (q) {
				if (c == '\\')
					i++;
				else if (c == q || c == '\n')
					q = 0;
			} else if (c == '"' || c == '\'') {
				q = c;
			} else if (c == '{' || c == ',') {
				if (pass == 1 && seen == want)
					return i + 1;
				seen++;
			}
		}
		count = seen;
		want = pick % count;
		if (want == 0)
			return 0;
	}
	return 0;
}

/* The pick-th place at the start of a line (0, or after a '\n'). */
static size_t line_place(const uint8_t *d, size_t n, unsigned pick)
{
	size_t count = 1;
	for (size_t i = 0; i < n; i++)
		count += d[i] == '\n';
	size_t want = pick % count, seen = 1;
	if (want == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (d[i] == '\n' && seen++ == want)
			return i + 1;
	return n;
}

/* Abort if any four bytes of MARKER are in text[0, len). */
static void check_marker(const char *text, size_t len, const char *where, const char *output)
{
	static const char marker[] = MARKER;
	for (size_t k = 0; k + 4 <= sizeof marker - 1; k++) {
		if (memmem(text, len, marker + k, 4)) {
			fprintf(stderr, "fuzz_request: the planted password shows in %s:\n%s\n", where, output);
			abort();
		}
	}
}

/* Lint src into each format; abort if MARKER shows through. */
static void lint_all_formats(struct source *src, bool check)
{
	static const char *const formats[] = {"text", "json", "sarif", "github", "gitlab", "junit"};
	struct emit_options eo = {.show_source = true, .help_base_uri = "x/", .tool_version = "0"};
	struct diag_list diags;

	diag_list_init(&diags);
	engine_check(engine, src, NULL, &diags);
	diag_list_resolve(&diags, src);
	/* a baseline file records each finding's pointer */
	for (size_t i = 0; check && i < diags.len; i++)
		check_marker(diags.items[i].pointer, strlen(diags.items[i].pointer), "a pointer",
		             diags.items[i].pointer);
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
		if (check)
			check_marker(text, len, formats[f], text);
		free(text);
	}
	diag_list_release(&diags);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	compare_nested_readers((const char *)data, size);
	unsigned pick = size ? data[0] : 0, where = size ? data[size - 1] : 0;
	bool query = query_detect((const char *)data, size);
	const char *plant = query ? query_plants[pick % (sizeof query_plants / sizeof *query_plants)]
	                          : json_plants[pick % (sizeof json_plants / sizeof *json_plants)];
	size_t at = query ? line_place(data, size, where) : json_place(data, size, where);
	size_t plen = strlen(plant);
	/* a query parameter goes on a line of its own */
	bool newline = query && at == size && size && data[size - 1] != '\n';
	size_t n = size + plen + newline;
	char *req = malloc(n ? n : 1);
	if (!req)
		abort();
	memcpy(req, data, at);
	if (newline)
		req[at] = '\n';
	memcpy(req + at + newline, plant, plen);
	memcpy(req + at + newline + plen, data + at, size - at);

	struct source *src = source_new("fuzz.json", req, n);
	lint_all_formats(src, !may_spell_marker(data, size));
	source_free(src);
	free(req);
	return 0;
}
