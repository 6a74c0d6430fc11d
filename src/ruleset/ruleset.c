/*
 * ruleset: lookups in the rule model, pattern matching, and freeing.  How
 * a ruleset is built is elsewhere (ruleset_load.c from JSON,
 * rules_table.c generated at build time).
 */
#include "ruleset.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "hash.h"
#include "xalloc.h"

/* Generous for any pattern a rule needs, small enough that a pathological
 * pattern fails fast (as an internal error, never as a silent pass). */
#define MATCH_LIMIT 1000000

/* ---- freeing ------------------------------------------------------- */

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void pattern_release(struct pattern *p)
{
	free(p->source);
	pcre2_code_free(p->code);
}

static void condition_release(struct condition *c);

static void conditions_free(struct condition *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		condition_release(&c[i]);
	free(c);
}

static void condition_release(struct condition *c)
{
	free(c->target);
	free_strings(c->values, c->n_values);
	conditions_free(c->any_of, c->n_any_of);
}

static void format_release(struct format *f)
{
	pattern_release(&f->pattern);
	free(f->message);
	free(f->help);
	free(f->fix);
	conditions_free(f->when, f->n_when);
}

static void params_free(struct param *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].default_value);
		free(p[i].unsupported);
		free_strings(p[i].enums, p[i].n_enums);
		for (size_t j = 0; j < p[i].n_formats; j++)
			format_release(&p[i].formats[j]);
		free(p[i].formats);
		free(p[i].list_separator);
		if (p[i].list_item)
			format_release(p[i].list_item);
		free(p[i].list_item);
		free(p[i].schema_name);
		for (size_t j = 0; j < p[i].n_hints; j++) {
			free(p[i].hints[j].message);
			conditions_free(p[i].hints[j].when, p[i].hints[j].n_when);
		}
		free(p[i].hints);
		free(p[i].description);
		free(p[i].source);
		free(p[i].example);
		free(p[i].deprecated);
		free_strings(p[i].value_docs, 2 * p[i].n_value_docs);
	}
	free(p);
}

static void constraints_free(struct constraint *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		conditions_free(k[i].when, k[i].n_when);
		condition_release(&k[i].expect);
		free(k[i].target);
		free(k[i].other);
		free(k[i].message);
		free(k[i].help);
	}
	free(k);
}

static void operation_release(struct operation *op)
{
	free(op->name);
	free(op->sorted);
	params_free(op->params, op->n_params);
	constraints_free(op->constraints, op->n_constraints);
}

static void schema_release(struct schema *s)
{
	free(s->name);
	params_free(s->keys, s->n_keys);
	free(s->sorted);
	free(s->values_name);
	for (size_t i = 0; i < s->n_foreign; i++) {
		free_strings(s->foreign[i].keys, s->foreign[i].n_keys);
		free(s->foreign[i].message);
	}
	free(s->foreign);
	constraints_free(s->constraints, s->n_constraints);
	for (size_t i = 0; i < s->n_checks; i++) {
		for (size_t j = 0; j < s->checks[i].n_merges; j++)
			conditions_free(s->checks[i].merges[j].when, s->checks[i].merges[j].n_when);
		free(s->checks[i].merges);
		conditions_free(s->checks[i].when, s->checks[i].n_when);
	}
	free(s->checks);
}

/* ---- the caches of a static ruleset ---------------------------------- */

struct find_memo;
static void find_memo_free(struct find_memo *m); /* below, with the lookups */

/* What matching writes as it goes, one per thread: the command line may
 * check several files at once with one ruleset (cli/pool.c).  The match
 * data is any ruleset's; the lookup memo is of the ruleset it names. */
static _Thread_local struct {
	const struct ruleset *rs; /* whose find_memo this is */
	struct find_memo *find_memo;
	pcre2_match_data *match_data;
} mine;

void ruleset_thread_release(void)
{
	find_memo_free(mine.find_memo);
	pcre2_match_data_free(mine.match_data);
	mine.find_memo = NULL;
	mine.match_data = NULL;
	mine.rs = NULL;
}

/* The tables themselves are static data; only what matching made is heap. */
static void ruleset_uncache(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n_compiled; i++) {
		pcre2_code_free(rs->compiled[i]->code);
		rs->compiled[i]->code = NULL;
		rs->compiled[i]->jit_done = false;
	}
	free(rs->compiled);
	rs->compiled = NULL;
	rs->n_compiled = rs->cap_compiled = 0;
	pcre2_match_context_free(rs->match_context);
	rs->match_context = NULL;
	ruleset_thread_release();
	/* secret_literals are static tables too (ruleset_codegen.c) */
}

static void op_param_release(struct op_param *p)
{
	free(p->operation);
	free(p->param);
}

static void workflow_free(struct workflow_check *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < w[i].n_params; j++)
			op_param_release(&w[i].params[j]);
		free(w[i].params);
		free_strings(w[i].operations, w[i].n_operations);
		op_param_release(&w[i].left);
		op_param_release(&w[i].right);
		free_strings(w[i].pairs, 2 * w[i].n_pairs);
	}
	free(w);
}

static void terraform_free(struct tfmap *map)
{
	for (size_t i = 0; i < map->n_resources; i++) {
		struct tfmap_resource *r = &map->resources[i];
		free(r->type);
		free(r->operation);
		free(r->source);
		free_strings(r->implied, 2 * r->n_implied);
		free_strings(r->provided, r->n_provided);
		for (size_t j = 0; j < r->n_attributes; j++) {
			struct tfmap_attribute *a = &r->attributes[j];
			free(a->attribute);
			free(a->param);
			for (size_t k = 0; k < a->n_values; k++) {
				free(a->values[k].from);
				free(a->values[k].to);
			}
			free(a->values);
		}
		free(r->attributes);
	}
	free(map->resources);
}

void ruleset_free(struct ruleset *rs)
{
	if (!rs)
		return;
	if (rs->is_static) {
		ruleset_uncache(rs);
		return;
	}
	for (size_t i = 0; i < rs->n_rules; i++) {
		struct rule *r = &rs->rules[i];
		free(r->id);
		free(r->name);
		free(r->summary);
		free(r->description);
		free(r->message);
	}
	free(rs->rules);
	free(rs->rules_by_id);
	for (size_t i = 0; i < rs->n_operations; i++)
		operation_release(&rs->operations[i]);
	free(rs->operations);
	for (size_t i = 0; i < rs->n_schemas; i++) {
		schema_release(rs->schemas[i]);
		free(rs->schemas[i]);
	}
	free(rs->schemas);
	params_free(rs->common, rs->n_common);
	free(rs->default_operation);
	free(rs->common_sorted);
	free(rs->compiled);
	workflow_free(rs->workflow, rs->n_workflow);
	terraform_free(&rs->terraform);
	pattern_release(&rs->secret_key);
	for (size_t i = 0; i < rs->n_known_keys; i++)
		free(rs->known_keys[i].name);
	free(rs->known_keys);
	pcre2_match_context_free(rs->match_context);
	ruleset_thread_release();
	pattern_literals_release(&rs->secret_literals);
	free(rs);
}

/* ---- lookups ------------------------------------------------------- */

const struct rule *ruleset_find_rule(const struct ruleset *rs, const char *id)
{
	if (rs->rules_by_id) {
		size_t lo = 0, hi = rs->n_rules;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(rs->rules_by_id[mid]->id, id);
			if (c == 0)
				return rs->rules_by_id[mid];
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return NULL;
	}
	for (size_t i = 0; i < rs->n_rules; i++)
		if (rs->rules[i].id && !strcmp(rs->rules[i].id, id))
			return &rs->rules[i];
	return NULL;
}

const struct rule *ruleset_find_rule_by_id_or_name(const struct ruleset *rs, const char *text)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (!strcasecmp(rs->rules[i].id, text) || !strcasecmp(rs->rules[i].name, text))
			return &rs->rules[i];
	return NULL;
}

const struct schema *ruleset_find_schema(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n_schemas; i++)
		if (rs->schemas[i]->name && !strcmp(rs->schemas[i]->name, name))
			return rs->schemas[i];
	return NULL;
}

/* Order a NUL-terminated name against key[0, len), which may hold NUL
 * bytes (a key written "\u0000" in JSON): as if both were byte strings. */
static int compare_name(const char *name, const char *key, size_t len)
{
	/* Most steps of a search differ at the first byte: decided here,
	 * with the sign memcmp() would give, without strlen() and memcmp(). */
	if (len && name[0] != key[0])
		return (unsigned char)name[0] < (unsigned char)key[0] ? -1 : 1;
	size_t n = strlen(name);
	int c = memcmp(name, key, n < len ? n : len);
	if (c)
		return c;
	return n < len ? -1 : n > len;
}

/* Binary search of a by-name index for key[0, len). */
static const struct param *find_sorted(const struct param *const *sorted, size_t n, const char *key,
                                       size_t len)
{
	size_t lo = 0, hi = sorted ? n : 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = compare_name(sorted[mid]->name, key, len);
		if (c == 0)
			return sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A request's members are looked up by name in its operation's index and
 * in every object schema: remembered by (index, name) in a direct-mapped
 * table.  Only what was found is remembered, and the entry is checked
 * against the name it answers, so a collision costs a search, never a
 * wrong answer.
 *
 * One request meets each name about once (a 1 KB request: 26 lookups, 24
 * names), so the table is made only once a process has asked more often
 * than that, as the secret-key memo is (secret_scan.c): zeroing it cost a
 * 1 KB request 3%.  Measured (bench/README.md, "Memos": callgrind on
 * bench/gen.py's inputs, with the table and with find_sorted() alone):
 * the 10 MB object 1,022 M and 1,047 M instructions (-2%), a DbList of
 * 40,000 tables 550 M and 573 M (-4%), 1,000 small files 233.0 M and
 * 240.1 M (-3%), the 1 KB object 368 K and 366 K.  256 slots: at 64, the names
 * of 1,000 small files collided, 1% of their instructions. */
#define FIND_MEMO_SLOTS 256
#define FIND_MEMO_AFTER_LOOKUPS 256

struct find_memo {
	size_t lookups;
	struct find_slot {
		const struct param *const *sorted;
		const struct param *param;
		uint64_t hash;
	} *slots; /* FIND_MEMO_SLOTS, or NULL: not remembering yet */
};

static void find_memo_free(struct find_memo *m)
{
	if (m)
		free(m->slots);
	free(m);
}

static uint64_t name_hash(const struct param *const *sorted, const char *key, size_t len)
{
	return hash_bytes((uint64_t)(uintptr_t)sorted, key, len);
}

static const struct param *find_remembered(const struct ruleset *rs, const struct param *const *sorted,
                                           size_t n, const char *key, size_t len)
{
	if (mine.rs != rs) { /* another ruleset's, or none yet */
		find_memo_free(mine.find_memo);
		mine.find_memo = xcalloc(1, sizeof *mine.find_memo);
		mine.rs = rs;
	}
	struct find_memo *m = mine.find_memo;
	if (!m->slots) {
		if (++m->lookups <= FIND_MEMO_AFTER_LOOKUPS)
			return find_sorted(sorted, n, key, len);
		m->slots = xcalloc(FIND_MEMO_SLOTS, sizeof *m->slots);
	}
	uint64_t h = name_hash(sorted, key, len);
	struct find_slot *slot = &m->slots[(h ^ h >> 32) % FIND_MEMO_SLOTS];
	if (slot->sorted == sorted && slot->hash == h && compare_name(slot->param->name, key, len) == 0)
		return slot->param;
	const struct param *p = find_sorted(sorted, n, key, len);
	if (p)
		*slot = (struct find_slot){sorted, p, h};
	return p;
}

const struct param *schema_find_key(const struct schema *s, const char *key, size_t len)
{
	return find_sorted(s->sorted, s->n_keys, key, len);
}

const struct param *schema_find_key_in(const struct ruleset *rs, const struct schema *s, const char *key,
                                       size_t len)
{
	return s->sorted ? find_remembered(rs, s->sorted, s->n_keys, key, len) : NULL;
}

const struct operation *ruleset_find_operation(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n_operations; i++)
		if (!strcmp(rs->operations[i].name, name))
			return &rs->operations[i];
	return NULL;
}

const struct param *operation_find_param(const struct operation *op, const struct ruleset *rs,
                                         const char *name)
{
	size_t len = strlen(name);
	const struct param *p = op && op->sorted ? find_remembered(rs, op->sorted, op->n_params, name, len) : NULL;
	return p ? p : rs->common_sorted ? find_remembered(rs, rs->common_sorted, rs->n_common, name, len) : NULL;
}

bool ruleset_is_param_name(const struct ruleset *rs, const char *name, size_t len)
{
	for (size_t i = 0; i < rs->n_operations; i++)
		if (rs->operations[i].sorted &&
		    find_sorted(rs->operations[i].sorted, rs->operations[i].n_params, name, len))
			return true;
	return rs->common_sorted && find_sorted(rs->common_sorted, rs->n_common, name, len);
}

/* Does name[0, len) spell want with '-' between words, in any case
 * ("dts-job-name" and DtsJobName)? */
static bool same_words(const char *want, const char *name, size_t len)
{
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '-' && i > 0 && i + 1 < len && name[i - 1] != '-')
			continue;
		if (!want[k] || ascii_tolower(want[k]) != ascii_tolower(name[i]))
			return false;
		k++;
	}
	return !want[k];
}

const char *ruleset_plugin_name(const struct ruleset *rs, const char *name, size_t len)
{
	for (size_t i = 0; i < rs->n_operations; i++) {
		const struct operation *op = &rs->operations[i];
		if (same_words(op->name, name, len))
			return op->name;
		for (size_t j = 0; j < op->n_params; j++)
			if (same_words(op->params[j].name, name, len))
				return op->params[j].name;
	}
	for (size_t i = 0; i < rs->n_common; i++)
		if (same_words(rs->common[i].name, name, len))
			return rs->common[i].name;
	return NULL;
}

/* ---- patterns ---------------------------------------------------------
 * Compiled on first use.  The model is const to the engine, but its
 * pattern caches are not: every model object is defined non-const (heap
 * or static tables), so writing through the cast is defined.  Several
 * threads may match at once (ruleset_share()): a pattern is compiled under
 * a lock and published with release/acquire, and the match data is each
 * thread's own.
 */

static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

static pcre2_code *pattern_compile(const struct pattern *p)
{
	pcre2_code *code = NULL;
	if (p->serialized && pcre2_serialize_decode(&code, 1, p->serialized, NULL) != 1)
		code = NULL; /* another PCRE2 build: compile from the source below */
	if (!code) {
		int error;
		PCRE2_SIZE offset;
		code = pcre2_compile((PCRE2_SPTR)p->source, p->len, p->options, &error, &offset, NULL);
	}
	return code;
}

static pcre2_code *pattern_code(const struct ruleset *rs, const struct pattern *p)
{
	struct pattern *mp = (struct pattern *)p;
	pcre2_code *code = __atomic_load_n(&mp->code, __ATOMIC_ACQUIRE);
	if (code)
		return code;
	pthread_mutex_lock(&compile_lock);
	code = mp->code;
	struct ruleset *mrs = (struct ruleset *)rs;
	if (!code && (code = pattern_compile(p)) != NULL && mrs->is_static) {
		if (mrs->n_compiled == mrs->cap_compiled) {
			mrs->cap_compiled = mrs->cap_compiled ? 2 * mrs->cap_compiled : 16;
			mrs->compiled = xreallocarray(mrs->compiled, mrs->cap_compiled, sizeof *mrs->compiled);
		}
		mrs->compiled[mrs->n_compiled++] = mp;
	}
	__atomic_store_n(&mp->code, code, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&compile_lock);
	return code;
}

static bool prepare_matching(const struct ruleset *rs)
{
	struct ruleset *mrs = (struct ruleset *)rs;
	if (!mrs->match_context) { /* made by ruleset_share() before threads start */
		mrs->match_context = pcre2_match_context_create(NULL);
		if (!mrs->match_context)
			return false;
		pcre2_set_match_limit(mrs->match_context, MATCH_LIMIT);
	}
	if (!mine.match_data)
		mine.match_data = pcre2_match_data_create(8, NULL);
	return mine.match_data != NULL;
}

bool ruleset_share(const struct ruleset *rs)
{
	ruleset_secret_literals(rs);
	if (!prepare_matching(rs))
		return false;
	((struct ruleset *)rs)->shared = true;
	return true;
}

void ruleset_unshare(const struct ruleset *rs)
{
	((struct ruleset *)rs)->shared = false;
}

bool ruleset_share_secret_key(const struct ruleset *rs)
{
	ruleset_secret_literals(rs);
	if (!prepare_matching(rs))
		return false;
	struct pattern *p = (struct pattern *)&rs->secret_key;
	if (p->source && !pattern_code(rs, p))
		return false;
	/* JIT-compiled already when the engine found the input big enough
	 * (ruleset_jit_secret_pattern()); interpreted from now on if not */
	p->jit_done = true;
	return true;
}

/* JIT-compiling a pattern costs about as much as a few hundred
 * interpreted matches, and the compiler's code and the compiled code are
 * a few hundred kilobytes of memory: worth it for a pattern a 10 MB
 * DbList runs on every table, not for a small request's handful of
 * values, nor for a 1 MB one (bench/README.md). */
#define JIT_AFTER_USES 8192

static int match_with(const struct ruleset *rs, const struct pattern *p, const char *text, size_t len,
                      uint32_t options);

int pattern_match(const struct ruleset *rs, const struct pattern *p, const char *text, size_t len)
{
	return match_with(rs, p, text, len, 0);
}

int pattern_match_utf8(const struct ruleset *rs, const struct pattern *p, const char *text, size_t len)
{
	return match_with(rs, p, text, len, PCRE2_NO_UTF_CHECK);
}

static int match_with(const struct ruleset *rs, const struct pattern *p, const char *text, size_t len,
                      uint32_t options)
{
	pcre2_code *re = pattern_code(rs, p);
	if (!re || !prepare_matching(rs))
		return -1; /* validated when the rules were built: only out of memory */
	struct pattern *mp = (struct pattern *)p;
	/* JIT compilation rewrites the code other threads may be running. */
	if (!rs->shared && !mp->jit_done && ++mp->uses >= JIT_AFTER_USES) {
		mp->jit_done = true;
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* without JIT, matching still works */
	}
	int rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, options, mine.match_data, rs->match_context);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

char *pattern_substitute(const struct ruleset *rs, const struct pattern *p, const char *text,
                         size_t len, const char *replacement, size_t *out_len)
{
	pcre2_code *re = pattern_code(rs, p);
	if (!re || !prepare_matching(rs))
		return NULL;
	PCRE2_SIZE size = len + strlen(replacement) + 64;
	for (int attempt = 0; attempt < 2; attempt++) {
		PCRE2_UCHAR *out = xmalloc(size);
		PCRE2_SIZE got = size;
		int rc = pcre2_substitute(re, (PCRE2_SPTR)text, len, 0, PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
		                          NULL, rs->match_context, (PCRE2_SPTR)replacement,
		                          PCRE2_ZERO_TERMINATED, out, &got);
		if (rc > 0) {
			*out_len = got;
			return (char *)out;
		}
		free(out);
		if (rc != PCRE2_ERROR_NOMEMORY)
			return NULL; /* no match (0), or the match limit */
		size = got;
	}
	return NULL;
}

void ruleset_jit_secret_pattern(const struct ruleset *rs)
{
	struct pattern *p = (struct pattern *)&rs->secret_key;
	if (!p->source || p->jit_done || rs->shared || !pattern_code(rs, p))
		return;
	p->jit_done = true;
	(void)pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE); /* without JIT, matching still works */
}

/* The entry of a known key name, or NULL. */
static const struct known_key *find_known_key(const struct ruleset *rs, const char *key, size_t len)
{
	size_t lo = 0, hi = rs->n_known_keys;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = compare_name(rs->known_keys[mid].name, key, len);
		if (c == 0)
			return &rs->known_keys[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int ruleset_known_key_secret(const struct ruleset *rs, const char *key, size_t len)
{
	const struct known_key *known = find_known_key(rs, key, len);
	return known ? known->secret : -1;
}

const struct pattern_literals *ruleset_secret_literals(const struct ruleset *rs)
{
	struct ruleset *mrs = (struct ruleset *)rs;
	if (!mrs->secret_literals_made) {
		pattern_literals_init(&mrs->secret_literals, rs->secret_key.source, rs->secret_key.len,
		                      rs->secret_key.options);
		mrs->secret_literals_made = true;
	}
	return &rs->secret_literals;
}

bool ruleset_pattern_secret_key(const struct ruleset *rs, const char *key, size_t len)
{
	if (!rs->secret_key.source)
		return false;
	/* Most keys hold none of the pattern's literals: they are told so
	 * without PCRE2 (a small request's two unknown keys cost 16,000
	 * instructions in the interpreter, bench/README.md). */
	if (!pattern_literals_may_match(ruleset_secret_literals(rs), key, len))
		return false;
	/* A key the pattern cannot classify (a match error: invalid UTF-8, the
	 * match limit) counts as secret: when in doubt, mask. */
	return pattern_match(rs, &rs->secret_key, key, len) != 0;
}

bool ruleset_is_secret_key(const struct ruleset *rs, const char *key, size_t len)
{
	const struct known_key *known = find_known_key(rs, key, len);
	if (known)
		return known->secret;
	return ruleset_pattern_secret_key(rs, key, len);
}

