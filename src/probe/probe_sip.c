/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_sip.c - SIP OPTIONS "ping" to the registrar over UDP, TCP and TLS.
 *
 *   us ── OPTIONS sip:registrar (fresh Call-ID, branch, tag; rport) ──> them
 *   us <── any response (200, 404, 405, 403 ... all prove it is alive) ──
 *
 * UDP retransmits on RFC 3261's T1 doubling (500 ms, 1 s, 2 s) until the
 * timeout.  The socket is connect()ed, so an ICMP port unreachable comes
 * back as ECONNREFUSED: "refused".  The response is parsed with libosip2;
 * the top Via's received/rport say the address the registrar sees us from.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/ssl.h>
#include <osipparser2/osip_message.h>
#include <osipparser2/osip_parser.h>

#include "config.h"
#include "probe/probe_impl.h"

#define RESP_MAX PROBE_RESP_MAX

static void unquote(char *dst, size_t dstlen, const char *src)
{
	dst[0] = '\0';
	if (!src)
		return;
	size_t n = strlen(src);
	if (n >= 2 && src[0] == '"' && src[n - 1] == '"') {
		src++;
		n -= 2;
	}
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

bool probe_parse_response(const char *buf, size_t len, struct probe_sip_response *r)
{
	memset(r, 0, sizeof *r);
	osip_message_t *m = NULL;
	if (osip_message_init(&m) != 0)
		return false;
	bool ok = osip_message_parse(m, buf, len) == 0 && MSG_IS_RESPONSE(m);
	if (ok) {
		r->status = osip_message_get_status_code(m);
		probe_copy(r->reason, sizeof r->reason, osip_message_get_reason_phrase(m));
		osip_call_id_t *cid = osip_message_get_call_id(m);
		if (cid) {
			char *s = NULL;
			if (osip_call_id_to_str(cid, &s) == 0 && s) {
				snprintf(r->call_id, sizeof r->call_id, "%s", s);
				osip_free(s);
			}
		}
		osip_cseq_t *cseq = osip_message_get_cseq(m);
		if (cseq && cseq->method)
			probe_copy(r->cseq_method, sizeof r->cseq_method, cseq->method);
		osip_via_t *via = NULL;
		if (osip_message_get_via(m, 0, &via) >= 0 && via) {
			osip_generic_param_t *gp = NULL;
			if (osip_via_param_get_byname(via, "received", &gp) == 0 && gp && gp->gvalue)
				probe_copy(r->via_received, sizeof r->via_received, gp->gvalue);
			gp = NULL;
			if (osip_via_param_get_byname(via, "rport", &gp) == 0 && gp && gp->gvalue)
				r->via_rport = atoi(gp->gvalue);
		}
		osip_header_t *h = NULL;
		if (osip_message_header_get_byname(m, "server", 0, &h) >= 0 && h && h->hvalue)
			probe_copy(r->server, sizeof r->server, h->hvalue);
		else if (osip_message_header_get_byname(m, "user-agent", 0, &h) >= 0 && h && h->hvalue)
			probe_copy(r->server, sizeof r->server, h->hvalue);
		osip_www_authenticate_t *wa = NULL;
		if (osip_message_get_www_authenticate(m, 0, &wa) < 0 || !wa) {
			wa = NULL;
			if (osip_message_get_proxy_authenticate(m, 0, &wa) >= 0 && wa)
				r->proxy_auth = true;
		}
		if (wa) {
			/* Raw values: they go into the digest, not to a screen. */
			r->challenged = true;
			unquote(r->realm, sizeof r->realm, osip_www_authenticate_get_realm(wa));
			unquote(r->nonce, sizeof r->nonce, osip_www_authenticate_get_nonce(wa));
			unquote(r->opaque, sizeof r->opaque, osip_www_authenticate_get_opaque(wa));
			unquote(r->algorithm, sizeof r->algorithm, osip_www_authenticate_get_algorithm(wa));
			unquote(r->qop, sizeof r->qop, osip_www_authenticate_get_qop_options(wa));
			char stale[16];
			unquote(stale, sizeof stale, osip_www_authenticate_get_stale(wa));
			r->stale = !strcasecmp(stale, "true");
		}
	}
	osip_message_free(m);
	return ok;
}

/* Where a complete message ends in buf[0..len), or 0 if it is not complete:
 * headers up to CRLFCRLF, then Content-Length (or compact "l") bytes. */
static size_t message_end(const char *buf, size_t len)
{
	const char *hend = memmem(buf, len, "\r\n\r\n", 4);
	if (!hend)
		return 0;
	size_t hlen = (size_t)(hend - buf) + 4;
	long body = 0;
	for (const char *p = buf; p < hend;) {
		const char *eol = memmem(p, (size_t)(hend - p) + 2, "\r\n", 2);
		if (!eol)
			break;
		size_t n = (size_t)(eol - p);
		const char *colon = memchr(p, ':', n);
		if (colon) {
			size_t kl = (size_t)(colon - p);
			while (kl && (p[kl - 1] == ' ' || p[kl - 1] == '\t'))
				kl--;
			if ((kl == 14 && !strncasecmp(p, "Content-Length", 14)) ||
			    (kl == 1 && (p[0] == 'l' || p[0] == 'L'))) {
				char num[16] = "";
				size_t vl = (size_t)(eol - colon - 1);
				snprintf(num, sizeof num, "%.*s", (int)(vl < 15 ? vl : 15), colon + 1);
				body = strtol(num, NULL, 10);
				if (body < 0 || body > RESP_MAX)
					body = 0;
			}
		}
		p = eol + 2;
	}
	return hlen + (size_t)body <= len ? hlen + (size_t)body : 0;
}

static long stream_exchange(int fd, SSL *ssl, const char *req, size_t reqlen, char *resp,
                            size_t resplen, int64_t deadline, char *err, size_t errlen)
{
	struct timeval tv;
	size_t sent = 0;
	while (sent < reqlen) {
		int64_t left = deadline - probe_now_ms();
		if (left <= 0)
			return 0;
		tv = (struct timeval){ left / 1000, (left % 1000) * 1000 };
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		long n = ssl ? SSL_write(ssl, req + sent, (int)(reqlen - sent))
		             : (long)send(fd, req + sent, reqlen - sent, MSG_NOSIGNAL);
		if (n <= 0) {
			snprintf(err, errlen, "send: %s", ssl ? "TLS write failed" : strerror(errno));
			return -1;
		}
		sent += (size_t)n;
	}
	size_t have = 0;
	for (;;) {
		/* Keep-alive CRLFs before the message are not the message. */
		while (have >= 2 && resp[0] == '\r' && resp[1] == '\n') {
			memmove(resp, resp + 2, have - 2);
			have -= 2;
		}
		size_t end = message_end(resp, have);
		if (end) {
			resp[end] = '\0';
			return (long)end;
		}
		if (have + 1 >= resplen) {
			snprintf(err, errlen, "response larger than %zu bytes", resplen - 1);
			return -1;
		}
		int64_t left = deadline - probe_now_ms();
		if (left <= 0)
			return 0;
		if (!ssl || SSL_pending(ssl) == 0) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			int r = poll(&pfd, 1, (int)left);
			if (r == 0)
				return 0;
			if (r < 0) {
				snprintf(err, errlen, "poll: %s", strerror(errno));
				return -1;
			}
		}
		left = deadline - probe_now_ms();
		tv = (struct timeval){ left > 0 ? left / 1000 : 0, left > 0 ? (left % 1000) * 1000 : 1000 };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		long n = ssl ? SSL_read(ssl, resp + have, (int)(resplen - 1 - have))
		             : (long)recv(fd, resp + have, resplen - 1 - have, 0);
		if (n == 0 || (n < 0 && !ssl && errno != EAGAIN && errno != EINTR)) {
			snprintf(err, errlen, "%s", n == 0 ? "the registrar closed the connection"
			                                    : strerror(errno));
			return -1;
		}
		if (n < 0) {
			if (ssl) {
				snprintf(err, errlen, "TLS read failed");
				return -1;
			}
			continue;
		}
		have += (size_t)n;
	}
}

static size_t build_options(char *out, size_t outlen, enum probe_transport tp, const char *domain,
                            const char *local, char *call_id, size_t cidlen)
{
	static const char *const via_tp[] = { "UDP", "TCP", "TLS" };
	char branch[17], tag[13], cid[25];
	probe_random_token(branch, sizeof branch);
	probe_random_token(tag, sizeof tag);
	probe_random_token(cid, sizeof cid);
	snprintf(call_id, cidlen, "%s@trunkdoc", cid);
	int n = snprintf(out, outlen,
	                 "OPTIONS sip:%s%s SIP/2.0\r\n"
	                 "Via: SIP/2.0/%s %s;branch=z9hG4bK%s;rport\r\n"
	                 "Max-Forwards: 70\r\n"
	                 "From: <sip:trunkdoc@%s>;tag=%s\r\n"
	                 "To: <sip:%s>\r\n"
	                 "Call-ID: %s\r\n"
	                 "CSeq: 1 OPTIONS\r\n"
	                 "Contact: <sip:trunkdoc@%s%s>\r\n"
	                 "Accept: application/sdp\r\n"
	                 "User-Agent: trunkdoc/%s\r\n"
	                 "Content-Length: 0\r\n\r\n",
	                 domain, tp == PROBE_UDP ? "" : tp == PROBE_TCP ? ";transport=tcp" : ";transport=tls",
	                 via_tp[tp], local, branch, local, tag, domain, call_id, local,
	                 tp == PROBE_UDP ? "" : tp == PROBE_TCP ? ";transport=tcp" : ";transport=tls",
	                 PACKAGE_VERSION);
	return n > 0 && (size_t)n < outlen ? (size_t)n : 0;
}

void probe_local_address(int fd, char *out, size_t outlen)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
		probe_format_sockaddr((struct sockaddr *)&ss, out, outlen);
	else
		snprintf(out, outlen, "0.0.0.0:0");
}

/* UDP with T1 retransmissions; returns the response length (0 = none). */
static long udp_exchange(int fd, const char *req, size_t reqlen, char *resp, size_t resplen,
                         const char *call_id, int64_t deadline, enum probe_outcome *fail,
                         char *err, size_t errlen)
{
	int64_t interval = 500, next_send = 0;
	for (;;) {
		int64_t now = probe_now_ms();
		if (now >= deadline)
			return 0;
		if (now >= next_send) {
			if (send(fd, req, reqlen, 0) < 0) {
				*fail = errno == ECONNREFUSED ? PROBE_REFUSED : PROBE_ERROR;
				snprintf(err, errlen, "send: %s", strerror(errno));
				return -1;
			}
			next_send = now + interval;
			interval = interval * 2 > 4000 ? 4000 : interval * 2;
		}
		int64_t wait = (next_send < deadline ? next_send : deadline) - now;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, (int)(wait > 0 ? wait : 0)) <= 0)
			continue;
		ssize_t n = recv(fd, resp, resplen - 1, 0);
		if (n < 0) {
			if (errno == ECONNREFUSED) {
				*fail = PROBE_REFUSED;
				snprintf(err, errlen, "ICMP port unreachable: nothing listens there");
				return -1;
			}
			continue;
		}
		resp[n] = '\0';
		struct probe_sip_response r;
		/* Only a final response to our own request counts (a stray
		 * datagram on this port is not an answer). */
		if (probe_parse_response(resp, (size_t)n, &r) && !strcmp(r.call_id, call_id) &&
		    r.status >= 200)
			return n;
	}
}

long probe_sip_exchange(const struct probe_conn *c, const char *req, size_t reqlen, char *resp,
                        size_t resplen, const char *call_id, int64_t deadline,
                        enum probe_outcome *fail, char *err, size_t errlen)
{
	if (c->udp)
		return udp_exchange(c->fd, req, reqlen, resp, resplen, call_id, deadline, fail, err,
		                    errlen);
	for (;;) {
		long n = stream_exchange(c->fd, c->ssl, req, reqlen, resp, resplen, deadline, err,
		                         errlen);
		if (n < 0)
			*fail = strstr(err, "closed") ? PROBE_FAILED : PROBE_ERROR;
		if (n <= 0)
			return n;
		struct probe_sip_response r;
		if (!probe_parse_response(resp, (size_t)n, &r))
			return n;   /* the caller reports it as not SIP */
		if (r.status >= 200 && !strcmp(r.call_id, call_id))
			return n;
		reqlen = 0;     /* a 1xx or someone else's message: read on */
	}
}

void probe_options_run(struct probe_options *out, enum probe_transport tp,
                       const struct probe_target *t, const char *domain, double timeout,
                       SSL *ssl, int tls_fd)
{
	memset(out, 0, sizeof *out);
	probe_copy(out->host, sizeof out->host, t->host);
	snprintf(out->target, sizeof out->target, "%s", t->text);
	int64_t start = probe_now_ms(), deadline = start + (int64_t)(timeout * 1000);
	char *resp = malloc(RESP_MAX + 1);
	char req[2048], call_id[64];
	int fd = -1;
	long n = 0;
	if (!resp) {
		out->outcome = PROBE_ERROR;
		snprintf(out->error, sizeof out->error, "out of memory");
		return;
	}
	if (tp == PROBE_UDP) {
		fd = socket(t->sa.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || connect(fd, (const struct sockaddr *)&t->sa, t->salen) < 0) {
			out->outcome = PROBE_ERROR;
			snprintf(out->error, sizeof out->error, "UDP socket to %s: %s", t->text,
			         strerror(errno));
			goto done;
		}
	} else if (tp == PROBE_TCP) {
		fd = probe_tcp_connect(t, deadline, &out->outcome, out->error, sizeof out->error,
		                       out->local, sizeof out->local);
		if (fd < 0)
			goto done;
	} else {
		fd = tls_fd;
		if (!ssl) {
			out->outcome = PROBE_NOT_RUN;
			snprintf(out->error, sizeof out->error, "no TLS connection (see the TLS handshake)");
			goto done;
		}
	}
	probe_local_address(fd, out->local, sizeof out->local);
	size_t reqlen = build_options(req, sizeof req, tp, domain, out->local, call_id, sizeof call_id);
	if (!reqlen) {
		out->outcome = PROBE_ERROR;
		snprintf(out->error, sizeof out->error, "request too long");
		goto done;
	}
	struct probe_conn conn = { fd, tp == PROBE_TLS ? ssl : NULL, tp == PROBE_UDP };
	char err[PROBE_TEXT_MAX];
	n = probe_sip_exchange(&conn, req, reqlen, resp, RESP_MAX + 1, call_id, deadline,
	                       &out->outcome, err, sizeof err);
	if (n < 0)
		probe_copy(out->error, sizeof out->error, err);
	out->rtt_ms = (unsigned)(probe_now_ms() - start);
	if (n == 0) {
		out->outcome = PROBE_NO_ANSWER;
		snprintf(out->error, sizeof out->error, "no answer within %.1f s", timeout);
	} else if (n > 0) {
		struct probe_sip_response r;
		if (!probe_parse_response(resp, (size_t)n, &r)) {
			out->outcome = PROBE_FAILED;
			snprintf(out->error, sizeof out->error, "the answer is not a SIP response");
		} else {
			out->outcome = PROBE_OK;
			out->status = r.status;
			snprintf(out->reason, sizeof out->reason, "%s", r.reason);
			snprintf(out->via_received, sizeof out->via_received, "%s", r.via_received);
			out->via_rport = r.via_rport;
			snprintf(out->server_header, sizeof out->server_header, "%s", r.server);
		}
	}
done:
	if (fd >= 0 && tp != PROBE_TLS)
		close(fd);
	free(resp);
}
