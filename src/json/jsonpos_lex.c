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
 */

/* Zeroed bytes after a key or text handed to the classifier: PCRE2's JIT
 * reads the subject in aligned words, past its end (see jsonpos_tape.c). */
#define LEX_SLACK 16

struct lexer {
	const char *s;
	size_t len;
	const uint32_t *map; /* NULL: s is the file */
	char quote2;         /* the second string delimiter ('\'', or '"' again) */
	jsonpos_key_fn *classify;
	jsonpos_value_fn *emit;
	void *ctx;
};

static size_t lex_at(const struct lexer *lx, size_t i)
{
	return lx->map ? lx->map[i] : i;
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
	return is_lex_space(c) || c == ',' || c == ':' || c == '{' || c == '}' || c == '[' ||
	       c == ']' || c == '"' || c == lx->quote2;
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
	struct jsonpos_lexed v = {.content = {lex_at(lx, start), lex_at(lx, end)}, .secret = secret};
	lx->emit(lx->ctx, &v);
}

/* A string value at s[i, end): its content, decoded with its map when it
 * is not secret and holds a quote (so it may hold JSON in turn). */
static void lex_emit_string(const struct lexer *lx, size_t i, size_t end, bool closed, bool secret)
{
	size_t body_start = i + 1, body_end = closed ? end - 1 : end;
	struct jsonpos_lexed v = {.content = {lex_at(lx, body_start), lex_at(lx, body_end)},
	                          .secret = secret};
	size_t n = body_end - body_start;
	if (secret || (!memchr(lx->s + body_start, '"', n) && !memchr(lx->s + body_start, '\'', n))) {
		lx->emit(lx->ctx, &v);
		return;
	}
	char *text = xcalloc(n + LEX_SLACK, 1);
	uint32_t *map = xmalloc((n + 1) * sizeof *map);
	bool broken;
	size_t len = lex_decode(lx->s, body_start, body_end, text, map, &broken);
	text[len] = '\0';
	for (size_t k = 0; k < len; k++)
		map[k] = (uint32_t)lex_at(lx, map[k]);
	map[len] = (uint32_t)lex_at(lx, body_end);
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

static void lex_run(const struct lexer *lx)
{
	const char *s = lx->s;
	size_t len = lx->len;
	size_t key_start = 0, key_end = 0, depth = 0;
	bool have_key = false, key_quoted = false, after_colon = false, value_secret = false;
	size_t secret_from = SIZE_MAX, secret_start = 0; /* a secret container being skipped */
	for (size_t i = 0; i < len;) {
		char c = s[i];
		if (is_lex_space(c)) {
			i++;
			continue;
		}
		if (c == '"' || c == lx->quote2) {
			bool closed;
			size_t end = lex_string_end(s, len, i, &closed);
			if (secret_from != SIZE_MAX) {
				/* inside a secret container: only brackets matter */
			} else if (after_colon) {
				lex_emit_string(lx, i, end, closed, value_secret);
				have_key = after_colon = false;
			} else {
				have_key = true;
				key_quoted = true;
				key_start = i + 1;
				key_end = closed ? end - 1 : end;
				/* no ':' follows: a value after all (an array element),
				 * which may hold JSON too */
				size_t j = end;
				while (j < len && is_lex_space(s[j]))
					j++;
				if (j == len || s[j] != ':')
					lex_emit_string(lx, i, end, closed, false);
			}
			i = end;
			continue;
		}
		if (c == '{' || c == '[') {
			if (secret_from == SIZE_MAX && after_colon && value_secret) {
				secret_from = depth;
				secret_start = i;
			}
			depth++;
			have_key = after_colon = false;
			i++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (depth)
				depth--;
			if (secret_from == depth) {
				lex_emit_span(lx, secret_start, i + 1, true);
				secret_from = SIZE_MAX;
			}
			have_key = after_colon = false;
			i++;
			continue;
		}
		if (secret_from != SIZE_MAX) {
			i++;
			continue;
		}
		if (c == ':' && have_key && !after_colon) {
			after_colon = true;
			value_secret = lex_classify(lx, key_start, key_end, key_quoted);
			i++;
			continue;
		}
		if (c == ',' || c == ':') {
			have_key = after_colon = false;
			i++;
			continue;
		}
		if (after_colon && c == '/' && i + 1 < len && (s[i + 1] == '/' || s[i + 1] == '*')) {
			/* a comment between the colon and the value: skipped, and
			 * masked too under a secret key (it may be the value), else
			 * lexed on its own (it may hold a pair) */
			size_t end;
			if (s[i + 1] == '/') {
				const char *nl = memchr(s + i, '\n', len - i);
				end = nl ? (size_t)(nl - s) : len;
			} else {
				end = i + 2;
				while (end < len && !(s[end] == '*' && end + 1 < len && s[end + 1] == '/'))
					end++;
				end = end < len ? end + 2 : len;
			}
			if (value_secret)
				lex_emit_span(lx, i, end, true);
			else
				lex_emit_text(lx, i, end);
			i = end;
			continue;
		}
		/* An unquoted word: a key when a ':' follows, a value after one
		 * (up to the end of the member: "hunter 2" is one value). */
		size_t end = i;
		if (after_colon) {
			while (end < len && s[end] != ',' && s[end] != '}' && s[end] != ']' && s[end] != '{' &&
			       s[end] != '[' && s[end] != '\n' && s[end] != '"' && s[end] != lx->quote2)
				end++;
			size_t stop = end;
			while (stop > i && is_lex_space(s[stop - 1]))
				stop--;
			if (value_secret)
				lex_emit_span(lx, i, stop, true);
			have_key = after_colon = false;
		} else {
			while (end < len && !ends_word(lx, s[end]))
				end++;
			have_key = true;
			key_quoted = false;
			key_start = i;
			key_end = end;
		}
		i = end > i ? end : i + 1;
	}
	if (secret_from != SIZE_MAX)
		lex_emit_span(lx, secret_start, len, true);
}

void jsonpos_lex_values(const char *text, size_t len, const uint32_t *map, jsonpos_key_fn *classify,
                        jsonpos_value_fn *emit, void *ctx)
{
	struct lexer lx = {.s = text, .len = len, .map = map, .quote2 = '"',
	                   .classify = classify, .emit = emit, .ctx = ctx};
	lex_run(&lx);
	if (memchr(text, '\'', len)) {
		lx.quote2 = '\'';
		lex_run(&lx);
	}
}
