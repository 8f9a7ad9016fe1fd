/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * gen-corpus - writes a large synthetic SIP capture for the benchmark
 * (bench/run.sh): registrations and call dialogs between many PBXs and a few
 * carrier proxies, over UDP and TCP, with realistic header sizes.
 *
 *   session mix (deterministic, seeded):
 *     60 %  REGISTER -> 401 (WWW-Authenticate) -> REGISTER (Authorization)
 *           -> 200 OK (9 in 10) or 403 Forbidden (1 in 10)          4 messages
 *     40 %  INVITE (SDP) -> 100 -> 180 -> 200 (SDP) -> ACK -> BYE -> 200
 *                                                                   7 messages
 *   transport: UDP for 7 PBXs in 10, TCP (one connection per PBX, with its
 *   handshake, one message per segment) for the others.
 *
 *   media (-m K): each answered call also carries K RTP packets (G.711, 20
 *   ms, 172 bytes), alternating PBX -> carrier and back between the ports
 *   the two SDP bodies name, sent after the ACK: the "95% RTP" capture of a
 *   PBX host (-n 72000 -m 174 gives about 1,035,000 packets, 93% RTP).
 *
 *   registrations only (-r): every session is a registration, the feed a
 *   central listener sees from a fleet (-r -n 200000: 50,000 REGISTER
 *   flows with a digest on every other message, bench/run-reg.sh).
 *   -p PBXS sets how many PBXs (distinct addresses and AORs) there are.
 *
 * Usage: gen-corpus [-n MESSAGES] [-m RTP_PER_CALL] [-p PBXS] [-r] [-o FILE] [-s SEED]
 *   defaults: 1000000 messages, no RTP, 4000 PBXs, both kinds of session,
 *   bench-corpus.pcap, seed 1.
 * Prints what it wrote (messages, packets, bytes) on stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PBX_DEFAULT 4000
#define PBX_MAX 65535          /* 10.x.y.10: two bytes of address */
#define CARRIER_COUNT 4
#define MSG_MAX 2048

struct conn {                 /* one PBX's TCP connection to its carrier */
	bool open;
	uint32_t seq_pbx, seq_car;
	uint16_t port;
};

static struct conn conns[PBX_MAX];
static int pbx_count = PBX_DEFAULT;
static bool registrations_only;
static pcap_dumper_t *dumper;
static int64_t now_usec = 1704067200LL * 1000000;
static uint64_t packets, messages, bytes_out, rtp_packets;
static unsigned rtp_per_call;
static uint64_t rng_state;

/* xorshift64*: a fixed sequence for a given seed, so every run of the
 * benchmark reads the same file. */
static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static uint16_t csum_fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

static uint32_t csum_add(const uint8_t *p, size_t n, uint32_t acc)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		acc += (uint32_t)(p[n - 1] << 8);
	return acc;
}

static void put16(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xffff); }

static void pbx_addr(int i, uint8_t a[4]) { a[0] = 10; a[1] = (uint8_t)(i >> 8); a[2] = (uint8_t)i; a[3] = 10; }
static void car_addr(int i, uint8_t a[4]) { a[0] = 198; a[1] = 51; a[2] = 100; a[3] = (uint8_t)(20 + i); }

/* Ethernet + IPv4 + UDP/TCP around payload, dumped as one frame. */
static void send_packet(const uint8_t src[4], const uint8_t dst[4], uint16_t sport, uint16_t dport,
			bool tcp, uint32_t seq, uint32_t ack, uint8_t tcp_flags,
			const char *payload, size_t len)
{
	static uint8_t frame[MSG_MAX + 128];
	static uint16_t ip_id;
	size_t l4 = tcp ? 20 : 8;
	size_t total = 14 + 20 + l4 + len;
	uint8_t *e = frame, *ip = frame + 14, *th = ip + 20;

	memset(frame, 0, 14 + 20 + l4);
	e[0] = 0x02; memcpy(e + 2, dst, 4);
	e[6] = 0x02; memcpy(e + 8, src, 4);
	put16(e + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)(20 + l4 + len));
	put16(ip + 4, ip_id++);
	put16(ip + 6, 0x4000);
	ip[8] = 64;
	ip[9] = tcp ? 6 : 17;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	put16(ip + 10, csum_fold(csum_add(ip, 20, 0)));
	put16(th, sport);
	put16(th + 2, dport);
	if (tcp) {
		put32(th + 4, seq);
		put32(th + 8, ack);
		th[12] = 5 << 4;
		th[13] = tcp_flags;
		put16(th + 14, 65535);
	} else {
		put16(th + 4, (unsigned)(8 + len));
	}
	memcpy(th + l4, payload, len);
	uint32_t acc = csum_add(src, 4, 0);
	acc = csum_add(dst, 4, acc);
	acc += (uint32_t)(tcp ? 6 : 17) + (uint32_t)(l4 + len);
	uint16_t c = csum_fold(csum_add(th, l4 + len, acc));
	put16(th + (tcp ? 16 : 6), c ? c : 0xffff);

	struct pcap_pkthdr h;
	h.ts.tv_sec = (time_t)(now_usec / 1000000);
	h.ts.tv_usec = (suseconds_t)(now_usec % 1000000);
	h.caplen = h.len = (bpf_u_int32)total;
	pcap_dump((u_char *)dumper, &h, frame);
	packets++;
	bytes_out += 16 + total;
}

enum { FIN = 1, SYN = 2, PSH = 8, ACK = 16 };

/* Sends one SIP message between PBX p and its carrier, in either
 * direction, over its transport; advances the clock a little. */
static void send_sip(int p, bool from_pbx, bool tcp, const char *msg, size_t len)
{
	uint8_t pa[4], ca[4];
	pbx_addr(p, pa);
	car_addr(p % CARRIER_COUNT, ca);
	now_usec += 200 + rnd() % 400;
	if (!tcp) {
		if (from_pbx)
			send_packet(pa, ca, 5060, 5060, false, 0, 0, 0, msg, len);
		else
			send_packet(ca, pa, 5060, 5060, false, 0, 0, 0, msg, len);
	} else {
		struct conn *c = &conns[p];
		if (from_pbx) {
			send_packet(pa, ca, c->port, 5060, true, c->seq_pbx, c->seq_car, PSH | ACK, msg, len);
			c->seq_pbx += (uint32_t)len;
		} else {
			send_packet(ca, pa, 5060, c->port, true, c->seq_car, c->seq_pbx, PSH | ACK, msg, len);
			c->seq_car += (uint32_t)len;
		}
	}
	messages++;
}

struct ctx {
	int pbx;
	bool tcp;
	char pbx_ip[16], car_ip[16], tp[4];
	uint16_t port;
	uint16_t media_pbx, media_car;   /* the m= ports of the last offer and answer */
	char user[16], domain[32], callid[64], ftag[16], ttag[16], branch[32];
};

static void ctx_init(struct ctx *c, int p, bool tcp)
{
	uint8_t pa[4], ca[4];
	pbx_addr(p, pa);
	car_addr(p % CARRIER_COUNT, ca);
	c->pbx = p;
	c->tcp = tcp;
	snprintf(c->pbx_ip, sizeof c->pbx_ip, "%u.%u.%u.%u", pa[0], pa[1], pa[2], pa[3]);
	snprintf(c->car_ip, sizeof c->car_ip, "%u.%u.%u.%u", ca[0], ca[1], ca[2], ca[3]);
	snprintf(c->tp, sizeof c->tp, "%s", tcp ? "TCP" : "UDP");
	snprintf(c->user, sizeof c->user, "%u", 100000 + (unsigned)p);
	snprintf(c->domain, sizeof c->domain, "trunk%d.example.net", p % CARRIER_COUNT);
	snprintf(c->callid, sizeof c->callid, "%08x%08x@%s", rnd(), rnd(), c->pbx_ip);
	snprintf(c->ftag, sizeof c->ftag, "%08x", rnd());
	snprintf(c->ttag, sizeof c->ttag, "%08x", rnd());
}

/* A PBX on TCP opens its connection (with the handshake) before its first
 * message, so the Via of that message can name the source port. */
static void open_conn(const struct ctx *c)
{
	struct conn *k = &conns[c->pbx];
	if (!c->tcp || k->open)
		return;
	uint8_t pa[4], ca[4];
	pbx_addr(c->pbx, pa);
	car_addr(c->pbx % CARRIER_COUNT, ca);
	k->open = true;
	k->port = (uint16_t)(32768 + rnd() % 28000);
	k->seq_pbx = rnd();
	k->seq_car = rnd();
	send_packet(pa, ca, k->port, 5060, true, k->seq_pbx++, 0, SYN, "", 0);
	send_packet(ca, pa, 5060, k->port, true, k->seq_car++, k->seq_pbx, SYN | ACK, "", 0);
}

static void new_branch(struct ctx *c)
{
	snprintf(c->branch, sizeof c->branch, "z9hG4bK%08x%04x", rnd(), rnd() & 0xffff);
}

/* The Via port: the PBX's TCP source port, or 5060 on UDP. */
static unsigned via_port(const struct ctx *c)
{
	return c->tcp ? conns[c->pbx].port : 5060;
}

static void registration(struct ctx *c)
{
	char m[MSG_MAX];
	int n;
	char nonce[40];
	snprintf(nonce, sizeof nonce, "%08x%08x%08x%08x", rnd(), rnd(), rnd(), rnd());
	bool ok = rnd() % 10 != 0;
	open_conn(c);
	for (int attempt = 1; attempt <= 2; attempt++) {
		new_branch(c);
		char auth[512] = "";
		if (attempt == 2)
			snprintf(auth, sizeof auth,
				 "Authorization: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", "
				 "uri=\"sip:%s\", response=\"%08x%08x%08x%08x\", algorithm=MD5, "
				 "cnonce=\"%08x\", qop=auth, nc=00000001\r\n",
				 c->user, c->domain, nonce, c->domain, rnd(), rnd(), rnd(), rnd(), rnd());
		n = snprintf(m, sizeof m,
			     "REGISTER sip:%s SIP/2.0\r\n"
			     "Via: SIP/2.0/%s %s:%u;branch=%s;rport\r\n"
			     "Max-Forwards: 70\r\n"
			     "From: <sip:%s@%s>;tag=%s\r\n"
			     "To: <sip:%s@%s>\r\n"
			     "Call-ID: %s\r\n"
			     "CSeq: %d REGISTER\r\n"
			     "Contact: <sip:%s@%s:%u;transport=%s>\r\n"
			     "%s"
			     "Expires: 3600\r\n"
			     "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY\r\n"
			     "User-Agent: Asterisk PBX 18.10.0\r\n"
			     "Content-Length: 0\r\n\r\n",
			     c->domain, c->tp, c->pbx_ip, via_port(c), c->branch, c->user, c->domain, c->ftag,
			     c->user, c->domain, c->callid, attempt, c->user, c->pbx_ip, via_port(c),
			     c->tcp ? "tcp" : "udp", auth);
		send_sip(c->pbx, true, c->tcp, m, (size_t)n);
		if (attempt == 1)
			n = snprintf(m, sizeof m,
				     "SIP/2.0 401 Unauthorized\r\n"
				     "Via: SIP/2.0/%s %s:%u;branch=%s;rport=%u;received=203.0.113.%d\r\n"
				     "From: <sip:%s@%s>;tag=%s\r\n"
				     "To: <sip:%s@%s>;tag=%s\r\n"
				     "Call-ID: %s\r\n"
				     "CSeq: 1 REGISTER\r\n"
				     "WWW-Authenticate: Digest realm=\"%s\", nonce=\"%s\", opaque=\"%08x\", algorithm=MD5, qop=\"auth\"\r\n"
				     "Server: Carrier SBC 4.2\r\n"
				     "Content-Length: 0\r\n\r\n",
				     c->tp, c->pbx_ip, via_port(c), c->branch, via_port(c), c->pbx % 250 + 1,
				     c->user, c->domain, c->ftag, c->user, c->domain, c->ttag, c->callid,
				     c->domain, nonce, rnd());
		else if (ok)
			n = snprintf(m, sizeof m,
				     "SIP/2.0 200 OK\r\n"
				     "Via: SIP/2.0/%s %s:%u;branch=%s;rport=%u;received=203.0.113.%d\r\n"
				     "From: <sip:%s@%s>;tag=%s\r\n"
				     "To: <sip:%s@%s>;tag=%s\r\n"
				     "Call-ID: %s\r\n"
				     "CSeq: 2 REGISTER\r\n"
				     "Contact: <sip:%s@%s:%u;transport=%s>;expires=600\r\n"
				     "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
				     "Server: Carrier SBC 4.2\r\n"
				     "Content-Length: 0\r\n\r\n",
				     c->tp, c->pbx_ip, via_port(c), c->branch, via_port(c), c->pbx % 250 + 1,
				     c->user, c->domain, c->ftag, c->user, c->domain, c->ttag, c->callid,
				     c->user, c->pbx_ip, via_port(c), c->tcp ? "tcp" : "udp");
		else
			n = snprintf(m, sizeof m,
				     "SIP/2.0 403 Forbidden\r\n"
				     "Via: SIP/2.0/%s %s:%u;branch=%s;rport=%u;received=203.0.113.%d\r\n"
				     "From: <sip:%s@%s>;tag=%s\r\n"
				     "To: <sip:%s@%s>;tag=%s\r\n"
				     "Call-ID: %s\r\n"
				     "CSeq: 2 REGISTER\r\n"
				     "Warning: 399 %s \"Bad credentials\"\r\n"
				     "Server: Carrier SBC 4.2\r\n"
				     "Content-Length: 0\r\n\r\n",
				     c->tp, c->pbx_ip, via_port(c), c->branch, via_port(c), c->pbx % 250 + 1,
				     c->user, c->domain, c->ftag, c->user, c->domain, c->ttag, c->callid, c->domain);
		send_sip(c->pbx, false, c->tcp, m, (size_t)n);
	}
}

static int sdp(char *out, size_t cap, const char *ip, unsigned port)
{
	return snprintf(out, cap,
			"v=0\r\n"
			"o=- %u %u IN IP4 %s\r\n"
			"s=call\r\n"
			"c=IN IP4 %s\r\n"
			"t=0 0\r\n"
			"m=audio %u RTP/AVP 8 0 9 101\r\n"
			"a=rtpmap:8 PCMA/8000\r\n"
			"a=rtpmap:0 PCMU/8000\r\n"
			"a=rtpmap:9 G722/8000\r\n"
			"a=rtpmap:101 telephone-event/8000\r\n"
			"a=fmtp:101 0-16\r\n"
			"a=ptime:20\r\n"
			"a=sendrecv\r\n",
			rnd(), rnd() % 1000, ip, ip, port);
}

/* One request or response of a call, built from the dialog's fields. */
static void call_msg(struct ctx *c, bool from_pbx, const char *start, int cseq, const char *method,
		     bool to_tag, bool with_sdp)
{
	char m[MSG_MAX], body[700] = "";
	uint16_t mport = (uint16_t)(10000 + (rnd() % 10000) * 2);
	int blen = with_sdp ? sdp(body, sizeof body, from_pbx ? c->pbx_ip : c->car_ip, mport) : 0;
	if (with_sdp)
		*(from_pbx ? &c->media_pbx : &c->media_car) = mport;
	int n = snprintf(m, sizeof m,
			 "%s\r\n"
			 "Via: SIP/2.0/%s %s:%u;branch=%s;rport\r\n"
			 "Max-Forwards: 70\r\n"
			 "From: \"Reception %s\" <sip:%s@%s>;tag=%s\r\n"
			 "To: <sip:+4930%07u@%s>%s%s\r\n"
			 "Call-ID: %s\r\n"
			 "CSeq: %d %s\r\n"
			 "Contact: <sip:%s@%s:%u;transport=%s>\r\n"
			 "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE, PRACK\r\n"
			 "Supported: replaces, timer\r\n"
			 "User-Agent: Asterisk PBX 18.10.0\r\n"
			 "%s"
			 "Content-Length: %d\r\n\r\n%s",
			 start, c->tp, c->pbx_ip, via_port(c), c->branch, c->user, c->user, c->domain, c->ftag,
			 (unsigned)(c->pbx * 7919 % 10000000), c->domain, to_tag ? ";tag=" : "", to_tag ? c->ttag : "",
			 c->callid, cseq, method, c->user, from_pbx ? c->pbx_ip : c->car_ip, from_pbx ? via_port(c) : 5060,
			 c->tcp ? "tcp" : "udp", with_sdp ? "Content-Type: application/sdp\r\n" : "", blen, body);
	if (n < 0 || (size_t)n >= sizeof m) {
		fprintf(stderr, "gen-corpus: message too long\n");
		exit(1);
	}
	send_sip(c->pbx, from_pbx, c->tcp, m, (size_t)n);
}

/* The call's media: RTP both ways, 20 ms apart, one SSRC per direction. */
static void media(struct ctx *c)
{
	uint8_t pa[4], ca[4], pkt[12 + 160];
	pbx_addr(c->pbx, pa);
	car_addr(c->pbx % CARRIER_COUNT, ca);
	uint32_t ssrc[2] = { rnd(), rnd() };
	uint16_t seq[2] = { (uint16_t)rnd(), (uint16_t)rnd() };
	memset(pkt + 12, 0xd5, 160);
	for (unsigned k = 0; k < rtp_per_call; k++) {
		int dir = k & 1;
		pkt[0] = 0x80;
		pkt[1] = 8;
		put16(pkt + 2, seq[dir]++);
		put32(pkt + 4, (k / 2) * 160);
		put32(pkt + 8, ssrc[dir]);
		now_usec += dir ? 20000 - 300 : 300;
		if (dir)
			send_packet(ca, pa, c->media_car, c->media_pbx, false, 0, 0, 0, (const char *)pkt, sizeof pkt);
		else
			send_packet(pa, ca, c->media_pbx, c->media_car, false, 0, 0, 0, (const char *)pkt, sizeof pkt);
		rtp_packets++;
	}
}

static void call(struct ctx *c)
{
	char start[160];
	open_conn(c);
	snprintf(start, sizeof start, "INVITE sip:+4930%07u@%s SIP/2.0",
		 (unsigned)(c->pbx * 7919 % 10000000), c->domain);
	new_branch(c);
	call_msg(c, true, start, 1, "INVITE", false, true);
	call_msg(c, false, "SIP/2.0 100 Trying", 1, "INVITE", false, false);
	call_msg(c, false, "SIP/2.0 180 Ringing", 1, "INVITE", true, false);
	call_msg(c, false, "SIP/2.0 200 OK", 1, "INVITE", true, true);
	snprintf(start, sizeof start, "ACK sip:%s@%s:5060 SIP/2.0", c->user, c->car_ip);
	new_branch(c);
	call_msg(c, true, start, 1, "ACK", true, false);
	media(c);
	snprintf(start, sizeof start, "BYE sip:%s@%s:5060 SIP/2.0", c->user, c->car_ip);
	new_branch(c);
	call_msg(c, true, start, 2, "BYE", true, false);
	call_msg(c, false, "SIP/2.0 200 OK", 2, "BYE", true, false);
}

int main(int argc, char **argv)
{
	unsigned long long target = 1000000;
	const char *out = "bench-corpus.pcap";
	unsigned long long seed = 1;
	int opt;
	while ((opt = getopt(argc, argv, "n:m:o:p:rs:h")) != -1) {
		switch (opt) {
		case 'n': target = strtoull(optarg, NULL, 10); break;
		case 'm': rtp_per_call = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'o': out = optarg; break;
		case 'p': pbx_count = atoi(optarg); break;
		case 'r': registrations_only = true; break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: gen-corpus [-n MESSAGES] [-m RTP_PER_CALL] [-p PBXS] [-r] [-o FILE] [-s SEED]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (pbx_count < 1 || pbx_count > PBX_MAX) {
		fprintf(stderr, "gen-corpus: -p must be 1 to %d\n", PBX_MAX);
		return 2;
	}
	if (target == 0) {
		fprintf(stderr, "gen-corpus: -n must be at least 1\n");
		return 2;
	}
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	dumper = dead ? pcap_dump_open(dead, out) : NULL;
	if (!dumper) {
		fprintf(stderr, "gen-corpus: %s: %s\n", out, dead ? pcap_geterr(dead) : "pcap_open_dead failed");
		return 1;
	}
	while (messages < target) {
		int p = (int)(rnd() % (uint32_t)pbx_count);
		struct ctx c;
		ctx_init(&c, p, p % 10 >= 7);
		if (rnd() % 10 < 6 || registrations_only)
			registration(&c);
		else
			call(&c);
		now_usec += rnd() % 2000;
	}
	pcap_dump_close(dumper);
	pcap_close(dead);
	fprintf(stderr, "gen-corpus: wrote %llu SIP messages and %llu RTP packets in %llu packets (%llu bytes) to %s\n",
		(unsigned long long)messages, (unsigned long long)rtp_packets, (unsigned long long)packets,
		(unsigned long long)(bytes_out + 24), out);
	return 0;
}
