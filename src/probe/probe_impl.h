/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_impl.h - how the probe modules talk to each other (not a public
 * contract: probe.h is).
 *
 *   probe.c ── probe_dns_run() ──> results.dns
 *           ── probe_target_for() picks address:port per transport
 *           │    (SRV by priority, else A/AAAA + 5060/5061, or the literal)
 *           ── probe_tls_open() ──> results.tls + an SSL connection
 *           ── probe_options_run() over UDP, TCP and that TLS connection
 *           ── probe_ping_run()
 *           └─ probe_register_run() (only when asked)
 *
 * Every function is bounded by its deadline (monotonic milliseconds).
 */
#ifndef TRUNKDOC_PROBE_IMPL_H
#define TRUNKDOC_PROBE_IMPL_H

#include <stdint.h>
#include <sys/socket.h>
#include "probe/probe.h"

typedef struct ssl_st SSL;
struct profile;
struct secret;

struct probe_target {
	char host[PROBE_NAME_MAX];        /* the name the address came from */
	struct sockaddr_storage sa;
	socklen_t salen;
	char text[PROBE_ADDR_MAX];        /* "198.51.100.7:5060" */
};

int64_t probe_now_ms(void);

/* Bounded copy of text from the network or a certificate, sanitised
 * (NULL copies as ""). */
void probe_copy(char *dst, size_t dstlen, const char *src);

/* A numeric address to a sockaddr; false if host is not a literal. */
bool probe_literal(const char *host, int port, struct probe_target *t);
void probe_format_sockaddr(const struct sockaddr *sa, char *out, size_t outlen);

/* DNS: RFC 3263 lookups of host (NAPTR, the three SRVs, A, AAAA, then
 * A/AAAA of each SRV target).  dns_server NULL = system resolver. */
void probe_dns_run(struct probe_dns *out, const char *host, const char *dns_server,
                   double timeout);

/* TCP connect with a deadline; returns the fd (blocking) or -1 with the
 * outcome and error text filled.  local (may be NULL) gets the socket's
 * address:port, even when the connection is refused (the port is taken
 * before the SYN; the address is then the wildcard). */
int probe_tcp_connect(const struct probe_target *t, int64_t deadline,
                      enum probe_outcome *outcome, char *err, size_t errlen,
                      char *local, size_t locallen);

/* TLS: connect + handshake, certificate checks into out.  Returns the live
 * connection (for OPTIONS over TLS) or NULL; *fd_out gets its socket. */
SSL *probe_tls_open(struct probe_tls *out, const struct probe_target *t, const char *sni,
                    double timeout, int *fd_out);
void probe_tls_close(SSL *ssl, int fd);

/* One open signalling connection. */
struct probe_conn {
	int fd;
	SSL *ssl;       /* TLS, or NULL */
	bool udp;
};

/* Sends req (UDP: retransmitted on T1 doubling) and returns the length of
 * the first final response with our Call-ID in resp (NUL-terminated); 0 on
 * timeout; -1 on error with *fail (REFUSED, FAILED, ERROR) and err set. */
long probe_sip_exchange(const struct probe_conn *c, const char *req, size_t reqlen, char *resp,
                        size_t resplen, const char *call_id, int64_t deadline,
                        enum probe_outcome *fail, char *err, size_t errlen);

/* OPTIONS over one transport.  For TLS, ssl/fd come from probe_tls_open. */
void probe_options_run(struct probe_options *out, enum probe_transport tp,
                       const struct probe_target *t, const char *domain, double timeout,
                       SSL *ssl, int tls_fd);

/* Random token for Call-IDs, tags and branches (hex, NUL-terminated). */
void probe_random_token(char *out, size_t hexlen_plus_1);

/* Parsed bits of a SIP response (libosip2). */
struct probe_sip_response {
	int status;
	char reason[PROBE_TEXT_MAX];
	char call_id[PROBE_NAME_MAX];
	char cseq_method[16];
	char via_received[PROBE_ADDR_MAX];
	int via_rport;
	char server[PROBE_TEXT_MAX];
	bool challenged;          /* WWW- or Proxy-Authenticate present */
	bool proxy_auth;          /* it was Proxy-Authenticate */
	bool stale;               /* stale=true: the nonce, not the password, was refused */
	char realm[PROBE_NAME_MAX], nonce[512], opaque[512], algorithm[32], qop[64];
};
bool probe_parse_response(const char *buf, size_t len, struct probe_sip_response *r);
void probe_local_address(int fd, char *out, size_t outlen);
#define PROBE_RESP_MAX 65535

void probe_ping_run(struct probe_ping *out, const struct probe_target *t, double timeout);

void probe_register_run(struct probe_register *out, const struct probe_target *t,
                        enum probe_transport tp, const struct profile *p,
                        const struct secret *pw, double timeout);

#endif
