/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_dns.c - RFC 3263 resolution of the registrar with c-ares.
 *
 *   phase 1 (in parallel):  NAPTR name, SRV _sip._udp / _sip._tcp /
 *                           _sips._tcp name, A name, AAAA name
 *   phase 2 (in parallel):  A and AAAA of every distinct SRV target
 *
 * c-ares reads the system resolver configuration; --dns-server replaces its
 * servers (ares_set_servers_ports_csv).  ARES_FLAG_NOCHECKRESP makes it hand
 * back SERVFAIL/REFUSED as they are instead of trying elsewhere, so the
 * report shows the rcode the server gave.  Records are parsed with c-ares'
 * own ares_parse_*_reply; only the TTLs of SRV and NAPTR records, which
 * those functions drop, are read by walking the answer section with
 * ares_expand_name.
 */
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ares.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "probe/probe_impl.h"

struct dns_query {
	struct probe_dns_lookup *lookup;
	int64_t started;
	bool done;
};

static const char *status_rcode(int status)
{
	switch (status) {
	case ARES_SUCCESS:
	case ARES_ENODATA:
		return "NOERROR";
	case ARES_ENOTFOUND:
		return "NXDOMAIN";
	case ARES_ESERVFAIL:
		return "SERVFAIL";
	case ARES_EREFUSED:
		return "REFUSED";
	case ARES_EFORMERR:
		return "FORMERR";
	case ARES_ENOTIMP:
		return "NOTIMP";
	default:
		return "";
	}
}

/* TTLs of the answer records of `type`, in packet order. */
static size_t answer_ttls(const unsigned char *abuf, int alen, int type, uint32_t *ttls,
                          size_t max)
{
	if (!abuf || alen < HFIXEDSZ)
		return 0;
	unsigned qd = (unsigned)(abuf[4] << 8 | abuf[5]);
	unsigned an = (unsigned)(abuf[6] << 8 | abuf[7]);
	const unsigned char *p = abuf + HFIXEDSZ, *end = abuf + alen;
	size_t n = 0;
	for (unsigned i = 0; i < qd; i++) {
		char *name;
		long enclen;
		if (ares_expand_name(p, abuf, alen, &name, &enclen) != ARES_SUCCESS)
			return n;
		ares_free_string(name);
		p += enclen + QFIXEDSZ;
		if (p > end)
			return n;
	}
	for (unsigned i = 0; i < an && n < max; i++) {
		char *name;
		long enclen;
		if (ares_expand_name(p, abuf, alen, &name, &enclen) != ARES_SUCCESS)
			return n;
		ares_free_string(name);
		p += enclen;
		if (end - p < RRFIXEDSZ)
			return n;
		int rtype = p[0] << 8 | p[1];
		uint32_t ttl = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
		unsigned rdlen = (unsigned)(p[8] << 8 | p[9]);
		p += RRFIXEDSZ;
		if ((size_t)(end - p) < rdlen)
			return n;
		if (rtype == type)
			ttls[n++] = ttl;
		p += rdlen;
	}
	return n;
}

static void san(char *dst, size_t dstlen, const char *src)
{
	sanitize_str(dst, dstlen, src ? src : "", SAN_ASCII_ONLY);
}

static struct probe_dns_answer *next_answer(struct probe_dns_lookup *l)
{
	if (l->nans >= PROBE_DNS_ANSWERS) {
		l->ans_dropped++;
		return NULL;
	}
	struct probe_dns_answer *a = &l->ans[l->nans++];
	memset(a, 0, sizeof *a);
	a->type = l->type;
	return a;
}

static int parse_answers(struct probe_dns_lookup *l, const unsigned char *abuf, int alen)
{
	uint32_t ttls[64];
	size_t nttl = answer_ttls(abuf, alen, l->type, ttls, 64);
	size_t k = 0;
	int rc;
	switch (l->type) {
	case PROBE_RR_A: {
		struct ares_addrttl at[PROBE_DNS_ANSWERS];
		int n = PROBE_DNS_ANSWERS;
		rc = ares_parse_a_reply(abuf, alen, NULL, at, &n);
		for (int i = 0; rc == ARES_SUCCESS && i < n; i++) {
			struct probe_dns_answer *a = next_answer(l);
			if (!a)
				break;
			a->ttl = (uint32_t)at[i].ttl;
			inet_ntop(AF_INET, &at[i].ipaddr, a->data, sizeof a->data);
		}
		break;
	}
	case PROBE_RR_AAAA: {
		struct ares_addr6ttl at[PROBE_DNS_ANSWERS];
		int n = PROBE_DNS_ANSWERS;
		rc = ares_parse_aaaa_reply(abuf, alen, NULL, at, &n);
		for (int i = 0; rc == ARES_SUCCESS && i < n; i++) {
			struct probe_dns_answer *a = next_answer(l);
			if (!a)
				break;
			a->ttl = (uint32_t)at[i].ttl;
			inet_ntop(AF_INET6, &at[i].ip6addr, a->data, sizeof a->data);
		}
		break;
	}
	case PROBE_RR_SRV: {
		struct ares_srv_reply *srv = NULL;
		rc = ares_parse_srv_reply(abuf, alen, &srv);
		for (struct ares_srv_reply *s = srv; rc == ARES_SUCCESS && s; s = s->next, k++) {
			struct probe_dns_answer *a = next_answer(l);
			if (!a)
				break;
			a->ttl = k < nttl ? ttls[k] : 0;
			a->priority = s->priority;
			a->weight = s->weight;
			a->port = s->port;
			san(a->data, sizeof a->data, s->host);
		}
		if (srv)
			ares_free_data(srv);
		break;
	}
	case PROBE_RR_NAPTR: {
		struct ares_naptr_reply *nap = NULL;
		rc = ares_parse_naptr_reply(abuf, alen, &nap);
		for (struct ares_naptr_reply *s = nap; rc == ARES_SUCCESS && s; s = s->next, k++) {
			struct probe_dns_answer *a = next_answer(l);
			if (!a)
				break;
			a->ttl = k < nttl ? ttls[k] : 0;
			a->order = s->order;
			a->preference = s->preference;
			san(a->naptr_flags, sizeof a->naptr_flags, (const char *)s->flags);
			san(a->naptr_service, sizeof a->naptr_service, (const char *)s->service);
			san(a->data, sizeof a->data, s->replacement);
		}
		if (nap)
			ares_free_data(nap);
		break;
	}
	default:
		rc = ARES_ENOTIMP;
	}
	return rc;
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct dns_query *q = arg;
	struct probe_dns_lookup *l = q->lookup;
	(void)timeouts;
	q->done = true;
	l->elapsed_ms = (unsigned)(probe_now_ms() - q->started);
	snprintf(l->rcode, sizeof l->rcode, "%s", status_rcode(status));
	/* With NOCHECKRESP c-ares passes error rcodes through as "success":
	 * read the rcode from the header ourselves. */
	if (status == ARES_SUCCESS && abuf && alen >= HFIXEDSZ) {
		int rc = abuf[3] & 0x0f;
		static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
		                                      "NOTIMP", "REFUSED" };
		if (rc != 0) {
			snprintf(l->rcode, sizeof l->rcode, "%s", rc < 6 ? names[rc] : "RCODE?");
			if (rc == 3)
				status = ARES_ENOTFOUND;
			else if (rc == 2)
				status = ARES_ESERVFAIL;
			else if (rc == 5)
				status = ARES_EREFUSED;
			else
				status = ARES_EBADRESP;
		}
	}
	switch (status) {
	case ARES_SUCCESS: {
		int rc = parse_answers(l, abuf, alen);
		if (rc == ARES_ENODATA || (rc == ARES_SUCCESS && l->nans == 0)) {
			l->outcome = PROBE_OK;
			l->nodata = true;
		} else if (rc != ARES_SUCCESS) {
			l->outcome = PROBE_FAILED;
			snprintf(l->error, sizeof l->error, "unreadable answer: %s", ares_strerror(rc));
		} else {
			l->outcome = PROBE_OK;
		}
		break;
	}
	case ARES_ENODATA:
		l->outcome = PROBE_OK;
		l->nodata = true;
		break;
	case ARES_ETIMEOUT:
		l->outcome = PROBE_NO_ANSWER;
		snprintf(l->error, sizeof l->error, "no answer from the DNS server");
		break;
	case ARES_ECONNREFUSED:
		l->outcome = PROBE_REFUSED;
		snprintf(l->error, sizeof l->error, "the DNS server refused the connection");
		break;
	case ARES_ECANCELLED:
	case ARES_EDESTRUCTION:
		l->outcome = PROBE_NO_ANSWER;
		snprintf(l->error, sizeof l->error, "no answer within the time limit");
		break;
	default:
		l->outcome = status == ARES_ENOTFOUND || status == ARES_ESERVFAIL ||
		             status == ARES_EREFUSED || status == ARES_EFORMERR ||
		             status == ARES_ENOTIMP || status == ARES_EBADRESP
		             ? PROBE_FAILED : PROBE_ERROR;
		snprintf(l->error, sizeof l->error, "%s", ares_strerror(status));
	}
}

/* Runs c-ares until every query answered or the deadline passed. */
static void drive(ares_channel ch, int64_t deadline)
{
	for (;;) {
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		unsigned bits = (unsigned)ares_getsock(ch, socks, ARES_GETSOCK_MAXNUM);
		struct pollfd pfd[ARES_GETSOCK_MAXNUM];
		nfds_t n = 0;
		for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			short ev = 0;
			/* c-ares' own macros shift a signed 1 into the sign bit. */
			if (bits & (1u << i))
				ev |= POLLIN;
			if (bits & (1u << (i + ARES_GETSOCK_MAXNUM)))
				ev |= POLLOUT;
			if (ev)
				pfd[n++] = (struct pollfd){ .fd = socks[i], .events = ev };
		}
		if (n == 0)
			return;   /* nothing pending */
		int64_t left = deadline - probe_now_ms();
		if (left <= 0)
			return;
		struct timeval maxtv = { left / 1000, (left % 1000) * 1000 }, tv;
		struct timeval *tvp = ares_timeout(ch, &maxtv, &tv);
		int wait = (int)(tvp->tv_sec * 1000 + tvp->tv_usec / 1000) + 1;
		int r = poll(pfd, n, wait);
		if (r <= 0) {
			ares_process_fd(ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);   /* timeouts */
			continue;
		}
		for (nfds_t i = 0; i < n; i++)
			if (pfd[i].revents)
				ares_process_fd(ch, pfd[i].revents & (POLLIN | POLLERR | POLLHUP) ? pfd[i].fd
				                                                          : ARES_SOCKET_BAD,
				                pfd[i].revents & POLLOUT ? pfd[i].fd : ARES_SOCKET_BAD);
	}
}

static struct probe_dns_lookup *add_lookup(struct probe_dns *d, const char *name, uint16_t type,
                                           bool srv_target)
{
	if (d->nlookups >= PROBE_DNS_LOOKUPS)
		return NULL;
	struct probe_dns_lookup *l = &d->lookups[d->nlookups++];
	memset(l, 0, sizeof *l);
	san(l->name, sizeof l->name, name);
	l->type = type;
	l->srv_target = srv_target;
	l->outcome = PROBE_NO_ANSWER;
	return l;
}

static void run_batch(ares_channel ch, struct probe_dns *d, size_t first, double timeout)
{
	struct dns_query q[PROBE_DNS_LOOKUPS];
	size_t n = d->nlookups - first;
	int64_t now = probe_now_ms();
	for (size_t i = 0; i < n; i++) {
		q[i] = (struct dns_query){ &d->lookups[first + i], now, false };
		ares_query(ch, d->lookups[first + i].name, C_IN, d->lookups[first + i].type,
		           on_answer, &q[i]);
	}
	drive(ch, now + (int64_t)(timeout * 1000));
	/* Whatever is still pending ends now (callbacks run with ECANCELLED
	 * while q[] is still alive). */
	ares_cancel(ch);
	for (size_t i = 0; i < n; i++)
		if (!q[i].done) {
			q[i].lookup->outcome = PROBE_NO_ANSWER;
			q[i].lookup->elapsed_ms = (unsigned)(probe_now_ms() - now);
		}
}

static bool have_lookup(const struct probe_dns *d, const char *name, uint16_t type)
{
	for (size_t i = 0; i < d->nlookups; i++)
		if (d->lookups[i].type == type && !strcasecmp(d->lookups[i].name, name))
			return true;
	return false;
}

void probe_dns_run(struct probe_dns *out, const char *host, const char *dns_server,
                   double timeout)
{
	memset(out, 0, sizeof *out);
	snprintf(out->server, sizeof out->server, "system");
	if (dns_server)
		san(out->server, sizeof out->server, dns_server);
	static bool lib_ready;
	if (!lib_ready) {
		if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) {
			out->outcome = PROBE_ERROR;
			snprintf(out->error, sizeof out->error, "c-ares failed to initialise");
			return;
		}
		lib_ready = true;
	}
	ares_channel ch;
	struct ares_options opts = {
		.flags = ARES_FLAG_NOCHECKRESP,
		.timeout = (int)(timeout * 1000 / 2),   /* two tries inside the budget */
		.tries = 2,
	};
	if (opts.timeout < 100)
		opts.timeout = 100;
	int rc = ares_init_options(&ch, &opts, ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
	if (rc != ARES_SUCCESS) {
		out->outcome = PROBE_ERROR;
		snprintf(out->error, sizeof out->error, "resolver: %s", ares_strerror(rc));
		return;
	}
	if (dns_server && (rc = ares_set_servers_ports_csv(ch, dns_server)) != ARES_SUCCESS) {
		out->outcome = PROBE_ERROR;
		snprintf(out->error, sizeof out->error, "--dns-server %s: %s", out->server,
		         ares_strerror(rc));
		ares_destroy(ch);
		return;
	}

	char name[PROBE_NAME_MAX + 16];
	add_lookup(out, host, PROBE_RR_NAPTR, false);
	static const char *const srv[] = { "_sip._udp.", "_sip._tcp.", "_sips._tcp." };
	for (size_t i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "%s%s", srv[i], host);
		add_lookup(out, name, PROBE_RR_SRV, false);
	}
	add_lookup(out, host, PROBE_RR_A, false);
	add_lookup(out, host, PROBE_RR_AAAA, false);
	run_batch(ch, out, 0, timeout);

	/* Phase 2: every SRV target must itself resolve (RFC 3263 §4.2). */
	size_t first = out->nlookups;
	for (size_t i = 0; i < first; i++) {
		const struct probe_dns_lookup *l = &out->lookups[i];
		if (l->type != PROBE_RR_SRV || l->outcome != PROBE_OK)
			continue;
		for (size_t j = 0; j < l->nans; j++) {
			const char *t = l->ans[j].data;
			if (!t[0] || !strcmp(t, "."))
				continue;
			for (uint16_t type = PROBE_RR_A; type; type = type == PROBE_RR_A ? PROBE_RR_AAAA : 0)
				if (!have_lookup(out, t, type) && out->nlookups < PROBE_DNS_LOOKUPS)
					add_lookup(out, t, type, true);
		}
	}
	if (out->nlookups > first)
		run_batch(ch, out, first, timeout);
	ares_destroy(ch);

	/* Resolved = some address for the name itself or for an SRV target. */
	out->outcome = PROBE_FAILED;
	bool any_answer = false;
	for (size_t i = 0; i < out->nlookups; i++) {
		const struct probe_dns_lookup *l = &out->lookups[i];
		if (l->outcome == PROBE_OK || l->outcome == PROBE_FAILED)
			any_answer = true;
		if ((l->type == PROBE_RR_A || l->type == PROBE_RR_AAAA) && l->outcome == PROBE_OK &&
		    l->nans > 0)
			out->outcome = PROBE_OK;
	}
	if (out->outcome != PROBE_OK && !any_answer) {
		out->outcome = PROBE_NO_ANSWER;
		snprintf(out->error, sizeof out->error, "no DNS answer within %.1f s", timeout);
	} else if (out->outcome != PROBE_OK) {
		snprintf(out->error, sizeof out->error, "no address (A/AAAA) for %.200s", out->lookups[0].name);
	}
}
