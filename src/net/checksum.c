/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * checksum.c - checksum repair over the layers the frame walker found; see
 * checksum.h.  The walker says where each header is; this file only knows
 * what each checksum covers.
 */
#include "base/wire.h"
#include "net/checksum.h"
#include "net/frame.h"

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	while (n > 1) {
		s += rd16(p);
		p += 2;
		n -= 2;
	}
	if (n)
		s += (uint32_t)p[0] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Redoes the checksum of a whole transport segment (UDP, TCP, ICMP,
 * ICMPv6) given its pseudo-header sum. */
static void fix_l4(uint8_t *l4, size_t l4len, uint8_t proto, uint32_t pseudo, bool v6)
{
	size_t at;
	switch (proto) {
	case 17: at = 6; break;
	case 6: at = 16; break;
	case 1: at = 2; pseudo = 0; break;    /* ICMPv4 has no pseudo-header */
	case 58: at = 2; break;
	default: return;
	}
	if (l4len < at + 2)
		return;
	/* UDP over IPv4 sent without a checksum stays without one; over IPv6
	 * the checksum is mandatory */
	if (proto == 17 && !v6 && rd16(l4 + 6) == 0)
		return;
	if (proto == 1 && l4len >= 28 && (l4[8] >> 4) == 4) {
		/* the IPv4 header quoted by an ICMP error */
		size_t qhl = (size_t)(l4[8] & 15) * 4;
		if (qhl >= 20 && 8 + qhl <= l4len) {
			wr16(l4 + 8 + 10, 0);
			wr16(l4 + 8 + 10, fold(sum16(l4 + 8, qhl, 0)));
		}
	}
	wr16(l4 + at, 0);
	uint16_t c = fold(sum16(l4, l4len, pseudo));
	if (proto == 17 && c == 0)
		c = 0xffff;
	wr16(l4 + at, c);
}

/* One IP layer: its header checksum (IPv4), the GRE checksum of a GRE
 * header it carries, and its transport checksum. */
static void fix_ip(uint8_t *p, const struct frame_walk *w, size_t i)
{
	const struct frame_layer *l = &w->layer[i];
	uint8_t *ip = p + l->off, *l4 = p + l->data;
	size_t l4len = l->end - l->data;
	bool v6 = l->kind == FL_IPV6;
	if (!v6) {
		wr16(ip + 10, 0);
		wr16(ip + 10, fold(sum16(ip, l->data - l->off, 0)));
	}
	if (l->flags & (FLF_FRAGMENT | FLF_CUT)) {
		/* the checksum covers bytes in other frames, or bytes not captured */
		bool has_l4 = !(l->flags & FLF_FRAGMENT) || w->fragment.offset == 0;
		if (!v6 && has_l4 && l->proto == 17 && l4len >= 8)
			wr16(l4 + 6, 0);
		return;
	}
	if (i + 1 < w->n && w->layer[i + 1].kind == FL_GRE && (rd16(l4) & 0x8007) == 0x8000) {
		/* GRE v0 with a checksum, over its header and payload */
		wr16(l4 + 4, 0);
		wr16(l4 + 4, fold(sum16(l4, l4len, 0)));
	}
	uint32_t pseudo = v6 ? sum16(ip + 8, 32, 0) : sum16(ip + 12, 8, 0);
	pseudo += l->proto + (uint32_t)l4len;
	fix_l4(l4, l4len, l->proto, pseudo, v6);
}

void frame_fix_checksums(uint8_t *p, const struct frame_walk *w)
{
	if (p != w->p)
		return;
	/* innermost first: an outer checksum covers the inner packet */
	for (size_t i = w->n; i-- > 0;)
		if (w->layer[i].kind == FL_IPV4 || w->layer[i].kind == FL_IPV6)
			fix_ip(p, w, i);
}

void pkt_fix_checksums(uint8_t *pkt, size_t caplen, int dlt)
{
	struct frame_walk w;
	frame_walk(&w, pkt, caplen, dlt);
	frame_fix_checksums(pkt, &w);
}
