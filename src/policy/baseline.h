/*
 * baseline: findings accepted as they are today, so that only new ones
 * are reported.  An entry is (file, rule ID, JSON pointer), never a line:
 * inserting lines or editing elsewhere in a file keeps it valid.  Equal
 * entries count: two DTS101 at the same pointer need two entries.
 *
 * File format (one finding per line, sorted, for reviewable diffs):
 *   {"version": 1, "findings": [
 *     {"file": "requests/a.json", "rule": "DTS101", "pointer": "/X"},
 *     ...]}
 * `file` is relative to the baseline file's folder when below it.
 */
#ifndef DTSLINT_BASELINE_H
#define DTSLINT_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct baseline;

/* An empty baseline that records (for --write-baseline FILE). */
struct baseline *baseline_new(const char *path);

/* Read FILE.  NULL with a message in err. */
struct baseline *baseline_load(const char *path, char *err, size_t errsize);

void baseline_free(struct baseline *bl);

/* The key of a checked file: its path relative to the baseline's folder
 * when below it, else its absolute path; `display` for stdin.  Owned. */
char *baseline_file_key(const struct baseline *bl, const char *path, const char *display);

/* This file was checked in this run (its unmatched entries are stale). */
void baseline_file_checked(struct baseline *bl, const char *key);

/* Consume one unmatched entry equal to the finding; true if there was one. */
bool baseline_take(struct baseline *bl, const char *key, const char *rule, const char *pointer);

void baseline_record(struct baseline *bl, const char *key, const char *rule, const char *pointer);

/* Entries of checked files that no finding matched. */
size_t baseline_stale(const struct baseline *bl);

size_t baseline_size(const struct baseline *bl);

/* Write the recorded entries to f, sorted (the caller opens the
 * baseline's path and checks the writes: control.c, through output.h,
 * replaces the file whole or not at all). */
void baseline_write(struct baseline *bl, FILE *f);

#endif
