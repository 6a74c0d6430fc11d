/*
 * bytescan: the byte loops that read every byte of a big input, with a
 * vector implementation (SSE2, which every x86-64 has; AVX2 where the
 * processor says so at run time) and a portable one (eight bytes at a
 * time in a 64-bit word) that every machine runs.
 *
 * Every function gives the same answer whichever implementation runs;
 * DTSLINT_SCAN=portable (or sse2, avx2) in the environment forces one, so
 * that the test suite runs the same inputs through each and compares.
 * What this does not do: know JSON.  The parser (json/jsonpos.c) and the
 * source (source.c) decide what the runs mean.
 */
#ifndef DTSLINT_BYTESCAN_H
#define DTSLINT_BYTESCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum bytescan_impl {
	BYTESCAN_PORTABLE,
	BYTESCAN_SSE2,
	BYTESCAN_AVX2,
};

struct bytescan_ops {
	size_t (*string_run)(const char *s, size_t i, size_t len);
	size_t (*string_escapes)(const char *s, size_t i, size_t len, size_t *escapes);
	size_t (*ascii_run)(const unsigned char *b, size_t i, size_t len);
	size_t (*count_code_points)(const char *s, size_t from, size_t to);
	size_t (*newlines)(const char *s, size_t len, uint32_t *after);
};

/* The implementation in use: the best this processor runs, unless
 * DTSLINT_SCAN names another (read once, on first use). */
const struct bytescan_ops *bytescan_ops_(void);

/* Which one that is, and its name ("portable", "sse2", "avx2"). */
enum bytescan_impl bytescan_impl(void);
const char *bytescan_impl_name(enum bytescan_impl impl);

/* Use impl from now on (tests); false when this processor cannot run it. */
bool bytescan_use(enum bytescan_impl impl);

/* The end of the run of bytes of s[i, len) that need no attention inside
 * a JSON string: the offset of the first '"', '\\' or byte below 0x20,
 * or len. */
static inline size_t bytescan_string_run(const char *s, size_t i, size_t len)
{
	return bytescan_ops_()->string_run(s, i, len);
}

/* Like bytescan_string_run(), but steps over the escapes of one
 * character (\" \\ \/ \b \f \n \r \t), counting them into *escapes:
 * the offset of the first '"' or byte below 0x20 that no backslash
 * escapes, of the first backslash that starts any other escape (\u, an
 * invalid one, one cut by the end), or len.  i must not be the byte
 * after a backslash.  A string sent inside a string (a DbList) has an
 * escape every few bytes: 64 bytes at a time, a bit mask of the
 * backslashes and one of the bytes that stop, no call per escape. */
static inline size_t bytescan_string_escapes(const char *s, size_t i, size_t len, size_t *escapes)
{
	return bytescan_ops_()->string_escapes(s, i, len, escapes);
}

/* The end of the run of ASCII bytes other than NUL in b[i, len): the
 * offset of the first byte that is 0 or >= 0x80, or len. */
static inline size_t bytescan_ascii_run(const unsigned char *b, size_t i, size_t len)
{
	return bytescan_ops_()->ascii_run(b, i, len);
}

/* Bytes of s[from, to) that are not UTF-8 continuation bytes (10xxxxxx):
 * code points, in valid UTF-8. */
static inline size_t bytescan_count_code_points(const char *s, size_t from, size_t to)
{
	return bytescan_ops_()->count_code_points(s, from, to);
}

/* How many bytes of s[0, len) are '\n'; when after is not NULL, the
 * offset after each, in order, goes into it (room for the count). */
static inline size_t bytescan_newlines(const char *s, size_t len, uint32_t *after)
{
	return bytescan_ops_()->newlines(s, len, after);
}

#endif
