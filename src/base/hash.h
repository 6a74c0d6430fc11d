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
	/* The last 0 to 7 bytes in at most two loads, which may overlap and
	 * together read each byte: a memcpy() of a variable length was a
	 * call and a stalled reload, a quarter of the samples of the shared
	 * texts' lookups in a 10 MB request (bench/README.md, "Parsing big
	 * requests"). */
	const unsigned char *p = (const unsigned char *)s + i;
	size_t rest = len - i;
	uint64_t w = 0;
	if (rest >= 4) {
		uint32_t head, tail;
		memcpy(&head, p, 4);
		memcpy(&tail, p + rest - 4, 4);
		w = (uint64_t)head << 32 | tail;
	} else if (rest) {
		w = (uint64_t)p[0] << 16 | (uint64_t)p[rest >> 1] << 8 | p[rest - 1];
	}
	h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
	return h ^ h >> 29;
}

#endif
