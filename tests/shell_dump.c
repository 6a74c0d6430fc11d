/*
 * shell_dump (test only): what the shell reader and the aliyun reader make
 * of a file, as JSON, for tests/shell_oracle.py to hold against bash.
 *
 *   shell_dump FILE     a Markdown file (.md, .markdown) or a shell script
 *
 * "commands": every simple command of the shell text (for Markdown, of each
 * shell code block, prompts and output blanked) with its words; "source" is
 * the text from its first word to its last, as the shell reader saw it.
 * "aliyun": the aliyun dts commands; a secret option's value is printed as
 * "<secret>", never as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aliyun_cli.h"
#include "json_writer.h"
#include "shellwords.h"
#include "strbuf.h"

static char *slice(const char *text, struct jspan s)
{
	char *p = malloc(s.end - s.start + 1);

	if (!p)
		exit(2);
	memcpy(p, text + s.start, s.end - s.start);
	p[s.end - s.start] = '\0';
	return p;
}

static void kv_slice(struct json_writer *w, const char *key, const char *text, struct jspan s)
{
	char *p = slice(text, s);

	json_writer_kv_string(w, key, p);
	free(p);
}

static void dump_word(struct json_writer *w, const char *text, const struct shell_word *wd)
{
	json_writer_object_begin(w);
	json_writer_kv_size(w, "start", wd->span.start);
	json_writer_kv_size(w, "end", wd->span.end);
	kv_slice(w, "raw", text, wd->span);
	json_writer_key(w, "known");
	json_writer_bool(w, wd->known);
	if (wd->known) {
		json_writer_kv_string(w, "text", wd->text);
		json_writer_key(w, "map");
		json_writer_array_begin(w);
		for (size_t i = 0; i <= wd->len; i++)
			json_writer_size(w, wd->map[i]);
		json_writer_array_end(w);
	}
	json_writer_object_end(w);
}

static void dump_script(struct json_writer *w, const char *text, size_t start, size_t end, int *incomplete)
{
	struct shell_script *s = shell_script_parse(text, start, end);

	*incomplete |= s->incomplete;
	for (size_t i = 0; i < s->n_commands; i++) {
		const struct shell_command *c = &s->commands[i];
		if (!c->n_words)
			continue;
		json_writer_object_begin(w);
		json_writer_kv_size(w, "depth", c->depth);
		json_writer_kv_size(w, "assign", c->n_assign);
		json_writer_key(w, "redirected");
		json_writer_bool(w, c->redirected);
		kv_slice(w, "source", text,
		         (struct jspan){ c->words[0].span.start, c->words[c->n_words - 1].span.end });
		json_writer_key(w, "words");
		json_writer_array_begin(w);
		for (size_t j = 0; j < c->n_words; j++)
			dump_word(w, text, &c->words[j]);
		json_writer_array_end(w);
		json_writer_object_end(w);
	}
	shell_script_free(s);
}

static void dump_arg(struct json_writer *w, const struct aliyun_arg *a)
{
	json_writer_object_begin(w);
	json_writer_kv_string(w, "kind", a->kind == ALIYUN_PARAM ? "param" : "option");
	json_writer_kv_string(w, "name", a->name);
	json_writer_kv_size(w, "name_start", a->name_span.start);
	json_writer_kv_size(w, "name_end", a->name_span.end);
	if (a->has_value) {
		json_writer_kv_size(w, "value_start", a->value_span.start);
		json_writer_kv_size(w, "value_end", a->value_span.end);
		if (a->secret)
			json_writer_kv_string(w, "value", "<secret>");
		else if (a->value_known)
			json_writer_kv_string(w, "value", a->value);
		else
			json_writer_kv_string(w, "unknown", "");
		if (a->value_known && !a->secret && a->value_len)
			json_writer_kv_size(w, "value_first", a->value_map[0]);
	}
	json_writer_object_end(w);
}

static void dump_aliyun(struct json_writer *w, const struct aliyun_cli *cli)
{
	for (size_t i = 0; i < cli->n_commands; i++) {
		const struct aliyun_command *c = &cli->commands[i];
		json_writer_object_begin(w);
		json_writer_kv_string(w, "operation", c->operation ? c->operation : "<unknown>");
		json_writer_kv_size(w, "operation_start", c->operation_span.start);
		json_writer_kv_size(w, "start", c->span.start);
		json_writer_kv_size(w, "end", c->span.end);
		json_writer_key(w, "plugin_form");
		json_writer_bool(w, c->plugin_form);
		json_writer_key(w, "incomplete");
		json_writer_bool(w, c->incomplete);
		json_writer_kv_size(w, "stray", c->n_stray);
		json_writer_key(w, "args");
		json_writer_array_begin(w);
		for (size_t j = 0; j < c->n_args; j++)
			dump_arg(w, &c->args[j]);
		json_writer_array_end(w);
		json_writer_object_end(w);
	}
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, len);
}

int main(int argc, char **argv)
{
	size_t len;
	char *text = argc == 2 ? read_all(argv[1], &len) : NULL;
	if (!text) {
		fprintf(stderr, "usage: shell_dump FILE\n");
		return 2;
	}
	const char *dot = strrchr(argv[1], '.');
	bool md = dot && (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0);
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	int incomplete = 0;

	json_writer_init(&w, &sb, true);
	json_writer_object_begin(&w);
	json_writer_key(&w, "commands");
	json_writer_array_begin(&w);
	if (md) {
		struct jspan *blocks;
		size_t n;
		char *shell = aliyun_markdown_shell(text, len, &blocks, &n);
		for (size_t i = 0; i < n; i++)
			dump_script(&w, shell, blocks[i].start, blocks[i].end, &incomplete);
		free(blocks);
		free(shell);
	} else {
		dump_script(&w, text, 0, len, &incomplete);
	}
	json_writer_array_end(&w);
	json_writer_key(&w, "incomplete");
	json_writer_bool(&w, incomplete);
	struct aliyun_cli *cli = aliyun_cli_parse(text, len, md ? ALIYUN_MARKDOWN : ALIYUN_SHELL);
	json_writer_key(&w, "aliyun");
	json_writer_array_begin(&w);
	dump_aliyun(&w, cli);
	json_writer_array_end(&w);
	json_writer_object_end(&w);
	fputs(sb.buf, stdout);
	fputc('\n', stdout);
	strbuf_release(&sb);
	aliyun_cli_free(cli);
	free(text);
	return 0;
}
