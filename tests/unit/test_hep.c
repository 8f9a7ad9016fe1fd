/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_hep.c - the HEP reader and writer (src/net/hep.c) on packets built
 * byte by byte as the agents lay them out: HEPv3 from the specification's
 * chunk table, HEPv2 as Kamailio's siptrace and sngrep copy their structs
 * (time header in the sender's byte order), and broken ones; and HEP
 * cut from TCP streams (src/net/hepstream.c); and the reorder window
 * that puts HEP-carried messages back in HEP-time order (src/net/heporder.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/hep.h"
#include "net/heporder.h"
#include "net/hepstream.h"
#include "net/sink.h"
#include "testlib.h"

static size_t put(uint8_t *b, size_t off, const void *v, size_t n)
{
	memcpy(b + off, v, n);
	return off + n;
}

static size_t chunk(uint8_t *b, size_t off, uint16_t vendor, uint16_t type, const void *v, size_t n)
{
	uint8_t h[6] = { (uint8_t)(vendor >> 8), (uint8_t)vendor, (uint8_t)(type >> 8), (uint8_t)type,
	                 (uint8_t)((n + 6) >> 8), (uint8_t)(n + 6) };
	off = put(b, off, h, 6);
	return put(b, off, v, n);
}

static const char sip[] = "OPTIONS sip:x SIP/2.0\r\n\r\n";

/* A HEPv3 packet like siptrace's, with extra chunks a reader must skip. */
static size_t v3_packet(uint8_t *b, bool with_key, bool with_junk)
{
	size_t o = put(b, 0, "HEP3\0\0", 6);
	uint8_t fam = 2, proto = 17, ptype = 1;
	uint8_t src[4] = { 10, 0, 0, 1 }, dst[4] = { 10, 0, 0, 2 };
	uint8_t sp[2] = { 0x13, 0xc4 }, dp[2] = { 0x13, 0xc5 };         /* 5060, 5061 */
	uint8_t sec[4] = { 0x65, 0x92, 0x00, 0x80 }, usec[4] = { 0, 0x01, 0xe2, 0x40 };   /* 123456 us */
	uint8_t capid[4] = { 0, 0, 0x07, 0xd1 };                        /* 2001 */
	o = chunk(b, o, 0, 1, &fam, 1);
	o = chunk(b, o, 0, 2, &proto, 1);
	o = chunk(b, o, 0, 3, src, 4);
	o = chunk(b, o, 0, 4, dst, 4);
	o = chunk(b, o, 0, 7, sp, 2);
	o = chunk(b, o, 0, 8, dp, 2);
	o = chunk(b, o, 0, 9, sec, 4);
	o = chunk(b, o, 0, 10, usec, 4);
	o = chunk(b, o, 0, 11, &ptype, 1);
	o = chunk(b, o, 0, 12, capid, 4);
	if (with_junk) {
		o = chunk(b, o, 0, 17, "corr-id", 7);       /* correlation id: not read */
		o = chunk(b, o, 0x1234, 15, "NOT-SIP", 7);   /* a vendor's chunk, even type 15 */
	}
	if (with_key)
		o = chunk(b, o, 0, 14, "myKey", 5);
	o = chunk(b, o, 0, 19, "pbx-1", 5);
	o = chunk(b, o, 0, 15, sip, sizeof sip - 1);
	b[4] = (uint8_t)(o >> 8);
	b[5] = (uint8_t)o;
	return o;
}

static void test_v3(void)
{
	uint8_t b[512];
	struct hep_packet p;
	const char *why;
	size_t n = v3_packet(b, true, true);
	CHECK(hep_is_v3(b, n));
	CHECK_EQ_INT(hep_parse(b, n, &p, &why), HEP_OK);
	CHECK_EQ_INT(p.version, 3);
	CHECK_EQ_INT(p.family, 4);
	CHECK_EQ_INT(p.ip_proto, 17);
	CHECK(!memcmp(p.src, "\x0a\x00\x00\x01", 4) && !memcmp(p.dst, "\x0a\x00\x00\x02", 4));
	CHECK_EQ_INT(p.sport, 5060);
	CHECK_EQ_INT(p.dport, 5061);
	CHECK_EQ_INT(p.time, 0x65920080LL * 1000000 + 123456);
	CHECK_EQ_INT(p.capture_id, 2001);
	CHECK_EQ_INT(p.payload_type, HEP_PAYLOAD_SIP);
	CHECK(p.payload_len == sizeof sip - 1 && !memcmp(p.payload, sip, p.payload_len));
	CHECK(p.agent_name_len == 5 && !memcmp(p.agent_name, "pbx-1", 5));
	CHECK(hep_auth_matches(&p, "myKey", 5));
	CHECK(!hep_auth_matches(&p, "myKe", 4));
	CHECK(!hep_auth_matches(&p, "myKeyy", 6));
	CHECK(!hep_auth_matches(&p, "xyKey", 5));
	/* trailing bytes after the length field are not the packet's */
	CHECK_EQ_INT(hep_parse(b, n + 3, &p, &why), HEP_OK);
	/* TCP cutting */
	CHECK_EQ_INT(hep_frame_len(b, 3), 0);
	CHECK_EQ_INT(hep_frame_len(b, 6), n);
	CHECK_EQ_INT(hep_frame_len((const uint8_t *)"HEX3", 4), SIZE_MAX);
	n = v3_packet(b, false, false);
	CHECK_EQ_INT(hep_parse(b, n, &p, &why), HEP_OK);
	CHECK(!hep_auth_matches(&p, "myKey", 5));    /* no key sent */
}

static void test_v3_malformed(void)
{
	uint8_t b[512];
	struct hep_packet p;
	const char *why = NULL;
	size_t n = v3_packet(b, false, false);
	/* length field longer than the datagram */
	CHECK_EQ_INT(hep_parse(b, n - 1, &p, &why), HEP_MALFORMED);
	CHECK(why && strstr(why, "shorter than its length"));
	/* a chunk whose length runs past the packet */
	uint8_t c[64];
	size_t o = put(c, 0, "HEP3\0\0", 6);
	o = chunk(c, o, 0, 15, "abc", 3);
	c[o - 3 - 1] = 0x40;               /* chunk length low byte: 0x0040 */
	c[5] = (uint8_t)o;
	CHECK_EQ_INT(hep_parse(c, o, &p, &why), HEP_MALFORMED);
	CHECK(why && strstr(why, "runs past"));
	/* no addresses */
	o = put(c, 0, "HEP3\0\0", 6);
	o = chunk(c, o, 0, 15, "abc", 3);
	c[5] = (uint8_t)o;
	CHECK_EQ_INT(hep_parse(c, o, &p, &why), HEP_MALFORMED);
	/* IPv4 address chunk of 6 bytes */
	o = put(c, 0, "HEP3\0\0", 6);
	o = chunk(c, o, 0, 3, "abcdef", 6);
	c[5] = (uint8_t)o;
	CHECK_EQ_INT(hep_parse(c, o, &p, &why), HEP_MALFORMED);
	/* a cut header */
	CHECK_EQ_INT(hep_parse((const uint8_t *)"HEP3\0", 5, &p, &why), HEP_MALFORMED);
	/* not HEP */
	CHECK_EQ_INT(hep_parse((const uint8_t *)"REGISTER sip:x SIP/2.0", 22, &p, &why), HEP_NOT_HEP);
}

/* HEPv2 as the senders copy their structs: ports in network order, the
 * time header (sec, usec, capture id, 2 bytes of padding) in host order. */
static size_t v2_packet(uint8_t *b, bool v6, bool big_endian_time)
{
	size_t o = 0;
	uint8_t h[8] = { 2, 16, v6 ? 10 : 2, 6, 0x13, 0xc4, 0x9c, 0x40 };   /* 5060 -> 40000, TCP */
	o = put(b, o, h, 8);
	uint8_t a[32];
	for (int i = 0; i < 32; i++)
		a[i] = (uint8_t)(i + 1);
	o = put(b, o, a, v6 ? 32 : 8);
	uint32_t sec = 1704067200, usec = 250000;
	uint16_t cap = 77;
	uint8_t t[12] = { 0 };
	for (int i = 0; i < 4; i++) {
		int sh = big_endian_time ? 24 - 8 * i : 8 * i;
		t[i] = (uint8_t)(sec >> sh);
		t[4 + i] = (uint8_t)(usec >> sh);
	}
	t[8] = (uint8_t)(big_endian_time ? cap >> 8 : cap);
	t[9] = (uint8_t)(big_endian_time ? cap : cap >> 8);
	o = put(b, o, t, 12);
	return put(b, o, sip, sizeof sip - 1);
}

static void test_v2(void)
{
	uint8_t b[512];
	struct hep_packet p;
	const char *why;
	for (int v6 = 0; v6 < 2; v6++)
		for (int be = 0; be < 2; be++) {
			size_t n = v2_packet(b, v6, be);
			CHECK(hep_looks_v12(b, n));
			CHECK_EQ_INT(hep_parse(b, n, &p, &why), HEP_OK);
			CHECK_EQ_INT(p.version, 2);
			CHECK_EQ_INT(p.family, v6 ? 6 : 4);
			CHECK_EQ_INT(p.ip_proto, 6);
			CHECK_EQ_INT(p.sport, 5060);
			CHECK_EQ_INT(p.dport, 40000);
			CHECK_EQ_INT(p.src[0], 1);
			CHECK_EQ_INT(p.dst[0], v6 ? 17 : 5);
			CHECK_EQ_INT(p.time, 1704067200LL * 1000000 + 250000);
			CHECK_EQ_INT(p.capture_id, 77);
			CHECK(p.payload_len == sizeof sip - 1 && !memcmp(p.payload, sip, p.payload_len));
		}
	size_t n = v2_packet(b, false, false);
	CHECK_EQ_INT(hep_parse(b, 20, &p, &why), HEP_MALFORMED);     /* time header cut */
	b[2] = 7;                                                    /* no such family */
	CHECK_EQ_INT(hep_parse(b, n, &p, &why), HEP_NOT_HEP);
}

static void test_encode(void)
{
	struct hep_packet p = {
		.family = 6, .ip_proto = 6, .payload_type = 1, .sport = 5061, .dport = 5062,
		.time = 1704067200LL * 1000000 + 999999, .capture_id = 0xfffffffe,
		.payload = (const uint8_t *)sip, .payload_len = sizeof sip - 1,
	};
	for (int i = 0; i < 16; i++) {
		p.src[i] = (uint8_t)i;
		p.dst[i] = (uint8_t)(0xf0 + i);
	}
	uint8_t b[512];
	size_t n = hep3_encode(b, sizeof b, &p, "k3y", 3);
	CHECK(n > 0);
	CHECK_EQ_INT(hep_frame_len(b, n), n);
	struct hep_packet q;
	const char *why;
	CHECK_EQ_INT(hep_parse(b, n, &q, &why), HEP_OK);
	CHECK_EQ_INT(q.family, 6);
	CHECK_EQ_INT(q.ip_proto, 6);
	CHECK(!memcmp(q.src, p.src, 16) && !memcmp(q.dst, p.dst, 16));
	CHECK_EQ_INT(q.sport, 5061);
	CHECK_EQ_INT(q.dport, 5062);
	CHECK_EQ_INT(q.time, p.time);
	CHECK_EQ_INT(q.capture_id, 0xfffffffe);
	CHECK(hep_auth_matches(&q, "k3y", 3));
	CHECK(q.payload_len == p.payload_len && !memcmp(q.payload, sip, q.payload_len));
	CHECK_EQ_INT(hep3_encode(b, 40, &p, NULL, 0), 0);             /* does not fit */
}

/* A HEPv2 packet (IPv4, UDP) around the SIP text at b+off; its length. */
static size_t v2_around(uint8_t *b, size_t off, const char *text)
{
	uint8_t h[28] = { 2, 28, 2, 17, 0x13, 0xc4, 0x13, 0xc4, 10, 0, 0, 1, 10, 0, 0, 2,
	                  0x80, 0x00, 0x92, 0x65, 0x90, 0xd0, 0x03, 0x00, 77, 0, 0, 0 };
	size_t o = put(b, off, h, sizeof h);
	return put(b, o, text, strlen(text)) - off;
}

static void test_stream(void)
{
	static uint8_t b[HEP_MAX_PACKET + 4096];
	size_t n, a, c;
	const char *why;
	const char *reg = "REGISTER sip:example.net SIP/2.0\r\nCall-ID: 1\r\nl: 4\r\n\r\nabcd";
	const char *ok = "SIP/2.0 200 OK\r\nContent-Length:  0 \r\n\r\n";
	const char *nocl = "SIP/2.0 401 Unauthorized\r\nCall-ID: 1\r\n\r\nbody";
	/* v2 with a compact Content-Length: cut after its body */
	a = v2_around(b, 0, reg);
	c = v2_around(b, a, ok);
	CHECK_EQ_INT(hep_stream_cut(b, a + c, false, &n, &why), HEP_CUT_PACKET);
	CHECK_EQ_INT(n, a);
	CHECK_EQ_INT(hep_stream_cut(b + a, c, false, &n, &why), HEP_CUT_PACKET);
	CHECK_EQ_INT(n, c);
	/* every cut short of the end waits, and is junk once the stream ended */
	for (size_t k = 1; k < a; k++) {
		CHECK_EQ_INT(hep_stream_cut(b, k, false, &n, &why), HEP_CUT_MORE);
		CHECK_EQ_INT(hep_stream_cut(b, k, true, &n, &why), HEP_CUT_JUNK);
		CHECK_EQ_INT(n, k);
	}
	/* no Content-Length: the body runs to the next packet, or to the end */
	a = v2_around(b, 0, nocl);
	c = v2_around(b, a, ok);
	CHECK_EQ_INT(hep_stream_cut(b, a + c, false, &n, &why), HEP_CUT_PACKET);
	CHECK_EQ_INT(n, a);
	CHECK_EQ_INT(hep_stream_cut(b, a, false, &n, &why), HEP_CUT_PACKET);
	CHECK_EQ_INT(n, a);
	CHECK_EQ_INT(hep_stream_cut(b, a + 3, false, &n, &why), HEP_CUT_MORE);   /* the next one's start */
	/* junk before a packet: skipped up to it, named */
	memcpy(b, "garbage\r\n", 9);
	a = v2_around(b, 9, ok);
	CHECK_EQ_INT(hep_stream_cut(b, 9 + a, false, &n, &why), HEP_CUT_JUNK);
	CHECK_EQ_INT(n, 9);
	CHECK(strstr(why, "start no HEP packet") != NULL);
	/* a v2 header before no SIP start line, a broken and a huge Content-Length */
	a = v2_around(b, 0, "\x01\x02binary");
	CHECK_EQ_INT(hep_stream_cut(b, a, false, &n, &why), HEP_CUT_JUNK);
	a = v2_around(b, 0, "SIP/2.0 200 OK\r\nContent-Length: 12x\r\n\r\n");
	CHECK_EQ_INT(hep_stream_cut(b, a, false, &n, &why), HEP_CUT_JUNK);
	CHECK(strstr(why, "Content-Length") != NULL);
	a = v2_around(b, 0, "SIP/2.0 200 OK\r\nContent-Length: 70000\r\n\r\n");
	CHECK_EQ_INT(hep_stream_cut(b, a, false, &n, &why), HEP_CUT_JUNK);
	a = v2_around(b, 0, "SIP/2.0 200 OK\r\nContent-Length: 1\r\nl: 2\r\n\r\nxy");
	CHECK_EQ_INT(hep_stream_cut(b, a, false, &n, &why), HEP_CUT_JUNK);    /* two lengths */
	/* headers that never end: junk once 64 KiB are there, not before */
	a = v2_around(b, 0, "SIP/2.0 200 OK\r\nX: ");
	memset(b + a, 'y', sizeof b - a);
	CHECK_EQ_INT(hep_stream_cut(b, 1000, false, &n, &why), HEP_CUT_MORE);
	CHECK_EQ_INT(hep_stream_cut(b, sizeof b, false, &n, &why), HEP_CUT_JUNK);
	CHECK_EQ_INT(n, sizeof b);
	/* v3 by its length; a length below its header is junk */
	a = v3_packet(b, false, false);
	CHECK_EQ_INT(hep_stream_cut(b, a, false, &n, &why), HEP_CUT_PACKET);
	CHECK_EQ_INT(n, a);
	CHECK_EQ_INT(hep_stream_cut(b, a - 1, false, &n, &why), HEP_CUT_MORE);
	CHECK(hep_stream_starts(b, a, true));
	b[4] = 0;
	b[5] = 5;
	CHECK_EQ_INT(hep_stream_cut(b, a, false, &n, &why), HEP_CUT_JUNK);
	/* what starts a HEP stream: a v2 header counts only before a SIP line */
	a = v2_around(b, 0, ok);
	CHECK(hep_stream_starts(b, a, true));
	CHECK(!hep_stream_starts(b, 20, true));
	CHECK(hep_stream_starts(b, 20, false));
	CHECK(!hep_stream_starts((const uint8_t *)"REGISTER sip:x SIP/2.0\r\n", 24, false));
}

/* ---- the reorder window: what reaches the sink, in which order */

static usec_t got_time[64];
static uint32_t got_frame[64];
static char got_text[64][8];
static size_t ngot;

static void rec_datagram(struct store *st, const char *buf, size_t len, const struct msg_meta *m)
{
	(void)st;
	if (ngot < 64) {
		got_time[ngot] = m->time;
		got_frame[ngot] = m->frame;
		snprintf(got_text[ngot], sizeof got_text[ngot], "%.*s", (int)(len < 7 ? len : 7), buf);
		ngot++;
	}
}

static const struct sip_sink rec_sink = { .datagram = rec_datagram };

static void push(struct hep_order *o, uint16_t node, usec_t hep_time, usec_t arrival, uint32_t frame,
                 const char *text)
{
	struct msg_meta m = { .time = hep_time, .frame = frame, .last_frame = frame, .node = node };
	hep_order_push(o, text, strlen(text), &m, arrival);
}

#define MS 1000

static void test_order(void)
{
	struct hep_order *o = hep_order_new(NULL, &rec_sink, HEP_ORDER_WINDOW);
	CHECK(o != NULL);
	CHECK_EQ_INT(HEP_ORDER_WINDOW, 50 * MS);
	/* the 401's copy (frame 1) arrives before its REGISTER's (frame 2) */
	ngot = 0;
	push(o, 1, 100 * MS + 400, 100 * MS + 500, 1, "401");
	push(o, 1, 100 * MS, 100 * MS + 900, 2, "REGISTE");
	CHECK_EQ_INT(ngot, 0);
	CHECK_EQ_INT(hep_order_held(o), 2);
	/* 50 ms on by the agent's clock is not yet past the window */
	push(o, 1, 150 * MS, 101 * MS, 3, "200");
	CHECK_EQ_INT(ngot, 0);
	/* past it: the REGISTER first, then its 401, with their own frames */
	push(o, 1, 150 * MS + 401, 101 * MS, 4, "OPTIONS");
	CHECK_EQ_INT(ngot, 2);
	CHECK_EQ_STR(got_text[0], "REGISTE");
	CHECK_EQ_INT(got_frame[0], 2);
	CHECK_EQ_INT(got_time[0], 100 * MS);
	CHECK_EQ_STR(got_text[1], "401");
	CHECK_EQ_INT(got_frame[1], 1);
	hep_order_flush(o);
	CHECK_EQ_INT(ngot, 4);
	CHECK_EQ_INT(got_frame[2], 3);
	CHECK_EQ_INT(got_frame[3], 4);
	CHECK_EQ_INT(hep_order_held(o), 0);

	/* the collector's clock: held the window, then released (live, idle) */
	ngot = 0;
	push(o, 1, 500 * MS, 1000 * MS, 5, "A");
	hep_order_tick(o, 1050 * MS);
	CHECK_EQ_INT(ngot, 0);
	hep_order_tick(o, 1050 * MS + 1);
	CHECK_EQ_INT(ngot, 1);
	/* the arrival of a later packet moves the clock as well (a file) */
	push(o, 2, 900 * MS, 1100 * MS, 6, "B");
	push(o, 3, 900 * MS, 1151 * MS, 7, "C");
	CHECK_EQ_INT(ngot, 2);
	CHECK_EQ_INT(got_frame[1], 6);
	hep_order_flush(o);

	/* per node: node 4's clock ten seconds ahead releases none of node
	 * 5's messages, which keep their own order */
	ngot = 0;
	push(o, 5, 2000 * MS + 300, 3000 * MS, 8, "5b");
	push(o, 4, 12000 * MS, 3000 * MS + 10, 9, "4a");
	push(o, 5, 2000 * MS, 3000 * MS + 20, 10, "5a");
	push(o, 4, 12100 * MS, 3000 * MS + 30, 11, "4b");
	CHECK_EQ_INT(ngot, 1);
	CHECK_EQ_INT(got_frame[0], 9);
	hep_order_tick(o, 3100 * MS);
	CHECK_EQ_INT(ngot, 4);
	CHECK_EQ_INT(got_frame[1], 11);     /* node by node, */
	CHECK_EQ_INT(got_frame[2], 10);     /* node 5 in HEP-time order */
	CHECK_EQ_INT(got_frame[3], 8);

	/* equal HEP times keep their arrival order */
	ngot = 0;
	push(o, 6, 4000 * MS, 4000 * MS, 12, "x");
	push(o, 6, 4000 * MS, 4000 * MS, 13, "y");
	hep_order_flush(o);
	CHECK_EQ_INT(ngot, 2);
	CHECK_EQ_INT(got_frame[0], 12);
	CHECK_EQ_INT(got_frame[1], 13);

	/* bounded: a full window lets its earliest message go */
	ngot = 0;
	for (uint32_t i = 0; i < HEP_ORDER_MAX_MSGS; i++)
		push(o, 7, 5000 * MS + i % 1000, 5000 * MS, 100 + i, "m");
	CHECK_EQ_INT(hep_order_held(o), HEP_ORDER_MAX_MSGS);
	CHECK_EQ_INT(ngot, 0);
	push(o, 7, 5000 * MS + 999, 5000 * MS, 1, "m");
	CHECK_EQ_INT(hep_order_held(o), HEP_ORDER_MAX_MSGS);
	CHECK_EQ_INT(ngot, 1);
	CHECK_EQ_INT(got_time[0], 5000 * MS);
	CHECK_EQ_INT(got_frame[0], 100);
	/* freed with messages held: nothing leaks (ASan) */
	hep_order_free(o);
}

int main(void)
{
	test_v3();
	test_v3_malformed();
	test_v2();
	test_encode();
	test_stream();
	test_order();
	return test_done();
}
