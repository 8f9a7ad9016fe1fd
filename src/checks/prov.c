/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * prov.c - group 3, provider and portal: how the registration ends and what
 * the provider says about it (status, reason, Warning, Retry-After), which
 * bindings it holds for the AOR, and the address it sees us from.
 *
 *   last final response ──> 2xx  pass
 *                      └──> 401/407 after credentials, 403 (ACL vs account),
 *                           404, 423, 503 (Retry-After honoured?), 5xx ...
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks/groups.h"
#include "checks/util.h"
#include "store/store.h"
#include "trunk/profile.h"

#define S(id) store_str(st, (id))

/* The address the provider saw: Via received, else the sent-by host. */
static const char *seen_address(const struct store *st, const struct sip_msg *resp)
{
	const struct sip_hdrset *h = store_msg_hdr(st, resp);
	return h->via_received ? S(h->via_received) : S(h->via_host);
}

/* A challenge to a REGISTER without credentials whose attempt has not gone
 * on yet (no next CSeq, younger than timer F): the start of a registration
 * or refresh that the capture caught half-way, not its outcome. */
static bool challenge_in_progress(const struct check_ctx *ctx, const struct registration *r, uint32_t k)
{
	const struct store *st = ctx->store;
	const struct sip_txn *t = reg_txn(st, r, k);
	const struct sip_msg *req = txn_request(st, t), *fin = txn_final(st, t);
	struct sip_auth cr;
	return req && fin && (fin->status == 401 || fin->status == 407) && !msg_credentials(st, req, &cr) &&
	       ctx->now - fin->time < TIMER_F_USEC && !attempt_next(st, r, k, NULL) &&
	       !txn_copies_after(st, t, fin->time, 200000);
}

/* The last transaction of r with a final response that asked for a binding
 * (un-REGISTERs say nothing about whether the trunk works), passing over a
 * challenge still in progress when an earlier outcome exists; NULL if none.
 * *kout gets its index. */
static const struct sip_txn *last_binding_txn(const struct check_ctx *ctx, const struct registration *r, uint32_t *kout)
{
	const struct store *st = ctx->store;
	const struct sip_txn *any = NULL, *young = NULL;
	uint32_t any_k = 0, young_k = 0;
	for (uint32_t k = r->txns_count; k-- > 0;) {
		const struct sip_txn *t = reg_txn(st, r, k);
		const struct sip_msg *req = txn_request(st, t);
		if (!req || !txn_final(st, t))
			continue;
		if (msg_requested_expires(st, req) != 0) {
			if (!young && challenge_in_progress(ctx, r, k)) {
				young = t;
				young_k = k;
				continue;
			}
			*kout = k;
			return t;
		}
		if (!any) {
			any = t;
			any_k = k;
		}
	}
	*kout = young ? young_k : any_k;
	return young ? young : any;
}

/* How often the PBX answered a stale=true challenge with the old nonce in
 * this registration (RFC 7616 §3.3). */
static unsigned stale_ignored(const struct store *st, const struct registration *r)
{
	unsigned n = 0;
	for (uint32_t k = 0; k < r->txns_count; k++) {
		const struct sip_msg *req = txn_request(st, reg_txn(st, r, k));
		struct sip_auth cr_buf;
		const struct sip_auth *cr = req ? msg_credentials(st, req, &cr_buf) : NULL;
		const struct sip_msg *ch = cr ? attempt_challenge(st, r, k) : NULL;
		struct sip_auth ab;
		const struct sip_auth *a;
		for (uint16_t i = 0; ch && i < ch->auth_count && (a = store_auth(st, ch, i, &ab)); i++)
			if ((a->kind == AUTH_WWW || a->kind == AUTH_PROXY) && a->stale && a->nonce != cr->nonce) {
				n++;
				break;
			}
	}
	return n;
}

/* Judges every 503 + Retry-After: did the next REGISTER wait long enough? */
static int retry_after_ignored(const struct store *st, const struct registration *r, struct finding *f)
{
	int ignored = 0;
	for (uint32_t k = 0; k + 1 < r->txns_count; k++) {
		const struct sip_msg *fin = txn_final(st, reg_txn(st, r, k));
		if (!fin || fin->status != 503)
			continue;
		/* the retry: the attempt's next CSeq, else the next REGISTER (a
		 * PBX that starts over on a new Call-ID) */
		const struct sip_msg *next = txn_request(st, attempt_next(st, r, k, NULL));
		if (!next)
			next = txn_request(st, reg_txn(st, r, k + 1));
		if (!next)
			continue;
		double gap = (double)(next->time - fin->time) / 1e6;
		struct sip_msg_extra fx;
		store_msg_extra(st, fin, &fx);
		if (fx.retry_after >= 0 && gap + 0.5 < fx.retry_after) {
			ignored++;
			finding_evidence(f, next->frame, next->time, "retried %.1f s after the 503, Retry-After asked %d s", gap, fx.retry_after);
		} else if (fx.retry_after >= 0) {
			finding_evidence(f, next->frame, next->time, "retried %.1f s after the 503 (Retry-After %d s honoured)", gap, fx.retry_after);
		} else {
			finding_evidence(f, next->frame, next->time, "retried %.1f s after a 503 without Retry-After", gap);
		}
	}
	return ignored;
}

static void quote_response(const struct store *st, const struct sip_msg *fin, struct finding *f)
{
	struct sip_msg_extra fx;
	store_msg_extra(st, fin, &fx);
	char extra[STR_MAX + 64] = "";
	if (fx.warning)
		snprintf(extra, sizeof extra, ", Warning: %s", S(fx.warning));
	finding_evidence(f, fin->frame, fin->time, "%u %s%s%s%s", fin->status, S(store_msg_hdr(st, fin)->reason),
	                 fx.server ? " from " : "", fx.server ? S(fx.server) : "", extra);
}

static void classify_failure(const struct check_ctx *ctx, const struct registration *r,
                             const struct sip_txn *t, struct finding *f)
{
	const struct store *st = ctx->store;
	const struct sip_msg *req = txn_request(st, t), *fin = txn_final(st, t);
	struct sip_auth cr_buf;
	const struct sip_auth *cr = msg_credentials(st, req, &cr_buf);
	const char *reason = S(store_msg_hdr(st, fin)->reason);
	unsigned code = fin->status;
	quote_response(st, fin, f);

	/* the PBX went on re-sending the same request: the response never
	 * reached it, so it says nothing about the PBX's settings */
	unsigned again = txn_copies_after(st, t, fin->time, 200000);
	if (again) {
		char from[64];
		finding_evidence(f, req->frame, req->time, "the same REGISTER sent %u times, %u after the %u arrived from %s",
		                 t->request_copies, again, code, store_ep_fmt(st, store_msg_hdr(st, fin)->src, from, sizeof from));
		if (finding_raise(f, V_FAIL, "The %u responses never reached the PBX: it kept re-sending the same REGISTER (see net.registrar-answers)", code))
			finding_advice(f, "Make the responses reach the PBX (net.registrar-answers, fw.symmetric-response); then look at the registration again.");
		return;
	}
	if (code == 401 || code == 407) {
		if (!cr) {
			if (finding_raise(f, V_FAIL, "The registration ends in %u %s: the PBX never sent credentials", code, reason))
				finding_advice(f, "See pbx.answers-challenge: configure the trunk's username and password in the PBX.");
			return;
		}
		char why[160];
		int dv = digest_check_msg(ctx, req, why, sizeof why);
		finding_evidence(f, req->frame, req->time, "credentials sent: user \"%s\", realm \"%s\"", S(cr->username), S(cr->realm));
		/* stale=true answered with the old nonce, again and again: the PBX */
		struct sip_auth ch_buf;
		const struct sip_auth *ch = msg_challenge(st, fin, &ch_buf);
		if (ch && ch->stale && stale_ignored(st, r) >= 2) {
			if (finding_raise(f, V_FAIL, "The registration ends in %u stale=true: the PBX keeps the old nonce (see pbx.digest-algorithm)", code))
				finding_advice(f, "The PBX ignores stale=true (RFC 7616 §3.3); update it or restart the trunk. Nothing to ask the provider.");
			return;
		}
		/* Without the password the loop cannot tell a wrong password in
		 * the PBX from a wrong or locked account at the provider. */
		if (dv < 0) {
			f->side_unknown = true;
			if (finding_raise(f, V_FAIL, "%u loop: the provider rejects the credentials; the PBX's credentials or the provider's account: give the password to tell which", code))
				finding_advice(f, "Give the trunk password (--ask-password, --password-file or TRUNKDOC_PASSWORD): trunkdoc recomputes the digest; a match puts the fault on the provider's account, a mismatch on the PBX's password. Until then check the username, auth username, password and realm in the PBX against the portal.");
			return;
		}
		if (finding_raise(f, V_FAIL, "The provider rejects the credentials (%u loop)%s", code,
		                  dv == 1 ? ", although the digest is right for the password on file" :
		                  ": the PBX sends another password"))
			finding_advice(f, "%s", dv == 1
				? "The PBX sends the right password (pbx.digest-valid): tell the provider their side rejects a correct digest for this user and realm; ask them to check the account, the username form and the realm."
				: "Check the username, auth username, password and realm in the PBX against the portal (see the pbx.* checks); reset the password in the portal if unsure.");
		return;
	}
	if (code == 403) {
		/* A 403 to a REGISTER with no credentials was decided before any
		 * authentication: the provider refuses the source address.  Earlier
		 * challenges (other attempts, other Call-IDs) do not change that. */
		bool first = !cr;
		const char *addr = seen_address(st, fin);
		finding_evidence(f, fin->frame, fin->time, "the provider saw us as %s%s", addr,
		                 store_msg_hdr(st, fin)->via_received ? " (Via received)" : " (Via sent-by)");
		if (first) {
			if (finding_raise(f, V_FAIL, "403 %s to a REGISTER without credentials, before any challenge: the provider refuses our address %s (IP allowlist/ACL)", reason, addr))
				finding_advice(f, "Add %s to the trunk's IP allowlist in the portal, or tell the provider: \"REGISTER from %s refused with 403 before authentication; please allow this address\".", addr, addr);
		} else if (finding_raise(f, V_FAIL, "403 %s after the digest: credentials refused or account suspended", reason)) {
			finding_advice(f, "Check the username and password against the portal and that the account is active and paid up; if pbx.digest-valid passes, ask the provider why the account refuses a correct digest.");
		}
		return;
	}
	if (code == 404) {
		if (finding_raise(f, V_FAIL, "404 %s: the provider does not know this user or domain", reason))
			finding_advice(f, "Check the username (AOR) and SIP domain in the PBX against the portal; if they match, ask the provider whether the account is provisioned.");
		return;
	}
	struct sip_msg_extra fx;
	store_msg_extra(st, fin, &fx);
	if (code == 423) {
		if (finding_raise(f, V_FAIL, "423 %s: the expiry the PBX asks for is too short (Min-Expires %d)", reason, fx.min_expires))
			finding_advice(f, "The PBX's expiry setting, not the provider (see pbx.expires): RFC 3261 §10.2.8, retry with at least Min-Expires.");
		return;
	}
	if (code == 503) {
		int ignored = retry_after_ignored(st, r, f);
		char ra[48];
		if (fx.retry_after >= 0)
			snprintf(ra, sizeof ra, " (Retry-After %d s)", fx.retry_after);
		else
			snprintf(ra, sizeof ra, " (no Retry-After)");
		if (finding_raise(f, V_FAIL, "503 %s: provider outage or limit%s%s", reason, ra,
		                  ignored ? "; the PBX retried before Retry-After" : ""))
			finding_advice(f, "%s", fx.retry_after >= 0
				? "Wait for the Retry-After time and ask the provider about the outage or a registration limit; the PBX must not retry earlier (RFC 3261 §21.5.4)."
				: "Ask the provider about an outage or a limit on registrations; quote the time and the reason phrase.");
		return;
	}
	if (code == 482 || code == 483) {
		if (finding_raise(f, V_FAIL, "%u %s: the request loops between servers", code, reason))
			finding_advice(f, "Tell the provider: the REGISTER loops (%u) inside their network; give them the Call-ID and time. Check the PBX's outbound proxy too.", code);
		return;
	}
	if (code == 408 || code == 500 || code == 504 || code == 480) {
		if (finding_raise(f, V_FAIL, "%u %s from the provider's side", code, reason))
			finding_advice(f, "A server error on the provider's side: tell them the time, the Call-ID and the response; retry later.");
		return;
	}
	if (finding_raise(f, V_FAIL, "The registration ends in %u %s", code, reason))
		finding_advice(f, "Quote the status, reason and Warning to the provider.");
}

void eval_prov_final_response(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	uint32_t regs[REGS_MAX];
	size_t nreg = regs_of_interest(ctx, regs, REGS_MAX);
	int ok = 0, undecided = 0;
	for (size_t ri = 0; ri < nreg; ri++) {
		const struct registration *r = store_reg(st, regs[ri]);
		uint32_t tk = 0;
		const struct sip_txn *t = last_binding_txn(ctx, r, &tk);
		if (!t) {
			undecided++;
			continue;
		}
		const struct sip_msg *fin = txn_final(st, t);
		if (fin->status >= 200 && fin->status < 300) {
			ok++;
			quote_response(st, fin, f);
			int ignored = retry_after_ignored(st, r, f);
			if (ignored && finding_raise(f, V_WARN, "Registered, but after a 503 the PBX retried before Retry-After"))
				finding_advice(f, "RFC 3261 §21.5.4: the PBX should wait for Retry-After; retrying early can get it blocked. Update the PBX.");
			continue;
		}
		/* stale=true at the very end: the PBX's retry with the new nonce is
		 * simply not in the capture yet (unless it has already ignored
		 * stale=true twice: then it is the PBX) */
		struct sip_auth ch_buf;
		const struct sip_auth *ch = msg_challenge(st, fin, &ch_buf);
		if ((fin->status == 401 || fin->status == 407) && ch && ch->stale &&
		    t == reg_txn(st, r, r->txns_count - 1) && ctx->now - fin->time < TIMER_F_USEC &&
		    stale_ignored(st, r) < 2) {
			finding_evidence(f, fin->frame, fin->time, "%u with stale=true ends the capture", fin->status);
			undecided++;
			continue;
		}
		if (challenge_in_progress(ctx, r, tk)) {
			finding_evidence(f, fin->frame, fin->time, "%u challenge to a new REGISTER; its answer is not in the capture yet", fin->status);
			undecided++;
			continue;
		}
		classify_failure(ctx, r, t, f);
	}
	if (finding_settled(f))
		return;
	if (ok) {
		finding_pass(f, "The registration ends in 2xx: the trunk is registered");
	} else if (undecided) {
		finding_set(f, V_UNKNOWN, "The registration has not ended yet (no final response, or a stale nonce about to be retried)");
	} else {
		finding_set(f, V_UNKNOWN, "No REGISTER in the capture");
	}
}

void eval_prov_other_bindings(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int ok = 0, empty = 0;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *req = txn_request(st, t), *fin = txn_final(st, t);
		if (!req || !fin || fin->status < 200 || fin->status >= 300 || msg_requested_expires(st, req) == 0)
			continue;
		const char *ours = req->contacts_count ? S(store_contacts(st, req)[0].uri) : "";
		const struct sip_contact *c = fin->contacts_count ? store_contacts(st, fin) : NULL;
		if (!c) {
			empty++;
			continue;
		}
		int others = 0;
		bool mine = false;
		for (uint16_t i = 0; i < fin->contacts_count; i++) {
			if (contact_uri_eq(S(c[i].uri), ours))
				mine = true;
			else
				others++;
		}
		if (!mine && others)
			others--;   /* ours, rewritten on the way (see fw.sip-alg) */
		if (!others) {
			if (!ok++)
				finding_evidence(f, fin->frame, fin->time, "200 OK lists one binding: %s", S(c[0].uri));
			continue;
		}
		for (uint16_t i = 0; i < fin->contacts_count; i++)
			if (!contact_uri_eq(S(c[i].uri), ours))
				finding_evidence(f, fin->frame, fin->time, "other binding: %s (expires %d)", S(c[i].uri), c[i].expires);
		if (finding_raise(f, V_WARN, "Another device registers this trunk: the 200 OK lists %d other binding%s",
		                  others, others == 1 ? "" : "s"))
			finding_advice(f, "Find and switch off the other device (old PBX, phone, test setup): calls may go there, and the provider may limit registrations per trunk.");
	}
	if (finding_settled(f))
		return;
	if (ok) {
		finding_pass(f, "The 200 OK lists only our binding");
	} else if (empty) {
		finding_set(f, V_UNKNOWN, "The 200 OK lists no bindings to compare");
	} else {
		finding_set(f, V_UNKNOWN, "No successful registration in the capture");
	}
}

void eval_prov_source_ip(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	const char *want = ctx->profile->public_ip;
	struct reg_walk w;
	const char *seen = NULL;
	int ok = 0;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *resp = txn_first_response(st, t);
		if (!resp)
			continue;
		const char *addr = seen_address(st, resp);
		if (!*addr)
			continue;
		if (!seen || strcmp(seen, addr)) {
			finding_evidence(f, resp->frame, resp->time, "the provider sees us as %s%s", addr,
			                 store_msg_hdr(st, resp)->via_received ? " (Via received)" : " (Via sent-by, no received)");
			seen = addr;
		}
		if (!want[0])
			continue;
		if (host_eq(addr, want)) {
			ok++;
		} else if (finding_raise(f, V_FAIL, "The provider sees us as %s, the expected public address is %s", addr, want)) {
			finding_advice(f, "Either the traffic leaves through another internet line or NAT address (fix the routing or outbound NAT), or the allowlist must change: add %s in the portal if it is the right line.", addr);
		}
	}
	if (finding_settled(f))
		return;
	if (!seen) {
		finding_set(f, V_UNKNOWN, "No response to a REGISTER shows the address the provider sees");
	} else if (!want[0]) {
		finding_set(f, V_UNKNOWN, "The provider sees us as %s; give --public-ip, or compare it with the portal's allowlist and mark it", seen);
		finding_advice(f, "Compare the address with the IP allowlist in the portal, then mark this step (--mark prov.source-ip=pass).");
	} else if (ok) {
		finding_set(f, V_PASS, "The provider sees us as %s, the expected public address", want);
		finding_advice(f, "Check the portal allowlists it (mark this step when done).");
	}
}
