/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * export_carrier.c - "For the carrier": what a carrier engineer reads first.
 *
 *   Account <AOR> on trunk <name>, registering at <registrar>.
 *   [masked addresses]
 *   <whose side> <summary> (check `id`).
 *   **The fault**: one paragraph: the messages with UTC time, addresses,
 *       Call-ID, CSeq, the response (or that none came) and the frames;
 *       for a call check, in the carrier's terms (ACL, E.164, codecs
 *       offered and answered, Min-SE, the ACK and the 32 s drop, the SDP
 *       address, RTP per direction, Retry-After)
 *   [the provider's side or the path: the evidence list, digest, portal marks]
 *   [other failing call checks, one paragraph each]
 *
 * Built from the store and the findings' evidence frames, never from the
 * checks' advice: the helpdesk's steps (router settings, trunkdoc's own
 * options and keys) stay in the checklist.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "checks/call_util.h"
#include "report/export_carrier.h"
#include "report/export_md.h"
#include "report/export_md_put.h"
#include "report/pcapout.h"
#include "report/redact.h"
#include "store/store.h"

#define FAULT_MSGS_MAX 3          /* messages quoted in one fault paragraph */
#define HDR_ROOM 256

/* ---- whose account, which trunk ---- */

static const struct registration *first_trunk_reg(const struct app *a)
{
	const struct store *st = a->store;
	size_t n = store_reg_count(st);
	for (size_t i = 0; i < n; i++)
		if (roles_reg_is_first_trunks(&a->roles, (uint32_t)i))
			return store_reg(st, (uint32_t)i);
	return n ? store_reg(st, 0) : NULL;
}

static struct check_ctx call_ctx(const struct app *a)
{
	return (struct check_ctx){
		.store = a->store, .profile = &a->profile, .now = a->now,
		.trunk = a->roles.ntrunk ? &a->roles.trunks[0] : NULL,
	};
}

/* Our side of a trunk call: the caller of an outbound call, else the callee. */
static const struct sip_call *first_trunk_call(const struct app *a, struct call_walk *w,
                                               const struct check_ctx *ctx)
{
	return a->store ? call_walk_first(w, ctx) : NULL;
}

static void account_line(FILE *f, const struct md_ctx *c)
{
	const struct app *a = c->a;
	const struct store *st = a->store;
	const struct registration *reg = first_trunk_reg(a);
	struct check_ctx ctx = call_ctx(a);
	struct call_walk w;
	const struct sip_call *call = reg ? NULL : first_trunk_call(a, &w, &ctx);
	const struct sip_msg *inv = call && call->invite != NONE_U32 ? store_msg(st, call->invite) : NULL;

	fputs("Account ", f);
	if (reg)
		md_code(f, c, store_str(st, reg->aor), true);
	else if (a->profile.user[0]) {
		char aor[600];
		snprintf(aor, sizeof aor, "%s%s%s", a->profile.user, a->profile.registrar[0] ? "@" : "",
		         a->profile.registrar);
		md_code(f, c, aor, false);
	} else if (inv) {
		/* no registration: the trunk's identity is what our calls carry */
		bool ours_out = !call_ep_is_provider(&w, call, store_msg_hdr(st, inv)->src);
		md_code(f, c, store_str(st, ours_out ? store_msg_hdr(st, inv)->from_uri : store_msg_hdr(st, inv)->to_uri), true);
		fputs(ours_out ? " (the From of our calls; no REGISTER in the capture)"
		               : " (the To of the provider's calls; no REGISTER in the capture)", f);
	} else
		fputs("not known (no REGISTER, no call and no profile in this capture)", f);

	fputs(" on trunk ", f);
	const char *reg_host = reg && reg->registrar ? store_str(st, reg->registrar) : a->profile.registrar;
	if (a->profile.name[0])
		md_code(f, c, a->profile.name, false);
	else if (a->roles.ntrunk && a->roles.trunks[0].name[0])
		md_code(f, c, a->roles.trunks[0].name, false);
	else if (reg_host[0])
		md_code(f, c, reg_host, !reg ? false : true);
	else if (inv)
		md_code(f, c, store_str(st, store_msg_hdr(st, inv)->ruri_host), true);
	else if (store_dns_count(st)) {
		/* the name the PBX looked up for it, without the SRV service
		 * labels (_sip._udp.example.net is example.net) */
		const char *q = store_str(st, store_dns(st, 0)->qname);
		while (q[0] == '_' && strchr(q, '.'))
			q = strchr(q, '.') + 1;
		md_code(f, c, q, true);
	}
	else
		fputs("unnamed", f);
	if (reg_host[0]) {
		fputs(", registering at ", f);
		md_code(f, c, reg_host, reg != NULL);
	}
	fputs(".\n\n", f);
}

/* ---- one message, as the carrier looks it up ---- */

static const struct sip_msg *msg_at_frame(const struct store *st, uint32_t frame)
{
	uint32_t mi = frame ? store_msg_by_frame(st, frame) : NONE_U32;
	return mi == NONE_U32 ? NULL : store_msg(st, mi);
}

/* "403 Forbidden at T from A to B, Call-ID X, CSeq Y, frame N (M in f)",
 * with AFTER_LINE (our words, never wire bytes) after the start line, and
 * the frame in brackets as the evidence list writes it */
static void msg_facts_framed(FILE *f, const struct md_ctx *c, const struct sip_msg *m, bool bracket,
                             const char *after_line)
{
	const struct store *st = c->a->store;
	char tb[64];
	md_msg_line(f, c, m);
	fputs(after_line, f);
	fprintf(f, " at %s from ", md_utc(m->time, tb, sizeof tb));
	md_ep(f, c, store_msg_hdr(st, m)->src);
	fputs(" to ", f);
	md_ep(f, c, store_msg_hdr(st, m)->dst);
	fputs(", Call-ID ", f);
	md_code(f, c, store_str(st, store_msg_call_id(st, m)), true);
	fputs(", CSeq ", f);
	md_cseq(f, c, m);
	fputs(bracket ? " (frame " : ", frame ", f);
	md_frame_both(f, c, m->frame);
	if (bracket)
		fputc(')', f);
}

static void msg_facts(FILE *f, const struct md_ctx *c, const struct sip_msg *m)
{
	msg_facts_framed(f, c, m, false, "");
}

/* What became of a request: its final response, or none. */
static void request_outcome(FILE *f, const struct md_ctx *c, const struct sip_msg *req)
{
	const struct store *st = c->a->store;
	const struct sip_txn *t = req->txn != NONE_U32 ? store_txn(st, req->txn) : NULL;
	const struct sip_msg *fin = t && t->final_msg != NONE_U32 ? store_msg(st, t->final_msg) : NULL;
	char tb[64];
	if (fin) {
		fputs(", answered ", f);
		md_msg_line(f, c, fin);
		fprintf(f, " at %s (frame ", md_utc(fin->time, tb, sizeof tb));
		md_frame_both(f, c, fin->frame);
		fputc(')', f);
	} else if (t && t->request_copies > 1) {
		fprintf(f, ", sent %u times with no response in the capture", t->request_copies);
	} else {
		fputs(", with no response in the capture", f);
	}
}

/* What a response answered: our request, from which address, as the
 * provider saw it, with or without credentials. */
static void response_context(FILE *f, const struct md_ctx *c, const struct sip_msg *m)
{
	const struct store *st = c->a->store;
	const struct sip_txn *t = m->txn != NONE_U32 ? store_txn(st, m->txn) : NULL;
	const struct sip_msg *req = t && t->first_msg != NONE_U32 ? store_msg(st, t->first_msg) : NULL;
	if (!req || req->status)
		return;
	fputs(", answering the request from ", f);
	md_ep(f, c, store_msg_hdr(st, req)->src);
	if (store_msg_hdr(st, m)->via_received) {
		fputs(" (seen by the provider as ", f);
		md_code(f, c, store_str(st, store_msg_hdr(st, m)->via_received), true);
		fputc(')', f);
	}
	fprintf(f, " at frame ");
	md_frame_both(f, c, req->frame);
}

/* DNS and ICMP evidence: what and between whom. */
static bool event_facts(FILE *f, const struct md_ctx *c, const struct evidence *ev)
{
	const struct store *st = c->a->store;
	char tb[64], rb[32];
	for (size_t i = 0, n = store_dns_count(st); i < n; i++) {
		const struct dns_event *d = store_dns(st, (uint32_t)i);
		if (d->frame != ev->frame)
			continue;
		fprintf(f, "DNS %s for %s ", d->response ? "response" : "query", dns_type_name(d->qtype));
		md_code(f, c, store_str(st, d->qname), true);
		if (d->response)
			fprintf(f, " (%s, %u answers)", md_dns_rcode_name(d->rcode, rb, sizeof rb), d->answers_count);
		fprintf(f, " at %s from ", md_utc(d->time, tb, sizeof tb));
		md_ep(f, c, d->src);
		fputs(" to ", f);
		md_ep(f, c, d->dst);
		fputs(", frame ", f);
		md_frame_both(f, c, d->frame);
		return true;
	}
	for (size_t i = 0, n = store_icmp_count(st); i < n; i++) {
		const struct icmp_event *ic = store_icmp(st, (uint32_t)i);
		if (ic->frame != ev->frame)
			continue;
		fprintf(f, "ICMP%s type %u code %u%s at %s from ", ic->family == 6 ? "v6" : "", ic->type, ic->code,
		        ic->port_unreachable ? " (port unreachable)" : "", md_utc(ic->time, tb, sizeof tb));
		md_ep(f, c, ic->from);
		fputs(" about our packet from ", f);
		md_ep(f, c, ic->quoted_src);
		fputs(" to ", f);
		md_ep(f, c, ic->quoted_dst);
		fputs(", frame ", f);
		md_frame_both(f, c, ic->frame);
		return true;
	}
	return false;
}

/* The generic paragraph: up to FAULT_MSGS_MAX distinct pieces of evidence,
 * each with its facts. */
/* Whether an evidence text says no more than the response's status line. */
static bool repeats_status_line(const struct store *st, const struct sip_msg *m, const char *text)
{
	if (!m->status || !text)
		return false;
	char line[STR_MAX];
	snprintf(line, sizeof line, "%u %s", m->status, store_str(st, store_msg_hdr(st, m)->reason));
	return !strcmp(line, text);
}

static void evidence_paragraph(FILE *f, const struct md_ctx *c, const struct finding *fd)
{
	const struct store *st = c->a->store;
	char tb[64];
	size_t shown = 0;
	for (size_t i = 0; i < fd->nev && shown < FAULT_MSGS_MAX; i++) {
		const struct evidence *ev = &fd->ev[i];
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = fd->ev[k].frame == ev->frame;
		if (seen)
			continue;
		fputs(shown ? "; " : "", f);
		const struct sip_msg *m = msg_at_frame(st, ev->frame);
		if (m) {
			/* what the check saw in it, then where to find it; a
			 * text that only repeats the status line is not said
			 * twice ("403 Forbidden: 403 Forbidden at ...") */
			if (!repeats_status_line(st, m, ev->text)) {
				md_finding_text(f, c, ev->text);
				fputs(": ", f);
			}
			msg_facts(f, c, m);
			if (m->status)
				response_context(f, c, m);
			else
				request_outcome(f, c, m);
		} else if (!event_facts(f, c, ev)) {
			md_finding_text(f, c, ev->text);
			fprintf(f, " at %s", md_utc(ev->time, tb, sizeof tb));
			if (ev->frame) {
				fputs(", frame ", f);
				md_frame_both(f, c, ev->frame);
			}
		}
		shown++;
	}
	if (!shown) {
		/* a step the operator marked, or judged from the capture as a
		 * whole: the trunk's latest registration is what the carrier
		 * looks up */
		if (fd->marked) {
			fprintf(f, "our operator marked this step %s", verdict_name(fd->verdict));
			if (fd->note[0]) {
				fputs(" (", f);
				md_text(f, c, fd->note, true);
				fputc(')', f);
			}
			fputs("; ", f);
		}
		const struct registration *reg = first_trunk_reg(c->a);
		const uint32_t *tx = reg ? store_reg_txns(st, reg) : NULL;
		const struct sip_txn *t = tx && reg->txns_count ? store_txn(st, tx[reg->txns_count - 1]) : NULL;
		const struct sip_msg *req = t && t->first_msg != NONE_U32 ? store_msg(st, t->first_msg) : NULL;
		if (req) {
			fputs("the trunk's latest registration: ", f);
			msg_facts(f, c, req);
			request_outcome(f, c, req);
		} else {
			fputs("no packet of the capture shows it", f);
		}
	}
	fputs(".", f);
}

/* ---- call faults in the carrier's terms ---- */

/* The call a finding is about: the call of a SIP message it cites, else
 * the call whose RTP stream starts at a frame it cites (call.rtp-both-ways
 * cites the first packet). */
static const struct sip_call *call_of_finding(const struct store *st, const struct finding *fd)
{
	for (size_t i = 0; i < fd->nev; i++) {
		const struct sip_msg *m = msg_at_frame(st, fd->ev[i].frame);
		uint32_t ci = m ? store_call_of_dialog(st, m->dialog) : NONE_U32;
		if (ci != NONE_U32)
			return store_call(st, ci);
	}
	for (size_t i = 0; i < fd->nev; i++) {
		if (!fd->ev[i].frame)
			continue;
		for (uint32_t k = 0, n = (uint32_t)store_call_count(st); k < n; k++) {
			const struct sip_call *call = store_call(st, k);
			size_t ns;
			const uint32_t *ids = store_call_streams(st, call, &ns);
			for (size_t j = 0; ids && j < ns; j++) {
				const struct rtp_stream *r = store_rtp(st, ids[j]);
				if (r && r->first_frame == fd->ev[i].frame)
					return call;
			}
		}
	}
	return NULL;
}

/* The first credentials header into *cred; false if there is none. */
static bool has_credentials(const struct store *st, const struct sip_msg *req, struct sip_auth *cred)
{
	for (uint32_t k = 0; k < req->auth_count && store_auth(st, req, k, cred); k++)
		if (cred->kind == AUTH_AUTHORIZATION || cred->kind == AUTH_PROXY_AUTHORIZATION)
			return true;
	return false;
}

/* "number `+44...` (E.164)" */
static void number_facts(FILE *f, const struct md_ctx *c, const char *what, const char *uri)
{
	char num[128];
	uri_number(uri, num, sizeof num);
	fprintf(f, "%s ", what);
	md_code(f, c, num[0] ? num : uri, true);
	fputs(num[0] && number_is_e164(num) ? " (E.164)" : " (not E.164)", f);
}

static void codec_list(FILE *f, const struct md_ctx *c, const struct sip_msg *m)
{
	const struct store *st = c->a->store;
	size_t n;
	const struct sdp_mline *ml = m ? store_msg_sdp(st, m, &n) : NULL;
	char names[SDP_CODECS_ROOM];
	for (size_t i = 0; ml && i < n; i++)
		if (ml[i].kind == SDP_K_AUDIO) {
			codecs_names(store_str(st, ml[i].codecs), names, sizeof names);
			md_code(f, c, names, true);
			return;
		}
	fputs("none (no audio line)", f);
}

static void stream_counts(FILE *f, const struct md_ctx *c, const struct sip_call *call)
{
	const struct store *st = c->a->store;
	size_t n;
	const uint32_t *ids = store_call_streams(st, call, &n);
	size_t shown = 0;
	for (size_t i = 0; ids && i < n && shown < 4; i++) {
		const struct rtp_stream *r = store_rtp(st, ids[i]);
		if (!r || (r->flags & RTPF_RTCP))
			continue;
		fputs(shown++ ? ", " : "; RTP seen: ", f);
		fprintf(f, "%u packets from ", r->packets);
		md_ep(f, c, r->src);
		fputs(" to ", f);
		md_ep(f, c, r->dst);
	}
	if (!shown)
		fputs("; no RTP of this call in the capture", f);
}

/* The clause that says, in the carrier's words, what the call check found. */
static void call_clause(FILE *f, const struct md_ctx *c, const char *id, const struct sip_call *call,
                        const struct finding *fd)
{
	const struct store *st = c->a->store;
	const struct sip_msg *inv = call->last_invite != NONE_U32 ? store_msg(st, call->last_invite) : NULL;
	const struct sip_msg *fin = call->final != NONE_U32 ? store_msg(st, call->final) : NULL;
	char hdr[HDR_ROOM], tb[64];
	if (!strcmp(id, "call.auth") && inv) {
		struct sip_auth cred;
		if (has_credentials(st, inv, &cred)) {
			fputs(": our INVITE carried digest credentials (user ", f);
			md_code(f, c, store_str(st, cred.username), true);
			fputs(", realm ", f);
			md_code(f, c, store_str(st, cred.realm), true);
			fputs(") and was refused: the credentials or the account's permission to call", f);
		} else {
			fputs(": our INVITE carried no credentials, and came from our public address ", f);
			if (fin && store_msg_hdr(st, fin)->via_received)
				md_code(f, c, store_str(st, store_msg_hdr(st, fin)->via_received), true);
			else
				md_ep(f, c, store_msg_hdr(st, inv)->src);
			fputs(" (as the provider saw it); our address is not on the trunk's ACL", f);
		}
	} else if (!strcmp(id, "call.number-format") && inv) {
		fputs(": ", f);
		number_facts(f, c, "called number", store_str(st, store_msg_hdr(st, inv)->ruri));
		fputs(", ", f);
		number_facts(f, c, "caller ID (From)", store_str(st, store_msg_hdr(st, inv)->from_uri));
		msg_header(st, inv, "P-Asserted-Identity", 0, hdr, sizeof hdr);
		if (hdr[0]) {
			char *lt = strchr(hdr, '<'), *gt = lt ? strchr(lt, '>') : NULL;
			if (lt && gt) {
				*gt = 0;
				memmove(hdr, lt + 1, strlen(lt + 1) + 1);
			}
			fputs(", ", f);
			number_facts(f, c, "P-Asserted-Identity", hdr);
		}
		fputs("; the provider refused the number or caller ID", f);
	} else if (!strcmp(id, "call.codecs")) {
		const struct sip_msg *offer = NULL, *answer = NULL;
		call_offer_answer(st, call, &offer, &answer);
		fputs(": codecs offered ", f);
		codec_list(f, c, offer);
		if (answer) {
			fputs(", answered ", f);
			codec_list(f, c, answer);
			fputs(" (frame ", f);
			md_frame_both(f, c, answer->frame);
			fputs("), with no codec in common (RFC 3264 §6.1)", f);
		} else {
			fputs("; the provider accepted none of them", f);
		}
	} else if (!strcmp(id, "call.session-timer") && inv) {
		fputs(": our INVITE asked for Session-Expires ", f);
		msg_header(st, inv, "Session-Expires", 'x', hdr, sizeof hdr);
		md_code(f, c, hdr[0] ? hdr : "(none)", true);
		const struct sip_msg *m422 = NULL;
		for (size_t i = 0; i < fd->nev && !m422; i++) {
			const struct sip_msg *m = msg_at_frame(st, fd->ev[i].frame);
			if (m && m->status == 422)
				m422 = m;
		}
		if (m422) {
			msg_header(st, m422, "Min-SE", 0, hdr, sizeof hdr);
			fputs(", the provider's 422 wants Min-SE ", f);
			md_code(f, c, hdr[0] ? hdr : "(not given)", true);
			fputs(" (RFC 4028 §6)", f);
		}
	} else if (!strcmp(id, "call.ack")) {
		const struct sip_msg *ack = call->ack != NONE_U32 ? store_msg(st, call->ack) : NULL;
		const struct sip_msg *bye = call->bye != NONE_U32 ? store_msg(st, call->bye) : NULL;
		if (!ack) {
			fprintf(f, ": the 2xx was sent %u times and no ACK reached its sender", call->ok_copies);
			if (bye) {
				fprintf(f, "; BYE at %s (frame ", md_utc(bye->time, tb, sizeof tb));
				md_frame_both(f, c, bye->frame);
				fprintf(f, "), %.1f s after the answer (64*T1 = 32 s, RFC 3261 §13.3.1.4)",
				        (double)(bye->time - call->answered) / 1e6);
			}
		} else {
			fputs(": the ACK went to ", f);
			md_code(f, c, store_str(st, store_msg_hdr(st, ack)->ruri), true);
			fputs(" at frame ", f);
			md_frame_both(f, c, ack->frame);
			fputs(", not where the 2xx's Contact / Record-Route sends it (RFC 3261 §13.2.2.4)", f);
		}
	} else if (!strcmp(id, "call.media-address")) {
		const struct sip_msg *offer = NULL, *answer = NULL;
		call_offer_answer(st, call, &offer, &answer);
		fputs(": the SDP names a private media address ", f);
		const struct sip_msg *m = NULL;
		for (size_t i = 0; i < fd->nev && !m; i++)
			m = msg_at_frame(st, fd->ev[i].frame);
		size_t n;
		const struct sdp_mline *ml = m ? store_msg_sdp(st, m, &n) : NULL;
		if (ml && n) {
			char ap[128];
			snprintf(ap, sizeof ap, "%s:%u", store_str(st, ml[0].addr), ml[0].port);
			md_code(f, c, ap, true);
			fputs(m == offer ? " (the offer, frame " : " (frame ", f);
			md_frame_both(f, c, m->frame);
			fputc(')', f);
		}
		fputs(" (RFC 1918, RFC 6598 or ULA) while the signalling runs between public addresses: "
		      "media sent there goes nowhere", f);
	} else if (!strcmp(id, "call.rtp-both-ways")) {
		fputs(": the RTP does not flow both ways on the negotiated addresses and ports (RFC 3550)", f);
		stream_counts(f, c, call);
		const struct sip_msg *offer = NULL, *answer = NULL;
		call_offer_answer(st, call, &offer, &answer);
		const struct sip_msg *sides[2] = { offer, answer };
		for (int k = 0; k < 2; k++) {
			size_t n, ns;
			const struct sdp_mline *ml = sides[k] ? store_msg_sdp(st, sides[k], &n) : NULL;
			if (!ml || !n || !ml[0].ep)
				continue;
			uint64_t to = 0;
			const uint32_t *ids = store_call_streams(st, call, &ns);
			for (size_t j = 0; ids && j < ns; j++) {
				const struct rtp_stream *r = store_rtp(st, ids[j]);
				if (r && !(r->flags & RTPF_RTCP) && r->dst == ml[0].ep)
					to += r->packets;
			}
			if (!to) {
				fputs("; none reached ", f);
				md_ep(f, c, ml[0].ep);
				fputs(k ? " (the answer's address)" : " (the offer's address)", f);
			}
		}
	} else if (!strcmp(id, "call.limits") && fin) {
		struct sip_msg_extra x;
		store_msg_extra(st, fin, &x);
		fputs(": the provider refused the call for a limit (call rate or concurrent calls)", f);
		if (x.retry_after >= 0)
			fprintf(f, ", Retry-After %d s", (int)x.retry_after);
		else
			fputs(", no Retry-After", f);
		size_t up = 0;
		for (uint32_t i = 0, n = (uint32_t)store_call_count(st); i < n; i++) {
			const struct sip_call *o = store_call(st, i);
			if (o != call && o->answered && o->answered <= fin->time && (!o->ended || o->ended >= fin->time))
				up++;
		}
		fprintf(f, "; %zu other call%s up at that moment", up, up == 1 ? " was" : "s were");
	}
}

/* A call check's paragraph: the INVITE, what answered it, the clause. */
static void call_paragraph(FILE *f, const struct md_ctx *c, int ci)
{
	const struct store *st = c->a->store;
	const struct finding *fd = &c->a->findings[ci];
	const struct sip_call *call = call_of_finding(st, fd);
	const struct sip_msg *inv = call && call->last_invite != NONE_U32 ? store_msg(st, call->last_invite) : NULL;
	if (!inv) {
		evidence_paragraph(f, c, fd);
		return;
	}
	const struct sip_msg *fin = call->final != NONE_U32 ? store_msg(st, call->final) : NULL;
	struct sip_auth cred;
	char tb[64];
	msg_facts_framed(f, c, inv, false,
	                 has_credentials(st, inv, &cred) ? " with credentials" : " without credentials");
	if (fin) {
		fputs("; answered ", f);
		md_msg_line(f, c, fin);
		fprintf(f, " at %s from ", md_utc(fin->time, tb, sizeof tb));
		md_ep(f, c, store_msg_hdr(st, fin)->src);
		fputs(", frame ", f);
		md_frame_both(f, c, fin->frame);
	} else {
		fputs("; no final response in the capture", f);
	}
	call_clause(f, c, check_table[ci].id, call, fd);
	fputs(".", f);
}

static void fault_paragraph(FILE *f, const struct md_ctx *c, int ci)
{
	if (check_table[ci].group == G_CALL)
		call_paragraph(f, c, ci);
	else
		evidence_paragraph(f, c, &c->a->findings[ci]);
}

/* ---- the section ---- */

/* Every other failing call check, one paragraph each: a trunk that cannot
 * authenticate calls may also refuse their codecs. */
static void other_call_faults(FILE *f, const struct md_ctx *c, int root)
{
	bool any = false;
	for (size_t i = 0; i < check_count; i++) {
		if ((int)i == root || check_table[i].group != G_CALL || c->a->findings[i].verdict != V_FAIL)
			continue;
		if (!any)
			fputs("Other call faults:\n\n", f);
		any = true;
		fputs("- ", f);
		md_finding_text(f, c, c->a->findings[i].summary);
		fprintf(f, " (check `%s`): ", check_table[i].id);
		fault_paragraph(f, c, (int)i);
		fputc('\n', f);
	}
	if (any)
		fputc('\n', f);
}

/* What the carrier needs to see about one piece of evidence. */
static void carrier_evidence(FILE *f, const struct md_ctx *c, const struct evidence *ev)
{
	const struct store *st = c->a->store;
	char tb[64];
	uint32_t mi = ev->frame ? store_msg_by_frame(st, ev->frame) : NONE_U32;
	const struct sip_msg *m = mi == NONE_U32 ? NULL : store_msg(st, mi);
	fputs("- ", f);
	if (!m) {
		md_finding_text(f, c, ev->text);
		fprintf(f, " (%s, frame ", md_utc(ev->time, tb, sizeof tb));
		md_frame_both(f, c, ev->frame);
		fputs(")\n", f);
		return;
	}
	msg_facts_framed(f, c, m, true, "");
	/* for a response: the request it answered, as the provider saw it */
	const struct sip_txn *t = m->status && m->txn != NONE_U32 ? store_txn(st, m->txn) : NULL;
	const struct sip_msg *req = t && t->first_msg != NONE_U32 ? store_msg(st, t->first_msg) : NULL;
	if (req && !req->status) {
		bool creds = false;
		struct sip_auth ab, cb;
		const struct sip_auth *au, *cred = NULL;
		for (uint32_t k = 0; k < req->auth_count && (au = store_auth(st, req, k, &ab)); k++)
			if (au->kind == AUTH_AUTHORIZATION || au->kind == AUTH_PROXY_AUTHORIZATION) {
				creds = true;
				cb = *au;
				cred = &cb;
			}
		fputs(", answering our request from ", f);
		md_ep(f, c, store_msg_hdr(st, req)->src);
		if (store_msg_hdr(st, m)->via_received) {
			fputs(" (which the provider saw as ", f);
			md_code(f, c, store_str(st, store_msg_hdr(st, m)->via_received), true);
			fputs(")", f);
		}
		if (creds) {
			fputs(" with digest credentials (user ", f);
			md_code(f, c, store_str(st, cred->username), true);
			fputs(", realm ", f);
			md_code(f, c, store_str(st, cred->realm), true);
			fputs(")", f);
		} else {
			fputs(" without credentials", f);
		}
	}
	fputs(".\n", f);
}

void export_carrier_section(FILE *f, const struct md_ctx *c)
{
	const struct app *a = c->a;
	int root = checks_root_cause(a->findings);
	fputs("## For the carrier\n\n", f);
	/* whose account: the carrier's first question */
	account_line(f, c);
	/* the carrier must not chase an address that was masked on purpose */
	if (c->r && c->r->nips) {
		fputs(c->r->nips == 1 ? "One address in this ticket is masked: " : "Some addresses in this ticket are masked: ", f);
		for (size_t i = 0; i < c->r->nips; i++) {
			if (i)
				fputs(", ", f);
			md_code(f, c, c->r->ips[i].to_text, false);
		}
		fputs(c->r->nips == 1 ? " stands for an address hidden on purpose" :
		      " stand for addresses hidden on purpose", f);
		fputs(" (documentation addresses, RFC 5737 and for IPv6 2001:db8::/32, RFC 3849, where "
		      "the length allows); ask us for the real "
		      "one if you need it.\n\n", f);
	}
	if (root < 0) {
		size_t warns = 0;
		for (size_t i = 0; i < check_count; i++)
			warns += a->findings[i].verdict == V_WARN;
		if (warns)
			fprintf(f, "No check failed; %zu gave a warning (see the checklist). "
			        "Nothing points at the provider yet.\n\n", warns);
		else
			fputs("No check failed. Nothing points at the provider.\n\n", f);
		return;
	}
	const struct check_def *d = &check_table[root];
	const struct finding *fd = &a->findings[root];
	/* provider and portal: theirs; reachability and calls: the path or
	 * them, so the evidence is worth their look; PBX, firewall: ours */
	bool theirs = d->group == G_PROV && !fd->side_unknown;
	bool maybe = d->group == G_NET || d->group == G_CALL;
	if (fd->side_unknown) {
		/* a 401 loop without the password: our PBX's password or their
		 * account; blaming them now gets the ticket bounced */
		fputs("The checks cannot yet tell our side from the provider's: ", f);
		md_finding_text(f, c, fd->summary);
		fputs(" (check `", f);
		fputs(d->id, f);
		fputs("`).\n\n", f);
		fputs("**The fault**: ", f);
		fault_paragraph(f, c, root);
		fputs("\n\nNothing to report to the carrier until we have checked the password the PBX "
		      "sends against the one on record; the evidence is in the checklist below.\n\n", f);
		return;
	}
	if (theirs) {
		fputs("The checks place the fault on the provider's side: ", f);
	} else if (maybe) {
		fputs("The first failing check (", f);
		md_text(f, c, group_name(d->group), false);
		fputs(") may lie on the path to the provider or with the provider: ", f);
	} else {
		fputs("The checks place the fault on our side (", f);
		md_text(f, c, group_name(d->group), false);
		fputs("), not with the provider: ", f);
	}
	/* our side: the check's title, not its summary, which may carry the
	 * helpdesk's next step */
	md_finding_text(f, c, theirs || maybe ? fd->summary : d->title);
	fputs(" (check `", f);
	fputs(d->id, f);
	fputs("`).\n\n**The fault**: ", f);
	fault_paragraph(f, c, root);
	fputs("\n\n", f);
	other_call_faults(f, c, root);
	if (!theirs && !maybe) {
		fputs("Nothing to report to the carrier until this is fixed; the evidence is in the checklist below.\n\n", f);
		return;
	}
	if (fd->nev)
		fputs("What the provider can look up in its logs:\n\n", f);
	/* one line per frame: a check often cites the same response twice
	 * (the status, then the address it shows) */
	for (size_t i = 0, shown = 0; i < fd->nev && shown < 8; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = fd->ev[k].frame && fd->ev[k].frame == fd->ev[i].frame;
		if (seen)
			continue;
		carrier_evidence(f, c, &fd->ev[i]);
		shown++;
	}
	if (fd->nev)
		fputc('\n', f);
	int dv = check_index("pbx.digest-valid");
	if (dv >= 0 && a->findings[dv].verdict == V_PASS)
		fputs("Our digest response is correct: recomputed from the password on file, it matches "
		      "what we sent (check `pbx.digest-valid`), so the credentials we use are the ones "
		      "on record.\n\n", f);
	/* what the operator saw in the provider's portal backs the claim */
	bool any_mark = false;
	for (size_t i = 0; i < a->nmarks; i++) {
		int ci = check_index(a->marks[i].id);
		if (ci < 0 || check_table[ci].group != G_PROV)
			continue;
		if (!any_mark)
			fputs("What our operator found on the provider's side:\n\n", f);
		any_mark = true;
		fputs("- ", f);
		md_text(f, c, check_table[ci].title, false);
		fprintf(f, ": %s", verdict_name(a->marks[i].verdict));
		if (a->marks[i].note[0]) {
			fputs(" (", f);
			md_text(f, c, a->marks[i].note, true);
			fputs(")", f);
		}
		fputs("\n", f);
	}
	if (any_mark)
		fputc('\n', f);
	if (a->profile.public_ip[0]) {
		fputs("Our public address, as allowlisted on our side: ", f);
		md_code(f, c, a->profile.public_ip, true);
		fputs(".\n\n", f);
	}
}

