/*
 * The secret scan's prefilter (secret_scan.c, text_may_hold_secret_key):
 * a string it turns away is not lexed, so it must never turn away one in
 * which lexing finds a secret.  Checked on strings made of the pieces
 * secret keys are made of (the pattern's words, the secret names, their
 * near misses) and of what the lexer reads as structure (quotes, ':',
 * '=', braces, comments), and on a few written out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ruleset.h"
#include "secret_scan.h"

/* Turned away => lexing finds no secret. */
static void check_sound(const struct ruleset *rs, const char *text, size_t len)
{
	if (!secret_text_may_hold_secret(rs, text, len) && secret_text_holds_secret(rs, text, len))
		fail_msg("'%.*s' holds a secret but the prefilter turns it away", (int)len, text);
}

/* Strings written out: what must be turned away (the point of the
 * prefilter), and near misses that only one of its tests lets through. */
static void test_written_cases(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	static const char *const skipped[] = {
		"id > 5 and name = 'x'",
		"{\"a\": 1, \"b\": [2, 3]}",
		"it's fine",
	};
	for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
		assert_false(secret_text_may_hold_secret(rs, skipped[i], strlen(skipped[i])));
	/* each holds a secret found by one test alone: a secret word one edit
	 * away (no literal of the pattern: "pasword", "credental", "secrt"),
	 * a near miss of a secret name ("Signatur", "SecurityTokn", and
	 * "Sixnatuxe", which lacks two letters of "Signature", so a window
	 * shorter than the name lacks three), a name
	 * the rules know, the pattern, a key written with escapes, a secret
	 * past the lexer's depth */
	static const char *const secret[] = {
		"x = {\"dbPasword\": \"v\"}",
		"{'dbCredental': 1}",
		"{'Secrt': 1}",
		"{\"Signatur\": \"v\"}",
		"SecurityTokn: 'v'",
		"{\"Sixnatuxe\": 1}",
		"{\"Signature\": \"v\"}",
		"pwd='a'",
		"{'Secret': 1}",
		"x = {\"dbPasswrd\": \"v\"}",
		"{\"s\\u0065cr\\u0065t\": 1}",
		"k: 'v' // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: "
		"// a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: // a: "
		"// a: // a: // a: // a: // a: 1",
	};
	for (size_t i = 0; i < sizeof secret / sizeof *secret; i++) {
		size_t len = strlen(secret[i]);
		if (!secret_text_holds_secret(rs, secret[i], len))
			fail_msg("'%s' should hold a secret", secret[i]);
		check_sound(rs, secret[i], len);
	}
	ruleset_free(rs);
}

static unsigned next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/* Random strings of pieces, each maybe spoilt by one edit (a letter
 * dropped, two swapped, one changed), and of single characters. */
static void test_random_strings(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_default();
	static const char *const pieces[] = {
		"password", "Password", "passwd", "pass", "Pass", "PASS", "pwd", "pswd", "secret", "Secret",
		"credential", "token", "Token", "private_key", "apiKey", "signature", "Signature",
		"SecurityToken", "SourceEndpointPassword", "DestinationEndpointPassword", "db", "src",
		"name", "id", "filter", "and", "or", "x", "v", "1", "\"", "'", ":", "=", " ", "{", "}",
		"[", "]", ",", "//", "/*", "*/", "\n", "'''", "\"\"\"",
	};
	static const char chars[] = "abcdeiklnoprstuwyABCDEIKLNOPRSTUWY_\"':= {},[]/*\\";
	const size_t npieces = sizeof pieces / sizeof *pieces;
	char text[512];
	unsigned seed = 22;
	size_t turned_away = 0;
	for (size_t n = 0; n < 100000; n++) {
		size_t len = 0;
		size_t parts = 1 + next(&seed) % 8;
		for (size_t p = 0; p < parts; p++) {
			if (next(&seed) % 3 == 0) {
				text[len++] = chars[next(&seed) % (sizeof chars - 1)];
				continue;
			}
			const char *piece = pieces[next(&seed) % npieces];
			size_t pl = strlen(piece), at = len;
			memcpy(text + len, piece, pl);
			len += pl;
			size_t k = at + next(&seed) % pl;
			switch (next(&seed) % 5) {
			case 0: /* drop */
				memmove(text + k, text + k + 1, len - k - 1);
				len--;
				break;
			case 1: /* swap */
				if (k + 1 < len) {
					char t = text[k];
					text[k] = text[k + 1];
					text[k + 1] = t;
				}
				break;
			case 2: /* change */
				text[k] = chars[next(&seed) % (sizeof chars - 1)];
				break;
			default:
				break;
			}
		}
		text[len] = '\0';
		if (!secret_text_may_hold_secret(rs, text, len)) {
			turned_away++;
			if (secret_text_holds_secret(rs, text, len))
				fail_msg("'%s' holds a secret but the prefilter turns it away", text);
		}
	}
	/* the test has teeth only if many strings are turned away */
	assert_true(turned_away > 10000);
	ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_written_cases),
		cmocka_unit_test(test_random_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
