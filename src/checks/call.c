/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * call.c - group 5, calls on the trunk: where an INVITE led and why.
 *
 *   every trunk call ──> judge(call) ──> fail/warn: summary, advice, evidence
 *                                   └──> pass / cut off / does not apply
 *   none failed: pass (evidence from the first calls that passed), else
 *   unknown when calls were cut off by the end of the capture, else skipped
 *
 * Each check judges one question per call and names the standard that
 * decides it: RFC 3261 (§13.2.2.4 the ACK of a 2xx, §17.1.1.3 and §13.3.1.4
 * the 64*T1 = 32 s a UAS resends its 2xx, §22 credentials), RFC 4028
 * (Session-Expires, 422 and Min-SE), RFC 3264 (offer and answer) and RFC
 * 3550 (RTP).  Statuses that are the callee's business (486 Busy Here,
 * 480, 603) are not trunk faults unless their wording says otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/call_util.h"
#include "checks/groups.h"
#include "checks/util.h"
#include "store/store.h"

#define S(id) store_str(st, (id))
#define PASS_EVIDENCE 4          /* calls quoted when every call passes */
#define INVITES_MAX 16
#define EVAL(name) void name(const struct check_ctx *ctx, struct finding *f)

/* A judge looks at one call.  It raises f (summary, advice, evidence) for
 * a warn or fail, adds evidence for a pass only when `quote` is set, and
 * returns its verdict for the call: V_SKIPPED when the question does not
 * arise in this call, V_UNKNOWN when the capture ends too soon to tell. */
typedef enum verdict (*call_judge)(const struct call_walk *w, const struct sip_call *c,
                                   struct finding *f, bool quote);

static const char *call_id(const struct store *st, const struct sip_call *c)
{
	const struct sip_dialog *d = store_dialog(st, c->dialog);
	return d ? S(d->call_id) : "";
}

/* Runs judge over the trunk's calls and settles f when nothing failed. */
static void judge_calls(const struct check_ctx *ctx, struct finding *f, call_judge judge,
                        const char *pass_text, const char *none_text)
{
	struct call_walk w;
	size_t calls = 0, pass = 0, unknown = 0;
	for (const struct sip_call *c = call_walk_first(&w, ctx); c; c = call_walk_next(&w)) {
		calls++;
		enum verdict v = judge(&w, c, f, false);
		pass += v == V_PASS;
		unknown += v == V_UNKNOWN;
	}
	if (!calls) {
		finding_set(f, V_SKIPPED, "No call (INVITE) in this capture");
		return;
	}
	if (f->verdict == V_WARN || f->verdict == V_FAIL)
		return;
	if (pass) {
		finding_set(f, V_PASS, "%s (%zu of %zu call%s)", pass_text, pass, calls, calls == 1 ? "" : "s");
		size_t quoted = 0;
		for (const struct sip_call *c = call_walk_first(&w, ctx); c && quoted < PASS_EVIDENCE; c = call_walk_next(&w))
			if (judge(&w, c, f, false) == V_PASS) {
				judge(&w, c, f, true);
				quoted++;
			}
		return;
	}
	if (unknown)
		finding_set(f, V_UNKNOWN, "The capture ends before %zu call%s could show it", unknown,
		            unknown == 1 ? "" : "s");
	else
		finding_set(f, V_SKIPPED, "%s", none_text);
}

/* "403 Forbidden, Warning: 399 sbc \"...\"" as evidence for a response. */
static void quote_final(const struct store *st, const struct sip_msg *fin, struct finding *f, const char *cid)
{
	struct sip_msg_extra x;
	store_msg_extra(st, fin, &x);
	finding_evidence(f, fin->frame, fin->time, "%u %s%s%s to the INVITE (Call-ID %s)", fin->status,
	                 S(store_msg_hdr(st, fin)->reason), x.warning ? ", Warning: " : "", x.warning ? S(x.warning) : "", cid);
}

/* The reason phrase and Warning of a response, as one text to search. */
static void response_words(const struct store *st, const struct sip_msg *fin, char *out, size_t size)
{
	struct sip_msg_extra x;
	store_msg_extra(st, fin, &x);
	char reason_hdr[STR_MAX];
	msg_header(st, fin, "Reason", 0, reason_hdr, sizeof reason_hdr);
	snprintf(out, size, "%s | %s | %s", S(store_msg_hdr(st, fin)->reason), x.warning ? S(x.warning) : "", reason_hdr);
}

static const char *const number_words[] = {
	"number", "caller", "calling", "called", "cli", "e.164", "e164", "format", "digits",
	"destination", "not allowed to call", "invalid from", "invalid to", "presentation",
	"p-asserted", "identity", "address incomplete", NULL,
};
static const char *const limit_words[] = {
	"limit", "rate", "cps", "concurrent", "channel", "capacity", "too many", "exceed",
	"simultaneous", "max call", "maximum", "overload", "congest", "throttl", "quota", "call-rate",
	"no circuit", NULL,
};

static const char *const media_words[] = {
	"media", "codec", "sdp", "payload", "rtp", "bandwidth", NULL,
};

/* Does the failure speak of the session description?  Warning codes 300-379
 * are about the SDP by definition (RFC 3261 §20.43: 300-329 its keywords, as
 * 305 "Incompatible media format"; 330-339 network services it asks for;
 * 370-379 its QoS), whatever words follow; 390-399 are miscellaneous. */
static bool failure_is_media(const struct store *st, const struct sip_msg *fin, const char *words)
{
	struct sip_msg_extra x;
	store_msg_extra(st, fin, &x);
	const char *w = x.warning ? S(x.warning) : "";
	if (w[0] == '3' && w[1] >= '0' && w[1] <= '7' && w[2] >= '0' && w[2] <= '9' && (w[3] == ' ' || w[3] == '\0'))
		return true;
	return text_has_any(words, media_words);
}

/* Does the failure speak of the number or caller ID?  Not when it speaks of
 * the media: Kamailio and most SBCs answer a codec mismatch with "488 ...,
 * Warning: 305 ... Incompatible media format", where "format" is no number
 * format. */
static bool failure_is_number(const struct store *st, const struct sip_msg *fin)
{
	char words[3 * STR_MAX];
	response_words(st, fin, words, sizeof words);
	if (fin->status == 484 || fin->status == 485 || fin->status == 404 || fin->status == 604)
		return true;
	return (fin->status == 400 || fin->status == 403 || fin->status == 416 || fin->status == 488 ||
	        fin->status == 503) && text_has_any(words, number_words) && !failure_is_media(st, fin, words);
}

/* ---- call.auth ---- */

static enum verdict judge_auth(const struct call_walk *w, const struct sip_call *c, struct finding *f, bool quote)
{
	const struct check_ctx *ctx = w->ctx;
	const struct store *st = ctx->store;
	const char *cid = call_id(st, c);
	const struct sip_msg *inv[INVITES_MAX];
	size_t n = call_invites(st, c, inv, INVITES_MAX);
	size_t challenges = 0, challenged_with_creds = 0;
	const struct sip_msg *creds = NULL;
	struct sip_auth cb;
	for (size_t i = 0; i < n; i++) {
		const struct sip_msg *fin = call_final_of(st, inv[i]);
		if (msg_credentials(st, inv[i], &cb))
			creds = inv[i];
		if (fin && (fin->status == 401 || fin->status == 407)) {
			challenges++;
			challenged_with_creds += msg_credentials(st, inv[i], &cb) != NULL;
		}
	}
	const struct sip_msg *fin = c->final != NONE_U32 ? store_msg(st, c->final) : NULL;
	if (!fin)
		return call_cut_off(ctx, c) ? V_UNKNOWN : V_SKIPPED;
	const struct sip_hdrset *fh = store_msg_hdr(st, fin);
	char why[160] = "";
	int dv = creds ? digest_check_msg(ctx, creds, why, sizeof why) : -1;
	if (fin->status == 403 && !failure_is_number(st, fin)) {
		quote_final(st, fin, f, cid);
		const char *seen = fh->via_received ? S(fh->via_received) : S(fh->via_host);
		finding_evidence(f, fin->frame, fin->time, "the provider saw us as %s%s", seen,
		                 fh->via_received ? " (Via received)" : " (Via sent-by)");
		if (!creds && !challenges) {
			if (finding_raise(f, V_FAIL, "403 to the INVITE without credentials: the provider refuses calls from our address %s (IP ACL)", seen))
				finding_advice(f, "Ask the provider to add %s to the trunk's ACL for calls, or configure the trunk for digest authentication if it uses credentials; quote the Call-ID and time from the evidence.", seen);
			return V_FAIL;
		}
		if (creds)
			finding_evidence(f, creds->frame, creds->time, "INVITE with credentials: user \"%s\", realm \"%s\"%s%s",
			                 S(msg_credentials(st, creds, &cb)->username), S(msg_credentials(st, creds, &cb)->realm),
			                 dv == 1 ? ", digest right for the password on file" : dv == 0 ? ", digest NOT from the password on file" : "",
			                 "");
		if (finding_raise(f, V_FAIL, "403 after the digest: the provider refuses the credentials for calls%s",
		                  dv == 1 ? " although the PBX sends the right password" : dv == 0 ? "; the PBX sends another password" : ""))
			finding_advice(f, "%s", dv == 1
				? "The digest is right for the password on file (RFC 3261 §22.4): ask the provider why the account may not place calls (outbound calling disabled, credit, suspended)."
				: "Check the trunk's username and password for calls against the portal (some PBXs keep separate outbound credentials); give the password (--ask-password) to prove the digest.");
		return V_FAIL;
	}
	if (fin->status == 401 || fin->status == 407) {
		quote_final(st, fin, f, cid);
		if (!creds) {
			if (finding_raise(f, V_FAIL, "The PBX never answers the INVITE's %u challenge: no credentials for calls", fin->status))
				finding_advice(f, "Configure outbound authentication for the trunk (username, password, realm) so the PBX re-sends the INVITE with Proxy-Authorization (RFC 3261 §22.2, §22.3).");
			return V_FAIL;
		}
		if (challenged_with_creds >= 1) {
			finding_evidence(f, creds->frame, creds->time, "INVITE with credentials (user \"%s\") challenged again",
			                 S(msg_credentials(st, creds, &cb)->username));
			if (finding_raise(f, V_FAIL, "%u loop on INVITE: the provider keeps challenging the credentials%s", fin->status,
			                  dv == 1 ? " although the digest is right" : dv == 0 ? ": the PBX sends another password" : ""))
				finding_advice(f, "%s", dv == 1
					? "The digest is right for the password on file: ask the provider to check the account's realm and username for calls."
					: "Check username, password and realm for outbound calls against the portal (RFC 3261 §22.2); --ask-password proves the digest.");
			return V_FAIL;
		}
	}
	if (dv == 0 && c->state == CALL_ANSWERED) {
		finding_evidence(f, creds->frame, creds->time, "INVITE digest does not match the password on file (%s)", cid);
		if (finding_raise(f, V_WARN, "Calls are accepted, but the INVITE digest is not from the password on file"))
			finding_advice(f, "The password given to trunkdoc differs from the PBX's: check which one the portal holds.");
		return V_WARN;
	}
	if (quote) {
		if (creds)
			finding_evidence(f, creds->frame, creds->time, "INVITE challenge answered (user \"%s\")%s; call %s ended %u",
			                 S(msg_credentials(st, creds, &cb)->username), dv == 1 ? ", digest right" : "", cid, fin->status);
		else
			finding_evidence(f, fin->frame, fin->time, "INVITE accepted without a challenge (IP authentication); call %s ended %u",
			                 cid, fin->status);
	}
	return V_PASS;
}

EVAL(eval_call_auth)
{
	judge_calls(ctx, f, judge_auth, "The provider accepts the trunk's INVITEs (challenge answered, or IP authentication)",
	            "No INVITE got an answer to judge");
	if (f->verdict == V_PASS || f->verdict == V_FAIL || f->verdict == V_WARN)
		if (!f->advice[0])
			finding_advice(f, "Nothing to do: the provider authenticates the trunk's calls.");
}

/* ---- call.number-format ---- */

static void quote_numbers(const struct store *st, const struct sip_msg *inv, struct finding *f, bool *any_e164, bool *all_e164)
{
	char ruri[64], from[64], pai_raw[STR_MAX], pai[64];
	uri_number(S(store_msg_hdr(st, inv)->ruri), ruri, sizeof ruri);
	uri_number(S(store_msg_hdr(st, inv)->from_uri), from, sizeof from);
	msg_header(st, inv, "P-Asserted-Identity", 0, pai_raw, sizeof pai_raw);
	uri_number(pai_raw, pai, sizeof pai);
	bool re = number_is_e164(ruri), fe = number_is_e164(from), pe = pai[0] && number_is_e164(pai);
	finding_evidence(f, inv->frame, inv->time, "called %s (%s), caller From %s (%s)%s%s%s%s",
	                 ruri[0] ? ruri : "(none)", re ? "E.164" : "not E.164", from[0] ? from : "(none)",
	                 fe ? "E.164" : "not E.164", pai[0] ? ", P-Asserted-Identity " : "", pai,
	                 pai[0] ? (pe ? " (E.164)" : " (not E.164)") : "", "");
	if (any_e164)
		*any_e164 = re || fe;
	if (all_e164)
		*all_e164 = re && fe && (!pai[0] || pe);
}

static enum verdict judge_number(const struct call_walk *w, const struct sip_call *c, struct finding *f, bool quote)
{
	const struct check_ctx *ctx = w->ctx;
	const struct store *st = ctx->store;
	const struct sip_msg *fin = c->final != NONE_U32 ? store_msg(st, c->final) : NULL;
	const struct sip_msg *inv = c->last_invite != NONE_U32 ? store_msg(st, c->last_invite) : NULL;
	if (!fin || !inv)
		return call_cut_off(ctx, c) ? V_UNKNOWN : V_SKIPPED;
	if (fin->status >= 300 && failure_is_number(st, fin)) {
		quote_final(st, fin, f, call_id(st, c));
		bool all = false;
		quote_numbers(st, inv, f, NULL, &all);
		const char *what = fin->status == 484 ? "the number is incomplete (484 Address Incomplete)"
		                 : fin->status == 404 || fin->status == 604 ? "the called number is unknown to the provider"
		                 : "the provider refuses the number or caller ID";
		if (finding_raise(f, V_FAIL, "%u %s: %s%s", fin->status, S(store_msg_hdr(st, fin)->reason), what,
		                  all ? "" : "; the numbers are not in E.164 (+CC...)"))
			finding_advice(f, "%s", all
				? "Check the dialled number and the caller ID the trunk may present (it must be one of the trunk's numbers); the reply's wording is in the evidence."
				: "Send the Request-URI, From and P-Asserted-Identity numbers in E.164 (+ country code, e.g. +441234567890) as most providers require, and a caller ID that belongs to the trunk; many PBXs have an outbound dial-plan or caller-ID rewrite for this.");
		return V_FAIL;
	}
	if (quote)
		quote_numbers(st, inv, f, NULL, NULL);
	return fin->status < 300 ? V_PASS : V_SKIPPED;
}

EVAL(eval_call_number_format)
{
	judge_calls(ctx, f, judge_number, "The provider accepts the called number and the caller ID",
	            "No call was answered or refused for its number");
	if (f->verdict == V_PASS)
		finding_advice(f, "Nothing to do: the numbers as sent are accepted.");
}

/* ---- call.codecs ---- */

static void sdp_codecs(const struct store *st, const struct sip_msg *m, char *out, size_t size)
{
	out[0] = '\0';
	size_t n;
	const struct sdp_mline *ml = store_msg_sdp(st, m, &n);
	for (size_t i = 0; ml && i < n; i++) {
		if (ml[i].kind != SDP_K_AUDIO && ml[i].kind != SDP_K_IMAGE)
			continue;
		char names[SDP_CODECS_ROOM];
		codecs_names(S(ml[i].codecs), names, sizeof names);
		size_t used = strlen(out);
		snprintf(out + used, size - used, "%s%s%s", used ? "; " : "", ml[i].port ? "" : "(refused) ", names);
	}
}

/* Do offer and answer share a codec on some audio line that was not refused? */
static bool offer_answer_share(const struct store *st, const struct sip_msg *offer, const struct sip_msg *answer)
{
	size_t no, na;
	const struct sdp_mline *o = store_msg_sdp(st, offer, &no), *a = store_msg_sdp(st, answer, &na);
	for (size_t i = 0; i < no && i < na; i++)    /* m= lines pair up by position (RFC 3264 §6) */
		if (a[i].port && o[i].kind == a[i].kind && codecs_share(S(o[i].codecs), S(a[i].codecs)))
			return true;
	return false;
}

static enum verdict judge_codecs(const struct call_walk *w, const struct sip_call *c, struct finding *f, bool quote)
{
	const struct check_ctx *ctx = w->ctx;
	const struct store *st = ctx->store;
	const struct sip_msg *fin = c->final != NONE_U32 ? store_msg(st, c->final) : NULL;
	const struct sip_msg *offer, *answer;
	call_offer_answer(st, c, &offer, &answer);
	char oc[SDP_CODECS_ROOM] = "", ac[SDP_CODECS_ROOM] = "";
	if (offer)
		sdp_codecs(st, offer, oc, sizeof oc);
	if (answer)
		sdp_codecs(st, answer, ac, sizeof ac);
	if (fin && (fin->status == 415 || fin->status == 488 || fin->status == 606) && !failure_is_number(st, fin)) {
		quote_final(st, fin, f, call_id(st, c));
		char accept[STR_MAX];
		msg_header(st, fin, "Accept", 0, accept, sizeof accept);
		if (offer)
			finding_evidence(f, offer->frame, offer->time, "offer: %s", oc[0] ? oc : "(no audio line)");
		if (accept[0])
			finding_evidence(f, fin->frame, fin->time, "the provider accepts: %s", accept);
		if (finding_raise(f, V_FAIL, "%u %s: the provider takes none of the offered codecs (%s)", fin->status,
		                  S(store_msg_hdr(st, fin)->reason), oc[0] ? oc : fin->status == 415 ? "body type refused" : "offer not seen"))
			finding_advice(f, "Offer a codec the provider supports (most trunks take G.711 PCMA/PCMU, some G.729) and no SRTP unless the trunk uses it; the offer must share a codec with what the far end accepts (RFC 3264 §6).");
		return V_FAIL;
	}
	if (!offer || !answer) {
		if (!fin)
			return call_cut_off(ctx, c) ? V_UNKNOWN : V_SKIPPED;
		return V_SKIPPED;
	}
	if (!offer_answer_share(st, offer, answer)) {
		finding_evidence(f, offer->frame, offer->time, "offer: %s", oc);
		finding_evidence(f, answer->frame, answer->time, "answer: %s", ac);
		if (finding_raise(f, V_FAIL, "The answer shares no codec with the offer (offer %s; answer %s)", oc, ac))
			finding_advice(f, "An answer must pick from the offer's codecs (RFC 3264 §6.1): this side cannot decode what the other sends. Align the codec lists of the PBX and the trunk.");
		return V_FAIL;
	}
	if (quote)
		finding_evidence(f, answer->frame, answer->time, "offer %s, answer %s", oc, ac);
	return V_PASS;
}

EVAL(eval_call_codecs)
{
	judge_calls(ctx, f, judge_codecs, "Offer and answer share a codec",
	            "No offer and answer seen (no SDP in the calls)");
	if (f->verdict == V_PASS)
		finding_advice(f, "Nothing to do: the codecs agree (RFC 3264).");
}

/* ---- call.session-timer ---- */

static long header_seconds(const char *v)
{
	return v[0] >= '0' && v[0] <= '9' ? strtol(v, NULL, 10) : -1;
}

static enum verdict judge_timer(const struct call_walk *w, const struct sip_call *c, struct finding *f, bool quote)
{
	const struct check_ctx *ctx = w->ctx;
	const struct store *st = ctx->store;
	const struct sip_msg *inv[INVITES_MAX];
	size_t n = call_invites(st, c, inv, INVITES_MAX);
	const char *cid = call_id(st, c);
	bool had_422 = false;
	for (size_t i = 0; i < n; i++) {
		const struct sip_msg *fin = call_final_of(st, inv[i]);
		if (!fin || fin->status != 422)
			continue;
		had_422 = true;
		char v[64], se[64];
		long min_se = header_seconds(msg_header(st, fin, "Min-SE", 0, v, sizeof v));
		long asked = header_seconds(msg_header(st, inv[i], "Session-Expires", 'x', se, sizeof se));
		finding_evidence(f, fin->frame, fin->time, "422 %s: Session-Expires %ld too small, Min-SE %ld (Call-ID %s)",
		                 S(store_msg_hdr(st, fin)->reason), asked, min_se, cid);
		if (i + 1 < n) {
			long retry = header_seconds(msg_header(st, inv[i + 1], "Session-Expires", 'x', se, sizeof se));
			if (min_se > 0 && retry >= min_se)
				continue;   /* RFC 4028 §7.4: retried at Min-SE or more */
			finding_evidence(f, inv[i + 1]->frame, inv[i + 1]->time, "retried with Session-Expires %ld, below Min-SE %ld", retry, min_se);
		}
		if (finding_raise(f, V_FAIL, "422 Session Interval Too Small: the provider wants Min-SE %ld s and the PBX %s", min_se,
		                  i + 1 < n ? "retried below it" : "did not retry"))
			finding_advice(f, "Raise the PBX's session timer (Session-Expires / session-expires, Min-SE) to at least %ld s, or let it retry with the Min-SE the 422 gives (RFC 4028 §6 and §7.4); 1800 s is the usual value.", min_se > 0 ? min_se : 1800);
		return V_FAIL;
	}
	const struct sip_msg *fin = c->final != NONE_U32 ? store_msg(st, c->final) : NULL;
	if (!fin)
		return call_cut_off(ctx, c) ? V_UNKNOWN : V_SKIPPED;
	if (fin->status >= 300)
		return V_SKIPPED;
	if (quote) {
		char se[64];
		msg_header(st, fin, "Session-Expires", 'x', se, sizeof se);
		finding_evidence(f, fin->frame, fin->time, "call %s answered%s%s%s", cid,
		                 had_422 ? " after a 422 and a retry at Min-SE" : "",
		                 se[0] ? ", Session-Expires " : ", no session timer", se);
	}
	return V_PASS;
}

EVAL(eval_call_session_timer)
{
	judge_calls(ctx, f, judge_timer, "The session timer is accepted (no 422, or a retry at Min-SE)",
	            "No call was answered or refused for its session timer");
	if (f->verdict == V_PASS)
		finding_advice(f, "Nothing to do: the session interval is accepted (RFC 4028).");
}

/* ---- call.ack ---- */

/* Copies of the answer `ok` (same CSeq, a 2xx) seen after the ACK, and the
 * BYE that ended the call, if any. */
static unsigned ok_copies_after(const struct store *st, const struct sip_call *c, const struct sip_msg *ok,
                                const struct sip_msg *ack, const struct sip_msg **bye)
{
	const struct sip_dialog *d = store_dialog(st, c->dialog);
	const uint32_t *ids = d ? store_dialog_msgs(st, d) : NULL;
	unsigned n = 0;
	for (uint32_t k = 0; ids && k < d->msgs_count; k++) {
		const struct sip_msg *m = store_msg(st, ids[k]);
		if (m->time <= ack->time)
			continue;
		if (m->status >= 200 && m->status < 300 && m->cseq == ok->cseq && m->cseq_method == ok->cseq_method)
			n++;
	}
	*bye = c->bye != NONE_U32 ? store_msg(st, c->bye) : NULL;
	return n;
}

static enum verdict judge_ack(const struct call_walk *w, const struct sip_call *c, struct finding *f, bool quote)
{
	const struct check_ctx *ctx = w->ctx;
	const struct store *st = ctx->store;
	if (c->state != CALL_ANSWERED && c->state != CALL_DROPPED)
		return c->state == CALL_SETUP && call_cut_off(ctx, c) ? V_UNKNOWN : V_SKIPPED;
	const struct sip_msg *ok = store_msg(st, c->final);
	const char *cid = call_id(st, c);
	const struct sip_contact *ct = ok->contacts_count ? store_contacts(st, ok) : NULL;
	struct sip_msg_extra ox;
	store_msg_extra(st, ok, &ox);
	if (c->ack == NONE_U32) {
		if (c->state != CALL_DROPPED)
			return call_cut_off(ctx, c) ? V_UNKNOWN : V_PASS;
		finding_evidence(f, ok->frame, ok->time, "%u %s answers the call (Call-ID %s)%s%s", ok->status, S(store_msg_hdr(st, ok)->reason), cid,
		                 ct ? ", Contact " : "", ct ? S(ct->uri) : "");
		if (c->ok_copies > 1)
			finding_evidence(f, ok->frame, ok->time, "the 2xx was sent %u times: no ACK reached its sender", c->ok_copies);
		double after = 0;
		if (c->bye != NONE_U32) {
			const struct sip_msg *bye = store_msg(st, c->bye);
			after = (double)(bye->time - c->answered) / 1e6;
			finding_evidence(f, bye->frame, bye->time, "BYE %.1f s after the answer", after);
		}
		if (finding_raise(f, V_FAIL, "No ACK for the 200 OK%s: the call is dropped%s", c->ok_copies > 1 ? " (resent)" : "",
		                  after > 28 && after < 40 ? " about 32 s after the answer" : ""))
			finding_advice(f, "The ACK must reach the 2xx's Contact (through its Record-Route) (RFC 3261 §13.2.2.4); the UAS resends the 2xx for 64*T1 = 32 s and then ends the call (§13.3.1.4, §17.1.1.3). Check the PBX's NAT settings (a private Contact or a wrong external address sends the ACK astray) and that the firewall passes the ACK; disable SIP ALG.");
		return V_FAIL;
	}
	const struct sip_msg *ack = store_msg(st, c->ack);
	const struct sip_hdrset *ah = store_msg_hdr(st, ack);
	/* An ACK sent is not an ACK received: the UAS stops resending its 2xx
	 * once the ACK reaches it (RFC 3261 §13.3.1.4), so copies that keep
	 * coming after the ACK (one may cross it) say it never arrived, and
	 * the call ends 64*T1 = 32 s after the answer. */
	const struct sip_msg *late_bye = NULL;
	unsigned after_ack = ok_copies_after(st, c, ok, ack, &late_bye);
	bool lost = after_ack >= 2;
	bool dropped = c->state == CALL_DROPPED || lost;
	/* the ACK's Request-URI is the remote target, the 2xx's Contact,
	 * whatever the Record-Route (RFC 3261 §12.2.1.1, §13.2.2.4) */
	bool astray = ct && !ct->star && !contact_uri_eq(S(ah->ruri), S(ct->uri));
	if (astray || lost) {
		if (ct)
			finding_evidence(f, ok->frame, ok->time, "2xx Contact %s%s%s", S(ct->uri), ox.record_route ? ", Record-Route " : "",
			                 ox.record_route ? S(ox.record_route) : "");
		finding_evidence(f, ack->frame, ack->time, "ACK sent to %s (Call-ID %s)", S(ah->ruri), cid);
		if (lost)
			finding_evidence(f, ok->frame, ok->time, "the 2xx was resent %u times after the ACK: the ACK did not reach its sender", after_ack);
		if (lost && late_bye)
			finding_evidence(f, late_bye->frame, late_bye->time, "BYE %.1f s after the answer",
			                 (double)(late_bye->time - c->answered) / 1e6);
		if (astray) {
			if (finding_raise(f, dropped ? V_FAIL : V_WARN,
			                  "The ACK goes to %s, not to the 2xx's Contact %s%s", S(ah->ruri), S(ct->uri),
			                  dropped ? ": the call is dropped" : ""))
				finding_advice(f, "Send the ACK to the 2xx's Contact through its Record-Route (RFC 3261 §13.2.2.4); a PBX that ignores the Contact loses the call after 32 s when the ACK does not arrive (§17.1.1.3). Check the PBX's outbound proxy and NAT settings, and disable SIP ALG.");
		} else if (finding_raise(f, V_FAIL, "The ACK is sent but never arrives: the 200 OK keeps coming, the call is dropped")) {
			finding_advice(f, "The ACK leaves the PBX to the right target but does not reach the far end (RFC 3261 §13.3.1.4: the 2xx is resent until it does, for 32 s): a firewall, NAT or SIP ALG on the way drops or mangles it. Disable SIP ALG and check the path of in-dialog requests to the Record-Route.");
		}
		return dropped ? V_FAIL : V_WARN;
	}
	if (c->ok_copies >= 3) {
		finding_evidence(f, ack->frame, ack->time, "ACK only after %u copies of the 2xx (Call-ID %s)", c->ok_copies, cid);
		if (finding_raise(f, V_WARN, "The ACK arrives late: the 2xx was resent %u times first", c->ok_copies - 1))
			finding_advice(f, "Packet loss or a slow path between the PBX and the provider; the call survives while the ACK arrives within 32 s (RFC 3261 §13.3.1.4).");
		return V_WARN;
	}
	if (quote)
		finding_evidence(f, ack->frame, ack->time, "ACK for the %u (Call-ID %s) to %s", ok->status, cid, S(ah->ruri));
	return V_PASS;
}

EVAL(eval_call_ack)
{
	judge_calls(ctx, f, judge_ack, "Every answered call is acknowledged", "No call was answered");
	if (f->verdict == V_PASS)
		finding_advice(f, "Nothing to do: the 2xx is acknowledged (RFC 3261 §13.2.2.4).");
}

/* ---- call.media-address ---- */

static enum verdict judge_media(const struct call_walk *w, const struct sip_call *c, struct finding *f, bool quote)
{
	const struct check_ctx *ctx = w->ctx;
	const struct store *st = ctx->store;
	const struct sip_dialog *d = store_dialog(st, c->dialog);
	const uint32_t *ids = store_dialog_msgs(st, d);
	bool any = false;
	enum verdict worst = V_SKIPPED;
	/* the address the provider sees our requests from (Via received): a
	 * private one means no NAT between us (a private interconnect), where
	 * a private c= is reachable */
	bool seen_private = false;
	for (uint32_t k = 0; k < d->msgs_count && !seen_private; k++) {
		const struct sip_msg *m = store_msg(st, ids[k]);
		if (m->status && store_msg_hdr(st, m)->via_received)
			seen_private = addr_class_private(addr_classify(S(store_msg_hdr(st, m)->via_received)));
	}
	str_id quoted_addr = 0;
	uint16_t quoted_port = 0;
	ep_id quoted_src = 0;
	for (uint32_t k = 0; k < d->msgs_count; k++) {
		const struct sip_msg *m = store_msg(st, ids[k]);
		size_t n;
		const struct sdp_mline *ml = store_msg_sdp(st, m, &n);
		if (!ml || (m->flags & MF_RETRANS))
			continue;
		for (size_t i = 0; i < n; i++) {
			if (!ml[i].port || (ml[i].flags & (SDPF_HOLD | SDPF_NO_ADDR)))
				continue;
			any = true;
			enum addr_class cl = addr_classify(S(ml[i].addr));
			bool peer_public = addr_class_public(addr_classify_ep(store_ep(st, store_msg_hdr(st, m)->dst)));
			if (!addr_class_private(cl) || !peer_public)
				continue;
			bool ours = !call_ep_is_provider(w, c, store_msg_hdr(st, m)->src);
			if (ours && seen_private)
				continue;
			/* the same offer re-sent after a 407 or 422 (a new
			 * transaction, same c= and port) is quoted once */
			if (worst == V_FAIL && ml[i].addr == quoted_addr && ml[i].port == quoted_port && store_msg_hdr(st, m)->src == quoted_src)
				continue;
			quoted_addr = ml[i].addr;
			quoted_port = ml[i].port;
			quoted_src = store_msg_hdr(st, m)->src;
			char src[64];
			store_ep_fmt(st, store_msg_hdr(st, m)->src, src, sizeof src);
			finding_evidence(f, m->frame, m->time, "%s from %s: c=%s port %u (%s) sent to a public address (Call-ID %s)",
			                 m->status ? "answer" : "offer", src, S(ml[i].addr), ml[i].port,
			                 cl == ADDR_CGNAT ? "RFC 6598" : cl == ADDR_ULA ? "ULA" : "private", call_id(st, c));
			if (finding_raise(f, V_FAIL, "%s SDP gives the private address %s for media: one-way or no audio",
			                  ours ? "The PBX's" : "The provider's", S(ml[i].addr)))
				finding_advice(f, "%s", ours
					? "Set the PBX's external media address (e.g. Asterisk external_media_address / externip, FreeSWITCH ext-rtp-ip) to the public address, and forward its RTP port range; the far end sends RTP where c= says (RFC 4566 §5.7, RFC 3264 §5)."
					: "The provider's SDP names a private address: tell the provider (quote the frame); their SBC must put its public media address in c= (RFC 4566 §5.7).");
			worst = V_FAIL;
		}
	}
	if (worst == V_FAIL)
		return V_FAIL;
	if (!any)
		return call_cut_off(ctx, c) ? V_UNKNOWN : V_SKIPPED;
	if (quote) {
		const struct sip_msg *offer, *answer;
		call_offer_answer(st, c, &offer, &answer);
		for (int s = 0; s < 2; s++) {
			const struct sip_msg *m = s ? answer : offer;
			size_t n;
			const struct sdp_mline *ml = m ? store_msg_sdp(st, m, &n) : NULL;
			if (ml && n)
				finding_evidence(f, m->frame, m->time, "%s: c=%s port %u", s ? "answer" : "offer", S(ml[0].addr), ml[0].port);
		}
	}
	return V_PASS;
}

EVAL(eval_call_media_address)
{
	judge_calls(ctx, f, judge_media, "The SDP media addresses are reachable",
	            "No SDP with a media address in the calls");
	if (f->verdict == V_PASS)
		finding_advice(f, "Nothing to do: c= carries addresses the far end can send to.");
}

/* ---- call.limits ---- */

/* Calls of the trunk that were up (answered, not yet ended) at time t. */
static size_t calls_up_at(const struct check_ctx *ctx, usec_t t)
{
	struct call_walk w;
	size_t n = 0;
	for (const struct sip_call *c = call_walk_first(&w, ctx); c; c = call_walk_next(&w))
		if ((c->state == CALL_ANSWERED || c->state == CALL_DROPPED) && c->answered <= t && (!c->ended || c->ended > t))
			n++;
	return n;
}

static enum verdict judge_limits(const struct call_walk *w, const struct sip_call *c, struct finding *f, bool quote)
{
	const struct check_ctx *ctx = w->ctx;
	const struct store *st = ctx->store;
	const struct sip_msg *fin = c->final != NONE_U32 ? store_msg(st, c->final) : NULL;
	if (!fin)
		return call_cut_off(ctx, c) ? V_UNKNOWN : V_SKIPPED;
	unsigned code = fin->status;
	char words[3 * STR_MAX];
	response_words(st, fin, words, sizeof words);
	bool limit = text_has_any(words, limit_words);
	struct sip_msg_extra x;
	store_msg_extra(st, fin, &x);
	if ((code == 503 || code == 480 || code == 486 || code == 403 || code == 603 || code == 500) && limit) {
		quote_final(st, fin, f, call_id(st, c));
		size_t up = calls_up_at(ctx, fin->time);
		finding_evidence(f, fin->frame, fin->time, "%zu other call%s of the trunk up at that moment%s%d s",
		                 up, up == 1 ? "" : "s", x.retry_after >= 0 ? ", Retry-After " : "",
		                 x.retry_after >= 0 ? x.retry_after : 0);
		if (finding_raise(f, V_FAIL, "%u %s: the provider refuses the call for a limit (call rate or concurrent calls), %zu call%s up",
		                  code, S(store_msg_hdr(st, fin)->reason), up, up == 1 ? "" : "s"))
			finding_advice(f, "Ask the provider for the trunk's channel and calls-per-second limits and compare them with the calls up at that moment; raise the limit or pace the PBX's outbound calls. Honour Retry-After before trying again (RFC 3261 §21.5.4).");
		return V_FAIL;
	}
	if (code == 503) {
		quote_final(st, fin, f, call_id(st, c));
		size_t up = calls_up_at(ctx, fin->time);
		finding_evidence(f, fin->frame, fin->time, "%zu other call%s of the trunk up at that moment", up, up == 1 ? "" : "s");
		if (finding_raise(f, V_WARN, "503 %s to a call%s: the provider is unavailable or at a limit",
		                  S(store_msg_hdr(st, fin)->reason), x.retry_after >= 0 ? " with Retry-After" : ""))
			finding_advice(f, "A 503 without wording can be an outage or a call limit: ask the provider, quoting the time and Call-ID; honour Retry-After (RFC 3261 §21.5.4).");
		return V_WARN;
	}
	if (quote) {
		if (code == 486 || code == 480 || code == 600 || code == 603)
			finding_evidence(f, fin->frame, fin->time, "%u %s: the callee's answer, not a trunk limit (Call-ID %s)", code, S(store_msg_hdr(st, fin)->reason), call_id(st, c));
		else
			finding_evidence(f, fin->frame, fin->time, "call %s ended %u, no limit", call_id(st, c), code);
	}
	return V_PASS;
}

EVAL(eval_call_limits)
{
	judge_calls(ctx, f, judge_limits, "No call refused for a call-rate or concurrent-call limit",
	            "No call got a final answer");
	if (f->verdict == V_PASS)
		finding_advice(f, "Nothing to do: no limit reached (a 486 Busy Here is the callee's, not the trunk's).");
}

/* ---- call.rtp-both-ways ---- */

/* The first audio m= line of an SDP body that was not refused. */
static const struct sdp_mline *audio_line(const struct store *st, const struct sip_msg *m)
{
	size_t n;
	const struct sdp_mline *ml = m ? store_msg_sdp(st, m, &n) : NULL;
	for (size_t i = 0; ml && i < n; i++)
		if (ml[i].kind == SDP_K_AUDIO && ml[i].port)
			return &ml[i];
	return NULL;
}

static bool same_address(const struct endpoint *a, const struct endpoint *b)
{
	return a && b && a->family == b->family && !memcmp(a->addr, b->addr, a->family == 6 ? 16 : 4);
}

/* RTP packets of the call's streams that reach side S, whose SDP gave
 * media endpoint `to` in a message sent from `sig`; `from` is the other
 * side's media endpoint.  A stream reaches S when it goes to `to`, or to
 * `to`'s port at S's signalling address or from the other side (a capture
 * on a PBX behind NAT sees its private address where the SDP names the
 * public one).  Packets from the other side to S's address at another port
 * are counted apart (*other, that port in *port). */
static uint32_t packets_to(const struct store *st, const struct sip_call *c, ep_id to, ep_id sig, ep_id from,
                           uint32_t *other, uint16_t *port, const struct rtp_stream **first)
{
	size_t n;
	const uint32_t *ids = store_call_streams(st, c, &n);
	uint32_t pk = 0;
	const struct endpoint *want = store_ep(st, to), *sig_ep = store_ep(st, sig);
	for (size_t i = 0; i < n; i++) {
		const struct rtp_stream *r = store_rtp(st, ids[i]);
		if (!r || (r->flags & RTPF_RTCP))
			continue;
		const struct endpoint *dst = store_ep(st, r->dst);
		bool at_s = same_address(dst, want) || same_address(dst, sig_ep);
		if (r->dst == to || (dst->port == want->port && (r->src == from || at_s))) {
			pk += r->packets;
			if (!*first)
				*first = r;
		} else if (at_s && r->src == from) {
			*other += r->packets;
			*port = dst->port;
		}
	}
	return pk;
}

static bool any_rtp(const struct store *st)
{
	for (size_t i = 0; i < store_rtp_count(st); i++)
		if (!(store_rtp(st, (uint32_t)i)->flags & RTPF_RTCP))
			return true;
	return false;
}

static enum verdict judge_rtp(const struct call_walk *w, const struct sip_call *c, struct finding *f, bool quote)
{
	const struct check_ctx *ctx = w->ctx;
	const struct store *st = ctx->store;
	if (c->state != CALL_ANSWERED && c->state != CALL_DROPPED)
		return c->state == CALL_SETUP && call_cut_off(ctx, c) ? V_UNKNOWN : V_SKIPPED;
	const struct sip_msg *offer, *answer;
	call_offer_answer(st, c, &offer, &answer);
	const struct sdp_mline *o = audio_line(st, offer), *a = audio_line(st, answer);
	if (!o || !a || !o->ep || !a->ep)
		return V_SKIPPED;                 /* no negotiated audio to look for */
	if ((o->flags | a->flags) & SDPF_HOLD || o->dir == SDP_INACTIVE || a->dir == SDP_INACTIVE)
		return V_SKIPPED;
	usec_t end = c->ended ? c->ended : ctx->now;
	if (end - c->answered < 2000000)
		return c->ended ? V_SKIPPED : V_UNKNOWN;   /* too short to expect media */
	if (!any_rtp(st))
		return V_UNKNOWN;                 /* the capture holds no RTP at all: said once, below */
	const char *cid = call_id(st, c);
	char oe[64], ae[64];
	store_ep_fmt(st, o->ep, oe, sizeof oe);
	store_ep_fmt(st, a->ep, ae, sizeof ae);
	uint32_t other_o = 0, other_a = 0;
	uint16_t port_o = 0, port_a = 0;
	const struct rtp_stream *so = NULL, *sa = NULL;
	uint32_t to_offerer = packets_to(st, c, o->ep, store_msg_hdr(st, offer)->src, a->ep, &other_o, &port_o, &so);
	uint32_t to_answerer = packets_to(st, c, a->ep, store_msg_hdr(st, answer)->src, o->ep, &other_a, &port_a, &sa);
	/* directions the SDP asked for: a sendonly offerer receives nothing */
	bool want_o = o->dir != SDP_SENDONLY && a->dir != SDP_RECVONLY;
	bool want_a = a->dir != SDP_SENDONLY && o->dir != SDP_RECVONLY;
	bool miss_o = want_o && !to_offerer, miss_a = want_a && !to_answerer;
	if (!miss_o && !miss_a) {
		if (quote) {
			const struct rtp_stream *r = so ? so : sa;
			finding_evidence(f, r ? r->first_frame : 0, r ? r->first : 0,
			                 "call %s: %u RTP packets to %s (offer), %u to %s (answer)", cid, to_offerer, oe, to_answerer, ae);
		}
		return V_PASS;
	}
	const struct rtp_stream *seen = so ? so : sa;
	if (seen)
		finding_evidence(f, seen->first_frame, seen->first, "call %s: %u RTP packets to %s (offer's c=/m=), %u to %s (answer's)",
		                 cid, to_offerer, oe, to_answerer, ae);
	else
		finding_evidence(f, offer->frame, offer->time, "call %s: no RTP to %s (offer) nor to %s (answer)", cid, oe, ae);
	if ((miss_o && other_o) || (miss_a && other_a)) {
		uint16_t port = miss_o && other_o ? port_o : port_a;
		if (finding_raise(f, V_FAIL, "RTP goes to port %u, not to the port the SDP negotiated (%s): one-way or no audio",
		                  port, miss_o && other_o ? oe : ae))
			finding_advice(f, "RTP must go to the address and port of the other side's SDP (RFC 3264 §5, RFC 3550 §11); a NAT or SIP ALG that rewrites ports breaks this: disable SIP ALG and forward the PBX's RTP range.");
		return V_FAIL;
	}
	if (miss_o && miss_a) {
		if (finding_raise(f, V_FAIL, "No RTP either way for an answered call: no audio"))
			finding_advice(f, "Neither side's RTP reached the addresses the SDP negotiated: check the firewall's RTP port range both ways and the media addresses (call.media-address); RFC 3550 streams must flow both ways for a two-way call.");
		return V_FAIL;
	}
	const char *silent = miss_o ? oe : ae;
	if (finding_raise(f, V_FAIL, "One-way audio: RTP flows to %s but none reaches %s", miss_o ? ae : oe, silent))
		finding_advice(f, "Media reaches one side only: the missing direction (to %s) is blocked or sent elsewhere. Open the RTP port range for inbound UDP on the firewall, check the SDP addresses (call.media-address) and disable SIP ALG (RFC 3264 §5, RFC 3550).", silent);
	return V_FAIL;
}

EVAL(eval_call_rtp_both_ways)
{
	judge_calls(ctx, f, judge_rtp, "RTP flows both ways on the negotiated addresses and ports",
	            "No answered call with negotiated audio");
	if (f->verdict == V_UNKNOWN && !any_rtp(ctx->store) && store_call_count(ctx->store)) {
		finding_set(f, V_UNKNOWN, "No RTP in this capture (was it filtered to SIP only?)");
		/* a 'port 5060' filter (tcpdump's, sngrep's, or one given to
		 * trunkdoc -i) keeps no RTP; trunkdoc -i's default filter does */
		finding_advice(f, "Capture again with the RTP included to judge the audio: no 'port 5060'-only filter (trunkdoc -i with no filter keeps RTP; with a filter of your own, add e.g. 'or udp').");
	} else if (f->verdict == V_PASS) {
		finding_advice(f, "Nothing to do: media flows both ways (RFC 3550).");
	}
}
