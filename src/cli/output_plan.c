/*
 * output_plan: see output_plan.h.  A run plans at most two outputs (the
 * report and the baseline), so a list searched in full is enough; each
 * input costs one stat(), only when something is planned.
 */
#include "output_plan.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "xalloc.h"

struct planned {
	const char *option; /* "--output" */
	char *path;         /* as the user gave it */
	bool exists;        /* a regular file now: dev and ino say which */
	dev_t dev;
	ino_t ino;
	char *abs;          /* where it will be created, when it does not exist */
};

struct output_plan {
	struct planned *items;
	size_t n;
};

struct output_plan *output_plan_new(void)
{
	return xcalloc(1, sizeof(struct output_plan));
}

void output_plan_free(struct output_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->items[i].path);
		free(plan->items[i].abs);
	}
	free(plan->items);
	free(plan);
}

/* Where a file that does not exist yet will be: its folder resolved (so
 * ./x, dir/../x and a link to the folder agree), its name as given.  A
 * dangling symbolic link is such a file too: the writer replaces the
 * link itself. */
static char *creation_path(const char *path)
{
	char *abs = paths_abs_file(path);

	return abs ? abs : xstrdup(path);
}

/* Is `path` (stat'ed into st when `exists`) the planned file p? */
static bool is_planned(const struct planned *p, bool exists, const struct stat *st,
                       const char *path)
{
	if (exists != p->exists)
		return false;
	if (exists)
		return st->st_dev == p->dev && st->st_ino == p->ino;
	char *abs = creation_path(path);
	bool same = strcmp(abs, p->abs) == 0;
	free(abs);
	return same;
}

/* The planned output that path is, or NULL.  "-" is stdin. */
static const struct planned *find(const struct output_plan *plan, const char *path)
{
	struct stat st;
	bool exists;

	if (plan->n == 0)
		return NULL;
	if (strcmp(path, "-") == 0) {
		if (fstat(STDIN_FILENO, &st) != 0 || !S_ISREG(st.st_mode))
			return NULL;
		exists = true;
	} else {
		exists = stat(path, &st) == 0;
		if (exists && !S_ISREG(st.st_mode))
			return NULL;
	}
	for (size_t i = 0; i < plan->n; i++)
		if (is_planned(&plan->items[i], exists, &st, path))
			return &plan->items[i];
	return NULL;
}

bool output_plan_add(struct output_plan *plan, const char *option, const char *path,
                     struct strbuf *err)
{
	struct stat st;
	bool exists;

	if (!path)
		return true;
	exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return true; /* a device or FIFO, written in place */
	const struct planned *before = find(plan, path);
	if (before) {
		strbuf_addf(err, "%s '%s' and %s '%s' are one file; give each a file of its own",
		            before->option, before->path, option, path);
		return false;
	}
	plan->items = xreallocarray(plan->items, plan->n + 1, sizeof *plan->items);
	struct planned *p = &plan->items[plan->n++];
	*p = (struct planned){.option = option, .path = xstrdup(path), .exists = exists};
	if (exists) {
		p->dev = st.st_dev;
		p->ino = st.st_ino;
	} else {
		p->abs = creation_path(path);
	}
	return true;
}

bool output_plan_holds(const struct output_plan *plan, const char *path)
{
	return find(plan, path) != NULL;
}

bool output_plan_check_input(const struct output_plan *plan, const char *path, const char *kind,
                             struct strbuf *err)
{
	const struct planned *p = find(plan, path);

	if (!p)
		return true;
	strbuf_addf(err, "%s '%s' is also an input (", p->option, p->path);
	if (strcmp(path, "-") == 0)
		strbuf_addstr(err, "stdin");
	else
		strbuf_addf(err, "'%s'", path);
	if (kind)
		strbuf_addf(err, ", %s", kind);
	strbuf_addstr(err, "); name another file");
	return false;
}
