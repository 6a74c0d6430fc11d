/*
 * jsonpos: recursive-descent JSON parser recording byte spans.
 *
 * Everything a parse allocates lives in the jdoc's arena, so a tree is
 * freed at once and nodes never move.  Nested JSON (a string holding
 * JSON) is decoded with an offset map: map[i] is the offset, in the text
 * the string was written in, of the escape sequence that produced decoded
 * byte i; composing maps level by level brings every span back to the
 * bytes of the file.  What this file does not do: judge whether the JSON
 * is a good request (engine.c) or turn offsets into line:column (source.c).
 */
#define JSONPOS_INTERNAL
#include "jsonpos.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "xalloc.h"

/* ---- arena --------------------------------------------------------- */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
};

/* The decoded text of a string that held JSON, and the map of each of its
 * bytes to the file: what nodes parsed from it point to. */
struct jorigin {
	const char *text;
	size_t len;
	const uint32_t *map; /* len + 1 entries; map[len] = the closing quote */
};

struct jdoc {
	struct chunk *chunks;
	size_t n_values;   /* parsed so far */
	size_t max_values; /* JSONPOS_MAX_VALUES unless a test lowers it */
};

#define CHUNK_SIZE ((size_t)256 * 1024)

struct jdoc *jdoc_new(void)
{
	struct jdoc *doc = xcalloc(1, sizeof(struct jdoc));
	doc->max_values = JSONPOS_MAX_VALUES;
	return doc;
}

void jdoc_limit_values(struct jdoc *doc, size_t max_values)
{
	doc->max_values = max_values;
}

void jdoc_free(struct jdoc *doc)
{
	if (!doc)
		return;
	struct chunk *c = doc->chunks;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(doc);
}

/* The slack that rounds a block up to max_align_t is zeroed: PCRE2's JIT
 * reads a subject string in aligned words, past its NUL, and what it
 * reads there must be defined (or valgrind reports every match). */
static void *arena_alloc(struct jdoc *doc, size_t want)
{
	size_t size = (want + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	struct chunk *c = doc->chunks;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > CHUNK_SIZE / 4 ? size : CHUNK_SIZE;
		struct chunk *fresh = xmalloc(sizeof(struct chunk) + cap);
		fresh->used = 0;
		fresh->cap = cap;
		if (c && size > CHUNK_SIZE / 4) {
			/* A big one-off block goes behind the current chunk so the
			 * current chunk's free space is not wasted. */
			fresh->next = c->next;
			c->next = fresh;
		} else {
			fresh->next = c;
			doc->chunks = fresh;
		}
		c = fresh;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	if (size > want)
		memset((char *)p + want, 0, size - want);
	return p;
}

/* A text block of cap bytes holding len of them and a NUL: the unused
 * rest is zeroed too, for the same reason. */
static void text_end(char *text, size_t len, size_t cap)
{
	memset(text + len, 0, cap - len);
}

static char *arena_strndup(struct jdoc *doc, const char *s, size_t n)
{
	char *p = arena_alloc(doc, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ---- parser state -------------------------------------------------- */

struct parser {
	struct jdoc *doc;
	const char *s;
	size_t len;
	size_t pos;
	const struct jorigin *origin; /* NULL: s is the file */
	struct jerror *err;
};

static size_t to_file(const struct parser *ps, size_t off)
{
	return ps->origin ? ps->origin->map[off] : off;
}

static size_t utf8_len_at(const char *s, size_t len, size_t pos)
{
	unsigned char c = (unsigned char)s[pos];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	return pos + n > len ? len - pos : n;
}

/* Record the first error; the span covers the offending character. */
static void fail_at(struct parser *ps, size_t pos, const char *fmt, const char *arg)
{
	if (ps->err->failed)
		return;
	ps->err->failed = true;
	size_t end = pos < ps->len ? pos + utf8_len_at(ps->s, ps->len, pos) : pos;
	ps->err->span.start = to_file(ps, pos);
	ps->err->span.end = to_file(ps, end);
	/* fmt holds at most one "%s", replaced by arg; done by hand so that
	 * messages stay plain constants (-Wformat-nonliteral). */
	const char *hole = strstr(fmt, "%s");
	size_t head = hole ? (size_t)(hole - fmt) : strlen(fmt);
	snprintf(ps->err->message, sizeof ps->err->message, "%.*s%s%s", (int)head, fmt,
	         hole && arg ? arg : "", hole ? hole + 2 : "");
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Index of the first byte in memory order of x (loaded with memcpy)
 * that is not zero; x must not be 0. */
#define FIRST_NONZERO_BYTE(x) ((size_t)__builtin_ctzll(x) / 8)
#endif

/* Indentation is the white space there is most of: after a line break,
 * the run of spaces is measured eight bytes at a time where the machine
 * allows it. */
/* A mistake that Python's str() of a dict makes (single quotes, True,
 * None): flagged so the caller can name the cause, not just the spot. */
static void fail_python(struct parser *ps, const char *message)
{
	if (!ps->err->failed)
		ps->err->python_literal = true;
	fail_at(ps, ps->pos, message, "");
}

static void skip_ws(struct parser *ps)
{
	while (ps->pos < ps->len) {
		char c = ps->s[ps->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return;
		ps->pos++;
#ifdef FIRST_NONZERO_BYTE
		if (c != '\n')
			continue;
		while (ps->pos + 8 <= ps->len) {
			uint64_t x;
			memcpy(&x, ps->s + ps->pos, 8);
			x ^= 0x2020202020202020u;
			if (x) {
				ps->pos += FIRST_NONZERO_BYTE(x);
				break;
			}
			ps->pos += 8;
		}
#endif
	}
}

static struct jnode *node_new(struct parser *ps, enum jtype type, size_t start)
{
	struct jnode *n = arena_alloc(ps->doc, sizeof *n);
	memset(n, 0, sizeof *n);
	n->type = type;
	n->origin = ps->origin;
	n->raw_start = (uint32_t)start;
	n->span.start = to_file(ps, start);
	return n;
}

static void node_end(struct parser *ps, struct jnode *n, size_t end)
{
	n->raw_end = (uint32_t)end;
	n->span.end = to_file(ps, end);
}

static void add_child(struct jnode *parent, struct jnode *child)
{
	child->parent = parent;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
	parent->n_children++;
}

/* Describe the character at pos for an error message.  Only JSON's own
 * punctuation is quoted: any other character may be the first of a value
 * the parser never got to classify (an unquoted password), so a message
 * names its kind, never the character itself. */
static const char *describe_char(const struct parser *ps, size_t pos, char *buf, size_t size)
{
	if (pos >= ps->len)
		return "the end of the input";
	unsigned char c = (unsigned char)ps->s[pos];
	if (strchr("{}[],:\"'", c) && c) {
		snprintf(buf, size, "'%c'", c);
		return buf;
	}
	if (c < 0x20 || c == 0x7F)
		return "a control character";
	if (c >= 0x80)
		return "a non-ASCII character";
	if (c == '/' && pos + 1 < ps->len && (ps->s[pos + 1] == '/' || ps->s[pos + 1] == '*'))
		return "a comment (JSON has none)";
	if (isalpha(c))
		return "a letter (a string without its double quotes?)";
	if (isdigit(c))
		return "a digit";
	return "a punctuation character";
}

static struct jnode *parse_value(struct parser *ps, int depth);

/* ---- strings ------------------------------------------------------- */

static bool read_hex4(const char *s, size_t len, size_t pos, unsigned *out)
{
	if (pos + 4 > len)
		return false;
	unsigned v = 0;
	for (size_t i = 0; i < 4; i++) {
		int h = ascii_hex_value(s[pos + i]);
		if (h < 0)
			return false;
		v = v * 16 + (unsigned)h;
	}
	*out = v;
	return true;
}

static size_t utf8_encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decode the string body s[start, end) (between the quotes, already known
 * to be well formed) into out, which has room for end - start bytes.  If
 * map is not NULL, map[k] receives the offset in s of the escape or
 * character that produced output byte k.  Returns the decoded length.
 */
static size_t decode_body(const char *s, size_t start, size_t end, char *out, uint32_t *map)
{
	size_t k = 0;
	size_t i = start;
	while (i < end) {
		size_t at = i;
		if (s[i] != '\\') {
			if (map)
				map[k] = (uint32_t)at;
			out[k++] = s[i++];
			continue;
		}
		char e = s[i + 1];
		i += 2;
		unsigned cp;
		switch (e) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			read_hex4(s, end, i, &cp);
			i += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				unsigned lo;
				read_hex4(s, end, i + 2, &lo);
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
			break;
		default: cp = (unsigned char)e; break;
		}
		char buf[4];
		size_t n = utf8_encode(cp, buf);
		for (size_t j = 0; j < n; j++) {
			if (map)
				map[k] = (uint32_t)at;
			out[k++] = buf[j];
		}
	}
	return k;
}

/* The end of the run of bytes from i that need no attention inside a
 * string: not '"', not '\\', not a control character.  Strings are most
 * of a request's bytes, so eight are tested at a time: the classic bit
 * trick sets the high bit of the first byte of x that is zero (or below
 * 0x20), and borrows only run towards later bytes, so on a little-endian
 * machine the lowest bit set names the first byte that stops the run.
 * Elsewhere the byte loop finds it. */
static size_t plain_run_end(const char *s, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	while (i + 8 <= len) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
		uint64_t hit = (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) |
		                ((x - ones * 0x20) & ~x)) & highs;
		if (hit) {
#ifdef FIRST_NONZERO_BYTE
			return i + FIRST_NONZERO_BYTE(hit);
#else
			break;
#endif
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

/* Check the string starting at the opening quote; on success *body_end is
 * the offset of the closing quote and *plain tells that no escape occurs. */
static bool scan_string(struct parser *ps, size_t *body_end, bool *plain)
{
	size_t i = ps->pos + 1;
	*plain = true;
	while ((i = plain_run_end(ps->s, i, ps->len)) < ps->len) {
		unsigned char c = (unsigned char)ps->s[i];
		if (c == '"') {
			*body_end = i;
			return true;
		}
		if (c < 0x20) {
			fail_at(ps, i, c == '\n' ? "unescaped line break in a string: is a closing '\"' missing?"
			                         : "unescaped control character in a string; write it as a \\u escape",
			        NULL);
			return false;
		}
		if (c != '\\') {
			i++;
			continue;
		}
		*plain = false;
		if (i + 1 >= ps->len)
			break;
		char e = ps->s[i + 1];
		if (strchr("\"\\/bfnrt", e) && e != '\0') {
			i += 2;
			continue;
		}
		if (e != 'u') {
			/* the escaped character is not named: it is part of a value */
			fail_at(ps, i, "invalid escape in a string: JSON allows \\\" \\\\ \\/ \\b \\f \\n "
			        "\\r \\t \\u only; a literal backslash is written '\\\\'%s", "");
			return false;
		}
		unsigned cp;
		if (!read_hex4(ps->s, ps->len, i + 2, &cp)) {
			fail_at(ps, i, "invalid \\u escape: expected four hexadecimal digits%s", "");
			return false;
		}
		if (cp >= 0xDC00 && cp <= 0xDFFF) {
			fail_at(ps, i, "lone low surrogate in a \\u escape; it must follow a high surrogate (\\uD800-\\uDBFF)%s", "");
			return false;
		}
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			unsigned lo;
			if (i + 7 >= ps->len || ps->s[i + 6] != '\\' || ps->s[i + 7] != 'u' ||
			    !read_hex4(ps->s, ps->len, i + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
				fail_at(ps, i, "lone high surrogate in a \\u escape; it must be followed by a low surrogate (\\uDC00-\\uDFFF)%s", "");
				return false;
			}
			i += 12;
			continue;
		}
		i += 6;
	}
	fail_at(ps, ps->pos, "unterminated string: the closing '\"' is missing%s", "");
	return false;
}

/* Parse a string token at ps->pos into (text, len); advances past it. */
static bool parse_string_token(struct parser *ps, const char **text, size_t *len)
{
	size_t body_end;
	bool plain;
	if (!scan_string(ps, &body_end, &plain))
		return false;
	size_t start = ps->pos + 1;
	if (plain) {
		*text = arena_strndup(ps->doc, ps->s + start, body_end - start);
		*len = body_end - start;
	} else {
		char *out = arena_alloc(ps->doc, body_end - start + 1);
		*len = decode_body(ps->s, start, body_end, out, NULL);
		text_end(out, *len, body_end - start + 1);
		*text = out;
	}
	ps->pos = body_end + 1;
	return true;
}

/* ---- numbers and literals ----------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static struct jnode *parse_number(struct parser *ps)
{
	size_t start = ps->pos, i = ps->pos;
	const char *s = ps->s;
	if (i < ps->len && s[i] == '-')
		i++;
	if (i >= ps->len || !is_digit(s[i])) {
		fail_at(ps, i, "invalid number: expected a digit%s", "");
		return NULL;
	}
	if (s[i] == '0' && i + 1 < ps->len && is_digit(s[i + 1])) {
		fail_at(ps, i, "invalid number: leading zeros are not allowed; write the number as a string if the zeros matter%s", "");
		return NULL;
	}
	while (i < ps->len && is_digit(s[i]))
		i++;
	if (i < ps->len && s[i] == '.') {
		i++;
		if (i >= ps->len || !is_digit(s[i])) {
			fail_at(ps, i, "invalid number: expected a digit after the decimal point%s", "");
			return NULL;
		}
		while (i < ps->len && is_digit(s[i]))
			i++;
	}
	if (i < ps->len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < ps->len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= ps->len || !is_digit(s[i])) {
			fail_at(ps, i, "invalid number: expected a digit in the exponent%s", "");
			return NULL;
		}
		while (i < ps->len && is_digit(s[i]))
			i++;
	}
	struct jnode *n = node_new(ps, JT_NUMBER, start);
	n->text = arena_strndup(ps->doc, s + start, i - start);
	n->text_len = i - start;
	node_end(ps, n, i);
	ps->pos = i;
	return n;
}

static bool word_at(const struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	return ps->len - ps->pos >= n && memcmp(ps->s + ps->pos, word, n) == 0;
}

static struct jnode *parse_literal(struct parser *ps)
{
	static const struct {
		const char *word;
		enum jtype type;
		bool value;
	} literals[] = {
		{"true", JT_BOOL, true}, {"false", JT_BOOL, false}, {"null", JT_NULL, false},
	};
	for (size_t i = 0; i < sizeof literals / sizeof literals[0]; i++) {
		if (word_at(ps, literals[i].word)) {
			struct jnode *n = node_new(ps, literals[i].type, ps->pos);
			n->boolean = literals[i].value;
			ps->pos += strlen(literals[i].word);
			node_end(ps, n, ps->pos);
			return n;
		}
	}
	/* Name the usual non-JSON spellings instead of "unexpected 'T'". */
	static const struct {
		const char *word, *message;
	} foreign[] = {
		{"True", "'True' is Python; JSON writes true%s"},
		{"False", "'False' is Python; JSON writes false%s"},
		{"None", "'None' is Python; JSON writes null%s"},
		{"NaN", "NaN is not a JSON number%s"},
		{"Infinity", "Infinity is not a JSON number%s"},
		{"undefined", "undefined is not JSON; use null%s"},
	};
	for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
		/* a whole word only: "Truelove" may be an unquoted password, and
		 * the message would quote its start */
		size_t after = ps->pos + strlen(foreign[i].word);
		if (word_at(ps, foreign[i].word) &&
		    (after >= ps->len || !(isalnum((unsigned char)ps->s[after]) || ps->s[after] == '_'))) {
			if (i < 3) /* True, False, None */
				fail_python(ps, foreign[i].message);
			else
				fail_at(ps, ps->pos, foreign[i].message, "");
			return NULL;
		}
	}
	char buf[40];
	fail_at(ps, ps->pos, "expected a JSON value, found %s", describe_char(ps, ps->pos, buf, sizeof buf));
	return NULL;
}

/* ---- containers ---------------------------------------------------- */

static int compare_member_keys(const void *a, const void *b)
{
	const struct jnode *x = *(const struct jnode *const *)a;
	const struct jnode *y = *(const struct jnode *const *)b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = memcmp(x->key, y->key, n);
	if (c)
		return c;
	if (x->key_len != y->key_len)
		return x->key_len < y->key_len ? -1 : 1;
	/* document order among equals: file offsets keep it at every level */
	return x->key_span.start < y->key_span.start ? -1 : x->key_span.start > y->key_span.start;
}

static bool same_key(const struct jnode *a, const struct jnode *b)
{
	return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

/* Mark every member whose key an earlier member already used.  Small
 * objects compare pairwise; large ones (a DbList with 100,000 tables)
 * sort, so the check stays O(n log n). */
static void mark_duplicates(struct jnode *obj)
{
	if (obj->n_children < 2)
		return;
	if (obj->n_children <= 16) {
		for (struct jnode *a = obj->first; a; a = a->next)
			for (struct jnode *b = a->next; b; b = b->next)
				if (!b->is_duplicate && same_key(a, b)) {
					b->is_duplicate = true;
					b->duplicate_of = a->is_duplicate ? a->duplicate_of : a;
				}
		return;
	}
	struct jnode **v = xmalloc(obj->n_children * sizeof *v);
	size_t n = 0;
	for (struct jnode *a = obj->first; a; a = a->next)
		v[n++] = a;
	qsort(v, n, sizeof *v, compare_member_keys);
	for (size_t i = 1; i < n; i++) {
		if (same_key(v[i - 1], v[i])) {
			struct jnode *first = v[i - 1]->is_duplicate ? v[i - 1]->duplicate_of : v[i - 1];
			v[i]->is_duplicate = true;
			v[i]->duplicate_of = first;
		}
	}
	free(v);
}

static struct jnode *parse_object(struct parser *ps, int depth)
{
	struct jnode *obj = node_new(ps, JT_OBJECT, ps->pos);
	size_t open = ps->pos;
	ps->pos++;
	skip_ws(ps);
	if (ps->pos < ps->len && ps->s[ps->pos] == '}') {
		ps->pos++;
		node_end(ps, obj, ps->pos);
		return obj;
	}
	char buf[40];
	for (;;) {
		skip_ws(ps);
		if (ps->pos >= ps->len) {
			fail_at(ps, open, "unterminated object: the '}' closing this '{' is missing%s", "");
			return NULL;
		}
		char c = ps->s[ps->pos];
		if (c != '"') {
			if (c == '}')
				fail_at(ps, ps->pos, "trailing comma before '}': remove the last ','%s", "");
			else if (c == '\'')
				fail_python(ps, "keys must be in double quotes, not single quotes%s");
			else if (c == '/')
				fail_at(ps, ps->pos, "comments are not allowed in JSON%s", "");
			else
				fail_at(ps, ps->pos, "expected a key in double quotes, found %s",
				        describe_char(ps, ps->pos, buf, sizeof buf));
			return NULL;
		}
		size_t key_start = ps->pos;
		const char *key;
		size_t key_len;
		if (!parse_string_token(ps, &key, &key_len))
			return NULL;
		size_t key_end = ps->pos;
		skip_ws(ps);
		if (ps->pos >= ps->len || ps->s[ps->pos] != ':') {
			fail_at(ps, ps->pos, "expected ':' after the key, found %s",
			        describe_char(ps, ps->pos, buf, sizeof buf));
			return NULL;
		}
		ps->pos++;
		skip_ws(ps);
		struct jnode *value = parse_value(ps, depth + 1);
		if (!value)
			return NULL;
		value->key = key;
		value->key_len = key_len;
		value->key_span.start = to_file(ps, key_start);
		value->key_span.end = to_file(ps, key_end);
		add_child(obj, value);
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == ',') {
			ps->pos++;
			continue;
		}
		if (ps->pos < ps->len && ps->s[ps->pos] == '}') {
			ps->pos++;
			node_end(ps, obj, ps->pos);
			mark_duplicates(obj);
			return obj;
		}
		if (ps->pos >= ps->len)
			fail_at(ps, open, "unterminated object: the '}' closing this '{' is missing%s", "");
		else if (ps->s[ps->pos] == '"')
			fail_at(ps, ps->pos, "missing ',' between two members of an object%s", "");
		else
			fail_at(ps, ps->pos, "expected ',' or '}' after a member, found %s",
			        describe_char(ps, ps->pos, buf, sizeof buf));
		return NULL;
	}
}

static struct jnode *parse_array(struct parser *ps, int depth)
{
	struct jnode *arr = node_new(ps, JT_ARRAY, ps->pos);
	size_t open = ps->pos;
	ps->pos++;
	skip_ws(ps);
	if (ps->pos < ps->len && ps->s[ps->pos] == ']') {
		ps->pos++;
		node_end(ps, arr, ps->pos);
		return arr;
	}
	char buf[40];
	for (;;) {
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == ']') {
			fail_at(ps, ps->pos, "trailing comma before ']': remove the last ','%s", "");
			return NULL;
		}
		struct jnode *value = parse_value(ps, depth + 1);
		if (!value)
			return NULL;
		add_child(arr, value);
		skip_ws(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == ',') {
			ps->pos++;
			continue;
		}
		if (ps->pos < ps->len && ps->s[ps->pos] == ']') {
			ps->pos++;
			node_end(ps, arr, ps->pos);
			return arr;
		}
		if (ps->pos >= ps->len)
			fail_at(ps, open, "unterminated array: the ']' closing this '[' is missing%s", "");
		else
			fail_at(ps, ps->pos, "expected ',' or ']' after an array element, found %s",
			        describe_char(ps, ps->pos, buf, sizeof buf));
		return NULL;
	}
}

static struct jnode *parse_value(struct parser *ps, int depth)
{
	if (depth > JSONPOS_MAX_DEPTH) {
		fail_at(ps, ps->pos, "nesting is deeper than the limit of %s levels", "512");
		return NULL;
	}
	skip_ws(ps);
	if (ps->pos >= ps->len) {
		fail_at(ps, ps->pos, "unexpected end of input: expected a JSON value%s", "");
		return NULL;
	}
	if (++ps->doc->n_values > ps->doc->max_values) {
		fail_at(ps, ps->pos, "more than %s values in one input: dtslint stops here "
		        "(a 10 MB DbList holds about 500,000)", "4,000,000");
		return NULL;
	}
	char c = ps->s[ps->pos];
	switch (c) {
	case '{':
		return parse_object(ps, depth);
	case '[':
		return parse_array(ps, depth);
	case '"': {
		size_t start = ps->pos;
		const char *text;
		size_t len;
		if (!parse_string_token(ps, &text, &len))
			return NULL;
		struct jnode *n = node_new(ps, JT_STRING, start);
		n->text = text;
		n->text_len = len;
		node_end(ps, n, ps->pos);
		return n;
	}
	case '\'':
		fail_python(ps, "strings must be in double quotes, not single quotes%s");
		return NULL;
	default:
		if (c == '-' || is_digit(c))
			return parse_number(ps);
		return parse_literal(ps);
	}
}

static struct jnode *parse_document(struct parser *ps)
{
	/* A UTF-8 byte order mark is harmless and some Windows editors add it. */
	if (ps->len >= 3 && memcmp(ps->s, "\xEF\xBB\xBF", 3) == 0)
		ps->pos = 3;
	skip_ws(ps);
	if (ps->pos >= ps->len) {
		fail_at(ps, ps->pos, "%s", ps->len ? "the input holds only white space; expected a JSON object"
		                                   : "the input is empty; expected a JSON object");
		return NULL;
	}
	struct jnode *root = parse_value(ps, 1);
	if (!root)
		return NULL;
	skip_ws(ps);
	if (ps->pos < ps->len) {
		char buf[40];
		fail_at(ps, ps->pos, "found %s after the end of the JSON value",
		        describe_char(ps, ps->pos, buf, sizeof buf));
		return NULL;
	}
	return root;
}

struct jnode *jsonpos_parse(struct jdoc *doc, const char *bytes, size_t len, struct jerror *err)
{
	struct parser ps = {.doc = doc, .s = bytes, .len = len, .err = err};
	memset(err, 0, sizeof *err);
	return parse_document(&ps);
}

/* The text the string node was written in, and its map to the file. */
static void node_home(const struct jnode *n, const char *file, const char **text,
                      const uint32_t **map)
{
	*text = n->origin ? n->origin->text : file;
	*map = n->origin ? n->origin->map : NULL;
}

/* Parse the decoded text of origin as the JSON held by str. */
static struct jnode *parse_origin(struct jdoc *doc, struct jnode *str, const struct jorigin *origin,
                                  struct jerror *err)
{
	struct parser ps = {.doc = doc, .s = origin->text, .len = origin->len, .origin = origin, .err = err};
	struct jnode *root = parse_document(&ps);
	if (!root)
		return NULL;
	root->parent = str;
	root->nested_root = true;
	str->nested = root;
	return root;
}

struct jnode *jsonpos_parse_nested(struct jdoc *doc, const char *outer, struct jnode *str,
                                   struct jerror *err)
{
	memset(err, 0, sizeof *err);
	if (str->nested)
		return str->nested;
	if (str->verbatim) /* already decoded, and its origin maps it */
		return parse_origin(doc, str, str->origin, err);
	const char *home;
	const uint32_t *home_map;
	node_home(str, outer, &home, &home_map);
	size_t body_start = (size_t)str->raw_start + 1, body_end = (size_t)str->raw_end - 1;

	struct jorigin *origin = arena_alloc(doc, sizeof *origin);
	char *text = arena_alloc(doc, body_end - body_start + 1);
	uint32_t *map = arena_alloc(doc, (body_end - body_start + 1) * sizeof *map);
	size_t len = decode_body(home, body_start, body_end, text, map);
	text_end(text, len, body_end - body_start + 1);
	map[len] = (uint32_t)body_end;
	/* Compose with the enclosing level's map: offsets in `home` -> file. */
	if (home_map)
		for (size_t i = 0; i <= len; i++)
			map[i] = home_map[map[i]];
	origin->text = text;
	origin->len = len;
	origin->map = map;
	return parse_origin(doc, str, origin, err);
}

/* ---- lexing broken JSON -------------------------------------------- */

/*
 * Text that may not parse (a broken file, a string that may hold JSON) is
 * lexed for `key: value` pairs, so that secrets are masked in excerpts of
 * any input.  The lexer is lenient where the parser is strict, because
 * what it must not do is miss a pair: strings in double or in single
 * quotes (one pass each, as an apostrophe in prose would otherwise swallow
 * a line), keys with any escape or none at all, unquoted values, comments
 * between the colon and the value, containers as values.  When in doubt,
 * it reports more, never less.
 */

/* Zeroed bytes after a key or text handed to the classifier: PCRE2's JIT
 * reads the subject in aligned words, past its end (see arena_alloc). */
#define LEX_SLACK 16

struct lexer {
	const char *s;
	size_t len;
	const uint32_t *map; /* NULL: s is the file */
	char quote2;         /* the second string delimiter ('\'', or '"' again) */
	jsonpos_key_fn *classify;
	jsonpos_value_fn *emit;
	void *ctx;
};

static size_t lex_at(const struct lexer *lx, size_t i)
{
	return lx->map ? lx->map[i] : i;
}

/* End of the string token starting at the quote at i: the offset after its
 * closing quote, or of the line end / text end when it is unterminated. */
static size_t lex_string_end(const char *s, size_t len, size_t i, bool *closed)
{
	char q = s[i];
	for (i++; i < len; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == q) {
			*closed = true;
			return i + 1;
		}
		if (s[i] == '\n')
			break;
	}
	*closed = false;
	return i < len ? i : len;
}

/* Decode a string body s[start, end) whatever its escapes: a valid escape
 * is decoded, anything else is kept as written and *broken set (the text
 * is then not what the author meant, and a key cannot be classified).
 * out has room for end - start bytes; map (optional) as decode_body's. */
static size_t lex_decode(const char *s, size_t start, size_t end, char *out, uint32_t *map,
                         bool *broken)
{
	size_t k = 0, i = start;
	*broken = false;
	while (i < end) {
		size_t at = i;
		unsigned cp = 0;
		size_t used = 0;
		if (s[i] == '\\' && i + 1 < end) {
			switch (s[i + 1]) {
			case 'b': cp = '\b'; used = 2; break;
			case 'f': cp = '\f'; used = 2; break;
			case 'n': cp = '\n'; used = 2; break;
			case 'r': cp = '\r'; used = 2; break;
			case 't': cp = '\t'; used = 2; break;
			case '"': case '\'': case '\\': case '/': cp = (unsigned char)s[i + 1]; used = 2; break;
			case 'u':
				if (read_hex4(s, end, i + 2, &cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
					used = 6;
				} else if (read_hex4(s, end, i + 2, &cp) && cp <= 0xDBFF && cp >= 0xD800) {
					unsigned lo;
					if (i + 8 <= end && s[i + 6] == '\\' && s[i + 7] == 'u' &&
					    read_hex4(s, end, i + 8, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
						used = 12;
					}
				}
				break;
			default: break;
			}
		}
		if (!used) {
			if (s[i] == '\\')
				*broken = true;
			if (map)
				map[k] = (uint32_t)at;
			out[k++] = s[i++];
			continue;
		}
		char buf[4];
		size_t n = utf8_encode(cp, buf);
		/* an escape is never longer than the text it decodes to, so out
		 * (end - start bytes) always has room */
		for (size_t j = 0; j < n; j++) {
			if (map)
				map[k] = (uint32_t)at;
			out[k++] = buf[j];
		}
		i += used;
	}
	return k;
}

static bool is_lex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A character that ends an unquoted word. */
static bool ends_word(const struct lexer *lx, char c)
{
	return is_lex_space(c) || c == ',' || c == ':' || c == '{' || c == '}' || c == '[' ||
	       c == ']' || c == '"' || c == lx->quote2;
}

/* Is the key s[start, end) (a string body when quoted) secret?  A key
 * whose escapes do not decode is passed as NULL: it cannot be classified. */
static bool lex_classify(const struct lexer *lx, size_t start, size_t end, bool quoted)
{
	size_t n = end - start;
	if (!quoted || !memchr(lx->s + start, '\\', n))
		return lx->classify(lx->ctx, lx->s + start, n); /* nothing to decode */
	char *key = xcalloc(n + LEX_SLACK, 1);
	bool broken = false;
	size_t klen = n;
	if (quoted)
		klen = lex_decode(lx->s, start, end, key, NULL, &broken);
	else
		memcpy(key, lx->s + start, n);
	key[klen] = '\0';
	bool secret = lx->classify(lx->ctx, broken ? NULL : key, broken ? 0 : klen);
	free(key);
	return secret;
}

static void lex_emit_span(const struct lexer *lx, size_t start, size_t end, bool secret)
{
	struct jsonpos_lexed v = {.content = {lex_at(lx, start), lex_at(lx, end)}, .secret = secret};
	lx->emit(lx->ctx, &v);
}

/* A string value at s[i, end): its content, decoded with its map when it
 * is not secret and holds a quote (so it may hold JSON in turn). */
static void lex_emit_string(const struct lexer *lx, size_t i, size_t end, bool closed, bool secret)
{
	size_t body_start = i + 1, body_end = closed ? end - 1 : end;
	struct jsonpos_lexed v = {.content = {lex_at(lx, body_start), lex_at(lx, body_end)},
	                          .secret = secret};
	size_t n = body_end - body_start;
	if (secret || (!memchr(lx->s + body_start, '"', n) && !memchr(lx->s + body_start, '\'', n))) {
		lx->emit(lx->ctx, &v);
		return;
	}
	char *text = xcalloc(n + LEX_SLACK, 1);
	uint32_t *map = xmalloc((n + 1) * sizeof *map);
	bool broken;
	size_t len = lex_decode(lx->s, body_start, body_end, text, map, &broken);
	text[len] = '\0';
	for (size_t k = 0; k < len; k++)
		map[k] = (uint32_t)lex_at(lx, map[k]);
	map[len] = (uint32_t)lex_at(lx, body_end);
	v.text = text;
	v.len = len;
	v.map = map;
	lx->emit(lx->ctx, &v);
	free(map);
	free(text);
}

/* Text that is skipped here but may hold pairs (a comment before a value):
 * reported as it is written, to be lexed on its own. */
static void lex_emit_text(const struct lexer *lx, size_t start, size_t end)
{
	uint32_t *map = xmalloc((end - start + 1) * sizeof *map);
	for (size_t k = start; k <= end; k++)
		map[k - start] = (uint32_t)lex_at(lx, k);
	struct jsonpos_lexed v = {.content = {map[0], map[end - start]}, .text = lx->s + start,
	                          .len = end - start, .map = map};
	lx->emit(lx->ctx, &v);
	free(map);
}

static void lex_run(const struct lexer *lx)
{
	const char *s = lx->s;
	size_t len = lx->len;
	size_t key_start = 0, key_end = 0, depth = 0;
	bool have_key = false, key_quoted = false, after_colon = false, value_secret = false;
	size_t secret_from = SIZE_MAX, secret_start = 0; /* a secret container being skipped */
	for (size_t i = 0; i < len;) {
		char c = s[i];
		if (is_lex_space(c)) {
			i++;
			continue;
		}
		if (c == '"' || c == lx->quote2) {
			bool closed;
			size_t end = lex_string_end(s, len, i, &closed);
			if (secret_from != SIZE_MAX) {
				/* inside a secret container: only brackets matter */
			} else if (after_colon) {
				lex_emit_string(lx, i, end, closed, value_secret);
				have_key = after_colon = false;
			} else {
				have_key = true;
				key_quoted = true;
				key_start = i + 1;
				key_end = closed ? end - 1 : end;
				/* no ':' follows: a value after all (an array element),
				 * which may hold JSON too */
				size_t j = end;
				while (j < len && is_lex_space(s[j]))
					j++;
				if (j == len || s[j] != ':')
					lex_emit_string(lx, i, end, closed, false);
			}
			i = end;
			continue;
		}
		if (c == '{' || c == '[') {
			if (secret_from == SIZE_MAX && after_colon && value_secret) {
				secret_from = depth;
				secret_start = i;
			}
			depth++;
			have_key = after_colon = false;
			i++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (depth)
				depth--;
			if (secret_from == depth) {
				lex_emit_span(lx, secret_start, i + 1, true);
				secret_from = SIZE_MAX;
			}
			have_key = after_colon = false;
			i++;
			continue;
		}
		if (secret_from != SIZE_MAX) {
			i++;
			continue;
		}
		if (c == ':' && have_key && !after_colon) {
			after_colon = true;
			value_secret = lex_classify(lx, key_start, key_end, key_quoted);
			i++;
			continue;
		}
		if (c == ',' || c == ':') {
			have_key = after_colon = false;
			i++;
			continue;
		}
		if (after_colon && c == '/' && i + 1 < len && (s[i + 1] == '/' || s[i + 1] == '*')) {
			/* a comment between the colon and the value: skipped, and
			 * masked too under a secret key (it may be the value), else
			 * lexed on its own (it may hold a pair) */
			size_t end;
			if (s[i + 1] == '/') {
				const char *nl = memchr(s + i, '\n', len - i);
				end = nl ? (size_t)(nl - s) : len;
			} else {
				end = i + 2;
				while (end < len && !(s[end] == '*' && end + 1 < len && s[end + 1] == '/'))
					end++;
				end = end < len ? end + 2 : len;
			}
			if (value_secret)
				lex_emit_span(lx, i, end, true);
			else
				lex_emit_text(lx, i, end);
			i = end;
			continue;
		}
		/* An unquoted word: a key when a ':' follows, a value after one
		 * (up to the end of the member: "hunter 2" is one value). */
		size_t end = i;
		if (after_colon) {
			while (end < len && s[end] != ',' && s[end] != '}' && s[end] != ']' && s[end] != '{' &&
			       s[end] != '[' && s[end] != '\n' && s[end] != '"' && s[end] != lx->quote2)
				end++;
			size_t stop = end;
			while (stop > i && is_lex_space(s[stop - 1]))
				stop--;
			if (value_secret)
				lex_emit_span(lx, i, stop, true);
			have_key = after_colon = false;
		} else {
			while (end < len && !ends_word(lx, s[end]))
				end++;
			have_key = true;
			key_quoted = false;
			key_start = i;
			key_end = end;
		}
		i = end > i ? end : i + 1;
	}
	if (secret_from != SIZE_MAX)
		lex_emit_span(lx, secret_start, len, true);
}

void jsonpos_lex_values(const char *text, size_t len, const uint32_t *map, jsonpos_key_fn *classify,
                        jsonpos_value_fn *emit, void *ctx)
{
	struct lexer lx = {.s = text, .len = len, .map = map, .quote2 = '"',
	                   .classify = classify, .emit = emit, .ctx = ctx};
	lex_run(&lx);
	if (memchr(text, '\'', len)) {
		lx.quote2 = '\'';
		lex_run(&lx);
	}
}

const uint32_t *jsonpos_string_map(struct jdoc *doc, const char *outer, const struct jnode *str)
{
	if (str->verbatim)
		return str->origin->map;
	const char *home;
	const uint32_t *home_map;
	node_home(str, outer, &home, &home_map);
	size_t body_start = (size_t)str->raw_start + 1, body_end = (size_t)str->raw_end - 1;
	char *text = xmalloc(body_end - body_start + 1);
	uint32_t *map = arena_alloc(doc, (body_end - body_start + 1) * sizeof *map);
	size_t len = decode_body(home, body_start, body_end, text, map);
	free(text);
	map[len] = (uint32_t)body_end;
	for (size_t i = 0; home_map && i <= len; i++)
		map[i] = home_map[map[i]];
	return map;
}

/* ---- trees built by other decoders ----------------------------------- */

static struct jnode *container_new(struct jdoc *doc, enum jtype type, size_t start)
{
	struct jnode *n = arena_alloc(doc, sizeof *n);
	memset(n, 0, sizeof *n);
	n->type = type;
	n->span = (struct jspan){start, start};
	n->raw_start = n->raw_end = (uint32_t)start;
	return n;
}

#define JBUILDER_MAX_DEPTH 8

struct jbuilder {
	struct jdoc *doc;
	struct jnode *open[JBUILDER_MAX_DEPTH];
	int depth; /* open[depth] is the innermost */
};

struct jbuilder *jbuilder_new(struct jdoc *doc, enum jtype root_type, size_t start)
{
	struct jbuilder *b = xcalloc(1, sizeof *b);
	b->doc = doc;
	b->open[0] = container_new(doc, root_type, start);
	return b;
}

void jbuilder_open(struct jbuilder *b, enum jtype type, size_t start)
{
	struct jnode *n = container_new(b->doc, type, start);
	add_child(b->open[b->depth], n);
	b->open[++b->depth] = n;
}

static void close_container(struct jnode *n, size_t end)
{
	n->span.end = end;
	n->raw_end = (uint32_t)end;
	if (n->type == JT_OBJECT)
		mark_duplicates(n);
}

void jbuilder_close(struct jbuilder *b, size_t end)
{
	if (b->depth > 0)
		close_container(b->open[b->depth--], end);
}

int jbuilder_depth(const struct jbuilder *b)
{
	return b->depth;
}

void jbuilder_string_member(struct jbuilder *b, const char *key, size_t key_len,
                            struct jspan key_span, const char *text, size_t len,
                            const uint32_t *map, struct jspan span)
{
	struct jdoc *doc = b->doc;
	struct jorigin *origin = arena_alloc(doc, sizeof *origin);
	char *copy = arena_alloc(doc, len + 1);
	memcpy(copy, text, len);
	text_end(copy, len, len + 1);
	uint32_t *map_copy = arena_alloc(doc, (len + 1) * sizeof *map_copy);
	memcpy(map_copy, map, (len + 1) * sizeof *map_copy);
	*origin = (struct jorigin){.text = copy, .len = len, .map = map_copy};
	struct jnode *n = arena_alloc(doc, sizeof *n);
	memset(n, 0, sizeof *n);
	n->type = JT_STRING;
	n->verbatim = true;
	n->span = span;
	n->key_span = key_span;
	n->key = arena_strndup(doc, key, key_len);
	n->key_len = key_len;
	n->text = copy;
	n->text_len = len;
	n->origin = origin;
	n->raw_start = 0;
	n->raw_end = (uint32_t)len;
	add_child(b->open[b->depth], n);
}

struct jnode *jbuilder_finish(struct jbuilder *b, size_t end, bool unwrap_single)
{
	while (b->depth > 0)
		jbuilder_close(b, end);
	struct jnode *root = b->open[0];
	free(b);
	close_container(root, end);
	if (root->n_children == 0)
		return NULL;
	if (unwrap_single && root->n_children == 1 &&
	    (root->first->type == JT_OBJECT || root->first->type == JT_ARRAY)) {
		root->first->parent = NULL;
		return root->first;
	}
	return root;
}

/* ---- lookups ------------------------------------------------------- */

struct jnode *jnode_get(const struct jnode *obj, const char *key)
{
	if (!obj || obj->type != JT_OBJECT)
		return NULL;
	size_t len = strlen(key);
	for (struct jnode *c = obj->first; c; c = c->next)
		if (!c->is_duplicate && c->key_len == len && memcmp(c->key, key, len) == 0)
			return c;
	return NULL;
}

const struct jnode *jnode_object_view(const struct jnode *node)
{
	if (!node)
		return NULL;
	if (node->type == JT_OBJECT)
		return node;
	if (node->type == JT_STRING && node->nested && node->nested->type == JT_OBJECT)
		return node->nested;
	return NULL;
}

/* ---- pointers ------------------------------------------------------ */

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sbuf_putc(struct sbuf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->p = xrealloc(b->p, b->cap);
	}
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

static void append_token(struct sbuf *b, const char *key, size_t len)
{
	sbuf_putc(b, '/');
	for (size_t i = 0; i < len; i++) {
		if (key[i] == '~') {
			sbuf_putc(b, '~');
			sbuf_putc(b, '0');
		} else if (key[i] == '/') {
			sbuf_putc(b, '~');
			sbuf_putc(b, '1');
		} else {
			sbuf_putc(b, key[i]);
		}
	}
}

/* Path segments are collected leaf-first, then written root-first. */
static void append_node_path(struct sbuf *b, const struct jnode *node)
{
	if (!node)
		return;
	if (node->nested_root) {
		append_node_path(b, node->parent);
		return;
	}
	const struct jnode *parent = node->parent;
	if (!parent)
		return;
	append_node_path(b, parent);
	if (parent->type == JT_OBJECT) {
		append_token(b, node->key, node->key_len);
	} else {
		size_t index = 0;
		for (const struct jnode *c = parent->first; c && c != node; c = c->next)
			index++;
		char num[32];
		int n = snprintf(num, sizeof num, "%zu", index);
		append_token(b, num, (size_t)n);
	}
}

char *jnode_pointer(const struct jnode *node)
{
	struct sbuf b = {0};
	sbuf_putc(&b, 'x'); /* make sure the buffer exists, then empty it */
	b.len = 0;
	b.p[0] = '\0';
	append_node_path(&b, node);
	return b.p;
}

char *jnode_child_pointer(const struct jnode *parent, const char *key)
{
	struct sbuf b = {0};
	sbuf_putc(&b, 'x');
	b.len = 0;
	b.p[0] = '\0';
	append_node_path(&b, parent);
	append_token(&b, key, strlen(key));
	return b.p;
}

struct jspan jnode_content_span(const struct jnode *n)
{
	if (n->type != JT_STRING || n->verbatim)
		return n->span;
	if (!n->origin)
		return (struct jspan){n->span.start + 1, n->span.end - 1};
	return (struct jspan){n->origin->map[n->raw_start + 1], n->origin->map[n->raw_end - 1]};
}

/* The first index of the (non-decreasing) map at or after offset. */
static size_t map_lower_bound(const struct jorigin *o, size_t offset)
{
	size_t lo = 0, hi = o->len + 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->map[mid] < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Key offsets in the origin's text are not stored (the node stays
 * small); the map is monotonic, so the opening quote and the byte after
 * the closing one are found in it again. */
struct jspan jnode_key_content_span(const struct jnode *n)
{
	if (n->verbatim)
		return n->key_span;
	if (!n->origin)
		return (struct jspan){n->key_span.start + 1, n->key_span.end - 1};
	size_t open = map_lower_bound(n->origin, n->key_span.start);
	size_t after = map_lower_bound(n->origin, n->key_span.end);
	if (open + 1 >= after || after > n->origin->len)
		return (struct jspan){0, 0}; /* not found: no span a key's content could have */
	return (struct jspan){n->origin->map[open + 1], n->origin->map[after - 1]};
}

const char *jtype_name(enum jtype type)
{
	switch (type) {
	case JT_NULL: return "null";
	case JT_BOOL: return "a Boolean";
	case JT_NUMBER: return "a number";
	case JT_STRING: return "a string";
	case JT_ARRAY: return "an array";
	case JT_OBJECT: return "an object";
	}
	return "a value";
}
