/*
 * terraform_hcl: from an HCL file's tree to requests (terraform_hcl.h).
 * The walk mirrors terraform_json.c: the same tfmap calls open a
 * resource's request and add its strings; only the values differ, HCL
 * expressions here where JSON nodes are there.
 */
#include "terraform_hcl.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

bool terraform_hcl_named(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n >= 3 && strcmp(name + n - 3, ".tf") == 0;
}

static bool has_block_comment(const char *b, size_t len)
{
	for (const char *s = b; len > 1 && (s = memchr(s, '/', len - 1 - (size_t)(s - b))); s++)
		if (s[1] == '*')
			return true;
	return false;
}

/* `resource "TYPE"` at the start of the line at i (after blanks), TYPE a
 * resource of the map. */
static bool dts_resource_at(const char *b, size_t len, size_t i, const struct tfmap *map)
{
	while (i < len && (b[i] == ' ' || b[i] == '\t'))
		i++;
	if (len - i < 9 || memcmp(b + i, "resource", 8) != 0)
		return false;
	i += 8;
	while (i < len && (b[i] == ' ' || b[i] == '\t'))
		i++;
	if (i >= len || b[i] != '"')
		return false;
	size_t start = ++i;
	while (i < len && b[i] != '"' && b[i] != '\n' && b[i] != '\\')
		i++;
	return i < len && b[i] == '"' && tfmap_resource(map, b + start, i - start);
}

bool terraform_hcl_quick_look(const char *bytes, size_t len, const struct tfmap *map)
{
	if (has_block_comment(bytes, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (dts_resource_at(bytes, len, i, map))
			return true;
		const char *nl = memchr(bytes + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - bytes);
	}
	return false;
}

static struct jspan span_of(struct hcl_span s)
{
	return (struct jspan){s.start, s.end};
}

/* The walk from an HCL tree to a request tree. */
struct walk {
	struct jbuilder *b;
	const struct hcl_file *hcl;
	const char *file;
	const struct jbkey *data_key; /* the key of the DATA node being walked */
	uint32_t *map; /* room for the map of a string that is the file's bytes */
	size_t mapcap;
};

/* s's map: its own, or made in w's room (the builder copies it). */
static const uint32_t *string_map(struct walk *w, const struct hcl_string *s)
{
	if (s->map)
		return s->map;
	if (s->len + 1 > w->mapcap) {
		w->mapcap = (s->len + 1) * 2;
		w->map = xreallocarray(w->map, w->mapcap, sizeof *w->map);
	}
	for (size_t i = 0; i <= s->len; i++)
		w->map[i] = s->at + (uint32_t)i;
	return w->map;
}

static void add_string(struct walk *w, const struct jbkey *key, const struct tfmap_attribute *attr,
                       const struct hcl_string *s, struct hcl_span span)
{
	tfmap_add_string(w->b, key, attr, s->text, s->len, string_map(w, s), span_of(span));
}

static bool is_jsonencode(const struct hcl_expr *e)
{
	return e->kind == HCL_EXPR_CALL && !strcmp(e->names->name, "jsonencode") && e->nkids == 1 &&
	       !e->expand_final;
}

/* -5: a number as written, when the minus is the sign right before it. */
static bool is_negative_number(const struct hcl_expr *e)
{
	return e->kind == HCL_EXPR_UNARY && !strcmp(e->op, "-") && e->kids[0]->kind == HCL_EXPR_NUMBER &&
	       e->kids[0]->span.start == e->span.start + 1;
}

/* Every key of the object is written out (none computed). */
static bool keys_known(const struct hcl_expr *obj)
{
	for (size_t i = 0; i < obj->nkids; i += 2)
		if (!hcl_object_key(obj->kids[i]))
			return false;
	return true;
}

static void add_value(struct walk *w, const struct jbkey *key, const struct hcl_expr *e,
                      const struct tfmap_attribute *attr);

/* One value of a DATA node: what add_value() makes of the same value as
 * nodes (its strings are never the provider's to rewrite: they are inside
 * an object or a tuple). */
static void add_data_event(void *ctx, const struct hcl_data_event *ev)
{
	struct walk *w = ctx;
	struct jbuilder *b = w->b;
	struct jbkey k = ev->key ? (struct jbkey){ev->key->text, ev->key->len, span_of(ev->key_span)} : (struct jbkey){0};
	const struct jbkey *key = ev->key ? &k : NULL;
	struct jspan span = span_of(ev->span);

	if (w->data_key) { /* the node itself: the key it is the value of */
		key = w->data_key;
		w->data_key = NULL;
	}
	switch (ev->kind) {
	case HCL_DATA_OBJECT: jbuilder_open_member(b, key, JT_OBJECT, span.start); break;
	case HCL_DATA_TUPLE: jbuilder_open_member(b, key, JT_ARRAY, span.start); break;
	case HCL_DATA_END: jbuilder_close(b, span.end); break;
	case HCL_DATA_STRING: add_string(w, key, NULL, ev->string, ev->span); break;
	case HCL_DATA_NUMBER: jbuilder_number(b, key, w->file + span.start, span.end - span.start, span); break;
	case HCL_DATA_BOOL: jbuilder_bool(b, key, ev->boolean, span); break;
	case HCL_DATA_NULL: jbuilder_null(b, key, span); break;
	}
}

static void add_object(struct walk *w, const struct jbkey *key, const struct hcl_expr *e)
{
	jbuilder_open_member(w->b, key, JT_OBJECT, e->span.start);
	for (size_t i = 0; i + 1 < e->nkids; i += 2) {
		const struct hcl_string *name = hcl_object_key(e->kids[i]);
		struct jbkey k = {name->text, name->len, span_of(e->kids[i]->span)};
		add_value(w, &k, e->kids[i + 1], NULL);
	}
	jbuilder_close(w->b, e->span.end);
}

static void add_value(struct walk *w, const struct jbkey *key, const struct hcl_expr *e,
                      const struct tfmap_attribute *attr)
{
	struct jbuilder *b = w->b;
	struct jspan span = span_of(e->span);
	const struct hcl_string *lit;
	switch (e->kind) {
	case HCL_EXPR_NULL: jbuilder_null(b, key, span); return;
	case HCL_EXPR_BOOL: jbuilder_bool(b, key, e->boolean, span); return;
	case HCL_EXPR_NUMBER:
		jbuilder_number(b, key, w->file + span.start, span.end - span.start, span);
		return;
	case HCL_EXPR_PAREN: add_value(w, key, e->kids[0], attr); return;
	case HCL_EXPR_TEMPLATE:
		/* "" and an empty heredoc are one empty literal part */
		if (!(lit = hcl_template_literal(e)))
			break;
		add_string(w, key, attr, lit, e->span);
		return;
	case HCL_EXPR_TUPLE:
		jbuilder_open_member(b, key, JT_ARRAY, span.start);
		for (size_t i = 0; i < e->nkids; i++)
			add_value(w, NULL, e->kids[i], NULL);
		jbuilder_close(b, span.end);
		return;
	case HCL_EXPR_OBJECT:
		if (!keys_known(e))
			break;
		add_object(w, key, e);
		return;
	case HCL_EXPR_DATA:
		w->data_key = key;
		hcl_data_walk(w->hcl, e, add_data_event, w);
		return;
	case HCL_EXPR_CALL:
		if (!is_jsonencode(e))
			break;
		add_value(w, key, e->kids[0], NULL);
		return;
	case HCL_EXPR_UNARY:
		if (!is_negative_number(e))
			break;
		jbuilder_number(b, key, w->file + span.start, span.end - span.start, span);
		return;
	default: break;
	}
	jbuilder_unknown(b, key, span);
}

struct body {
	const struct tfmap_resource *r;
	const struct hcl_body *body;
};

/* Does an attribute of the body send param (and is it set)? */
static bool written(void *ctx, const char *param)
{
	const struct body *bd = ctx;
	for (size_t i = 0; i < bd->body->nitems; i++) {
		const struct hcl_attribute *a = bd->body->items[i].attr;
		const struct tfmap_attribute *attr = a ? tfmap_attribute(bd->r, a->name, strlen(a->name)) : NULL;
		if (attr && a->expr->kind != HCL_EXPR_NULL && !strcmp(attr->param, param))
			return true;
	}
	return false;
}

/* One resource block: one request. */
static void add_resource(struct walk *w, const struct tfmap_resource *r, const struct hcl_block *block,
                         struct tfmap_trail *trail)
{
	const struct hcl_body *body = &block->body;
	tfmap_open_request(w->b, r, span_of(block->labels[1].span), block->span.start, written,
	                   &(struct body){r, body}, trail);
	for (size_t i = 0; i < body->nitems; i++) {
		const struct hcl_attribute *a = body->items[i].attr;
		const struct tfmap_attribute *attr = a ? tfmap_attribute(r, a->name, strlen(a->name)) : NULL;
		if (!attr || a->expr->kind == HCL_EXPR_NULL)
			continue; /* a block, Terraform's own, or not set */
		struct jbkey key = {attr->param, strlen(attr->param), span_of(a->name_span)};
		add_value(w, &key, a->expr, attr);
	}
	jbuilder_close(w->b, block->span.end);
}

struct jnode *terraform_hcl_requests(struct jdoc *doc, const char *bytes, size_t len,
                                     const struct hcl_file *file, const struct tfmap *map,
                                     struct tfmap_trail *trail)
{
	struct walk w = {jbuilder_new(doc, JT_ARRAY, 0), file, bytes, NULL, NULL, 0};
	for (size_t i = 0; i < file->body.nitems; i++) {
		const struct hcl_block *block = file->body.items[i].block;
		if (!block || strcmp(block->type, "resource") != 0 || block->nlabels != 2)
			continue;
		const struct hcl_string *type = &block->labels[0].text;
		const struct tfmap_resource *r = tfmap_resource(map, type->text, type->len);
		if (r)
			add_resource(&w, r, block, trail);
	}
	free(w.map);
	return jbuilder_finish(w.b, len, true);
}
