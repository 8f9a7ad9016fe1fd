/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * secret.h - the trunk password, held in memory only.  It is read from a
 * no-echo prompt, a file that only its owner can read, or TRUNKDOC_PASSWORD;
 * never from an argument (shell history) and never written anywhere.
 * The buffer is locked in memory where possible and wiped on release.
 */
#ifndef TRUNKDOC_SECRET_H
#define TRUNKDOC_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_MAX 256

struct secret {
	char value[SECRET_MAX];
	size_t len;
	bool set;
	unsigned changes;    /* bumped by each secret_set and secret_wipe: how a
	                      * reader notices a new password without keeping
	                      * anything derived from it (app/nodes.c) */
};

void secret_init(struct secret *s);
void secret_wipe(struct secret *s);
/* Each returns false and writes a one-line reason into err on failure. */
bool secret_from_file(struct secret *s, const char *path, char *err, size_t errlen);
bool secret_from_env(struct secret *s);          /* TRUNKDOC_PASSWORD; false if unset */
bool secret_from_prompt(struct secret *s, const char *prompt, char *err, size_t errlen);
bool secret_set(struct secret *s, const char *value, size_t len);

#endif
