/*
 * engine_input: the decoder's problems reported under their rules, and
 * the last pass over the whole tree (duplicate keys, secret spans).
 */
#ifndef DTSLINT_ENGINE_INPUT_H
#define DTSLINT_ENGINE_INPUT_H

#include "finding.h"

/* Report a decoder problem found in the value of a parameter (nested
 * JSON) or, with param NULL, in the file itself. */
void report_problem(struct run *r, const struct request_problem *problem, const struct jnode *param);

/* Start the secret scan on a second thread, to run beside the checks,
 * when the input is big and threads are allowed (secret_scan.h); true
 * when it started.  input_final_pass() finishes it. */
bool input_scan_beside(struct run *r);

/* The checks parsed the string param's JSON: its tree may be scanned now,
 * beside them. */
void input_scan_nested(struct run *r, const struct jnode *param);

/* The last walk over the whole tree, nested trees included: duplicate
 * keys (DTS003) and the spans of secret values.  Run once, last. */
void input_final_pass(struct run *r);

/* Text that did not parse still gets its excerpts printed: find the
 * secrets in it by lexing alone (the file, or a parameter's string). */
void mask_secrets_by_lexing(struct run *r, const struct jnode *string_param);

#endif
