/*
 * engine_typo: one typo, one finding.  An unknown key that is the near
 * miss of a known one ('SourceEndpointInstanceId' for ...ID) is held back
 * until the checks of its object have run: when the key it nearly is
 * then turns out missing (DTS106, or a "require" constraint), that is the
 * same mistake, so the missing-key finding is dropped and its consequence
 * joins the typo's message ("... (it is required when ...)").  Compilers
 * do the same with the follow-on errors of a misspelled name.
 *
 * The held typos are found by (object, name) in a hash table: a DbList of
 * 100,000 tables may hold as many typos and as many missing keys.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_typo.h"
#include "xalloc.h"

struct typo {
	const struct jnode *holder; /* the object the unknown key is in */
	const struct jnode *key;    /* the unknown member */
	const char *near;           /* the known name it nearly is (borrowed from the rules) */
	const struct rule *rule;
	const char *owner;          /* {operation}: the operation or schema name */
	char *consequence;          /* set when a missing-key finding joined it; owned */
};

struct typos {
	struct typo *v;
	size_t n, cap;
	size_t *slots;   /* open addressing: index + 1, 0 = empty */
	size_t n_slots;  /* a power of two, at least twice n */
};

static size_t hash_of(const struct jnode *holder, const char *name)
{
	size_t h = (size_t)(uintptr_t)holder * 0x9E3779B97F4A7C15u;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 0x100000001B3u;
	return h;
}

/* The slot of (holder, name): its typo's, or the empty one it would take. */
static size_t *find_slot(struct typos *t, const struct jnode *holder, const char *name)
{
	size_t mask = t->n_slots - 1;
	for (size_t i = hash_of(holder, name) & mask;; i = (i + 1) & mask) {
		size_t *slot = &t->slots[i];
		if (!*slot)
			return slot;
		const struct typo *y = &t->v[*slot - 1];
		if (y->holder == holder && strcmp(y->near, name) == 0)
			return slot;
	}
}

static void rehash(struct typos *t)
{
	free(t->slots);
	t->n_slots = t->n_slots ? t->n_slots * 2 : 64;
	t->slots = xcalloc(t->n_slots, sizeof *t->slots);
	for (size_t i = 0; i < t->n; i++) {
		size_t *slot = find_slot(t, t->v[i].holder, t->v[i].near);
		if (!*slot)
			*slot = i + 1;
	}
}

void typo_hold(struct run *r, const struct jnode *holder, const struct jnode *key, const char *near,
               const struct rule *rule, const char *owner)
{
	struct typos *t = r->typos;
	if (!t)
		t = r->typos = xcalloc(1, sizeof *t);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	t->v[t->n++] = (struct typo){holder, key, near, rule, owner, NULL};
	if (2 * t->n > t->n_slots) {
		rehash(t);
		return;
	}
	size_t *slot = find_slot(t, holder, near);
	if (!*slot) /* the first typo of a name is the one a missing key joins */
		*slot = t->n;
}

bool typo_absorb_missing(struct run *r, const struct jnode *holder, const char *name,
                         const char *consequence)
{
	struct typos *t = r->typos;
	if (!t || !t->n)
		return false;
	size_t *slot = find_slot(t, holder, name);
	if (!*slot)
		return false;
	struct typo *y = &t->v[*slot - 1];
	if (y->consequence)
		return true; /* already joined (a key required twice) */
	y->consequence = xstrdup(consequence);
	return true;
}

/* Only the first typo of a name in an object is renamed: two near misses
 * of one key ('DtsJobID', 'DtsJobld') would both become 'DtsJobId'. */
static bool first_of_its_name(struct typos *t, const struct typo *y)
{
	size_t *slot = find_slot(t, y->holder, y->near);
	return *slot && &t->v[*slot - 1] == y;
}

static void report_typo(struct run *r, const struct typo *y, bool rename)
{
	char help[600], suffix[900], key[300], near_buf[300];
	struct finding f;
	finding_init(&f, y->rule, y->key, "");
	/* Top-level names as the input spells them (finding_report does the
	 * same for {param}); the fix still writes the name itself. */
	bool top = is_top_level(r, y->key); /* of any request of a workflow */
	const char *near = top ? param_spelled(r, y->near, near_buf, sizeof near_buf) : y->near;
	const char *was = top ? param_spelled(r, f.vars[0].value, key, sizeof key) : f.vars[0].value;
	f.span = jnode_key_span(y->key);
	finding_var(&f, "operation", y->owner);
	/* The did-you-mean is part of the message, not only of the help line:
	 * the one line that pre-commit, CI logs and problem matchers show
	 * must name the fix of a near miss. */
	if (y->consequence)
		snprintf(suffix, sizeof suffix, "; did you mean '%s'? (%s)", near, y->consequence);
	else
		snprintf(suffix, sizeof suffix, "; did you mean '%s'?", near);
	snprintf(help, sizeof help, "rename '%s' to '%s'", was, near);
	f.message_suffix = suffix;
	f.suggestion = help;
	/* Renaming is safe unless the object has the right key already (or
	 * an earlier typo of it becomes it): then the rename would make a
	 * duplicate, and which one to keep is the user's call.  A top-level
	 * name spelled another way (a Terraform attribute) is not renamed to
	 * the API's name; a flag is (jedit.c writes the name after its "--"),
	 * in the plugin form kebab-case. */
	if (rename && (!top || r->req->spelling != REQUEST_SPELL_TERRAFORM) &&
	    !jnode_get(jnode_object_view(y->holder), y->near)) {
		f.fix_node = y->key;
		f.fix_key = true;
		/* the plugin form's flag as it spells it, after the "--" */
		f.fix_text = top && r->req->spelling == REQUEST_SPELL_CLI_PLUGIN ? near + 2 : y->near;
	}
	finding_report(r, &f);
}

void typos_report(struct run *r)
{
	struct typos *t = r->typos;
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		report_typo(r, &t->v[i], first_of_its_name(t, &t->v[i]));
		free(t->v[i].consequence);
	}
	free(t->v);
	free(t->slots);
	free(t);
	r->typos = NULL;
}
