/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sip-load.c - SIP registrations at a fixed rate, for the live-capture
 * benchmark (bench/live-load.sh): simulated PBXs send REGISTERs over UDP,
 * and a registrar answers each with 401 (no credentials) or 200 OK, so a
 * capture between them sees both directions.
 *
 *   sip-load send ADDR PORT RATE SECONDS [PBXS]
 *       REGISTERs to ADDR:PORT at RATE a second for SECONDS, PBXS
 *       accounts (2000) in turn, each alternately without and with an
 *       Authorization header; prints "sent N"
 *   sip-load answer ADDR PORT SECONDS
 *       answers every REGISTER received on ADDR:PORT for SECONDS;
 *       prints "answered N"
 *
 * Run by hand only, with addresses inside the benchmark's own network
 * namespaces (bench/live-load.sh makes them); nothing else.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int udp_socket(const char *addr, int port, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sa->sin_addr) != 1) {
		fprintf(stderr, "sip-load: not an IPv4 address: %s\n", addr);
		exit(2);
	}
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0) {
		perror("sip-load: socket");
		exit(1);
	}
	int big = 4 << 20;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
	setsockopt(s, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
	return s;
}

static int build_register(char *out, size_t len, const char *local, int lport, long pbx, long seq)
{
	long account = 1000 + pbx;
	const char *auth = seq % 2 ? "Authorization: Digest username=\"%ld\", realm=\"bench.example.net\", "
	                             "nonce=\"b3f1c0de%08lx\", uri=\"sip:bench.example.net\", "
	                             "response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5\r\n"
	                           : "";
	char authline[512];
	snprintf(authline, sizeof authline, auth, account, (unsigned long)(seq / 2));
	return snprintf(out, len,
	                "REGISTER sip:bench.example.net SIP/2.0\r\n"
	                "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-%ld-%ld;rport\r\n"
	                "Max-Forwards: 70\r\n"
	                "From: <sip:%ld@bench.example.net>;tag=t%ld\r\n"
	                "To: <sip:%ld@bench.example.net>\r\n"
	                "Call-ID: reg-%ld@%s\r\n"
	                "CSeq: %ld REGISTER\r\n"
	                "Contact: <sip:%ld@%s:%d>\r\n"
	                "%s"
	                "User-Agent: sip-load PBX (trunkdoc benchmark)\r\n"
	                "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, MESSAGE\r\n"
	                "Supported: replaces, timer, path\r\n"
	                "Expires: 3600\r\n"
	                "Content-Length: 0\r\n\r\n",
	                local, lport, pbx, seq, account, pbx, account, pbx, local, seq + 1, account, local, lport,
	                authline);
}

static int run_send(const char *addr, int port, double rate, double secs, long pbxs)
{
	struct sockaddr_in dst;
	int s = udp_socket(addr, port, &dst);
	if (connect(s, (struct sockaddr *)&dst, sizeof dst) != 0) {
		perror("sip-load: connect");
		return 1;
	}
	struct sockaddr_in me;
	socklen_t ml = sizeof me;
	getsockname(s, (struct sockaddr *)&me, &ml);
	char local[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &me.sin_addr, local, sizeof local);
	int lport = ntohs(me.sin_port);
	shutdown(s, SHUT_RD);            /* the answers are for the capture, not for us */
	char msg[2048];
	long sent = 0, failed = 0, *seq = calloc((size_t)pbxs, sizeof *seq);
	if (!seq)
		return 1;
	double t0 = now_s();
	for (;;) {
		double el = now_s() - t0;
		if (el >= secs)
			break;
		long due = (long)(el * rate);
		while (sent + failed < due) {
			long pbx = (sent + failed) % pbxs;
			int n = build_register(msg, sizeof msg, local, lport, pbx, seq[pbx]++);
			if (send(s, msg, (size_t)n, 0) == n)
				sent++;
			else
				failed++;
		}
		struct timespec nap = { 0, 500000 };
		nanosleep(&nap, NULL);
	}
	printf("sent %ld\n", sent);
	if (failed)
		fprintf(stderr, "sip-load: %ld sends failed\n", failed);
	free(seq);
	return 0;
}

/* Copies the header line that starts with name into out (CRLF included). */
static size_t copy_header(char *out, size_t room, const char *msg, const char *name)
{
	const char *p = strstr(msg, name);
	if (!p)
		return 0;
	const char *e = strstr(p, "\r\n");
	if (!e || (size_t)(e + 2 - p) >= room)
		return 0;
	memcpy(out, p, (size_t)(e + 2 - p));
	return (size_t)(e + 2 - p);
}

static int run_answer(const char *addr, int port, double secs)
{
	struct sockaddr_in me;
	int s = udp_socket(addr, port, &me);
	if (bind(s, (struct sockaddr *)&me, sizeof me) != 0) {
		perror("sip-load: bind");
		return 1;
	}
	long answered = 0;
	char in[4096], out[4096];
	double t0 = now_s();
	while (now_s() - t0 < secs) {
		struct pollfd pfd = { .fd = s, .events = POLLIN };
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		ssize_t n = recvfrom(s, in, sizeof in - 1, 0, (struct sockaddr *)&from, &fl);
		if (n <= 0)
			continue;
		in[n] = 0;
		if (strncmp(in, "REGISTER ", 9) != 0)
			continue;
		int authed = strstr(in, "\r\nAuthorization:") != NULL;
		size_t l = (size_t)snprintf(out, sizeof out, "%s",
		                            authed ? "SIP/2.0 200 OK\r\n" : "SIP/2.0 401 Unauthorized\r\n");
		l += copy_header(out + l, sizeof out - l, in, "Via: ");
		l += copy_header(out + l, sizeof out - l, in, "From: ");
		size_t to = copy_header(out + l, sizeof out - l, in, "To: ");
		if (to >= 2) {
			l += to - 2;             /* the registrar's tag */
			l += (size_t)snprintf(out + l, sizeof out - l, ";tag=r%ld\r\n", answered);
		}
		l += copy_header(out + l, sizeof out - l, in, "Call-ID: ");
		l += copy_header(out + l, sizeof out - l, in, "CSeq: ");
		if (authed)
			l += copy_header(out + l, sizeof out - l, in, "Contact: ");
		else
			l += (size_t)snprintf(out + l, sizeof out - l,
			                      "WWW-Authenticate: Digest realm=\"bench.example.net\", "
			                      "nonce=\"b3f1c0de%08lx\", algorithm=MD5, qop=\"auth\"\r\n",
			                      (unsigned long)answered);
		l += (size_t)snprintf(out + l, sizeof out - l, "Server: sip-load registrar\r\nContent-Length: 0\r\n\r\n");
		if (l < sizeof out && sendto(s, out, l, 0, (struct sockaddr *)&from, fl) == (ssize_t)l)
			answered++;
	}
	printf("answered %ld\n", answered);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && !strcmp(argv[1], "send"))
		return run_send(argv[2], atoi(argv[3]), atof(argv[4]), atof(argv[5]), argc > 6 ? atol(argv[6]) : 2000);
	if (argc == 5 && !strcmp(argv[1], "answer"))
		return run_answer(argv[2], atoi(argv[3]), atof(argv[4]));
	fprintf(stderr, "usage: sip-load send ADDR PORT RATE SECONDS [PBXS]\n"
	                "       sip-load answer ADDR PORT SECONDS\n");
	return 2;
}
