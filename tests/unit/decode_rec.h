/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * decode_rec.h - a sink that records what the decoder hands to the SIP
 * layer (datagrams, and each TCP stream's bytes in order), and a feeder
 * that numbers frames.
 */
#ifndef TRUNKDOC_DECODE_REC_H
#define TRUNKDOC_DECODE_REC_H

#include "decode_pkt.h"

#define REC_MAX 64
#define REC_BYTES 8192

struct rec_datagram {
	char buf[REC_BYTES];
	size_t len;
	struct msg_meta meta;
};
struct sip_stream {          /* the test's own stream: bytes in order */
	char buf[REC_BYTES];
	size_t len;
	int feeds, flushes;
	bool freed;
	struct msg_meta first;
};
static struct rec_datagram rec_dg[REC_MAX];
static size_t rec_ndg;
static struct sip_stream *rec_streams[REC_MAX];
static size_t rec_nstreams;

static inline void rec_datagram(struct store *st, const char *buf, size_t len, const struct msg_meta *m)
{
	(void)st;
	if (rec_ndg == REC_MAX)
		return;
	struct rec_datagram *r = &rec_dg[rec_ndg++];
	r->len = len < REC_BYTES ? len : REC_BYTES;
	memcpy(r->buf, buf, r->len);
	r->meta = *m;
}
static inline struct sip_stream *rec_stream_new(void)
{
	if (rec_nstreams == REC_MAX)
		return NULL;
	struct sip_stream *s = calloc(1, sizeof *s);
	rec_streams[rec_nstreams++] = s;
	return s;
}
static inline void rec_stream_feed(struct sip_stream *s, struct store *st, const char *buf, size_t len,
                            const struct msg_meta *m)
{
	(void)st;
	if (s->feeds++ == 0)
		s->first = *m;
	size_t room = REC_BYTES - s->len;
	size_t n = len < room ? len : room;
	memcpy(s->buf + s->len, buf, n);
	s->len += n;
}
static inline void rec_stream_flush(struct sip_stream *s, struct store *st) { (void)st; s->flushes++; }
static inline void rec_stream_free(struct sip_stream *s) { s->freed = true; }

static const struct sip_sink rec_sink = {
	rec_datagram, rec_stream_new, rec_stream_feed, rec_stream_flush, rec_stream_free,
};

static inline void rec_reset(void)
{
	for (size_t i = 0; i < rec_nstreams; i++)
		free(rec_streams[i]);
	rec_nstreams = rec_ndg = 0;
}

/* Feeds one frame with a frame counter of its own. */
static uint32_t test_frame;
static inline bool feed(struct decoder *d, int link, const uint8_t *b, size_t len, usec_t t)
{
	struct packet p = {
		.time = t, .frame = ++test_frame, .data = b, .caplen = (uint32_t)len,
		.wire_len = (uint32_t)len, .in_file = true, .file_off = 1000u * test_frame,
	};
	return decode_packet(d, link, &p);
}

#endif
