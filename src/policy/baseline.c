/*
 * baseline: a sorted array of entries, looked up by binary search so a
 * baseline of thousands of findings costs O(log n) per finding.  Read
 * with json-c (no positions needed: it is written by dtslint).
 */
#include "baseline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "paths.h"
#include "xalloc.h"

struct entry {
	char *file, *rule, *pointer;
	bool taken;
};

struct baseline {
	char *path;
	char *dir;              /* absolute folder of path */
	struct entry *items;
	size_t n, cap;
	bool sorted;
	char **checked;         /* keys of files checked in this run */
	size_t n_checked;
};

struct baseline *baseline_new(const char *path)
{
	struct baseline *bl = xcalloc(1, sizeof *bl);
	bl->path = xstrdup(path);
	bl->dir = paths_abs_dir(path);
	if (!bl->dir)
		bl->dir = xstrdup("/");
	bl->sorted = true;
	return bl;
}

void baseline_free(struct baseline *bl)
{
	if (!bl)
		return;
	for (size_t i = 0; i < bl->n; i++) {
		free(bl->items[i].file);
		free(bl->items[i].rule);
		free(bl->items[i].pointer);
	}
	for (size_t i = 0; i < bl->n_checked; i++)
		free(bl->checked[i]);
	free(bl->checked);
	free(bl->items);
	free(bl->path);
	free(bl->dir);
	free(bl);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (!c)
		c = strcmp(x->rule, y->rule);
	if (!c)
		c = strcmp(x->pointer, y->pointer);
	return c;
}

static void add(struct baseline *bl, const char *file, const char *rule, const char *pointer)
{
	if (bl->n == bl->cap) {
		bl->cap = bl->cap ? bl->cap * 2 : 64;
		bl->items = xreallocarray(bl->items, bl->cap, sizeof *bl->items);
	}
	struct entry *e = &bl->items[bl->n++];
	e->file = xstrdup(file);
	e->rule = xstrdup(rule);
	e->pointer = xstrdup(pointer);
	e->taken = false;
	bl->sorted = false;
}

static void sort(struct baseline *bl)
{
	if (!bl->sorted && bl->n)
		qsort(bl->items, bl->n, sizeof *bl->items, entry_cmp);
	bl->sorted = true;
}

static const char *get_string(json_object *obj, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

struct baseline *baseline_load(const char *path, char *err, size_t errsize)
{
	json_object *list, *version;
	errno = 0;
	json_object *root = json_object_from_file(path);
	if (!root) {
		snprintf(err, errsize, "%s: cannot read the baseline: %s", path,
		         errno ? strerror(errno) : json_util_get_last_err());
		return NULL;
	}
	if (!json_object_object_get_ex(root, "version", &version) ||
	    json_object_get_int(version) != 1 ||
	    !json_object_object_get_ex(root, "findings", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		snprintf(err, errsize, "%s: not a dtslint baseline (version 1 with 'findings'); "
		         "write one with --write-baseline", path);
		json_object_put(root);
		return NULL;
	}
	struct baseline *bl = baseline_new(path);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i);
		const char *file = get_string(e, "file"), *rule = get_string(e, "rule");
		const char *pointer = get_string(e, "pointer");
		if (!file || !rule || !pointer) {
			snprintf(err, errsize, "%s: finding %zu needs 'file', 'rule' and 'pointer' strings",
			         path, i + 1);
			json_object_put(root);
			baseline_free(bl);
			return NULL;
		}
		add(bl, file, rule, pointer);
	}
	json_object_put(root);
	sort(bl);
	return bl;
}

char *baseline_file_key(const struct baseline *bl, const char *path, const char *display)
{
	if (strcmp(path, "-") == 0)
		return xstrdup(display);
	char *abs = paths_abs_file(path);
	char *rel = abs ? paths_relative(abs, bl->dir) : NULL;
	if (rel) {
		free(abs);
		return rel;
	}
	return abs ? abs : xstrdup(path);
}

void baseline_file_checked(struct baseline *bl, const char *key)
{
	bl->checked = xreallocarray(bl->checked, bl->n_checked + 1, sizeof *bl->checked);
	bl->checked[bl->n_checked++] = xstrdup(key);
}

bool baseline_take(struct baseline *bl, const char *key, const char *rule, const char *pointer)
{
	struct entry probe = {.file = (char *)key, .rule = (char *)rule, .pointer = (char *)pointer};
	size_t lo = 0, hi = bl->n;

	sort(bl);
	/* The first entry not less than the probe. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (entry_cmp(&bl->items[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < bl->n && entry_cmp(&bl->items[lo], &probe) == 0; lo++) {
		if (!bl->items[lo].taken) {
			bl->items[lo].taken = true;
			return true;
		}
	}
	return false;
}

void baseline_record(struct baseline *bl, const char *key, const char *rule, const char *pointer)
{
	add(bl, key, rule, pointer);
}

size_t baseline_stale(const struct baseline *bl)
{
	size_t n = 0;
	for (size_t i = 0; i < bl->n; i++) {
		if (bl->items[i].taken)
			continue;
		for (size_t k = 0; k < bl->n_checked; k++) {
			if (strcmp(bl->checked[k], bl->items[i].file) == 0) {
				n++;
				break;
			}
		}
	}
	return n;
}

size_t baseline_size(const struct baseline *bl)
{
	return bl->n;
}

static void put_string(FILE *f, const char *s)
{
	json_object *j = json_object_new_string(s);
	fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_NOSLASHESCAPE), f);
	json_object_put(j);
}

void baseline_write(struct baseline *bl, FILE *f)
{
	sort(bl);
	fputs("{\"version\": 1, \"findings\": [", f);
	for (size_t i = 0; i < bl->n; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		fputs("{\"file\": ", f);
		put_string(f, bl->items[i].file);
		fputs(", \"rule\": ", f);
		put_string(f, bl->items[i].rule);
		fputs(", \"pointer\": ", f);
		put_string(f, bl->items[i].pointer);
		fputc('}', f);
	}
	fputs(bl->n ? "\n]}\n" : "]}\n", f);
}
