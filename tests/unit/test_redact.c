/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_redact.c - the masking table: same-length masks, address edges,
 * digest parameters by context, JSON members, and a frame whose checksums
 * must still hold after its bytes were rewritten.
 */
#include <arpa/inet.h>
#include <json-c/json.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "app/app.h"
#include "report/export.h"
#include "report/pcapout.h"
#include "report/redact.h"

static uint16_t sum_ok(const uint8_t *p, size_t n, uint32_t s)
{
	while (n > 1) {
		s += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		n -= 2;
	}
	if (n)
		s += (uint32_t)p[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* An IPv4 header, source and destination ports 5060 after it. */
static void put_ipv4(uint8_t *ip, size_t iplen, uint8_t proto, const char *src)
{
	ip[0] = 0x45;
	ip[2] = (uint8_t)(iplen >> 8);
	ip[3] = (uint8_t)iplen;
	ip[8] = 64;
	ip[9] = proto;
	inet_pton(AF_INET, src, ip + 12);
	inet_pton(AF_INET, "198.51.100.20", ip + 16);
	ip[20] = 0x13; ip[21] = 0xc4; ip[22] = 0x13; ip[23] = 0xc4;
}

static void test_ip_masks(void)
{
	char out[64];
	unsigned char b[16];
	CHECK(redact_mask_ip_text("203.0.113.5", 1, out, sizeof out));
	CHECK_EQ_INT(strlen(out), strlen("203.0.113.5"));
	CHECK(strcmp(out, "203.0.113.5") != 0);
	CHECK(inet_pton(AF_INET, out, b) == 1);
	CHECK(redact_mask_ip_text("255.255.255.255", 7, out, sizeof out));
	CHECK_EQ_INT(strlen(out), 15);
	CHECK(inet_pton(AF_INET, out, b) == 1);
	CHECK(redact_mask_ip_text("2001:db8::5", 1, out, sizeof out));
	CHECK_EQ_INT(strlen(out), strlen("2001:db8::5"));
	CHECK(inet_pton(AF_INET6, out, b) == 1);
	CHECK(strcmp(out, "2001:db8::5") != 0);
	CHECK(redact_mask_ip_text("::ffff:192.0.2.1", 2, out, sizeof out));
	CHECK(inet_pton(AF_INET6, out, b) == 1);
	CHECK(!redact_mask_ip_text("not-an-address", 1, out, sizeof out));
	/* a mask reads as a documentation address (RFC 5737) where one is as
	 * long as the address it hides */
	CHECK(redact_mask_ip_text("192.168.1.10", 1, out, sizeof out));
	CHECK_EQ_INT(strlen(out), strlen("192.168.1.10"));
	CHECK(!strncmp(out, "192.0.2.", 8) || !strncmp(out, "198.51.100.", 11) || !strncmp(out, "203.0.113.", 10));
	CHECK(redact_mask_ip_text("10.20.30.40", 3, out, sizeof out));
	CHECK(!strncmp(out, "192.0.2.", 8) || !strncmp(out, "198.51.100.", 11) || !strncmp(out, "203.0.113.", 10));
	CHECK(inet_pton(AF_INET, out, b) == 1);
	/* IPv6: in 2001:db8::/32 (RFC 3849), as long as the address, and
	 * written as inet_ntop writes it (RFC 5952), from 11 to 39 characters */
	static const char *const v6[] = {
		"2a00:1450:4001:82a::200e", "fd00::10", "2001:4860:4860::8888", "2a02:8071:b8c::1",
		"2a02:8071:b8c0:1234:5678:9abc:def0:1234", "2a02:8071:b8c0:1:2:3:4:5", "fe80::1:2",
		"2001:db8::5", "2600:1f18:63c:a001::50", "2a01:4f8:c0c:1234:5678:9:10:11",
	};
	for (size_t i = 0; i < sizeof v6 / sizeof v6[0]; i++) {
		CHECK(redact_mask_ip_text(v6[i], 1, out, sizeof out));
		CHECK_EQ_INT(strlen(out), strlen(v6[i]));
		CHECK(inet_pton(AF_INET6, out, b) == 1);
		if (strlen(v6[i]) >= 11) {
			CHECK(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
			char canon[64];
			inet_ntop(AF_INET6, b, canon, sizeof canon);
			if (strlen(v6[i]) < 39)
				CHECK(!strcmp(canon, out));
		}
		char o3[64];
		CHECK(redact_mask_ip_text(v6[i], 2, o3, sizeof o3));
		CHECK(strcmp(out, o3) != 0);
	}
	/* two different k give two different masks */
	char o2[64];
	redact_mask_ip_text("10.1.2.3", 1, out, sizeof out);
	redact_mask_ip_text("10.1.2.3", 2, o2, sizeof o2);
	CHECK(strcmp(out, o2) != 0);
}

static void test_text(void)
{
	static struct app a;
	struct redactor r;
	char err[256];
	const char *ips[] = { "203.0.113.5", "2001:db8::7" };
	struct redact_opts eo = { true, ips, 2 };

	memset(&a, 0, sizeof a);
	CHECK(redactor_build(&r, &a, &eo, err, sizeof err));
	CHECK_EQ_INT(r.nips, 2);

	char t[] = "Via: SIP/2.0/UDP 203.0.113.5:5060;received=203.0.113.50;x=1203.0.113.5 at 203.0.113.5.";
	size_t len = strlen(t);
	CHECK(redact_buf(&r, t, len, false));
	CHECK_EQ_INT(strlen(t), len);
	CHECK(strstr(t, "received=203.0.113.50") != NULL);     /* another address */
	CHECK(strstr(t, "UDP 203.0.113.5:") == NULL);
	CHECK(strstr(t, r.ips[0].to_text) != NULL);
	CHECK(strstr(t, " at 203.0.113.5.") == NULL);          /* end of a sentence */

	char v6[] = "Contact: <sip:1000@[2001:db8::7]:5060>, [2001:db8::77]";
	CHECK(redact_buf(&r, v6, strlen(v6), false));
	CHECK(strstr(v6, "[2001:db8::7]") == NULL);
	CHECK(strstr(v6, "[2001:db8::77]") != NULL);

	char au[] = "Authorization: Digest username=\"1000\", realm=\"example.net\", nonce=\"abc\", "
	            "uri=\"sip:example.net\", response=\"0123456789abcdef0123456789abcdef\", cnonce=c1";
	CHECK(redact_buf(&r, au, strlen(au), true));
	CHECK(strstr(au, "nonce=\"XXX\"") != NULL);
	CHECK(strstr(au, "0123456789abcdef") == NULL);
	CHECK(strstr(au, "cnonce=XX") != NULL);
	CHECK(strstr(au, "realm=\"example.net\"") != NULL);

	struct json_object *o = json_tokener_parse(
		"{\"nonce\":\"abc\",\"response\":\"401 Unauthorized\",\"x\":[\"from 203.0.113.5\"],"
		"\"auth\":{\"response\":\"0123456789abcdef0123456789abcdef\"}}");
	CHECK(o != NULL);
	redact_json(&r, o);
	struct json_object *v;
	json_object_object_get_ex(o, "nonce", &v);
	CHECK_EQ_STR(json_object_get_string(v), "XXX");
	json_object_object_get_ex(o, "response", &v);
	CHECK_EQ_STR(json_object_get_string(v), "401 Unauthorized");
	json_object_object_get_ex(o, "x", &v);
	CHECK(strstr(json_object_get_string(json_object_array_get_idx(v, 0)), "203.0.113.5") == NULL);
	json_object_object_get_ex(o, "auth", &v);
	json_object_object_get_ex(v, "response", &v);
	CHECK(strstr(json_object_get_string(v), "0123") == NULL);
	json_object_put(o);
	redactor_free(&r);

	CHECK(!redactor_build(&r, &a, &(struct redact_opts){ true, (const char *[]){ "999.1.1.1" }, 1 },
	                      err, sizeof err));
	CHECK(strstr(err, "999.1.1.1") != NULL);
}

static void test_password_always(void)
{
	static struct app a;
	struct redactor r;
	char err[256];
	memset(&a, 0, sizeof a);
	strcpy(a.password.value, "s3cret-trunk-pw");
	a.password.len = strlen(a.password.value);
	a.password.set = true;
	struct redact_opts eo = { false, NULL, 0 };
	CHECK(redactor_build(&r, &a, &eo, err, sizeof err));
	CHECK(!r.masking);
	char t[] = "note: s3cret-trunk-pw, nonce=\"abcdef\"";
	redact_buf(&r, t, strlen(t), false);
	CHECK(strstr(t, "s3cret") == NULL);
	CHECK(strstr(t, "abcdef") != NULL);    /* no --redact: digests stay */
	redactor_free(&r);
}

/* A redactor that masks 203.0.113.5 (and the digest values it meets). */
static void redactor_for_address(struct redactor *r)
{
	static struct app a;
	char err[256];
	static const char *ips[] = { "203.0.113.5" };
	struct redact_opts eo = { true, ips, 1 };
	memset(&a, 0, sizeof a);
	CHECK(redactor_build(r, &a, &eo, err, sizeof err));
}

/* An Ethernet + IPv4 + UDP frame carrying the address in its header and
 * in its SIP text: after redaction both are gone and both checksums hold. */
static void test_frame(void)
{
	struct redactor r;
	redactor_for_address(&r);

	const char *sip = "REGISTER sip:example.net SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.5:5060\r\n"
	                  "Authorization: Digest nonce=\"n0nce-value-1\", response=\"aaaabbbbccccdddd\"\r\n\r\n";
	size_t pl = strlen(sip), iplen = 20 + 8 + pl;
	uint8_t f[600] = { 0 };
	f[12] = 0x08;                              /* ethertype IPv4 */
	uint8_t *ip = f + 14, *udp = ip + 20;
	put_ipv4(ip, iplen, 17, "203.0.113.5");
	udp[4] = (uint8_t)((8 + pl) >> 8);
	udp[5] = (uint8_t)(8 + pl);
	udp[7] = 1;                                /* some non-zero checksum */
	memcpy(udp + 8, sip, pl);
	size_t caplen = 14 + iplen;

	CHECK(redact_frame(&r, f, caplen, DLT_EN10MB));
	CHECK(memmem(f, caplen, "203.0.113.5", 11) == NULL);
	uint8_t orig[4];
	inet_pton(AF_INET, "203.0.113.5", orig);
	CHECK(memmem(f, caplen, orig, 4) == NULL);
	CHECK(memmem(f, caplen, "n0nce-value-1", 13) == NULL);
	CHECK(memmem(f, caplen, "aaaabbbbccccdddd", 16) == NULL);
	CHECK_EQ_INT(sum_ok(ip, 20, 0), 0xffff);   /* IPv4 header checksum holds */
	uint32_t pseudo = sum_ok(ip + 12, 8, 0) + 17 + (uint32_t)(8 + pl);
	CHECK_EQ_INT(sum_ok(udp, 8 + pl, pseudo), 0xffff);   /* UDP checksum holds */

	struct pkt_flow fl;
	CHECK(pkt_flow(f, caplen, DLT_EN10MB, &fl));
	CHECK_EQ_INT(fl.family, 4);
	CHECK_EQ_INT(fl.sport, 5060);
	CHECK_EQ_INT(fl.proto, 17);
	redactor_free(&r);
}

/* SIP in a tunnel: GRE with a checksum, GTP-U (UDP port 2152), and PPTP's
 * GRE version 1 with sequence and acknowledgment numbers around PPP, each
 * around IPv4 + UDP.  After redaction the address is gone from the inner
 * packet, and every checksum holds: the inner IPv4 and UDP, the GRE
 * checksum, the outer UDP checksum of GTP-U, the outer IPv4. */
static void test_tunnel_frames(void)
{
	struct redactor r;
	redactor_for_address(&r);
	const char *sip = "OPTIONS sip:example.net SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.5:5060\r\n\r\n";
	size_t pl = strlen(sip), in_len = 20 + 8 + pl;

	for (int kind = 0; kind <= 2; kind++) {
		bool gtp = kind == 1, pptp = kind == 2;
		/* GRE with checksum; UDP + GTP-U; GRE v1 + PPP */
		size_t th = gtp ? 8 + 8 : pptp ? 16 + 4 : 8;
		size_t out_len = 20 + th + in_len, caplen = 14 + out_len;
		uint8_t f[600] = { 0 };
		f[12] = 0x08;
		uint8_t *ip = f + 14, *t = ip + 20, *in = t + th, *udp = in + 20;
		put_ipv4(ip, out_len, gtp ? 17 : 47, "192.0.2.1");
		if (gtp) {
			t[0] = 0x08; t[1] = 0x68; t[2] = 0x08; t[3] = 0x68;   /* ports 2152 */
			t[4] = (uint8_t)((th + in_len) >> 8);
			t[5] = (uint8_t)(th + in_len);
			t[7] = 1;                                        /* some checksum */
			t[8] = 0x30;                                     /* GTP v1, PT */
			t[9] = 0xff;                                     /* G-PDU */
			t[10] = (uint8_t)(in_len >> 8);
			t[11] = (uint8_t)in_len;
		} else if (pptp) {
			t[0] = 0x30;                                     /* key, sequence */
			t[1] = 0x81;                                     /* ack, version 1 */
			t[2] = 0x88;                                     /* PPP */
			t[3] = 0x0b;
			t[4] = (uint8_t)((4 + in_len) >> 8);            /* payload length */
			t[5] = (uint8_t)(4 + in_len);
			t[16] = 0xff;                                    /* PPP: FF 03, IPv4 */
			t[17] = 0x03;
			t[19] = 0x21;
		} else {
			t[0] = 0x80;                                     /* checksum present */
			t[1] = 0x00;
			t[2] = 0x08;                                     /* IPv4 inside */
			t[3] = 0x00;
			t[4] = 0x12;                                     /* some checksum */
		}
		put_ipv4(in, in_len, 17, "203.0.113.5");
		udp[4] = (uint8_t)((8 + pl) >> 8);
		udp[5] = (uint8_t)(8 + pl);
		udp[7] = 1;
		memcpy(udp + 8, sip, pl);

		CHECK(redact_frame(&r, f, caplen, DLT_EN10MB));
		CHECK(memmem(f, caplen, "203.0.113.5", 11) == NULL);
		CHECK_EQ_INT(sum_ok(ip, 20, 0), 0xffff);
		CHECK_EQ_INT(sum_ok(in, 20, 0), 0xffff);
		uint32_t pseudo = sum_ok(in + 12, 8, 0) + 17 + (uint32_t)(8 + pl);
		CHECK_EQ_INT(sum_ok(udp, 8 + pl, pseudo), 0xffff);
		if (gtp) {
			uint32_t outer = sum_ok(ip + 12, 8, 0) + 17 + (uint32_t)(th + in_len);
			CHECK_EQ_INT(sum_ok(t, th + in_len, outer), 0xffff);
		} else if (!pptp) {
			CHECK_EQ_INT(sum_ok(t, th + in_len, 0), 0xffff);
		}
		struct pkt_flow fl;
		CHECK(pkt_flow(f, caplen, DLT_EN10MB, &fl));
		CHECK_EQ_INT(fl.sport, 5060);           /* the flow is the tunnelled one */
	}
	redactor_free(&r);
}

/* The prefix index gives exactly what trying every rule in order gives,
 * also where a replacement makes a later rule match (a small alphabet, so
 * that happens often) and with edge rules. */
static void test_index_same_as_every_rule(void)
{
	static const char alpha[] = "ab1.";
	srand(7);
	struct redactor r;
	memset(&r, 0, sizeof r);
	r.cap = r.nrules = 200;
	r.rules = calloc(r.cap, sizeof *r.rules);
	for (size_t i = 0; i < r.nrules; i++) {
		size_t len = 4 + (size_t)rand() % 6;
		struct redact_rule *rule = &r.rules[i];
		rule->from = malloc(len + 1);
		rule->to = malloc(len + 1);
		for (size_t k = 0; k < len; k++) {
			rule->from[k] = alpha[rand() % 4];
			rule->to[k] = alpha[rand() % 4];
		}
		rule->from[len] = rule->to[len] = 0;
		rule->len = len;
		rule->edge = (uint8_t)(rand() % 3 == 0 ? EDGE_DIGIT : rand() % 2 ? EDGE_IPV4 : EDGE_NONE);
		rule->text_only = rand() % 8 == 0;
	}
	CHECK(redact_index(&r));
	CHECK(r.prefix_head != NULL);
	int differ = 0, changed = 0;
	for (int round = 0; round < 3000; round++) {
		char a[256], b[256];
		size_t len = (size_t)rand() % sizeof a;
		for (size_t k = 0; k < len; k++)
			a[k] = rand() % 9 ? alpha[rand() % 4] : ' ';
		memcpy(b, a, len);
		bool pcap = rand() % 2;
		bool ca = redact_buf(&r, a, len, pcap);
		uint32_t *head = r.prefix_head;
		r.prefix_head = NULL;                 /* every rule, in order */
		bool cb = redact_buf(&r, b, len, pcap);
		r.prefix_head = head;
		differ += ca != cb || memcmp(a, b, len) != 0;
		changed += cb;
	}
	CHECK_EQ_INT(differ, 0);
	CHECK(changed > 1000);                    /* the rules did match */

	/* whole TCP frames: the same again, and the head of a segment that may
	 * end a value cut by the segment boundary (by the suffix index) */
	r.masking = true;
	int fdiffer = 0, heads = 0;
	for (int round = 0; round < 3000; round++) {
		uint8_t f[300] = { 0 }, g[300];
		size_t pl = 1 + (size_t)rand() % 200, iplen = 20 + 20 + pl;
		put_ipv4(f, iplen, 6, "192.0.2.1");
		f[32] = 5 << 4;                       /* data offset: 20 bytes */
		uint8_t *pay = f + 40;
		/* half the time, the segment starts with the tail of a rule */
		size_t at = 0;
		if (rand() % 2) {
			const struct redact_rule *rule = &r.rules[(size_t)rand() % r.nrules];
			size_t k = 4 + (size_t)rand() % 6;
			if (k < rule->len && k <= pl) {
				memcpy(pay, rule->from + rule->len - k, k);
				at = k;
			}
		}
		for (; at < pl; at++)
			pay[at] = (uint8_t)(rand() % 7 ? alpha[rand() % 4] : ' ');
		memcpy(g, f, sizeof f);
		bool ca = redact_frame(&r, f, iplen, DLT_RAW);
		uint32_t *head = r.prefix_head, *shead = r.suffix_head;
		r.prefix_head = NULL;                 /* every rule, in order */
		r.suffix_head = NULL;
		bool cb = redact_frame(&r, g, iplen, DLT_RAW);
		r.prefix_head = head;
		r.suffix_head = shead;
		fdiffer += ca != cb || memcmp(f, g, iplen) != 0;
		heads += cb;
	}
	CHECK_EQ_INT(fdiffer, 0);
	CHECK(heads > 1000);
	redactor_free(&r);
}

int main(void)
{
	test_index_same_as_every_rule();
	test_ip_masks();
	test_text();
	test_password_always();
	test_frame();
	test_tunnel_frames();
	return test_done();
}
