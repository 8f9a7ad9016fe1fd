/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_ping.c - one ICMP echo to the registrar, answered or not.
 *
 * Tries the unprivileged ping socket first (SOCK_DGRAM/IPPROTO_ICMP, allowed
 * by net.ipv4.ping_group_range), then a raw socket (needs CAP_NET_RAW).
 * Without either the result is "not permitted", and no answer is only a
 * warning: many providers drop ping while SIP works fine.
 */
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe/probe_impl.h"

static uint16_t checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

void probe_ping_run(struct probe_ping *out, const struct probe_target *t, double timeout)
{
	memset(out, 0, sizeof *out);
	/* The address without the port. */
	snprintf(out->target, sizeof out->target, "%s", t->text);
	char *colon = strrchr(out->target, ':');
	if (colon)
		*colon = '\0';
	bool v6 = t->sa.ss_family == AF_INET6;
	int proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	bool raw = false;
	int fd = socket(t->sa.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		fd = socket(t->sa.ss_family, SOCK_RAW | SOCK_CLOEXEC, proto);
		raw = true;
	}
	if (fd < 0) {
		out->outcome = errno == EPERM || errno == EACCES ? PROBE_NOT_PERMITTED : PROBE_ERROR;
		snprintf(out->error, sizeof out->error, "%s",
		         out->outcome == PROBE_NOT_PERMITTED
		         ? "not permitted: ICMP needs CAP_NET_RAW or net.ipv4.ping_group_range"
		         : strerror(errno));
		return;
	}
	struct sockaddr_storage dst = t->sa;
	((struct sockaddr_in *)&dst)->sin_port = 0;   /* same offset for v6 */

	uint8_t pkt[64] = { 0 };
	uint16_t id = (uint16_t)(getpid() & 0xffff), seq = 1;
	pkt[0] = v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	pkt[4] = (uint8_t)(id >> 8);
	pkt[5] = (uint8_t)id;
	pkt[6] = (uint8_t)(seq >> 8);
	pkt[7] = (uint8_t)seq;
	memcpy(pkt + 8, "trunkdoc ping", 13);
	if (!v6) {
		uint16_t c = checksum(pkt, sizeof pkt);
		memcpy(pkt + 2, &c, 2);
	}
	int64_t start = probe_now_ms(), deadline = start + (int64_t)(timeout * 1000);
	if (sendto(fd, pkt, sizeof pkt, 0, (struct sockaddr *)&dst, t->salen) < 0) {
		out->outcome = errno == EPERM || errno == EACCES ? PROBE_NOT_PERMITTED : PROBE_ERROR;
		snprintf(out->error, sizeof out->error, "send: %s", strerror(errno));
		close(fd);
		return;
	}
	for (;;) {
		int64_t left = deadline - probe_now_ms();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			out->outcome = PROBE_NO_ANSWER;
			snprintf(out->error, sizeof out->error,
			         "no echo reply within %.1f s (many providers drop ping)", timeout);
			break;
		}
		uint8_t buf[1500];
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n <= 0)
			continue;
		const uint8_t *icmp = buf;
		if (raw && !v6) {   /* a raw IPv4 socket hands over the IP header too */
			size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
			if ((size_t)n < ihl + 8)
				continue;
			icmp += ihl;
			n -= (ssize_t)ihl;
		}
		if (n < 8)
			continue;
		bool reply = v6 ? icmp[0] == ICMP6_ECHO_REPLY : icmp[0] == ICMP_ECHOREPLY;
		uint16_t rseq = (uint16_t)(icmp[6] << 8 | icmp[7]);
		uint16_t rid = (uint16_t)(icmp[4] << 8 | icmp[5]);
		/* Ping sockets rewrite the id; raw sockets see everyone's replies. */
		if (reply && rseq == seq && (!raw || rid == id)) {
			out->outcome = PROBE_OK;
			out->rtt_ms = (unsigned)(probe_now_ms() - start);
			break;
		}
	}
	close(fd);
}
