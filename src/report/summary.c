/*
 * summary: counting and wording only; the caller decides when to print.
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

void summary_add_file(struct summary *s, const struct diag_list *reported)
{
	size_t before = s->errors + s->warnings + s->notes;

	for (size_t i = 0; i < reported->len; i++) {
		switch (reported->items[i].severity) {
		case SEV_ERROR: s->errors++; break;
		case SEV_WARNING: s->warnings++; break;
		default: s->notes++; break;
		}
	}
	s->files++;
	if (s->errors + s->warnings + s->notes > before)
		s->files_with_findings++;
}

static void part(FILE *out, bool *first, size_t n, const char *one, const char *many)
{
	if (!n)
		return;
	fprintf(out, "%s%zu %s", *first ? "" : ", ", n, n == 1 ? one : many);
	*first = false;
}

void summary_add_fixes(struct summary *s, size_t n)
{
	s->fixed += n;
	s->files_fixed += n > 0;
	s->files_fix_tried++;
}

static void plural(FILE *out, size_t n, const char *one, const char *many)
{
	fprintf(out, "%zu %s", n, n == 1 ? one : many);
}

/* "fixed 3 problems in 1 file" before what is left; with --dry-run,
 * which reports no findings, the whole line ("would fix ... in 1 of 2
 * files"). */
static void print_fixes(FILE *out, const struct summary *s)
{
	if (s->dry_run && !s->fixed) {
		fputs("nothing to fix in ", out);
		plural(out, s->files_fix_tried, "file", "files");
		return;
	}
	fputs(s->dry_run ? "would fix " : "fixed ", out);
	plural(out, s->fixed, "problem", "problems");
	if (s->dry_run) {
		fprintf(out, " in %zu of ", s->files_fixed);
		plural(out, s->files_fix_tried, "file", "files");
		return;
	}
	fputs(" in ", out);
	plural(out, s->files_fixed, "file", "files");
	fputs("; ", out);
}

static void print_findings(FILE *out, const struct summary *s, const char *left)
{
	size_t total = s->errors + s->warnings + s->notes;
	bool first = true;

	if (!s->files && s->skipped) {
		fputs("no requests checked", out);
		return;
	}
	if (!total) {
		fprintf(out, "no problems%s in ", left);
		plural(out, s->files, "file", "files");
		return;
	}
	plural(out, total, "problem", "problems");
	fprintf(out, "%s (", left);
	part(out, &first, s->errors, "error", "errors");
	part(out, &first, s->warnings, "warning", "warnings");
	part(out, &first, s->notes, "note", "notes");
	fprintf(out, ") in %zu of ", s->files_with_findings);
	plural(out, s->files, "file", "files");
}

void summary_print(FILE *out, const struct summary *s)
{
	if (s->fixed || s->dry_run)
		print_fixes(out, s);
	/* --dry-run reports no findings: its diff is the report */
	if (!s->dry_run)
		print_findings(out, s, s->fixed ? " left" : "");
	if (s->suppressed || s->baselined) {
		bool first = true;
		fputs("; not shown: ", out);
		part(out, &first, s->suppressed, "suppressed", "suppressed");
		part(out, &first, s->baselined, "in the baseline", "in the baseline");
	}
	if (s->skipped) {
		fputs("; ", out);
		plural(out, s->skipped, "file", "files");
		fputs(" skipped as not requests", out);
	}
	fputc('\n', out);
}

bool color_when_parse(const char *text, enum color_when *out)
{
	static const char *const names[] = {"auto", "always", "never"};
	for (int i = 0; i < 3; i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = (enum color_when)i;
			return true;
		}
	}
	return false;
}

/* Set to anything but "" (and, for CLICOLOR_FORCE, "0"). */
static bool env_set(const char *name, bool zero_is_off)
{
	const char *v = getenv(name);
	return v && v[0] && !(zero_is_off && strcmp(v, "0") == 0);
}

/* --color wins; then NO_COLOR (no-color.org); then FORCE_COLOR
 * (force-color.org) and CLICOLOR_FORCE, for CI logs that render colour
 * though they are no terminal; then the terminal decides. */
bool color_wanted(enum color_when when, bool is_terminal)
{
	if (when != COLOR_AUTO)
		return when == COLOR_ALWAYS;
	if (env_set("NO_COLOR", false))
		return false;
	if (env_set("FORCE_COLOR", false) || env_set("CLICOLOR_FORCE", true))
		return true;
	return is_terminal;
}
