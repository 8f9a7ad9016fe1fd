/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * util.c - the store queries and address rules shared by the check groups.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/hostport.h"
#include "base/sanitize.h"
#include "checks/trunks.h"
#include "checks/util.h"
#include "store/store.h"
#include "trunk/profile.h"

/* ---- addresses ---- */

static enum addr_class classify_v4(const uint8_t *a)
{
	if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168))
		return ADDR_PRIVATE;
	if (a[0] == 100 && (a[1] & 0xc0) == 64)
		return ADDR_CGNAT;
	if (a[0] == 127)
		return ADDR_LOOPBACK;
	if (a[0] == 169 && a[1] == 254)
		return ADDR_LINKLOCAL;
	if ((a[0] == 192 && a[1] == 0 && a[2] == 2) || (a[0] == 198 && a[1] == 51 && a[2] == 100) ||
	    (a[0] == 203 && a[1] == 0 && a[2] == 113))
		return ADDR_DOC;
	return ADDR_PUBLIC;
}

static enum addr_class classify_v6(const uint8_t *a)
{
	static const uint8_t loop[16] = { [15] = 1 };
	if (!memcmp(a, loop, 16))
		return ADDR_LOOPBACK;
	if ((a[0] & 0xfe) == 0xfc)
		return ADDR_ULA;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return ADDR_LINKLOCAL;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
		return ADDR_DOC;
	/* IPv4-mapped: judge the IPv4 address */
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	if (!memcmp(a, mapped, 12))
		return classify_v4(a + 12);
	return ADDR_PUBLIC;
}

/* Parses an address text (IPv6 may be bracketed) into family + bytes. */
static int parse_addr(const char *text, uint8_t out[16])
{
	char buf[64];
	if (!text)
		return 0;
	size_t n = strlen(text);
	if (n >= sizeof buf)
		return 0;
	if (n >= 2 && text[0] == '[' && text[n - 1] == ']') {
		memcpy(buf, text + 1, n - 2);
		buf[n - 2] = 0;
	} else {
		memcpy(buf, text, n + 1);
	}
	if (inet_pton(AF_INET, buf, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, buf, out) == 1)
		return 6;
	return 0;
}

enum addr_class addr_classify(const char *text)
{
	uint8_t a[16];
	int fam = parse_addr(text, a);
	if (fam == 4)
		return classify_v4(a);
	if (fam == 6)
		return classify_v6(a);
	return ADDR_NOT_IP;
}

enum addr_class addr_classify_ep(const struct endpoint *ep)
{
	if (!ep)
		return ADDR_NOT_IP;
	if (ep->family == 4)
		return classify_v4(ep->addr);
	if (ep->family == 6)
		return classify_v6(ep->addr);
	return ADDR_NOT_IP;
}

bool addr_class_private(enum addr_class c)
{
	return c == ADDR_PRIVATE || c == ADDR_CGNAT || c == ADDR_ULA || c == ADDR_LINKLOCAL;
}

bool addr_class_public(enum addr_class c)
{
	return c == ADDR_PUBLIC || c == ADDR_DOC;
}

bool addr_text_is_ep(const char *text, const struct endpoint *ep)
{
	uint8_t a[16];
	int fam = parse_addr(text, a);
	if (!fam || !ep || fam != ep->family)
		return false;
	return !memcmp(a, ep->addr, fam == 4 ? 4 : 16);
}

const char *ep_addr_text(const struct endpoint *ep, char *buf, size_t len)
{
	if (!ep || !len || !inet_ntop(ep->family == 6 ? AF_INET6 : AF_INET, ep->addr, buf, (socklen_t)len)) {
		if (len)
			buf[0] = 0;
	}
	return buf;
}

/* ---- names and URIs ---- */

static void strip_host(const char *in, const char **start, size_t *len)
{
	const char *s = in ? in : "";
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n > 1 && s[n - 1] == '.')
		n--;
	*start = s;
	*len = n;
}

bool host_eq(const char *a, const char *b)
{
	const char *sa, *sb;
	size_t la, lb;
	strip_host(a, &sa, &la);
	strip_host(b, &sb, &lb);
	if (!la || !lb)
		return false;
	uint8_t x[16], y[16];
	char ba[64], bb[64];
	/* IPv6 text has several spellings: compare the bytes when both parse */
	if (la < sizeof ba && lb < sizeof bb) {
		memcpy(ba, sa, la); ba[la] = 0;
		memcpy(bb, sb, lb); bb[lb] = 0;
		int fa = parse_addr(ba, x), fb = parse_addr(bb, y);
		if (fa && fa == fb)
			return !memcmp(x, y, fa == 4 ? 4 : 16);
	}
	return la == lb && !strncasecmp(sa, sb, la);
}

static void copy_bounded(char *out, size_t outlen, const char *s, size_t n)
{
	if (!outlen)
		return;
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, s, n);
	out[n] = 0;
}

void uri_host(const char *uri, char *host, size_t hostlen)
{
	uint16_t port;
	hostport_of_uri(uri, host, hostlen, &port);
}

void uri_user(const char *uri, char *user, size_t userlen)
{
	const char *s = uri ? uri : "";
	if (!strncasecmp(s, "sips:", 5))
		s += 5;
	else if (!strncasecmp(s, "sip:", 4))
		s += 4;
	else if (!strncasecmp(s, "tel:", 4)) {
		s += 4;
		copy_bounded(user, userlen, s, strcspn(s, ";>"));
		return;
	}
	const char *at = strchr(s, '@');
	size_t n = at ? (size_t)(at - s) : 0;
	const char *semi = memchr(s, ';', n);   /* user;params@host is legal: drop the params */
	const char *colon = memchr(s, ':', n);  /* user:password@host */
	if (semi)
		n = (size_t)(semi - s);
	if (colon && (size_t)(colon - s) < n)
		n = (size_t)(colon - s);
	copy_bounded(user, userlen, s, n);
}

bool contact_uri_eq(const char *a, const char *b)
{
	char ha[STR_MAX], hb[STR_MAX], ua[STR_MAX], ub[STR_MAX];
	uint16_t pa, pb;
	if (!a || !b || !*a || !*b)
		return false;
	hostport_of_uri(a, ha, sizeof ha, &pa);
	hostport_of_uri(b, hb, sizeof hb, &pb);
	uri_user(a, ua, sizeof ua);
	uri_user(b, ub, sizeof ub);
	if (!pa) pa = 5060;
	if (!pb) pb = 5060;
	return pa == pb && host_eq(ha, hb) && !strcmp(ua, ub);
}

/* ---- registrations ---- */

size_t regs_of_interest(const struct check_ctx *ctx, uint32_t *out, size_t max)
{
	const struct store *st = ctx->store;
	size_t n = store_reg_count(st), k = 0;
	if (ctx->trunk) {
		for (size_t i = 0; i < ctx->trunk->nreg && k < max; i++)
			out[k++] = ctx->trunk->regs[i];
		return k;
	}
	/* No roles assigned (a caller judging the whole store): the profile's
	 * registrations, by the one predicate the export and screen use too. */
	for (size_t i = 0; i < n && k < max; i++) {
		const struct registration *r = store_reg(st, (uint32_t)i);
		if (trunk_reg_matches_profile(st, ctx->profile, r) && !store_reg_is_own(st, r))
			out[k++] = (uint32_t)i;
	}
	/* A profile that matches nothing must not hide the traffic: the
	 * registrar-address check says why they differ. */
	if (k == 0)
		for (size_t i = 0; i < n && k < max; i++)
			if (!store_reg_is_own(st, store_reg(st, (uint32_t)i)))
				out[k++] = (uint32_t)i;
	return k;
}

/* The walk's transaction w->k of registration w->ri, moving on to the next
 * registration when that one has no more. */
static const struct sip_txn *reg_walk_here(struct reg_walk *w)
{
	for (; w->ri < w->nreg; w->ri++, w->k = 0) {
		w->r = store_reg(w->st, w->regs[w->ri]);
		const struct sip_txn *t = w->r ? reg_txn(w->st, w->r, w->k) : NULL;
		if (t)
			return t;
	}
	return NULL;
}

const struct sip_txn *reg_walk_first(struct reg_walk *w, const struct check_ctx *ctx)
{
	w->st = ctx->store;
	w->nreg = regs_of_interest(ctx, w->regs, REGS_MAX);
	w->ri = 0;
	w->k = 0;
	return reg_walk_here(w);
}

const struct sip_txn *reg_walk_next(struct reg_walk *w)
{
	w->k++;
	return reg_walk_here(w);
}

const struct sip_txn *reg_txn(const struct store *st, const struct registration *r, uint32_t k)
{
	if (k >= r->txns_count)
		return NULL;
	const uint32_t *ix = store_reg_txns(st, r);
	return ix ? store_txn(st, ix[k]) : NULL;
}

const struct sip_msg *txn_request(const struct store *st, const struct sip_txn *t)
{
	if (!t || t->orphan || t->first_msg == NONE_U32)
		return NULL;
	const struct sip_msg *m = store_msg(st, t->first_msg);
	return m && m->method != M_NONE ? m : NULL;
}

uint32_t txn_request_index(const struct store *st, const struct sip_txn *t)
{
	return txn_request(st, t) ? t->first_msg : NONE_U32;
}

const struct sip_msg *txn_final(const struct store *st, const struct sip_txn *t)
{
	if (!t || t->final_msg == NONE_U32)
		return NULL;
	return store_msg(st, t->final_msg);
}

const struct sip_msg *txn_first_response(const struct store *st, const struct sip_txn *t)
{
	if (!t)
		return NULL;
	const uint32_t *ix = store_txn_msgs(st, t);
	for (uint32_t i = 0; ix && i < t->msgs_count; i++) {
		const struct sip_msg *m = store_msg(st, ix[i]);
		if (m && m->method == M_NONE)
			return m;
	}
	return NULL;
}

enum txn_outcome txn_outcome(const struct check_ctx *ctx, const struct sip_txn *t)
{
	const struct store *st = ctx->store;
	if (!txn_request(st, t))
		return TXN_NO_REQUEST;
	if (t->final_status && t->final_msg != NONE_U32)
		return TXN_ANSWERED;
	if (txn_first_response(st, t))
		return TXN_PROVISIONAL;
	return ctx->now - store_txn_first_time(st, t) >= TIMER_F_USEC ? TXN_TIMED_OUT : TXN_PENDING;
}

/* ---- attempts ---- */

/* Bound on how far an attempt is followed through a registration: a week
 * of refreshes must stay linear, and the next CSeq of an attempt is never
 * far behind its predecessor. */
#define ATTEMPT_LOOK 64

const struct sip_txn *attempt_next(const struct store *st, const struct registration *r, uint32_t k,
                                   uint32_t *kn)
{
	const struct sip_msg *req = txn_request(st, reg_txn(st, r, k));
	const struct sip_txn *best = NULL;
	uint32_t best_cseq = 0;
	if (!req)
		return NULL;
	for (uint32_t j = k + 1; j < r->txns_count && j <= k + ATTEMPT_LOOK; j++) {
		const struct sip_txn *t = reg_txn(st, r, j);
		const struct sip_msg *m = txn_request(st, t);
		if (!m || m->dialog != req->dialog || m->cseq <= req->cseq)
			continue;
		if (!best || m->cseq < best_cseq) {
			best = t;
			best_cseq = m->cseq;
			if (kn)
				*kn = j;
		}
		if (m->cseq == req->cseq + 1)
			break;   /* the very next request: nothing can come closer */
	}
	return best;
}

static bool challenge_final(const struct store *st, const struct sip_msg *fin)
{
	struct sip_auth ch;
	return fin && (fin->status == 401 || fin->status == 407) && msg_challenge(st, fin, &ch);
}

const struct sip_msg *attempt_challenge(const struct store *st, const struct registration *r, uint32_t k)
{
	const struct sip_msg *req = txn_request(st, reg_txn(st, r, k));
	if (!req)
		return NULL;
	uint32_t stop = k > ATTEMPT_LOOK ? k - ATTEMPT_LOOK : 0;
	const struct sip_msg *best = NULL;
	uint32_t best_cseq = 0;
	for (uint32_t j = k; j-- > stop;) {
		const struct sip_txn *t = reg_txn(st, r, j);
		const struct sip_msg *m = txn_request(st, t), *fin = txn_final(st, t);
		if (!m || m->dialog != req->dialog || m->cseq >= req->cseq || !challenge_final(st, fin))
			continue;
		if (!best || m->cseq > best_cseq) {
			best = fin;
			best_cseq = m->cseq;
		}
	}
	if (best)
		return best;
	/* pre-emptive credentials on a new Call-ID: the nonce names the challenge */
	struct sip_auth crb, ab;
	const struct sip_auth *cr = msg_credentials(st, req, &crb), *a;
	if (!cr || !cr->nonce)
		return NULL;
	for (uint32_t j = k; j-- > stop;) {
		const struct sip_msg *fin = txn_final(st, reg_txn(st, r, j));
		if (!challenge_final(st, fin))
			continue;
		for (uint16_t i = 0; i < fin->auth_count && (a = store_auth(st, fin, i, &ab)); i++)
			if ((a->kind == AUTH_WWW || a->kind == AUTH_PROXY) && a->nonce == cr->nonce)
				return fin;
	}
	return NULL;
}

unsigned txn_copies_after(const struct store *st, const struct sip_txn *t, usec_t when, usec_t margin)
{
	unsigned n = 0;
	const uint32_t *ix = store_txn_msgs(st, t);
	for (uint32_t i = 0; ix && i < t->msgs_count; i++) {
		const struct sip_msg *m = store_msg(st, ix[i]);
		if (m->method != M_NONE && m->method != M_ACK && m->time >= when + margin)
			n++;
	}
	return n;
}

/* ---- headers ---- */

static const struct sip_auth *find_auth(const struct store *st, const struct sip_msg *m, bool creds,
                                        struct sip_auth *buf)
{
	const struct sip_auth *a;
	for (uint16_t i = 0; m && i < m->auth_count && (a = store_auth(st, m, i, buf)); i++) {
		bool is_cred = a->kind == AUTH_AUTHORIZATION || a->kind == AUTH_PROXY_AUTHORIZATION;
		if (is_cred == creds)
			return a;
	}
	return NULL;
}

const struct sip_auth *msg_credentials(const struct store *st, const struct sip_msg *m, struct sip_auth *buf)
{
	return find_auth(st, m, true, buf);
}

const struct sip_auth *msg_challenge(const struct store *st, const struct sip_msg *m, struct sip_auth *buf)
{
	return find_auth(st, m, false, buf);
}

int32_t msg_requested_expires(const struct store *st, const struct sip_msg *m)
{
	const struct sip_contact *c = m->contacts_count ? store_contacts(st, m) : NULL;
	if (c && c[0].star)
		return 0;
	if (c && c[0].expires >= 0)
		return c[0].expires;
	if (store_msg_hdr(st, m)->expires >= 0)
		return store_msg_hdr(st, m)->expires;
	return 3600;
}

int32_t msg_granted_expires(const struct store *st, const struct sip_msg *resp, const char *ours)
{
	const struct sip_contact *c = resp->contacts_count ? store_contacts(st, resp) : NULL;
	for (uint16_t i = 0; c && i < resp->contacts_count; i++) {
		bool mine = ours && contact_uri_eq(store_str(st, c[i].uri), ours);
		if ((mine || resp->contacts_count == 1) && c[i].expires >= 0)
			return c[i].expires;
	}
	return store_msg_hdr(st, resp)->expires;
}

int verdict_rank(enum verdict v)
{
	switch (v) {
	case V_SKIPPED: return 0;
	case V_UNKNOWN: return 1;
	case V_PASS: return 2;
	case V_WARN: return 3;
	case V_FAIL: return 4;
	}
	return 0;
}

bool finding_raise(struct finding *f, enum verdict v, const char *fmt, ...)
{
	/* An unset finding (unknown, empty summary) always takes the first word. */
	bool fresh = f->verdict == V_UNKNOWN && !f->summary[0];
	if (!fresh && verdict_rank(v) <= verdict_rank(f->verdict))
		return false;
	char raw[FINDING_TEXT];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	f->verdict = v;
	sanitize_str(f->summary, sizeof f->summary, raw, 0);
	return true;
}

bool finding_settled(const struct finding *f)
{
	return verdict_rank(f->verdict) >= verdict_rank(V_WARN);
}

static void pass_with(struct finding *f, const char *about, const char *fmt, va_list ap)
{
	/* formatted and sanitised as finding_set does */
	char raw[FINDING_TEXT > EVIDENCE_TEXT ? FINDING_TEXT : EVIDENCE_TEXT];
	vsnprintf(raw, sizeof raw, fmt, ap);
	f->verdict = V_PASS;
	sanitize_str(f->summary, sizeof f->summary, raw, 0);
	if (about)
		finding_advice(f, "Nothing to do for %s.", about);
	else
		finding_advice(f, "Nothing to do.");
}

void finding_pass(struct finding *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pass_with(f, NULL, fmt, ap);
	va_end(ap);
}

void finding_pass_for(struct finding *f, const char *about, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pass_with(f, about, fmt, ap);
	va_end(ap);
}

/* "_sip._udp.example.net" -> "example.net"; NULL if not a SIP service name. */
static const char *sip_service_domain(const char *qname)
{
	static const char *const prefixes[] = { "_sip._udp.", "_sip._tcp.", "_sips._tcp.",
		"_sip._sctp.", "_sips._sctp.", "_sip._ws.", "_sips._wss." };
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t n = strlen(prefixes[i]);
		if (!strncasecmp(qname, prefixes[i], n) && qname[n])
			return qname + n;
	}
	return NULL;
}

void trunk_domain(const struct check_ctx *ctx, char *out, size_t outlen, const char **from)
{
	const struct store *st = ctx->store;
	uint16_t port;
	*from = "";
	out[0] = 0;
	if (ctx->profile->registrar[0]) {
		hostport_of_uri(ctx->profile->registrar, out, outlen, &port);
		*from = "the profile";
		return;
	}
	/* the trunk's first REGISTER (a phone's names the PBX, not the provider) */
	struct reg_walk w;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *m = txn_request(st, t);
		if (m && m->method == M_REGISTER && store_msg_hdr(st, m)->ruri_host) {
			copy_bounded(out, outlen, store_str(st, store_msg_hdr(st, m)->ruri_host), strlen(store_str(st, store_msg_hdr(st, m)->ruri_host)));
			*from = "the REGISTER's Request-URI";
			return;
		}
	}
	for (size_t i = 0; i < store_dns_count(st); i++) {
		const struct dns_event *d = store_dns(st, (uint32_t)i);
		const char *q = store_str(st, d->qname);
		const char *dom = d->qtype == 33 ? sip_service_domain(q) : d->qtype == 35 ? q : NULL;
		if (dom && *dom) {
			copy_bounded(out, outlen, dom, strlen(dom));
			if (outlen && out[0] && out[strlen(out) - 1] == '.')
				out[strlen(out) - 1] = 0;
			*from = d->qtype == 33 ? "the SRV queries seen" : "the NAPTR queries seen";
			return;
		}
	}
}
