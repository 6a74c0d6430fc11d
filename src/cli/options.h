/*
 * options: the command line's one table of options (options.c).  Each
 * entry is a long name, an optional short one, the value's name, the help
 * text and an id; getopt_long's tables, --help and everything that reads
 * --help (the man-page test, the README's option table test, the shell
 * completion) come from it, so an option is added in one place.  What an
 * option does is its id's case in main.c or control.c.
 */
#ifndef DTSLINT_OPTIONS_H
#define DTSLINT_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

enum option_id {
	OPTION_FORMAT = 'f',
	OPTION_OUTPUT = 'o',
	OPTION_HELP = 'h',
	OPTION_QUIET = 'q',
	OPTION_JOBS = 'j',
	OPTION_OPERATION = 256,
	OPTION_INPUT,
	OPTION_FAIL_ON,
	OPTION_RULES,
	OPTION_STDIN_NAME,
	OPTION_SHOW_SOURCE,
	OPTION_NO_SHOW_SOURCE,
	OPTION_FIX,
	OPTION_DRY_RUN,
	/* the configuration layer's, handled by control_option() */
	OPTION_CONFIG,
	OPTION_NO_CONFIG,
	OPTION_PRINT_CONFIG,
	OPTION_DISABLE,
	OPTION_ENABLE,
	OPTION_SEVERITY,
	OPTION_BASELINE,
	OPTION_WRITE_BASELINE,
	OPTION_COLOR,
	OPTION_COLUMN_UNIT,
	/* actions that replace checking */
	OPTION_LIST_RULES,
	OPTION_LIST_OPERATIONS,
	OPTION_LIST_PARAMETERS,
	OPTION_EXPLAIN,
	OPTION_PRINT_JSON_SCHEMA,
	OPTION_WORKFLOW,
	OPTION_LSP,
	OPTION_VERSION,
};

struct option_spec {
	enum option_id id;
	const char *name;   /* long name, without "--" */
	char short_name;    /* 0: none */
	const char *value;  /* the value's name in --help ("FILE"); NULL: takes none */
	const char *help;   /* lines separated by '\n'; "{formats}" names the formats */
	bool control;       /* handled by control_option() */
};

extern const struct option_spec option_table[];
extern const size_t option_table_len;

/* getopt_long's view of the table: *longs (owned, free it) and the short
 * options in shorts (":f:o:h", a leading ':' so a missing value is ':'). */
void options_getopt_new(struct option **longs, char *shorts, size_t shorts_size);

/* What getopt_long() returned, as an id: a short option's letter is
 * its entry's id (-V is OPTION_VERSION); anything else is itself. */
int options_id(int c);

/* The entry of an id, or NULL. */
const struct option_spec *options_find(int id);

/* --help: usage lines, the table, the exit statuses; `formats` replaces
 * "{formats}". */
void options_print_help(FILE *out, const char *formats);

#endif
