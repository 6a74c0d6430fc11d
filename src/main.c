/*
 * main: the dtslint command line.  The only place that prints on its own
 * or chooses an exit status:
 *   0  nothing at or above the --fail-on level
 *   1  findings at or above it
 *   2  an input or the rules could not be processed
 *   3  usage error
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytescan.h"
#include "control.h"
#include "options.h"
#include "diag.h"
#include "embedded.h"
#include "emit.h"
#include "engine.h"
#include "fix.h"
#include "json_schema.h"
#include "json_writer.h"
#include "output.h"
#include "output_plan.h"
#include "param_docs.h"
#include "pool.h"
#include "lsp.h"
#include "request.h"
#include "ruleset.h"
#include "sanitize.h"
#include "source.h"
#include "strbuf.h"
#include "xalloc.h"

#ifndef DTSLINT_VERSION
#define DTSLINT_VERSION "0.0.0"
#endif
#ifndef DTSLINT_HELP_BASE_URI
#define DTSLINT_HELP_BASE_URI ""
#endif

enum exit_code { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_INPUT = 2, EXIT_USAGE = 3 };

/* --jobs: at most this many threads; by default as many as the CPUs the
 * process may run on, up to DEFAULT_JOBS_MAX. */
#define MAX_JOBS 256
#define DEFAULT_JOBS_MAX 8

struct options {
	const struct emit_format *format;
	const char *output;
	const char *operation;
	const char *rules_dir;
	const char *stdin_name;
	const char *explain;
	const char *schema_op; /* --print-json-schema */
	enum request_input input; /* --input */
	enum severity fail_on;
	int show_source; /* -1: decide by the terminal */
	bool list_rules;
	bool list_operations;
	bool list_parameters;
	bool lsp;
	bool workflow; /* --workflow: the files are one workflow, in order */
	bool fix, dry_run; /* --fix, --dry-run */
	long jobs;         /* --jobs: 0 until given */
	FILE *report;      /* where --dry-run's diff goes: the report's stream */
	char **files;
	int n_files;
	struct control *ctl; /* configuration, folders, policy, baseline */
};

/* Which of fds 0-2 were closed when we started (now /dev/null). */
static bool std_closed[3];

/* A failure to write the report was said already (once is enough). */
static bool write_error_reported;

/* A process started with fd 0, 1 or 2 closed would have the first file
 * it opens take that number: the report file would become "stderr" and
 * receive error messages.  Open /dev/null on the missing ones first. */
static void open_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		std_closed[fd] = true;
		int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (got >= 0 && got != fd) {
			dup2(got, fd);
			close(got);
		}
	}
}

/* Print "dtslint: MESSAGE" on stderr, the message made safe for a
 * terminal: it holds file names, option values and text from rule files. */
static void vreport(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static void vreport(const char *fmt, va_list ap)
{
	sanitize_vreport(fmt, ap);
}

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(fmt, ap);
	fputs("Try 'dtslint --help' for more information.\n", stderr);
	va_end(ap);
	return EXIT_USAGE;
}

/* Print the help and version texts, rule lists and pages to stdout, but
 * not when it was closed: that output would vanish into /dev/null. */
static bool stdout_usable(void)
{
	if (std_closed[STDOUT_FILENO]) {
		report("stdout is closed; nowhere to write");
		return false;
	}
	return true;
}

/* One option of the table, whatever getopt_long() returned for it.
 * Returns -1 to go on, else the exit status. */
static int apply_option(struct options *o, int c, char **argv)
{
	const struct option_spec *spec = options_find(c);
	if (spec && spec->control)
		return control_option(o->ctl, spec->id, optarg);
	switch (c) {
	case OPTION_FORMAT:
		if (!(o->format = emit_format_find(optarg)))
			return usage_error("unknown format '%s'; expected %s", optarg, emit_format_names());
		break;
	case OPTION_OUTPUT: /* '-': stdout */
		o->output = strcmp(optarg, "-") == 0 ? NULL : optarg;
		break;
	case OPTION_OPERATION:
		o->operation = optarg;
		control_operation_given(o->ctl);
		break;
	case OPTION_INPUT:
		if (!strcmp(optarg, "json"))
			o->input = REQUEST_INPUT_JSON;
		else if (!strcmp(optarg, "query"))
			o->input = REQUEST_INPUT_QUERY;
		else if (!strcmp(optarg, "terraform"))
			o->input = REQUEST_INPUT_TERRAFORM;
		else if (!strcmp(optarg, "shell"))
			o->input = REQUEST_INPUT_SHELL;
		else if (!strcmp(optarg, "markdown"))
			o->input = REQUEST_INPUT_MARKDOWN;
		else
			return usage_error("--input must be json, query, terraform, shell or markdown, not '%s'", optarg);
		break;
	case OPTION_FAIL_ON:
		if (!severity_parse(optarg, &o->fail_on))
			return usage_error("unknown level '%s'; expected error, warning, note or none", optarg);
		control_fail_on(o->ctl, o->fail_on);
		break;
	case OPTION_RULES: o->rules_dir = optarg; break;
	case OPTION_STDIN_NAME: o->stdin_name = optarg; break;
	case OPTION_SHOW_SOURCE: o->show_source = 1; break;
	case OPTION_NO_SHOW_SOURCE: o->show_source = 0; break;
	case OPTION_LIST_RULES: o->list_rules = true; break;
	case OPTION_LIST_OPERATIONS: o->list_operations = true; break;
	case OPTION_LIST_PARAMETERS: o->list_parameters = true; break;
	case OPTION_EXPLAIN: o->explain = optarg; break;
	case OPTION_PRINT_JSON_SCHEMA: o->schema_op = optarg; break;
	case OPTION_LSP: o->lsp = true; break;
	case OPTION_WORKFLOW: o->workflow = true; break;
	case OPTION_JOBS: {
		char *end;
		errno = 0;
		o->jobs = strtol(optarg, &end, 10);
		if (errno || end == optarg || *end || o->jobs < 1 || o->jobs > MAX_JOBS)
			return usage_error("--jobs must be a number from 1 to %d, not '%s'", MAX_JOBS, optarg);
		break;
	}
	case OPTION_FIX: o->fix = true; break;
	case OPTION_DRY_RUN: o->dry_run = true; break;
	case OPTION_VERSION:
		if (!stdout_usable())
			return EXIT_INPUT;
		printf("dtslint %s\n", DTSLINT_VERSION);
		return EXIT_CLEAN;
	case OPTION_HELP:
		if (!stdout_usable())
			return EXIT_INPUT;
		options_print_help(stdout, emit_format_names());
		return EXIT_CLEAN;
	case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
	default:
		/* getopt says which option in optopt: 0 for an unknown long
		 * option (argv[optind - 1] itself); the option's id for a
		 * long option given a value it does not take; else the
		 * unknown short option, which may sit inside a bundle
		 * ("-x.json"), where argv[optind - 1] is the argument before
		 * it. */
		if (optopt == 0)
			return usage_error("unknown option '%s'", argv[optind - 1]);
		if (options_find(optopt))
			return usage_error("option '%.*s' takes no value",
			                   (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		return usage_error("unknown option '-%c'", optopt);
	}
	return -1;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	struct option *longs;
	char shorts[32];
	options_getopt_new(&longs, shorts, sizeof shorts);
	opterr = 0;
	int c, status = -1;
	while (status < 0 && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1)
		status = apply_option(o, options_id(c), argv);
	free(longs);
	if (status >= 0)
		return status;
	o->files = argv + optind;
	o->n_files = argc - optind;
	if (o->dry_run && !o->fix)
		return usage_error("%s", "--dry-run goes with --fix");
	if (o->dry_run && strcmp(emit_format_name(o->format), "text") != 0)
		return usage_error("%s", "--fix --dry-run prints a diff; it takes no --format");
	return -1;
}

/* Text from rules on stdout, made safe like everything else printed
 * (a --rules folder is data from anywhere); lines when it is a page. */
static void put_safe(const char *text, size_t len, bool lines)
{
	struct strbuf sb = STRBUF_INIT;

	sanitize_add(&sb, text, len, lines);
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

static int list_rules(const struct ruleset *rs, const struct emit_format *format)
{
	const char *name = emit_format_name(format);

	if (strcmp(name, "text") != 0 && strcmp(name, "json") != 0)
		return usage_error("%s", "--list-rules prints text or json");
	if (!stdout_usable())
		return EXIT_INPUT;
	if (strcmp(name, "json") == 0) {
		struct strbuf sb = STRBUF_INIT;
		struct json_writer w;

		json_writer_init(&w, &sb, true);
		json_writer_array_begin(&w);
		for (size_t i = 0; i < rs->n_rules; i++) {
			const struct rule *r = &rs->rules[i];

			json_writer_object_begin(&w);
			json_writer_kv_string(&w, "id", r->id);
			json_writer_kv_string(&w, "name", r->name);
			json_writer_kv_string(&w, "severity", severity_name(r->severity));
			json_writer_kv_string(&w, "summary", r->summary);
			json_writer_kv_string(&w, "description", r->description);
			json_writer_object_end(&w);
			fwrite(sb.buf, 1, sb.len, stdout);
			strbuf_reset(&sb);
		}
		json_writer_array_end(&w);
		strbuf_addch(&sb, '\n');
		fwrite(sb.buf, 1, sb.len, stdout);
		strbuf_release(&sb);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct rule *r = &rs->rules[i];
		struct strbuf line = STRBUF_INIT;

		strbuf_addf(&line, "%-7s %-8s %-30s %s\n", r->id, severity_name(r->severity),
		            r->name, r->summary);
		put_safe(line.buf, line.len, true);
		strbuf_release(&line);
	}
	return EXIT_CLEAN;
}

/* --list-operations: the names --operation and --print-json-schema take,
 * for scripts and shell completion. */
static int list_operations(const struct ruleset *rs)
{
	if (!stdout_usable())
		return EXIT_INPUT;
	for (size_t i = 0; i < rs->n_operations; i++) {
		put_safe(rs->operations[i].name, strlen(rs->operations[i].name), false);
		putchar('\n');
	}
	return EXIT_CLEAN;
}

/* --list-parameters: the parameter and key names --explain takes, for
 * shell completion (rule names come from --list-rules). */
static int list_parameters(const struct ruleset *rs)
{
	if (!stdout_usable())
		return EXIT_INPUT;
	size_t n;
	const char **names = param_names_new(rs, false, &n);
	for (size_t i = 0; i < n; i++) {
		put_safe(names[i], strlen(names[i]), false);
		putchar('\n');
	}
	free(names);
	return EXIT_CLEAN;
}

/* --explain NAME: a rule's page (by ID or name), else a parameter's or a
 * nested key's (in --operation's, or the default operation first). */
static int explain(const struct ruleset *rs, const char *name, const char *operation)
{
	if (operation && !ruleset_find_operation(rs, operation))
		return usage_error("no rules for operation '%s'", operation);
	const struct rule *r = ruleset_find_rule_by_id_or_name(rs, name);
	size_t len = 0;
	char *page = r ? rule_page_new(r, &len) : param_explain_new(rs, name, operation);
	if (!page && operation && (page = param_explain_new(rs, name, NULL)) != NULL) {
		free(page);
		return usage_error("'%s' is not a parameter of %s; without --operation, 'dtslint --explain %s' "
		                   "says where it is", name, operation, name);
	}
	if (!page) {
		const char *near = param_explain_near(rs, name);
		if (near)
			return usage_error("no rule or parameter '%s'%s; did you mean '%s'?", name,
			                   operation ? " in that operation" : "", near);
		return usage_error("no rule or parameter '%s'%s; 'dtslint --list-rules' lists the rules, "
		                   "the JSON Schema (--print-json-schema) the parameters", name,
		                   operation ? " in that operation" : "");
	}
	if (!stdout_usable()) {
		free(page);
		return EXIT_INPUT;
	}
	put_safe(page, len ? len : strlen(page), true);
	free(page);
	return EXIT_CLEAN;
}

static int print_json_schema(const struct ruleset *rs, const char *name)
{
	const struct operation *op = ruleset_find_operation(rs, name);
	if (!op)
		return usage_error("no rules for operation '%s'", name);
	json_object *schema = json_schema_new(rs, op);
	puts(json_object_to_json_string_ext(schema, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	                                            JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(schema);
	return EXIT_CLEAN;
}

/* --fix on stdin: the fixed text (or the text as it came, when nothing
 * applies) goes to stdout, as an editor's format-on-save expects; the
 * report went to stderr (lint_all). */
static bool fix_write_stdout(const char *bytes, size_t len)
{
	return fwrite(bytes, 1, len, stdout) == len && fflush(stdout) == 0;
}

/* --fix: apply the findings' fixes to the file, or with --dry-run print
 * them as a diff on the report's stream.  *fixed_text (stdin only) gets
 * the fixed bytes, owned, to check again.  Returns the number of findings
 * fixed (or that would be), -1 when the file could not be written. */
static int fix_one(const char *path, bool is_stdin, const struct options *o,
                   const struct source *src, const struct diag_list *diags, struct emitter *em,
                   char **fixed_text, size_t *fixed_len)
{
	struct fix_set set;
	fix_set_choose(&set, diags);
	int fixed = (int)set.n_fixed;
	if (set.n_skipped)
		report("%s: %zu fix%s overlap%s another; run --fix again for %s", src->name,
		       set.n_skipped, set.n_skipped == 1 ? "" : "es", set.n_skipped == 1 ? "s" : "",
		       set.n_skipped == 1 ? "it" : "them");
	if (o->dry_run) {
		struct strbuf diff = STRBUF_INIT;
		fix_diff(&diff, src, diags, &set);
		fwrite(diff.buf, 1, diff.len, o->report);
		strbuf_release(&diff);
	} else if (is_stdin) {
		size_t len = src->len;
		char *bytes = set.n_fixed ? fix_set_apply(&set, src->bytes, src->len, &len) : NULL;
		if (!fix_write_stdout(bytes ? bytes : src->bytes, len)) {
			report("%s: cannot write the fixed text to stdout: %s", src->name, strerror(errno ? errno : EIO));
			emitter_input_error(em, src->name, "cannot write the fixed text to stdout");
			write_error_reported = true;
			fixed = -1;
		}
		*fixed_text = bytes;
		*fixed_len = len;
	} else if (set.n_fixed) {
		size_t len;
		char *bytes = fix_set_apply(&set, src->bytes, src->len, &len);
		struct strbuf err = STRBUF_INIT;
		if (!fix_write_file(path, src, bytes, len, &err)) {
			report("%s: %s", src->name, err.buf);
			emitter_input_error(em, src->name, err.buf);
			fixed = -1;
		}
		strbuf_release(&err);
		free(bytes);
	}
	fix_set_release(&set);
	return fixed;
}

/* The input once fixed, read again: the file, or stdin's fixed text. */
static struct source *fixed_source(const char *path, const char *name, char *text, size_t len)
{
	if (text) {
		struct source *src = source_new(name, text, len);
		free(text);
		return src;
	}
	const char *why = NULL;
	struct source *again = source_load(path, name, &why);
	if (!again)
		report("%s: %s", name, why);
	return again;
}

/* --fix after the first check of an input.  1: report *diags (those of
 * the fixed file, checked again, when something was fixed); 0: done (the
 * diff was printed); -1: the file could not be rewritten or read again. */
static int fix_and_relint(const char *path, const char *name, bool is_stdin,
                          const struct options *o, struct engine *eng, struct emitter *em,
                          struct source **src, struct diag_list *diags, size_t *failing)
{
	char *text = NULL;
	size_t len = 0;
	int fixed = fix_one(path, is_stdin, o, *src, diags, em, &text, &len);
	if (fixed < 0) {
		free(text);
		return -1;
	}
	control_count_fixes(o->ctl, (size_t)fixed, o->dry_run);
	if (o->dry_run) {
		*failing += fixed > 0; /* exit 1 when a file would change */
		return 0;
	}
	if (fixed == 0) {
		free(text);
		return 1;
	}
	/* What remains is found in the new text, at its positions. */
	struct source *again = fixed_source(path, name, text, len);
	if (!again)
		return -1;
	diag_list_release(diags);
	source_free(*src);
	*src = again;
	diag_list_init(diags);
	engine_check(eng, again, o->operation, diags);
	diag_list_resolve(diags, again);
	return 1;
}

/* The name an input is reported by. */
static const char *input_name(const char *path, const struct options *o)
{
	return strcmp(path, "-") == 0 ? (o->stdin_name ? o->stdin_name : "<stdin>") : path;
}

/* Read one input; NULL with *why.  walk_error: why the walk could not
 * read it; examined: what stat() said when the list was made. */
static struct source *read_input(const char *path, const struct options *o, const char *walk_error,
                                 bool examined, mode_t mode, off_t size, const char **why)
{
	const char *name = input_name(path, o);
	*why = walk_error;
	if (*why)
		return NULL;
	if (strcmp(path, "-") == 0 && std_closed[STDIN_FILENO]) {
		*why = "stdin is closed";
		return NULL;
	}
	struct source *src = examined ? source_load_examined(path, name, mode, size, why)
	                              : source_load(path, name, why);
	if (!src && !*why)
		*why = "cannot be read"; /* the loaders say why; never print "(null)" */
	return src;
}

/* Load one input; NULL after reporting why it could not be read. */
static struct source *load_input(const char *path, const struct options *o, struct emitter *em)
{
	const char *name = input_name(path, o);
	mode_t mode = 0;
	off_t size = 0;
	bool examined = control_input_examined(o->ctl, &mode, &size);
	const char *why = NULL;
	struct source *src = read_input(path, o, control_input_error(o->ctl), examined, mode, size, &why);
	if (!src) {
		report("%s: %s", name, why);
		emitter_input_error(em, name, why);
	}
	return src;
}

/* Apply the configuration and print one input's findings (resolved). */
static void report_input(const struct options *o, struct source *src, struct diag_list *diags,
                         struct emitter *em, size_t *failing)
{
	*failing += control_apply(o->ctl, src, diags);
	emitter_file(em, src, diags);
}

/* Lint one input (and fix it, with --fix); returns false when it could
 * not be read, or rewritten. */
static bool lint_one(const char *path, const struct options *o, struct engine *eng,
                     struct emitter *em, size_t *failing)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? (o->stdin_name ? o->stdin_name : "<stdin>") : path;
	struct strbuf safe_name = STRBUF_INIT;
	/* Running out of memory names the input (safely: it is printed). */
	sanitize_add(&safe_name, name, strlen(name), false);
	xalloc_set_context(safe_name.buf);
	struct source *src = load_input(path, o, em);
	bool ok = src != NULL;
	if (src && !control_skip(o->ctl, src)) {
		struct diag_list diags;
		diag_list_init(&diags);
		engine_check(eng, src, o->operation, &diags);
		diag_list_resolve(&diags, src);
		int go = o->fix ? fix_and_relint(path, name, is_stdin, o, eng, em, &src, &diags, failing) : 1;
		if (go > 0)
			report_input(o, src, &diags, em, failing);
		else
			ok = go == 0;
		diag_list_release(&diags);
	}
	source_free(src);
	xalloc_set_context(NULL);
	strbuf_release(&safe_name);
	return ok;
}

/* --workflow: every input, in the order named, is one step (or several)
 * of one workflow; each is checked alone, then across.  Returns false
 * when an input could not be read (the others are still checked). */
static bool lint_workflow(const struct options *o, struct engine *eng, struct emitter *em,
                          size_t *failing)
{
	struct source **srcs = NULL;
	size_t n = 0;
	bool all_read = true;
	for (const char *path; (path = control_next(o->ctl));) {
		struct source *src = load_input(path, o, em);
		if (!src) {
			all_read = false;
			continue;
		}
		srcs = xreallocarray(srcs, n + 1, sizeof *srcs);
		srcs[n++] = src;
	}
	struct diag_list *diags = xcalloc(n ? n : 1, sizeof *diags);
	for (size_t i = 0; i < n; i++)
		diag_list_init(&diags[i]);
	engine_check_workflow(eng, (const struct source *const *)srcs, n, o->operation, diags);
	for (size_t i = 0; i < n; i++) {
		diag_list_resolve(&diags[i], srcs[i]);
		report_input(o, srcs[i], &diags[i], em, failing);
		diag_list_release(&diags[i]);
		source_free(srcs[i]);
	}
	free(diags);
	free(srcs);
	return all_read;
}

/* ---- several inputs at once (--jobs) ----------------------------------
 * Worker threads read, judge and check inputs, each with its own engine
 * (an engine's memos are not shared); this thread takes their results in
 * the inputs' order and does all the rest as lint_one() does: notes,
 * input errors, the policy, the report.  So the output is the one thread's
 * output, byte for byte (tests/parallel.sh holds them to it). */

/* One input, as a worker leaves it. */
struct job {
	struct control_job in;
	struct strbuf safe_name; /* the input's name, safe to print */
	struct source *src;    /* owned; NULL: *why */
	char *why;             /* owned: why it could not be read */
	int verdict;           /* control_job_judge() */
	bool checked;          /* diags hold its resolved findings */
	struct diag_list diags;
};

struct pooled {
	const struct options *o;
	struct engine **engines; /* one per worker */
	struct job *jobs;
};

static void job_work(void *ctx, size_t worker, size_t i)
{
	struct pooled *pl = ctx;
	struct job *job = &pl->jobs[i];
	xalloc_set_context(job->safe_name.buf);
	const char *why = NULL;
	job->src = read_input(job->in.path, pl->o, job->in.error, job->in.examined, job->in.mode,
	                      job->in.size, &why);
	if (!job->src)
		job->why = xstrdup(why); /* strerror()'s text may be the thread's own */
	else if ((job->verdict = control_job_judge(pl->o->ctl, &job->in, job->src)) == 0) {
		diag_list_init(&job->diags);
		engine_check(pl->engines[worker], job->src, pl->o->operation, &job->diags);
		diag_list_resolve(&job->diags, job->src);
		job->checked = true;
	}
	xalloc_set_context(NULL);
}

static void job_end(void *ctx, size_t worker)
{
	(void)ctx;
	(void)worker;
	ruleset_thread_release();
}

static void job_release(struct job *job)
{
	if (job->checked)
		diag_list_release(&job->diags);
	source_free(job->src);
	free(job->why);
	strbuf_release(&job->safe_name);
	job->src = NULL;
	job->why = NULL;
	job->checked = false;
}

/* What lint_one() does once the input is checked.  false: it could not
 * be read. */
static bool job_report(const struct options *o, struct job *job, struct emitter *em, size_t *failing)
{
	const char *name = input_name(job->in.path, o);
	xalloc_set_context(job->safe_name.buf);
	if (!job->src) {
		report("%s: %s", name, job->why);
		emitter_input_error(em, name, job->why);
	} else if (!control_skip_judged(o->ctl, job->src, job->verdict)) {
		report_input(o, job->src, &job->diags, em, failing);
	}
	xalloc_set_context(NULL);
	return job->src != NULL;
}

/* How many inputs the workers may check past the one being reported: a
 * window of about POOL_WINDOW_BYTES of input (what is checked and not
 * yet reported stays in memory), at least two a thread.  With two a
 * thread, workers waited on the window every few small files, and 1,000
 * of them took as long on two threads as on one (bench/README.md,
 * "Parallel checking"). */
#define POOL_WINDOW_BYTES (16 * 1024 * 1024)
#define POOL_AHEAD_MAX 256

static size_t pool_ahead(const struct options *o, size_t n, size_t threads)
{
	off_t total = control_inputs_size(o->ctl);
	size_t average = total > 0 ? (size_t)total / n : 1;
	size_t ahead = POOL_WINDOW_BYTES / (average ? average : 1);
	if (ahead > POOL_AHEAD_MAX)
		ahead = POOL_AHEAD_MAX;
	return ahead < 2 * threads ? 2 * threads : ahead;
}

/* Check the n inputs on `threads` threads, report them in order.  eng:
 * the first worker's engine (the others are made here).  Returns false
 * when an input could not be read. */
static bool lint_pooled(const struct options *o, struct engine *eng, const struct ruleset *rs, size_t n,
                        size_t threads, struct output *out, struct emitter *em, struct strbuf *err,
                        size_t *failing)
{
	struct pooled pl = {.o = o, .jobs = xcalloc(n, sizeof *pl.jobs),
	                    .engines = xcalloc(threads, sizeof *pl.engines)};
	for (size_t i = 0; i < n; i++) {
		struct job *job = &pl.jobs[i];
		control_job_prepare(o->ctl, i, &job->in);
		const char *name = input_name(job->in.path, o);
		job->safe_name = (struct strbuf)STRBUF_INIT;
		sanitize_add(&job->safe_name, name, strlen(name), false);
	}
	pl.engines[0] = eng;
	for (size_t t = 1; t < threads; t++) {
		char why[256];
		pl.engines[t] = engine_new(rs, why, sizeof why); /* as lint_all's, which was made */
		engine_set_input(pl.engines[t], o->input);
	}
	bytescan_impl(); /* chosen once, before anyone reads the choice */
	/* Without threads (none would start), this thread does each job. */
	struct pool *pool = pool_start(threads, n, pool_ahead(o, n, threads), job_work, job_end, &pl);
	bool all_read = true;
	size_t taken = 0;
	for (const char *path; (path = control_next(o->ctl)) != NULL && taken < n;) {
		struct job *job = &pl.jobs[taken++];
		if (pool)
			pool_wait(pool, taken - 1);
		else
			job_work(&pl, 0, taken - 1);
		all_read &= job_report(o, job, em, failing);
		job_release(job);
		/* A report that cannot be written is not worth finishing. */
		if (output_failed(out, err))
			break;
	}
	pool_stop(pool);
	for (size_t i = taken; i < n; i++)
		job_release(&pl.jobs[i]);
	for (size_t t = 1; t < threads; t++)
		engine_free(pl.engines[t]);
	free(pl.engines);
	free(pl.jobs);
	return all_read;
}

/* Threads pay for themselves from this many inputs, or from two when they
 * are this big together (bench/README.md, "Parallel checking"): starting
 * them costs about 0.3 ms on the bench machine (threads, a second
 * engine whose memos start cold), and a 2 KB request takes about 45 us.
 * `perf stat -r 30` of bench.py's small files, two threads against one:
 * 8 files 1.13x as long, 32 files 0.91x to 1.17x (noise), 48 files 0.87x
 * to 0.91x, 1,000 files 0.64x.  DTSLINT_FORCE_THREADS=1 lowers both to
 * 2 inputs, for the tests of the threaded path. */
#define POOL_MIN_INPUTS 48
#define POOL_MIN_BYTES (256 * 1024)

/* DTSLINT_FORCE_THREADS=1: the tests of the threaded paths. */
static bool threads_forced(void)
{
	const char *force = getenv("DTSLINT_FORCE_THREADS");
	return force && strcmp(force, "1") == 0;
}

/* How many threads check the inputs: 1 for one at a time, as lint_one()
 * does.  --fix reads what it may have written (a file named twice) and
 * --workflow checks across the inputs: both take one at a time. */
static size_t pool_threads(const struct options *o, size_t n_inputs)
{
	if (o->fix || o->workflow || n_inputs < 2 || o->jobs == 1)
		return 1;
	if (!threads_forced() && n_inputs < POOL_MIN_INPUTS && control_inputs_size(o->ctl) < POOL_MIN_BYTES)
		return 1;
	size_t threads = o->jobs ? (size_t)o->jobs : pool_default_threads(DEFAULT_JOBS_MAX);
	return threads < n_inputs ? threads : n_inputs;
}

/* Usage problems of the input list and the outputs, found before
 * anything is opened for writing.  -1 to go on, else the exit status. */
static int check_files(const struct options *o, char **files, int n,
                       const struct output_plan *plan)
{
	int stdin_seen = 0;

	for (int i = 0; i < n; i++)
		if (strcmp(files[i], "-") == 0 && stdin_seen++)
			return usage_error("%s", "stdin ('-') is given more than once; it can be read only once");
	if (!o->output && std_closed[STDOUT_FILENO]) {
		report("%s", "stdout is closed; give --output FILE");
		return EXIT_INPUT;
	}
	/* Writing an input would lose it: the report written over the
	 * request it reports on (by any name: ./x, a link, stdin). */
	struct strbuf err = STRBUF_INIT;
	int status = control_check_inputs(o->ctl, plan, &err) ? -1 : usage_error("%s", err.buf);
	strbuf_release(&err);
	return status;
}

/* Every file the run writes, planned before any is opened: two options
 * naming one file would write one over the other.  -1 to go on, else
 * the exit status. */
static int plan_outputs(const struct options *o, struct output_plan *plan)
{
	struct strbuf err = STRBUF_INIT;
	int status = -1;

	if (!output_plan_add(plan, "--output", o->output, &err) ||
	    !control_plan_outputs(o->ctl, plan, &err))
		status = usage_error("%s", err.buf);
	strbuf_release(&err);
	return status;
}

static int lint_all(struct options *o, const struct ruleset *rs)
{
	struct output_plan *plan = output_plan_new();
	int status = plan_outputs(o, plan);
	/* Folders walked, every configuration that applies loaded. */
	if (status < 0 && !control_expand(o->ctl, o->files, o->n_files, plan))
		status = EXIT_INPUT;
	bool report_to_stderr = false;
	int n = 0;
	if (status < 0) {
		char **files = control_paths(o->ctl, &n);
		status = check_files(o, files, n, plan);
		/* --fix on stdin writes the fixed text to stdout. */
		for (int i = 0; i < n && o->fix && !o->dry_run && !o->output; i++)
			report_to_stderr |= strcmp(files[i], "-") == 0;
	}
	output_plan_free(plan);
	if (status >= 0)
		return status;

	char why[256];
	struct engine *eng = engine_new(rs, why, sizeof why);
	if (!eng) {
		report("%s", why);
		return EXIT_INPUT;
	}
	engine_set_input(eng, o->input);
	struct strbuf err = STRBUF_INIT;
	struct output *out = report_to_stderr ? output_open_stderr("report")
	                                      : output_open(o->output, "report", &err);
	int report_fd = report_to_stderr ? STDERR_FILENO : STDOUT_FILENO;
	if (!out) {
		report("%s", err.buf);
		strbuf_release(&err);
		engine_free(eng);
		return EXIT_INPUT;
	}
	if (o->show_source < 0)
		o->show_source = !o->output && isatty(report_fd);
	struct emit_options eo = {
		.show_source = o->show_source,
		.color = control_color(o->ctl, !o->output && isatty(report_fd)),
		.help_base_uri = DTSLINT_HELP_BASE_URI,
		.tool_version = DTSLINT_VERSION,
	};
	struct emitter *em = emitter_new(o->format, output_file(out), rs, &eo);
	o->report = output_file(out);
	size_t failing = 0;
	bool input_error = false;
	size_t threads = pool_threads(o, (size_t)n);
	/* Inputs one at a time: the engine may split a big one's work (the
	 * secret scan; DTSLINT_FORCE_THREADS=1 at any size).  Workers of
	 * --jobs check theirs on one thread each. */
	if (threads == 1 && o->jobs != 1)
		engine_set_threads(eng, o->jobs ? (size_t)o->jobs : pool_default_threads(DEFAULT_JOBS_MAX),
		                   threads_forced());
	if (o->workflow) {
		input_error = !lint_workflow(o, eng, em, &failing);
		output_failed(out, &err);
	}
	if (threads > 1 && !ruleset_share(rs))
		threads = 1; /* out of memory already: one at a time */
	if (threads > 1) {
		input_error = !lint_pooled(o, eng, rs, (size_t)n, threads, out, em, &err, &failing);
		ruleset_unshare(rs);
	}
	for (const char *path; !o->workflow && threads == 1 && (path = control_next(o->ctl));) {
		if (!lint_one(path, o, eng, em, &failing))
			input_error = true;
		/* A report that cannot be written is not worth finishing. */
		if (output_failed(out, &err))
			break;
	}
	/* Findings about the config files themselves, notes, the baseline. */
	if (!err.len && !control_finish(o->ctl, em, &failing))
		input_error = true;
	if (!err.len)
		emitter_finish(em);
	emitter_free(em);
	engine_free(eng);
	if (err.len) {
		report("%s", err.buf);
		write_error_reported = true;
		output_abandon(out);
		strbuf_release(&err);
		return EXIT_INPUT;
	}
	if (!output_commit(out, &err)) {
		report("%s", err.buf);
		write_error_reported = true;
		strbuf_release(&err);
		return EXIT_INPUT;
	}
	strbuf_release(&err);
	control_print_summary(o->ctl);
	if (input_error)
		return EXIT_INPUT;
	return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* What went to stdout outside a report (help, version, rule lists and
 * pages) must have been written too. */
static int finish_stdout(int status)
{
	if ((fflush(stdout) != 0 || ferror(stdout)) && !write_error_reported) {
		report("cannot write to stdout: %s", strerror(errno ? errno : EIO));
		return EXIT_INPUT;
	}
	return status;
}

int main(int argc, char **argv)
{
	open_std_fds();
	struct options o = {.format = emit_format_find("text"), .fail_on = SEV_ERROR,
	                    .show_source = -1, .ctl = control_new()};
	int status = parse_options(argc, argv, &o);
	if (status >= 0) {
		control_free(o.ctl);
		return finish_stdout(status);
	}
	char err[1024];
	struct ruleset *rs = o.rules_dir ? ruleset_load_dir(o.rules_dir, err, sizeof err)
	                                 : ruleset_default();
	if (!rs) {
		report("%s", err);
		control_free(o.ctl);
		return EXIT_INPUT;
	}
	if (o.list_rules)
		status = list_rules(rs, o.format);
	else if (o.list_operations)
		status = list_operations(rs);
	else if (o.list_parameters)
		status = list_parameters(rs);
	else if (o.explain)
		status = explain(rs, o.explain, o.operation);
	else if (o.schema_op)
		status = print_json_schema(rs, o.schema_op);
	else if (o.operation && !ruleset_find_operation(rs, o.operation))
		status = usage_error("no rules for operation '%s'", o.operation);
	else if (o.lsp)
		status = lsp_run(rs, o.operation, STDIN_FILENO, STDOUT_FILENO);
	else if ((status = control_begin(o.ctl, rs, o.format, o.input)) < 0)
		status = lint_all(&o, rs);
	control_free(o.ctl);
	ruleset_free(rs);
	return finish_stdout(status);
}
