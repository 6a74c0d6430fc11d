/*
 * strbuf: see strbuf.h.  Growth doubles, so appending n bytes one at a
 * time costs O(n); sizes are checked so a length can never wrap.
 */
#include "strbuf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xalloc.h"

/* Written only as its NUL, by strbuf_reset() and friends on a strbuf
 * that owns nothing yet; never freed. */
char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = strbuf_empty;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len_out)
{
	char *bytes;

	if (len_out)
		*len_out = sb->len;
	if (!sb->alloc)
		strbuf_grow(sb, 0); /* the caller gets memory it may free() */
	bytes = sb->buf;
	strbuf_init(sb, 0);
	return bytes;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	bool fresh = sb->alloc == 0;
	size_t need;

	if (extra > SIZE_MAX - 1 - sb->len)
		xalloc_die();
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	size_t alloc = sb->alloc < 16 ? 16 : sb->alloc;
	while (alloc < need)
		alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
	sb->buf = xrealloc(fresh ? NULL : sb->buf, alloc);
	if (fresh)
		sb->buf[0] = '\0';
	sb->alloc = alloc;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->buf[0] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	/* First try in the room there is; most messages fit. */
	va_copy(again, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, ap);
	if (n < 0) {
		/* Only an invalid format or a length over INT_MAX; keep
		 * the string as it was. */
		sb->buf[sb->len] = '\0';
		va_end(again);
		return;
	}
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}
