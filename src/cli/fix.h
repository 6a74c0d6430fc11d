/*
 * fix: `dtslint --fix`: apply the edits the findings carry to the file
 * they came from, or show them as a unified diff (--dry-run).
 */
#ifndef DTSLINT_FIX_H
#define DTSLINT_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "fix_set.h"
#include "source.h"
#include "strbuf.h"

/* The source's bytes with the set applied; malloc'ed, *out_len set. */
char *fix_set_apply(const struct fix_set *set, const char *bytes, size_t len, size_t *out_len);

/* Replace the file at path by bytes, if it still holds what was linted
 * (`expected`): atomically (a temporary file in the same directory, then
 * rename), never a half-written file; a file with hard links is
 * rewritten in place, so all its names keep sharing it.  False with a
 * reason in err. */
bool fix_write_file(const char *path, const struct source *expected, const char *bytes,
                    size_t len, struct strbuf *err);

/* A unified diff of the set against the source (fix_diff.c), 3 lines of
 * context, "--- a/NAME" / "+++ b/NAME" headers.  Secret bytes are masked
 * with '*', as every excerpt is. */
void fix_diff(struct strbuf *out, const struct source *src, const struct diag_list *diags,
              const struct fix_set *set);

#endif
