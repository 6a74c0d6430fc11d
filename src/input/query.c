/*
 * query: see query.h.  Percent-decoding keeps, for every decoded byte, the
 * file offset it came from, so a finding inside a DbList written as
 * %7B%22db%22... points at the exact escape in the file.
 */
#include "query.h"

#include <stdint.h>
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
	size_t len;                      /* of bytes: a value may run on past its line */
	const struct query_names *names; /* NULL: no name is secret */
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

/* Ask names about the name bytes[start, end), decoded as add_pair() will
 * decode it, so that the engine's answer for the member is the same
 * (quietly: add_pair() reports its problems). */
static bool ask_name(const struct decoder *d, size_t start, size_t end, bool secret)
{
	if (!d->names || start == end)
		return false;
	struct request_problem_list quiet = {0};
	struct component name;
	decode_component(d->bytes, start, end, &name, &quiet);
	request_problem_list_release(&quiet);
	bool yes = secret ? d->names->is_secret(d->names->ctx, name.text, name.len)
	                  : d->names->is_known(d->names->ctx, name.text, name.len);
	component_release(&name);
	return yes;
}

/* Does bytes[i, end) start with "Name=", Name a parameter the rules know? */
static bool starts_known_pair(const struct decoder *d, size_t i, size_t end)
{
	size_t eq = i;
	while (eq < end && d->bytes[eq] != '=' && d->bytes[eq] != '&')
		eq++;
	return eq < end && d->bytes[eq] == '=' && ask_name(d, i, eq, false);
}

/* A secret value that stops at the '&' at stop, on a line ending at end:
 * what follows up to the next known "&Name=" is part of it. */
static size_t secret_tail(struct decoder *d, size_t stop, size_t end)
{
	bool noted = false;
	while (stop + 1 < end && d->bytes[stop] == '&' && d->bytes[stop + 1] != '&' &&
	       !starts_known_pair(d, stop + 1, end)) {
		if (!noted)
			request_problem_add(d->problems, REQUEST_QUERY_SYNTAX, (struct jspan){stop, stop + 1},
			                    "'&' inside a secret value is not followed by a parameter dtslint "
			                    "knows: read as part of the value; write an '&' in a value as '%26'");
		noted = true;
		const char *amp = memchr(d->bytes + stop + 1, '&', end - stop - 1);
		stop = amp ? (size_t)(amp - d->bytes) : end;
	}
	return stop;
}

/* Is raw JSON bytes[start, end) left open: a bracket or a string? */
static bool json_open(const char *b, size_t start, size_t end)
{
	size_t depth = 0;
	bool in_string = false;
	for (size_t i = start; i < end; i++) {
		if (in_string) {
			if (b[i] == '\\')
				i++;
			else if (b[i] == '"')
				in_string = false;
		} else if (b[i] == '"') {
			in_string = true;
		} else if (b[i] == '{' || b[i] == '[') {
			depth++;
		} else if ((b[i] == '}' || b[i] == ']') && depth) {
			depth--;
		}
	}
	return in_string || depth;
}

/* The text of the line at bytes[i] (to its '\n' or the end), blanks trimmed. */
static void line_text(const struct decoder *d, size_t i, size_t *start, size_t *end)
{
	const char *nl = i < d->len ? memchr(d->bytes + i, '\n', d->len - i) : NULL;
	*end = nl ? (size_t)(nl - d->bytes) : d->len;
	while (i < *end && is_blank(d->bytes[i]))
		i++;
	*start = i;
	while (*end > *start && is_blank(d->bytes[*end - 1]))
		(*end)--;
}

/* Does the line bytes[start, end) (trimmed) start a request or a parameter? */
static bool starts_parameter(const struct decoder *d, size_t start, size_t end)
{
	const char *s = d->bytes + start;
	size_t n = end - start;
	return n == 0 || s[0] == '&' || s[0] == '?' || starts_with(s, n, "http") ||
	       starts_with(s, n, "Action=") || starts_known_pair(d, start, end);
}

/* A value that reaches the end of its line at end: the lines after it
 * that start no parameter are its wrapped tail, while it is secret or
 * (json_start, not SIZE_MAX) its raw JSON is open.  Returns its end. */
static size_t wrapped_tail(struct decoder *d, size_t end, bool secret, size_t json_start)
{
	while (secret || json_open(d->bytes, json_start, end)) {
		const char *nl = end < d->len ? memchr(d->bytes + end, '\n', d->len - end) : NULL;
		if (!nl)
			break;
		size_t start, line_end;
		line_text(d, (size_t)(nl - d->bytes) + 1, &start, &line_end);
		if (starts_parameter(d, start, line_end))
			break;
		request_problem_add(d->problems, REQUEST_QUERY_SYNTAX, (struct jspan){start, start + 1},
		                    "a line of a request must start with '&' (or '?', 'Action=', 'http' for "
		                    "the next request): read as the rest of the value above");
		end = line_end;
	}
	return end;
}

/* Could a value that stops at stop, on a line ending at end, have a tail:
 * text after a '&' on its line, or a next line that starts no parameter? */
static bool may_have_tail(const struct decoder *d, size_t stop, size_t end)
{
	if (stop < end)
		return stop + 1 < end && d->bytes[stop + 1] != '&';
	const char *nl = end < d->len ? memchr(d->bytes + end, '\n', d->len - end) : NULL;
	if (!nl)
		return false;
	size_t start, line_end;
	line_text(d, (size_t)(nl - d->bytes) + 1, &start, &line_end);
	return !starts_parameter(d, start, line_end);
}

/* The pairs of one line's text bytes[start, end): split on '&', except
 * that a value written as raw JSON runs to the end of the line, and a
 * secret one past the '&'s that start no known parameter; either may
 * wrap onto the lines after.  Returns where the last pair ends. */
static size_t add_pairs(struct decoder *d, size_t start, size_t end)
{
	size_t i = start, last = end;
	while (i <= end) {
		size_t stop = i;
		while (stop < end && d->bytes[stop] != '&' && d->bytes[stop] != '=')
			stop++;
		if (stop < end && d->bytes[stop] == '=') {
			size_t eq = stop, v = stop + 1;
			bool raw_json = v < end && (d->bytes[v] == '{' || d->bytes[v] == '[');
			if (raw_json)
				stop = end;
			else
				while (stop < end && d->bytes[stop] != '&')
					stop++;
			/* the name is classified only when a tail may follow: one
			 * parameter a line (the printed form) never pays for it */
			bool secret = may_have_tail(d, stop, end) && ask_name(d, i, eq, true);
			if (secret)
				stop = secret_tail(d, stop, end);
			if (stop == end && (secret || raw_json))
				stop = last = wrapped_tail(d, end, secret, raw_json ? v : SIZE_MAX);
		}
		add_pair(d, i, stop);
		i = stop + 1;
	}
	return last;
}

/* One line, bytes[start, end); returns where the text it took ends (a
 * value may take the lines after it). */
static size_t decode_line(struct decoder *d, size_t start, size_t end)
{
	const char *b = d->bytes;
	while (start < end && is_blank(b[start]))
		start++;
	while (end > start && is_blank(b[end - 1]))
		end--;
	if (start == end)
		return end;
	const char *s = b + start;
	size_t n = end - start;
	if (starts_with(s, n, "http")) {
		const char *q = memchr(s, '?', n);
		begin_request(d, start);
		if (!q) {
			request_problem_add(d->problems, REQUEST_QUERY_SYNTAX, (struct jspan){start, end},
			                    "an address without '?': the parameters follow '?' (?Action=...)");
			return end;
		}
		return add_pairs(d, (size_t)(q - b) + 1, end);
	} else if (s[0] == '?' || starts_with(s, n, "Action=")) {
		begin_request(d, start);
		return add_pairs(d, start + (s[0] == '?'), end);
	} else if (s[0] == '&') {
		return add_pairs(d, start + 1, end);
	}
	if (d->current)
		request_problem_add(d->problems, REQUEST_QUERY_SYNTAX, (struct jspan){start, start + 1},
		                    "a line of a request must start with '&' (or '?', 'Action=', 'http' for the next request)");
	return add_pairs(d, start, end);
}

struct jnode *query_parse(struct jdoc *doc, const char *bytes, size_t start, size_t len,
                          const struct query_names *names, struct request_problem_list *problems)
{
	struct decoder d = {.doc = doc, .bytes = bytes, .len = len, .names = names, .problems = problems};
	d.requests = jbuilder_new(doc, JT_ARRAY, start);
	for (size_t i = start; i < len;) {
		const char *nl = memchr(bytes + i, '\n', len - i);
		size_t end = decode_line(&d, i, nl ? (size_t)(nl - bytes) : len);
		nl = end < len ? memchr(bytes + end, '\n', len - end) : NULL;
		i = nl ? (size_t)(nl - bytes) + 1 : len;
	}
	if (d.current)
		jbuilder_close(d.requests, d.current_end);
	return jbuilder_finish(d.requests, len, true);
}
