/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * session.h - the operator's work saved beside the capture: manual marks,
 * notes, the profile (never the password) and the display filter.
 */
#ifndef TRUNKDOC_SESSION_H
#define TRUNKDOC_SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct app;

/* Each line it had to skip ("session FILE, line N: what"); the file's
 * bytes in it are already sanitised. */
typedef void (*session_warn_fn)(void *ctx, const char *msg);

/* A missing file is not an error (a new session); a file that is not a
 * session (or of a newer format) is.  A line that cannot be used is
 * skipped, told to warn (may be NULL), and the rest is loaded. */
bool session_load(struct app *a, const char *path, session_warn_fn warn, void *ctx,
                  char *err, size_t errlen);
bool session_save(const struct app *a, const char *path, char *err, size_t errlen);

#endif
