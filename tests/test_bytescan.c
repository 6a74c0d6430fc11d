/*
 * Unit tests of bytescan: every implementation this processor runs
 * (portable, SSE2, AVX2) against a byte-by-byte reference, on buffers
 * that put each byte that matters at every position of the vector blocks
 * and of the tail, from every start, and on random bytes.  A vector loop
 * that reads a block wrong, or past the end, or stops one byte late,
 * fails here by name.  The buffers are heap blocks of exactly the length
 * scanned, so ASan catches a read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytescan.h"

static const enum bytescan_impl impls[] = {BYTESCAN_PORTABLE, BYTESCAN_SSE2, BYTESCAN_AVX2};

static size_t ref_string_run(const char *s, size_t i, size_t len)
{
	while (i < len && s[i] != '"' && s[i] != '\\' && (unsigned char)s[i] >= 0x20)
		i++;
	return i;
}

static size_t ref_string_escapes(const char *s, size_t i, size_t len, size_t *escapes)
{
	for (; i < len; i++) {
		if (s[i] == '"' || (unsigned char)s[i] < 0x20)
			return i;
		if (s[i] != '\\')
			continue;
		if (i + 1 >= len || !s[i + 1] || !strchr("\"\\/bfnrt", s[i + 1]))
			return i;
		++*escapes;
		i++;
	}
	return len;
}

static size_t ref_ascii_run(const unsigned char *b, size_t i, size_t len)
{
	while (i < len && b[i] != 0 && b[i] < 0x80)
		i++;
	return i;
}

static size_t ref_code_points(const char *s, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static size_t ref_newlines(const char *s, size_t len, uint32_t *after)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n') {
			if (after)
				after[n] = (uint32_t)(i + 1);
			n++;
		}
	return n;
}

/* Starts around the block edges of each width, and the last ones. */
static bool interesting_start(size_t from, size_t len)
{
	return from <= 2 || from + 2 >= len || from % 8 <= 1 || from % 8 == 7;
}

/* Every function on buf[0, len), from the starts that matter, in impl,
 * against the reference. */
static void check_all(enum bytescan_impl impl, const char *buf, size_t len, const char *what)
{
	uint32_t *want = malloc((len + 1) * sizeof *want), *got = malloc((len + 1) * sizeof *got);
	for (size_t from = 0; from <= len; from++) {
		if (!interesting_start(from, len))
			continue;
		size_t a = bytescan_string_run(buf, from, len), b = ref_string_run(buf, from, len);
		if (a != b)
			fail_msg("%s: string_run(%s) from %zu of %zu: %zu, want %zu", bytescan_impl_name(impl), what,
			         from, len, a, b);
		size_t ea = 0, eb = 0;
		a = bytescan_string_escapes(buf, from, len, &ea);
		b = ref_string_escapes(buf, from, len, &eb);
		if (a != b || ea != eb)
			fail_msg("%s: string_escapes(%s) from %zu of %zu: %zu (%zu escapes), want %zu (%zu)",
			         bytescan_impl_name(impl), what, from, len, a, ea, b, eb);
		a = bytescan_ascii_run((const unsigned char *)buf, from, len);
		b = ref_ascii_run((const unsigned char *)buf, from, len);
		if (a != b)
			fail_msg("%s: ascii_run(%s) from %zu of %zu: %zu, want %zu", bytescan_impl_name(impl), what,
			         from, len, a, b);
		a = bytescan_count_code_points(buf, from, len);
		b = ref_code_points(buf, from, len);
		if (a != b)
			fail_msg("%s: count_code_points(%s) from %zu of %zu: %zu, want %zu", bytescan_impl_name(impl),
			         what, from, len, a, b);
	}
	size_t n = ref_newlines(buf, len, want);
	assert_int_equal(bytescan_newlines(buf, len, NULL), n);
	memset(got, 0xAB, (len + 1) * sizeof *got);
	assert_int_equal(bytescan_newlines(buf, len, got), n);
	if (memcmp(got, want, n * sizeof *got) != 0)
		fail_msg("%s: newlines(%s) of %zu: offsets differ", bytescan_impl_name(impl), what, len);
	free(want);
	free(got);
}

/* A heap copy of exactly len bytes: a read past it is ASan's to see. */
static void check_exact(enum bytescan_impl impl, const char *bytes, size_t len, const char *what)
{
	char *buf = malloc(len ? len : 1);
	memcpy(buf, bytes, len);
	check_all(impl, buf, len, what);
	free(buf);
}

/* Each byte that stops a run (and neighbours that must not), alone at
 * every position of a plain run, for lengths around one and two blocks
 * of each width. */
static void test_each_byte_at_each_position(void **state)
{
	(void)state;
	static const unsigned char marks[] = {'"', '\\', 0x00, 0x1F, 0x20, '\n', 0x7F, 0x80, 0xBF, 0xC0, 0xE2, 0xFF, '!', '#', '['};
	char plain[100];
	memset(plain, 'a', sizeof plain);
	for (size_t k = 0; k < sizeof impls / sizeof impls[0]; k++) {
		if (!bytescan_use(impls[k]))
			continue;
		static const size_t lens[] = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 47, 48, 63, 64, 65, 70};
		for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++)
			for (size_t len = lens[l], at = 0; at < len; at++)
				for (size_t m = 0; m < sizeof marks; m++) {
					char buf[100], what[40];
					memcpy(buf, plain, len);
					buf[at] = (char)marks[m];
					snprintf(what, sizeof what, "0x%02X at %zu", marks[m], at);
					check_exact(impls[k], buf, len, what);
				}
	}
	bytescan_use(BYTESCAN_PORTABLE);
}

/* Escapes across the edges of the 64-byte blocks: one-letter ones, a
 * backslash escaping a backslash or a quote, \u, an invalid one, one cut
 * by the end; then a closing quote. */
static void test_escapes_across_blocks(void **state)
{
	(void)state;
	static const char *const escapes[] = {"\\\"", "\\\\", "\\n", "\\/", "\\\\\\\"", "\\u00e9", "\\x", "\\\x01", "\\"};
	for (size_t k = 0; k < sizeof impls / sizeof impls[0]; k++) {
		if (!bytescan_use(impls[k]))
			continue;
		for (size_t e = 0; e < sizeof escapes / sizeof escapes[0]; e++)
			for (size_t at = 0; at < 140; at++) {
				char buf[160], what[40];
				size_t n = strlen(escapes[e]);
				memset(buf, 'a', sizeof buf);
				memcpy(buf + at, escapes[e], n);
				buf[at + n + 3] = '"';
				snprintf(what, sizeof what, "escape %zu at %zu", e, at);
				check_exact(impls[k], buf, at + n + 8, what);
				check_exact(impls[k], buf, at + n, what); /* the escape at the very end */
			}
	}
	bytescan_use(BYTESCAN_PORTABLE);
}

/* Random bytes, biased towards the ones that matter, at many lengths. */
static void test_random_buffers(void **state)
{
	(void)state;
	static const char common[] = "\"\\\\\\\n a{}:,\x80\xC3\xA9\x01nu";
	uint64_t seed = 0x9E3779B97F4A7C15u;
	for (int round = 0; round < 300; round++) {
		size_t len = (size_t)(round * 7 % 257);
		char *buf = malloc(len ? len : 1);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			unsigned r = (unsigned)(seed >> 33);
			buf[i] = r % 4 == 0 ? (char)(r >> 8) : r % 4 == 1 ? common[(r >> 8) % (sizeof common - 1)] : 'x';
		}
		for (size_t k = 0; k < sizeof impls / sizeof impls[0]; k++)
			if (bytescan_use(impls[k]))
				check_all(impls[k], buf, len, "random");
		free(buf);
	}
	bytescan_use(BYTESCAN_PORTABLE);
}

/* The portable implementation runs everywhere; on x86-64, SSE2 too. */
static void test_portable_and_sse2_always_run(void **state)
{
	(void)state;
	assert_true(bytescan_use(BYTESCAN_PORTABLE));
	assert_int_equal(bytescan_impl(), BYTESCAN_PORTABLE);
#if defined(__x86_64__)
	assert_true(bytescan_use(BYTESCAN_SSE2));
	assert_int_equal(bytescan_impl(), BYTESCAN_SSE2);
#endif
	assert_string_equal(bytescan_impl_name(BYTESCAN_AVX2), "avx2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_byte_at_each_position),
		cmocka_unit_test(test_escapes_across_blocks),
		cmocka_unit_test(test_random_buffers),
		cmocka_unit_test(test_portable_and_sse2_always_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
