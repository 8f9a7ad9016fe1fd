/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * profile.h - the trunk profile: what the trunk *should* look like, as the
 * operator (or the PBX's own configuration) says.  Every field is optional;
 * an empty string means "not known", and checks that need it say so.
 *
 * The password is not part of the profile: it lives in a struct secret that
 * is never printed, saved or exported (see secret.h).
 */
#ifndef TRUNKDOC_PROFILE_H
#define TRUNKDOC_PROFILE_H

#include <stdbool.h>

#define PROFILE_FIELD_MAX 256

struct profile {
	char name[PROFILE_FIELD_MAX];       /* trunk name, for file names and titles */
	char registrar[PROFILE_FIELD_MAX];  /* host or domain, optionally :port */
	char user[PROFILE_FIELD_MAX];       /* account (AOR user part) */
	char auth_user[PROFILE_FIELD_MAX];  /* digest username, if it differs */
	char realm[PROFILE_FIELD_MAX];
	char transport[16];                 /* "udp", "tcp", "tls" or "" */
	char public_ip[64];                 /* the public address the provider should see */
	char outbound_proxy[PROFILE_FIELD_MAX];
	int expires;                        /* requested expiry, 0 = unknown */
	char local_net[PROFILE_FIELD_MAX];  /* from imported config, informational */
	char origin[PROFILE_FIELD_MAX];     /* where it came from: "command line", a file:line */
};

void profile_init(struct profile *p);
bool profile_is_empty(const struct profile *p);
/* Makes every field printable (the sanitiser's visible escapes for control
 * bytes, one line each): what the command line or a PBX configuration
 * gave may hold any byte, and the fields reach the screen, the reports
 * and the session file. */
void profile_sanitize(struct profile *p);
/* Reads an INI trunk profile ([trunk] section, key = value).  On error writes
 * one line naming the file, line and problem into err and returns false. */
bool profile_load_ini(struct profile *p, const char *path, char *err, size_t errlen);

#endif
