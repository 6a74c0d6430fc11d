/*
 * lsp_position: UTF-8 byte offsets <-> LSP line/character (lsp_position.h).
 */
#include "lsp_position.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "xalloc.h"

size_t lsp_utf8_char(const char *text, size_t len, size_t i, unsigned long *cp)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char c = s[i];
	size_t n;
	unsigned long v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = c;
		return 1;
	}
	if (i + n > len)
		goto invalid;
	for (size_t k = 1; k < n; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			goto invalid;
		v = (v << 6) | (s[i + k] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto invalid;
	*cp = v;
	return n;
invalid:
	*cp = c;
	return 1;
}

static size_t units_of(enum lsp_encoding enc, size_t bytes, unsigned long cp)
{
	switch (enc) {
	case LSP_ENC_UTF8: return bytes;
	case LSP_ENC_UTF32: return 1;
	default: return bytes > 1 && cp >= 0x10000 ? 2 : 1;
	}
}

void lsp_map_init(struct lsp_map *m, const char *text, size_t len, enum lsp_encoding enc)
{
	lsp_map_init_upto(m, text, len, enc, (size_t)-1);
}

void lsp_map_init_upto(struct lsp_map *m, const char *text, size_t len, enum lsp_encoding enc,
                       size_t last_line)
{
	size_t cap = 64, n = 0;
	size_t *starts = xmalloc(cap * sizeof *starts);
	starts[n++] = 0;
	/* Requests seldom hold a '\r': then memchr finds the lines.  Only
	 * the text up to the lines wanted is looked at (a keystroke near the
	 * top of a 1 MB request needs a few lines, not all of them). */
	size_t scan = len, wanted = last_line < (size_t)-2 ? last_line + 2 : (size_t)-1; /* line starts */
	if (wanted != (size_t)-1) {
		const char *p = text, *end = text + len;
		for (size_t k = 0; k < wanted && p < end; k++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl + 1 : end;
		}
		/* a '\r' also ends a line: there are as many lines before p, or more */
		scan = (size_t)(p - text);
	}
	bool has_cr = memchr(text, '\r', scan) != NULL;
	for (size_t i = 0; i < len && n < wanted; i++) {
		if (!has_cr) {
			const char *nl = memchr(text + i, '\n', scan - i);
			if (!nl)
				break;
			i = (size_t)(nl - text);
		} else if (text[i] != '\n' && text[i] != '\r') {
			continue;
		} else if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') {
			i++;
		}
		if (n == cap)
			starts = xrealloc(starts, (cap *= 2) * sizeof *starts);
		starts[n++] = i + 1;
	}
	*m = (struct lsp_map){.text = text, .len = len, .enc = enc, .starts = starts, .n_lines = n};
}

void lsp_map_release(struct lsp_map *m)
{
	free(m->starts);
	m->starts = NULL;
}

static size_t line_of(const struct lsp_map *m, size_t offset)
{
	size_t lo = 0, hi = m->n_lines; /* starts[lo] <= offset < starts[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* End of a line's content: before its "\n", "\r\n" or "\r". */
static size_t line_end(const struct lsp_map *m, size_t line)
{
	size_t end = line + 1 < m->n_lines ? m->starts[line + 1] : m->len;
	while (end > m->starts[line] && (m->text[end - 1] == '\n' || m->text[end - 1] == '\r'))
		end--;
	return end;
}

struct lsp_pos lsp_map_position(struct lsp_map *m, size_t offset)
{
	if (offset > m->len)
		offset = m->len;
	size_t line = line_of(m, offset);
	size_t i = m->starts[line], units = 0;
	if (m->c_line == line && m->c_offset >= i && m->c_offset <= offset)
		i = m->c_offset, units = m->c_units;
	while (i < offset) {
		unsigned long cp;
		size_t n = lsp_utf8_char(m->text, m->len, i, &cp);
		if (i + n > offset)
			break;
		units += units_of(m->enc, n, cp);
		i += n;
	}
	m->c_line = line, m->c_offset = i, m->c_units = units;
	return (struct lsp_pos){line, units};
}

size_t lsp_map_offset(struct lsp_map *m, struct lsp_pos pos)
{
	if (pos.line >= m->n_lines)
		return m->len;
	size_t i = m->starts[pos.line], end = line_end(m, pos.line), units = 0;
	while (i < end) {
		unsigned long cp;
		size_t n = lsp_utf8_char(m->text, m->len, i, &cp);
		size_t u = units_of(m->enc, n, cp);
		if (units + u > pos.character)
			break;
		units += u;
		i += n;
	}
	return i;
}

json_object *lsp_range_json(struct lsp_map *map, size_t start, size_t end)
{
	struct lsp_pos a = lsp_map_position(map, start);
	struct lsp_pos z = lsp_map_position(map, end);
	json_object *r = json_object_new_object(), *ja = json_object_new_object(),
	            *jz = json_object_new_object();
	json_object_object_add(ja, "line", json_object_new_int64((int64_t)a.line));
	json_object_object_add(ja, "character", json_object_new_int64((int64_t)a.character));
	json_object_object_add(jz, "line", json_object_new_int64((int64_t)z.line));
	json_object_object_add(jz, "character", json_object_new_int64((int64_t)z.character));
	json_object_object_add(r, "start", ja);
	json_object_object_add(r, "end", jz);
	return r;
}
