/*
 * filter_parse: a reader for the condition language of a DbList table's
 * "filter", the WHERE condition DTS applies to the rows it moves (the user
 * guide "Filter task data with an SQL condition"): column names (plain,
 * `quoted`, [bracketed], qualified with dots), 'string' and number
 * literals, comparisons, AND / OR / NOT, parentheses, IN lists, LIKE,
 * BETWEEN, IS [NOT] NULL and arithmetic.  Functions are not in the
 * language the page documents, so a call is a place the reader stops.
 *
 * It works on decoded text and reports offsets into it; the caller maps
 * them to the file.  It knows no rule: it says where it could not read
 * the condition and lists what the checks need (qualified column names,
 * comparisons of a column with a bare year).  What the format rules of
 * rules/30-dblist.json already report (a leading WHERE, a sub-query, a
 * trailing ';', double quotes) is read without complaint, so one mistake
 * gives one finding.  Linear in the text; nesting is capped, never a
 * stack overflow.
 */
#ifndef DTSLINT_FILTER_PARSE_H
#define DTSLINT_FILTER_PARSE_H

#include <stdbool.h>
#include <stddef.h>

/* A column name written with qualifiers: db.table.column, table.column. */
struct filter_column {
	size_t start, end;          /* the whole name */
	size_t n_parts;             /* 2 or more */
	/* the last three parts without their quotes: [0] the column, [1] its
	 * table, [2] the database (when written) */
	size_t part_start[3], part_end[3];
};

/* A span of the text: [start, end). */
struct filter_span {
	size_t start, end;
};

struct filter_parse {
	bool readable;              /* false: `error` says where and why */
	struct filter_span error;   /* the token the reader stopped at */
	const char *error_message;  /* static text: "expected ..." */
	struct filter_column *qualified; /* every qualified column name */
	size_t n_qualified;
	struct filter_span *bare_years;  /* '2020' compared with <, >, <=, >= or BETWEEN */
	size_t n_bare_years;
};

/* Read text[0, len).  Returns an owned result; free it with
 * filter_parse_free().  Never NULL. */
struct filter_parse *filter_parse_new(const char *text, size_t len);

/* Accepts NULL. */
void filter_parse_free(struct filter_parse *p);

#endif
