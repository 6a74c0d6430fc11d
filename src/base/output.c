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
	char *name;   /* as the user gave it, for messages; NULL: stdout */
	char *target; /* path renamed onto; NULL when written in place */
	int error;    /* errno of the first failed write, 0 if none known */
};

/* The temporary file to remove if the process ends before the rename.
 * A fixed buffer: the signal handler may use nothing else. */
static char pending[PATH_MAX + 32];
static volatile sig_atomic_t have_pending;

static void remove_pending(void)
{
	if (have_pending) {
		have_pending = 0;
		unlink(pending);
	}
}

static void on_signal(int sig)
{
	remove_pending();
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
	atexit(remove_pending);
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

static struct output *output_new(FILE *file, const char *name)
{
	struct output *out = xcalloc(1, sizeof *out);

	out->file = file;
	out->name = name ? xstrdup(name) : NULL;
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

/* Mode for a new report: what the old one had, else 0666 less umask. */
static mode_t report_mode(const struct stat *old, bool exists)
{
	mode_t mask;

	if (exists)
		return old->st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* The temporary file beside target: "DIR/.BASE.XXXXXX".  -1 on failure. */
static int make_temp(const char *target, mode_t mode)
{
	const char *slash = strrchr(target, '/');
	size_t dir_len = slash ? (size_t)(slash - target) + 1 : 0;
	const char *base = slash ? slash + 1 : target;
	int fd;

	if (dir_len + strlen(base) + sizeof "..dtslint-XXXXXX" > sizeof pending) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(pending, sizeof pending, "%.*s.%s.dtslint-XXXXXX", (int)dir_len, target, base);
	fd = mkstemp(pending);
	if (fd < 0)
		return -1;
	have_pending = 1;
	if (fchmod(fd, mode) != 0) {
		/* Not fatal: the report is still written, 0600. */
	}
	return fd;
}

struct output *output_open(const char *path, struct strbuf *err)
{
	struct stat st;
	bool exists;
	char *target;
	FILE *file;
	int fd;

	if (!path)
		return output_new(stdout, NULL);
	exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		if (!(file = fopen(path, "w"))) {
			strbuf_addf(err, "%s: %s", path, strerror(errno));
			return NULL;
		}
		return output_new(file, path);
	}
	/* Through a symbolic link, replace its target, not the link. */
	target = exists ? realpath(path, NULL) : NULL;
	if (!target)
		target = xstrdup(path);
	watch_pending();
	fd = make_temp(target, report_mode(&st, exists));
	if (fd < 0) {
		/* A folder we may not write to, holding a report we may:
		 * write it in place (not atomic, but what was asked). */
		if (exists && errno == EACCES && access(path, W_OK) == 0 &&
		    (file = fopen(path, "w"))) {
			free(target);
			return output_new(file, path);
		}
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		free(target);
		return NULL;
	}
	if (!(file = fdopen(fd, "w"))) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		close(fd);
		remove_pending();
		free(target);
		return NULL;
	}
	struct output *out = output_new(file, path);
	out->target = target;
	return out;
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
		strbuf_addf(err, "cannot write the report to %s: %s", display(out),
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
	if (out->file != stdout) {
		if (fclose(out->file) != 0 && ok) {
			saved = errno;
			ok = false;
		}
	}
	if (ok && out->target && rename(pending, out->target) != 0) {
		strbuf_addf(err, "cannot put the report in place at %s: %s", display(out),
		            strerror(errno));
		remove_pending();
		output_free(out);
		return false;
	}
	if (ok && out->target)
		have_pending = 0;
	if (!ok) {
		strbuf_addf(err, "cannot write the report to %s: %s", display(out),
		            strerror(saved));
		if (out->target)
			remove_pending();
	}
	output_free(out);
	return ok;
}

void output_abandon(struct output *out)
{
	if (!out)
		return;
	if (out->file != stdout)
		fclose(out->file);
	if (out->target)
		remove_pending();
	output_free(out);
}
