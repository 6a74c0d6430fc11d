/*
 * emit_text: findings for people and for editors' problem matchers.
 * One line per finding, "NAME:LINE:COL: SEVERITY: MESSAGE [ID]", and with
 * show_source the source line, a ^~~~ marker under the span and the help
 * and note lines:
 *
 *   req.json:3:33: error: 'SourceEndpointIP' is required ... [DTS201]
 *       3 |   "SourceEndpointInstanceType": "OTHER",
 *         |                                 ^~~~~~~
 *       = help: add "SourceEndpointIP": "<address>"
 *
 * Everything printed goes through sanitize (file names and messages
 * too): control characters, bidirectional overrides and bytes that are
 * not UTF-8 show as '?', so no input can drive the terminal.  The
 * excerpt also masks secret spans with '*' and shows a window of long
 * lines.  Input errors are not
 * printed here: main reports them on stderr.
 */
#include <stdint.h>
#include <string.h>

#include "emit_format.h"
#include "ruleset.h"
#include "sanitize.h"

/* Lines longer than this many code points are shown as a window. */
#define LONG_LINE 120
#define WINDOW 100
#define WINDOW_BEFORE 40 /* of the window, code points before the span */

static void text_init(struct emitter *em)
{
	em->state = NULL;
}

/* One displayed unit of a source line: a well-formed UTF-8 character or
 * a single byte that is not part of one. */
struct unit {
	size_t start, len;
	uint32_t cp; /* UINT32_MAX: an ill-formed byte */
};

static struct unit decode_unit(const unsigned char *b, size_t i, size_t end)
{
	struct unit u = {i, 1, UINT32_MAX};
	uint32_t cp;
	size_t n = utf8_decode(b + i, end - i, &cp);

	if (n) {
		u.len = n;
		u.cp = cp;
	}
	return u;
}

static bool is_wide(uint32_t cp)
{
	static const uint32_t ranges[][2] = {
		{0x1100, 0x115F}, {0x2E80, 0xA4CF}, {0xAC00, 0xD7A3},
		{0xF900, 0xFAFF}, {0xFE30, 0xFE4F}, {0xFF00, 0xFF60},
		{0xFFE0, 0xFFE6}, {0x1F300, 0x1FAFF}, {0x20000, 0x3FFFD},
	};

	for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

/* Characters shown as '?': bytes that are not UTF-8 and what sanitize
 * hides (controls, line separators, bidirectional overrides that would
 * make the excerpt read differently from the bytes). */
static bool is_hidden(uint32_t cp)
{
	return cp == UINT32_MAX || cp == '\n' || sanitize_is_hidden(cp);
}

static bool is_secret(const struct diag_list *diags, size_t offset)
{
	return diag_list_is_secret(diags, offset);
}

/* Print one unit as the excerpt shows it; returns its width in columns
 * (0 for a TAB, which the marker line copies instead of counting). */
static int put_unit(FILE *out, const unsigned char *b, struct unit u,
                    const struct diag_list *diags)
{
	if (is_secret(diags, u.start)) {
		fputc('*', out);
		return 1;
	}
	if (u.cp == '\t') {
		fputc('\t', out);
		return 0;
	}
	if (is_hidden(u.cp)) {
		fputc('?', out);
		return 1;
	}
	fwrite(b + u.start, 1, u.len, out);
	return is_wide(u.cp) ? 2 : 1;
}

/* Width in the excerpt, matching put_unit() without printing. */
static int unit_width(struct unit u, const struct diag_list *diags)
{
	if (is_secret(diags, u.start))
		return 1;
	if (u.cp == '\t')
		return 0;
	if (is_hidden(u.cp))
		return 1;
	return is_wide(u.cp) ? 2 : 1;
}

static void put_repeat(FILE *out, char c, int n)
{
	while (n-- > 0)
		fputc(c, out);
}

/* What one excerpt shows: bytes [from, to) of the line, "..." where the
 * line was cut, and the span [span_start, span_end) to mark. */
struct excerpt {
	const unsigned char *b;
	size_t from, to;
	bool cut_before, cut_after;
	size_t span_start, span_end;
};

/* Units from i up to `end`, stopping after `limit`: the end byte. */
static size_t step_forward(const unsigned char *b, size_t i, size_t end,
                           size_t limit)
{
	while (limit-- > 0 && i < end)
		i += decode_unit(b, i, end).len;
	return i;
}

/* About `units` characters back from i, not before floor.  Backwards,
 * a character starts at any byte that is not 10xxxxxx; the byte cap
 * keeps a run of stray continuation bytes from walking the whole line. */
static size_t step_back(const unsigned char *b, size_t i, size_t floor,
                        size_t units)
{
	size_t stop = i - floor > units * 4 ? i - units * 4 : floor;

	while (units > 0 && i > stop) {
		i--;
		if ((b[i] & 0xC0) != 0x80)
			units--;
	}
	/* Stopped by the cap inside a character: start at the next one. */
	for (int k = 0; k < 3 && i > floor && (b[i] & 0xC0) == 0x80; k++)
		i++;
	return i;
}

/* Move `from` forward until at most max_units characters lie between it
 * and pos.  step_back() counts lead bytes; for bytes that are not UTF-8
 * each byte is its own unit, so its estimate can be too generous. */
static size_t trim_front(const unsigned char *b, size_t from, size_t pos,
                         size_t max_units)
{
	size_t count = 0;

	for (size_t i = from; i < pos; count++)
		i += decode_unit(b, i, pos).len;
	while (count-- > max_units)
		from += decode_unit(b, from, pos).len;
	return from;
}

/* Choose the window.  Only the neighbourhood of the span is decoded, so
 * excerpts of many findings on a 10 MB minified line stay cheap. */
static void excerpt_window(struct excerpt *ex, size_t line_start, size_t line_end)
{
	ex->from = line_start;
	ex->to = line_end;
	ex->cut_before = ex->cut_after = false;
	if (step_forward(ex->b, line_start, line_end, LONG_LINE) >= line_end)
		return; /* at most LONG_LINE characters: show it all */
	ex->from = step_back(ex->b, ex->span_start, line_start, WINDOW_BEFORE);
	ex->from = trim_front(ex->b, ex->from, ex->span_start, WINDOW_BEFORE);
	ex->to = step_forward(ex->b, ex->from, line_end, WINDOW);
	if (ex->to >= line_end) {
		ex->from = step_back(ex->b, line_end, line_start, WINDOW);
		ex->from = trim_front(ex->b, ex->from, line_end, WINDOW);
	}
	ex->cut_before = ex->from > line_start;
	ex->cut_after = ex->to < line_end;
}

static int gutter_width(size_t line)
{
	int w = 1;

	while (line >= 10) {
		line /= 10;
		w++;
	}
	return w < 5 ? 5 : w;
}

static void put_source_line(FILE *out, const struct excerpt *ex, size_t line,
                            int gutter, const struct diag_list *diags)
{
	fprintf(out, "%*zu |", gutter, line);
	if (ex->to > ex->from)
		fputc(' ', out);
	if (ex->cut_before)
		fputs("...", out);
	for (size_t i = ex->from; i < ex->to; ) {
		struct unit u = decode_unit(ex->b, i, ex->to);

		put_unit(out, ex->b, u, diags);
		i += u.len;
	}
	if (ex->cut_after)
		fputs("...", out);
	fputc('\n', out);
}

/* '^' under the first character of the span, '~' under the rest, the
 * prefix padded to the same width (TABs copied, wide characters two
 * columns), so the marker lines up in a terminal. */
static void put_marker_line(FILE *out, const struct excerpt *ex, int gutter,
                            const struct diag_list *diags)
{
	bool caret = false;

	fprintf(out, "%*s | ", gutter, "");
	if (ex->cut_before)
		fputs("   ", out);
	for (size_t i = ex->from; i < ex->to; ) {
		struct unit u = decode_unit(ex->b, i, ex->to);
		int w = unit_width(u, diags);

		i += u.len;
		if (!caret && u.start + u.len <= ex->span_start) {
			if (w == 0)
				fputc('\t', out);
			else
				put_repeat(out, ' ', w);
		} else if (!caret || u.start < ex->span_end) {
			fputc(caret ? '~' : '^', out);
			put_repeat(out, '~', (w ? w : 1) - 1);
			caret = true;
		} else {
			break;
		}
	}
	if (!caret)
		fputc('^', out); /* the span starts at the end of the line */
	fputc('\n', out);
}


/* A JSON pointer for people: escapes undone, and a segment that holds a
 * '/' (or nothing, or spaces) in double quotes, so "/DbList/~1~1" reads
 * /DbList/"//".  JSON and SARIF keep the exact RFC 6901 form. */
static void put_readable_pointer(FILE *out, const char *pointer)
{
	struct strbuf b = STRBUF_INIT;
	for (const char *p = pointer; *p == '/';) {
		const char *end = strchr(p + 1, '/');
		size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
		struct strbuf seg = STRBUF_INIT;
		for (size_t k = 0; k < len; k++) {
			char c = p[1 + k];
			if (c == '~' && k + 1 < len && (p[2 + k] == '0' || p[2 + k] == '1'))
				c = p[2 + k++] == '0' ? '~' : '/';
			strbuf_addch(&seg, c);
		}
		bool quote = seg.len == 0 || strpbrk(seg.buf, "/ \t\"") != NULL;
		strbuf_addch(&b, '/');
		if (quote)
			strbuf_addch(&b, '"');
		strbuf_add(&b, seg.buf, seg.len);
		if (quote)
			strbuf_addch(&b, '"');
		strbuf_release(&seg);
		p += 1 + len;
	}
	sanitize_fputs(b.buf, out);
	strbuf_release(&b);
}
static void put_excerpt(FILE *out, const struct source *src,
                        const struct diag *d, const struct diag_list *diags)
{
	struct excerpt ex = {.b = (const unsigned char *)src->bytes};
	size_t line = d->loc.begin.line, line_start, len, line_end;
	int gutter = gutter_width(line);

	source_line_bounds(src, line, &line_start, &len);
	line_end = line_start + len;
	ex.span_start = d->loc.start < line_start ? line_start :
	                d->loc.start > line_end ? line_end : d->loc.start;
	/* A span that goes on past this line is marked to its end. */
	ex.span_end = d->loc.end > line_end ? line_end : d->loc.end;
	if (ex.span_end < ex.span_start)
		ex.span_end = ex.span_start;
	excerpt_window(&ex, line_start, line_end);
	put_source_line(out, &ex, line, gutter, diags);
	put_marker_line(out, &ex, gutter, diags);
	/* The pointer names the element where line:column alone does not
	 * (a one-line file, a missing parameter marked at its object's '{'). */
	if (d->pointer && d->pointer[0]) {
		fprintf(out, "%*s= at: ", gutter - 1, "");
		put_readable_pointer(out, d->pointer);
		fputc('\n', out);
	}
	if (d->has_related) {
		fprintf(out, "%*s= note: ", gutter - 1, "");
		sanitize_fputs(d->related_message ? d->related_message : "related location", out);
		fputs(" at ", out);
		if (d->related_file) {
			sanitize_fputs(d->related_file, out);
			fputc(':', out);
		}
		fprintf(out, "%zu:%zu\n", d->related.begin.line, d->related.begin.column);
	}
	if (d->suggestion) {
		fprintf(out, "%*s= help: ", gutter - 1, "");
		sanitize_fputs(d->suggestion, out);
		fputc('\n', out);
	}
}

static void text_file(struct emitter *em, const struct source *src,
                      const struct diag_list *diags)
{
	for (size_t i = 0; i < diags->len; i++) {
		const struct diag *d = &diags->items[i];

		/* --color: bold location, severity in its colour (the gcc scheme). */
		static const char *const sev_color[] = {
			[SEV_ERROR] = "\033[1;31m", [SEV_WARNING] = "\033[1;35m", [SEV_NOTE] = "\033[1;36m",
		};
		const char *color = em->color && d->severity <= SEV_ERROR && sev_color[d->severity] ?
		                    sev_color[d->severity] : NULL;
		if (color)
			fputs("\033[1m", em->out);
		sanitize_fputs(src->name, em->out);
		fprintf(em->out, ":%zu:%zu:%s %s%s:%s ", d->loc.begin.line, d->loc.begin.column,
		        color ? "\033[0m" : "", color ? color : "", severity_name(d->severity),
		        color ? "\033[0m" : "");
		sanitize_fputs(d->message, em->out);
		fprintf(em->out, " [%s]\n", d->rule ? d->rule->id : "");
		if (em->show_source && d->loc.begin.line > 0)
			put_excerpt(em->out, src, d, diags);
	}
}

static void text_input_error(struct emitter *em, const char *path, const char *reason)
{
}

static void text_finish(struct emitter *em)
{
}

static void text_release(struct emitter *em)
{
}

const struct emit_format emit_text_format = {
	.name = "text",
	.init = text_init,
	.file = text_file,
	.input_error = text_input_error,
	.finish = text_finish,
	.release = text_release,
};
