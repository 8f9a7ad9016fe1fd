/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * import.h - reading the trunk profile from the PBX's own configuration:
 * Asterisk pjsip.conf, chan_sip sip.conf register lines, FreeSWITCH sofia
 * gateway XML.  Errors name the file and the line.
 */
#ifndef TRUNKDOC_IMPORT_H
#define TRUNKDOC_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

struct profile;
struct secret;

bool import_pjsip(struct profile *p, struct secret *pw, const char *path, const char *trunk,
                  char *err, size_t errlen);
bool import_sipconf(struct profile *p, struct secret *pw, const char *path, const char *trunk,
                    char *err, size_t errlen);
bool import_freeswitch(struct profile *p, struct secret *pw, const char *path, const char *trunk,
                       char *err, size_t errlen);

#endif
