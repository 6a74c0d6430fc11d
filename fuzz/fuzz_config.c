/*
 * fuzz_config: libFuzzer target for a `.dtslint.json`.  The input is
 * parsed as a configuration file with the default rules; when it parses,
 * it is parsed again as a nearer file below itself, so its `locked`
 * rules meet its own settings and suppressions (DTS902), and the
 * findings about it are resolved to line:column as the emitters need.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "ruleset.h"
#include "source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *rs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rs = ruleset_default();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];
	struct source *src = source_new(".dtslint.json", (const char *)data, size);
	struct config_file *far = config_file_parse(src, "/repo", NULL, rs, err, sizeof err);

	if (!far) {
		source_free(src);
		return 0;
	}
	struct source *again = source_new("team/.dtslint.json", (const char *)data, size);
	struct config_file *near = config_file_parse(again, "/repo/team", far, rs, err, sizeof err);
	if (near) {
		diag_list_resolve(&near->problems, near->src);
		config_file_free(near);
	} else {
		source_free(again);
	}
	config_file_free(far);
	return 0;
}
