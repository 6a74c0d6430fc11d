/*
 * fuzz_request: libFuzzer target for the whole path a request file takes
 * through dtslint: bytes -> source (encoding check, line table) ->
 * jsonpos tree -> request (nested JSON unwrapped) -> engine -> diagnostics
 * resolved to line:column -> one emitter, show_source on.  The default
 * rules are loaded once, as main.c does.
 *
 * The emitter is picked from the input's length so that one corpus
 * covers the three formats without tripling the time per input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "emit.h"
#include "engine.h"
#include "ruleset.h"
#include "source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *rules;
static struct engine *engine;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	rules = ruleset_default();
	engine = engine_new(rules, err, sizeof err);
	sink = fopen("/dev/null", "w");
	if (!engine || !sink) {
		fprintf(stderr, "fuzz_request: %s\n", engine ? "cannot open /dev/null" : err);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = {"text", "json", "sarif"};
	struct emit_options eo = {.show_source = true, .help_base_uri = "x/", .tool_version = "0"};
	struct source *src = source_new("fuzz.json", (const char *)data, size);
	struct diag_list diags;
	struct emitter *em;

	diag_list_init(&diags);
	engine_check(engine, src, NULL, &diags);
	diag_list_resolve(&diags, src);
	em = emitter_new(emit_format_find(formats[size % 3]), sink, rules, &eo);
	emitter_file(em, src, &diags);
	emitter_finish(em);
	emitter_free(em);
	diag_list_release(&diags);
	source_free(src);
	return 0;
}
