/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe.c - runs the probes in order and picks each one's target.
 *
 *   registrar "host[:port]"
 *     │ DNS (unless an IP literal)
 *     ├─ UDP target: SRV _sip._udp (lowest priority that resolves), else
 *     │              A/AAAA host : port-or-5060
 *     ├─ TCP target: SRV _sip._tcp, else the same with 5060
 *     ├─ TLS target: SRV _sips._tcp, else A/AAAA : 5061
 *     ├─ TLS handshake ─> OPTIONS over that TLS connection
 *     ├─ OPTIONS over UDP, OPTIONS over TCP
 *     ├─ ICMP echo to the first address
 *     └─ test REGISTER (only when asked) on the profile's transport
 *
 * RFC 3263 §4.2: an explicit port means no SRV lookup is used; it applies
 * to UDP and TCP, and to TLS unless it is 5060 (a TLS probe to 5060 would
 * only prove that port speaks plain SIP).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/hostport.h"
#include "base/sanitize.h"
#include "probe/probe.h"
#include "probe/probe_impl.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

const char probe_register_warning[] =
	"test registration: trunkdoc will REGISTER the trunk's account from this host with its "
	"own Call-ID and Contact, then remove that binding at once (Expires: 0). The provider "
	"sees one extra registration; its limits or fraud rules may count it.";

const char *probe_outcome_name(enum probe_outcome o)
{
	switch (o) {
	case PROBE_NOT_RUN: return "not run";
	case PROBE_OK: return "answered";
	case PROBE_NO_ANSWER: return "no answer";
	case PROBE_REFUSED: return "refused";
	case PROBE_FAILED: return "failed";
	case PROBE_ERROR: return "error";
	case PROBE_NOT_PERMITTED: return "not permitted";
	}
	return "?";
}

const char *probe_transport_name(enum probe_transport t)
{
	return t == PROBE_UDP ? "udp" : t == PROBE_TCP ? "tcp" : t == PROBE_TLS ? "tls" : "?";
}

static const struct probe_dns_lookup *find_lookup(const struct probe_dns *d, const char *name,
                                                  uint16_t type)
{
	for (size_t i = 0; i < d->nlookups; i++)
		if (d->lookups[i].type == type && !strcasecmp(d->lookups[i].name, name))
			return &d->lookups[i];
	return NULL;
}

/* The first address DNS gave for name (A before AAAA). */
static bool address_of(const struct probe_dns *d, const char *name, int port,
                       struct probe_target *t)
{
	static const uint16_t order[] = { PROBE_RR_A, PROBE_RR_AAAA };
	for (size_t k = 0; k < 2; k++) {
		const struct probe_dns_lookup *l = find_lookup(d, name, order[k]);
		if (l && l->outcome == PROBE_OK && l->nans > 0 && probe_literal(l->ans[0].data, port, t)) {
			snprintf(t->host, sizeof t->host, "%s", name);
			return true;
		}
	}
	return false;
}

/* RFC 3263 §4.4 / RFC 2782: lowest priority first, then highest weight
 * (a probe needs one target, not a weighted draw). */
static bool srv_target(const struct probe_dns *d, const char *srvname, struct probe_target *t)
{
	const struct probe_dns_lookup *l = find_lookup(d, srvname, PROBE_RR_SRV);
	if (!l || l->outcome != PROBE_OK)
		return false;
	bool used[PROBE_DNS_ANSWERS] = { false };
	for (size_t round = 0; round < l->nans; round++) {
		size_t best = l->nans;
		for (size_t i = 0; i < l->nans; i++) {
			if (used[i])
				continue;
			if (best == l->nans || l->ans[i].priority < l->ans[best].priority ||
			    (l->ans[i].priority == l->ans[best].priority &&
			     l->ans[i].weight > l->ans[best].weight))
				best = i;
		}
		used[best] = true;
		if (address_of(d, l->ans[best].data, l->ans[best].port, t))
			return true;
	}
	return false;
}

static bool pick_target(const struct probe_results *r, enum probe_transport tp, const char *host,
                        int port, struct probe_target *t)
{
	memset(t, 0, sizeof *t);
	int use_port = tp == PROBE_TLS ? (port && port != 5060 ? port : 5061) : (port ? port : 5060);
	if (r->dns.is_literal) {
		snprintf(t->host, sizeof t->host, "%s", host);
		return probe_literal(host, use_port, t);
	}
	if (!port) {
		static const char *const prefix[] = { "_sip._udp.", "_sip._tcp.", "_sips._tcp." };
		char name[PROBE_NAME_MAX + 16];
		snprintf(name, sizeof name, "%s%s", prefix[tp], host);
		if (srv_target(&r->dns, name, t))
			return true;
	}
	return address_of(&r->dns, host, use_port, t);
}

static void not_run(char *err, size_t errlen, enum probe_outcome *o, const char *why)
{
	*o = PROBE_NOT_RUN;
	snprintf(err, errlen, "%s", why);
}

struct probe_results *probe_run(const struct probe_opts *po, const struct profile *p,
                                const struct secret *password)
{
	struct probe_results *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	r->started_usec = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
	int64_t start = probe_now_ms();
	double timeout = po->timeout > 0 ? po->timeout : 3.0;
	sanitize_str(r->registrar, sizeof r->registrar, po->registrar ? po->registrar : "", 0);

	char host[PROBE_NAME_MAX];
	uint16_t port = 0;
	const char *why_none = "the registrar name did not resolve to an address";
	const char *reg = po->registrar ? po->registrar : "";
	/* "sip:host" is how many portals write it. */
	if (!strncasecmp(reg, "sip:", 4))
		reg += 4;
	else if (!strncasecmp(reg, "sips:", 5))
		reg += 5;
	if (!hostport_parse(reg, host, sizeof host, &port)) {
		r->dns.outcome = PROBE_ERROR;
		snprintf(r->dns.error, sizeof r->dns.error, "not a host[:port]: %.200s", r->registrar);
		why_none = "the registrar is not a host[:port]";
	} else {
		struct probe_target lit;
		if (probe_literal(host, 0, &lit)) {
			r->dns.is_literal = true;
			r->dns.outcome = PROBE_NOT_RUN;
			snprintf(r->dns.error, sizeof r->dns.error,
			         "the registrar is an IP address: nothing to resolve");
		} else {
			probe_dns_run(&r->dns, host, po->dns_server, timeout);
		}
	}

	if (r->dns.outcome == PROBE_ERROR && r->dns.error[0])
		why_none = r->dns.error;   /* e.g. a --dns-server c-ares cannot use */

	struct probe_target targets[PROBE__TRANSPORTS];
	bool have[PROBE__TRANSPORTS];
	for (int tp = 0; tp < PROBE__TRANSPORTS; tp++)
		have[tp] = r->dns.outcome != PROBE_ERROR &&
		           pick_target(r, (enum probe_transport)tp, host, port, &targets[tp]);

	/* TLS first: its connection carries the TLS OPTIONS. */
	if (have[PROBE_TLS]) {
		int fd = -1;
		SSL *ssl = probe_tls_open(&r->tls, &targets[PROBE_TLS], host, timeout, &fd);
		probe_options_run(&r->options[PROBE_TLS], PROBE_TLS, &targets[PROBE_TLS],
		                  r->registrar, timeout, ssl, fd);
		if (!ssl)
			snprintf(r->options[PROBE_TLS].error, sizeof r->options[PROBE_TLS].error,
			         "TLS handshake did not complete: %.200s",
			         r->tls.error[0] ? r->tls.error : probe_outcome_name(r->tls.outcome));
		if (!ssl && r->tls.outcome != PROBE_FAILED)
			r->options[PROBE_TLS].outcome = r->tls.outcome;
		else if (!ssl)
			r->options[PROBE_TLS].outcome = PROBE_FAILED;
		probe_tls_close(ssl, fd);
	} else {
		not_run(r->tls.error, sizeof r->tls.error, &r->tls.outcome, why_none);
		not_run(r->options[PROBE_TLS].error, sizeof r->options[PROBE_TLS].error,
		        &r->options[PROBE_TLS].outcome, why_none);
	}
	for (int tp = PROBE_UDP; tp <= PROBE_TCP; tp++) {
		if (have[tp])
			probe_options_run(&r->options[tp], (enum probe_transport)tp, &targets[tp],
			                  r->registrar, timeout, NULL, -1);
		else
			not_run(r->options[tp].error, sizeof r->options[tp].error,
			        &r->options[tp].outcome, why_none);
	}

	int any = have[PROBE_UDP] ? PROBE_UDP : have[PROBE_TCP] ? PROBE_TCP : PROBE_TLS;
	if (have[any])
		probe_ping_run(&r->ping, &targets[any], timeout < 2.0 ? timeout : 2.0);
	else
		not_run(r->ping.error, sizeof r->ping.error, &r->ping.outcome, why_none);

	if (po->test_register) {
		enum probe_transport tp = PROBE_UDP;
		if (p && !strcasecmp(p->transport, "tcp"))
			tp = PROBE_TCP;
		else if (p && !strcasecmp(p->transport, "tls"))
			tp = PROBE_TLS;
		if (have[tp]) {
			if (!po->quiet)
				fprintf(stderr, "trunkdoc: warning: %s\n", probe_register_warning);
			probe_register_run(&r->reg, &targets[tp], tp, p, password, timeout);
		}
		else
			not_run(r->reg.error, sizeof r->reg.error, &r->reg.outcome, why_none);
	}
	r->elapsed_ms = (unsigned)(probe_now_ms() - start);
	return r;
}

void probe_results_free(struct probe_results *r)
{
	free(r);
}

/* ---- running the probes without blocking the caller ----
 * A child process runs probe_run() and writes the (pointer-free) result
 * struct into a pipe; the caller polls the pipe's fd in its own loop. */

struct probe_job {
	pid_t pid;
	int fd;
	struct probe_results *res;
	size_t got;
	bool failed;
};

struct probe_job *probe_start(const struct probe_opts *po, const struct profile *p,
                              const struct secret *password)
{
	struct probe_job *j = calloc(1, sizeof *j);
	int pfd[2];
	if (!j)
		return NULL;
	j->res = calloc(1, sizeof *j->res);
	if (!j->res || pipe(pfd) < 0) {
		free(j->res);
		free(j);
		return NULL;
	}
	fflush(NULL);
	j->pid = fork();
	if (j->pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		free(j->res);
		free(j);
		return NULL;
	}
	if (j->pid == 0) {
		close(pfd[0]);
		signal(SIGPIPE, SIG_IGN);
		struct probe_results *r = probe_run(po, p, password);
		const char *b = (const char *)r;
		size_t left = r ? sizeof *r : 0;
		while (left) {
			ssize_t n = write(pfd[1], b, left);
			if (n <= 0 && errno != EINTR)
				break;
			if (n > 0) {
				b += n;
				left -= (size_t)n;
			}
		}
		_exit(left ? 1 : 0);
	}
	close(pfd[1]);
	j->fd = pfd[0];
	return j;
}

int probe_job_fd(const struct probe_job *j)
{
	return j ? j->fd : -1;
}

int probe_job_poll(struct probe_job *j, struct probe_results **out)
{
	*out = NULL;
	if (j->fd < 0)
		return -1;
	ssize_t n = read(j->fd, (char *)j->res + j->got, sizeof *j->res - j->got);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n > 0) {
		j->got += (size_t)n;
		if (j->got < sizeof *j->res)
			return 0;
	}
	close(j->fd);
	j->fd = -1;
	waitpid(j->pid, NULL, 0);
	j->pid = 0;
	if (j->got < sizeof *j->res)
		return -1;
	*out = j->res;
	j->res = NULL;
	return 1;
}

void probe_job_free(struct probe_job *j)
{
	if (!j)
		return;
	if (j->pid > 0) {
		kill(j->pid, SIGTERM);
		waitpid(j->pid, NULL, 0);
	}
	if (j->fd >= 0)
		close(j->fd);
	free(j->res);
	free(j);
}
