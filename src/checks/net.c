/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * net.c - group 1, internet and reachability: does the registrar's name
 * resolve, does anything answer, and does the path carry the packets.
 *
 *   DNS (capture or probe) ──> REGISTER / TCP SYN ──> response?
 *        │                          │                   ├── none by timer F
 *        │                          │                   ├── ICMP unreachable
 *        │                          │                   └── only after retransmits
 *        └── SRV targets ── failover?     TLS handshake, UDP size
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hostport.h"
#include "checks/groups.h"
#include "checks/util.h"
#include "probe/probe.h"
#include "store/store.h"
#include "trunk/profile.h"

#define RUN_PROBE_ADVICE "Run the probe (--probe, or the key in the screen) to test it from this host now."

static const char *rcode_name(uint8_t rc)
{
	switch (rc) {
	case 0: return "NOERROR";
	case 1: return "FORMERR";
	case 2: return "SERVFAIL";
	case 3: return "NXDOMAIN";
	case 4: return "NOTIMP";
	case 5: return "REFUSED";
	}
	return "error";
}

/* ---------------------------------------------------------------- DNS */

#define SRV_TARGETS_MAX 16
struct srv_target {
	char name[256];
	unsigned prio, weight, port;
	char addr[4][64];
	int naddr;
	bool failed;        /* its A/AAAA lookup failed */
	uint32_t frame;     /* the SRV answer that named it */
	usec_t time;
};

/* Is qname a name the trunk's lookups would ask: the domain itself, or its
 * SIP SRV names? */
static bool dns_name_of_domain(const char *qname, const char *domain)
{
	static const char *const pfx[] = { "", "_sip._udp.", "_sip._tcp.", "_sips._tcp.", "_sip._sctp." };
	for (size_t i = 0; i < sizeof pfx / sizeof *pfx; i++) {
		size_t n = strlen(pfx[i]);
		if (!strncasecmp(qname, pfx[i], n) && host_eq(qname + n, domain))
			return true;
	}
	return false;
}

/* Parses "prio weight port target" from an SRV answer's text. */
static bool parse_srv(const char *data, struct srv_target *t)
{
	memset(t, 0, sizeof *t);
	return sscanf(data, "%u %u %u %255s", &t->prio, &t->weight, &t->port, t->name) == 4;
}

static size_t collect_srv_targets(const struct store *st, const char *domain,
                                  struct srv_target *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < store_dns_count(st); i++) {
		const struct dns_event *d = store_dns(st, (uint32_t)i);
		if (!d->response || d->qtype != 33 || !dns_name_of_domain(store_str(st, d->qname), domain))
			continue;
		const struct dns_answer *a = store_dns_answers(st, d);
		for (uint16_t k = 0; a && k < d->answers_count && n < max; k++) {
			struct srv_target t;
			if (a[k].type != 33 || !parse_srv(store_str(st, a[k].data), &t))
				continue;
			bool dup = false;
			for (size_t j = 0; j < n; j++)
				dup |= host_eq(out[j].name, t.name) && out[j].port == t.port;
			if (!dup) {
				t.frame = d->frame;
				t.time = d->time;
				out[n++] = t;
			}
		}
	}
	/* their addresses, from A/AAAA answers seen */
	for (size_t j = 0; j < n; j++)
		for (size_t i = 0; i < store_dns_count(st); i++) {
			const struct dns_event *d = store_dns(st, (uint32_t)i);
			if (!d->response || (d->qtype != 1 && d->qtype != 28) ||
			    !host_eq(store_str(st, d->qname), out[j].name))
				continue;
			if (d->rcode || !d->answers_count)
				out[j].failed = true;
			const struct dns_answer *a = store_dns_answers(st, d);
			for (uint16_t k = 0; a && k < d->answers_count && out[j].naddr < 4; k++)
				if (a[k].type == 1 || a[k].type == 28)
					snprintf(out[j].addr[out[j].naddr++], 64, "%s", store_str(st, a[k].data));
		}
	return n;
}

static bool is_srv_target(const struct srv_target *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (host_eq(t[i].name, name))
			return true;
	return false;
}

/* Does a response answer this query (same id, name and type)? */
static bool dns_answered(const struct store *st, const struct dns_event *q)
{
	for (size_t i = 0; i < store_dns_count(st); i++) {
		const struct dns_event *r = store_dns(st, (uint32_t)i);
		if (r->response && r->id == q->id && r->qtype == q->qtype && r->time >= q->time &&
		    host_eq(store_str(st, r->qname), store_str(st, q->qname)))
			return true;
	}
	return false;
}

static void dns_from_probe(const struct check_ctx *ctx, struct finding *f)
{
	const struct probe_dns *pd = &ctx->probes->dns;
	if (pd->is_literal)
		return;
	for (size_t i = 0; i < pd->nlookups && i < PROBE_DNS_LOOKUPS; i++) {
		const struct probe_dns_lookup *l = &pd->lookups[i];
		if (l->outcome == PROBE_OK && l->nans)
			for (size_t k = 0; k < l->nans && k < PROBE_DNS_ANSWERS; k++) {
				const struct probe_dns_answer *a = &l->ans[k];
				if (a->type == PROBE_RR_SRV)
					finding_evidence(f, 0, 0, "probe: %s SRV prio %u weight %u port %u -> %s",
					                 l->name, a->priority, a->weight, a->port, a->data);
				else
					finding_evidence(f, 0, 0, "probe: %s %s %s", l->name, dns_type_name(a->type), a->data);
			}
		else if (l->outcome != PROBE_NOT_RUN && !(l->outcome == PROBE_OK && l->nodata))
			finding_evidence(f, 0, 0, "probe: %s %s: %s", l->name, dns_type_name(l->type),
			                 l->rcode[0] ? l->rcode : l->error[0] ? l->error : "no answer");
	}
	switch (pd->outcome) {
	case PROBE_OK:
		if (finding_raise(f, V_PASS, "The probe resolved %s from this host", ctx->probes->registrar))
			finding_advice(f, "Nothing to do for DNS.");
		break;
	case PROBE_NO_ANSWER:
		if (finding_raise(f, V_FAIL, "The probe got no answer from the DNS server (%s) for %s",
		                  pd->server, ctx->probes->registrar))
			finding_advice(f, "Check the PBX's resolver setting and that the firewall lets it reach its DNS server (UDP/TCP 53).");
		break;
	case PROBE_FAILED:
		if (finding_raise(f, V_FAIL, "The probe could not resolve %s: %s", ctx->probes->registrar,
		                  pd->error[0] ? pd->error : "no address records"))
			finding_advice(f, "Check the registrar name for typos against the provider's documentation; if it is right, the provider's DNS is at fault: tell them which name fails and the answer (RFC 3263).");
		break;
	default:
		break;
	}
}

void eval_net_dns_registrar(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	char domain[PROFILE_FIELD_MAX];
	const char *from;
	trunk_domain(ctx, domain, sizeof domain, &from);

	if (domain[0] && addr_classify(domain) != ADDR_NOT_IP) {
		finding_set(f, V_SKIPPED, "The registrar is an IP address (%s, from %s): no DNS needed", domain, from);
		finding_advice(f, "If the provider gave a name, prefer it: their addresses can change.");
		return;
	}
	if (!domain[0]) {
		finding_set(f, V_UNKNOWN, "No registrar name known: give --registrar (or --trunk), or capture the PBX's DNS lookups");
		finding_advice(f, "%s", RUN_PROBE_ADVICE);
		return;
	}

	struct srv_target tg[SRV_TARGETS_MAX];
	size_t ntg = collect_srv_targets(st, domain, tg, SRV_TARGETS_MAX);
	bool addr_ok = false, srv_ok = false, any = false;
	int targets_failed = 0;
	const struct dns_event *name_fail = NULL;   /* the domain itself failed */
	const struct dns_event *srv_fail = NULL;    /* a SIP SRV name failed */

	for (size_t i = 0; i < store_dns_count(st); i++) {
		const struct dns_event *d = store_dns(st, (uint32_t)i);
		const char *q = store_str(st, d->qname);
		bool target = is_srv_target(tg, ntg, q);
		bool bare = host_eq(q, domain);
		if (!dns_name_of_domain(q, domain) && !target)
			continue;
		any = true;
		bool addr_q = d->qtype == 1 || d->qtype == 28;
		bool failed = false;
		if (!d->response) {
			if (dns_answered(st, d) || ctx->now - d->time <= 5000000)
				continue;
			finding_evidence(f, d->frame, d->time, "%s %s query never answered", q, dns_type_name(d->qtype));
			failed = true;
		} else if (d->rcode == 0 && d->answers_count) {
			const struct dns_answer *a = store_dns_answers(st, d);
			for (uint16_t k = 0; a && k < d->answers_count; k++)
				finding_evidence(f, d->frame, d->time, "%s %s -> %s", q, dns_type_name(a[k].type),
				                 store_str(st, a[k].data));
			if (addr_q)
				addr_ok = true;
			else if (d->qtype == 33 || d->qtype == 35)
				srv_ok = true;
		} else {
			finding_evidence(f, d->frame, d->time, "%s %s: %s%s", q, dns_type_name(d->qtype),
			                 rcode_name(d->rcode), d->rcode == 0 ? " with no answer" : "");
			failed = true;
		}
		if (!failed)
			continue;
		if (target && !bare)
			targets_failed += addr_q;
		else if (bare && (addr_q || (d->response && d->rcode == 3)))
			name_fail = name_fail ? name_fail : d;   /* NXDOMAIN on any type: the name does not exist */
		else if (!bare && !srv_fail)
			srv_fail = d;
		else if (bare && !srv_fail)
			srv_fail = d;                               /* NAPTR empty: SRV may still work */
	}

	bool targets_ok = false;
	for (size_t j = 0; j < ntg; j++)
		targets_ok |= tg[j].naddr > 0;
	const struct dns_event *fail = name_fail ? name_fail : srv_fail;
	bool soft_srv_fail = !name_fail && srv_fail && srv_fail->response &&
	                     (srv_fail->rcode == 0 || srv_fail->rcode == 3);

	if (addr_ok || (srv_ok && !name_fail)) {
		if (targets_failed && ntg) {
			finding_set(f, targets_ok ? V_WARN : V_FAIL,
			            "%s has SRV records, but %d of their targets do not resolve", domain, targets_failed);
			finding_advice(f, "Tell the provider: their SRV records for %s point to hosts without address records (RFC 3263 §4.2).", domain);
		} else {
			finding_pass_for(f, "DNS", "%s resolves (%s%s)", domain, srv_ok ? "SRV" : "address records",
			                 srv_fail && !srv_ok ? "; no SIP SRV, the A/AAAA fallback of RFC 3263 works" : "");
		}
	} else if (fail && !soft_srv_fail) {
		const char *q = store_str(st, fail->qname);
		if (!fail->response)
			finding_set(f, V_FAIL, "The DNS server did not answer the lookup of %s (%s)", q, dns_type_name(fail->qtype));
		else if (fail->rcode == 0)
			finding_set(f, V_FAIL, "DNS: %s has no %s record (empty answer)", q, dns_type_name(fail->qtype));
		else
			finding_set(f, V_FAIL, "DNS lookup of %s failed: %s", q, rcode_name(fail->rcode));
		finding_advice(f, "%s", fail->response && fail->rcode == 3
			? "NXDOMAIN: the name does not exist. Check the registrar name in the PBX against the provider's documentation (typo, old domain)."
			: fail->response && fail->rcode == 2
			? "SERVFAIL: the DNS server could not answer. Try another resolver (--probe --dns-server); if every resolver fails, tell the provider their zone is broken."
			: fail->response
			? "The name exists but has no address: check the registrar name with the provider, or use the host name they give for SIP."
			: "Check the PBX's DNS server setting and that the firewall lets DNS (UDP/TCP 53) out.");
	} else if (soft_srv_fail) {
		finding_set(f, V_WARN, "No SIP SRV/NAPTR records for %s, and no A/AAAA lookup followed", domain);
		finding_advice(f, "RFC 3263 §4.2: without SRV records the PBX must look up the A/AAAA record of %s. Check the PBX resolves the name, or ask the provider which host and port to use.", domain);
	} else if (!any) {
		finding_set(f, V_UNKNOWN, "No DNS lookup of %s (from %s) in the capture; the PBX may have it cached", domain, from);
		finding_advice(f, "%s", RUN_PROBE_ADVICE);
	} else {
		finding_set(f, V_UNKNOWN, "DNS lookups of %s seen, but no answer yet", domain);
		finding_advice(f, "%s", RUN_PROBE_ADVICE);
	}
	if (ctx->probes)
		dns_from_probe(ctx, f);
}

/* ---------------------------------------------------- registrar answers */

/* The ICMP unreachable (if any) that quotes a packet from src to dst at or
 * after `since` and before `until`. */
static const struct icmp_event *icmp_for(const struct store *st, ep_id src, ep_id dst,
                                         usec_t since, usec_t until)
{
	for (size_t i = 0; i < store_icmp_count(st); i++) {
		const struct icmp_event *e = store_icmp(st, (uint32_t)i);
		if (e->unreachable && e->quoted_src == src && e->quoted_dst == dst &&
		    e->time >= since && e->time <= until)
			return e;
	}
	return NULL;
}

static const char *icmp_what(const struct icmp_event *e)
{
	if (e->port_unreachable)
		return "port unreachable";
	if (e->family == 4)
		switch (e->code) {
		case 0: return "network unreachable";
		case 1: return "host unreachable";
		case 9: case 10: case 13: return "administratively prohibited";
		}
	if (e->family == 6)
		switch (e->code) {
		case 1: return "administratively prohibited";
		case 3: return "address unreachable";
		}
	return "unreachable";
}

/* A REGISTER retransmitted after its response arrived: the response never
 * reached the PBX's socket. */
static bool retransmitted_after(const struct store *st, const struct sip_txn *t, usec_t when)
{
	const uint32_t *ix = store_txn_msgs(st, t);
	for (uint32_t i = 0; ix && i < t->msgs_count; i++) {
		const struct sip_msg *m = store_msg(st, ix[i]);
		if (m->method != M_NONE && (m->flags & MF_RETRANS) && m->time > when)
			return true;
	}
	return false;
}

/* Responses that went to a port the PBX does not listen on (RFC 3581):
 * Via sent-by port != source port, no rport, and ICMP port unreachable or a
 * retransmission proves the response was not taken. */
static bool check_response_port(const struct check_ctx *ctx, const struct sip_txn *t,
                                const struct sip_msg *req, struct finding *f)
{
	const struct store *st = ctx->store;
	const struct sip_msg *resp = txn_first_response(st, t);
	if (!resp || req->transport != TP_UDP || store_msg_hdr(st, resp)->dst == store_msg_hdr(st, req)->src)
		return false;
	const struct sip_hdrset *qh = store_msg_hdr(st, req), *rh = store_msg_hdr(st, resp);
	const struct endpoint *rs = store_ep(st, qh->src), *rd = store_ep(st, rh->dst);
	if (!rs || !rd || rs->port == rd->port)
		return false;
	const struct icmp_event *e = icmp_for(st, rh->src, rh->dst, resp->time, resp->time + 2000000);
	if (!e && !retransmitted_after(st, t, resp->time))
		return false;
	char a[64], b[64];
	finding_evidence(f, req->frame, req->time, "REGISTER from %s, Via sent-by port %u%s",
	                 store_ep_fmt(st, qh->src, a, sizeof a), qh->via_port ? qh->via_port : 5060,
	                 (req->flags & MF_RPORT) ? "" : ", no rport");
	finding_evidence(f, resp->frame, resp->time, "%u response sent to %s", resp->status,
	                 store_ep_fmt(st, rh->dst, b, sizeof b));
	if (e)
		finding_evidence(f, e->frame, e->time, "ICMP %s from %s for that response", icmp_what(e),
		                 store_ep_fmt(st, e->from, a, sizeof a));
	uint16_t via_port = qh->via_port ? qh->via_port : 5060;
	bool pbx_fault = via_port == rd->port && !(req->flags & MF_RPORT);
	if (!finding_raise(f, V_FAIL, "Responses go to port %u, where the PBX does not listen (it sends from port %u)",
	                   rd->port, rs->port))
		return true;
	if (pbx_fault)
		finding_advice(f, "The REGISTER's Via names port %u but leaves from port %u without ;rport, so the provider answers to the Via port (RFC 3261 §18.2.2). Make the PBX send from the port it advertises, or enable rport (RFC 3581) in the PBX.",
		               via_port, rs->port);
	else
		finding_advice(f, "The provider answers to port %u although the Via says %u%s: tell the provider their responses ignore the Via%s (RFC 3261 §18.2.2, RFC 3581).",
		               rd->port, via_port, (req->flags & MF_RPORT) ? " with ;rport" : "",
		               (req->flags & MF_RPORT) ? " and rport" : "");
	return true;
}

/* Responses that come from another address (or port) than the REGISTER went
 * to, after which the PBX kept re-sending the same request: the PBX never
 * saw them.  A stateful firewall passes replies only from the address the
 * request went to and drops these asymmetric ones. */
static bool check_response_source(const struct check_ctx *ctx, const struct sip_txn *t,
                                  const struct sip_msg *req, struct finding *f)
{
	const struct store *st = ctx->store;
	const struct sip_msg *resp = txn_first_response(st, t);
	if (!resp || store_msg_hdr(st, resp)->src == store_msg_hdr(st, req)->dst || store_msg_hdr(st, resp)->dst != store_msg_hdr(st, req)->src)
		return false;
	const struct sip_hdrset *qh = store_msg_hdr(st, req), *rh = store_msg_hdr(st, resp);
	unsigned again = txn_copies_after(st, t, resp->time, 200000);
	if (!again)
		return false;
	unsigned answers = 0;
	const uint32_t *ix = store_txn_msgs(st, t);
	for (uint32_t i = 0; ix && i < t->msgs_count; i++)
		answers += store_msg(st, ix[i])->method == M_NONE;
	char a[64], b[64];
	finding_evidence(f, req->frame, req->time, "REGISTER to %s, sent %u time%s", store_ep_fmt(st, qh->dst, a, sizeof a),
	                 t->request_copies, t->request_copies == 1 ? "" : "s");
	finding_evidence(f, resp->frame, resp->time, "%u from %s (%u response%s from there), yet %u more cop%s of the same REGISTER followed",
	                 resp->status, store_ep_fmt(st, rh->src, b, sizeof b), answers, answers == 1 ? "" : "s",
	                 again, again == 1 ? "y" : "ies");
	if (finding_raise(f, V_FAIL, "The PBX never saw the %u responses: they come from %s, not %s where the REGISTER went, and a firewall drops them",
	                  resp->status, b, a))
		finding_advice(f, "The PBX re-sent the same REGISTER as if nothing came back: the host's or the router's stateful firewall passes replies only from the address a request went to. Allow SIP from all of the provider's signalling addresses (ask them for the list), or ask them to answer from the address the request went to (RFC 3261 §18.2.2).");
	return true;
}

/* The first REGISTER of r after the k-th, sent from the same address and
 * answered; NULL if none.  Sent to another destination, it is the PBX
 * moving to the next target (SRV failover, RFC 3263 §4.3) and it worked. */
static const struct sip_msg *answered_later(const struct check_ctx *ctx, const struct registration *r, uint32_t k)
{
	const struct store *st = ctx->store;
	const struct sip_msg *req = txn_request(st, reg_txn(st, r, k));
	for (uint32_t j = k + 1; req && j < r->txns_count && j <= k + 64; j++) {
		const struct sip_txn *t = reg_txn(st, r, j);
		const struct sip_msg *m = txn_request(st, t);
		if (!m || store_msg_hdr(st, m)->src != store_msg_hdr(st, req)->src || m->time <= req->time)
			continue;
		enum txn_outcome o = txn_outcome(ctx, t);
		if (o == TXN_ANSWERED || o == TXN_PROVISIONAL)
			return m;
	}
	return NULL;
}

/* How long an unanswered REGISTER may wait before the silence is a sign:
 * a registrar answers in well under a second, and by the third retransmission
 * or after 4 s (T2, RFC 3261 §17.1.1.2) nothing is on its way. */
#define EARLY_COPIES 4
#define EARLY_USEC (4 * 1000000LL)

static bool is_sip_port(uint16_t port, uint16_t profile_port)
{
	return port == 5060 || port == 5061 || (profile_port && port == profile_port);
}

/* Is the endpoint's address one the PBX registers from?  (A SYN to it is
 * the provider connecting in, not the PBX connecting out.) */
static bool is_pbx_address(const struct check_ctx *ctx, const struct endpoint *e)
{
	const struct store *st = ctx->store;
	for (size_t i = 0; i < store_reg_count(st) && i < REGS_MAX; i++) {
		const struct endpoint *p = store_ep(st, store_reg(st, (uint32_t)i)->pbx);
		if (p && e && p->family == e->family && !memcmp(p->addr, e->addr, e->family == 4 ? 4 : 16))
			return true;
	}
	return false;
}

/* TCP connections to the registrar that were refused or never answered. */
static void check_tcp_connects(const struct check_ctx *ctx, struct finding *f, int *connected)
{
	const struct store *st = ctx->store;
	char host[PROFILE_FIELD_MAX];
	uint16_t pport;
	hostport_of_uri(ctx->profile->registrar, host, sizeof host, &pport);
	size_t n = store_tcp_count(st);
	int judged = 0;   /* each connection costs a scan: the first few tell the story */
	for (size_t i = 0; i < n && judged < 32; i++) {
		const struct tcp_event *syn = store_tcp(st, (uint32_t)i);
		const struct endpoint *d = store_ep(st, syn->dst);
		if (syn->kind != TCP_SYN || !d || !is_sip_port(d->port, pport) || is_pbx_address(ctx, d) ||
		    store_ep_is_own(st, syn->src))   /* trunkdoc's own probe, not the PBX */
			continue;
		bool earlier = false;
		for (size_t j = 0; j < i && !earlier; j++) {
			const struct tcp_event *o = store_tcp(st, (uint32_t)j);
			earlier = o->kind == TCP_SYN && o->src == syn->src && o->dst == syn->dst;
		}
		if (earlier)
			continue;
		judged++;
		const struct tcp_event *ack = NULL, *rst = NULL;
		int copies = 0;
		usec_t last_syn = syn->time;
		for (size_t j = i; j < n; j++) {
			const struct tcp_event *o = store_tcp(st, (uint32_t)j);
			if (o->kind == TCP_SYN && o->src == syn->src && o->dst == syn->dst) {
				copies++;
				last_syn = o->time;
			} else if (o->src == syn->dst && o->dst == syn->src) {
				if (o->kind == TCP_SYNACK && !ack && !rst)
					ack = o;
				else if (o->kind == TCP_RST && !ack && !rst)
					rst = o;
			}
		}
		char a[64], b[64];
		store_ep_fmt(st, syn->src, a, sizeof a);
		store_ep_fmt(st, syn->dst, b, sizeof b);
		if (ack) {
			(*connected)++;
			finding_evidence(f, ack->frame, ack->time, "TCP connection %s -> %s accepted", a, b);
		} else if (rst) {
			finding_evidence(f, syn->frame, syn->time, "TCP SYN %s -> %s", a, b);
			finding_evidence(f, rst->frame, rst->time, "TCP RST from %s: connection refused", b);
			if (finding_raise(f, V_FAIL, "The registrar %s refused the TCP connection (RST)", b))
				finding_advice(f, "Nothing listens for SIP over TCP there, or a firewall rejects it. Check the port and transport with the provider (many accept UDP only), or the address is wrong.");
		} else {
			const struct icmp_event *e = icmp_for(st, syn->src, syn->dst, syn->time, last_syn + 3000000);
			if (!e && copies < 2 && ctx->now - syn->time < 3000000)
				continue;   /* the capture ends too soon to say */
			finding_evidence(f, syn->frame, syn->time, "TCP SYN %s -> %s sent %d time%s, never answered",
			                 a, b, copies, copies == 1 ? "" : "s");
			if (e)
				finding_evidence(f, e->frame, e->time, "ICMP %s from the path", icmp_what(e));
			if (finding_raise(f, V_FAIL, "The TCP connection to the registrar %s is never answered (%d SYNs)", b, copies))
				finding_advice(f, "A firewall drops the connection, or the address or port is wrong. Check outbound TCP %u is allowed, then ask the provider whether %s accepts TCP.",
				               store_ep(st, syn->dst)->port, b);
		}
	}
}

void eval_net_registrar_answers(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int answered = 0, pending = 0, connected = 0, unanswered = 0, failed_over = 0;
	char a[64], b[64];

	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *req = txn_request(st, t);
		if (!req)
			continue;
		const struct sip_hdrset *qh = store_msg_hdr(st, req);
		if (check_response_port(ctx, t, req, f) || check_response_source(ctx, t, req, f))
			continue;
		enum txn_outcome o = txn_outcome(ctx, t);
		const struct sip_msg *later = o == TXN_TIMED_OUT || o == TXN_PENDING ? answered_later(ctx, w.r, w.k) : NULL;
		const struct sip_msg *over = later && store_msg_hdr(st, later)->dst != qh->dst ? later : NULL;
		if (over) {
			/* a silent target the PBX left for one that answered: the
			 * provider's server is down, the trunk is not */
			store_ep_fmt(st, qh->dst, a, sizeof a);
			store_ep_fmt(st, store_msg_hdr(st, over)->dst, b, sizeof b);
			finding_evidence(f, req->frame, req->time, "REGISTER to %s sent %u time%s, no response", a,
			                 t->request_copies, t->request_copies == 1 ? "" : "s");
			finding_evidence(f, over->frame, over->time, "the PBX moved on to %s, which answered", b);
			if (!failed_over++ && finding_raise(f, V_WARN, "%s did not answer; the PBX failed over to %s, which answered", a, b))
				finding_advice(f, "Failover worked (RFC 3263 §4.3). Tell the provider their server %s does not answer REGISTER, with the times.", a);
			continue;
		}
		if (o == TXN_ANSWERED || o == TXN_PROVISIONAL) {
			if (!answered++)
				finding_evidence(f, req->frame, req->time, "REGISTER to %s answered: %u",
				                 store_ep_fmt(st, qh->dst, a, sizeof a),
				                 txn_first_response(st, t)->status);
			continue;
		}
		usec_t until = o == TXN_TIMED_OUT ? store_txn_first_time(st, t) + TIMER_F_USEC : ctx->now;
		/* each lookup scans the ICMP events: the first attempts tell the story */
		const struct icmp_event *e = ++unanswered <= 64 ?
			icmp_for(st, qh->src, qh->dst, req->time, until + 1000000) : NULL;
		if (e) {
			finding_evidence(f, req->frame, req->time, "REGISTER %s -> %s",
			                 store_ep_fmt(st, qh->src, a, sizeof a), store_ep_fmt(st, qh->dst, b, sizeof b));
			finding_evidence(f, e->frame, e->time, "ICMP %s from %s", icmp_what(e),
			                 store_ep_fmt(st, e->from, a, sizeof a));
			if (finding_raise(f, V_FAIL, "The REGISTER to %s is answered by ICMP %s from %s",
			                  b, icmp_what(e), a))
				finding_advice(f, "%s", e->port_unreachable
					? "Nothing listens for SIP at that address and port: check the registrar's address, port and transport with the provider."
					: "The path to the registrar is blocked: check routing and the firewall, and the registrar's address.");
		} else if (o == TXN_TIMED_OUT) {
			finding_evidence(f, req->frame, req->time, "REGISTER %s -> %s sent %u time%s, no response within %.0f s",
			                 store_ep_fmt(st, qh->src, a, sizeof a), store_ep_fmt(st, qh->dst, b, sizeof b),
			                 t->request_copies, t->request_copies == 1 ? "" : "s", TIMER_F_USEC / 1e6);
			if (finding_raise(f, V_FAIL, "No response from the registrar %s: firewall, routing or wrong registrar address", b))
				finding_advice(f, "The REGISTER was retransmitted until timer F (32 s, RFC 3261 §17.1.1.2) with nothing back. Check the registrar's address and port, that outbound UDP/TCP 5060 is allowed, then ask the provider whether they see the requests from your public address.");
		} else {
			pending++;
			usec_t waited = ctx->now - req->time;
			/* silence is a sign unless the same registrar answered a later
			 * REGISTER (the PBX gave this one up for a new attempt) */
			if (!later && (t->request_copies >= EARLY_COPIES || waited >= EARLY_USEC)) {
				finding_evidence(f, req->frame, req->time, "REGISTER %s -> %s sent %u time%s over %.1f s, no response so far",
				                 store_ep_fmt(st, qh->src, a, sizeof a), store_ep_fmt(st, qh->dst, b, sizeof b),
				                 t->request_copies, t->request_copies == 1 ? "" : "s", (double)waited / 1e6);
				if (finding_raise(f, V_WARN, "No answer so far after %u sends over %.1f s from the registrar %s",
				                  t->request_copies, (double)waited / 1e6, b)) {
					f->leads = true;
					finding_advice(f, "A registrar answers in well under a second; the PBX retransmits until timer F (32 s, RFC 3261 §17.1.1.2) and then gives up. Check the registrar's address and port, that outbound UDP/TCP 5060 is allowed, and ask the provider whether they see the requests from your public address.");
				}
			}
		}
	}
	check_tcp_connects(ctx, f, &connected);
	if (finding_settled(f))
		return;
	if (f->verdict == V_WARN)
		return;
	if (answered) {
		finding_pass_for(f, "reachability", "The registrar answered %s REGISTER", pending ? "every finished" : "every");
	} else if (pending) {
		finding_set(f, V_UNKNOWN, "The capture ends before the REGISTER could be answered or time out");
		finding_advice(f, "Capture longer (at least 32 s after the REGISTER).");
	} else if (connected) {
		finding_set(f, V_UNKNOWN, "TCP connections to the registrar open, but no REGISTER seen in them");
		finding_advice(f, "If the trunk uses TLS the REGISTERs are encrypted: see net.tls-handshake.");
	} else if (store_tls_count(st)) {
		finding_set(f, V_UNKNOWN, "No readable REGISTER: the SIP in this capture is encrypted (TLS)");
		finding_advice(f, "trunkdoc cannot read SIP inside TLS. Judge the connection by net.tls-handshake, or capture with the trunk switched to UDP/TCP for the test.");
	} else {
		finding_set(f, V_UNKNOWN, "No REGISTER in the capture");
		finding_advice(f, "Capture while the PBX registers (restart the trunk or wait for its retry).");
	}
}

/* -------------------------------------------------------- SRV failover */

static bool addr_in_targets(const struct srv_target *tg, size_t n, const char *addr)
{
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < tg[i].naddr; k++)
			if (host_eq(tg[i].addr[k], addr))
				return true;
	return false;
}

void eval_net_srv_failover(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	char domain[PROFILE_FIELD_MAX], addr[64];
	const char *from;
	trunk_domain(ctx, domain, sizeof domain, &from);
	if (domain[0] && addr_classify(domain) != ADDR_NOT_IP) {
		finding_set(f, V_SKIPPED, "The registrar is an IP address: no SRV, no failover");
		finding_advice(f, "If the provider offers several servers under an SRV name, use the name so the PBX can fail over (RFC 3263 §4.3).");
		return;
	}
	struct srv_target tg[SRV_TARGETS_MAX];
	size_t ntg = domain[0] ? collect_srv_targets(st, domain, tg, SRV_TARGETS_MAX) : 0;
	size_t naddr = 0;
	for (size_t i = 0; i < ntg; i++)
		naddr += (size_t)tg[i].naddr;
	if (ntg == 0) {
		finding_set(f, V_UNKNOWN, "No SRV answer for %s in the capture", domain[0] ? domain : "the registrar");
		finding_advice(f, "%s", RUN_PROBE_ADVICE);
		return;
	}
	for (size_t i = 0; i < ntg; i++)
		finding_evidence(f, tg[i].frame, tg[i].time, "SRV target %s port %u, priority %u weight %u%s", tg[i].name, tg[i].port,
		                 tg[i].prio, tg[i].weight, tg[i].naddr ? "" : " (address not seen)");

	/* REGISTER transactions in capture order, across registrations */
	struct reg_walk w;
	const struct sip_txn *prev_bad = NULL;
	int failovers = 0, hammer = 0, outside = 0;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *req = txn_request(st, t);
		if (!req)
			continue;
		ep_addr_text(store_ep(st, store_msg_hdr(st, req)->dst), addr, sizeof addr);
		if (naddr && !addr_in_targets(tg, ntg, addr)) {
			if (!outside++) {
				finding_evidence(f, req->frame, req->time, "REGISTER sent to %s, not an SRV target", addr);
				if (finding_raise(f, V_WARN, "The PBX registers to %s, which is not among the SRV targets of %s", addr, domain))
					finding_advice(f, "The PBX uses a fixed IP address: point it at the SRV name %s so it follows the provider's servers and fails over (RFC 3263).", domain);
			}
		}
		if (prev_bad) {
			const struct sip_msg *pr = txn_request(st, prev_bad);
			if (store_msg_hdr(st, pr)->dst == store_msg_hdr(st, req)->dst) {
				if (!hammer++) {
					finding_evidence(f, req->frame, req->time, "next REGISTER goes to the same failed target %s", addr);
					if (finding_raise(f, V_WARN, "After %s failed, the PBX keeps sending to it instead of the next SRV target", addr))
						finding_advice(f, "RFC 3263 §4.3: after a timeout or 503 the client should try the next SRV target. Check the PBX resolves SRV (not just A) and has failover enabled.");
				}
			} else {
				failovers++;
				finding_evidence(f, req->frame, req->time, "failed over to %s", addr);
			}
			prev_bad = NULL;
		}
		enum txn_outcome o = txn_outcome(ctx, t);
		if (o == TXN_TIMED_OUT || (o == TXN_ANSWERED && t->final_status == 503)) {
			prev_bad = t;
			finding_evidence(f, req->frame, req->time, "REGISTER to %s %s", addr,
			                 o == TXN_TIMED_OUT ? "timed out" : "got 503");
		}
	}
	if (finding_settled(f))
		return;
	if (failovers)
		finding_set(f, V_PASS, "After a failed target the PBX moved to the next SRV target");
	else if (ntg < 2)
		finding_set(f, V_SKIPPED, "SRV lists a single target: nothing to fail over to");
	else if (outside == 0 && naddr)
		finding_set(f, V_SKIPPED, "SRV lists %zu targets and none failed: failover not needed", ntg);
	else
		finding_set(f, V_UNKNOWN, "SRV lists %zu targets; no failure seen to judge failover by", ntg);
	finding_advice(f, "Nothing to do.");
}

/* ----------------------------------------------------- retransmissions */

void eval_net_retransmissions(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	struct reg_walk w;
	int first_try = 0, late = 0, server_timeout = 0;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *req = txn_request(st, t);
		const struct sip_msg *resp = txn_first_response(st, t);
		if (!req || !resp)
			continue;
		/* 408 and 504 are a server's own timer running out (RFC 3261
		 * §16.7, §21.5.5): the request reached it, and the retransmissions
		 * before them wait for that timer, not for lost packets. */
		if (resp->status == 408 || resp->status == 504) {
			if (!server_timeout++)
				finding_evidence(f, resp->frame, resp->time, "%u %s after %.1f s: the server's own timeout, not packet loss",
				                 resp->status, store_str(st, store_msg_hdr(st, resp)->reason), (double)(resp->time - req->time) / 1e6);
			continue;
		}
		/* copies of the request before the first response (a copy
		 * stamped a few ms after it crossed it: a retransmission
		 * comes T1 = 500 ms later; store.h) */
		unsigned before = 0;
		const uint32_t *ix = store_txn_msgs(st, t);
		for (uint32_t i = 0; ix && i < t->msgs_count; i++) {
			const struct sip_msg *m = store_msg(st, ix[i]);
			if (m->method != M_NONE && m->time <= resp->time + STORE_PAIR_NEXT_USEC)
				before++;
		}
		if (before <= 1) {
			if (!first_try++)
				finding_evidence(f, resp->frame, resp->time, "%u answered in %.0f ms, first transmission",
				                 resp->status, resp->time > req->time ? (double)(resp->time - req->time) / 1000.0 : 0.0);
			continue;
		}
		late++;
		finding_evidence(f, resp->frame, resp->time, "%u arrived after %u copies of the REGISTER (first frame %u), %.1f s late",
		                 resp->status, before, req->frame, (double)(resp->time - req->time) / 1e6);
	}
	if (late) {
		finding_set(f, V_WARN, "%d REGISTER%s answered only after retransmissions: packet loss on the path",
		            late, late == 1 ? " was" : "s were");
		finding_advice(f, "Requests or responses are lost (RFC 3261 §17.1.1.2 retransmits every 0.5, 1, 2, 4 s). Check the line for loss (ping with many packets, the router's error counters); if it continues, give the provider the times and Call-IDs.");
	} else if (first_try) {
		finding_pass(f, "Every response arrived on the first transmission (%d)", first_try);
	} else if (server_timeout) {
		finding_set(f, V_PASS, "No packet loss seen: the request reached the server, whose own timeout answered it (see prov.final-response)");
		finding_advice(f, "Nothing to do for the path.");
	} else {
		finding_set(f, V_UNKNOWN, "No answered REGISTER to judge");
	}
}

/* ------------------------------------------------------------- probes */

void eval_net_ping_registrar(const struct check_ctx *ctx, struct finding *f)
{
	if (!ctx->probes) {
		finding_set(f, V_UNKNOWN, "Not probed yet");
		finding_advice(f, "%s", RUN_PROBE_ADVICE);
		return;
	}
	const struct probe_ping *p = &ctx->probes->ping;
	switch (p->outcome) {
	case PROBE_OK:
		finding_pass(f, "%s answers ping in %u ms", p->target, p->rtt_ms);
		finding_evidence(f, 0, 0, "probe: ICMP echo to %s, %u ms", p->target, p->rtt_ms);
		break;
	case PROBE_NO_ANSWER:
	case PROBE_REFUSED:
	case PROBE_FAILED:
		finding_set(f, V_WARN, "%s does not answer ping; many providers drop ping, so this alone is not a fault",
		            p->target[0] ? p->target : ctx->probes->registrar);
		finding_evidence(f, 0, 0, "probe: ICMP echo to %s: %s", p->target, p->error[0] ? p->error : "no answer");
		finding_advice(f, "Judge reachability by net.options-ping and net.registrar-answers instead.");
		break;
	case PROBE_NOT_PERMITTED:
		finding_set(f, V_UNKNOWN, "Ping needs raw-socket privilege here");
		finding_advice(f, "Run ping by hand from the PBX host, or give trunkdoc CAP_NET_RAW.");
		break;
	default:
		finding_set(f, V_UNKNOWN, "Ping not run: %s", p->error[0] ? p->error : "no address to ping");
		finding_advice(f, "Check the registrar name resolves (net.dns-registrar).");
		break;
	}
}

void eval_net_options_ping(const struct check_ctx *ctx, struct finding *f)
{
	static const char *const tname[PROBE__TRANSPORTS] = { "UDP", "TCP", "TLS" };
	if (!ctx->probes) {
		finding_set(f, V_UNKNOWN, "Not probed yet");
		finding_advice(f, "%s", RUN_PROBE_ADVICE);
		return;
	}
	int ok = 0, bad = 0;
	char okl[64] = "", badl[64] = "";
	for (int i = 0; i < PROBE__TRANSPORTS; i++) {
		const struct probe_options *o = &ctx->probes->options[i];
		if (o->outcome == PROBE_NOT_RUN)
			continue;
		if (o->outcome == PROBE_OK) {
			ok++;
			snprintf(okl + strlen(okl), sizeof okl - strlen(okl), "%s%s", *okl ? ", " : "", tname[i]);
			finding_evidence(f, 0, 0, "probe: OPTIONS over %s to %s: %d %s in %u ms", tname[i], o->target,
			                 o->status, o->reason, o->rtt_ms);
		} else {
			bad++;
			snprintf(badl + strlen(badl), sizeof badl - strlen(badl), "%s%s", *badl ? ", " : "", tname[i]);
			finding_evidence(f, 0, 0, "probe: OPTIONS over %s to %s: %s", tname[i], o->target,
			                 o->error[0] ? o->error : "no answer");
		}
	}
	if (ok) {
		finding_pass(f, "The registrar answers SIP OPTIONS over %s%s%s", okl,
		             bad ? "; no answer over " : "", bad ? badl : "");
		if (bad)
			finding_advice(f, "Use a transport that answered, unless the provider says otherwise.");
	} else if (bad) {
		finding_set(f, V_FAIL, "No answer to SIP OPTIONS over %s", badl);
		finding_advice(f, "The registrar is not reachable for SIP from this host: check the firewall lets SIP out (UDP/TCP 5060, TLS 5061) and the registrar's address; then give the provider your public address and the times.");
	} else {
		finding_set(f, V_UNKNOWN, "OPTIONS probe not run");
		finding_advice(f, "Check the registrar name resolves (net.dns-registrar).");
	}
}

/* --------------------------------------------------------------- TLS */

static const char *tls_alert_name(uint8_t d)
{
	switch (d) {
	case 0: return "close_notify";
	case 10: return "unexpected_message";
	case 20: return "bad_record_mac";
	case 40: return "handshake_failure";
	case 42: return "bad_certificate";
	case 43: return "unsupported_certificate";
	case 44: return "certificate_revoked";
	case 45: return "certificate_expired";
	case 46: return "certificate_unknown";
	case 47: return "illegal_parameter";
	case 48: return "unknown_ca";
	case 49: return "access_denied";
	case 50: return "decode_error";
	case 51: return "decrypt_error";
	case 70: return "protocol_version";
	case 71: return "insufficient_security";
	case 80: return "internal_error";
	case 86: return "inappropriate_fallback";
	case 90: return "user_canceled";
	case 109: return "missing_extension";
	case 112: return "unrecognized_name";
	case 116: return "certificate_required";
	case 120: return "no_application_protocol";
	}
	return "alert";
}

/* Does the trunk use TLS?  The profile's transport says so outright; else
 * the trunk's REGISTERs (over TLS, a sips: Request-URI or transport=tls);
 * else the NAPTR/SRV answers for its domain (SIPS+D2T, _sips._tcp). */
static bool trunk_uses_tls(const struct check_ctx *ctx, bool *known, const char **why)
{
	const struct store *st = ctx->store;
	*known = false;
	*why = "";
	if (ctx->profile->transport[0]) {
		*known = true;
		*why = "the profile's transport";
		return !strcasecmp(ctx->profile->transport, "tls");
	}
	struct reg_walk w;
	for (const struct sip_txn *t = reg_walk_first(&w, ctx); t; t = reg_walk_next(&w)) {
		const struct sip_msg *m = txn_request(st, t);
		if (!m || m->method != M_REGISTER)
			continue;
		const char *ruri = store_str(st, store_msg_hdr(st, m)->ruri);
		*known = true;
		*why = "the trunk's REGISTER";
		return m->transport == TP_TLS || m->via_transport == TP_TLS || !strncasecmp(ruri, "sips:", 5) ||
		       strcasestr(ruri, ";transport=tls") != NULL;
	}
	char domain[PROFILE_FIELD_MAX];
	const char *from;
	trunk_domain(ctx, domain, sizeof domain, &from);
	for (size_t i = 0; domain[0] && i < store_dns_count(st); i++) {
		const struct dns_event *d = store_dns(st, (uint32_t)i);
		if (!d->response || !d->answers_count)
			continue;
		const char *q = store_str(st, d->qname);
		if (d->qtype == 33 && !strncasecmp(q, "_sips._tcp.", 11) && host_eq(q + 11, domain)) {
			*known = true;
			*why = "the _sips._tcp SRV answer";
			return true;
		}
		if (d->qtype == 35 && host_eq(q, domain)) {
			const struct dns_answer *an = store_dns_answers(st, d);
			for (uint16_t k = 0; an && k < d->answers_count; k++)
				if (an[k].type == 35 && strcasestr(store_str(st, an[k].data), "SIPS+D2T")) {
					*known = true;
					*why = "the NAPTR answer (SIPS+D2T)";
					return true;
				}
		}
	}
	return false;
}

/* Is a TLS flow between the trunk's endpoints?  With REGISTERs seen: from
 * the trunk's UA address to one of its registrars' addresses.  Without
 * (the SIP is encrypted): to the SIP-over-TLS port, 5061 or the profile's. */
static bool tls_flow_is_trunks(const struct check_ctx *ctx, const struct tls_event *ch)
{
	const struct store *st = ctx->store;
	const struct endpoint *s = store_ep(st, ch->src), *d = store_ep(st, ch->dst);
	if (!s || !d || store_ep_is_own(st, ch->src) || store_ep_is_own(st, ch->dst))
		return false;
	uint32_t regs[REGS_MAX];
	size_t n = regs_of_interest(ctx, regs, REGS_MAX);
	size_t alen = s->family == 4 ? 4 : 16;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const struct registration *r = store_reg(st, regs[i]);
		const struct endpoint *ua = store_ep(st, r->pbx), *srv = store_ep(st, r->server);
		if (!ua || !srv)
			continue;
		any = true;
		bool fwd = ua->family == s->family && !memcmp(ua->addr, s->addr, alen) &&
		           srv->family == d->family && !memcmp(srv->addr, d->addr, alen);
		bool back = ua->family == d->family && !memcmp(ua->addr, d->addr, alen) &&
		            srv->family == s->family && !memcmp(srv->addr, s->addr, alen);
		if (fwd || back)
			return true;
	}
	if (any)
		return false;
	char host[PROFILE_FIELD_MAX];
	uint16_t pport;
	hostport_of_uri(ctx->profile->registrar, host, sizeof host, &pport);
	return d->port == 5061 || s->port == 5061 || (pport && (d->port == pport || s->port == pport));
}

static void tls_from_probe(const struct check_ctx *ctx, struct finding *f)
{
	const struct probe_tls *t = &ctx->probes->tls;
	switch (t->outcome) {
	case PROBE_OK:
		finding_evidence(f, 0, 0, "probe: TLS to %s: %s %s, certificate %s, expires %s", t->target, t->version,
		                 t->cipher, t->subject, t->not_after);
		if (t->have_cert && (t->expired || !t->name_matches || !t->verified)) {
			/* the probe finishes the handshake to read the certificate;
			 * a PBX that verifies it (as it should) refuses it */
			if (finding_raise(f, V_FAIL, "TLS to %s: the certificate %s, so a PBX that verifies it refuses the connection", t->target,
			                  t->expired ? "has expired" : !t->name_matches ? "does not name the host" : "does not verify"))
				finding_advice(f, "Tell the provider: the certificate on %s (%s) fails: %s.", t->target, t->subject,
				               t->verify_result);
		} else if (finding_raise(f, V_PASS, "TLS handshake to %s completes (%s)", t->target, t->version)) {
			finding_advice(f, "Nothing to do.");
		}
		break;
	case PROBE_FAILED:
	case PROBE_REFUSED:
	case PROBE_NO_ANSWER:
		finding_evidence(f, 0, 0, "probe: TLS to %s: %s", t->target, t->alert[0] ? t->alert : t->error);
		if (finding_raise(f, V_FAIL, "TLS handshake to %s fails: %s", t->target,
		                  t->alert[0] ? t->alert : t->error[0] ? t->error : "no answer"))
			finding_advice(f, "Check the PBX's TLS version and CA bundle; if the alert names the certificate, tell the provider.");
		break;
	default:
		break;
	}
}

void eval_net_tls_handshake(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	size_t n = store_tls_count(st);
	int hellos = 0, done = 0;
	char a[64], b[64];
	const char *why;
	bool known, tls = trunk_uses_tls(ctx, &known, &why);
	if (known && !tls) {
		/* unrelated HTTPS, or trunkdoc's own TLS probe, says nothing of a
		 * trunk that does not use TLS */
		finding_set(f, V_SKIPPED, "The trunk does not use TLS (%s)", why);
		return;
	}
	for (size_t i = 0; i < n && hellos < 32; i++) {
		const struct tls_event *ch = store_tls(st, (uint32_t)i);
		if (ch->kind != TLS_CLIENT_HELLO || !tls_flow_is_trunks(ctx, ch))
			continue;
		hellos++;
		store_ep_fmt(st, ch->src, a, sizeof a);
		store_ep_fmt(st, ch->dst, b, sizeof b);
		const struct tls_event *sh = NULL, *alert = NULL;
		for (size_t j = i + 1; j < n; j++) {
			const struct tls_event *e = store_tls(st, (uint32_t)j);
			bool same = (e->src == ch->src && e->dst == ch->dst) || (e->src == ch->dst && e->dst == ch->src);
			if (!same)
				continue;
			if (e->kind == TLS_CLIENT_HELLO && e->src == ch->src)
				break;   /* a new handshake on the same pair */
			if (e->kind == TLS_SERVER_HELLO && !sh)
				sh = e;
			if (e->kind == TLS_ALERT && e->alert_level == 2 && !alert)
				alert = e;
		}
		const struct tcp_event *rst = NULL;
		for (size_t j = 0; j < store_tcp_count(st) && !rst; j++) {
			const struct tcp_event *e = store_tcp(st, (uint32_t)j);
			if (e->kind == TCP_RST && e->time >= ch->time &&
			    ((e->src == ch->dst && e->dst == ch->src) || (e->src == ch->src && e->dst == ch->dst)))
				rst = e;
		}
		finding_evidence(f, ch->frame, ch->time, "TLS ClientHello %s -> %s", a, b);
		if (alert) {
			char who[64];
			store_ep_fmt(st, alert->src, who, sizeof who);
			finding_evidence(f, alert->frame, alert->time, "fatal TLS alert %u (%s) from %s", alert->alert_desc,
			                 tls_alert_name(alert->alert_desc), who);
			if (finding_raise(f, V_FAIL, "TLS handshake with %s fails: alert %s from %s", b,
			                  tls_alert_name(alert->alert_desc), alert->src == ch->src ? "the PBX" : "the registrar"))
				finding_advice(f, "%s", alert->src == ch->src
					? "The PBX rejected the provider's certificate: update the PBX's CA bundle, check its clock, and check the certificate names the registrar host."
					: "The provider rejected the handshake: check the TLS version and cipher settings, and the PBX's client certificate if the provider needs one; tell the provider the alert.");
		} else if (sh) {
			done++;
			finding_evidence(f, sh->frame, sh->time, "ServerHello from %s", b);
		} else if (rst) {
			finding_evidence(f, rst->frame, rst->time, "TCP RST during the TLS handshake");
			if (finding_raise(f, V_FAIL, "TLS handshake with %s is reset", b))
				finding_advice(f, "The server closed the connection on the ClientHello: usually a TLS version or SNI it does not accept. Check the PBX's TLS settings and tell the provider the time.");
		} else if (ctx->now - ch->time > 5000000) {
			if (finding_raise(f, V_FAIL, "No answer to the TLS ClientHello sent to %s", b))
				finding_advice(f, "Check the firewall allows TCP 5061 and that the provider offers TLS on that address.");
		}
	}
	if (f->verdict != V_FAIL && done &&
	    finding_raise(f, V_PASS, "TLS handshake to the registrar completes (%d)", done))
		finding_advice(f, "Nothing to do.");
	if (ctx->probes)
		tls_from_probe(ctx, f);
	if (f->verdict != V_UNKNOWN || f->summary[0])
		return;
	const struct tls_event *e = NULL;
	for (size_t i = 0; i < n && !e; i++)
		if (tls_flow_is_trunks(ctx, store_tls(st, (uint32_t)i)))
			e = store_tls(st, (uint32_t)i);
	if (e) {
		char a[64], b[64];
		finding_evidence(f, e->frame, e->time, "TLS record %s -> %s", store_ep_fmt(st, e->src, a, sizeof a),
		                 store_ep_fmt(st, e->dst, b, sizeof b));
		finding_set(f, V_UNKNOWN, "Encrypted SIP (TLS) seen, but its handshake is not in the capture");
		finding_advice(f, "Capture from the moment the PBX connects (restart the trunk), or %s", RUN_PROBE_ADVICE);
	} else {
		finding_set(f, V_UNKNOWN, "No TLS handshake in the capture");
		finding_advice(f, "%s", RUN_PROBE_ADVICE);
	}
}

/* ------------------------------------------------------- fragmentation */

void eval_net_fragmentation(const struct check_ctx *ctx, struct finding *f)
{
	const struct store *st = ctx->store;
	size_t n = store_msg_count(st);
	uint32_t udp = 0, largest = 0, largest_frame = 0;
	usec_t largest_time = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sip_msg *m = store_msg(st, (uint32_t)i);
		if (m->transport != TP_UDP)
			continue;
		udp++;
		if (m->wire_len > largest) {
			largest = m->wire_len;
			largest_frame = m->frame;
			largest_time = m->time;
		}
		const char *what = m->method != M_NONE ? sip_method_name(m->method) : "response";
		if (m->flags & MF_IP_FRAGMENTED) {
			finding_evidence(f, m->frame, m->time, "%s of %u bytes went out in IP fragments", what, m->wire_len);
			if (finding_raise(f, V_WARN, "SIP over UDP is IP-fragmented (%s of %u bytes)", what, m->wire_len))
				finding_advice(f, "Fragments are often dropped by NAT and firewalls. Switch the trunk to TCP, or trim headers and codecs so messages stay under 1300 bytes (RFC 3261 §18.1.1).");
		} else if (m->method != M_NONE && m->wire_len > UDP_SAFE_SIZE) {
			finding_evidence(f, m->frame, m->time, "%s of %u bytes over UDP", what, m->wire_len);
			if (finding_raise(f, V_WARN, "%s request of %u bytes sent over UDP (above %d)", what, m->wire_len, UDP_SAFE_SIZE))
				finding_advice(f, "RFC 3261 §18.1.1: requests above 1300 bytes should go over TCP. Switch the trunk to TCP or trim headers and codecs.");
		}
	}
	for (size_t i = 0; i < store_frag_count(st); i++) {
		const struct frag_event *e = store_frag(st, (uint32_t)i);
		if (e->completed)
			continue;
		char a[64], b[64];
		finding_evidence(f, e->frame, e->time, "%u fragment%s %s -> %s never completed", e->fragments,
		                 e->fragments == 1 ? "" : "s", store_ep_fmt(st, e->src, a, sizeof a),
		                 store_ep_fmt(st, e->dst, b, sizeof b));
		if (finding_raise(f, V_WARN, "IP fragments were lost: a datagram was never reassembled"))
			finding_advice(f, "Switch the trunk to TCP, or trim headers and codecs so messages fit one packet (RFC 3261 §18.1.1).");
	}
	if (finding_settled(f))
		return;
	if (udp) {
		finding_pass(f, "SIP over UDP fits one packet (largest %u bytes)", largest);
		finding_evidence(f, largest_frame, largest_time, "largest UDP SIP message: %u bytes", largest);
	} else if (n) {
		finding_set(f, V_SKIPPED, "No SIP over UDP: the MTU limit does not apply");
	} else {
		finding_set(f, V_UNKNOWN, "No SIP in the capture");
	}
}
