/*
 * shellwords: the simple commands of a POSIX shell script and their words,
 * as the shell would pass them, each word with its place in the file.
 *
 * What it reads: single quotes (raw), double quotes with their escapes
 * (\\ \" \$ \` and backslash-newline), backslashes outside quotes, line
 * continuations, comments (# at a word's start), $'...' (ANSI-C quoting,
 * decoded; \u, \U and \c make the word unknown), $"..." (read as "..."),
 * the separators ; & | && || ;; and newlines, subshells ( ... ),
 * redirections (not words: [n]< > >> >| <> <& >& &> &>> <<< and here
 * documents, whose bodies are skipped so they are never read as commands).
 * $VAR, ${...}, $(...), `...`, $((...)), $[...], <(...), >(...), a tilde
 * at a word's start and brace expansion ({a,b}, {1..3}) make a word
 * *unknown*: its value is decided when the script runs.  The commands
 * inside $(...), `...`, <(...) and >(...) are commands too, with a depth.
 *
 * What it does not do: expand anything, read here-document bodies for
 * substitutions, tell a case pattern's ')' from a closing one inside
 * $(...), or know aliases and functions.  Pathname expansion is not
 * done: an unquoted * ? [ stays literal, as bash leaves it when nothing
 * matches.  Bytes are bytes: NULs and invalid UTF-8 are ordinary word
 * characters, never an error.  It knows nothing of aliyun or of rules.
 *
 * Bounded: one pass over the text; substitutions nest at most
 * SHELL_MAX_DEPTH deep (deeper, the reader stops and says incomplete).
 */
#ifndef DTSLINT_SHELLWORDS_H
#define DTSLINT_SHELLWORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jnode.h"

#define SHELL_MAX_DEPTH 32

struct shell_word {
	struct jspan span; /* the word's bytes in the text, quotes included */
	bool known;        /* no expansion: text is exactly what the command receives */
	char *text;        /* decoded, NUL-terminated (may hold NULs); when unknown, the
	                    * literal prefix before the first expansion ("--Reserve=" of
	                    * --Reserve="$(cat r.json)"), empty when none can be trusted */
	size_t len;
	uint32_t *map;     /* len + 1 entries: the text offset of each decoded byte (a
	                    * quoted byte's own offset; an escape's first byte, the
	                    * backslash of \" or of $'\n'); map[len] is where the
	                    * content ends */
};

struct shell_command {
	struct jspan span;        /* its first word or redirection to its last */
	struct shell_word *words; /* redirections and their targets are not words */
	size_t n_words;
	size_t n_assign;          /* leading NAME=value words (not the command's name) */
	bool redirected;          /* it has a redirection */
	unsigned depth;           /* 0 at the top; n inside n substitutions */
};

struct shell_script {
	struct shell_command *commands; /* ordered by their start */
	size_t n_commands;
	bool incomplete; /* an unterminated quote, substitution or here document, or
	                  * nesting deeper than SHELL_MAX_DEPTH: the text ends early */
};

/* The commands of text[start, end) (offsets are offsets into text, so a
 * region of a larger file keeps its file offsets).  Returns owned; never
 * NULL (allocation failure exits, as xalloc does). */
struct shell_script *shell_script_parse(const char *text, size_t start, size_t end);

/* Free a script and its words; NULL is fine. */
void shell_script_free(struct shell_script *script);

/* Is word w an assignment (NAME=... with a valid NAME, before any quote)? */
bool shell_word_is_assignment(const char *text, size_t start, size_t end);

#endif
