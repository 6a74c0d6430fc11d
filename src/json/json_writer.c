/*
 * json_writer: see json_writer.h.
 */
#include "json_writer.h"

#include <string.h>

#include "sanitize.h"
#include "xalloc.h"

void json_escape_add(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, clean = 0;

	strbuf_addch(sb, '"');
	while (i < len) {
		uint32_t cp = 0;
		size_t n = utf8_decode(b + i, len - i, &cp);
		const char *esc = NULL;

		if (n && cp >= 0x20 && cp != '"' && cp != '\\' && !sanitize_is_hidden(cp)) {
			i += n;
			continue;
		}
		strbuf_add(sb, s + clean, i - clean);
		if (n == 0) {
			esc = "\\ufffd";
			n = 1;
		} else {
			switch (cp) {
			case '"': esc = "\\\""; break;
			case '\\': esc = "\\\\"; break;
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			}
		}
		if (esc) {
			strbuf_addstr(sb, esc);
		} else {
			char u[7] = {'\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15],
			             hex[cp >> 4 & 15], hex[cp & 15], '\0'};
			strbuf_addstr(sb, u);
		}
		i += n;
		clean = i;
	}
	strbuf_add(sb, s + clean, i - clean);
	strbuf_addch(sb, '"');
}

void json_writer_init(struct json_writer *w, struct strbuf *sb, bool pretty)
{
	memset(w, 0, sizeof *w);
	w->sb = sb;
	w->pretty = pretty;
}

static void indent(struct json_writer *w, int depth)
{
	strbuf_addch(w->sb, '\n');
	for (int i = 0; i < depth; i++)
		strbuf_add(w->sb, "  ", 2);
}

/* Before any value or key: the separator from the previous item. */
static void item(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->has_items[w->depth])
		strbuf_addch(w->sb, ',');
	w->has_items[w->depth] = true;
	if (w->pretty)
		indent(w, w->depth);
}

static void begin(struct json_writer *w, char open)
{
	item(w);
	/* The emitters nest about ten deep; more is a bug, not input. */
	if (w->depth >= JSON_WRITER_MAX_DEPTH)
		abort();
	strbuf_addch(w->sb, open);
	w->has_items[++w->depth] = false;
}

static void end(struct json_writer *w, char close)
{
	if (w->pretty)
		indent(w, w->depth - 1);
	strbuf_addch(w->sb, close);
	w->depth--;
}

void json_writer_object_begin(struct json_writer *w) { begin(w, '{'); }
void json_writer_object_end(struct json_writer *w) { end(w, '}'); }
void json_writer_array_begin(struct json_writer *w) { begin(w, '['); }
void json_writer_array_end(struct json_writer *w) { end(w, ']'); }

void json_writer_key(struct json_writer *w, const char *key)
{
	item(w);
	json_escape_add(w->sb, key);
	strbuf_addstr(w->sb, w->pretty ? ": " : ":");
	w->after_key = true;
}

void json_writer_string(struct json_writer *w, const char *s)
{
	item(w);
	json_escape_add(w->sb, s);
}

void json_writer_size(struct json_writer *w, size_t n)
{
	item(w);
	strbuf_addf(w->sb, "%zu", n);
}

void json_writer_bool(struct json_writer *w, bool b)
{
	item(w);
	strbuf_addstr(w->sb, b ? "true" : "false");
}

void json_writer_kv_string(struct json_writer *w, const char *key, const char *s)
{
	json_writer_key(w, key);
	json_writer_string(w, s);
}

void json_writer_kv_size(struct json_writer *w, const char *key, size_t n)
{
	json_writer_key(w, key);
	json_writer_size(w, n);
}
