/*
 * tfmap: lookups in the Terraform mapping (tfmap.h).  A handful of
 * resources of a few dozen attributes each: linear scans.
 */
#include "tfmap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static bool same(const char *name, const char *s, size_t len)
{
	return strlen(name) == len && memcmp(name, s, len) == 0;
}

const struct tfmap_resource *tfmap_resource(const struct tfmap *map, const char *type, size_t len)
{
	for (size_t i = 0; map && i < map->n_resources; i++)
		if (same(map->resources[i].type, type, len))
			return &map->resources[i];
	return NULL;
}

const struct tfmap_attribute *tfmap_attribute(const struct tfmap_resource *r, const char *name,
                                              size_t len)
{
	for (size_t i = 0; i < r->n_attributes; i++)
		if (same(r->attributes[i].attribute, name, len))
			return &r->attributes[i];
	return NULL;
}

const char *tfmap_value(const struct tfmap_attribute *a, const char *value, size_t len)
{
	for (size_t i = 0; i < a->n_values; i++)
		if (same(a->values[i].from, value, len))
			return a->values[i].to;
	return NULL;
}

const char *tfmap_value_written(const struct tfmap_attribute *a, const char *sent)
{
	for (size_t i = 0; i < a->n_values; i++)
		if (!strcmp(a->values[i].to, sent))
			return a->values[i].from;
	return NULL;
}

const char *tfmap_attribute_of(const struct tfmap *map, const char *operation, const char *param)
{
	for (size_t i = 0; map && i < map->n_resources; i++) {
		const struct tfmap_resource *r = &map->resources[i];
		const char *attr = operation && strcmp(r->operation, operation) ? NULL
		                                                                 : tfmap_resource_attribute(r, param);
		if (attr)
			return attr;
	}
	return NULL;
}

/* A parameter the resource sends whatever is written, at `at`. */
static void add_implied(struct jbuilder *b, const char *param, const char *value, struct jspan at)
{
	size_t n = strlen(value);
	uint32_t *map = xmalloc((n + 1) * sizeof *map);
	for (size_t i = 0; i <= n; i++)
		map[i] = (uint32_t)at.start;
	jbuilder_string(b, &(struct jbkey){param, strlen(param), at}, value, n, map, at);
	free(map);
}

const char *tfmap_resource_attribute(const struct tfmap_resource *r, const char *param)
{
	for (size_t j = 0; j < r->n_attributes; j++)
		if (!strcmp(r->attributes[j].param, param))
			return r->attributes[j].attribute;
	return NULL;
}

void tfmap_trail_release(struct tfmap_trail *t)
{
	free(t->items);
	*t = (struct tfmap_trail){0};
}

void tfmap_open_request(struct jbuilder *b, const struct tfmap_resource *r, struct jspan at,
                        size_t start, tfmap_written_fn *written, void *ctx,
                        struct tfmap_trail *trail)
{
	trail->items = xreallocarray(trail->items, trail->len + 1, sizeof *trail->items);
	trail->items[trail->len++] = r;
	jbuilder_open(b, JT_OBJECT, start);
	add_implied(b, "Action", r->operation, at);
	for (size_t i = 0; i < r->n_implied; i++)
		add_implied(b, r->implied[2 * i], r->implied[2 * i + 1], at);
	for (size_t i = 0; i < r->n_provided; i++)
		if (!written(ctx, r->provided[i]))
			jbuilder_unknown(b, &(struct jbkey){r->provided[i], strlen(r->provided[i]), at}, at);
}

void tfmap_add_string(struct jbuilder *b, const struct jbkey *key, const struct tfmap_attribute *attr,
                      const char *text, size_t len, const uint32_t *map, struct jspan span)
{
	const char *to = attr ? tfmap_value(attr, text, len) : NULL;
	if (!to) {
		jbuilder_string(b, key, text, len, map, span);
		return;
	}
	size_t n = strlen(to);
	uint32_t *m = xmalloc((n + 1) * sizeof *m);
	for (size_t i = 0; i <= n; i++)
		m[i] = i < len ? map[i] : map[len];
	jbuilder_string(b, key, to, n, m, span);
	free(m);
}
