/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipsdp_impl.h - the inside of the SDP parse, shared by its two readers:
 * libosip2's parser (sipsdp.c) and the bounded fast path for the bodies
 * nearly every PBX sends (sipsdp_fast.c).  Both turn what they read into
 * struct sdp_parsed_media with these same helpers, so they cannot differ
 * in how a value becomes a field.  Only they, the fuzz target and the
 * unit test (which compare the two readers) include it.
 */
#ifndef TRUNKDOC_SIPSDP_IMPL_H
#define TRUNKDOC_SIPSDP_IMPL_H

#include "sip/sipsdp.h"

enum sdp_kind sdp_kind_of(const char *s);        /* m= media */
enum sdp_proto sdp_proto_of(const char *s);      /* m= proto */
int sdp_dir_of(const char *field);               /* a direction attribute, or -1 */
int sdp_pt_of(const char *s);                    /* a payload type 0..127, or -1 */
/* An a=rtpmap value's "NAME/RATE[/CH]" when it maps payload type pt
 * (possibly ""), NULL when it maps another. */
const char *sdp_rtpmap_name(const char *v, int pt);
/* Appends payload p (with its rtpmap name, or NULL) to pm->codecs, of
 * which *used bytes are filled; pm->proto must be set. */
void sdp_codec_of_payload(struct sdp_parsed_media *pm, size_t *used, const char *p, const char *rtpmap);
/* The c= address text that applies (NULL: none), from the session level or not. */
void sdp_fill_address(struct sdp_parsed_media *pm, const char *c_addr, bool session);

/* The two readers.  sdp_parse_osip is what sdp_parse_body always was;
 * sdp_parse_fast returns -1 for a body it does not take (anything outside
 * the strict form it reads, sipsdp_fast.c), else what sdp_parse_osip
 * would return, with the same *out. */
bool sdp_parse_osip(const char *body, size_t len, char *pad, size_t padsize, struct sdp_parsed *out);
int sdp_parse_fast(const char *body, size_t len, char *pad, size_t padsize, struct sdp_parsed *out);

#endif
