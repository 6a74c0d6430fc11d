/*
 * jsonpos_decode: JSON string escapes, private to jsonpos*.c.
 */
#ifndef DTSLINT_JSONPOS_DECODE_H
#define DTSLINT_JSONPOS_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Four hexadecimal digits at s[pos] (s has len bytes) into *out. */
bool json_read_hex4(const char *s, size_t len, size_t pos, unsigned *out);

/* The character a one-letter escape stands for (\b \f \n \r \t \" \\ \/),
 * into *cp; false for any other letter. */
bool json_letter_escape(char e, unsigned *cp);

/* UTF-8 of code point cp into out (room for 4); returns its length. */
size_t json_utf8_encode(unsigned cp, char *out);

/* Decode the string body s[start, end) (between the quotes, known to be
 * well formed) into out, which has room for end - start bytes, or only
 * measure it when out is NULL.  If map is not NULL, map[k] receives the
 * offset in s of the escape or character that produced output byte k.
 * Returns the decoded length. */
size_t json_decode_body(const char *s, size_t start, size_t end, char *out, uint32_t *map);

/* What json_decode_body() would return for s[start, end), counted from
 * the escapes alone. */
size_t json_decoded_length(const char *s, size_t start, size_t end);

#endif
