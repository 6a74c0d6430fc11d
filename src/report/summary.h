/*
 * summary: the line a person reads last on a terminal, on stderr in text
 * mode ("7 problems (6 errors, 1 note) in 1 of 2 files"), and whether to
 * colour text output (--color auto|always|never, NO_COLOR).  Both are for
 * people at a terminal: off when the stream is not one, unless asked.
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
};

/* One checked file's findings, as they will be reported. */
void summary_add_file(struct summary *s, const struct diag_list *reported);

/* "no problems in 2 files" / "7 problems (6 errors, 1 note) in 1 of 2 files". */
void summary_print(FILE *out, const struct summary *s);

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

bool color_when_parse(const char *text, enum color_when *out);

/* auto: the stream is a terminal and NO_COLOR is unset or empty
 * (https://no-color.org); always / never as said. */
bool color_wanted(enum color_when when, bool is_terminal);

#endif
