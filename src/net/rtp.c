/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * rtp.c - RTP/RTCP packets to per-stream counters.
 *
 *   UDP payload ──> version 2, header fits (CSRCs, extension, padding)
 *                   ├─ second byte 200..207: RTCP (RFC 5761 §4)
 *                   └─ else RTP, payload type not 72..76
 *               ──> (addresses, ports, SSRC) ──hash──> stream index ──> counters
 *
 * A capture may be 95% RTP, so a packet costs a few byte tests, one hash
 * of a 40-byte key and a probe of an open-addressing table; endpoints are
 * interned only when a stream is new.  The table holds stream indices;
 * the streams themselves live in the store.
 */
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/wire.h"
#include "net/rtp.h"
#include "store/store.h"

#define SEQ_JUMP 3000            /* a larger jump is a restart, not loss (RFC 3550 A.1) */

enum rtp_kind rtp_classify(const uint8_t *b, size_t len, uint16_t sport, uint16_t dport)
{
	/* media ports are unprivileged; 0 and the well-known ones carry other things */
	if (len < 8 || (b[0] & 0xC0) != 0x80 || sport < 1024 || dport < 1024)
		return RTP_NONE;
	if (b[1] >= 200 && b[1] <= 207) {
		size_t words = (size_t)rd16(b + 2) + 1;
		return words * 4 <= len ? RTP_CONTROL : RTP_NONE;
	}
	if (len < 12)
		return RTP_NONE;
	unsigned pt = b[1] & 0x7F;
	if (pt >= 72 && pt <= 76)
		return RTP_NONE;         /* would collide with RTCP: not RTP */
	size_t hdr = 12 + 4 * (size_t)(b[0] & 0x0F);
	if (hdr > len)
		return RTP_NONE;
	if (b[0] & 0x10) {           /* header extension */
		if (hdr + 4 > len)
			return RTP_NONE;
		hdr += 4 + 4 * (size_t)rd16(b + hdr + 2);
		if (hdr > len)
			return RTP_NONE;
	}
	if (b[0] & 0x20) {           /* padding: its count is the last byte */
		size_t pad = b[len - 1];
		if (!pad || pad > len - hdr)
			return RTP_NONE;
	}
	return RTP_MEDIA;
}

struct key {
	uint8_t src[16], dst[16];
	uint32_t ssrc;
	uint16_t sport, dport;
	uint8_t family, rtcp;
	uint8_t pad[2];
};

struct slot {
	struct key k;
	uint32_t stream;             /* NONE_U32: empty */
	uint32_t hash;
};

struct rtp_table {
	struct slot *slots;
	size_t cap, used;            /* cap a power of two */
	uint32_t last;               /* slot of the last hit: a stream's packets come in runs */
};

struct rtp_table *rtp_table_new(void)
{
	struct rtp_table *t = calloc(1, sizeof *t);
	if (t)
		t->last = NONE_U32;
	return t;
}

void rtp_table_free(struct rtp_table *t)
{
	if (!t)
		return;
	free(t->slots);
	free(t);
}

static bool grow(struct rtp_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	struct slot *s = malloc(cap * sizeof *s);
	if (!s)
		return false;
	for (size_t i = 0; i < cap; i++)
		s[i].stream = NONE_U32;
	for (size_t i = 0; i < t->cap; i++) {
		if (t->slots[i].stream == NONE_U32)
			continue;
		size_t j = t->slots[i].hash & (cap - 1);
		while (s[j].stream != NONE_U32)
			j = (j + 1) & (cap - 1);
		s[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = s;
	t->cap = cap;
	t->last = NONE_U32;
	return true;
}

static ep_id intern_ep(struct store *st, uint8_t family, const uint8_t *addr, uint16_t port)
{
	struct endpoint ep = { .family = family, .port = port };
	memcpy(ep.addr, addr, family == 4 ? 4 : 16);
	return store_endpoint(st, &ep);
}

/* Sequence accounting for one more packet: gaps are loss, a step back is
 * late or repeated (not loss), a large jump a restart. */
static void count_seq(struct rtp_stream *s, uint16_t seq)
{
	uint16_t d = (uint16_t)(seq - s->last_seq);
	if (d == 1) {
		s->flags |= RTPF_SEQ_OK;
		s->last_seq = seq;
	} else if (d != 0 && d < SEQ_JUMP) {
		s->lost += d - 1u;
		s->last_seq = seq;
	} else if (d >= SEQ_JUMP && (uint16_t)(s->last_seq - seq) >= SEQ_JUMP) {
		s->last_seq = seq;       /* restart */
	}
}

void rtp_count(struct rtp_table *t, struct store *st, enum rtp_kind kind, const struct rtp_packet *p,
               const uint8_t *b, size_t len)
{
	if (kind == RTP_NONE || len < 8)
		return;
	struct key k;
	memset(&k, 0, sizeof k);
	size_t al = p->family == 4 ? 4 : 16;
	memcpy(k.src, p->src, al);
	memcpy(k.dst, p->dst, al);
	k.ssrc = rd32(b + 4 + (kind == RTP_MEDIA ? 4 : 0));
	k.sport = p->sport;
	k.dport = p->dport;
	k.family = p->family;
	k.rtcp = kind == RTP_CONTROL;

	uint32_t idx = NONE_U32;
	if (t->last != NONE_U32 && !memcmp(&t->slots[t->last].k, &k, sizeof k)) {
		idx = t->slots[t->last].stream;
	} else {
		if ((t->used + 1) * 2 > t->cap && !grow(t))
			return;
		uint32_t h = hash_bytes(&k, sizeof k);
		size_t j = h & (t->cap - 1);
		while (t->slots[j].stream != NONE_U32) {
			if (t->slots[j].hash == h && !memcmp(&t->slots[j].k, &k, sizeof k)) {
				idx = t->slots[j].stream;
				break;
			}
			j = (j + 1) & (t->cap - 1);
		}
		if (idx == NONE_U32) {
			struct rtp_stream ns = {
				.first = p->time, .last = p->time, .ssrc = k.ssrc,
				.src = intern_ep(st, p->family, p->src, p->sport),
				.dst = intern_ep(st, p->family, p->dst, p->dport),
				.first_frame = p->frame, .last_frame = p->frame,
				.flags = kind == RTP_CONTROL ? RTPF_RTCP : 0,
				.pt = kind == RTP_MEDIA ? (uint8_t)(b[1] & 0x7F) : b[1],   /* RTCP: its packet type */
				.last_seq = kind == RTP_MEDIA ? rd16(b + 2) : 0,
			};
			idx = store_add_rtp(st, &ns);
			if (idx == NONE_U32)
				return;
			t->slots[j] = (struct slot){ .k = k, .stream = idx, .hash = h };
			t->used++;
			t->last = (uint32_t)j;
			store_stats(st)->rtp_packets++;
			store_rtp_mut(st, idx)->packets = 1;
			return;
		}
		t->last = (uint32_t)j;
	}
	struct rtp_stream *s = store_rtp_mut(st, idx);
	if (!s)
		return;
	store_stats(st)->rtp_packets++;
	s->packets++;
	s->last = p->time;
	s->last_frame = p->frame;
	if (kind == RTP_MEDIA) {
		uint8_t pt = b[1] & 0x7F;
		if (pt != s->pt)
			s->flags |= RTPF_PT_MIXED;
		count_seq(s, rd16(b + 2));
	}
}
