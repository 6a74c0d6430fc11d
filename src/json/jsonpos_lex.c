/*
 * jsonpos_lex: lexing text that may not parse, for `key: value` pairs.
 *
 * What this file does not do: parse (jsonpos.c) or judge what is secret
 * (the caller's classify function).
 */
#include "jsonpos.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "jsonpos_decode.h"
#include "xalloc.h"

/* ---- lexing broken JSON -------------------------------------------- */

/*
 * Text that may not parse (a broken file, a string that may hold JSON) is
 * lexed for `key: value` pairs, so that secrets are masked in excerpts of
 * any input.  The lexer is lenient where the parser is strict, because
 * what it must not do is miss a pair: strings in double or in single
 * quotes (one pass each, as an apostrophe in prose would otherwise swallow
 * a line), keys with any escape or none at all, unquoted values, comments
 * between the colon and the value, containers as values.  When in doubt,
 * it reports more, never less.
 *
 * Under a secret key, nothing is echoed from the key to where the value
 * can be proven to end: a string closed by its quote, a container closed
 * by its bracket or a word, each followed on its line only by ',', '}',
 * ']' or a comment.  Anything else (a quote inside the password, a second
 * string, an unknown separator such as "=>", Python's triple quotes) makes
 * the end a guess, and the value is masked to the end of its line; a
 * string that runs past its line is masked on the lines it wraps onto.
 * '=' separates a key from its value as ':' does (key = value).
 */

/* Zeroed bytes after a key or text handed to the classifier: PCRE2's JIT
 * reads the subject in aligned words, past its end (see jsonpos_tape.c). */
#define LEX_SLACK 16

struct lexer {
	const char *s;
	size_t len;
	const uint32_t *map; /* NULL: s is the file, or offsets map it */
	struct json_offsets *offsets; /* s is a string's decoded body, found in the file on demand */
	char quote2;         /* the second string delimiter ('\'', or '"' again) */
	jsonpos_key_fn *classify;
	jsonpos_value_fn *emit;
	void *ctx;
};

static size_t lex_at(const struct lexer *lx, size_t i)
{
	if (lx->map)
		return lx->map[i];
	return lx->offsets ? json_offsets_at_next(lx->offsets, i) : i;
}

/* End of the string token starting at the quote at i: the offset after its
 * closing quote, or of the line end / text end when it is unterminated. */
static size_t lex_string_end(const char *s, size_t len, size_t i, bool *closed)
{
	char q = s[i];
	for (i++; i < len; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == q) {
			*closed = true;
			return i + 1;
		}
		if (s[i] == '\n')
			break;
	}
	*closed = false;
	return i < len ? i : len;
}

/* Decode a string body s[start, end) whatever its escapes: a valid escape
 * is decoded, anything else is kept as written and *broken set (the text
 * is then not what the author meant, and a key cannot be classified).
 * out has room for end - start bytes; map (optional) as json_decode_body's. */
static size_t lex_decode(const char *s, size_t start, size_t end, char *out, uint32_t *map,
                         bool *broken)
{
	size_t k = 0, i = start;
	*broken = false;
	while (i < end) {
		size_t at = i;
		unsigned cp = 0;
		size_t used = 0;
		if (s[i] == '\\' && i + 1 < end) {
			switch (s[i + 1]) {
			case 'b': cp = '\b'; used = 2; break;
			case 'f': cp = '\f'; used = 2; break;
			case 'n': cp = '\n'; used = 2; break;
			case 'r': cp = '\r'; used = 2; break;
			case 't': cp = '\t'; used = 2; break;
			case '"': case '\'': case '\\': case '/': cp = (unsigned char)s[i + 1]; used = 2; break;
			case 'u':
				if (json_read_hex4(s, end, i + 2, &cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
					used = 6;
				} else if (json_read_hex4(s, end, i + 2, &cp) && cp <= 0xDBFF && cp >= 0xD800) {
					unsigned lo;
					if (i + 8 <= end && s[i + 6] == '\\' && s[i + 7] == 'u' &&
					    json_read_hex4(s, end, i + 8, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
						used = 12;
					}
				}
				break;
			default: break;
			}
		}
		if (!used) {
			if (s[i] == '\\')
				*broken = true;
			if (map)
				map[k] = (uint32_t)at;
			out[k++] = s[i++];
			continue;
		}
		char buf[4];
		size_t n = json_utf8_encode(cp, buf);
		/* an escape is never longer than the text it decodes to, so out
		 * (end - start bytes) always has room */
		for (size_t j = 0; j < n; j++) {
			if (map)
				map[k] = (uint32_t)at;
			out[k++] = buf[j];
		}
		i += used;
	}
	return k;
}

static bool is_lex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A character that ends an unquoted word. */
static bool ends_word(const struct lexer *lx, char c)
{
	return is_lex_space(c) || c == ',' || c == ':' || c == '=' || c == '{' || c == '}' ||
	       c == '[' || c == ']' || c == '"' || c == lx->quote2;
}

static bool is_separator(char c)
{
	return c == ':' || c == '=';
}

/* Offset of the end of the line i is on: its '\n', or the text's end. */
static size_t lex_line_end(const struct lexer *lx, size_t i)
{
	const char *nl = i < lx->len ? memchr(lx->s + i, '\n', lx->len - i) : NULL;
	return nl ? (size_t)(nl - lx->s) : lx->len;
}

/* The first byte at or after i that is not a blank of the same line. */
static size_t lex_skip_blanks(const struct lexer *lx, size_t i)
{
	while (i < lx->len && (lx->s[i] == ' ' || lx->s[i] == '\t' || lx->s[i] == '\r'))
		i++;
	return i;
}

/* Does a value that stops at i provably end there?  Only when its line
 * goes on with what may follow a value: ',', '}', ']' or a comment. */
static bool lex_value_ends(const struct lexer *lx, size_t i)
{
	i = lex_skip_blanks(lx, i);
	if (i == lx->len)
		return true;
	char c = lx->s[i];
	return c == '\n' || c == ',' || c == '}' || c == ']' ||
	       (c == '/' && i + 1 < lx->len && (lx->s[i + 1] == '/' || lx->s[i + 1] == '*'));
}

/* Could s[start, end) be the name of a key (letters, digits, '_', '-',
 * '.', escapes)?  A key with no separator after it is classified only
 * then: any word of prose or binary would be "in doubt" otherwise. */
static bool lex_name_like(const struct lexer *lx, size_t start, size_t end)
{
	if (start == end)
		return false;
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)lx->s[i];
		if (!(isalnum(c) || c == '_' || c == '-' || c == '.' || c == '\\'))
			return false;
	}
	return true;
}

/* A triple quote (Python's """ or ''') at i? */
static bool lex_triple_quote(const struct lexer *lx, size_t i)
{
	return i + 2 < lx->len && lx->s[i + 1] == lx->s[i] && lx->s[i + 2] == lx->s[i];
}

/* End of the triple-quoted string starting at i: after its closing triple
 * quote (on any line); *closed false when there is none. */
static size_t lex_triple_end(const struct lexer *lx, size_t i, bool *closed)
{
	char q = lx->s[i];
	for (i += 3; i < lx->len; i++) {
		if (lx->s[i] == '\\') {
			i++;
			continue;
		}
		if (lx->s[i] == q && lex_triple_quote(lx, i)) {
			*closed = true;
			return i + 3;
		}
	}
	*closed = false;
	return lx->len;
}

/* Does the line from i start a member ("key": or key:) or close a
 * container?  Then a string left open on the line above ends there. */
static bool lex_line_starts_member(const struct lexer *lx, size_t i)
{
	const char *s = lx->s;
	if (i == lx->len || s[i] == '}' || s[i] == ']' || s[i] == '\n')
		return true;
	size_t j = i;
	if (s[i] == '"' || s[i] == lx->quote2) {
		bool closed;
		j = lex_string_end(s, lx->len, i, &closed);
		if (!closed)
			return false;
	} else {
		while (j < lx->len && !ends_word(lx, s[j]))
			j++;
		if (j == i)
			return false;
	}
	j = lex_skip_blanks(lx, j);
	return j < lx->len && is_separator(s[j]);
}

/* Where a string that its line's end left open (at nl) ends when it wraps:
 * the following lines up to its closing quote q, as long as they do not
 * start a member or close a container, or are blank. */
static size_t lex_wrapped_end(const struct lexer *lx, size_t nl, char q)
{
	const char *s = lx->s;
	size_t end = nl;
	while (end < lx->len && s[end] == '\n') {
		size_t line = end + 1;
		if (lex_line_starts_member(lx, lex_skip_blanks(lx, line)))
			break;
		end = lex_line_end(lx, line);
		for (size_t k = line; k < end; k++) {
			if (s[k] == '\\')
				k++;
			else if (s[k] == q)
				return k + 1;
		}
	}
	return end;
}

/* Is the key s[start, end) (a string body when quoted) secret?  A key
 * whose escapes do not decode is passed as NULL: it cannot be classified. */
static bool lex_classify(const struct lexer *lx, size_t start, size_t end, bool quoted)
{
	size_t n = end - start;
	if (!quoted || !memchr(lx->s + start, '\\', n))
		return lx->classify(lx->ctx, lx->s + start, n); /* nothing to decode */
	char *key = xcalloc(n + LEX_SLACK, 1);
	bool broken = false;
	size_t klen = n;
	if (quoted)
		klen = lex_decode(lx->s, start, end, key, NULL, &broken);
	else
		memcpy(key, lx->s + start, n);
	key[klen] = '\0';
	bool secret = lx->classify(lx->ctx, broken ? NULL : key, broken ? 0 : klen);
	free(key);
	return secret;
}

static void lex_emit_span(const struct lexer *lx, size_t start, size_t end, bool secret)
{
	size_t from = lex_at(lx, start); /* first: lex_at() walks on from the last offset */
	struct jsonpos_lexed v = {.content = {from, lex_at(lx, end)}, .secret = secret};
	lx->emit(lx->ctx, &v);
}

/* A string value whose content is s[body_start, body_end): decoded with its
 * map when it is not secret and holds a quote (so it may hold JSON in turn). */
static void lex_emit_string(const struct lexer *lx, size_t body_start, size_t body_end, bool secret)
{
	size_t n = body_end - body_start;
	if (secret || (!memchr(lx->s + body_start, '"', n) && !memchr(lx->s + body_start, '\'', n))) {
		lex_emit_span(lx, body_start, body_end, secret);
		return;
	}
	/* offsets asked in rising order: lex_at() may walk from the last one */
	struct jsonpos_lexed v = {.content.start = lex_at(lx, body_start)};
	char *text = xcalloc(n + LEX_SLACK, 1);
	uint32_t *map = xmalloc((n + 1) * sizeof *map);
	bool broken;
	size_t len = lex_decode(lx->s, body_start, body_end, text, map, &broken);
	text[len] = '\0';
	for (size_t k = 0; k < len; k++)
		map[k] = (uint32_t)lex_at(lx, map[k]);
	map[len] = (uint32_t)lex_at(lx, body_end);
	v.content.end = map[len];
	v.text = text;
	v.len = len;
	v.map = map;
	lx->emit(lx->ctx, &v);
	free(map);
	free(text);
}

/* Text that is skipped here but may hold pairs (a comment before a value):
 * reported as it is written, to be lexed on its own. */
static void lex_emit_text(const struct lexer *lx, size_t start, size_t end)
{
	uint32_t *map = xmalloc((end - start + 1) * sizeof *map);
	for (size_t k = start; k <= end; k++)
		map[k - start] = (uint32_t)lex_at(lx, k);
	struct jsonpos_lexed v = {.content = {map[0], map[end - start]}, .text = lx->s + start,
	                          .len = end - start, .map = map};
	lx->emit(lx->ctx, &v);
	free(map);
}

/* A secret value s[start, stop) that ends at stop unless its line says
 * otherwise: masked, and to the end of the line when its end is a guess. */
static void lex_emit_secret(const struct lexer *lx, size_t start, size_t stop)
{
	if (!lex_value_ends(lx, stop))
		stop = lex_line_end(lx, stop);
	lex_emit_span(lx, start, stop, true);
}

/* Where the lexer is between tokens. */
struct lex_state {
	size_t key_start, key_end, depth;
	bool have_key, key_quoted, after_colon, value_secret;
	size_t secret_from, secret_start; /* a secret container being skipped (SIZE_MAX: none) */
};

/* A string token at s[i, end) (a triple-quoted one when triple): a value
 * after a separator, else a key, or an array element when no separator
 * follows. */
static void lex_string_token(const struct lexer *lx, struct lex_state *st, size_t i, size_t end,
                             bool closed, bool triple)
{
	size_t q = triple ? 3 : 1;
	size_t body_start = i + q, body_end = closed ? end - q : end;
	if (st->after_colon) {
		if (st->value_secret && !closed) {
			size_t stop = lex_wrapped_end(lx, end, lx->s[i]);
			if (stop > end && lx->s[stop - 1] == lx->s[i] && !lex_value_ends(lx, stop))
				stop = lex_line_end(lx, stop); /* closed, then more on its line */
			lex_emit_span(lx, body_start, stop, true);
		} else if (st->value_secret)
			lex_emit_span(lx, body_start, lex_value_ends(lx, end) ? body_end : lex_line_end(lx, end), true);
		else
			lex_emit_string(lx, body_start, body_end, false);
		st->have_key = st->after_colon = false;
		return;
	}
	st->have_key = true;
	st->key_quoted = true;
	st->key_start = body_start;
	st->key_end = body_end;
	size_t j = end;
	while (j < lx->len && is_lex_space(lx->s[j]))
		j++;
	if (j < lx->len && is_separator(lx->s[j])) {
		/* a key that holds JSON ("{\"password\": ...}" where a key goes)
		 * is lexed for its pairs, as a value would be */
		if (memchr(lx->s + body_start, '"', body_end - body_start) ||
		    memchr(lx->s + body_start, '\'', body_end - body_start))
			lex_emit_string(lx, body_start, body_end, false);
		return;
	}
	/* no separator follows: a value after all (an array element), which
	 * may hold JSON too; or a key followed by what is not a separator
	 * ("password" "hunter2", "password" => ...): its value, if it is
	 * one, cannot be told from the rest of the line */
	lex_emit_string(lx, body_start, body_end, false);
	if (!lex_value_ends(lx, end) && lex_name_like(lx, st->key_start, st->key_end) &&
	    lex_classify(lx, st->key_start, st->key_end, true))
		lex_emit_span(lx, lex_skip_blanks(lx, end), lex_line_end(lx, end), true);
}

/* An unquoted word at s[i]: a key when a separator follows, a value after
 * one (up to the end of the member: "hunter 2" is one value).  Returns
 * where it ends. */
static size_t lex_word(const struct lexer *lx, struct lex_state *st, size_t i)
{
	const char *s = lx->s;
	size_t end = i;
	if (st->after_colon) {
		while (end < lx->len && s[end] != ',' && s[end] != '}' && s[end] != ']' && s[end] != '{' &&
		       s[end] != '[' && s[end] != '\n' && s[end] != '"' && s[end] != lx->quote2)
			end++;
		size_t stop = end;
		while (stop > i && is_lex_space(s[stop - 1]))
			stop--;
		if (st->value_secret)
			lex_emit_secret(lx, i, stop);
		st->have_key = st->after_colon = false;
		return end;
	}
	while (end < lx->len && !ends_word(lx, s[end]))
		end++;
	st->have_key = true;
	st->key_quoted = false;
	st->key_start = i;
	st->key_end = end;
	/* a word followed on its line by neither a separator nor the end of a
	 * member: a secret key's value may be what follows ("password hunter2") */
	size_t j = lex_skip_blanks(lx, end);
	if (j < lx->len && !is_separator(s[j]) && !lex_value_ends(lx, j) && lex_name_like(lx, i, end) &&
	    lex_classify(lx, i, end, false))
		lex_emit_span(lx, j, lex_line_end(lx, j), true);
	return end;
}

/* A comment at s[i] between a separator and its value: skipped, and
 * masked too under a secret key (it may be the value), else lexed on its
 * own (it may hold a pair).  Returns where it ends. */
static size_t lex_comment(const struct lexer *lx, const struct lex_state *st, size_t i)
{
	const char *s = lx->s;
	size_t end;
	if (s[i + 1] == '/') {
		end = lex_line_end(lx, i);
	} else {
		end = i + 2;
		while (end < lx->len && !(s[end] == '*' && end + 1 < lx->len && s[end + 1] == '/'))
			end++;
		end = end < lx->len ? end + 2 : lx->len;
	}
	if (st->value_secret)
		lex_emit_span(lx, i, end, true);
	else
		lex_emit_text(lx, i, end);
	return end;
}

static void lex_run(const struct lexer *lx)
{
	const char *s = lx->s;
	size_t len = lx->len;
	struct lex_state st = {.secret_from = SIZE_MAX};
	for (size_t i = 0; i < len;) {
		char c = s[i];
		if (is_lex_space(c)) {
			i++;
			continue;
		}
		if (c == '"' || c == lx->quote2) {
			/* a triple quote that no other closes is an empty string and a
			 * quote (it must not swallow the pairs after it) */
			bool closed, triple = lex_triple_quote(lx, i);
			size_t end = triple ? lex_triple_end(lx, i, &closed) : 0;
			triple = triple && closed;
			if (!triple)
				end = lex_string_end(s, len, i, &closed);
			/* inside a secret container only brackets matter */
			if (st.secret_from == SIZE_MAX)
				lex_string_token(lx, &st, i, end, closed, triple);
			i = end;
			continue;
		}
		if (c == '{' || c == '[') {
			if (st.secret_from == SIZE_MAX && st.after_colon && st.value_secret) {
				st.secret_from = st.depth;
				st.secret_start = i;
			}
			st.depth++;
			st.have_key = st.after_colon = false;
			i++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (st.depth)
				st.depth--;
			if (st.secret_from == st.depth) {
				lex_emit_secret(lx, st.secret_start, i + 1);
				st.secret_from = SIZE_MAX;
			}
			st.have_key = st.after_colon = false;
			i++;
			continue;
		}
		if (st.secret_from != SIZE_MAX) {
			i++;
			continue;
		}
		if (is_separator(c) && st.have_key && !st.after_colon) {
			st.after_colon = true;
			st.value_secret = lex_classify(lx, st.key_start, st.key_end, st.key_quoted);
			i++;
			continue;
		}
		/* a second separator (":=", "==") starts the value: it is not one */
		if (c == ',' || (is_separator(c) && !st.after_colon)) {
			st.have_key = st.after_colon = false;
			i++;
			continue;
		}
		if (st.after_colon && c == '/' && i + 1 < len && (s[i + 1] == '/' || s[i + 1] == '*')) {
			i = lex_comment(lx, &st, i);
			continue;
		}
		size_t end = lex_word(lx, &st, i);
		i = end > i ? end : i + 1;
	}
	if (st.secret_from != SIZE_MAX)
		lex_emit_span(lx, st.secret_start, len, true);
}

/* A pass with double quotes, and one with single quotes when there are any. */
static void lex_both(struct lexer *lx)
{
	lex_run(lx);
	if (memchr(lx->s, '\'', lx->len)) {
		lx->quote2 = '\'';
		lex_run(lx);
	}
}

void jsonpos_lex_values(const char *text, size_t len, const uint32_t *map, jsonpos_key_fn *classify,
                        jsonpos_value_fn *emit, void *ctx)
{
	struct lexer lx = {.s = text, .len = len, .map = map, .quote2 = '"',
	                   .classify = classify, .emit = emit, .ctx = ctx};
	lex_both(&lx);
}

void jsonpos_lex_string(const char *file, const struct jnode *str, jsonpos_key_fn *classify,
                        jsonpos_value_fn *emit, void *ctx)
{
	const char *text = jnode_text(str);
	size_t len = jnode_text_len(str);
	struct jspan span = jnode_span(str);
	if (jnode_verbatim(str) || jnode_level_(str) != 0 || span.end - span.start < 2) {
		size_t map_len;
		uint32_t *map = jsonpos_string_map_new(file, str, &map_len);
		jsonpos_lex_values(text, len, map, classify, emit, ctx);
		free(map);
		return;
	}
	/* A string of the file: its bytes are found from its escapes when a
	 * value is reported, not mapped beforehand (an over-limit DbList of
	 * 60 MB is lexed, never parsed: its map would be 240 MB). */
	struct json_offsets offsets;
	json_offsets_init(&offsets, file, span.start + 1, span.end - 1);
	struct lexer lx = {.s = text, .len = len, .offsets = &offsets, .quote2 = '"',
	                   .classify = classify, .emit = emit, .ctx = ctx};
	lex_both(&lx);
	json_offsets_release(&offsets);
}
