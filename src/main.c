/*
 * main: the dtslint command line.  The only place that prints on its own
 * or chooses an exit status:
 *   0  nothing at or above the --fail-on level
 *   1  findings at or above it
 *   2  an input or the rules could not be processed
 *   3  usage error
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"
#include "control.h"
#include "diag.h"
#include "embedded.h"
#include "emit.h"
#include "engine.h"
#include "request.h"
#include "ruleset.h"
#include "source.h"

#ifndef DTSLINT_VERSION
#define DTSLINT_VERSION "0.0.0"
#endif
#ifndef DTSLINT_HELP_BASE_URI
#define DTSLINT_HELP_BASE_URI ""
#endif

enum exit_code { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_INPUT = 2, EXIT_USAGE = 3 };

struct options {
	enum emit_format format;
	const char *output;
	const char *operation;
	const char *rules_dir;
	const char *stdin_name;
	const char *explain;
	enum severity fail_on;
	int show_source; /* -1: decide by the terminal */
	bool list_rules;
	char **files;
	int n_files;
	struct control *ctl;
};

static const char usage_text[] =
	"usage: dtslint [OPTIONS] [FILE...]\n"
	"       dtslint --list-rules [--format text|json]\n"
	"       dtslint --explain ID\n"
	"\n"
	"Check DTS API request files (JSON) offline. With no FILE, or FILE '-', read stdin.\n"
	"\n"
	"  -f, --format FORMAT       text (default), json, sarif, github (workflow\n"
	"                            commands), gitlab (Code Quality report) or junit\n"
	"  -o, --output FILE         write the report to FILE instead of stdout\n"
	"      --operation NAME      operation of requests that have no \"Action\"\n"
	"                            (default: ConfigureDtsJob)\n"
	"      --fail-on LEVEL       exit 1 on findings at or above LEVEL:\n"
	"                            error (default), warning, note, or none\n"
	"      --rules DIR           use the rule files of DIR instead of the built-in rules\n"
	"      --stdin-filename NAME name to report for stdin\n"
	"      --show-source         print the source line and a marker under each finding\n"
	"      --no-show-source      do not (default: show when stdout is a terminal)\n"
	CONTROL_USAGE_TEXT
	"      --list-rules          list the rules and exit\n"
	"      --explain ID          print the documentation of a rule and exit\n"
	"      --version             print the version and exit\n"
	"  -h, --help                print this help and exit\n"
	"\n"
	"Exit status: 0 clean, 1 findings at or above --fail-on, 2 an input or the rules\n"
	"could not be processed, 3 usage error.\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "dtslint: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'dtslint --help' for more information.\n");
	va_end(ap);
	return EXIT_USAGE;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_OPERATION = 256, OPT_FAIL_ON, OPT_RULES, OPT_STDIN_NAME, OPT_SHOW, OPT_NO_SHOW,
	       OPT_LIST, OPT_EXPLAIN, OPT_VERSION };
	static const struct option longs[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"operation", required_argument, NULL, OPT_OPERATION},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"rules", required_argument, NULL, OPT_RULES},
		{"stdin-filename", required_argument, NULL, OPT_STDIN_NAME},
		{"show-source", no_argument, NULL, OPT_SHOW},
		{"no-show-source", no_argument, NULL, OPT_NO_SHOW},
		{"list-rules", no_argument, NULL, OPT_LIST},
		{"explain", required_argument, NULL, OPT_EXPLAIN},
		{"version", no_argument, NULL, OPT_VERSION},
		{"help", no_argument, NULL, 'h'},
		CONTROL_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":f:o:h", longs, NULL)) != -1) {
		if (c >= CONTROL_OPT_BASE) {
			int status = control_option(o->ctl, c, optarg);
			if (status >= 0)
				return status;
			continue;
		}
		switch (c) {
		case 'f':
			if (!emit_format_parse(optarg, &o->format))
				return usage_error("unknown format '%s'; expected text, json, sarif, "
				                   "github, gitlab or junit", optarg);
			break;
		case 'o': o->output = optarg; break;
		case OPT_OPERATION: o->operation = optarg; break;
		case OPT_FAIL_ON:
			if (!severity_parse(optarg, &o->fail_on))
				return usage_error("unknown level '%s'; expected error, warning, note or none", optarg);
			control_fail_on(o->ctl, o->fail_on);
			break;
		case OPT_RULES: o->rules_dir = optarg; break;
		case OPT_STDIN_NAME: o->stdin_name = optarg; break;
		case OPT_SHOW: o->show_source = 1; break;
		case OPT_NO_SHOW: o->show_source = 0; break;
		case OPT_LIST: o->list_rules = true; break;
		case OPT_EXPLAIN: o->explain = optarg; break;
		case OPT_VERSION: printf("dtslint %s\n", DTSLINT_VERSION); return EXIT_CLEAN;
		case 'h': fputs(usage_text, stdout); return EXIT_CLEAN;
		case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	o->files = argv + optind;
	o->n_files = argc - optind;
	return -1;
}

static int list_rules(const struct ruleset *rs, enum emit_format format)
{
	if (format != EMIT_TEXT && format != EMIT_JSON)
		return usage_error("%s", "--list-rules prints text or json");
	if (format == EMIT_JSON) {
		json_object *list = json_object_new_array();
		for (size_t i = 0; i < rs->n_rules; i++) {
			const struct rule *r = &rs->rules[i];
			json_object *o = json_object_new_object();
			json_object_object_add(o, "id", json_object_new_string(r->id));
			json_object_object_add(o, "name", json_object_new_string(r->name));
			json_object_object_add(o, "severity", json_object_new_string(severity_name(r->severity)));
			json_object_object_add(o, "summary", json_object_new_string(r->summary));
			json_object_object_add(o, "description", json_object_new_string(r->description));
			json_object_array_add(list, o);
		}
		puts(json_object_to_json_string_ext(list, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		                                          JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(list);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct rule *r = &rs->rules[i];
		printf("%-7s %-8s %-30s %s\n", r->id, severity_name(r->severity), r->name, r->summary);
	}
	return EXIT_CLEAN;
}

static int explain(const struct ruleset *rs, const char *id)
{
	const struct rule *r = config_find_rule(rs, id, strlen(id)); /* ID or name */
	if (!r)
		return usage_error("no rule '%s'; 'dtslint --list-rules' lists them", id);
	const struct embedded_file *doc = embedded_doc_find(r->id);
	if (doc)
		fwrite(doc->bytes, 1, doc->len, stdout);
	else
		printf("# %s: %s\n\nSeverity: %s\n\n%s\n\n%s\n", r->id, r->name, severity_name(r->severity),
		       r->summary, r->description);
	return EXIT_CLEAN;
}

/* Lint one input; returns false when it could not be read at all. */
static bool lint_one(const char *path, const struct options *o, const struct ruleset *rs,
                     struct emitter *em, size_t *failing)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? (o->stdin_name ? o->stdin_name : "<stdin>") : path;
	const char *why = NULL;
	struct source *src = source_load(path, name, &why);
	if (!src) {
		fprintf(stderr, "dtslint: %s: %s\n", name, why);
		emitter_input_error(em, name, why);
		return false;
	}
	struct diag_list diags;
	diag_list_init(&diags);
	struct request *req = request_parse(src, rs, &diags);
	if (control_skip(o->ctl, src, req)) {
		request_free(req);
		diag_list_release(&diags);
		source_free(src);
		return true;
	}
	engine_run(rs, req, o->operation, &diags);
	diag_list_resolve(&diags, src);
	*failing += control_apply(o->ctl, src, &diags);
	emitter_file(em, src, &diags);
	request_free(req);
	diag_list_release(&diags);
	source_free(src);
	return true;
}

static int lint_all(struct options *o, const struct ruleset *rs)
{
	FILE *out = stdout;
	if (o->output && !(out = fopen(o->output, "w"))) {
		fprintf(stderr, "dtslint: %s: %s\n", o->output, strerror(errno));
		return EXIT_INPUT;
	}
	if (o->show_source < 0)
		o->show_source = !o->output && isatty(STDOUT_FILENO);
	struct emit_options eo = {
		.show_source = o->show_source,
		.color = control_color(o->ctl, !o->output && isatty(STDOUT_FILENO)),
		.help_base_uri = DTSLINT_HELP_BASE_URI,
		.tool_version = DTSLINT_VERSION,
	};
	struct emitter *em = emitter_new(o->format, out, rs, &eo);
	size_t failing = 0;
	bool input_error = !control_expand(o->ctl, o->files, o->n_files);
	for (const char *path; (path = control_next(o->ctl));)
		if (!lint_one(path, o, rs, em, &failing))
			input_error = true;
	if (!control_finish(o->ctl, em, &failing))
		input_error = true;
	emitter_finish(em);
	emitter_free(em);
	if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
		fprintf(stderr, "dtslint: %s: %s\n", o->output ? o->output : "stdout", strerror(errno));
		return EXIT_INPUT;
	}
	if (input_error)
		return EXIT_INPUT;
	return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

int main(int argc, char **argv)
{
	struct options o = {.format = EMIT_TEXT, .fail_on = SEV_ERROR, .show_source = -1,
	                    .ctl = control_new()};
	int status = parse_options(argc, argv, &o);
	if (status >= 0) {
		control_free(o.ctl);
		return status;
	}
	char err[1024];
	struct ruleset *rs = o.rules_dir ? ruleset_load_dir(o.rules_dir, err, sizeof err)
	                                 : ruleset_load_default(err, sizeof err);
	if (!rs) {
		fprintf(stderr, "dtslint: %s\n", err);
		control_free(o.ctl);
		return EXIT_INPUT;
	}
	if (o.list_rules)
		status = list_rules(rs, o.format);
	else if (o.explain)
		status = explain(rs, o.explain);
	else if (o.operation && !ruleset_find_operation(rs, o.operation))
		status = usage_error("no rules for operation '%s'", o.operation);
	else if ((status = control_begin(o.ctl, rs, o.format)) < 0)
		status = lint_all(&o, rs);
	control_free(o.ctl);
	ruleset_free(rs);
	return status;
}
