/*
 * Unit tests of source: offset -> line:column (code points, CRLF, long
 * minified lines, the cache), line bounds, the encoding check and
 * loading from files.  Tables first, one row per case, so a new case is
 * one line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source.h"

struct position_case {
	const char *what;
	const char *text;
	size_t len;     /* 0: strlen(text) */
	size_t offset;
	size_t line, column;
};

static const struct position_case position_cases[] = {
	{"ascii first byte", "{\"a\": 1}\n", 0, 0, 1, 1},
	{"ascii value", "{\"a\": 1}\n", 0, 6, 1, 7},
	{"ascii newline byte", "{\"a\": 1}\n", 0, 8, 1, 9},
	{"offset == len after final newline", "{\"a\": 1}\n", 0, 9, 2, 1},
	{"offset == len without newline", "ab", 0, 2, 1, 3},
	{"offset past len is clamped", "ab", 0, 99, 1, 3},
	{"second line", "a\nbc\nd", 0, 3, 2, 2},
	{"third line start", "a\nbc\nd", 0, 5, 3, 1},
	{"third line end", "a\nbc\nd", 0, 6, 3, 2},
	{"empty line", "a\n\nb", 0, 2, 2, 1},
	{"empty file", "", 0, 0, 1, 1},
	{"empty file, offset past end", "", 0, 5, 1, 1},
	{"CJK after two 3-byte chars", "\"\xe4\xb8\xad\xe6\x96\x87\": 1", 0, 7, 1, 4},
	{"CJK char start", "\"\xe4\xb8\xad\xe6\x96\x87\": 1", 0, 4, 1, 3},
	{"inside CJK char resolves to it", "\"\xe4\xb8\xad\xe6\x96\x87\": 1", 0, 5, 1, 3},
	{"last byte of CJK char", "\"\xe4\xb8\xad\xe6\x96\x87\": 1", 0, 6, 1, 3},
	{"after emoji", "\"\xf0\x9f\x98\x80x\"", 0, 5, 1, 3},
	{"inside emoji", "\"\xf0\x9f\x98\x80x\"", 0, 3, 1, 2},
	{"emoji on line 2", "{\n\"\xf0\x9f\x98\x80\": \xf0\x9f\x98\x80}", 0, 9, 2, 5},
	{"CR of CRLF", "a\r\nb\r\n", 0, 1, 1, 2},
	{"LF of CRLF", "a\r\nb\r\n", 0, 2, 1, 3},
	{"after CRLF", "a\r\nb\r\n", 0, 3, 2, 1},
	{"second CRLF line", "a\r\nb\r\n", 0, 4, 2, 2},
	{"end after CRLF", "a\r\nb\r\n", 0, 6, 3, 1},
	{"lone CR is no line break", "a\rb", 0, 2, 1, 3},
	{"NUL counts as a character", "a\0b", 3, 2, 1, 3},
	{"BOM is not a column", "\xef\xbb\xbf{}", 0, 3, 1, 1},
	{"after BOM", "\xef\xbb\xbf{}", 0, 4, 1, 2},
	{"inside BOM", "\xef\xbb\xbf{}", 0, 1, 1, 1},
	{"offset 0 of BOM", "\xef\xbb\xbf{}", 0, 0, 1, 1},
	{"line 2 after BOM", "\xef\xbb\xbf{\n}", 0, 5, 2, 1},
	{"BOM only", "\xef\xbb\xbf", 0, 3, 1, 1},
	{"BOM later in the file is a character", "{\xef\xbb\xbf}", 0, 4, 1, 3},
};

static void test_position_table(void **state)
{
	for (size_t i = 0; i < sizeof position_cases / sizeof *position_cases; i++) {
		const struct position_case *c = &position_cases[i];
		size_t len = c->len ? c->len : strlen(c->text);
		struct source *src = source_new("t.json", c->text, len);
		struct position pos = source_position(src, c->offset);

		if (pos.line != c->line || pos.column != c->column)
			fail_msg("%s: offset %zu gave %zu:%zu, expected %zu:%zu", c->what,
			         c->offset, pos.line, pos.column, c->line, c->column);
		source_free(src);
	}
}

/* Column by counting from the line start, without the cache. */
static struct position naive_position(const char *b, size_t len, size_t offset)
{
	struct position pos = {1, 1};
	size_t line_start = 0;

	if (offset > len)
		offset = len;
	for (size_t i = 0; i < offset; i++) {
		if (b[i] == '\n') {
			pos.line++;
			line_start = i + 1;
		}
	}
	while (offset > line_start && ((unsigned char)b[offset] & 0xC0) == 0x80)
		offset--;
	for (size_t i = line_start; i < offset; i++)
		pos.column += ((unsigned char)b[i] & 0xC0) != 0x80;
	return pos;
}

/* A minified request: one long line mixing 1-, 2-, 3- and 4-byte
 * characters, then a couple of short lines. */
static char *make_long_text(size_t *len_out)
{
	static const char *const pieces[] = {
		"{\"k\":\"v\",", "\xe4\xb8\xad", "\xc3\xa9", "\xf0\x9f\x98\x80", "\t",
	};
	size_t cap = 1 << 20, len = 0;
	char *b = malloc(cap + 16);

	assert_non_null(b);
	for (size_t i = 0; len < cap; i++) {
		const char *p = pieces[(i * 7) % 5];
		size_t n = strlen(p);

		memcpy(b + len, p, n);
		len += n;
	}
	memcpy(b + len, "\nx\r\ny", 5);
	len += 5;
	*len_out = len;
	return b;
}

static void assert_position(struct source *src, size_t offset)
{
	struct position want = naive_position(src->bytes, src->len, offset);
	struct position got = source_position(src, offset);

	if (got.line != want.line || got.column != want.column)
		fail_msg("offset %zu gave %zu:%zu, expected %zu:%zu", offset,
		         got.line, got.column, want.line, want.column);
}

static void test_position_long_line_increasing(void **state)
{
	size_t len;
	char *text = make_long_text(&len);
	struct source *src = source_new("min.json", text, len);

	assert_int_equal(source_n_lines(src), 3);
	/* Every offset in order: linear thanks to the cache. */
	for (size_t off = 0; off <= len; off++) {
		struct position got = source_position(src, off);

		if (off % 4099 == 0 || off + 8 > len)
			assert_position(src, off);
		else
			assert_true(got.line >= 1);
	}
	free(text);
	source_free(src);
}

static void test_position_long_line_any_order(void **state)
{
	size_t len;
	char *text = make_long_text(&len);
	struct source *src = source_new("min.json", text, len);
	/* Increasing, then backwards (cache must not be used), then a jump
	 * to another line and back to the long one. */
	size_t offsets[] = {10, 11, 11, 5000, 700001, 700000, 3, len, len - 2,
	                    len - 4, 999999, 0, 12345, 12346, 12347, 12348, len - 1};

	for (size_t i = 0; i < sizeof offsets / sizeof *offsets; i++)
		assert_position(src, offsets[i]);
	/* Consecutive bytes of every kind, one by one. */
	for (size_t off = 250000; off < 250200; off++)
		assert_position(src, off);
	free(text);
	source_free(src);
}

static void test_count_code_points(void **state)
{
	const char *t = "a\xe4\xb8\xad\xf0\x9f\x98\x80\xc3\xa9z";

	assert_int_equal(source_count_code_points(t, 0, strlen(t)), 5);
	assert_int_equal(source_count_code_points(t, 1, 4), 1);
	assert_int_equal(source_count_code_points(t, 2, 4), 0);
	assert_int_equal(source_count_code_points(t, 3, 3), 0);
}

struct bounds_case {
	const char *text;
	size_t line;
	size_t start, len;
};

static const struct bounds_case bounds_cases[] = {
	{"ab\ncd", 1, 0, 2},
	{"ab\ncd", 2, 3, 2},
	{"ab\r\ncd\r\n", 1, 0, 2},  /* the CR of CRLF is not part of the line */
	{"ab\r\ncd\r\n", 2, 4, 2},
	{"ab\r\ncd\r\n", 3, 8, 0},  /* the empty line after the last newline */
	{"a\rb\n", 1, 0, 3},        /* a lone CR is */
	{"ab\r", 1, 0, 3},          /* so is a CR at end of file */
	{"", 1, 0, 0},
	{"\xef\xbb\xbf{}\n", 1, 3, 2},  /* the byte order mark is not shown */
	{"\xef\xbb\xbf", 1, 3, 0},
	{"ab", 0, 2, 0},            /* out of range: empty at the end */
	{"ab", 7, 2, 0},
};

static void test_line_bounds(void **state)
{
	for (size_t i = 0; i < sizeof bounds_cases / sizeof *bounds_cases; i++) {
		const struct bounds_case *c = &bounds_cases[i];
		struct source *src = source_new("t", c->text, strlen(c->text));
		size_t start = 99, len = 99;

		source_line_bounds(src, c->line, &start, &len);
		if (start != c->start || len != c->len)
			fail_msg("case %zu line %zu: got %zu+%zu, expected %zu+%zu", i,
			         c->line, start, len, c->start, c->len);
		source_free(src);
	}
}

/* On inputs of 300 KB (a byte order mark, CRLF, lone CRs, empty lines,
 * a final line break or none, a line of 150 KB), every position and every
 * line's bounds, asked in increasing, decreasing and scattered order (the
 * column cache), are those of a table counted here byte by byte. */
static void test_line_table_big(void **state)
{
	(void)state;
	const size_t len = 300 * 1024 + 17;
	char *text = malloc(len);
	assert_non_null(text);
	for (int variant = 0; variant < 4; variant++) {
		uint32_t seed = 12345u + (uint32_t)variant;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 100;
			/* variant 3: one line of 150 KB in the middle, none around it */
			bool long_line = variant == 3 && i > 60000 && i < 210000;
			text[i] = r < 3 && !long_line ? '\n' : r < 4 ? '\r' : (char)('a' + r % 26);
		}
		if (variant == 1)
			memcpy(text, "\xef\xbb\xbf", 3);
		text[len - 1] = variant == 2 ? 'z' : '\n';
		/* the expected table */
		size_t *starts = malloc((len + 2) * sizeof *starts), n = 1;
		assert_non_null(starts);
		starts[0] = variant == 1 ? 3 : 0;
		for (size_t i = 0; i < len; i++)
			if (text[i] == '\n')
				starts[n++] = i + 1;
		for (int order = 0; order < 3; order++) {
			struct source *src = source_new("t", text, len);
			for (size_t k = 0; k < 4000; k++) {
				size_t offset = order == 0 ? k * (len / 4000) : order == 1 ? len - k * (len / 4000)
				                                                           : (k * 7919u * 104729u) % (len + 1);
				size_t line = 0;
				while (line + 1 < n && starts[line + 1] <= offset)
					line++;
				struct position pos = source_position(src, offset);
				size_t at = offset < starts[line] ? starts[line] : offset;
				if (pos.line != line + 1 || pos.column != 1 + at - starts[line])
					fail_msg("variant %d order %d offset %zu: %zu:%zu, expected %zu:%zu", variant, order,
					         offset, pos.line, pos.column, line + 1, 1 + at - starts[line]);
				size_t b_start, b_len, end = line + 1 < n ? starts[line + 1] : len;
				if (end > starts[line] && text[end - 1] == '\n') {
					end--; /* the line break is not shown, nor a CR before it */
					if (end > starts[line] && text[end - 1] == '\r')
						end--;
				}
				source_line_bounds(src, line + 1, &b_start, &b_len);
				if (b_start != starts[line] || b_len != end - starts[line])
					fail_msg("variant %d order %d line %zu: bounds %zu+%zu, expected %zu+%zu", variant, order,
					         line + 1, b_start, b_len, starts[line], end - starts[line]);
			}
			assert_int_equal(source_n_lines(src), n);
			source_free(src);
		}
		free(starts);
	}
	free(text);
}

struct encoding_case {
	const char *what;
	const char *text;
	size_t len; /* 0: strlen(text) */
	enum source_encoding_problem problem;
	size_t offset;
	size_t bom_len;
};

static const struct encoding_case encoding_cases[] = {
	{"plain ASCII", "{\"a\": 1}", 0, ENC_OK, 0, 0},
	{"empty", "", 0, ENC_OK, 0, 0},
	{"valid 2, 3 and 4 bytes", "{\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\"}", 0, ENC_OK, 0, 0},
	{"largest code point", "ab\xf4\x8f\xbf\xbf", 0, ENC_OK, 0, 0},
	{"last before surrogates", "ab\xed\x9f\xbf", 0, ENC_OK, 0, 0},
	{"first after surrogates", "ab\xee\x80\x80", 0, ENC_OK, 0, 0},
	{"UTF-8 BOM accepted", "\xef\xbb\xbf{}", 0, ENC_OK, 0, 3},
	{"BOM only", "\xef\xbb\xbf", 0, ENC_OK, 0, 3},
	{"invalid after BOM", "\xef\xbb\xbf{\xff}", 0, ENC_INVALID_UTF8, 4, 3},
	{"byte FF", "ab\xff", 0, ENC_INVALID_UTF8, 2, 0},
	{"byte F5", "ab\xf5\x80\x80\x80", 0, ENC_INVALID_UTF8, 2, 0},
	{"overlong 2-byte slash", "ab\xc0\xaf", 0, ENC_INVALID_UTF8, 2, 0},
	{"overlong 2-byte C1", "ab\xc1\xbf", 0, ENC_INVALID_UTF8, 2, 0},
	{"overlong 3-byte", "ab\xe0\x80\xaf", 0, ENC_INVALID_UTF8, 2, 0},
	{"overlong 4-byte", "ab\xf0\x80\x80\xaf", 0, ENC_INVALID_UTF8, 2, 0},
	{"high surrogate", "ab\xed\xa0\x80", 0, ENC_INVALID_UTF8, 2, 0},
	{"low surrogate", "ab\xed\xbf\xbf", 0, ENC_INVALID_UTF8, 2, 0},
	{"above U+10FFFF", "ab\xf4\x90\x80\x80", 0, ENC_INVALID_UTF8, 2, 0},
	{"stray continuation byte", "ab\x80", 0, ENC_INVALID_UTF8, 2, 0},
	{"truncated at end of file", "ab\xe4\xb8", 0, ENC_INVALID_UTF8, 2, 0},
	{"truncated 4-byte at end", "ab\xf0\x9f\x98", 0, ENC_INVALID_UTF8, 2, 0},
	{"truncated before ASCII", "ab\xe4\xb8z", 0, ENC_INVALID_UTF8, 2, 0},
	{"Latin-1 text", "{\"a\": \"caf\xe9\"}", 0, ENC_INVALID_UTF8, 10, 0},
	{"NUL byte", "ab\0c", 4, ENC_NUL_BYTE, 2, 0},
	{"NUL alone", "\0", 1, ENC_NUL_BYTE, 0, 0},
	{"NUL at end", "{}\0", 3, ENC_NUL_BYTE, 2, 0},
	{"first problem wins", "a\x80\0", 3, ENC_INVALID_UTF8, 1, 0},
	{"NUL before invalid", "ab\0\x80", 4, ENC_NUL_BYTE, 2, 0},
	{"a NUL second byte reads as UTF-16", "a\0b", 3, ENC_UTF16, 0, 0},
	{"UTF-16LE BOM", "\xff\xfe{\0}\0", 6, ENC_UTF16, 0, 0},
	{"UTF-16BE BOM", "\xfe\xff\0{\0}", 6, ENC_UTF16, 0, 0},
	{"UTF-16LE without BOM", "{\0\"\0", 4, ENC_UTF16, 0, 0},
	{"UTF-16BE without BOM", "\0{\0\"", 4, ENC_UTF16, 0, 0},
};

static void test_encoding_table(void **state)
{
	for (size_t i = 0; i < sizeof encoding_cases / sizeof *encoding_cases; i++) {
		const struct encoding_case *c = &encoding_cases[i];
		size_t len = c->len ? c->len : strlen(c->text);
		struct source *src = source_new("t.json", c->text, len);
		size_t offset = 99, bom = 99;
		enum source_encoding_problem p = source_check_encoding(src, &offset, &bom);

		if (p != c->problem || (p != ENC_OK && offset != c->offset) ||
		    bom != c->bom_len)
			fail_msg("%s: got problem %d at %zu (bom %zu), expected %d at %zu (bom %zu)",
			         c->what, (int)p, offset, bom, (int)c->problem, c->offset,
			         c->bom_len);
		source_free(src);
	}
}

static void test_source_new_copies(void **state)
{
	char text[] = "ab\ncd";
	struct source *src = source_new("name.json", text, 5);

	text[0] = 'X';
	assert_string_equal(src->name, "name.json");
	assert_memory_equal(src->bytes, "ab\ncd", 6); /* NUL-terminated */
	assert_int_equal(src->len, 5);
	assert_int_equal(source_n_lines(src), 2);
	source_free(src);
	source_free(NULL);
}

static char *temp_path(const char *suffix)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	size_t len = strlen(dir) + strlen(suffix) + 32;
	char *path = malloc(len);

	assert_non_null(path);
	snprintf(path, len, "%s/dtslint-test-XXXXXX%s", dir, suffix);
	return path;
}

static void test_load_file(void **state)
{
	char *path = temp_path("");
	int fd = mkstemp(path);
	const char *error = NULL;
	struct source *src;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "{\"a\":\n1}", 8), 8);
	close(fd);
	src = source_load(path, "shown.json", &error);
	assert_non_null(src);
	assert_null(error);
	assert_string_equal(src->name, "shown.json");
	assert_int_equal(src->len, 8);
	assert_string_equal(src->bytes, "{\"a\":\n1}");
	assert_int_equal(source_n_lines(src), 2);
	source_free(src);
	/* Without a display name the path is shown. */
	src = source_load(path, NULL, &error);
	assert_non_null(src);
	assert_string_equal(src->name, path);
	source_free(src);
	unlink(path);
	free(path);
}

static void test_load_errors(void **state)
{
	const char *error = NULL;
	char *path = temp_path("");
	int fd;

	assert_null(source_load("/nonexistent/dtslint/x.json", NULL, &error));
	assert_string_equal(error, strerror(ENOENT));
	error = NULL;
	assert_null(source_load("/", NULL, &error));
	assert_string_equal(error, "is a directory");
	/* A sparse file just over the limit is refused before reading. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)SOURCE_MAX_BYTES + 1), 0);
	close(fd);
	error = NULL;
	assert_null(source_load(path, NULL, &error));
	assert_string_equal(error, "file is larger than 64 MiB");
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_position_table),
		cmocka_unit_test(test_position_long_line_increasing),
		cmocka_unit_test(test_position_long_line_any_order),
		cmocka_unit_test(test_count_code_points),
		cmocka_unit_test(test_line_bounds),
		cmocka_unit_test(test_line_table_big),
		cmocka_unit_test(test_encoding_table),
		cmocka_unit_test(test_source_new_copies),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_load_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
