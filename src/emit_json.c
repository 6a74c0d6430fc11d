/*
 * emit_json: findings as one JSON array for scripts, one object per line
 * so the output also greps and diffs well:
 *
 *   [
 *   {"file":"req.json","line":3,"column":33,"endLine":3,"endColumn":40,
 *    "rule":"DTS201","name":"endpoint-ip-required","severity":"error",
 *    "message":"...","pointer":"/SourceEndpointIP"}
 *   ]
 *
 * (one line per object in the real output).  Keys come in a fixed order;
 * "suggestion" and "related" appear only when there is one.  json-c does
 * the escaping.  Input errors are not part of the array: main reports
 * them on stderr and in the exit code.
 */
#include <stdint.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "emit_util.h"
#include "ruleset.h"
#include "xalloc.h"

struct json_state {
	size_t n_written;
};

static void json_init(struct emitter *em)
{
	em->state = xcalloc(1, sizeof(struct json_state));
}

static void add_span(struct json_object *obj, const struct diag_location *loc)
{
	emit_json_add(obj, "line", emit_json_size(loc->begin.line));
	emit_json_add(obj, "column", emit_json_size(loc->begin.column));
	emit_json_add(obj, "endLine", emit_json_size(loc->finish.line));
	emit_json_add(obj, "endColumn", emit_json_size(loc->finish.column));
}

static struct json_object *diag_to_json(const struct source *src,
                                        const struct diag *d)
{
	struct json_object *obj = emit_json_checked(json_object_new_object());

	emit_json_add(obj, "file", json_object_new_string(src->name));
	add_span(obj, &d->loc);
	emit_json_add(obj, "rule", json_object_new_string(d->rule ? d->rule->id : ""));
	emit_json_add(obj, "name", json_object_new_string(d->rule ? d->rule->name : ""));
	emit_json_add(obj, "severity", json_object_new_string(severity_name(d->severity)));
	emit_json_add(obj, "message", json_object_new_string(d->message));
	emit_json_add(obj, "pointer", json_object_new_string(d->pointer));
	if (d->suggestion)
		emit_json_add(obj, "suggestion", json_object_new_string(d->suggestion));
	if (d->has_related) {
		struct json_object *rel = emit_json_checked(json_object_new_object());

		add_span(rel, &d->related);
		emit_json_add(rel, "message", json_object_new_string(d->related_message ?
		                                           d->related_message : ""));
		emit_json_add(obj, "related", rel);
	}
	return obj;
}

static void json_file(struct emitter *em, const struct source *src,
                      const struct diag_list *diags)
{
	struct json_state *st = em->state;

	for (size_t i = 0; i < diags->len; i++) {
		struct json_object *obj = diag_to_json(src, &diags->items[i]);
		const char *text = json_object_to_json_string_ext(obj,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

		if (!text)
			abort();
		fputs(st->n_written++ ? ",\n" : "[\n", em->out);
		fputs(text, em->out);
		json_object_put(obj);
	}
}

static void json_input_error(struct emitter *em, const char *path, const char *reason)
{
}

static void json_finish(struct emitter *em)
{
	struct json_state *st = em->state;

	fputs(st->n_written ? "\n]\n" : "[]\n", em->out);
}

static void json_release(struct emitter *em)
{
	free(em->state);
	em->state = NULL;
}

const struct emitter_ops emit_json_ops = {
	.init = json_init,
	.file = json_file,
	.input_error = json_input_error,
	.finish = json_finish,
	.release = json_release,
};
