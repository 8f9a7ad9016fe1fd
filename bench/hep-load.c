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
 *   tenth PBX.  Messages go out in order, paced to RATE per second, in
 *   batches (sendmmsg) from one socket: each message's source address is
 *   its PBX's, set per message with IP_PKTINFO.
 *
 * Usage: hep-load -p PORT -r RATE -d SECONDS [-n PBXS]
 *        hep-load -p PORT -x ID    one new PBX (capture id ID, trunk-ID):
 *                                  a registration refused with 403; prints
 *                                  the wall time of the 403 in ms
 * Prints "sent N failed M" at the end.  Sends only to 127.0.0.1.
 */
#define _GNU_SOURCE 1
#include <arpa/inet.h>
#include <netinet/in.h>
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
	default: {
		bool refused = pbx % 10 == 9;
		return snprintf(b, cap, fmt_resp, refused ? "403 Forbidden" : "200 OK", hi, lo, seq, 2, pbx,
		                seq, pbx, seq, pbx, seq, 2,
		                refused ? "" : "Contact: <sip:x@10.0.0.1:5060>;expires=120\r\n");
	}
	}
}

#define BATCH 64

struct sender {
	int fd;
	struct sockaddr_in to;
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	char ctl[BATCH][CMSG_SPACE(sizeof(struct in_pktinfo))];
	uint8_t out[BATCH][2048];
	int n;
	unsigned long sent, failed;
};

/* Queues message `step` of PBX `pbx` (its capture id, its agent address
 * 127.1.x.y set per message); its SIP and inner address are made from PBX
 * number flag_pbx.  The caller sends a full batch. */
static void queue(struct sender *sd, int pbx, unsigned capid, int step, unsigned seq, int flag_pbx)
{
	static char sip[2048];
	int n = build(sip, sizeof sip, flag_pbx, step, seq);
	struct timespec wall;
	clock_gettime(CLOCK_REALTIME, &wall);
	bool from_pbx = step % 2 == 0;
	struct hep_packet h = {
		.family = 4, .ip_proto = 17, .payload_type = HEP_PAYLOAD_SIP,
		.sport = 5060, .dport = 5060, .capture_id = capid,
		.time = (usec_t)wall.tv_sec * 1000000 + wall.tv_nsec / 1000,
		.payload = (const uint8_t *)sip, .payload_len = (size_t)n,
	};
	uint8_t pbx_ip[4] = { 10, (uint8_t)(flag_pbx / 250), (uint8_t)(flag_pbx % 250), 10 };
	uint8_t carrier[4] = { 198, 51, 100, 20 };
	memcpy(from_pbx ? h.src : h.dst, pbx_ip, 4);
	memcpy(from_pbx ? h.dst : h.src, carrier, 4);
	int i = sd->n;
	size_t len = hep3_encode(sd->out[i], sizeof sd->out[i], &h, NULL, 0);
	if (!len) {
		sd->failed++;
		return;
	}
	sd->iov[i] = (struct iovec){ sd->out[i], len };
	memset(sd->ctl[i], 0, sizeof sd->ctl[i]);
	sd->msgs[i].msg_hdr = (struct msghdr){
		.msg_name = &sd->to, .msg_namelen = sizeof sd->to,
		.msg_iov = &sd->iov[i], .msg_iovlen = 1,
		.msg_control = sd->ctl[i], .msg_controllen = sizeof sd->ctl[i],
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&sd->msgs[i].msg_hdr);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
	struct in_pktinfo pi = { .ipi_ifindex = 0 };
	pi.ipi_spec_dst.s_addr = htonl(0x7f010000u | (uint32_t)(pbx + 1));
	memcpy(CMSG_DATA(c), &pi, sizeof pi);
	sd->n++;                       /* the caller flushes a full batch */
}

static void flush(struct sender *sd)
{
	int off = 0;
	while (off < sd->n) {
		int r = sendmmsg(sd->fd, sd->msgs + off, (unsigned)(sd->n - off), 0);
		if (r <= 0) {
			sd->failed += (unsigned long)(sd->n - off);   /* loopback full: counted, not retried */
			break;
		}
		sd->sent += (unsigned long)r;
		off += r;
	}
	sd->n = 0;
}

int main(int argc, char **argv)
{
	int port = 0, pbxs = 200, inject = -1;
	double rate = 5000, secs = 10;
	int c;
	while ((c = getopt(argc, argv, "p:r:d:n:x:")) != -1) {
		switch (c) {
		case 'p': port = atoi(optarg); break;
		case 'r': rate = atof(optarg); break;
		case 'd': secs = atof(optarg); break;
		case 'n': pbxs = atoi(optarg); break;
		case 'x': inject = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: hep-load -p PORT -r RATE -d SECONDS [-n PBXS] | -p PORT -x ID\n");
			return 2;
		}
	}
	if (port <= 0 || port > 65535 || rate <= 0 || pbxs < 1 || pbxs > 60000 || inject > 60000) {
		fprintf(stderr, "usage: hep-load -p PORT -r RATE -d SECONDS [-n PBXS] | -p PORT -x ID\n");
		return 2;
	}
	static struct sender sd;
	sd.to = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sd.to.sin_addr.s_addr = htonl(0x7f000001);
	sd.fd = socket(AF_INET, SOCK_DGRAM, 0);
	int sndbuf = 8 << 20;
	if (sd.fd < 0) {
		perror("hep-load: socket");
		return 1;
	}
	setsockopt(sd.fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	if (inject >= 0) {
		/* a new PBX whose trunk is refused: REGISTER, 401, REGISTER, 403
		 * (build() refuses PBX numbers ending in 9) */
		for (int step = 0; step < 4; step++)
			queue(&sd, inject % 60000, (unsigned)inject, step, 1, inject * 10 + 9);
		flush(&sd);
		struct timespec wall;
		clock_gettime(CLOCK_REALTIME, &wall);
		printf("sent %lu failed %lu at_ms %lld\n", sd.sent, sd.failed,
		       (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000);
		return sd.failed != 0;
	}
	unsigned *seq = calloc((size_t)pbxs, sizeof *seq);
	int *step = calloc((size_t)pbxs, sizeof *step);
	if (!seq || !step)
		return 1;
	double start = now_s(), end = start + secs;
	int p = 0;
	for (;;) {
		double t = now_s();
		if (t >= end)
			break;
		unsigned long due = (unsigned long)((t - start) * rate);
		while (sd.sent + sd.failed + (unsigned long)sd.n < due) {
			queue(&sd, p, 1000u + (unsigned)p, step[p], seq[p], p);
			if (sd.n == BATCH)
				flush(&sd);
			if (++step[p] == 4) {
				step[p] = 0;
				seq[p]++;
			}
			p = (p + 1) % pbxs;
		}
		flush(&sd);
		usleep(200);
	}
	flush(&sd);
	free(seq);
	free(step);
	printf("sent %lu failed %lu\n", sd.sent, sd.failed);
	return 0;
}
