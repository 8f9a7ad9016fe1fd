/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_register.c - a test registration with the profile's credentials,
 * independent of the PBX (like sipsak's usrloc mode):
 *
 *   REGISTER  Expires: 60, our own Call-ID and Contact  ──>
 *             <── 401/407 challenge
 *   REGISTER  + Authorization (digest.h)                ──>
 *             (a second challenge is answered only if it says stale=true:
 *              a wrong password is tried once, not hammered)
 *             <── 200 OK  (or 403, 404 ...: the final status)
 *   REGISTER  same Contact, Expires: 0                  ──>   removes only
 *             <── (401 → answered again) 200 OK              OUR binding
 *
 * Never "Contact: *": that would remove the PBX's binding too.  Off unless
 * the operator asked (--probe-register); main prints the warning.  The
 * password is used for the digest only and never copied into the results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "config.h"
#include "base/hostport.h"
#include "probe/probe_impl.h"
#include "trunk/digest.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

#define REG_EXPIRES 60
#define MAX_CHALLENGES 2

struct reg_ctx {
	const struct probe_conn *conn;
	char domain[PROBE_NAME_MAX];      /* host[:port] for the Request-URI */
	char aor_host[PROBE_NAME_MAX];    /* host for To/From */
	char user[PROBE_NAME_MAX], auth_user[PROBE_NAME_MAX];
	char local[PROBE_ADDR_MAX];
	const char *tp_param, *via_tp;
	char call_id[64], tag[16];
	unsigned cseq;
	char password[SECRET_MAX + 1];
	char *resp;
};

/* Builds the Authorization header for challenge r, or "" if it cannot. */
static bool authorization(struct reg_ctx *c, const struct probe_sip_response *r,
                          const char *uri, char *out, size_t outlen, char *err, size_t errlen)
{
	char cnonce[17] = "", resp[DIGEST_HEX_MAX];
	const char *qop = NULL;
	/* qop is a list ("auth,auth-int"): answer with auth if offered. */
	if (r->qop[0]) {
		char q[64];
		snprintf(q, sizeof q, "%s", r->qop);
		for (char *tok = strtok(q, ", "); tok; tok = strtok(NULL, ", "))
			if (!strcasecmp(tok, "auth"))
				qop = "auth";
		if (!qop) {
			snprintf(err, errlen, "the challenge offers only qop=%s", r->qop);
			return false;
		}
		probe_random_token(cnonce, sizeof cnonce);
	}
	struct digest_input in = {
		.algorithm = r->algorithm,
		.username = c->auth_user, .realm = r->realm, .password = c->password,
		.method = "REGISTER", .uri = uri, .nonce = r->nonce,
		.qop = qop, .nc = qop ? "00000001" : NULL, .cnonce = qop ? cnonce : NULL,
	};
	if (!digest_response(&in, resp, sizeof resp, err, errlen))
		return false;
	int n = snprintf(out, outlen,
	                 "%s: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
	                 "response=\"%s\"%s%s%s%s%s%s%s%s\r\n",
	                 r->proxy_auth ? "Proxy-Authorization" : "Authorization",
	                 c->auth_user, r->realm, r->nonce, uri, resp,
	                 r->algorithm[0] ? ", algorithm=" : "", r->algorithm,
	                 r->opaque[0] ? ", opaque=\"" : "", r->opaque, r->opaque[0] ? "\"" : "",
	                 qop ? ", qop=auth, nc=00000001, cnonce=\"" : "", qop ? cnonce : "",
	                 qop ? "\"" : "");
	explicit_bzero(resp, sizeof resp);
	if (n <= 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "challenge too long to answer");
		return false;
	}
	return true;
}

static size_t build_register(struct reg_ctx *c, int expires, const char *auth, char *out,
                             size_t outlen)
{
	char branch[17];
	probe_random_token(branch, sizeof branch);
	c->cseq++;
	int n = snprintf(out, outlen,
	                 "REGISTER sip:%s SIP/2.0\r\n"
	                 "Via: SIP/2.0/%s %s;branch=z9hG4bK%s;rport\r\n"
	                 "Max-Forwards: 70\r\n"
	                 "From: <sip:%s@%s>;tag=%s\r\n"
	                 "To: <sip:%s@%s>\r\n"
	                 "Call-ID: %s\r\n"
	                 "CSeq: %u REGISTER\r\n"
	                 "Contact: <sip:%s@%s%s>\r\n"
	                 "Expires: %d\r\n"
	                 "%s"
	                 "User-Agent: trunkdoc/%s (test registration)\r\n"
	                 "Content-Length: 0\r\n\r\n",
	                 c->domain, c->via_tp, c->local, branch, c->user, c->aor_host, c->tag,
	                 c->user, c->aor_host, c->call_id, c->cseq, c->user, c->local, c->tp_param,
	                 expires, auth ? auth : "", PACKAGE_VERSION);
	return n > 0 && (size_t)n < outlen ? (size_t)n : 0;
}

/* One REGISTER transaction, answering up to MAX_CHALLENGES challenges.
 * Returns the final status (0 = no answer / error, reason in out->error). */
static int transact(struct reg_ctx *c, struct probe_register *out, int expires, int64_t deadline)
{
	char req[8192], auth[4096] = "", uri[PROBE_NAME_MAX + 8];
	snprintf(uri, sizeof uri, "sip:%s", c->domain);
	for (int round = 0; round <= MAX_CHALLENGES; round++) {
		size_t len = build_register(c, expires, auth[0] ? auth : NULL, req, sizeof req);
		if (!len) {
			snprintf(out->error, sizeof out->error, "request too long");
			return 0;
		}
		struct probe_reg_step *st = out->nsteps < PROBE_REG_STEPS ? &out->steps[out->nsteps++]
		                                                          : NULL;
		if (st) {
			memset(st, 0, sizeof *st);
			snprintf(st->method, sizeof st->method, "REGISTER");
			st->expires = expires;
			st->with_auth = auth[0] != '\0';
		}
		int64_t sent = probe_now_ms();
		enum probe_outcome fail = PROBE_ERROR;
		char err[PROBE_TEXT_MAX];
		long n = probe_sip_exchange(c->conn, req, len, c->resp, PROBE_RESP_MAX + 1, c->call_id,
		                            deadline, &fail, err, sizeof err);
		explicit_bzero(auth, sizeof auth);
		if (n <= 0) {
			out->outcome = n == 0 ? PROBE_NO_ANSWER : fail;
			if (n == 0)
				snprintf(out->error, sizeof out->error, "no answer to REGISTER");
			else
				probe_copy(out->error, sizeof out->error, err);
			return 0;
		}
		struct probe_sip_response r;
		if (!probe_parse_response(c->resp, (size_t)n, &r)) {
			out->outcome = PROBE_FAILED;
			snprintf(out->error, sizeof out->error, "the answer is not a SIP response");
			return 0;
		}
		if (st) {
			st->status = r.status;
			snprintf(st->reason, sizeof st->reason, "%s", r.reason);
			st->rtt_ms = (unsigned)(probe_now_ms() - sent);
		}
		if (r.challenged && r.realm[0] && !out->realm[0])
			probe_copy(out->realm, sizeof out->realm, r.realm);
		bool challenge = (r.status == 401 || r.status == 407) && r.challenged;
		bool refused = challenge && round > 0 && !r.stale;
		if (!challenge || refused || round == MAX_CHALLENGES) {
			out->outcome = PROBE_OK;
			if (challenge)
				snprintf(out->error, sizeof out->error,
				         "challenged again after answering: the credentials are refused");
			return r.status;
		}
		if (!c->password[0]) {
			out->outcome = PROBE_OK;
			snprintf(out->error, sizeof out->error,
			         "challenged, but no password was given (--password-file or "
			         "TRUNKDOC_PASSWORD)");
			return r.status;
		}
		if (!authorization(c, &r, uri, auth, sizeof auth, err, sizeof err)) {
			out->outcome = PROBE_ERROR;
			probe_copy(out->error, sizeof out->error, err);
			return r.status;
		}
	}
	return 0;
}

void probe_register_run(struct probe_register *out, const struct probe_target *t,
                        enum probe_transport tp, const struct profile *p,
                        const struct secret *pw, double timeout)
{
	memset(out, 0, sizeof *out);
	snprintf(out->target, sizeof out->target, "%s", t->text);
	snprintf(out->transport, sizeof out->transport, "%s", probe_transport_name(tp));
	if (!p || !p->user[0]) {
		out->outcome = PROBE_NOT_RUN;
		snprintf(out->error, sizeof out->error, "no account (user) in the profile");
		return;
	}
	struct reg_ctx *c = calloc(1, sizeof *c);
	char *resp = malloc(PROBE_RESP_MAX + 1);
	struct probe_tls tls;
	struct probe_conn conn = { -1, NULL, tp == PROBE_UDP };
	if (!c || !resp) {
		out->outcome = PROBE_ERROR;
		snprintf(out->error, sizeof out->error, "out of memory");
		goto out;
	}
	c->resp = resp;
	c->conn = &conn;
	int64_t deadline = probe_now_ms() + (int64_t)(timeout * 1000) * 3;   /* 3 transactions */
	snprintf(c->domain, sizeof c->domain, "%s", p->registrar);
	uint16_t port;
	if (!hostport_parse(p->registrar, c->aor_host, sizeof c->aor_host, &port))
		snprintf(c->aor_host, sizeof c->aor_host, "%s", p->registrar);
	snprintf(c->user, sizeof c->user, "%s", p->user);
	snprintf(c->auth_user, sizeof c->auth_user, "%s", p->auth_user[0] ? p->auth_user : p->user);
	if (pw && pw->set && pw->len < sizeof c->password) {
		memcpy(c->password, pw->value, pw->len);
		c->password[pw->len] = '\0';
	}
	c->via_tp = tp == PROBE_UDP ? "UDP" : tp == PROBE_TCP ? "TCP" : "TLS";
	c->tp_param = tp == PROBE_UDP ? "" : tp == PROBE_TCP ? ";transport=tcp" : ";transport=tls";
	/* "@trunkdoc": a live capture, or one taken by someone else while this
	 * ran, knows the test REGISTER as trunkdoc's own (store_own.c) */
	probe_random_token(c->call_id, 33);
	strcat(c->call_id, "@trunkdoc");
	probe_random_token(c->tag, sizeof c->tag);
	snprintf(out->call_id, sizeof out->call_id, "%s", c->call_id);

	if (tp == PROBE_UDP) {
		conn.fd = socket(t->sa.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (conn.fd < 0 || connect(conn.fd, (const struct sockaddr *)&t->sa, t->salen) < 0) {
			out->outcome = PROBE_ERROR;
			snprintf(out->error, sizeof out->error, "UDP socket failed");
			goto out;
		}
	} else if (tp == PROBE_TCP) {
		conn.fd = probe_tcp_connect(t, deadline, &out->outcome, out->error, sizeof out->error,
		                            out->local, sizeof out->local);
		if (conn.fd < 0)
			goto out;
	} else {
		conn.ssl = probe_tls_open(&tls, t, c->aor_host, timeout, &conn.fd);
		if (!conn.ssl) {
			out->outcome = tls.outcome;
			snprintf(out->error, sizeof out->error, "TLS: %.240s", tls.error);
			goto out;
		}
	}
	probe_local_address(conn.fd, c->local, sizeof c->local);
	snprintf(out->local, sizeof out->local, "%s", c->local);

	out->final_status = transact(c, out, REG_EXPIRES, deadline);
	if (out->nsteps)
		snprintf(out->final_reason, sizeof out->final_reason, "%s",
		         out->steps[out->nsteps - 1].reason);
	out->registered = out->final_status >= 200 && out->final_status < 300;
	if (out->registered) {
		/* Remove our binding at once; only ours. */
		struct probe_register un = { 0 };
		int st = transact(c, &un, 0, deadline);
		out->unregistered = st >= 200 && st < 300;
		for (size_t i = 0; i < un.nsteps && out->nsteps < PROBE_REG_STEPS; i++)
			out->steps[out->nsteps++] = un.steps[i];
		if (!out->unregistered)
			snprintf(out->error, sizeof out->error,
			         "the test binding could not be removed (%s); it lapses in %d s",
			         st ? "refused" : "no answer", REG_EXPIRES);
	}
out:
	if (c)
		explicit_bzero(c->password, sizeof c->password);
	if (conn.ssl)
		probe_tls_close(conn.ssl, conn.fd);
	else if (conn.fd >= 0)
		close(conn.fd);
	free(c);
	free(resp);
}
