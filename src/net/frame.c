/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * frame.c - walks a captured frame from its link layer to its innermost IP
 * packet (for the export's flow matching and the redaction), and redoes the
 * checksums of a frame whose bytes were rewritten.
 */
#include <pcap/pcap.h>
#include <string.h>

#include "base/wire.h"
#include "net/frame.h"
#include "net/tunnel.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

/* Finds where the IP header starts after the link layer.  Handles the link
 * types the pipeline reads: Ethernet (with VLAN/QinQ tags and PPPoE), Linux
 * cooked v1/v2, BSD loopback and raw IP. */
bool frame_ip_offset(const uint8_t *p, size_t caplen, int dlt, size_t *off)
{
	uint32_t af;
	size_t o;
	uint16_t et;

	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < 14)
			return false;
		et = rd16(p + 12);
		o = 14;
		while ((et == 0x8100 || et == 0x88a8 || et == 0x9100) && caplen >= o + 4) {
			et = rd16(p + o + 2);
			o += 4;
		}
		if (et == 0x8864 && caplen >= o + 8) {   /* PPPoE session: PPP protocol */
			uint16_t ppp = rd16(p + o + 6);
			et = ppp == 0x0021 ? 0x0800 : ppp == 0x0057 ? 0x86dd : 0;
			o += 8;
		}
		if (et != 0x0800 && et != 0x86dd)
			return false;
		*off = o;
		break;
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return false;
		et = rd16(p + 14);
		if (et != 0x0800 && et != 0x86dd)
			return false;
		*off = 16;
		break;
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return false;
		et = rd16(p);
		if (et != 0x0800 && et != 0x86dd)
			return false;
		*off = 20;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < 4)
			return false;
		/* the family is in the writer's byte order: accept either */
		memcpy(&af, p, 4);
		if (af > 0xffff)
			af = __builtin_bswap32(af);
		if (af != 2 && af != 24 && af != 28 && af != 30)
			return false;
		*off = 4;
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
#if defined(DLT_RAW) && DLT_RAW != 12
	case 12:
#endif
#if DLT_RAW != 14
	case 14:
#endif
		*off = 0;
		break;
	default:
		return false;
	}
	if (*off >= caplen)
		return false;
	unsigned ver = p[*off] >> 4;
	return ver == 4 || ver == 6;
}

/* Where a tunnelled IP packet starts inside a UDP (GTP-U) or GRE payload,
 * or 0 when there is none. */
static size_t tunnel_inner(const uint8_t *p, size_t avail, uint8_t proto, uint16_t sport,
                           uint16_t dport)
{
	size_t o = 0;
	if (proto == 17 && (sport == 2152 || dport == 2152)) {
		/* GTP-U: 8 bytes, 4 more with E/S/PN, then extension headers */
		if (avail < 8 + 8 || (p[8] >> 5) != 1 || p[9] != 0xff)
			return 0;
		uint8_t flags = p[8];
		o = 8 + 8;
		if (flags & 0x07) {
			if (avail < o + 4)
				return 0;
			uint8_t next = (flags & 0x04) ? p[o + 3] : 0;
			o += 4;
			for (int guard = 0; next && guard < 8; guard++) {
				if (o >= avail || !p[o])
					return 0;
				size_t len = (size_t)p[o] * 4;
				if (o + len > avail)
					return 0;
				next = p[o + len - 1];
				o += len;
			}
		}
	} else if (proto == 47) {
		uint16_t pt, ppp;
		o = gre_header_len(p, avail, &pt);
		if (!o)
			return 0;
		if (pt == 0x880b) {
			/* PPP in GRE (PPTP) */
			size_t ph = ppp_header_len(p + o, avail - o, &ppp);
			if (!ph || (ppp != 0x0021 && ppp != 0x0057))
				return 0;
			o += ph;
		} else if (pt != 0x0800 && pt != 0x86dd) {
			return 0;
		}
	} else {
		return 0;
	}
	if (o >= avail || ((p[o] >> 4) != 4 && (p[o] >> 4) != 6))
		return 0;
	return o;
}

/* Fills f from the IP packet at ip; descends into IP-in-IP, GRE and GTP-U
 * so the flow is the one the SIP travelled in, as the store records it. */
static bool flow_at(const uint8_t *ip, size_t avail, size_t base, struct pkt_flow *f, int depth)
{
	size_t l4 = 0;
	uint8_t family = 0, proto = 0;
	bool fragment = false;
	if ((ip[0] >> 4) == 4) {
		if (avail < 20)
			return false;
		size_t hl = (size_t)(ip[0] & 15) * 4;
		if (hl < 20 || hl > avail)
			return false;
		family = 4;
		proto = ip[9];
		uint16_t frag = rd16(ip + 6);
		fragment = (frag & 0x3fff) != 0;
		l4 = (frag & 0x1fff) ? 0 : hl;   /* no L4 header in a later fragment */
	} else if ((ip[0] >> 4) == 6) {
		if (avail < 40)
			return false;
		family = 6;
		uint8_t nh = ip[6];
		size_t o = 40;
		for (int guard = 0; guard < 8; guard++) {
			if (nh == 0 || nh == 43 || nh == 60) {
				if (o + 8 > avail) {
					o = 0;
					break;
				}
				nh = ip[o];
				o += ((size_t)ip[o + 1] + 1) * 8;
			} else if (nh == 44) {
				if (o + 8 > avail) {
					o = 0;
					break;
				}
				uint16_t fo = rd16(ip + o + 2);
				fragment = (fo & 0xfff9) != 0;
				nh = ip[o];
				o += (fo & 0xfff8) ? 0 : 8;
				if (fo & 0xfff8) {
					o = 0;
					break;
				}
			} else {
				break;
			}
		}
		proto = nh;
		l4 = o > avail ? 0 : o;
	} else {
		return false;
	}
	uint16_t sport = 0, dport = 0;
	if ((proto == 17 || proto == 6) && l4 && l4 + 4 <= avail) {
		sport = rd16(ip + l4);
		dport = rd16(ip + l4 + 2);
	}
	if (l4 && !fragment && depth < 4) {
		size_t inner = 0;
		if (proto == 4 || proto == 41)
			inner = l4;
		else if ((inner = tunnel_inner(ip + l4, avail - l4, proto, sport, dport)) != 0)
			inner += l4;
		if (inner && inner < avail) {
			struct pkt_flow in = *f;
			if (flow_at(ip + inner, avail - inner, base + inner, &in, depth + 1)) {
				*f = in;
				return true;
			}
		}
	}
	f->family = family;
	f->proto = proto;
	memcpy(f->src, ip + (family == 4 ? 12 : 8), family == 4 ? 4 : 16);
	memcpy(f->dst, ip + (family == 4 ? 16 : 24), family == 4 ? 4 : 16);
	f->fragment = fragment;
	f->sport = sport;
	f->dport = dport;
	f->payload_off = f->payload_len = 0;
	size_t hl = 0;
	if (proto == 17 && l4 && l4 + 8 <= avail)
		hl = 8;
	else if (proto == 6 && l4 && l4 + 20 <= avail && (size_t)(ip[l4 + 12] >> 4) * 4 >= 20)
		hl = (size_t)(ip[l4 + 12] >> 4) * 4;
	if (hl && l4 + hl <= avail) {
		/* the IP length bounds the payload (Ethernet pads short frames) */
		size_t end = avail;
		if (family == 4 && rd16(ip + 2) <= avail)
			end = rd16(ip + 2);
		else if (family == 6 && 40 + (size_t)rd16(ip + 4) <= avail)
			end = 40 + (size_t)rd16(ip + 4);
		if (end > l4 + hl) {
			f->payload_off = base + l4 + hl;
			f->payload_len = end - l4 - hl;
		}
	}
	return true;
}

bool pkt_flow(const uint8_t *pkt, size_t caplen, int dlt, struct pkt_flow *f)
{
	size_t off;

	memset(f, 0, sizeof *f);
	if (!frame_ip_offset(pkt, caplen, dlt, &off))
		return false;
	f->ip_off = off;
	return flow_at(pkt + off, caplen - off, off, f, 0);
}

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

/* Redoes the L4 checksum over a complete segment (pseudo-header sum given). */
static void fix_l4(uint8_t *l4, size_t l4len, uint8_t proto, uint32_t pseudo)
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
	if (proto == 17 && rd16(l4 + 6) == 0 && pseudo != 0 && l4len >= 8) {
		/* UDP over IPv4 sent without a checksum stays without one; the
		 * caller passes pseudo with the IPv6 marker bit when it is
		 * mandatory. */
		if (!(pseudo & 0x80000000u))
			return;
	}
	pseudo &= 0x7fffffffu;
	wr16(l4 + at, 0);
	uint16_t c = fold(sum16(l4, l4len, pseudo));
	if (proto == 17 && c == 0)
		c = 0xffff;
	wr16(l4 + at, c);
}


/* A GRE or GTP-U payload carries an IP packet whose text the redaction may
 * have changed: its checksums first, then the GRE checksum when the header
 * has one (the outer UDP checksum of GTP-U is the caller's, after this,
 * since it covers the inner packet). */
static void fix_tunnel(uint8_t *l4, size_t l4len, uint8_t proto, int depth)
{
	if (depth >= 4 || (proto != 47 && proto != 17) || l4len < 8)
		return;
	size_t inner = tunnel_inner(l4, l4len, proto, rd16(l4), rd16(l4 + 2));
	if (!inner)
		return;
	frame_fix_ip(l4 + inner, l4len - inner, depth + 1);
	if (proto == 47 && (rd16(l4) & 0x8000)) {
		wr16(l4 + 4, 0);
		wr16(l4 + 4, fold(sum16(l4, l4len, 0)));
	}
}

static void fix_ipv4(uint8_t *ip, size_t avail, int depth)
{
	if (avail < 20)
		return;
	size_t hl = (size_t)(ip[0] & 15) * 4;
	if (hl < 20 || hl > avail)
		return;
	wr16(ip + 10, 0);
	wr16(ip + 10, fold(sum16(ip, hl, 0)));
	size_t tot = rd16(ip + 2);
	if (tot < hl)
		return;
	uint8_t proto = ip[9];
	uint16_t frag = rd16(ip + 6);
	uint8_t *l4 = ip + hl;
	size_t l4len = tot - hl;
	bool full = avail >= tot;
	if (frag & 0x3fff) {
		/* a fragment's UDP checksum covers bytes in other frames */
		if (!(frag & 0x1fff) && proto == 17 && avail >= hl + 8)
			wr16(l4 + 6, 0);
		return;
	}
	if ((proto == 4 || proto == 41) && depth < 4) {
		frame_fix_ip(l4, avail - hl, depth + 1);
		return;
	}
	if (!full) {
		if (proto == 17 && avail >= hl + 8)
			wr16(l4 + 6, 0);
		return;
	}
	if (proto == 1 && l4len >= 28 && (l4[8] >> 4) == 4) {
		/* the IPv4 header quoted by an ICMP error */
		size_t qhl = (size_t)(l4[8] & 15) * 4;
		if (qhl >= 20 && 8 + qhl <= l4len) {
			wr16(l4 + 8 + 10, 0);
			wr16(l4 + 8 + 10, fold(sum16(l4 + 8, qhl, 0)));
		}
	}
	fix_tunnel(l4, l4len, proto, depth);
	uint32_t pseudo = sum16(ip + 12, 8, 0) + proto + (uint32_t)l4len;
	fix_l4(l4, l4len, proto, pseudo);
}

static void fix_ipv6(uint8_t *ip, size_t avail, int depth)
{
	if (avail < 40)
		return;
	size_t tot = 40 + (size_t)rd16(ip + 4);
	uint8_t nh = ip[6];
	size_t o = 40;
	for (int guard = 0; guard < 8; guard++) {
		if (nh == 0 || nh == 43 || nh == 60) {
			if (o + 8 > avail)
				return;
			nh = ip[o];
			o += ((size_t)ip[o + 1] + 1) * 8;
		} else if (nh == 44) {
			if (o + 8 > avail)
				return;
			if (rd16(ip + o + 2) & 0xfff9)
				return;   /* fragmented: the checksum spans frames */
			nh = ip[o];
			o += 8;
		} else {
			break;
		}
	}
	if (o > tot || tot > avail)
		return;
	uint8_t *l4 = ip + o;
	size_t l4len = tot - o;
	if ((nh == 4 || nh == 41) && depth < 4) {
		frame_fix_ip(l4, avail - o, depth + 1);
		return;
	}
	fix_tunnel(l4, l4len, nh, depth);
	uint32_t pseudo = sum16(ip + 8, 32, 0) + nh + (uint32_t)l4len;
	fix_l4(l4, l4len, nh, pseudo | 0x80000000u);
}

void frame_fix_ip(uint8_t *ip, size_t avail, int depth)
{
	if (avail < 1)
		return;
	if ((ip[0] >> 4) == 4)
		fix_ipv4(ip, avail, depth);
	else if ((ip[0] >> 4) == 6)
		fix_ipv6(ip, avail, depth);
}

void pkt_fix_checksums(uint8_t *pkt, size_t caplen, uint32_t wirelen, int dlt)
{
	size_t off;
	(void)wirelen;   /* a cut frame shows as an IP length beyond caplen */
	if (frame_ip_offset(pkt, caplen, dlt, &off))
		frame_fix_ip(pkt + off, caplen - off, 0);
}

