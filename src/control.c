/*
 * control: glue between main.c and config / walk / policy / baseline.
 */
#include "control.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "config.h"
#include "policy.h"
#include "sanitize.h"
#include "strbuf.h"
#include "summary.h"
#include "walk.h"
#include "xalloc.h"

struct control {
	const struct ruleset *rs;
	struct config_set *cs;
	bool keep_suppressed;
	bool text;               /* --format text: colour, the summary line */
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
	struct walk_list inputs;
	char **paths;            /* control_paths() */
	size_t next;
	const struct walk_item *current;
	size_t skipped, checked;
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
	walk_list_release(&ctl->inputs);
	free(ctl->paths);
	free(ctl->rule_opts);
	policy_release();
	free(ctl);
}

int control_option(struct control *ctl, int opt, const char *arg)
{
	switch (opt) {
	case CONTROL_OPT_CONFIG: ctl->config_path = arg; break;
	case CONTROL_OPT_NO_CONFIG: ctl->no_config = true; break;
	case CONTROL_OPT_PRINT_CONFIG: ctl->print_config = arg; break;
	case CONTROL_OPT_BASELINE: ctl->baseline_path = arg; break;
	case CONTROL_OPT_WRITE_BASELINE: ctl->write_baseline_path = arg; break;
	case CONTROL_OPT_COLOR:
		if (!color_when_parse(arg, &ctl->color))
			return usage("--color: expected auto, always or never");
		break;
	case CONTROL_OPT_COLUMN_UNIT:
		if (strcmp(arg, "codepoint") == 0)
			source_set_column_unit(SOURCE_COLUMNS_CODE_POINTS);
		else if (strcmp(arg, "utf16") == 0)
			source_set_column_unit(SOURCE_COLUMNS_UTF16);
		else if (strcmp(arg, "byte") == 0)
			source_set_column_unit(SOURCE_COLUMNS_BYTES);
		else
			return usage("--column-unit: expected codepoint, utf16 or byte");
		break;
	case CONTROL_OPT_DISABLE:
	case CONTROL_OPT_ENABLE:
	case CONTROL_OPT_SEVERITY:
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
		case CONTROL_OPT_DISABLE:
			ok = config_set_cli_disable(ctl->cs, ctl->rule_opts[i].arg, err, sizeof err);
			break;
		case CONTROL_OPT_ENABLE:
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

/* Drop the walked files that are the output file (same device and inode). */
static void drop_output(struct walk_list *list, const char *output)
{
	struct stat out, st;
	size_t k = 0;

	if (!output || stat(output, &out) != 0 || !S_ISREG(out.st_mode))
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct walk_item *it = &list->items[i];

		if (it->walked && stat(it->path, &st) == 0 && st.st_dev == out.st_dev &&
		    st.st_ino == out.st_ino)
			free(it->path);
		else
			list->items[k++] = *it;
	}
	list->n = k;
}

bool control_expand(struct control *ctl, char *const *args, int n_args, const char *output)
{
	char err[1024];
	struct config_effective eff;
	if (!walk_expand(args, n_args > 0 ? (size_t)n_args : 0, ctl->cs, &ctl->inputs, err, sizeof err)) {
		note("%s", err);
		walk_list_release(&ctl->inputs);
		return false;
	}
	drop_output(&ctl->inputs, output);
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
			walk_list_release(&ctl->inputs);
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

bool control_skip(struct control *ctl, const struct source *src)
{
	const struct walk_item *it = ctl->current;
	if (!it)
		return false;
	if (it->implicit && src->len == 0) {
		note("nothing to check: no file was given and stdin is empty");
		return true;
	}
	if (!it->walked)
		return false;
	/* Decoded once more here (the engine decodes for itself): only
	 * files found in a folder pay for it. */
	struct request *req = request_parse(src, ctl->input, NULL); /* only asks if it is one */
	bool request = walk_looks_like_request(ctl->rs, req, src->bytes, src->len);
	request_free(req);
	if (!request) {
		note("%s: skipped: not a DTS request (no Action and no parameter of any operation); "
		     "name it to check it anyway", src->name);
		ctl->skipped++;
		return true;
	}
	return false;
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

bool control_finish(struct control *ctl, struct emitter *em, size_t *failing)
{
	char **notes, err[1024];
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
	if (ctl->text && !ctl->record && ctl->summary.files && isatty(STDERR_FILENO))
		summary_print(stderr, &ctl->summary);
	if (ctl->record) {
		if (baseline_write(ctl->record, err, sizeof err)) {
			note("recorded %zu finding%s in %s", baseline_size(ctl->record),
			     baseline_size(ctl->record) == 1 ? "" : "s", ctl->write_baseline_path);
		} else {
			note("%s", err);
			ok = false;
		}
	}
	return ok;
}
