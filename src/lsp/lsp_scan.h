/*
 * lsp_scan: where the cursor is in JSON being typed.  A lexer that never
 * fails: it keeps a stack of open containers, each object with the key it
 * is reading and the key it sits under, and shrugs at errors (a missing
 * comma, an unterminated string, which ends at the end of its line, a
 * stray bracket).  When it passes the cursor it records the slot there (a
 * key or a value), the keys from the root down, and the word under the
 * cursor.  It knows no rules: lsp_assist.c asks the catalogue about the
 * path.  Also here: decoding a JSON string's content with an offset map
 * (to scan the JSON inside a string), and the keys an object already has.
 */
#ifndef DTSLINT_LSP_SCAN_H
#define DTSLINT_LSP_SCAN_H

#include <stdbool.h>
#include <stddef.h>

enum lsp_slot { LSP_SLOT_NONE, LSP_SLOT_KEY, LSP_SLOT_VALUE };

struct lsp_scan {
	enum lsp_slot slot;
	char **path;     /* keys from the root down to the slot's object, and a value slot's key */
	size_t depth;
	bool path_ok;    /* false when an array lies on the way */
	bool in_string;
	size_t tok_start, tok_end; /* the word at the cursor (a string's content) */
	char *word;      /* that word, for a key */
	char *action;    /* the top-level "Action" string, wherever it is */
	size_t object_start; /* the '{' of the object holding the slot */
};

/* Scan text[0, len) for the slot at cursor.  hover: the cursor is on a
 * character, so a string's quotes are part of it; else (completion) it is
 * between characters, and before an opening quote is outside the string.
 * sc is filled from zero; release it with lsp_scan_release(). */
void lsp_scan_text(const char *text, size_t len, size_t cursor, bool hover, struct lsp_scan *sc);
void lsp_scan_release(struct lsp_scan *sc);

/* Decode a JSON string's content text[start, end) into *out (owned), with
 * (*map)[k] the offset in text of decoded byte k and (*map)[n] = end.
 * Escapes that do not decode are copied as they are.  Returns n. */
size_t lsp_decode_string(const char *text, size_t start, size_t end, char **out, size_t **map);

/* The keys of the object whose '{' is at text[start], but the one whose
 * content starts at `skip` (the key being typed), sorted; *out and each
 * key owned.  Returns how many. */
size_t lsp_collect_keys(const char *text, size_t len, size_t start, size_t skip, char ***out);
bool lsp_keys_has(char **keys, size_t n, const char *name);

#endif
