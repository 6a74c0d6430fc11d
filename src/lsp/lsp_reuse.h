/*
 * lsp_reuse: a document's findings after a keystroke inside one string,
 * without checking the whole document again.
 *
 * A full check leaves its findings (before the folder's configuration is
 * applied) and an outline of the request: where each top-level member's
 * key and value are.  When the only edit since then falls inside the text
 * of one top-level string value that no rule reads by name (no condition,
 * constraint, named check or workflow check names it), nothing but that
 * member's own checks can see the change: every other finding stays, its
 * span shifted by the edit's length.  The member's own findings are made
 * again by checking a small request that holds it, the Action and the
 * members its own conditions read, verbatim; those that fall inside the
 * member are moved to where it stands.  When any of this does not hold
 * (several edits, a quote or a backslash typed, a workflow, another
 * input form) the caller checks the whole document, as before.
 *
 * The result is the same list a full check gives, finding for finding;
 * tests/lsp_edits.py holds it to that with random edits.
 */
#ifndef DTSLINT_LSP_REUSE_H
#define DTSLINT_LSP_REUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "engine.h"
#include "ruleset.h"

/* The names any rule reads by name, made once per session. */
struct lsp_read_names;

struct lsp_read_names *lsp_read_names_new(const struct ruleset *rs);
void lsp_read_names_free(struct lsp_read_names *names);

struct lsp_member {
	char *name;                 /* owned, decoded */
	size_t key_start, value_start, value_end;
	bool string;                /* a string value */
	bool unique;                /* no other member has this name */
};

/* What one document's last full check left. */
struct lsp_reuse {
	bool valid;                 /* the fields below describe the document's text */
	struct diag_list raw;       /* the engine's findings, resolved, no configuration applied */
	struct lsp_member *members; /* the request's top-level members, in order */
	size_t n_members;
	/* The edits since then: one is reusable, more are not. */
	size_t n_edits;
	size_t edit_start, edit_end, edit_len; /* old text's [start, end) replaced by edit_len bytes */
	bool edit_plain;            /* the bytes removed and inserted are plain text */
};

void lsp_reuse_release(struct lsp_reuse *u);

/* Forget everything (a new text, a full change, a too-large document). */
void lsp_reuse_forget(struct lsp_reuse *u);

/* Record an edit of the text about to be applied: text[start, end) (the
 * old text) replaced by repl[0, n). */
void lsp_reuse_note_edit(struct lsp_reuse *u, const char *text, size_t start, size_t end,
                         const char *repl, size_t n);

/* The engine's tree hook (engine_set_tree_hook, ctx: a struct
 * lsp_reuse_capture): keeps the outline of a fully checked document. */
struct lsp_reuse_capture {
	struct lsp_reuse *into;     /* NULL: ignore the tree (a small request of ours) */
	bool parsed;                /* set by the hook: one request object, plain JSON */
};
void lsp_reuse_tree_hook(void *ctx, const struct request *req);

/* After a full check of text: keep raw (copied) as the findings to reuse;
 * the outline was kept by the hook (cap->parsed says whether it is usable). */
void lsp_reuse_keep(struct lsp_reuse *u, const struct diag_list *raw, bool parsed);

/* The findings of src (the edited text) made from the last full check, in
 * *out (initialised here, resolved against src, no configuration
 * applied); false when the edit does not allow it (then *out is untouched
 * and u is forgotten).  On success u describes src's text. */
bool lsp_reuse_check(struct lsp_reuse *u, const struct lsp_read_names *names, struct engine *eng,
                     const struct ruleset *rs, enum request_input input, const char *operation,
                     struct source *src, struct lsp_reuse_capture *cap, struct diag_list *out);

/* Copy every finding and secret span of from into to (initialised). */
void lsp_diag_list_copy(struct diag_list *to, const struct diag_list *from);

#endif
