/*
 * summary: the line a person reads last, on stderr in text mode ("7
 * problems (6 errors, 1 note) in 1 of 2 files"; a CI log shows that a clean
 * run ran, and on how many files), and whether to colour text output
 * (--color auto|always|never, NO_COLOR): off when the stream is no
 * terminal, unless asked.
 */
#ifndef DTSLINT_SUMMARY_H
#define DTSLINT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

struct summary {
	size_t errors, warnings, notes;
	size_t files, files_with_findings;
	size_t suppressed, baselined;
	size_t skipped;           /* inputs that were not requests */
	size_t fixed, files_fixed; /* --fix: findings fixed (or that would be) */
	size_t files_fix_tried;    /* inputs --fix looked at */
	bool dry_run;             /* --fix --dry-run: "would fix" */
};

/* One checked file's findings, as they will be reported. */
void summary_add_file(struct summary *s, const struct diag_list *reported);

/* One input's fixes: n findings fixed (or, with --dry-run, that would be). */
void summary_add_fixes(struct summary *s, size_t n);

/* "no problems in 2 files" / "7 problems (6 errors, 1 note) in 1 of 2 files",
 * after --fix "fixed 3 problems in 1 file; 1 problem left (1 error) in 1 of
 * 2 files", and the inputs skipped as not requests. */
void summary_print(FILE *out, const struct summary *s);

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

bool color_when_parse(const char *text, enum color_when *out);

/* auto: the stream is a terminal and NO_COLOR is unset or empty
 * (https://no-color.org); always / never as said. */
bool color_wanted(enum color_when when, bool is_terminal);

#endif
