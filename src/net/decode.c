/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * decode.c - link, network and transport layers of one frame.  Each layer
 * checks its header against the bytes actually present before reading it;
 * tunnels recurse into decode_ip() with a depth bound.
 */
#include <stdlib.h>
#include <string.h>

#include "base/wire.h"
#include "net/decode.h"
#include "net/ipfrag.h"
#include "net/netevents.h"
#include "net/rtp.h"
#include "net/sink.h"
#include "net/tcpstream.h"
#include "net/tunnel.h"
#include "store/store.h"

#define GTP_U_PORT 2152
#define VXLAN_PORT 4789
#define DNS_PORT 53

struct decoder {
	struct store *st;
	const struct sip_sink *sink;
	struct ipfrag_table *frag;
	struct tcp_table *tcp;
	const struct packet *pkt;    /* frame being decoded, NULL at flush */
	bool carried;                /* this frame reached SIP, DNS, ICMP or TCP events */
	struct rtp_table *rtp;       /* RTP/RTCP streams, by addresses and SSRC */
	usec_t last_time;            /* of the latest frame, for the final flush */
};

/* The network-layer facts a transport payload travels with. */
struct l3 {
	uint8_t family;
	const uint8_t *src, *dst;    /* 4 or 16 bytes */
	uint32_t ip_len;             /* IP datagram length (header + payload) */
	uint32_t msg_flags;          /* MF_IP_FRAGMENTED | MF_REASSEMBLED | MF_TRUNCATED */
	uint32_t missing;            /* bytes of the datagram the snapshot length cut off */
	usec_t time;
	uint32_t frame, last_frame;
};

static bool decode_ip(struct decoder *d, const uint8_t *b, size_t len, int depth);
static bool decode_ethertype(struct decoder *d, uint16_t type, const uint8_t *b, size_t len, int depth);

static void on_fragment_done(void *ctx, const struct ipfrag_done *done);

struct decoder *decoder_new_with_sink(struct store *st, const struct sip_sink *sink)
{
	struct decoder *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->st = st;
	d->sink = sink;
	d->frag = ipfrag_new(on_fragment_done, d);
	d->tcp = tcp_table_new(st, sink);
	d->rtp = rtp_table_new();
	if (!d->frag || !d->tcp || !d->rtp) {
		decoder_free(d);
		return NULL;
	}
	return d;
}

void decoder_free(struct decoder *d)
{
	if (!d)
		return;
	ipfrag_free(d->frag);
	tcp_table_free(d->tcp);
	rtp_table_free(d->rtp);
	free(d);
}

static ep_id endpoint_id(struct decoder *d, uint8_t family, const uint8_t *addr, uint16_t port)
{
	struct endpoint ep = { .family = family, .port = port };
	memcpy(ep.addr, addr, family == 4 ? 4 : 16);
	return store_endpoint(d->st, &ep);
}

/* Where `p` sits in the capture file, when it is a slice of the frame. */
static struct raw_ref raw_of(const struct decoder *d, const uint8_t *p, size_t len)
{
	struct raw_ref r = { .where = RAW_NONE };
	const struct packet *k = d->pkt;
	/* compared as integers: p may point into a reassembly buffer instead */
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)(k ? k->data : NULL);
	if (k && k->in_file && at >= base && len <= k->caplen && at - base <= k->caplen - len) {
		r.where = RAW_FILE;
		r.source = k->source;
		r.off = k->file_off + (uint64_t)(at - base);
		r.len = (uint32_t)len;
	}
	return r;
}

/* ---------------------------------------------------------------- UDP */

/* Cheap test before the SIP layer: every SIP message has "SIP/2.0" in its
 * start line; keep-alives are bare CRLFs. */
static bool may_be_sip(const uint8_t *b, size_t len)
{
	if (len == 0)
		return false;
	if (b[0] == '\r' || b[0] == '\n') {
		size_t i = 0;
		while (i < len && (b[i] == '\r' || b[i] == '\n'))
			i++;
		if (i == len)
			return true;
	}
	return memmem(b, len, "SIP/2.0", 7) != NULL;
}

/* GTP-U G-PDU: returns the inner packet offset, or 0 when not one. */
static size_t gtpu_inner(const uint8_t *b, size_t len)
{
	if (len < 8 || (b[0] >> 5) != 1 || !(b[0] & 0x10) || b[1] != 0xFF)
		return 0;
	size_t off = 8;
	if (b[0] & 0x07) {
		if (len < 12)
			return 0;
		uint8_t next = b[11];
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

static void decode_udp(struct decoder *d, const struct l3 *l, const uint8_t *b, size_t len, int depth)
{
	if (len < 8)
		return;
	uint16_t sport = rd16(b), dport = rd16(b + 2);
	size_t ulen = rd16(b + 4);
	uint32_t flags = l->msg_flags;
	const uint8_t *pl = b + 8;
	size_t plen;
	if (ulen >= 8 && ulen <= len) {
		plen = ulen - 8;
	} else {
		plen = len - 8;
		if (ulen > len)
			flags |= MF_TRUNCATED;
	}

	if (sport == GTP_U_PORT || dport == GTP_U_PORT) {
		size_t inner = gtpu_inner(pl, plen);
		if (inner && depth < DECODE_MAX_DEPTH)
			decode_ip(d, pl + inner, plen - inner, depth + 1);
		return;
	}
	if (dport == VXLAN_PORT && plen >= 8 + 14 && (pl[0] & 0x08)) {
		/* VXLAN: 8-byte header (the I flag says a VNI follows), then Ethernet */
		if (depth < DECODE_MAX_DEPTH)
			decode_ethertype(d, rd16(pl + 8 + 12), pl + 8 + 14, plen - 8 - 14, depth + 1);
		return;
	}
	/* endpoints are interned only for what is kept, not for every RTP packet */
	if (sport == DNS_PORT || dport == DNS_PORT) {
		struct dns_parsed *dp = malloc(sizeof *dp);
		if (dp && dns_parse(pl, plen, dp)) {
			dns_to_store(d->st, dp, l->time, l->frame,
			             endpoint_id(d, l->family, l->src, sport),
			             endpoint_id(d, l->family, l->dst, dport));
			d->carried = true;
		}
		free(dp);
		return;
	}
	/* RTP/RTCP first: most packets of a call capture are media, and a
	 * first byte of 0x80..0xBF starts no SIP message */
	enum rtp_kind rk = rtp_classify(pl, plen, sport, dport);
	if (rk != RTP_NONE) {
		if (d->rtp) {
			struct rtp_packet rp = { .family = l->family, .src = l->src, .dst = l->dst,
			                         .sport = sport, .dport = dport, .time = l->time,
			                         .frame = l->frame };
			rtp_count(d->rtp, d->st, rk, &rp, pl, plen);
		}
		return;
	}
	if (!may_be_sip(pl, plen))
		return;
	ep_id src = endpoint_id(d, l->family, l->src, sport);
	ep_id dst = endpoint_id(d, l->family, l->dst, dport);
	struct msg_meta meta = {
		.time = l->time, .frame = l->frame, .last_frame = l->last_frame,
		.src = src, .dst = dst, .transport = TP_UDP, .ip_len = l->ip_len,
		.flags = flags, .raw = raw_of(d, pl, plen),
	};
	size_t before = store_msg_seen(d->st) + store_keepalive_count(d->st);
	d->sink->datagram(d->st, (const char *)pl, plen, &meta);
	if (store_msg_seen(d->st) + store_keepalive_count(d->st) != before)
		d->carried = true;
}

/* ---------------------------------------------------------------- TCP */

static void decode_tcp(struct decoder *d, const struct l3 *l, const uint8_t *b, size_t len)
{
	if (len < 20)
		return;
	size_t hlen = (size_t)(b[12] >> 4) * 4;
	if (hlen < 20 || hlen > len)
		return;
	struct tcp_seg s = {
		.seq = rd32(b + 4), .flags = b[13] & 0x1F,
		.payload = b + hlen, .len = len - hlen,
		.time = l->time, .frame = l->frame, .msg_flags = l->msg_flags,
		.missing = l->missing,
	};
	s.src.family = s.dst.family = l->family;
	memcpy(s.src.addr, l->src, l->family == 4 ? 4 : 16);
	memcpy(s.dst.addr, l->dst, l->family == 4 ? 4 : 16);
	s.src.port = rd16(b);
	s.dst.port = rd16(b + 2);
	s.raw = raw_of(d, s.payload, s.len);
	if (tcp_segment(d->tcp, &s) || (s.flags & (TCPF_SYN | TCPF_RST | TCPF_FIN)))
		d->carried = true;
}

/* ---------------------------------------------------------------- ICMP */

static void decode_icmp(struct decoder *d, const struct l3 *l, const uint8_t *b, size_t len)
{
	struct icmp_parsed ip;
	if (!icmp_parse(b, len, l->family, &ip))
		return;
	struct icmp_event ev = {
		.time = l->time, .frame = l->frame,
		.from = endpoint_id(d, l->family, l->src, 0),
		.family = l->family, .type = ip.type, .code = ip.code,
		.unreachable = ip.unreachable, .port_unreachable = ip.port_unreachable,
	};
	if (ip.quoted) {
		ev.quoted_proto = ip.quoted_proto;
		ev.quoted_src = store_endpoint(d->st, &ip.quoted_src);
		ev.quoted_dst = store_endpoint(d->st, &ip.quoted_dst);
	}
	store_add_icmp(d->st, &ev);
	d->carried = true;
}

/* ---------------------------------------------------------------- GRE, PPP */

/* PPP protocol field (1 or 2 bytes, after an optional FF 03) -> IP. */
static bool decode_ppp(struct decoder *d, const uint8_t *b, size_t len, int depth)
{
	uint16_t proto;
	size_t off = ppp_header_len(b, len, &proto);
	if (!off)
		return false;
	if (proto == 0x21 || proto == 0x57)
		return decode_ip(d, b + off, len - off, depth);
	return true;                  /* LCP, IPCP and friends: readable, not ours */
}

static void decode_gre(struct decoder *d, const uint8_t *b, size_t len, int depth)
{
	uint16_t proto;
	size_t off = depth < DECODE_MAX_DEPTH ? gre_header_len(b, len, &proto) : 0;
	if (!off)
		return;
	if (proto == 0x880B)
		decode_ppp(d, b + off, len - off, depth + 1);
	else
		decode_ethertype(d, proto, b + off, len - off, depth + 1);
}

/* ---------------------------------------------------------------- dispatch */

static void decode_transport(struct decoder *d, const struct l3 *l, uint8_t proto,
                             const uint8_t *b, size_t len, int depth)
{
	switch (proto) {
	case 17:
		decode_udp(d, l, b, len, depth);
		break;
	case 6:
		decode_tcp(d, l, b, len);
		break;
	case 1:
		if (l->family == 4)
			decode_icmp(d, l, b, len);
		break;
	case 58:
		if (l->family == 6)
			decode_icmp(d, l, b, len);
		break;
	case 4:
	case 41:
		if (depth < DECODE_MAX_DEPTH)
			decode_ip(d, b, len, depth + 1);
		break;
	case 47:
		decode_gre(d, b, len, depth);
		break;
	default:
		break;
	}
}

static void on_fragment_done(void *ctx, const struct ipfrag_done *done)
{
	struct decoder *d = ctx;
	const struct ipfrag_key *k = done->key;
	struct frag_event ev = {
		.time = done->time, .frame = done->frame,
		.src = endpoint_id(d, k->family, k->src, 0),
		.dst = endpoint_id(d, k->family, k->dst, 0),
		.fragments = done->fragments, .total_len = (uint32_t)done->len,
		.completed = done->completed,
	};
	store_add_frag(d->st, &ev);
	d->carried = true;
	if (!done->completed)
		return;
	struct l3 l = {
		.family = k->family, .src = k->src, .dst = k->dst,
		.ip_len = (uint32_t)done->len + (k->family == 4 ? 20 : 40),
		.msg_flags = MF_IP_FRAGMENTED | MF_REASSEMBLED,
		.time = done->time, .frame = done->first_frame, .last_frame = done->frame,
	};
	/* Tunnels inside a reassembled datagram are not followed further. */
	decode_transport(d, &l, k->proto, done->payload, done->len, DECODE_MAX_DEPTH);
}

static bool decode_ipv4(struct decoder *d, const uint8_t *b, size_t len, int depth)
{
	if (len < 20)
		return false;
	size_t ihl = (size_t)(b[0] & 0x0F) * 4;
	size_t total = rd16(b + 2);
	if (total == 0)
		total = len;              /* segmentation offload: the sender's capture shows 0 */
	if (ihl < 20 || ihl > len || total < ihl)
		return false;
	uint32_t flags = 0;
	uint32_t ip_len = (uint32_t)total, missing = 0;
	if (total > len) {
		flags |= MF_TRUNCATED;    /* snaplen cut it */
		missing = (uint32_t)(total - len);
		total = len;
	}
	const struct packet *k = d->pkt;
	struct l3 l = {
		.family = 4, .src = b + 12, .dst = b + 16, .ip_len = ip_len,
		.msg_flags = flags, .missing = missing, .time = k->time, .frame = k->frame, .last_frame = k->frame,
	};
	uint16_t frag = rd16(b + 6);
	size_t foff = (size_t)(frag & 0x1FFF) * 8;
	bool more = frag & 0x2000;
	if (more || foff) {
		struct ipfrag_key key = { .family = 4, .proto = b[9], .id = rd16(b + 4) };
		memcpy(key.src, b + 12, 4);
		memcpy(key.dst, b + 16, 4);
		d->carried = true;        /* a fragment is IP we decode */
		ipfrag_add(d->frag, &key, foff, more, b + ihl, total - ihl, k->time, k->frame);
		return true;
	}
	decode_transport(d, &l, b[9], b + ihl, total - ihl, depth);
	return true;
}

static bool decode_ipv6(struct decoder *d, const uint8_t *b, size_t len, int depth)
{
	if (len < 40)
		return false;
	size_t plen = rd16(b + 4);
	uint32_t flags = 0, missing = 0;
	size_t end = 40 + plen;
	if (plen == 0)
		end = len;                /* jumbogram (or broken): use what is there */
	if (end > len) {
		flags |= MF_TRUNCATED;
		missing = (uint32_t)(end - len);
		end = len;
	}
	const struct packet *k = d->pkt;
	struct l3 l = {
		.family = 6, .src = b + 8, .dst = b + 24, .ip_len = (uint32_t)(40 + plen),
		.msg_flags = flags, .missing = missing, .time = k->time, .frame = k->frame, .last_frame = k->frame,
	};
	uint8_t next = b[6];
	size_t off = 40;
	for (int hops = 0; hops < 16; hops++) {
		if (next == 0 || next == 43 || next == 60) {
			if (off + 8 > end)
				return true;
			size_t elen = ((size_t)b[off + 1] + 1) * 8;
			next = b[off];
			off += elen;
		} else if (next == 51) {  /* AH */
			if (off + 8 > end)
				return true;
			size_t elen = ((size_t)b[off + 1] + 2) * 4;
			next = b[off];
			off += elen;
		} else if (next == 44) {
			if (off + 8 > end)
				return true;
			uint16_t fo = rd16(b + off + 2);
			size_t foff = fo & 0xFFF8;
			bool more = fo & 1;
			uint8_t inner = b[off];
			uint32_t id = rd32(b + off + 4);
			off += 8;
			if (!more && foff == 0) {         /* atomic fragment */
				next = inner;
				continue;
			}
			struct ipfrag_key key = { .family = 6, .proto = inner, .id = id };
			memcpy(key.src, b + 8, 16);
			memcpy(key.dst, b + 24, 16);
			d->carried = true;
			ipfrag_add(d->frag, &key, foff, more, b + off, end - off, k->time, k->frame);
			return true;
		} else {
			break;
		}
		if (off > end)
			return true;
	}
	decode_transport(d, &l, next, b + off, end - off, depth);
	return true;
}

static bool decode_ip(struct decoder *d, const uint8_t *b, size_t len, int depth)
{
	if (len < 1)
		return false;
	switch (b[0] >> 4) {
	case 4:
		return decode_ipv4(d, b, len, depth);
	case 6:
		return decode_ipv6(d, b, len, depth);
	default:
		return false;
	}
}

/* Ethertypes, including the stacked ones: VLAN tags and PPPoE sessions. */
static bool decode_ethertype(struct decoder *d, uint16_t type, const uint8_t *b, size_t len, int depth)
{
	for (int tags = 0; tags < 8; tags++) {
		switch (type) {
		case 0x0800:
		case 0x86DD:
			return decode_ip(d, b, len, depth);
		case 0x8100:
		case 0x88A8:
		case 0x9100:
			if (len < 4)
				return false;
			type = rd16(b + 2);
			b += 4;
			len -= 4;
			continue;
		case 0x8847:          /* MPLS: labels down to bottom of stack, then IP */
		case 0x8848:
			for (;;) {
				if (len < 4)
					return false;
				bool bottom = b[2] & 1;
				b += 4;
				len -= 4;
				if (bottom)
					break;
			}
			return len && (b[0] >> 4 == 4 || b[0] >> 4 == 6) ? decode_ip(d, b, len, depth) : true;
		case 0x8864:          /* PPPoE session: 6-byte header, then PPP */
			if (len < 8)
				return false;
			return decode_ppp(d, b + 6, len - 6, depth);
		case 0x6558:          /* transparent Ethernet bridging (GRE) */
			if (len < 14 || depth >= DECODE_MAX_DEPTH)
				return false;
			type = rd16(b + 12);
			b += 14;
			len -= 14;
			depth++;
			continue;
		default:
			return true;  /* ARP, LLDP...: a readable frame without IP */
		}
	}
	return false;
}

bool decode_link_supported(int linktype)
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
static bool decode_null(struct decoder *d, const uint8_t *b, size_t len, bool network_order)
{
	if (len < 4)
		return false;
	uint32_t be = rd32(b);
	uint32_t le = (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
	uint32_t fam = network_order ? be : (be < le ? be : le);
	if (fam == 2 || fam == 24 || fam == 28 || fam == 30 || fam == 10)
		return decode_ip(d, b + 4, len - 4, 0);
	return false;
}

static bool decode_link(struct decoder *d, int linktype, const uint8_t *b, size_t len)
{
	switch (linktype) {
	case LINK_ETHERNET:
		if (len < 14)
			return false;
		if (rd16(b + 12) < 0x0600)
			return true;      /* 802.3 length field: LLC, not IP */
		return decode_ethertype(d, rd16(b + 12), b + 14, len - 14, 0);
	case LINK_SLL:
		if (len < 16)
			return false;
		return decode_ethertype(d, rd16(b + 14), b + 16, len - 16, 0);
	case LINK_SLL2:
		if (len < 20)
			return false;
		return decode_ethertype(d, rd16(b), b + 20, len - 20, 0);
	case LINK_NULL:
		return decode_null(d, b, len, false);
	case LINK_LOOP:
		return decode_null(d, b, len, true);
	case LINK_RAW:
	case LINK_RAW_OPENBSD:
	case LINK_RAW_IPV4:
	case LINK_RAW_IPV6:
		return decode_ip(d, b, len, 0);
	case LINK_PPP:
	case LINK_PPP_SERIAL:
		return decode_ppp(d, b, len, 0);
	default:
		return false;
	}
}

bool decode_packet(struct decoder *d, int linktype, const struct packet *pkt)
{
	struct capture_stats *cs = store_stats(d->st);
	cs->packets++;
	cs->bytes += pkt->wire_len;
	if (cs->packets == 1 || pkt->time < cs->first)
		cs->first = pkt->time;
	if (pkt->time > cs->last)
		cs->last = pkt->time;

	d->pkt = pkt;
	d->carried = false;
	if (ipfrag_pending(d->frag))
		ipfrag_expire(d->frag, pkt->time);
	d->last_time = pkt->time;
	bool readable = decode_link(d, linktype, pkt->data, pkt->caplen);
	d->pkt = NULL;
	if (!readable)
		cs->undecodable++;
	else if (!d->carried)
		cs->non_sip++;
	return d->carried;
}

void decoder_flush(struct decoder *d)
{
	ipfrag_flush(d->frag, d->last_time);
	tcp_flush_all(d->tcp);
}
