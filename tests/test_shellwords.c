/*
 * Unit tests of the shell reader (shellwords.c) and the aliyun reader
 * (aliyun_cli.c): each word's decoded text, span and map to file offsets,
 * what is unknown, the commands found and the bounds.  The words of whole
 * files are held to bash by tests/shell_oracle.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "aliyun_cli.h"
#include "shellwords.h"

static struct shell_script *parse(const char *s)
{
	return shell_script_parse(s, 0, strlen(s));
}

/* The only word of the only command of s is text, mapped to offsets map
 * (len + 1 of them), over the span [start, end). */
static void one_word(const char *s, const char *text, size_t len, const uint32_t *map, size_t start,
                     size_t end)
{
	struct shell_script *sc = parse(s);
	assert_int_equal(sc->n_commands, 1);
	assert_int_equal(sc->commands[0].n_words, 1);
	const struct shell_word *w = &sc->commands[0].words[0];
	assert_true(w->known);
	assert_int_equal(w->len, len);
	assert_memory_equal(w->text, text, len);
	assert_memory_equal(w->map, map, (len + 1) * sizeof *map);
	assert_int_equal(w->span.start, start);
	assert_int_equal(w->span.end, end);
	assert_false(sc->incomplete);
	shell_script_free(sc);
}

static void test_maps(void **state)
{
	(void)state;
	/* a single-quoted DbList: each byte its own offset, the end at the quote */
	one_word("'{\"a\":1}'", "{\"a\":1}", 7, (uint32_t[]){ 1, 2, 3, 4, 5, 6, 7, 8 }, 0, 9);
	/* double quotes: \" maps to its backslash (so a span ending before
	 * it keeps the backslash out); \q stays two bytes */
	one_word("\"a\\\"b\\q\"", "a\"b\\q", 5, (uint32_t[]){ 1, 2, 4, 5, 6, 7 }, 0, 8);
	/* a continuation inside a word is nothing */
	one_word("ab\\\ncd", "abcd", 4, (uint32_t[]){ 0, 1, 4, 5, 6 }, 0, 6);
	/* backslashes outside quotes, a quote glued to a word */
	one_word("a\\ b'c'\"d\"", "a bcd", 5, (uint32_t[]){ 0, 1, 3, 5, 8, 9 }, 0, 10);
	/* ANSI-C: an escape maps to its backslash */
	one_word("$'a\\tb\\x41'", "a\tbA", 4, (uint32_t[]){ 2, 3, 5, 6, 10 }, 0, 11);
	/* an empty word */
	one_word("''", "", 0, (uint32_t[]){ 1 }, 0, 2);
	/* invalid UTF-8 is bytes like others (NULs: test_nul_in_text) */
	one_word("a\xff\xc3", "a\xff\xc3", 3, (uint32_t[]){ 0, 1, 2, 3 }, 0, 3);
}

static void test_nul_in_text(void **state)
{
	(void)state;
	static const char s[] = "x \0y 'a\0b' \xc3";
	struct shell_script *sc = shell_script_parse(s, 0, sizeof s - 1);
	assert_int_equal(sc->n_commands, 1);
	assert_int_equal(sc->commands[0].n_words, 4);
	assert_int_equal(sc->commands[0].words[2].len, 3);
	shell_script_free(sc);
}

static void test_unknown(void **state)
{
	(void)state;
	const char *s = "aliyun --Reserve=\"$(cat r.json)\" $X ${Y:-'}'} `date` ~/x {a,b} $((1)) \"a$\"";
	struct shell_script *sc = parse(s);
	assert_int_equal(sc->n_commands, 3); /* cat, date, aliyun */
	const struct shell_command *c = &sc->commands[0];
	assert_int_equal(c->n_words, 9);
	assert_int_equal(c->depth, 0);
	/* the literal prefix of an unknown word is kept, with its map */
	assert_false(c->words[1].known);
	assert_int_equal(c->words[1].len, 10);
	assert_memory_equal(c->words[1].text, "--Reserve=", 10);
	for (size_t i = 2; i <= 7; i++)
		assert_false(c->words[i].known);
	assert_int_equal(c->words[5].len, 0); /* a tilde: no prefix to trust */
	assert_true(c->words[8].known);       /* a '$' that starts nothing */
	assert_string_equal(c->words[8].text, "a$");
	assert_string_equal(sc->commands[1].words[0].text, "cat");
	assert_int_equal(sc->commands[1].depth, 1);
	assert_string_equal(sc->commands[2].words[0].text, "date");
	assert_false(sc->incomplete);
	shell_script_free(sc);
}

static void test_commands(void **state)
{
	(void)state;
	const char *s = "a 1;b 2&&c 3||d|e&f # g h\n"
	                "X=1 Y='2' g \\\n  i >out 2>&1 <in\n"
	                "cat <<EOF; j\nk body\nEOF\n"
	                "cat <<-'E'\n\tl body\n\tE\n"
	                "( m ) { n; }\n";
	const char *first[] = { "a", "b", "c", "d", "e", "f", "X=1", "cat", "j", "cat", "m", "{", "}" };
	struct shell_script *sc = parse(s);
	assert_int_equal(sc->n_commands, sizeof first / sizeof *first);
	for (size_t i = 0; i < sc->n_commands; i++)
		assert_string_equal(sc->commands[i].words[0].text, first[i]);
	const struct shell_command *g = &sc->commands[6];
	assert_int_equal(g->n_words, 4);
	assert_int_equal(g->n_assign, 2);
	assert_true(g->redirected);
	assert_string_equal(g->words[3].text, "i");
	assert_int_equal(g->span.start, 26);
	assert_int_equal(g->span.end, strchr(s, '<') - s + 3); /* through "<in" */
	assert_false(sc->incomplete);
	shell_script_free(sc);
}

/* Found by fuzz_shellwords: qsort() was given a NULL list (UBSan). */
static void test_empty(void **state)
{
	(void)state;
	const char *empty[] = { "", " \t", "# only a comment", "\n\n" };
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
		struct shell_script *sc = parse(empty[i]);
		assert_int_equal(sc->n_commands, 0);
		assert_false(sc->incomplete);
		shell_script_free(sc);
		struct aliyun_cli *cli = aliyun_cli_parse(empty[i], strlen(empty[i]), ALIYUN_MARKDOWN);
		assert_int_equal(cli->n_commands, 0);
		aliyun_cli_free(cli);
	}
}

static void test_incomplete(void **state)
{
	(void)state;
	const char *open[] = { "a 'b", "a \"b", "a $(b", "a `b", "a ${b", "cat <<EOF\nx\n", "a $'b" };
	for (size_t i = 0; i < sizeof open / sizeof *open; i++) {
		struct shell_script *sc = parse(open[i]);
		assert_true(sc->incomplete);
		shell_script_free(sc);
	}
}

static void test_depth_bound(void **state)
{
	(void)state;
	size_t n = 100000;
	char *s = malloc(4 * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + 2 * i, "$(", 2);
	memset(s + 2 * n, ')', n);
	s[3 * n] = '\0';
	struct shell_script *sc = parse(s);
	assert_true(sc->incomplete);
	assert_true(sc->n_commands <= SHELL_MAX_DEPTH + 1);
	shell_script_free(sc);
	/* many quotes and braces, one pass */
	for (size_t i = 0; i < 4 * n; i++)
		s[i] = "\"${'"[i % 4];
	s[4 * n] = '\0';
	shell_script_free(parse(s));
	free(s);
}

static void test_aliyun_args(void **state)
{
	(void)state;
	const char *s = "aliyun dts ConfigureDtsJob --DbList '{\"a\":1}' --JobType=SYNC --X:y -p prof "
	                "--access-key-secret 'sh' --force --Reserve \"$(cat r)\" --pager path=a b=c --Last";
	struct aliyun_cli *cli = aliyun_cli_parse(s, strlen(s), ALIYUN_SHELL);
	assert_int_equal(cli->n_commands, 1);
	const struct aliyun_command *c = &cli->commands[0];
	assert_string_equal(c->operation, "ConfigureDtsJob");
	assert_int_equal(c->operation_span.start, 11);
	assert_int_equal(c->n_args, 9);
	const struct aliyun_arg *a = c->args;
	assert_int_equal(a[0].kind, ALIYUN_PARAM);
	assert_string_equal(a[0].name, "DbList");
	assert_int_equal(a[0].name_span.start, 27);
	assert_int_equal(a[0].name_span.end, 35);
	assert_string_equal(a[0].value, "{\"a\":1}");
	assert_int_equal(a[0].value_map[0], 37); /* the '{' inside the quotes */
	assert_int_equal(a[0].value_span.start, 36);
	assert_string_equal(a[1].name, "JobType");
	assert_string_equal(a[1].value, "SYNC");
	assert_int_equal(a[1].name_span.end, strstr(s, "=SYNC") - s);
	assert_int_equal(a[1].value_map[0], strstr(s, "SYNC") - s);
	assert_string_equal(a[2].name, "X");
	assert_string_equal(a[2].value, "y");
	assert_int_equal(a[3].kind, ALIYUN_OPTION);
	assert_string_equal(a[3].name, "profile");
	assert_string_equal(a[3].value, "prof");
	assert_true(a[4].secret);
	assert_false(a[5].has_value); /* --force is a switch */
	assert_string_equal(a[6].name, "Reserve");
	assert_true(a[6].has_value);
	assert_false(a[6].value_known);
	assert_string_equal(a[7].name, "pager"); /* its fields are no parameters */
	assert_string_equal(a[8].name, "Last");
	assert_false(a[8].has_value);
	assert_int_equal(c->n_stray, 0);
	assert_false(c->incomplete);
	aliyun_cli_free(cli);
}

static void test_aliyun_markdown(void **state)
{
	(void)state;
	const char *s = "Run `aliyun dts A --X 1` or aliyun dts B.\n"
	                "```console\n"
	                "$ aliyun dts C --X 1 \\\n"
	                "  --Y 2\n"
	                "aliyun dts Output --X 1\n"
	                "# aliyun dts Root --X 1\n"
	                "```\n"
	                "~~~python\naliyun dts D\n~~~\n"
	                "  ~~~zsh\n  aliyun dts E --Z '3'\n";
	struct aliyun_cli *cli = aliyun_cli_parse(s, strlen(s), ALIYUN_MARKDOWN);
	assert_int_equal(cli->n_commands, 3);
	assert_string_equal(cli->commands[0].operation, "C");
	assert_int_equal(cli->commands[0].n_args, 2);
	assert_string_equal(cli->commands[0].args[1].value, "2");
	assert_string_equal(cli->commands[1].operation, "Root");
	assert_string_equal(cli->commands[2].operation, "E");
	assert_int_equal(cli->commands[2].args[0].value_map[0], strstr(s, "3'") - s);
	aliyun_cli_free(cli);
}

/* A runbook saved with CRLF line ends: in Markdown the '\r' is not part
 * of the value, and "\\\r\n" still continues the command. */
static void test_aliyun_markdown_crlf(void **state)
{
	(void)state;
	const char *s = "```bash\r\naliyun dts C --X 1 \\\r\n  --Y '2'\r\n```\r\n";
	struct aliyun_cli *cli = aliyun_cli_parse(s, strlen(s), ALIYUN_MARKDOWN);
	assert_int_equal(cli->n_commands, 1);
	assert_int_equal(cli->commands[0].n_args, 2);
	assert_string_equal(cli->commands[0].args[0].value, "1");
	assert_string_equal(cli->commands[0].args[1].value, "2");
	assert_int_equal(cli->commands[0].args[1].value_map[0], strstr(s, "2'") - s);
	aliyun_cli_free(cli);
}

/* The CLI reads flags before the product and the operation too. */
static void test_aliyun_options_first(void **state)
{
	(void)state;
	const char *s = "aliyun --profile p -q dts --region=r StartDtsJob --DtsJobId j\n"
	                "aliyun --region r dts\n";
	struct aliyun_cli *cli = aliyun_cli_parse(s, strlen(s), ALIYUN_SHELL);
	assert_int_equal(cli->n_commands, 1);
	const struct aliyun_command *c = &cli->commands[0];
	assert_string_equal(c->operation, "StartDtsJob");
	assert_int_equal(c->operation_span.start, strstr(s, "Start") - s);
	assert_int_equal(c->n_args, 4);
	assert_string_equal(c->args[0].value, "p");
	assert_string_equal(c->args[1].name, "quiet");
	assert_string_equal(c->args[2].value, "r");
	assert_int_equal(c->args[3].kind, ALIYUN_PARAM);
	assert_string_equal(c->args[3].value, "j");
	assert_int_equal(c->n_stray, 0);
	aliyun_cli_free(cli);
}

static void test_aliyun_not_commands(void **state)
{
	(void)state;
	const char *s = "echo aliyun dts A\naliyun ecs B --X 1\naliyun dts\naliyun dts --help\n"
	                "aliyun dts $OP --X 1 -- --=v\nsudo aliyun dts configure-dts-job --dts-job-id 1\n";
	struct aliyun_cli *cli = aliyun_cli_parse(s, strlen(s), ALIYUN_SHELL);
	assert_int_equal(cli->n_commands, 2);
	assert_null(cli->commands[0].operation); /* $OP: an unknown operation */
	assert_int_equal(cli->commands[0].n_args, 1); /* "--" and "--=v" name nothing: the CLI refuses them */
	assert_int_equal(cli->commands[0].n_stray, 2);
	assert_true(cli->commands[1].plugin_form);
	assert_string_equal(cli->commands[1].args[0].name, "dts-job-id");
	aliyun_cli_free(cli);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_nul_in_text),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_depth_bound),
		cmocka_unit_test(test_aliyun_args),
		cmocka_unit_test(test_aliyun_markdown),
		cmocka_unit_test(test_aliyun_markdown_crlf),
		cmocka_unit_test(test_aliyun_options_first),
		cmocka_unit_test(test_aliyun_not_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
