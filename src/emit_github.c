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
 */
#include <string.h>

#include "emit_util.h"
#include "ruleset.h"

static void put_escaped(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':': fputs(property ? "%3A" : ":", out); break;
		case ',': fputs(property ? "%2C" : ",", out); break;
		default: fputc(*s, out); break;
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
	em->state = NULL;
}

static void github_file(struct emitter *em, const struct source *src,
                        const struct diag_list *diags)
{
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
		fprintf(em->out, "::%s file=", command(d->severity));
		put_escaped(em->out, strip_dot(src->name), true);
		fprintf(em->out, ",line=%zu", l->begin.line);
		if (end_line == l->begin.line)
			fprintf(em->out, ",col=%zu,endLine=%zu,endColumn=%zu", l->begin.column, end_line,
			        end_col < l->begin.column ? l->begin.column : end_col);
		else
			fprintf(em->out, ",endLine=%zu", end_line);
		fputs(",title=", em->out);
		put_escaped(em->out, d->rule ? d->rule->id : "dtslint", true);
		fputs("::", em->out);
		put_escaped(em->out, d->message, false);
		if (d->suggestion) {
			fputs("%0Ahelp: ", em->out);
			put_escaped(em->out, d->suggestion, false);
		}
		fputc('\n', em->out);
	}
}

static void github_input_error(struct emitter *em, const char *path, const char *reason)
{
	fputs("::error file=", em->out);
	put_escaped(em->out, strip_dot(path), true);
	fputs(",title=dtslint::", em->out);
	put_escaped(em->out, reason, false);
	fputc('\n', em->out);
}

static void github_finish(struct emitter *em)
{
}

static void github_release(struct emitter *em)
{
}

const struct emitter_ops emit_github_ops = {
	.init = github_init,
	.file = github_file,
	.input_error = github_input_error,
	.finish = github_finish,
	.release = github_release,
};
