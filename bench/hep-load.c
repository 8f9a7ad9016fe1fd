/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hep-load - a fleet of simulated PBXs mirroring their trunk registrations
 * as HEPv3 to a collector on loopback, at a fixed message rate: the load
 * bench/hep-load.sh puts on trunkdoc --hep-listen.
 *
 *   PBX i (capture id 1000+i, agent address 127.1.x.y) registers its trunk
 *   sip:trunk-i@carrier.example every few seconds: REGISTER, 401 with a
 *   challenge, REGISTER with credentials, then 200 - or 403 for every
 *   tenth PBX.  Messages go out in order, paced to RATE per second.
 *
 * Usage: hep-load -p PORT -r RATE -d SECONDS [-n PBXS]
 * Prints "sent N" at the end.  Sends only to 127.0.0.1.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/hep.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int build(char *b, size_t cap, int pbx, int step, unsigned seq)
{
	const char *fmt_req =
		"REGISTER sip:carrier.example SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.%d.%d.10:5060;branch=z9hG4bK-%u-%d;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:trunk-%d@carrier.example>;tag=f%u\r\n"
		"To: <sip:trunk-%d@carrier.example>\r\n"
		"Call-ID: reg-%d-%u@pbx\r\n"
		"CSeq: %d REGISTER\r\n"
		"Contact: <sip:trunk-%d@10.%d.%d.10:5060>\r\n"
		"%s"
		"Expires: 120\r\nUser-Agent: LoadPBX\r\nContent-Length: 0\r\n\r\n";
	const char *fmt_resp =
		"SIP/2.0 %s\r\n"
		"Via: SIP/2.0/UDP 10.%d.%d.10:5060;branch=z9hG4bK-%u-%d;rport=5060\r\n"
		"From: <sip:trunk-%d@carrier.example>;tag=f%u\r\n"
		"To: <sip:trunk-%d@carrier.example>;tag=c%u\r\n"
		"Call-ID: reg-%d-%u@pbx\r\n"
		"CSeq: %d REGISTER\r\n"
		"%s"
		"Content-Length: 0\r\n\r\n";
	int hi = pbx / 250, lo = pbx % 250;
	char auth[256];
	snprintf(auth, sizeof auth,
	         "Authorization: Digest username=\"trunk-%d\", realm=\"carrier.example\", nonce=\"n%u\", "
	         "uri=\"sip:carrier.example\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5\r\n",
	         pbx, seq);
	switch (step) {
	case 0:
		return snprintf(b, cap, fmt_req, hi, lo, seq, 1, pbx, seq, pbx, pbx, seq, 1, pbx, hi, lo, "");
	case 1:
		return snprintf(b, cap, fmt_resp, "401 Unauthorized", hi, lo, seq, 1, pbx, seq, pbx, seq, pbx, seq, 1,
		                "WWW-Authenticate: Digest realm=\"carrier.example\", nonce=\"n1\", algorithm=MD5\r\n");
	case 2:
		return snprintf(b, cap, fmt_req, hi, lo, seq, 2, pbx, seq, pbx, pbx, seq, 2, pbx, hi, lo, auth);
	default:
		return snprintf(b, cap, fmt_resp, pbx % 10 == 9 ? "403 Forbidden" : "200 OK", hi, lo, seq, 2, pbx,
		                seq, pbx, seq, pbx, seq, 2,
		                pbx % 10 == 9 ? "" : "Contact: <sip:x@10.0.0.1:5060>;expires=120\r\n");
	}
}

int main(int argc, char **argv)
{
	int port = 0, pbxs = 200;
	double rate = 5000, secs = 10;
	int c;
	while ((c = getopt(argc, argv, "p:r:d:n:")) != -1) {
		switch (c) {
		case 'p': port = atoi(optarg); break;
		case 'r': rate = atof(optarg); break;
		case 'd': secs = atof(optarg); break;
		case 'n': pbxs = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: hep-load -p PORT -r RATE -d SECONDS [-n PBXS]\n");
			return 2;
		}
	}
	if (port <= 0 || port > 65535 || rate <= 0 || pbxs < 1 || pbxs > 60000) {
		fprintf(stderr, "usage: hep-load -p PORT -r RATE -d SECONDS [-n PBXS]\n");
		return 2;
	}
	/* one socket per PBX, each bound to its own loopback address: the
	 * collector sees one agent per PBX */
	int *fd = calloc((size_t)pbxs, sizeof *fd);
	unsigned *seq = calloc((size_t)pbxs, sizeof *seq);
	int *step = calloc((size_t)pbxs, sizeof *step);
	if (!fd || !seq || !step)
		return 1;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	to.sin_addr.s_addr = htonl(0x7f000001);
	for (int i = 0; i < pbxs; i++) {
		fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		struct sockaddr_in me = { .sin_family = AF_INET };
		me.sin_addr.s_addr = htonl(0x7f010000u | (uint32_t)(i + 1));
		if (fd[i] < 0 || bind(fd[i], (struct sockaddr *)&me, sizeof me) != 0) {
			perror("hep-load: socket");
			return 1;
		}
	}
	static char sip[2048];
	static uint8_t out[HEP_MAX_PACKET];
	unsigned long sent = 0, failed = 0;
	double start = now_s(), end = start + secs;
	int p = 0;
	for (;;) {
		double t = now_s();
		if (t >= end)
			break;
		unsigned long due = (unsigned long)((t - start) * rate);
		while (sent + failed < due) {
			int n = build(sip, sizeof sip, p, step[p], seq[p]);
			struct timespec wall;
			clock_gettime(CLOCK_REALTIME, &wall);
			bool from_pbx = step[p] % 2 == 0;
			struct hep_packet h = {
				.family = 4, .ip_proto = 17, .payload_type = HEP_PAYLOAD_SIP,
				.sport = 5060, .dport = 5060, .capture_id = 1000u + (unsigned)p,
				.time = (usec_t)wall.tv_sec * 1000000 + wall.tv_nsec / 1000,
				.payload = (const uint8_t *)sip, .payload_len = (size_t)n,
			};
			uint8_t pbx_ip[4] = { 10, (uint8_t)(p / 250), (uint8_t)(p % 250), 10 };
			uint8_t carrier[4] = { 198, 51, 100, 20 };
			memcpy(from_pbx ? h.src : h.dst, pbx_ip, 4);
			memcpy(from_pbx ? h.dst : h.src, carrier, 4);
			size_t len = hep3_encode(out, sizeof out, &h, NULL, 0);
			if (len && sendto(fd[p], out, len, 0, (struct sockaddr *)&to, sizeof to) == (ssize_t)len)
				sent++;
			else
				failed++;
			if (++step[p] == 4) {
				step[p] = 0;
				seq[p]++;
			}
			p = (p + 1) % pbxs;
		}
		usleep(200);
	}
	printf("sent %lu failed %lu\n", sent, failed);
	return 0;
}
