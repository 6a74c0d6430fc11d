/*
 * lsp_assist: hover and completion (lsp_assist.h).  lsp_scan finds the
 * slot at the cursor; a slot inside the string of a JSON-valued parameter
 * is scanned again in the string's decoded text, with an offset map back
 * to the file; the ruleset says what belongs in the slot and what it
 * means (the rules' descriptions, value meanings, constraints).
 */
#include "lsp_assist.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lsp_scan.h"
#include "suggest.h"
#include "template.h"
#include "xalloc.h"

/* ---- the catalogue ------------------------------------------------- */

static const struct operation *pick_operation(const struct ruleset *rs, const char *operation,
                                              const char *action)
{
	if (action && *action)
		return ruleset_find_operation(rs, action);
	return ruleset_find_operation(rs, operation ? operation : rs->default_operation);
}

/* The object at path: *is_root, or its schema.  False when the rules do
 * not describe it. */
static bool resolve_object(const struct ruleset *rs, const struct operation *op, char **path,
                           size_t depth, bool *is_root, const struct schema **out)
{
	*is_root = depth == 0;
	*out = NULL;
	if (depth == 0)
		return true;
	const struct param *p = operation_find_param(op, rs, path[0]);
	if (!p || !p->schema)
		return false;
	const struct schema *s = p->schema;
	for (size_t k = 1; k < depth; k++) {
		if (s->values) {
			s = s->values; /* path[k] is a name of the user's choosing */
			continue;
		}
		const struct param *kp = schema_find_key(s, path[k], strlen(path[k]));
		if (!kp || !kp->schema)
			return false;
		s = kp->schema;
	}
	*out = s;
	return true;
}

/* The parameter or schema key `key` of the object at path; NULL when
 * unknown, or (with *map set) when the object's keys are free names. */
static const struct param *resolve_key(const struct ruleset *rs, const struct operation *op,
                                       char **path, size_t depth, const char *key,
                                       const struct schema **map, const char **where)
{
	bool root;
	const struct schema *s;
	*map = NULL;
	*where = NULL;
	if (!resolve_object(rs, op, path, depth, &root, &s))
		return NULL;
	if (root) {
		*where = op ? op->name : NULL;
		return operation_find_param(op, rs, key);
	}
	*where = s->name;
	if (s->values) {
		*map = s;
		return NULL;
	}
	return schema_find_key(s, key, strlen(key));
}

static const char *type_text(const struct param *p)
{
	switch (p->type) {
	case PT_STRING: return "string";
	case PT_BOOLEAN: return "boolean";
	case PT_INTEGER: return "integer";
	case PT_NUMBER: return "number";
	case PT_JSON: return "JSON object";
	case PT_OBJECT: return "object";
	default: return "any JSON value";
	}
}

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *text)
{
	size_t n = strlen(text);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, text, n + 1);
	b->len += n;
}

/* Markdown inline code of catalogue text (names and values have no '`'). */
static void put_code(struct buf *b, const char *text)
{
	put(b, "`");
	put(b, text);
	put(b, "`");
}

/* A message template that needs nothing but {param} reads as documentation. */
static char *doc_from_template(const char *tmpl, const char *name)
{
	for (const char *s = strchr(tmpl, '{'); s; s = strchr(s + 1, '{')) {
		if (!strncmp(s, "{param}", 7))
			continue;
		size_t i = 1;
		while ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '.')
			i++;
		if (s[i] == '}' && i > 1)
			return NULL; /* needs the value at hand */
	}
	struct template_var var = {"param", name};
	return template_render(tmpl, &var, 1);
}

/* What the parameter is: the rules' description; without one (a --rules
 * folder of one's own), a line made from its format message or its kind. */
static char *doc_line(const struct param *p, const char *where)
{
	if (p->description)
		return xstrdup(p->description);
	char *text = NULL;
	for (size_t i = 0; !text && i < p->n_formats; i++)
		if (!p->formats[i].reject)
			text = doc_from_template(p->formats[i].message, p->name);
	if (!text && p->unsupported)
		text = doc_from_template(p->unsupported, p->name);
	if (text)
		return text;
	struct buf b = {0};
	if (p->type == PT_JSON && p->schema_name) {
		put(&b, "A ");
		put(&b, p->schema_name);
		put(&b, " object, written as a nested object or as a string holding its JSON.");
	} else if (p->type == PT_OBJECT && p->schema_name) {
		put(&b, "A ");
		put(&b, p->schema_name);
		put(&b, " object.");
	} else if (p->type == PT_BOOLEAN) {
		put(&b, "true or false (the strings \"true\" and \"false\" are accepted too).");
	} else if (p->type == PT_ANY) {
		put(&b, "The documentation gives no type: any JSON value is accepted.");
	} else {
		put(&b, p->required ? "Required" : "Optional");
		if (where) {
			put(&b, p->required ? " by " : " in ");
			put(&b, where);
		}
		put(&b, ".");
	}
	return b.s;
}

/* "string · required · default MYSQL" */
static char *detail_line(const struct param *p)
{
	struct buf b = {0};
	put(&b, type_text(p));
	if (p->schema_name) {
		put(&b, " (");
		put(&b, p->schema_name);
		put(&b, ")");
	}
	put(&b, p->required ? " · required" : " · optional");
	if (p->default_value) {
		put(&b, " · default ");
		put(&b, p->default_value);
	}
	if (p->secret)
		put(&b, " · secret");
	if (p->unsupported || p->deprecated)
		put(&b, " · deprecated: do not specify");
	return b.s;
}

static void put_number(struct buf *b, double v)
{
	char text[64];
	snprintf(text, sizeof text, "%.15g", v);
	put(b, text);
}

/* "`A`, `B` or `C`" */
static void put_alternatives(struct buf *b, char **values, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		put(b, i == 0 ? "" : i + 1 == n ? " or " : ", ");
		put_code(b, values[i]);
	}
}

/* A condition of a constraint in words: "`X` is `A` or `B`". */
static void put_condition(struct buf *b, const struct condition *c)
{
	if (c->op == COND_ANY_OF) {
		for (size_t i = 0; i < c->n_any_of; i++) {
			put(b, i ? " or " : "");
			put_condition(b, &c->any_of[i]);
		}
		return;
	}
	put_code(b, c->target);
	switch (c->op) {
	case COND_IN: put(b, " is "); put_alternatives(b, c->values, c->n_values); break;
	case COND_NOT_IN: put(b, " is not "); put_alternatives(b, c->values, c->n_values); break;
	case COND_EQUALS_TRUE: put(b, " is true"); break;
	case COND_EQUALS_FALSE: put(b, " is false"); break;
	case COND_PRESENT: put(b, " is given"); break;
	default: put(b, " is not given"); break; /* COND_ABSENT */
	}
}

/* When the parameter must be given, or left out: "Required." or one line
 * per constraint that requires or forbids it, in the constraint's own
 * strength (an error "must", a warning "should"). */
static void put_requirement(struct buf *b, const struct param *p, const struct constraint *k, size_t n)
{
	if (p->required) {
		put(b, "\n\nRequired.");
		return;
	}
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if ((k[i].kind != CK_REQUIRE && k[i].kind != CK_FORBID) || strcmp(k[i].target, p->name))
			continue;
		bool must = k[i].rule && k[i].rule->severity == SEV_ERROR;
		put(b, "\n\n"); /* a paragraph each: Markdown joins plain lines */
		if (k[i].kind == CK_REQUIRE)
			put(b, must ? "Required when " : "Expected when ");
		else
			put(b, must ? "Not allowed when " : "Better left out when ");
		for (size_t j = 0; j < k[i].n_when; j++) {
			put(b, j ? " and " : "");
			put_condition(b, &k[i].when[j]);
		}
		put(b, k[i].n_when ? "." : "always.");
		any = true;
	}
	if (!any)
		put(b, "\n\nOptional.");
}

/* The meaning of a valid value, or NULL. */
static const char *value_meaning(const struct param *p, const char *value)
{
	for (size_t i = 0; i < p->n_value_docs; i++)
		if (!strcmp(p->value_docs[2 * i], value))
			return p->value_docs[2 * i + 1];
	return NULL;
}

/* "Valid values:" with each one's meaning, then the meanings of values
 * outside the enum (a Boolean's two). */
static void put_values(struct buf *b, const struct param *p)
{
	if (!p->n_enums && !p->n_value_docs)
		return;
	put(b, p->n_enums ? "\n\nValid values:" : "\n\nValues:");
	for (size_t i = 0; i < p->n_enums; i++) {
		const char *meaning = value_meaning(p, p->enums[i]);
		put(b, "\n- ");
		put_code(b, p->enums[i]);
		if (meaning) {
			put(b, ": ");
			put(b, meaning);
		}
	}
	for (size_t i = 0; i < p->n_value_docs; i++) {
		bool listed = false;
		for (size_t j = 0; j < p->n_enums; j++)
			listed = listed || !strcmp(p->enums[j], p->value_docs[2 * i]);
		if (listed)
			continue;
		put(b, "\n- ");
		put_code(b, p->value_docs[2 * i]);
		put(b, ": ");
		put(b, p->value_docs[2 * i + 1]);
	}
}

/* The whole hover text of a parameter or key: what it is, its type, when
 * it is required, its default, its valid values with their meanings, an
 * example, why not to use it, and where this comes from.  All of it from
 * the catalogue, none from the document. */
static char *param_markdown(const struct param *p, const char *where, bool is_root,
                            const struct constraint *k, size_t n_k)
{
	struct buf b = {0};
	put(&b, "**");
	put_code(&b, p->name);
	put(&b, "**");
	if (where) {
		put(&b, is_root ? " · parameter of " : " · key of ");
		put(&b, where);
	}
	put(&b, "\n\n");
	char *detail = detail_line(p);
	put(&b, detail);
	free(detail);
	put(&b, "\n\n");
	char *doc = doc_line(p, where);
	put(&b, doc);
	free(doc);
	put_requirement(&b, p, k, n_k);
	if (p->default_value) {
		put(&b, "\n\nDefault: ");
		put_code(&b, p->default_value);
	}
	put_values(&b, p);
	if (p->has_min || p->has_max) {
		put(&b, "\n\nRange: ");
		if (p->has_min)
			put_number(&b, p->min);
		put(&b, " .. ");
		if (p->has_max)
			put_number(&b, p->max);
	}
	if (p->example && !p->secret) {
		put(&b, "\n\nExample: ");
		put_code(&b, p->example);
	}
	if (p->deprecated) {
		put(&b, "\n\n**Deprecated:** ");
		put(&b, p->deprecated);
	}
	if (p->source) {
		put(&b, "\n\nSource: ");
		put(&b, p->source);
	}
	return b.s;
}

/* The constraints of the object at path (the operation's, or its schema's). */
static void object_constraints(const struct ruleset *rs, const struct operation *op, char **path,
                               size_t depth, const struct constraint **k, size_t *n)
{
	bool root;
	const struct schema *s;
	*k = NULL;
	*n = 0;
	if (!resolve_object(rs, op, path, depth, &root, &s))
		return;
	if (root && op) {
		*k = op->constraints;
		*n = op->n_constraints;
	} else if (s) {
		*k = s->constraints;
		*n = s->n_constraints;
	}
}

/* ---- results ------------------------------------------------------- */


static json_object *markup(const char *text)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "kind", json_object_new_string("markdown"));
	json_object_object_add(o, "value", json_object_new_string(text));
	return o;
}

/* The slot at the cursor, through JSON strings: sc is of the innermost
 * text, *map (owned, or NULL at the top) maps its offsets to the
 * document's, *level counts the strings it is inside. */
static void locate(const struct ruleset *rs, const char *operation, const struct lsp_map *doc,
                   size_t offset, bool hover, struct lsp_scan *sc, const struct operation **op,
                   size_t **map, size_t *level, char **inner_text, size_t *inner_len)
{
	memset(sc, 0, sizeof *sc);
	lsp_scan_text(doc->text, doc->len, offset, hover, sc);
	*op = pick_operation(rs, operation, sc->action);
	*map = NULL;
	*level = 0;
	const char *text = doc->text;
	size_t text_len = doc->len;
	char *owned = NULL;
	size_t cursor = offset;
	/* A value slot in a string of a JSON-valued parameter: scan its text. */
	while (sc->slot == LSP_SLOT_VALUE && sc->in_string && sc->path_ok && *level < 8) {
		const struct schema *m;
		const char *where;
		const struct param *p = resolve_key(rs, *op, sc->path, sc->depth - 1,
		                                    sc->path[sc->depth - 1], &m, &where);
		if (!p || p->type != PT_JSON)
			break;
		char *inner;
		size_t *imap;
		size_t n = lsp_decode_string(text, sc->tok_start, sc->tok_end, &inner, &imap);
		size_t k = 0;
		while (k < n && imap[k] < cursor)
			k++;
		struct lsp_scan in = {0};
		lsp_scan_text(inner, n, k, hover, &in);
		/* Prefix the outer path; compose the maps. */
		char **path = xcalloc(sc->depth + in.depth + 1, sizeof *path);
		size_t depth = 0;
		for (size_t q = 0; q < sc->depth; q++)
			path[depth++] = xstrdup(sc->path[q]);
		for (size_t q = 0; q < in.depth; q++)
			path[depth++] = in.path[q];
		free(in.path);
		in.path = path;
		in.depth = depth;
		free(in.action);
		in.action = NULL;
		if (*map)
			for (size_t q = 0; q <= n; q++)
				imap[q] = (*map)[imap[q]];
		free(*map);
		*map = imap;
		free(owned);
		owned = inner;
		text = inner;
		text_len = n;
		cursor = k;
		lsp_scan_release(sc);
		*sc = in;
		(*level)++;
	}
	if (inner_text) {
		*inner_text = owned;
		*inner_len = text_len;
	} else {
		free(owned);
	}
}

static size_t to_doc(const size_t *map, size_t offset)
{
	return map ? map[offset] : offset;
}

/* The names the object at path knows (for a did-you-mean); owned array
 * of borrowed names, NULL when its keys are free. */
static const char **known_names(const struct ruleset *rs, const struct operation *op, char **path,
                                size_t depth, size_t *n)
{
	bool root;
	const struct schema *s;
	*n = 0;
	if (!resolve_object(rs, op, path, depth, &root, &s) || (!root && s->values))
		return NULL;
	size_t cap = root ? (op ? op->n_params : 0) + rs->n_common : s->n_keys;
	const char **names = xcalloc(cap + 1, sizeof *names);
	if (root) {
		for (size_t i = 0; op && i < op->n_params; i++)
			names[(*n)++] = op->params[i].name;
		for (size_t i = 0; i < rs->n_common; i++)
			names[(*n)++] = rs->common[i].name;
	} else {
		for (size_t i = 0; i < s->n_keys; i++)
			names[(*n)++] = s->keys[i].name;
	}
	return names;
}

/* A key the rules do not know: the did-you-mean the diagnostic gives, and
 * what the near name is.  The key itself is not repeated. */
static char *unknown_key_markdown(const struct ruleset *rs, const struct operation *op,
                                  const struct lsp_scan *sc, const char *where)
{
	size_t n;
	const char **names = known_names(rs, op, sc->path, sc->depth, &n);
	const char *near = names ? suggest_closest(sc->word, strlen(sc->word), names, n) : NULL;
	free(names);
	if (!near)
		return NULL;
	const struct schema *m;
	const char *owner;
	const struct param *p = resolve_key(rs, op, sc->path, sc->depth, near, &m, &owner);
	struct buf b = {0};
	put(&b, sc->depth == 0 ? "Not a parameter of " : "Not a key of ");
	put(&b, where ? where : "this object");
	put(&b, "; did you mean ");
	put_code(&b, near);
	put(&b, "?");
	if (p) {
		char *doc = doc_line(p, owner);
		put(&b, "\n\n");
		put_code(&b, near);
		put(&b, ": ");
		put(&b, doc);
		free(doc);
	}
	return b.s;
}

/* A valid value under the cursor: what it means.  The value is matched
 * against the catalogue (any case) and the catalogue's spelling shown;
 * a secret parameter's value is never looked at. */
static char *value_markdown(const struct param *p, const char *text, size_t len)
{
	if (!p || p->secret)
		return NULL;
	const char *value = NULL, *meaning = NULL;
	for (size_t i = 0; !value && i < p->n_value_docs; i++)
		if (strlen(p->value_docs[2 * i]) == len && !strncasecmp(p->value_docs[2 * i], text, len)) {
			value = p->value_docs[2 * i];
			meaning = p->value_docs[2 * i + 1];
		}
	for (size_t i = 0; !value && i < p->n_enums; i++)
		if (strlen(p->enums[i]) == len && !strncasecmp(p->enums[i], text, len))
			value = p->enums[i];
	if (!value)
		return NULL;
	struct buf b = {0};
	put(&b, "**");
	put_code(&b, value);
	put(&b, "** · a value of ");
	put_code(&b, p->name);
	put(&b, "\n\n");
	put(&b, meaning ? meaning : "A valid value.");
	return b.s;
}

static json_object *hover_result(struct lsp_map *map, const size_t *omap, const struct lsp_scan *sc,
                                 const char *text)
{
	json_object *result = json_object_new_object();
	json_object_object_add(result, "contents", markup(text));
	json_object_object_add(result, "range", lsp_range_json(map, to_doc(omap, sc->tok_start),
	                                                   to_doc(omap, sc->tok_end)));
	return result;
}

json_object *lsp_hover(const struct ruleset *rs, const char *operation, struct lsp_map *map,
                       size_t offset)
{
	struct lsp_scan sc;
	const struct operation *op;
	size_t *omap, level;
	char *inner;
	size_t inner_len;
	locate(rs, operation, map, offset, true, &sc, &op, &omap, &level, &inner, &inner_len);
	char *text = NULL;
	if (sc.slot == LSP_SLOT_KEY && sc.in_string && sc.path_ok && sc.word) {
		const struct schema *free_map;
		const char *where;
		const struct param *p = resolve_key(rs, op, sc.path, sc.depth, sc.word, &free_map, &where);
		if (p) {
			const struct constraint *k;
			size_t n_k;
			object_constraints(rs, op, sc.path, sc.depth, &k, &n_k);
			text = param_markdown(p, where, sc.depth == 0, k, n_k);
		} else if (free_map && free_map->values) {
			struct buf b = {0};
			put(&b, "A name of your choosing in ");
			put(&b, free_map->name);
			put(&b, ": its value is a ");
			put(&b, free_map->values->name);
			put(&b, " object.");
			text = b.s;
		} else {
			text = unknown_key_markdown(rs, op, &sc, where);
		}
	} else if (sc.slot == LSP_SLOT_VALUE && sc.path_ok && sc.depth > 0 && sc.tok_end > sc.tok_start) {
		const struct schema *free_map;
		const char *where;
		const struct param *p = resolve_key(rs, op, sc.path, sc.depth - 1, sc.path[sc.depth - 1],
		                                    &free_map, &where);
		const char *t = inner ? inner : map->text;
		text = value_markdown(p, t + sc.tok_start, sc.tok_end - sc.tok_start);
	}
	json_object *result = text ? hover_result(map, omap, &sc, text) : NULL;
	free(text);
	free(inner);
	free(omap);
	lsp_scan_release(&sc);
	return result;
}

/* Escape text once per string level it goes into. */
static char *escape_levels(const char *text, size_t level)
{
	char *out = xstrdup(text);
	for (size_t l = 0; l < level; l++) {
		struct buf b = {0};
		put(&b, "");
		for (const char *s = out; *s; s++) {
			char one[3] = {0};
			if (*s == '"' || *s == '\\') {
				one[0] = '\\';
				one[1] = *s;
			} else {
				one[0] = *s;
			}
			put(&b, one);
		}
		free(out);
		out = b.s;
	}
	return out;
}

static void add_item(json_object *items, struct lsp_map *map, const struct lsp_scan *sc,
                     const size_t *omap, size_t level, const char *label, int kind,
                     const char *detail, const char *doc, bool quote, bool deprecated,
                     const char *sort)
{
	json_object *it = json_object_new_object();
	json_object_object_add(it, "label", json_object_new_string(label));
	json_object_object_add(it, "kind", json_object_new_int(kind));
	if (detail)
		json_object_object_add(it, "detail", json_object_new_string(detail));
	if (doc)
		json_object_object_add(it, "documentation", markup(doc));
	if (deprecated) { /* the tag (LSP 3.15) and the older flag, for clients of either age */
		json_object *tags = json_object_new_array();
		json_object_array_add(tags, json_object_new_int(1));
		json_object_object_add(it, "tags", tags);
		json_object_object_add(it, "deprecated", json_object_new_boolean(1));
	}
	if (sort)
		json_object_object_add(it, "sortText", json_object_new_string(sort));
	struct buf b = {0};
	put(&b, quote ? "\"" : "");
	put(&b, label);
	put(&b, quote ? "\"" : "");
	char *text = escape_levels(b.s, level);
	free(b.s);
	json_object *edit = json_object_new_object();
	json_object_object_add(edit, "range", lsp_range_json(map, to_doc(omap, sc->tok_start),
	                                                 to_doc(omap, sc->tok_end)));
	json_object_object_add(edit, "newText", json_object_new_string(text));
	free(text);
	json_object_object_add(it, "textEdit", edit);
	json_object_array_add(items, it);
}

static void add_key_item(json_object *items, struct lsp_map *map, const struct lsp_scan *sc,
                         const size_t *omap, size_t level, const struct param *p, const char *where,
                         bool is_root, const struct constraint *k, size_t n_k)
{
	char *detail = detail_line(p);
	char *doc = param_markdown(p, where, is_root, k, n_k);
	size_t n = strlen(p->name) + 2;
	char *sort = xmalloc(n + 1);
	/* Required first, then the rest, then those not to specify. */
	snprintf(sort, n + 1, "%c%s", p->unsupported ? '2' : p->required ? '0' : '1', p->name);
	add_item(items, map, sc, omap, level, p->name, 10 /* Property */, detail, doc, !sc->in_string,
	         p->unsupported || p->deprecated, sort);
	free(sort);
	free(detail);
	free(doc);
}

json_object *lsp_complete(const struct ruleset *rs, const char *operation, struct lsp_map *map,
                          size_t offset)
{
	struct lsp_scan sc;
	const struct operation *op;
	size_t *omap, level;
	char *inner;
	size_t inner_len;
	locate(rs, operation, map, offset, false, &sc, &op, &omap, &level, &inner, &inner_len);
	json_object *items = json_object_new_array();
	bool root;
	const struct schema *s;
	if (sc.slot == LSP_SLOT_KEY && sc.path_ok &&
	    resolve_object(rs, op, sc.path, sc.depth, &root, &s)) {
		/* Keys the object already has are not offered again. */
		char **present;
		size_t n_present = lsp_collect_keys(inner ? inner : map->text, inner ? inner_len : map->len,
		                                sc.object_start, sc.in_string ? sc.tok_start : SIZE_MAX,
		                                &present);
		if (root) {
			const struct constraint *k = op ? op->constraints : NULL;
			size_t n_k = op ? op->n_constraints : 0;
			for (size_t i = 0; op && i < op->n_params; i++)
				if (!lsp_keys_has(present, n_present, op->params[i].name))
					add_key_item(items, map, &sc, omap, level, &op->params[i], op->name, true, k, n_k);
			for (size_t i = 0; i < rs->n_common; i++)
				if (!lsp_keys_has(present, n_present, rs->common[i].name))
					add_key_item(items, map, &sc, omap, level, &rs->common[i],
					             op ? op->name : NULL, true, k, n_k);
		} else if (!s->values) {
			for (size_t i = 0; i < s->n_keys; i++)
				if (!lsp_keys_has(present, n_present, s->keys[i].name))
					add_key_item(items, map, &sc, omap, level, &s->keys[i], s->name, false,
					             s->constraints, s->n_constraints);
		}
		for (size_t i = 0; i < n_present; i++)
			free(present[i]);
		free(present);
	} else if (sc.slot == LSP_SLOT_VALUE && sc.path_ok && sc.depth > 0) {
		const struct schema *free_map;
		const char *where;
		const struct param *p = resolve_key(rs, op, sc.path, sc.depth - 1, sc.path[sc.depth - 1],
		                                    &free_map, &where);
		for (size_t i = 0; p && i < p->n_enums; i++)
			add_item(items, map, &sc, omap, level, p->enums[i], 20 /* EnumMember */,
			         type_text(p), value_meaning(p, p->enums[i]),
			         !sc.in_string && p->type == PT_STRING, false, NULL);
		if (p && p->type == PT_BOOLEAN && !sc.in_string) {
			add_item(items, map, &sc, omap, level, "true", 12 /* Value */, "boolean",
			         value_meaning(p, "true"), false, false, NULL);
			add_item(items, map, &sc, omap, level, "false", 12, "boolean", value_meaning(p, "false"),
			         false, false, NULL);
		}
	}
	free(inner);
	free(omap);
	lsp_scan_release(&sc);
	json_object *list = json_object_new_object();
	json_object_object_add(list, "isIncomplete", json_object_new_boolean(0));
	json_object_object_add(list, "items", items);
	return list;
}
