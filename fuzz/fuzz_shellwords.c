/*
 * fuzz_shellwords: libFuzzer target for the shell reader and the aliyun
 * reader.  The input is read as a script and as Markdown; it must not
 * crash, every span must lie in the input and end after it starts, every
 * known word's map must rise strictly within its word, and every aliyun
 * argument's spans must lie within its command.
 */
#include <stdint.h>
#include <stdlib.h>

#include "aliyun_cli.h"
#include "shellwords.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_span(struct jspan s, size_t size)
{
	check(s.start <= s.end && s.end <= size);
}

static void check_word(const struct shell_word *w, size_t size)
{
	check_span(w->span, size);
	check(w->text != NULL && w->map != NULL);
	for (size_t i = 0; i < w->len; i++) {
		check(w->map[i] >= w->span.start && w->map[i] < w->span.end);
		check(i == 0 || w->map[i] > w->map[i - 1]);
	}
	check(w->map[w->len] <= w->span.end && (w->len == 0 || w->map[w->len] > w->map[w->len - 1]));
}

static void check_script(const char *text, size_t size)
{
	struct shell_script *s = shell_script_parse(text, 0, size);

	for (size_t i = 0; i < s->n_commands; i++) {
		const struct shell_command *c = &s->commands[i];
		check_span(c->span, size);
		check(i == 0 || c->span.start > s->commands[i - 1].span.start);
		check(c->depth <= SHELL_MAX_DEPTH && c->n_assign <= c->n_words);
		for (size_t j = 0; j < c->n_words; j++)
			check_word(&c->words[j], size);
	}
	shell_script_free(s);
}

static void check_aliyun(const char *text, size_t size, enum aliyun_source source)
{
	struct aliyun_cli *cli = aliyun_cli_parse(text, size, source);

	for (size_t i = 0; i < cli->n_commands; i++) {
		const struct aliyun_command *c = &cli->commands[i];
		check_span(c->span, size);
		for (size_t j = 0; j < c->n_args; j++) {
			const struct aliyun_arg *a = &c->args[j];
			check(a->name_span.start >= c->span.start && a->name_span.end <= c->span.end);
			if (a->has_value)
				check(a->value_span.start >= a->name_span.end && a->value_span.end <= c->span.end);
			for (size_t k = 0; a->value_known && k < a->value_len; k++)
				check(a->value_map[k] >= a->value_span.start && a->value_map[k] < a->value_span.end);
		}
	}
	aliyun_cli_free(cli);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;

	check_script(text, size);
	check_aliyun(text, size, ALIYUN_SHELL);
	check_aliyun(text, size, ALIYUN_MARKDOWN);
	return 0;
}
