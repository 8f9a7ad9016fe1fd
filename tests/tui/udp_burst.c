/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * udp_burst.c - sends COUNT SIP REGISTERs (each its own Call-ID, about
 * 600 bytes) from one loopback port to another as fast as the kernel takes
 * them, for the screen's burst test (tests/tui/burst.sh).  A socket bound
 * to the destination port takes them, so no ICMP error comes back.
 *
 *   udp_burst SRC_PORT DST_PORT COUNT
 *
 * Only 127.0.0.1 is ever used: the test sends nothing off this host.
 * Prints the number of messages sent.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int bound_socket(int port)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(s, (struct sockaddr *)&a, sizeof a) != 0) {
		perror("udp_burst: bind");
		exit(1);
	}
	return s;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: udp_burst SRC_PORT DST_PORT COUNT\n");
		return 2;
	}
	int sport = atoi(argv[1]), dport = atoi(argv[2]);
	long count = atol(argv[3]);
	int s = bound_socket(sport);
	int sink = bound_socket(dport);     /* takes them: no port-unreachable */
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons((uint16_t)dport) };
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	char msg[2048];
	long sent = 0;
	for (long i = 0; i < count; i++) {
		int n = snprintf(msg, sizeof msg,
		                 "REGISTER sip:burst.example.net SIP/2.0\r\n"
		                 "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-burst%ld;rport\r\n"
		                 "Max-Forwards: 70\r\n"
		                 "From: <sip:%ld@burst.example.net>;tag=b%ld\r\n"
		                 "To: <sip:%ld@burst.example.net>\r\n"
		                 "Call-ID: burst-%ld@127.0.0.1\r\n"
		                 "CSeq: 1 REGISTER\r\n"
		                 "Contact: <sip:%ld@127.0.0.1:%d>\r\n"
		                 "User-Agent: udp_burst (trunkdoc test)\r\n"
		                 "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, MESSAGE\r\n"
		                 "Supported: replaces, timer, path\r\n"
		                 "Expires: 3600\r\n"
		                 "Content-Length: 0\r\n\r\n",
		                 sport, i, 2000 + i % 500, i, 2000 + i % 500, i, 2000 + i % 500, sport);
		if (sendto(s, msg, (size_t)n, 0, (struct sockaddr *)&dst, sizeof dst) == n)
			sent++;
		else
			perror("udp_burst: sendto");
	}
	close(sink);
	close(s);
	printf("%ld\n", sent);
	return sent == count ? 0 : 1;
}
