/*
 * emit_github: GitHub Actions workflow commands, one line per finding,
 * which the runner turns into annotations on the pull request:
 *
 *   ::error file=req.json,line=5,col=3,endLine=5,endColumn=12,title=DTS101::'DtsJobID' is ...
 *
 * Format ("Workflow commands for GitHub Actions", docs.github.com):
 * `::error|warning|notice` + comma-separated `key=value` properties +
 * `::` + message.  In the message '%', CR and LF are escaped as %25,
 * %0D, %0A; in property values ':' and ',' as %3A and %2C too.  Columns
 * are 1-based and endColumn is the last column (inclusive); like the
 * Checks API it stands on, col/endColumn are given only when the span is
 * on one line.  Severity: error -> error, warning -> warning, note ->
 * notice.  The path is the one dtslint shows (relative to the working
 * folder, which is the repository in a workflow), without "./".
 *
 * Text is made terminal-safe first (sanitize: the runner's log is shown
 * in a browser and in terminals), then escaped; each line is built in a
 * strbuf and written out whole.
 */
#include <stdlib.h>
#include <string.h>

#include "emit_format.h"
#include "ruleset.h"
#include "sanitize.h"
#include "xalloc.h"

struct github_state {
	struct strbuf line;  /* the command being built */
	struct strbuf clean; /* scratch: the sanitised text */
};

/* s, made safe (LF kept: it is escaped below), escaped for a message or,
 * when property, for a property value. */
static void add_escaped(struct github_state *st, const char *s, bool property)
{
	strbuf_reset(&st->clean);
	sanitize_add(&st->clean, s, strlen(s), true);
	for (const char *p = st->clean.buf; *p; p++) {
		switch (*p) {
		case '%': strbuf_addstr(&st->line, "%25"); break;
		case '\r': strbuf_addstr(&st->line, "%0D"); break;
		case '\n': strbuf_addstr(&st->line, "%0A"); break;
		case ':': strbuf_addstr(&st->line, property ? "%3A" : ":"); break;
		case ',': strbuf_addstr(&st->line, property ? "%2C" : ","); break;
		default: strbuf_addch(&st->line, *p); break;
		}
	}
}

static const char *command(enum severity sev)
{
	return sev == SEV_ERROR ? "error" : sev == SEV_WARNING ? "warning" : "notice";
}

static const char *strip_dot(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static void github_init(struct emitter *em)
{
	struct github_state *st = xcalloc(1, sizeof *st);

	strbuf_init(&st->line, 0);
	strbuf_init(&st->clean, 0);
	em->state = st;
}

static void github_file(struct emitter *em, const struct source *src,
                        const struct diag_list *diags)
{
	struct github_state *st = em->state;

	for (size_t i = 0; i < diags->len; i++) {
		const struct diag *d = &diags->items[i];
		const struct diag_location *l = &d->loc;
		size_t end_line = l->finish.line, end_col = l->finish.column;

		/* finish is exclusive; an empty span or one ending at a line
		 * start still names its first character. */
		if (end_line == l->begin.line && end_col > l->begin.column)
			end_col--;
		else if (end_line != l->begin.line && end_col == 1 && end_line > l->begin.line)
			end_line--;
		strbuf_addf(&st->line, "::%s file=", command(d->severity));
		add_escaped(st, strip_dot(src->name), true);
		strbuf_addf(&st->line, ",line=%zu", l->begin.line);
		if (end_line == l->begin.line)
			strbuf_addf(&st->line, ",col=%zu,endLine=%zu,endColumn=%zu", l->begin.column,
			            end_line, end_col < l->begin.column ? l->begin.column : end_col);
		else
			strbuf_addf(&st->line, ",endLine=%zu", end_line);
		strbuf_addstr(&st->line, ",title=");
		add_escaped(st, d->rule ? d->rule->id : "dtslint", true);
		strbuf_addstr(&st->line, "::");
		add_escaped(st, d->message, false);
		if (d->suggestion) {
			strbuf_addstr(&st->line, "%0Ahelp: ");
			add_escaped(st, d->suggestion, false);
		}
		strbuf_addch(&st->line, '\n');
		emit_flush(em, &st->line);
	}
}

static void github_input_error(struct emitter *em, const char *path, const char *reason)
{
	struct github_state *st = em->state;

	strbuf_addstr(&st->line, "::error file=");
	add_escaped(st, strip_dot(path), true);
	strbuf_addstr(&st->line, ",title=dtslint::");
	add_escaped(st, reason, false);
	strbuf_addch(&st->line, '\n');
	emit_flush(em, &st->line);
}

static void github_finish(struct emitter *em)
{
	(void)em;
}

static void github_release(struct emitter *em)
{
	struct github_state *st = em->state;

	if (!st)
		return;
	strbuf_release(&st->line);
	strbuf_release(&st->clean);
	free(st);
	em->state = NULL;
}

const struct emit_format emit_github_format = {
	.name = "github",
	.init = github_init,
	.file = github_file,
	.input_error = github_input_error,
	.finish = github_finish,
	.release = github_release,
};
