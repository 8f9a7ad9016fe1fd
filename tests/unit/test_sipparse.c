/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_sipparse.c - SIP framing and parsing from in-memory text: every
 * libosip2 trap (trace on stdout, no reason phrase, dropped auth headers,
 * quoted values, SDP read past the end, rejected messages), datagram
 * framing (keep-alives, junk, two messages, bad Content-Length) and TCP
 * stream framing (two messages in a chunk, one over three chunks, compact
 * l:, garbage resync, flush), and raw re-reads from a file and the arena.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <osipparser2/osip_port.h>

#include "sip/sipalloc.h"
#include "sip/sipframe.h"
#include "sip/sipparse.h"
#include "store/store.h"
#include "testlib.h"

static struct store *st;

static struct msg_meta meta(uint32_t frame)
{
	struct endpoint a = { .family = 4, .addr = { 192, 0, 2, 10 }, .port = 5060 };
	struct endpoint b = { .family = 4, .addr = { 198, 51, 100, 1 }, .port = 5060 };
	struct msg_meta m = { .time = (usec_t)frame * 1000000, .frame = frame, .last_frame = frame,
	                      .src = store_endpoint(st, &a), .dst = store_endpoint(st, &b),
	                      .transport = TP_UDP, .ip_len = 500 };
	return m;
}

/* The fields the store keeps apart, defaults filled in. */
static struct sip_msg_extra X(const struct sip_msg *m)
{
	struct sip_msg_extra x;
	store_msg_extra(st, m, &x);
	return x;
}

static const struct sip_msg *last(void)
{
	size_t n = store_msg_count(st);
	return n ? store_msg(st, (uint32_t)n - 1) : NULL;
}

static const char *S(str_id id)
{
	return store_str(st, id);
}

static uint32_t ingest(const char *text, uint32_t frame)
{
	struct msg_meta m = meta(frame);
	return sip_ingest(st, text, strlen(text), &m);
}

#define REGISTER_AUTH \
	"REGISTER sip:example.com SIP/2.0\r\n" \
	"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-2;rport\r\n" \
	"Max-Forwards: 70\r\n" \
	"From: \"Office PBX\" <sip:1000@example.com>;tag=ft-1\r\n" \
	"To: <sip:1000@Example.com:5060;transport=udp>\r\n" \
	"Call-ID: reg-call-1@192.0.2.10\r\n" \
	"CSeq: 2 REGISTER\r\n" \
	"Contact: <sip:1000@192.0.2.10:5060;transport=udp>;expires=600\r\n" \
	"Authorization: Digest username=\"1000\", realm=\"example.com\", nonce=\"abc123\", " \
	"uri=\"sip:example.com\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5, " \
	"cnonce=\"xyz\", qop=auth, nc=00000001\r\n" \
	"Expires: 600\r\n" \
	"User-Agent: TestPBX 1.0\r\n" \
	"Content-Length: 0\r\n\r\n"

static void test_register(void)
{
	uint32_t i = ingest(REGISTER_AUTH, 1);
	CHECK(i != NONE_U32);
	const struct sip_msg *m = store_msg(st, i);
	CHECK_EQ_INT(m->flags & (MF_MALFORMED | MF_BAD_CLEN | MF_COMPACT | MF_JUNK_BEFORE), 0);
	CHECK_EQ_INT(m->method, M_REGISTER);
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->method_str), "REGISTER");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->ruri), "sip:example.com");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->ruri_host), "example.com");
	CHECK_EQ_STR(S(X(m).call_id), "reg-call-1@192.0.2.10");
	CHECK_EQ_INT(m->cseq, 2);
	CHECK_EQ_INT(m->cseq_method, M_REGISTER);
	CHECK_EQ_STR(S(m->via_branch), "z9hG4bK-reg-2");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->via_host), "192.0.2.10");
	CHECK_EQ_INT(store_msg_hdr(st, m)->via_port, 5060);
	CHECK_EQ_INT(m->via_transport, TP_UDP);
	CHECK(m->flags & MF_RPORT);
	CHECK_EQ_INT(store_msg_hdr(st, m)->via_rport, 0);
	char via[STR_MAX + 1];
	CHECK_EQ_STR(store_msg_via_raw(st, m, via, sizeof via), "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-2;rport");
	CHECK_EQ_INT(m->via_count, 1);
	CHECK_EQ_STR(S(m->from_tag), "ft-1");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->from_display), "Office PBX");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->from_uri), "sip:1000@example.com");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->aor), "sip:1000@Example.com");
	CHECK_EQ_INT(m->to_tag, 0);
	CHECK_EQ_INT(store_msg_hdr(st, m)->expires, 600);
	CHECK_EQ_INT(X(m).min_expires, -1);
	CHECK_EQ_INT(X(m).content_length, 0);
	CHECK_EQ_INT(m->body_len, 0);
	CHECK_EQ_STR(S(X(m).user_agent), "TestPBX 1.0");
	CHECK_EQ_INT(X(m).server, 0);
	CHECK_EQ_INT(X(m).first_frame, m->frame);
	/* nothing here the message record does not hold: no extra record kept */
	CHECK_EQ_INT(m->extra_off, 0);
	char sdp[8] = "x";
	CHECK_EQ_STR(sip_sdp_connection(st, m, sdp, sizeof sdp), "");   /* no body */
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->agent), "TestPBX 1.0");
	CHECK(!(m->flags & MF_AGENT_SERVER));
	CHECK_EQ_INT(m->wire_len, strlen(REGISTER_AUTH));
	CHECK_EQ_INT(m->contacts_count, 1);
	const struct sip_contact *c = store_contacts(st, m);
	CHECK_EQ_STR(S(c->uri), "sip:1000@192.0.2.10:5060;transport=udp");
	CHECK_EQ_STR(S(c->host), "192.0.2.10");
	CHECK_EQ_INT(c->port, 5060);
	CHECK_EQ_INT(c->expires, 600);
	CHECK(!c->star);
	CHECK_EQ_INT(m->auth_count, 1);
	struct sip_auth ab;
	const struct sip_auth *a = store_auth(st, m, 0, &ab);
	CHECK(a != NULL && store_auth(st, m, 1, &ab) == NULL);
	a = store_auth(st, m, 0, &ab);
	CHECK_EQ_INT(a->kind, AUTH_AUTHORIZATION);
	CHECK(!a->unparseable);
	CHECK_EQ_STR(S(a->scheme), "Digest");
	CHECK_EQ_STR(S(a->username), "1000");
	CHECK_EQ_STR(S(a->realm), "example.com");
	CHECK_EQ_STR(S(a->nonce), "abc123");
	CHECK_EQ_STR(S(a->uri), "sip:example.com");
	CHECK_EQ_STR(S(a->response), "0123456789abcdef0123456789abcdef");
	CHECK_EQ_STR(S(a->algorithm), "MD5");
	CHECK_EQ_STR(S(a->cnonce), "xyz");
	CHECK_EQ_STR(S(a->qop), "auth");
	CHECK_EQ_STR(S(a->nc), "00000001");
	CHECK_EQ_INT(store_reg_count(st), 1);
	/* the raw text comes back from the arena */
	char raw[2048];
	long n = store_msg_raw(st, i, raw, sizeof raw);
	CHECK_EQ_INT(n, strlen(REGISTER_AUTH));
	CHECK(n > 0 && !memcmp(raw, REGISTER_AUTH, (size_t)n));
}

/* Trap: a status line with no reason phrase swallows the next header. */
static void test_no_reason(void)
{
	uint32_t i = ingest("SIP/2.0 200\r\n"
	                    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-2;rport=5060;received=203.0.113.5\r\n"
	                    "From: <sip:1000@example.com>;tag=ft-1\r\n"
	                    "To: <sip:1000@example.com>;tag=srv-9\r\n"
	                    "Call-ID: reg-call-1@192.0.2.10\r\n"
	                    "CSeq: 2 REGISTER\r\n"
	                    "Contact: <sip:1000@192.0.2.10:5060;transport=udp>;expires=120\r\n"
	                    "Content-Length: 0\r\n\r\n", 2);
	const struct sip_msg *m = store_msg(st, i);
	CHECK(m->flags & MF_NO_REASON);
	CHECK(!(m->flags & MF_MALFORMED));
	CHECK_EQ_INT(m->status, 200);
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->reason), "");
	CHECK_EQ_STR(S(m->via_branch), "z9hG4bK-reg-2");
	CHECK_EQ_INT(store_msg_hdr(st, m)->via_rport, 5060);
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->via_received), "203.0.113.5");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->method_str), "REGISTER");
	CHECK_EQ_STR(S(m->to_tag), "srv-9");
	/* joined the REGISTER's transaction, which it completes */
	CHECK_EQ_INT(m->txn, store_msg(st, 0)->txn);
	CHECK_EQ_INT(store_txn(st, m->txn)->final_status, 200);
	store_finish(st, 3 * 1000000);
	CHECK_EQ_INT(store_reg(st, 0)->state, REG_REGISTERED);
	CHECK_EQ_INT(store_reg(st, 0)->granted_expires, 120);
}

/* Trap: libosip2 drops a WWW-Authenticate it cannot parse; quotes kept. */
static void test_auth_headers(void)
{
	uint32_t i = ingest("SIP/2.0 401 Unauthorized\r\n"
	                    "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-x1\r\n"
	                    "From: <sip:1000@example.com>;tag=a\r\n"
	                    "To: <sip:1000@example.com>;tag=b\r\n"
	                    "Call-ID: auth-1\r\n"
	                    "CSeq: 1 REGISTER\r\n"
	                    "WWW-Authenticate: Digest realm=\"sip.example.com\", nonce=\"n-1\", opaque=\"op\", "
	                    "qop=\"auth,auth-int\", algorithm=SHA-256, stale=TRUE\r\n"
	                    "WWW-Authenticate: Digest realm=sip.example.com, nonce=n-2\r\n"
	                    "Content-Length: 0\r\n\r\n", 3);
	const struct sip_msg *m = store_msg(st, i);
	CHECK(!(m->flags & MF_MALFORMED));
	CHECK_EQ_INT(m->auth_count, 2);
	struct sip_auth a[2];
	CHECK(store_auth(st, m, 0, &a[0]) && store_auth(st, m, 1, &a[1]));
	CHECK_EQ_INT(a[0].kind, AUTH_WWW);
	CHECK(!a[0].unparseable);
	CHECK_EQ_STR(S(a[0].realm), "sip.example.com");
	CHECK_EQ_STR(S(a[0].nonce), "n-1");
	CHECK_EQ_STR(S(a[0].opaque), "op");
	CHECK_EQ_STR(S(a[0].qop), "auth,auth-int");
	CHECK_EQ_STR(S(a[0].algorithm), "SHA-256");
	CHECK(a[0].stale);
	CHECK_EQ_INT(a[1].kind, AUTH_WWW);
	CHECK(a[1].unparseable);
	CHECK_EQ_STR(S(a[1].scheme), "Digest");
	CHECK_EQ_STR(S(a[1].realm), "sip.example.com");
	CHECK_EQ_STR(S(a[1].nonce), "n-2");

	i = ingest("REGISTER sip:example.com SIP/2.0\r\n"
	           "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-x2\r\n"
	           "From: <sip:1000@example.com>;tag=a\r\n"
	           "To: <sip:1000@example.com>\r\n"
	           "Call-ID: auth-1\r\n"
	           "CSeq: 2 REGISTER\r\n"
	           "Proxy-Authorization: Digest username=\"u\", realm=\"unterminated\r\n"
	           "Content-Length: 0\r\n\r\n", 4);
	m = store_msg(st, i);
	CHECK_EQ_INT(m->auth_count, 1);
	CHECK(store_auth(st, m, 0, &a[0]));
	CHECK_EQ_INT(a[0].kind, AUTH_PROXY_AUTHORIZATION);
	CHECK(a[0].unparseable);
	CHECK_EQ_STR(S(a[0].username), "u");
}

/* Trap: libosip2 prints its errors on stdout (over the screen). */
static void test_trace_silenced(void)
{
	fflush(stdout);
	char path[] = "/tmp/test_sipparse_XXXXXX";
	int fd = mkstemp(path);
	int saved = dup(1);
	if (fd < 0 || saved < 0) {
		CHECK(!"cannot redirect stdout");
		return;
	}
	dup2(fd, 1);
	sipparse_init();
	ingest("OPTIONS sip:x@y SIP/2.0\r\nVia: garbage\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n\r\n", 5);
	ingest("OPTIONS sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nContact: <sip:a@b\r\n\r\n", 6);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	off_t size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	CHECK_EQ_INT(size, 0);
}

/* A message libosip2 rejects is kept, flagged, with what the text gives. */
static void test_malformed(void)
{
	uint32_t i = ingest("INVITE sip:2000@example.com SIP/2.0\r\n"
	                    "Via: garbage here;branch=z9hG4bK-bad;rport\r\n"
	                    "From: <sip:1000@example.com>;tag=f9\r\n"
	                    "To: <sip:2000@example.com>\r\n"
	                    "Call-ID: broken-1\r\n"
	                    "CSeq: 7 INVITE\r\n"
	                    "Content-Length: 0\r\n\r\n", 7);
	const struct sip_msg *m = store_msg(st, i);
	CHECK(m->flags & MF_MALFORMED);
	CHECK_EQ_INT(m->method, M_INVITE);
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->ruri), "sip:2000@example.com");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->ruri_host), "example.com");
	CHECK_EQ_STR(S(X(m).call_id), "broken-1");
	CHECK_EQ_INT(m->cseq, 7);
	CHECK_EQ_INT(m->cseq_method, M_INVITE);
	CHECK_EQ_STR(S(m->via_branch), "z9hG4bK-bad");
	CHECK(m->flags & MF_RPORT);
	CHECK_EQ_INT(store_msg_hdr(st, m)->via_rport, 0);
	CHECK_EQ_STR(S(m->from_tag), "f9");
	CHECK_EQ_STR(S(store_msg_hdr(st, m)->aor), "sip:2000@example.com");
	CHECK(store_stats_c(st)->malformed >= 1);
	/* bytes that are not SIP at all are refused */
	CHECK_EQ_INT(ingest("\x80\x00 RTP-ish junk", 8), NONE_U32);
	/* hostile: long lines and control bytes do not crash */
	char big[SIP_MSG_MAX + 100];
	memset(big, 'A', sizeof big);
	memcpy(big, "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: ", 34);
	big[sizeof big - 1] = '\0';
	struct msg_meta mm = meta(9);
	i = sip_ingest(st, big, strlen(big), &mm);
	CHECK(i != NONE_U32);
	CHECK(store_msg(st, i)->flags & MF_TRUNCATED);
	CHECK_EQ_INT(strlen(S(X(store_msg(st, i)).call_id)), STR_MAX);
}

static void test_bare_lf_and_compact(void)
{
	uint32_t i = ingest("OPTIONS sip:2000@example.com SIP/2.0\n"
	                    "v: SIP/2.0/TCP 192.0.2.10:5070;branch=z9hG4bK-c1, SIP/2.0/UDP 10.0.0.1\n"
	                    "f: <sip:1000@example.com>;tag=c\n"
	                    "t: sip:2000@example.com\n"
	                    "i: compact-1\n"
	                    "CSeq: 3 OPTIONS\n"
	                    "m: <sip:1000@192.0.2.10:5070>\n"
	                    "l: 0\n\n", 10);
	const struct sip_msg *m = store_msg(st, i);
	CHECK(!(m->flags & MF_MALFORMED));
	CHECK(m->flags & MF_COMPACT);
	CHECK(!(m->flags & MF_BAD_CLEN));
	CHECK_EQ_STR(S(X(m).call_id), "compact-1");
	CHECK_EQ_INT(m->via_count, 2);
	CHECK_EQ_INT(m->via_transport, TP_TCP);
	CHECK_EQ_INT(store_msg_hdr(st, m)->via_port, 5070);
	CHECK_EQ_INT(X(m).content_length, 0);
	CHECK_EQ_INT(m->contacts_count, 1);
	char via[STR_MAX + 1];
	CHECK_EQ_STR(store_msg_via_raw(st, m, via, sizeof via), "SIP/2.0/TCP 192.0.2.10:5070;branch=z9hG4bK-c1");
}

/* Several bindings in one Contact header, URIs kept exactly as sent. */
static void test_contacts(void)
{
	uint32_t i = ingest("SIP/2.0 200 OK\r\n"
	                    "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-ct\r\n"
	                    "From: <sip:1000@example.com>;tag=c1\r\n"
	                    "To: <sip:1000@example.com>;tag=c2\r\n"
	                    "Call-ID: contacts-1\r\n"
	                    "CSeq: 9 REGISTER\r\n"
	                    "Contact: <sip:1000@192.0.2.10:5060;transport=TCP;ob>;expires=60, \"Desk\" <sip:1000@198.51.100.7>;expires=0\r\n"
	                    "m: sip:1000@203.0.113.9:5080;expires=30\r\n"
	                    "Content-Length: 0\r\n\r\n", 13);
	const struct sip_msg *m = store_msg(st, i);
	CHECK_EQ_INT(m->contacts_count, 3);
	const struct sip_contact *c = store_contacts(st, m);
	CHECK_EQ_STR(S(c[0].uri), "sip:1000@192.0.2.10:5060;transport=TCP;ob");
	CHECK_EQ_INT(c[0].port, 5060);
	CHECK_EQ_INT(c[0].expires, 60);
	CHECK_EQ_STR(S(c[1].uri), "sip:1000@198.51.100.7");
	CHECK_EQ_INT(c[1].port, 0);
	CHECK_EQ_INT(c[1].expires, 0);
	CHECK_EQ_STR(S(c[2].host), "203.0.113.9");
	CHECK_EQ_INT(c[2].expires, 30);
}

/* Headers trunkdoc reads from the raw text do not go through libosip2:
 * a doubled Content-Type (which libosip2 rejects) leaves the message whole. */
static void test_unused_header_broken(void)
{
	uint32_t i = ingest("SIP/2.0 200 OK\r\n"
	                    "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-dup\r\n"
	                    "From: <sip:1000@example.com>;tag=d1\r\n"
	                    "To: <sip:2000@example.com>;tag=d2\r\n"
	                    "Call-ID: dup-ct\r\n"
	                    "CSeq: 3 UPDATE\r\n"
	                    "Content-Type: application/sdp\r\n"
	                    "Content-Type: application/sdp\r\n"
	                    "Content-Length: 63\r\n\r\n"
	                    "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n", 12);
	const struct sip_msg *m = store_msg(st, i);
	CHECK(!(m->flags & (MF_MALFORMED | MF_BAD_CLEN)));
	CHECK_EQ_INT(m->status, 200);
	CHECK_EQ_STR(S(m->to_tag), "d2");
	CHECK_EQ_STR(S(X(m).content_type), "application/sdp");
	char sdp[STR_MAX + 1];
	CHECK_EQ_STR(sip_sdp_connection(st, m, sdp, sizeof sdp), "192.0.2.9");
	CHECK(m->extra_off != 0);
}

/* SIP-I: the SDP is the second part of a multipart/mixed body (compact
 * Content-Type header, quoted boundary), after a binary ISUP part; the
 * stored record and the re-read connection address both come from it. */
static void test_sdp_multipart(void)
{
	static const char body[] =
		"--sipi-1\r\nContent-Type: application/isup;version=itu-t92+\r\n\r\n"
		"\x01\x00\x49\x00\x00\x03\x02\x00\x07\x04\x10\x00\x33\x63\x21\x43\x00\x00\x03\r\n"
		"--sipi-1\r\nContent-Type: application/sdp\r\n\r\n"
		"v=0\r\no=- 1 1 IN IP4 192.0.2.11\r\ns=-\r\nc=IN IP4 192.0.2.11\r\nt=0 0\r\n"
		"m=audio 4010 RTP/AVP 8\r\n\r\n--sipi-1--\r\n";
	char text[2048];
	int h = snprintf(text, sizeof text,
	                 "INVITE sip:2000@example.com SIP/2.0\r\n"
	                 "Via: SIP/2.0/UDP 192.0.2.11;branch=z9hG4bK-mp\r\n"
	                 "From: <sip:1000@example.com>;tag=mp\r\n"
	                 "To: <sip:2000@example.com>\r\n"
	                 "Call-ID: sdp-multipart-1\r\n"
	                 "CSeq: 1 INVITE\r\n"
	                 "c: multipart/mixed;boundary=\"sipi-1\"\r\n"
	                 "Content-Length: %zu\r\n\r\n", sizeof body - 1);
	memcpy(text + h, body, sizeof body - 1);
	size_t n = (size_t)h + sizeof body - 1;
	char *exact = malloc(n);
	memcpy(exact, text, n);
	struct msg_meta mm = meta(13);
	uint32_t i = sip_ingest(st, exact, n, &mm);
	free(exact);
	const struct sip_msg *m = store_msg(st, i);
	CHECK(!(m->flags & (MF_MALFORMED | MF_BAD_CLEN)));
	CHECK_EQ_STR(S(X(m).content_type), "multipart/mixed");
	char sdp[STR_MAX + 1];
	CHECK_EQ_STR(sip_sdp_connection(st, m, sdp, sizeof sdp), "192.0.2.11");
	size_t nm;
	const struct sdp_mline *ml = store_msg_sdp(st, m, &nm);
	CHECK_EQ_INT(nm, 1);
	CHECK_EQ_INT(ml ? ml[0].port : 0, 4010);
}

/* Trap: sdp_message_parse reads past the end; a body that ends without a
 * newline, right at the end of the buffer, must be safe under ASan. */
static void test_sdp(void)
{
	const char *body = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
	                   "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000";
	char text[1024];
	int n = snprintf(text, sizeof text,
	                 "INVITE sip:2000@example.com SIP/2.0\r\n"
	                 "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-sdp\r\n"
	                 "From: <sip:1000@example.com>;tag=s\r\n"
	                 "To: <sip:2000@example.com>\r\n"
	                 "Call-ID: sdp-1\r\n"
	                 "CSeq: 1 INVITE\r\n"
	                 "Content-Type: application/sdp\r\n"
	                 "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
	char *exact = malloc((size_t)n);     /* no NUL after it: ASan sees any over-read */
	memcpy(exact, text, (size_t)n);
	struct msg_meta mm = meta(11);
	uint32_t i = sip_ingest(st, exact, (size_t)n, &mm);
	free(exact);
	const struct sip_msg *m = store_msg(st, i);
	CHECK(!(m->flags & (MF_MALFORMED | MF_BAD_CLEN)));
	CHECK_EQ_INT(m->body_len, strlen(body));
	CHECK_EQ_STR(S(X(m).content_type), "application/sdp");
	char sdp[STR_MAX + 1];
	CHECK_EQ_STR(sip_sdp_connection(st, m, sdp, sizeof sdp), "192.0.2.10");
	size_t nm;
	const struct sdp_mline *ml = store_msg_sdp(st, m, &nm);
	CHECK_EQ_INT(nm, 1);
	CHECK_EQ_INT(ml[0].port, 4000);
	CHECK_EQ_INT(ml[0].kind, SDP_K_AUDIO);
	CHECK_EQ_INT(ml[0].dir, SDP_SENDRECV);
	CHECK_EQ_INT(ml[0].proto, SDP_P_RTP_AVP);
	CHECK_EQ_STR(S(ml[0].addr), "192.0.2.10");
	CHECK_EQ_STR(S(ml[0].codecs), "0 PCMU/8000");
	CHECK(ml[0].flags & SDPF_SESSION_C);
	const struct endpoint *ep = store_ep(st, ml[0].ep);
	CHECK_EQ_INT(ep->family, 4);
	CHECK_EQ_INT(ep->port, 4000);
}

/* An answer with two m= lines: media-level c= (IPv6), direction at both
 * levels, a dynamic type without rtpmap, static names, T.38 and a refused
 * stream.  Content-Type with parameters still counts as SDP. */
static void test_sdp_answer(void)
{
	const char *body = "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\n"
	                   "a=sendonly\r\n"
	                   "m=audio 30000 RTP/AVP 8 18 101 96\r\nc=IN IP6 2001:db8::7\r\n"
	                   "a=rtpmap:101 telephone-event/8000\r\na=recvonly\r\n"
	                   "m=image 0 udptl t38\r\n"
	                   "m=video 40000 RTP/SAVP 34\r\n";
	char text[1024];
	int n = snprintf(text, sizeof text,
	                 "SIP/2.0 200 OK\r\n"
	                 "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-sdp2\r\n"
	                 "From: <sip:1000@example.com>;tag=s\r\n"
	                 "To: <sip:2000@example.com>;tag=t\r\n"
	                 "Call-ID: sdp-2\r\n"
	                 "CSeq: 1 INVITE\r\n"
	                 "Content-Type: Application/SDP; charset=utf-8\r\n"
	                 "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
	struct msg_meta mm = meta(12);
	uint32_t i = sip_ingest(st, text, (size_t)n, &mm);
	const struct sip_msg *m = store_msg(st, i);
	size_t nm;
	const struct sdp_mline *ml = store_msg_sdp(st, m, &nm);
	CHECK_EQ_INT(nm, 3);
	if (nm != 3)
		return;
	CHECK_EQ_STR(S(ml[0].addr), "2001:db8::7");
	CHECK(!(ml[0].flags & SDPF_SESSION_C));
	CHECK_EQ_INT(store_ep(st, ml[0].ep)->family, 6);
	CHECK_EQ_INT(ml[0].dir, SDP_RECVONLY);
	CHECK_EQ_STR(S(ml[0].codecs), "8 PCMA/8000 18 G729/8000 101 telephone-event/8000 96");
	CHECK_EQ_INT(ml[1].kind, SDP_K_IMAGE);
	CHECK_EQ_INT(ml[1].port, 0);
	CHECK_EQ_INT(ml[1].proto, SDP_P_UDPTL);
	CHECK_EQ_INT(ml[1].dir, SDP_SENDONLY);
	CHECK_EQ_STR(S(ml[1].codecs), "t38");
	CHECK_EQ_STR(S(ml[1].addr), "10.0.0.5");
	CHECK_EQ_INT(ml[2].proto, SDP_P_RTP_SAVP);
	CHECK_EQ_STR(S(ml[2].codecs), "34 H263/90000");
	/* a message without SDP has none */
	CHECK(store_msg_sdp(st, store_msg(st, 0), &nm) == NULL && nm == 0);
}

static void datagram(const char *buf, size_t len, uint32_t frame)
{
	struct msg_meta m = meta(frame);
	char *copy = malloc(len);
	memcpy(copy, buf, len);
	sip_ingest_datagram(st, copy, len, &m);
	free(copy);
}
#define DGRAM(lit, frame) datagram(lit, sizeof(lit) - 1, frame)

#define OPT(cid, extra) \
	"OPTIONS sip:2000@example.com SIP/2.0\r\n" \
	"Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-" cid "\r\n" \
	"From: <sip:1000@example.com>;tag=o\r\n" \
	"To: <sip:2000@example.com>\r\n" \
	"Call-ID: " cid "\r\n" \
	"CSeq: 1 OPTIONS\r\n" extra

static void test_datagrams(void)
{
	size_t ka = store_keepalive_count(st), n0 = store_msg_count(st);
	DGRAM("\r\n\r\n", 20);
	DGRAM("\r\n", 21);
	CHECK_EQ_INT(store_keepalive_count(st), ka + 2);
	CHECK_EQ_INT(store_keepalive(st, (uint32_t)ka)->kind, 1);
	CHECK_EQ_INT(store_keepalive(st, (uint32_t)ka + 1)->kind, 2);
	CHECK_EQ_INT(store_keepalive(st, (uint32_t)ka)->frame, 20);
	CHECK_EQ_INT(store_msg_count(st), n0);

	/* junk before the start line */
	DGRAM("\x01\x02garbage line\r\n" OPT("junk-1", "Content-Length: 0\r\n\r\n"), 22);
	CHECK_EQ_INT(store_msg_count(st), n0 + 1);
	CHECK(last()->flags & MF_JUNK_BEFORE);
	CHECK(!(last()->flags & MF_MALFORMED));
	CHECK_EQ_STR(S(X(last()).call_id), "junk-1");
	CHECK_EQ_INT(last()->frame, 22);

	/* two messages in one datagram */
	DGRAM(OPT("two-a", "Content-Length: 0\r\n\r\n") OPT("two-b", "l: 0\r\n\r\n"), 23);
	CHECK_EQ_INT(store_msg_count(st), n0 + 3);
	CHECK_EQ_STR(S(X(store_msg(st, (uint32_t)n0 + 1)).call_id), "two-a");
	CHECK_EQ_STR(S(X(store_msg(st, (uint32_t)n0 + 2)).call_id), "two-b");
	CHECK_EQ_INT(store_msg_by_frame(st, 23), n0 + 1);

	/* Content-Length larger than the body: flagged, body kept */
	DGRAM(OPT("clen-big", "Content-Type: text/plain\r\nContent-Length: 500\r\n\r\nhello"), 24);
	CHECK(last()->flags & MF_BAD_CLEN);
	CHECK_EQ_INT(last()->body_len, 5);
	CHECK_EQ_INT(X(last()).content_length, 500);
	/* the same, but the capture's snap length cut it: truncated, not bad */
	{
		const char *cut = OPT("clen-snap", "Content-Length: 500\r\n\r\nhello");
		struct msg_meta mm = meta(29);
		mm.flags = MF_TRUNCATED;
		sip_ingest_datagram(st, cut, strlen(cut), &mm);
		CHECK(last()->flags & MF_TRUNCATED);
		CHECK(!(last()->flags & MF_BAD_CLEN));
	}
	/* unreadable Content-Length */
	DGRAM(OPT("clen-bad", "Content-Length: 12abc\r\n\r\n"), 25);
	CHECK(last()->flags & MF_BAD_CLEN);
	/* bytes past Content-Length that are not a message: flagged, cut (RFC 3261 18.3) */
	DGRAM(OPT("clen-short", "Content-Length: 2\r\n\r\nhello"), 26);
	CHECK(last()->flags & MF_BAD_CLEN);
	CHECK_EQ_INT(last()->body_len, 2);
	/* trailing CRLF padding is fine */
	DGRAM(OPT("clen-pad", "Content-Length: 0\r\n\r\n\r\n"), 27);
	CHECK(!(last()->flags & MF_BAD_CLEN));
	/* User-Agent or Server goes in the record; both, and the rare headers,
	 * in the extra record store_msg_extra reads back */
	DGRAM(OPT("agents", "User-Agent: UA 1\r\nServer: SRV 2\r\nContent-Length: 0\r\n\r\n"), 28);
	CHECK(last()->extra_off != 0);
	CHECK_EQ_STR(S(X(last()).user_agent), "UA 1");
	CHECK_EQ_STR(S(X(last()).server), "SRV 2");
	CHECK_EQ_STR(S(store_msg_server(st, last())), "SRV 2");
	DGRAM(OPT("server", "Server: SRV 3\r\nContent-Length: 0\r\n\r\n"), 29);
	CHECK_EQ_INT(last()->extra_off, 0);
	CHECK(last()->flags & MF_AGENT_SERVER);
	CHECK_EQ_STR(S(X(last()).server), "SRV 3");
	CHECK_EQ_INT(X(last()).user_agent, 0);
	CHECK_EQ_STR(S(store_msg_server(st, last())), "SRV 3");
	DGRAM(OPT("rare", "Min-Expires: 120\r\nRetry-After: 30\r\nWarning: 399 x \"y\"\r\n"
	                  "Record-Route: <sip:p1;lr>\r\n\r\n"), 30);
	CHECK(last()->extra_off != 0);
	CHECK_EQ_INT(X(last()).min_expires, 120);
	CHECK_EQ_INT(X(last()).retry_after, 30);
	CHECK_EQ_STR(S(X(last()).warning), "399 x \"y\"");
	CHECK_EQ_STR(S(X(last()).record_route), "<sip:p1;lr>");
	CHECK_EQ_INT(X(last()).content_length, -1);
	CHECK_EQ_STR(S(store_msg_call_id(st, last())), "rare");
	/* RTP-like payload: nothing stored */
	size_t before = store_msg_count(st);
	DGRAM("\x80\x08\x12\x34 binary \n more", 28);
	CHECK_EQ_INT(store_msg_count(st), before);
}

static struct msg_meta seg(uint32_t frame)
{
	struct msg_meta m = meta(frame);
	m.transport = TP_TCP;
	m.ip_len = 0;
	return m;
}

static void feed(struct sip_stream *s, const char *text, size_t len, uint32_t frame)
{
	struct msg_meta m = seg(frame);
	char *copy = malloc(len ? len : 1);
	memcpy(copy, text, len);
	sip_stream_feed(s, st, copy, len, &m);
	free(copy);
}

static void test_stream(void)
{
	struct sip_stream *s = sip_stream_new();
	size_t n0 = store_msg_count(st);

	/* two messages in one chunk */
	const char *two = OPT("tcp-a", "Content-Length: 4\r\n\r\nbody") OPT("tcp-b", "Content-Length: 0\r\n\r\n");
	feed(s, two, strlen(two), 30);
	CHECK_EQ_INT(store_msg_count(st), n0 + 2);
	CHECK_EQ_STR(S(X(store_msg(st, (uint32_t)n0)).call_id), "tcp-a");
	CHECK_EQ_INT(store_msg(st, (uint32_t)n0)->body_len, 4);
	CHECK_EQ_STR(S(X(last()).call_id), "tcp-b");
	CHECK_EQ_INT(last()->transport, TP_TCP);
	CHECK(!(last()->flags & MF_REASSEMBLED));

	/* one message over three chunks, the start line itself split */
	const char *one = OPT("tcp-split", "Content-Type: text/plain\r\nl: 10\r\n\r\n0123456789");
	size_t len = strlen(one);
	feed(s, one, 5, 31);
	feed(s, one + 5, 60, 32);
	CHECK_EQ_INT(store_msg_count(st), n0 + 2);
	feed(s, one + 65, len - 65, 33);
	CHECK_EQ_INT(store_msg_count(st), n0 + 3);
	const struct sip_msg *m = last();
	CHECK_EQ_STR(S(X(m).call_id), "tcp-split");
	/* numbered and timed where it completes, as Wireshark shows it */
	CHECK_EQ_INT(X(m).first_frame, 31);
	CHECK_EQ_INT(m->frame, 33);
	CHECK_EQ_INT(m->time, 33 * 1000000LL);
	CHECK(m->flags & MF_REASSEMBLED);
	CHECK(m->flags & MF_COMPACT);
	CHECK_EQ_INT(m->body_len, 10);
	CHECK_EQ_INT(m->wire_len, len);
	char raw[1024];
	CHECK_EQ_INT(store_msg_raw(st, (uint32_t)store_msg_count(st) - 1, raw, sizeof raw), len);
	CHECK(!memcmp(raw, one, len));

	/* keep-alive, then garbage, then a message: resync on the start line */
	size_t ka = store_keepalive_count(st);
	feed(s, "\r\n\r\n", 4, 34);
	CHECK_EQ_INT(store_keepalive_count(st), ka + 1);
	const char *junk = "\x16\x03\x01 not sip at all\r\nmore junk\r\n" OPT("tcp-resync", "Content-Length: 0\r\n\r\n");
	feed(s, junk, strlen(junk), 35);
	CHECK_EQ_INT(store_msg_count(st), n0 + 4);
	CHECK_EQ_STR(S(X(last()).call_id), "tcp-resync");
	CHECK(last()->flags & MF_JUNK_BEFORE);

	/* the end of the stream arrives mid-message: flushed as truncated */
	const char *partial = OPT("tcp-cut", "Content-Length: 100\r\n\r\nonly a bit");
	feed(s, partial, strlen(partial), 36);
	CHECK_EQ_INT(store_msg_count(st), n0 + 4);
	sip_stream_flush(s, st);
	CHECK_EQ_INT(store_msg_count(st), n0 + 5);
	CHECK(last()->flags & MF_TRUNCATED);
	CHECK(!(last()->flags & MF_BAD_CLEN));       /* cut by the capture, not lying */
	CHECK_EQ_INT(X(last()).content_length, 100);

	/* a byte at a time */
	const char *slow = OPT("tcp-slow", "Content-Length: 3\r\n\r\nabc");
	for (size_t i = 0; slow[i]; i++)
		feed(s, slow + i, 1, 40 + (uint32_t)i);
	CHECK_EQ_INT(store_msg_count(st), n0 + 6);
	CHECK_EQ_STR(S(X(last()).call_id), "tcp-slow");
	CHECK_EQ_INT(X(last()).first_frame, 40);
	CHECK_EQ_INT(last()->frame, 40 + strlen(slow) - 1);
	sip_stream_free(s);

	/* a huge Content-Length does not make the stream hold everything */
	s = sip_stream_new();
	const char *huge = OPT("tcp-huge", "Content-Length: 99999999\r\n\r\n") OPT("tcp-after", "Content-Length: 0\r\n\r\n");
	feed(s, huge, strlen(huge), 300);
	CHECK_EQ_STR(S(X(last()).call_id), "tcp-after");
	CHECK(store_msg(st, (uint32_t)store_msg_count(st) - 2)->flags & MF_BAD_CLEN);
	sip_stream_flush(s, st);
	sip_stream_free(s);
}

/* Messages are re-read from the capture file by offset (RAW_FILE). */
static void test_raw_file(void)
{
	char path[] = "/tmp/test_sipraw_XXXXXX";
	int fd = mkstemp(path);
	const char *payload = "\r\n\r\n" OPT("file-1", "Content-Length: 0\r\n\r\n");
	CHECK(write(fd, "PCAPHEADER", 10) == 10);
	CHECK(write(fd, payload, strlen(payload)) == (ssize_t)strlen(payload));
	uint16_t src = store_add_source(st, path, false, fd);
	struct msg_meta m = meta(50);
	m.raw = (struct raw_ref){ .where = RAW_FILE, .source = src, .len = (uint32_t)strlen(payload), .off = 10 };
	uint32_t i = sip_ingest(st, payload, strlen(payload), &m);
	struct raw_ref r = raw_unpack(store_msg(st, i)->raw_at, store_msg(st, i)->wire_len);
	CHECK_EQ_INT(r.where, RAW_FILE);
	CHECK_EQ_INT(r.source, src);
	CHECK_EQ_INT(r.off, 14);
	char raw[512];
	long n = store_msg_raw(st, i, raw, sizeof raw);
	CHECK_EQ_INT(n, strlen(payload) - 4);
	CHECK(n > 0 && !memcmp(raw, payload + 4, (size_t)n));
	unlink(path);
}

/* Hostile bytes: mutated messages through every entry point, cut at
 * random places.  Under ASan/UBSan any over-read or overflow fails. */
static void test_mutations(void)
{
	static const char *seeds[] = {
		REGISTER_AUTH,
		"SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKm\r\nCall-ID: m\r\nCSeq: 1 REGISTER\r\n"
		"From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\"\r\nl: 0\r\n\r\n",
		"INVITE sip:b@c SIP/2.0\nv: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKi\ni: x\nCSeq: 1 INVITE\nf: a <sip:a@b>;tag=3\n"
		"t: sip:b@c\nc: application/sdp\nl: 20\n\nv=0\r\nc=IN IP4 1.2.3.4",
	};
	uint32_t rng = 12345;
#define RND() (rng = rng * 1103515245u + 12345u, (rng >> 8))
	size_t before = store_msg_count(st);
	int stored = 0;
	for (int iter = 0; iter < 3000; iter++) {
		char buf[2048];
		const char *seed = seeds[iter % 3];
		size_t len = strlen(seed);
		memcpy(buf, seed, len);
		int edits = 1 + (int)(RND() % 8);
		for (int e = 0; e < edits; e++) {
			size_t at = RND() % len;
			switch (RND() % 4) {
			case 0: buf[at] = (char)RND(); break;                          /* flip a byte */
			case 1: buf[at] = "\r\n:;,<>\"= \0"[RND() % 11]; break;     /* a delimiter */
			case 2: len = at + 1; break;                                    /* cut */
			case 3: if (len + 8 < sizeof buf) { memmove(buf + at + 8, buf + at, len - at); memcpy(buf + at, "\r\n\r\nl: 9", 8); len += 8; } break;
			}
		}
		char *exact = malloc(len);
		memcpy(exact, buf, len);
		struct msg_meta m = meta(1000 + (uint32_t)iter);
		size_t n0 = store_msg_count(st);
		if (iter % 3 == 0) {
			sip_ingest_datagram(st, exact, len, &m);
		} else if (iter % 3 == 1) {
			sip_ingest(st, exact, len, &m);
		} else {
			struct sip_stream *s = sip_stream_new();
			for (size_t off = 0; off < len;) {
				size_t piece = 1 + RND() % 64;
				if (piece > len - off)
					piece = len - off;
				sip_stream_feed(s, st, exact + off, piece, &m);
				off += piece;
			}
			sip_stream_flush(s, st);
			sip_stream_free(s);
		}
		stored += store_msg_count(st) > n0;
		free(exact);
	}
	/* most mutants still frame as SIP; everything stored reads back */
	CHECK(stored > 1000);
	bool readable = true;
	char raw[SIP_MSG_MAX];
	for (size_t i = before; i < store_msg_count(st); i++)
		if (store_msg_raw(st, (uint32_t)i, raw, sizeof raw) != (long)store_msg(st, (uint32_t)i)->wire_len)
			readable = false;
	CHECK(readable);
	store_finish(st, 5000 * 1000000LL);
}

/* Content-Length as a walk over every header finds it: what
 * sipframe_content_length's line skipping must agree with. */
static long clen_every_header(const char *msg, size_t len)
{
	struct hdr_iter it;
	struct span n, v;
	long found = -1;
	sipframe_headers_begin(&it, msg, len);
	while (sipframe_next_header(&it, &n, &v)) {
		if (!sipframe_name_is(n, "content-length", 'l'))
			continue;
		long val = sipframe_clen_value(v);
		if (val < 0 || (found >= 0 && found != val))
			return -2;
		found = val;
	}
	return found;
}

static void test_content_length_skip(void)
{
	static const char *const cases[] = {
		"OPTIONS sip:a SIP/2.0\r\nVia: x\r\nContent-Length: 12\r\n\r\n",
		"OPTIONS sip:a SIP/2.0\r\nl: 3\r\nCall-ID: c\r\n\r\nl: 9\r\n",
		"OPTIONS sip:a SIP/2.0\nCONTENT-LENGTH:\n 7\nX: y\n\n",
		"OPTIONS sip:a SIP/2.0\r\nX-Long: a\r\n l: 5\r\nl : 4\r\n\r\n",
		"OPTIONS sip:a SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\n",
		"OPTIONS sip:a SIP/2.0\r\ncontact\r\nLength: 1\r\nContent-Length: 4\r\n",
		"OPTIONS sip:a SIP/2.0\r\n\r\r\nContent-Length: 4\r\n\r\n",
		"OPTIONS sip:a SIP/2.0\r\nCSeq: 1 X\r\n\tContent-Length: 2\r\nl:x\r\n",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		CHECK_EQ_INT(sipframe_content_length(cases[i], strlen(cases[i])),
		             clen_every_header(cases[i], strlen(cases[i])));
	/* and on mutations of a real header block */
	static const char base[] = "REGISTER sip:example.com SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1\r\nCall-ID: c1\r\n"
		"Contact: <sip:1000@192.0.2.10>\r\nCSeq: 1 REGISTER\r\nl: 10\r\n"
		"Content-Length: 10\r\n\r\n0123456789";
	static const char alphabet[] = "\r\n \t:lLcC0123456789-Content-Length";
	char buf[sizeof base + 8];
	uint32_t seed = 12345;
	int differ = 0;
	for (int round = 0; round < 20000; round++) {
		memcpy(buf, base, sizeof base);
		size_t n = sizeof base - 1;
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			buf[at] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
		}
		differ += sipframe_content_length(buf, n) != clen_every_header(buf, n);
	}
	CHECK_EQ_INT(differ, 0);
}

/* The first value of a header: the comma inside quotes or angle brackets
 * does not end it, on the fast path (no quotes, no brackets) and the slow. */
static void test_first_value(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1 , SIP/2.0/UDP b", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1" },
		{ "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1", "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1" },
		{ "\"Smith, John\" <sip:1@a>;tag=x, <sip:2@b>", "\"Smith, John\" <sip:1@a>;tag=x" },
		{ "<sip:1@a;x=1,2>, <sip:2@b>", "<sip:1@a;x=1,2>" },
		{ "\"a\\\",b\" <sip:1@a>", "\"a\\\",b\" <sip:1@a>" },
		{ ",x", "" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct span v = sipframe_first_value((struct span){ cases[i].in, strlen(cases[i].in) });
		CHECK_EQ_INT((long)v.n, (long)strlen(cases[i].want));
		CHECK(!strncmp(v.p, cases[i].want, v.n));
	}
	char buf[64];
	const char *folded = "SIP/2.0/UDP a;\r\n  branch=z9hG4bK-1";
	size_t k = span_unfold((struct span){ folded, strlen(folded) }, buf, sizeof buf - 1);
	buf[k] = '\0';
	CHECK_EQ_STR(buf, "SIP/2.0/UDP a; branch=z9hG4bK-1");
}

/* libosip2's allocators: blocks from the arena inside a scope (realloc of
 * the newest grows in place, others move with their bytes), from malloc
 * when the arena is full or outside a scope; freeing either kind anywhere
 * is safe.  Run under ASan in the suite, which also poisons the arena. */
static void test_arena(void)
{
	static struct sip_arena a;
	char *outside = osip_malloc(10);
	CHECK(outside != NULL);
	memcpy(outside, "outside", 8);
	sipalloc_begin(&a);
	char *p = osip_malloc(5);
	CHECK(p >= (char *)a.mem && p < (char *)a.mem + sizeof a.mem);
	CHECK(!sipalloc_spilled(&a));
	memcpy(p, "abcd", 5);
	char *q = osip_realloc(p, 300);
	CHECK(q == p);                           /* the newest block grows in place */
	CHECK_EQ_STR(q, "abcd");
	char *r = osip_malloc(8);
	memcpy(r, "rrrrrrr", 8);
	char *q2 = osip_realloc(q, 600);        /* not the newest: moves, keeps its bytes */
	CHECK(q2 != q);
	CHECK_EQ_STR(q2, "abcd");
	char *big = osip_malloc(SIPALLOC_ARENA); /* too big: from malloc */
	CHECK(big && (big < (char *)a.mem || big >= (char *)a.mem + sizeof a.mem));
	CHECK(sipalloc_spilled(&a));             /* so the tree must be freed the long way */
	memset(big, 'x', SIPALLOC_ARENA);
	char *big2 = osip_realloc(big, SIPALLOC_ARENA + 100);
	CHECK(big2 && big2[SIPALLOC_ARENA - 1] == 'x');
	osip_free(big2);
	osip_free(r);
	osip_free(q2);
	osip_free(outside);                      /* a malloc block freed in a scope */
	char *fill = NULL;
	size_t n = 0;
	while ((fill = osip_malloc(4000)) && fill >= (char *)a.mem && fill < (char *)a.mem + sizeof a.mem)
		n++;
	CHECK(n > 10 && fill != NULL);           /* arena full: malloc takes over */
	sipalloc_end(&a);
	osip_free(fill);                         /* ... and is freed after the scope */
	char *after = osip_malloc(16);           /* no scope: malloc */
	CHECK(after && (after < (char *)a.mem || after >= (char *)a.mem + sizeof a.mem));
	osip_free(after);
	sipalloc_begin(&a);
	CHECK(!sipalloc_spilled(&a));            /* each scope starts afresh */
	sipalloc_end(&a);
}

/* A message whose libosip2 tree outgrows the arena (a thousand short Via
 * headers) is parsed whole; its tree, partly from malloc, is freed node by
 * node (the leak checker of the sanitizer build watches), while an
 * ordinary message's tree simply goes with the arena. */
static void test_tree_beyond_arena(void)
{
	static char msg[SIP_MSG_MAX];
	size_t n = (size_t)snprintf(msg, sizeof msg, "OPTIONS sip:x@example.com SIP/2.0\r\n");
	for (int i = 0; i < 1500; i++)
		n += (size_t)snprintf(msg + n, sizeof msg - n, "Via: SIP/2.0/UDP h%d;branch=z9hG4bK%d\r\n", i, i);
	n += (size_t)snprintf(msg + n, sizeof msg - n,
	                      "From: <sip:a@example.com>;tag=t\r\nTo: <sip:x@example.com>\r\n"
	                      "Call-ID: beyond-arena\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
	CHECK(n < sizeof msg - 1);
	uint32_t i = ingest(msg, 21);
	const struct sip_msg *m = store_msg(st, i);
	CHECK(m != NULL && !(m->flags & MF_MALFORMED));
	CHECK_EQ_INT(m->method, M_OPTIONS);
	CHECK_EQ_STR(S(m->via_branch), "z9hG4bK0");
	uint32_t j = ingest("OPTIONS sip:x@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKsmall\r\n"
	                    "From: <sip:a@example.com>;tag=t\r\nTo: <sip:x@example.com>\r\n"
	                    "Call-ID: within-arena\r\nCSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n", 22);
	CHECK_EQ_STR(S(store_msg(st, j)->via_branch), "z9hG4bKsmall");
}

int main(void)
{
	sipparse_init();
	test_first_value();
	test_arena();
	st = store_new();
	test_register();
	test_no_reason();
	test_auth_headers();
	test_trace_silenced();
	test_content_length_skip();
	test_malformed();
	test_bare_lf_and_compact();
	test_sdp();
	test_sdp_multipart();
	test_sdp_answer();
	test_unused_header_broken();
	test_contacts();
	test_tree_beyond_arena();
	test_datagrams();
	test_stream();
	test_raw_file();
	test_mutations();
	store_free(st);
	return test_done();
}
