/*
 * engine_internal: what the engine's files share (engine.c walks objects,
 * engine_value.c checks one value, engine_constraint.c evaluates
 * constraints, checks.c holds the named checks).  Not for other modules.
 */
#ifndef DTSLINT_ENGINE_INTERNAL_H
#define DTSLINT_ENGINE_INTERNAL_H

#include "diag.h"
#include "jsonpos.h"
#include "request.h"
#include "ruleset.h"
#include "strbuf.h"
#include "template.h"

struct run;

/* A named check (checks.c), bound by name in engine_new(). */
typedef void check_fn(struct run *r, const struct jnode *instance, const struct check_spec *spec);

struct engine {
	const struct ruleset *rs;                 /* borrowed */
	check_fn *checks[BUILTIN_CHECK_COUNT];    /* bound by name in engine_new() */
	struct secret_memo *secret_memo;          /* owned: secret_scan.h */
	struct lookup_memo *lookups;              /* owned: engine_lookup.c */
	enum request_input input;                 /* --input */
};

/* Strings whose JSON did not parse when a pointer went through them:
 * not parsed again for every condition (a few are enough to remember; the
 * decoder reports them where the parameter is checked). */
struct unwrap_failures {
	const struct jnode *node[16];
	size_t n;
};

/* One document being checked. */
struct run {
	const struct engine *eng;
	const struct ruleset *rs;
	const struct operation *op;
	struct request *req;
	const struct jnode *request; /* the request being checked: req->root, or one of a workflow */
	struct diag_list *diags;
	struct unwrap_failures *unwrap_failures;
	struct typos *typos; /* engine_typo.c; NULL until the first */
};

/* jnode_get(obj, name) for a name that is rule data (its address is
 * stable), remembered while the trees live (engine_lookup.c). */
const struct jnode *run_lookup(const struct run *r, const struct jnode *obj, const char *name);
struct lookup_memo *lookup_memo_new(void);
void lookup_memo_free(struct lookup_memo *m);
/* Retire every remembered answer: trees are about to be built or freed. */
void lookup_memo_forget(struct lookup_memo *m);

/* A rule that C raises (the loader guarantees every one exists). */
static inline const struct rule *builtin_rule(const struct run *r, enum builtin_rule which)
{
	return r->rs->builtin[which];
}

/* One finding being put together: rule, span, template variables. */
struct finding {
	const struct rule *rule;
	struct jspan span;
	const char *pointer;          /* NULL: the node's pointer */
	const struct jnode *node;
	const char *message_template; /* NULL: the rule's */
	const char *message_suffix;   /* literal text after the rendered message, or NULL */
	const char *help_template;    /* NULL: none */
	const char *suggestion;       /* literal, used when there is no help template */
	struct template_var vars[12];
	size_t n_vars;
	bool has_related;
	struct jspan related;
	const char *related_message;
	char key_buf[256];            /* the key, shortened for messages */
	/* The safe fix, if any: rename fix_node's key, or replace its value,
	 * with fix_text (decoded text; jedit.c writes it as the file needs). */
	const struct jnode *fix_node;
	bool fix_key;
	const char *fix_text;
	size_t fix_len;
};

/* Start a finding about node n (its value span, {param} {value} {type}). */
void finding_init(struct finding *f, const struct rule *rule, const struct jnode *n,
                  const char *value);
void finding_var(struct finding *f, const char *name, const char *value);
/* Add the finding; returns its diag (borrowed, valid until the next add). */
struct diag *finding_report(struct run *r, struct finding *f);

/* One typo, one finding (engine_typo.c).  An unknown key `key` of object
 * `holder` that is close to the known name `near` is held, not reported;
 * a later missing-key finding for (holder, near) is absorbed into it
 * (typo_absorb_missing returns true: do not report the missing key), and
 * typos_report() reports every held typo, once the checks are done. */
void typo_hold(struct run *r, const struct jnode *holder, const struct jnode *key, const char *near,
               const struct rule *rule, const char *owner);
bool typo_absorb_missing(struct run *r, const struct jnode *holder, const char *name,
                         const char *consequence);
void typos_report(struct run *r);

/* The value as messages show it (secrets masked, long text shortened);
 * caller frees. */
char *value_text(const struct run *r, const struct jnode *n, const struct param *p);

/* The checks across the requests of a workflow (engine_workflow.c): the
 * requests of one file (an array), or of several files given as one
 * workflow, each with the run (its input and findings) it belongs to. */
struct workflow_step {
	const struct jnode *request;
	struct run *run;
};
void check_workflow(const struct workflow_step *steps, size_t n, const char *operation);

/* Report a decoder problem found in the value of a parameter (nested
 * JSON) or, with param NULL, in the file itself. */
void report_problem(struct run *r, const struct request_problem *problem, const struct jnode *param);

/* The last walk over the whole tree, nested trees included: duplicate
 * keys (DTS003) and the spans of secret values.  Run once, last. */
void scan_tree(struct run *r);

/* Text that did not parse still gets its excerpts printed: find the
 * secrets in it by lexing alone (the file, or a parameter's string). */
void mask_secrets_by_lexing(struct run *r, const struct jnode *string_param);

/* Check one value against its spec; `rules` says which rule reports what. */
void check_value(struct run *r, struct jnode *n, const struct param *p,
                 const struct rule_map *rules);

/* Check an object against a schema (keys, nested schemas, constraints,
 * named checks). */
void check_object(struct run *r, const struct jnode *obj, const struct schema *s);

/* Constraints evaluated on one object: plain names are its keys, names
 * starting with '/' are pointers from the request root. */
bool condition_holds(const struct run *r, const struct jnode *ctx, const struct condition *c);
/* All of them (true for none). */
bool conditions_hold(const struct run *r, const struct jnode *ctx, const struct condition *c,
                     size_t n);
void apply_constraints(struct run *r, const struct jnode *ctx, const struct constraint *k,
                       size_t n);

/* The number a value stands for: a JSON number or a numeric string. */
bool value_number(const struct jnode *n, bool integer_only, double *out);

#endif
