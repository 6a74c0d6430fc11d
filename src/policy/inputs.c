/*
 * inputs: the list of inputs.  Folders are read by a recursive readdir
 * in sorted order, for output that does not depend on the file system's
 * order.  Any depth: folders whose path is
 * longer than PATH_MAX are opened a component at a time (longpath.c).
 */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "longpath.h"
#include "paths.h"
#include "sanitize.h"
#include "suggest.h"
#include "terraform_hcl.h"
#include "xalloc.h"

static struct input_item *push(struct input_list *list, const char *path, bool walked,
                               bool implicit, const char *error)
{
	if (list->n == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xreallocarray(list->items, list->cap, sizeof *list->items);
	}
	list->items[list->n] = (struct input_item){
		.path = xstrdup(path), .walked = walked, .implicit = implicit,
		.error = error ? xstrdup(error) : NULL,
	};
	return &list->items[list->n++];
}

/* A folder the walk could not read: an input of its own, reported as an
 * input error where its files would have been, so the rest is checked
 * and the run still fails. */
static void push_unreadable(struct input_list *list, const char *dir, int errnum)
{
	char why[300];
	snprintf(why, sizeof why, "cannot read the folder: %s; its files were not checked",
	         strerror(errnum));
	push(list, dir, true, false, why);
}

/* What a folder's entry is, found while the folder is open. */
struct entry {
	char *name;
	enum { ENTRY_DIR, ENTRY_FILE, ENTRY_BROKEN, ENTRY_OTHER } kind;
	int errnum; /* ENTRY_BROKEN: why it could not be examined */
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Symbolic links to folders are not followed (a walk stays in its tree,
 * and cannot loop); a link to nothing, or an entry gone since it was
 * listed, is not a file and is left out.  One that cannot be examined (a
 * link that loops, a folder that cannot be searched) is ENTRY_BROKEN. */
static void classify(int dir_fd, struct entry *e)
{
	struct stat st;
	e->kind = ENTRY_OTHER;
	if (fstatat(dir_fd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		goto broken;
	if (S_ISDIR(st.st_mode)) {
		e->kind = ENTRY_DIR;
		return;
	}
	if (S_ISLNK(st.st_mode) && fstatat(dir_fd, e->name, &st, 0) != 0)
		goto broken;
	if (S_ISREG(st.st_mode))
		e->kind = ENTRY_FILE;
	return;
broken:
	if (errno != ENOENT) {
		e->kind = ENTRY_BROKEN;
		e->errnum = errno;
	}
}

/* The entries of folder `dir` (hidden ones left out), classified, or
 * NULL with errno.  The folder is opened by a path of any length and
 * closed before anything below it is walked: a walk holds no descriptor
 * per level, so any depth works. */
static struct entry *read_entries(const char *dir, size_t *n)
{
	int fd = longpath_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
		return NULL;
	}
	struct entry *entries = NULL;
	size_t cap = 0;
	*n = 0;
	for (struct dirent *e; (errno = 0, e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue; /* ".", "..", .git, hidden folders and files */
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			entries = xreallocarray(entries, cap, sizeof *entries);
		}
		entries[*n] = (struct entry){.name = xstrdup(e->d_name)};
		classify(dirfd(d), &entries[(*n)++]);
	}
	int saved = errno; /* readdir's, when it stopped on an error */
	closedir(d);
	if (saved) {
		for (size_t i = 0; i < *n; i++)
			free(entries[i].name);
		free(entries);
		errno = saved;
		return NULL;
	}
	if (*n)
		qsort(entries, *n, sizeof *entries, entry_cmp);
	return entries ? entries : xcalloc(1, sizeof *entries);
}

static bool list_dir(const char *dir, struct config_set *cs, struct input_list *out,
                     char *err, size_t errsize)
{
	size_t n = 0;
	struct entry *entries = read_entries(dir, &n);
	bool ok = true;

	if (!entries) {
		push_unreadable(out, dir, errno);
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		char *path = paths_join(dir, entries[i].name);
		bool take = false;
		if (ok && entries[i].kind == ENTRY_DIR) {
			ok = config_listing_excludes_dir(cs, path, &take, err, errsize) &&
			     (take || list_dir(path, cs, out, err, errsize));
		} else if (ok && (entries[i].kind == ENTRY_FILE || entries[i].kind == ENTRY_BROKEN)) {
			/* One that cannot be examined is reported if it would
			 * have been checked (what it is, nobody can tell). */
			ok = config_listing_selects(cs, path, &take, err, errsize);
			if (ok && take)
				push(out, path, true, false,
				     entries[i].kind == ENTRY_BROKEN ? strerror(entries[i].errnum) : NULL);
		}
		free(path);
		free(entries[i].name);
	}
	free(entries);
	return ok;
}

bool inputs_expand(char *const *args, size_t n_args, struct config_set *cs,
                 struct input_list *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	if (n_args == 0) {
		push(out, "-", false, true, NULL);
		return true;
	}
	for (size_t i = 0; i < n_args; i++) {
		struct stat st;
		bool examined = strcmp(args[i], "-") != 0 && longpath_stat(args[i], &st, true) == 0;
		if (examined && S_ISDIR(st.st_mode)) {
			out->n_folders++;
			if (!list_dir(args[i], cs, out, err, errsize))
				return false;
		} else {
			struct input_item *it = push(out, args[i], false, false, NULL);
			it->examined = examined;
			if (examined) {
				it->mode = st.st_mode;
				it->size = st.st_size;
			}
		}
	}
	return true;
}

void input_list_release(struct input_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->items[i].path);
		free(list->items[i].error);
	}
	free(list->items);
	memset(list, 0, sizeof *list);
}

static bool is_parameter(const struct ruleset *rs, const char *key)
{
	if (strcmp(key, "Action") == 0)
		return true;
	if (rs->n_operations == 0)
		return operation_find_param(NULL, rs, key) != NULL;
	for (size_t i = 0; i < rs->n_operations; i++)
		if (operation_find_param(&rs->operations[i], rs, key))
			return true;
	return false;
}

static bool is_near_parameter(const struct ruleset *rs, const char *key, size_t len);

static bool object_is_request(const struct ruleset *rs, const struct jnode *obj)
{
	if (jnode_type(obj) != JT_OBJECT)
		return false;
	for (const struct jnode *c = jnode_first(obj); c; c = jnode_next(c))
		if (is_parameter(rs, jnode_key(c)) || is_near_parameter(rs, jnode_key(c), jnode_key_len(c)))
			return true;
	return false;
}

struct lex_ctx {
	const struct ruleset *rs;
	bool found;
};

/* The lexer asks about every key it meets: note whether one is a
 * parameter (the answer, "not secret", is not used). */
static bool lex_key(void *ctx, const char *key, size_t key_len)
{
	struct lex_ctx *L = ctx;
	if (key && !L->found) {
		char *k = xstrndup(key, key_len);
		L->found = is_parameter(L->rs, k) || is_near_parameter(L->rs, k, key_len);
		free(k);
	}
	return false;
}

static void lex_value(void *ctx, const struct jsonpos_lexed *value)
{
	(void)ctx;
	(void)value;
}

/* Terraform is a request when it declares a DTS resource; one that does
 * not parse is, when it names one (its syntax error is then reported),
 * and other Terraform is skipped quietly. */
static bool terraform_is_request(const struct request *req, const char *bytes, size_t len)
{
	static const char dts[] = "alicloud_dts_";
	if (req->root)
		return true;
	if (req->problem.kind != REQUEST_SYNTAX)
		return false;
	for (size_t i = 0; i + sizeof dts - 1 <= len; i++)
		if (!memcmp(bytes + i, dts, sizeof dts - 1))
			return true;
	return false;
}

bool inputs_looks_like_request(const struct ruleset *rs, const struct request *req,
                             const char *bytes, size_t len)
{
	if (req && req->spelling == REQUEST_SPELL_TERRAFORM)
		return terraform_is_request(req, bytes, len);
	if (req && request_spelling_is_cli(req->spelling))
		return req->root != NULL; /* an aliyun dts command, or none */
	if (req && req->root) {
		/* An array is a workflow: a request if one of its items is. */
		if (jnode_type(req->root) == JT_ARRAY) {
			for (const struct jnode *item = jnode_first(req->root); item; item = jnode_next(item))
				if (object_is_request(rs, item))
					return true;
			return false;
		}
		return object_is_request(rs, req->root);
	}
	struct lex_ctx L = {.rs = rs};
	jsonpos_lex_values(bytes, len, NULL, lex_key, lex_value, &L);
	return L.found;
}

/* ---- files named on the command line ------------------------------- */

/* A near miss of an operation's parameter (SourceEndpointInstanceTyp).
 * Common parameters and names shorter than six letters are left out:
 * "version", "name" and "type" are the keys of many a file that is no
 * request, and differ from Version, Name and Type only in case. */
static bool is_near_parameter(const struct ruleset *rs, const char *key, size_t len)
{
	for (size_t i = 0; i < rs->n_operations; i++) {
		const struct operation *op = &rs->operations[i];
		for (size_t j = 0; j < op->n_params; j++) {
			const char *name = op->params[j].name;
			size_t limit = strlen(name) / 4;
			if (strlen(name) >= 6 && suggest_distance(key, len, name, strlen(name), limit) <= limit)
				return true;
		}
	}
	return false;
}

/* An object none of whose keys is or nearly is a parameter; false for an
 * object without keys, which is an (empty) request. */
static bool object_is_plainly_other(const struct ruleset *rs, const struct jnode *obj)
{
	if (jnode_type(obj) != JT_OBJECT || !jnode_first(obj))
		return false;
	for (const struct jnode *c = jnode_first(obj); c; c = jnode_next(c))
		if (is_parameter(rs, jnode_key(c)) || is_near_parameter(rs, jnode_key(c), jnode_key_len(c)))
			return false;
	return true;
}

/* A baseline as --write-baseline writes it: {"version": N, "findings": [...]}. */
static bool is_baseline(const struct jnode *root)
{
	const struct jnode *findings = jnode_get(root, "findings");
	const struct jnode *version = jnode_get(root, "version");
	return jnode_n_children(root) == 2 && findings && jnode_type(findings) == JT_ARRAY && version &&
	       jnode_type(version) == JT_NUMBER;
}

/* Text with no sign of a request's form: well-formed UTF-8 without NUL
 * bytes, not starting like JSON or a query string, holding no '='.  A
 * file that is not even that (binary, a broken query string) is checked,
 * so that its errors are reported rather than passed over. */
static bool is_prose(const char *bytes, size_t len)
{
	size_t i = 0;
	while (i < len && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
		i++;
	if (i < len && bytes[i] && strchr("{[&?", bytes[i]))
		return false;
	for (size_t k = 0; k < len;) {
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)bytes + k, len - k, &cp);
		if (!n || cp == 0 || cp == '=')
			return false;
		k += n;
	}
	return true;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Past the JSON string whose opening quote is at *i; false if it does
 * not end. */
static bool skip_string(const char *b, size_t len, size_t *i)
{
	for (size_t k = *i + 1; k < len; k++) {
		if (b[k] == '\\')
			k++;
		else if (b[k] == '"') {
			*i = k + 1;
			return true;
		}
	}
	return false;
}

/* Past the value at *i (after white space): a string, a container with
 * everything in it, or a bare word; false if it does not end. */
static bool skip_value(const char *b, size_t len, size_t *i)
{
	size_t depth = 0, k = *i;
	while (k < len) {
		char c = b[k];
		if (c == '"') {
			if (!skip_string(b, len, &k))
				return false;
		} else if (c == '{' || c == '[') {
			depth++;
			k++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				break; /* the end of the object holding the value */
			depth--;
			k++;
		} else if (c == ',' && !depth) {
			break;
		} else {
			k++;
		}
		if (!depth && (c == '"' || c == '}' || c == ']'))
			break;
	}
	*i = k;
	return k < len;
}

static size_t skip_blank(const char *b, size_t len, size_t i)
{
	while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	return i;
}

enum input_quick inputs_quick_look(const struct ruleset *rs, const char *b, size_t len)
{
	size_t i = skip_blank(b, len, len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3) ? 3 : 0);
	if (i >= len || b[i] != '{')
		return INPUT_QUICK_UNSURE;
	i = skip_blank(b, len, i + 1);
	bool any = false;
	while (i < len && b[i] == '"') {
		size_t start = i + 1;
		if (!skip_string(b, len, &i))
			return INPUT_QUICK_UNSURE;
		size_t klen = i - 1 - start;
		if (memchr(b + start, '\\', klen) || klen > 255)
			return INPUT_QUICK_UNSURE; /* an escaped or long key: the parser decides */
		char key[256];
		memcpy(key, b + start, klen);
		key[klen] = '\0';
		if (is_parameter(rs, key) || is_near_parameter(rs, key, klen))
			return INPUT_QUICK_REQUEST;
		any = true;
		i = skip_blank(b, len, i);
		if (i >= len || b[i] != ':')
			return INPUT_QUICK_UNSURE;
		i = skip_blank(b, len, i + 1);
		if (!skip_value(b, len, &i))
			return INPUT_QUICK_UNSURE;
		i = skip_blank(b, len, i);
		if (i < len && b[i] == ',')
			i = skip_blank(b, len, i + 1);
	}
	return any && i < len && b[i] == '}' ? INPUT_QUICK_OTHER : INPUT_QUICK_UNSURE;
}

enum input_kind inputs_classify_named(const struct ruleset *rs, const char *path,
                                      const struct request *req, const char *bytes, size_t len)
{
	const char *base = strrchr(path, '/');
	if (strcmp(base ? base + 1 : path, CONFIG_FILE_NAME) == 0)
		return INPUT_OWN_CONFIG;
	const struct jnode *root = req ? req->root : NULL;
	if (req && req->spelling == REQUEST_SPELL_TERRAFORM)
		return terraform_is_request(req, bytes, len) ? INPUT_REQUEST : INPUT_OTHER;
	if (req && request_spelling_is_cli(req->spelling))
		return root ? INPUT_REQUEST : INPUT_OTHER;
	if (!root || req->problem.kind != REQUEST_OK)
		return has_suffix(path, ".json") || !is_prose(bytes, len) ||
		               inputs_looks_like_request(rs, req, bytes, len)
		           ? INPUT_REQUEST
		           : INPUT_OTHER;
	if (jnode_type(root) == JT_OBJECT && is_baseline(root))
		return INPUT_OWN_BASELINE;
	if (jnode_type(root) == JT_ARRAY) {
		for (const struct jnode *item = jnode_first(root); item; item = jnode_next(item))
			if (!object_is_plainly_other(rs, item))
				return INPUT_REQUEST;
		return jnode_first(root) ? INPUT_OTHER : INPUT_REQUEST;
	}
	return object_is_plainly_other(rs, root) ? INPUT_OTHER : INPUT_REQUEST;
}

bool inputs_judged_by_config(struct config_set *cs, const char *path, enum input_kind *kind)
{
	char err[1024];
	enum config_named named = CONFIG_NAMED_DEFAULT;
	if (!config_named_file(cs, path, &named, err, sizeof err))
		*kind = INPUT_REQUEST;
	else if (named == CONFIG_NAMED_EXCLUDED)
		*kind = INPUT_EXCLUDED;
	else if (named == CONFIG_NAMED_LISTED)
		*kind = INPUT_REQUEST;
	else
		return false;
	return true;
}

enum input_kind inputs_judge_named_text(const struct ruleset *rs, const char *path,
                                        const struct source *src, enum request_input input)
{
	if (input != REQUEST_INPUT_AUTO)
		return INPUT_REQUEST;
	const char *name = path ? path : src->name;
	const char *base = strrchr(name, '/');
	/* Requests are most of what is named: a first look at their keys
	 * spares them a second parse. */
	if (strcmp(base ? base + 1 : name, CONFIG_FILE_NAME) != 0 &&
	    inputs_quick_look(rs, src->bytes, src->len) == INPUT_QUICK_REQUEST)
		return INPUT_REQUEST;
	/* Terraform too: a 1 MB .tf parsed twice took most of its time. */
	if (terraform_hcl_named(name) && terraform_hcl_quick_look(src->bytes, src->len, &rs->terraform))
		return INPUT_REQUEST;
	struct request *req = request_parse(src, input, NULL, &rs->terraform);
	enum input_kind kind = inputs_classify_named(rs, name, req, src->bytes, src->len);
	request_free(req);
	return kind;
}

enum input_kind inputs_judge_named(const struct ruleset *rs, struct config_set *cs, const char *path,
                                   const struct source *src, enum request_input input)
{
	enum input_kind kind;
	if (path && inputs_judged_by_config(cs, path, &kind))
		return kind;
	return inputs_judge_named_text(rs, path, src, input);
}
