/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipframe.h - where a SIP message begins and ends in a run of bytes,
 * without libosip2 (which parses only the first message of a buffer and
 * never says how many bytes it used).
 *
 *   [junk][CRLF...]Start-Line CRLF  Header: v CRLF ... CRLF CRLF  body
 *   ^skipped        ^start          ^headers                 ^hdr_len  ^+Content-Length
 *
 * Bare LF line ends are tolerated everywhere (RFC 3261 7.5 asks for CRLF,
 * some phones send LF).  Nothing here allocates; every scan is bounded by
 * the length it is given.
 */
#ifndef TRUNKDOC_SIPFRAME_H
#define TRUNKDOC_SIPFRAME_H

#include <stdbool.h>
#include <stddef.h>
#include "base/span.h"


enum start_verdict { START_NO = 0, START_YES, START_MAYBE };

/* Is there a request or status line at buf?  With `complete`, the bytes
 * are all there will be (a datagram), so a missing line end ends the line;
 * otherwise an unfinished line that could still become one is START_MAYBE. */
enum start_verdict sipframe_start_line(const char *buf, size_t len, bool complete);

/* Offset of the first line at or after `from` that begins a start line
 * (START_YES, or START_MAYBE for the last, unfinished line when not
 * complete), or len if there is none.  Only line beginnings are tried. */
size_t sipframe_find_start(const char *buf, size_t len, size_t from, bool complete);

/* Bytes of the start line and headers including the blank line that ends
 * them, or 0 if the blank line is not (yet) there. */
size_t sipframe_headers_end(const char *buf, size_t len);

/* Walks header fields (folded continuation lines belong to their field).
 * Begin after the start line; stops at the blank line or the end. */
struct hdr_iter {
	const char *p, *end;
};
void sipframe_headers_begin(struct hdr_iter *it, const char *msg, size_t len);
bool sipframe_next_header(struct hdr_iter *it, struct span *name, struct span *value);
/* Does the name match the long form or (when compact != 0) the compact one? */
bool sipframe_name_is(struct span name, const char *full, char compact);

/* Content-Length (or compact l:) from the headers of msg[0..len):
 * >= 0 the value, -1 absent, -2 unreadable or two that disagree. */
long sipframe_content_length(const char *msg, size_t len);
/* One Content-Length value: >= 0, or -2 if it is not a plain number. */
long sipframe_clen_value(struct span v);

/* The first element of a header value: up to a comma outside quotes and
 * angle brackets, trimmed. */
struct span sipframe_first_value(struct span v);

#endif
