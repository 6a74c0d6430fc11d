/*
 * filter_parse: a lexer and a recursive-descent reader for a DbList
 * filter (see filter_parse.h).  The grammar, loosest binding first:
 *
 *   condition  := [WHERE] or {';'}
 *   or         := and {(OR | XOR | '||') and}
 *   and        := not {(AND | '&&') not}
 *   not        := (NOT | '!') not | predicate
 *   predicate  := operand { cmp operand | IS [NOT] (NULL | TRUE | FALSE)
 *                 | [NOT] IN '(' operand {',' operand} ')' | [NOT] LIKE operand [ESCAPE operand]
 *                 | [NOT] BETWEEN operand AND operand }
 *   operand    := term {('+' | '-' | '*' | '/' | '%') term}
 *   term       := ('-' | '+') term | '(' or {',' or} ')' | '(' SELECT ... ')' | EXISTS '(' SELECT ... ')'
 *                 | 'string' | "string" | number | NULL | TRUE | FALSE
 *                 | (DATE | TIME | TIMESTAMP) 'string' | name {'.' name}
 *
 * A name followed by '(' is a function call, which the filter page does
 * not document: the reader stops there.  The first place it stops is the
 * only one reported.
 */
#include "filter_parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Deeper nesting than this is reported, not followed (the C stack). */
enum { FILTER_MAX_DEPTH = 200 };

enum tok {
	T_END,
	T_NAME,      /* a plain name or keyword */
	T_QNAME,     /* `quoted` or [bracketed] */
	T_STRING,    /* 'text' */
	T_DQSTRING,  /* "text" (DTS312 reports the quotes) */
	T_NUMBER,
	T_CMP,       /* = == != <> < > <= >= <=> */
	T_ORDER,     /* < > <= >=: a comparison that orders */
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_DOT,
	T_ARITH,     /* + - * / % */
	T_OROR,      /* || */
	T_ANDAND,    /* && */
	T_BANG,      /* ! alone */
	T_SEMI,
	T_BAD,       /* a character or literal the language does not have */
};

/* The words the grammar reads, told apart once per name token (is_kw() was
 * asked a dozen times a token, each comparing text). */
enum kw {
	KW_NONE,
	KW_AND, KW_OR, KW_XOR, KW_NOT, KW_IN, KW_LIKE, KW_BETWEEN, KW_IS, KW_ESCAPE, KW_SELECT,
	KW_WHERE, KW_FROM, KW_NULL, KW_TRUE, KW_FALSE, KW_DATE, KW_TIME, KW_TIMESTAMP, KW_EXISTS,
	KW_UNKNOWN,
};

struct reader {
	const char *s;
	size_t len, pos;
	enum tok tok;
	enum kw kw;                 /* T_NAME: the keyword it is (any case), else KW_NONE */
	size_t start, end;          /* the current token */
	const char *bad;            /* T_BAD: why */
	unsigned depth;
	struct filter_parse *out;
};

/* ---- lexer ------------------------------------------------------------ */

static bool name_byte(unsigned char c)
{
	return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static bool digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A quoted literal or name closed by `close`; a doubled `close` (and in a
 * string a backslash, as MySQL reads it) escapes it. */
static bool lex_quoted(struct reader *R, char close, bool backslash)
{
	size_t i = R->pos + 1;
	while (i < R->len) {
		if (backslash && R->s[i] == '\\' && i + 1 < R->len) {
			i += 2;
			continue;
		}
		if (R->s[i] == close) {
			if (i + 1 < R->len && R->s[i + 1] == close && close != ']') {
				i += 2;
				continue;
			}
			R->pos = i + 1;
			return true;
		}
		i++;
	}
	R->pos = R->len;
	return false;
}

static void lex_number_or_name(struct reader *R)
{
	size_t i = R->pos;
	while (i < R->len && digit((unsigned char)R->s[i]))
		i++;
	if (i < R->len && R->s[i] == '.') {
		i++;
		while (i < R->len && digit((unsigned char)R->s[i]))
			i++;
	}
	if (i < R->len && (R->s[i] | 0x20) == 'e') {
		size_t j = i + 1;
		if (j < R->len && (R->s[j] == '+' || R->s[j] == '-'))
			j++;
		if (j < R->len && digit((unsigned char)R->s[j])) {
			i = j;
			while (i < R->len && digit((unsigned char)R->s[i]))
				i++;
		}
	}
	R->tok = T_NUMBER;
	/* 0x1F, or a MySQL name that starts with digits (1st_col) */
	if (i < R->len && name_byte((unsigned char)R->s[i])) {
		while (i < R->len && name_byte((unsigned char)R->s[i]))
			i++;
		R->tok = T_NAME;
	}
	R->pos = i;
}

static enum tok lex_operator(struct reader *R)
{
	const char *p = R->s + R->pos;
	size_t left = R->len - R->pos;
	static const struct {
		const char *text;
		enum tok tok;
	} ops[] = {{"<=>", T_CMP}, {"<=", T_ORDER}, {">=", T_ORDER}, {"<>", T_CMP}, {"!=", T_CMP}, {"==", T_CMP},
	           {"||", T_OROR}, {"&&", T_ANDAND}, {"=", T_CMP}, {"<", T_ORDER}, {">", T_ORDER},
	           {"!", T_BANG}, {"(", T_LPAREN}, {")", T_RPAREN}, {",", T_COMMA}, {".", T_DOT},
	           {"+", T_ARITH}, {"-", T_ARITH}, {"*", T_ARITH}, {"/", T_ARITH}, {"%", T_ARITH}, {";", T_SEMI}};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		/* the first byte rules out most rows without a strlen() */
		if (p[0] != ops[i].text[0])
			continue;
		size_t n = strlen(ops[i].text);
		if (n <= left && !memcmp(p, ops[i].text, n)) {
			R->pos += n;
			return ops[i].tok;
		}
	}
	R->pos++;
	R->bad = "a character filter conditions do not use";
	return T_BAD;
}

/* Is the name s (n bytes) the upper-case word w, in any case? */
static bool same_word(const char *s, size_t n, const char *w)
{
	size_t k = 0;
	while (k < n && w[k] && (s[k] | 0x20) == (w[k] | 0x20))
		k++;
	return k == n && !w[k];
}

/* The keyword that the name s (n bytes) is, in any case, or KW_NONE: by
 * its first letter, then the one to three words that start with it (a
 * loop over all twenty was 1% of a 1 MB request). */
static enum kw keyword(const char *s, size_t n)
{
	if (n < 2 || n > 9)
		return KW_NONE; /* the shortest and the longest keyword */
	switch (s[0] | 0x20) {
	case 'a': return same_word(s, n, "AND") ? KW_AND : KW_NONE;
	case 'b': return same_word(s, n, "BETWEEN") ? KW_BETWEEN : KW_NONE;
	case 'd': return same_word(s, n, "DATE") ? KW_DATE : KW_NONE;
	case 'e': return same_word(s, n, "ESCAPE") ? KW_ESCAPE : same_word(s, n, "EXISTS") ? KW_EXISTS : KW_NONE;
	case 'f': return same_word(s, n, "FROM") ? KW_FROM : same_word(s, n, "FALSE") ? KW_FALSE : KW_NONE;
	case 'i': return same_word(s, n, "IN") ? KW_IN : same_word(s, n, "IS") ? KW_IS : KW_NONE;
	case 'l': return same_word(s, n, "LIKE") ? KW_LIKE : KW_NONE;
	case 'n': return same_word(s, n, "NOT") ? KW_NOT : same_word(s, n, "NULL") ? KW_NULL : KW_NONE;
	case 'o': return same_word(s, n, "OR") ? KW_OR : KW_NONE;
	case 's': return same_word(s, n, "SELECT") ? KW_SELECT : KW_NONE;
	case 't':
		return same_word(s, n, "TRUE")        ? KW_TRUE
		       : same_word(s, n, "TIME")      ? KW_TIME
		       : same_word(s, n, "TIMESTAMP") ? KW_TIMESTAMP
		                                      : KW_NONE;
	case 'u': return same_word(s, n, "UNKNOWN") ? KW_UNKNOWN : KW_NONE;
	case 'w': return same_word(s, n, "WHERE") ? KW_WHERE : KW_NONE;
	case 'x': return same_word(s, n, "XOR") ? KW_XOR : KW_NONE;
	default: return KW_NONE;
	}
}

static void next(struct reader *R)
{
	R->kw = KW_NONE;
	while (R->pos < R->len && (R->s[R->pos] == ' ' || R->s[R->pos] == '\t' || R->s[R->pos] == '\n' ||
	                           R->s[R->pos] == '\r'))
		R->pos++;
	R->start = R->pos;
	if (R->pos >= R->len) {
		R->tok = T_END;
		R->end = R->pos;
		return;
	}
	unsigned char c = (unsigned char)R->s[R->pos];
	if (c == '\'' || c == '"' || c == '`' || c == '[') {
		char close = c == '[' ? ']' : (char)c;
		bool closed = lex_quoted(R, close, c == '\'' || c == '"');
		R->tok = c == '\'' ? T_STRING : c == '"' ? T_DQSTRING : T_QNAME;
		if (!closed) {
			R->tok = T_BAD;
			R->bad = c == '\'' || c == '"' ? "a string that is not closed" : "a quoted name that is not closed";
		}
	} else if (digit(c) || (c == '.' && R->pos + 1 < R->len && digit((unsigned char)R->s[R->pos + 1]))) {
		lex_number_or_name(R);
	} else if (name_byte(c)) {
		while (R->pos < R->len && name_byte((unsigned char)R->s[R->pos]))
			R->pos++;
		R->tok = T_NAME;
		R->kw = keyword(R->s + R->start, R->pos - R->start);
	} else {
		R->tok = lex_operator(R);
	}
	R->end = R->pos;
}

/* Is the current token the keyword kw (any case)? */
static bool is_kw(const struct reader *R, enum kw kw)
{
	return R->kw == kw;
}

/* A keyword that cannot be a column's name here. */
static bool reserved(const struct reader *R)
{
	return R->kw != KW_NONE && R->kw <= KW_FROM;
}

/* ---- results ---------------------------------------------------------- */

static bool stopped(const struct reader *R)
{
	return !R->out->readable;
}

/* Stop at text[start, end), the first place the condition cannot be read. */
static void stop_at(struct reader *R, size_t start, size_t end, const char *message)
{
	if (stopped(R))
		return;
	R->out->readable = false;
	R->out->error = (struct filter_span){start, end};
	R->out->error_message = R->tok == T_BAD ? R->bad : message;
}

/* Stop at the current token. */
static void stop(struct reader *R, const char *message)
{
	stop_at(R, R->start, R->end, message);
}

static void add_year(struct reader *R, struct filter_span literal)
{
	struct filter_parse *o = R->out;
	o->bare_years = xreallocarray(o->bare_years, o->n_bare_years + 1, sizeof *o->bare_years);
	o->bare_years[o->n_bare_years++] = literal;
}

/* What an operand was, for the comparisons that look at it. */
struct operand {
	bool lone_string;           /* exactly one 'string' literal */
	struct filter_span span;
};

static bool bare_year(const struct reader *R, const struct operand *o)
{
	if (!o->lone_string || o->span.end - o->span.start != 6)
		return false;
	for (size_t i = o->span.start + 1; i < o->span.end - 1; i++)
		if (!digit((unsigned char)R->s[i]))
			return false;
	return true;
}

/* ---- reader ----------------------------------------------------------- */

static void read_or(struct reader *R);

static bool expect(struct reader *R, enum tok tok, const char *message)
{
	if (R->tok != tok) {
		stop(R, message);
		return false;
	}
	next(R);
	return true;
}

/* A sub-query: DTS311 reports it; skip to its closing parenthesis. */
static void skip_subquery(struct reader *R)
{
	unsigned open = 1;
	while (R->tok != T_END && R->tok != T_BAD) {
		if (R->tok == T_LPAREN)
			open++;
		else if (R->tok == T_RPAREN && --open == 0)
			break;
		next(R);
	}
	expect(R, T_RPAREN, "expected ')' to close the sub-query");
}

/* A qualified name: remember its last three parts for the cross-table check. */
static void read_name(struct reader *R)
{
	struct filter_column col = {.start = R->start};
	size_t starts[FILTER_MAX_DEPTH], ends[FILTER_MAX_DEPTH], n = 0;
	for (;;) {
		bool quoted = R->tok == T_QNAME;
		if (n < FILTER_MAX_DEPTH) {
			starts[n] = R->start + quoted;
			ends[n] = R->end - quoted;
			n++;
		}
		col.end = R->end;
		next(R);
		if (R->tok != T_DOT)
			break;
		next(R);
		if (R->tok == T_ARITH && R->s[R->start] == '*') {
			stop(R, "'*' is not a column; name the column to compare");
			return;
		}
		if (R->tok != T_NAME && R->tok != T_QNAME) {
			stop(R, "expected a column name after '.'");
			return;
		}
	}
	if (R->tok == T_LPAREN) {
		stop_at(R, col.start, R->end, "a function call; the filter page documents columns, values and the operators =, !=, <, >, IN");
		return;
	}
	if (n < 2)
		return;
	col.n_parts = n;
	for (size_t k = 0; k < 3 && k < n; k++) {
		col.part_start[k] = starts[n - 1 - k];
		col.part_end[k] = ends[n - 1 - k];
	}
	struct filter_parse *o = R->out;
	o->qualified = xreallocarray(o->qualified, o->n_qualified + 1, sizeof *o->qualified);
	o->qualified[o->n_qualified++] = col;
}

static struct operand read_term(struct reader *R)
{
	struct operand o = {.span = {R->start, R->end}};
	if (stopped(R))
		return o;
	if (++R->depth > FILTER_MAX_DEPTH) {
		stop(R, "the condition is nested too deeply to read");
		return o;
	}
	if (R->tok == T_ARITH && (R->s[R->start] == '-' || R->s[R->start] == '+')) {
		next(R);
		read_term(R);
	} else if (R->tok == T_LPAREN) {
		next(R);
		if (is_kw(R, KW_SELECT)) {
			skip_subquery(R);
		} else {
			read_or(R);
			while (!stopped(R) && R->tok == T_COMMA) {
				next(R);
				read_or(R);
			}
			if (!stopped(R))
				expect(R, T_RPAREN, "expected ')'");
		}
	} else if (R->tok == T_STRING || R->tok == T_DQSTRING || R->tok == T_NUMBER) {
		o.lone_string = R->tok == T_STRING;
		next(R);
	} else if (is_kw(R, KW_NULL) || is_kw(R, KW_TRUE) || is_kw(R, KW_FALSE)) {
		next(R);
	} else if (is_kw(R, KW_DATE) || is_kw(R, KW_TIME) || is_kw(R, KW_TIMESTAMP)) {
		struct reader saved = *R;
		next(R);
		if (R->tok == T_STRING) {
			next(R);
		} else {
			*R = saved; /* a column named date */
			read_name(R);
		}
	} else if (is_kw(R, KW_EXISTS)) {
		next(R);
		if (R->tok == T_LPAREN) {
			next(R);
			if (is_kw(R, KW_SELECT))
				skip_subquery(R);
			else
				stop(R, "expected SELECT after EXISTS (");
		} else {
			read_name(R);
		}
	} else if ((R->tok == T_NAME && !reserved(R)) || R->tok == T_QNAME) {
		read_name(R);
	} else {
		stop(R, "expected a column or a value");
	}
	R->depth--;
	return o;
}

static struct operand read_operand(struct reader *R)
{
	struct operand first = read_term(R);
	bool more = false;
	while (!stopped(R) && R->tok == T_ARITH) {
		next(R);
		read_term(R);
		more = true;
	}
	if (more)
		first.lone_string = false;
	return first;
}

static void check_year(struct reader *R, const struct operand *o)
{
	if (!stopped(R) && bare_year(R, o))
		add_year(R, o->span);
}

static void read_in_list(struct reader *R)
{
	if (!expect(R, T_LPAREN, "expected '(' and a list of values after IN"))
		return;
	if (is_kw(R, KW_SELECT)) {
		skip_subquery(R);
		return;
	}
	read_operand(R);
	while (!stopped(R) && R->tok == T_COMMA) {
		next(R);
		read_operand(R);
	}
	if (!stopped(R))
		expect(R, T_RPAREN, "expected ',' or ')' in the IN list");
}

static void read_predicate(struct reader *R)
{
	struct operand left = read_operand(R);
	while (!stopped(R)) {
		if (R->tok == T_CMP || R->tok == T_ORDER) {
			bool order = R->tok == T_ORDER;
			next(R);
			struct operand right = read_operand(R);
			if (order) {
				check_year(R, &left);
				check_year(R, &right);
			}
			left = right;
			continue;
		}
		if (is_kw(R, KW_IS)) {
			next(R);
			if (is_kw(R, KW_NOT))
				next(R);
			if (is_kw(R, KW_NULL) || is_kw(R, KW_TRUE) || is_kw(R, KW_FALSE) || is_kw(R, KW_UNKNOWN))
				next(R);
			else
				stop(R, "expected NULL after IS");
			continue;
		}
		if (is_kw(R, KW_NOT)) {
			struct reader saved = *R;
			next(R);
			if (!is_kw(R, KW_IN) && !is_kw(R, KW_LIKE) && !is_kw(R, KW_BETWEEN)) {
				*R = saved;
				{
					stop(R, "expected IN, LIKE or BETWEEN after NOT");
					return;
				}
			}
		}
		if (is_kw(R, KW_IN)) {
			next(R);
			read_in_list(R);
		} else if (is_kw(R, KW_LIKE)) {
			next(R);
			read_operand(R);
			if (is_kw(R, KW_ESCAPE)) {
				next(R);
				read_operand(R);
			}
		} else if (is_kw(R, KW_BETWEEN)) {
			next(R);
			struct operand low = read_operand(R);
			if (!stopped(R) && !is_kw(R, KW_AND)) {
				stop(R, "expected AND between the bounds of BETWEEN");
				return;
			}
			next(R);
			struct operand high = read_operand(R);
			check_year(R, &low);
			check_year(R, &high);
		} else {
			return;
		}
	}
}

static void read_not(struct reader *R)
{
	if (is_kw(R, KW_NOT) || R->tok == T_BANG) {
		if (++R->depth > FILTER_MAX_DEPTH) {
			stop(R, "the condition is nested too deeply to read");
			return;
		}
		next(R);
		read_not(R);
		R->depth--;
		return;
	}
	read_predicate(R);
}

static void read_and(struct reader *R)
{
	read_not(R);
	while (!stopped(R) && (is_kw(R, KW_AND) || R->tok == T_ANDAND)) {
		next(R);
		read_not(R);
	}
}

static void read_or(struct reader *R)
{
	read_and(R);
	while (!stopped(R) && (is_kw(R, KW_OR) || is_kw(R, KW_XOR) || R->tok == T_OROR)) {
		next(R);
		read_and(R);
	}
}

struct filter_parse *filter_parse_new(const char *text, size_t len)
{
	struct filter_parse *out = xcalloc(1, sizeof *out);
	out->readable = true;
	struct reader R = {.s = text, .len = len, .out = out};
	next(&R);
	if (R.tok == T_END)
		return out; /* an empty condition: DTS105's, not a syntax question */
	if (is_kw(&R, KW_WHERE))
		next(&R); /* DTS310 reports the keyword */
	read_or(&R);
	while (!stopped(&R) && R.tok == T_SEMI)
		next(&R); /* DTS309 reports a trailing ';' */
	if (!stopped(&R) && R.tok != T_END)
		stop(&R, "expected AND, OR or the end of the condition");
	return out;
}

void filter_parse_free(struct filter_parse *p)
{
	if (!p)
		return;
	free(p->qualified);
	free(p->bare_years);
	free(p);
}
