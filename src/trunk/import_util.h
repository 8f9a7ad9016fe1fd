/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * import_util.h - small pieces the configuration importers share: reading
 * a whole file with a size cap, splitting it into numbered lines, trimming,
 * bounded copies, and taking a SIP URI apart (with libosip2) into the
 * profile's host[:port] / user / transport form.
 *
 * Every error is one line "FILE:LINE: problem" (or "FILE: problem"), and
 * never quotes a line that might carry a password.
 */
#ifndef TRUNKDOC_IMPORT_UTIL_H
#define TRUNKDOC_IMPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define IMPORT_FILE_MAX (4u << 20)   /* a PBX config larger than this is not one */

/* Reads path into a NUL-terminated heap buffer (caller frees).  Refuses
 * files above IMPORT_FILE_MAX and files with NUL bytes. */
char *import_read_file(const char *path, size_t *len, char *err, size_t errlen);

/* Cuts the next line out of *cursor (in place, NUL-terminating it and
 * dropping a trailing \r); NULL at the end. */
char *import_next_line(char **cursor);

/* Trims blanks at both ends in place; returns the new start. */
char *import_trim(char *s);

/* Bounded copy of a sanitised value (config text may hold anything). */
void import_copy(char *dst, size_t dstlen, const char *src);

/* "FILE:LINE: " + message into err (LINE 0 = no line). */
void import_error(char *err, size_t errlen, const char *path, unsigned line,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Pieces of a SIP URI, as the profile wants them. */
struct import_uri {
	char user[256];
	char hostport[256];     /* "host", "host:port", "[v6]:port" */
	char host[256];
	int port;               /* 0 = none */
	char transport[16];     /* from ;transport= or "tls" for sips:, else "" */
};
/* Accepts "sip:u@h:p;transport=tcp", "<sips:h>", or a bare "h[:p]".
 * Returns false for text that is not a usable URI. */
bool import_parse_uri(const char *text, struct import_uri *u);

/* "udp", "tcp", "tls" for the spellings PBXs use ("transport-udp",
 * "TCP", "ws" stays "ws"); "" if unknown. */
void import_norm_transport(char *dst, size_t dstlen, const char *src);

/* Case-insensitive equality. */
bool import_ieq(const char *a, const char *b);

#endif
