/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * atomicfile.c - temporary file in the target directory, fsync, rename.
 * Writing beside the target keeps the rename on one filesystem, so readers
 * only ever see the old file or the complete new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomicfile.h"

void atomic_errno_line(char *err, size_t errlen, const char *what, const char *path, int e)
{
	const char *hint = "";
	if (e == ENOSPC || e == EDQUOT)
		hint = " (the disk is full: free some space or choose another directory)";
	else if (e == EACCES || e == EPERM || e == EROFS)
		hint = " (choose a directory you can write to)";
	snprintf(err, errlen, "%s %s: %s%s", what, path, strerror(e), hint);
}

/* Splits path into its directory (for the temp file and the fsync) and
 * base name. */
static void split_path(const char *path, char *dir, size_t dirlen, char *base, size_t baselen)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		snprintf(dir, dirlen, ".");
		snprintf(base, baselen, "%s", path);
	} else if (slash == path) {
		snprintf(dir, dirlen, "/");
		snprintf(base, baselen, "%s", slash + 1);
	} else {
		snprintf(dir, dirlen, "%.*s", (int)(slash - path), path);
		snprintf(base, baselen, "%s", slash + 1);
	}
}

bool atomic_open(struct atomic_file *af, const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX], base[NAME_MAX + 1];

	memset(af, 0, sizeof *af);
	if (strlen(path) >= sizeof af->path - 16) {
		snprintf(err, errlen, "cannot write %s: the path is too long", path);
		return false;
	}
	snprintf(af->path, sizeof af->path, "%s", path);
	split_path(path, dir, sizeof dir, base, sizeof base);
	int n = snprintf(af->tmp, sizeof af->tmp, "%s/.%s.XXXXXX", dir, base);
	if (n < 0 || (size_t)n >= sizeof af->tmp) {
		snprintf(err, errlen, "cannot write %s: the path is too long", path);
		return false;
	}
	int fd = mkstemp(af->tmp);
	if (fd < 0) {
		int e = errno;
		af->tmp[0] = 0;
		atomic_errno_line(err, errlen, "cannot create a file in", dir, e);
		return false;
	}
	/* mkstemp makes 0600; an exported file is an ordinary document, so it
	 * gets the mode the user's umask gives any new file. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		/* harmless: the file stays private */
	}
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		int e = errno;
		close(fd);
		unlink(af->tmp);
		af->tmp[0] = 0;
		atomic_errno_line(err, errlen, "cannot write", path, e);
		return false;
	}
	return true;
}

static void fsync_directory(const char *path)
{
	char dir[PATH_MAX], base[NAME_MAX + 1];
	split_path(path, dir, sizeof dir, base, sizeof base);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);   /* best effort: some filesystems refuse it on a directory */
		close(fd);
	}
}

bool atomic_commit(struct atomic_file *af, bool replace, char *err, size_t errlen)
{
	if (!af->fp) {
		snprintf(err, errlen, "cannot write %s: the file is not open", af->path);
		return false;
	}
	int e = 0;
	if (fflush(af->fp) != 0 || ferror(af->fp))
		e = errno ? errno : EIO;
	if (!e && fsync(fileno(af->fp)) != 0)
		e = errno;
	if (fclose(af->fp) != 0 && !e)
		e = errno;
	af->fp = NULL;
	if (e) {
		atomic_errno_line(err, errlen, "cannot write", af->path, e);
		atomic_abort(af);
		return false;
	}
	if (replace) {
		if (rename(af->tmp, af->path) != 0) {
			atomic_errno_line(err, errlen, "cannot write", af->path, errno);
			atomic_abort(af);
			return false;
		}
	} else {
		/* link() fails with EEXIST instead of replacing: no race with
		 * another export choosing the same name. */
		if (link(af->tmp, af->path) != 0) {
			e = errno;
			if (e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EMLINK || e == ENOSYS) {
				/* filesystems without hard links: check, then rename */
				struct stat sb;
				if (lstat(af->path, &sb) == 0) {
					e = EEXIST;
				} else if (rename(af->tmp, af->path) == 0) {
					af->tmp[0] = 0;
					af->committed = true;
					fsync_directory(af->path);
					return true;
				} else {
					e = errno;
				}
			}
			atomic_errno_line(err, errlen, "cannot write", af->path, e);
			atomic_abort(af);
			return false;
		}
		unlink(af->tmp);
	}
	af->tmp[0] = 0;
	af->committed = true;
	fsync_directory(af->path);
	return true;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->fp) {
		fclose(af->fp);
		af->fp = NULL;
	}
	if (af->tmp[0]) {
		unlink(af->tmp);
		af->tmp[0] = 0;
	}
}

void atomic_unlink_committed(struct atomic_file *af)
{
	atomic_abort(af);
	if (af->committed) {
		unlink(af->path);
		af->committed = false;
	}
}
