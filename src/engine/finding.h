/*
 * finding: the bottom of the engine.  What one run over a document is
 * (struct engine, struct run), and how a finding is put together and
 * added (finding.c): its rule, span, template variables and fix, with
 * values shown only through value_text(), which masks secrets.  Every
 * other file of the engine stands on this one; it calls none of them.
 */
#ifndef DTSLINT_FINDING_H
#define DTSLINT_FINDING_H

#include "diag.h"
#include "jsonpos.h"
#include "request.h"
#include "ruleset.h"
#include "strbuf.h"
#include "template.h"

struct run;
struct filter_parse;

/* A named check (checks.c), bound by name in engine_new(). */
typedef void check_fn(struct run *r, const struct jnode *instance, const struct check_spec *spec);

struct engine {
	const struct ruleset *rs;                 /* borrowed */
	check_fn *checks[BUILTIN_CHECK_COUNT];    /* bound by name in engine_new() */
	struct secret_memo *secret_memo;          /* owned: secret_scan.h */
	struct lookup_memo *lookups;              /* owned: engine_lookup.c */
	enum request_input input;                 /* --input */
	size_t threads;                           /* engine_set_threads(): 0 or 1, this one */
	bool threads_any_size;
	bool scan_beside_busy;                    /* a run's secret scan is beside the checks */
	void (*tree_fn)(void *, const struct request *); /* engine_set_tree_hook() */
	void *tree_ctx;
};

/* Strings whose JSON did not parse when a pointer went through them:
 * not parsed again for every condition (a few are enough to remember; the
 * decoder reports them where the parameter is checked).  A 1 MB DbList
 * with a name collision in 155 table maps, each asking three pointers
 * through a broken DataCheckConfigure (23 bytes) and Reserve (42): 164.8 M
 * instructions, 168.5 M without, the difference growing with the strings
 * (bench/README.md, "Memos"). */
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
	/* The last filter read (filter_check.c): its three checks run on the
	 * same table one after another and share one reading.  Owned; the
	 * node is this run's, so the memo never outlives its tree. */
	const struct jnode *filter_node;
	struct filter_parse *filter_parse;
	/* The last table asked for its filter, and its member "filter" (or
	 * NULL): each of the three checks asked the table again. */
	const struct jnode *filter_table;
	const struct jnode *filter_member;
	/* The secret scan running beside the checks (engine_input.c), or
	 * NULL: input_final_pass() finishes it.  Owned. */
	struct secret_scan_beside *scan_beside;
};

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
	char other_buf[256];          /* another parameter's name as the input spells it */
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

/* A top-level parameter's name as the input spells it (request.h's
 * enum request_spelling): name itself, buf (size bytes) or a string of
 * the rules; nested keys are shown as they are, never through this. */
const char *param_spelled(const struct run *r, const char *name, char *buf, size_t size);

/* Is n a member of a request (of the root, or of an element of a root
 * array), whose name the input spells its own way? */
bool is_top_level(const struct run *r, const struct jnode *n);

/* The value as messages show it (secrets masked, long text shortened);
 * caller frees. */
char *value_text(const struct run *r, const struct jnode *n, const struct param *p);

/* The value as a message shows it, made only when a finding needs it:
 * masking and shortening every value of a 10 MB DbList up front would
 * be work on the hot path for findings that mostly never come. */
struct shown {
	const struct run *r;
	const struct jnode *n;
	const struct param *p;
	const char *fixed; /* set: this text, as is */
	char *text;        /* made on first use; owned */
};
const char *shown_text(struct shown *s);

#endif
