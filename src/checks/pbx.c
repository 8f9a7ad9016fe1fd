/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pbx.c - group 2, PBX configuration: does the PBX answer the challenge with
 * the right realm, username, password and algorithm, to the right registrar,
 * with an expiry the provider accepts and refreshes in time.
 *
 *   REGISTER ──> 401/407 (realm, nonce, algorithm, qop, stale)
 *   REGISTER + Authorization (realm, username, nonce, nc, response)
 *        └── recompute response from the operator's password: match / not
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hostport.h"
#include "checks/groups.h"
#include "checks/util.h"
#include "store/store.h"
#include "trunk/digest.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

#define S(id) store_str(st, (id))

/* Is this final response a digest challenge (401/407 with one we can read)? */
static bool is_challenge(const struct store *st, const struct sip_msg *fin)
{
	struct sip_auth ch;
	return fin && (fin->status == 401 || fin->status == 407) && msg_challenge(st, fin, &ch);
}

/* Did any REGISTER transaction of these registrations get a challenge?
 * Every transaction is looked at, once: a challenge early in a long
 * capture counts as much as one at its end. */
static bool any_challenge(const struct check_ctx *ctx)
{
	struct reg_walk w;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w))
		if (is_challenge(ctx->store, txn_final(ctx->store, t)))
			return true;
	return false;
}

/* ------------------------------------------------- answers the challenge */

/* Does any REGISTER of r carry credentials?  (An attempt abandoned after
 * its challenge is no fault when the PBX answers challenges elsewhere: a
 * phone rebooted, a PBX reloaded and started a new Call-ID.) */
static bool reg_sends_credentials(const struct store *st, const struct registration *r)
{
	for (uint32_t k = 0; k < r->txns_count; k++) {
		const struct sip_msg *req = txn_request(st, reg_txn(st, r, k));
		struct sip_auth cr;
		if (req && msg_credentials(st, req, &cr))
			return true;
	}
	return false;
}

/* A REGISTER copy sent this long after a response shows the response never
 * reached the PBX (one crossing it in flight is sent within a few ms). */
#define LOST_RESPONSE_MARGIN 200000

/* Pairing follows RFC 3261 §10.2 and §22.2: a challenge is answered by the
 * next REGISTER of its attempt (same Call-ID, next CSeq).  A REGISTER with
 * a new Call-ID starts a new attempt and answers nothing.  The PBX fails
 * only when, within one attempt, the REGISTER after the challenge carries
 * no (or the wrong) credentials, or when its attempts end at the challenge
 * and no REGISTER of the registration ever carries credentials. */
void eval_pbx_answers_challenge(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int answered = 0, pending = 0, unchallenged = 0, unreached = 0, abandoned_elsewhere = 0;
	int stuck = 0;                              /* attempts of a registration that never sends credentials */
	const struct sip_msg *stuck_fin = NULL;
	size_t creds_ri = SIZE_MAX;                 /* reg_sends_credentials of w.ri, computed once */
	bool creds_known = false;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct registration *r = w.r;
		const struct sip_msg *fin = txn_final(st, t);
		if (!fin)
			continue;
		if (fin->status != 401 && fin->status != 407) {
			unchallenged++;
			continue;
		}
		struct sip_auth ch_buf;
		const struct sip_auth *ch = msg_challenge(st, fin, &ch_buf);
		unsigned again = txn_copies_after(st, t, fin->time, LOST_RESPONSE_MARGIN);
		if (again) {
			/* the same request again: the challenge never reached the PBX */
			if (!unreached++)
				finding_evidence(f, fin->frame, fin->time, "%u challenge; the PBX re-sent the same REGISTER %u time%s after it: it never received it",
				                 fin->status, again, again == 1 ? "" : "s");
			continue;
		}
		const struct sip_msg *next = txn_request(st, attempt_next(st, r, w.k, NULL));
		if (!next) {
			if (creds_ri != w.ri) {
				creds_ri = w.ri;
				creds_known = reg_sends_credentials(st, r);
			}
			if (creds_known) {
				abandoned_elsewhere++;      /* this attempt stopped; others answer */
				continue;
			}
			/* a later attempt (another Call-ID) shows this one was dropped */
			const struct sip_msg *last = txn_request(st, reg_txn(st, r, r->txns_count - 1));
			bool later = last && last->time > fin->time;
			if (ctx->now - fin->time < TIMER_F_USEC && !later) {
				pending++;
				continue;
			}
			if (stuck++ < 3)
				finding_evidence(f, fin->frame, fin->time, "%u challenge, realm \"%s\"; no REGISTER of this Call-ID followed",
				                 fin->status, ch ? S(ch->realm) : "");
			stuck_fin = stuck_fin ? stuck_fin : fin;
			continue;
		}
		struct sip_auth cr_buf;
		const struct sip_auth *cr = msg_credentials(st, next, &cr_buf);
		uint8_t want = fin->status == 407 ? AUTH_PROXY_AUTHORIZATION : AUTH_AUTHORIZATION;
		if (cr && cr->kind == want) {
			if (!answered++)
				finding_evidence(f, next->frame, next->time, "%u answered with %s, username \"%s\"",
				                 fin->status, want == AUTH_AUTHORIZATION ? "Authorization" : "Proxy-Authorization",
				                 S(cr->username));
			continue;
		}
		finding_evidence(f, fin->frame, fin->time, "%u challenge, realm \"%s\"", fin->status, ch ? S(ch->realm) : "");
		finding_evidence(f, next->frame, next->time, "next REGISTER of the same Call-ID (CSeq %u) carries %s", next->cseq,
		                 cr ? "the wrong credentials header" : "no credentials");
		if (finding_raise(f, V_FAIL, "The PBX re-sends REGISTER %s after the %u challenge",
		                  cr ? "with the wrong credentials header" : "without credentials", fin->status))
			finding_advice(f, "%s", cr
				? "RFC 3261 §22.3: a 407 is answered with Proxy-Authorization, a 401 with Authorization. Update the PBX."
				: "The PBX has no credentials for this realm: enter the trunk's username and password exactly as the provider's portal shows them.");
	}
	if (finding_settled(f))
		return;
	/* One attempt left at the challenge for timer F, or several: the PBX
	 * has nothing to answer with.  (A single attempt still young is
	 * "pending" above.) */
	if (stuck) {
		struct sip_auth ch_buf;
		const struct sip_auth *ch = msg_challenge(st, stuck_fin, &ch_buf);
		if (stuck > 1)
			finding_set(f, V_FAIL, "The PBX never answers the %u challenge (realm \"%s\"): %d attempts, none with credentials",
			            stuck_fin->status, ch ? S(ch->realm) : "", stuck + pending);
		else
			finding_set(f, V_FAIL, "The PBX never answers the %u challenge (realm \"%s\")", stuck_fin->status,
			            ch ? S(ch->realm) : "");
		finding_advice(f, "The PBX has no credentials for this realm: enter the trunk's username and password (and the realm if the PBX asks for one) exactly as the provider's portal shows them.");
		return;
	}
	if (answered) {
		finding_pass(f, "The PBX answers every challenge with credentials");
	} else if (unreached) {
		finding_set(f, V_UNKNOWN, "The PBX never received the challenge: it kept re-sending the same REGISTER after the response (see net.registrar-answers)");
		finding_advice(f, "Make the responses reach the PBX first (net.registrar-answers, fw.symmetric-response).");
	} else if (pending) {
		finding_set(f, V_UNKNOWN, "The capture ends right after the challenge");
		finding_advice(f, "Capture a little longer.");
	} else if (abandoned_elsewhere) {
		finding_set(f, V_UNKNOWN, "Challenged attempts were dropped for new ones (new Call-IDs) before they were answered");
		finding_advice(f, "Capture a whole registration (restart the trunk) to see the challenge answered.");
	} else if (unchallenged) {
		finding_set(f, V_SKIPPED, "The provider did not challenge the REGISTER");
	} else {
		finding_set(f, V_UNKNOWN, "No answered REGISTER in the capture");
	}
}

/* ---------------------------------------------------------- realm match */

void eval_pbx_realm_match(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int ok = 0, creds = 0;
	const char *profile_realm = ctx->profile->realm;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct registration *r = w.r;
		const struct sip_msg *req = txn_request(st, t);
		struct sip_auth cr_buf;
		const struct sip_auth *cr = req ? msg_credentials(st, req, &cr_buf) : NULL;
		if (!cr || cr->unparseable)
			continue;
		creds++;
		const struct sip_msg *chm = attempt_challenge(st, r, w.k);
		if (!chm) {
			if (profile_realm[0] && strcmp(profile_realm, S(cr->realm))) {
				finding_evidence(f, req->frame, req->time, "Authorization realm \"%s\", profile realm \"%s\"",
				                 S(cr->realm), profile_realm);
				if (finding_raise(f, V_WARN, "The PBX answers realm \"%s\", the profile says \"%s\"", S(cr->realm), profile_realm))
					finding_advice(f, "Check which realm the provider uses; no challenge is in the capture to prove it.");
			}
			continue;
		}
		struct sip_auth ab;
		const struct sip_auth *au;
		bool match = false;
		const char *asked = "";
		for (uint16_t i = 0; i < chm->auth_count && (au = store_auth(st, chm, i, &ab)); i++) {
			if (au->kind != AUTH_WWW && au->kind != AUTH_PROXY)
				continue;
			if (!*asked)
				asked = S(au->realm);
			match |= !strcmp(S(au->realm), S(cr->realm));
		}
		if (match) {
			if (!ok++)
				finding_evidence(f, req->frame, req->time, "Authorization realm \"%s\" as challenged in frame %u",
				                 S(cr->realm), chm->frame);
			continue;
		}
		finding_evidence(f, chm->frame, chm->time, "%u challenge asks for realm \"%s\"", chm->status, asked);
		finding_evidence(f, req->frame, req->time, "REGISTER answers with realm \"%s\"", S(cr->realm));
		if (finding_raise(f, V_FAIL, "Realm mismatch (401 loop): the provider asks for \"%s\", the PBX answers \"%s\"",
		                  asked, S(cr->realm)))
			finding_advice(f, "Set the realm in the PBX's trunk settings to \"%s\" (or leave it empty so the PBX takes it from the challenge). The digest is computed over the realm, so the provider rejects every attempt until they agree (RFC 3261 §22.4).",
			               asked);
	}
	if (finding_settled(f))
		return;
	if (ok) {
		finding_pass(f, "The PBX answers with the realm it is challenged for");
	} else if (creds) {
		finding_set(f, V_UNKNOWN, "Credentials sent, but no challenge in the capture to compare the realm with");
		finding_advice(f, "Capture from the start of a registration (restart the trunk).");
	} else {
		bool any_ch = any_challenge(ctx);
		finding_set(f, any_ch ? V_UNKNOWN : (w.nreg ? V_SKIPPED : V_UNKNOWN),
		            any_ch ? "The PBX never sent credentials (see pbx.answers-challenge)"
		                   : w.nreg ? "No digest challenge: nothing to match" : "No REGISTER in the capture");
	}
}

/* --------------------------------------------------------- digest proof */

int digest_check_msg(const struct check_ctx *ctx, const struct sip_msg *req, char *why, size_t whylen)
{
	const struct store *st = ctx->store;
	struct sip_auth cr_buf;
	const struct sip_auth *cr = msg_credentials(st, req, &cr_buf);
	if (!ctx->password || !ctx->password->set) {
		snprintf(why, whylen, "no password given");
		return -1;
	}
	if (!cr || cr->unparseable || !cr->response) {
		snprintf(why, whylen, "no readable credentials");
		return -1;
	}
	/* auth-int covers the body: re-read it from the capture */
	char *raw = NULL;
	const char *body = NULL;
	size_t body_len = 0;
	if (!strcasecmp(S(cr->qop), "auth-int") && req->body_len) {
		size_t want = req->wire_len ? req->wire_len : SIP_MSG_MAX;
		raw = malloc(want);
		long got = raw ? store_msg_raw(st, txn_request_index(st, store_txn(st, req->txn)), raw, want) : -1;
		if (got < (long)req->body_len) {
			free(raw);
			snprintf(why, whylen, "the body (auth-int) could not be re-read");
			return -1;
		}
		body = raw + got - req->body_len;
		body_len = req->body_len;
	}
	char pw[SECRET_MAX + 1];
	size_t pl = ctx->password->len < SECRET_MAX ? ctx->password->len : SECRET_MAX;
	memcpy(pw, ctx->password->value, pl);
	pw[pl] = 0;
	struct digest_input in = {
		.algorithm = S(cr->algorithm), .username = S(cr->username), .realm = S(cr->realm),
		.password = pw, .method = req->method == M_OTHER ? S(store_msg_hdr(st, req)->method_str) : sip_method_name(req->method),
		.uri = S(cr->uri), .nonce = S(cr->nonce), .qop = S(cr->qop), .nc = S(cr->nc),
		.cnonce = S(cr->cnonce), .body = body, .body_len = body_len,
	};
	char out[DIGEST_HEX_MAX], err[128];
	bool ok = digest_response(&in, out, sizeof out, err, sizeof err);
	explicit_bzero(pw, sizeof pw);
	free(raw);
	if (!ok) {
		snprintf(why, whylen, "%s", err);
		return -1;
	}
	return digest_equal(out, S(cr->response)) ? 1 : 0;
}

/* The digest verdict of one registration: the latest credentials decide.
 * A password changed in the PBX (right -> wrong -> right) leaves a warning
 * about the wrong ones; the trunk still ends with the right password. */
static void digest_flush(struct finding *f, const struct store *st, const struct sip_msg *last_bad, int last_v)
{
	if (!last_bad)
		return;
	struct sip_auth cr_buf;
	const struct sip_auth *cr = msg_credentials(st, last_bad, &cr_buf);
	if (last_v == 0) {
		if (finding_raise(f, V_FAIL, "The PBX does not send the password on file (digest mismatch, user \"%s\")",
		                  S(cr->username)))
			finding_advice(f, "Re-enter the trunk password in the PBX exactly as the portal shows it (copy-paste, watch for trailing spaces), or reset it in the portal and set it in both places.");
	} else if (finding_raise(f, V_WARN, "Earlier REGISTERs carried another password (last in frame %u); the latest carries the right one",
	                         last_bad->frame)) {
		finding_advice(f, "The password was changed in the PBX during the capture, or two devices register this account: check that only the PBX with the password on file registers it.");
	}
}

void eval_pbx_digest_valid(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int match = 0, creds = 0, cannot = 0;
	char why[160] = "";
	size_t cur_ri = SIZE_MAX;
	const struct sip_msg *last_bad = NULL;   /* latest mismatch of the registration walked */
	int last_v = -1;                         /* its latest digest result */
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		if (cur_ri != w.ri) {
			digest_flush(f, st, last_bad, last_v);
			cur_ri = w.ri;
			last_bad = NULL;
			last_v = -1;
		}
		const struct sip_msg *req = txn_request(st, t);
		struct sip_auth cr_buf;
		const struct sip_auth *cr = req ? msg_credentials(st, req, &cr_buf) : NULL;
		if (!cr)
			continue;
		creds++;
		if (!ctx->password)
			continue;
		int v = digest_check_msg(ctx, req, why, sizeof why);
		if (v < 0) {
			cannot++;
			finding_evidence(f, req->frame, req->time, "cannot recompute: %s", why);
			continue;
		}
		last_v = v;
		if (v == 1) {
			if (!match++)
				finding_evidence(f, req->frame, req->time, "response %s matches (user \"%s\", realm \"%s\", %s)",
				                 S(cr->response), S(cr->username), S(cr->realm),
				                 cr->algorithm ? S(cr->algorithm) : "MD5");
		} else {
			finding_evidence(f, req->frame, req->time, "response %s does not match the password given (user \"%s\", realm \"%s\")",
			                 S(cr->response), S(cr->username), S(cr->realm));
			last_bad = req;
		}
	}
	digest_flush(f, st, last_bad, last_v);
	if (finding_settled(f))
		return;
	if (!creds) {
		finding_set(f, V_UNKNOWN, "No credentials in the capture to check");
	} else if (!ctx->password) {
		finding_set(f, V_UNKNOWN, "Give the trunk password (--ask-password, --password-file or TRUNKDOC_PASSWORD) to prove it");
		finding_advice(f, "With the password, trunkdoc recomputes the digest the PBX sent: a match proves the PBX is right and a rejection is the provider's side.");
	} else if (match) {
		finding_set(f, V_PASS, "The PBX sends the right password: the digest recomputed from it matches");
		finding_advice(f, "If the provider still rejects the REGISTER, the fault is theirs: tell them the digest for user and realm in the evidence is correct for the password on file, and ask them to check the account.");
	} else {
		finding_set(f, V_UNKNOWN, "The digest could not be recomputed: %s", why);
	}
}

/* ------------------------------------------------------- username form */

static bool looks_like_number(const char *s)
{
	size_t digits = 0;
	if (*s == '+')
		s++;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s != ' ' && *s != '-')
			return false;
	}
	return digits >= 7;
}

void eval_pbx_username_form(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	const char *want = ctx->profile->auth_user[0] ? ctx->profile->auth_user : ctx->profile->user;
	struct reg_walk w;
	int ok = 0, seen = 0;
	const char *used = NULL;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *req = txn_request(st, t);
		struct sip_auth cr_buf;
		const struct sip_auth *cr = req ? msg_credentials(st, req, &cr_buf) : NULL;
		if (!cr || cr->unparseable)
			continue;
		const char *u = S(cr->username);
		if (!seen++) {
			used = u;
			finding_evidence(f, req->frame, req->time, "Authorization username \"%s\"", u);
		}
		if (!want[0])
			continue;
		if (!strcmp(u, want)) {
			ok++;
			continue;
		}
		finding_evidence(f, req->frame, req->time, "username \"%s\", the account on file is \"%s\"", u, want);
		bool num_u = looks_like_number(u), num_w = looks_like_number(want);
		if (num_u && !num_w) {
			if (finding_raise(f, V_WARN, "The PBX authenticates as the phone number \"%s\"; the account on file is the trunk id \"%s\"", u, want))
				finding_advice(f, "Many providers authenticate with a trunk id, not the DID: set the PBX's auth username to \"%s\".", want);
		} else if (!num_u && num_w) {
			if (finding_raise(f, V_WARN, "The PBX authenticates as \"%s\"; the account on file is the number \"%s\"", u, want))
				finding_advice(f, "Set the PBX's auth username to \"%s\" as the provider's portal shows it.", want);
		} else if (finding_raise(f, V_WARN, "The PBX authenticates as \"%s\", not as the account on file \"%s\"", u, want)) {
			finding_advice(f, "Set the auth username in the PBX to \"%s\" (check the portal for the exact form: some want user@domain).", want);
		}
	}
	if (finding_settled(f))
		return;
	if (!seen) {
		finding_set(f, V_UNKNOWN, "No credentials in the capture");
	} else if (!want[0]) {
		finding_set(f, V_UNKNOWN, "The PBX authenticates as \"%s\"; give --user/--auth-user (or --trunk) to compare", used);
		finding_advice(f, "Compare it with the username the provider's portal shows.");
	} else if (ok) {
		finding_pass(f, "The PBX authenticates as the account on file (\"%s\")", want);
	}
}

/* ---------------------------------------------------- digest algorithm */

static bool list_has(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = list;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		size_t l = strcspn(p, ", \t");
		if (l == n && !strncasecmp(p, tok, n))
			return true;
		p += l;
	}
	return false;
}

static const char *alg_or_md5(const char *a)
{
	return a && *a ? a : "MD5";
}

void eval_pbx_digest_algorithm(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int checked = 0, stale_ok = 0;
	unsigned stale_ignored = 0;   /* of the registration being walked */
	size_t stale_ri = SIZE_MAX;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct registration *r = w.r;
		const struct sip_msg *req = txn_request(st, t);
		struct sip_auth cr_buf;
		const struct sip_auth *cr = req ? msg_credentials(st, req, &cr_buf) : NULL;
		const struct sip_msg *chm = attempt_challenge(st, r, w.k);
		if (stale_ri != w.ri) {
			stale_ri = w.ri;
			stale_ignored = 0;
		}
		if (!cr || cr->unparseable || !chm)
			continue;
		const char *ralg = alg_or_md5(S(cr->algorithm));
		if (!checked++)
			finding_evidence(f, req->frame, req->time, "answers the challenge of frame %u with %s%s%s, nonce \"%s\"%s%s",
			                 chm->frame, ralg, cr->qop ? ", qop=" : "", S(cr->qop), S(cr->nonce),
			                 cr->nc ? ", nc=" : "", S(cr->nc));
		struct sip_auth ab, offer_buf;
		const struct sip_auth *au, *offer = NULL;
		char offered[200] = "";
		for (uint16_t i = 0; i < chm->auth_count && (au = store_auth(st, chm, i, &ab)); i++) {
			if (au->kind != AUTH_WWW && au->kind != AUTH_PROXY)
				continue;
			const char *a = alg_or_md5(S(au->algorithm));
			snprintf(offered + strlen(offered), sizeof offered - strlen(offered), "%s%s", *offered ? ", " : "", a);
			if (!strcasecmp(a, ralg) && !offer) {
				offer_buf = *au;
				offer = &offer_buf;
			}
		}
		if (!offer) {
			finding_evidence(f, chm->frame, chm->time, "challenge offers %s", offered);
			finding_evidence(f, req->frame, req->time, "response uses %s", ralg);
			if (finding_raise(f, V_FAIL, "The PBX answers with %s; the provider offered %s", ralg, offered))
				finding_advice(f, "Update the PBX or enable %s in it (RFC 7616, RFC 8760 for SHA-256 in SIP); or ask the provider to also offer MD5.", offered);
			continue;
		}
		const char *oq = S(offer->qop), *rq = S(cr->qop);
		if (*oq && !*rq) {
			finding_evidence(f, req->frame, req->time, "challenge qop \"%s\", response without qop", oq);
			if (finding_raise(f, V_WARN, "The provider offers qop=%s, the PBX answers without qop", oq))
				finding_advice(f, "RFC 7616 §3.4: a client must use one of the offered qop values; update the PBX.");
		} else if (*rq && (!*oq || !list_has(oq, rq))) {
			finding_evidence(f, req->frame, req->time, "response qop \"%s\", challenge offered \"%s\"", rq, oq);
			if (finding_raise(f, V_FAIL, "The PBX uses qop=%s, which the provider did not offer", rq))
				finding_advice(f, "The PBX must use a qop from the challenge (RFC 7616 §3.4); update its digest settings or firmware.");
		}
		/* stale=true must be followed by the new nonce */
		if (offer->stale) {
			if (strcmp(S(cr->nonce), S(offer->nonce))) {
				finding_evidence(f, req->frame, req->time, "after stale=true (frame %u) the PBX reuses nonce \"%s\"",
				                 chm->frame, S(cr->nonce));
				/* once may be a race with a nonce the PBX had already
				 * used; twice is the PBX not reading stale=true */
				if (++stale_ignored >= 2) {
					if (finding_raise(f, V_FAIL, "The PBX ignores stale=true: %u retries with the old nonce", stale_ignored))
						finding_advice(f, "RFC 7616 §3.3: stale=true means retry with the new nonce and the same password. The PBX keeps the expired nonce, so the provider can never accept it: update the PBX's firmware or SIP stack, or restart the trunk to clear its nonce cache.");
				} else if (finding_raise(f, V_WARN, "The PBX ignores stale=true and keeps the old nonce")) {
					finding_advice(f, "RFC 7616 §3.3: stale=true means retry with the new nonce and the same password; update the PBX.");
				}
			} else if (!stale_ok++) {
				finding_evidence(f, req->frame, req->time, "stale=true in frame %u answered with the new nonce", chm->frame);
			}
		}
		/* nonce count must grow for a nonce used again */
		for (uint32_t j = w.k > 16 ? w.k - 16 : 0; *rq && j < w.k; j++) {
			const struct sip_msg *pr = txn_request(st, reg_txn(st, r, j));
			struct sip_auth pc_buf;
			const struct sip_auth *pc = pr ? msg_credentials(st, pr, &pc_buf) : NULL;
			if (!pc || strcmp(S(pc->nonce), S(cr->nonce)) || !pc->nc)
				continue;
			if (strtoul(S(cr->nc), NULL, 16) <= strtoul(S(pc->nc), NULL, 16)) {
				finding_evidence(f, req->frame, req->time, "nonce \"%s\" reused with nc=%s (frame %u had nc=%s)",
				                 S(cr->nonce), S(cr->nc), pr->frame, S(pc->nc));
				if (finding_raise(f, V_WARN, "The PBX reuses a nonce without raising the nonce count"))
					finding_advice(f, "RFC 7616 §3.4: nc must increase with every request on the same nonce, or the provider sees a replay. Update the PBX.");
			}
		}
	}
	if (finding_settled(f))
		return;
	if (checked) {
		finding_pass(f, "The PBX answers with an offered algorithm and qop%s", stale_ok ? "; stale nonces are renewed" : "");
	} else {
		finding_set(f, V_UNKNOWN, "No challenge answered in the capture");
	}
}

/* --------------------------------------------------- registrar address */

/* Does the address text appear in a DNS answer for name? */
static bool dns_maps(const struct store *st, const char *name, const char *addr)
{
	for (size_t i = 0; i < store_dns_count(st); i++) {
		const struct dns_event *d = store_dns(st, (uint32_t)i);
		if (!d->response || !host_eq(S(d->qname), name))
			continue;
		const struct dns_answer *a = store_dns_answers(st, d);
		for (uint16_t k = 0; a && k < d->answers_count; k++)
			if ((a[k].type == 1 || a[k].type == 28) && host_eq(S(a[k].data), addr))
				return true;
	}
	return false;
}

static bool same_host(const struct store *st, const char *a, const char *b)
{
	return host_eq(a, b) || dns_maps(st, a, b) || dns_maps(st, b, a);
}

void eval_pbx_registrar_address(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	char want[PROFILE_FIELD_MAX], to_host[STR_MAX], to_user[STR_MAX], from_user[STR_MAX], from_host[STR_MAX];
	uint16_t wport;
	hostport_of_uri(ctx->profile->registrar, want, sizeof want, &wport);
	const char *want_user = ctx->profile->user;
	uint32_t regs[REGS_MAX];
	size_t nreg = regs_of_interest(ctx, regs, REGS_MAX);
	int ok = 0, seen = 0;
	char first[STR_MAX] = "";
	for (size_t ri = 0; ri < nreg; ri++) {
		const struct registration *r = store_reg(st, regs[ri]);
		const struct sip_msg *req = txn_request(st, reg_txn(st, r, 0));
		if (!req)
			continue;
		const struct sip_hdrset *qh = store_msg_hdr(st, req);
		seen++;
		const char *ruri_host = S(qh->ruri_host);
		uri_host(S(qh->to_uri), to_host, sizeof to_host);
		uri_user(S(qh->to_uri), to_user, sizeof to_user);
		uri_host(S(qh->from_uri), from_host, sizeof from_host);
		uri_user(S(qh->from_uri), from_user, sizeof from_user);
		finding_evidence(f, req->frame, req->time, "REGISTER %s, To %s, From %s", S(qh->ruri), S(qh->to_uri), S(qh->from_uri));
		if (!first[0])
			snprintf(first, sizeof first, "%s", ruri_host);
		bool bad = false;
		if (want[0] && !same_host(st, want, ruri_host) && !same_host(st, want, to_host)) {
			bad = true;
			if (finding_raise(f, V_FAIL, "The PBX registers to %s, but the registrar on file is %s", ruri_host, want))
				finding_advice(f, "Set the registrar/domain in the PBX to %s (an old registrar or a typo). If the provider moved the trunk, also reset its password.", want);
		}
		if (want_user[0] && strcmp(to_user, want_user) && (!ctx->profile->auth_user[0] || strcmp(to_user, ctx->profile->auth_user))) {
			bad = true;
			if (finding_raise(f, V_FAIL, "The PBX registers the AOR user \"%s\", the account on file is \"%s\"", to_user, want_user))
				finding_advice(f, "Set the PBX's username (To/From user) to \"%s\".", want_user);
		}
		/* two URIs without a host (tel:) name no domains to differ in */
		bool hostless = S(qh->to_uri)[0] && S(qh->from_uri)[0] && !to_host[0] && !from_host[0];
		if (strcmp(to_user, from_user) || (!hostless && !host_eq(to_host, from_host))) {
			bad = true;
			if (finding_raise(f, V_WARN, "To and From name different AORs (%s@%s vs %s@%s)", to_user, to_host, from_user, from_host))
				finding_advice(f, "A trunk registers its own AOR: To and From should be the same sip:user@domain. Check the PBX's \"from user\" and \"from domain\" settings.");
		}
		if (to_host[0] && !host_eq(ruri_host, to_host) && !same_host(st, to_host, ruri_host) && !want[0]) {
			finding_evidence(f, req->frame, req->time, "Request-URI host %s differs from the To domain %s", ruri_host, to_host);
		}
		ok += !bad;
	}
	if (finding_settled(f))
		return;
	if (!seen) {
		finding_set(f, V_UNKNOWN, "No REGISTER in the capture");
	} else if (!want[0] && !want_user[0]) {
		finding_set(f, V_UNKNOWN, "The PBX registers to %s; give --registrar/--user (or --trunk) to compare", first);
		finding_advice(f, "Compare the registrar and AOR in the evidence with the provider's documentation.");
	} else if (ok) {
		finding_pass(f, "The PBX registers the account on file at the registrar on file");
	}
}

/* -------------------------------------------------------------- expires */

void eval_pbx_expires(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int accepted = 0, pending = 0, retried_ok = 0;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct registration *r = w.r;
		const struct sip_msg *req = txn_request(st, t), *fin = txn_final(st, t);
		if (!req || !fin)
			continue;
		const struct sip_msg *next = txn_request(st, reg_txn(st, r, w.k + 1));
		int32_t asked = msg_requested_expires(st, req);
		if (fin->status == 423) {
			/* the retry is the attempt's next CSeq (RFC 3261 §10.2.8);
			 * a PBX that starts over takes a new Call-ID */
			const struct sip_msg *same = txn_request(st, attempt_next(st, r, w.k, NULL));
			if (same)
				next = same;
			struct sip_msg_extra fx;
			store_msg_extra(st, fin, &fx);
			int32_t min = fx.min_expires;
			finding_evidence(f, fin->frame, fin->time, "423 Interval Too Brief to Expires %d, Min-Expires %d", asked, min);
			if (next) {
				int32_t again = msg_requested_expires(st, next);
				if (min >= 0 && again >= min) {
					retried_ok++;
					finding_evidence(f, next->frame, next->time, "retried with Expires %d", again);
				} else {
					finding_evidence(f, next->frame, next->time, "retried with Expires %d, below Min-Expires %d", again, min);
					if (finding_raise(f, V_FAIL, "After 423 the PBX retries with Expires %d, below the Min-Expires %d", again, min))
						finding_advice(f, "RFC 3261 §10.2.8: after 423 the client must retry with at least Min-Expires. Set the PBX's registration expiry to %d s or more.", min);
				}
			} else if (ctx->now - fin->time >= TIMER_F_USEC) {
				if (finding_raise(f, V_FAIL, "423 Interval Too Brief: the PBX asks for %d s, the provider wants at least %d s, and no retry follows", asked, min))
					finding_advice(f, "RFC 3261 §10.2.8: set the PBX's registration expiry to %d s or more.", min);
			} else {
				/* A 423 is the provider refusing the PBX's expiry; with no
				 * retry in the capture the expiry setting is the cause, even
				 * before timer F says the PBX gave up. */
				pending++;
				if (finding_raise(f, V_WARN, "423 Interval Too Brief: the PBX asks for %d s, the provider wants at least %d s; no retry in the capture", asked, min)) {
					f->leads = true;
					finding_advice(f, "RFC 3261 §10.2.8: set the PBX's registration expiry to %d s or more (the provider's Min-Expires), then restart the trunk.", min);
				}
			}
			continue;
		}
		if (fin->status < 200 || fin->status >= 300 || asked == 0)
			continue;
		const struct sip_contact *ours = req->contacts_count ? store_contacts(st, req) : NULL;
		int32_t granted = msg_granted_expires(st, fin, ours ? S(ours->uri) : NULL);
		if (granted < 0)
			granted = asked;
		if (granted == 0)
			continue;
		accepted++;
		finding_evidence(f, fin->frame, fin->time, "asked %d s, granted %d s", asked, granted);
		usec_t due = fin->time + (usec_t)granted * 1000000;
		if (next && next->time > due) {
			finding_evidence(f, next->frame, next->time, "next REGISTER %.0f s after the binding expired", (double)(next->time - due) / 1e6);
			if (finding_raise(f, V_FAIL, "The PBX refreshes %.0f s after the granted expiry (%d s): the binding lapses",
			                  (double)(next->time - due) / 1e6, granted))
				finding_advice(f, "The PBX must re-REGISTER before the expiry the 200 OK grants (RFC 3261 §10.2.4), even when it is shorter than asked. Lower the PBX's expiry to %d s or update it.", granted);
		} else if (!next && ctx->now > due) {
			finding_evidence(f, 0, due, "binding from frame %u expired, no re-REGISTER", fin->frame);
			if (finding_raise(f, V_FAIL, "No re-REGISTER before the granted expiry (%d s): the binding lapsed", granted))
				finding_advice(f, "The PBX must refresh before the expiry the 200 OK grants (RFC 3261 §10.2.4). Lower the PBX's expiry to %d s or less, or check why it stopped registering.", granted);
		}
	}
	if (finding_settled(f))
		return;
	if (ctx->profile->expires > 0 && (accepted || retried_ok)) {
		const struct sip_msg *req = NULL;
		for (size_t ri = 0; ri < w.nreg && !req; ri++) {
			const struct registration *r = store_reg(st, w.regs[ri]);
			req = r->txns_count ? txn_request(st, reg_txn(st, r, r->txns_count - 1)) : NULL;
		}
		int32_t asked = req ? msg_requested_expires(st, req) : -1;
		if (asked > 0 && asked != ctx->profile->expires) {
			finding_evidence(f, req->frame, req->time, "asks for %d s; the profile (%s) says %d s",
			                 asked, ctx->profile->origin[0] ? ctx->profile->origin : "profile",
			                 ctx->profile->expires);
			if (finding_raise(f, V_WARN, "The PBX asks for %d s, its configuration says %d s: the running configuration is not the one on file",
			                  asked, ctx->profile->expires))
				finding_advice(f, "Reload the PBX's SIP configuration, or check you imported the trunk it actually uses.");
			return;
		}
	}
	if (accepted || retried_ok) {
		finding_pass(f, "The expiry is accepted%s and refreshed in time (or not yet due)",
		             retried_ok ? " after the Min-Expires retry" : "");
	} else if (pending) {
		finding_set(f, V_UNKNOWN, "The capture ends right after a 423");
	} else {
		finding_set(f, V_UNKNOWN, "No registration accepted in the capture: expiry not judged");
	}
}

/* ------------------------------------------------------------ transport */


void eval_pbx_transport(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	const char *want = ctx->profile->transport;
	char host[PROFILE_FIELD_MAX];
	uint16_t want_port;
	hostport_of_uri(ctx->profile->registrar, host, sizeof host, &want_port);
	uint32_t regs[REGS_MAX];
	size_t nreg = regs_of_interest(ctx, regs, REGS_MAX);
	int seen = 0, ok = 0;
	char used[64] = "";
	for (size_t ri = 0; ri < nreg; ri++) {
		const struct registration *r = store_reg(st, regs[ri]);
		const struct sip_msg *req = txn_request(st, reg_txn(st, r, 0));
		if (!req)
			continue;
		seen++;
		const struct endpoint *d = store_ep(st, store_msg_hdr(st, req)->dst);
		uint16_t port = d ? d->port : 0;
		snprintf(used, sizeof used, "%s to port %u", transport_name(req->transport), port);
		finding_evidence(f, req->frame, req->time, "REGISTER over %s, Via SIP/2.0/%s", used, transport_name(req->via_transport));
		bool bad = false;
		if (req->via_transport && req->via_transport != req->transport &&
		    !(req->transport == TP_TCP && req->via_transport == TP_TLS)) {
			bad = true;
			if (finding_raise(f, V_FAIL, "The Via says %s but the REGISTER travels over %s", transport_name(req->via_transport), transport_name(req->transport)))
				finding_advice(f, "Responses follow the Via (RFC 3261 §18.2.2): fix the PBX's transport setting so both agree.");
		}
		if (want[0] && strcasecmp(want, transport_name(req->transport))) {
			bad = true;
			if (finding_raise(f, V_FAIL, "The PBX registers over %s, the profile says %s", transport_name(req->transport), want))
				finding_advice(f, "Set the trunk's transport in the PBX to %s as the provider requires.", want);
		}
		if (want_port && port != want_port) {
			bad = true;
			if (finding_raise(f, V_FAIL, "The PBX registers to port %u, the profile says %u", port, want_port))
				finding_advice(f, "Set the registrar port in the PBX to %u.", want_port);
		}
		ok += !bad;
	}
	if (finding_settled(f))
		return;
	if (!seen)
		finding_set(f, V_UNKNOWN, "No REGISTER in the capture");
	else if (!want[0] && !want_port) {
		finding_set(f, V_UNKNOWN, "The PBX registers over %s; give --transport (or --trunk) to compare", used);
		finding_advice(f, "Compare with the provider's documentation: UDP/TCP 5060, TLS 5061 unless they say otherwise.");
	} else if (ok) {
		finding_pass(f, "The PBX registers over %s as configured", used);
	}
}
