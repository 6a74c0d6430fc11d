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
#include "param_docs.h"
#include "suggest.h"
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
		char *doc = param_summary_new(p, owner);
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

/* The schema called name, or NULL. */
static const struct schema *schema_named(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; name && i < rs->n_schemas; i++)
		if (!strcmp(rs->schemas[i]->name, name))
			return rs->schemas[i];
	return NULL;
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
		const struct schema *holder = p && sc.depth > 0 ? schema_named(rs, where) : NULL;
		if (holder) {
			/* a key's page names what the operations require of it by
			 * pointer too (/Reserve/destTopic for a Kafka destination) */
			size_t n_k;
			struct constraint *k = param_key_constraints_new(rs, holder, p->name, &n_k);
			text = param_page_new(p, where, false, k, n_k);
			free(k);
		} else if (p) {
			const struct constraint *k;
			size_t n_k;
			object_constraints(rs, op, sc.path, sc.depth, &k, &n_k);
			text = param_page_new(p, where, sc.depth == 0, k, n_k);
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
	char *detail = param_detail_new(p);
	char *doc = param_page_new(p, where, is_root, k, n_k);
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
			         param_type_text(p), param_value_meaning(p, p->enums[i]),
			         !sc.in_string && p->type == PT_STRING, false, NULL);
		if (p && p->type == PT_BOOLEAN && !sc.in_string) {
			add_item(items, map, &sc, omap, level, "true", 12 /* Value */, "boolean",
			         param_value_meaning(p, "true"), false, false, NULL);
			add_item(items, map, &sc, omap, level, "false", 12, "boolean", param_value_meaning(p, "false"),
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

/* ---- Terraform ------------------------------------------------------- */

static bool tf_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-';
}

/* Does the line at i open `resource "TYPE"`?  *type, *n: TYPE. */
static bool tf_resource_line(const char *t, size_t len, size_t i, const char **type, size_t *n)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (len - i < 10 || strncmp(t + i, "resource", 8) != 0)
		return false;
	i += 8;
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i >= len || t[i] != '"')
		return false;
	size_t start = ++i;
	while (i < len && t[i] != '"' && t[i] != '\n')
		i++;
	*type = t + start;
	*n = i - start;
	return i < len && t[i] == '"';
}

/* The DTS resource whose block directly holds offset (one level of braces
 * in, not inside a value's braces): the last `resource "TYPE"` line
 * before it, its braces counted up to offset. */
static const struct tfmap_resource *tf_resource_at(const struct ruleset *rs, const char *t, size_t offset)
{
	for (size_t line = offset; ; line--) {
		if (line == 0 || t[line - 1] == '\n') {
			const char *type;
			size_t n;
			if (tf_resource_line(t, offset, line, &type, &n)) {
				int depth = 0;
				for (size_t i = line; i < offset; i++)
					depth += t[i] == '{' ? 1 : t[i] == '}' ? -1 : 0;
				return depth == 1 ? tfmap_resource(&rs->terraform, type, n) : NULL;
			}
		}
		if (line == 0)
			return NULL;
	}
}

/* The name around offset when it starts its line (an attribute, being
 * typed or pointed at): [*start, *end). */
static bool tf_attribute_word(const char *t, size_t len, size_t offset, size_t *start, size_t *end)
{
	size_t a = offset, b = offset;
	while (a > 0 && tf_name_char(t[a - 1]))
		a--;
	while (b < len && tf_name_char(t[b]))
		b++;
	for (size_t i = a; i > 0 && t[i - 1] != '\n'; i--)
		if (t[i - 1] != ' ' && t[i - 1] != '\t')
			return false;
	*start = a;
	*end = b;
	return true;
}

json_object *lsp_hover_terraform(const struct ruleset *rs, struct lsp_map *map, size_t offset)
{
	size_t start, end;
	const struct tfmap_resource *r = tf_resource_at(rs, map->text, offset);
	if (!r || !tf_attribute_word(map->text, map->len, offset, &start, &end) || start == end)
		return NULL;
	const struct tfmap_attribute *a = tfmap_attribute(r, map->text + start, end - start);
	const struct operation *op = a ? ruleset_find_operation(rs, r->operation) : NULL;
	const struct param *p = op ? operation_find_param(op, rs, a->param) : NULL;
	if (!p)
		return NULL;
	struct buf b = {0};
	put(&b, "**");
	put_code(&b, a->attribute);
	put(&b, "** · attribute of ");
	put_code(&b, r->type);
	put(&b, ", sent as ");
	put_code(&b, a->param);
	put(&b, "\n\n");
	char *text = param_page_new(p, op->name, true, NULL, 0);
	put(&b, text);
	free(text);
	json_object *result = json_object_new_object();
	json_object_object_add(result, "contents", markup(b.s));
	json_object_object_add(result, "range", lsp_range_json(map, start, end));
	free(b.s);
	return result;
}

json_object *lsp_complete_terraform(const struct ruleset *rs, struct lsp_map *map, size_t offset)
{
	json_object *items = json_object_new_array();
	size_t start, end;
	const struct tfmap_resource *r = tf_resource_at(rs, map->text, offset);
	const struct operation *op = r ? ruleset_find_operation(rs, r->operation) : NULL;
	if (op && tf_attribute_word(map->text, map->len, offset, &start, &end)) {
		for (size_t i = 0; i < r->n_attributes; i++) {
			const struct tfmap_attribute *a = &r->attributes[i];
			const struct param *p = operation_find_param(op, rs, a->param);
			json_object *it = json_object_new_object();
			json_object_object_add(it, "label", json_object_new_string(a->attribute));
			json_object_object_add(it, "kind", json_object_new_int(10 /* Property */));
			struct buf d = {0};
			put(&d, "sent as ");
			put(&d, a->param);
			json_object_object_add(it, "detail", json_object_new_string(d.s));
			free(d.s);
			if (p) {
				char *doc = param_page_new(p, op->name, true, NULL, 0);
				if (doc)
					json_object_object_add(it, "documentation", markup(doc));
				free(doc);
			}
			json_object *edit = json_object_new_object();
			json_object_object_add(edit, "range", lsp_range_json(map, start, end));
			json_object_object_add(edit, "newText", json_object_new_string(a->attribute));
			json_object_object_add(it, "textEdit", edit);
			json_object_array_add(items, it);
		}
	}
	json_object *list = json_object_new_object();
	json_object_object_add(list, "isIncomplete", json_object_new_boolean(0));
	json_object_object_add(list, "items", items);
	return list;
}
