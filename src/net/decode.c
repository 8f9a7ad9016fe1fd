/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * decode.c - one frame: the frame walker (frame.c) steps from the link
 * layer to the innermost transport header; this file hands what it found
 * to the reassembly (IP fragments, TCP), the DNS and ICMP events, and the
 * SIP sink, and keeps the capture-wide counters.
 */
#include <stdlib.h>
#include <string.h>

#include "base/wire.h"
#include "net/decode.h"
#include "net/frame.h"
#include "net/hep.h"
#include "net/hepin.h"
#include "net/heporder.h"
#include "net/ipfrag.h"
#include "net/netevents.h"
#include "net/rtp.h"
#include "net/sink.h"
#include "net/tcpstream.h"
#include "store/store.h"

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
	struct hep_in_config hep;    /* HEP port and key (decoder_set_hep) */
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
	d->hep.order = hep_order_new(st, sink, HEP_ORDER_WINDOW);
	if (!d->frag || !d->tcp || !d->rtp || !d->hep.order) {
		decoder_free(d);
		return NULL;
	}
	d->hep.port = HEP_DEFAULT_PORT;
	tcp_table_set_hep(d->tcp, &d->hep);
	return d;
}

void decoder_set_hep(struct decoder *d, uint16_t port, const char *key, size_t key_len)
{
	d->hep.port = port;
	d->hep.key = key;
	d->hep.key_len = key_len;
}

void decoder_free(struct decoder *d)
{
	if (!d)
		return;
	ipfrag_free(d->frag);
	tcp_table_free(d->tcp);
	rtp_table_free(d->rtp);
	hep_order_free(d->hep.order);
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

static void decode_udp(struct decoder *d, const struct l3 *l, const uint8_t *p,
                       const struct frame_layer *u)
{
	const uint8_t *b = p + u->off, *pl = p + u->data;
	size_t plen = u->end - u->data;
	uint16_t sport = rd16(b), dport = rd16(b + 2);
	uint32_t flags = l->msg_flags | (u->flags & FLF_CUT ? MF_TRUNCATED : 0);

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
	/* HEP: v1/v2/v3 on the HEP port, v3 (its magic is unmistakable) on any */
	if ((d->hep.port && (sport == d->hep.port || dport == d->hep.port)) || hep_is_v3(pl, plen)) {
		struct endpoint agent = { .family = l->family };
		memcpy(agent.addr, l->src, l->family == 4 ? 4 : 16);
		struct hep_outer o = { .time = l->time, .frame = l->frame, .agent = &agent,
		                       .raw = raw_of(d, pl, plen) };
		if (hep_ingest(d->st, d->sink, &d->hep, pl, plen, &o)) {
			d->carried = true;
			return;
		}
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

static void decode_tcp(struct decoder *d, const struct l3 *l, const uint8_t *p,
                       const struct frame_layer *t)
{
	const uint8_t *b = p + t->off;
	struct tcp_seg s = {
		.seq = rd32(b + 4), .flags = b[13] & 0x1F,
		.payload = p + t->data, .len = t->end - t->data,
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

/* ---------------------------------------------------------------- dispatch */

/* Where the walk ended: the transport layer it found, with the IP facts it
 * travels with. */
static void decode_transport(struct decoder *d, const struct l3 *l, const struct frame_walk *w)
{
	const struct frame_layer *t = frame_last(w);
	switch (w->end) {
	case FE_UDP:
		decode_udp(d, l, w->p, t);
		break;
	case FE_TCP:
		decode_tcp(d, l, w->p, t);
		break;
	case FE_ICMP:
		decode_icmp(d, l, w->p + t->off, t->end - t->off);
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
	struct frame_walk w;
	frame_walk_transport(&w, done->payload, done->len, k->proto, k->family);
	decode_transport(d, &l, &w);
}

/* A frame walked: its fragment to the reassembly, or its transport layer
 * to the decoders above. */
static void decode_walked(struct decoder *d, const struct frame_walk *w)
{
	if (w->end == FE_NONE)
		return;
	const struct frame_layer *ip = &w->layer[w->ip];
	const uint8_t *b = w->p + ip->off;
	bool v4 = ip->kind == FL_IPV4;
	const struct packet *k = d->pkt;
	if (w->end == FE_FRAGMENT) {
		struct ipfrag_key key = { .family = v4 ? 4 : 6, .proto = ip->proto, .id = w->fragment.id };
		memcpy(key.src, b + (v4 ? 12 : 8), v4 ? 4 : 16);
		memcpy(key.dst, b + (v4 ? 16 : 24), v4 ? 4 : 16);
		d->carried = true;        /* a fragment is IP we decode */
		ipfrag_add(d->frag, &key, w->fragment.offset, w->fragment.more, w->p + ip->data,
		           ip->end - ip->data, k->time, k->frame);
		return;
	}
	struct l3 l = {
		.family = v4 ? 4 : 6, .src = b + (v4 ? 12 : 8), .dst = b + (v4 ? 16 : 24),
		.ip_len = frame_ip_claimed(w, ip), .msg_flags = ip->flags & FLF_CUT ? MF_TRUNCATED : 0,
		.missing = frame_ip_missing(w, ip),
		.time = k->time, .frame = k->frame, .last_frame = k->frame,
	};
	decode_transport(d, &l, w);
}

bool decode_link_supported(int linktype)
{
	return frame_link_supported(linktype);
}

static void count_packet(struct store *st, const struct packet *pkt)
{
	struct capture_stats *cs = store_stats(st);
	cs->packets++;
	cs->bytes += pkt->wire_len;
	if (pkt->caplen < pkt->wire_len)
		cs->snap_cut++;
	if (cs->packets == 1 || pkt->time < cs->first)
		cs->first = pkt->time;
	if (pkt->time > cs->last)
		cs->last = pkt->time;
}

bool decode_packet(struct decoder *d, int linktype, const struct packet *pkt)
{
	struct capture_stats *cs = store_stats(d->st);
	count_packet(d->st, pkt);
	d->pkt = pkt;
	d->carried = false;
	if (ipfrag_pending(d->frag))
		ipfrag_expire(d->frag, pkt->time);
	d->last_time = pkt->time;
	struct frame_walk w;
	frame_walk(&w, pkt->data, pkt->caplen, linktype);
	decode_walked(d, &w);
	d->pkt = NULL;
	if (!w.readable)
		cs->undecodable++;
	else if (!d->carried)
		cs->non_sip++;
	return d->carried;
}

bool decode_hep_packet(struct decoder *d, const struct packet *pkt, const struct endpoint *agent)
{
	count_packet(d->st, pkt);
	d->last_time = pkt->time;
	struct hep_outer o = { .time = pkt->time, .frame = pkt->frame, .agent = agent,
	                       .raw = { .where = RAW_NONE } };
	if (hep_ingest(d->st, d->sink, &d->hep, pkt->data, pkt->caplen, &o))
		return true;
	/* not HEP at all: as malformed as HEP gets */
	store_stats(d->st)->hep_packets++;
	hep_count_malformed(d->st, pkt->frame, "not a HEP packet (neither HEP3 nor a v1/v2 header)");
	return false;
}

void decode_hep_broken(struct decoder *d, const struct packet *pkt, const char *why)
{
	count_packet(d->st, pkt);
	d->last_time = pkt->time;
	store_stats(d->st)->hep_packets++;
	hep_count_malformed(d->st, pkt->frame, why);
}

void decoder_flush(struct decoder *d)
{
	ipfrag_flush(d->frag, d->last_time);
	tcp_flush_all(d->tcp);
	hep_order_flush(d->hep.order);   /* after the streams: they may hold HEP too */
}

void decoder_tick(struct decoder *d, usec_t now)
{
	hep_order_tick(d->hep.order, now);
}

size_t decoder_held(const struct decoder *d)
{
	return hep_order_held(d->hep.order);
}
