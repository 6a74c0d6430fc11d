/*
 * pyliteral: translate the output of Python's repr() of a dict or list
 * into JSON, token by token.  Strings in either quote become JSON strings
 * (their \x and \u escapes kept as \u escapes); True, False and None
 * become true, false and null; anything else Python may print (tuples,
 * sets, bytes, \U escapes) is refused rather than guessed.  The result is
 * parsed again, so a fix never writes JSON that does not parse.
 */
#include "pyliteral.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "jsonpos.h"
#include "strbuf.h"

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A quoted Python string at s[*i] (the quote); appends its JSON form. */
static bool convert_string(const char *s, size_t len, size_t *i, struct strbuf *out)
{
	char quote = s[*i];
	strbuf_addch(out, '"');
	for (size_t k = *i + 1; k < len; k++) {
		unsigned char c = (unsigned char)s[k];
		if (c == (unsigned char)quote) {
			strbuf_addch(out, '"');
			*i = k + 1;
			return true;
		}
		if (c == '"') {
			strbuf_add(out, "\\\"", 2);
		} else if (c < 0x20) {
			return false; /* a raw control character: not repr() output */
		} else if (c != '\\') {
			strbuf_addch(out, c);
		} else if (k + 1 >= len) {
			return false;
		} else {
			char e = s[++k];
			switch (e) {
			case '\\': strbuf_add(out, "\\\\", 2); break;
			case '\'': strbuf_addch(out, '\''); break;
			case '"': strbuf_add(out, "\\\"", 2); break;
			case 'n': strbuf_add(out, "\\n", 2); break;
			case 't': strbuf_add(out, "\\t", 2); break;
			case 'r': strbuf_add(out, "\\r", 2); break;
			case 'x':
				if (k + 2 >= len || !is_hex(s + k + 1, 2))
					return false;
				strbuf_add(out, "\\u00", 4);
				strbuf_add(out, s + k + 1, 2);
				k += 2;
				break;
			case 'u':
				if (k + 4 >= len || !is_hex(s + k + 1, 4))
					return false;
				strbuf_add(out, "\\u", 2);
				strbuf_add(out, s + k + 1, 4);
				k += 4;
				break;
			default:
				return false;
			}
		}
	}
	return false; /* unterminated */
}

static bool word_at(const char *s, size_t len, size_t i, const char *word)
{
	size_t n = strlen(word);
	if (i + n > len || memcmp(s + i, word, n) != 0)
		return false;
	return i + n == len || !(isalnum((unsigned char)s[i + n]) || s[i + n] == '_');
}

char *pyliteral_to_json(const char *s, size_t len, size_t *out_len)
{
	static const struct { const char *py, *json; } words[] = {
		{"True", "true"}, {"False", "false"}, {"None", "null"},
	};
	struct strbuf out = STRBUF_INIT;
	size_t i = 0;
	while (i < len) {
		char c = s[i];
		if (c == '\'' || c == '"') {
			if (!convert_string(s, len, &i, &out))
				goto fail;
			continue;
		}
		if (ascii_in_set(c, "{}[]:,-+.eE \t\r\n") || isdigit((unsigned char)c)) {
			strbuf_addch(&out, c);
			i++;
			continue;
		}
		bool found = false;
		for (size_t w = 0; w < sizeof words / sizeof words[0] && !found; w++) {
			if (word_at(s, len, i, words[w].py)) {
				strbuf_addstr(&out, words[w].json);
				i += strlen(words[w].py);
				found = true;
			}
		}
		if (!found)
			goto fail;
	}
	struct jdoc *doc = jdoc_new();
	struct jerror err;
	struct jnode *root = jsonpos_parse(doc, out.buf, out.len, &err);
	bool ok = root && (jnode_type(root) == JT_OBJECT || jnode_type(root) == JT_ARRAY);
	jdoc_free(doc);
	if (!ok)
		goto fail;
	return strbuf_detach(&out, out_len);
fail:
	strbuf_release(&out);
	return NULL;
}
