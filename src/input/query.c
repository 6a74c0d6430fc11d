/*
 * query: see query.h.  Percent-decoding keeps, for every decoded byte, the
 * file offset it came from, so a finding inside a DbList written as
 * %7B%22db%22... points at the exact escape in the file.
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "xalloc.h"

void request_problem_add(struct request_problem_list *list, enum request_problem_kind kind,
                         struct jspan span, const char *message)
{
	if (list->len == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->items = xreallocarray(list->items, list->cap, sizeof *list->items);
	}
	struct request_problem *p = &list->items[list->len++];
	p->kind = kind;
	p->span = span;
	snprintf(p->message, sizeof p->message, "%s", message);
}

void request_problem_list_release(struct request_problem_list *list)
{
	free(list->items);
	list->items = NULL;
	list->len = list->cap = 0;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The first non-blank byte of the text (after a byte order mark). */
bool query_detect(const char *bytes, size_t len)
{
	size_t i = 0;
	while (i < len && (is_blank(bytes[i]) || bytes[i] == '\n'))
		i++;
	const char *s = bytes + i;
	size_t n = len - i;
	if (starts_with(s, n, "http://") || starts_with(s, n, "https://") ||
	    starts_with(s, n, "http(s)://") || starts_with(s, n, "?") || starts_with(s, n, "&") ||
	    starts_with(s, n, "Action="))
		return true;
	/* Only the query: a parameter name, then '='. */
	size_t k = 0;
	while (k < n && ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') ||
	                 (s[k] >= '0' && s[k] <= '9') || s[k] == '_' || s[k] == '.'))
		k++;
	return k > 0 && k < n && s[k] == '=';
}

/* Length of the valid UTF-8 prefix of s[0, len). */
static size_t utf8_valid_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
		if (n == 0 || i + n > len || (n == 2 && c < 0xC2))
			return i;
		for (size_t k = 1; k < n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
		if ((n == 3 && c == 0xE0 && s[i + 1] < 0xA0) || (n == 3 && c == 0xED && s[i + 1] >= 0xA0) ||
		    (n == 4 && c == 0xF0 && s[i + 1] < 0x90) || (n == 4 && (c > 0xF4 || (c == 0xF4 && s[i + 1] >= 0x90))))
			return i;
		i += n;
	}
	return len;
}

/* One component (a name or a value) of the file, decoded. */
struct component {
	char *text;       /* owned */
	uint32_t *map;    /* owned; len + 1 entries */
	size_t len;
};

/* Percent-decode bytes[start, end).  '+' is a space only in a component
 * that is percent-encoded (has a valid %XX): the printed form writes
 * values raw, where '+' is itself. */
static void decode_component(const char *bytes, size_t start, size_t end, struct component *out,
                             struct request_problem_list *problems)
{
	bool encoded = false;
	for (size_t i = start; i + 2 < end && !encoded; i++)
		encoded = bytes[i] == '%' && ascii_hex_value(bytes[i + 1]) >= 0 && ascii_hex_value(bytes[i + 2]) >= 0;
	out->text = xmalloc(end - start + 1);
	out->map = xmalloc((end - start + 1) * sizeof *out->map);
	size_t n = 0;
	/* One finding per component: a thousand bad escapes in one value are
	 * one mistake, and a flood of findings would bury the others. */
	size_t first_problem = problems->len, bad = 0;
	for (size_t i = start; i < end;) {
		char c = bytes[i];
		out->map[n] = (uint32_t)i;
		if (c == '%') {
			int hi = i + 1 < end ? ascii_hex_value(bytes[i + 1]) : -1;
			int lo = i + 2 < end ? ascii_hex_value(bytes[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				size_t stop = i + 3 < end ? i + 3 : end;
				if (bad++) {
					out->text[n++] = '%';
					i++;
					continue;
				}
				bool cut_short = i + 2 >= end && (i + 1 >= end || hi >= 0);
				request_problem_add(problems, REQUEST_QUERY_SYNTAX, (struct jspan){i, stop},
				                    cut_short ? "a '%' escape is cut short: it needs two hexadecimal digits"
				                              : "'%' must be followed by two hexadecimal digits; write "
				                                "'%25' for a literal '%'");
				out->text[n++] = '%';
				i++;
				continue;
			}
			if (hi == 0 && lo == 0) {
				if (bad++) {
					out->text[n++] = '?';
					i += 3;
					continue;
				}
				request_problem_add(problems, REQUEST_QUERY_SYNTAX, (struct jspan){i, i + 3},
				                    "'%00' decodes to a NUL byte, which no parameter may hold");
				out->text[n++] = '?';
				i += 3;
				continue;
			}
			out->text[n++] = (char)(hi * 16 + lo);
			i += 3;
			continue;
		}
		out->text[n++] = encoded && c == '+' ? ' ' : c;
		i++;
	}
	out->map[n] = (uint32_t)end;
	out->text[n] = '\0';
	out->len = n;
	if (bad > 1) {
		struct request_problem *p = &problems->items[first_problem];
		size_t used = strlen(p->message);
		snprintf(p->message + used, sizeof p->message - used, " (and %zu more in this value)", bad - 1);
	}
	size_t valid = utf8_valid_prefix((const unsigned char *)out->text, n);
	if (valid < n) {
		size_t at = out->map[valid];
		request_problem_add(problems, REQUEST_QUERY_SYNTAX, (struct jspan){at, at + (bytes[at] == '%' ? 3 : 1)},
		                    "the escapes decode to invalid UTF-8; encode the text as UTF-8 first");
		out->len = valid; /* the engine sees only well-formed text */
		out->map[valid] = (uint32_t)end;
		out->text[valid] = '\0';
	}
}

static void component_release(struct component *c)
{
	free(c->text);
	free(c->map);
}

struct decoder {
	struct jdoc *doc;
	const char *bytes;
	struct request_problem_list *problems;
	struct jbuilder *requests; /* array of every request; the open one is the current */
	bool current;              /* a request is being read */
	size_t current_end;        /* where its last pair ends */
};

static void begin_request(struct decoder *d, size_t at)
{
	if (d->current)
		jbuilder_close(d->requests, d->current_end);
	jbuilder_open(d->requests, JT_OBJECT, at);
	d->current = true;
	d->current_end = at;
}

/* One "Name=value" segment, bytes[start, end). */
static void add_pair(struct decoder *d, size_t start, size_t end)
{
	const char *b = d->bytes;
	if (start == end)
		return; /* "&&" or a trailing '&' */
	if (b[start] == '<' && b[end - 1] == '>') {
		request_problem_add(d->problems, REQUEST_QUERY_PLACEHOLDER, (struct jspan){start, end},
		                    "a placeholder of the documentation, not a parameter: the client adds "
		                    "the common parameters (AccessKeyId, Signature, ...) when it signs the request");
		return;
	}
	size_t eq = start;
	while (eq < end && b[eq] != '=')
		eq++;
	if (eq == end || eq == start) {
		request_problem_add(d->problems, REQUEST_QUERY_SYNTAX, (struct jspan){start, end},
		                    eq == start ? "a value without a parameter name: write Name=value"
		                                : "a parameter without '=': write Name=value");
		return;
	}
	struct component name, value;
	decode_component(b, start, eq, &name, d->problems);
	decode_component(b, eq + 1, end, &value, d->problems);
	if (!d->current)
		begin_request(d, start);
	jbuilder_string_member(d->requests, name.text, name.len, (struct jspan){start, eq}, value.text,
	                       value.len, value.map, (struct jspan){eq + 1, end});
	d->current_end = end;
	component_release(&name);
	component_release(&value);
}

/* The pairs of one line's text bytes[start, end): split on '&', except
 * that a value written as raw JSON runs to the end of the line. */
static void add_pairs(struct decoder *d, size_t start, size_t end)
{
	size_t i = start;
	while (i <= end) {
		size_t stop = i;
		while (stop < end && d->bytes[stop] != '&' && d->bytes[stop] != '=')
			stop++;
		if (stop < end && d->bytes[stop] == '=') {
			size_t v = stop + 1;
			if (v < end && (d->bytes[v] == '{' || d->bytes[v] == '['))
				stop = end;
			else
				while (stop < end && d->bytes[stop] != '&')
					stop++;
		}
		add_pair(d, i, stop);
		i = stop + 1;
	}
}

static void decode_line(struct decoder *d, size_t start, size_t end)
{
	const char *b = d->bytes;
	while (start < end && is_blank(b[start]))
		start++;
	while (end > start && is_blank(b[end - 1]))
		end--;
	if (start == end)
		return;
	const char *s = b + start;
	size_t n = end - start;
	if (starts_with(s, n, "http")) {
		const char *q = memchr(s, '?', n);
		begin_request(d, start);
		if (!q) {
			request_problem_add(d->problems, REQUEST_QUERY_SYNTAX, (struct jspan){start, end},
			                    "an address without '?': the parameters follow '?' (?Action=...)");
			return;
		}
		add_pairs(d, (size_t)(q - b) + 1, end);
	} else if (s[0] == '?' || starts_with(s, n, "Action=")) {
		begin_request(d, start);
		add_pairs(d, start + (s[0] == '?'), end);
	} else if (s[0] == '&') {
		add_pairs(d, start + 1, end);
	} else {
		if (d->current)
			request_problem_add(d->problems, REQUEST_QUERY_SYNTAX, (struct jspan){start, start + 1},
			                    "a line of a request must start with '&' (or '?', 'Action=', 'http' for the next request)");
		add_pairs(d, start, end);
	}
}

struct jnode *query_parse(struct jdoc *doc, const char *bytes, size_t start, size_t len,
                          struct request_problem_list *problems)
{
	struct decoder d = {.doc = doc, .bytes = bytes, .problems = problems};
	d.requests = jbuilder_new(doc, JT_ARRAY, start);
	for (size_t i = start; i < len;) {
		const char *nl = memchr(bytes + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - bytes) : len;
		decode_line(&d, i, end);
		i = end + 1;
	}
	if (d.current)
		jbuilder_close(d.requests, d.current_end);
	return jbuilder_finish(d.requests, len, true);
}
