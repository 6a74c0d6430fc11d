/*
 * emit: the front of the emitters.  The table below lists the formats;
 * emitter_new() takes one, the public calls dispatch through its
 * operations.  
 *
 * It formats nothing itself: each format lives in its own emit_*.c, which
 * stands on emit_format.h alone.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "emit_format.h"
#include "xalloc.h"

extern const struct emit_format emit_text_format;
extern const struct emit_format emit_json_format;
extern const struct emit_format emit_sarif_format;
extern const struct emit_format emit_github_format;
extern const struct emit_format emit_gitlab_format;
extern const struct emit_format emit_junit_format;

/* The first is the default of --format. */
static const struct emit_format *const formats[] = {
	&emit_text_format,
	&emit_json_format,
	&emit_sarif_format,
	&emit_github_format,
	&emit_gitlab_format,
	&emit_junit_format,
};
#define N_FORMATS (sizeof formats / sizeof *formats)

const struct emit_format *emit_format_find(const char *name)
{
	for (size_t i = 0; i < N_FORMATS; i++)
		if (strcmp(name, formats[i]->name) == 0)
			return formats[i];
	return NULL;
}

const char *emit_format_name(const struct emit_format *format)
{
	return format->name;
}

const char *emit_format_names(void)
{
	static char names[128];

	if (!names[0]) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i < N_FORMATS; i++)
			strbuf_addf(&sb, "%s%s", i == 0 ? "" : i + 1 == N_FORMATS ? " or " : ", ",
			            formats[i]->name);
		snprintf(names, sizeof names, "%s", sb.buf);
		strbuf_release(&sb);
	}
	return names;
}

struct emitter *emitter_new(const struct emit_format *format, FILE *out,
                            const struct ruleset *rs,
                            const struct emit_options *opts)
{
	struct emitter *em = xcalloc(1, sizeof *em);

	em->ops = format ? format : formats[0];
	em->out = out;
	em->rs = rs;
	/* Copied so a caller may build the options on its stack. */
	em->show_source = opts && opts->show_source;
	em->color = opts && opts->color;
	em->help_base_uri = xstrdup(opts && opts->help_base_uri ?
	                            opts->help_base_uri : "");
	em->tool_version = xstrdup(opts && opts->tool_version ?
	                           opts->tool_version : "0.0.0");
	em->ops->init(em);
	return em;
}

void emitter_file(struct emitter *em, const struct source *src,
                  const struct diag_list *diags)
{
	if (!em->finished)
		em->ops->file(em, src, diags);
}

void emitter_input_error(struct emitter *em, const char *path, const char *reason)
{
	if (!em->finished)
		em->ops->input_error(em, path, reason ? reason : "");
}

void emitter_finish(struct emitter *em)
{
	if (em->finished)
		return;
	em->ops->finish(em);
	em->finished = true;
	fflush(em->out);
}

void emitter_free(struct emitter *em)
{
	if (!em)
		return;
	em->ops->release(em);
	free(em->help_base_uri);
	free(em->tool_version);
	free(em);
}
