/*
 * fix: choose the fixes that do not overlap and write them to the file.
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

/* Two edits overlap when they share a byte, or insert at the same place
 * (their order would be a guess). */
static bool overlaps(const struct diag_edit *a, const struct diag_edit *b)
{
	if (a->start == b->start)
		return true;
	return a->start < b->end && b->start < a->end;
}

/* Where e goes in the chosen edits (sorted by start, none overlapping). */
static size_t lower_bound(const struct fix_set *set, size_t start)
{
	size_t lo = 0, hi = set->n_edits;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->edits[mid]->start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The chosen edits do not overlap, so only e's two neighbours can. */
static bool collides(const struct fix_set *set, const struct diag *d)
{
	for (size_t i = 0; i < d->n_edits; i++) {
		size_t at = lower_bound(set, d->edits[i].start);
		if (at > 0 && overlaps(&d->edits[i], set->edits[at - 1]))
			return true;
		if (at < set->n_edits && overlaps(&d->edits[i], set->edits[at]))
			return true;
	}
	/* A finding's own edits must not overlap each other either. */
	for (size_t i = 0; i < d->n_edits; i++)
		for (size_t k = i + 1; k < d->n_edits; k++)
			if (overlaps(&d->edits[i], &d->edits[k]))
				return true;
	return false;
}

static size_t first_start(const struct diag *d)
{
	size_t min = d->edits[0].start;
	for (size_t i = 1; i < d->n_edits; i++)
		if (d->edits[i].start < min)
			min = d->edits[i].start;
	return min;
}

struct candidate {
	const struct diag *d;
	size_t start, order;
};

static int candidate_cmp(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* "First" is the fix whose first edit comes first in the file (the
 * finding's own position may lie inside a bigger edit: a Python literal
 * is replaced whole), findings at the same place in report order.  Cost:
 * n log n plus the moves of an edit that lands before the last one, which
 * only a finding with several edits can cause. */
void fix_set_choose(struct fix_set *set, const struct diag_list *diags)
{
	memset(set, 0, sizeof *set);
	size_t total = 0, n = 0;
	for (size_t i = 0; i < diags->len; i++)
		total += diags->items[i].n_edits;
	set->edits = xreallocarray(NULL, total ? total : 1, sizeof *set->edits);
	struct candidate *c = xreallocarray(NULL, diags->len ? diags->len : 1, sizeof *c);
	for (size_t i = 0; i < diags->len; i++)
		if (diags->items[i].n_edits)
			c[n++] = (struct candidate){&diags->items[i], first_start(&diags->items[i]), i};
	qsort(c, n, sizeof *c, candidate_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = c[i].d;
		if (collides(set, d)) {
			set->n_skipped++;
			continue;
		}
		for (size_t k = 0; k < d->n_edits; k++) {
			size_t at = lower_bound(set, d->edits[k].start);
			memmove(set->edits + at + 1, set->edits + at,
			        (set->n_edits - at) * sizeof *set->edits);
			set->edits[at] = &d->edits[k];
			set->n_edits++;
		}
		set->n_fixed++;
	}
	free(c);
}

void fix_set_release(struct fix_set *set)
{
	free(set->edits);
	memset(set, 0, sizeof *set);
}

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
