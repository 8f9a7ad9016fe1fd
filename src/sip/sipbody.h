/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipbody.h - where a SIP body's SDP is: the whole body when the message's
 * Content-Type is application/sdp, or the application/sdp part of a MIME
 * multipart body (RFC 2046 §5.1, RFC 5621), as SIP-I trunks send it beside
 * an application/isup part (ITU-T Q.1912.5), and as some SBCs send it with
 * an application/pidf+xml or a vnd.* part.
 *
 *   Content-Type: multipart/mixed;boundary=unique-boundary-1
 *
 *   --unique-boundary-1\r\n              <- the first delimiter may open the body
 *   Content-Type: application/sdp\r\n
 *   \r\n
 *   v=0 ...                              <- the span returned
 *   \r\n--unique-boundary-1\r\n          <- the CRLF belongs to the delimiter
 *   Content-Type: application/isup;version=itu-t92+
 *   ...
 *   \r\n--unique-boundary-1--            <- close delimiter
 *
 * Pure and bounded: it only looks inside [body, body+len), never writes,
 * and gives up (false) on anything it cannot frame: no boundary, a boundary
 * longer than RFC 2046's 70 characters, no part that is SDP, more than
 * SIP_BODY_PARTS_MAX parts, multipart nested deeper than
 * SIP_BODY_DEPTH_MAX.  The SDP found is then parsed exactly as a
 * single-part body is (sipsdp.c).
 */
#ifndef TRUNKDOC_SIPBODY_H
#define TRUNKDOC_SIPBODY_H

#include <stdbool.h>
#include <stddef.h>

#define SIP_BODY_PARTS_MAX 16
#define SIP_BODY_DEPTH_MAX 2      /* multipart inside multipart, no deeper */
#define SIP_BOUNDARY_MAX 70       /* RFC 2046 §5.1.1 */

/* ct, ctlen: the Content-Type header's value, parameters included (NULL:
 * none, which RFC 3261 §20.15 forbids with a body: not SDP).  On success
 * *sdp and *sdplen give the SDP span inside body. */
bool sip_body_sdp(const char *ct, size_t ctlen, const char *body, size_t len,
                  const char **sdp, size_t *sdplen);

#endif
