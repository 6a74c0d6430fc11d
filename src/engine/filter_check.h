/*
 * filter_check: the named checks on a DbList table's "filter" condition,
 * read by filter_parse.c: a condition the reader cannot follow
 * ("filter-syntax"), a column of another table ("filter-cross-table"), a
 * time compared with a bare year ("filter-bare-year").  Each runs on one
 * instance of the table schema; positions map through the string's
 * decoding to the file, however deep the filter is nested in strings.
 */
#ifndef DTSLINT_FILTER_CHECK_H
#define DTSLINT_FILTER_CHECK_H

#include "finding.h"

void filter_check_syntax(struct run *r, const struct jnode *table, const struct check_spec *spec);
void filter_check_cross_table(struct run *r, const struct jnode *table, const struct check_spec *spec);
void filter_check_bare_year(struct run *r, const struct jnode *table, const struct check_spec *spec);
/* Free the run's remembered filter reading (run_close() calls it). */
void filter_check_release(struct run *r);

#endif
