/*
 * control: glue between main.c and config / walk / policy / baseline.
 */
#include "control.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "config.h"
#include "output.h"
#include "policy.h"
#include "sanitize.h"
#include "strbuf.h"
#include "summary.h"
#include "aliyun_cli.h"
#include "terraform_hcl.h"
#include "terraform_json.h"
#include "inputs.h"
#include "xalloc.h"

struct control {
	const struct ruleset *rs;
	struct config_set *cs;
	bool keep_suppressed;
	bool text;               /* --format text: colour, the summary line */
	bool quiet;              /* --quiet: findings only */
	enum request_input input; /* --input, to tell requests from other files */
	enum color_when color;
	struct summary summary;
	/* options, kept until the rules are known */
	const char *config_path;
	bool no_config;
	const char *print_config;
	const char *baseline_path, *write_baseline_path;
	struct { int opt; const char *arg; } *rule_opts;
	size_t n_rule_opts;
	bool has_fail_on;
	enum severity fail_on;
	/* the run */
	struct baseline *baseline, *record;
	struct input_list inputs;
	char **paths;            /* control_paths() */
	size_t next;
	const struct input_item *current;
	size_t skipped, checked;
	bool operation_given; /* --operation: every named file is a request */
	bool config_error;
};

/* "dtslint: MESSAGE" on stderr, made safe for a terminal like main.c's
 * messages: they hold file names and text from config files. */
static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sanitize_vreport(fmt, ap);
	va_end(ap);
}

static int usage(const char *msg)
{
	note("%s", msg);
	fputs("Try 'dtslint --help' for more information.\n", stderr);
	return 3;
}

struct control *control_new(void)
{
	return xcalloc(1, sizeof(struct control));
}

void control_free(struct control *ctl)
{
	if (!ctl)
		return;
	config_set_free(ctl->cs);
	baseline_free(ctl->baseline);
	baseline_free(ctl->record);
	input_list_release(&ctl->inputs);
	free(ctl->paths);
	free(ctl->rule_opts);
	policy_release();
	free(ctl);
}

int control_option(struct control *ctl, int opt, const char *arg)
{
	switch (opt) {
	case OPTION_CONFIG: ctl->config_path = arg; break;
	case OPTION_NO_CONFIG: ctl->no_config = true; break;
	case OPTION_PRINT_CONFIG: ctl->print_config = arg; break;
	case OPTION_QUIET: ctl->quiet = true; break;
	case OPTION_BASELINE: ctl->baseline_path = arg; break;
	case OPTION_WRITE_BASELINE: ctl->write_baseline_path = arg; break;
	case OPTION_COLOR:
		if (!color_when_parse(arg, &ctl->color))
			return usage("--color: expected auto, always or never");
		break;
	case OPTION_COLUMN_UNIT:
		if (strcmp(arg, "codepoint") == 0)
			source_set_column_unit(SOURCE_COLUMNS_CODE_POINTS);
		else if (strcmp(arg, "utf16") == 0)
			source_set_column_unit(SOURCE_COLUMNS_UTF16);
		else if (strcmp(arg, "byte") == 0)
			source_set_column_unit(SOURCE_COLUMNS_BYTES);
		else
			return usage("--column-unit: expected codepoint, utf16 or byte");
		break;
	case OPTION_DISABLE:
	case OPTION_ENABLE:
	case OPTION_SEVERITY:
		/* Rule names are resolved once the rules are loaded. */
		ctl->rule_opts = xreallocarray(ctl->rule_opts, ctl->n_rule_opts + 1,
		                               sizeof *ctl->rule_opts);
		ctl->rule_opts[ctl->n_rule_opts].opt = opt;
		ctl->rule_opts[ctl->n_rule_opts++].arg = arg;
		break;
	default:
		return usage("unknown option");
	}
	return -1;
}

void control_operation_given(struct control *ctl)
{
	ctl->operation_given = true;
}

void control_fail_on(struct control *ctl, enum severity level)
{
	ctl->has_fail_on = true;
	ctl->fail_on = level;
}

static int print_config(struct control *ctl)
{
	char err[1024];
	struct config_effective eff;
	if (!config_effective_get(ctl->cs, ctl->print_config, ctl->print_config, &eff, err, sizeof err)) {
		note("%s", err);
		config_effective_release(&eff);
		return 2;
	}
	char *text = config_effective_describe(ctl->cs, &eff);
	fputs(text, stdout);
	free(text);
	config_effective_release(&eff);
	return 0;
}

void control_print_summary(struct control *ctl)
{
	/* Always, not only on a terminal: a CI log shows that the run
	 * happened and what it covered.  A baseline run prints its own. */
	ctl->summary.skipped = ctl->skipped;
	if (ctl->text && !ctl->record && !ctl->quiet &&
	    (ctl->summary.files || ctl->summary.skipped || ctl->summary.files_fix_tried))
		summary_print(stderr, &ctl->summary);
}

void control_count_fixes(struct control *ctl, size_t n, bool dry_run)
{
	summary_add_fixes(&ctl->summary, n);
	ctl->summary.dry_run = dry_run;
}

bool control_color(const struct control *ctl, bool out_is_terminal)
{
	return ctl->text && color_wanted(ctl->color, out_is_terminal);
}

int control_begin(struct control *ctl, const struct ruleset *rs,
                  const struct emit_format *format, enum request_input input)
{
	char err[1024];
	bool sarif = strcmp(emit_format_name(format), "sarif") == 0;

	ctl->rs = rs;
	ctl->text = strcmp(emit_format_name(format), "text") == 0;
	ctl->input = input;
	ctl->keep_suppressed = sarif;
	if (sarif && source_get_column_unit() == SOURCE_COLUMNS_BYTES)
		return usage("--column-unit byte: SARIF counts columns in codepoint or utf16");
	ctl->cs = config_set_new(rs);
	if (ctl->config_path && ctl->no_config)
		return usage("--config and --no-config exclude each other");
	if (ctl->baseline_path && ctl->write_baseline_path)
		return usage("--baseline and --write-baseline exclude each other");
	for (size_t i = 0; i < ctl->n_rule_opts; i++) {
		bool ok = true;
		switch (ctl->rule_opts[i].opt) {
		case OPTION_DISABLE:
			ok = config_set_cli_disable(ctl->cs, ctl->rule_opts[i].arg, err, sizeof err);
			break;
		case OPTION_ENABLE:
			ok = config_set_cli_enable(ctl->cs, ctl->rule_opts[i].arg, err, sizeof err);
			break;
		default:
			ok = config_set_cli_severity(ctl->cs, ctl->rule_opts[i].arg, err, sizeof err);
			break;
		}
		if (!ok)
			return usage(err);
	}
	if (ctl->has_fail_on)
		config_set_cli_fail_on(ctl->cs, ctl->fail_on);
	if (ctl->no_config)
		config_set_disable(ctl->cs);
	if (ctl->config_path && !config_set_explicit(ctl->cs, ctl->config_path, err, sizeof err)) {
		note("%s", err);
		return 2;
	}
	if (ctl->print_config)
		return print_config(ctl);
	if (ctl->baseline_path && !(ctl->baseline = baseline_load(ctl->baseline_path, err, sizeof err))) {
		note("%s", err);
		return 2;
	}
	if (ctl->write_baseline_path)
		ctl->record = baseline_new(ctl->write_baseline_path);
	return -1;
}

static const char *display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Does src look like a DTS request?  Decoded once more here (the engine
 * decodes for itself): only files found in a folder pay for it. */
static bool is_request(const struct control *ctl, const struct source *src)
{
	struct request *req = request_parse(src, ctl->input, NULL, &ctl->rs->terraform);
	bool request = inputs_looks_like_request(ctl->rs, req, src->bytes, src->len);
	request_free(req);
	return request;
}

/* Terraform that declares no DTS resource: nothing of it is a request. */
static const char terraform_other[] = "Terraform without an alicloud_dts_* resource dtslint knows";

static bool is_terraform(const struct control *ctl, const struct source *src)
{
	return ctl->input == REQUEST_INPUT_TERRAFORM ||
	       (ctl->input == REQUEST_INPUT_AUTO &&
	        (terraform_json_named(src->name) || terraform_hcl_named(src->name)));
}

/* A shell script or a Markdown file: most hold no aliyun dts command, and
 * none of them is a mistake worth a note (a README, a build script). */
static bool is_command_lines(const struct control *ctl, const struct source *src)
{
	return ctl->input == REQUEST_INPUT_SHELL || ctl->input == REQUEST_INPUT_MARKDOWN ||
	       (ctl->input == REQUEST_INPUT_AUTO && (aliyun_markdown_named(src->name) ||
	                                             aliyun_shell_named(src->name, src->bytes, src->len)));
}

/* A walked file that is a planned output: last run's report or baseline,
 * to leave out of the walk; or a request, which must not be written over
 * (kept, so control_check_inputs() refuses the run). */
static bool walked_request(const struct control *ctl, const char *path)
{
	const char *why = NULL;
	struct source *src = source_load(path, path, &why);
	bool request = src && is_request(ctl, src);

	source_free(src);
	return request;
}

/* Drop the walked files that are planned outputs and not requests. */
static void drop_outputs(const struct control *ctl, struct input_list *list,
                         const struct output_plan *plan)
{
	size_t k = 0;

	for (size_t i = 0; i < list->n; i++) {
		struct input_item *it = &list->items[i];

		if (it->walked && output_plan_holds(plan, it->path) && !walked_request(ctl, it->path)) {
			free(it->path);
			free(it->error);
		} else
			list->items[k++] = *it;
	}
	list->n = k;
}

bool control_plan_outputs(const struct control *ctl, struct output_plan *plan,
                          struct strbuf *err)
{
	return output_plan_add(plan, "--write-baseline", ctl->write_baseline_path, err);
}

bool control_check_inputs(const struct control *ctl, const struct output_plan *plan,
                          struct strbuf *err)
{
	struct config_file *const *files;
	size_t n_files = ctl->cs ? config_set_files(ctl->cs, &files) : 0;

	for (size_t i = 0; i < ctl->inputs.n; i++)
		if (!output_plan_check_input(plan, ctl->inputs.items[i].path, NULL, err))
			return false;
	for (size_t i = 0; i < n_files; i++)
		if (!output_plan_check_input(plan, files[i]->path, "a configuration file", err))
			return false;
	return !ctl->baseline_path ||
	       output_plan_check_input(plan, ctl->baseline_path, "the --baseline file", err);
}

bool control_expand(struct control *ctl, char *const *args, int n_args,
                    const struct output_plan *plan)
{
	char err[1024];
	struct config_effective eff;
	if (!inputs_expand(args, n_args > 0 ? (size_t)n_args : 0, ctl->cs, &ctl->inputs, err, sizeof err)) {
		note("%s", err);
		input_list_release(&ctl->inputs);
		return false;
	}
	drop_outputs(ctl, &ctl->inputs, plan);
	/* Load every config now, so a broken one stops the run before any
	 * output instead of in the middle of it. */
	for (size_t i = 0; i < ctl->inputs.n; i++) {
		const char *path = ctl->inputs.items[i].path;
		if (strcmp(path, "-") == 0)
			continue; /* configured by its --stdin-filename, in control_apply */
		bool ok = config_effective_get(ctl->cs, path, display_name(path), &eff, err, sizeof err);
		config_effective_release(&eff);
		if (!ok) {
			note("%s", err);
			input_list_release(&ctl->inputs);
			return false;
		}
	}
	if (ctl->inputs.n == 0)
		note("nothing to check: no request files in the folder%s given",
		     ctl->inputs.n_folders > 1 ? "s" : "");
	return true;
}

char **control_paths(struct control *ctl, int *n)
{
	free(ctl->paths);
	ctl->paths = xreallocarray(NULL, ctl->inputs.n + 1, sizeof *ctl->paths);
	for (size_t i = 0; i < ctl->inputs.n; i++)
		ctl->paths[i] = ctl->inputs.items[i].path;
	*n = (int)ctl->inputs.n;
	return ctl->paths;
}

const char *control_next(struct control *ctl)
{
	if (ctl->next >= ctl->inputs.n) {
		ctl->current = NULL;
		return NULL;
	}
	ctl->current = &ctl->inputs.items[ctl->next++];
	return ctl->current->path;
}

const char *control_input_error(const struct control *ctl)
{
	return ctl->current ? ctl->current->error : NULL;
}

bool control_input_examined(const struct control *ctl, mode_t *mode, off_t *size)
{
	if (!ctl->current || !ctl->current->examined)
		return false;
	*mode = ctl->current->mode;
	*size = ctl->current->size;
	return true;
}

/* Why an input is skipped (control_skip()), decided apart from saying so,
 * so that a worker thread can decide (control_job_judge()). */
enum skip_why {
	SKIP_NOT,
	SKIP_EMPTY_STDIN,     /* no FILE given and stdin empty: a note, not counted */
	SKIP_QUIETLY,         /* a script or runbook without a command */
	SKIP_TERRAFORM,       /* Terraform without a DTS resource */
	SKIP_WALKED_OTHER,    /* found in a folder, not a request */
	SKIP_OWN_CONFIG,      /* named: dtslint's configuration */
	SKIP_OWN_BASELINE,    /* named: a dtslint baseline */
	SKIP_NAMED_OTHER,     /* named: not a request */
	SKIP_EXCLUDED,        /* named: excluded by a .dtslint.json */
};

/* A file named on the command line: pre-commit and editors name every
 * file they pass, whatever it is, so a named file is held to the same
 * test as a listed one, and to the config's `exclude` (as ruff's
 * --force-exclude does), unless a config's own `files` list names it or
 * --operation says what it is.  dtslint's own files are never requests.
 * stdin is always checked.  by_config: what the configuration said
 * (inputs_judged_by_config()), NULL when it decided nothing. */
static enum skip_why judge_named(const struct control *ctl, const struct input_item *it,
                                 const enum input_kind *by_config, const struct source *src)
{
	enum input_kind kind = by_config ? *by_config
	                                 : inputs_judge_named_text(ctl->rs, it->path, src, ctl->input);
	if (kind == INPUT_REQUEST || (ctl->operation_given && kind != INPUT_EXCLUDED))
		return SKIP_NOT;
	if (kind == INPUT_OTHER && is_command_lines(ctl, src))
		return SKIP_QUIETLY;
	if (kind == INPUT_OTHER && is_terraform(ctl, src))
		return SKIP_TERRAFORM;
	return kind == INPUT_OWN_CONFIG ? SKIP_OWN_CONFIG
	     : kind == INPUT_OWN_BASELINE ? SKIP_OWN_BASELINE
	     : kind == INPUT_EXCLUDED ? SKIP_EXCLUDED : SKIP_NAMED_OTHER;
}

static bool is_named_file(const struct input_item *it)
{
	return !it->walked && !it->implicit && strcmp(it->path, "-") != 0;
}

/* Reads the rules and the item only: safe on any thread. */
static enum skip_why judge(const struct control *ctl, const struct input_item *it,
                           const enum input_kind *by_config, const struct source *src)
{
	if (it->implicit && src->len == 0)
		return SKIP_EMPTY_STDIN;
	if (is_named_file(it))
		return judge_named(ctl, it, by_config, src);
	if (it->walked && !is_request(ctl, src))
		return is_command_lines(ctl, src) ? SKIP_QUIETLY
		     : is_terraform(ctl, src) ? SKIP_TERRAFORM : SKIP_WALKED_OTHER;
	return SKIP_NOT;
}

/* Say why an input is skipped and count it; false: not skipped. */
static bool skip_as_judged(struct control *ctl, const struct source *src, enum skip_why why)
{
	static const char *const what[] = {
		[SKIP_OWN_CONFIG] = "dtslint's configuration, not a request",
		[SKIP_OWN_BASELINE] = "a dtslint baseline, not a request",
		[SKIP_NAMED_OTHER] = "not a DTS request (no Action and no parameter of any operation, nor a near miss of one)",
		[SKIP_EXCLUDED] = "excluded by a .dtslint.json",
	};
	switch (why) {
	case SKIP_NOT:
		return false;
	case SKIP_EMPTY_STDIN:
		note("nothing to check: no file was given and stdin is empty");
		return true;
	case SKIP_QUIETLY:
		break;
	case SKIP_TERRAFORM:
		if (!ctl->quiet)
			note("%s: skipped: %s", src->name, terraform_other);
		break;
	case SKIP_WALKED_OTHER:
		if (!ctl->quiet)
			note("%s: skipped: not a DTS request (no Action and no parameter of any operation); "
			     "give --operation to check it anyway", src->name);
		break;
	case SKIP_EXCLUDED:
		if (!ctl->quiet)
			note("%s: skipped: %s", src->name, what[why]);
		break;
	case SKIP_OWN_CONFIG:
	case SKIP_OWN_BASELINE:
	case SKIP_NAMED_OTHER:
		if (!ctl->quiet)
			note("%s: skipped: %s; give --operation to check it anyway", src->name, what[why]);
		break;
	}
	ctl->skipped++;
	return true;
}

bool control_skip(struct control *ctl, const struct source *src)
{
	const struct input_item *it = ctl->current;
	if (!it)
		return false;
	enum input_kind kind;
	bool decided = is_named_file(it) && !(it->implicit && src->len == 0) &&
	               inputs_judged_by_config(ctl->cs, it->path, &kind);
	return skip_as_judged(ctl, src, judge(ctl, it, decided ? &kind : NULL, src));
}

off_t control_inputs_size(const struct control *ctl)
{
	off_t total = 0;
	for (size_t i = 0; i < ctl->inputs.n; i++)
		if (ctl->inputs.items[i].examined)
			total += ctl->inputs.items[i].size;
	return total;
}

void control_job_prepare(struct control *ctl, size_t i, struct control_job *job)
{
	const struct input_item *it = &ctl->inputs.items[i];
	*job = (struct control_job){.index = i, .path = it->path, .error = it->error,
	                            .examined = it->examined, .mode = it->mode, .size = it->size};
	job->by_config = is_named_file(it) && inputs_judged_by_config(ctl->cs, it->path, &job->kind);
}

int control_job_judge(const struct control *ctl, const struct control_job *job, const struct source *src)
{
	const struct input_item *it = &ctl->inputs.items[job->index];
	return (int)judge(ctl, it, job->by_config ? &job->kind : NULL, src);
}

bool control_skip_judged(struct control *ctl, const struct source *src, int verdict)
{
	return ctl->current && skip_as_judged(ctl, src, (enum skip_why)verdict);
}

size_t control_apply(struct control *ctl, const struct source *src, struct diag_list *diags)
{
	char err[1024];
	struct config_effective eff;
	const char *path = ctl->current ? ctl->current->path : src->name;
	struct policy_stats stats = {0};
	struct baseline *bl = ctl->baseline ? ctl->baseline : ctl->record;
	char *key = bl ? baseline_file_key(bl, path, src->name) : NULL;
	struct policy_input in = {
		.eff = &eff,
		.keep_suppressed = ctl->keep_suppressed,
		.baseline = ctl->baseline,
		.record = ctl->record,
		.file_key = key,
	};

	/* Configs were loaded by control_expand, except stdin's: a broken
	 * one keeps the findings unfiltered and makes the run exit 2. */
	if (!config_effective_get(ctl->cs, path, src->name, &eff, err, sizeof err)) {
		note("%s", err);
		config_effective_release(&eff);
		in.eff = NULL;
		ctl->config_error = true;
	}
	if (ctl->baseline)
		baseline_file_checked(ctl->baseline, key);
	policy_apply(&in, diags, &stats);
	summary_add_file(&ctl->summary, diags);
	ctl->summary.suppressed += stats.suppressed;
	ctl->summary.baselined += stats.baselined;
	if (in.eff)
		config_effective_release(&eff);
	free(key);
	ctl->checked++;
	return stats.failing;
}

/* --write-baseline: the recorded findings, whole or not at all. */
static bool write_baseline(struct control *ctl)
{
	struct strbuf err = STRBUF_INIT;
	struct output *out = output_open(ctl->write_baseline_path, "baseline", &err);
	bool ok = out != NULL;

	if (out) {
		baseline_write(ctl->record, output_file(out));
		ok = output_commit(out, &err);
	}
	if (ok)
		note("recorded %zu finding%s in %s", baseline_size(ctl->record),
		     baseline_size(ctl->record) == 1 ? "" : "s", ctl->write_baseline_path);
	else
		note("%s", err.buf);
	strbuf_release(&err);
	return ok;
}

bool control_finish(struct control *ctl, struct emitter *em, size_t *failing)
{
	char **notes;
	size_t n_notes;
	struct config_file *const *files;
	size_t n_files;
	bool ok = !ctl->config_error;

	if (!ctl->cs)
		return ok;
	config_set_report_unused(ctl->cs);
	n_files = config_set_files(ctl->cs, &files);
	for (size_t i = 0; i < n_files; i++) {
		struct config_file *cf = files[i];
		struct config_effective eff;
		struct policy_stats stats = {0};
		if (!cf->problems.len)
			continue;
		config_effective_cli(ctl->cs, &eff);
		struct policy_input in = {.eff = &eff, .keep_suppressed = ctl->keep_suppressed};
		diag_list_resolve(&cf->problems, cf->src);
		policy_apply(&in, &cf->problems, &stats);
		summary_add_file(&ctl->summary, &cf->problems);
		emitter_file(em, cf->src, &cf->problems);
		*failing += stats.failing;
		config_effective_release(&eff);
	}
	n_notes = config_set_take_notes(ctl->cs, &notes);
	for (size_t i = 0; i < n_notes; i++) {
		note("%s", notes[i]);
		free(notes[i]);
	}
	free(notes);
	if (ctl->baseline) {
		size_t stale = baseline_stale(ctl->baseline);
		if (stale)
			note("%zu baseline entr%s no longer occur%s: run --write-baseline to drop %s",
			     stale, stale == 1 ? "y" : "ies", stale == 1 ? "s" : "",
			     stale == 1 ? "it" : "them");
	}
	if (ctl->record && !write_baseline(ctl))
		ok = false;
	return ok;
}
