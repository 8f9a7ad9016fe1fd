/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sanitize.h - the one gate between packet bytes and a terminal or an
 * exported file.  Every string that came off the wire passes through here
 * before it is drawn, printed or written.
 *
 * Printable ASCII passes unchanged; so does well-formed UTF-8 (except C1
 * controls and bidi overrides).  Everything else is made visible: \r \n \t
 * as those escapes (unless SAN_KEEP_NEWLINES), ESC as \e, other bytes as
 * \xNN.  The output is always NUL-terminated and never longer than outlen-1.
 */
#ifndef TRUNKDOC_SANITIZE_H
#define TRUNKDOC_SANITIZE_H

#include <stddef.h>
#include <stdio.h>

enum san_flags {
	SAN_KEEP_NEWLINES = 1 << 0,  /* keep \n (and drop \r before it): message views */
	SAN_ASCII_ONLY    = 1 << 1,  /* escape every byte >= 0x80 too */
	SAN_KEEP_TABS     = 1 << 2,  /* keep \t: an operator's notes */
};

/* Returns the length written (excluding the NUL). */
size_t sanitize(char *out, size_t outlen, const char *in, size_t inlen, unsigned flags);
/* Convenience for NUL-terminated input. */
size_t sanitize_str(char *out, size_t outlen, const char *in, unsigned flags);
/* Writes PREFIX TEXT and a newline to f, TEXT through the sanitiser (one
 * line, whatever its length): how every message of ours that may quote
 * outside bytes (a file name, an argument, a file's content) reaches
 * stderr or stdout. */
void sanitize_say(FILE *f, const char *prefix, const char *text);

#endif
