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
 * "suggestion", "related" and "fixes" appear only when there is one.
 * "fixes" is the finding's safe fix, as edits of the input file (all or
 * none): {"start":S,"end":E,"replacement":T} replaces the bytes [S, E)
 * (0-based byte offsets in the file as read, E exclusive; S = E inserts)
 * with T, already escaped as the file needs it.  `dtslint --fix` applies
 * them.  An input
 * that could not be read at all is an entry of its own, in input order,
 * so a script that reads only the JSON still sees it:
 *
 *   {"file":"missing.json","kind":"input-error","severity":"error",
 *    "message":"No such file or directory"}
 *
 * (findings have no "kind").  Strings are escaped by json_writer: a file
 * name that is not UTF-8 has each stray byte as \ufffd.  Each object is
 * written as soon as it is made.
 */
#include <stdint.h>
#include <stdlib.h>

#include "emit_format.h"
#include "json_writer.h"
#include "ruleset.h"
#include "xalloc.h"

struct json_state {
	size_t n_written;
	struct strbuf sb;
	struct json_writer w;
};

static void json_init(struct emitter *em)
{
	struct json_state *st = xcalloc(1, sizeof *st);

	strbuf_init(&st->sb, 0);
	json_writer_init(&st->w, &st->sb, false);
	em->state = st;
}

static void add_span(struct json_writer *w, const struct diag_location *loc)
{
	json_writer_kv_size(w, "line", loc->begin.line);
	json_writer_kv_size(w, "column", loc->begin.column);
	json_writer_kv_size(w, "endLine", loc->finish.line);
	json_writer_kv_size(w, "endColumn", loc->finish.column);
}

/* The separator before the next entry: "[" first, "," after. */
static void next_entry(struct json_state *st)
{
	strbuf_addstr(&st->sb, st->n_written++ ? ",\n" : "[\n");
}

static void write_fixes(struct json_writer *w, const struct diag *d)
{
	json_writer_key(w, "fixes");
	json_writer_array_begin(w);
	for (size_t i = 0; i < d->n_edits; i++) {
		json_writer_object_begin(w);
		json_writer_kv_size(w, "start", d->edits[i].start);
		json_writer_kv_size(w, "end", d->edits[i].end);
		json_writer_kv_string(w, "replacement", d->edits[i].text);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
}

static void write_diag(struct json_writer *w, const struct source *src,
                       const struct diag_list *diags, const struct diag *d)
{
	json_writer_object_begin(w);
	json_writer_kv_string(w, "file", src->name);
	add_span(w, &d->loc);
	json_writer_kv_string(w, "rule", d->rule ? d->rule->id : "");
	json_writer_kv_string(w, "name", d->rule ? d->rule->name : "");
	json_writer_kv_string(w, "severity", severity_name(d->severity));
	json_writer_kv_string(w, "message", d->message);
	json_writer_kv_string(w, "pointer", d->pointer);
	if (d->suggestion)
		json_writer_kv_string(w, "suggestion", d->suggestion);
	if (d->has_related) {
		json_writer_key(w, "related");
		json_writer_object_begin(w);
		if (d->related_file)
			json_writer_kv_string(w, "file", d->related_file);
		add_span(w, &d->related);
		json_writer_kv_string(w, "message", d->related_message ? d->related_message : "");
		json_writer_object_end(w);
	}
	if (d->n_edits && !diag_fix_touches_secret(diags, d))
		write_fixes(w, d);
	json_writer_object_end(w);
}

static void json_file(struct emitter *em, const struct source *src,
                      const struct diag_list *diags)
{
	struct json_state *st = em->state;

	for (size_t i = 0; i < diags->len; i++) {
		next_entry(st);
		write_diag(&st->w, src, diags, &diags->items[i]);
		emit_flush(em, &st->sb);
	}
}

static void json_input_error(struct emitter *em, const char *path, const char *reason)
{
	struct json_state *st = em->state;

	next_entry(st);
	json_writer_object_begin(&st->w);
	json_writer_kv_string(&st->w, "file", path);
	json_writer_kv_string(&st->w, "kind", "input-error");
	json_writer_kv_string(&st->w, "severity", "error");
	json_writer_kv_string(&st->w, "message", reason);
	json_writer_object_end(&st->w);
	emit_flush(em, &st->sb);
}

static void json_finish(struct emitter *em)
{
	struct json_state *st = em->state;

	fputs(st->n_written ? "\n]\n" : "[]\n", em->out);
}

static void json_release(struct emitter *em)
{
	struct json_state *st = em->state;

	if (!st)
		return;
	strbuf_release(&st->sb);
	free(st);
	em->state = NULL;
}

const struct emit_format emit_json_format = {
	.name = "json",
	.init = json_init,
	.file = json_file,
	.input_error = json_input_error,
	.finish = json_finish,
	.release = json_release,
};
