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
	for (size_t i = 0; i + 1 < len; i++)
		if (b[i] == '/' && b[i + 1] == '*')
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

static void add_string(struct jbuilder *b, const struct jbkey *key, const struct tfmap_attribute *attr,
                       const struct hcl_string *s, struct hcl_span span)
{
	tfmap_add_string(b, key, attr, s->text, s->len, s->map, span_of(span));
}

/* "" has no part at all: an empty literal that ends where it starts. */
static void add_empty_string(struct jbuilder *b, const struct jbkey *key, const struct hcl_expr *e)
{
	size_t inside = e->heredoc ? e->span.end : e->span.start + 1;
	uint32_t map[1] = {(uint32_t)inside};
	jbuilder_string(b, key, "", 0, map, span_of(e->span));
}

static bool is_jsonencode(const struct hcl_expr *e)
{
	return e->kind == HCL_EXPR_CALL && !strcmp(e->name, "jsonencode") && e->nkids == 1 &&
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

static void add_value(struct jbuilder *b, const char *file, const struct jbkey *key,
                      const struct hcl_expr *e, const struct tfmap_attribute *attr);

static void add_object(struct jbuilder *b, const char *file, const struct jbkey *key,
                       const struct hcl_expr *e)
{
	jbuilder_open_member(b, key, JT_OBJECT, e->span.start);
	for (size_t i = 0; i + 1 < e->nkids; i += 2) {
		const struct hcl_string *name = hcl_object_key(e->kids[i]);
		struct jbkey k = {name->text, name->len, span_of(e->kids[i]->span)};
		add_value(b, file, &k, e->kids[i + 1], NULL);
	}
	jbuilder_close(b, e->span.end);
}

static void add_value(struct jbuilder *b, const char *file, const struct jbkey *key,
                      const struct hcl_expr *e, const struct tfmap_attribute *attr)
{
	struct jspan span = span_of(e->span);
	const struct hcl_string *lit;
	switch (e->kind) {
	case HCL_EXPR_NULL: jbuilder_null(b, key, span); return;
	case HCL_EXPR_BOOL: jbuilder_bool(b, key, e->boolean, span); return;
	case HCL_EXPR_NUMBER:
		jbuilder_number(b, key, file + span.start, span.end - span.start, span);
		return;
	case HCL_EXPR_PAREN: add_value(b, file, key, e->kids[0], attr); return;
	case HCL_EXPR_TEMPLATE:
		if (e->nparts == 0)
			add_empty_string(b, key, e);
		else if ((lit = hcl_template_literal(e)))
			add_string(b, key, attr, lit, e->span);
		else
			break;
		return;
	case HCL_EXPR_TUPLE:
		jbuilder_open_member(b, key, JT_ARRAY, span.start);
		for (size_t i = 0; i < e->nkids; i++)
			add_value(b, file, NULL, e->kids[i], NULL);
		jbuilder_close(b, span.end);
		return;
	case HCL_EXPR_OBJECT:
		if (!keys_known(e))
			break;
		add_object(b, file, key, e);
		return;
	case HCL_EXPR_CALL:
		if (!is_jsonencode(e))
			break;
		add_value(b, file, key, e->kids[0], NULL);
		return;
	case HCL_EXPR_UNARY:
		if (!is_negative_number(e))
			break;
		jbuilder_number(b, key, file + span.start, span.end - span.start, span);
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
static void add_resource(struct jbuilder *b, const char *file, const struct tfmap_resource *r,
                         const struct hcl_block *block, struct tfmap_trail *trail)
{
	const struct hcl_body *body = &block->body;
	tfmap_open_request(b, r, span_of(block->labels[1].span), block->span.start, written,
	                   &(struct body){r, body}, trail);
	for (size_t i = 0; i < body->nitems; i++) {
		const struct hcl_attribute *a = body->items[i].attr;
		const struct tfmap_attribute *attr = a ? tfmap_attribute(r, a->name, strlen(a->name)) : NULL;
		if (!attr || a->expr->kind == HCL_EXPR_NULL)
			continue; /* a block, Terraform's own, or not set */
		struct jbkey key = {attr->param, strlen(attr->param), span_of(a->name_span)};
		add_value(b, file, &key, a->expr, attr);
	}
	jbuilder_close(b, block->span.end);
}

struct jnode *terraform_hcl_requests(struct jdoc *doc, const char *bytes, size_t len,
                                     const struct hcl_file *file, const struct tfmap *map,
                                     struct tfmap_trail *trail)
{
	struct jbuilder *b = jbuilder_new(doc, JT_ARRAY, 0);
	for (size_t i = 0; i < file->body.nitems; i++) {
		const struct hcl_block *block = file->body.items[i].block;
		if (!block || strcmp(block->type, "resource") != 0 || block->nlabels != 2)
			continue;
		const struct hcl_string *type = &block->labels[0].text;
		const struct tfmap_resource *r = tfmap_resource(map, type->text, type->len);
		if (r)
			add_resource(b, bytes, r, block, trail);
	}
	return jbuilder_finish(b, len, true);
}
