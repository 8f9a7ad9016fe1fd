/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fw.c - group 4, firewall and NAT.  Everything is judged from REGISTER
 * request/response pairs as the PBX side sees them:
 *
 *   PBX ──REGISTER (Via sent-by, Contact)──> [NAT/ALG] ──> provider
 *   PBX <──response (Via received/rport, bindings)── [NAT/ALG] <──┘
 *
 *   received/rport != what left the PBX      -> NAT beyond the capture point
 *   Via host != the packet's source address  -> NAT before it (or a wrong
 *                                               advertised address)
 *   top Via of the response != the one sent  -> something rewrote it (ALG)
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/hostport.h"
#include "checks/groups.h"
#include "checks/util.h"
#include "store/store.h"
#include "trunk/profile.h"

#define S(id) store_str(st, (id))

struct nat_view {
	int nat;                        /* 1 NAT seen, 0 none, -1 cannot tell, -2 no pair */
	const struct sip_msg *req, *resp;
	char public_addr[STR_MAX];
	bool udp;
	bool hidden_by_alg;             /* received= is private from a public provider:
	                                 * a device rewrote it on the way back */
	bool rport_ignored;             /* under NAT, ;rport asked, no value back */
	const struct sip_msg *rport_req, *rport_resp;
};

/* A provider on a public address cannot have seen a private source
 * address: a received= (RFC 3261 §18.2.1) that names one was written back
 * by a device on the path, a SIP ALG hiding the NAT it does. */
static bool received_rewritten(const struct store *st, const struct sip_msg *req, const struct sip_msg *resp)
{
	const char *rcv = S(store_msg_hdr(st, resp)->via_received);
	return *rcv && addr_class_private(addr_classify(rcv)) &&
	       addr_class_public(addr_classify_ep(store_ep(st, store_msg_hdr(st, req)->dst)));
}

static int judge_pair(const struct store *st, const struct sip_msg *req, const struct sip_msg *resp,
                      char *pub, size_t publen)
{
	const struct endpoint *src = store_ep(st, store_msg_hdr(st, req)->src), *dst = store_ep(st, store_msg_hdr(st, req)->dst);
	const char *via = S(store_msg_hdr(st, req)->via_host), *rcv = S(store_msg_hdr(st, resp)->via_received);
	if (received_rewritten(st, req, resp)) {
		snprintf(pub, publen, "(hidden by the ALG)");
		return 1;
	}
	bool via_ip = addr_classify(via) != ADDR_NOT_IP;
	bool beyond = (*rcv && !addr_text_is_ep(rcv, src)) ||
	              (store_msg_hdr(st, resp)->via_rport && src && store_msg_hdr(st, resp)->via_rport != src->port);
	bool before = via_ip && !addr_text_is_ep(via, src);
	char sa[64];
	ep_addr_text(src, sa, sizeof sa);
	if (*rcv)
		snprintf(pub, publen, "%s", rcv);
	else
		snprintf(pub, publen, "%s", sa);
	if (beyond || before)
		return 1;
	if (*rcv || !addr_class_private(addr_classify_ep(src)))
		return 0;
	/* private source, no received: only a provider on the same network
	 * would rightly add nothing */
	return addr_class_private(addr_classify_ep(dst)) ? 0 : -1;
}

static void nat_view(const struct check_ctx *ctx, struct nat_view *v)
{
	const struct store *st = ctx->store;
	memset(v, 0, sizeof *v);
	v->nat = -2;
	struct reg_walk w;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *req = txn_request(st, t), *resp = txn_first_response(st, t);
		if (!req || !resp)
			continue;
		char pub[STR_MAX];
		int n = judge_pair(st, req, resp, pub, sizeof pub);
		if (n > v->nat || !v->req) {
			v->nat = n > v->nat ? n : v->nat;
			v->req = req;
			v->resp = resp;
			v->udp = req->transport == TP_UDP;
			v->hidden_by_alg = received_rewritten(st, req, resp);
			snprintf(v->public_addr, sizeof v->public_addr, "%s", pub);
		}
		if ((req->flags & MF_RPORT) && !(resp->flags & MF_RPORT) && !v->rport_req) {
			v->rport_req = req;
			v->rport_resp = resp;
		}
	}
	v->rport_ignored = v->nat == 1 && v->rport_req;
}

/* Does a 2xx to this REGISTER bind a Contact on the NAT's port (the
 * provider's NAT fix-up)?  The binding goes into out. */
static bool fixed_up_by_provider(const struct store *st, const struct sip_msg *req, uint16_t port,
                                 char *out, size_t outlen)
{
	const struct sip_txn *t = store_txn(st, req->txn);
	const struct sip_msg *fin = txn_final(st, t);
	const struct sip_contact *c = fin && fin->status >= 200 && fin->status < 300 && fin->contacts_count
		? store_contacts(st, fin) : NULL;
	for (uint16_t i = 0; c && i < fin->contacts_count; i++) {
		char host[STR_MAX];
		uint16_t p;
		hostport_of_uri(S(c[i].uri), host, sizeof host, &p);
		if (p == port) {
			snprintf(out, outlen, "%s", S(c[i].uri));
			return true;
		}
	}
	return false;
}

void eval_fw_nat_detected(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct nat_view v;
	nat_view(ctx, &v);
	if (v.nat == -2) {
		finding_set(f, V_UNKNOWN, "No answered REGISTER to judge NAT by");
		return;
	}
	const struct sip_msg *req = v.req, *resp = v.resp;
	const struct sip_hdrset *qh = store_msg_hdr(st, req), *rh = store_msg_hdr(st, resp);
	char src[64];
	store_ep_fmt(st, qh->src, src, sizeof src);
	/* an IPv6 sent-by in brackets, as in the Via: "2001:db8::10:5060"
	 * would read as another address (and hide from --redact-ip) */
	const char *via = S(qh->via_host);
	bool v6 = strchr(via, ':') && via[0] != '[';
	finding_evidence(f, req->frame, req->time, "REGISTER from %s, Via sent-by %s%s%s:%u%s", src,
	                 v6 ? "[" : "", via, v6 ? "]" : "", qh->via_port ? qh->via_port : 5060,
	                 (req->flags & MF_RPORT) ? ";rport" : "");
	char rport[16] = "(none)";
	if (rh->via_rport)
		snprintf(rport, sizeof rport, "%u", rh->via_rport);
	finding_evidence(f, resp->frame, resp->time, "%u: received=%s rport=%s", resp->status,
	                 rh->via_received ? S(rh->via_received) : "(none)", rport);
	const struct sip_contact *c = req->contacts_count ? store_contacts(st, req) : NULL;
	const char *chost = c ? S(c->host) : "";
	if (c)
		finding_evidence(f, req->frame, req->time, "Contact %s", S(c->uri));

	if (v.nat == 0) {
		finding_pass(f, "No NAT: the provider sees the address and port the PBX sends from");
		return;
	}
	if (v.nat < 0) {
		finding_set(f, V_UNKNOWN, "The PBX sends from a private address and the provider reports no received address: NAT cannot be judged");
		finding_advice(f, "Give --public-ip, or check in the portal which address the provider sees.");
		return;
	}
	enum addr_class cc = addr_classify(chost), vc = addr_classify(S(qh->via_host));
	if (v.hidden_by_alg) {
		char dst[64];
		finding_evidence(f, resp->frame, resp->time, "received=%s: a private address the provider at %s cannot have seen",
		                 S(rh->via_received), ep_addr_text(store_ep(st, qh->dst), dst, sizeof dst));
		finding_set(f, V_FAIL, "NAT hidden by a SIP ALG: the provider is public, yet received= names the private %s; the %s carries the private address %s",
		            S(rh->via_received), addr_class_private(cc) ? "Contact" : "Via",
		            addr_class_private(cc) ? chost : S(qh->via_host));
		finding_advice(f, "A router's SIP ALG rewrites the PBX's Contact and Via on the way out and back, so the PBX relies on it for every call. Disable SIP ALG / SIP helper (see fw.sip-alg), then set the PBX's external signalling address to the line's public address (Asterisk: external_signaling_address and local_net; FreeSWITCH: ext-sip-ip).");
		return;
	}
	if (addr_class_private(cc) || addr_class_private(vc)) {
		const char *what = addr_class_private(cc) ? "Contact" : "Via";
		const char *priv = addr_class_private(cc) ? chost : S(qh->via_host);
		finding_set(f, V_FAIL, "Behind NAT the %s carries the private address %s while the provider sees %s: set the external signalling address",
		            what, priv, v.public_addr);
		/* With the PBX's configuration at hand, say whether the setting
		 * is missing or set but not in effect. */
		const struct profile *p = ctx->profile;
		if (p->origin[0] && p->public_ip[0])
			finding_evidence(f, 0, 0, "configuration (%s) sets the external address %s, yet the %s carries %s: the setting is not in effect (reload the PBX, or the registration uses another transport)",
			                  p->origin, p->public_ip, what, priv);
		else if (p->origin[0] && strcmp(p->origin, "command line"))
			finding_evidence(f, 0, 0, "configuration (%s) sets no external signalling address%s%s",
			                  p->origin, p->local_net[0] ? "; local_net " : "", p->local_net);
		finding_advice(f, "Set the PBX's external/public signalling address to %s (Asterisk: external_signaling_address and local_net; FreeSWITCH: ext-sip-ip), or enable the provider's NAT handling. Otherwise calls to the PBX are sent to an unreachable address.",
		               v.public_addr);
		return;
	}
	if (v.rport_ignored) {
		finding_evidence(f, v.rport_resp->frame, v.rport_resp->time, "response to a request with ;rport carries no rport value");
		finding_set(f, V_FAIL, "Behind NAT, the provider ignores rport: responses go to the Via port, not the NAT's port");
		finding_advice(f, "Tell the provider: they do not fill in ;rport (RFC 3581) on responses, so responses miss the NAT binding. Until fixed, forward the Via port on the firewall to the PBX or use TCP.");
		return;
	}
	/* A NAT that changes the source port (rport != the sent-by port):
	 * the Contact still names the port the PBX listens on, which the NAT
	 * does not map to it, unless the provider binds the source port. */
	uint16_t sent_port = qh->via_port ? qh->via_port : 5060;
	uint16_t cport = c && c->port ? c->port : 5060;
	if (rh->via_rport && rh->via_rport != sent_port && cport != rh->via_rport && c) {
		char bound[STR_MAX] = "";
		if (!fixed_up_by_provider(st, req, rh->via_rport, bound, sizeof bound)) {
			finding_evidence(f, resp->frame, resp->time, "the NAT maps source port %u to %u (rport); the Contact names port %u",
			                 sent_port, rh->via_rport, cport);
			finding_set(f, V_FAIL, "The NAT changes the source port (%u -> %u): the Contact registers port %u, where the NAT does not reach the PBX",
			            sent_port, rh->via_rport, cport);
			finding_advice(f, "Calls to the trunk go to %s:%u and are dropped. Keep the source port on the router (a static port mapping or port forward of %u to the PBX, \"port randomisation\" off), or enable the provider's NAT handling so it sends to the port it sees (RFC 3581).",
			               v.public_addr, cport, sent_port);
			return;
		}
		finding_evidence(f, 0, 0, "the provider binds %s: it follows the NAT's port", bound);
	}
	finding_pass(f, "NAT is handled: Contact and Via carry %s", chost[0] ? chost : S(qh->via_host));
}

/* Via text with the params a proxy may add (received, rport) taken out. */
static void via_core(const char *via, char *out, size_t outlen)
{
	size_t o = 0;
	const char *p = via;
	while (*p && o + 1 < outlen) {
		if (*p == ';') {
			const char *q = p + 1;
			while (*q == ' ')
				q++;
			if (!strncasecmp(q, "received", 8) || !strncasecmp(q, "rport", 5)) {
				p = q + strcspn(q, ";,");
				continue;
			}
		}
		out[o++] = *p++;
	}
	out[o] = 0;
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\t'))
		out[--o] = 0;
}

/* A message whose Content-Length disagrees with its body: evidence, and a
 * fail with this advice. */
static void clen_rewritten(const struct store *st, const struct sip_msg *m, struct finding *f,
                           const char *advice)
{
	struct sip_msg_extra x;
	store_msg_extra(st, m, &x);
	char who[16] = "";
	if (m->status)
		snprintf(who, sizeof who, "%u: ", m->status);
	finding_evidence(f, m->frame, m->time, "%sContent-Length %d, body %u bytes", who, x.content_length, m->body_len);
	if (finding_raise(f, V_FAIL, "Content-Length does not match the body: something on the path rewrote the message"))
		finding_advice(f, "%s", advice);
}

void eval_fw_sip_alg(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int same = 0;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *req = txn_request(st, t);
		if (!req)
			continue;
		if (req->flags & MF_BAD_CLEN)
			clen_rewritten(st, req, f, "Disable SIP ALG / SIP helper on the router and firewall; if there is none, the PBX itself sends a wrong Content-Length.");
		char sent[STR_MAX], got[STR_MAX], req_via[STR_MAX + 1], via[STR_MAX + 1];
		store_msg_via_raw(st, req, req_via, sizeof req_via);
		via_core(req_via, sent, sizeof sent);
		const uint32_t *ix = store_txn_msgs(st, t);
		for (uint32_t i = 0; ix && i < t->msgs_count; i++) {
			const struct sip_msg *m = store_msg(st, ix[i]);
			if (m->method != M_NONE)
				continue;
			if (m->flags & MF_BAD_CLEN)
				clen_rewritten(st, m, f, "Disable SIP ALG / SIP helper on the router and firewall.");
			if (!req->via_raw_len || !m->via_raw_len)
				continue;
			via_core(store_msg_via_raw(st, m, via, sizeof via), got, sizeof got);
			if (!strcmp(sent, got)) {
				if (!same++)
					finding_evidence(f, m->frame, m->time, "top Via of the %u matches the one sent", m->status);
				continue;
			}
			finding_evidence(f, req->frame, req->time, "Via sent: %s", req_via);
			finding_evidence(f, m->frame, m->time, "Via back: %s", via);
			if (finding_raise(f, V_FAIL, "The top Via came back changed: a SIP ALG on the path rewrites headers"))
				finding_advice(f, "Disable SIP ALG / SIP helper / SIP fixup on the router or firewall (see fw.alg-setting). A proxy may only add received and rport (RFC 3261 §18.2.1, RFC 3581).");
		}
		const struct sip_msg *resp = txn_first_response(st, t);
		if (resp && received_rewritten(st, req, resp)) {
			char dst[64];
			finding_evidence(f, resp->frame, resp->time, "%u from the public %s with received=%s", resp->status,
			                 ep_addr_text(store_ep(st, store_msg_hdr(st, req)->dst), dst, sizeof dst), S(store_msg_hdr(st, resp)->via_received));
			if (finding_raise(f, V_FAIL, "received=%s is a private address the public provider cannot have seen: a SIP ALG rewrote the response",
			                  S(store_msg_hdr(st, resp)->via_received)))
				finding_advice(f, "A SIP ALG on the router rewrites Via and Contact both ways and hides the NAT from the PBX. Disable SIP ALG / SIP helper / SIP fixup (see fw.alg-setting), then set the PBX's external signalling address.");
		}
		/* the binding in the 200 OK should be the Contact we sent */
		const struct sip_msg *fin = txn_final(st, t);
		if (!fin || fin->status < 200 || fin->status >= 300 || !req->contacts_count || !fin->contacts_count ||
		    msg_requested_expires(st, req) == 0)
			continue;
		const char *ours = S(store_contacts(st, req)[0].uri);
		const struct sip_contact *c = store_contacts(st, fin);
		bool found = false;
		for (uint16_t i = 0; i < fin->contacts_count; i++)
			found |= contact_uri_eq(S(c[i].uri), ours);
		if (found || fin->contacts_count > 1)
			continue;   /* several bindings: prov.other-bindings speaks */
		char host[STR_MAX];
		uri_host(S(c[0].uri), host, sizeof host);
		if (store_msg_hdr(st, fin)->via_received && host_eq(host, S(store_msg_hdr(st, fin)->via_received))) {
			finding_evidence(f, fin->frame, fin->time, "binding %s: the provider's NAT fix-up (received address)", S(c[0].uri));
			continue;
		}
		finding_evidence(f, req->frame, req->time, "Contact sent: %s", ours);
		finding_evidence(f, fin->frame, fin->time, "binding in the 200 OK: %s", S(c[0].uri));
		if (finding_raise(f, V_FAIL, "The 200 OK binds another Contact than the PBX sent: a SIP ALG rewrote it"))
			finding_advice(f, "Disable SIP ALG / SIP helper on the router or firewall (see fw.alg-setting); then set the PBX's external address so it writes the right Contact itself.");
	}
	/* A response whose Via was rewritten may not match its transaction at
	 * all: find its request by branch, Call-ID and CSeq. */
	int orphans = 0;   /* a few prove the point */
	for (size_t i = 0; i < store_txn_count(st) && orphans < 16; i++) {
		const struct sip_txn *t = store_txn(st, (uint32_t)i);
		const struct sip_msg *resp = t->orphan ? store_msg(st, t->first_msg) : NULL;
		if (!resp || resp->method != M_NONE || resp->cseq_method != M_REGISTER || !resp->via_branch)
			continue;
		orphans++;
		/* same Call-ID: among its dialog's messages, in capture order */
		const struct sip_msg *req = NULL;
		const struct sip_dialog *d = store_dialog(st, resp->dialog);
		const uint32_t *dm = d ? store_dialog_msgs(st, d) : NULL;
		for (uint32_t j = 0; dm && j < d->msgs_count && !req; j++) {
			const struct sip_msg *m = store_msg(st, dm[j]);
			if (m->method == M_REGISTER && m->via_branch == resp->via_branch &&
			    m->cseq == resp->cseq && m->time <= resp->time)
				req = m;
		}
		if (!req)
			continue;
		char sent[STR_MAX], got[STR_MAX], req_via[STR_MAX + 1], resp_via[STR_MAX + 1];
		via_core(store_msg_via_raw(st, req, req_via, sizeof req_via), sent, sizeof sent);
		via_core(store_msg_via_raw(st, resp, resp_via, sizeof resp_via), got, sizeof got);
		if (!strcmp(sent, got))
			continue;
		finding_evidence(f, req->frame, req->time, "Via sent: %s", req_via);
		finding_evidence(f, resp->frame, resp->time, "Via back: %s", resp_via);
		if (finding_raise(f, V_FAIL, "The top Via came back changed: a SIP ALG on the path rewrites headers"))
			finding_advice(f, "Disable SIP ALG / SIP helper / SIP fixup on the router or firewall (see fw.alg-setting). A proxy may only add received and rport (RFC 3261 §18.2.1, RFC 3581).");
	}
	if (finding_settled(f))
		return;
	if (same) {
		finding_pass(f, "Responses carry the Via and Contact exactly as sent: no header rewriting seen");
	} else {
		finding_set(f, V_UNKNOWN, "No REGISTER response to compare headers with");
	}
}

#define ADVICE_ASYMMETRIC "Allow SIP from all of the provider's signalling addresses (ask them for the list), " \
	"or ask them to answer from the address the request went to."

void eval_fw_symmetric_response(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int ok = 0;
	char a[64], b[64];
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *req = txn_request(st, t), *resp = txn_first_response(st, t);
		if (!req || !resp)
			continue;
		if (store_msg_hdr(st, resp)->src == store_msg_hdr(st, req)->dst) {
			if (!ok++)
				finding_evidence(f, resp->frame, resp->time, "%u from %s, where the REGISTER went", resp->status,
				                 store_ep_fmt(st, store_msg_hdr(st, resp)->src, a, sizeof a));
			continue;
		}
		finding_evidence(f, req->frame, req->time, "REGISTER to %s", store_ep_fmt(st, store_msg_hdr(st, req)->dst, a, sizeof a));
		finding_evidence(f, resp->frame, resp->time, "%u from %s", resp->status, store_ep_fmt(st, store_msg_hdr(st, resp)->src, b, sizeof b));
		/* the PBX re-sending the same request proves the drop */
		unsigned again = txn_copies_after(st, t, resp->time, 200000);
		if (again) {
			finding_evidence(f, resp->frame, resp->time, "the PBX re-sent the same REGISTER %u more time%s after it", again,
			                 again == 1 ? "" : "s");
			if (finding_raise(f, V_FAIL, "Responses come from %s, not %s where the REGISTER went, and the firewall drops them: the PBX never saw them", b, a))
				finding_advice(f, ADVICE_ASYMMETRIC);
		} else if (finding_raise(f, V_WARN, "Responses come from %s, not %s where the REGISTER went: a stateful firewall may drop them", b, a)) {
			finding_advice(f, ADVICE_ASYMMETRIC);
		}
	}
	if (finding_settled(f))
		return;
	if (ok) {
		finding_pass(f, "Responses come from the address and port the requests went to");
	} else {
		finding_set(f, V_UNKNOWN, "No REGISTER response to compare addresses with");
	}
}

void eval_fw_nat_keepalive(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct nat_view v;
	nat_view(ctx, &v);
	if (v.nat == -2) {
		finding_set(f, V_UNKNOWN, "No answered REGISTER to judge NAT by");
		return;
	}
	if (v.nat == 0) {
		finding_set(f, V_SKIPPED, "No NAT seen: no binding to keep open");
		return;
	}
	if (v.nat < 0) {
		finding_set(f, V_UNKNOWN, "Whether NAT is in the path cannot be told (see fw.nat-detected)");
		return;
	}
	if (!v.udp) {
		finding_set(f, V_SKIPPED, "The trunk uses a connection (TCP/TLS): its keep-alive is the connection's");
		return;
	}
	ep_id pbx = store_msg_hdr(st, v.req)->src, server = store_msg_hdr(st, v.req)->dst;
	/* when the PBX is registered: first 2xx; granted expiry from the last */
	usec_t reg_from = 0;
	int32_t granted = -1;
	uint32_t granted_frame = 0;
	usec_t granted_time = 0;
	for (size_t i = 0; i < store_msg_count(st); i++) {
		const struct sip_msg *m = store_msg(st, (uint32_t)i);
		if (m->method != M_NONE || m->cseq_method != M_REGISTER || m->status < 200 || m->status >= 300 ||
		    store_msg_hdr(st, m)->dst != pbx)
			continue;
		const struct sip_msg *req = txn_request(st, store_txn(st, m->txn));
		if (!req || msg_requested_expires(st, req) == 0)
			continue;
		if (!reg_from)
			reg_from = m->time;
		const char *ours = req->contacts_count ? S(store_contacts(st, req)[0].uri) : NULL;
		granted = msg_granted_expires(st, m, ours);
		if (granted < 0)
			granted = msg_requested_expires(st, req);
		granted_frame = m->frame;
		granted_time = m->time;
	}
	if (!reg_from) {
		finding_set(f, V_UNKNOWN, "Not registered in the capture: keep-alives not judged");
		return;
	}
	/* the largest silence from the PBX towards the provider once registered */
	usec_t last = reg_from, gap = 0;
	uint32_t gap_frame = 0;
	int kas = 0;
	size_t nm = store_msg_count(st), nk = store_keepalive_count(st), im = 0, ik = 0;
	while (im < nm || ik < nk) {
		const struct sip_msg *m = im < nm ? store_msg(st, (uint32_t)im) : NULL;
		const struct keepalive_event *k = ik < nk ? store_keepalive(st, (uint32_t)ik) : NULL;
		usec_t t;
		uint32_t frame;
		bool take;
		if (m && (!k || m->time <= k->time)) {
			im++;
			take = store_msg_hdr(st, m)->src == pbx && store_msg_hdr(st, m)->dst == server && m->method != M_NONE;
			kas += take && m->method == M_OPTIONS;
			t = m->time;
			frame = m->frame;
		} else {
			ik++;
			take = k->src == pbx && k->kind == 1;
			kas += take;
			t = k->time;
			frame = k->frame;
		}
		if (!take || t < reg_from)
			continue;
		if (t - last > gap) {
			gap = t - last;
			gap_frame = frame;
		}
		last = t;
	}
	usec_t tail = ctx->now - last;
	finding_evidence(f, granted_frame, granted_time, "registered for %d s at a time, %d keep-alive%s (OPTIONS/CRLF) seen",
	                 granted, kas, kas == 1 ? "" : "s");
	double gap_s = (double)gap / 1e6;
	if (gap_s > NAT_BINDING_SECONDS) {
		finding_evidence(f, gap_frame, 0, "%.0f s with nothing from the PBX to the provider before this", gap_s);
		finding_set(f, V_WARN, "Behind NAT over UDP the PBX is silent for %.0f s: longer than a NAT binding lasts (about 60 s)", gap_s);
	} else if (kas >= 2 || granted <= NAT_BINDING_SECONDS) {
		finding_pass(f, "Behind NAT over UDP the PBX keeps the binding open (largest silence %.0f s)",
		             gap_s > (double)tail / 1e6 ? gap_s : (double)tail / 1e6);
		return;
	} else {
		finding_set(f, V_WARN, "Behind NAT over UDP the PBX refreshes every %d s and sends no keep-alives: longer than a NAT binding lasts (about 60 s)", granted);
	}
	finding_advice(f, "Enable keep-alives on the trunk (OPTIONS qualify or CRLF every 30 s, RFC 5626), or lower the registration expiry below 60 s, or raise the router's UDP timeout. Otherwise incoming calls stop a few minutes after each registration.");
}

void eval_fw_inbound_reaches(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	uint32_t regs[REGS_MAX];
	size_t nreg = regs_of_interest(ctx, regs, REGS_MAX);
	/* the PBX's addresses and the registration window */
	ep_id pbx[REGS_MAX];
	size_t npbx = 0;
	usec_t registered_from = 0, registered_to = 0;
	uint32_t registered_msg = NONE_U32;
	for (size_t ri = 0; ri < nreg; ri++) {
		const struct registration *r = store_reg(st, regs[ri]);
		if (r->pbx)
			pbx[npbx++] = r->pbx;
		const struct reg_event *ev = store_reg_events(st, r);
		for (uint32_t i = 0; ev && i < r->events_count; i++)
			if (ev[i].state == REG_REGISTERED && !registered_from) {
				registered_from = ev[i].time;
				registered_msg = ev[i].msg;
			}
	}
	registered_to = ctx->now;
	int answered = 0;
	char a[64];
	for (size_t i = 0; i < store_txn_count(st); i++) {
		const struct sip_txn *t = store_txn(st, (uint32_t)i);
		const struct sip_msg *req = txn_request(st, t);
		if (!req || req->method == M_REGISTER || req->method == M_ACK)
			continue;
		const struct endpoint *d = store_ep(st, store_msg_hdr(st, req)->dst);
		bool to_pbx = false;
		for (size_t k = 0; k < npbx && !to_pbx; k++) {
			const struct endpoint *p = store_ep(st, pbx[k]);
			to_pbx = d && p && d->family == p->family && !memcmp(d->addr, p->addr, d->family == 4 ? 4 : 16) &&
			         store_msg_hdr(st, req)->src != pbx[k];
		}
		if (!to_pbx)
			continue;
		enum txn_outcome o = txn_outcome(ctx, t);
		const char *meth = req->method == M_OTHER ? S(store_msg_hdr(st, req)->method_str) : sip_method_name(req->method);
		if (o == TXN_ANSWERED || o == TXN_PROVISIONAL) {
			if (!answered++)
				finding_evidence(f, req->frame, req->time, "%s from %s answered %u", meth,
				                 store_ep_fmt(st, store_msg_hdr(st, req)->src, a, sizeof a), txn_first_response(st, t)->status);
		} else if (o == TXN_TIMED_OUT || t->request_copies > 1) {
			finding_evidence(f, req->frame, req->time, "%s from %s sent %u time%s, never answered", meth,
			                 store_ep_fmt(st, store_msg_hdr(st, req)->src, a, sizeof a), t->request_copies, t->request_copies == 1 ? "" : "s");
			if (finding_raise(f, V_FAIL, "Requests from the provider (%s) reach the PBX's address but are not answered", meth))
				finding_advice(f, "The firewall lets them in but does not forward them to the PBX, or the PBX ignores them: forward SIP from the provider's addresses to the PBX and check the PBX accepts requests from them (ACL / permit).");
		}
	}
	if (finding_settled(f))
		return;
	if (answered) {
		finding_pass(f, "Requests from the provider reach the PBX and are answered");
	} else if (!registered_from) {
		finding_set(f, V_UNKNOWN, "Not registered in the capture: inbound requests not expected yet");
	} else if (registered_to - registered_from < 120 * 1000000LL) {
		finding_set(f, V_UNKNOWN, "Registered for only %.0f s of the capture: too short to expect an inbound request",
		            (double)(registered_to - registered_from) / 1e6);
		finding_advice(f, "Capture longer, or place a test call to the trunk's number.");
	} else {
		const struct sip_msg *rm = registered_msg != NONE_U32 ? store_msg(st, registered_msg) : NULL;
		finding_evidence(f, rm ? rm->frame : 0, registered_from, "registered here; %.0f s of capture follow with no request to the PBX",
		                 (double)(registered_to - registered_from) / 1e6);
		finding_set(f, V_WARN, "No request from the provider (OPTIONS, INVITE) reached the PBX in %.0f s while registered",
		            (double)(registered_to - registered_from) / 1e6);
		finding_advice(f, "Call the trunk's number: if nothing arrives, the firewall or NAT drops inbound SIP (see fw.nat-keepalive) or the provider routes the number elsewhere.");
	}
}

void eval_fw_alg_setting(const struct check_ctx *ctx, struct finding *f)
{
	struct finding alg;
	memset(&alg, 0, sizeof alg);
	eval_fw_sip_alg(ctx, &alg);
	finding_set(f, V_UNKNOWN, "Manual step, not marked yet; fw.sip-alg says: %s", alg.summary);
	finding_advice(f, "Open the router or firewall settings and turn off \"SIP ALG\" / \"SIP helper\" / \"SIP fixup\"; then mark this step (--mark fw.alg-setting=pass).");
	for (size_t i = 0; i < alg.nev; i++)
		finding_evidence(f, alg.ev[i].frame, alg.ev[i].time, "%s", alg.ev[i].text);
}
