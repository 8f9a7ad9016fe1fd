/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * udp_send.c - sends one SIP message to a loopback port, for the live
 * screen test.  The file's lines are sent with CRLF endings, and
 * "Content-Length: auto" becomes the body length, as scn2pcap does.
 *
 *   udp_send SRC_PORT DST_PORT FILE
 *
 * Only 127.0.0.1 is ever used: the test sends nothing off this host.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: udp_send SRC_PORT DST_PORT FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[3], "r");
	if (!f) {
		perror(argv[3]);
		return 2;
	}
	char head[8192] = "", body[8192] = "", line[1024];
	size_t hl = 0, bl = 0;
	int in_body = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!in_body && !line[0]) {
			in_body = 1;
			continue;
		}
		char *dst = in_body ? body : head;
		size_t *len = in_body ? &bl : &hl;
		int n = snprintf(dst + *len, sizeof head - *len, "%s\r\n", line);
		if (n < 0 || (size_t)n >= sizeof head - *len) {
			fprintf(stderr, "udp_send: message too long\n");
			return 2;
		}
		*len += (size_t)n;
	}
	fclose(f);
	char msg[16384];
	char *auto_len = strstr(head, "Content-Length: auto");
	int n;
	if (auto_len)
		n = snprintf(msg, sizeof msg, "%.*sContent-Length: %zu%s\r\n%s", (int)(auto_len - head), head,
		             bl, auto_len + strlen("Content-Length: auto"), body);
	else
		n = snprintf(msg, sizeof msg, "%s\r\n%s", head, body);
	if (n < 0 || (size_t)n >= sizeof msg)
		return 2;

	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in src = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])) };
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])) };
	inet_pton(AF_INET, "127.0.0.1", &src.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	if (s < 0 || bind(s, (struct sockaddr *)&src, sizeof src) != 0) {
		perror("udp_send: bind");
		return 1;
	}
	if (sendto(s, msg, (size_t)n, 0, (struct sockaddr *)&dst, sizeof dst) != n) {
		perror("udp_send: sendto");
		return 1;
	}
	close(s);
	return 0;
}
