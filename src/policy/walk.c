/*
 * walk: recursive readdir in sorted order, for output that does not
 * depend on the file system's order.  Depth is bounded by PATH_MAX.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include "xalloc.h"

static void push(struct walk_list *list, const char *path, bool walked, bool implicit)
{
	if (list->n == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xreallocarray(list->items, list->cap, sizeof *list->items);
	}
	list->items[list->n].path = xstrdup(path);
	list->items[list->n].walked = walked;
	list->items[list->n].implicit = implicit;
	list->n++;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool walk_dir(const char *dir, struct config_set *cs, struct walk_list *out,
                     char *err, size_t errsize)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0;
	bool ok = true;

	if (!d) {
		snprintf(err, errsize, "%s: %s", dir, strerror(errno));
		return false;
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue; /* ".", "..", .git, hidden folders and files */
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = paths_join(dir, names[i]);
		struct stat st;
		bool take = false;
		if (ok && lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				ok = config_walk_excludes_dir(cs, path, &take, err, errsize) &&
				     (take || walk_dir(path, cs, out, err, errsize));
			} else if ((S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
			                                    S_ISREG(st.st_mode)))) {
				ok = config_walk_selects(cs, path, &take, err, errsize);
				if (ok && take)
					push(out, path, true, false);
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return ok;
}

bool walk_expand(char *const *args, size_t n_args, struct config_set *cs,
                 struct walk_list *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	if (n_args == 0) {
		push(out, "-", false, true);
		return true;
	}
	for (size_t i = 0; i < n_args; i++) {
		struct stat st;
		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			out->n_folders++;
			if (!walk_dir(args[i], cs, out, err, errsize))
				return false;
		} else {
			push(out, args[i], false, false);
		}
	}
	return true;
}

void walk_list_release(struct walk_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->items[i].path);
	free(list->items);
	memset(list, 0, sizeof *list);
}

static bool is_parameter(const struct ruleset *rs, const char *key)
{
	if (strcmp(key, "Action") == 0)
		return true;
	if (rs->n_operations == 0)
		return operation_find_param(NULL, rs, key) != NULL;
	for (size_t i = 0; i < rs->n_operations; i++)
		if (operation_find_param(&rs->operations[i], rs, key))
			return true;
	return false;
}

static bool object_is_request(const struct ruleset *rs, const struct jnode *obj)
{
	if (jnode_type(obj) != JT_OBJECT)
		return false;
	for (const struct jnode *c = jnode_first(obj); c; c = jnode_next(c))
		if (is_parameter(rs, jnode_key(c)))
			return true;
	return false;
}

struct lex_ctx {
	const struct ruleset *rs;
	bool found;
};

/* The lexer asks about every key it meets: note whether one is a
 * parameter (the answer, "not secret", is not used). */
static bool lex_key(void *ctx, const char *key, size_t key_len)
{
	struct lex_ctx *L = ctx;
	if (key && !L->found) {
		char *k = xstrndup(key, key_len);
		L->found = is_parameter(L->rs, k);
		free(k);
	}
	return false;
}

static void lex_value(void *ctx, const struct jsonpos_lexed *value)
{
	(void)ctx;
	(void)value;
}

bool walk_looks_like_request(const struct ruleset *rs, const struct request *req,
                             const char *bytes, size_t len)
{
	if (req && req->root) {
		/* An array is a workflow: a request if one of its items is. */
		if (jnode_type(req->root) == JT_ARRAY) {
			for (const struct jnode *item = jnode_first(req->root); item; item = jnode_next(item))
				if (object_is_request(rs, item))
					return true;
			return false;
		}
		return object_is_request(rs, req->root);
	}
	struct lex_ctx L = {.rs = rs};
	jsonpos_lex_values(bytes, len, NULL, lex_key, lex_value, &L);
	return L.found;
}
