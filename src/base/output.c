/*
 * output: see output.h.
 */
/* realpath() is XSI, not in the POSIX base the build asks for. */
#define _XOPEN_SOURCE 700

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

struct output {
	FILE *file;
	char *name;       /* as the user gave it, for messages; NULL: stdout */
	bool standard;    /* stdout or stderr: flushed, never closed */
	const char *what; /* "report", "baseline" */
	char *target;     /* path renamed onto; NULL when written in place */
	struct output_temp temp;
	int error;        /* errno of the first failed write, 0 if none known */
};

/* The temporary files to remove if the process ends before they are
 * renamed into place: at most a report, a baseline and a fixed file at
 * once.  Fixed buffers: the signal handler may use nothing else. */
#define MAX_PENDING 4
static struct {
	char path[PATH_MAX + NAME_MAX + 2];
	volatile sig_atomic_t live;
} pending[MAX_PENDING];

static void remove_slot(int slot)
{
	if (slot >= 0 && pending[slot].live) {
		pending[slot].live = 0;
		unlink(pending[slot].path);
	}
}

static void remove_all_pending(void)
{
	for (int i = 0; i < MAX_PENDING; i++)
		remove_slot(i);
}

static void on_signal(int sig)
{
	remove_all_pending();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void watch_pending(void)
{
	static bool installed;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};

	if (installed)
		return;
	installed = true;
	atexit(remove_all_pending);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction sa = {.sa_handler = on_signal};
		struct sigaction old;

		/* Leave a signal ignored by whoever started us ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}

/* The suffix mkstemp() fills in; the name before it is ".BASE". */
static const char temp_suffix[] = ".dtslint-XXXXXX";

/* "DIR/.BASE.dtslint-XXXXXX" beside target, in buf.  BASE is cut so the
 * name fits the folder's NAME_MAX (a request may be named with 250
 * bytes; its temporary name must still be legal), at a character
 * boundary so a UTF-8 name stays UTF-8; the random suffix stays whole.
 * false (ENAMETOOLONG) when even that does not fit buf. */
static bool temp_name(char *buf, size_t size, const char *target)
{
	const char *slash = strrchr(target, '/');
	size_t dir_len = slash ? (size_t)(slash - target) + 1 : 0;
	const char *base = slash ? slash + 1 : target;
	size_t keep = strlen(base);
	long name_max;

	if (dir_len + 2 > size) {
		errno = ENAMETOOLONG;
		return false;
	}
	/* "DIR/." is the folder itself: ask it for its limit. */
	memcpy(buf, target, dir_len);
	memcpy(buf + dir_len, ".", 2);
	name_max = pathconf(buf, _PC_NAME_MAX);
	if (name_max <= 0 || name_max > NAME_MAX)
		name_max = NAME_MAX;
	/* The name is "." + BASE + the suffix: sizeof counts the suffix's
	 * NUL, one byte like the dot. */
	if ((size_t)name_max < sizeof temp_suffix) {
		errno = ENAMETOOLONG;
		return false;
	}
	if (keep > (size_t)name_max - sizeof temp_suffix) {
		keep = (size_t)name_max - sizeof temp_suffix;
		while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
			keep--;
	}
	if (dir_len + 1 + keep + sizeof temp_suffix > size) {
		errno = ENAMETOOLONG;
		return false;
	}
	memcpy(buf + dir_len + 1, base, keep);
	memcpy(buf + dir_len + 1 + keep, temp_suffix, sizeof temp_suffix);
	return true;
}

bool output_temp_create(struct output_temp *t, const char *target, mode_t mode)
{
	int slot = 0;

	t->fd = -1;
	t->slot = -1;
	while (slot < MAX_PENDING && pending[slot].live)
		slot++;
	if (slot == MAX_PENDING) {
		errno = EMFILE; /* cannot happen: at most three at once */
		return false;
	}
	watch_pending();
	if (!temp_name(pending[slot].path, sizeof pending[slot].path, target))
		return false;
	t->fd = mkstemp(pending[slot].path);
	if (t->fd < 0)
		return false;
	pending[slot].live = 1;
	t->slot = slot;
	if (fchmod(t->fd, mode) != 0) {
		/* Not fatal: the file is still written, 0600. */
	}
	return true;
}

const char *output_temp_path(const struct output_temp *t)
{
	return t->slot >= 0 ? pending[t->slot].path : "";
}

/* Close the descriptor; false with errno when close() reports a failed
 * write. */
static bool temp_close(struct output_temp *t)
{
	int fd = t->fd;

	t->fd = -1;
	return fd < 0 || close(fd) == 0;
}

bool output_temp_commit(struct output_temp *t, const char *target)
{
	/* fsync first: a rename that reaches the disk before the bytes do
	 * would, after a crash, replace the old file with an empty one. */
	bool ok = t->fd < 0 || fsync(t->fd) == 0;
	int saved = errno;

	if (!temp_close(t) && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(pending[t->slot].path, target) != 0) {
		ok = false;
		saved = errno;
	}
	if (ok) {
		pending[t->slot].live = 0;
		t->slot = -1;
		return true;
	}
	output_temp_remove(t);
	errno = saved;
	return false;
}

void output_temp_remove(struct output_temp *t)
{
	temp_close(t);
	remove_slot(t->slot);
	t->slot = -1;
}

void output_temp_keep(struct output_temp *t)
{
	temp_close(t);
	if (t->slot >= 0)
		pending[t->slot].live = 0;
}

static struct output *output_new(FILE *file, const char *name, const char *what)
{
	struct output *out = xcalloc(1, sizeof *out);

	out->file = file;
	out->standard = file == stdout || file == stderr;
	out->name = name ? xstrdup(name) : NULL;
	out->what = what;
	out->temp.fd = -1;
	out->temp.slot = -1;
	return out;
}

static void output_free(struct output *out)
{
	free(out->name);
	free(out->target);
	free(out);
}

static const char *display(const struct output *out)
{
	return out->name ? out->name : "stdout";
}

/* Mode for a new file: what the old one had, else 0666 less umask. */
static mode_t file_mode(const struct stat *old, bool exists)
{
	mode_t mask;

	if (exists)
		return old->st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Written in place: stdout, a device, a FIFO; or a file in a folder we
 * may not write to. */
static struct output *open_in_place(const char *path, const char *what, struct strbuf *err)
{
	FILE *file = fopen(path, "w");

	if (!file) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return output_new(file, path, what);
}

struct output *output_open(const char *path, const char *what, struct strbuf *err)
{
	struct output_temp temp;
	struct stat st;
	bool exists;
	char *target;
	FILE *file;

	if (!path)
		return output_new(stdout, NULL, what);
	exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return open_in_place(path, what, err);
	/* Through a symbolic link, replace its target, not the link. */
	target = exists ? realpath(path, NULL) : NULL;
	if (!target)
		target = xstrdup(path);
	if (!output_temp_create(&temp, target, file_mode(&st, exists))) {
		int saved = errno;

		free(target);
		/* A folder we may not write to, holding a file we may:
		 * write it in place (not atomic, but what was asked). */
		if (exists && saved == EACCES && access(path, W_OK) == 0)
			return open_in_place(path, what, err);
		strbuf_addf(err, "%s: %s", path, strerror(saved));
		return NULL;
	}
	if (!(file = fdopen(temp.fd, "w"))) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		output_temp_remove(&temp);
		free(target);
		return NULL;
	}
	struct output *out = output_new(file, path, what);
	out->target = target;
	out->temp = temp;
	return out;
}

struct output *output_open_stderr(const char *what)
{
	return output_new(stderr, "stderr", what);
}

FILE *output_file(const struct output *out)
{
	return out->file;
}

bool output_failed(struct output *out, struct strbuf *err)
{
	if (!ferror(out->file))
		return false;
	/* Called right after the write that failed, so errno is still its
	 * reason; remember it for output_commit(). */
	if (!out->error)
		out->error = errno ? errno : EIO;
	if (err)
		strbuf_addf(err, "cannot write the %s to %s: %s", out->what, display(out),
		            strerror(out->error));
	return true;
}

bool output_commit(struct output *out, struct strbuf *err)
{
	bool ok = true;
	int saved = 0;

	if (output_failed(out, NULL) || fflush(out->file) != 0 || ferror(out->file)) {
		saved = out->error ? out->error : errno ? errno : EIO;
		ok = false;
	}
	/* The stream owns the temporary file's descriptor: sync it here
	 * (output_temp_commit() cannot once the stream has closed it). */
	if (ok && out->target && fsync(fileno(out->file)) != 0) {
		saved = errno;
		ok = false;
	}
	if (!out->standard && fclose(out->file) != 0 && ok) {
		saved = errno;
		ok = false;
	}
	out->temp.fd = -1;
	if (ok && out->target && !output_temp_commit(&out->temp, out->target)) {
		strbuf_addf(err, "cannot put the %s in place at %s: %s", out->what, display(out),
		            strerror(errno));
		output_free(out);
		return false;
	}
	if (!ok) {
		strbuf_addf(err, "cannot write the %s to %s: %s", out->what, display(out),
		            strerror(saved));
		output_temp_remove(&out->temp);
	}
	output_free(out);
	return ok;
}

void output_abandon(struct output *out)
{
	if (!out)
		return;
	if (!out->standard)
		fclose(out->file);
	out->temp.fd = -1; /* closed with the stream */
	output_temp_remove(&out->temp);
	output_free(out);
}
