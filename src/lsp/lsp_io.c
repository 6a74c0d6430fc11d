/*
 * lsp_io: Content-Length framing over file descriptors (see lsp_io.h).
 * The reader keeps its own buffer instead of stdio's so that "is more
 * input waiting?" has an exact answer: bytes in our buffer, or poll().
 */
#include "lsp_io.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

/* A header line longer than this is not a header: it is skipped. */
#define LSP_MAX_HEADER_LINE 8192

struct lsp_reader {
	int fd;
	char *buf;
	size_t start, end, cap;
	bool eof;
};

struct lsp_reader *lsp_reader_new(int fd)
{
	struct lsp_reader *r = xcalloc(1, sizeof *r);
	r->fd = fd;
	r->cap = 65536;
	r->buf = xmalloc(r->cap);
	return r;
}

void lsp_reader_free(struct lsp_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r);
}

/* Read more bytes into the buffer; false at end of input or on error. */
static bool fill(struct lsp_reader *r)
{
	if (r->eof)
		return false;
	if (r->start > 0 && r->start == r->end)
		r->start = r->end = 0;
	if (r->end == r->cap) {
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		} else {
			r->cap *= 2;
			r->buf = xrealloc(r->buf, r->cap);
		}
	}
	for (;;) {
		ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (n > 0) {
			r->end += (size_t)n;
			return true;
		}
		if (n < 0 && errno == EINTR)
			continue;
		r->eof = true;
		return false;
	}
}

/* One header line without its "\r\n" into line[]; over-long lines are
 * cut (and then fail to parse).  False at end of input. */
static bool read_line(struct lsp_reader *r, char *line, size_t size, size_t *len)
{
	*len = 0;
	for (;;) {
		while (r->start < r->end) {
			char c = r->buf[r->start++];
			if (c == '\n') {
				if (*len > 0 && line[*len - 1] == '\r')
					(*len)--;
				line[*len < size ? *len : size - 1] = '\0';
				return true;
			}
			if (*len < size - 1)
				line[(*len)++] = c;
		}
		if (!fill(r))
			return false;
	}
}

/* "Content-Length: 123" (any case, optional blanks): the value, or -1. */
static long long parse_length(const char *value)
{
	while (*value == ' ' || *value == '\t')
		value++;
	if (!*value)
		return -1;
	long long n = 0;
	for (; *value >= '0' && *value <= '9'; value++) {
		n = n * 10 + (*value - '0');
		if (n > (long long)LSP_MAX_BODY)
			return -2;
	}
	while (*value == ' ' || *value == '\t')
		value++;
	return *value ? -1 : n;
}

enum lsp_read_status lsp_read_message(struct lsp_reader *r, char **body, size_t *len,
                                      char *why, size_t why_size)
{
	static char line[LSP_MAX_HEADER_LINE];
	long long length = -1;
	bool seen_header = false;
	const char *problem = NULL;
	*body = NULL;
	*len = 0;
	for (;;) {
		size_t n;
		if (!read_line(r, line, sizeof line, &n))
			return LSP_READ_EOF;
		if (n == 0) {
			if (!seen_header)
				continue; /* blank lines between messages: tolerated */
			break;
		}
		seen_header = true;
		const char *colon = strchr(line, ':');
		if (colon && (size_t)(colon - line) == 14 && !strncasecmp(line, "Content-Length", 14)) {
			length = parse_length(colon + 1);
			if (length == -1)
				problem = "the Content-Length header is not a number";
			else if (length == -2)
				problem = "the Content-Length is over the limit of 256 MiB";
		} else if (!colon || colon == line) {
			if (!problem)
				problem = "a header line is not 'Name: value'";
		}
		/* Other headers (Content-Type) are accepted and ignored. */
	}
	if (length < 0) {
		snprintf(why, why_size, "%s", problem ? problem : "the header has no Content-Length");
		return LSP_READ_BAD_HEADER;
	}
	char *out = malloc((size_t)length + 1);
	if (!out) {
		snprintf(why, why_size, "no memory for a body of %lld bytes", length);
		/* Skip the body so the next message is read from its header. */
		size_t left = (size_t)length;
		while (left > 0) {
			if (r->start == r->end && !fill(r))
				return LSP_READ_EOF;
			size_t take = r->end - r->start < left ? r->end - r->start : left;
			r->start += take;
			left -= take;
		}
		return LSP_READ_BAD_HEADER;
	}
	size_t have = 0;
	while (have < (size_t)length) {
		if (r->start == r->end && !fill(r)) {
			free(out);
			return LSP_READ_EOF;
		}
		size_t take = r->end - r->start;
		if (take > (size_t)length - have)
			take = (size_t)length - have;
		memcpy(out + have, r->buf + r->start, take);
		r->start += take;
		have += take;
	}
	out[have] = '\0';
	*body = out;
	*len = have;
	return LSP_READ_OK;
}

bool lsp_reader_pending(struct lsp_reader *r)
{
	if (r->start < r->end)
		return true;
	if (r->eof)
		return false;
	struct pollfd p = {.fd = r->fd, .events = POLLIN};
	return poll(&p, 1, 0) > 0;
}


static bool write_frame(int fd, const char *body, size_t len)
{
	char header[64];
	int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", len);
	return write_all_fd(fd, header, (size_t)n) && write_all_fd(fd, body, len);
}

/* The base protocol's content is UTF-8.  Bytes that are not (a client's
 * string echoed back, a text cut inside a character) go out as U+FFFD,
 * as json_writer.c writes them: json-c passes them through, inside
 * strings only, so the body stays the same JSON. */
bool lsp_write_message(int fd, const char *body, size_t len)
{
	const unsigned char *b = (const unsigned char *)body;
	size_t i = 0;
	uint32_t cp;
	for (size_t n; i < len && (n = utf8_decode(b + i, len - i, &cp)) > 0; i += n)
		;
	if (i == len)
		return write_frame(fd, body, len);
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, body, i);
	while (i < len) {
		size_t n = utf8_decode(b + i, len - i, &cp);
		if (n)
			strbuf_add(&sb, body + i, n);
		else
			strbuf_add(&sb, "\xEF\xBF\xBD", 3);
		i += n ? n : 1;
	}
	bool ok = write_frame(fd, sb.buf, sb.len);
	strbuf_release(&sb);
	return ok;
}
