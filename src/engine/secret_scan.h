/*
 * secret_scan: which values are secrets, and where they are, for any
 * input, parsed or not.  One principle: when in doubt, mask.
 *
 *   - A key is secret when the rules say so (a secret parameter, the
 *     secretKeyPattern), when the pattern cannot classify it (a match
 *     error), when its escapes do not decode, or when it looks like one:
 *     a near miss of a secret name the rules know (SourceEndpointPasword,
 *     SecurityTokn) or of a secret word inside it (dbPasswrd,
 *     AccessKeySecre, dbCredental).
 *   - Everything under a secret key is masked, whatever its type: a
 *     string's content, a number, an array or object whole.
 *   - Any string that may hold JSON (it holds a quote) and was not parsed
 *     is lexed for pairs in turn, at any depth, however broken it or its
 *     container is, unless its whole text shows that no key in it can be
 *     secret (secret_text_may_hold_secret()); so is a file that does not
 *     parse (UTF-16 as well).
 *
 * The spans go to diag_add_secret(), which every emitter masks;
 * value_text() asks secret_value_hidden() before quoting a value.
 */
#ifndef DTSLINT_SECRET_SCAN_H
#define DTSLINT_SECRET_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "jsonpos.h"
#include "request.h"
#include "ruleset.h"
#include "query.h"

/* Is a value under this key secret?  key NULL: a key that cannot be
 * decoded, so cannot be classified (secret). */
bool secret_key_is_secret(const struct ruleset *rs, const char *key, size_t len);

/* Must a message show n's value as ****?  When n or a member it is in has
 * a secret key, or n is a string holding a pair with a secret key. */
bool secret_value_hidden(const struct ruleset *rs, const struct jnode *n);

/* Does text, a key or a message's variable, hold JSON with a secret pair
 * in it ("{\"password\": ...}" written where a key goes)?  Messages and
 * pointers show such a text as "****" (finding.c). */
bool secret_text_shows_pair(const struct ruleset *rs, const char *text, size_t len);

/* Does lexing text (a string's decoded value) for pairs find a secret, as
 * secret_value_hidden() lexes a string?  Without the prefilter below. */
bool secret_text_holds_secret(const struct ruleset *rs, const char *text, size_t len);

/* False only when secret_text_holds_secret() cannot be true for text: it
 * holds no key that could be secret (a DbList filter's quotes); the scan
 * then does not lex it. */
bool secret_text_may_hold_secret(const struct ruleset *rs, const char *text, size_t len);

/* The outermost member, n or one it is in, whose key is secret (its value
 * holds n), or NULL. */
const struct jnode *secret_owner(const struct ruleset *rs, const struct jnode *n);

/* The answers of the secret-key classification, remembered across the
 * documents of one engine (the same key names come back in every file
 * and every edit).  Owned by the engine: engine_new/engine_free. */
struct secret_memo;
struct secret_memo *secret_memo_new(const struct ruleset *rs);
void secret_memo_free(struct secret_memo *memo);

/* What a scan needs of a run: the rules, the engine's memo, the request
 * and where its secret spans go.  All borrowed.  threads: how many
 * secret_scan_tree() may use (0 or 1: this one alone; it uses two at
 * most), when the part it would hand the second spans at least
 * split_min bytes (SECRET_SCAN_SPLIT_BYTES; 0: any, for the tests). */
struct secret_scan {
	const struct ruleset *rs;
	struct secret_memo *memo;
	const struct request *req;
	struct diag_list *diags;
	size_t threads;
	size_t split_min;
};

/* An input this big is scanned beside its checks, and a nested tree this
 * big gets a thread of its own (or, when no thread could start, a
 * container this big is split over two threads after the checks): below,
 * a thread costs more than it saves.  The split: 1 MB and 2 MB requests
 * 2% slower, 3 MB even, 5 MB 10% faster.  The scan beside the checks,
 * forced on the 1 MB object request: 1.015 of -j1's wall time (paired, 31
 * runs) and 128 KiB more peak memory (0.13x of the input, over the 1 MB
 * target).  A quiet 2-CPU machine; bench/README.md, "The scan beside the
 * checks, and huge pages". */
#define SECRET_SCAN_SPLIT_BYTES (2560 * 1024)

/* What the query-string decoder asks (query.h): a name is secret as a
 * key is here, known when it is a parameter of some operation.  Borrows
 * memo, which must outlive the decoding. */
struct query_names secret_query_names(struct secret_memo *memo);

/* Record the secret spans of the parsed tree, nested trees and strings
 * that were never parsed included.  The tree must be final (nothing
 * parses a string of it while the scan runs): with s->threads > 1 a
 * second thread reads half of its largest container. */
void secret_scan_tree(const struct secret_scan *s);

/* The same scan started before the checks and finished after them: a
 * second thread walks the tree while they run, leaving every string that
 * may hold JSON (the checks may parse it meanwhile) to
 * secret_scan_beside_finish(), which joins it, adds its spans to
 * s->diags and scans those strings as secret_scan_tree() would (nested
 * trees split in two when big).  NULL when s does not allow a second
 * thread (threads, --jobs, an input smaller than split_min) or none
 * starts: then call secret_scan_tree() after the checks.  The checks may
 * parse strings and decode texts meanwhile, nothing else of the tree;
 * they match the secret-key pattern as they like, the other patterns
 * stay theirs (ruleset_share_secret_key()).  Owned: _finish frees it. */
struct secret_scan_beside;
struct secret_scan_beside *secret_scan_beside_start(const struct secret_scan *s);
/* The checks parsed str's nested tree and will not change it: scan it
 * now on a thread of its own, when it is big (split_min). */
void secret_scan_beside_nested(struct secret_scan_beside *b, const struct jnode *str);
void secret_scan_beside_finish(struct secret_scan_beside *b);

/* Record the secret spans of text that did not parse: the string node's
 * text, or with str NULL the whole file. */
void secret_scan_unparsed(const struct secret_scan *s, const struct jnode *str);

#endif
