/*
 * aliyun_cli: from shell commands (shellwords.c) to `aliyun dts` commands
 * with their parameters (aliyun_cli.h says how the CLI reads them, and
 * where the option table comes from); and the shell code blocks of
 * Markdown.  Nothing here knows a DTS parameter.
 */
#include "aliyun_cli.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shellwords.h"
#include "xalloc.h"

enum arity {
	TAKES_NONE,   /* a switch */
	TAKES_ONE,    /* one value */
	TAKES_FIELDS, /* any number of field=value words (--pager, --waiter, --output) */
};

struct option {
	const char *name;
	char shorthand;
	enum arity arity;
	bool secret;
};

/* The CLI's own options: "Alibaba Cloud CLI command-line options"
 * (https://www.alibabacloud.com/help/en/cli/command-line-options) and the
 * flags aliyun-cli defines for every API call (config/flags.go: the
 * credential and connection flags; openapi/flags.go: the caller's);
 * --endpoint-type from the same page, --cli-dry-run from "Control how
 * Alibaba Cloud CLI API calls are executed"
 * (https://www.alibabacloud.com/help/en/cli/control-how-api-calls-are-executed).
 * Not here: --RegionId, a hidden flag of the CLI that sets the region and
 * is also the API parameter RegionId of every DTS operation, so it is read
 * as a parameter.  Secret: whatever grants access (keys, tokens, the
 * external ID of a role). */
static const struct option options[] = {
	{ "access-key-id", 0, TAKES_ONE, true },
	{ "access-key-secret", 0, TAKES_ONE, true },
	{ "accept", 0, TAKES_ONE, false },
	{ "body", 0, TAKES_ONE, false },
	{ "body-file", 0, TAKES_ONE, false },
	{ "cli-dry-run", 0, TAKES_NONE, false },
	{ "cloud-sso-access-config", 0, TAKES_ONE, false },
	{ "cloud-sso-account-id", 0, TAKES_ONE, false },
	{ "cloud-sso-sign-in-url", 0, TAKES_ONE, false },
	{ "config-path", 0, TAKES_ONE, false },
	{ "connect-timeout", 0, TAKES_ONE, false },
	{ "dryrun", 0, TAKES_NONE, false },
	{ "endpoint", 0, TAKES_ONE, false },
	{ "endpoint-type", 0, TAKES_ONE, false },
	{ "expired-seconds", 0, TAKES_ONE, false },
	{ "external-id", 0, TAKES_ONE, true },
	{ "force", 0, TAKES_NONE, false },
	{ "header", 0, TAKES_ONE, false },
	{ "help", 0, TAKES_NONE, false },
	{ "insecure", 0, TAKES_NONE, false },
	{ "key-pair-name", 0, TAKES_ONE, false },
	{ "language", 0, TAKES_ONE, false },
	{ "method", 0, TAKES_ONE, false },
	{ "mode", 0, TAKES_ONE, false },
	{ "oidc-provider-arn", 0, TAKES_ONE, false },
	{ "oidc-token-file", 0, TAKES_ONE, false },
	{ "output", 0, TAKES_FIELDS, false },
	{ "pager", 0, TAKES_FIELDS, false },
	{ "private-key", 0, TAKES_ONE, true },
	{ "process-command", 0, TAKES_ONE, false },
	{ "profile", 'p', TAKES_ONE, false },
	{ "quiet", 'q', TAKES_NONE, false },
	{ "ram-role-arn", 0, TAKES_ONE, false },
	{ "ram-role-name", 0, TAKES_ONE, false },
	{ "read-timeout", 0, TAKES_ONE, false },
	{ "region", 0, TAKES_ONE, false },
	{ "retry-count", 0, TAKES_ONE, false },
	{ "retry-timeout", 0, TAKES_ONE, false }, /* read-timeout's alias */
	{ "roa", 0, TAKES_ONE, false },
	{ "role-session-name", 0, TAKES_ONE, false },
	{ "secure", 0, TAKES_NONE, false },
	{ "skip-secure-verify", 0, TAKES_NONE, false },
	{ "source-profile", 0, TAKES_ONE, false },
	{ "sts-region", 0, TAKES_ONE, false },
	{ "sts-token", 0, TAKES_ONE, true },
	{ "version", 0, TAKES_ONE, false },
	{ "waiter", 0, TAKES_FIELDS, false },
};

static const struct option *option_find(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof options / sizeof *options; i++)
		if (strlen(options[i].name) == len && memcmp(options[i].name, name, len) == 0)
			return &options[i];
	return NULL;
}

static const struct option *option_short(char c)
{
	for (size_t i = 0; i < sizeof options / sizeof *options; i++)
		if (options[i].shorthand == c)
			return &options[i];
	return NULL;
}

bool aliyun_option_is_secret(const char *name, size_t len)
{
	const struct option *o = option_find(name, len);

	return o && o->secret;
}

/* How the CLI splits a flag word: at its first '=' or ':'. */
static size_t flag_split(const char *text, size_t len)
{
	size_t k = 0;

	while (k < len && text[k] != '=' && text[k] != ':')
		k++;
	return k;
}

/* Is the word a flag to the CLI ("--x", "-x", also broken ones it refuses)?
 * An unknown word is judged by its literal prefix: "--Reserve=$(...)" is. */
static bool is_flag(const struct shell_word *w)
{
	return w->len >= 2 && w->text[0] == '-' && flag_split(w->text, w->len) >= 2;
}

static char *dup_bytes(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* The value of a in bytes [from, w->len) of word w. */
static void value_from(struct aliyun_arg *a, const struct shell_word *w, size_t from, size_t span_start)
{
	a->has_value = true;
	a->value_span = (struct jspan){ span_start, w->span.end };
	a->value_known = w->known;
	if (!w->known)
		return;
	a->value_len = w->len - from;
	a->value = dup_bytes(w->text + from, a->value_len);
	a->value_map = xmalloc((a->value_len + 1) * sizeof *a->value_map);
	memcpy(a->value_map, w->map + from, (a->value_len + 1) * sizeof *a->value_map);
}

static struct aliyun_arg *arg_add(struct aliyun_command *c, size_t *cap)
{
	if (c->n_args == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		c->args = xrealloc(c->args, *cap * sizeof *c->args);
	}
	struct aliyun_arg *a = &c->args[c->n_args++];
	memset(a, 0, sizeof *a);
	return a;
}

/* The flag at words[i]; returns the index of the next word to read. */
static size_t read_flag(struct aliyun_command *c, size_t *cap, const struct shell_word *words, size_t n,
                        size_t i)
{
	const struct shell_word *w = &words[i];
	size_t k = flag_split(w->text, w->len);
	bool dashes = w->text[1] == '-';

	if (!w->known && k == w->len) {
		c->incomplete = true; /* "--Db$X": a name we cannot read */
		return i + 1;
	}
	const struct option *o = dashes ? option_find(w->text + 2, k - 2) : k == 2 ? option_short(w->text[1]) : NULL;

	if ((!dashes && !o) || (dashes && k == 2)) {
		c->n_stray++; /* "-x" it does not know, "--", "--=v": the CLI refuses them */
		return i + 1;
	}
	struct aliyun_arg *a = arg_add(c, cap);
	a->kind = o ? ALIYUN_OPTION : ALIYUN_PARAM;
	a->secret = o && o->secret;
	a->name = o ? dup_bytes(o->name, strlen(o->name)) : dup_bytes(w->text + 2, k - 2);
	a->name_len = strlen(a->name);
	a->name_span = (struct jspan){ w->span.start, k < w->len ? w->map[k] : w->span.end };
	enum arity arity = o ? o->arity : TAKES_ONE;
	if (k + 1 < w->len || (k < w->len && !w->known)) { /* --Name=value: the rest of the word */
		value_from(a, w, k + 1, w->map[k] + 1);
		return i + 1;
	}
	i++;
	if (arity == TAKES_NONE)
		return i;
	if (arity == TAKES_FIELDS) { /* field=value words, none of them a parameter */
		while (i < n && !is_flag(&words[i]))
			i++;
		return i;
	}
	if (i < n && !is_flag(&words[i]))
		value_from(a, &words[i], 0, words[i].span.start), i++;
	return i;
}

static bool word_is(const struct shell_word *w, const char *s)
{
	return w->known && strlen(s) == w->len && memcmp(w->text, s, w->len) == 0;
}

/* "aliyun", or a path to it (./aliyun, /usr/local/bin/aliyun). */
static bool word_is_aliyun(const struct shell_word *w)
{
	if (!w->known || w->len < 6 || memcmp(w->text + w->len - 6, "aliyun", 6) != 0)
		return false;
	return w->len == 6 || w->text[w->len - 7] == '/';
}

/* Past the words that only run the next one: reserved words, sudo, env. */
static size_t skip_prefixes(const struct shell_command *sc)
{
	static const char *const prefixes[] = { "!", "{", "if", "then", "elif", "else", "do", "while",
	                                        "until", "time", "exec", "command", "nohup", "sudo", "env" };
	size_t i = sc->n_assign;
	bool more = true;

	while (more && i < sc->n_words) {
		more = false;
		for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes && !more; p++)
			more = word_is(&sc->words[i], prefixes[p]);
		if (!more)
			break;
		i++;
		/* sudo -E, env -i, env NAME=value: their own options and assignments */
		while (i < sc->n_words && sc->words[i].known && sc->words[i].len &&
		       (sc->words[i].text[0] == '-' ||
		        shell_word_is_assignment(sc->words[i].text, 0, sc->words[i].len)))
			i++;
	}
	return i;
}

static void command_release(struct aliyun_command *c);

/* The aliyun dts command in sc, or false.  The CLI reads flags wherever
 * they are, so "aliyun --profile p dts Op" is one too: the product and the
 * operation are the first two words that are neither flags nor values. */
static bool command_read(const struct shell_command *sc, bool script_incomplete, struct aliyun_command *c)
{
	size_t i = skip_prefixes(sc), cap = 0, n_pos = 0;
	const struct shell_word *product = NULL;

	if (i >= sc->n_words || !word_is_aliyun(&sc->words[i]))
		return false;
	memset(c, 0, sizeof *c);
	c->span = (struct jspan){ sc->words[i].span.start, sc->words[sc->n_words - 1].span.end };
	c->incomplete = script_incomplete;
	for (i++; i < sc->n_words;) {
		const struct shell_word *w = &sc->words[i];
		if (is_flag(w)) {
			i = read_flag(c, &cap, sc->words, sc->n_words, i);
			continue;
		}
		if (n_pos == 0) {
			product = w;
		} else if (n_pos == 1) {
			c->operation_span = w->span;
			if (w->known) {
				c->operation = dup_bytes(w->text, w->len);
				c->operation_map = xmalloc((w->len + 1) * sizeof *c->operation_map);
				memcpy(c->operation_map, w->map, (w->len + 1) * sizeof *c->operation_map);
			}
			c->operation_len = w->known ? w->len : 0;
			c->plugin_form = w->known && w->len && w->text[0] >= 'a' && w->text[0] <= 'z' &&
			                 memchr(w->text, '-', w->len);
		} else if (!w->known) {
			c->incomplete = true; /* "$@" or "$ARGS": flags we cannot see */
		} else {
			c->n_stray++;
		}
		n_pos++;
		i++;
	}
	if (n_pos < 2 || !product->known || product->len != 3 || strncasecmp(product->text, "dts", 3) != 0) {
		command_release(c);
		return false;
	}
	return true;
}

static void command_release(struct aliyun_command *c)
{
	for (size_t i = 0; i < c->n_args; i++) {
		free(c->args[i].name);
		free(c->args[i].value);
		free(c->args[i].value_map);
	}
	free(c->args);
	free(c->operation);
	free(c->operation_map);
}

static void collect(struct aliyun_cli *cli, size_t *cap, const char *text, size_t start, size_t end)
{
	struct shell_script *s = shell_script_parse(text, start, end);

	cli->incomplete |= s->incomplete;
	for (size_t i = 0; i < s->n_commands; i++) {
		struct aliyun_command c;
		/* a command the reader stopped inside is incomplete: the last one */
		bool cut = s->incomplete && i + 1 == s->n_commands;
		if (!command_read(&s->commands[i], cut, &c))
			continue;
		if (cli->n_commands == *cap) {
			*cap = *cap ? *cap * 2 : 4;
			cli->commands = xrealloc(cli->commands, *cap * sizeof *cli->commands);
		}
		cli->commands[cli->n_commands++] = c;
	}
	shell_script_free(s);
}

/* ---- Markdown ---------------------------------------------------------- */

struct fence {
	char ch;    /* '`' or '~' */
	size_t len; /* 3 or more */
};

/* A fence at line[0, len): its character and length, and the info
 * string's first word in *info (NULL, 0 when none). */
static bool fence_open(const char *line, size_t len, struct fence *f, const char **info, size_t *info_len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++; /* any indentation: fences in list items are indented */
	if (i >= len || (line[i] != '`' && line[i] != '~'))
		return false;
	f->ch = line[i];
	f->len = 0;
	while (i < len && line[i] == f->ch)
		i++, f->len++;
	if (f->len < 3)
		return false;
	if (f->ch == '`' && memchr(line + i, '`', len - i))
		return false; /* inline code, as CommonMark says */
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '{' || line[i] == '.'))
		i++;
	*info = line + i;
	while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '}' && line[i] != ',' &&
	       line[i] != '\r')
		i++;
	*info_len = (size_t)(line + i - *info);
	return true;
}

static bool fence_close(const char *line, size_t len, const struct fence *f)
{
	size_t i = 0, n = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (i < len && line[i] == f->ch)
		i++, n++;
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	return n >= f->len && i == len;
}

enum block_kind { BLOCK_OTHER, BLOCK_SHELL, BLOCK_CONSOLE };

static enum block_kind block_kind(const char *info, size_t len)
{
	static const char *const shells[] = { "sh", "bash", "shell", "zsh" };

	for (size_t i = 0; i < sizeof shells / sizeof *shells; i++)
		if (strlen(shells[i]) == len && strncasecmp(info, shells[i], len) == 0)
			return BLOCK_SHELL;
	if (len == 7 && strncasecmp(info, "console", 7) == 0)
		return BLOCK_CONSOLE;
	return BLOCK_OTHER;
}

/* Copy a body line into out, its prompt blanked; in a console block a
 * line without one is output, blank, unless it continues a command. */
static void body_line(const char *line, size_t len, char *out, enum block_kind kind, bool *continues)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	/* "$ ", and in a console transcript the root prompt "# " too */
	bool prompt = i + 1 < len && line[i + 1] == ' ' &&
	              (line[i] == '$' || (line[i] == '#' && kind == BLOCK_CONSOLE));
	if (kind == BLOCK_CONSOLE && !prompt && !*continues) {
		*continues = false;
		return; /* output */
	}
	memcpy(out, line, len);
	if (prompt && !*continues)
		out[i] = ' ';
	/* A CRLF runbook: a copied line has no '\r', and "\\\r" ends a line
	 * that continues, so its backslash moves onto the '\r' (offsets stay). */
	if (len && line[len - 1] == '\r') {
		out[len - 1] = ' ';
		if (len > 1 && line[len - 2] == '\\') {
			out[len - 2] = ' ';
			out[len - 1] = '\\';
		}
	}
	*continues = len && out[len - 1] == '\\';
}

char *aliyun_markdown_shell(const char *text, size_t len, struct jspan **blocks, size_t *n_blocks)
{
	char *out = xmalloc(len + 1);
	size_t cap = 0, pos = 0;
	struct fence f = { 0, 0 };
	enum block_kind kind = BLOCK_OTHER;
	bool in_block = false, continues = false;

	*blocks = NULL;
	*n_blocks = 0;
	for (size_t i = 0; i < len; i++)
		out[i] = text[i] == '\n' ? '\n' : ' ';
	out[len] = '\0';
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t eol = nl ? (size_t)(nl - text) : len;
		const char *line = text + pos, *info;
		size_t line_len = eol - pos, info_len;
		if (in_block && fence_close(line, line_len, &f)) {
			in_block = false;
			if (kind != BLOCK_OTHER)
				(*blocks)[*n_blocks - 1].end = pos;
		} else if (in_block) {
			if (kind != BLOCK_OTHER)
				body_line(line, line_len, out + pos, kind, &continues);
		} else if (fence_open(line, line_len, &f, &info, &info_len)) {
			in_block = true;
			continues = false;
			kind = block_kind(info, info_len);
			if (kind != BLOCK_OTHER) {
				if (*n_blocks == cap) {
					cap = cap ? cap * 2 : 4;
					*blocks = xrealloc(*blocks, cap * sizeof **blocks);
				}
				size_t body = nl ? eol + 1 : len;
				(*blocks)[(*n_blocks)++] = (struct jspan){ body, len }; /* unclosed: to the end */
			}
		}
		pos = nl ? eol + 1 : len;
	}
	return out;
}

struct aliyun_cli *aliyun_cli_parse(const char *text, size_t len, enum aliyun_source source)
{
	struct aliyun_cli *cli = xcalloc(1, sizeof *cli);
	size_t cap = 0;

	if (source == ALIYUN_SHELL) {
		collect(cli, &cap, text, 0, len);
		return cli;
	}
	struct jspan *blocks;
	size_t n;
	char *shell = aliyun_markdown_shell(text, len, &blocks, &n);
	for (size_t i = 0; i < n; i++)
		collect(cli, &cap, shell, blocks[i].start, blocks[i].end);
	free(blocks);
	free(shell);
	return cli;
}

void aliyun_cli_free(struct aliyun_cli *cli)
{
	if (!cli)
		return;
	for (size_t i = 0; i < cli->n_commands; i++)
		command_release(&cli->commands[i]);
	free(cli->commands);
	free(cli);
}

/* ---- the plugin form's names ------------------------------------------- */

/* The API's name for a kebab-case name, its map made from the written
 * one: the API name has the written letters without the '-'s, so each
 * of its bytes maps to its own letter in the file. */
static void rename_to_api(char **text, size_t *len, uint32_t **map, const char *api)
{
	size_t n = strlen(api), k = 0;
	uint32_t *m = xmalloc((n + 1) * sizeof *m);
	for (size_t i = 0; i < *len && k < n; i++)
		if ((*text)[i] != '-')
			m[k++] = (*map)[i];
	m[n] = (*map)[*len];
	free(*text);
	free(*map);
	*text = dup_bytes(api, n);
	*len = n;
	*map = m;
}

/* A kebab-case name no rule knows, spelled as the API would
 * ("dts-job-nme": DtsJobNme), so that a near miss finds its parameter and
 * a message spells it back as written.  Owned. */
static char *pascal_case_new(const char *name, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t k = 0;
	bool word = true;
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '-') {
			word = true;
			continue;
		}
		out[k++] = word && name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 'a' + 'A') : name[i];
		word = false;
	}
	out[k] = '\0';
	return out;
}

void aliyun_cli_name_plugin_form(struct aliyun_cli *cli, aliyun_plugin_name_fn *api_name, void *ctx)
{
	for (size_t i = 0; api_name && i < cli->n_commands; i++) {
		struct aliyun_command *c = &cli->commands[i];
		if (!c->plugin_form)
			continue;
		const char *op = api_name(ctx, c->operation, c->operation_len);
		char *guess = op ? NULL : pascal_case_new(c->operation, c->operation_len);
		rename_to_api(&c->operation, &c->operation_len, &c->operation_map, op ? op : guess);
		free(guess);
		for (size_t k = 0; k < c->n_args; k++) {
			struct aliyun_arg *a = &c->args[k];
			if (a->kind != ALIYUN_PARAM)
				continue;
			const char *name = api_name(ctx, a->name, a->name_len);
			char *renamed = name ? dup_bytes(name, strlen(name)) : pascal_case_new(a->name, a->name_len);
			free(a->name);
			a->name = renamed;
			a->name_len = strlen(renamed);
		}
	}
}

bool aliyun_cli_plugin_form(const struct aliyun_cli *cli)
{
	for (size_t i = 0; i < cli->n_commands; i++)
		if (cli->commands[i].plugin_form)
			return true;
	return false;
}

/* ---- requests ---------------------------------------------------------- */

/* One command as one request: Action, then each parameter in order. */
static void add_request(struct jbuilder *b, const struct aliyun_command *c)
{
	struct jbkey action = { "Action", 6, c->operation_span };

	jbuilder_open(b, JT_OBJECT, c->span.start);
	if (c->operation)
		jbuilder_string(b, &action, c->operation, c->operation_len, c->operation_map, c->operation_span);
	else
		jbuilder_unknown(b, &action, c->operation_span);
	for (size_t i = 0; i < c->n_args; i++) {
		const struct aliyun_arg *a = &c->args[i];
		struct jbkey key = { a->name, a->name_len, a->name_span };
		if (a->kind != ALIYUN_PARAM)
			continue;
		if (!a->has_value) {
			/* "--JobType" last, or before another flag: an empty value
			 * right after the name (the CLI sends none) */
			uint32_t at = (uint32_t)a->name_span.end;
			jbuilder_string(b, &key, "", 0, &at, (struct jspan){ a->name_span.end, a->name_span.end });
		} else if (a->value_known) {
			jbuilder_string(b, &key, a->value, a->value_len, a->value_map, a->value_span);
		} else {
			jbuilder_unknown(b, &key, a->value_span);
		}
	}
	jbuilder_close(b, c->span.end);
}

struct jnode *aliyun_cli_requests(struct jdoc *doc, const struct aliyun_cli *cli, size_t start, size_t end)
{
	if (!cli->n_commands)
		return NULL;
	struct jbuilder *b = jbuilder_new(doc, JT_ARRAY, start);
	for (size_t i = 0; i < cli->n_commands; i++)
		add_request(b, &cli->commands[i]);
	return jbuilder_finish(b, end, true);
}

bool aliyun_shell_named(const char *name, const char *text, size_t len)
{
	size_t n = name ? strlen(name) : 0;
	if ((n >= 3 && !strcmp(name + n - 3, ".sh")) || (n >= 5 && !strcmp(name + n - 5, ".bash")))
		return true;
	if (len < 2 || text[0] != '#' || text[1] != '!')
		return false;
	/* "#!/bin/sh", "#! /bin/bash -e", "#!/usr/bin/env bash": the
	 * interpreter's last path component, or env's first argument */
	const char *nl = memchr(text, '\n', len);
	size_t line = nl ? (size_t)(nl - text) : len, i = 2, k;
	for (int word = 0; word < 2; word++) {
		while (i < line && (text[i] == ' ' || text[i] == '\t'))
			i++;
		k = i;
		while (k < line && text[k] != ' ' && text[k] != '\t' && text[k] != '\r')
			k++;
		const char *base = text + k;
		while (base > text + i && base[-1] != '/')
			base--;
		size_t blen = (size_t)(text + k - base);
		if ((blen == 2 && !memcmp(base, "sh", 2)) || (blen == 4 && !memcmp(base, "bash", 4)))
			return true;
		if (!(blen == 3 && !memcmp(base, "env", 3)))
			return false;
		i = k;
	}
	return false;
}

bool aliyun_markdown_named(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return (n >= 3 && !strcasecmp(name + n - 3, ".md")) || (n >= 9 && !strcasecmp(name + n - 9, ".markdown"));
}
