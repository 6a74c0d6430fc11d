/*
 * tfmap: lookups in the Terraform mapping (tfmap.h).  A handful of
 * resources of a few dozen attributes each: linear scans.
 */
#include "tfmap.h"

#include <stdbool.h>
#include <string.h>

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

const char *tfmap_attribute_of(const struct tfmap *map, const char *operation, const char *param)
{
	for (size_t i = 0; map && i < map->n_resources; i++) {
		const struct tfmap_resource *r = &map->resources[i];
		if (operation && strcmp(r->operation, operation))
			continue;
		for (size_t j = 0; j < r->n_attributes; j++)
			if (!strcmp(r->attributes[j].param, param))
				return r->attributes[j].attribute;
	}
	return NULL;
}
