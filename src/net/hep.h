/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hep.h - HEP, the Homer Encapsulation Protocol: how Kamailio's siptrace,
 * Asterisk's res_hep, FreeSWITCH, heplify and sngrep mirror SIP to a
 * collector.  Reading (versions 1, 2 and 3) and writing (version 3).
 *
 *   HEPv1/v2 (fixed header, sender's byte order for the time):
 *     u8 version | u8 "length" (senders disagree on it: not read) | u8 family (2 AF_INET, 10 AF_INET6)
 *     | u8 IP protocol | u16 src port | u16 dst port        (network order)
 *     | src addr, dst addr (4+4 or 16+16)
 *     | v2 only: u32 seconds, u32 microseconds, u16 capture id, 2 pad
 *       (struct hep_timehdr as the senders' compilers lay it out: 12
 *       bytes, host order, which is little-endian on every sender we know)
 *     | payload (the SIP message)
 *
 *   HEPv3 (all network order):
 *     "HEP3" | u16 total length | chunks...
 *     chunk: u16 vendor | u16 type | u16 length (6-byte header included) | value
 *     vendor 0 types: 1 family, 2 IP protocol, 3/4 IPv4 src/dst, 5/6 IPv6
 *     src/dst, 7/8 ports, 9/10 seconds/microseconds, 11 payload type
 *     (1 = SIP), 12 capture agent id, 14 authentication key, 15 payload,
 *     16 compressed payload, 19 capture agent name.  Other chunks (and
 *     every chunk of another vendor) are skipped.
 *
 * Every length is checked against the bytes present; nothing here
 * allocates.  The parsed packet points into the caller's bytes.
 */
#ifndef TRUNKDOC_HEP_H
#define TRUNKDOC_HEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

#define HEP_DEFAULT_PORT 9060
#define HEP_MAX_PACKET 65535     /* HEPv3's length field is 16 bits */
#define HEP_PAYLOAD_SIP 1

struct hep_packet {
	uint8_t version;             /* 1, 2 or 3 */
	uint8_t family;              /* 4 or 6 */
	uint8_t ip_proto;            /* 17 UDP, 6 TCP, 132 SCTP; 0 when not given */
	uint8_t payload_type;        /* HEP_PAYLOAD_SIP, ...; v1/v2 carry SIP */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	bool has_time, has_capture_id, compressed;
	usec_t time;
	uint32_t capture_id;
	const uint8_t *auth;         /* chunk 14, NULL when absent */
	uint16_t auth_len;
	const uint8_t *agent_name;   /* chunk 19, NULL when absent */
	uint16_t agent_name_len;
	const uint8_t *payload;      /* NULL when absent */
	size_t payload_len;
};

enum hep_status {
	HEP_OK = 0,
	HEP_NOT_HEP,                 /* does not start like any HEP version */
	HEP_MALFORMED,               /* starts like HEP, but broken: *why says how */
};

/* Does b start like a HEPv3 packet ("HEP3")? Like a v1/v2 header? */
bool hep_is_v3(const uint8_t *b, size_t len);
bool hep_looks_v12(const uint8_t *b, size_t len);

/* Parses one HEP packet that fills b..b+len (a datagram, or one packet cut
 * from a stream by hep_frame_len).  On HEP_MALFORMED *why is a short static
 * text naming the fault ("HEP3 chunk 15 runs past the packet"). */
enum hep_status hep_parse(const uint8_t *b, size_t len, struct hep_packet *out, const char **why);

/* Cutting HEPv3 packets from a TCP stream: the length of the packet at b
 * when its header is there (it may be longer than len: wait for more),
 * 0 when fewer than 6 bytes are there, and SIZE_MAX when b is not HEPv3
 * or its length field is impossible. */
size_t hep_frame_len(const uint8_t *b, size_t len);

/* Does the packet carry the key?  Compared in constant time over the
 * key's length; a packet without a key (every v1/v2 packet) fails. */
bool hep_auth_matches(const struct hep_packet *p, const char *key, size_t key_len);

/* Writes p as HEPv3 into out (cap bytes): family, protocol, addresses,
 * ports, time, payload type, capture id, the key when key_len > 0, and the
 * payload.  Returns the bytes written, 0 when it does not fit. */
size_t hep3_encode(uint8_t *out, size_t cap, const struct hep_packet *p,
                   const char *key, size_t key_len);

#endif
