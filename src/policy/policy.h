/*
 * policy: apply a file's effective configuration (and a baseline) to its
 * findings after the engine ran and before any emitter sees them.  It
 * drops findings of rules turned off, re-levels the others, drops or
 * marks suppressed ones, drops baselined ones, and counts what fails.
 * It never creates a finding about a request and never prints.
 *
 * Suppressed findings are dropped, except for formats that show them as
 * suppressed (SARIF): then they stay, and policy_suppression_of() tells
 * the emitter which suppression hid each one.
 */
#ifndef DTSLINT_POLICY_H
#define DTSLINT_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "baseline.h"
#include "config.h"
#include "diag.h"

struct policy_stats {
	size_t failing;     /* kept, not suppressed, at or above fail-on */
	size_t kept;        /* reported, suppressed ones excluded */
	size_t off;         /* dropped: rule turned off */
	size_t suppressed;
	size_t baselined;
};

struct policy_input {
	const struct config_effective *eff;
	bool keep_suppressed;   /* SARIF */
	struct baseline *baseline;   /* --baseline: drop what it holds; or NULL */
	struct baseline *record;     /* --write-baseline: record what is kept; or NULL */
	const char *file_key;        /* the file's key in either baseline */
};

/* Rewrites list in place (it must be resolved: line:column filled). */
void policy_apply(const struct policy_input *in, struct diag_list *list,
                  struct policy_stats *stats);

/* The suppression that hid d, for the list last given to policy_apply
 * (valid until the next call); NULL if d is not suppressed. */
const struct config_suppression *policy_suppression_of(const struct diag *d);

/* Free the side table (at exit). */
void policy_release(void);

#endif
