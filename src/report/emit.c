/*
 * emit: the front of the emitters.  The table below lists the formats;
 * emitter_new() takes one, the public calls dispatch through its
 * operations.  Also the helpers the formats share (help URIs,
 * path-to-URI, fingerprint hash, streaming a strbuf out).
 *
 * It formats nothing itself; each format lives in its own emit_*.c.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "emit_util.h"
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

void emit_flush(struct emitter *em, struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, em->out);
	strbuf_reset(sb);
}

void emit_help_uri(const struct emitter *em, const char *rule_id, struct strbuf *sb)
{
	strbuf_addf(sb, "%s%s.md", em->help_base_uri, rule_id);
}

bool emit_path_is_relative(const char *path)
{
	return path[0] != '/';
}

/* RFC 3986 path characters that need no encoding.  ':' is left out on
 * purpose: in a relative reference "a:b.json" would parse as a scheme. */
static bool uri_path_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || (c && strchr("-._~!$&'()*+,;=@/", c));
}

void emit_path_to_uri(const char *path, struct strbuf *sb)
{
	static const char hex[] = "0123456789ABCDEF";

	if (strcmp(path, "<stdin>") == 0) {
		strbuf_addstr(sb, "stdin");
		return;
	}
	if (!emit_path_is_relative(path))
		strbuf_addstr(sb, "file://");
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (uri_path_char(*p)) {
			strbuf_addch(sb, *p);
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[*p >> 4]);
			strbuf_addch(sb, hex[*p & 15]);
		}
	}
}

uint64_t emit_fnv1a64(uint64_t hash, const char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		hash ^= (unsigned char)bytes[i];
		hash *= UINT64_C(0x100000001b3);
	}
	return hash;
}
