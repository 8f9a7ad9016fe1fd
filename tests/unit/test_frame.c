/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_frame.c - the frame walker (net/frame.h) and the checksum repair
 * over it (net/checksum.h), on frames built in memory: the layers it
 * reports and where, how a walk ends, when a frame is unreadable, the
 * depth bound, the flow the export matches, and every checksum after a
 * repair, checked here by an independent sum.
 */
#include "testlib.h"
#include "decode_pkt.h"
#include "net/checksum.h"
#include "net/frame.h"

static const char SIP[] = "OPTIONS sip:a@192.0.2.10 SIP/2.0\r\nCall-ID: x\r\n\r\n";
#define SIPLEN (sizeof SIP - 1)

/* The layer kinds of a walk as words: "link vlan ipv4 udp". */
static const char *shape(const struct frame_walk *w)
{
	static char buf[512];
	static const char *const names[] = {
		[FL_LINK] = "link", [FL_VLAN] = "vlan", [FL_MPLS] = "mpls", [FL_PPPOE] = "pppoe",
		[FL_PPP] = "ppp", [FL_ETHER] = "ether", [FL_IPV4] = "ipv4", [FL_IPV6] = "ipv6",
		[FL_GRE] = "gre", [FL_UDP] = "udp", [FL_GTPU] = "gtpu", [FL_VXLAN] = "vxlan",
		[FL_TCP] = "tcp", [FL_ICMP] = "icmp",
	};
	buf[0] = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, w->layer[i].kind <= FL_ICMP ? names[w->layer[i].kind] : "?");
	}
	return buf;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* ---- an independent checksum ---- */

static uint32_t sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static bool sum_ok(const uint8_t *p, size_t n, uint32_t pseudo)
{
	uint32_t s = sum(p, n, pseudo);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

static bool ip4_ok(const uint8_t *ip) { return sum_ok(ip, (size_t)(ip[0] & 15) * 4, 0); }

/* The UDP or TCP segment at l4 (l4len bytes) in the IPv4 or IPv6 packet ip. */
static bool l4_ok(const uint8_t *ip, const uint8_t *l4, size_t l4len, uint8_t proto)
{
	bool v6 = (ip[0] >> 4) == 6;
	uint32_t pseudo = v6 ? sum(ip + 8, 32, 0) : sum(ip + 12, 8, 0);
	return sum_ok(l4, l4len, pseudo + proto + (uint32_t)l4len);
}

/* ---- frames ---- */

/* Ethernet | IPv4 | UDP 4789 | VXLAN | Ethernet | IPv4 | UDP 5060 | SIP;
 * returns the length, *inner where the inner IPv4 header is. */
static size_t vxlan_frame(uint8_t *f, bool outer_csum, size_t *inner)
{
	uint8_t in[512], vx[600] = { 0x08 };
	size_t in_len = ip4_udp(in, A4, B4, 5060, 5060, SIP, SIPLEN);
	put32(vx + 4, 5001 << 8);
	size_t vn = 8 + eth_hdr(vx + 8, 0x0800);
	memcpy(vx + vn, in, in_len);
	size_t n = eth_hdr(f, 0x0800);
	n += ip4_udp(f + n, B4, A4, 49152, 4789, vx, vn + in_len);
	*inner = 14 + 20 + 8 + vn;
	if (outer_csum)
		put16(f + 14 + 20 + 6, 0x1111);
	return n;
}

/* ---- the walk ---- */

static void test_shapes(void)
{
	uint8_t f[1200], in[512];
	struct frame_walk w;
	size_t in_len = ip4_udp(in, A4, B4, 5060, 5060, SIP, SIPLEN);

	/* Ethernet, IPv4, UDP: where each starts and ends */
	size_t n = eth_hdr(f, 0x0800);
	memcpy(f + n, in, in_len);
	n += in_len;
	f[n++] = 0;                                 /* Ethernet padding, not payload */
	frame_walk(&w, f, n, LINK_ETHERNET);
	CHECK_EQ_STR(shape(&w), "link ipv4 udp");
	CHECK(w.readable);
	CHECK_EQ_INT(w.end, FE_UDP);
	CHECK_EQ_INT(w.ip, 1);
	CHECK_EQ_INT(w.layer[1].off, 14);
	CHECK_EQ_INT(w.layer[1].data, 34);
	CHECK_EQ_INT(w.layer[1].end, 14 + in_len);
	CHECK_EQ_INT(w.layer[1].proto, 17);
	CHECK_EQ_INT(w.layer[2].data, 42);
	CHECK_EQ_INT(w.layer[2].end - w.layer[2].data, SIPLEN);

	/* QinQ, PPPoE, PPP, IPv4, PPTP's GRE, PPP, IPv4, UDP */
	n = eth_hdr(f, 0x88A8);
	put16(f + n, 1); put16(f + n + 2, 0x8100); n += 4;
	put16(f + n, 2); put16(f + n + 2, 0x8864); n += 4;
	f[n] = 0x11; f[n + 1] = 0; put16(f + n + 2, 1); put16(f + n + 4, (uint16_t)(2 + 20 + 16 + in_len)); n += 6;
	put16(f + n, 0x0021); n += 2;
	n += ipv4_hdr(f + n, B4, A4, 47, 1, 0, 16 + in_len);
	put16(f + n, 0x3001); put16(f + n + 2, 0x880B); put16(f + n + 4, (uint16_t)(4 + in_len));
	put16(f + n + 6, 7); put32(f + n + 8, 1); n += 12;
	f[n] = 0xFF; f[n + 1] = 0x03; put16(f + n + 2, 0x0021); n += 4;
	memcpy(f + n, in, in_len);
	n += in_len;
	frame_walk(&w, f, n, LINK_ETHERNET);
	CHECK_EQ_STR(shape(&w), "link vlan pppoe ppp ipv4 gre ppp ipv4 udp");
	CHECK_EQ_INT(w.layer[1].off, 14);
	CHECK_EQ_INT(w.layer[1].data, 22);          /* both tags in one run */
	CHECK_EQ_INT(w.layer[7].depth, 1);
	CHECK_EQ_INT(w.ip, 7);
	CHECK_EQ_INT(w.end, FE_UDP);

	/* MPLS: two labels, the bottom of stack on the second */
	n = eth_hdr(f, 0x8847);
	put32(f + n, 100 << 12 | 64); n += 4;
	put32(f + n, 200 << 12 | 0x100 | 64); n += 4;
	memcpy(f + n, in, in_len);
	frame_walk(&w, f, n + in_len, LINK_ETHERNET);
	CHECK_EQ_STR(shape(&w), "link mpls ipv4 udp");
	CHECK_EQ_INT(w.layer[1].data, 22);
	CHECK_EQ_INT(w.layer[2].off, 22);

	/* VXLAN over IPv4 */
	size_t inner;
	n = vxlan_frame(f, false, &inner);
	frame_walk(&w, f, n, LINK_ETHERNET);
	CHECK_EQ_STR(shape(&w), "link ipv4 udp vxlan ether ipv4 udp");
	CHECK(w.layer[2].flags & FLF_TUNNEL);
	CHECK(!(w.layer[6].flags & FLF_TUNNEL));
	CHECK_EQ_INT(w.layer[5].off, inner);
	CHECK_EQ_INT(w.layer[5].depth, 1);
	CHECK_EQ_INT(w.ip, 5);

	/* GRE-TEB: an Ethernet frame with a VLAN tag, then IPv6 and TCP */
	uint8_t in6[512];
	size_t in6_len = ipv6_hdr(in6, A6, B6, 6, 20 + SIPLEN);
	in6_len += tcp_hdr(in6 + in6_len, 5060, 40000, 1, 0x18);
	memcpy(in6 + in6_len, SIP, SIPLEN);
	in6_len += SIPLEN;
	n = ipv4_hdr(f, B4, A4, 47, 1, 0, 4 + 18 + in6_len);
	put16(f + n, 0); put16(f + n + 2, 0x6558); n += 4;
	n += eth_hdr(f + n, 0x8100);
	put16(f + n, 42); put16(f + n + 2, 0x86DD); n += 4;
	memcpy(f + n, in6, in6_len);
	n += in6_len;
	frame_walk(&w, f, n, LINK_RAW);
	CHECK_EQ_STR(shape(&w), "ipv4 gre ether vlan ipv6 tcp");
	CHECK_EQ_INT(w.layer[4].depth, 2);          /* GRE, then the bridged Ethernet */
	CHECK_EQ_INT(w.end, FE_TCP);
	CHECK_EQ_INT(w.layer[5].data, 20 + 4 + 18 + 40 + 20);
	struct pkt_flow fl;
	CHECK(frame_flow(&w, &fl));
	CHECK_EQ_INT(fl.family, 6);
	CHECK_EQ_INT(fl.sport, 5060);
	CHECK_EQ_INT(fl.dport, 40000);
	CHECK_EQ_INT(fl.payload_off, 20 + 4 + 18 + 40 + 20);
	CHECK_EQ_INT(fl.payload_len, SIPLEN);
	CHECK_EQ_INT(fl.ip_off, 0);

	/* GTP-U with an extension header (E flag), IPv6 inside */
	uint8_t gtp[700] = { 0x34, 0xFF };
	size_t in6u = ip6_udp(in6, A6, B6, 5060, 5060, SIP, SIPLEN);
	put32(gtp + 4, 77);
	gtp[11] = 0x85;                             /* PDU session container follows */
	gtp[12] = 1; gtp[13] = 0x10; gtp[14] = 0x09; gtp[15] = 0;   /* 4 bytes, no next */
	memcpy(gtp + 16, in6, in6u);
	put16(gtp + 2, (uint16_t)(8 + in6u));
	n = ip4_udp(f, B4, A4, 2152, 2152, gtp, 16 + in6u);
	frame_walk(&w, f, n, LINK_RAW);
	CHECK_EQ_STR(shape(&w), "ipv4 udp gtpu ipv6 udp");
	CHECK_EQ_INT(w.layer[2].data, 20 + 8 + 16);
	/* the S flag alone: the next-extension byte is there but not read */
	gtp[0] = 0x32;
	gtp[11] = 0x85;
	memcpy(gtp + 12, in6, in6u);
	n = ip4_udp(f, B4, A4, 2152, 2152, gtp, 12 + in6u);
	frame_walk(&w, f, n, LINK_RAW);
	CHECK_EQ_STR(shape(&w), "ipv4 udp gtpu ipv6 udp");
	/* a GTP-U message that is no G-PDU (an echo): the UDP ends the walk, not for SIP */
	f[20 + 8 + 1] = 1;                          /* message type: echo request */
	frame_walk(&w, f, n, LINK_RAW);
	CHECK_EQ_STR(shape(&w), "ipv4 udp");
	CHECK_EQ_INT(w.end, FE_NONE);

	/* IPv6 with a Hop-by-Hop header, first fragment of a UDP datagram */
	n = ipv6_hdr(f, A6, B6, 0, 8 + 8 + 8 + 16);
	f[40] = 44; f[41] = 0; memset(f + 42, 0, 6);
	f[48] = 17; f[49] = 0; put16(f + 50, 1); put32(f + 52, 0xABCD);
	udp_hdr(f + 56, 5062, 5060, 100);
	frame_walk(&w, f, 40 + 8 + 8 + 8 + 16, LINK_RAW_IPV6);
	CHECK_EQ_STR(shape(&w), "ipv6");
	CHECK_EQ_INT(w.end, FE_FRAGMENT);
	CHECK_EQ_INT(w.layer[0].proto, 17);
	CHECK_EQ_INT(w.layer[0].data, 56);
	CHECK_EQ_INT(w.fragment.id, 0xABCD);
	CHECK_EQ_INT(w.fragment.offset, 0);
	CHECK(w.fragment.more);
	CHECK(frame_flow(&w, &fl));
	CHECK(fl.fragment);
	CHECK_EQ_INT(fl.sport, 5062);               /* a first fragment has the ports */

	/* Linux cooked v2 and BSD loopback */
	memset(f, 0, 20); put16(f, 0x0800);
	memcpy(f + 20, in, in_len);
	frame_walk(&w, f, 20 + in_len, LINK_SLL2);
	CHECK_EQ_STR(shape(&w), "link ipv4 udp");
	CHECK_EQ_INT(w.layer[1].off, 20);
	f[0] = 2; f[1] = f[2] = f[3] = 0;
	memcpy(f + 4, in, in_len);
	frame_walk(&w, f, 4 + in_len, LINK_NULL);
	CHECK_EQ_STR(shape(&w), "link ipv4 udp");
	size_t off;
	CHECK(frame_ip_offset(f, 4 + in_len, LINK_NULL, &off) && off == 4);
}

/* Unreadable means the link layer or the first IP header could not be
 * read; anything after that leaves the frame readable. */
static void test_readable(void)
{
	uint8_t f[600] = { 0 }, in[512];
	struct frame_walk w;
	size_t in_len = ip4_udp(in, A4, B4, 5060, 5060, SIP, SIPLEN);

	frame_walk(&w, f, 10, LINK_ETHERNET);
	CHECK(!w.readable);
	CHECK_EQ_INT(w.n, 0);

	size_t n = eth_hdr(f, 0x0806);              /* ARP */
	memset(f + n, 0, 28);
	frame_walk(&w, f, n + 28, LINK_ETHERNET);
	CHECK(w.readable);
	CHECK_EQ_INT(w.end, FE_NONE);
	CHECK_EQ_INT(w.ip, FRAME_NO_LAYER);
	CHECK(!pkt_flow(f, n + 28, LINK_ETHERNET, &(struct pkt_flow){ 0 }));

	memcpy(f, in, in_len);
	f[0] = 0x44;                                /* header length 16: broken */
	frame_walk(&w, f, in_len, LINK_RAW);
	CHECK(!w.readable);

	/* GRE around a broken IPv4 header: the outer packet was readable */
	n = ipv4_hdr(f, B4, A4, 47, 1, 0, 4 + 10);
	put16(f + n, 0); put16(f + n + 2, 0x0800);
	memset(f + n + 4, 0x45, 10);
	frame_walk(&w, f, n + 4 + 10, LINK_RAW);
	CHECK(w.readable);
	CHECK_EQ_STR(shape(&w), "ipv4 gre");
	CHECK_EQ_INT(w.end, FE_NONE);

	/* nine VLAN tags: more than the walker steps over */
	n = eth_hdr(f, 0x8100);
	for (int i = 0; i < 9; i++) {
		put16(f + n, 1); put16(f + n + 2, i < 8 ? 0x8100 : 0x0800);
		n += 4;
	}
	memcpy(f + n, in, in_len);
	frame_walk(&w, f, n + in_len, LINK_ETHERNET);
	CHECK(!w.readable);

	/* the IP length beyond the bytes present: cut, the missing bytes known */
	memcpy(f, in, in_len);
	frame_walk(&w, f, in_len - 10, LINK_RAW);
	CHECK(w.readable);
	CHECK(w.layer[0].flags & FLF_CUT);
	CHECK_EQ_INT(frame_ip_claimed(&w, &w.layer[0]), in_len);
	CHECK_EQ_INT(frame_ip_missing(&w, &w.layer[0]), 10);
	CHECK(w.layer[1].flags & FLF_CUT);          /* and the UDP length too */
}

/* Tunnels nest at most FRAME_MAX_DEPTH deep; a reassembled datagram's
 * payload is walked without its tunnels. */
static void test_depth(void)
{
	uint8_t nest[1200], tmp[1200], in[512];
	struct frame_walk w;
	size_t len = ip4_udp(in, A4, B4, 5060, 5060, SIP, SIPLEN);
	memcpy(nest, in, len);
	for (int i = 0; i < FRAME_MAX_DEPTH; i++) {
		size_t h = ipv4_hdr(tmp, B4, A4, 4, 1, 0, len);
		memcpy(tmp + h, nest, len);
		len += h;
		memcpy(nest, tmp, len);
	}
	frame_walk(&w, nest, len, LINK_RAW);
	CHECK_EQ_INT(w.n, FRAME_MAX_DEPTH + 2);     /* every IPv4 header, then UDP */
	CHECK_EQ_INT(w.end, FE_UDP);
	size_t h = ipv4_hdr(tmp, B4, A4, 4, 1, 0, len);
	memcpy(tmp + h, nest, len);
	frame_walk(&w, tmp, len + h, LINK_RAW);
	CHECK_EQ_INT(w.n, FRAME_MAX_DEPTH + 1);     /* one too deep: stops quietly */
	CHECK_EQ_INT(w.end, FE_NONE);
	CHECK(w.readable);

	uint8_t vx[600] = { 0x08 };
	size_t vn = 8 + eth_hdr(vx + 8, 0x0800);
	memcpy(vx + vn, in, len = ip4_udp(in, A4, B4, 5060, 5060, SIP, SIPLEN));
	uint8_t dg[700];
	size_t dl = udp_hdr(dg, 40000, 4789, vn + len);
	memcpy(dg + dl, vx, vn + len);
	frame_walk_transport(&w, dg, dl + vn + len, 17, 4);
	CHECK_EQ_STR(shape(&w), "udp");
	CHECK_EQ_INT(w.end, FE_NONE);
	put16(dg + 2, 5060);
	frame_walk_transport(&w, dg, dl + vn + len, 17, 4);
	CHECK_EQ_INT(w.end, FE_UDP);
	frame_walk_transport(&w, dg, 8, 1, 6);      /* ICMPv4 in IPv6: not ours */
	CHECK_EQ_INT(w.end, FE_NONE);
}

/* ---- the repair ---- */

static void test_checksums(void)
{
	uint8_t f[1200];
	size_t inner;

	/* VXLAN with an outer UDP checksum: everything wrong, everything repaired */
	size_t n = vxlan_frame(f, true, &inner);
	uint8_t *oip = f + 14, *oudp = oip + 20, *iip = f + inner, *iudp = iip + 20;
	put16(oip + 10, 0xdead);
	put16(iip + 10, 0xbeef);
	put16(iudp + 6, 0x1234);
	pkt_fix_checksums(f, n, LINK_ETHERNET);
	CHECK(ip4_ok(oip));
	CHECK(ip4_ok(iip));
	CHECK(l4_ok(iip, iudp, 8 + SIPLEN, 17));
	CHECK(l4_ok(oip, oudp, n - 34, 17));        /* covers the repaired inner packet */

	/* ... and without one: the outer UDP checksum stays 0 (none) */
	n = vxlan_frame(f, false, &inner);
	put16(f + inner + 20 + 6, 0x1234);
	pkt_fix_checksums(f, n, LINK_ETHERNET);
	CHECK_EQ_INT(get16(oudp + 6), 0);
	CHECK(l4_ok(f + inner, f + inner + 20, 8 + SIPLEN, 17));

	/* MPLS, then IPv4 and TCP */
	uint8_t seg[600];
	n = eth_hdr(f, 0x8847);
	put32(f + n, 300 << 12 | 0x100 | 64); n += 4;
	size_t ipl = ip4_tcp(seg, A4, B4, 5060, 40000, 9, 0x18, SIP, SIPLEN);
	memcpy(f + n, seg, ipl);
	pkt_fix_checksums(f, n + ipl, LINK_ETHERNET);
	CHECK(ip4_ok(f + n));
	CHECK(l4_ok(f + n, f + n + 20, 20 + SIPLEN, 6));

	/* GRE-TEB with a GRE checksum, IPv6 and UDP inside (mandatory checksum) */
	uint8_t in6[512];
	size_t in6_len = ip6_udp(in6, A6, B6, 5060, 5060, SIP, SIPLEN);
	n = ipv4_hdr(f, B4, A4, 47, 1, 0, 8 + 14 + in6_len);
	put16(f + n, 0x8000); put16(f + n + 2, 0x6558); put32(f + n + 4, 0x12340000);
	size_t gre = n;
	n += 8;
	n += eth_hdr(f + n, 0x86DD);
	memcpy(f + n, in6, in6_len);
	pkt_fix_checksums(f, n + in6_len, LINK_RAW);
	CHECK(ip4_ok(f));
	CHECK(get16(f + n + 40 + 6) != 0);
	CHECK(l4_ok(f + n, f + n + 40, 8 + SIPLEN, 17));
	CHECK(sum_ok(f + gre, 8 + 14 + in6_len, 0));

	/* a frame the snapshot length cut, and a first fragment: UDP over IPv4
	 * gets checksum 0, the header checksum still holds */
	uint8_t in[512];
	size_t in_len = ip4_udp(in, A4, B4, 5060, 5060, SIP, SIPLEN);
	memcpy(f, in, in_len);
	put16(f + 26, 0x5555);
	pkt_fix_checksums(f, in_len - 8, LINK_RAW);
	CHECK_EQ_INT(get16(f + 26), 0);
	CHECK(ip4_ok(f));
	memcpy(f, in, in_len);
	put16(f + 6, 0x2000);                       /* more fragments */
	put16(f + 26, 0x5555);
	pkt_fix_checksums(f, in_len, LINK_RAW);
	CHECK_EQ_INT(get16(f + 26), 0);
	CHECK(ip4_ok(f));

	/* an ICMP error quoting an IPv4 header: the quote's checksum too */
	n = ipv4_hdr(f, B4, A4, 1, 1, 0, 8 + 28);
	memset(f + n, 0, 8);
	f[n] = 3; f[n + 1] = 3;
	memcpy(f + n + 8, in, 28);
	put16(f + n + 8 + 10, 0x7777);
	pkt_fix_checksums(f, n + 36, LINK_RAW);
	CHECK(ip4_ok(f));
	CHECK(ip4_ok(f + n + 8));
	CHECK(sum_ok(f + n, 36, 0));
}

int main(void)
{
	test_shapes();
	test_readable();
	test_depth();
	test_checksums();
	return test_done();
}
