/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * frame.c - the frame walker (see frame.h): one place that knows how to
 * step from one header to the next.  Each step checks its header against
 * the bytes present before reading it; tunnels recurse with a depth bound.
 *
 * The step functions return false when the frame is unreadable at that
 * point; only the steps up to the first IP header decide it (a broken
 * tunnel inside a good packet leaves the frame readable), and the walk
 * stops wherever a step finds nothing it follows.
 */
#include <string.h>

#include "base/wire.h"
#include "net/frame.h"

#define GTP_U_PORT 2152
#define VXLAN_PORT 4789

static bool walk_ip(struct frame_walk *w, size_t off, size_t end, int depth);
static bool walk_ethertype(struct frame_walk *w, uint16_t type, size_t off, size_t end, int depth);

static inline struct frame_layer *push(struct frame_walk *w, uint8_t kind, size_t off, size_t data,
                                size_t end, int depth)
{
	/* FRAME_LAYERS_MAX is above the most a walk can push: six tunnels at
	 * most, so at most seven IP layers, seven ethertype chains of a few
	 * layers each (VLAN runs, MPLS, PPPoE, PPP), six GRE/GTP-U/VXLAN
	 * headers and their Ethernet, about 70 in all; never reached */
	if (w->n == FRAME_LAYERS_MAX)
		return NULL;
	struct frame_layer *l = &w->layer[w->n++];
	*l = (struct frame_layer){ kind, 0, (uint8_t)depth, 0, (uint32_t)off, (uint32_t)data, (uint32_t)end };
	return l;
}

/* ---------------------------------------------------------------- tunnels */

/* GRE version 0 (RFC 2784, 2890) and version 1 (PPTP, RFC 2637): the
 * header's length, *proto the protocol type it carries; 0 when the header
 * is cut or not followed (source routing, other versions). */
static size_t gre_header_len(const uint8_t *b, size_t len, uint16_t *proto)
{
	if (len < 4)
		return 0;
	uint16_t flags = rd16(b);
	size_t off = 4;
	*proto = rd16(b + 2);
	if ((flags & 7) == 0) {
		if (flags & 0x4000)
			return 0;         /* source routing (obsolete) */
		off += (flags & 0x8000 ? 4 : 0)    /* checksum + reserved */
		     + (flags & 0x2000 ? 4 : 0)    /* key */
		     + (flags & 0x1000 ? 4 : 0);   /* sequence */
	} else if ((flags & 7) == 1) {
		off += 4                           /* payload length + call id */
		     + (flags & 0x1000 ? 4 : 0)    /* sequence */
		     + (flags & 0x0080 ? 4 : 0);   /* acknowledgment */
	} else {
		return 0;
	}
	return off <= len ? off : 0;
}

/* PPP: the length of the optional FF 03 and of the protocol field (one
 * byte when compressed), *proto the protocol; 0 when cut. */
static size_t ppp_header_len(const uint8_t *b, size_t len, uint16_t *proto)
{
	size_t off = len >= 2 && b[0] == 0xFF && b[1] == 0x03 ? 2 : 0;
	if (off >= len)
		return 0;
	if (b[off] & 1) {
		*proto = b[off];
		return off + 1;
	}
	if (off + 2 > len)
		return 0;
	*proto = rd16(b + off);
	return off + 2;
}

/* GTP-U G-PDU (3GPP TS 29.281): the header's length with its extension
 * headers, or 0 when it is not one.  The next-extension field is present
 * when any of E, S, PN is set, and read only when E is. */
static size_t gtpu_header_len(const uint8_t *b, size_t len)
{
	if (len < 8 || (b[0] >> 5) != 1 || !(b[0] & 0x10) || b[1] != 0xFF)
		return 0;
	size_t off = 8;
	if (b[0] & 0x07) {
		if (len < 12)
			return 0;
		uint8_t next = b[0] & 0x04 ? b[11] : 0;
		off = 12;
		for (int n = 0; next && n < 8; n++) {
			if (off >= len || b[off] == 0)
				return 0;
			size_t elen = (size_t)b[off] * 4;
			if (off + elen > len)
				return 0;
			next = b[off + elen - 1];
			off += elen;
		}
		if (next)
			return 0;
	}
	return off < len ? off : 0;
}

/* PPP protocol field (1 or 2 bytes, after an optional FF 03) -> IP. */
static bool walk_ppp(struct frame_walk *w, size_t off, size_t end, int depth)
{
	uint16_t proto;
	size_t h = ppp_header_len(w->p + off, end - off, &proto);
	if (!h)
		return false;
	if (!push(w, FL_PPP, off, off + h, end, depth))
		return true;
	if (proto == 0x21 || proto == 0x57)
		return walk_ip(w, off + h, end, depth);
	return true;                  /* LCP, IPCP and friends: readable, not ours */
}

static void walk_gre(struct frame_walk *w, size_t off, size_t end, int depth)
{
	uint16_t proto;
	size_t h = depth < FRAME_MAX_DEPTH ? gre_header_len(w->p + off, end - off, &proto) : 0;
	if (!h || !push(w, FL_GRE, off, off + h, end, depth))
		return;
	if (proto == 0x880B)
		walk_ppp(w, off + h, end, depth + 1);
	else
		walk_ethertype(w, proto, off + h, end, depth + 1);
}

/* ---------------------------------------------------------------- transport */

static void walk_udp(struct frame_walk *w, size_t off, size_t end, int depth)
{
	const uint8_t *b = w->p + off;
	size_t len = end - off;
	if (len < 8)
		return;
	uint16_t sport = rd16(b), dport = rd16(b + 2);
	size_t ulen = rd16(b + 4), plen;
	uint8_t flags = 0;
	if (ulen >= 8 && ulen <= len) {
		plen = ulen - 8;
	} else {
		plen = len - 8;
		if (ulen > len)
			flags |= FLF_CUT;
	}
	struct frame_layer *u = push(w, FL_UDP, off, off + 8, off + 8 + plen, depth);
	if (!u)
		return;
	u->flags = flags;
	const uint8_t *pl = b + 8;
	size_t poff = off + 8;
	if (sport == GTP_U_PORT || dport == GTP_U_PORT) {
		u->flags |= FLF_TUNNEL;
		size_t inner = gtpu_header_len(pl, plen);
		if (inner && depth < FRAME_MAX_DEPTH && push(w, FL_GTPU, poff, poff + inner, poff + plen, depth))
			walk_ip(w, poff + inner, poff + plen, depth + 1);
		return;
	}
	if (dport == VXLAN_PORT && plen >= 8 + 14 && (pl[0] & 0x08)) {
		/* VXLAN: 8-byte header (the I flag says a VNI follows), then Ethernet */
		u->flags |= FLF_TUNNEL;
		if (depth < FRAME_MAX_DEPTH && push(w, FL_VXLAN, poff, poff + 8, poff + plen, depth) &&
		    push(w, FL_ETHER, poff + 8, poff + 8 + 14, poff + plen, depth + 1))
			walk_ethertype(w, rd16(pl + 8 + 12), poff + 8 + 14, poff + plen, depth + 1);
		return;
	}
	w->end = FE_UDP;
}

static void walk_transport(struct frame_walk *w, uint8_t family, uint8_t proto, size_t off,
                           size_t end, int depth)
{
	size_t len = end - off;
	switch (proto) {
	case 17:
		walk_udp(w, off, end, depth);
		break;
	case 6:
		if (len >= 20) {
			size_t hlen = (size_t)(w->p[off + 12] >> 4) * 4;
			if (hlen >= 20 && hlen <= len && push(w, FL_TCP, off, off + hlen, end, depth))
				w->end = FE_TCP;
		}
		break;
	case 1:
	case 58:
		if (family == (proto == 1 ? 4 : 6) && push(w, FL_ICMP, off, off, end, depth))
			w->end = FE_ICMP;
		break;
	case 4:
	case 41:
		if (depth < FRAME_MAX_DEPTH)
			walk_ip(w, off, end, depth + 1);
		break;
	case 47:
		walk_gre(w, off, end, depth);
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------- IP */

static bool walk_ipv4(struct frame_walk *w, size_t off, size_t end, int depth)
{
	const uint8_t *b = w->p + off;
	size_t len = end - off;
	if (len < 20)
		return false;
	size_t ihl = (size_t)(b[0] & 0x0F) * 4;
	size_t total = rd16(b + 2);
	if (total == 0)
		total = len;              /* segmentation offload: the sender's capture shows 0 */
	if (ihl < 20 || ihl > len || total < ihl)
		return false;
	uint8_t flags = 0;
	if (total > len) {
		flags |= FLF_CUT;         /* snaplen cut it */
		total = len;
	}
	struct frame_layer *l = push(w, FL_IPV4, off, off + ihl, off + total, depth);
	if (!l)
		return true;
	l->proto = b[9];
	w->ip = (uint8_t)(w->n - 1);
	uint16_t frag = rd16(b + 6);
	size_t foff = (size_t)(frag & 0x1FFF) * 8;
	bool more = frag & 0x2000;
	if (more || foff) {
		l->flags = flags | FLF_FRAGMENT;
		w->fragment.id = rd16(b + 4);
		w->fragment.offset = (uint32_t)foff;
		w->fragment.more = more;
		w->end = FE_FRAGMENT;
		return true;
	}
	l->flags = flags;
	walk_transport(w, 4, b[9], off + ihl, off + total, depth);
	return true;
}

static bool walk_ipv6(struct frame_walk *w, size_t off, size_t end, int depth)
{
	const uint8_t *b = w->p + off;
	size_t len = end - off;
	if (len < 40)
		return false;
	size_t plen = rd16(b + 4);
	uint8_t flags = 0;
	size_t dend = 40 + plen;
	if (plen == 0)
		dend = len;               /* jumbogram (or broken): use what is there */
	if (dend > len) {
		flags |= FLF_CUT;
		dend = len;
	}
	struct frame_layer *l = push(w, FL_IPV6, off, off + 40, off + dend, depth);
	if (!l)
		return true;
	l->flags = flags;
	w->ip = (uint8_t)(w->n - 1);
	uint8_t next = b[6];
	size_t o = 40;
	for (int hops = 0; hops < 16; hops++) {
		l->proto = next;
		l->data = (uint32_t)(off + (o < dend ? o : dend));
		if (next == 0 || next == 43 || next == 60) {
			if (o + 8 > dend)
				return true;
			size_t elen = ((size_t)b[o + 1] + 1) * 8;
			next = b[o];
			o += elen;
		} else if (next == 51) {  /* AH */
			if (o + 8 > dend)
				return true;
			size_t elen = ((size_t)b[o + 1] + 2) * 4;
			next = b[o];
			o += elen;
		} else if (next == 44) {
			if (o + 8 > dend)
				return true;
			uint16_t fo = rd16(b + o + 2);
			size_t foff = fo & 0xFFF8;
			bool more = fo & 1;
			uint8_t inner = b[o];
			uint32_t id = rd32(b + o + 4);
			o += 8;
			l->proto = inner;
			l->data = (uint32_t)(off + o);
			if (!more && foff == 0) {         /* atomic fragment */
				next = inner;
				continue;
			}
			l->flags |= FLF_FRAGMENT;
			w->fragment.id = id;
			w->fragment.offset = (uint32_t)foff;
			w->fragment.more = more;
			w->end = FE_FRAGMENT;
			return true;
		} else {
			break;
		}
		if (o > dend)
			return true;
	}
	l->proto = next;
	l->data = (uint32_t)(off + o);
	walk_transport(w, 6, next, off + o, off + dend, depth);
	return true;
}

static bool walk_ip(struct frame_walk *w, size_t off, size_t end, int depth)
{
	if (end - off < 1)
		return false;
	switch (w->p[off] >> 4) {
	case 4:
		return walk_ipv4(w, off, end, depth);
	case 6:
		return walk_ipv6(w, off, end, depth);
	default:
		return false;
	}
}

/* ---------------------------------------------------------------- link */

/* Ethertypes, including the stacked ones: VLAN tags, MPLS, PPPoE
 * sessions and Ethernet bridged in GRE. */
static bool walk_ethertype(struct frame_walk *w, uint16_t type, size_t off, size_t end, int depth)
{
	struct frame_layer *vlan = NULL;     /* the run of tags being stepped over */
	for (int tags = 0; tags < 8; tags++) {
		switch (type) {
		case 0x0800:
		case 0x86DD:
			return walk_ip(w, off, end, depth);
		case 0x8100:
		case 0x88A8:
		case 0x9100:
			if (end - off < 4)
				return false;
			if (!vlan && !(vlan = push(w, FL_VLAN, off, off + 4, end, depth)))
				return true;
			type = rd16(w->p + off + 2);
			off += 4;
			vlan->data = (uint32_t)off;
			continue;
		case 0x8847:          /* MPLS: labels down to bottom of stack, then IP */
		case 0x8848: {
			size_t start = off;
			for (;;) {
				if (end - off < 4)
					return false;
				bool bottom = w->p[off + 2] & 1;
				off += 4;
				if (bottom)
					break;
			}
			if (!push(w, FL_MPLS, start, off, end, depth))
				return true;
			return end > off && (w->p[off] >> 4 == 4 || w->p[off] >> 4 == 6) ? walk_ip(w, off, end, depth) : true;
		}
		case 0x8864:          /* PPPoE session: 6-byte header, then PPP */
			if (end - off < 8)
				return false;
			if (!push(w, FL_PPPOE, off, off + 6, end, depth))
				return true;
			return walk_ppp(w, off + 6, end, depth);
		case 0x6558:          /* transparent Ethernet bridging (GRE) */
			if (end - off < 14 || depth >= FRAME_MAX_DEPTH)
				return false;
			depth++;
			if (!push(w, FL_ETHER, off, off + 14, end, depth))
				return true;
			type = rd16(w->p + off + 12);
			off += 14;
			vlan = NULL;
			continue;
		default:
			return true;  /* ARP, LLDP...: a readable frame without IP */
		}
	}
	return false;
}

bool frame_link_supported(int linktype)
{
	switch (linktype) {
	case LINK_NULL: case LINK_ETHERNET: case LINK_PPP: case LINK_RAW: case LINK_RAW_OPENBSD:
	case LINK_PPP_SERIAL: case LINK_LOOP: case LINK_SLL: case LINK_RAW_IPV4:
	case LINK_RAW_IPV6: case LINK_SLL2:
		return true;
	default:
		return false;
	}
}

/* BSD null/loop: the address family, in either byte order. */
static bool walk_null(struct frame_walk *w, size_t len, bool network_order)
{
	const uint8_t *b = w->p;
	if (len < 4)
		return false;
	uint32_t be = rd32(b);
	uint32_t le = (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
	uint32_t fam = network_order ? be : (be < le ? be : le);
	if (fam == 2 || fam == 24 || fam == 28 || fam == 30 || fam == 10)
		return push(w, FL_LINK, 0, 4, len, 0) ? walk_ip(w, 4, len, 0) : true;
	return false;
}

static bool walk_link(struct frame_walk *w, int linktype, size_t len)
{
	const uint8_t *b = w->p;
	switch (linktype) {
	case LINK_ETHERNET:
		if (len < 14)
			return false;
		push(w, FL_LINK, 0, 14, len, 0);
		if (rd16(b + 12) < 0x0600)
			return true;      /* 802.3 length field: LLC, not IP */
		return walk_ethertype(w, rd16(b + 12), 14, len, 0);
	case LINK_SLL:
		if (len < 16)
			return false;
		push(w, FL_LINK, 0, 16, len, 0);
		return walk_ethertype(w, rd16(b + 14), 16, len, 0);
	case LINK_SLL2:
		if (len < 20)
			return false;
		push(w, FL_LINK, 0, 20, len, 0);
		return walk_ethertype(w, rd16(b), 20, len, 0);
	case LINK_NULL:
		return walk_null(w, len, false);
	case LINK_LOOP:
		return walk_null(w, len, true);
	case LINK_RAW:
	case LINK_RAW_OPENBSD:
	case LINK_RAW_IPV4:
	case LINK_RAW_IPV6:
		return walk_ip(w, 0, len, 0);
	case LINK_PPP:
	case LINK_PPP_SERIAL:
		return walk_ppp(w, 0, len, 0);
	default:
		return false;
	}
}

static void walk_init(struct frame_walk *w, const uint8_t *p)
{
	w->p = p;
	w->readable = false;
	w->end = FE_NONE;
	w->n = 0;
	w->ip = FRAME_NO_LAYER;
}

void frame_walk(struct frame_walk *w, const uint8_t *p, size_t caplen, int linktype)
{
	walk_init(w, p);
	w->readable = walk_link(w, linktype, caplen);
}

void frame_walk_transport(struct frame_walk *w, const uint8_t *p, size_t len, uint8_t proto,
                          uint8_t family)
{
	walk_init(w, p);
	w->readable = true;
	/* at the depth bound: a tunnel inside a reassembled datagram is not followed */
	walk_transport(w, family, proto, 0, len, FRAME_MAX_DEPTH);
}

/* ---------------------------------------------------------------- readers */

bool frame_flow(const struct frame_walk *w, struct pkt_flow *f)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < w->n; i++)
		if (w->layer[i].kind == FL_IPV4 || w->layer[i].kind == FL_IPV6) {
			f->ip_off = w->layer[i].off;
			break;
		}
	if (w->ip == FRAME_NO_LAYER)
		return false;
	const struct frame_layer *ip = &w->layer[w->ip];
	const uint8_t *b = w->p + ip->off;
	bool v4 = ip->kind == FL_IPV4;
	f->family = v4 ? 4 : 6;
	f->proto = ip->proto;
	memcpy(f->src, b + (v4 ? 12 : 8), v4 ? 4 : 16);
	memcpy(f->dst, b + (v4 ? 16 : 24), v4 ? 4 : 16);
	f->fragment = ip->flags & FLF_FRAGMENT;
	/* the ports: of the transport layer, or a first fragment's */
	bool first_fragment = f->fragment && w->fragment.offset == 0;
	bool ported = ip->proto == 17 || ip->proto == 6;
	if (ported && (first_fragment || w->ip + 1u < w->n) && ip->data + 4 <= ip->end) {
		f->sport = rd16(w->p + ip->data);
		f->dport = rd16(w->p + ip->data + 2);
	}
	if (w->ip + 1u < w->n) {
		const struct frame_layer *l4 = &w->layer[w->ip + 1];
		if ((l4->kind == FL_UDP || l4->kind == FL_TCP) && l4->end > l4->data) {
			f->payload_off = l4->data;
			f->payload_len = l4->end - l4->data;
		}
	}
	return true;
}

bool pkt_flow(const uint8_t *pkt, size_t caplen, int dlt, struct pkt_flow *f)
{
	struct frame_walk w;
	frame_walk(&w, pkt, caplen, dlt);
	return frame_flow(&w, f);
}

bool frame_ip_offset(const uint8_t *pkt, size_t caplen, int dlt, size_t *off)
{
	struct frame_walk w;
	frame_walk(&w, pkt, caplen, dlt);
	for (size_t i = 0; i < w.n; i++)
		if (w.layer[i].kind == FL_IPV4 || w.layer[i].kind == FL_IPV6) {
			*off = w.layer[i].off;
			return true;
		}
	return false;
}
