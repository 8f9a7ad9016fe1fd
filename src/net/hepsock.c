/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepsock.c - the --hep-listen socket (see hepsock.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "net/hep.h"
#include "net/hepsock.h"
#include "net/hepstream.h"

#define BATCH 32                     /* datagrams per recvmmsg */
#define RCVBUF_WANTED (32 << 20)     /* a burst of a few seconds at 20k msg/s */
#define CONN_MAX 256
#define CONN_BUF (HEP_MAX_PACKET * 2)   /* a packet and the start of the next */

#ifndef SO_RXQ_OVFL
#define SO_RXQ_OVFL 40
#endif
#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif
#define MEMINFO_VARS 9               /* SK_MEMINFO_VARS, linux/sock_diag.h */
#define MEMINFO_DROPS 8              /* SK_MEMINFO_DROPS */

struct conn {
	int fd;
	struct endpoint peer;
	uint8_t *buf;
	size_t len;
	bool eof;                        /* the agent closed: hand out the rest, then close */
	bool junk;                       /* inside a broken stretch (handed out once) */
	usec_t rx_time;                  /* when the bytes last read arrived (SO_TIMESTAMP) */
};

struct hep_socket {
	char *name;
	bool tcp;
	int fd;                          /* UDP socket, or the TCP listener */
	int ep;                          /* epoll (TCP) */
	/* UDP batch */
	uint8_t *bufs;
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_storage from[BATCH];
	char ctl[BATCH][CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(struct timeval))];
	int got, next;
	uint32_t dropped;
	/* TCP */
	struct conn conns[CONN_MAX];
	int cur;                         /* connection whose packet was handed out, -1 */
	size_t consume;
	uint64_t stream_errors;
	usec_t now;
};

static usec_t now_usec(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (usec_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* The kernel's receive time in h's control data (SO_TIMESTAMP), or now. */
static usec_t rx_stamp(struct msghdr *h)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMP) {
			struct timeval tv;
			memcpy(&tv, CMSG_DATA(c), sizeof tv);
			return (usec_t)tv.tv_sec * 1000000 + tv.tv_usec;
		}
	return now_usec();
}

bool hep_spec_parse(const char *spec, bool *tcp, struct endpoint *ep, char *err, size_t errlen)
{
	memset(ep, 0, sizeof *ep);
	if (!strncmp(spec, "udp:", 4))
		*tcp = false;
	else if (!strncmp(spec, "tcp:", 4))
		*tcp = true;
	else {
		snprintf(err, errlen, "'%s': want udp:ADDR:PORT or tcp:ADDR:PORT", spec);
		return false;
	}
	const char *h = spec + 4, *port;
	char host[64];
	size_t n;
	if (*h == '[') {
		const char *close = strchr(h, ']');
		if (!close || close[1] != ':') {
			snprintf(err, errlen, "'%s': want [IPv6]:PORT", spec);
			return false;
		}
		n = (size_t)(close - h - 1);
		h++;
		port = close + 2;
	} else {
		const char *colon = strrchr(h, ':');
		if (!colon) {
			snprintf(err, errlen, "'%s': no :PORT", spec);
			return false;
		}
		n = (size_t)(colon - h);
		port = colon + 1;
	}
	if (n >= sizeof host) {
		snprintf(err, errlen, "'%s': address too long", spec);
		return false;
	}
	memcpy(host, h, n);
	host[n] = 0;
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 1 || p > 65535) {
		snprintf(err, errlen, "'%s': bad port", spec);
		return false;
	}
	ep->port = (uint16_t)p;
	if (inet_pton(AF_INET, host, ep->addr) == 1)
		ep->family = 4;
	else if (inet_pton(AF_INET6, host, ep->addr) == 1)
		ep->family = 6;
	else {
		snprintf(err, errlen, "'%s': '%s' is not an IPv4 or IPv6 address", spec, host);
		return false;
	}
	return true;
}

static socklen_t to_sockaddr(const struct endpoint *ep, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (ep->family == 4) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons(ep->port);
		memcpy(&a->sin_addr, ep->addr, 4);
		return sizeof *a;
	}
	struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
	a->sin6_family = AF_INET6;
	a->sin6_port = htons(ep->port);
	memcpy(&a->sin6_addr, ep->addr, 16);
	return sizeof *a;
}

static void from_sockaddr(const struct sockaddr_storage *ss, struct endpoint *ep)
{
	memset(ep, 0, sizeof *ep);
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
		ep->family = 4;
		ep->port = ntohs(a->sin_port);
		memcpy(ep->addr, &a->sin_addr, 4);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
		ep->family = 6;
		ep->port = ntohs(a->sin6_port);
		memcpy(ep->addr, &a->sin6_addr, 16);
	}
}

struct hep_socket *hep_socket_open(const char *spec, char *err, size_t errlen)
{
	bool tcp;
	struct endpoint ep;
	if (!hep_spec_parse(spec, &tcp, &ep, err, errlen))
		return NULL;
	struct hep_socket *s = calloc(1, sizeof *s);
	if (!s || !(s->name = strdup(spec))) {
		free(s);
		snprintf(err, errlen, "%s: out of memory", spec);
		return NULL;
	}
	s->tcp = tcp;
	s->ep = -1;
	s->cur = -1;
	for (int i = 0; i < CONN_MAX; i++)
		s->conns[i].fd = -1;
	s->fd = socket(ep.family == 4 ? AF_INET : AF_INET6,
	               (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		goto fail;
	int one = 1, size = RCVBUF_WANTED;
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (!tcp) {
		/* beyond net.core.rmem_max only with CAP_NET_ADMIN; else as large as allowed */
		if (setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
			setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
		setsockopt(s->fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
	}
	/* the kernel's receive time with each datagram, and with each read
	 * of a connection (its last segment's; accepted connections inherit
	 * it): a packet read late (no reader thread, a busy one) keeps the
	 * time it came for the reorder window (net/heporder.h).  Set at
	 * open, as the kernel starts stamping a little after it is asked */
	setsockopt(s->fd, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one);
	struct sockaddr_storage ss;
	socklen_t sl = to_sockaddr(&ep, &ss);
	if (bind(s->fd, (struct sockaddr *)&ss, sl) != 0)
		goto fail;
	if (tcp) {
		if (listen(s->fd, 64) != 0 || (s->ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
			goto fail;
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = CONN_MAX };
		if (epoll_ctl(s->ep, EPOLL_CTL_ADD, s->fd, &ev) != 0)
			goto fail;
	} else {
		if (!(s->bufs = malloc((size_t)BATCH * HEP_MAX_PACKET)))
			goto fail;
	}
	return s;
fail:
	snprintf(err, errlen, "--hep-listen %s: %s", spec, strerror(errno));
	hep_socket_close(s);
	return NULL;
}

void hep_socket_close(struct hep_socket *s)
{
	if (!s)
		return;
	for (int i = 0; i < CONN_MAX; i++)
		if (s->conns[i].fd >= 0) {
			close(s->conns[i].fd);
			free(s->conns[i].buf);
		}
	if (s->fd >= 0)
		close(s->fd);
	if (s->ep >= 0)
		close(s->ep);
	free(s->bufs);
	free(s->name);
	free(s);
}

static int udp_next(struct hep_socket *s, struct hep_datagram *out)
{
	if (s->next >= s->got) {
		for (int i = 0; i < BATCH; i++) {
			s->iov[i] = (struct iovec){ s->bufs + (size_t)i * HEP_MAX_PACKET, HEP_MAX_PACKET };
			s->msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &s->from[i], .msg_namelen = sizeof s->from[i],
				.msg_iov = &s->iov[i], .msg_iovlen = 1,
				.msg_control = s->ctl[i], .msg_controllen = sizeof s->ctl[i],
			};
		}
		int n = recvmmsg(s->fd, s->msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n < 0)
			return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1;
		s->got = n;
		s->next = 0;
		s->now = now_usec();
		if (n == 0)
			return 0;
	}
	int i = s->next++;
	struct msghdr *h = &s->msgs[i].msg_hdr;
	out->data = s->iov[i].iov_base;
	out->len = s->msgs[i].msg_len;
	out->bad = NULL;
	out->time = s->now;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SO_RXQ_OVFL) {
			uint32_t d;
			memcpy(&d, CMSG_DATA(c), sizeof d);
			if (d > s->dropped)
				s->dropped = d;    /* a running total for the socket */
		} else if (c->cmsg_type == SO_TIMESTAMP) {
			struct timeval tv;
			memcpy(&tv, CMSG_DATA(c), sizeof tv);
			out->time = (usec_t)tv.tv_sec * 1000000 + tv.tv_usec;
		}
	}
	from_sockaddr(&s->from[i], &out->agent);
	return 1;
}

static void conn_close(struct hep_socket *s, int i)
{
	struct conn *c = &s->conns[i];
	if (!c->eof)
		epoll_ctl(s->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->buf);
	c->fd = -1;
	c->buf = NULL;
	c->len = 0;
	c->eof = false;
	c->junk = false;
}

static void tcp_accept(struct hep_socket *s)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		int fd = accept4(s->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		int i = 0;
		while (i < CONN_MAX && s->conns[i].fd >= 0)
			i++;
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
		uint8_t *buf = i < CONN_MAX ? malloc(CONN_BUF) : NULL;
		if (!buf || epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
			free(buf);
			close(fd);             /* full: the agent reconnects later */
			continue;
		}
		s->conns[i] = (struct conn){ .fd = fd, .buf = buf };
		from_sockaddr(&ss, &s->conns[i].peer);
	}
}

/* The next piece of connection i's stream into *out: a HEP packet, or a
 * broken stretch (out->bad names it).  0 when a packet is not whole yet. */
static int conn_cut(struct hep_socket *s, int i, struct hep_datagram *out)
{
	struct conn *c = &s->conns[i];
	size_t n;
	const char *why;
	enum hep_cut k;
	for (;;) {
		if (!c->len)
			return 0;
		k = hep_stream_cut(c->buf, c->len, c->eof, &n, &why);
		if (k == HEP_CUT_MORE) {
			if (c->len < CONN_BUF)
				return 0;
			/* hepstream bounds what it waits for far below the buffer */
			k = HEP_CUT_JUNK;
			n = c->len;
			why = "HEP over TCP: no packet within the buffer";
		}
		if (k != HEP_CUT_JUNK || !c->junk)
			break;
		/* more of a broken stretch already handed out: skipped quietly */
		memmove(c->buf, c->buf + n, c->len - n);
		c->len -= n;
	}
	c->junk = k == HEP_CUT_JUNK;
	out->data = c->buf;
	out->len = n;
	out->bad = k == HEP_CUT_JUNK ? why : NULL;
	out->time = c->rx_time;
	out->agent = c->peer;
	if (out->bad)
		s->stream_errors++;
	s->cur = i;
	s->consume = n;
	return 1;
}

static int tcp_next(struct hep_socket *s, struct hep_datagram *out)
{
	if (s->cur >= 0) {
		struct conn *c = &s->conns[s->cur];
		memmove(c->buf, c->buf + s->consume, c->len - s->consume);
		c->len -= s->consume;
		s->cur = -1;
	}
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < CONN_MAX; i++) {
			struct conn *c = &s->conns[i];
			if (c->fd < 0)
				continue;
			if (conn_cut(s, i, out))
				return 1;
			if (c->eof)
				conn_close(s, i);  /* all handed out */
		}
		if (round)
			break;
		struct epoll_event evs[32];
		int n = epoll_wait(s->ep, evs, 32, 0);
		for (int k = 0; k < n; k++) {
			uint32_t i = evs[k].data.u32;
			if (i == CONN_MAX) {
				tcp_accept(s);
				continue;
			}
			struct conn *c = &s->conns[i];
			if (c->fd < 0 || c->eof)
				continue;
			struct iovec iov = { c->buf + c->len, CONN_BUF - c->len };
			union {
				char buf[CMSG_SPACE(sizeof(struct timeval))];
				struct cmsghdr align;
			} ctl;
			struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			                     .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
			ssize_t r = recvmsg(c->fd, &mh, 0);
			if (r > 0) {
				c->len += (size_t)r;
				c->rx_time = rx_stamp(&mh);
			} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
				/* closed: what it sent is still cut and read (a
				 * message without Content-Length ends here) */
				c->eof = true;
				epoll_ctl(s->ep, EPOLL_CTL_DEL, c->fd, NULL);
			}
		}
	}
	return 0;
}

int hep_socket_next(struct hep_socket *s, struct hep_datagram *out)
{
	return s->tcp ? tcp_next(s, out) : udp_next(s, out);
}

int hep_socket_fd(const struct hep_socket *s)
{
	return s->tcp ? s->ep : s->fd;
}

const char *hep_socket_name(const struct hep_socket *s)
{
	return s->name;
}

uint32_t hep_socket_dropped(struct hep_socket *s)
{
	/* SO_RXQ_OVFL arrives only with datagrams queued after a drop: a
	 * backlog still unread when the capture stops would hide the last
	 * drops, so the socket's own counter is read as well (Linux 4.6+) */
	if (!s->tcp) {
		uint32_t mi[MEMINFO_VARS];
		socklen_t len = sizeof mi;
		if (getsockopt(s->fd, SOL_SOCKET, SO_MEMINFO, mi, &len) == 0 &&
		    len >= (MEMINFO_DROPS + 1) * sizeof mi[0] && mi[MEMINFO_DROPS] > s->dropped)
			s->dropped = mi[MEMINFO_DROPS];
	}
	return s->dropped;
}

uint64_t hep_socket_stream_errors(const struct hep_socket *s)
{
	return s->stream_errors;
}
