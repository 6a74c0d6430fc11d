/*
 * sanitize: make text safe to print.  Anything dtslint prints may carry
 * bytes from a file name, an option value, a rule file or a request, and
 * a terminal obeys escape sequences in them (ESC [ ..., OSC 8 links, the
 * 8-bit CSI byte 0x9B) and shows bidirectional overrides reordered.
 * Every such character is shown as '?':
 *   - bytes that are not well-formed UTF-8 (each byte one '?': 0x9B is
 *     CSI to a terminal in an 8-bit mode);
 *   - C0 controls but TAB (and LF where lines are allowed), DEL, and the
 *     C1 controls U+0080-U+009F;
 *   - U+2028/U+2029 (line breaks to some programs) and the bidirectional
 *     embeddings, overrides and isolates U+202A-U+202E, U+2066-U+2069.
 * Printing '?' rather than an escape keeps columns and messages short;
 * the machine-readable formats escape losslessly instead (json_writer).
 */
#ifndef DTSLINT_SANITIZE_H
#define DTSLINT_SANITIZE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strbuf.h"

/* Length of the well-formed UTF-8 character at b[0, avail), its code
 * point in *cp; 0 when b[0] does not start one (overlong, surrogate,
 * out of range, cut short). */
size_t utf8_decode(const unsigned char *b, size_t avail, uint32_t *cp);

/* A character that must not reach a terminal as itself (list above;
 * TAB and LF are not in it). */
bool sanitize_is_hidden(uint32_t cp);

/* Append s[0, len) to sb with every unsafe character as '?'.  LF is
 * kept when lines is true, TAB always. */
void sanitize_add(struct strbuf *sb, const char *s, size_t len, bool lines);

/* The NUL-terminated s, on one line, to out. */
void sanitize_fputs(const char *s, FILE *out);

/* "dtslint: MESSAGE" on stderr, the message made safe for a terminal
 * (it holds file names, option values, text from config files). */
void sanitize_vreport(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Write all of bytes to fd, through EINTR and short writes. */
bool write_all_fd(int fd, const char *bytes, size_t len);

#endif
