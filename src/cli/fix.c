/*
 * fix: apply the chosen fixes (fix_set.c) and write them to the file.
 * The write is atomic: the new bytes go to a temporary file beside the
 * original (same file system, so rename() is atomic; output.h), which
 * takes the original's permission bits and then replaces it.  A file with
 * several names (hard links) is rewritten in place instead, so every name
 * sees the fix (rewrite_in_place() says how safely).  Nothing but the
 * edited bytes changes.  The file is read again first: if it changed
 * since it was linted, or vanished, the edits would land on the wrong
 * bytes, so it is left alone.
 */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include "fix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "sanitize.h"
#include "xalloc.h"

char *fix_set_apply(const struct fix_set *set, const char *bytes, size_t len, size_t *out_len)
{
	struct strbuf out = STRBUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < set->n_edits; i++) {
		const struct diag_edit *e = set->edits[i];
		if (e->start < at || e->end > len)
			continue; /* cannot happen: chosen without overlaps, inside the file */
		strbuf_add(&out, bytes + at, e->start - at);
		strbuf_addstr(&out, e->text);
		at = e->end;
	}
	strbuf_add(&out, bytes + at, len - at);
	return strbuf_detach(&out, out_len);
}

/* Does the file at path still hold exactly the linted bytes? */
static bool unchanged(const char *path, const struct source *expected, struct strbuf *err)
{
	const char *why = NULL;
	struct source *now = source_load(path, path, &why);
	if (!now) {
		strbuf_addf(err, "cannot fix: %s", why);
		return false;
	}
	bool same = now->len == expected->len && memcmp(now->bytes, expected->bytes, now->len) == 0;
	source_free(now);
	if (!same)
		strbuf_addstr(err, "cannot fix: the file changed while it was being checked");
	return same;
}


/* "cannot fix: REASON" (errno 0: an unexplained failure). */
static bool fail(struct strbuf *err, int errnum)
{
	strbuf_addf(err, "cannot fix: %s", strerror(errnum ? errnum : EIO));
	return false;
}

/* One name: a temporary file beside it, with its mode and owner, takes
 * its place (output.h: synced, then renamed). */
static bool replace_file(const char *real, const struct stat *st, const char *bytes, size_t len,
                         struct strbuf *err)
{
	struct output_temp t;

	if (!output_temp_create(&t, real, st->st_mode & 07777))
		return fail(err, errno);
	/* The owner too, when we may (root fixing someone's file), then the
	 * mode again (a change of owner drops set-id bits); else the file
	 * becomes ours, as with any editor that saves by renaming. */
	if (fchown(t.fd, st->st_uid, st->st_gid) == 0 && fchmod(t.fd, st->st_mode & 07777) != 0) {
		/* Not fatal: the fixed file is still written. */
	}
	errno = 0;
	if (!write_all_fd(t.fd, bytes, len)) {
		int saved = errno;
		output_temp_remove(&t);
		return fail(err, saved);
	}
	if (!output_temp_commit(&t, real))
		return fail(err, errno);
	return true;
}

/* Write bytes over the file open at fd, from its start, then cut it to
 * their length, and sync. */
static bool overwrite(int fd, const char *bytes, size_t len)
{
	errno = 0;
	return lseek(fd, 0, SEEK_SET) == 0 && write_all_fd(fd, bytes, len) &&
	       ftruncate(fd, (off_t)len) == 0 && fsync(fd) == 0;
}

/* Several names (hard links): a rename would give the fixed text to the
 * name given and leave the old text under the others, so the file itself
 * is rewritten.  No in-place write is atomic; this one is as safe as one
 * can be:
 *  - the whole fixed text is on disk first, in a temporary file beside
 *    the original (written and synced): a crash (power, SIGKILL) during
 *    the copy leaves it whole there;
 *  - the original is written from its start and only then cut to the new
 *    length (never truncated first), so it is never empty;
 *  - SIGINT, SIGTERM and SIGHUP wait until the copy is written and
 *    synced, so an interrupt cannot stop it half way;
 *  - a write that fails half way (a full disk, as the file grows) is
 *    undone with the old bytes, which it was just checked to hold; when
 *    even that fails, the temporary file is kept and named, the only
 *    whole copy of the fixed text. */
static bool rewrite_in_place(const char *real, const struct stat *st, const struct source *old,
                             const char *bytes, size_t len, struct strbuf *err)
{
	struct output_temp t;
	sigset_t hold, prev;
	struct stat now;
	int saved;

	/* 0600: it may hold secrets, and it never becomes the file. */
	if (!output_temp_create(&t, real, 0600))
		return fail(err, errno);
	errno = 0;
	if (!write_all_fd(t.fd, bytes, len) || fsync(t.fd) != 0) {
		saved = errno;
		output_temp_remove(&t);
		return fail(err, saved);
	}
	int fd = open(real, O_WRONLY | O_NOCTTY);
	if (fd < 0 || fstat(fd, &now) != 0 || now.st_dev != st->st_dev || now.st_ino != st->st_ino) {
		saved = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
		output_temp_remove(&t);
		if (!saved) {
			strbuf_addstr(err, "cannot fix: the file changed while it was being checked");
			return false;
		}
		return fail(err, saved);
	}
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigprocmask(SIG_BLOCK, &hold, &prev);
	bool ok = overwrite(fd, bytes, len), restored = false;
	saved = errno;
	if (!ok)
		restored = overwrite(fd, old->bytes, old->len);
	close(fd); /* synced: nothing left for close() to report */
	if (ok || restored)
		output_temp_remove(&t);
	else
		output_temp_keep(&t);
	sigprocmask(SIG_SETMASK, &prev, NULL);
	if (ok)
		return true;
	if (restored)
		return fail(err, saved);
	strbuf_addf(err, "cannot fix: %s, and the file could not be restored; the fixed text is in %s",
	            strerror(saved ? saved : EIO), output_temp_path(&t));
	return false;
}

bool fix_write_file(const char *path, const struct source *expected, const char *bytes,
                    size_t len, struct strbuf *err)
{
	/* Through a symbolic link, the file it names is the one to replace. */
	char *real = realpath(path, NULL);
	struct stat st;
	bool ok = false;

	if (!real || stat(real, &st) != 0)
		fail(err, errno);
	else if (!S_ISREG(st.st_mode))
		strbuf_addstr(err, "cannot fix: not a regular file");
	/* rename() would replace a read-only file as long as its directory
	 * is writable: the file's own permission is the user's word, even
	 * for root, whom access() lets write anything. */
	else if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(real, W_OK) != 0)
		strbuf_addstr(err, "cannot fix: the file is read-only");
	else if (unchanged(real, expected, err))
		ok = st.st_nlink > 1 ? rewrite_in_place(real, &st, expected, bytes, len, err)
		                     : replace_file(real, &st, bytes, len, err);
	free(real);
	return ok;
}
