/*
 * engine_workflow: the checks across the requests of a workflow (DTS6xx).
 */
#ifndef DTSLINT_ENGINE_WORKFLOW_H
#define DTSLINT_ENGINE_WORKFLOW_H

#include "finding.h"

/* The checks across the requests of a workflow (engine_workflow.c): the
 * requests of one file (an array), or of several files given as one
 * workflow, each with the run (its input and findings) it belongs to. */
struct workflow_step {
	const struct jnode *request;
	struct run *run;
};
void check_workflow(const struct workflow_step *steps, size_t n, const char *operation);

#endif
