/*
 * rule_info: what a finding refers to and every output names, a rule's
 * identity and texts, and the severity levels.  Plain data, in the base
 * layer, so that diagnostics and emitters need nothing of the rule model
 * (rule.h) to carry and print a rule.
 */
#ifndef DTSLINT_RULE_INFO_H
#define DTSLINT_RULE_INFO_H

#include <stddef.h>

enum severity {
	SEV_NONE = 0, /* only as a --fail-on level that nothing reaches */
	SEV_NOTE = 1,
	SEV_WARNING = 2,
	SEV_ERROR = 3,
};

struct rule {
	char *id;            /* "DTS201": stable, never reused */
	char *name;          /* "endpoint-ip-required" */
	enum severity severity;
	char *summary;       /* one line: SARIF shortDescription */
	char *description;   /* a paragraph: SARIF fullDescription */
	char *message;       /* default message template */
	size_t index;        /* position in ruleset->rules (SARIF ruleIndex) */
};

#endif
