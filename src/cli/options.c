/*
 * options: the table of dtslint's options, and what is made from it:
 * getopt_long's tables and the --help text.  The order of the table is the
 * order of --help.
 */
#include "options.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

const struct option_spec option_table[] = {
	{OPTION_FORMAT, "format", 'f', "FORMAT", "{formats} (the first is the default)", false},
	{OPTION_OUTPUT, "output", 'o', "FILE", "write the report to FILE instead of stdout ('-')", false},
	{OPTION_INPUT, "input", 0, "FORM", "read inputs as json, query, terraform, shell or markdown (default: detect each one)", false},
	{OPTION_OPERATION, "operation", 0, "NAME",
	 "operation of requests that have no \"Action\"\n(default: ConfigureDtsJob)", false},
	{OPTION_FAIL_ON, "fail-on", 0, "LEVEL",
	 "exit 1 on findings at or above LEVEL:\nerror (default), warning, note, or none", false},
	{OPTION_RULES, "rules", 0, "DIR", "use the rule files of DIR instead of the built-in rules", false},
	{OPTION_STDIN_NAME, "stdin-filename", 0, "NAME", "name to report for stdin", false},
	{OPTION_SHOW_SOURCE, "show-source", 0, NULL,
	 "print the source line and a marker under each finding", false},
	{OPTION_NO_SHOW_SOURCE, "no-show-source", 0, NULL,
	 "do not (default: show when stdout is a terminal)", false},
	{OPTION_FIX, "fix", 0, NULL,
	 "apply the safe fixes of the findings to each FILE, then\nreport what remains; stdin's fixed text goes to "
	 "stdout\n(the report to stderr, or --output)",
	 false},
	{OPTION_DRY_RUN, "dry-run", 0, NULL,
	 "with --fix: print the fixes as a unified diff, write\nnothing (exit 1 when a file would change)",
	 false},
	{OPTION_JOBS, "jobs", 'j', "N",
	 "check N files at once (default: one per CPU dtslint\nmay use, at most 8; 1: one at a time); the report is\n"
	 "the same, in the same order",
	 false},
	{OPTION_QUIET, "quiet", 'q', NULL,
	 "print the findings only: no summary line, no notes on\nfiles skipped as not requests", true},
	{OPTION_CONFIG, "config", 0, "FILE",
	 "use FILE as the only configuration (default: every\n.dtslint.json from the file's folder up to the\n"
	 "repository root)",
	 true},
	{OPTION_NO_CONFIG, "no-config", 0, NULL, "use no configuration file", true},
	{OPTION_PRINT_CONFIG, "print-config", 0, "FILE",
	 "print the configuration that applies to FILE and exit", true},
	{OPTION_DISABLE, "disable", 0, "ID[,ID]", "turn rules off (ID or name)", true},
	{OPTION_ENABLE, "enable", 0, "ID[,ID]", "turn rules back on at their own severity", true},
	{OPTION_SEVERITY, "severity", 0, "ID=LEVEL", "set a rule's level: off, note, warning or error", true},
	{OPTION_BASELINE, "baseline", 0, "FILE", "report only findings that FILE does not hold", true},
	{OPTION_WRITE_BASELINE, "write-baseline", 0, "FILE", "record today's findings in FILE and exit 0",
	 true},
	{OPTION_COLOR, "color", 0, "WHEN",
	 "colour text output: auto (default: on a terminal,\nunless NO_COLOR is set), always or never", true},
	{OPTION_COLUMN_UNIT, "column-unit", 0, "UNIT", "count columns in codepoint (default), utf16 or byte",
	 true},
	{OPTION_LIST_RULES, "list-rules", 0, NULL, "list the rules and exit", false},
	{OPTION_LIST_OPERATIONS, "list-operations", 0, NULL,
	 "list the operations the rules know, one a line, and exit", false},
	{OPTION_LIST_PARAMETERS, "list-parameters", 0, NULL,
	 "list the parameters and nested keys --explain knows,\none a line, and exit", false},
	{OPTION_EXPLAIN, "explain", 0, "NAME", "print the page of a rule (ID or name) or of a parameter and exit", false},
	{OPTION_PRINT_JSON_SCHEMA, "print-json-schema", 0, "OPERATION",
	 "print a JSON Schema of OPERATION's requests and exit", false},
	{OPTION_WORKFLOW, "workflow", 0, NULL,
	 "the files, in the order named, are the requests of one\nworkflow: checked each alone, then across "
	 "(DTS6xx)",
	 false},
	{OPTION_LSP, "lsp", 0, NULL, "run as a language server (LSP) on stdin and stdout", false},
	{OPTION_VERSION, "version", 'V', NULL, "print the version and exit", false},
	{OPTION_HELP, "help", 'h', NULL, "print this help and exit", false},
};
const size_t option_table_len = sizeof option_table / sizeof *option_table;

static const char usage_head[] =
	"usage: dtslint [OPTIONS] [FILE|DIR...]\n"
	"       dtslint --list-rules [--format text|json]\n"
	"       dtslint --explain ID|PARAMETER\n"
	"       dtslint --print-json-schema OPERATION\n"
	"\n"
	"Check DTS API request files offline: JSON, or the query-string form\n"
	"(Action=...&Name=value). With no FILE, or FILE '-', read stdin; a DIR is\n"
	"searched for request files.\n"
	"\n";

static const char usage_tail[] =
	"\n"
	"Exit status: 0 clean, 1 findings at or above --fail-on, 2 an input or the rules\n"
	"could not be processed, 3 usage error.\n";

/* Where the help text starts: after "  -f, --format FORMAT " padded. */
#define HELP_COLUMN 28

void options_getopt_new(struct option **longs, char *shorts, size_t shorts_size)
{
	struct option *l = xcalloc(option_table_len + 1, sizeof *l);
	size_t n = 0;
	shorts[n++] = ':';
	for (size_t i = 0; i < option_table_len; i++) {
		const struct option_spec *o = &option_table[i];
		l[i] = (struct option){o->name, o->value ? required_argument : no_argument, NULL, (int)o->id};
		if (o->short_name && n + 3 < shorts_size) {
			shorts[n++] = o->short_name;
			if (o->value)
				shorts[n++] = ':';
		}
	}
	shorts[n] = '\0';
	*longs = l;
}

const struct option_spec *options_find(int id)
{
	for (size_t i = 0; i < option_table_len; i++)
		if ((int)option_table[i].id == id)
			return &option_table[i];
	return NULL;
}

int options_id(int c)
{
	for (size_t i = 0; i < option_table_len; i++)
		if (option_table[i].short_name && option_table[i].short_name == c)
			return (int)option_table[i].id;
	return c;
}

/* The help text, "{formats}" replaced, each line after the first indented
 * to the help column. */
static void print_help_text(FILE *out, const char *help, const char *formats)
{
	for (const char *p = help; *p; p++) {
		if (*p == '\n') {
			fprintf(out, "\n%*s", HELP_COLUMN, "");
		} else if (!strncmp(p, "{formats}", 9)) {
			fputs(formats, out);
			p += 8;
		} else {
			fputc(*p, out);
		}
	}
	fputc('\n', out);
}

void options_print_help(FILE *out, const char *formats)
{
	fputs(usage_head, out);
	for (size_t i = 0; i < option_table_len; i++) {
		const struct option_spec *o = &option_table[i];
		int width = o->short_name ? fprintf(out, "  -%c, --%s", o->short_name, o->name)
		                          : fprintf(out, "      --%s", o->name);
		if (o->value)
			width += fprintf(out, " %s", o->value);
		/* At least one blank before the help, else it starts a line of its own. */
		if (width < HELP_COLUMN)
			fprintf(out, "%*s", HELP_COLUMN - width, "");
		else
			fprintf(out, "\n%*s", HELP_COLUMN, "");
		print_help_text(out, o->help, formats);
	}
	fputs(usage_tail, out);
}
