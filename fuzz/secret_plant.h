/*
 * secret_plant: the secrets oracle of the fuzz targets (docs/fuzzing.md).
 * Into an input it plants a password: a `key: value` pair whose key is
 * secret or looks secret and whose value holds SECRET_MARKER, in one of
 * the forms of issue 10, where a pair can stand (the start, or after a
 * '{' or ',' outside any string, as dtslint's lexer reads strings); a
 * query-string input gets a parameter line instead.  Whatever dtslint
 * writes about the result must not show four bytes of the marker in a row.
 */
#ifndef DTSLINT_FUZZ_SECRET_PLANT_H
#define DTSLINT_FUZZ_SECRET_PLANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No four bytes of it in a row occur in rule texts, paths or JSON syntax. */
#define SECRET_MARKER "qZ7xJ3vW"

struct secret_plant {
	const char *pair; /* the text planted (static) */
	bool newline;     /* a '\n' before it: a query parameter on a line of its own */
	bool query;       /* the input is a query string */
	size_t at;        /* where it goes in the input */
};

/* The plant for input d[0, n): the form chosen by its first byte, the
 * place by its last. */
void secret_plant_choose(const uint8_t *d, size_t n, struct secret_plant *p);

/* The bytes the plant adds (its '\n' included). */
size_t secret_plant_len(const struct secret_plant *p);

/* d[0, n) with the plant in; owned, *len bytes (not NUL-terminated). */
char *secret_plant_apply(const uint8_t *d, size_t n, const struct secret_plant *p, size_t *len);

/* Is the oracle sound for d[0, n), the input without its plant, edited
 * since: is p.at still a place where a pair can stand, the input of the
 * same kind, and unable to spell the marker by itself? */
bool secret_plant_holds(const uint8_t *d, size_t n, const struct secret_plant *p);

/* Could these bytes spell part of the marker by themselves?  Four of its
 * bytes in a row, or "u00XX" / "%XX" naming one of its characters (a JSON
 * or a percent escape, at any depth of escaping).  Such inputs are
 * checked without the oracle: libFuzzer learns the marker from the
 * comparisons and would plant it where it is not a secret. */
bool secret_may_spell_marker(const uint8_t *d, size_t n);

/* Do four bytes of the marker in a row show in text[0, len)? */
bool secret_marker_shows(const char *text, size_t len);

#endif
