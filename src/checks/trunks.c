/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * trunks.c - roles (trunk, extension, other), the trunks the checklist
 * judges one at a time, and each registration's own short verdict.  The
 * rule is written down in doc/checks.md ("Roles").
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hostport.h"
#include "base/sanitize.h"
#include "checks/trunks.h"
#include "checks/util.h"
#include "store/store.h"
#include "trunk/profile.h"

_Static_assert(TRUNK_REGS_MAX == REGS_MAX, "a trunk holds what the checks walk");
_Static_assert(TRUNK_REGS_MAX == 64, "TRUNK_REGS_MAX_TEXT says 64");

const char *role_name(enum reg_role r)
{
	switch (r) {
	case ROLE_TRUNK: return "trunk";
	case ROLE_EXTENSION: return "extension";
	default: return "other";
	}
}

static bool same_addr(const struct endpoint *a, const struct endpoint *b)
{
	return a && b && a->family && a->family == b->family &&
	       !memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
}

bool pbx_addrs_add(struct pbx_addrs *p, const struct endpoint *e)
{
	if (!e || !e->family)
		return false;
	for (size_t i = 0; i < p->n; i++)
		if (same_addr(&p->a[i], e))
			return true;
	if (p->n >= PBX_ADDRS_MAX)
		return false;
	p->a[p->n] = *e;
	p->a[p->n++].port = 0;
	return true;
}

bool pbx_addrs_add_text(struct pbx_addrs *p, const char *text)
{
	char host[64];
	uint16_t port;
	struct endpoint e = { 0 };
	/* an address, bracketed or not; never a port */
	if (!text || !hostport_parse(text, host, sizeof host, &port) || port)
		return false;
	if (inet_pton(AF_INET, host, e.addr) == 1)
		e.family = 4;
	else if (inet_pton(AF_INET6, host, e.addr) == 1)
		e.family = 6;
	else
		return false;
	return pbx_addrs_add(p, &e);
}

static bool in_addrs(const struct pbx_addrs *p, const struct endpoint *e)
{
	for (size_t i = 0; e && i < p->n; i++)
		if (same_addr(&p->a[i], e))
			return true;
	return false;
}

/* ---- the predicate ---- */

bool trunk_reg_matches_profile(const struct store *st, const struct profile *p,
                               const struct registration *r)
{
	char user[STR_MAX], host[STR_MAX], rhost[PROFILE_FIELD_MAX];
	uint16_t port;
	if (!r || (!p->user[0] && !p->registrar[0]))
		return false;
	uri_user(store_str(st, r->aor), user, sizeof user);
	uri_host(store_str(st, r->aor), host, sizeof host);
	if (p->user[0] && strcmp(user, p->user) && (!p->auth_user[0] || strcmp(user, p->auth_user)))
		return false;
	if (p->registrar[0]) {
		hostport_of_uri(p->registrar, rhost, sizeof rhost, &port);
		if (!host_eq(rhost, host) && !host_eq(rhost, store_str(st, r->registrar)))
			return false;
	}
	return true;
}

/* ---- roles ---- */

static bool text_same(const void *ctx, uint32_t i, const void *key)
{
	const struct roles *ro = ctx;
	return !strcmp(ro->texts[i], key);
}

/* The roles' one copy of text s; "" (and texts_lost) when memory ran out. */
static const char *role_text(struct roles *ro, const char *s)
{
	size_t len = strlen(s);
	if (!len)
		return "";
	uint32_t h = hash_bytes(s, len);
	uint32_t i = idmap_find(&ro->text_map, h, text_same, ro, s);
	if (i != UINT32_MAX)
		return ro->texts[i];
	if (ro->ntexts == ro->captexts) {
		uint32_t cap = ro->captexts ? ro->captexts * 2 : 16;
		char **t = realloc(ro->texts, cap * sizeof *t);
		if (!t) {
			ro->texts_lost = true;
			return "";
		}
		ro->texts = t;
		ro->captexts = cap;
	}
	char *t = malloc(len + 1);
	if (!t || !idmap_insert(&ro->text_map, h, ro->ntexts)) {
		free(t);
		ro->texts_lost = true;
		return "";
	}
	memcpy(t, s, len + 1);
	ro->texts[ro->ntexts++] = t;
	return t;
}

static void why(struct roles *ro, struct reg_role_info *ri, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void why(struct roles *ro, struct reg_role_info *ri, const char *fmt, ...)
{
	char raw[ROLE_WHY_MAX * 2], text[ROLE_WHY_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	sanitize_str(text, sizeof text, raw, 0);
	ri->why = role_text(ro, text);
}

static int addr_cmp(const void *a, const void *b)
{
	const struct endpoint *x = a, *y = b;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return memcmp(x->addr, y->addr, x->family == 4 ? 4 : 16);
}

/* An address that is the registrar of one registration and the UA of
 * another towards a different registrar is the PBX.  Sorted, so a capture
 * of thousands of registrations costs n log n, not n squared. */
static void infer_pbx(const struct store *st, const struct roles *ro, struct pbx_addrs *out)
{
	struct endpoint *uas = calloc(ro->nreg + 1, sizeof *uas);
	size_t n = 0;
	if (!uas)
		return;
	for (size_t j = 0; j < ro->nreg; j++) {
		const struct registration *r = store_reg(st, (uint32_t)j);
		const struct endpoint *ua = store_ep(st, r->pbx), *srv = store_ep(st, r->server);
		if (ro->reg[j].own || !ua || !ua->family || same_addr(ua, srv))
			continue;
		uas[n] = *ua;
		uas[n++].port = 0;
	}
	qsort(uas, n, sizeof *uas, addr_cmp);
	for (size_t i = 0; i < ro->nreg && out->n < PBX_ADDRS_MAX; i++) {
		const struct endpoint *srv = store_ep(st, store_reg(st, (uint32_t)i)->server);
		if (ro->reg[i].own || !srv || !srv->family || in_addrs(out, srv))
			continue;
		struct endpoint key = *srv;
		key.port = 0;
		if (n && bsearch(&key, uas, n, sizeof *uas, addr_cmp))
			pbx_addrs_add(out, srv);
	}
	free(uas);
}

static void trunk_name_of(struct trunk *t, const struct store *st, const struct profile *p)
{
	char raw[TRUNK_NAME_MAX * 2];
	const struct registration *r0 = store_reg(st, t->regs[0]);
	const char *aor = store_str(st, r0->aor);
	if (!strncasecmp(aor, "sip:", 4))
		aor += 4;
	else if (!strncasecmp(aor, "sips:", 5))
		aor += 5;
	bool one_aor = true;
	for (size_t k = 1; k < t->nreg; k++)
		one_aor &= store_reg(st, t->regs[k])->aor == r0->aor;
	if (t->named_by_profile && p->name[0])
		snprintf(raw, sizeof raw, "%s", p->name);
	else if (t->all_together)
		snprintf(raw, sizeof raw, "all %zu registration%s (no trunk told apart)%s", t->nbelong,
		         t->nbelong == 1 ? "" : "s", t->nbelong > t->nreg ? ", the first " TRUNK_REGS_MAX_TEXT " judged" : "");
	else if (one_aor)
		snprintf(raw, sizeof raw, "%s", aor);
	else
		snprintf(raw, sizeof raw, "%s (%zu registrations)",
		         r0->registrar ? store_str(st, r0->registrar) : aor, t->nreg);
	sanitize_str(t->name, sizeof t->name, raw, 0);
}

static int new_trunk(struct roles *ro)
{
	if (ro->ntrunk >= TRUNKS_MAX)
		return -1;
	struct trunk *t = &ro->trunks[ro->ntrunk];
	memset(t, 0, sizeof *t);
	t->root_cause = -1;
	return (int)ro->ntrunk++;
}

static void trunk_add(struct roles *ro, int ti, uint32_t reg)
{
	struct trunk *t = &ro->trunks[ti];
	t->nbelong++;
	if (t->nreg < TRUNK_REGS_MAX) {
		t->regs[t->nreg++] = reg;
		ro->reg[reg].trunk = ti;
	}
}

/* Trunk-role registrations grouped by registrar: one provider, one checklist. */
static void group_trunks(struct roles *ro, const struct store *st)
{
	for (size_t i = 0; i < ro->nreg; i++) {
		if (ro->reg[i].role != ROLE_TRUNK || ro->reg[i].trunk >= 0)
			continue;
		const struct registration *r = store_reg(st, (uint32_t)i);
		int ti = -1;
		for (size_t k = 0; k < ro->ntrunk && ti < 0; k++) {
			const struct trunk *t = &ro->trunks[k];
			if (t->named_by_profile || t->all_together)
				continue;
			const struct registration *r0 = store_reg(st, t->regs[0]);
			bool same = r->registrar && r0->registrar
				? host_eq(store_str(st, r->registrar), store_str(st, r0->registrar))
				: same_addr(store_ep(st, r->server), store_ep(st, r0->server));
			if (same)
				ti = (int)k;
		}
		if (ti < 0)
			ti = new_trunk(ro);
		if (ti >= 0)
			trunk_add(ro, ti, (uint32_t)i);
	}
}

void roles_free(struct roles *r)
{
	free(r->reg);
	r->reg = NULL;
	r->nreg = 0;
	r->ntrunk = 0;
	for (uint32_t i = 0; i < r->ntexts; i++)
		free(r->texts[i]);
	free(r->texts);
	r->texts = NULL;
	r->ntexts = r->captexts = 0;
	idmap_free(&r->text_map);
}

bool roles_assign(struct roles *ro, const struct store *st, const struct profile *p,
                  const struct pbx_addrs *known)
{
	roles_free(ro);
	memset(ro, 0, sizeof *ro);
	ro->nreg = store_reg_count(st);
	ro->reg = calloc(ro->nreg + 1, sizeof *ro->reg);
	if (!ro->reg)
		return false;
	ro->reg[ro->nreg].why = ro->reg[ro->nreg].verdict_text = "";
	char a1[64], a2[64];

	for (size_t i = 0; i < ro->nreg; i++) {
		const struct registration *r = store_reg(st, (uint32_t)i);
		struct reg_role_info *ri = &ro->reg[i];
		ri->trunk = -1;
		ri->why = "";
		char text[ROLE_WHY_MAX];
		ri->verdict = reg_short_verdict(st, r, text, sizeof text);
		ri->verdict_text = role_text(ro, text);
		if (store_reg_is_own(st, r)) {
			ri->own = true;
			ro->nown++;
			why(ro, ri, "trunkdoc's own test REGISTER: never judged as the PBX's");
		}
	}

	struct pbx_addrs pbx = { .n = 0 };
	const char *pbx_from = NULL;
	bool seen = known && known->n && !known->only_if_seen;
	for (size_t i = 0; known && known->n && !seen && i < ro->nreg; i++) {
		const struct registration *r = store_reg(st, (uint32_t)i);
		seen = !ro->reg[i].own && (in_addrs(known, store_ep(st, r->pbx)) || in_addrs(known, store_ep(st, r->server)));
	}
	if (seen) {
		pbx = *known;
		pbx_from = known->source ? known->source : "given";
	} else {
		infer_pbx(st, ro, &pbx);
		pbx_from = "found in the traffic: registrar for its phones, UA towards its provider";
	}
	if (pbx.n) {
		char list[ROLE_WHY_MAX] = "";
		for (size_t k = 0; k < pbx.n && k < 4; k++) {
			ep_addr_text(&pbx.a[k], a1, sizeof a1);
			size_t l = strlen(list);
			snprintf(list + l, sizeof list - l, "%s%s", k ? ", " : "", a1);
		}
		char raw[ROLE_WHY_MAX * 2];
		snprintf(raw, sizeof raw, "%s%s (%s)", list, pbx.n > 4 ? ", ..." : "", pbx_from);
		sanitize_str(ro->pbx, sizeof ro->pbx, raw, 0);
	}

	bool profile = p->user[0] || p->registrar[0];
	int named = -1;
	size_t ntrunk_role = 0;
	for (size_t i = 0; i < ro->nreg; i++) {
		const struct registration *r = store_reg(st, (uint32_t)i);
		struct reg_role_info *ri = &ro->reg[i];
		if (ri->own)
			continue;
		const struct endpoint *ua = store_ep(st, r->pbx), *srv = store_ep(st, r->server);
		ep_addr_text(ua, a1, sizeof a1);
		ep_addr_text(srv, a2, sizeof a2);
		if (profile && trunk_reg_matches_profile(st, p, r)) {
			ri->role = ROLE_TRUNK;
			why(ro, ri, "named by the trunk profile (--registrar/--user/--trunk)");
			if (named < 0 && (named = new_trunk(ro)) >= 0)
				ro->trunks[named].named_by_profile = true;
			if (named >= 0)
				trunk_add(ro, named, (uint32_t)i);
		} else if (pbx.n && in_addrs(&pbx, ua) && !in_addrs(&pbx, srv)) {
			ri->role = ROLE_TRUNK;
			why(ro, ri, "the PBX host %s registers out to %s (PBX: %s)", a1, a2, pbx_from);
		} else if (pbx.n && in_addrs(&pbx, srv)) {
			ri->role = ROLE_EXTENSION;
			why(ro, ri, "%s registers to the PBX host %s (PBX: %s)", a1, a2, pbx_from);
			ro->nextensions++;
		} else if (pbx.n) {
			why(ro, ri, "neither %s nor %s is the PBX host", a1, a2);
		}
		ntrunk_role += ri->role == ROLE_TRUNK;
	}
	group_trunks(ro, st);

	if (!ntrunk_role && !pbx.n) {
		/* No PBX to tell apart: one UA is the trunk (a capture of one UA and
		 * its registrar, as trunkdoc always judged it); several are judged
		 * together, as before roles existed. */
		const struct endpoint *only = NULL;
		bool one = true;
		size_t nother = 0;
		for (size_t i = 0; i < ro->nreg; i++) {
			if (ro->reg[i].own)
				continue;
			const struct endpoint *ua = store_ep(st, store_reg(st, (uint32_t)i)->pbx);
			nother++;
			if (!only)
				only = ua;
			else if (!same_addr(only, ua))
				one = false;
		}
		if (nother && one) {
			for (size_t i = 0; i < ro->nreg; i++) {
				if (ro->reg[i].own)
					continue;
				ro->reg[i].role = ROLE_TRUNK;
				why(ro, &ro->reg[i], "the only UA in the capture (%s): no PBX to tell apart, so its registrations are the trunk",
				    ep_addr_text(only, a1, sizeof a1));
			}
			group_trunks(ro, st);
		} else if (nother) {
			int ti = new_trunk(ro);
			if (ti >= 0)
				ro->trunks[ti].all_together = true;
			for (size_t i = 0; i < ro->nreg && ti >= 0; i++) {
				if (ro->reg[i].own)
					continue;
				why(ro, &ro->reg[i], "several UAs and no PBX found among them: judged together (give --pbx-ip to tell trunks from phones)");
				trunk_add(ro, ti, (uint32_t)i);
			}
		}
	}
	for (size_t k = 0; k < ro->ntrunk; k++)
		trunk_name_of(&ro->trunks[k], st, p);
	return !ro->texts_lost;
}

bool roles_reg_judged(const struct roles *r, uint32_t i)
{
	return r && i < r->nreg && r->reg[i].trunk >= 0;
}

bool roles_reg_is_first_trunks(const struct roles *r, uint32_t i)
{
	if (!r || i >= r->nreg)
		return false;
	if (r->ntrunk)
		return r->reg[i].trunk == 0;
	return !r->reg[i].own && r->reg[i].role != ROLE_EXTENSION;
}

const struct trunk *roles_trunk_of(const struct roles *r, uint32_t i)
{
	return roles_reg_judged(r, i) ? &r->trunks[r->reg[i].trunk] : NULL;
}

/* ---- a registration's own short verdict ---- */

static const char *status_words(uint16_t s)
{
	switch (s) {
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 408: return "Request Timeout";
	case 420: return "Bad Extension";
	case 423: return "Interval Too Brief";
	case 480: return "Temporarily Unavailable";
	case 482: return "Loop Detected";
	case 500: return "Server Internal Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 504: return "Server Time-out";
	}
	return s >= 500 ? "server error" : s >= 400 ? "refused" : "";
}

static enum verdict say(char *out, size_t outlen, enum verdict v, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum verdict say(char *out, size_t outlen, enum verdict v, const char *fmt, ...)
{
	char raw[ROLE_WHY_MAX * 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	sanitize_str(out, outlen, raw, 0);
	return v;
}

enum verdict reg_short_verdict(const struct store *st, const struct registration *r,
                               char *out, size_t outlen)
{
	unsigned challenges = 0, refused_creds = 0, realm_off = 0, sent_creds = 0;
	str_id realm = 0;
	for (uint32_t k = 0; k < r->txns_count; k++) {
		const struct sip_txn *t = reg_txn(st, r, k);
		const struct sip_msg *req = txn_request(st, t), *fin = txn_final(st, t);
		struct sip_auth cred_buf;
		const struct sip_auth *cred = req ? msg_credentials(st, req, &cred_buf) : NULL;
		if (cred) {
			sent_creds++;
			if (realm && cred->realm && cred->realm != realm)
				realm_off++;
		}
		if (fin && (fin->status == 401 || fin->status == 407)) {
			challenges++;
			refused_creds += cred != NULL;
			struct sip_auth ch_buf;
			const struct sip_auth *ch = msg_challenge(st, fin, &ch_buf);
			if (ch && ch->realm)
				realm = ch->realm;
		}
	}
	switch ((enum reg_state)r->state) {
	case REG_REGISTERED:
		if (r->granted_expires >= 0)
			return say(out, outlen, V_PASS, "registered (%d s)", r->granted_expires);
		return say(out, outlen, V_PASS, "registered");
	case REG_CHALLENGED:
		if (refused_creds && realm_off)
			return say(out, outlen, V_FAIL, "realm mismatch, %u-challenge loop", challenges);
		if (refused_creds)
			return say(out, outlen, V_FAIL, "wrong password, %u loop (%u refused)",
			           r->last_status ? r->last_status : 401, refused_creds);
		if (challenges >= 2 && !sent_creds)
			return say(out, outlen, V_FAIL, "never answers the challenge (%u)", challenges);
		return say(out, outlen, V_UNKNOWN, "challenged, answer not seen yet");
	case REG_FAILED:
		if (r->last_status == 404)
			return say(out, outlen, V_FAIL, "unknown user: 404 Not Found");
		return say(out, outlen, V_FAIL, "failed: %u %s", r->last_status, status_words(r->last_status));
	case REG_TIMED_OUT:
		return say(out, outlen, V_FAIL, "no answer from the registrar");
	case REG_EXPIRED:
		return say(out, outlen, V_WARN, "lapsed: not refreshed in time");
	case REG_TRYING:
		return say(out, outlen, V_UNKNOWN, "trying: no answer yet");
	case REG_UNREGISTERED:
		if (r->last_status >= 200 && r->last_status < 300)
			return say(out, outlen, V_PASS, "de-registered");
		return say(out, outlen, V_UNKNOWN, "not registered");
	}
	return say(out, outlen, V_UNKNOWN, "unknown");
}
