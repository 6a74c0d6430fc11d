/*
 * lsp: `dtslint --lsp`, a language server (LSP 3.17) on stdin/stdout.
 * One engine for the whole session; each open document is linted with it
 * when it changes, and the findings are published as diagnostics.  Hover
 * and completion come from the same rule catalogue (lsp_assist.c).
 */
#ifndef DTSLINT_LSP_H
#define DTSLINT_LSP_H

#include "ruleset.h"

/* Serve until the client's exit notification or the end of input.
 * operation: --operation (NULL: not given).  Returns the exit status:
 * 0 after shutdown then exit, else 1 (LSP's rule); 2 when the engine
 * cannot be built. */
int lsp_run(const struct ruleset *rs, const char *operation, int in_fd, int out_fd);

#endif
