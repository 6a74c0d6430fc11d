/*
 * fuzz_lsp: libFuzzer target for the language server, `dtslint --lsp`,
 * run in-process by lsp_run() on two memory files: one holding the
 * session's messages, one taking what the server writes.
 *
 * One input is one session:  DOCUMENT | OPERATIONS | CONTROL
 *   CONTROL, the last byte: how many operations (its low 3 bits, plus
 *     one), whether the client offers UTF-8 positions (bit 3), whether
 *     the session ends with exit (bit 4) or at the end of input, when the
 *     document's last version is linted and its diagnostics published;
 *   OPERATIONS, 4 bytes each before it: a kind and three arguments;
 *   DOCUMENT, the rest, opened with a password planted in it, as
 *     fuzz_request plants one (secret_plant.h).
 * The session: initialize, didOpen of the document, the operations
 * (hover, completion or codeAction at a position derived from their
 * bytes, or at a raw line and character; a didChange with a range that
 * puts a slice of the document there; a frame whose body is a slice of
 * the document; a malformed header), shutdown, and exit or not.  The target keeps
 * its own copy of the document, edited as the server edits it, so its
 * positions stay in the text.
 *
 * Oracles (the target aborts when one fails):
 *   - time: while the server runs, it writes a message before it has used
 *     STALL_CPU_SECONDS of CPU (or STALL_WALL_SECONDS pass): every request
 *     is answered by one, so a request that spins is caught by a watchdog
 *     thread; and at the end every request has its answer;
 *   - secrets: no four bytes of the marker in a row in anything written,
 *     for as long as the password stays where a pair can stand (an edit
 *     next to it, or a raw frame that may edit the document, turns the
 *     check off for the session);
 *   - encoding: everything written is framed JSON, and UTF-8.
 */
#define _GNU_SOURCE /* memfd_create, memmem */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "lsp.h"
#include "lsp_position.h"
#include "ruleset.h"
#include "sanitize.h"
#include "secret_plant.h"
#include "strbuf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Generous for ASan: a request on a 64 KiB document takes milliseconds. */
#define STALL_CPU_SECONDS 5
#define STALL_WALL_SECONDS 60
#define URI "untitled:fuzz.json"
#define MAX_OPS 8

static struct ruleset *rules;
static int in_fd, out_fd;
static clockid_t server_clock;      /* CPU time of the thread that runs the server */
static atomic_uint session;         /* odd while a session runs */
static bool show;

/* ---- the watchdog -------------------------------------------------- */

static double seconds(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* While a session runs, the output must grow before the server has spun
 * for STALL_CPU_SECONDS.  Abort from here is a crash libFuzzer records
 * with the input that caused it. */
static void *watchdog(void *arg)
{
	(void)arg;
	unsigned seen = 0;
	off_t size = 0;
	double cpu = 0, wall = 0;
	for (;;) {
		nanosleep(&(struct timespec){.tv_nsec = 50 * 1000 * 1000}, NULL);
		unsigned now = atomic_load(&session);
		struct stat st;
		if (!(now & 1) || fstat(out_fd, &st) != 0)
			continue;
		if (now != seen || st.st_size != size) {
			seen = now;
			size = st.st_size;
			cpu = seconds(server_clock);
			wall = seconds(CLOCK_MONOTONIC);
			continue;
		}
		if (seconds(server_clock) - cpu > STALL_CPU_SECONDS ||
		    seconds(CLOCK_MONOTONIC) - wall > STALL_WALL_SECONDS) {
			fprintf(stderr, "fuzz_lsp: the server wrote nothing for %d s of CPU: a request is "
			        "not answered (a loop that does not end?)\n", STALL_CPU_SECONDS);
			abort();
		}
	}
	return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rules = ruleset_default();
	show = getenv("FUZZ_LSP_SHOW") != NULL;
	in_fd = memfd_create("fuzz_lsp-in", 0);
	out_fd = memfd_create("fuzz_lsp-out", 0);
	pthread_t t;
	if (in_fd < 0 || out_fd < 0 || pthread_getcpuclockid(pthread_self(), &server_clock) != 0 ||
	    pthread_create(&t, NULL, watchdog, NULL) != 0) {
		fprintf(stderr, "fuzz_lsp: cannot set up: %s\n", strerror(errno));
		abort();
	}
	pthread_detach(t);
	return 0;
}

/* ---- the client's side ---------------------------------------------- */

struct client {
	struct strbuf in;     /* the framed messages */
	struct strbuf doc;    /* the document as the server has it */
	const uint8_t *orig;  /* the document as the input gives it, for slices */
	size_t orig_len;
	enum lsp_encoding enc;
	struct secret_plant plant;
	size_t plant_at, plant_len; /* where the password is in doc */
	bool check_secret;    /* the password is still where a pair can stand */
	bool check_answers;   /* no raw frame may have ended the session early */
	int next_id;          /* of the next request: 1 to next_id - 1 are sent */
	int version;          /* of the document */
};

static void frame(struct client *c, const char *body, size_t len)
{
	strbuf_addf(&c->in, "Content-Length: %zu\r\n\r\n", len);
	strbuf_add(&c->in, body, len);
}

/* A JSON string of any bytes: those that are not UTF-8 go as they are, as
 * a client that does not check would send them (json-c takes them). */
static void add_json_string(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b == '"' || b == '\\')
			strbuf_addf(sb, "\\%c", b);
		else if (b < 0x20)
			strbuf_addf(sb, "\\u%04x", b);
		else
			strbuf_addch(sb, (char)b);
	}
	strbuf_addch(sb, '"');
}

static void message(struct client *c, struct strbuf *body)
{
	frame(c, body->buf, body->len);
	strbuf_release(body);
}

static void request(struct client *c, const char *method, const char *params)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_addf(&b, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"%s\",\"params\":%s}", c->next_id++, method,
	            params);
	message(c, &b);
}

/* An offset of the document from two bytes, moved to where the server
 * will put it (a character's start, a line's end), as a position. */
static struct lsp_pos position(struct client *c, unsigned hi, unsigned lo, size_t *offset)
{
	struct lsp_map map;
	lsp_map_init(&map, c->doc.buf, c->doc.len, c->enc);
	struct lsp_pos p = lsp_map_position(&map, ((size_t)hi << 8 | lo) % (c->doc.len + 1));
	*offset = lsp_map_offset(&map, p);
	lsp_map_release(&map);
	return p;
}

static void position_request(struct client *c, const char *method, struct lsp_pos p)
{
	char params[200];
	snprintf(params, sizeof params, "{\"textDocument\":{\"uri\":\"" URI "\"},"
	         "\"position\":{\"line\":%zu,\"character\":%zu}}", p.line, p.character);
	request(c, method, params);
}

static void code_action(struct client *c, struct lsp_pos from, struct lsp_pos to)
{
	char params[300];
	snprintf(params, sizeof params, "{\"textDocument\":{\"uri\":\"" URI "\"},"
	         "\"range\":{\"start\":{\"line\":%zu,\"character\":%zu},\"end\":{\"line\":%zu,"
	         "\"character\":%zu}},\"context\":{\"diagnostics\":[]}}",
	         from.line, from.character, to.line, to.character);
	request(c, "textDocument/codeAction", params);
}

/* orig[o, o + n) for two bytes, n at most max. */
static const char *slice(const struct client *c, unsigned pick, size_t max, size_t *n)
{
	size_t o = (pick * 131u) % (c->orig_len + 1);
	*n = c->orig_len - o < max ? c->orig_len - o : max;
	return (const char *)c->orig + o;
}

/* Is the password still where fuzz_request's oracle would plant it?  The
 * document without it is checked as that target checks its input. */
static void recheck_plant(struct client *c)
{
	struct strbuf base = STRBUF_INIT;
	strbuf_add(&base, c->doc.buf, c->plant_at);
	strbuf_add(&base, c->doc.buf + c->plant_at + c->plant_len, c->doc.len - c->plant_at - c->plant_len);
	struct secret_plant p = c->plant;
	p.at = c->plant_at;
	c->check_secret = secret_plant_holds((const uint8_t *)base.buf, base.len, &p);
	strbuf_release(&base);
}

/* A didChange replacing [start, end) of the document with a slice of it. */
static void edit(struct client *c, unsigned a, unsigned b, unsigned arg)
{
	size_t start, end, n;
	struct lsp_pos from = position(c, a, b, &start);
	struct lsp_pos to = position(c, a, (b + (arg & 7)) & 0xFF, &end);
	if (end < start) {
		struct lsp_pos t = from;
		size_t o = start;
		from = to, start = end;
		to = t, end = o;
	}
	const char *text = slice(c, arg, arg >> 3, &n);
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{"
	            "\"textDocument\":{\"uri\":\"" URI "\",\"version\":%d},\"contentChanges\":[{\"range\":"
	            "{\"start\":{\"line\":%zu,\"character\":%zu},\"end\":{\"line\":%zu,\"character\":%zu}},"
	            "\"text\":", ++c->version, from.line, from.character, to.line, to.character);
	add_json_string(&m, text, n);
	strbuf_addstr(&m, "}]}}");
	message(c, &m);
	/* The same edit on our copy (text is in orig, never in doc). */
	struct strbuf next = STRBUF_INIT;
	strbuf_add(&next, c->doc.buf, start);
	strbuf_add(&next, text, n);
	strbuf_add(&next, c->doc.buf + end, c->doc.len - end);
	strbuf_release(&c->doc);
	c->doc = next;
	if (!c->check_secret)
		return;
	if (end <= c->plant_at) {
		c->plant_at = c->plant_at + n - (end - start);
		recheck_plant(c);
	} else if (start >= c->plant_at + c->plant_len) {
		recheck_plant(c);
	} else {
		c->check_secret = false; /* into the password itself */
	}
}

/* A frame whose body is a slice of the input: what a broken or hostile
 * client might send.  It may hold any message, so when it could end the
 * session ("exit", or a method spelled with escapes) or edit the
 * document, the oracles that assume neither are turned off. */
static void raw_frame(struct client *c, unsigned a, unsigned b, unsigned arg)
{
	size_t n;
	const char *body = slice(c, a << 8 | b, arg * 4, &n);
	frame(c, body, n);
	bool escapes = memchr(body, '\\', n) != NULL;
	if (escapes || memmem(body, n, "exit", 4))
		c->check_answers = false;
	if (escapes || memmem(body, n, "did", 3))
		c->check_secret = false;
}

static void bad_header(struct client *c, unsigned arg)
{
	static const char *const headers[] = {
		"Content-Length: x\r\n\r\n",
		"X-Nothing: 1\r\n\r\n",
		"Content-Length: 99999999999999999999\r\n\r\n",
		"\r\n\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}",
	};
	strbuf_addstr(&c->in, headers[arg % (sizeof headers / sizeof *headers)]);
}

static void operation(struct client *c, const uint8_t op[4])
{
	size_t offset, end;
	struct lsp_pos p;
	switch (op[0] % 8) {
	case 0:
		position_request(c, "textDocument/hover", position(c, op[1], op[2], &offset));
		break;
	case 1:
		position_request(c, "textDocument/completion", position(c, op[1], op[2], &offset));
		break;
	case 2:
		p = position(c, op[1], op[2], &offset);
		code_action(c, p, position(c, op[1], (op[2] + op[3]) & 0xFF, &end));
		break;
	case 3:
		edit(c, op[1], op[2], op[3]);
		break;
	case 4:
		raw_frame(c, op[1], op[2], op[3]);
		break;
	case 5:
		bad_header(c, op[3]);
		break;
	default: /* a raw position, often past a line's end or the last line */
		p = (struct lsp_pos){op[1] % 16, (size_t)op[2] * op[3]};
		position_request(c, op[0] % 8 == 6 ? "textDocument/hover" : "textDocument/completion", p);
		break;
	}
}

/* ---- the oracles ----------------------------------------------------- */

static void fail(const char *why, const char *out, size_t len)
{
	fprintf(stderr, "fuzz_lsp: %s; the server wrote:\n%.*s\n", why, (int)(len < 20000 ? len : 20000), out);
	abort();
}

static bool is_utf8(const char *s, size_t len)
{
	uint32_t cp;
	for (size_t i = 0, n; i < len; i += n)
		if ((n = utf8_decode((const unsigned char *)s + i, len - i, &cp)) == 0)
			return false;
	return true;
}

/* Everything written is UTF-8, framed JSON, without the password; every
 * request has its answer. */
static void check_output(const struct client *c, const char *out, size_t len)
{
	bool *answered = calloc((size_t)c->next_id, sizeof *answered);
	size_t i = 0;
	if (!answered)
		abort();
	if (!is_utf8(out, len))
		fail("what the server wrote is not UTF-8", out, len);
	if (c->check_secret && secret_marker_shows(out, len))
		fail("the planted password shows", out, len);
	while (i < len) {
		unsigned long long n;
		int used = 0;
		if (sscanf(out + i, "Content-Length: %llu\r\n\r\n%n", &n, &used) != 1 || used == 0 ||
		    n > len - i - (size_t)used)
			fail("a frame without its header", out + i, len - i);
		i += (size_t)used;
		json_tokener *tok = json_tokener_new();
		json_object *msg = json_tokener_parse_ex(tok, out + i, (int)n);
		if (!msg || json_tokener_get_parse_end(tok) != n)
			fail("a message that is not JSON", out + i, n);
		json_object *id;
		if (json_object_object_get_ex(msg, "id", &id) && json_object_is_type(id, json_type_int) &&
		    !json_object_object_get_ex(msg, "method", NULL)) {
			int64_t k = json_object_get_int64(id);
			if (k > 0 && k < c->next_id)
				answered[k] = true;
		}
		json_object_put(msg);
		json_tokener_free(tok);
		i += n;
	}
	for (int k = 1; c->check_answers && k < c->next_id; k++) {
		if (!answered[k]) {
			char what[64];
			snprintf(what, sizeof what, "request %d has no answer", k);
			fail(what, out, len);
		}
	}
	free(answered);
}

/* ---- one session ----------------------------------------------------- */

static void fill(int fd, const char *bytes, size_t len)
{
	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, bytes + done, len - done);
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
}

static char *read_all(int fd, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		abort();
	*len = (size_t)st.st_size;
	char *out = malloc(*len + 1);
	if (!out || pread(fd, out, *len, 0) != (ssize_t)*len)
		abort();
	out[*len] = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned ctl = size ? data[size - 1] : 0;
	size_t n_ops = (ctl & 7) + 1;
	if (size < 1 + 4 * n_ops)
		n_ops = size ? (size - 1) / 4 : 0;
	size_t doc_len = size ? size - 1 - 4 * n_ops : 0;
	struct client c = {.in = STRBUF_INIT, .doc = STRBUF_INIT, .orig = data, .orig_len = doc_len,
	                   .enc = ctl & 8 ? LSP_ENC_UTF8 : LSP_ENC_UTF16, .check_answers = true, .next_id = 1};

	secret_plant_choose(data, doc_len, &c.plant);
	size_t planted_len;
	char *planted = secret_plant_apply(data, doc_len, &c.plant, &planted_len);
	strbuf_add(&c.doc, planted, planted_len);
	free(planted);
	c.plant_at = c.plant.at;
	c.plant_len = secret_plant_len(&c.plant);
	c.check_secret = !secret_may_spell_marker(data, doc_len);

	request(&c, "initialize", ctl & 8 ? "{\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-8\"]}}}"
	                                  : "{\"capabilities\":{}}");
	struct strbuf m = STRBUF_INIT;
	strbuf_addstr(&m, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
	message(&c, &m);
	strbuf_addstr(&m, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
	              "{\"uri\":\"" URI "\",\"languageId\":\"json\",\"version\":0,\"text\":");
	add_json_string(&m, c.doc.buf, c.doc.len);
	strbuf_addstr(&m, "}}}");
	message(&c, &m);
	for (size_t k = 0; k < n_ops; k++)
		operation(&c, data + size - 1 - 4 * (k + 1));
	request(&c, "shutdown", "null");
	/* Without exit, the end of input: the document is linted then (the
	 * server lints when no input waits, and a file never waits). */
	if (ctl & 16) {
		strbuf_addstr(&m, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
		message(&c, &m);
	}

	fill(in_fd, c.in.buf, c.in.len);
	fill(out_fd, "", 0);
	atomic_fetch_add(&session, 1);
	lsp_run(rules, NULL, in_fd, out_fd);
	atomic_fetch_add(&session, 1);

	size_t out_len;
	char *out = read_all(out_fd, &out_len);
	if (show) /* to see a session replayed: FUZZ_LSP_SHOW=1 fuzz_lsp FILE */
		fprintf(stderr, "== to the server\n%s\n== from the server\n%s\n== secret check %s, answers check %s\n",
		        c.in.buf, out, c.check_secret ? "on" : "off", c.check_answers ? "on" : "off");
	check_output(&c, out, out_len);
	free(out);
	strbuf_release(&c.in);
	strbuf_release(&c.doc);
	return 0;
}
