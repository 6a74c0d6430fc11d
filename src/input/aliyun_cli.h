/*
 * aliyun_cli: the `aliyun dts <Operation> --Name value ...` commands of a
 * shell script or of a Markdown runbook's shell code blocks, each with its
 * operation and parameters placed in the file.  It knows the CLI's own
 * options (which are not API parameters) and nothing of DTS rules.
 *
 * Where commands are found: a shell script whole; in Markdown, fenced code
 * blocks (``` or ~~~, indented up to three spaces) whose info string's
 * first word is sh, bash, shell, console or zsh (any case; "{.bash}" too).
 * A leading "$ " prompt is dropped (in console blocks "# " too, the root
 * prompt); in console blocks a line is a command only after one (or as the
 * continuation of one): output lines are not read.  A CRLF line end is a line end (in a script, as in bash, the '\r'
 * is a byte of the last word).  Inline code and prose are never commands.
 * A command is a simple command whose words, after NAME=value assignments
 * and the prefixes sudo, command, exec, time, nohup, env, !, {, if, then,
 * elif, else, do, while and until, are `aliyun dts OPERATION`; commands
 * inside $(...) and `...` count, and are ordered by where they start.
 *
 * How the CLI reads its arguments (aliyun-cli, cli/parser.go): a word
 * starting with "--" is a flag; it is split at its first '=' or ':'
 * (`--Name=value` and `--Name:value` both give Name the value); a flag
 * without a value there takes the next word that is no flag.  In the RPC
 * form every flag that is not one of the CLI's own options is an API
 * parameter of that name ("Parameter formats",
 * https://www.alibabacloud.com/help/en/cli/parameter-format-overview).
 * The CLI's own options are listed in "Alibaba Cloud CLI command-line
 * options" (https://www.alibabacloud.com/help/en/cli/command-line-options)
 * and defined in aliyun-cli's config/flags.go and openapi/flags.go; the
 * table in aliyun_cli.c follows them, credential options marked secret.
 *
 * The plugin form: CLI 3.3.0 and later document plugins with kebab-case
 * commands and parameters (aliyun ecs describe-regions --accept-language,
 * "Manage and use Alibaba Cloud CLI plugins",
 * https://www.alibabacloud.com/help/en/cli/managing-and-using-cli-plugins).
 * Plugins are named aliyun-cli-<product code>, so the DTS one is
 * aliyun-cli-dts, but no page found documents its commands or parameter
 * names.  Such a command is read the same way and marked plugin_form;
 * aliyun_cli_name_plugin_form() then gives its operation and parameters
 * the API's names that the rules answer for (the acronyms in names such
 * as SourceEndpointInstanceID make that rule knowledge), each kebab-case
 * name matched letter for letter, any case, '-' between words.
 *
 * Building a request from a command (the engine's step): the operation,
 * then one string member per ALIYUN_PARAM argument, named name[0, name_len)
 * at name_span, its value text[0, len) with map (len + 1 file offsets) at
 * value_span when value_known, else an unknown member (counted as present,
 * never the cause of a finding).  ALIYUN_OPTION arguments are not
 * parameters; a secret one's value must never be shown.
 */
#ifndef DTSLINT_ALIYUN_CLI_H
#define DTSLINT_ALIYUN_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jnode.h"
#include "jsonpos.h"

enum aliyun_arg_kind {
	ALIYUN_PARAM,  /* an API parameter: --Name value */
	ALIYUN_OPTION, /* one of the CLI's own options (--region, --profile, -p, ...) */
};

struct aliyun_arg {
	enum aliyun_arg_kind kind;
	char *name;            /* without the dashes, decoded; NUL-terminated */
	size_t name_len;
	struct jspan name_span; /* "--Name" as written (without "=value") */
	bool secret;           /* a credential option: never echo its value */
	bool has_value;        /* false: a switch, or a flag the command ends after */
	bool value_known;      /* no expansion in the value */
	char *value;           /* decoded, NUL-terminated; NULL when !value_known */
	size_t value_len;
	uint32_t *value_map;   /* value_len + 1 file offsets */
	struct jspan value_span; /* the value's bytes, quotes included */
};

struct aliyun_command {
	struct jspan span;           /* from "aliyun" to its last word */
	char *operation;             /* NULL when the word is unknown ("$OP") */
	size_t operation_len;
	uint32_t *operation_map;     /* operation_len + 1 file offsets; NULL when unknown */
	struct jspan operation_span;
	bool plugin_form;            /* a kebab-case operation (configure-dts-job) */
	struct aliyun_arg *args;     /* in command-line order */
	size_t n_args;
	size_t n_stray;              /* words that are neither flags nor their values */
	bool incomplete;             /* a flag word unknown ("--$NAME" or "$@"), or the
	                              * script reader stopped inside the command: members
	                              * may be missing, so "required" must not be judged */
};

struct aliyun_cli {
	struct aliyun_command *commands; /* in file order */
	size_t n_commands;
	bool incomplete; /* the shell reader stopped early somewhere (shellwords.h) */
};

enum aliyun_source {
	ALIYUN_SHELL,    /* the whole text is a script */
	ALIYUN_MARKDOWN, /* only its shell code blocks are */
};

/* The aliyun dts commands of text[0, len).  Returns owned (never NULL). */
struct aliyun_cli *aliyun_cli_parse(const char *text, size_t len, enum aliyun_source source);

/* Free the list; NULL is fine. */
void aliyun_cli_free(struct aliyun_cli *cli);

/* The shell regions of a Markdown text: a copy of text (same length, so
 * offsets are file offsets) in which every byte outside the shell code
 * blocks, the fences and console prompts and output are spaces (newlines
 * kept), and the [start, end) of each block's body in *blocks (owned,
 * *n_blocks of them).  Returns owned. */
char *aliyun_markdown_shell(const char *text, size_t len, struct jspan **blocks, size_t *n_blocks);

/* The API's name for a kebab-case name[0, len), or NULL (borrowed). */
typedef const char *aliyun_plugin_name_fn(void *ctx, const char *name, size_t len);

/* Give the plugin-form commands of cli the API's names of their operation
 * and parameters: api_name's answer, else the name in PascalCase
 * (dts-job-nme: DtsJobNme, a near miss of DtsJobName). */
void aliyun_cli_name_plugin_form(struct aliyun_cli *cli, aliyun_plugin_name_fn *api_name, void *ctx);

/* Is any command of cli in the plugin form? */
bool aliyun_cli_plugin_form(const struct aliyun_cli *cli);

/* The requests of cli's commands, built in doc (jsonpos.h): one object per
 * command in file order, as "Building a request" above says, and an array
 * of them (a workflow) when there are several; the root spans [start, end).
 * NULL when there is no command.  The nodes are owned by doc. */
struct jnode *aliyun_cli_requests(struct jdoc *doc, const struct aliyun_cli *cli, size_t start, size_t end);

/* Is this a shell script: named *.sh or *.bash, or a first line "#!" that
 * runs sh or bash (directly or through env)? */
bool aliyun_shell_named(const char *name, const char *text, size_t len);

/* Is this a Markdown file (*.md, *.markdown, any case)? */
bool aliyun_markdown_named(const char *name);

/* Is the CLI option name[0, len) (without dashes) a credential? */
bool aliyun_option_is_secret(const char *name, size_t len);

#endif
