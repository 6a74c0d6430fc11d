/*
 * jsonpos_decode: JSON string escapes, private to jsonpos*.c.
 */
#ifndef DTSLINT_JSONPOS_DECODE_H
#define DTSLINT_JSONPOS_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Four hexadecimal digits at s[pos] (s has len bytes) into *out. */
bool json_read_hex4(const char *s, size_t len, size_t pos, unsigned *out);

/* The character a one-letter escape stands for (\b \f \n \r \t \" \\ \/),
 * into *cp; false for any other letter. */
bool json_letter_escape(char e, unsigned *cp);

/* UTF-8 of code point cp into out (room for 4); returns its length. */
size_t json_utf8_encode(unsigned cp, char *out);

/* Decode the string body s[start, end) (between the quotes, known to be
 * well formed) into out, which has room for end - start bytes, or only
 * measure it when out is NULL.  If map is not NULL, map[k] receives the
 * offset in s of the escape or character that produced output byte k.
 * Returns the decoded length. */
size_t json_decode_body(const char *s, size_t start, size_t end, char *out, uint32_t *map);

/* What json_decode_body() would return for s[start, end), counted from
 * the escapes alone. */
size_t json_decoded_length(const char *s, size_t start, size_t end);

/* Where each byte of the decoded body s[start, end) (well formed) is in
 * s, found when asked: json_decode_body()'s map costs four bytes a byte,
 * which for a DbList string of 60 MB lexed for secrets was four times the
 * input.  This keeps a mark every JSON_OFFSETS_STEP decoded bytes (the
 * character holding that byte: its first decoded byte and its offset in
 * s) and a cursor, so that lookups in rising order, as lexing and parsing
 * make them, cost a step a byte, and any other costs at most a step. */
#define JSON_OFFSETS_STEP 256
struct json_offsets {
	const char *s;
	size_t start, end, len; /* len: decoded */
	uint32_t *mark_at;      /* per mark: the character's offset in s */
	uint32_t *mark_k;       /* and its first decoded byte */
	size_t k, at, n, raw;   /* the cursor: the character s[at, at + raw) decodes to bytes
	                         * [k, k + n) */
};

void json_offsets_init(struct json_offsets *m, const char *s, size_t start, size_t end);
void json_offsets_release(struct json_offsets *m);

/* The offset in s of the character that decoded byte k came from
 * (json_decode_body()'s map[k]); k == len gives end. */
size_t json_offsets_at(struct json_offsets *m, size_t k);

/* json_offsets_at(), with the lexer's common case inline: k is the byte
 * after the cursor's character, and a plain one.  Its maps ask for every
 * byte of a decoded string in turn, a call each (5.9 million for a 60 MB
 * request with an over-limit DbList string, bench/README.md). */
static inline size_t json_offsets_at_next(struct json_offsets *m, size_t k)
{
	size_t at = m->at + m->raw;
	if (k == m->k + m->n && k < m->len && m->s[at] != '\\') {
		m->at = at;
		m->k = k;
		m->n = m->raw = 1;
		return at;
	}
	return json_offsets_at(m, k);
}

#endif
