/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepsend.c - the --hep-send mirror (see hepsend.h).
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/hep.h"
#include "net/hepsend.h"

struct hep_sender {
	int fd;
	uint32_t capture_id;
	char *key;
	size_t key_len;
	struct sockaddr_storage to;      /* not connect()ed: an ICMP error for one */
	socklen_t tolen;                 /* datagram must not fail the next send */
	uint64_t sent, failed;
	uint8_t buf[HEP_MAX_PACKET];
};

struct hep_sender *hep_sender_open(const char *spec, uint32_t capture_id, const char *key,
                                   char *err, size_t errlen)
{
	if (strncmp(spec, "udp:", 4)) {
		snprintf(err, errlen, "--hep-send '%s': want udp:HOST:PORT", spec);
		return NULL;
	}
	char host[256];
	const char *h = spec + 4, *port;
	size_t n;
	if (*h == '[') {
		const char *close = strchr(h, ']');
		if (!close || close[1] != ':') {
			snprintf(err, errlen, "--hep-send '%s': want udp:[IPv6]:PORT", spec);
			return NULL;
		}
		h++;
		n = (size_t)(close - h);
		port = close + 2;
	} else {
		const char *colon = strrchr(h, ':');
		if (!colon || colon == h) {
			snprintf(err, errlen, "--hep-send '%s': want udp:HOST:PORT", spec);
			return NULL;
		}
		n = (size_t)(colon - h);
		port = colon + 1;
	}
	if (n >= sizeof host || !*port) {
		snprintf(err, errlen, "--hep-send '%s': want udp:HOST:PORT", spec);
		return NULL;
	}
	memcpy(host, h, n);
	host[n] = 0;
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICSERV }, *ai = NULL;
	int rc = getaddrinfo(host, port, &hints, &ai);
	if (rc != 0 || !ai) {
		snprintf(err, errlen, "--hep-send %s: %s", spec, gai_strerror(rc));
		return NULL;
	}
	struct hep_sender *s = calloc(1, sizeof *s);
	if (!s) {
		freeaddrinfo(ai);
		snprintf(err, errlen, "--hep-send: out of memory");
		return NULL;
	}
	s->fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (ai->ai_addrlen <= sizeof s->to) {
		memcpy(&s->to, ai->ai_addr, ai->ai_addrlen);
		s->tolen = ai->ai_addrlen;
	}
	if (s->fd < 0 || !s->tolen) {
		snprintf(err, errlen, "--hep-send %s: %s", spec, strerror(errno));
		freeaddrinfo(ai);
		hep_sender_close(s);
		return NULL;
	}
	freeaddrinfo(ai);
	int size = 4 << 20;
	setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	s->capture_id = capture_id;
	if (key && *key) {
		s->key_len = strlen(key);
		if (!(s->key = strdup(key))) {
			hep_sender_close(s);
			snprintf(err, errlen, "--hep-send: out of memory");
			return NULL;
		}
	}
	return s;
}

void hep_sender_close(struct hep_sender *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	if (s->key) {
		memset(s->key, 0, s->key_len);
		free(s->key);
	}
	free(s);
}

void hep_sender_send(struct hep_sender *s, const struct endpoint *src, const struct endpoint *dst,
                     uint8_t transport, usec_t time, const char *payload, size_t len)
{
	if (!src || !dst || src->family != dst->family) {
		s->failed++;
		return;
	}
	struct hep_packet p = {
		.version = 3, .family = src->family,
		.ip_proto = transport == TP_TCP || transport == TP_TLS || transport == TP_WS ? 6
		          : transport == TP_SCTP ? 132 : 17,
		.payload_type = HEP_PAYLOAD_SIP,
		.sport = src->port, .dport = dst->port, .time = time,
		.capture_id = s->capture_id,
		.payload = (const uint8_t *)payload, .payload_len = len,
	};
	memcpy(p.src, src->addr, 16);
	memcpy(p.dst, dst->addr, 16);
	size_t n = hep3_encode(s->buf, sizeof s->buf, &p, s->key, s->key_len);
	if (!n || sendto(s->fd, s->buf, n, MSG_DONTWAIT, (const struct sockaddr *)&s->to, s->tolen) != (ssize_t)n)
		s->failed++;
	else
		s->sent++;
}

uint64_t hep_sender_sent(const struct hep_sender *s)
{
	return s->sent;
}

uint64_t hep_sender_failed(const struct hep_sender *s)
{
	return s->failed;
}
