/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_net.c - socket helpers the probes share: clocks, address text,
 * a TCP connect bounded by a deadline, random tokens.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/sanitize.h"
#include "probe/probe_impl.h"

int64_t probe_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void probe_copy(char *dst, size_t dstlen, const char *src)
{
	sanitize_str(dst, dstlen, src ? src : "", 0);
}

void probe_format_sockaddr(const struct sockaddr *sa, char *out, size_t outlen)
{
	char a[INET6_ADDRSTRLEN] = "?";
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof a);
		snprintf(out, outlen, "%s:%u", a, ntohs(s4->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof a);
		snprintf(out, outlen, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else {
		snprintf(out, outlen, "?");
	}
}

bool probe_literal(const char *host, int port, struct probe_target *t)
{
	memset(&t->sa, 0, sizeof t->sa);
	struct sockaddr_in *s4 = (struct sockaddr_in *)&t->sa;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&t->sa;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		t->salen = sizeof *s4;
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		t->salen = sizeof *s6;
	} else {
		return false;
	}
	probe_format_sockaddr((struct sockaddr *)&t->sa, t->text, sizeof t->text);
	return true;
}

int probe_tcp_connect(const struct probe_target *t, int64_t deadline,
                      enum probe_outcome *outcome, char *err, size_t errlen,
                      char *local, size_t locallen)
{
	int fd = socket(t->sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		*outcome = PROBE_ERROR;
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	/* Take the port before the SYN goes out, so a refused or unanswered
	 * attempt is still known as trunkdoc's own in a live capture. */
	struct sockaddr_storage any = { .ss_family = t->sa.ss_family };
	if (bind(fd, (struct sockaddr *)&any, t->salen) == 0 && local && locallen)
		probe_local_address(fd, local, locallen);
	int rc = connect(fd, (const struct sockaddr *)&t->sa, t->salen);
	if (rc < 0 && errno != EINPROGRESS) {
		int e = errno;
		close(fd);
		*outcome = e == ECONNREFUSED ? PROBE_REFUSED : PROBE_ERROR;
		snprintf(err, errlen, "connect to %s: %s", t->text, strerror(e));
		return -1;
	}
	if (rc < 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		int64_t left = deadline - probe_now_ms();
		int r = left > 0 ? poll(&pfd, 1, (int)left) : 0;
		if (r <= 0) {
			close(fd);
			*outcome = PROBE_NO_ANSWER;
			snprintf(err, errlen, "connect to %s: no answer (timed out)", t->text);
			return -1;
		}
		int soerr = 0;
		socklen_t sl = sizeof soerr;
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
		if (soerr) {
			close(fd);
			*outcome = soerr == ECONNREFUSED ? PROBE_REFUSED
			         : soerr == ETIMEDOUT || soerr == EHOSTUNREACH ? PROBE_NO_ANSWER
			         : PROBE_ERROR;
			snprintf(err, errlen, "connect to %s: %s", t->text, strerror(soerr));
			return -1;
		}
	}
	int flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	if (local && locallen)
		probe_local_address(fd, local, locallen);
	return fd;
}

void probe_random_token(char *out, size_t len)
{
	unsigned char raw[32];
	size_t want = (len - 1) / 2;
	if (want > sizeof raw)
		want = sizeof raw;
	if (getrandom(raw, want, 0) != (ssize_t)want) {
		/* Uniqueness, not secrecy, is what a Call-ID needs. */
		for (size_t i = 0; i < want; i++)
			raw[i] = (unsigned char)(rand() ^ (int)probe_now_ms());
	}
	for (size_t i = 0; i < want; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	out[2 * want] = '\0';
}
