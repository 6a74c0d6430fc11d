/*
 * fuzz_rules: libFuzzer target for loading a rules folder.  The input is
 * the folder: its files separated by NUL bytes (at most MAX_FILES; JSON
 * text never holds a raw NUL, so a seed is the rules/ files joined with
 * NULs and a mutation can add, drop or split files).  A ruleset that
 * loads is then used as main.c would use it: two fixed requests are
 * linted with it and reported in SARIF, which walks every rule.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "emit.h"
#include "engine.h"
#include "ruleset.h"
#include "source.h"

#define MAX_FILES 8

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

/* A clean request with DbList as a string, and one with several mistakes,
 * so that constraints, formats and nested JSON all meet the fuzzed rules. */
static const char *const requests[] = {
	"{\"Action\": \"ConfigureDtsJob\", \"RegionId\": \"cn-hangzhou\", \"JobType\": \"SYNC\",\n"
	" \"SourceEndpointInstanceType\": \"RDS\", \"DestinationEndpointInstanceType\": \"EXPRESS\",\n"
	" \"StructureInitialization\": \"true\", \"DataInitialization\": \"true\",\n"
	" \"DataSynchronization\": \"true\", \"SourceEndpointPassword\": \"********\",\n"
	" \"DbList\": \"{\\\"dtstest\\\":{\\\"name\\\":\\\"dtstest\\\",\\\"all\\\":true}}\",\n"
	" \"DtsJobName\": \"x\", \"DestinationEndpointIP\": \"172.16.10.20\"}\n",
	"{\"SourceEndpointInstanceType\": \"OTHER\", \"DelayRuleTime\": \"5\", \"MinDu\": 9,\n"
	" \"MaxDu\": 1, \"JobType\": \"check\", \"DbList\": {}, \"Reserve\": \"{\\\"a\\\":}\",\n"
	" \"DelayPhone\": \"1,2,x\", \"Unknown\": null, \"Unknown\": 1}\n",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	return 0;
}

static void lint_with(const struct ruleset *rs)
{
	struct emit_options eo = {.show_source = true, .help_base_uri = "x/", .tool_version = "0"};
	char err[256];
	struct engine *eng = engine_new(rs, err, sizeof err);
	if (!eng)
		abort(); /* the loader accepted a check no code implements */
	struct emitter *em = emitter_new(emit_format_find("sarif"), sink, rs, &eo);

	for (size_t i = 0; i < sizeof requests / sizeof *requests; i++) {
		struct source *src = source_new("r.json", requests[i], strlen(requests[i]));
		struct diag_list diags;

		diag_list_init(&diags);
		engine_check(eng, src, NULL, &diags);
		diag_list_resolve(&diags, src);
		emitter_file(em, src, &diags);
		diag_list_release(&diags);
		source_free(src);
	}
	emitter_finish(em);
	emitter_free(em);
	engine_free(eng);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[MAX_FILES] = {
		"r0.json", "r1.json", "r2.json", "r3.json", "r4.json", "r5.json", "r6.json", "r7.json",
	};
	struct rules_file files[MAX_FILES];
	const char *p = (const char *)data, *end = p + size;
	size_t n = 0;
	char err[1024];
	struct ruleset *rs;

	while (n < MAX_FILES) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		const char *stop = nul && n + 1 < MAX_FILES ? nul : end;

		files[n] = (struct rules_file){names[n], p, (size_t)(stop - p)};
		n++;
		if (stop == end)
			break;
		p = stop + 1;
	}
	rs = ruleset_load(files, n, err, sizeof err);
	if (!rs)
		return 0;
	lint_with(rs);
	ruleset_free(rs);
	return 0;
}
