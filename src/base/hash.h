/*
 * hash: a hash of a short byte string for in-memory tables (shared texts,
 * remembered lookups): eight bytes at a time, each word mixed by a
 * multiply.  Not for anything an adversary could aim collisions at: the
 * tables that use it compare the bytes on a hit.
 */
#ifndef DTSLINT_HASH_H
#define DTSLINT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t hash_bytes(uint64_t seed, const char *s, size_t len)
{
	uint64_t h = (seed * 0x9E3779B97F4A7C15u) ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDu;
		h ^= h >> 32;
	}
	uint64_t w = 0;
	memcpy(&w, s + i, len - i);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
	return h ^ h >> 29;
}

#endif
