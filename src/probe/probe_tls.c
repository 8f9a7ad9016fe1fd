/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_tls.c - TCP connect and TLS handshake to the registrar (5061 or the
 * _sips._tcp SRV port) with OpenSSL, and what the certificate says.
 *
 * The handshake runs with verification recorded but not enforced
 * (SSL_VERIFY_NONE + SSL_get_verify_result), so an expired or mismatched
 * certificate is still read and shown, which is what the helpdesk needs to
 * tell the carrier.  A PBX would abort there: the checks judge `verified`,
 * `name_matches` and `expired`, not just the handshake.
 *
 * SNI and the name check use the registrar's name (not the SRV target):
 * RFC 5922 §4 says the certificate must match the SIP domain.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "probe/probe_impl.h"

static void asn1_time_text(const ASN1_TIME *t, char *out, size_t outlen, int64_t *epoch)
{
	struct tm tm;
	out[0] = '\0';
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return;
	strftime(out, outlen, "%Y-%m-%d %H:%M:%S UTC", &tm);
	if (epoch)
		*epoch = (int64_t)timegm(&tm);
}

static void name_text(X509_NAME *n, char *out, size_t outlen)
{
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253);
	char buf[1024];
	int len = BIO_read(b, buf, sizeof buf - 1);
	buf[len > 0 ? len : 0] = '\0';
	probe_copy(out, outlen, buf);
	BIO_free(b);
}

static void read_certificate(struct probe_tls *out, X509 *cert, long verify)
{
	out->have_cert = true;
	name_text(X509_get_subject_name(cert), out->subject, sizeof out->subject);
	name_text(X509_get_issuer_name(cert), out->issuer, sizeof out->issuer);
	asn1_time_text(X509_get0_notBefore(cert), out->not_before, sizeof out->not_before, NULL);
	asn1_time_text(X509_get0_notAfter(cert), out->not_after, sizeof out->not_after,
	               &out->not_after_epoch);
	out->expired = X509_cmp_current_time(X509_get0_notAfter(cert)) < 0;

	GENERAL_NAMES *sans = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans) && out->nsan < PROBE_TLS_SANS; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		char val[PROBE_NAME_MAX] = "";
		const char *kind = NULL;
		if (g->type == GEN_DNS) {
			kind = "DNS";
			snprintf(val, sizeof val, "%.*s", ASN1_STRING_length(g->d.dNSName),
			         (const char *)ASN1_STRING_get0_data(g->d.dNSName));
		} else if (g->type == GEN_URI) {
			kind = "URI";
			snprintf(val, sizeof val, "%.*s", ASN1_STRING_length(g->d.uniformResourceIdentifier),
			         (const char *)ASN1_STRING_get0_data(g->d.uniformResourceIdentifier));
		} else if (g->type == GEN_IPADD) {
			kind = "IP";
			const unsigned char *ip = ASN1_STRING_get0_data(g->d.iPAddress);
			int l = ASN1_STRING_length(g->d.iPAddress);
			if (l == 4)
				snprintf(val, sizeof val, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
			else
				snprintf(val, sizeof val, "(IPv6)");
		}
		if (!kind)
			continue;
		char raw[PROBE_NAME_MAX + 8];
		snprintf(raw, sizeof raw, "%s:%s", kind, val);
		probe_copy(out->san[out->nsan++], PROBE_NAME_MAX, raw);
	}
	GENERAL_NAMES_free(sans);

	/* An IP literal registrar is checked as an address, a name as a host. */
	struct probe_target tmp;
	if (probe_literal(out->sni, 0, &tmp))
		out->name_matches = X509_check_ip_asc(cert, out->sni, 0) == 1;
	else
		out->name_matches = X509_check_host(cert, out->sni, 0, 0, NULL) == 1;
	out->verified = verify == X509_V_OK;
	snprintf(out->verify_result, sizeof out->verify_result, "%s",
	         verify == X509_V_OK ? "ok" : X509_verify_cert_error_string(verify));
}

/* The alert text from OpenSSL's error queue ("sslv3 alert handshake
 * failure", "tlsv1 alert protocol version", ...). */
static void drain_errors(struct probe_tls *out)
{
	unsigned long e;
	char buf[256];
	while ((e = ERR_get_error())) {
		ERR_error_string_n(e, buf, sizeof buf);
		const char *reason = ERR_reason_error_string(e);
		if (!out->alert[0] && reason && strstr(reason, "alert"))
			probe_copy(out->alert, sizeof out->alert, reason);
		if (!out->error[0])
			probe_copy(out->error, sizeof out->error, reason ? reason : buf);
	}
}

static void on_info(const SSL *ssl, int where, int ret)
{
	if (!(where & SSL_CB_ALERT))
		return;
	struct probe_tls *out = SSL_get_app_data(ssl);
	if (!out || out->alert[0])
		return;
	char text[PROBE_TEXT_MAX];
	snprintf(text, sizeof text, "%s %s alert: %s", where & SSL_CB_READ ? "received" : "sent",
	         SSL_alert_type_string_long(ret), SSL_alert_desc_string_long(ret));
	probe_copy(out->alert, sizeof out->alert, text);
}

SSL *probe_tls_open(struct probe_tls *out, const struct probe_target *t, const char *sni,
                    double timeout, int *fd_out)
{
	memset(out, 0, sizeof *out);
	*fd_out = -1;
	snprintf(out->target, sizeof out->target, "%s", t->text);
	probe_copy(out->sni, sizeof out->sni, sni);
	int64_t start = probe_now_ms(), deadline = start + (int64_t)(timeout * 1000);

	int fd = probe_tcp_connect(t, deadline, &out->outcome, out->error, sizeof out->error,
	                           out->local, sizeof out->local);
	if (fd < 0)
		return NULL;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl = ctx ? SSL_new(ctx) : NULL;
	if (!ssl) {
		out->outcome = PROBE_ERROR;
		snprintf(out->error, sizeof out->error, "OpenSSL could not start");
		SSL_CTX_free(ctx);
		close(fd);
		return NULL;
	}
	SSL_CTX_set_default_verify_paths(ctx);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_free(ctx);   /* the SSL holds its own reference */
	SSL_set_app_data(ssl, out);
	SSL_set_info_callback(ssl, on_info);
	/* SNI carries names only, never an address (RFC 6066 §3). */
	struct probe_target tmp;
	if (!probe_literal(sni, 0, &tmp))
		SSL_set_tlsext_host_name(ssl, sni);
	SSL_set_fd(ssl, fd);

	int64_t left = deadline - probe_now_ms();
	struct timeval tv = { left > 0 ? left / 1000 : 0, left > 0 ? (left % 1000) * 1000 : 1000 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	ERR_clear_error();
	int rc = SSL_connect(ssl);
	out->handshake_ms = (unsigned)(probe_now_ms() - start);
	if (rc != 1) {
		int e = SSL_get_error(ssl, rc);
		int sys = errno;
		drain_errors(out);
		/* The socket's time limit ran out: OpenSSL says "want read" (or a
		 * syscall error with EAGAIN), not a failure of the peer. */
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ||
		    (e == SSL_ERROR_SYSCALL && (sys == EAGAIN || sys == EWOULDBLOCK))) {
			out->outcome = PROBE_NO_ANSWER;
			snprintf(out->error, sizeof out->error, "no TLS answer within %.1f s", timeout);
		} else {
			out->outcome = PROBE_FAILED;
			if (!out->error[0])
				snprintf(out->error, sizeof out->error, "%s",
				         e == SSL_ERROR_SYSCALL ? (sys ? strerror(sys) : "connection reset")
				                                : "handshake failed");
		}
		X509 *cert = SSL_get1_peer_certificate(ssl);
		if (cert) {
			read_certificate(out, cert, SSL_get_verify_result(ssl));
			X509_free(cert);
		}
		SSL_set_app_data(ssl, NULL);
		SSL_free(ssl);
		close(fd);
		return NULL;
	}
	out->outcome = PROBE_OK;
	snprintf(out->version, sizeof out->version, "%s", SSL_get_version(ssl));
	snprintf(out->cipher, sizeof out->cipher, "%s", SSL_get_cipher_name(ssl));
	X509 *cert = SSL_get1_peer_certificate(ssl);
	if (cert) {
		read_certificate(out, cert, SSL_get_verify_result(ssl));
		X509_free(cert);
	} else {
		snprintf(out->verify_result, sizeof out->verify_result, "no certificate presented");
	}
	*fd_out = fd;
	return ssl;
}

void probe_tls_close(SSL *ssl, int fd)
{
	if (ssl) {
		SSL_set_app_data(ssl, NULL);
		SSL_shutdown(ssl);
		SSL_free(ssl);
	}
	if (fd >= 0)
		close(fd);
}
