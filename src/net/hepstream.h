/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepstream.h - cutting HEP packets out of a TCP stream (heplify, Asterisk's
 * res_hep, Kamailio's siptrace with transport=tcp).
 *
 *   HEPv3: the header's 16-bit total length says where a packet ends.
 *   HEPv1/v2: the fixed header carries no usable length (its length byte
 *     means different things to different senders), so the packet ends
 *     where the SIP message inside it ends: start line, headers up to the
 *     empty line, then Content-Length bytes of body (RFC 3261 18.3, as a
 *     SIP-over-TCP reader frames it).  A message without Content-Length
 *     (one that went over UDP may lack it) runs to the next packet header,
 *     or to the end of the bytes that have arrived: a sender writes each
 *     HEP packet whole.
 *
 * Everything is bounded by HEP_MAX_PACKET; bytes that start no packet are
 * skipped up to the next place that could (the caller counts them as one
 * malformed stretch).  Nothing here allocates or keeps state.
 */
#ifndef TRUNKDOC_HEPSTREAM_H
#define TRUNKDOC_HEPSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum hep_cut {
	HEP_CUT_MORE,        /* a packet may start here: wait for more bytes */
	HEP_CUT_PACKET,      /* the first *n bytes are one HEP packet */
	HEP_CUT_JUNK,        /* the first *n bytes (> 0) start no packet: skip them */
};

/* b..b+len: a stream's bytes from a packet boundary on (len may be 0).
 * eof: no more bytes will come (a packet cut short is junk then).  On
 * HEP_CUT_JUNK *why names the fault (static text). */
enum hep_cut hep_stream_cut(const uint8_t *b, size_t len, bool eof, size_t *n, const char **why);

/* Do the first bytes of a TCP stream look like HEP (HEP3, or a v1/v2
 * header followed by a SIP start line)?  strict: only what is certain
 * (any port); otherwise also what may still turn out to be (the HEP
 * port). */
bool hep_stream_starts(const uint8_t *b, size_t len, bool strict);

#endif
