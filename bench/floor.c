/*
 * floor: the least any checker of these request files has to do, as the
 * baseline of the benchmarks: read each file whole, parse it with json-c,
 * and when DbList is a string (the wire form) parse that string with
 * json-c too.  Nothing else: no positions, no rules, no output.
 *
 * Every dtslint figure in bench/README.md is a ratio to this program run
 * on the same files in the same session, so the figures hold on a noisy
 * or slower machine.  Exit status: 0, or 1 if a file could not be read
 * or parsed (then the comparison would be meaningless).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

/* The whole file, as dtslint reads it: one buffer sized by fstat. */
static char *read_file(const char *path, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	size_t cap, n = 0;
	char *buf;

	if (fd < 0 || fstat(fd, &st) != 0)
		return NULL;
	cap = (size_t)st.st_size + 1;
	buf = malloc(cap);
	while (buf) {
		ssize_t got = read(fd, buf + n, cap - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		if (n == cap) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	close(fd);
	*len = n;
	return buf;
}

static json_object *parse(const char *text, size_t len)
{
	json_tokener *tok = json_tokener_new();
	json_object *obj = json_tokener_parse_ex(tok, text, (int)len);

	if (json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

static int floor_one(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	json_object *root, *dblist, *inner = NULL;
	int status = 0;

	if (!text) {
		fprintf(stderr, "floor: %s: cannot read\n", path);
		return 1;
	}
	root = parse(text, len);
	if (!root) {
		fprintf(stderr, "floor: %s: not JSON\n", path);
		status = 1;
	} else if (json_object_object_get_ex(root, "DbList", &dblist) &&
	           json_object_is_type(dblist, json_type_string)) {
		inner = parse(json_object_get_string(dblist), (size_t)json_object_get_string_len(dblist));
		if (!inner) {
			fprintf(stderr, "floor: %s: DbList is not JSON\n", path);
			status = 1;
		}
	}
	json_object_put(inner);
	json_object_put(root);
	free(text);
	return status;
}

int main(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++)
		status |= floor_one(argv[i]);
	return status;
}
