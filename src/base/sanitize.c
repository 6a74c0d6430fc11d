/*
 * sanitize: see sanitize.h.  Decodes UTF-8 strictly (RFC 3629: no
 * overlongs, no surrogates, nothing past U+10FFFF) because a lenient
 * decoder is how a C1 control sneaks through as an "overlong" form.
 */
#include "sanitize.h"

#include <errno.h>
#include <unistd.h>

#include <string.h>

size_t utf8_decode(const unsigned char *b, size_t avail, uint32_t *cp)
{
	unsigned char c;
	size_t n;
	uint32_t v;

	if (avail == 0)
		return 0;
	c = b[0];
	n = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
	if (n == 0 || avail < n)
		return 0;
	v = n == 1 ? c : c & (0x7Fu >> n);
	for (size_t k = 1; k < n; k++) {
		if ((b[k] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (b[k] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

bool sanitize_is_hidden(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void sanitize_add(struct strbuf *sb, const char *s, size_t len, bool lines)
{
	const unsigned char *b = (const unsigned char *)s;
	size_t i = 0, clean = 0;

	/* Copy runs of safe bytes at once; most text is all safe. */
	while (i < len) {
		uint32_t cp = 0;
		size_t n = utf8_decode(b + i, len - i, &cp);

		if (n && !sanitize_is_hidden(cp) && (cp != '\n' || lines)) {
			i += n;
			continue;
		}
		strbuf_add(sb, s + clean, i - clean);
		strbuf_addch(sb, '?');
		i += n ? n : 1;
		clean = i;
	}
	strbuf_add(sb, s + clean, i - clean);
}

void sanitize_fputs(const char *s, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 0;

	/* Most text is plain ASCII: print it without a copy. */
	while (s[len] >= 0x20 && s[len] < 0x7F)
		len++;
	if (s[len] == '\0') {
		fwrite(s, 1, len, out);
		return;
	}
	sanitize_add(&sb, s, len + strlen(s + len), false);
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

void sanitize_vreport(const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT, line = STRBUF_INIT;
	strbuf_vaddf(&msg, fmt, ap);
	strbuf_addstr(&line, "dtslint: ");
	sanitize_add(&line, msg.buf, msg.len, false);
	strbuf_addch(&line, '\n');
	fwrite(line.buf, 1, line.len, stderr);
	strbuf_release(&msg);
	strbuf_release(&line);
}

bool write_all_fd(int fd, const char *bytes, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, bytes, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		bytes += n;
		len -= (size_t)n;
	}
	return true;
}
