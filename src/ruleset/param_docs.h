/*
 * param_docs: a parameter's documentation from the catalogue (the rules'
 * description, values, constraints), in Markdown.  See param_docs.c.
 */
#ifndef DTSLINT_PARAM_DOCS_H
#define DTSLINT_PARAM_DOCS_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"

/* "string", "boolean", "JSON object"... (static text). */
const char *param_type_text(const struct param *p);

/* One line: "string (DbList) · required · default MYSQL · secret"; owned. */
char *param_detail_new(const struct param *p);

/* What the parameter is: its description, or for rules without one a
 * line made from its format message or its kind; owned.  where: the
 * operation or schema it belongs to (NULL: none named). */
char *param_summary_new(const struct param *p, const char *where);

/* The meaning the rules give a value (compared exactly), or NULL;
 * borrowed from the ruleset. */
const char *param_value_meaning(const struct param *p, const char *value);

/* The whole page, owned: a heading naming the parameter and where
 * (is_root: a parameter of the operation `where`; else a key of the
 * schema `where`), the detail line, the summary, when it is required
 * from the constraints k[0..n_k) of the object it is in, the default,
 * the valid values with their meanings, the range, an example (never for
 * a secret), why it is deprecated, and its sources. */
char *param_page_new(const struct param *p, const char *where, bool is_root,
                     const struct constraint *k, size_t n_k);

struct ruleset;
/* The constraints that say when the key of schema s must be given or left
 * out: the schema's own, and the operations' that name it by pointer
 * ("/Reserve/destTopic" requires Kafka's topic in ConfigureDtsJob), those
 * with their target replaced by key; for param_page_new.  An owned array
 * of *n_out borrowed constraints. */
struct constraint *param_key_constraints_new(const struct ruleset *rs, const struct schema *s,
                                             const char *key, size_t *n_out);

/* `dtslint --explain NAME` for a parameter or key: the page of NAME in
 * `operation` (NULL: the default operation first, then the others, then
 * the common parameters and the schemas' keys), and a line naming the
 * other places that define it; owned, or NULL when nothing does. */
char *param_explain_new(const struct ruleset *rs, const char *name, const char *operation);

/* Every rule ID and name (with_rules), parameter and nested key, sorted,
 * each once: an owned array of *n_out names borrowed from the ruleset. */
const char **param_names_new(const struct ruleset *rs, bool with_rules, size_t *n_out);

/* The rule ID or name, parameter or key closest to name (a did-you-mean),
 * or NULL; borrowed from the ruleset. */
const char *param_explain_near(const struct ruleset *rs, const char *name);

#endif
