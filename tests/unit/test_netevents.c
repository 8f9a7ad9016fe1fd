/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_netevents.c - DNS messages (SRV, NAPTR, NXDOMAIN, A/AAAA/CNAME,
 * compression and its loops) and ICMP quoting, decoded with no store.
 */
#include <string.h>

#include "testlib.h"
#include "net/netevents.h"

struct msg { uint8_t b[512]; size_t n; };

static void u16(struct msg *m, uint16_t v) { m->b[m->n++] = v >> 8; m->b[m->n++] = v & 0xFF; }
static void u32(struct msg *m, uint32_t v) { u16(m, v >> 16); u16(m, v & 0xFFFF); }
static void raw(struct msg *m, const void *p, size_t n) { memcpy(m->b + m->n, p, n); m->n += n; }
static void name(struct msg *m, const char *dotted)
{
	while (*dotted) {
		const char *dot = strchr(dotted, '.');
		size_t l = dot ? (size_t)(dot - dotted) : strlen(dotted);
		m->b[m->n++] = (uint8_t)l;
		raw(m, dotted, l);
		dotted += l + (dot ? 1 : 0);
	}
	m->b[m->n++] = 0;
}
static void ptr(struct msg *m, uint16_t off) { u16(m, 0xC000 | off); }
static void header(struct msg *m, uint16_t id, uint16_t flags, uint16_t qd, uint16_t an)
{
	m->n = 0;
	u16(m, id); u16(m, flags); u16(m, qd); u16(m, an); u16(m, 0); u16(m, 0);
}
/* answer header; returns where to patch rdlength */
static size_t answer(struct msg *m, uint16_t type, uint32_t ttl)
{
	ptr(m, 12);
	u16(m, type); u16(m, 1); u32(m, ttl);
	size_t at = m->n;
	u16(m, 0);
	return at;
}
static void patch(struct msg *m, size_t at)
{
	size_t len = m->n - at - 2;
	m->b[at] = (uint8_t)(len >> 8);
	m->b[at + 1] = (uint8_t)len;
}

static void test_naptr_and_more(void)
{
	struct msg m;
	struct dns_parsed d;
	header(&m, 77, 0x8180, 1, 5);
	name(&m, "example.com");
	u16(&m, 35); u16(&m, 1);
	size_t at = answer(&m, 35, 3600);
	u16(&m, 10); u16(&m, 50);
	raw(&m, "\x01S\x07SIP+D2U\x00", 11);
	name(&m, "_sip._udp.example.com");
	patch(&m, at);
	at = answer(&m, 1, 60);
	raw(&m, "\xc0\x00\x02\x01", 4);
	patch(&m, at);
	at = answer(&m, 28, 61);
	raw(&m, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x05", 16);
	patch(&m, at);
	at = answer(&m, 5, 62);
	ptr(&m, 12);
	patch(&m, at);
	at = answer(&m, 16, 63);             /* TXT: skipped, not kept */
	raw(&m, "\x02hi", 3);
	patch(&m, at);
	CHECK(dns_parse(m.b, m.n, &d));
	CHECK_EQ_INT(d.id, 77);
	CHECK(d.response);
	CHECK_EQ_INT(d.rcode, 0);
	CHECK_EQ_INT(d.qtype, 35);
	CHECK_EQ_STR(d.qname, "example.com");
	CHECK_EQ_INT(d.nanswers, 4);
	CHECK_EQ_STR(d.answers[0].text, "10 50 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com");
	CHECK_EQ_INT(d.answers[0].ttl, 3600);
	CHECK_EQ_STR(d.answers[1].text, "192.0.2.1");
	CHECK_EQ_STR(d.answers[2].text, "2001:db8::5");
	CHECK_EQ_STR(d.answers[3].text, "example.com");
	CHECK_EQ_INT(d.answers[3].type, 5);
}

static void test_nxdomain_and_query(void)
{
	struct msg m;
	struct dns_parsed d;
	header(&m, 9, 0x8183, 1, 0);
	name(&m, "_sip._tcp.nowhere.example");
	u16(&m, 33); u16(&m, 1);
	CHECK(dns_parse(m.b, m.n, &d));
	CHECK_EQ_INT(d.rcode, 3);
	CHECK_EQ_INT(d.nanswers, 0);
	CHECK_EQ_STR(d.qname, "_sip._tcp.nowhere.example");
	header(&m, 10, 0x0100, 1, 0);
	name(&m, "sip.example.com");
	u16(&m, 1); u16(&m, 1);
	CHECK(dns_parse(m.b, m.n, &d));
	CHECK(!d.response);
	CHECK_EQ_INT(d.qtype, 1);
}

static void test_compression_attacks(void)
{
	struct msg m;
	struct dns_parsed d;
	char out[DNS_NAME_MAX];
	size_t off;

	/* question name that points at itself */
	header(&m, 1, 0x8180, 1, 0);
	ptr(&m, 12);
	u16(&m, 1); u16(&m, 1);
	CHECK(!dns_parse(m.b, m.n, &d));

	/* two pointers pointing at each other */
	header(&m, 1, 0x8180, 1, 0);
	ptr(&m, 14);
	ptr(&m, 12);
	off = 12;
	CHECK(!dns_read_name(m.b, m.n, &off, out, sizeof out));

	/* a label then a pointer back to that label: a loop through a label */
	header(&m, 1, 0x8180, 1, 0);
	raw(&m, "\x03""abc", 4);
	ptr(&m, 12);
	off = 12;
	CHECK(!dns_read_name(m.b, m.n, &off, out, sizeof out));

	/* pointer beyond the end, label longer than the message */
	header(&m, 1, 0x8180, 1, 0);
	ptr(&m, 500);
	off = 12;
	CHECK(!dns_read_name(m.b, m.n, &off, out, sizeof out));
	header(&m, 1, 0x8180, 1, 0);
	raw(&m, "\x3f""ab", 3);
	off = 12;
	CHECK(!dns_read_name(m.b, m.n, &off, out, sizeof out));

	/* a name longer than 255 octets */
	header(&m, 1, 0x8180, 1, 0);
	for (int i = 0; i < 5; i++) {
		m.b[m.n++] = 60;
		memset(m.b + m.n, 'a', 60);
		m.n += 60;
	}
	m.b[m.n++] = 0;
	off = 12;
	CHECK(!dns_read_name(m.b, m.n, &off, out, sizeof out));

	/* a damaged answer ends the list; the question survives */
	header(&m, 5, 0x8180, 1, 2);
	name(&m, "ok.example");
	u16(&m, 1); u16(&m, 1);
	size_t at = answer(&m, 1, 1);
	raw(&m, "\x01\x02\x03\x04", 4);
	patch(&m, at);
	ptr(&m, 12); u16(&m, 1); u16(&m, 1); u32(&m, 1); u16(&m, 200);  /* rdlength past the end */
	CHECK(dns_parse(m.b, m.n, &d));
	CHECK_EQ_INT(d.nanswers, 1);
	CHECK_EQ_STR(d.qname, "ok.example");

	/* not DNS at all */
	CHECK(!dns_parse((const uint8_t *)"short", 5, &d));
	header(&m, 1, 0x8180, 0, 0);
	CHECK(!dns_parse(m.b, m.n, &d));
}

static void test_icmp_parse(void)
{
	uint8_t b[128] = { 3, 3 };
	struct icmp_parsed ip;
	/* quoted IPv4 header with options (24 bytes) then UDP ports */
	uint8_t *q = b + 8;
	q[0] = 0x46;
	q[9] = 17;
	memcpy(q + 12, "\xc0\x00\x02\x0a", 4);
	memcpy(q + 16, "\xc6\x33\x64\x14", 4);
	q[24] = 0x13; q[25] = 0xc4; q[26] = 0x13; q[27] = 0xc5;
	CHECK(icmp_parse(b, 8 + 28, 4, &ip));
	CHECK(ip.quoted && ip.port_unreachable);
	CHECK_EQ_INT(ip.quoted_src.port, 5060);
	CHECK_EQ_INT(ip.quoted_dst.port, 5061);
	/* too short to hold the ports: event without a quote */
	CHECK(icmp_parse(b, 8 + 26, 4, &ip));
	CHECK(!ip.quoted);
	/* ICMPv6 echo is not an error */
	uint8_t echo[8] = { 128 };
	CHECK(!icmp_parse(echo, 8, 6, &ip));
	CHECK(!icmp_parse(b, 4, 4, &ip));
}

int main(void)
{
	test_naptr_and_more();
	test_nxdomain_and_query();
	test_compression_attacks();
	test_icmp_parse();
	return test_done();
}
