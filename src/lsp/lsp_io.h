/*
 * lsp_io: the base protocol of the Language Server Protocol, JSON-RPC
 * messages framed by "Content-Length: N\r\n\r\n" headers, read from and
 * written to file descriptors.  It knows nothing of JSON or of LSP
 * methods: it hands whole bodies up and writes whole bodies out.
 *
 * A malformed header block (no Content-Length, a value that is not a
 * number, one over the limit) is reported and skipped, so the server can
 * answer with an error and read on: one bad message never ends a session.
 */
#ifndef DTSLINT_LSP_IO_H
#define DTSLINT_LSP_IO_H

#include <stdbool.h>
#include <stddef.h>

/* A body may hold a document of SOURCE_MAX_BYTES, escaped: allow room. */
#define LSP_MAX_BODY ((size_t)256 * 1024 * 1024)

enum lsp_read_status {
	LSP_READ_OK,
	LSP_READ_EOF,        /* end of input, or a message cut short by it */
	LSP_READ_BAD_HEADER, /* a header block without a usable Content-Length */
};

struct lsp_reader;

struct lsp_reader *lsp_reader_new(int fd);
void lsp_reader_free(struct lsp_reader *r);

/* Read the next message.  LSP_READ_OK: *body is owned by the caller,
 * NUL-terminated, *len bytes.  LSP_READ_BAD_HEADER: why[] says what was
 * wrong; the block has been consumed. */
enum lsp_read_status lsp_read_message(struct lsp_reader *r, char **body, size_t *len,
                                      char *why, size_t why_size);

/* Is more input ready without blocking (buffered, or readable now)?  The
 * server lints changed documents only when nothing is waiting, so a burst
 * of edits is linted once, for its last version. */
bool lsp_reader_pending(struct lsp_reader *r);

/* Write one message, its body made valid UTF-8 (a byte that starts no
 * character becomes U+FFFD); false when the peer has gone (EPIPE and the
 * like). */
bool lsp_write_message(int fd, const char *body, size_t len);

#endif
