/*
 * engine_typo: one typo, one finding (engine_typo.c).
 */
#ifndef DTSLINT_ENGINE_TYPO_H
#define DTSLINT_ENGINE_TYPO_H

#include "finding.h"

/* One typo, one finding (engine_typo.c).  An unknown key `key` of object
 * `holder` that is close to the known name `near` is held, not reported;
 * a later missing-key finding for (holder, near) is absorbed into it
 * (typo_absorb_missing returns true: do not report the missing key), and
 * typos_report() reports every held typo, once the checks are done. */
void typo_hold(struct run *r, const struct jnode *holder, const struct jnode *key, const char *near,
               const struct rule *rule, const char *owner);
bool typo_absorb_missing(struct run *r, const struct jnode *holder, const char *name,
                         const char *consequence);
void typos_report(struct run *r);

#endif
