/*
 * ascii: byte classes the decoders share (JSON's \uXXXX, the query
 * string's %XX), without the locale that <ctype.h> consults.
 */
#ifndef DTSLINT_ASCII_H
#define DTSLINT_ASCII_H

#include <stdbool.h>
#include <string.h>

/* The value of a hexadecimal digit, or -1. */
static inline int ascii_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Is c one of the bytes of set?  Never for NUL: strchr(set, c) alone finds
 * a NUL byte of the input at the set's terminator, and a scan that asks it
 * whether to stop never moves on. */
static inline bool ascii_in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* c in lower case when it is an ASCII capital; any other byte as it is. */
static inline char ascii_tolower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

#endif
