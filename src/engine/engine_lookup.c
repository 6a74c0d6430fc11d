/*
 * engine_lookup: a catalogue's conditions ask the request for the same
 * parameters again and again: 82 lookups of a 1 KB request, 58 of them
 * repeats.  jnode_get() answers one in about 230 instructions (the
 * request's sorted index), this table in about 40.  Answers are
 * remembered by object and by the rule's own name string, whose address
 * is stable for the engine's life.  The table belongs to the engine and
 * is never cleared: a generation number, moved on whenever a run starts
 * or ends, retires every answer at once, so a tree freed and another
 * built at the same address is never answered from the old one.
 *
 * The same table answers the conditions on a pointer from the request's
 * root (run_condition_memo()), by the condition's address and the request.
 *
 * Only the request itself is remembered: a schema's instances (a DbList's
 * tables) are each asked a few times, so remembering them only missed
 * (0.25% more instructions for the 1 MB and 10 MB requests).  64 slots: a
 * request asks a few dozen names, and a 16 KB table cost a 1 KB request
 * 4% to zero.  Measured (bench/README.md, "Memos": callgrind on
 * bench/gen.py's inputs, with this table and with run_lookup() calling
 * jnode_get() alone): 1,000 small files 233.0 M and 244.4 M instructions
 * (-5%), the 1 KB object 368 K and 380 K (-3%), the 1 MB and 10 MB
 * requests within 0.1%.
 */
#include <stdint.h>
#include <stdlib.h>

#include "engine_lookup.h"
#include "xalloc.h"

#define LOOKUP_SLOTS 64

/* Conditions answered for the whole request, by the condition's address
 * (engine_constraint.c says which): a schema's checks and the formats ask
 * a dozen.  32 slots: the table is cleared with the engine's, and a 1 KB
 * request asks each about once. */
#define CONDITION_SLOTS 32

struct lookup_memo {
	struct lookup_slot {
		const struct jnode *obj;
		const char *name;
		const struct jnode *node;
		size_t generation;
	} slots[LOOKUP_SLOTS];
	struct condition_slot {
		const struct condition *c;
		const struct jnode *request;
		size_t generation;
		signed char holds; /* -1: not known yet */
	} conditions[CONDITION_SLOTS];
	size_t generation;
};

struct lookup_memo *lookup_memo_new(void)
{
	struct lookup_memo *m = xcalloc(1, sizeof *m);
	m->generation = 1;
	return m;
}

void lookup_memo_free(struct lookup_memo *m)
{
	free(m);
}

void lookup_memo_forget(struct lookup_memo *m)
{
	m->generation++;
}

const struct jnode *run_lookup(const struct run *r, const struct jnode *obj, const char *name)
{
	if (obj != r->request)
		return jnode_get(obj, name);
	struct lookup_memo *m = r->eng->lookups;
	uintptr_t h = (uintptr_t)obj * 31 + (uintptr_t)name;
	struct lookup_slot *s = &m->slots[(h ^ h >> 9) % LOOKUP_SLOTS];
	if (s->generation != m->generation || s->obj != obj || s->name != name)
		*s = (struct lookup_slot){obj, name, jnode_get(obj, name), m->generation};
	return s->node;
}

signed char *run_condition_memo(const struct run *r, const struct condition *c)
{
	struct lookup_memo *m = r->eng->lookups;
	uintptr_t h = (uintptr_t)c * 31 + (uintptr_t)r->request;
	struct condition_slot *s = &m->conditions[(h ^ h >> 9) % CONDITION_SLOTS];
	if (s->generation != m->generation || s->c != c || s->request != r->request)
		*s = (struct condition_slot){c, r->request, m->generation, -1};
	return &s->holds;
}
