/*
 * strbuf: a growable, always NUL-terminated byte string, in the spirit
 * of git's strbuf.  One builder for every message, path and line the
 * program assembles, instead of a hand-made malloc/snprintf per site.
 *
 *   struct strbuf sb = STRBUF_INIT;
 *   strbuf_addf(&sb, "%s:%zu", name, line);
 *   fputs(sb.buf, out);
 *   strbuf_release(&sb);
 *
 * sb.buf is never NULL (an empty strbuf points at a shared "") and
 * sb.buf[sb.len] is always '\0'; the bytes may hold NULs of their own.
 * Allocation failure goes through xalloc (never returns NULL).
 */
#ifndef DTSLINT_STRBUF_H
#define DTSLINT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc; /* bytes allocated for buf; 0 while buf is the shared "" */
	size_t len;   /* bytes in use, not counting the terminating NUL */
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

/* Start empty, with room for about hint bytes (0: allocate on first add). */
void strbuf_init(struct strbuf *sb, size_t hint);

/* Free the bytes and leave sb empty (and usable again). */
void strbuf_release(struct strbuf *sb);

/* Hand the bytes to the caller (free() them; never NULL) and leave sb
 * empty.  *len_out, if given, receives the length. */
char *strbuf_detach(struct strbuf *sb, size_t *len_out);

/* Make room for extra more bytes without changing the contents. */
void strbuf_grow(struct strbuf *sb, size_t extra);

/* Empty the string, keeping the allocation. */
void strbuf_reset(struct strbuf *sb);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
