/*
 * swar: eight bytes at a time in a 64-bit word, for the short scans where
 * a call into bytescan's vector loops costs more than it saves (the runs
 * between two tokens, a table name).  Only where the first byte in
 * memory is the word's low byte; elsewhere SWAR_LITTLE_ENDIAN is 0 and
 * callers keep their byte loops.
 */
#ifndef DTSLINT_SWAR_H
#define DTSLINT_SWAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_LITTLE_ENDIAN 1
#else
#define SWAR_LITTLE_ENDIAN 0
#endif

#define SWAR_ONES UINT64_C(0x0101010101010101)
#define SWAR_HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t swar_load(const void *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof w);
	return w;
}

/* The bytes of w equal to c, as the high bit of each (exact: no byte is
 * marked by a carry from its neighbour). */
static inline uint64_t swar_bytes_equal(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (SWAR_ONES * c);
	uint64_t t = ((x & ~SWAR_HIGHS) + ~SWAR_HIGHS) | x;
	return ~t & SWAR_HIGHS;
}

/* How many bytes a mask of swar_bytes_equal() marks. */
static inline size_t swar_marked(uint64_t m)
{
	return (size_t)(((m >> 7) * SWAR_ONES) >> 56);
}

/* Index of the lowest byte of x that is not zero (a mark of
 * swar_bytes_equal(), or any other bit): where SWAR_LITTLE_ENDIAN, the
 * first in memory order.  x must not be 0. */
static inline size_t swar_first_nonzero(uint64_t x)
{
	return (size_t)__builtin_ctzll(x) / 8;
}

#endif
