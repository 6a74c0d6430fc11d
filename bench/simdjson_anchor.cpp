/*
 * simdjson_anchor: the second yardstick of the benchmarks, beside floor.c.
 * It does what floor.c does with json-c, with simdjson's DOM parser
 * (every byte validated, the whole document built as simdjson's tape):
 * read each file whole, parse it, and when DbList is a string (the wire
 * form) parse that string too.  Nothing else.
 *
 * simdjson finds structural characters with SIMD instructions before it
 * builds anything (Langdale and Lemire, "Parsing Gigabytes of JSON per
 * Second"): the fastest whole-document parser there is, so "within 1.2x of
 * it" says how close dtslint's parse gets to what the machine can do.  A
 * bench anchor only: dtslint never links it (bench/meson.build builds this
 * only where Debian's libsimdjson-dev and a C++ compiler are present).
 * Exit status: 0, or 1 if a file could not be read or parsed.
 */
#include <cstdio>
#include <string_view>

#include <simdjson.h>

static int anchor_one(simdjson::dom::parser &outer, simdjson::dom::parser &inner, const char *path)
{
	simdjson::padded_string text;
	if (simdjson::padded_string::load(path).get(text)) {
		std::fprintf(stderr, "simdjson_anchor: %s: cannot read\n", path);
		return 1;
	}
	simdjson::dom::element root;
	if (outer.parse(text).get(root)) {
		std::fprintf(stderr, "simdjson_anchor: %s: not JSON\n", path);
		return 1;
	}
	simdjson::dom::object object;
	std::string_view dblist;
	/* DbList as a string: its decoded text is parsed as a document of its
	 * own (copied into a padded buffer by parse(), as json-c's tokener
	 * reads the floor's decoded string). */
	if (!root.get(object) && !object["DbList"].get(dblist)) {
		simdjson::dom::element nested;
		if (inner.parse(dblist.data(), dblist.size(), true).get(nested)) {
			std::fprintf(stderr, "simdjson_anchor: %s: DbList is not JSON\n", path);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	simdjson::dom::parser outer, inner;
	int status = 0;

	for (int i = 1; i < argc; i++)
		status |= anchor_one(outer, inner, argv[i]);
	return status;
}
