/*
 * template: message templates from rule data, "{param} is {value}".
 * Placeholders are checked when rules load (template_check), so rendering
 * never meets an unknown name.
 */
#ifndef DTSLINT_TEMPLATE_H
#define DTSLINT_TEMPLATE_H

#include <stddef.h>

struct template_var {
	const char *name;  /* "param", "value", "when.param", ... */
	const char *value; /* NULL renders as "" */
};

/* Render; returns malloc'ed text, caller frees. */
char *template_render(const char *tmpl, const struct template_var *vars, size_t n_vars);

/* NULL if every placeholder is known, else a pointer to the bad '{'. */
const char *template_check(const char *tmpl);

/* Text fit for a one-line message: at most 60 code points (then "..."),
 * control characters as '?'.  Writes into buf (size >= 256) and returns it. */
const char *template_shorten(const char *text, size_t len, char *buf, size_t size);

#endif
