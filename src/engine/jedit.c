/*
 * jedit: encode a replacement for every level of string nesting between
 * the node and the file.  A node of a tree parsed out of a string has its
 * root marked nested_root, whose parent is that string node: walking up
 * gives the levels, innermost first.  Each level is either a JSON string
 * (escape " \ and control characters) or a query-string value built by
 * query.c (verbatim: percent-encode everything but unreserved bytes), or
 * a shell word aliyun_cli.c built (written in the quoting the file uses
 * there, read from the file's bytes), or an HCL string terraform_hcl.c
 * built (a quoted string escapes like JSON, a heredoc is raw, and both
 * double "${" and "%{").
 */
#include "jedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

#define MAX_LEVELS 16

/* The string node `str`'s own encoding: a JSON string's, or what the
 * reader that built it says. */
static enum request_escape level_escape(const struct jnode *str, enum request_escape built)
{
	return jnode_verbatim(str) ? built : REQUEST_ESCAPE_JSON;
}

/* The string nodes that hold n's tree, innermost first. */
static size_t enclosing_strings(const struct jnode *n, const struct jnode **out, size_t max)
{
	size_t k = 0;
	for (const struct jnode *p = n; p; p = jnode_parent(p)) {
		if (jnode_nested_root(p) && jnode_parent(p)) {
			if (k == max)
				return max + 1;
			out[k++] = jnode_parent(p);
		}
	}
	return k;
}

static void escape_json(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, c);
		} else if (c == '\n') {
			strbuf_add(out, "\\n", 2);
		} else if (c == '\t') {
			strbuf_add(out, "\\t", 2);
		} else if (c == '\r') {
			strbuf_add(out, "\\r", 2);
		} else if (c < 0x20 || c == 0x7F) {
			strbuf_addf(out, "\\u%04x", c);
		} else {
			strbuf_addch(out, c);
		}
	}
}

static void escape_query(struct strbuf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			strbuf_addch(out, c);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		}
	}
}

/* How a shell word's content is quoted where a fix writes into it. */
enum shell_quoting { SHELL_NO_FIX, SHELL_SINGLE, SHELL_DOUBLE, SHELL_BARE };

/* Does file[start, end) hold the byte c, outside backslash escapes when
 * escapes count? */
static bool holds(const char *file, size_t start, size_t end, char c, bool escapes)
{
	for (size_t i = start; i < end; i++) {
		if (escapes && file[i] == '\\')
			i++;
		else if (file[i] == c)
			return true;
	}
	return false;
}

/* The quoting of a shell word's content: wholly inside one pair of single
 * or double quotes, or bare (a separator before it, no quote in it).  A
 * word that mixes them ("a"'b') gets no fix: one replacement cannot be
 * written in two quotings. */
static enum shell_quoting shell_quoting(const struct jnode *str, const char *file)
{
	struct jspan cs = jnode_content_span(str);
	char before = cs.start ? file[cs.start - 1] : '\n';
	if (before == '\'' && file[cs.end] == '\'' && !holds(file, cs.start, cs.end, '\'', false))
		return SHELL_SINGLE;
	if (before == '"' && file[cs.end] == '"' && !holds(file, cs.start, cs.end, '"', true))
		return SHELL_DOUBLE;
	if (before && strchr(" \t\n=:", before) && !holds(file, cs.start, cs.end, '\'', false) &&
	    !holds(file, cs.start, cs.end, '"', false))
		return SHELL_BARE;
	return SHELL_NO_FIX;
}

/* Decoded text as the shell reads it back in that quoting; false when it
 * cannot be (a line break in a bare word). */
static bool escape_shell(struct strbuf *out, enum shell_quoting q, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (q == SHELL_SINGLE && c == '\'') {
			strbuf_add(out, "'\\''", 4); /* close, an escaped quote, reopen */
			continue;
		}
		if (q == SHELL_DOUBLE && strchr("\"\\$`", c) && c)
			strbuf_addch(out, '\\');
		if (q == SHELL_BARE && c == '\n')
			return false;
		if (q == SHELL_BARE && !(c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		                         strchr("_-./:,=@%+^", c)))
			strbuf_addch(out, '\\');
		strbuf_addch(out, c);
	}
	return true;
}

/* HCL: "${" and "%{" open a template in quoted strings and heredocs
 * alike; "$${" and "%%{" are the literal text. */
static void escape_hcl(struct strbuf *out, const char *s, size_t len, bool quoted)
{
	for (size_t i = 0; i < len; i++) {
		if ((s[i] == '$' || s[i] == '%') && i + 1 < len && s[i + 1] == '{')
			strbuf_addch(out, s[i]);
		if (quoted)
			escape_json(out, s + i, 1);
		else
			strbuf_addch(out, s[i]);
	}
}

/* A string the HCL reader built is a heredoc when its text does not
 * start right after an opening quote (a quoted string's first byte, or
 * the backslash of its escape, is the one after the quote). */
static bool hcl_heredoc(const struct jnode *str)
{
	return jnode_content_span(str).start != jnode_span(str).start + 1;
}

/* One level's encoding; false when there is no way to write it. */
static bool encode_level(struct strbuf *out, enum request_escape escape, const struct jnode *str,
                         const char *file, const char *s, size_t len)
{
	if (escape == REQUEST_ESCAPE_HCL) {
		escape_hcl(out, s, len, !hcl_heredoc(str));
		return true;
	}
	if (escape == REQUEST_ESCAPE_SHELL) {
		enum shell_quoting q = file ? shell_quoting(str, file) : SHELL_NO_FIX;
		return q != SHELL_NO_FIX && escape_shell(out, q, s, len);
	}
	if (escape == REQUEST_ESCAPE_PERCENT)
		escape_query(out, s, len);
	else
		escape_json(out, s, len);
	return true;
}

char *jedit_encode(const struct jnode *node, bool own_level, const char *text, size_t len,
                   enum request_escape built, const char *file, size_t *out_len)
{
	const struct jnode *levels[MAX_LEVELS + 1];
	size_t n_levels = 0;
	if (own_level)
		levels[n_levels++] = node;
	size_t k = enclosing_strings(node, levels + n_levels, MAX_LEVELS - n_levels);
	if (k > MAX_LEVELS - n_levels)
		return NULL;
	n_levels += k;
	for (size_t i = 0; i < n_levels; i++)
		if (level_escape(levels[i], built) == REQUEST_ESCAPE_NONE)
			return NULL; /* a reader's string with no known way to write it */
	struct strbuf cur = STRBUF_INIT;
	strbuf_add(&cur, text, len);
	for (size_t i = 0; i < n_levels; i++) {
		struct strbuf next = STRBUF_INIT;
		bool ok = encode_level(&next, level_escape(levels[i], built), levels[i], file, cur.buf, cur.len);
		strbuf_release(&cur);
		cur = next;
		if (!ok) {
			strbuf_release(&cur);
			return NULL;
		}
	}
	return strbuf_detach(&cur, out_len);
}

/* A command line's flag, --Name written bare: the name after the dashes,
 * if the new one needs no quoting. */
static bool jedit_flag(struct diag *d, const struct jnode *member, const char *key, const char *file)
{
	struct jspan span = jnode_key_span(member);
	if (!file || span.end - span.start < 3 || file[span.start] != '-' || file[span.start + 1] != '-')
		return false;
	for (size_t i = span.start + 2; i < span.end; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-", file[i]))
			return false; /* a quoted or escaped flag */
	for (const char *k = key; *k; k++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-", *k))
			return false;
	diag_add_edit(d, span.start + 2, span.end, key, strlen(key));
	return true;
}

static bool hcl_identifier(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

/* A key of an HCL object (jsonencode({...})): bare (its span is exactly
 * its name: an identifier has no escapes) or quoted.  Such an object is
 * never inside a string, so the key's own level is the only one. */
static bool hcl_key(struct diag *d, const struct jnode *member, const char *key)
{
	struct jspan span = jnode_key_span(member);
	struct strbuf text = STRBUF_INIT;
	if (span.end - span.start == jnode_key_len(member)) {
		if (!hcl_identifier(key))
			return false; /* a bare key cannot say it; quoting it is a bigger edit */
		strbuf_add(&text, key, strlen(key));
	} else {
		span = (struct jspan){span.start + 1, span.end - 1};
		escape_hcl(&text, key, strlen(key), true);
	}
	diag_add_edit(d, span.start, span.end, text.buf, text.len);
	strbuf_release(&text);
	return true;
}

bool jedit_key(struct diag *d, const struct jnode *member, const char *key, enum request_escape built,
               const char *file)
{
	if (!jnode_key(member))
		return false;
	if (built == REQUEST_ESCAPE_SHELL && jnode_verbatim(member))
		return jedit_flag(d, member, key, file);
	if (built == REQUEST_ESCAPE_HCL && jnode_built(member))
		return hcl_key(d, member, key);
	size_t len;
	/* The key's own level: a JSON key is a JSON string, a query-string
	 * name is percent-encoded like its value. */
	char *text = jedit_encode(member, true, key, strlen(key), built, file, &len);
	if (!text)
		return false;
	struct jspan span = jnode_key_content_span(member);
	if (jnode_built(member) && built == REQUEST_ESCAPE_JSON && span.end - span.start >= 2)
		span = (struct jspan){span.start + 1, span.end - 1}; /* a built key keeps its quotes */
	if (span.start == 0 && span.end == 0 && !jnode_built(member)) {
		free(text);
		return false;
	}
	diag_add_edit(d, span.start, span.end, text, len);
	free(text);
	return true;
}

bool jedit_value(struct diag *d, const struct jnode *node, const char *text, size_t len,
                 enum request_escape built, const char *file)
{
	bool is_string = jnode_type(node) == JT_STRING;
	size_t out_len;
	char *out;
	if (is_string) {
		out = jedit_encode(node, true, text, len, built, file, &out_len);
	} else {
		/* A number where a String parameter belongs ("JobCode": 1): the
		 * fixed value is written as the string it should have been. */
		struct strbuf literal = STRBUF_INIT;
		strbuf_addch(&literal, '"');
		if (jnode_built(node) && built == REQUEST_ESCAPE_HCL)
			escape_hcl(&literal, text, len, true); /* an HCL value, not JSON */
		else
			escape_json(&literal, text, len);
		strbuf_addch(&literal, '"');
		out = jedit_encode(node, false, literal.buf, literal.len, built, file, &out_len);
		strbuf_release(&literal);
	}
	if (!out)
		return false;
	struct jspan span = is_string ? jnode_content_span(node) : jnode_span(node);
	diag_add_edit(d, span.start, span.end, out, out_len);
	free(out);
	return true;
}
