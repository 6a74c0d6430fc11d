/*
 * query: the query-string form of requests, decoded into the same tree as
 * JSON (jsonpos), every value a string whose bytes map back to the file.
 *
 * Accepted as the API reference prints it, one parameter per line:
 *     http(s)://dts.aliyuncs.com/?Action=ConfigureDtsJob
 *     &DbList={"dtstest":{"name":"dtstest","all":true}}
 *     &DtsJobName=RDS to self-managed MySQL
 *     &<Common request parameters>
 * and as it goes over the wire, one line, percent-encoded, with or
 * without scheme and host, or only the query.  A line starting with '&'
 * continues the request; one starting with "http", '?' or "Action="
 * begins the next (a .txt file may hold several: the root is then an
 * array of them, as a workflow).  A value that starts with '{' or '['
 * (JSON written raw, as printed) runs to the end of its line, and on over
 * the lines that do not start a parameter while its brackets or a string
 * are open.
 *
 * A secret value is kept whole where its end cannot be told: a raw '&'
 * inside it ("Password=Qz7&x9Kw=1") splits it only before a parameter the
 * rules know, and the lines after it that do not start a parameter are
 * read as its wrapped tail; otherwise the tail would become a parameter
 * whose name every message, pointer and baseline entry echoes.  Which
 * names are secret or known is rule knowledge: the caller answers
 * (struct query_names), so that this decoder knows no rules.
 */
#ifndef DTSLINT_QUERY_H
#define DTSLINT_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "decode_problem.h"
#include "jsonpos.h"

/* What the decoder asks about a parameter name (decoded, not
 * NUL-terminated).  The answers come from the rules (the engine's). */
struct query_names {
	bool (*is_secret)(void *ctx, const char *name, size_t len); /* its value is a secret */
	bool (*is_known)(void *ctx, const char *name, size_t len);  /* a parameter of some operation */
	void *ctx;
	/* The API's name of the operation or parameter that the CLI's plugin
	 * form spells name[0, len) ("dts-job-name"), or NULL (borrowed; a
	 * NULL function: none).  For aliyun command lines, not query strings. */
	const char *(*plugin_name)(void *ctx, const char *name, size_t len);
	void *plugin_ctx;
};

/* Does the text look like a query string rather than JSON? */
bool query_detect(const char *bytes, size_t len);

/* Decode bytes[start, len).  Returns the root (an object, or an array of
 * objects for several requests; owned by doc) or NULL when there is no
 * request at all.  Problems that do not stop decoding go to *problems.
 * names (borrowed; NULL: no name is secret) tells secret values. */
struct jnode *query_parse(struct jdoc *doc, const char *bytes, size_t start, size_t len,
                          const struct query_names *names, struct request_problem_list *problems);

#endif
