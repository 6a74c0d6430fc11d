/*
 * ruleset_codegen: see ruleset_codegen.h.  Every array is written before
 * the object that points at it; schemas, which point at each other, are
 * declared first (tentative definitions) and defined at the end.
 * Compiled patterns are not written: they are compiled on first use.
 */
#include "ruleset_codegen.h"

#include <inttypes.h>
#include <string.h>

struct gen {
	FILE *out;
	const struct ruleset *rs;
	unsigned next_id; /* names of generated arrays: a1, a2, ... */
};

/* A C string literal; bytes outside printable ASCII as octal escapes. */
static void put_string(struct gen *g, const char *s)
{
	if (!s) {
		fputs("NULL", g->out);
		return;
	}
	fputc('"', g->out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(g->out, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e || *p == '?') /* '?': no trigraphs */
			fprintf(g->out, "\\%03o", *p);
		else
			fputc(*p, g->out);
	}
	fputc('"', g->out);
}

static void put_rule_ref(struct gen *g, const struct rule *r)
{
	if (r)
		fprintf(g->out, "&rules[%zu]", (size_t)(r - g->rs->rules));
	else
		fputs("NULL", g->out);
}

static size_t schema_index(const struct gen *g, const struct schema *s)
{
	for (size_t i = 0; i < g->rs->n_schemas; i++)
		if (g->rs->schemas[i] == s)
			return i;
	return 0; /* unreachable: every reference was resolved by the loader */
}

static void put_schema_ref(struct gen *g, const struct schema *s)
{
	if (s)
		fprintf(g->out, "&schema_%zu", schema_index(g, s));
	else
		fputs("NULL", g->out);
}

static void put_double(struct gen *g, double d)
{
	fprintf(g->out, "%.17g", d);
}

/* An array of strings; returns its name, or 0 when there is none. */
static unsigned gen_strings(struct gen *g, char **v, size_t n)
{
	if (!n)
		return 0;
	unsigned id = ++g->next_id;
	fprintf(g->out, "static char *a%u[] = {", id);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", g->out);
		put_string(g, v[i]);
	}
	fputs("};\n", g->out);
	return id;
}

static void put_array_ref(struct gen *g, unsigned id)
{
	if (id)
		fprintf(g->out, "a%u", id);
	else
		fputs("NULL", g->out);
}

/* The compiled pattern as bytes (pcre2_serialize_encode), so the binary
 * decodes instead of compiling; 0 when there is nothing to write. */
static unsigned gen_serialized(struct gen *g, const struct pattern *p, size_t *size)
{
	*size = 0;
	if (!p->code)
		return 0;
	const pcre2_code *codes[] = {p->code};
	uint8_t *bytes;
	PCRE2_SIZE n;
	if (pcre2_serialize_encode(codes, 1, &bytes, &n, NULL) < 1)
		return 0;
	unsigned id = ++g->next_id;
	fprintf(g->out, "static const unsigned char a%u[%zu] = {", id, (size_t)n);
	for (PCRE2_SIZE i = 0; i < n; i++)
		fprintf(g->out, "%s%u,", i % 24 ? "" : "\n\t", bytes[i]);
	fputs("\n};\n", g->out);
	pcre2_serialize_free(bytes);
	*size = n;
	return id;
}

static void put_pattern(struct gen *g, const struct pattern *p, unsigned serialized, size_t size)
{
	fputs("{.source = ", g->out);
	put_string(g, p->source);
	fprintf(g->out, ", .len = %zu, .options = 0x%" PRIx32 "u, .serialized = ", p->len, p->options);
	put_array_ref(g, serialized);
	fprintf(g->out, ", .serialized_len = %zu}", size);
}

static unsigned gen_conditions(struct gen *g, const struct condition *c, size_t n);

static void put_format(struct gen *g, const struct format *f, unsigned when, unsigned serialized,
                       size_t size)
{
	fputs("{.pattern = ", g->out);
	put_pattern(g, &f->pattern, serialized, size);
	fprintf(g->out, ", .reject = %s, .message = ", f->reject ? "true" : "false");
	put_string(g, f->message);
	fputs(", .help = ", g->out);
	put_string(g, f->help);
	fputs(", .rule = ", g->out);
	put_rule_ref(g, f->rule);
	fputs(", .when = ", g->out);
	put_array_ref(g, when);
	fprintf(g->out, ", .n_when = %zu, .fix = ", f->n_when);
	put_string(g, f->fix);
	fputs("}", g->out);
}

static unsigned gen_formats(struct gen *g, const struct format *f, size_t n)
{
	if (!n)
		return 0;
	unsigned when[n], serialized[n];
	size_t size[n];
	for (size_t i = 0; i < n; i++) {
		when[i] = gen_conditions(g, f[i].when, f[i].n_when);
		serialized[i] = gen_serialized(g, &f[i].pattern, &size[i]);
	}
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct format a%u[] = {\n", id);
	for (size_t i = 0; i < n; i++) {
		fputs("\t", g->out);
		put_format(g, &f[i], when[i], serialized[i], size[i]);
		fputs(",\n", g->out);
	}
	fputs("};\n", g->out);
	return id;
}

static unsigned gen_hints(struct gen *g, const struct type_hint *h, size_t n)
{
	if (!n)
		return 0;
	unsigned when[n];
	for (size_t i = 0; i < n; i++)
		when[i] = gen_conditions(g, h[i].when, h[i].n_when);
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct type_hint a%u[] = {\n", id);
	for (size_t i = 0; i < n; i++) {
		fprintf(g->out, "\t{.jtype = %d, .rule = ", h[i].jtype);
		put_rule_ref(g, h[i].rule);
		fputs(", .message = ", g->out);
		put_string(g, h[i].message);
		fprintf(g->out, ", .accept = %s, .when = ", h[i].accept ? "true" : "false");
		put_array_ref(g, when[i]);
		fprintf(g->out, ", .n_when = %zu},\n", h[i].n_when);
	}
	fputs("};\n", g->out);
	return id;
}

/* What one parameter points at, written before the parameter array. */
struct param_refs {
	unsigned enums, formats, hints, list_item, value_docs;
};

static void put_param(struct gen *g, const struct param *p, const struct param_refs *refs)
{
	FILE *o = g->out;
	fputs("\t{.name = ", o);
	put_string(g, p->name);
	fprintf(o, ", .type = %d, .required = %d, .secret = %d,\n\t .default_value = ", (int)p->type,
	        p->required, p->secret);
	put_string(g, p->default_value);
	fputs(", .unsupported = ", o);
	put_string(g, p->unsupported);
	fputs(",\n\t .enums = ", o);
	put_array_ref(g, refs->enums);
	fprintf(o, ", .n_enums = %zu, .formats = ", p->n_enums);
	put_array_ref(g, refs->formats);
	fprintf(o, ", .n_formats = %zu,\n\t .has_min = %d, .has_max = %d, .has_recommended_min = %d",
	        p->n_formats, p->has_min, p->has_max, p->has_recommended_min);
	fputs(", .min = ", o);
	put_double(g, p->min);
	fputs(", .max = ", o);
	put_double(g, p->max);
	fputs(", .recommended_min = ", o);
	put_double(g, p->recommended_min);
	fputs(",\n\t .list_separator = ", o);
	put_string(g, p->list_separator);
	fprintf(o, ", .list_max_items = %zu, .list_item = ", p->list_max_items);
	put_array_ref(g, refs->list_item);
	fprintf(o, ",\n\t .max_bytes = %zu, .must_be_non_empty = %d, .warn_bytes = %zu, .warn_bytes_rule = ",
	        p->max_bytes, p->must_be_non_empty, p->warn_bytes);
	put_rule_ref(g, p->warn_bytes_rule);
	fputs(",\n\t .schema_name = ", o);
	put_string(g, p->schema_name);
	fputs(", .schema = ", o);
	put_schema_ref(g, p->schema);
	fputs(", .hints = ", o);
	put_array_ref(g, refs->hints);
	fprintf(o, ", .n_hints = %zu, .enum_rule = ", p->n_hints);
	put_rule_ref(g, p->enum_rule);
	fputs(",\n\t .description = ", o);
	put_string(g, p->description);
	fputs(", .source = ", o);
	put_string(g, p->source);
	fputs(", .example = ", o);
	put_string(g, p->example);
	fputs(", .deprecated = ", o);
	put_string(g, p->deprecated);
	fputs(", .value_docs = ", o);
	put_array_ref(g, refs->value_docs);
	fprintf(o, ", .n_value_docs = %zu},\n", p->n_value_docs);
}

static unsigned gen_params(struct gen *g, const struct param *p, size_t n)
{
	if (!n)
		return 0;
	struct param_refs refs[n];
	for (size_t i = 0; i < n; i++) {
		refs[i].enums = gen_strings(g, p[i].enums, p[i].n_enums);
		refs[i].formats = gen_formats(g, p[i].formats, p[i].n_formats);
		refs[i].hints = gen_hints(g, p[i].hints, p[i].n_hints);
		refs[i].list_item = gen_formats(g, p[i].list_item, p[i].list_item ? 1 : 0);
		refs[i].value_docs = gen_strings(g, p[i].value_docs, 2 * p[i].n_value_docs);
	}
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct param a%u[] = {\n", id);
	for (size_t i = 0; i < n; i++)
		put_param(g, &p[i], &refs[i]);
	fputs("};\n", g->out);
	return id;
}

/* What one condition points at, written before it. */
struct condition_refs {
	unsigned values, any_of;
};

static struct condition_refs gen_condition_refs(struct gen *g, const struct condition *c)
{
	return (struct condition_refs){gen_strings(g, c->values, c->n_values),
	                               gen_conditions(g, c->any_of, c->n_any_of)};
}

static void put_condition(struct gen *g, const struct condition *c, struct condition_refs refs)
{
	fputs("{.target = ", g->out);
	put_string(g, c->target);
	fprintf(g->out, ", .op = %d, .values = ", (int)c->op);
	put_array_ref(g, refs.values);
	fprintf(g->out, ", .n_values = %zu, .any_of = ", c->n_values);
	put_array_ref(g, refs.any_of);
	fprintf(g->out, ", .n_any_of = %zu}", c->n_any_of);
}

static unsigned gen_conditions(struct gen *g, const struct condition *c, size_t n)
{
	if (!n)
		return 0;
	struct condition_refs refs[n];
	for (size_t i = 0; i < n; i++)
		refs[i] = gen_condition_refs(g, &c[i]);
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct condition a%u[] = {\n", id);
	for (size_t i = 0; i < n; i++) {
		fputs("\t", g->out);
		put_condition(g, &c[i], refs[i]);
		fputs(",\n", g->out);
	}
	fputs("};\n", g->out);
	return id;
}

static unsigned gen_constraints(struct gen *g, const struct constraint *k, size_t n)
{
	if (!n)
		return 0;
	unsigned when[n];
	struct condition_refs expect[n];
	for (size_t i = 0; i < n; i++) {
		when[i] = gen_conditions(g, k[i].when, k[i].n_when);
		expect[i] = gen_condition_refs(g, &k[i].expect);
	}
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct constraint a%u[] = {\n", id);
	for (size_t i = 0; i < n; i++) {
		fputs("\t{.rule = ", g->out);
		put_rule_ref(g, k[i].rule);
		fputs(", .when = ", g->out);
		put_array_ref(g, when[i]);
		fprintf(g->out, ", .n_when = %zu, .kind = %d, .target = ", k[i].n_when, (int)k[i].kind);
		put_string(g, k[i].target);
		fputs(",\n\t .expect = ", g->out);
		put_condition(g, &k[i].expect, expect[i]);
		fputs(", .other = ", g->out);
		put_string(g, k[i].other);
		fputs(", .message = ", g->out);
		put_string(g, k[i].message);
		fputs(", .help = ", g->out);
		put_string(g, k[i].help);
		fputs("},\n", g->out);
	}
	fputs("};\n", g->out);
	return id;
}

static unsigned gen_checks(struct gen *g, const struct check_spec *c, size_t n)
{
	if (!n)
		return 0;
	unsigned merges[n], when_of[n];
	for (size_t i = 0; i < n; i++)
		when_of[i] = gen_conditions(g, c[i].when, c[i].n_when);
	for (size_t i = 0; i < n; i++) {
		merges[i] = 0;
		if (!c[i].n_merges)
			continue;
		unsigned when[c[i].n_merges];
		for (size_t j = 0; j < c[i].n_merges; j++)
			when[j] = gen_conditions(g, c[i].merges[j].when, c[i].merges[j].n_when);
		merges[i] = ++g->next_id;
		fprintf(g->out, "static struct merge_case a%u[] = {\n", merges[i]);
		for (size_t j = 0; j < c[i].n_merges; j++) {
			fputs("\t{.when = ", g->out);
			put_array_ref(g, when[j]);
			fprintf(g->out, ", .n_when = %zu, .rule = ", c[i].merges[j].n_when);
			put_rule_ref(g, c[i].merges[j].rule);
			fputs("},\n", g->out);
		}
		fputs("};\n", g->out);
	}
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct check_spec a%u[] = {\n", id);
	for (size_t i = 0; i < n; i++) {
		fprintf(g->out, "\t{.check = %d, .rule = ", (int)c[i].check);
		put_rule_ref(g, c[i].rule);
		fputs(", .merges = ", g->out);
		put_array_ref(g, merges[i]);
		fprintf(g->out, ", .n_merges = %zu, .when = ", c[i].n_merges);
		put_array_ref(g, when_of[i]);
		fprintf(g->out, ", .n_when = %zu},\n", c[i].n_when);
	}
	fputs("};\n", g->out);
	return id;
}

static unsigned gen_foreign(struct gen *g, const struct foreign_keys *f, size_t n)
{
	if (!n)
		return 0;
	unsigned keys[n];
	for (size_t i = 0; i < n; i++)
		keys[i] = gen_strings(g, f[i].keys, f[i].n_keys);
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct foreign_keys a%u[] = {\n", id);
	for (size_t i = 0; i < n; i++) {
		fputs("\t{.keys = ", g->out);
		put_array_ref(g, keys[i]);
		fprintf(g->out, ", .n_keys = %zu, .rule = ", f[i].n_keys);
		put_rule_ref(g, f[i].rule);
		fputs(", .message = ", g->out);
		put_string(g, f[i].message);
		fputs("},\n", g->out);
	}
	fputs("};\n", g->out);
	return id;
}

static void put_rule_map(struct gen *g, const struct rule_map *m)
{
	const struct rule *slots[] = {m->unknown_close, m->unknown_other, m->type, m->value, m->range};
	const char *names[] = {"unknown_close", "unknown_other", "type", "value", "range"};
	fputs("{", g->out);
	for (size_t i = 0; i < 5; i++) {
		fprintf(g->out, "%s.%s = ", i ? ", " : "", names[i]);
		put_rule_ref(g, slots[i]);
	}
	fputs("}", g->out);
}

/* A by-name index of the param array named `array`. */
static unsigned gen_sorted(struct gen *g, const struct param *params, const struct param *const *sorted,
                           size_t n, unsigned array)
{
	if (!n)
		return 0;
	unsigned id = ++g->next_id;
	fprintf(g->out, "static const struct param *a%u[] = {", id);
	for (size_t i = 0; i < n; i++)
		fprintf(g->out, "%s&a%u[%zu]", i ? ", " : "", array, (size_t)(sorted[i] - params));
	fputs("};\n", g->out);
	return id;
}

static void gen_schema(struct gen *g, size_t index)
{
	const struct schema *s = g->rs->schemas[index];
	unsigned keys = gen_params(g, s->keys, s->n_keys);
	unsigned sorted = gen_sorted(g, s->keys, s->sorted, s->n_keys, keys);
	unsigned foreign = gen_foreign(g, s->foreign, s->n_foreign);
	unsigned cons = gen_constraints(g, s->constraints, s->n_constraints);
	unsigned checks = gen_checks(g, s->checks, s->n_checks);
	fprintf(g->out, "static struct schema schema_%zu = {\n\t.name = ", index);
	put_string(g, s->name);
	fputs(", .keys = ", g->out);
	put_array_ref(g, keys);
	fprintf(g->out, ", .n_keys = %zu, .sorted = ", s->n_keys);
	put_array_ref(g, sorted);
	fputs(",\n\t.values_name = ", g->out);
	put_string(g, s->values_name);
	fputs(", .values = ", g->out);
	put_schema_ref(g, s->values);
	fputs(",\n\t.rules = ", g->out);
	put_rule_map(g, &s->rules);
	fputs(",\n\t.foreign = ", g->out);
	put_array_ref(g, foreign);
	fprintf(g->out, ", .n_foreign = %zu, .constraints = ", s->n_foreign);
	put_array_ref(g, cons);
	fprintf(g->out, ", .n_constraints = %zu, .checks = ", s->n_constraints);
	put_array_ref(g, checks);
	fprintf(g->out, ", .n_checks = %zu,\n};\n", s->n_checks);
}

static void gen_rules(struct gen *g)
{
	const struct ruleset *rs = g->rs;
	fprintf(g->out, "static struct rule rules[%zu] = {\n", rs->n_rules);
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct rule *r = &rs->rules[i];
		fputs("\t{.id = ", g->out);
		put_string(g, r->id);
		fputs(", .name = ", g->out);
		put_string(g, r->name);
		fprintf(g->out, ", .severity = %d, .index = %zu,\n\t .summary = ", (int)r->severity, r->index);
		put_string(g, r->summary);
		fputs(",\n\t .description = ", g->out);
		put_string(g, r->description);
		fputs(",\n\t .message = ", g->out);
		put_string(g, r->message);
		fputs("},\n", g->out);
	}
	fputs("};\n", g->out);
	fprintf(g->out, "static const struct rule *rules_by_id[%zu] = {", rs->n_rules);
	for (size_t i = 0; i < rs->n_rules; i++) {
		fputs(i % 8 ? " " : "\n\t", g->out);
		put_rule_ref(g, rs->rules_by_id[i]);
		fputs(",", g->out);
	}
	fputs("\n};\n", g->out);
}

static void put_op_param(struct gen *g, const struct op_param *p)
{
	fputs("{.operation = ", g->out);
	put_string(g, p->operation);
	fputs(", .param = ", g->out);
	put_string(g, p->param);
	fputs("}", g->out);
}

static unsigned gen_workflow(struct gen *g)
{
	const struct ruleset *rs = g->rs;
	if (!rs->n_workflow)
		return 0;
	unsigned params[rs->n_workflow], ops[rs->n_workflow], pairs[rs->n_workflow];
	for (size_t i = 0; i < rs->n_workflow; i++) {
		const struct workflow_check *w = &rs->workflow[i];
		params[i] = 0;
		if (w->n_params) {
			params[i] = ++g->next_id;
			fprintf(g->out, "static struct op_param a%u[] = {", params[i]);
			for (size_t j = 0; j < w->n_params; j++) {
				fputs(j ? ", " : "", g->out);
				put_op_param(g, &w->params[j]);
			}
			fputs("};\n", g->out);
		}
		ops[i] = gen_strings(g, w->operations, w->n_operations);
		pairs[i] = gen_strings(g, w->pairs, 2 * w->n_pairs);
	}
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct workflow_check a%u[] = {\n", id);
	for (size_t i = 0; i < rs->n_workflow; i++) {
		const struct workflow_check *w = &rs->workflow[i];
		fprintf(g->out, "\t{.check = %d, .rule = ", (int)w->check);
		put_rule_ref(g, w->rule);
		fputs(", .params = ", g->out);
		put_array_ref(g, params[i]);
		fprintf(g->out, ", .n_params = %zu, .operations = ", w->n_params);
		put_array_ref(g, ops[i]);
		fprintf(g->out, ", .n_operations = %zu,\n\t .left = ", w->n_operations);
		put_op_param(g, &w->left);
		fputs(", .right = ", g->out);
		put_op_param(g, &w->right);
		fputs(", .pairs = ", g->out);
		put_array_ref(g, pairs[i]);
		fprintf(g->out, ", .n_pairs = %zu},\n", w->n_pairs);
	}
	fputs("};\n", g->out);
	return id;
}

static unsigned gen_operations(struct gen *g)
{
	const struct ruleset *rs = g->rs;
	unsigned params[rs->n_operations + 1], cons[rs->n_operations + 1];
	for (size_t i = 0; i < rs->n_operations; i++) {
		params[i] = gen_params(g, rs->operations[i].params, rs->operations[i].n_params);
		cons[i] = gen_constraints(g, rs->operations[i].constraints, rs->operations[i].n_constraints);
	}
	unsigned sorted[rs->n_operations + 1];
	for (size_t i = 0; i < rs->n_operations; i++)
		sorted[i] = gen_sorted(g, rs->operations[i].params, rs->operations[i].sorted,
		                       rs->operations[i].n_params, params[i]);
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct operation a%u[] = {\n", id);
	for (size_t i = 0; i < rs->n_operations; i++) {
		const struct operation *op = &rs->operations[i];
		fputs("\t{.name = ", g->out);
		put_string(g, op->name);
		fputs(", .params = ", g->out);
		put_array_ref(g, params[i]);
		fprintf(g->out, ", .n_params = %zu, .sorted = ", op->n_params);
		put_array_ref(g, sorted[i]);
		fputs(", .constraints = ", g->out);
		put_array_ref(g, cons[i]);
		fprintf(g->out, ", .n_constraints = %zu},\n", op->n_constraints);
	}
	fputs("};\n", g->out);
	return id;
}

/* The Terraform mapping: per resource its attributes (each with its
 * rewritten values), then the resources. */
static unsigned gen_terraform(struct gen *g)
{
	const struct tfmap *map = &g->rs->terraform;
	if (!map->n_resources)
		return 0;
	unsigned attrs[map->n_resources], implied[map->n_resources], provided[map->n_resources];
	for (size_t i = 0; i < map->n_resources; i++) {
		const struct tfmap_resource *r = &map->resources[i];
		unsigned values[r->n_attributes + 1];
		for (size_t j = 0; j < r->n_attributes; j++) {
			const struct tfmap_attribute *a = &r->attributes[j];
			values[j] = 0;
			if (!a->n_values)
				continue;
			values[j] = ++g->next_id;
			fprintf(g->out, "static struct tfmap_value a%u[] = {", values[j]);
			for (size_t k = 0; k < a->n_values; k++) {
				fputs(k ? ", {" : "{", g->out);
				put_string(g, a->values[k].from);
				fputs(", ", g->out);
				put_string(g, a->values[k].to);
				fputs("}", g->out);
			}
			fputs("};\n", g->out);
		}
		attrs[i] = 0;
		if (r->n_attributes) {
			attrs[i] = ++g->next_id;
			fprintf(g->out, "static struct tfmap_attribute a%u[] = {\n", attrs[i]);
			for (size_t j = 0; j < r->n_attributes; j++) {
				fputs("\t{.attribute = ", g->out);
				put_string(g, r->attributes[j].attribute);
				fputs(", .param = ", g->out);
				put_string(g, r->attributes[j].param);
				fputs(", .values = ", g->out);
				put_array_ref(g, values[j]);
				fprintf(g->out, ", .n_values = %zu},\n", r->attributes[j].n_values);
			}
			fputs("};\n", g->out);
		}
		implied[i] = gen_strings(g, r->implied, 2 * r->n_implied);
		provided[i] = gen_strings(g, r->provided, r->n_provided);
	}
	unsigned id = ++g->next_id;
	fprintf(g->out, "static struct tfmap_resource a%u[] = {\n", id);
	for (size_t i = 0; i < map->n_resources; i++) {
		const struct tfmap_resource *r = &map->resources[i];
		fputs("\t{.type = ", g->out);
		put_string(g, r->type);
		fputs(", .operation = ", g->out);
		put_string(g, r->operation);
		fputs(", .source = ", g->out);
		put_string(g, r->source);
		fputs(",\n\t .implied = ", g->out);
		put_array_ref(g, implied[i]);
		fprintf(g->out, ", .n_implied = %zu, .provided = ", r->n_implied);
		put_array_ref(g, provided[i]);
		fprintf(g->out, ", .n_provided = %zu, .attributes = ", r->n_provided);
		put_array_ref(g, attrs[i]);
		fprintf(g->out, ", .n_attributes = %zu},\n", r->n_attributes);
	}
	fputs("};\n", g->out);
	return id;
}

bool ruleset_codegen(const struct ruleset *rs, FILE *out)
{
	struct gen g = {.out = out, .rs = rs};
	fputs("/* Generated by tools/rulegen from the rules/ files: do not edit. */\n"
	      "#include \"ruleset.h\"\n\n", out);
	gen_rules(&g);
	for (size_t i = 0; i < rs->n_schemas; i++)
		fprintf(out, "static struct schema schema_%zu;\n", i);
	for (size_t i = 0; i < rs->n_schemas; i++)
		gen_schema(&g, i);
	unsigned schemas = 0;
	if (rs->n_schemas) {
		schemas = ++g.next_id;
		fprintf(out, "static struct schema *a%u[] = {", schemas);
		for (size_t i = 0; i < rs->n_schemas; i++)
			fprintf(out, "%s&schema_%zu", i ? ", " : "", i);
		fputs("};\n", out);
	}
	unsigned ops = gen_operations(&g);
	fprintf(out, "static struct known_key known_keys[%zu] = {", rs->n_known_keys ? rs->n_known_keys : 1);
	for (size_t i = 0; i < rs->n_known_keys; i++) {
		fputs(i % 4 ? " {" : "\n\t{", out);
		put_string(&g, rs->known_keys[i].name);
		fprintf(out, ", %s},", rs->known_keys[i].secret ? "true" : "false");
	}
	fputs("\n};\n", out);
	unsigned common = gen_params(&g, rs->common, rs->n_common);
	unsigned common_sorted = gen_sorted(&g, rs->common, rs->common_sorted, rs->n_common, common);
	unsigned workflow = gen_workflow(&g);
	unsigned terraform = gen_terraform(&g);
	size_t secret_size;
	unsigned secret_serialized = gen_serialized(&g, &rs->secret_key, &secret_size);
	const struct pattern_literals *lits = ruleset_secret_literals(rs);
	fprintf(out, "static char *secret_literals[%zu] = {", lits->n ? lits->n : 1);
	for (size_t i = 0; i < lits->n; i++) {
		fputs(i ? ", " : "", out);
		put_string(&g, lits->lit[i]);
	}
	fputs(lits->n ? "};\n" : "NULL};\n", out);
	fprintf(out, "\nstatic struct ruleset the_rules = {\n\t.rules = rules, .n_rules = %zu, "
	        ".rules_by_id = rules_by_id,\n\t.operations = a%u, .n_operations = %zu,\n\t.common = ",
	        rs->n_rules, ops, rs->n_operations);
	put_array_ref(&g, common);
	fprintf(out, ", .n_common = %zu, .common_sorted = ", rs->n_common);
	put_array_ref(&g, common_sorted);
	fputs(",\n\t.schemas = ", out);
	put_array_ref(&g, schemas);
	fprintf(out, ", .n_schemas = %zu,\n\t.root_rules = ", rs->n_schemas);
	put_rule_map(&g, &rs->root_rules);
	fputs(",\n\t.workflow = ", out);
	put_array_ref(&g, workflow);
	fprintf(out, ", .n_workflow = %zu", rs->n_workflow);
	fputs(",\n\t.terraform = {.resources = ", out);
	put_array_ref(&g, terraform);
	fprintf(out, ", .n_resources = %zu}", rs->terraform.n_resources);
	fputs(",\n\t.builtin = {", out);
	for (size_t i = 0; i < BUILTIN_RULE_COUNT; i++) {
		fputs(i ? ", " : "", out);
		put_rule_ref(&g, rs->builtin[i]);
	}
	fputs("},\n\t.default_operation = ", out);
	put_string(&g, rs->default_operation);
	fputs(",\n\t.secret_key = ", out);
	if (rs->secret_key.source)
		put_pattern(&g, &rs->secret_key, secret_serialized, secret_size);
	else
		fputs("{0}", out);
	fprintf(out, ",\n\t.secret_literals = {.lit = %s, .n = %zu, .first = {",
	        lits->n ? "secret_literals" : "NULL", lits->n);
	for (size_t i = 0; i < sizeof lits->first; i++)
		fprintf(out, "%s0x%02x", i ? ", " : "", lits->first[i]);
	fputs("}},\n\t.secret_literals_made = true", out);
	fprintf(out, ",\n\t.known_keys = known_keys, .n_known_keys = %zu", rs->n_known_keys);
	fputs(",\n\t.is_static = true,\n};\n\n"
	      "struct ruleset *ruleset_default(void)\n{\n\treturn &the_rules;\n}\n", out);
	return !ferror(out);
}
