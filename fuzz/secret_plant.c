/*
 * secret_plant: the password planted by the fuzz targets (secret_plant.h).
 */
#define _GNU_SOURCE /* memmem */
#include "secret_plant.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "query.h"

#define M SECRET_MARKER
#define MH "qZ7x" /* its head and its tail: a password split in two */
#define MT "J3vW"

static const char *const json_plants[] = {
	"\"SourceEndpointPassword\": \"" M "\"",
	"\"SourceEndpointPasword\": \"" M "\"",
	"\"SourceEndpoint\\u0050assword\": \"" M "\"",
	"\"srcPassword\": \"" M "\"",
	"'srcPassword': '" M "'",
	"\"SrcClientPassword\": " M,
	"\"SrcClientPassword\": /* old */ \"" M "\"",
	"\"SrcClientPassword\": // " M "\n \"x\"",
	"\"SrcClientPassword\": [\"" M "\"]",
	"\"SrcClientPassword\": {\"v\": \"" M "\"}",
	"\"SrcClientPassword\": {\"" M "\": 1, \"" M "\": 2}",
	"\"Reserve\": \"{\\\"srcPassword\\\": \\\"" M "\\\"}\"",
	"\"Reserve\": \"{\\\"src\\\\u0050assword\\\": \\\"" M "\\\"}\"",
	"\"Reserve\": \"\\\"{\\\\\\\"srcPassword\\\\\\\": \\\\\\\"" M "\\\\\\\"}\\\"\"",
	"\"Reserv\": \"{'srcPassword': '" M "'}\"",
	"\"db_token\": \"" M "\"",
	"SrcClientPassword: \"" M "\"",
	"\"SourceEndpointPassword\": \"" M "\n",
	"\"DbList\": {\"db\": {\"dbPasword\": 1" M "}}",
	"\"{\\\"srcPassword\\\": \\\"" M "\\\"}\"",
	/* issue 23: where the end of the value is a guess */
	"\"SourceEndpointPassword\" = \"" M "\"",
	"SrcClientPassword=" M,
	"\"SrcClientPassword\" => \"" M "\"",
	"\"SrcClientPassword\" := \"" M "\"",
	"\"SrcClientPassword\" \"" M "\"",
	"\"SrcClientPassword\": \"" MH "\"" MT "\"",
	"\"SrcClientPassword\": \"" MH "\" \"" MT "\"",
	"\"SrcClientPassword\": \"\"\"" M "\"\"\"",
	"'srcPassword': '''" MH "\n" MT "'''",
	"\"SrcClientPassword\": \"" MH "\n" MT "\"",
	"\"Reserve\": \"{\\\"srcPassword\\\": \\\"" MH "\\\"" MT "\\\"}\"",
	"\"SourceEndpointPwd\": \"" M "\"",
	"\"db_pass\": \"" M "\"",
	"\"SourceCredentials\": \"" M "\"",
	"\"SecurityTokn\": \"" M "\"",
	"\"AccessKeySecre\": \"" M "\"",
};

static const char *const query_plants[] = {
	"&SourceEndpointPassword=" M "\n",
	"&SrcClientPasword=" M "\n",
	"&Reserve={\"srcPassword\":\"" M "\",}\n",
	"&Reserv={'srcPassword': '" M "'}\n",
	"&SrcClientPassword=" MH "&" MT "=1\n",
	"&SrcClientPassword=" MH "&" MT "\n",
	"&SrcClientPassword=" MH "\n" MT "\n",
	"&Reserve={\"srcPassword\":\"" MH "\"" MT "\"}\n",
	"&Reserve={\"srcPassword\":\"" MH "\n" MT "\"}\n",
	"&SourceEndpointPwd=" M "\n",
	"&SecurityTokn=" M "\n",
	"&AccessKeySecre=" M "\n",
};

bool secret_may_spell_marker(const uint8_t *d, size_t n)
{
	static const char marker[] = SECRET_MARKER;
	for (size_t k = 0; k + 4 <= sizeof marker - 1; k++)
		if (memmem(d, n, marker + k, 4))
			return true;
	for (size_t i = 0; i + 2 < n; i++) {
		size_t at;
		if (d[i] == '%')
			at = i + 1;
		else if ((d[i] == 'u' || d[i] == 'U') && i + 4 < n && d[i + 1] == '0' && d[i + 2] == '0')
			at = i + 3;
		else
			continue;
		int hi = ascii_hex_value((char)d[at]), lo = ascii_hex_value((char)d[at + 1]);
		if (hi >= 0 && lo >= 0 && memchr(marker, hi * 16 + lo, sizeof marker - 1))
			return true;
	}
	return false;
}

bool secret_marker_shows(const char *text, size_t len)
{
	static const char marker[] = SECRET_MARKER;
	for (size_t k = 0; k + 4 <= sizeof marker - 1; k++)
		if (memmem(text, len, marker + k, 4))
			return true;
	return false;
}

/* The pick-th (modulo their number) place where a pair can stand: 0, or
 * after a '{' or ',' outside strings.  A string, in either quotes, ends at
 * its quote or at the end of its line, as dtslint's lexer has it. */
static size_t json_place(const uint8_t *d, size_t n, unsigned pick)
{
	size_t count = 1, want = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t seen = 1;
		uint8_t q = 0;
		for (size_t i = 0; i < n; i++) {
			uint8_t c = d[i];
			if (q) {
				if (c == '\\')
					i++;
				else if (c == q || c == '\n')
					q = 0;
			} else if (c == '"' || c == '\'') {
				q = c;
			} else if (c == '{' || c == ',') {
				if (pass == 1 && seen == want)
					return i + 1;
				seen++;
			}
		}
		count = seen;
		want = pick % count;
		if (want == 0)
			return 0;
	}
	return 0;
}

/* Is at one of those places, read the same way? */
static bool json_is_place(const uint8_t *d, size_t n, size_t at)
{
	if (at == 0)
		return true;
	uint8_t q = 0;
	for (size_t i = 0; i < at && i < n; i++) {
		uint8_t c = d[i];
		if (q) {
			if (c == '\\')
				i++;
			else if (c == q || c == '\n')
				q = 0;
		} else if (c == '"' || c == '\'') {
			q = c;
		} else if (i == at - 1) {
			return c == '{' || c == ',';
		}
	}
	return false;
}

/* The pick-th place at the start of a line (0, or after a '\n'). */
static size_t line_place(const uint8_t *d, size_t n, unsigned pick)
{
	size_t count = 1;
	for (size_t i = 0; i < n; i++)
		count += d[i] == '\n';
	size_t want = pick % count, seen = 1;
	if (want == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (d[i] == '\n' && seen++ == want)
			return i + 1;
	return n;
}

void secret_plant_choose(const uint8_t *d, size_t n, struct secret_plant *p)
{
	unsigned pick = n ? d[0] : 0, where = n ? d[n - 1] : 0;
	p->query = query_detect((const char *)d, n);
	p->pair = p->query ? query_plants[pick % (sizeof query_plants / sizeof *query_plants)]
	                   : json_plants[pick % (sizeof json_plants / sizeof *json_plants)];
	p->at = p->query ? line_place(d, n, where) : json_place(d, n, where);
	/* a query parameter goes on a line of its own */
	p->newline = p->query && p->at == n && n && d[n - 1] != '\n';
}

size_t secret_plant_len(const struct secret_plant *p)
{
	return p->newline + strlen(p->pair);
}

char *secret_plant_apply(const uint8_t *d, size_t n, const struct secret_plant *p, size_t *len)
{
	size_t plen = strlen(p->pair);
	*len = n + p->newline + plen;
	char *out = malloc(*len ? *len : 1);
	if (!out)
		abort();
	memcpy(out, d, p->at);
	if (p->newline)
		out[p->at] = '\n';
	memcpy(out + p->at + p->newline, p->pair, plen);
	memcpy(out + p->at + p->newline + plen, d + p->at, n - p->at);
	return out;
}

bool secret_plant_holds(const uint8_t *d, size_t n, const struct secret_plant *p)
{
	if (p->at > n || query_detect((const char *)d, n) != p->query || secret_may_spell_marker(d, n))
		return false;
	if (p->query)
		return p->newline || p->at == 0 || d[p->at - 1] == '\n';
	return json_is_place(d, n, p->at);
}
