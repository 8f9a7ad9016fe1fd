/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * util.h - what every check group asks of the store, in one place.
 *
 *   registrations of interest   the profile's AOR/registrar when it names
 *                               one, else every registration in the capture
 *   REGISTER transactions       in capture order, each with its request,
 *                               its first response and its final response
 *   txn outcome                 answered / provisional only / pending (the
 *                               capture ends before timer F) / timed out
 *   addresses                   RFC 1918, RFC 6598, ULA, loopback, link-local,
 *                               documentation (RFC 5737 / 3849) or public
 *
 * Nothing here decides a verdict; the group files (net.c, pbx.c, prov.c,
 * fw.c) do.  Strings returned point into the store and are raw wire text:
 * the finding_* helpers sanitise what they format.
 */
#ifndef TRUNKDOC_CHECKS_UTIL_H
#define TRUNKDOC_CHECKS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"
#include "checks/check.h"

#define TIMER_F_USEC (32 * 1000000LL)   /* RFC 3261 §17.1.1.2: 64*T1 */
#define NAT_BINDING_SECONDS 60          /* UDP NAT bindings often last 30-60 s */
#define UDP_SAFE_SIZE 1300              /* RFC 3261 §18.1.1 */

/* ---- addresses ---- */
enum addr_class {
	ADDR_NOT_IP = 0,   /* a host name, or empty */
	ADDR_PUBLIC,
	ADDR_DOC,          /* 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32: public in fixtures */
	ADDR_PRIVATE,      /* RFC 1918 */
	ADDR_CGNAT,        /* RFC 6598 100.64/10 */
	ADDR_ULA,          /* fc00::/7 */
	ADDR_LOOPBACK,
	ADDR_LINKLOCAL,
};
enum addr_class addr_classify(const char *text);
enum addr_class addr_classify_ep(const struct endpoint *ep);
/* Private in the sense that matters for NAT: RFC 1918, RFC 6598, ULA, link-local. */
bool addr_class_private(enum addr_class c);
/* Reachable from the internet as written (public or documentation range). */
bool addr_class_public(enum addr_class c);
/* Does the address text name the endpoint's address? ("192.0.2.1" vs ep) */
bool addr_text_is_ep(const char *text, const struct endpoint *ep);
/* The endpoint's address without the port, into buf (>= 64 bytes). */
const char *ep_addr_text(const struct endpoint *ep, char *buf, size_t len);

/* Case-insensitive host comparison that ignores one trailing dot and IPv6
 * brackets. */
bool host_eq(const char *a, const char *b);
/* The host part of a SIP URI ("sip:user@host:port;params" -> "host"). */
void uri_host(const char *uri, char *host, size_t hostlen);
/* The user part of a SIP URI, "" when none. */
void uri_user(const char *uri, char *user, size_t userlen);

/* ---- registrations and their transactions ---- */
#define REGS_MAX 64
/* Fills out[] with the indices of the registrations the checks speak about;
 * returns how many (at most max). */
size_t regs_of_interest(const struct check_ctx *ctx, uint32_t *out, size_t max);

/* The REGISTER transactions of the registrations of interest, in order:
 *     struct reg_walk w;
 *     for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w))
 * w.r is the transaction's registration and w.k its index there; after the
 * walk, w.regs and w.nreg are the registrations looked at. */
struct reg_walk {
	const struct store *st;
	uint32_t regs[REGS_MAX];
	size_t nreg, ri;
	const struct registration *r;
	uint32_t k;
};
const struct sip_txn *reg_walk_first(struct reg_walk *w, const struct check_ctx *ctx);
const struct sip_txn *reg_walk_next(struct reg_walk *w);

enum txn_outcome {
	TXN_ANSWERED,        /* a final response */
	TXN_PROVISIONAL,     /* only 1xx seen */
	TXN_PENDING,         /* nothing yet, and the capture ends before timer F */
	TXN_TIMED_OUT,       /* nothing within timer F */
	TXN_NO_REQUEST,      /* orphan: responses without the request */
};
enum txn_outcome txn_outcome(const struct check_ctx *ctx, const struct sip_txn *t);
const struct sip_msg *txn_request(const struct store *st, const struct sip_txn *t);
const struct sip_msg *txn_final(const struct store *st, const struct sip_txn *t);
/* First response of any class, NULL if none. */
const struct sip_msg *txn_first_response(const struct store *st, const struct sip_txn *t);
/* Index of the txn's request message (NONE_U32 for an orphan). */
uint32_t txn_request_index(const struct store *st, const struct sip_txn *t);

/* The k-th REGISTER transaction of a registration, NULL when out of range. */
const struct sip_txn *reg_txn(const struct store *st, const struct registration *r, uint32_t k);

/* ---- attempts (RFC 3261 §10.2, §22.2) ----
 * A registration (AOR + registrar) holds the REGISTERs of every attempt:
 * a phone that reboots, a PBX that reloads, a de-registration beside a new
 * registration each start a new Call-ID.  A REGISTER continues an attempt
 * only within its Call-ID, with a higher CSeq (the UA adds one per request):
 * that is the only REGISTER that can answer the attempt's challenge. */
/* The next REGISTER of the same attempt after the k-th transaction of r
 * (same Call-ID, the lowest CSeq above it); NULL when the capture holds
 * none.  *kn (may be NULL) gets its index in r. */
const struct sip_txn *attempt_next(const struct store *st, const struct registration *r, uint32_t k,
                                   uint32_t *kn);
/* The challenge (final 401/407 carrying WWW-/Proxy-Authenticate) that the
 * k-th REGISTER of r answers: the latest one of the same attempt before
 * it; failing that (a PBX that re-uses a nonce on a new Call-ID), the
 * latest challenge of r that issued the nonce its credentials carry.
 * NULL when none. */
const struct sip_msg *attempt_challenge(const struct store *st, const struct registration *r, uint32_t k);
/* Copies of the request sent at least `margin` after `when`: the PBX kept
 * re-sending, so the response at `when` never reached it. */
unsigned txn_copies_after(const struct store *st, const struct sip_txn *t, usec_t when, usec_t margin);

/* ---- header helpers ---- */
/* First credentials header (Authorization or Proxy-Authorization), copied
 * into *buf (the store keeps it packed): buf, or NULL if none. */
const struct sip_auth *msg_credentials(const struct store *st, const struct sip_msg *m, struct sip_auth *buf);
/* First challenge (WWW-/Proxy-Authenticate) into *buf: buf, or NULL if none. */
const struct sip_auth *msg_challenge(const struct store *st, const struct sip_msg *m, struct sip_auth *buf);
/* Expiry the REGISTER asks for: the first Contact's expires, else Expires,
 * else 3600 (RFC 3261 §10.2.1.1 leaves the default to the registrar; 3600 is
 * the common one).  0 for an un-REGISTER. */
int32_t msg_requested_expires(const struct store *st, const struct sip_msg *m);
/* Expiry a 2xx grants to the contact `ours` (URI text, may be NULL): its
 * binding's expires, else the Expires header; -1 when the response says none. */
int32_t msg_granted_expires(const struct store *st, const struct sip_msg *resp, const char *ours);
/* Do two Contact URIs name the same binding (user, host, port; params ignored)? */
bool contact_uri_eq(const char *a, const char *b);

/* Severity order for combining verdicts over several registrations:
 * skipped < unknown < pass < warn < fail. */
int verdict_rank(enum verdict v);
/* Sets verdict and summary only when v is more severe than what f holds
 * (the first, most severe finding speaks); returns whether it did. */
bool finding_raise(struct finding *f, enum verdict v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* How a check ends.  A warn or fail it raised stands: finding_settled says
 * so, and the check returns.  Otherwise, when the evidence is good, the
 * check passes with its summary and the advice every pass gives, "Nothing
 * to do." (finding_pass_for: "Nothing to do for DNS.").  What is left is
 * the check's own unknown or skipped, with its own words. */
bool finding_settled(const struct finding *f);
void finding_pass(struct finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void finding_pass_for(struct finding *f, const char *about, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The SIP domain the traffic is about: the profile's registrar host, else
 * the first REGISTER's Request-URI host, else the domain of the first
 * _sip/_sips SRV or NAPTR query seen.  "" when nothing names one. */
void trunk_domain(const struct check_ctx *ctx, char *out, size_t outlen, const char **from);

#endif
