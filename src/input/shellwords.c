/*
 * shellwords: a one-pass reader of shell commands and words (shellwords.h
 * says what it reads).  The reader is a handful of mutually recursive
 * functions, one per construct: a list of commands (read_list), a word
 * (read_word), a double-quoted part, a $ expansion.  Only a substitution
 * $(...) or `...` opens a new list, and it counts its depth, so the C
 * stack is bounded by SHELL_MAX_DEPTH whatever the input.
 */
#include "shellwords.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

struct heredoc {
	char *delim;
	size_t len;
	bool strip_tabs; /* <<- */
};

struct reader {
	const char *s;
	size_t end;
	struct shell_script *out;
	size_t cap;
	struct heredoc *pending; /* here documents whose bodies start at the next newline */
	size_t n_pending, cap_pending;
	unsigned backticks; /* inside `...`, where backslashes mean more than here */
};

/* A word being built: decoded bytes, their offsets, and whether it is known. */
struct wbuild {
	struct strbuf text;
	uint32_t *map;
	size_t cap;
	bool known;
	size_t prefix; /* decoded bytes before the first expansion */
	/* brace expansion: an unquoted '{', then ',' or "..", then '}' */
	unsigned braces;
	bool brace_list;
};

static void wb_add(struct wbuild *w, char c, size_t at)
{
	if (w->text.len + 2 > w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->map = xrealloc(w->map, w->cap * sizeof *w->map);
	}
	w->map[w->text.len] = (uint32_t)at;
	strbuf_addch(&w->text, c);
}

/* The word depends on the running script from here on. */
static void wb_unknown(struct wbuild *w)
{
	if (w->known)
		w->prefix = w->text.len;
	w->known = false;
}

/* Unknown, with no prefix to trust (a brace expansion, a tilde, `\`). */
static void wb_unknown_whole(struct wbuild *w)
{
	wb_unknown(w);
	w->prefix = 0;
}

static bool is_meta(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' ||
	       c == '<' || c == '>' || c == '(' || c == ')';
}

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

bool shell_word_is_assignment(const char *text, size_t start, size_t end)
{
	if (start >= end || !is_name_start(text[start]))
		return false;
	size_t i = start + 1;
	while (i < end && is_name_char(text[i]))
		i++;
	if (i < end && text[i] == '+')
		i++;
	return i < end && text[i] == '=';
}

static size_t read_list(struct reader *r, size_t pos, unsigned depth, char closer);

/* Past the ')' that closes the '(' at open, over quotes and nested pairs,
 * without reading commands ($((...)) and NAME=(...)); end when unclosed. */
static size_t skip_balanced(struct reader *r, size_t open, char o, char c)
{
	size_t pos = open + 1, n = 1;

	while (pos < r->end) {
		char ch = r->s[pos];
		if (ch == '\\') {
			pos += 2;
			continue;
		}
		if (ch == '\'') {
			const char *q = memchr(r->s + pos + 1, '\'', r->end - pos - 1);
			pos = q ? (size_t)(q - r->s) + 1 : r->end;
			continue;
		}
		if (ch == '"') {
			pos++;
			while (pos < r->end && r->s[pos] != '"')
				pos += r->s[pos] == '\\' ? 2 : 1;
			pos++;
			continue;
		}
		if (ch == o)
			n++;
		else if (ch == c && --n == 0)
			return pos + 1;
		pos++;
	}
	r->out->incomplete = true;
	return r->end;
}

/* A substitution's commands: $( at open (body after two bytes), `, <( or >(. */
static size_t read_substitution(struct reader *r, size_t body, unsigned depth, char closer)
{
	if (depth + 1 > SHELL_MAX_DEPTH) {
		r->out->incomplete = true;
		return r->end;
	}
	if (closer == '`')
		r->backticks++;
	size_t pos = read_list(r, body, depth + 1, closer);
	if (closer == '`')
		r->backticks--;
	return pos;
}

/* $'...' at pos (the '$'): decoded into w; returns past the closing quote. */
static size_t read_ansi_c(struct reader *r, struct wbuild *w, size_t pos)
{
	static const char from[] = "abeEfnrtv\\'\"?", to[] = "\a\b\033\033\f\n\r\t\v\\'\"?";

	pos += 2;
	while (pos < r->end && r->s[pos] != '\'') {
		size_t at = pos;
		if (r->s[pos] != '\\' || pos + 1 >= r->end) {
			wb_add(w, r->s[pos++], at);
			continue;
		}
		char e = r->s[pos + 1];
		const char *k = e ? strchr(from, e) : NULL;
		if (k) {
			wb_add(w, to[k - from], at);
			pos += 2;
		} else if (e >= '0' && e <= '7') {
			unsigned v = 0, n = 0;
			for (pos++; n < 3 && pos < r->end && r->s[pos] >= '0' && r->s[pos] <= '7'; n++)
				v = v * 8 + (unsigned)(r->s[pos++] - '0');
			if (v == 0)
				wb_unknown(w); /* bash ends the string at a NUL */
			wb_add(w, (char)v, at);
		} else if (e == 'x') {
			unsigned v = 0, n = 0;
			for (pos += 2; n < 2 && pos < r->end; n++, pos++) {
				char h = r->s[pos];
				int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 :
				        h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
				if (d < 0)
					break;
				v = v * 16 + (unsigned)d;
			}
			if (n == 0 || v == 0)
				wb_unknown(w); /* "\x" alone, or a NUL that ends the string */
			wb_add(w, (char)v, at);
		} else {
			/* \u \U \c and unknown escapes: bash's own rules; not guessed */
			wb_unknown(w);
			pos += 2;
		}
	}
	if (pos >= r->end) {
		r->out->incomplete = true;
		wb_unknown(w);
		return r->end;
	}
	return pos + 1;
}

static size_t read_dquote(struct reader *r, struct wbuild *w, size_t pos, unsigned depth);

/* A '$' at pos; in_dq inside double quotes.  Returns where it ends. */
static size_t read_dollar(struct reader *r, struct wbuild *w, size_t pos, unsigned depth, bool in_dq)
{
	char n = pos + 1 < r->end ? r->s[pos + 1] : '\0';

	if (n == '(' && pos + 2 < r->end && r->s[pos + 2] == '(') {
		wb_unknown(w);
		return skip_balanced(r, pos + 1, '(', ')');
	}
	if (n == '(') {
		wb_unknown(w);
		return read_substitution(r, pos + 2, depth, ')');
	}
	if (n == '{') {
		wb_unknown(w);
		return skip_balanced(r, pos + 1, '{', '}');
	}
	if (n == '[') {
		wb_unknown(w);
		return skip_balanced(r, pos + 1, '[', ']');
	}
	if (n == '\'' && !in_dq)
		return read_ansi_c(r, w, pos);
	if (n == '"' && !in_dq)
		return read_dquote(r, w, pos + 1, depth);
	if (is_name_start(n)) {
		wb_unknown(w);
		pos += 2;
		while (pos < r->end && is_name_char(r->s[pos]))
			pos++;
		return pos;
	}
	if ((n >= '0' && n <= '9') || (n && strchr("@*#?$!-", n))) {
		wb_unknown(w);
		return pos + 2;
	}
	wb_add(w, '$', pos); /* a '$' that starts nothing is itself */
	return pos + 1;
}

/* A backslash at pos, outside quotes (in_dq false) or inside them. */
static size_t read_backslash(struct reader *r, struct wbuild *w, size_t pos, bool in_dq)
{
	if (pos + 1 >= r->end) {
		wb_add(w, '\\', pos);
		return pos + 1;
	}
	char n = r->s[pos + 1];
	if (n == '\n')
		return pos + 2;
	if (r->backticks)
		wb_unknown_whole(w); /* `...` removes a level of backslashes first */
	if (in_dq && !strchr("$`\"\\", n)) {
		wb_add(w, '\\', pos);
		return pos + 1;
	}
	/* mapped to the backslash, as an escape sequence is: a span that ends
	 * before it (a key inside "{\"k\": 1}") then ends before the whole
	 * \", and a fix written there keeps the backslash */
	wb_add(w, n, pos);
	return pos + 2;
}

static size_t read_dquote(struct reader *r, struct wbuild *w, size_t pos, unsigned depth)
{
	for (pos++; pos < r->end;) {
		char c = r->s[pos];
		if (c == '"')
			return pos + 1;
		if (c == '\\')
			pos = read_backslash(r, w, pos, true);
		else if (c == '$')
			pos = read_dollar(r, w, pos, depth, true);
		else if (c == '`') {
			wb_unknown(w);
			pos = read_substitution(r, pos + 1, depth, '`');
		} else
			wb_add(w, c, pos++);
	}
	r->out->incomplete = true;
	wb_unknown(w);
	return r->end;
}

/* Unquoted '{' ',' ".." '}' in that order: a brace expansion, more than
 * one word or a sequence; bash's exact conditions are not copied, the
 * word is simply not known. */
static void note_brace(struct reader *r, struct wbuild *w, size_t pos)
{
	char c = r->s[pos];

	if (c == '{')
		w->braces++;
	else if (w->braces && (c == ',' || (c == '.' && pos + 1 < r->end && r->s[pos + 1] == '.')))
		w->brace_list = true;
	else if (c == '}' && w->braces) {
		w->braces--;
		if (w->brace_list)
			wb_unknown_whole(w);
	}
}

/* One word from pos (not a blank, not an operator); returns its end. */
static size_t read_word(struct reader *r, size_t pos, unsigned depth, char closer, struct shell_word *out)
{
	struct wbuild w = { STRBUF_INIT, NULL, 0, true, 0, 0, false };
	size_t start = pos;

	if (r->s[pos] == '~')
		wb_unknown_whole(&w); /* tilde expansion */
	while (pos < r->end) {
		char c = r->s[pos];
		if ((c == '<' || c == '>') && pos + 1 < r->end && r->s[pos + 1] == '(') {
			wb_unknown(&w); /* process substitution */
			pos = read_substitution(r, pos + 2, depth, ')');
			continue;
		}
		if (c == '(' && pos > start && r->s[pos - 1] == '=' && shell_word_is_assignment(r->s, start, pos)) {
			wb_unknown(&w); /* NAME=(array) */
			pos = skip_balanced(r, pos, '(', ')');
			continue;
		}
		if (is_meta(c) || (c == '`' && closer == '`'))
			break;
		if (c == '\\')
			pos = read_backslash(r, &w, pos, false);
		else if (c == '\'') {
			const char *q = memchr(r->s + pos + 1, '\'', r->end - pos - 1);
			size_t close = q ? (size_t)(q - r->s) : r->end;
			for (size_t i = pos + 1; i < close; i++)
				wb_add(&w, r->s[i], i);
			if (!q) {
				r->out->incomplete = true;
				wb_unknown(&w);
			}
			pos = q ? close + 1 : r->end;
		} else if (c == '"')
			pos = read_dquote(r, &w, pos, depth);
		else if (c == '$')
			pos = read_dollar(r, &w, pos, depth, false);
		else if (c == '`') {
			wb_unknown(&w);
			pos = read_substitution(r, pos + 1, depth, '`');
		} else {
			note_brace(r, &w, pos);
			wb_add(&w, c, pos++);
		}
	}
	if (pos > r->end)
		pos = r->end;
	out->span = (struct jspan){ start, pos };
	out->known = w.known;
	wb_add(&w, '\0', pos); /* room for the NUL and map[len] */
	w.text.len--;
	out->len = w.known ? w.text.len : w.prefix;
	w.text.buf[out->len] = '\0';
	out->text = strbuf_detach(&w.text, NULL);
	out->map = w.map;
	/* map[len]: where the content ends, before a closing quote */
	size_t e = pos;
	if (!w.known)
		e = out->len ? out->map[out->len - 1] + 1 : start;
	else if (pos > start && (r->s[pos - 1] == '\'' || r->s[pos - 1] == '"') &&
	         !(out->len && out->map[out->len - 1] >= pos - 1))
		e = pos - 1;
	out->map[out->len] = (uint32_t)e;
	return pos;
}

static void word_release(struct shell_word *w)
{
	free(w->text);
	free(w->map);
}

/* The command being read. */
struct cmdbuild {
	struct shell_command c;
	size_t cap;
	bool started;
	bool names_seen; /* a word that is not an assignment */
};

static void cmd_touch(struct cmdbuild *b, size_t start, size_t end)
{
	if (!b->started)
		b->c.span.start = start;
	b->started = true;
	b->c.span.end = end;
}

static void cmd_finish(struct reader *r, struct cmdbuild *b, unsigned depth)
{
	if (b->started) {
		if (r->out->n_commands == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 8;
			r->out->commands = xrealloc(r->out->commands, r->cap * sizeof *r->out->commands);
		}
		b->c.depth = depth;
		r->out->commands[r->out->n_commands++] = b->c;
	}
	memset(b, 0, sizeof *b);
}

static void cmd_add_word(struct reader *r, struct cmdbuild *b, struct shell_word *w)
{
	if (b->c.n_words == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		b->c.words = xrealloc(b->c.words, b->cap * sizeof *b->c.words);
	}
	if (!b->names_seen && shell_word_is_assignment(r->s, w->span.start, w->span.end))
		b->c.n_assign++;
	else
		b->names_seen = true;
	b->c.words[b->c.n_words++] = *w;
	cmd_touch(b, w->span.start, w->span.end);
}

/* After a newline: the bodies of the here documents opened on its line. */
static size_t skip_heredocs(struct reader *r, size_t pos)
{
	for (size_t i = 0; i < r->n_pending; i++) {
		struct heredoc *h = &r->pending[i];
		bool found = false;
		while (pos < r->end && !found) {
			const char *nl = memchr(r->s + pos, '\n', r->end - pos);
			size_t eol = nl ? (size_t)(nl - r->s) : r->end, b = pos;
			if (h->strip_tabs)
				while (b < eol && r->s[b] == '\t')
					b++;
			found = eol - b == h->len && memcmp(r->s + b, h->delim, h->len) == 0;
			pos = nl ? eol + 1 : r->end;
		}
		if (!found)
			r->out->incomplete = true;
		free(h->delim);
	}
	r->n_pending = 0;
	return pos;
}

/* A redirection operator at pos (after any fd digits); returns its end and
 * says whether it opens a here document. */
static size_t redirection_op(const struct reader *r, size_t pos, bool *heredoc, bool *strip_tabs)
{
	const char *s = r->s;
	size_t n = r->end - pos;
	*heredoc = *strip_tabs = false;

	if (s[pos] == '&')
		return pos + (n > 2 && s[pos + 2] == '>' ? 3 : 2); /* &> &>> */
	if (s[pos] == '<') {
		if (n > 2 && s[pos + 1] == '<' && s[pos + 2] == '<')
			return pos + 3; /* here string */
		if (n > 1 && s[pos + 1] == '<') {
			*heredoc = true;
			*strip_tabs = n > 2 && s[pos + 2] == '-';
			return pos + (*strip_tabs ? 3 : 2);
		}
		if (n > 1 && (s[pos + 1] == '&' || s[pos + 1] == '>'))
			return pos + 2;
		return pos + 1;
	}
	if (n > 1 && (s[pos + 1] == '>' || s[pos + 1] == '&' || s[pos + 1] == '|'))
		return pos + 2;
	return pos + 1;
}

/* A redirection at pos: the operator and its target, which is no word. */
static size_t read_redirection(struct reader *r, size_t pos, unsigned depth, char closer,
                               struct cmdbuild *b)
{
	size_t start = pos;
	bool heredoc, strip_tabs;

	while (r->s[pos] >= '0' && r->s[pos] <= '9')
		pos++;
	pos = redirection_op(r, pos, &heredoc, &strip_tabs);
	while (pos < r->end && (r->s[pos] == ' ' || r->s[pos] == '\t'))
		pos++;
	cmd_touch(b, start, pos);
	b->c.redirected = true;
	if (pos >= r->end || is_meta(r->s[pos]))
		return pos; /* bash says syntax error; nothing to read */
	struct shell_word target;
	pos = read_word(r, pos, depth, closer, &target);
	cmd_touch(b, start, pos);
	if (heredoc) {
		if (r->n_pending == r->cap_pending) {
			r->cap_pending = r->cap_pending ? r->cap_pending * 2 : 4;
			r->pending = xrealloc(r->pending, r->cap_pending * sizeof *r->pending);
		}
		struct heredoc *h = &r->pending[r->n_pending++];
		if (target.known) {
			h->delim = target.text;
			h->len = target.len;
			target.text = NULL;
		} else { /* bash takes the delimiter's text unexpanded */
			h->len = target.span.end - target.span.start;
			h->delim = xmalloc(h->len + 1);
			memcpy(h->delim, r->s + target.span.start, h->len);
		}
		h->strip_tabs = strip_tabs;
	}
	word_release(&target);
	return pos;
}

/* Does a redirection start at pos: [digits] then < or >, or &>? */
static bool at_redirection(const struct reader *r, size_t pos)
{
	size_t p = pos;

	if (r->s[p] == '&')
		return p + 1 < r->end && r->s[p + 1] == '>';
	while (p < r->end && r->s[p] >= '0' && r->s[p] <= '9')
		p++;
	if (p >= r->end || (r->s[p] != '<' && r->s[p] != '>'))
		return false;
	return !(p + 1 < r->end && r->s[p + 1] == '(' && p == pos);
}

/* Commands from pos until closer: '\0' the end of the text, ')' the end
 * of $(...) or of <(...), '`' the end of `...`.  Returns past the closer. */
static size_t read_list(struct reader *r, size_t pos, unsigned depth, char closer)
{
	struct cmdbuild b;
	unsigned parens = 0; /* subshells opened in this list */

	memset(&b, 0, sizeof b);
	while (pos < r->end) {
		char c = r->s[pos];
		if (c == ' ' || c == '\t') {
			pos++;
		} else if (c == '\\' && pos + 1 < r->end && r->s[pos + 1] == '\n') {
			pos += 2;
		} else if (c == '\n') {
			cmd_finish(r, &b, depth);
			pos = skip_heredocs(r, pos + 1);
		} else if (c == '#') {
			const char *nl = memchr(r->s + pos, '\n', r->end - pos);
			pos = nl ? (size_t)(nl - r->s) : r->end;
		} else if (c == '`' && closer == '`') {
			cmd_finish(r, &b, depth);
			return pos + 1;
		} else if (c == ')') {
			cmd_finish(r, &b, depth);
			pos++;
			if (parens)
				parens--;
			else if (closer == ')')
				return pos;
		} else if (c == '(' && !b.started && pos + 1 < r->end && r->s[pos + 1] == '(') {
			pos = skip_balanced(r, pos, '(', ')'); /* (( arithmetic )) */
		} else if (at_redirection(r, pos)) {
			pos = read_redirection(r, pos, depth, closer, &b);
		} else if (c == '(' || c == ';' || c == '&' || c == '|') {
			cmd_finish(r, &b, depth);
			if (c == '(')
				parens++;
			pos++;
			if (c != '(' && pos < r->end && (r->s[pos] == c || (c == '|' && r->s[pos] == '&') ||
			                                 (c == ';' && r->s[pos] == '&')))
				pos++;
		} else {
			struct shell_word w;
			pos = read_word(r, pos, depth, closer, &w);
			cmd_add_word(r, &b, &w);
		}
	}
	cmd_finish(r, &b, depth);
	if (closer)
		r->out->incomplete = true;
	return r->end;
}

static int cmp_start(const void *a, const void *b)
{
	const struct shell_command *x = a, *y = b;

	return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

struct shell_script *shell_script_parse(const char *text, size_t start, size_t end)
{
	struct shell_script *out = xcalloc(1, sizeof *out);
	struct reader r = { text, end, out, 0, NULL, 0, 0, 0 };

	if (end > UINT32_MAX) { /* maps hold 32-bit offsets; sources are far smaller */
		out->incomplete = true;
		return out;
	}
	read_list(&r, start, 0, '\0');
	skip_heredocs(&r, end);
	free(r.pending);
	/* a substitution's commands end before the command around it (qsort
	 * may not be given the NULL list of an empty script) */
	if (out->n_commands > 1)
		qsort(out->commands, out->n_commands, sizeof *out->commands, cmp_start);
	return out;
}

void shell_script_free(struct shell_script *script)
{
	if (!script)
		return;
	for (size_t i = 0; i < script->n_commands; i++) {
		struct shell_command *c = &script->commands[i];
		for (size_t j = 0; j < c->n_words; j++)
			word_release(&c->words[j]);
		free(c->words);
	}
	free(script->commands);
	free(script);
}
