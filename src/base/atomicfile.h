/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * atomicfile.h - a file that appears whole or not at all.
 *
 *   atomic_open("dir/x.md")  ->  dir/.x.md.XXXXXX   (mkstemp, same directory)
 *   ... write through af->fp ...
 *   atomic_commit()          ->  fflush + fsync + rename (or link: no clobber)
 *                                + fsync of the directory
 *   atomic_abort()           ->  close + unlink the temporary file
 *
 * Every failure writes one line naming the file and the reason into err;
 * a full disk (ENOSPC, EDQUOT) says so in words, since that is the case the
 * helpdesk meets on a small PBX appliance.
 */
#ifndef TRUNKDOC_ATOMICFILE_H
#define TRUNKDOC_ATOMICFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct atomic_file {
	FILE *fp;                 /* write here; NULL when not open */
	char path[PATH_MAX];      /* the final name */
	char tmp[PATH_MAX];       /* the temporary name while open */
	bool committed;           /* the final name exists (commit succeeded) */
};

bool atomic_open(struct atomic_file *af, const char *path, char *err, size_t errlen);
/* replace: overwrite an existing file (sessions); otherwise an existing
 * final name is an error (EEXIST) and nothing is overwritten. */
bool atomic_commit(struct atomic_file *af, bool replace, char *err, size_t errlen);
/* Discards the temporary file; safe to call on a closed or committed file
 * (a committed file is left alone; use atomic_unlink_committed to undo it). */
void atomic_abort(struct atomic_file *af);
/* Removes a committed file again (a bundle whose later file failed). */
void atomic_unlink_committed(struct atomic_file *af);
/* Formats "cannot write PATH: REASON" for an errno into err. */
void atomic_errno_line(char *err, size_t errlen, const char *what, const char *path, int e);

#endif
