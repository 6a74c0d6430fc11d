/*
 * source: the bytes of one input and the map from byte offsets to
 * 1-based line:column positions, columns counted in Unicode code points
 * (SARIF "unicodeCodePoints") unless --column-unit says otherwise.  It
 * does not parse JSON and does not judge the bytes: encoding problems are
 * found by source_check_encoding().
 */
#ifndef DTSLINT_SOURCE_H
#define DTSLINT_SOURCE_H

#include <stddef.h>
#include <sys/types.h>
#include <stdint.h>

/* Hard limit on one input, so a mistaken path to a huge file fails fast. */
#define SOURCE_MAX_BYTES ((size_t)64 * 1024 * 1024)

struct source {
	char *name;          /* display name (relative path or --stdin-filename); owned */
	char *bytes;         /* file content, NUL-terminated for convenience; owned */
	size_t len;          /* length in bytes, without the terminating NUL */
	uint32_t *line_starts; /* byte offset of each line's first byte; owned.
	                        * Line 1 starts after a UTF-8 byte order mark.
	                        * 32 bits: inputs stop at SOURCE_MAX_BYTES.
	                        * NULL until a position is asked for: read it
	                        * through the functions below. */
	size_t n_lines;
	/* One-entry cache so that resolving offsets in increasing order on a
	 * 10 MB one-line file stays linear instead of quadratic: 2,187
	 * findings on a 1 MB line cost 290 M instructions, 21,939 M without
	 * (bench/README.md, "Memos"). */
	size_t cache_line, cache_offset, cache_column;
};

struct position {
	size_t line;   /* 1-based */
	size_t column; /* 1-based, in code points */
};

/* Load a file ("-" = stdin).  Returns an owned source or NULL; on NULL,
 * *error receives a static, human-readable reason (errno text or limit). */
struct source *source_load(const char *path, const char *display_name,
                           const char **error);

/* As source_load(), for a path the caller has just examined with stat()
 * (following links; mode and size are st_mode and st_size): the open
 * file is not examined again, one system call less for each file named
 * on a command line.  Should the path change in between, a folder still
 * fails as "is a directory" and a file grown too large once 64 MiB are
 * read, as with a pipe. */
struct source *source_load_examined(const char *path, const char *display_name, mode_t mode,
                                    off_t size, const char **error);

/* Wrap a copy of a memory buffer (tests, fuzzers, embedded rules). */
struct source *source_new(const char *name, const char *bytes, size_t len);

void source_free(struct source *src);

/* How many lines the input has (a last line without "\n" counts). */
size_t source_n_lines(const struct source *src);

/* Offset (0..len) to line:column.  Offsets inside a multi-byte character
 * resolve to that character's column. */
struct position source_position(struct source *src, size_t offset);

/* The line holding offset: start offset and length without the newline. */
void source_line_bounds(const struct source *src, size_t line,
                        size_t *start, size_t *len);

/* What source_position() counts columns in (--column-unit): code points
 * (the default, SARIF "unicodeCodePoints"), UTF-16 code units (SARIF
 * "utf16CodeUnits", VS Code, LSP) or bytes (vim, Emacs).  Process-wide;
 * set it before the first input is read. */
enum source_column_unit {
	SOURCE_COLUMNS_CODE_POINTS = 0,
	SOURCE_COLUMNS_UTF16,
	SOURCE_COLUMNS_BYTES,
};
void source_set_column_unit(enum source_column_unit unit);
enum source_column_unit source_get_column_unit(void);

/* Number of code points in bytes[from, to). */
size_t source_count_code_points(const char *bytes, size_t from, size_t to);

enum source_encoding_problem {
	ENC_OK = 0,
	ENC_INVALID_UTF8,
	ENC_NUL_BYTE,
	ENC_UTF16,
};

/* First encoding problem of the whole input, with its byte offset.
 * A UTF-8 byte order mark is accepted (its length goes to *bom_len). */
enum source_encoding_problem source_check_encoding(const struct source *src,
                                                   size_t *offset,
                                                   size_t *bom_len);

#endif
