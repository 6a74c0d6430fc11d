/*
 * source: read one input whole, keep its bytes and a table of line
 * starts, and turn byte offsets into line:column with columns counted in
 * code points.  It also says whether the bytes are UTF-8 at all.
 *
 * It does not parse anything, and it never decides what a problem means
 * to the user: source_load() fails only when there are no bytes to look
 * at, and encoding problems are reported to the caller, who turns them
 * into diagnostics.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise(MADV_HUGEPAGE) */
#endif
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytescan.h"
#include "longpath.h"
#include "xalloc.h"

static const char ERR_DIRECTORY[] = "is a directory";
static const char ERR_TOO_LARGE[] = "file is larger than 64 MiB";
static const char ERR_NO_MEMORY[] = "out of memory";
static const char ERR_FIFO_NO_WRITER[] = "is a FIFO and nothing is writing to it";

static bool is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* A column at the end of a 10 MB line (a DbList sent as a string is one
 * line) counts ten million bytes: a vector loop (bytescan.c). */
size_t source_count_code_points(const char *bytes, size_t from, size_t to)
{
	return bytescan_count_code_points(bytes, from, to);
}

static bool has_utf8_bom(const char *b, size_t len)
{
	return len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0;
}

/* "\n" ends a line.  "\r\n" needs no special case here: the \r is the
 * last byte of its line, so nothing after it is counted past it, and
 * source_line_bounds() leaves it out.  A lone "\r" is an ordinary byte,
 * as it is for JSON parsers that report lines.
 *
 * A UTF-8 byte order mark is not part of line 1: editors hide it and
 * count the first character after it as column 1, and so do we (offsets
 * inside the mark resolve to 1:1, excerpts leave it out). */
static void build_line_table(struct source *src)
{
	/* Counted first, so the table is allocated once at its size: on a
	 * pretty-printed 10 MB request it is half a million entries.  Both
	 * passes are vector loops (bytescan.c), not a memchr() per line. */
	size_t n = 1 + bytescan_newlines(src->bytes, src->len, NULL);
	src->line_starts = xreallocarray(NULL, n, sizeof *src->line_starts);
	src->line_starts[0] = has_utf8_bom(src->bytes, src->len) ? 3 : 0;
	bytescan_newlines(src->bytes, src->len, src->line_starts + 1);
	src->n_lines = n;
	src->cache_line = 0;
	src->cache_offset = src->line_starts[0];
	src->cache_column = 1;
}

/* Takes ownership of bytes (len bytes plus a NUL already in place). */
static struct source *source_adopt(const char *name, char *bytes, size_t len)
{
	struct source *src = xcalloc(1, sizeof *src);

	src->name = xstrdup(name);
	src->bytes = bytes;
	src->len = len;
	/* The line table is made on the first position asked for: a clean
	 * input never needs one (a pretty-printed 1 MB request: 160 KB, 0.16x
	 * of its size, of peak memory). */
	return src;
}

struct source *source_new(const char *name, const char *bytes, size_t len)
{
	char *copy = xmalloc(len + 1);

	if (len)
		memcpy(copy, bytes, len);
	copy[len] = '\0';
	return source_adopt(name, copy, len);
}

void source_free(struct source *src)
{
	if (!src)
		return;
	free(src->name);
	free(src->bytes);
	free(src->line_starts);
	free(src);
}

/* Wait until a non-blocking fd has something to read (or its end). */
static void wait_readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	while (poll(&p, 1, -1) < 0 && errno == EINTR)
		;
}

/* A big buffer is asked to be on huge pages: reading 10 MB into 4 KB
 * pages is 2,400 page faults (the tape does the same, jsonpos_tape.c).
 * Below, a huge page's rounding could cost more memory than the faults
 * cost time. */
#define HUGE_PAGES_FROM ((size_t)4 << 20)

static void advise_huge_pages(char *buf, size_t size)
{
#ifdef MADV_HUGEPAGE
	if (size < HUGE_PAGES_FROM)
		return;
	uintptr_t page = 4096, start = ((uintptr_t)buf + page - 1) & ~(page - 1);
	uintptr_t end = ((uintptr_t)buf + size) & ~(page - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)buf;
	(void)size;
#endif
}

/* Read fd to the end.  The buffer grows by doubling; reading one byte
 * past the limit is how a pipe that is too long is noticed.  A large
 * input may legitimately fail to fit in memory, so plain realloc here.
 * fifo: fd is a FIFO opened non-blocking; an end of file before any
 * byte, at the first read, means no process has it open for writing. */
static char *read_all(int fd, size_t size_hint, bool fifo, size_t *len_out,
                      const char **error)
{
	bool first = true;
	size_t cap = size_hint + 1 > 4096 ? size_hint + 1 : 4096;
	size_t len = 0;
	char *buf = NULL;

	if (cap > SOURCE_MAX_BYTES + 1)
		cap = SOURCE_MAX_BYTES + 1;
	buf = malloc(cap + 1);
	if (!buf)
		goto no_memory;
	advise_huge_pages(buf, cap + 1);
	for (;;) {
		ssize_t got;

		if (len == cap) {
			size_t ncap = cap * 2 > SOURCE_MAX_BYTES + 1 ?
			              SOURCE_MAX_BYTES + 1 : cap * 2;
			char *nbuf;

			if (ncap == cap) {
				*error = ERR_TOO_LARGE;
				goto fail;
			}
			nbuf = realloc(buf, ncap + 1);
			if (!nbuf)
				goto no_memory;
			buf = nbuf;
			cap = ncap;
		}
		got = read(fd, buf + len, cap - len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				first = false;
				wait_readable(fd);
				continue;
			}
			*error = errno == EISDIR ? ERR_DIRECTORY : strerror(errno);
			goto fail;
		}
		if (got == 0 && fifo && first) {
			*error = ERR_FIFO_NO_WRITER;
			goto fail;
		}
		first = false;
		if (got == 0)
			break;
		len += (size_t)got;
	}
	if (len > SOURCE_MAX_BYTES) {
		*error = ERR_TOO_LARGE;
		goto fail;
	}
	buf[len] = '\0';
	*len_out = len;
	return buf;
no_memory:
	*error = ERR_NO_MEMORY;
fail:
	free(buf);
	return NULL;
}

static struct source *load(const char *path, const char *display_name,
                           const struct stat *known, const char **error)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *dummy;
	struct stat st;
	size_t hint = 0, len = 0;
	bool fifo = false;
	char *bytes;
	int fd;

	if (!error)
		error = &dummy;
	if (!display_name)
		display_name = is_stdin ? "<stdin>" : path;
	/* O_NONBLOCK: opening a FIFO that no process writes to would
	 * otherwise wait forever (a linter run by an editor or a hook must
	 * never hang).  Regular files ignore the flag; reads of a FIFO wait
	 * in poll() instead, so `dtslint <(command)` still works. */
	fd = is_stdin ? STDIN_FILENO : longpath_open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*error = strerror(errno);
		return NULL;
	}
	/* open() succeeds on a directory; say so rather than "EISDIR" on
	 * the first read, and refuse an oversized regular file before
	 * reading any of it.  FIFOs and devices are read like files, but
	 * a FIFO with no writer is an error rather than an empty input.
	 * known: what stat() said of the path when the inputs were listed
	 * (source_load_examined()), not asked again. */
	if (known && !is_stdin)
		st = *known;
	if ((known && !is_stdin) || fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			*error = ERR_DIRECTORY;
			goto fail;
		}
		fifo = !is_stdin && S_ISFIFO(st.st_mode);
		if (S_ISREG(st.st_mode) && st.st_size > 0) {
			if ((uintmax_t)st.st_size > SOURCE_MAX_BYTES) {
				*error = ERR_TOO_LARGE;
				goto fail;
			}
			hint = (size_t)st.st_size;
		}
	}
	bytes = read_all(fd, hint, fifo, &len, error);
	if (!bytes)
		goto fail;
	if (!is_stdin)
		close(fd);
	return source_adopt(display_name, bytes, len);
fail:
	if (!is_stdin)
		close(fd);
	return NULL;
}

struct source *source_load(const char *path, const char *display_name,
                           const char **error)
{
	return load(path, display_name, NULL, error);
}

struct source *source_load_examined(const char *path, const char *display_name, mode_t mode,
                                    off_t size, const char **error)
{
	struct stat st = {.st_mode = mode, .st_size = size}; /* all load() reads of it */
	return load(path, display_name, &st, error);
}

/* The line table, made when first needed.  The source is const to most
 * of its readers; the table, like the column cache, is derived from the
 * bytes and changes nothing they see. */
static void need_lines(const struct source *csrc)
{
	struct source *src = (struct source *)csrc;

	if (!src->line_starts)
		build_line_table(src);
}

size_t source_n_lines(const struct source *src)
{
	need_lines(src);
	return src->n_lines;
}

/* Index (0-based) of the line holding offset: the last line start <= offset. */
static size_t find_line(const struct source *src, size_t offset)
{
	size_t lo = 0, hi = src->n_lines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (src->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t line_end(const struct source *src, size_t line_index)
{
	return line_index + 1 < src->n_lines ?
	       src->line_starts[line_index + 1] : src->len;
}

/* The first byte of the character holding offset.  A continuation byte
 * belongs to the lead byte up to three bytes before it when that lead
 * announces a sequence long enough to reach it; a stray one (the first
 * bad byte of a file that is not UTF-8) is a character of its own. */
static size_t char_start(const char *bytes, size_t line_start, size_t offset)
{
	if (!is_continuation((unsigned char)bytes[offset]))
		return offset;
	for (size_t k = 1; k <= 3 && offset - line_start >= k; k++) {
		unsigned char c = (unsigned char)bytes[offset - k];

		if (!is_continuation(c)) {
			size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

			return n > k ? offset - k : offset;
		}
	}
	return offset;
}

/* --column-unit: one per process, chosen before any input is read. */
static enum source_column_unit column_unit = SOURCE_COLUMNS_CODE_POINTS;

void source_set_column_unit(enum source_column_unit unit)
{
	column_unit = unit;
}

enum source_column_unit source_get_column_unit(void)
{
	return column_unit;
}

/* Columns in bytes[from, to) in the chosen unit (valid UTF-8 assumed; a
 * stray byte counts as one code point, as source_count_code_points does). */
static size_t count_columns(const char *bytes, size_t from, size_t to)
{
	size_t n;

	switch (column_unit) {
	case SOURCE_COLUMNS_BYTES:
		return to - from;
	case SOURCE_COLUMNS_UTF16:
		/* A character outside the BMP (4-byte UTF-8) is two UTF-16 units. */
		n = source_count_code_points(bytes, from, to);
		for (size_t i = from; i < to; i++)
			n += (unsigned char)bytes[i] >= 0xF0;
		return n;
	default:
		return source_count_code_points(bytes, from, to);
	}
}

struct position source_position(struct source *src, size_t offset)
{
	struct position pos;
	size_t line, start;

	need_lines(src);
	if (offset > src->len)
		offset = src->len;
	line = find_line(src, offset);
	start = src->line_starts[line];
	if (offset < start)
		offset = start; /* inside the byte order mark */
	/* An offset inside a multi-byte character belongs to that
	 * character. */
	offset = char_start(src->bytes, start, offset);
	pos.line = line + 1;
	if (src->cache_line == line && src->cache_offset <= offset &&
	    src->cache_offset >= start) {
		pos.column = src->cache_column +
		             count_columns(src->bytes, src->cache_offset, offset);
	} else {
		pos.column = 1 + count_columns(src->bytes, start, offset);
	}
	src->cache_line = line;
	src->cache_offset = offset;
	src->cache_column = pos.column;
	return pos;
}

void source_line_bounds(const struct source *src, size_t line,
                        size_t *start, size_t *len)
{
	size_t s, e;

	need_lines(src);
	if (line == 0 || line > src->n_lines) {
		*start = src->len;
		*len = 0;
		return;
	}
	s = src->line_starts[line - 1];
	e = line_end(src, line - 1);
	if (e > s && src->bytes[e - 1] == '\n') {
		e--;
		if (e > s && src->bytes[e - 1] == '\r')
			e--;
	}
	*start = s;
	*len = e - s;
}

/* Length of the well-formed UTF-8 sequence at b[0, avail), or 0 when it
 * is ill-formed (Unicode table 3-7: no overlongs, no surrogates, nothing
 * above U+10FFFF, no truncated sequences). */
static size_t utf8_sequence_length(const unsigned char *b, size_t avail)
{
	unsigned char c = b[0], lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (avail < 2 || b[1] < lo || b[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (i >= avail || !is_continuation(b[i]))
			return 0;
	return n;
}

/* UTF-16 is recognised by its byte order mark or, without one, by the
 * NUL that ASCII text has as every other byte ("{\0\n\0" or "\0{\0\n"),
 * in the first two code units when there are two: one NUL byte before
 * "{\n" is a NUL in a UTF-8 file, not UTF-16.  It is worth its own
 * message: "invalid UTF-8 at byte 0" would not tell the user that the
 * editor saved the file in the wrong encoding. */
static bool looks_like_utf16(const unsigned char *b, size_t len)
{
	size_t units = len >= 4 ? 2 : 1;
	bool le = true, be = true;

	if (len < 2)
		return false;
	if ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))
		return true;
	for (size_t i = 0; i < units; i++) {
		le = le && b[2 * i] != 0 && b[2 * i + 1] == 0;
		be = be && b[2 * i] == 0 && b[2 * i + 1] != 0;
	}
	return le || be;
}

enum source_encoding_problem source_check_encoding(const struct source *src,
                                                   size_t *offset,
                                                   size_t *bom_len)
{
	const unsigned char *b = (const unsigned char *)src->bytes;
	size_t i = 0, dummy_offset, dummy_bom;

	if (!offset)
		offset = &dummy_offset;
	if (!bom_len)
		bom_len = &dummy_bom;
	*offset = 0;
	*bom_len = 0;
	if (looks_like_utf16(b, src->len))
		return ENC_UTF16;
	if (has_utf8_bom(src->bytes, src->len))
		i = *bom_len = 3;
	while (i < src->len) {
		size_t n;

		/* most of a request is ASCII, and this check reads every
		 * byte of a 10 MB file: a vector loop (bytescan.c) finds the
		 * next byte that is NUL or not ASCII */
		i = bytescan_ascii_run(b, i, src->len);
		if (i == src->len)
			break;
		if (b[i] < 0x80) {
			if (b[i] == 0) {
				*offset = i;
				return ENC_NUL_BYTE;
			}
			i++;
			continue;
		}
		n = utf8_sequence_length(b + i, src->len - i);
		if (n == 0) {
			*offset = i;
			return ENC_INVALID_UTF8;
		}
		i += n;
	}
	return ENC_OK;
}
