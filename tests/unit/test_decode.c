/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_decode.c - link layers, IPv4/IPv6 (extension headers), tunnels, UDP
 * dispatch, ICMP quoting and the counters, on frames built in memory.
 */
#include "testlib.h"
#include "decode_rec.h"
#include "net/ipfrag.h"

static const char SIP[] = "OPTIONS sip:a@192.0.2.10 SIP/2.0\r\nCall-ID: x\r\n\r\n";
#define SIPLEN (sizeof SIP - 1)

static struct store *st;
static struct decoder *dec;

static void fresh(void)
{
	if (dec)
		decoder_free(dec);
	if (st)
		store_free(st);
	rec_reset();
	st = store_new();
	dec = decoder_new_with_sink(st, &rec_sink);
}

/* Exactly one datagram with the SIP text arrived. */
static bool got_sip(void)
{
	return rec_ndg == 1 && rec_dg[0].len == SIPLEN && !memcmp(rec_dg[0].buf, SIP, SIPLEN);
}

static void test_link_layers(void)
{
	uint8_t f[512];
	size_t n;

	fresh();
	n = eth_hdr(f, 0x0800);
	n += ip4_udp(f + n, A4, B4, 5060, 5060, SIP, SIPLEN);
	feed(dec, LINK_ETHERNET, f, n, 1000000);
	CHECK(got_sip());
	CHECK_EQ_INT(rec_dg[0].meta.transport, TP_UDP);
	CHECK_EQ_INT(rec_dg[0].meta.ip_len, 20 + 8 + SIPLEN);
	CHECK_EQ_INT(rec_dg[0].meta.raw.where, RAW_FILE);
	CHECK_EQ_INT(rec_dg[0].meta.raw.off, 1000u * test_frame + 14 + 28);
	CHECK_EQ_INT(rec_dg[0].meta.raw.len, SIPLEN);
	CHECK_EQ_INT(rec_dg[0].meta.frame, test_frame);
	const struct endpoint *e = store_ep(st, rec_dg[0].meta.src);
	CHECK(e && e->family == 4 && e->port == 5060 && !memcmp(e->addr, A4, 4));

	/* 802.1Q */
	fresh();
	n = eth_hdr(f, 0x8100);
	put16(f + n, 100); put16(f + n + 2, 0x0800); n += 4;
	n += ip4_udp(f + n, A4, B4, 5060, 5060, SIP, SIPLEN);
	feed(dec, LINK_ETHERNET, f, n, 1);
	CHECK(got_sip());

	/* QinQ 0x88a8 outer, 0x8100 inner; and the older 0x9100 */
	uint16_t outers[] = { 0x88A8, 0x9100 };
	for (int i = 0; i < 2; i++) {
		fresh();
		n = eth_hdr(f, outers[i]);
		put16(f + n, 10); put16(f + n + 2, 0x8100); n += 4;
		put16(f + n, 20); put16(f + n + 2, 0x86DD); n += 4;
		n += ip6_udp(f + n, A6, B6, 5060, 5060, SIP, SIPLEN);
		feed(dec, LINK_ETHERNET, f, n, 1);
		CHECK(got_sip());
		CHECK_EQ_INT(store_ep(st, rec_dg[0].meta.dst)->family, 6);
	}

	/* Linux cooked v1: protocol at 14 of 16 */
	fresh();
	memset(f, 0, 16); put16(f + 14, 0x0800); n = 16;
	n += ip4_udp(f + n, A4, B4, 5060, 5060, SIP, SIPLEN);
	feed(dec, LINK_SLL, f, n, 1);
	CHECK(got_sip());

	/* Linux cooked v2: protocol first, 20-byte header */
	fresh();
	memset(f, 0, 20); put16(f, 0x86DD); n = 20;
	n += ip6_udp(f + n, A6, B6, 5060, 5060, SIP, SIPLEN);
	feed(dec, LINK_SLL2, f, n, 1);
	CHECK(got_sip());

	/* BSD null, both byte orders; loop is network order */
	fresh();
	f[0] = 2; f[1] = f[2] = f[3] = 0; n = 4;
	n += ip4_udp(f + n, A4, B4, 5060, 5060, SIP, SIPLEN);
	feed(dec, LINK_NULL, f, n, 1);
	CHECK(got_sip());
	fresh();
	f[0] = f[1] = f[2] = 0; f[3] = 30; n = 4;
	n += ip6_udp(f + n, A6, B6, 5060, 5060, SIP, SIPLEN);
	feed(dec, LINK_NULL, f, n, 1);
	CHECK(got_sip());
	fresh();
	f[0] = f[1] = f[2] = 0; f[3] = 2; n = 4;
	n += ip4_udp(f + n, A4, B4, 5060, 5060, SIP, SIPLEN);
	feed(dec, LINK_LOOP, f, n, 1);
	CHECK(got_sip());

	/* raw IP */
	int raws[] = { LINK_RAW, LINK_RAW_IPV4, LINK_RAW_IPV6 };
	for (int i = 0; i < 3; i++) {
		fresh();
		n = raws[i] == LINK_RAW_IPV6 ? ip6_udp(f, A6, B6, 5060, 5060, SIP, SIPLEN)
		                             : ip4_udp(f, A4, B4, 5060, 5060, SIP, SIPLEN);
		feed(dec, raws[i], f, n, 1);
		CHECK(got_sip());
	}
}

static void test_ipv4_options_and_padding(void)
{
	uint8_t f[512];
	fresh();
	size_t n = eth_hdr(f, 0x0800);
	/* 24-byte header (one NOP option word) and Ethernet padding after it */
	size_t ip = n;
	ipv4_hdr(f + n, A4, B4, 17, 7, 0, 4 + 8 + SIPLEN);
	f[ip] = 0x46;
	memset(f + ip + 20, 1, 4);
	n += 24;
	n += udp_hdr(f + n, 5060, 5060, SIPLEN);
	memcpy(f + n, SIP, SIPLEN);
	n += SIPLEN;
	memset(f + n, 0xEE, 6);
	feed(dec, LINK_ETHERNET, f, n + 6, 1);
	CHECK(got_sip());
}

static void test_ipv6_ext_headers(void)
{
	uint8_t f[512];
	fresh();
	size_t n = ipv6_hdr(f, A6, B6, 0, 8 + 16 + 24 + 8 + SIPLEN);
	/* hop-by-hop (8) -> destination options (16) -> routing (24) -> UDP */
	memset(f + n, 0, 8); f[n] = 60; f[n + 1] = 0; n += 8;
	memset(f + n, 0, 16); f[n] = 43; f[n + 1] = 1; n += 16;
	memset(f + n, 0, 24); f[n] = 17; f[n + 1] = 2; n += 24;
	n += udp_hdr(f + n, 5062, 15060, SIPLEN);
	memcpy(f + n, SIP, SIPLEN);
	n += SIPLEN;
	feed(dec, LINK_RAW, f, n, 1);
	CHECK(got_sip());
	CHECK_EQ_INT(store_ep(st, rec_dg[0].meta.dst)->port, 15060);

	/* an atomic fragment header (offset 0, no more) is just skipped */
	fresh();
	n = ipv6_hdr(f, A6, B6, 44, 8 + 8 + SIPLEN);
	memset(f + n, 0, 8); f[n] = 17; put32(f + n + 4, 99); n += 8;
	n += udp_hdr(f + n, 5060, 5060, SIPLEN);
	memcpy(f + n, SIP, SIPLEN);
	feed(dec, LINK_RAW, f, n + SIPLEN, 1);
	CHECK(got_sip());
}

/* The UDP datagram (header + SIP) cut into IPv4 fragments. */
static size_t frag4(uint8_t *f, const uint8_t *dg, size_t off, size_t len, bool more)
{
	size_t n = ipv4_hdr(f, A4, B4, 17, 4242, (uint16_t)((more ? 0x2000 : 0) | off / 8), len);
	memcpy(f + n, dg + off, len);
	return n + len;
}

static void test_ipv4_fragments(void)
{
	uint8_t dg[1024], f[1200];
	char big[900];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = 'a' + i % 26;
	memcpy(big, "INVITE sip:b@198.51.100.20 SIP/2.0\r\n", 36);
	size_t dlen = udp_hdr(dg, 5060, 5060, sizeof big);
	memcpy(dg + dlen, big, sizeof big);
	dlen += sizeof big;           /* 908: fragments at 0, 304, 608 */

	fresh();
	/* out of order: last, first, a duplicate of the first, an overlapping
	 * copy with other bytes (must not win), then the middle */
	size_t n = frag4(f, dg, 608, dlen - 608, false);
	CHECK(feed(dec, LINK_RAW, f, n, 10));
	n = frag4(f, dg, 0, 304, true);
	feed(dec, LINK_RAW, f, n, 11);
	feed(dec, LINK_RAW, f, n, 12);
	uint8_t evil[400];
	memset(evil, 'X', sizeof evil);
	n = ipv4_hdr(f, A4, B4, 17, 4242, 0x2000 | 200 / 8, 96);
	memcpy(f + n, evil, 96);
	feed(dec, LINK_RAW, f, n + 96, 13);
	CHECK_EQ_INT(rec_ndg, 0);
	n = frag4(f, dg, 304, 304, true);
	uint32_t last = test_frame + 1;
	feed(dec, LINK_RAW, f, n, 14);
	CHECK_EQ_INT(rec_ndg, 1);
	CHECK_EQ_INT(rec_dg[0].len, sizeof big);
	CHECK(!memcmp(rec_dg[0].buf, big, sizeof big));
	CHECK(rec_dg[0].meta.flags & MF_IP_FRAGMENTED);
	CHECK(rec_dg[0].meta.flags & MF_REASSEMBLED);
	CHECK_EQ_INT(rec_dg[0].meta.raw.where, RAW_NONE);
	CHECK_EQ_INT(rec_dg[0].meta.ip_len, 20 + dlen);
	CHECK_EQ_INT(rec_dg[0].meta.last_frame, last);
	CHECK_EQ_INT(rec_dg[0].meta.frame, last - 4);
	CHECK_EQ_INT(store_frag_count(st), 1);
	const struct frag_event *fe = store_frag(st, 0);
	CHECK(fe->completed);
	CHECK_EQ_INT(fe->fragments, 5);
	CHECK_EQ_INT(fe->total_len, dlen);
	CHECK_EQ_INT(fe->frame, last);

	/* a lone first fragment times out after 30 s of capture time */
	fresh();
	n = frag4(f, dg, 0, 304, true);
	feed(dec, LINK_RAW, f, n, 1000000);
	n = ip4_udp(f, B4, A4, 9, 9, "x", 1);
	feed(dec, LINK_RAW, f, n, 20000000);
	CHECK_EQ_INT(store_frag_count(st), 0);
	feed(dec, LINK_RAW, f, n, 31000001);
	CHECK_EQ_INT(store_frag_count(st), 1);
	CHECK(!store_frag(st, 0)->completed);
	CHECK_EQ_INT(store_frag(st, 0)->frame, test_frame - 2);   /* the lone fragment */
	CHECK_EQ_INT(rec_ndg, 0);

	/* pending at the end of the capture: reported by the flush */
	fresh();
	n = frag4(f, dg, 304, 304, true);
	feed(dec, LINK_RAW, f, n, 1);
	decoder_flush(dec);
	CHECK_EQ_INT(store_frag_count(st), 1);
	CHECK(!store_frag(st, 0)->completed);

	/* a fragment claiming to reach past 65535 is dropped, no crash */
	fresh();
	n = ipv4_hdr(f, A4, B4, 17, 5, 0x1FFF, 100);
	memset(f + n, 0, 100);
	feed(dec, LINK_RAW, f, n + 100, 1);
	decoder_flush(dec);
	CHECK_EQ_INT(rec_ndg, 0);
}

static size_t done_completed, done_abandoned;
static void count_done(void *ctx, const struct ipfrag_done *dn)
{
	(void)ctx;
	if (dn->completed)
		done_completed++;
	else
		done_abandoned++;
}

static void test_fragment_bounds(void)
{
	uint8_t data[64];
	memset(data, 'z', sizeof data);
	struct ipfrag_table *t = ipfrag_new(count_done, NULL);
	struct ipfrag_key k = { .family = 4, .proto = 17 };
	/* one more datagram than the table holds: the oldest is abandoned */
	for (uint32_t i = 0; i <= IPFRAG_MAX_PENDING; i++) {
		k.id = i;
		ipfrag_add(t, &k, 0, true, data, 8, 1000 + i, i + 1);
	}
	CHECK_EQ_INT(ipfrag_pending(t), IPFRAG_MAX_PENDING);
	CHECK_EQ_INT(done_abandoned, 1);
	ipfrag_flush(t, 5000);
	CHECK_EQ_INT(ipfrag_pending(t), 0);
	CHECK_EQ_INT(done_abandoned, IPFRAG_MAX_PENDING + 1);

	/* more separate pieces than a datagram may hold: abandoned, not grown */
	done_abandoned = 0;
	k.id = 7777;
	for (uint32_t i = 0; i <= IPFRAG_MAX_RANGES; i++)
		ipfrag_add(t, &k, i * 16, true, data, 8, 1, 1);
	CHECK_EQ_INT(done_abandoned, 1);
	CHECK_EQ_INT(ipfrag_pending(t), 0);

	/* a zero-length last fragment completes a datagram exactly */
	done_completed = 0;
	k.id = 8888;
	ipfrag_add(t, &k, 0, true, data, 16, 1, 1);
	ipfrag_add(t, &k, 16, false, data, 0, 2, 2);
	CHECK_EQ_INT(done_completed, 1);
	/* a second "last fragment" that would cut held data is ignored */
	k.id = 9999;
	done_completed = 0;
	ipfrag_add(t, &k, 16, true, data, 16, 1, 1);
	ipfrag_add(t, &k, 0, false, data, 8, 2, 2);
	CHECK_EQ_INT(done_completed, 0);
	ipfrag_add(t, &k, 32, false, data, 8, 3, 3);
	CHECK_EQ_INT(done_completed, 0);      /* bytes 8..16 still missing */
	ipfrag_add(t, &k, 0, true, data, 16, 4, 4);
	CHECK_EQ_INT(done_completed, 1);
	ipfrag_free(t);
}

static void test_ipv6_fragments(void)
{
	uint8_t dg[600], f[800];
	size_t dlen = udp_hdr(dg, 5062, 15060, SIPLEN);
	memcpy(dg + dlen, SIP, SIPLEN);
	dlen += SIPLEN;
	fresh();
	/* second piece first */
	size_t n = ipv6_hdr(f, A6, B6, 44, 8 + (dlen - 24));
	f[n] = 17; put16(f + n + 2, 24); put32(f + n + 4, 0xABCDEF01); n += 8;
	memcpy(f + n, dg + 24, dlen - 24);
	feed(dec, LINK_RAW, f, n + dlen - 24, 5);
	CHECK_EQ_INT(rec_ndg, 0);
	n = ipv6_hdr(f, A6, B6, 44, 8 + 24);
	f[n] = 17; put16(f + n + 2, 0 | 1); put32(f + n + 4, 0xABCDEF01); n += 8;
	memcpy(f + n, dg, 24);
	feed(dec, LINK_RAW, f, n + 24, 6);
	CHECK(got_sip());
	CHECK(rec_dg[0].meta.flags & MF_IP_FRAGMENTED);
	CHECK_EQ_INT(store_ep(st, rec_dg[0].meta.src)->port, 5062);
}

static void test_tunnels(void)
{
	uint8_t f[1024], inner[512];
	size_t in = ip4_udp(inner, A4, B4, 5060, 5060, SIP, SIPLEN);

	/* IP-in-IP (4) */
	fresh();
	size_t n = ipv4_hdr(f, B4, A4, 4, 1, 0, in);
	memcpy(f + n, inner, in);
	feed(dec, LINK_RAW, f, n + in, 1);
	CHECK(got_sip());

	/* IPv6 in IPv4 (41) */
	fresh();
	uint8_t inner6[512];
	size_t in6 = ip6_udp(inner6, A6, B6, 5060, 5060, SIP, SIPLEN);
	n = ipv4_hdr(f, B4, A4, 41, 1, 0, in6);
	memcpy(f + n, inner6, in6);
	feed(dec, LINK_RAW, f, n + in6, 1);
	CHECK(got_sip());

	/* GRE with key and sequence, IPv4 inside */
	fresh();
	n = ipv4_hdr(f, B4, A4, 47, 1, 0, 12 + in);
	put16(f + n, 0x3000); put16(f + n + 2, 0x0800); memset(f + n + 4, 0, 8);
	memcpy(f + n + 12, inner, in);
	feed(dec, LINK_RAW, f, n + 12 + in, 1);
	CHECK(got_sip());

	/* QinQ + PPPoE + PPP + GRE v1 (PPTP) + PPP + IPv4, as nDPI's capture */
	fresh();
	n = eth_hdr(f, 0x88A8);
	put16(f + n, 1); put16(f + n + 2, 0x8100); n += 4;
	put16(f + n, 2); put16(f + n + 2, 0x8864); n += 4;
	size_t pppoe = n;
	f[n] = 0x11; f[n + 1] = 0; put16(f + n + 2, 1); n += 6;
	put16(f + n, 0x0021); n += 2;
	size_t gre_len = 12 + 4 + in;
	n += ipv4_hdr(f + n, B4, A4, 47, 1, 0, gre_len);
	put16(f + n, 0x3001); put16(f + n + 2, 0x880B); put16(f + n + 4, (uint16_t)(4 + in));
	put16(f + n + 6, 7); put32(f + n + 8, 1); n += 12;
	f[n] = 0xFF; f[n + 1] = 0x03; put16(f + n + 2, 0x0021); n += 4;
	memcpy(f + n, inner, in);
	n += in;
	put16(f + pppoe + 4, (uint16_t)(n - pppoe - 6));
	feed(dec, LINK_ETHERNET, f, n, 1);
	CHECK(got_sip());

	/* GTP-U on UDP 2152 with a sequence number, IPv6 inside */
	fresh();
	uint8_t gtp[600];
	gtp[0] = 0x32; gtp[1] = 0xFF; put16(gtp + 2, (uint16_t)(4 + in6)); put32(gtp + 4, 77);
	put16(gtp + 8, 1); gtp[10] = 0; gtp[11] = 0;
	memcpy(gtp + 12, inner6, in6);
	n = ip4_udp(f, B4, A4, 2152, 2152, gtp, 12 + in6);
	feed(dec, LINK_RAW, f, n, 1);
	CHECK(got_sip());

	/* VXLAN (UDP 4789) carrying Ethernet + IPv4 */
	fresh();
	uint8_t vx[600] = { 0x08 };
	put32(vx + 4, 42 << 8);
	size_t vn = 8 + eth_hdr(vx + 8, 0x0800);
	memcpy(vx + vn, inner, in);
	n = ip4_udp(f, B4, A4, 50000, 4789, vx, vn + in);
	feed(dec, LINK_RAW, f, n, 1);
	CHECK(got_sip());

	/* MPLS: two labels, bottom of stack, then IPv4 */
	fresh();
	n = eth_hdr(f, 0x8847);
	put32(f + n, 100 << 12 | 64); n += 4;
	put32(f + n, 200 << 12 | 0x100 | 64); n += 4;
	memcpy(f + n, inner, in);
	feed(dec, LINK_ETHERNET, f, n + in, 1);
	CHECK(got_sip());

	/* nesting deeper than the bound stops quietly */
	fresh();
	uint8_t nest[1024];
	size_t len = in;
	memcpy(nest, inner, in);
	for (int i = 0; i < DECODE_MAX_DEPTH + 2; i++) {
		uint8_t tmp[1024];
		size_t h = ipv4_hdr(tmp, B4, A4, 4, 1, 0, len);
		memcpy(tmp + h, nest, len);
		len += h;
		memcpy(nest, tmp, len);
	}
	feed(dec, LINK_RAW, nest, len, 1);
	CHECK_EQ_INT(rec_ndg, 0);
}

static void test_udp_dispatch_and_counters(void)
{
	uint8_t f[512];
	fresh();
	/* RTP-like payload: not handed to SIP, counted non_sip */
	uint8_t rtp[172] = { 0x80, 0x00 };
	size_t n = ip4_udp(f, A4, B4, 16384, 16386, rtp, sizeof rtp);
	CHECK(!feed(dec, LINK_RAW, f, n, 5));
	CHECK_EQ_INT(rec_ndg, 0);
	/* CRLF keep-alive goes to the SIP layer */
	n = ip4_udp(f, A4, B4, 5060, 5060, "\r\n\r\n", 4);
	feed(dec, LINK_RAW, f, n, 6);
	CHECK_EQ_INT(rec_ndg, 1);
	/* SIP on an odd port is still SIP */
	n = ip4_udp(f, A4, B4, 40000, 41000, SIP, SIPLEN);
	feed(dec, LINK_RAW, f, n, 7);
	CHECK_EQ_INT(rec_ndg, 2);
	/* short Ethernet frame and a non-IP version nibble: undecodable */
	feed(dec, LINK_ETHERNET, f, 10, 8);
	uint8_t bad[40] = { 0x75 };
	feed(dec, LINK_RAW, bad, sizeof bad, 9);
	/* ARP is a readable frame, just not ours */
	n = eth_hdr(f, 0x0806);
	memset(f + n, 0, 28);
	feed(dec, LINK_ETHERNET, f, n + 28, 4);
	const struct capture_stats *cs = store_stats_c(st);
	CHECK_EQ_INT(cs->packets, 6);
	CHECK_EQ_INT(cs->undecodable, 2);
	CHECK_EQ_INT(cs->first, 4);
	CHECK_EQ_INT(cs->last, 9);
	/* the recording sink adds nothing to the store, so every frame except
	 * the undecodable ones counts as non-SIP here */
	CHECK_EQ_INT(cs->non_sip, 4);

	/* snaplen cut: the IP length says more than is present */
	fresh();
	n = ip4_udp(f, A4, B4, 5060, 5060, SIP, SIPLEN);
	feed(dec, LINK_RAW, f, n - 10, 1);
	CHECK_EQ_INT(rec_ndg, 1);
	CHECK(rec_dg[0].meta.flags & MF_TRUNCATED);
	CHECK_EQ_INT(rec_dg[0].len, SIPLEN - 10);
}

static void test_icmp_quote(void)
{
	uint8_t f[512], q[512];
	fresh();
	/* port unreachable from B quoting our SIP packet A -> B */
	size_t ql = ip4_udp(q, A4, B4, 5060, 5060, SIP, SIPLEN);
	size_t n = ipv4_hdr(f, B4, A4, 1, 1, 0, 8 + ql);
	f[n] = 3; f[n + 1] = 3; memset(f + n + 2, 0, 6);
	memcpy(f + n + 8, q, ql);
	CHECK(feed(dec, LINK_RAW, f, n + 8 + ql, 1));
	CHECK_EQ_INT(rec_ndg, 0);           /* the quoted SIP is not SIP traffic */
	CHECK_EQ_INT(store_icmp_count(st), 1);
	const struct icmp_event *ie = store_icmp(st, 0);
	CHECK(ie->unreachable && ie->port_unreachable);
	CHECK_EQ_INT(ie->quoted_proto, 17);
	CHECK_EQ_INT(store_ep(st, ie->quoted_dst)->port, 5060);
	CHECK(!memcmp(store_ep(st, ie->quoted_dst)->addr, B4, 4));
	CHECK(!memcmp(store_ep(st, ie->from)->addr, B4, 4));

	/* ICMPv6 type 1 code 4 quoting IPv6 UDP */
	ql = ip6_udp(q, A6, B6, 5060, 5070, SIP, SIPLEN);
	n = ipv6_hdr(f, B6, A6, 58, 8 + ql);
	f[n] = 1; f[n + 1] = 4; memset(f + n + 2, 0, 6);
	memcpy(f + n + 8, q, ql);
	feed(dec, LINK_RAW, f, n + 8 + ql, 2);
	CHECK_EQ_INT(store_icmp_count(st), 2);
	ie = store_icmp(st, 1);
	CHECK(ie->port_unreachable);
	CHECK_EQ_INT(ie->family, 6);
	CHECK_EQ_INT(store_ep(st, ie->quoted_dst)->port, 5070);

	/* an echo request is not an error event */
	n = ipv4_hdr(f, B4, A4, 1, 1, 0, 8);
	f[n] = 8; memset(f + n + 1, 0, 7);
	feed(dec, LINK_RAW, f, n + 8, 3);
	CHECK_EQ_INT(store_icmp_count(st), 2);
	/* quote cut short: event kept, no quoted endpoints */
	n = ipv4_hdr(f, B4, A4, 1, 1, 0, 8 + 10);
	f[n] = 3; f[n + 1] = 1; memset(f + n + 2, 0, 16);
	feed(dec, LINK_RAW, f, n + 18, 4);
	CHECK_EQ_INT(store_icmp_count(st), 3);
	CHECK_EQ_INT(store_icmp(st, 2)->quoted_dst, 0);
}

static void test_dns_to_store(void)
{
	uint8_t f[512], m[256];
	fresh();
	/* response: _sip._udp.example.com SRV 10 60 5060 sip.example.com */
	size_t n = 0;
	put16(m, 0x1234); put16(m + 2, 0x8180); put16(m + 4, 1); put16(m + 6, 1);
	put32(m + 8, 0);
	n = 12;
	static const char qn[] = "\x04_sip\x04_udp\x07""example\x03""com";
	memcpy(m + n, qn, sizeof qn); n += sizeof qn;   /* includes the root 0 */
	put16(m + n, 33); put16(m + n + 2, 1); n += 4;
	m[n] = 0xC0; m[n + 1] = 12; n += 2;
	put16(m + n, 33); put16(m + n + 2, 1); put32(m + n + 4, 300);
	size_t rdl = n + 8; n += 10;
	size_t rd = n;
	put16(m + n, 10); put16(m + n + 2, 60); put16(m + n + 4, 5060); n += 6;
	m[n++] = 3; memcpy(m + n, "sip", 3); n += 3;
	m[n] = 0xC0; m[n + 1] = 12 + 5 + 5; n += 2;  /* -> example.com */
	put16(m + rdl, (uint16_t)(n - rd));
	size_t fl = ip4_udp(f, B4, A4, 53, 33333, m, n);
	CHECK(feed(dec, LINK_RAW, f, fl, 1));
	CHECK_EQ_INT(rec_ndg, 0);
	CHECK_EQ_INT(store_dns_count(st), 1);
	const struct dns_event *de = store_dns(st, 0);
	CHECK(de->response);
	CHECK_EQ_INT(de->id, 0x1234);
	CHECK_EQ_INT(de->qtype, 33);
	CHECK_EQ_STR(store_str(st, de->qname), "_sip._udp.example.com");
	CHECK_EQ_INT(de->answers_count, 1);
	const struct dns_answer *a = store_dns_answers(st, de);
	CHECK_EQ_INT(a[0].ttl, 300);
	CHECK_EQ_STR(store_str(st, a[0].data), "10 60 5060 sip.example.com");
}

int main(void)
{
	test_link_layers();
	test_ipv4_options_and_padding();
	test_ipv6_ext_headers();
	test_ipv4_fragments();
	test_fragment_bounds();
	test_ipv6_fragments();
	test_tunnels();
	test_udp_dispatch_and_counters();
	test_icmp_quote();
	test_dns_to_store();
	decoder_free(dec);
	store_free(st);
	rec_reset();
	return test_done();
}
