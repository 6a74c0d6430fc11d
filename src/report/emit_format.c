/*
 * emit_format: the helpers every format shares (streaming a strbuf out,
 * help URIs, path-to-URI, the fingerprint hash).  Below emit.c and the
 * formats alike, so a format needs nothing of the front that lists it.
 */
#include "emit_format.h"

#include <string.h>

#include "ascii.h"
#include "xalloc.h"

void emit_flush(struct emitter *em, struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, em->out);
	strbuf_reset(sb);
}

void emit_help_uri(const struct emitter *em, const char *rule_id, struct strbuf *sb)
{
	strbuf_addf(sb, "%s%s.md", em->help_base_uri, rule_id);
}

bool emit_path_is_relative(const char *path)
{
	return path[0] != '/';
}

/* RFC 3986 path characters that need no encoding.  ':' is left out on
 * purpose: in a relative reference "a:b.json" would parse as a scheme. */
static bool uri_path_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || ascii_in_set((char)c, "-._~!$&'()*+,;=@/");
}

void emit_path_to_uri(const char *path, struct strbuf *sb)
{
	static const char hex[] = "0123456789ABCDEF";

	if (strcmp(path, "<stdin>") == 0) {
		strbuf_addstr(sb, "stdin");
		return;
	}
	if (!emit_path_is_relative(path))
		strbuf_addstr(sb, "file://");
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (uri_path_char(*p)) {
			strbuf_addch(sb, *p);
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[*p >> 4]);
			strbuf_addch(sb, hex[*p & 15]);
		}
	}
}

uint64_t emit_fnv1a64(uint64_t hash, const char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		hash ^= (unsigned char)bytes[i];
		hash *= UINT64_C(0x100000001b3);
	}
	return hash;
}
