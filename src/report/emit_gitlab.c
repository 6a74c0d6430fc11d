/*
 * emit_gitlab: a GitLab Code Quality report ("Code Quality report
 * format", docs.gitlab.com: a JSON array of issues with `description`,
 * `check_name`, `fingerprint`, `severity` and `location.path` +
 * `location.lines.begin`; a subset of the Code Climate spec).  Upload it
 * with `artifacts: reports: codequality:`.
 *
 * check_name is the rule ID; severity: error -> major, warning -> minor,
 * note -> info (GitLab's scale is info, minor, major, critical,
 * blocker).  The fingerprint hashes the rule, the JSON pointer and the
 * path, never the line, so GitLab sees the same issue when lines move;
 * GitLab keeps only one issue per fingerprint, so the n-th repeat of the
 * same (file, rule, pointer) in a run hashes n in as well.
 *
 * Streamed through json_writer (escaping as the json and sarif formats
 * do): each issue is written out as soon as its input is done.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit_format.h"
#include "json_writer.h"
#include "ruleset.h"
#include "xalloc.h"

struct gitlab_state {
	struct strbuf sb;  /* text not yet written out */
	struct json_writer w;
	bool started;      /* the array's "[" is out */
	uint64_t *seen;      /* open-addressing set of fingerprints (0 = empty) */
	size_t cap, n_seen;
};

static bool seen_add(struct gitlab_state *st, uint64_t h)
{
	if (h == 0)
		h = 1;
	if ((st->n_seen + 1) * 2 > st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 256;
		uint64_t *old = st->seen;
		size_t old_cap = st->cap;
		st->seen = xcalloc(cap, sizeof *st->seen);
		st->cap = cap;
		st->n_seen = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i])
				seen_add(st, old[i]);
		free(old);
	}
	for (size_t i = h & (st->cap - 1);; i = (i + 1) & (st->cap - 1)) {
		if (st->seen[i] == h)
			return false;
		if (st->seen[i] == 0) {
			st->seen[i] = h;
			st->n_seen++;
			return true;
		}
	}
}

static void gitlab_init(struct emitter *em)
{
	struct gitlab_state *st = xcalloc(1, sizeof *st);

	strbuf_init(&st->sb, 0);
	json_writer_init(&st->w, &st->sb, true);
	em->state = st;
}

static const char *severity(enum severity sev)
{
	return sev == SEV_ERROR ? "major" : sev == SEV_WARNING ? "minor" : "info";
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	h = emit_fnv1a64(h, s, strlen(s));
	return emit_fnv1a64(h, "\n", 1);
}

static void add_issue(struct emitter *em, const char *path, size_t line,
                      const char *check, enum severity sev, const char *message,
                      const char *pointer)
{
	struct gitlab_state *st = em->state;
	struct json_writer *w = &st->w;
	uint64_t base = hash_str(hash_str(hash_str(EMIT_FNV1A64_INIT, check), pointer), path);
	uint64_t h = base;
	char hex[17];

	for (uint64_t n = 1; !seen_add(st, h); n++)
		h = emit_fnv1a64(base, (const char *)&n, sizeof n);
	snprintf(hex, sizeof hex, "%016" PRIx64, h == 0 ? 1 : h);
	if (!st->started) {
		json_writer_array_begin(w);
		st->started = true;
	}
	json_writer_object_begin(w);
	json_writer_kv_string(w, "description", message);
	json_writer_kv_string(w, "check_name", check);
	json_writer_kv_string(w, "fingerprint", hex);
	json_writer_kv_string(w, "severity", severity(sev));
	json_writer_key(w, "location");
	json_writer_object_begin(w);
	json_writer_kv_string(w, "path", path);
	json_writer_key(w, "lines");
	json_writer_object_begin(w);
	json_writer_kv_size(w, "begin", line);
	json_writer_object_end(w);
	json_writer_object_end(w);
	json_writer_object_end(w);
	emit_flush(em, &st->sb);
}

static const char *strip_dot(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static void gitlab_file(struct emitter *em, const struct source *src,
                        const struct diag_list *diags)
{
	for (size_t i = 0; i < diags->len; i++) {
		const struct diag *d = &diags->items[i];

		add_issue(em, strip_dot(src->name), d->loc.begin.line,
		          d->rule ? d->rule->id : "dtslint", d->severity, d->message, d->pointer);
	}
}

static void gitlab_input_error(struct emitter *em, const char *path, const char *reason)
{
	add_issue(em, strip_dot(path), 1, "dtslint", SEV_ERROR, reason, "");
}

static void gitlab_finish(struct emitter *em)
{
	struct gitlab_state *st = em->state;

	/* No issue: "[]", as GitLab's own examples write it. */
	if (st->started)
		json_writer_array_end(&st->w);
	else
		strbuf_addstr(&st->sb, "[]");
	strbuf_addch(&st->sb, '\n');
	emit_flush(em, &st->sb);
}

static void gitlab_release(struct emitter *em)
{
	struct gitlab_state *st = em->state;

	if (!st)
		return;
	strbuf_release(&st->sb);
	free(st->seen);
	free(st);
	em->state = NULL;
}

const struct emit_format emit_gitlab_format = {
	.name = "gitlab",
	.init = gitlab_init,
	.file = gitlab_file,
	.input_error = gitlab_input_error,
	.finish = gitlab_finish,
	.release = gitlab_release,
};
