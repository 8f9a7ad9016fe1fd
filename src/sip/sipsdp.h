/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipsdp.h - an SDP body (RFC 4566) to the compact media descriptions the
 * store keeps (struct sdp_mline), with libosip2's SDP parser.  Pure: no
 * store, no shared state, so the parse phase may run it on any thread and
 * the fuzz target (fuzz/fuzz_sdp.c) may call it on anything.
 */
#ifndef TRUNKDOC_SIPSDP_H
#define TRUNKDOC_SIPSDP_H

#include <stdbool.h>
#include <stddef.h>
#include "base/model.h"

#define SDP_ADDR_LEN 64          /* an IPv6 literal or a short host name */
#define SDP_CODECS_LEN 256       /* "0 PCMU/8000 8 PCMA/8000 ..." cut at a whole entry */

/* One m= line in text form, before the store interns it. */
struct sdp_parsed_media {
	struct endpoint ep;          /* family 0 when addr is not an IP literal */
	char addr[SDP_ADDR_LEN];
	char codecs[SDP_CODECS_LEN];
	uint16_t port;
	uint8_t kind, dir, proto, flags;   /* as struct sdp_mline */
};

struct sdp_parsed {
	size_t nmedia;
	struct sdp_parsed_media media[SDP_MEDIA_MAX];
};

/* Bytes a pad buffer needs beyond the body: libosip2's parser reads past
 * the end of some bodies, so it is given a NUL-padded copy. */
#define SDP_PAD 16

/* Parses body[0..len) (len <= SIP_MSG_MAX) using pad (at least len +
 * SDP_PAD bytes) for the padded copy.  Returns false when it is not SDP
 * libosip2 can read (out->nmedia 0); a body it half-rejects still gives
 * the m= lines it read. */
bool sdp_parse_body(const char *body, size_t len, char *pad, size_t padsize, struct sdp_parsed *out);

/* The codec name of a static RTP payload type (RFC 3551 table 4 and 5),
 * "PCMU/8000"; NULL for a dynamic or unassigned one. */
const char *sdp_static_codec(unsigned pt);

#endif
