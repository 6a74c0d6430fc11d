/*
 * lsp_position: byte offsets in a document <-> LSP positions, a 0-based
 * line and a character offset counted in the negotiated encoding's code
 * units: UTF-16 (the LSP default), UTF-8 (bytes) or UTF-32 (code points).
 * Lines end at "\n", "\r\n" or "\r", as LSP says.  Bytes that are not
 * valid UTF-8 count as one unit each, so no input can derail the count.
 */
#ifndef DTSLINT_LSP_POSITION_H
#define DTSLINT_LSP_POSITION_H

#include <stddef.h>

#include <json-c/json.h>

enum lsp_encoding {
	LSP_ENC_UTF16,
	LSP_ENC_UTF8,
	LSP_ENC_UTF32,
};

struct lsp_pos {
	size_t line, character;
};

/* The line table of one text, with a cursor so that converting offsets in
 * increasing order (sorted findings) costs linear time even on one long
 * line.  The text is borrowed. */
struct lsp_map {
	const char *text;
	size_t len;
	enum lsp_encoding enc;
	size_t *starts; /* byte offset of each line's start */
	size_t n_lines;
	size_t c_line, c_offset, c_units; /* last conversion */
};

void lsp_map_init(struct lsp_map *m, const char *text, size_t len, enum lsp_encoding enc);
/* The same for positions on lines up to last_line only (lsp_map_offset()
 * of those; lsp_map_position() is not for such a map): the text after
 * them is not read. */
void lsp_map_init_upto(struct lsp_map *m, const char *text, size_t len, enum lsp_encoding enc,
                       size_t last_line);
void lsp_map_release(struct lsp_map *m);

/* Offset (clamped to len) to a position; an offset inside a character
 * gives that character's start. */
struct lsp_pos lsp_map_position(struct lsp_map *m, size_t offset);

/* Position to an offset: a line past the end gives len, a character past
 * the line's end gives the line's end, one inside a character (the low
 * half of a surrogate pair) gives the character's start. */
size_t lsp_map_offset(struct lsp_map *m, struct lsp_pos pos);

/* Length in bytes of the (valid) UTF-8 character at text[i], 1 for an
 * invalid byte; *cp receives the code point (the byte if invalid). */
size_t lsp_utf8_char(const char *text, size_t len, size_t i, unsigned long *cp);

/* An LSP Range of the byte span [start, end): a new json-c object, owned
 * by the caller. */
json_object *lsp_range_json(struct lsp_map *map, size_t start, size_t end);

#endif
