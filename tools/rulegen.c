/*
 * rulegen: the build step that validates rules/ and compiles it into C.
 * It runs the same loader as `dtslint --rules DIR` (so a broken rule file
 * fails the build with its file:line:column) and writes the ruleset as
 * static tables (ruleset_codegen.c).
 * Usage: rulegen OUTPUT.c RULES.json...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruleset.h"
#include "ruleset_codegen.h"
#include "source.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: rulegen OUTPUT.c RULES.json...\n");
		return 2;
	}
	size_t n = (size_t)argc - 2;
	struct source **srcs = calloc(n, sizeof *srcs);
	struct rules_file *files = calloc(n, sizeof *files);
	int status = 1;
	if (!srcs || !files)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *why;
		srcs[i] = source_load(argv[i + 2], argv[i + 2], &why);
		if (!srcs[i]) {
			fprintf(stderr, "%s: %s\n", argv[i + 2], why);
			goto out;
		}
		files[i] = (struct rules_file){argv[i + 2], srcs[i]->bytes, srcs[i]->len};
	}
	char err[1024];
	struct ruleset *rs = ruleset_load(files, n, err, sizeof err);
	if (!rs) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	FILE *out = fopen(argv[1], "w");
	if (out && ruleset_codegen(rs, out) && fclose(out) == 0)
		status = 0;
	else
		fprintf(stderr, "rulegen: %s: %s\n", argv[1], strerror(errno));
	ruleset_free(rs);
out:
	for (size_t i = 0; srcs && i < n; i++)
		source_free(srcs[i]);
	free(srcs);
	free(files);
	return status;
}
