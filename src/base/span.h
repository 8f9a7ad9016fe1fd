/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * span.h - a slice of someone else's bytes, and the unfolding of a header
 * value that spans lines (RFC 3261 7.3.1), shared by the framing and by the
 * store, which reads a value back from the raw bytes.
 */
#ifndef TRUNKDOC_SPAN_H
#define TRUNKDOC_SPAN_H

#include <stddef.h>

/* A slice of the caller's bytes. */
struct span {
	const char *p;
	size_t n;
};

/* Copies at most cap bytes of v into buf with folding (CR/LF and the
 * whitespace after them) turned into single spaces; returns the length. */
size_t span_unfold(struct span v, char *buf, size_t cap);

/* Strips white space (C locale) from both ends of s in place; returns the
 * first byte kept.  For configuration lines: the profile, the rc file. */
char *span_trim(char *s);

#endif
