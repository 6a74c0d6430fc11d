/*
 * template: substitute {name} placeholders.  "{{" and "}}" would be a
 * needless feature: messages never need a literal brace around a word,
 * and a lone brace (as in '{' in a JSON hint) is kept as it is.
 */
#include "template.h"

#include <stdbool.h>
#include <string.h>

#include "xalloc.h"

static const char *const known_names[] = {
	"param", "value", "expected", "type", "operation", "when.param",
	"when.value", "other", "limit", "count",
};

static size_t placeholder_len(const char *p)
{
	/* p points at '{'; a placeholder is {[a-z.]+} */
	size_t i = 1;
	while ((p[i] >= 'a' && p[i] <= 'z') || p[i] == '.')
		i++;
	return p[i] == '}' && i > 1 ? i + 1 : 0;
}

static bool name_is_known(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof known_names / sizeof known_names[0]; i++)
		if (strlen(known_names[i]) == len && memcmp(known_names[i], name, len) == 0)
			return true;
	return false;
}

const char *template_check(const char *tmpl)
{
	for (const char *p = strchr(tmpl, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = placeholder_len(p);
		if (n && !name_is_known(p + 1, n - 2))
			return p;
	}
	return NULL;
}

char *template_render(const char *tmpl, const struct template_var *vars, size_t n_vars)
{
	size_t cap = strlen(tmpl) + 64, len = 0;
	char *out = xmalloc(cap);
	for (const char *p = tmpl; *p;) {
		size_t n = *p == '{' ? placeholder_len(p) : 0;
		const char *piece = p;
		size_t piece_len = 1;
		if (n) {
			piece = NULL;
			for (size_t i = 0; i < n_vars; i++)
				if (strlen(vars[i].name) == n - 2 && memcmp(vars[i].name, p + 1, n - 2) == 0)
					piece = vars[i].value;
			if (!piece)
				piece = "";
			piece_len = strlen(piece);
			p += n;
		} else {
			p++;
		}
		if (len + piece_len + 1 > cap) {
			cap = (len + piece_len + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + len, piece, piece_len);
		len += piece_len;
	}
	out[len] = '\0';
	return out;
}

const char *template_shorten(const char *text, size_t len, char *buf, size_t size)
{
	size_t out = 0, chars = 0, i = 0;
	while (i < len && chars < 60 && out + 8 < size) {
		unsigned char c = (unsigned char)text[i];
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (i + n > len)
			n = len - i;
		/* Byte by byte, not memcpy: the engine shortens every key it
		 * checks, so this runs for most values of a 10 MB request. */
		if (c < 0x20 || c == 0x7F) {
			buf[out++] = '?';
		} else {
			for (size_t k = 0; k < n; k++)
				buf[out++] = text[i + k];
		}
		i += n;
		chars++;
	}
	if (i < len && out + 4 <= size) {
		memcpy(buf + out, "...", 3);
		out += 3;
	}
	buf[out] = '\0';
	return buf;
}
