/*
 * engine_lookup: a catalogue's conditions ask the same request for the
 * same parameters again and again, and each lookup walks or searches the
 * object.  Answers are remembered by object and by the rule's own name
 * string, whose address is stable for the engine's life.  The table
 * belongs to the engine and is never cleared: a generation number, moved
 * on whenever a run starts or ends, retires every answer at once, so a
 * tree freed and another built at the same address is never answered
 * from the old one.
 */
#include <stdint.h>
#include <stdlib.h>

#include "engine_lookup.h"
#include "xalloc.h"

#define LOOKUP_SLOTS 512

struct lookup_memo {
	struct lookup_slot {
		const struct jnode *obj;
		const char *name;
		const struct jnode *node;
		size_t generation;
	} slots[LOOKUP_SLOTS];
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
	struct lookup_memo *m = r->eng->lookups;
	uintptr_t h = (uintptr_t)obj * 31 + (uintptr_t)name;
	struct lookup_slot *s = &m->slots[(h ^ h >> 9) % LOOKUP_SLOTS];
	if (s->generation != m->generation || s->obj != obj || s->name != name)
		*s = (struct lookup_slot){obj, name, jnode_get(obj, name), m->generation};
	return s->node;
}
