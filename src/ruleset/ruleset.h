/*
 * ruleset: the rule knowledge of dtslint, as data.  The model is in
 * rule.h; this is how a ruleset is obtained, looked up and matched.
 *
 * The default rules are validated and compiled into C tables at build
 * time (tools/rulegen.c runs ruleset_load() on rules/ and
 * ruleset_codegen.c writes rules_table.c), so getting them costs nothing
 * at start-up; --rules DIR loads JSON at run time with the same loader.
 * See docs/rules-format.md for the file format.
 */
#ifndef DTSLINT_RULESET_H
#define DTSLINT_RULESET_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"

/* One rules file as bytes; `name` is used in error messages. */
struct rules_file {
	const char *name;
	const char *bytes;
	size_t len;
};

/* Build a ruleset from files (ruleset_load.c).  Returns an owned ruleset
 * or NULL with a message "file:line:col: problem" in errbuf.  A ruleset
 * that lacks any rule of builtin_ids.h is refused, naming the missing. */
struct ruleset *ruleset_load(const struct rules_file *files, size_t n_files,
                             char *errbuf, size_t errbuf_size);

/* Every *.json in dir, in name order. */
struct ruleset *ruleset_load_dir(const char *dir, char *errbuf, size_t errbuf_size);

/* The rules compiled into the binary (rules_table.c).  Borrowed: the
 * same object on every call; ruleset_free() on it releases only what
 * matching has cached (compiled patterns), so it may be used again. */
struct ruleset *ruleset_default(void);

void ruleset_free(struct ruleset *rs);

/* Borrowed lookups. */
const struct rule *ruleset_find_rule(const struct ruleset *rs, const char *id);
/* By ID or by name, any case ("DTS101", "dts101", "unknown-parameter"). */
const struct rule *ruleset_find_rule_by_id_or_name(const struct ruleset *rs, const char *text);
const struct operation *ruleset_find_operation(const struct ruleset *rs, const char *name);
const struct schema *ruleset_find_schema(const struct ruleset *rs, const char *name);
const struct param *schema_find_key(const struct schema *s, const char *key, size_t len);

/* The same, remembered (per thread) for the next time the name is asked for:
 * the engine asks for every member of every object. */
const struct param *schema_find_key_in(const struct ruleset *rs, const struct schema *s, const char *key,
                                       size_t len);

const struct param *operation_find_param(const struct operation *op,
                                         const struct ruleset *rs, const char *name);

/* The operation or parameter that the kebab-case name[0, len) of the
 * CLI's plugin form spells (configure-dts-job: ConfigureDtsJob,
 * --dts-job-name: DtsJobName): the same letters in any case, a '-'
 * between words ("type": Type); NULL when none.  Borrowed. */
const char *ruleset_plugin_name(const struct ruleset *rs, const char *name, size_t len);

/* Is name[0, len) a parameter of some operation (or a common one)? */
bool ruleset_is_param_name(const struct ruleset *rs, const char *name, size_t len);

/* Does text match the pattern (compiled on first use)?  Returns 1, 0, or
 * -1 on a PCRE2 error (the match limit): never a silent pass. */
int pattern_match(const struct ruleset *rs, const struct pattern *p,
                  const char *text, size_t len);

/* The same for a text known to be valid UTF-8 (every text of a parsed
 * tree is: the file was checked, escapes decode to whole characters, a
 * query string's value stops at its first invalid byte), without PCRE2
 * checking it again at every match. */
int pattern_match_utf8(const struct ruleset *rs, const struct pattern *p, const char *text, size_t len);

/* The text with the pattern's first match replaced by `replacement`
 * (PCRE2 syntax: $1); malloc'ed, or NULL when nothing matched or PCRE2
 * failed. */
char *pattern_substitute(const struct ruleset *rs, const struct pattern *p, const char *text,
                         size_t len, const char *replacement, size_t *out_len);

/* JIT-compile the secret-key pattern: worth it only for big inputs,
 * where it runs on every key (the engine decides). */
void ruleset_jit_secret_pattern(const struct ruleset *rs);

/* Before several threads check with rs at once: make what matching makes
 * on first use and every thread reads (the match context, the secret
 * pattern's literals), and JIT-compile nothing from then on (it would
 * rewrite code another thread runs) until ruleset_unshare(), after the
 * threads are joined.  false (out of memory): check on one thread. */
bool ruleset_share(const struct ruleset *rs);
void ruleset_unshare(const struct ruleset *rs);

/* Before a second thread matches the secret-key pattern, and only it,
 * while this one goes on checking (the secret scan beside the checks):
 * make what matching makes on first use, compile the pattern, and settle
 * whether it is JIT-compiled (match_with() counts no more uses of it:
 * two threads would race on the count, or on a JIT compilation).  The
 * other patterns stay this thread's: they may still be JIT-compiled.
 * false (out of memory): scan on this thread. */
bool ruleset_share_secret_key(const struct ruleset *rs);

/* Free the calling thread's matching caches (match data, the memo of
 * names found): a thread that matched calls it before it ends;
 * ruleset_free() calls it for its own thread. */
void ruleset_thread_release(void);

bool ruleset_is_secret_key(const struct ruleset *rs, const char *key, size_t len);
/* The secret-key pattern alone, for a caller that has already looked the
 * name up with ruleset_known_key_secret() (one binary search, not two). */
bool ruleset_pattern_secret_key(const struct ruleset *rs, const char *key, size_t len);
/* The literals every match of the secret-key pattern holds (borrowed,
 * valid while rs lives): made on first call, or at build time. */
const struct pattern_literals *ruleset_secret_literals(const struct ruleset *rs);

/* For a name the rules know (a parameter or a schema key): 1 when the
 * secret-key pattern matched it at build time, 0 when not; -1 for a name
 * the rules do not know. */
int ruleset_known_key_secret(const struct ruleset *rs, const char *key, size_t len);

/* PCRE2 options of each kind of pattern; `$` is the end of the value
 * only, and an `expect` pattern must match the whole value. */
#define PATTERN_OPTIONS_EXPECT (PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ANCHORED | PCRE2_ENDANCHORED)
#define PATTERN_OPTIONS_SEARCH (PCRE2_UTF | PCRE2_DOLLAR_ENDONLY)

#endif
