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
 * member are moved to where it stands.  White space typed or removed
 * between two tokens of the request moves every finding and changes
 * none.
 *
 * An edit inside one entry of the DbList (a map: a database, or a table
 * of a database's Table) is the same on a smaller scale: the findings
 * outside the entry are the old ones moved, the entry's own are made again
 * by checking a small request that holds the other top-level members and a
 * DbList of that database with only that table, written from the new
 * text's own bytes (so a DbList in a JSON string stays one, escapes and
 * all).  A table's key may be edited too, while it stays the only one of
 * its map.  What reads across entries is taken from engine_scope.h: a map
 * whose checks read entries together is not reused; distinct-names is, as
 * long as the entry's destination name is no other entry's before and
 * after the edit (the outline keeps every entry's); the DbList's size
 * limits, as long as its bytes are under the smallest before and after.
 *
 * When any of this does not hold (several edits, a quote or a backslash
 * typed, a workflow, another input form) the caller checks the whole
 * document, as before.
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
#include "engine_scope.h"
#include "ruleset.h"

struct lsp_member {
	char *name;                 /* owned, decoded */
	size_t key_start, value_start, value_end;
	bool string;                /* a string value */
	bool unique;                /* no other member has this name */
};

/* An entry of the DbList's outline: a database (a member of the map
 * parameter's object) or a table (a member of a map a database holds). */
struct lsp_entry {
	size_t key_start, value_start, value_end;
	size_t name_start, name_end; /* its key without the quotes (file bytes) */
	size_t map_key_start, map_value_start; /* a table: its database's member that holds it */
	size_t db;                  /* a table: its database's index in entries */
	size_t group;               /* the entries of one map share it (0: the databases) */
	char *dest;                 /* owned: the destination name distinct-names reads; NULL: not an object */
	size_t dest_len;
	enum engine_entries reads;  /* how its map's checks read entries */
	bool table;
	bool unique;                /* no other member of its map has its key */
};

/* The top-level parameter that holds a map of databases (the DbList). */
struct lsp_dblist {
	bool kept;                  /* the fields below describe the text */
	size_t member;              /* its index in members */
	bool string;                /* JSON in a string */
	size_t limit;               /* the smallest size limit of its value (0: none) */
	bool record_below;          /* the databases' checks read into their tables */
	struct lsp_entry *entries;  /* in document order, each database before its tables */
	size_t n_entries;
};

/* What one document's last full check left. */
struct lsp_reuse {
	bool valid;                 /* the fields below describe the document's text */
	struct diag_list raw;       /* the engine's findings, resolved, no configuration applied */
	struct lsp_member *members; /* the request's top-level members, in order */
	size_t root_start, root_end; /* the request object's span */
	size_t n_members;
	struct lsp_dblist db;
	/* The edits since then: one is reusable, more are not. */
	size_t n_edits;
	size_t edit_start, edit_end, edit_len; /* old text's [start, end) replaced by edit_len bytes */
	bool edit_plain;            /* the bytes removed and inserted are plain text */
	bool edit_blank;            /* ... or white space only */
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
struct lsp_probe;
struct lsp_reuse_capture {
	struct lsp_reuse *into;     /* NULL: ignore the tree (a small request of ours) */
	bool parsed;                /* set by the hook: one request object, plain JSON */
	const struct ruleset *rs;   /* the session's, for the DbList's outline */
	const char *operation;      /* the document's operation without an Action */
	struct lsp_probe *probe;    /* a small request of ours: the entry to read back */
	/* engine_reads_below() walks every condition of the rules: its answer
	 * for the last name asked, kept for the session (owned). */
	char *below_name;
	bool below;
};
void lsp_reuse_capture_release(struct lsp_reuse_capture *cap);
void lsp_reuse_tree_hook(void *ctx, const struct request *req);

/* After a full check of text: keep raw (copied) as the findings to reuse;
 * the outline was kept by the hook (cap->parsed says whether it is usable). */
void lsp_reuse_keep(struct lsp_reuse *u, const struct diag_list *raw, bool parsed);

/* The findings of src (the edited text) made from the last full check, in
 * *out (initialised here, resolved against src, no configuration
 * applied); false when the edit does not allow it (then *out is untouched
 * and u is forgotten).  On success u describes src's text. */
bool lsp_reuse_check(struct lsp_reuse *u, const struct engine_read_names *names, struct engine *eng,
                     const struct ruleset *rs, enum request_input input, const char *operation,
                     struct source *src, struct lsp_reuse_capture *cap, struct diag_list *out);

/* Copy every finding and secret span of from into to (initialised). */
void lsp_diag_list_copy(struct diag_list *to, const struct diag_list *from);

#endif
