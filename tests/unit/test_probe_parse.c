/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_probe_parse.c - the probe's reading of SIP responses (libosip2) and
 * of registrar strings, including hostile bytes: a registrar's Server header
 * or reason phrase must reach the results sanitised, and garbage must never
 * crash the parser.
 */
#include <stdlib.h>
#include <string.h>

#include "probe/probe.h"
#include "probe/probe_impl.h"
#include "sip/sipparse.h"
#include "store/store.h"
#include "testlib.h"

static const char ok_resp[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bKabc;received=203.0.113.9;rport=40000\r\n"
	"From: <sip:trunkdoc@192.168.1.10>;tag=1\r\n"
	"To: <sip:sip.example.test>;tag=2\r\n"
	"Call-ID: abc@trunkdoc\r\n"
	"CSeq: 1 OPTIONS\r\n"
	"Server: Example SBC 1.0\r\n"
	"Content-Length: 0\r\n\r\n";

static const char challenge[] =
	"SIP/2.0 407 Proxy Authentication Required\r\n"
	"Via: SIP/2.0/TCP 192.168.1.10:5060;branch=z9hG4bKabc;rport=5060\r\n"
	"From: <sip:100@example.test>;tag=1\r\n"
	"To: <sip:100@example.test>;tag=3\r\n"
	"Call-ID: reg1\r\n"
	"CSeq: 1 REGISTER\r\n"
	"Proxy-Authenticate: Digest realm=\"example.test\", nonce=\"n0nce\", qop=\"auth,auth-int\", "
	"algorithm=SHA-256, opaque=\"op\"\r\n"
	"Content-Length: 0\r\n\r\n";

static const char hostile[] =
	"SIP/2.0 200 OK \x1b[2J\x1b]0;owned\x07\r\n"
	"Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx;received=1.2.3.4\x1b[31m\r\n"
	"From: <sip:a@b>;tag=1\r\n"
	"To: <sip:a@b>\r\n"
	"Call-ID: h\r\n"
	"CSeq: 1 OPTIONS\r\n"
	"Server: evil\x1b[31mred\x01\r\n"
	"Content-Length: 0\r\n\r\n";

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

int main(void)
{
	sipparse_init();
	struct probe_sip_response r;

	CHECK(probe_parse_response(ok_resp, sizeof ok_resp - 1, &r));
	CHECK_EQ_INT(r.status, 200);
	CHECK_EQ_STR(r.reason, "OK");
	CHECK_EQ_STR(r.call_id, "abc@trunkdoc");
	CHECK_EQ_STR(r.via_received, "203.0.113.9");
	CHECK_EQ_INT(r.via_rport, 40000);
	CHECK_EQ_STR(r.server, "Example SBC 1.0");
	CHECK(!r.challenged);

	CHECK(probe_parse_response(challenge, sizeof challenge - 1, &r));
	CHECK_EQ_INT(r.status, 407);
	CHECK(r.challenged && r.proxy_auth);
	CHECK_EQ_STR(r.realm, "example.test");
	CHECK_EQ_STR(r.nonce, "n0nce");
	CHECK_EQ_STR(r.qop, "auth,auth-int");
	CHECK_EQ_STR(r.algorithm, "SHA-256");
	CHECK_EQ_STR(r.opaque, "op");
	CHECK_EQ_INT(r.via_rport, 5060);
	CHECK_EQ_STR(r.via_received, "");

	CHECK(!r.stale);
	static const char stale[] =
		"SIP/2.0 401 Unauthorized\r\n"
		"Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bKabc\r\n"
		"From: <sip:100@example.test>;tag=1\r\nTo: <sip:100@example.test>;tag=3\r\n"
		"Call-ID: reg2\r\nCSeq: 2 REGISTER\r\n"
		"WWW-Authenticate: Digest realm=\"example.test\", nonce=\"new\", stale=true\r\n"
		"Content-Length: 0\r\n\r\n";
	CHECK(probe_parse_response(stale, sizeof stale - 1, &r));
	CHECK(r.challenged && !r.proxy_auth && r.stale);
	CHECK_EQ_STR(r.nonce, "new");

	/* Escape sequences come out visible, never raw. */
	if (probe_parse_response(hostile, sizeof hostile - 1, &r)) {
		CHECK(!has_control(r.reason));
		CHECK(!has_control(r.server));
		CHECK(!has_control(r.via_received));
		CHECK(strstr(r.server, "\\e[31m") != NULL);
	} else {
		CHECK(1);   /* rejecting it is fine too */
	}

	/* A request is not a response; garbage is not SIP. */
	const char req[] = "OPTIONS sip:a SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n";
	CHECK(!probe_parse_response(req, sizeof req - 1, &r));
	srand(6);
	char buf[600];
	for (int i = 0; i < 3000; i++) {
		size_t n = (size_t)(rand() % (int)sizeof buf);
		size_t keep = (size_t)(rand() % (int)sizeof ok_resp);
		memcpy(buf, ok_resp, keep < n ? keep : n);
		for (size_t j = keep; j < n; j++)
			buf[j] = (char)(rand() & 0xff);
		/* Mutate a few bytes of the valid prefix too. */
		for (int k = 0; k < 3 && n; k++)
			buf[rand() % (int)n] = (char)(rand() & 0xff);
		if (probe_parse_response(buf, n, &r)) {
			if (has_control(r.reason) || has_control(r.server) || has_control(r.via_received))
				CHECK(!"control byte through the parser");
		}
	}
	CHECK(1);   /* survived the garbage */

	/* Registrar strings: tests/unit/test_hostport.c (src/base/hostport.c). */

	CHECK_EQ_STR(probe_outcome_name(PROBE_NO_ANSWER), "no answer");
	CHECK_EQ_STR(probe_outcome_name(PROBE_NOT_PERMITTED), "not permitted");
	CHECK_EQ_STR(dns_type_name(PROBE_RR_SRV), "SRV");
	return test_done();
}
