/*
 * fix_set: which fixes of a file's findings go together.  A finding's
 * edits are taken all or none, in file order, and one that overlaps a fix
 * already taken waits for the next run.  Shared by --fix (cli/fix.c,
 * which applies and writes them) and the language server's
 * source.fixAll (lsp/lsp.c, which sends them to the editor).
 */
#ifndef DTSLINT_FIX_SET_H
#define DTSLINT_FIX_SET_H

#include <stddef.h>

#include "diag.h"

/* The edits to apply, in file order, none overlapping (borrowed from the
 * findings). */
struct fix_set {
	const struct diag_edit **edits;
	size_t n_edits;
	size_t n_fixed;   /* findings whose fix is in the set */
	size_t n_skipped; /* findings whose fix overlapped one taken before */
};

/* Choose the fixes of diags: in file order, a finding's edits are taken
 * all or none, and a fix that overlaps one already taken is skipped (a
 * second run fixes what remains).  Fixes that touch a secret are taken
 * too: they are written to the file, never printed.  Release with
 * fix_set_release(). */
void fix_set_choose(struct fix_set *set, const struct diag_list *diags);
void fix_set_release(struct fix_set *set);

#endif
