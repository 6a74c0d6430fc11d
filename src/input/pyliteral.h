/*
 * pyliteral: the JSON a Python literal means, for the habit of building
 * a JSON parameter with str(dict) ("{'orders': {'all': True}}").
 */
#ifndef DTSLINT_PYLITERAL_H
#define DTSLINT_PYLITERAL_H

#include <stddef.h>

/* The JSON text of text[0, len) read as a Python dict or list literal of
 * strings, numbers, True, False and None; NULL when it is anything else
 * or the result does not parse as a JSON object or array (a trailing
 * comma).  Returns malloc'ed text, *out_len its length. */
char *pyliteral_to_json(const char *text, size_t len, size_t *out_len);

#endif
