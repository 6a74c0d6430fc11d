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
 * (JSON written raw, as printed) runs to the end of its line.
 */
#ifndef DTSLINT_QUERY_H
#define DTSLINT_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "decode_problem.h"
#include "jsonpos.h"

/* Does the text look like a query string rather than JSON? */
bool query_detect(const char *bytes, size_t len);

/* Decode bytes[start, len).  Returns the root (an object, or an array of
 * objects for several requests; owned by doc) or NULL when there is no
 * request at all.  Problems that do not stop decoding go to *problems. */
struct jnode *query_parse(struct jdoc *doc, const char *bytes, size_t start, size_t len,
                          struct request_problem_list *problems);

#endif
