/*
 * tfmap: how Terraform's alicloud_dts_* resources become API requests,
 * as the provider's Create functions build them: which operation a
 * resource sends, the parameters it implies (JobType), which attribute
 * becomes which parameter and which values it rewrites (payment_type
 * PayAsYouGo is PayType PostPaid).  The data is rule knowledge
 * (rules/80-terraform.json, loaded by the ruleset, which owns it); the
 * shape and its lookups live here so that the Terraform readers of this
 * layer can use it without knowing any rule.  Attributes that are in no
 * list are left to Terraform: the readers drop them, so nothing is said
 * about them, and nothing is said about what the provider adds itself
 * (AutoPay, AutoStart on the instance resources).
 */
#ifndef DTSLINT_TFMAP_H
#define DTSLINT_TFMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "jsonpos.h"

struct tfmap_value {
	char *from; /* as the attribute is written */
	char *to;   /* as the parameter is sent */
};

struct tfmap_attribute {
	char *attribute; /* source_endpoint_instance_type */
	char *param;     /* SourceEndpointInstanceType */
	struct tfmap_value *values;
	size_t n_values;
};

struct tfmap_resource {
	char *type;      /* alicloud_dts_synchronization_job */
	char *operation; /* ConfigureDtsJob */
	char *source;    /* where the mapping was read (the provider's Create function) */
	char **implied;  /* parameter, value, parameter, value... the resource itself sends */
	size_t n_implied;
	char **provided; /* parameters the provider fills in itself (the job's ID, AutoPay):
	                  * given, with a value only known when it runs */
	size_t n_provided;
	struct tfmap_attribute *attributes;
	size_t n_attributes;
};

struct tfmap {
	struct tfmap_resource *resources;
	size_t n_resources;
};

/* The resource of this type (type[0, len)); NULL when it is no DTS
 * resource the rules know (or map is NULL).  Borrowed from map. */
const struct tfmap_resource *tfmap_resource(const struct tfmap *map, const char *type, size_t len);

/* The attribute name[0, len) of resource r; NULL: no parameter. */
const struct tfmap_attribute *tfmap_attribute(const struct tfmap_resource *r, const char *name,
                                              size_t len);

/* The parameter value for the attribute value value[0, len), when the
 * provider rewrites it; NULL: sent as written. */
const char *tfmap_value(const struct tfmap_attribute *a, const char *value, size_t len);

/* The attribute value the provider sends as `sent` (Subscription for
 * PrePaid), or NULL when it rewrites none to it. */
const char *tfmap_value_written(const struct tfmap_attribute *a, const char *sent);

/* The attribute that sends parameter `param` of `operation` (NULL: of
 * any), in the first resource that maps it; NULL when none does. */
const char *tfmap_attribute_of(const struct tfmap *map, const char *operation, const char *param);

/* The attribute of resource r that sends `param`; NULL when none does.
 * Resources of one operation name a parameter differently
 * (alicloud_dts_instance's used_time is the synchronization instance's
 * payment_duration), so a message names it by the request's resource. */
const char *tfmap_resource_attribute(const struct tfmap_resource *r, const char *param);

/* The resource of each request a reader built, in the order built. */
struct tfmap_trail {
	const struct tfmap_resource **items; /* owned array; the resources are the map's */
	size_t len;
};

void tfmap_trail_release(struct tfmap_trail *t);

/* Does the resource's body set an attribute that sends `param`? */
typedef bool tfmap_written_fn(void *ctx, const char *param);

/* Open resource r's request in b, an object from `start`: Action, the
 * implied parameters, and the provided ones (unknown) that written() says
 * no attribute sets, all at `at` (the resource's name, the nearest thing
 * the user wrote).  The caller adds the attributes (tfmap_attribute) and
 * closes the object (jbuilder_close).  r is added to trail. */
void tfmap_open_request(struct jbuilder *b, const struct tfmap_resource *r, struct jspan at,
                        size_t start, tfmap_written_fn *written, void *ctx,
                        struct tfmap_trail *trail);

/* Add the string value of attribute attr (NULL: a value inside one, which
 * is never rewritten) to b: text[0, len) decoded, map its len + 1 file
 * offsets.  A value the provider rewrites (PayAsYouGo is sent as
 * PostPaid) is added as sent, standing where the written one does. */
void tfmap_add_string(struct jbuilder *b, const struct jbkey *key, const struct tfmap_attribute *attr,
                      const char *text, size_t len, const uint32_t *map, struct jspan span);

#endif
