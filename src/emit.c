/*
 * emit: the front of the emitters.  emitter_new() picks a format's table
 * of operations; the public calls dispatch through it.  Also the helpers
 * the formats share (help URIs, path-to-URI, fingerprint hash).
 *
 * It formats nothing itself; each format lives in its own emit_*.c.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "emit_util.h"
#include "xalloc.h"

bool emit_format_parse(const char *text, enum emit_format *out)
{
	static const struct {
		const char *name;
		enum emit_format format;
	} formats[] = {
		{"text", EMIT_TEXT},
		{"json", EMIT_JSON},
		{"sarif", EMIT_SARIF},
		{"github", EMIT_GITHUB},
		{"gitlab", EMIT_GITLAB},
		{"junit", EMIT_JUNIT},
	};

	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		if (strcmp(text, formats[i].name) == 0) {
			*out = formats[i].format;
			return true;
		}
	}
	return false;
}

struct emitter *emitter_new(enum emit_format format, FILE *out,
                            const struct ruleset *rs,
                            const struct emit_options *opts)
{
	struct emitter *em = xcalloc(1, sizeof *em);

	switch (format) {
	case EMIT_JSON:
		em->ops = &emit_json_ops;
		break;
	case EMIT_SARIF:
		em->ops = &emit_sarif_ops;
		break;
	case EMIT_GITHUB:
		em->ops = &emit_github_ops;
		break;
	case EMIT_GITLAB:
		em->ops = &emit_gitlab_ops;
		break;
	case EMIT_JUNIT:
		em->ops = &emit_junit_ops;
		break;
	case EMIT_TEXT:
	default:
		em->ops = &emit_text_ops;
		break;
	}
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

char *emit_help_uri(const struct emitter *em, const char *rule_id)
{
	size_t base = strlen(em->help_base_uri), id = strlen(rule_id);
	char *uri = xmalloc(base + id + sizeof ".md");

	memcpy(uri, em->help_base_uri, base);
	memcpy(uri + base, rule_id, id);
	memcpy(uri + base + id, ".md", sizeof ".md");
	return uri;
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

char *emit_path_to_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	bool absolute = !emit_path_is_relative(path);
	char *uri, *w;

	if (strcmp(path, "<stdin>") == 0)
		return xstrdup("stdin");
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	/* Worst case every byte becomes %XX, plus "file://" and the NUL. */
	uri = xmalloc(strlen(path) * 3 + sizeof "file://");
	w = uri;
	if (absolute) {
		memcpy(w, "file://", 7);
		w += 7;
	}
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (uri_path_char(*p)) {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = '\0';
	return uri;
}

uint64_t emit_fnv1a64(uint64_t hash, const char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		hash ^= (unsigned char)bytes[i];
		hash *= UINT64_C(0x100000001b3);
	}
	return hash;
}

/* json-c returns NULL only when it cannot allocate. */
struct json_object *emit_json_checked(struct json_object *obj)
{
	if (!obj)
		abort();
	return obj;
}

void emit_json_add(struct json_object *obj, const char *key, struct json_object *val)
{
	if (json_object_object_add(obj, key, emit_json_checked(val)) != 0)
		abort();
}

void emit_json_append(struct json_object *arr, struct json_object *val)
{
	if (json_object_array_add(arr, emit_json_checked(val)) != 0)
		abort();
}

struct json_object *emit_json_size(size_t n)
{
	return json_object_new_int64(n > INT64_MAX ? INT64_MAX : (int64_t)n);
}

/* {"text": text}: SARIF's message and multiformatMessageString. */
