/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sink.h - what the decoder hands upward: the payload bytes of UDP datagrams
 * and TCP streams, with what it knows about them (struct msg_meta), to a
 * sink.  The SIP layer is the sink in the program (sip/sipsink.c); the unit
 * tests put a recorder there.  net/ knows nothing of SIP beyond this.
 */
#ifndef TRUNKDOC_SINK_H
#define TRUNKDOC_SINK_H

#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct store;

/* What the decoder knows about the bytes it hands over. */
struct msg_meta {
	usec_t time;
	uint32_t frame, last_frame;
	ep_id src, dst;
	uint8_t transport;       /* enum transport */
	uint32_t ip_len;         /* IP datagram length (UDP), 0 if unknown */
	uint32_t flags;          /* MF_REASSEMBLED, MF_IP_FRAGMENTED, MF_TRUNCATED */
	struct raw_ref raw;      /* where `buf` itself can be re-read; RAW_NONE = copy it */
	uint32_t hdr_len;        /* where the framing found the headers' end, 0 if it did not */
	uint16_t node;           /* capture node (HEP, store_node), 0 = captured here */
};

/* Where payload bytes go: the SIP layer (sip_sink_default, in
 * sipsink.c), or a recorder in the unit tests. */
struct sip_stream;
struct sip_sink {
	void (*datagram)(struct store *st, const char *buf, size_t len, const struct msg_meta *m);
	struct sip_stream *(*stream_new)(void);
	void (*stream_feed)(struct sip_stream *s, struct store *st, const char *buf, size_t len,
	                    const struct msg_meta *m);
	void (*stream_flush)(struct sip_stream *s, struct store *st);
	void (*stream_free)(struct sip_stream *s);
};

#endif
