/*
 * jsonpos_decode: JSON string escapes.
 */
#include "jsonpos_decode.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "xalloc.h"

bool json_read_hex4(const char *s, size_t len, size_t pos, unsigned *out)
{
	if (pos + 4 > len)
		return false;
	unsigned v = 0;
	for (size_t i = 0; i < 4; i++) {
		int h = ascii_hex_value(s[pos + i]);
		if (h < 0)
			return false;
		v = v * 16 + (unsigned)h;
	}
	*out = v;
	return true;
}

bool json_letter_escape(char e, unsigned *cp)
{
	switch (e) {
	case 'b': *cp = '\b'; return true;
	case 'f': *cp = '\f'; return true;
	case 'n': *cp = '\n'; return true;
	case 'r': *cp = '\r'; return true;
	case 't': *cp = '\t'; return true;
	case '"': case '\\': case '/': *cp = (unsigned char)e; return true;
	default: return false;
	}
}

size_t json_utf8_encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t json_decode_body(const char *s, size_t start, size_t end, char *out, uint32_t *map)
{
	size_t k = 0;
	size_t i = start;
	while (i < end) {
		size_t at = i;
		if (s[i] != '\\') {
			if (map)
				map[k] = (uint32_t)at;
			if (out)
				out[k] = s[i];
			k++;
			i++;
			continue;
		}
		char e = s[i + 1];
		i += 2;
		unsigned cp;
		if (e == 'u') {
			json_read_hex4(s, end, i, &cp);
			i += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				unsigned lo;
				json_read_hex4(s, end, i + 2, &lo);
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
		} else if (!json_letter_escape(e, &cp)) {
			cp = (unsigned char)e; /* checked by the caller: not reached */
		}
		char buf[4];
		size_t n = json_utf8_encode(cp, buf);
		for (size_t j = 0; j < n; j++) {
			if (map)
				map[k] = (uint32_t)at;
			if (out)
				out[k] = buf[j];
			k++;
		}
	}
	return k;
}

size_t json_decoded_length(const char *s, size_t start, size_t end)
{
	size_t len = end - start;
	const char *p = s + start, *stop = s + end;
	while ((p = memchr(p, '\\', (size_t)(stop - p))) != NULL) {
		if (p[1] != 'u') {
			len -= 1; /* two bytes, one character */
			p += 2;
			continue;
		}
		unsigned cp = 0;
		json_read_hex4(s, end, (size_t)(p - s) + 2, &cp);
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			len -= 12 - 4; /* a surrogate pair: four bytes of UTF-8 */
			p += 12;
		} else {
			len -= 6 - (cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3);
			p += 6;
		}
	}
	return len;
}

/* The character at s[i] (well formed): how many bytes it takes in s
 * (returned) and how many it decodes to (*out). */
static size_t decode_step(const char *s, size_t i, size_t end, size_t *out)
{
	if (s[i] != '\\') {
		*out = 1;
		return 1;
	}
	if (s[i + 1] != 'u') {
		*out = 1;
		return 2;
	}
	unsigned cp = 0;
	json_read_hex4(s, end, i + 2, &cp);
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		*out = 4;
		return 12;
	}
	*out = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
	return 6;
}

/* Put the cursor on the character at s[at], whose first decoded byte is k. */
static void offsets_seek(struct json_offsets *m, size_t at, size_t k)
{
	m->at = at;
	m->k = k;
	m->raw = at < m->end ? decode_step(m->s, at, m->end, &m->n) : 0;
	if (at >= m->end)
		m->n = 0;
}

void json_offsets_init(struct json_offsets *m, const char *s, size_t start, size_t end)
{
	size_t len = json_decoded_length(s, start, end);
	size_t marks = len / JSON_OFFSETS_STEP + 1;
	*m = (struct json_offsets){.s = s, .start = start, .end = end, .len = len,
	                           .mark_at = xreallocarray(NULL, marks, sizeof *m->mark_at),
	                           .mark_k = xreallocarray(NULL, marks, sizeof *m->mark_k)};
	/* the character holding decoded byte next * STEP, for each mark: a
	 * walk with the cursor, from the start (marks STEP apart: it never
	 * reads one not made yet) */
	offsets_seek(m, start, 0);
	for (size_t next = 0; next < marks; next++) {
		size_t at = json_offsets_at(m, next * JSON_OFFSETS_STEP);
		m->mark_at[next] = (uint32_t)at;
		m->mark_k[next] = (uint32_t)(at < end ? m->k : len);
	}
	offsets_seek(m, start, 0);
}

void json_offsets_release(struct json_offsets *m)
{
	free(m->mark_at);
	free(m->mark_k);
	m->mark_at = m->mark_k = NULL;
}

size_t json_offsets_at(struct json_offsets *m, size_t k)
{
	if (k >= m->len)
		return m->end;
	if (k < m->k || k - m->k >= 2 * JSON_OFFSETS_STEP) {
		size_t mark = k / JSON_OFFSETS_STEP;
		offsets_seek(m, m->mark_at[mark], m->mark_k[mark]);
	}
	if (k < m->k + m->n)
		return m->at;
	/* Walk on: a plain byte is one byte of text, and most are plain, so
	 * the walk goes from escape to escape (memchr() once the way is long:
	 * the marks are made by a walk over the whole string). */
	const char *s = m->s;
	size_t at = m->at + m->raw, kk = m->k + m->n;
	for (;;) {
		size_t ahead = k - kk; /* plain bytes before k's, if all are */
		const char *esc;
		if (ahead < 16) {
			esc = NULL;
			for (size_t i = 0; i <= ahead && !esc; i++)
				esc = s[at + i] == '\\' ? s + at + i : NULL;
		} else {
			esc = memchr(s + at, '\\', ahead + 1);
		}
		if (!esc) {
			m->at = at + ahead;
			m->k = k;
			m->n = m->raw = 1;
			return m->at;
		}
		kk += (size_t)(esc - (s + at));
		at = (size_t)(esc - s);
		offsets_seek(m, at, kk);
		if (k < kk + m->n)
			return at;
		at += m->raw;
		kk += m->n;
	}
}
