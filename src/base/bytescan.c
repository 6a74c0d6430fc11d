/*
 * bytescan: each loop three times, the portable one (a 64-bit word at a
 * time) and SSE2 and AVX2 ones (16 and 32 bytes at a time, compared in
 * one instruction and turned into a bit mask, one bit per byte, whose
 * lowest set bit is the first byte that matters: the first half of
 * Langdale and Lemire's "Parsing Gigabytes of JSON per Second").  The
 * vector loops read whole blocks only and leave the tail (fewer bytes
 * than a block) to the portable loop, so no byte past len is ever read.
 *
 * The implementation is chosen once: DTSLINT_SCAN if it names one this
 * processor runs, else AVX2 where __builtin_cpu_supports says so, else
 * SSE2 on x86-64, else portable.
 */
#include "bytescan.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define BYTESCAN_X86 1
#include <immintrin.h>
#endif

/* ---- portable ------------------------------------------------------- */

static const uint64_t ONES = 0x0101010101010101u, HIGHS = 0x8080808080808080u;

/* Index of the first byte in memory order whose high bit is set in the
 * mask m (not 0); byte order is the machine's. */
static size_t first_marked_byte(uint64_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (size_t)__builtin_clzll(m) / 8;
#elif defined(__GNUC__)
	return (size_t)__builtin_ctzll(m) / 8;
#else
	for (size_t k = 0; k < 8; k++)
		if ((m >> (8 * k)) & 0x80)
			return k;
	return 8;
#endif
}

/* The classic bit trick: the high bit of each byte of x that is below n
 * (n at most 0x80), exact in the lowest such byte; borrows run only
 * towards later bytes on a little-endian machine, so the first marked
 * byte is right there.  On a big-endian one the caller finishes byte by
 * byte from the word's start. */
static uint64_t below(uint64_t x, unsigned n)
{
	return (x - ONES * n) & ~x & HIGHS;
}

static bool little_endian(void)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return true;
#else
	return false;
#endif
}

static size_t string_run_portable(const char *s, size_t i, size_t len)
{
	while (i + 8 <= len) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t hit = below(x ^ (ONES * '"'), 1) | below(x ^ (ONES * '\\'), 1) | below(x, 0x20);
		if (hit) {
			if (little_endian())
				return i + first_marked_byte(hit);
			break;
		}
		i += 8;
	}
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\' || c < 0x20)
			break;
		i++;
	}
	return i;
}

/* The characters JSON escapes with one letter after the backslash. */
static bool one_letter_escape(char c)
{
	switch (c) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
		return true;
	default:
		return false;
	}
}

static size_t string_escapes_portable(const char *s, size_t i, size_t len, size_t *escapes)
{
	for (;;) {
		i = string_run_portable(s, i, len);
		if (i >= len || s[i] != '\\' || i + 1 >= len || !one_letter_escape(s[i + 1]))
			return i;
		++*escapes;
		i += 2;
	}
}

/* The vector loops' walk over one block of 64 bytes at s + i: bs marks
 * its backslashes, stop its quotes and control bytes.  Each backslash
 * before the first stop byte either starts a one-letter escape, whose two
 * bytes are then taken out of both masks, or is where the walk stops.
 * Returns the offset it stops at, or SIZE_MAX when the block holds no
 * stop, with *next where the following block starts (past an escape that
 * ends on the block's last byte or one after it). */
static inline size_t walk_block(const char *s, size_t i, size_t len, uint64_t bs, uint64_t stop,
                                size_t *escapes, size_t *next)
{
	*next = i + 64;
	while (bs) {
		unsigned b = (unsigned)__builtin_ctzll(bs);
		if (stop && (unsigned)__builtin_ctzll(stop) < b)
			break;
		size_t at = i + b;
		if (at + 1 >= len || !one_letter_escape(s[at + 1]))
			return at;
		++*escapes;
		if (b >= 62) {
			*next = at + 2;
			return SIZE_MAX;
		}
		bs &= ~(3ull << b);
		stop &= ~(3ull << b);
	}
	return stop ? i + (size_t)__builtin_ctzll(stop) : SIZE_MAX;
}

static size_t ascii_run_portable(const unsigned char *b, size_t i, size_t len)
{
	while (i + 8 <= len) {
		uint64_t x;
		memcpy(&x, b + i, 8);
		if ((x | below(x, 1)) & HIGHS)
			break;
		i += 8;
	}
	while (i < len && b[i] != 0 && b[i] < 0x80)
		i++;
	return i;
}

static size_t count_code_points_portable(const char *s, size_t from, size_t to)
{
	size_t n = 0, i = from;
	/* a continuation byte is 10xxxxxx: bit 7 set and bit 6 clear */
	while (i + 8 <= to) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t cont = x & ~(x << 1) & HIGHS;
		n += 8 - (size_t)__builtin_popcountll(cont);
		i += 8;
	}
	for (; i < to; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static size_t newlines_portable(const char *s, size_t len, uint32_t *after)
{
	size_t n = 0;
	for (const char *p = s, *end = s + len; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		if (after)
			after[n] = (uint32_t)(p + 1 - s);
		n++;
	}
	return n;
}

static const struct bytescan_ops portable_ops = {
	string_run_portable, string_escapes_portable, ascii_run_portable, count_code_points_portable, newlines_portable,
};

#ifdef BYTESCAN_X86

/* ---- SSE2 ----------------------------------------------------------- */

static unsigned string_mask_sse2(__m128i x)
{
	__m128i quote = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
	__m128i backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
	/* x <= 0x1F unsigned: subtracting 0x1F with saturation leaves 0 */
	__m128i control = _mm_cmpeq_epi8(_mm_subs_epu8(x, _mm_set1_epi8(0x1F)), _mm_setzero_si128());
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control));
}

static size_t string_run_sse2(const char *s, size_t i, size_t len)
{
	while (i + 16 <= len) {
		unsigned m = string_mask_sse2(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
	return string_run_portable(s, i, len);
}

/* The backslashes, and the quotes and control bytes, of 64 bytes at p. */
static void string_masks_sse2(const char *p, uint64_t *bs, uint64_t *stop)
{
	*bs = *stop = 0;
	for (unsigned k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		__m128i quote = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
		__m128i control = _mm_cmpeq_epi8(_mm_subs_epu8(x, _mm_set1_epi8(0x1F)), _mm_setzero_si128());
		*bs |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))) << (16 * k);
		*stop |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(quote, control)) << (16 * k);
	}
}

static size_t string_escapes_sse2(const char *s, size_t i, size_t len, size_t *escapes)
{
	while (i + 64 <= len) {
		uint64_t bs, stop;
		size_t next;
		string_masks_sse2(s + i, &bs, &stop);
		size_t at = walk_block(s, i, len, bs, stop, escapes, &next);
		if (at != SIZE_MAX)
			return at;
		i = next;
	}
	return string_escapes_portable(s, i, len, escapes);
}

static size_t ascii_run_sse2(const unsigned char *b, size_t i, size_t len)
{
	while (i + 16 <= len) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(x, _mm_cmpeq_epi8(x, _mm_setzero_si128())));
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
	return ascii_run_portable(b, i, len);
}

static size_t count_code_points_sse2(const char *s, size_t from, size_t to)
{
	size_t n = 0, i = from;
	/* a lead or ASCII byte is, as a signed byte, above (char)0xBF = -65 */
	while (i + 16 <= to) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		n += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(x, _mm_set1_epi8(-65))));
		i += 16;
	}
	return n + count_code_points_portable(s, i, to);
}

/* The set bits of m, from bit 0, as offsets after base + bit. */
static size_t put_after(uint64_t m, size_t base, uint32_t *after, size_t n)
{
	if (!after)
		return n + (size_t)__builtin_popcountll(m);
	while (m) {
		after[n++] = (uint32_t)(base + (size_t)__builtin_ctzll(m) + 1);
		m &= m - 1;
	}
	return n;
}

static size_t newlines_sse2(const char *s, size_t len, uint32_t *after)
{
	size_t n = 0, i = 0;
	__m128i nl = _mm_set1_epi8('\n');
	while (i + 16 <= len) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		n = put_after((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, nl)), i, after, n);
		i += 16;
	}
	size_t tail = newlines_portable(s + i, len - i, after ? after + n : NULL);
	if (after)
		for (size_t k = n; k < n + tail; k++)
			after[k] += (uint32_t)i;
	return n + tail;
}

static const struct bytescan_ops sse2_ops = {
	string_run_sse2, string_escapes_sse2, ascii_run_sse2, count_code_points_sse2, newlines_sse2,
};

/* ---- AVX2 ----------------------------------------------------------- */

#define AVX2 __attribute__((target("avx2")))

AVX2 static unsigned string_mask_avx2(__m256i x)
{
	__m256i quote = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('"'));
	__m256i backslash = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('\\'));
	__m256i control = _mm256_cmpeq_epi8(_mm256_subs_epu8(x, _mm256_set1_epi8(0x1F)), _mm256_setzero_si256());
	return (unsigned)_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(quote, backslash), control));
}

AVX2 static size_t string_run_avx2(const char *s, size_t i, size_t len)
{
	while (i + 32 <= len) {
		unsigned m = string_mask_avx2(_mm256_loadu_si256((const __m256i *)(const void *)(s + i)));
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 32;
	}
	return string_run_sse2(s, i, len);
}

AVX2 static void string_masks_avx2(const char *p, uint64_t *bs, uint64_t *stop)
{
	*bs = *stop = 0;
	for (unsigned k = 0; k < 2; k++) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32 * k));
		__m256i quote = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('"'));
		__m256i control = _mm256_cmpeq_epi8(_mm256_subs_epu8(x, _mm256_set1_epi8(0x1F)), _mm256_setzero_si256());
		*bs |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\\'))) << (32 * k);
		*stop |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(quote, control)) << (32 * k);
	}
}

AVX2 static size_t string_escapes_avx2(const char *s, size_t i, size_t len, size_t *escapes)
{
	while (i + 64 <= len) {
		uint64_t bs, stop;
		size_t next;
		string_masks_avx2(s + i, &bs, &stop);
		size_t at = walk_block(s, i, len, bs, stop, escapes, &next);
		if (at != SIZE_MAX)
			return at;
		i = next;
	}
	return string_escapes_portable(s, i, len, escapes);
}

AVX2 static size_t ascii_run_avx2(const unsigned char *b, size_t i, size_t len)
{
	while (i + 32 <= len) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(b + i));
		unsigned m = (unsigned)_mm256_movemask_epi8(
			_mm256_or_si256(x, _mm256_cmpeq_epi8(x, _mm256_setzero_si256())));
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 32;
	}
	return ascii_run_sse2(b, i, len);
}

AVX2 static size_t count_code_points_avx2(const char *s, size_t from, size_t to)
{
	size_t n = 0, i = from;
	while (i + 32 <= to) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		n += (size_t)__builtin_popcount(
			(unsigned)_mm256_movemask_epi8(_mm256_cmpgt_epi8(x, _mm256_set1_epi8(-65))));
		i += 32;
	}
	return n + count_code_points_sse2(s, i, to);
}

AVX2 static size_t newlines_avx2(const char *s, size_t len, uint32_t *after)
{
	size_t n = 0, i = 0;
	__m256i nl = _mm256_set1_epi8('\n');
	while (i + 32 <= len) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		n = put_after((uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, nl)), i, after, n);
		i += 32;
	}
	size_t tail = newlines_sse2(s + i, len - i, after ? after + n : NULL);
	if (after)
		for (size_t k = n; k < n + tail; k++)
			after[k] += (uint32_t)i;
	return n + tail;
}

static const struct bytescan_ops avx2_ops = {
	string_run_avx2, string_escapes_avx2, ascii_run_avx2, count_code_points_avx2, newlines_avx2,
};

#endif /* BYTESCAN_X86 */

/* ---- choosing ------------------------------------------------------- */

static const struct bytescan_ops *chosen;
static enum bytescan_impl chosen_impl;

static bool can_run(enum bytescan_impl impl)
{
	switch (impl) {
	case BYTESCAN_PORTABLE:
		return true;
#ifdef BYTESCAN_X86
	case BYTESCAN_SSE2:
		return true;
	case BYTESCAN_AVX2:
		return __builtin_cpu_supports("avx2");
#endif
	default:
		return false;
	}
}

static const struct bytescan_ops *ops_of(enum bytescan_impl impl)
{
#ifdef BYTESCAN_X86
	if (impl == BYTESCAN_AVX2)
		return &avx2_ops;
	if (impl == BYTESCAN_SSE2)
		return &sse2_ops;
#endif
	return &portable_ops;
}

const char *bytescan_impl_name(enum bytescan_impl impl)
{
	return impl == BYTESCAN_AVX2 ? "avx2" : impl == BYTESCAN_SSE2 ? "sse2" : "portable";
}

bool bytescan_use(enum bytescan_impl impl)
{
	if (!can_run(impl))
		return false;
	chosen = ops_of(impl);
	chosen_impl = impl;
	return true;
}

static void choose(void)
{
	const char *forced = getenv("DTSLINT_SCAN");
	for (int impl = BYTESCAN_AVX2; forced && impl >= BYTESCAN_PORTABLE; impl--)
		if (strcmp(forced, bytescan_impl_name((enum bytescan_impl)impl)) == 0 &&
		    bytescan_use((enum bytescan_impl)impl))
			return;
	for (int impl = BYTESCAN_AVX2; impl >= BYTESCAN_PORTABLE; impl--)
		if (bytescan_use((enum bytescan_impl)impl))
			return;
}

const struct bytescan_ops *bytescan_ops_(void)
{
	if (!chosen)
		choose();
	return chosen;
}

enum bytescan_impl bytescan_impl(void)
{
	bytescan_ops_();
	return chosen_impl;
}
