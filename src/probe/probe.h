/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe.h - active tests run from the PBX host against the registrar:
 * RFC 3263 DNS resolution (c-ares), SIP OPTIONS over UDP/TCP/TLS, a TLS
 * handshake with certificate checks (OpenSSL), an ICMP echo, and an optional
 * test registration.  Results feed the probe checks (net.dns-registrar,
 * net.options-ping, net.tls-handshake, net.ping-registrar).
 *
 *   probe_results
 *   ├── dns        lookups[]: NAPTR name, SRV _sip._udp/_sip._tcp/_sips._tcp,
 *   │              A/AAAA of the name and of every SRV target; each with
 *   │              rcode, answers (type, TTL, data, SRV prio/weight/port)
 *   ├── options[PROBE_UDP..PROBE_TLS]   one OPTIONS ping per transport
 *   ├── tls        handshake to 5061 (or the _sips._tcp SRV port)
 *   ├── ping       ICMP echo (often "not permitted" or dropped: not a failure)
 *   └── reg        test REGISTER + unREGISTER (only with --probe-register)
 *
 * Every string below is bounded, NUL-terminated and ALREADY SANITISED
 * (sanitize.h): readers may print it as is.  An empty string means "not
 * known".  A part whose outcome is PROBE_NOT_RUN was not attempted (e.g. no
 * TLS because the name does not resolve) and says nothing either way.
 *
 * Stable contract: the checks read this.  Add fields at the end of a struct;
 * never rename or remove.
 */
#ifndef TRUNKDOC_PROBE_H
#define TRUNKDOC_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct profile;
struct secret;

#define PROBE_NAME_MAX 256       /* DNS names, hosts, certificate subjects */
#define PROBE_TEXT_MAX 256       /* error text, reason phrases, Server header */
#define PROBE_ADDR_MAX 64        /* "[2001:db8::1]:5061" fits */
#define PROBE_DNS_LOOKUPS 16
#define PROBE_DNS_ANSWERS 16
#define PROBE_TLS_SANS 16
#define PROBE_REG_STEPS 8

/* How one probe ended. */
enum probe_outcome {
	PROBE_NOT_RUN = 0,    /* not attempted: see the error text for why */
	PROBE_OK,             /* answered / resolved / handshake completed */
	PROBE_NO_ANSWER,      /* timed out with nothing back */
	PROBE_REFUSED,        /* TCP RST / ICMP port unreachable */
	PROBE_FAILED,         /* the peer answered but the exchange failed:
	                         DNS rcode, TLS alert, reset mid-handshake */
	PROBE_ERROR,          /* local problem: no address, socket error */
	PROBE_NOT_PERMITTED,  /* ICMP without raw-socket privilege */
};

enum probe_transport { PROBE_UDP = 0, PROBE_TCP, PROBE_TLS, PROBE__TRANSPORTS };

/* ---- DNS (RFC 3263) ---- */

enum probe_rr { PROBE_RR_A = 1, PROBE_RR_AAAA = 28, PROBE_RR_SRV = 33, PROBE_RR_NAPTR = 35 };

struct probe_dns_answer {
	uint16_t type;                  /* enum probe_rr */
	uint32_t ttl;
	char data[PROBE_NAME_MAX];      /* A/AAAA: the address; SRV: the target;
	                                   NAPTR: the replacement */
	uint16_t priority, weight, port;/* SRV */
	uint16_t order, preference;     /* NAPTR */
	char naptr_flags[8];            /* NAPTR: "s" */
	char naptr_service[32];         /* NAPTR: "SIP+D2U", "SIPS+D2T", ... */
};

struct probe_dns_lookup {
	char name[PROBE_NAME_MAX];      /* "_sip._udp.example.test" */
	uint16_t type;                  /* enum probe_rr */
	enum probe_outcome outcome;     /* OK: rcode NOERROR with answers (or NODATA,
	                                   see nodata); FAILED: NXDOMAIN/SERVFAIL/
	                                   REFUSED; NO_ANSWER: timeout */
	bool nodata;                    /* NOERROR with no records of this type */
	char rcode[16];                 /* "NOERROR", "NXDOMAIN", "SERVFAIL",
	                                   "REFUSED", "" on timeout */
	char error[PROBE_TEXT_MAX];     /* c-ares' text when not OK */
	struct probe_dns_answer ans[PROBE_DNS_ANSWERS];
	size_t nans;
	size_t ans_dropped;             /* answers beyond PROBE_DNS_ANSWERS */
	unsigned elapsed_ms;
	bool srv_target;                /* an A/AAAA lookup of an SRV target */
};

struct probe_dns {
	enum probe_outcome outcome;     /* OK: some A/AAAA answer was found for
	                                   the registrar (directly or via SRV);
	                                   FAILED: answers, but no address;
	                                   NO_ANSWER: no lookup was answered;
	                                   ERROR: bad host or --dns-server;
	                                   NOT_RUN: an IP literal (is_literal) */
	bool is_literal;                /* the registrar is an IP address: no DNS */
	char server[PROBE_ADDR_MAX];    /* --dns-server as used, or "system" */
	struct probe_dns_lookup lookups[PROBE_DNS_LOOKUPS];
	size_t nlookups;
	char error[PROBE_TEXT_MAX];
};

/* ---- SIP OPTIONS ping, one per transport ---- */

struct probe_options {
	enum probe_outcome outcome;     /* OK = any SIP response */
	char host[PROBE_NAME_MAX];      /* the name the target came from */
	char target[PROBE_ADDR_MAX];    /* "198.51.100.7:5060" */
	char local[PROBE_ADDR_MAX];     /* our socket's address:port */
	int status;                     /* 0 if none */
	char reason[PROBE_TEXT_MAX];
	unsigned rtt_ms;
	char via_received[PROBE_ADDR_MAX]; /* received= the registrar put on our Via */
	int via_rport;                  /* rport= value, 0 if absent */
	char server_header[PROBE_TEXT_MAX];/* Server: (or User-Agent:) */
	char error[PROBE_TEXT_MAX];     /* when not OK: "connection refused", ... */
};

/* ---- TLS handshake ---- */

struct probe_tls {
	enum probe_outcome outcome;     /* OK = handshake completed (the
	                                   certificate is judged separately) */
	char target[PROBE_ADDR_MAX];
	char sni[PROBE_NAME_MAX];       /* the name sent in SNI and checked */
	char local[PROBE_ADDR_MAX];     /* our socket's address:port */
	char version[32];               /* "TLSv1.3" */
	char cipher[64];
	char subject[PROBE_NAME_MAX];   /* one line, RFC 2253 */
	char issuer[PROBE_NAME_MAX];
	char san[PROBE_TLS_SANS][PROBE_NAME_MAX];  /* "DNS:sip.example.test" */
	size_t nsan;
	bool have_cert;                 /* the fields below mean something */
	bool name_matches;              /* X509_check_host(cert, sni) */
	char not_before[32];            /* "2026-01-01 00:00:00 UTC" */
	char not_after[32];
	int64_t not_after_epoch;        /* seconds, 0 if unknown */
	bool expired;                   /* notAfter is in the past */
	bool verified;                  /* chain verifies against the system store */
	char verify_result[PROBE_TEXT_MAX];/* X509_verify_cert_error_string(), "ok" */
	char alert[PROBE_TEXT_MAX];     /* TLS alert received or sent on failure */
	char error[PROBE_TEXT_MAX];
	unsigned handshake_ms;
};

/* ---- ICMP echo ---- */

struct probe_ping {
	enum probe_outcome outcome;     /* NOT_PERMITTED without CAP_NET_RAW and no
	                                   ping socket; NO_ANSWER is common and
	                                   harmless: many providers drop ping */
	char target[PROBE_ADDR_MAX];
	unsigned rtt_ms;
	char error[PROBE_TEXT_MAX];
};

/* ---- optional test registration ---- */

struct probe_reg_step {
	char method[16];                /* "REGISTER" */
	int expires;                    /* Expires we asked for (0 = unregister) */
	bool with_auth;                 /* carried Authorization/Proxy-Authorization */
	int status;                     /* response, 0 = none (timeout) */
	char reason[PROBE_TEXT_MAX];
	unsigned rtt_ms;
};

struct probe_register {
	enum probe_outcome outcome;     /* OK = a final response arrived */
	char target[PROBE_ADDR_MAX];
	char transport[8];              /* "udp", "tcp", "tls" */
	char call_id[PROBE_NAME_MAX];   /* ours, not the PBX's ("...@trunkdoc") */
	char local[PROBE_ADDR_MAX];     /* our socket's address:port */
	struct probe_reg_step steps[PROBE_REG_STEPS];
	size_t nsteps;
	int final_status;               /* last response to the binding REGISTER */
	char final_reason[PROBE_TEXT_MAX];
	bool registered;                /* final_status was 2xx */
	bool unregistered;              /* our binding was removed (2xx to Expires: 0) */
	char realm[PROBE_NAME_MAX];     /* from the challenge, if any */
	char error[PROBE_TEXT_MAX];
};

struct probe_results {
	char registrar[PROBE_NAME_MAX]; /* as probed: host[:port] */
	int64_t started_usec;           /* wall clock when the probes began */
	unsigned elapsed_ms;            /* all probes together */
	struct probe_dns dns;
	struct probe_options options[PROBE__TRANSPORTS];
	struct probe_tls tls;
	struct probe_ping ping;
	struct probe_register reg;      /* outcome NOT_RUN unless test_register */
};

struct probe_opts {
	const char *registrar;     /* host[:port] */
	const char *dns_server;    /* IP[:PORT] or NULL for the system resolver */
	bool test_register;        /* also REGISTER with the profile's credentials */
	double timeout;            /* seconds per probe */
	bool quiet;                /* do not print the test-registration warning
	                              on stderr (the screen shows it instead) */
};

/* What the operator is told before a test registration runs. */
extern const char probe_register_warning[];

/* Runs every probe (blocking, bounded by the timeouts) and returns the
 * results; never NULL except on allocation failure. */
struct probe_results *probe_run(const struct probe_opts *po, const struct profile *p,
                                const struct secret *password);
void probe_results_free(struct probe_results *r);

/* The same without blocking, for the screen's poll loop: a child process
 * runs probe_run() and hands the results back through a pipe.
 *
 *   job = probe_start(...);          poll(probe_job_fd(job), POLLIN)
 *   when readable: probe_job_poll(job, &res)
 *     0 = not finished, 1 = res holds the results (free with
 *     probe_results_free), -1 = the probe process failed
 *   probe_job_free(job) after 1 or -1, or to cancel a running job. */
struct probe_job;
struct probe_job *probe_start(const struct probe_opts *po, const struct profile *p,
                              const struct secret *password);
int probe_job_fd(const struct probe_job *j);
int probe_job_poll(struct probe_job *j, struct probe_results **out);
void probe_job_free(struct probe_job *j);

/* "answered", "no answer", "refused", "failed", "error", "not permitted",
 * "not run". */
const char *probe_outcome_name(enum probe_outcome o);
const char *probe_transport_name(enum probe_transport t);   /* "udp", "tcp", "tls" */

/* The results as a json-c object ("probes" in the JSON report); the caller
 * owns it (json_object_put).  NULL on allocation failure. */
struct json_object;
struct json_object *probe_results_json(const struct probe_results *r);

#endif
