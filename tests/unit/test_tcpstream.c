/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_tcpstream.c - TCP reassembly (order, retransmission, overlap, gaps,
 * mid-way joins, FIN/RST) and TLS recognition, through the decoder.
 */
#include "testlib.h"
#include "decode_rec.h"
#include "net/netevents.h"

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

static void seg(const uint8_t *src, const uint8_t *dst, uint16_t sp, uint16_t dp, uint32_t seq,
                uint8_t flags, const char *pl, size_t len)
{
	uint8_t f[2048];
	size_t n = ip4_tcp(f, src, dst, sp, dp, seq, flags, pl, len);
	feed(dec, LINK_RAW, f, n, test_frame * 1000);
}

static size_t count_kind(enum tcp_event_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < store_tcp_count(st); i++)
		n += store_tcp(st, i)->kind == k;
	return n;
}

static void test_order_retransmit_overlap(void)
{
	fresh();
	seg(A4, B4, 40000, 5060, 1000, TCPF_SYN, NULL, 0);
	seg(B4, A4, 5060, 40000, 5000, TCPF_SYN | TCPF_ACK, NULL, 0);
	seg(A4, B4, 40000, 5060, 1001, TCPF_ACK, "ABCDE", 5);
	uint32_t first_frame = test_frame;
	seg(A4, B4, 40000, 5060, 1011, TCPF_ACK, "KLMNO", 5);     /* ahead: held */
	seg(A4, B4, 40000, 5060, 1006, TCPF_ACK, "FGHIJ", 5);     /* fills the gap */
	seg(A4, B4, 40000, 5060, 1001, TCPF_ACK, "ABCDE", 5);     /* retransmission */
	seg(A4, B4, 40000, 5060, 1008, TCPF_ACK, "hijklmnoPQ", 10); /* overlap: only PQ is new */
	CHECK_EQ_INT(rec_nstreams, 1);
	struct sip_stream *s = rec_streams[0];
	CHECK_EQ_INT(s->len, 17);
	CHECK(!memcmp(s->buf, "ABCDEFGHIJKLMNOPQ", 17));
	CHECK_EQ_INT(s->first.frame, first_frame);
	CHECK_EQ_INT(s->first.transport, TP_TCP);
	CHECK_EQ_INT(s->first.raw.where, RAW_FILE);
	CHECK_EQ_INT(s->flushes, 0);
	seg(A4, B4, 40000, 5060, 1018, TCPF_FIN | TCPF_ACK, NULL, 0);
	CHECK_EQ_INT(s->flushes, 1);
	CHECK(s->freed);
	CHECK_EQ_INT(count_kind(TCP_SYN), 1);
	CHECK_EQ_INT(count_kind(TCP_SYNACK), 1);
	CHECK_EQ_INT(count_kind(TCP_FIN), 1);
	CHECK_EQ_INT(rec_ndg, 0);
	/* a retransmitted FIN after the end opens nothing */
	seg(A4, B4, 40000, 5060, 1018, TCPF_FIN | TCPF_ACK, NULL, 0);
	CHECK_EQ_INT(rec_nstreams, 1);
}

static void test_midway_and_rst(void)
{
	fresh();
	/* no SYN: the stream starts at the first segment with data */
	seg(A4, B4, 40001, 5060, 0xFFFFFFF0u, TCPF_ACK, "0123456789abcdef", 16);
	seg(A4, B4, 40001, 5060, 0x00000000u, TCPF_ACK, "wrap", 4);   /* across 2^32 */
	CHECK_EQ_INT(rec_nstreams, 1);
	CHECK_EQ_INT(rec_streams[0]->len, 20);
	CHECK(!memcmp(rec_streams[0]->buf + 16, "wrap", 4));
	seg(B4, A4, 5060, 40001, 9, TCPF_ACK, "reply", 5);
	CHECK_EQ_INT(rec_nstreams, 2);
	/* RST from the server ends both directions */
	seg(B4, A4, 5060, 40001, 14, TCPF_RST, NULL, 0);
	CHECK(rec_streams[0]->freed && rec_streams[1]->freed);
	CHECK_EQ_INT(count_kind(TCP_RST), 1);
	/* a SYN answered by RST (connection refused) is two events */
	seg(A4, B4, 40002, 5061, 1, TCPF_SYN, NULL, 0);
	seg(B4, A4, 5061, 40002, 0, TCPF_RST | TCPF_ACK, NULL, 0);
	CHECK_EQ_INT(count_kind(TCP_SYN), 1);
	CHECK_EQ_INT(count_kind(TCP_RST), 2);
}

static void test_gaps(void)
{
	fresh();
	seg(A4, B4, 40003, 5060, 100, TCPF_ACK, "aaaa", 4);
	/* a gap that never fills: segments after it are held, then the capture
	 * ends and they are delivered after a flush of the partial data */
	seg(A4, B4, 40003, 5060, 110, TCPF_ACK, "cccc", 4);
	CHECK_EQ_INT(rec_streams[0]->len, 4);
	decoder_flush(dec);
	CHECK_EQ_INT(rec_streams[0]->flushes, 1);
	CHECK_EQ_INT(rec_nstreams, 2);
	CHECK_EQ_INT(rec_streams[1]->len, 4);
	CHECK(!memcmp(rec_streams[1]->buf, "cccc", 4));
	CHECK_EQ_INT(rec_streams[1]->flushes, 1);

	/* more held segments than the bound: the gap is given up early */
	fresh();
	seg(A4, B4, 40004, 5060, 0, TCPF_ACK, "x", 1);
	for (uint32_t i = 0; i < TCP_OOO_MAX_SEGS + 1; i++)
		seg(A4, B4, 40004, 5060, 10 + i, TCPF_ACK, "y", 1);
	CHECK(rec_nstreams >= 2);
	CHECK_EQ_INT(rec_streams[0]->flushes, 1);
	CHECK_EQ_INT(rec_streams[1]->len, TCP_OOO_MAX_SEGS + 1);

	/* far ahead of the window: resynchronise at once */
	fresh();
	seg(A4, B4, 40005, 5060, 0, TCPF_ACK, "x", 1);
	seg(A4, B4, 40005, 5060, 0x40000000u, TCPF_ACK, "new", 3);
	CHECK_EQ_INT(rec_nstreams, 2);
	CHECK_EQ_INT(rec_streams[1]->len, 3);
}

static void test_snaplen_cut(void)
{
	uint8_t f[256];
	fresh();
	/* 10 payload bytes on the wire, 4 captured: the stream skips the other 6 */
	size_t n = ip4_tcp(f, A4, B4, 40020, 5060, 500, TCPF_ACK, "ABCDEFGHIJ", 10);
	feed(dec, LINK_RAW, f, n - 6, 1);
	CHECK_EQ_INT(rec_nstreams, 1);
	CHECK_EQ_INT(rec_streams[0]->len, 4);
	CHECK(rec_streams[0]->first.flags & MF_TRUNCATED);
	CHECK_EQ_INT(rec_streams[0]->flushes, 1);
	seg(A4, B4, 40020, 5060, 510, TCPF_ACK, "next", 4);
	CHECK_EQ_INT(rec_nstreams, 2);
	CHECK_EQ_INT(rec_streams[1]->len, 4);
	CHECK(!memcmp(rec_streams[1]->buf, "next", 4));
}

static void test_tls(void)
{
	fresh();
	/* ClientHello record split over two segments, then an alert */
	static const char ch1[] = "\x16\x03\x01\x00\x08\x01\x00";
	static const char ch2[] = "\x00\x04\x03\x03\x00\x00";
	seg(A4, B4, 40010, 5061, 1, TCPF_SYN, NULL, 0);
	seg(A4, B4, 40010, 5061, 2, TCPF_ACK, ch1, 7);
	seg(A4, B4, 40010, 5061, 9, TCPF_ACK, ch2, 6);
	static const char sh[] = "\x16\x03\x03\x00\x04\x02\x00\x00\x00"
	                         "\x15\x03\x03\x00\x02\x02\x30";
	seg(B4, A4, 5061, 40010, 1, TCPF_ACK, sh, 16);
	CHECK_EQ_INT(rec_nstreams, 0);         /* never fed to SIP */
	CHECK_EQ_INT(store_tls_count(st), 3);
	CHECK_EQ_INT(store_tls(st, 0)->kind, TLS_CLIENT_HELLO);
	CHECK_EQ_INT(store_tls(st, 1)->kind, TLS_SERVER_HELLO);
	CHECK_EQ_INT(store_tls(st, 2)->kind, TLS_ALERT);
	CHECK_EQ_INT(store_tls(st, 2)->alert_level, 2);
	CHECK_EQ_INT(store_tls(st, 2)->alert_desc, 48);
	CHECK_EQ_INT(store_stats_c(st)->tls_records, 3);
	/* application data: counted, one event per direction */
	static const char app[] = "\x17\x03\x03\x00\x03xyz\x17\x03\x03\x00\x01z";
	seg(A4, B4, 40010, 5061, 15, TCPF_ACK, app, 14);
	CHECK_EQ_INT(store_stats_c(st)->tls_records, 5);
	CHECK_EQ_INT(store_tls_count(st), 4);
	CHECK_EQ_INT(store_tls(st, 3)->kind, TLS_APPDATA);
}

static void test_tls_far_ahead(void)
{
	fresh();
	/* a ClientHello record of 100 body bytes, of which 5 arrive */
	static const char ch[] = "\x16\x03\x01\x00\x64\x01\x00\x00\x60\x03";
	seg(A4, B4, 40011, 5061, 1, TCPF_SYN, NULL, 0);
	seg(A4, B4, 40011, 5061, 2, TCPF_ACK, ch, 10);
	CHECK_EQ_INT(store_tls_count(st), 1);
	CHECK_EQ_INT(store_tls(st, 0)->kind, TLS_CLIENT_HELLO);
	/* a segment far beyond the window: the bytes between are lost, so where
	 * records start is unknown.  Walking on as if they were contiguous would
	 * end the ClientHello 95 bytes in and read a fatal alert there. */
	char far[95 + 7];
	memset(far, 'x', 95);
	memcpy(far + 95, "\x15\x03\x03\x00\x02\x02\x28", 7);
	uint32_t at = 12 + 2 * TCP_OOO_WINDOW;
	seg(A4, B4, 40011, 5061, at, TCPF_ACK, far, sizeof far);
	seg(A4, B4, 40011, 5061, at + sizeof far, TCPF_ACK, "\x15\x03\x03\x00\x02\x02\x30", 7);
	CHECK_EQ_INT(rec_nstreams, 0);         /* still TLS, never fed to SIP */
	CHECK_EQ_INT(store_tls_count(st), 1);  /* no bogus alert */
	size_t alerts = 0;
	for (size_t i = 0; i < store_tls_count(st); i++)
		alerts += store_tls(st, i)->kind == TLS_ALERT;
	CHECK_EQ_INT(alerts, 0);
	CHECK_EQ_INT(store_stats_c(st)->tls_records, 1);
}

static void test_tls_walker_direct(void)
{
	struct tls_walker w;
	memset(&w, 0, sizeof w);
	/* byte by byte gives the same records as all at once */
	static const uint8_t recs[] = { 0x15, 3, 3, 0, 2, 1, 0, 0x17, 3, 3, 0, 0 };
	size_t n = 0;
	for (size_t i = 0; i < sizeof recs; i++)
		n += tls_walk(&w, recs + i, 1, NULL, NULL);
	CHECK_EQ_INT(n, 2);
	CHECK(!w.lost);
	/* garbage desynchronises, and stays so */
	n = tls_walk(&w, (const uint8_t *)"GET / HTTP/1.1", 14, NULL, NULL);
	CHECK(w.lost);
	CHECK(!tls_looks_like_record((const uint8_t *)"INVITE", 6));
	CHECK(tls_looks_like_record((const uint8_t *)"\x16\x03\x01\x02\x00", 5));
}

int main(void)
{
	test_order_retransmit_overlap();
	test_midway_and_rst();
	test_gaps();
	test_snaplen_cut();
	test_tls();
	test_tls_far_ahead();
	test_tls_walker_direct();
	decoder_free(dec);
	store_free(st);
	rec_reset();
	return test_done();
}
