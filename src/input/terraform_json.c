/*
 * terraform_json: from a .tf.json tree to requests (terraform_json.h).
 * The file is parsed as JSON first (jsonpos); this walk rebuilds what the
 * provider would send with a jbuilder, spans kept, names mapped.
 */
#include "terraform_json.h"

#include <stdlib.h>
#include <string.h>

#include "jsonpos_decode.h"
#include "xalloc.h"

bool terraform_json_named(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n >= 8 && strcmp(name + n - 8, ".tf.json") == 0;
}

/* "${" or "%{" not written doubled ("$${" is a literal "${"). */
static bool is_template(const char *t, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if ((t[i] == '$' || t[i] == '%') && t[i + 1] == '{')
			return true;
		if ((t[i] == '$' || t[i] == '%') && t[i + 1] == t[i] && i + 2 < len && t[i + 2] == '{')
			i += 2; /* the escape: skip the brace too */
	}
	return false;
}

struct walk {
	struct jbuilder *b;
	const char *bytes;
	size_t requests;
	bool plan; /* a plan's values are final: no template, no "$${" escape */
	struct tfmap_trail *trail;
};

static void add_value(struct walk *w, const struct jbkey *key, const struct jnode *v,
                      const struct tfmap_attribute *attr);

/* A string of the file, its escapes and Terraform's "$${" / "%%{" decoded,
 * each byte mapped to the file. */
static void add_string(struct walk *w, const struct jbkey *key, const struct jnode *v,
                       const struct tfmap_attribute *attr)
{
	struct jspan span = jnode_span(v);
	if (!w->plan && is_template(jnode_text(v), jnode_text_len(v))) {
		jbuilder_unknown(w->b, key, span);
		return;
	}
	size_t body = span.start + 1, end = span.end - 1;
	size_t len = json_decoded_length(w->bytes, body, end);
	char *text = xmalloc(len + 1);
	uint32_t *map = xmalloc((len + 1) * sizeof *map);
	json_decode_body(w->bytes, body, end, text, map);
	map[len] = (uint32_t)end;
	size_t k = 0;
	for (size_t i = 0; i < len; i++) { /* "$${" -> "${": drop the first '$' */
		if (!w->plan && (text[i] == '$' || text[i] == '%') && i + 2 < len && text[i + 1] == text[i] &&
		    text[i + 2] == '{')
			i++;
		text[k] = text[i];
		map[k++] = map[i];
	}
	map[k] = map[len];
	text[k] = '\0';
	tfmap_add_string(w->b, key, attr, text, k, map, span);
	free(text);
	free(map);
}

static void add_container(struct walk *w, const struct jbkey *key, const struct jnode *v)
{
	jbuilder_open_member(w->b, key, jnode_type(v), jnode_span(v).start);
	for (const struct jnode *c = jnode_first(v); c; c = jnode_next(c)) {
		struct jbkey k = {jnode_key(c), jnode_key_len(c), jnode_key_span(c)};
		add_value(w, jnode_key(c) ? &k : NULL, c, NULL);
	}
	jbuilder_close(w->b, jnode_span(v).end);
}

static void add_value(struct walk *w, const struct jbkey *key, const struct jnode *v,
                      const struct tfmap_attribute *attr)
{
	struct jspan span = jnode_span(v);
	switch (jnode_type(v)) {
	case JT_STRING: add_string(w, key, v, attr); break;
	case JT_NUMBER: jbuilder_number(w->b, key, jnode_text(v), jnode_text_len(v), span); break;
	case JT_BOOL: jbuilder_bool(w->b, key, jnode_boolean(v), span); break;
	case JT_NULL: jbuilder_null(w->b, key, span); break;
	case JT_UNKNOWN: jbuilder_unknown(w->b, key, span); break;
	case JT_ARRAY:
	case JT_OBJECT: add_container(w, key, v); break;
	}
}

struct body {
	const struct tfmap_resource *r;
	const struct jnode *body;
};

/* Does an attribute of the body send param (and is it set)? */
static bool written(void *ctx, const char *param)
{
	const struct tfmap_resource *r = ((struct body *)ctx)->r;
	const struct jnode *body = ((struct body *)ctx)->body;
	for (const struct jnode *a = jnode_first(body); a; a = jnode_next(a)) {
		const struct tfmap_attribute *attr = tfmap_attribute(r, jnode_key(a), jnode_key_len(a));
		if (attr && jnode_type(a) != JT_NULL && !strcmp(attr->param, param))
			return true;
	}
	return false;
}

/* One resource body {attrs}: one request. */
static void add_resource(struct walk *w, const struct tfmap_resource *r, const struct jnode *name,
                         const struct jnode *body)
{
	if (jnode_type(body) != JT_OBJECT)
		return;
	tfmap_open_request(w->b, r, jnode_key_span(name), jnode_span(body).start, written,
	                   &(struct body){r, body}, w->trail);
	for (const struct jnode *a = jnode_first(body); a; a = jnode_next(a)) {
		const struct tfmap_attribute *attr = tfmap_attribute(r, jnode_key(a), jnode_key_len(a));
		if (!attr || jnode_type(a) == JT_NULL)
			continue; /* Terraform's own, or not set */
		struct jbkey key = {attr->param, strlen(attr->param), jnode_key_span(a)};
		add_value(w, &key, a, attr);
	}
	jbuilder_close(w->b, jnode_span(body).end);
	w->requests++;
}

/* Terraform allows an array of objects wherever an object of blocks
 * stands: each element is read as the object would be. */
#define EACH_OBJECT(it, v)                                                                          \
	for (const struct jnode *it = jnode_type(v) == JT_ARRAY ? jnode_first(v) : (v); it;             \
	     it = jnode_type(v) == JT_ARRAY ? jnode_next(it) : NULL)

/* {"name": {attrs}} (or [{attrs}, ...] per name) of one resource type. */
static void add_names(struct walk *w, const struct tfmap_resource *r, const struct jnode *names)
{
	EACH_OBJECT(obj, names) {
		if (jnode_type(obj) != JT_OBJECT)
			continue;
		for (const struct jnode *name = jnode_first(obj); name; name = jnode_next(name))
			EACH_OBJECT(body, name) add_resource(w, r, name, body);
	}
}

struct jnode *terraform_json_requests(struct jdoc *doc, const char *bytes, const struct jnode *root,
                                      const struct tfmap *map, struct tfmap_trail *trail)
{
	if (jnode_type(root) != JT_OBJECT)
		return NULL;
	struct walk w = {.b = jbuilder_new(doc, JT_ARRAY, jnode_span(root).start), .bytes = bytes, .trail = trail};
	for (const struct jnode *block = jnode_first(root); block; block = jnode_next(block)) {
		if (strcmp(jnode_key(block), "resource") != 0)
			continue;
		EACH_OBJECT(types, block) {
			if (jnode_type(types) != JT_OBJECT)
				continue;
			for (const struct jnode *type = jnode_first(types); type; type = jnode_next(type)) {
				const struct tfmap_resource *r = tfmap_resource(map, jnode_key(type), jnode_key_len(type));
				if (r)
					add_names(&w, r, type);
			}
		}
	}
	return jbuilder_finish(w.b, jnode_span(root).end, true);
}

/* ---- plan JSON (terraform show -json) ---------------------------------- */

bool terraform_plan_detect(const struct jnode *root)
{
	return jnode_type(root) == JT_OBJECT && jnode_get(root, "format_version") &&
	       jnode_get(root, "resource_changes");
}

/* after_unknown holds true where a value is known only after apply, and
 * mirrors lists and objects when part of one is: any true makes the
 * whole attribute unknown (no check judges half a value). */
static bool any_unknown(const struct jnode *u)
{
	if (!u)
		return false;
	if (jnode_type(u) == JT_BOOL)
		return jnode_boolean(u);
	for (const struct jnode *c = jnode_first(u); c; c = jnode_next(c))
		if (any_unknown(c))
			return true;
	return false;
}

struct change {
	const struct tfmap_resource *r;
	const struct jnode *after, *unknown;
};

/* Is param set: a value in after, or one known after apply? */
static bool planned(void *ctx, const char *param)
{
	const struct change *c = ctx;
	for (size_t i = 0; i < c->r->n_attributes; i++) {
		const struct tfmap_attribute *attr = &c->r->attributes[i];
		if (strcmp(attr->param, param))
			continue;
		const struct jnode *v = jnode_get(c->after, attr->attribute);
		if ((v && jnode_type(v) != JT_NULL) || any_unknown(c->unknown ? jnode_get(c->unknown, attr->attribute) : NULL))
			return true;
	}
	return false;
}

/* One resource_changes[] entry that creates or keeps a DTS resource: its
 * change.after as a request, at the entry's address. */
static void add_change(struct walk *w, const struct tfmap *map, const struct jnode *rc)
{
	const struct jnode *type = jnode_get(rc, "type"), *mode = jnode_get(rc, "mode");
	const struct jnode *change = jnode_get(rc, "change");
	const struct jnode *after = change ? jnode_get(change, "after") : NULL;
	const struct jnode *unknown = change ? jnode_get(change, "after_unknown") : NULL;
	const struct jnode *address = jnode_get(rc, "address");
	if (!type || jnode_type(type) != JT_STRING || !after || jnode_type(after) != JT_OBJECT ||
	    (mode && jnode_type(mode) == JT_STRING && strcmp(jnode_text(mode), "managed")))
		return; /* a data source, a deletion (after is null), no DTS resource */
	const struct tfmap_resource *r = tfmap_resource(map, jnode_text(type), jnode_text_len(type));
	if (!r)
		return;
	if (unknown && jnode_type(unknown) != JT_OBJECT)
		unknown = NULL;
	struct change c = {r, after, unknown};
	tfmap_open_request(w->b, r, jnode_span(address ? address : type), jnode_span(after).start, planned, &c,
	                   w->trail);
	for (const struct jnode *a = jnode_first(after); a; a = jnode_next(a)) {
		const struct tfmap_attribute *attr = tfmap_attribute(r, jnode_key(a), jnode_key_len(a));
		if (!attr || jnode_type(a) == JT_NULL)
			continue;
		struct jbkey key = {attr->param, strlen(attr->param), jnode_key_span(a)};
		if (any_unknown(unknown ? jnode_get(unknown, jnode_key(a)) : NULL))
			jbuilder_unknown(w->b, &key, jnode_span(a));
		else
			add_value(w, &key, a, attr);
	}
	/* Unknown values are left out of after: each is given, later. */
	for (const struct jnode *u = unknown ? jnode_first(unknown) : NULL; u; u = jnode_next(u)) {
		const struct tfmap_attribute *attr = tfmap_attribute(r, jnode_key(u), jnode_key_len(u));
		if (attr && any_unknown(u) && !jnode_get(after, jnode_key(u)))
			jbuilder_unknown(w->b, &(struct jbkey){attr->param, strlen(attr->param), jnode_key_span(u)},
			                 jnode_span(u));
	}
	jbuilder_close(w->b, jnode_span(after).end);
	w->requests++;
}

struct jnode *terraform_plan_requests(struct jdoc *doc, const char *bytes, const struct jnode *root,
                                      const struct tfmap *map, struct tfmap_trail *trail)
{
	const struct jnode *changes = jnode_get(root, "resource_changes");
	if (!changes || jnode_type(changes) != JT_ARRAY)
		return NULL;
	struct walk w = {.b = jbuilder_new(doc, JT_ARRAY, jnode_span(root).start), .bytes = bytes, .plan = true,
	                 .trail = trail};
	for (const struct jnode *rc = jnode_first(changes); rc; rc = jnode_next(rc))
		if (jnode_type(rc) == JT_OBJECT)
			add_change(&w, map, rc);
	return jbuilder_finish(w.b, jnode_span(root).end, true);
}
