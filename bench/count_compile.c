/*
 * count_compile: an LD_PRELOAD probe for the benchmarks.  It counts the
 * calls to pcre2_compile_8() a process makes and writes the count to the
 * file named by $COUNT_COMPILE_OUT at exit, so bench.py can check that
 * rules are loaded and compiled once per process: linting 1,000 files
 * must compile exactly as many patterns as linting one.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static unsigned long calls;

static void report(void)
{
	const char *path = getenv("COUNT_COMPILE_OUT");
	FILE *f = path ? fopen(path, "w") : NULL;

	if (f) {
		fprintf(f, "%lu\n", calls);
		fclose(f);
	}
}

pcre2_code *pcre2_compile_8(PCRE2_SPTR pattern, PCRE2_SIZE length, uint32_t options,
                            int *errorcode, PCRE2_SIZE *erroroffset,
                            pcre2_compile_context *ccontext)
{
	static pcre2_code *(*real)(PCRE2_SPTR, PCRE2_SIZE, uint32_t, int *, PCRE2_SIZE *,
	                           pcre2_compile_context *);

	if (!real) {
		*(void **)&real = dlsym(RTLD_NEXT, "pcre2_compile_8");
		atexit(report);
	}
	calls++;
	return real(pattern, length, options, errorcode, erroroffset, ccontext);
}
