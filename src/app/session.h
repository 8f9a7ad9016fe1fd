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

/* A missing file is not an error (a new session); a malformed one is. */
bool session_load(struct app *a, const char *path, char *err, size_t errlen);
bool session_save(const struct app *a, const char *path, char *err, size_t errlen);

#endif
